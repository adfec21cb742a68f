# Thin wrappers over the go tool. `make demo` and `make test` set up what
# they need on a fresh Debian machine (Go modules; Chromium via apt-get).

GO      ?= go
CHROME  ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome || echo /usr/lib/chromium/chromium)
OUT     ?= granska-out

.PHONY: all setup chromium poppler postgresql build demo serve-demo test test-short race lint bench bench-memory act axe clean

all: build

# setup: Go modules, Debian's chromium when no Chromium is found,
# poppler-utils (pdfinfo, pdftotext: the PDF report tests read PDFs back),
# and Debian's postgresql server binaries (internal/pgtest starts its own
# cluster in a temp dir; GRANSKA_TEST_POSTGRES=DSN uses a running server).
setup: chromium poppler postgresql
	$(GO) mod download

postgresql:
	@if [ -n "$$GRANSKA_TEST_POSTGRES" ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1; then \
		echo "postgresql: found"; \
	else \
		echo "postgresql: installing Debian's postgresql"; \
		if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq postgresql >/dev/null; \
	fi

poppler:
	@if command -v pdfinfo >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then \
		echo "poppler-utils: found"; \
	else \
		echo "poppler-utils: installing"; \
		if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq poppler-utils >/dev/null; \
	fi

chromium:
	@if [ -n "$$GRANSKA_CHROME" ] || [ -x /usr/lib/chromium/chromium ] || command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1; then \
		echo "chromium: found"; \
	else \
		echo "chromium: installing Debian's chromium"; \
		if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

build:
	$(GO) build -o bin/granska ./cmd/granska

# demo: serve the bundled career site on loopback, crawl and audit it,
# and write the report set.
demo: setup
	$(GO) run ./cmd/granska demo --out $(OUT)

# serve-demo: the monitoring server on loopback with the demo career site
# registered and run at once; it prints the dashboard's URL and a login.
serve-demo: setup
	$(GO) run ./cmd/granska serve --db granska-demo.db --addr 127.0.0.1:8080 --allow-private --demo

# test: vet, then every test, with real Chromium (browser tests fail
# rather than skip under CI=true).
test: setup
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 40m ./...

test-short:
	$(GO) test -short ./...

# race: the engine, pool and frontier under the race detector.
race: setup
	$(GO) test -race -count=1 ./audit/...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) tool staticcheck ./...

# axe: axe-core from npm, the peer the benchmarks compare against.
axe:
	@if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then \
		mkdir -p .cache/axe && cd .cache/axe && npm install --silent --no-audit --no-fund --prefix . axe-core@4.14.1 >/dev/null; \
	fi

# bench: capture and rule timings on small/medium/large pages, side by
# side with axe-core in the same Chromium (10 runs each); the Go work after
# a capture on the medium and large page (all rules; with the result and
# its JSON), CPU and wall; then the floor
# under pages per second with 2 tabs (load, snapshot, accessibility tree)
# and the whole engine on the synthetic 5,000-URL site; the whole run
# against axe-core's with 2 tabs each (60 medium pages, one large; the
# ratio granska/axe); each capture lever's effect (A/B, CPU and wall)
# and the full vs partial accessibility-tree fetch; a re-audit of the
# unchanged demo against a full audit; the demo audited quiet and under
# a CPU hog (differences must be 0); the consent classifier; the monitoring store's and
# dashboard's queries over 100 sites × 52 weekly runs; and the job queue
# (10,000 no-op jobs; real audits with 1, 2 and 3 worker processes).
bench: setup axe
	$(GO) test -run '^$$' -bench 'Audit$$' -benchtime 10x -timeout 30m ./internal/bench/
	$(GO) test -run '^$$' -bench 'Floor|Crawl5000|SideBySide|Levers|AXFetch|Since|LoadStable' -benchtime 1x -timeout 60m ./internal/bench/
	$(GO) test -run '^$$' -bench 'Rules(Large|Medium)/^(all|post)$$' -benchtime 5x -timeout 30m ./internal/bench/
	$(GO) test -run '^$$' -bench 'Classify' -benchtime 2000x ./rules/consent/
	$(GO) test -run '^$$' -bench 'Dashboard' -benchtime 1x -timeout 30m ./internal/store/
	$(GO) test -run '^$$' -bench 'Dashboard|ServerMemory' -benchtime 1x -timeout 30m ./internal/server/
	$(GO) test -run '^$$' -bench 'Check$$' -benchtime 20x ./audit/document/
	GRANSKA_BENCH_WORKERS=1 $(GO) test -run 'WorkerScaling' -v -bench 'QueueNoop' -benchtime 1x -timeout 60m ./internal/queue/

# bench-memory: the Go process's peak RSS over 1,000 audited pages (the
# browser is recycled every 500); about 20 minutes.
bench-memory: setup
	GRANSKA_BENCH_PAGES=1000 $(GO) test -run '^$$' -bench AuditList -benchtime 1x -timeout 60m ./internal/bench/

# act: the W3C ACT Rules suite through our rules, with W3C's consistency
# table.
act: setup
	$(GO) test -count=1 -run TestACT -v -timeout 30m ./internal/act/ | grep -v '^=== RUN'

clean:
	rm -rf bin $(OUT)
