package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/granska/granska/"

// allow is the allow-table: for each package (a path under the module; "x/*"
// is any package below x, "x/..." x and any below), the project packages
// it may import directly. The first matching row counts; a package no row
// matches fails the test, so a new package must be placed here.
var allow = []struct {
	pkg     string
	imports []string
}{
	{"cmd/...", []string{"..."}},
	{"internal/archtest", nil},
	{"internal/...", []string{"..."}}, // tools, tests and data; each says what it is
	{"audit/page", nil},
	{"audit/crawl", []string{"internal/cue"}},
	{"audit/browser", nil},
	{"audit/document", []string{"rules"}}, // rules.Outcome for its findings
	{"audit/login", nil},
	{"audit/capture", []string{"audit/browser", "audit/page", "internal/cue"}},
	{"audit", []string{"audit/*", "internal/atomicfile", "internal/standards/*", "internal/wad", "result", "rules"}},
	{"rules", []string{"audit/page", "internal/standards/*"}},
	{"rules/ruletest", []string{"audit/capture", "audit/page", "internal/chrometest", "result", "rules", "rules/catalog"}},
	{"rules/catalog", []string{"rules/...", "internal/standards/*"}},
	{"rules/internal/*", []string{"audit/page", "internal/standards/*", "internal/cue", "rules", "rules/internal/*"}},
	{"rules/*", []string{"audit/page", "internal/standards/*", "internal/cue", "rules", "rules/internal/*"}}, // the families
	{"result", []string{"audit/page", "audit/document", "internal/atomicfile", "internal/wad", "rules"}},
	{"report/reporttest", []string{"audit/page", "report", "result", "rules"}},
	{"report/...", []string{"report/...", "result", "rules", "internal/standards/*", "internal/atomicfile"}},
}

// Lines never to cross, whatever the table says, over all dependencies
// (transitive) or direct imports.
var never = []struct {
	pkgs   []string // packages held
	direct bool     // only direct imports count
	deps   []string
	why    string
}{
	{[]string{"rules/...", "!rules/ruletest"}, false,
		[]string{"github.com/chromedp/...", "github.com/gocolly/...", module + "audit/browser", module + "audit/capture", module + "audit/crawl"},
		"rules are pure: no browser, no crawler"},
	{[]string{"rules/...", "!rules/ruletest"}, true,
		[]string{"os", "os/exec", "net", "net/http", "syscall", "io/ioutil", "io/fs"},
		"rules are pure: no disk, no network"},
	{[]string{"report/..."}, false,
		[]string{module + "audit/browser", module + "audit/capture", "github.com/chromedp/..."},
		"reports render results only (a writer needing Chrome takes an interface)"},
	{[]string{"audit/..."}, false,
		[]string{module + "rules/*"},
		"the engine names no rule package: the rule set comes in through audit.Config"},
}

// match reports whether p (a path under the module or a full import path)
// matches pattern: exact, "x/*" below x, "x/..." x or below.
func match(pattern, p string) bool {
	switch {
	case pattern == "...":
		return true
	case strings.HasSuffix(pattern, "/..."):
		b := strings.TrimSuffix(pattern, "/...")
		return p == b || strings.HasPrefix(p, b+"/")
	case strings.HasSuffix(pattern, "/*"):
		return strings.HasPrefix(p, strings.TrimSuffix(pattern, "*"))
	}
	return p == pattern
}

func matchSet(patterns []string, p string) bool {
	in := false
	for _, pat := range patterns {
		if neg, ok := strings.CutPrefix(pat, "!"); ok {
			if match(neg, p) {
				return false
			}
			continue
		}
		in = in || match(pat, p)
	}
	return in
}

type pkg struct {
	path          string // under the module
	imports, deps []string
}

// list runs go list over the module's packages (tests excluded).
func list(t *testing.T) []pkg {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}}|{{join .Imports \" \"}}|{{join .Deps \" \"}}", module+"...").Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		f := strings.Split(line, "|")
		pkgs = append(pkgs, pkg{path: strings.TrimPrefix(f[0], module), imports: strings.Fields(f[1]), deps: strings.Fields(f[2])})
	}
	return pkgs
}

func TestImports(t *testing.T) {
	pkgs := list(t)
	if len(pkgs) < 20 {
		t.Fatalf("go list found only %d packages", len(pkgs))
	}
	for _, p := range pkgs {
		row := -1
		for k, a := range allow {
			if match(a.pkg, p.path) {
				row = k
				break
			}
		}
		if row < 0 {
			t.Errorf("%s: no row in the allow-table; add one (and a line in docs/architecture.md)", p.path)
			continue
		}
		for _, imp := range p.imports {
			in, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			if !matchSet(allow[row].imports, in) {
				t.Errorf("%s imports %s: not allowed (allow-table row %q)", p.path, in, allow[row].pkg)
			}
		}
		for _, n := range never {
			if !matchSet(n.pkgs, p.path) {
				continue
			}
			list := p.deps
			if n.direct {
				list = p.imports
			}
			for _, d := range list {
				if matchSet(n.deps, d) {
					t.Errorf("%s depends on %s: %s", p.path, d, n.why)
				}
			}
		}
	}
}

// The patterns mean what the table assumes.
func TestMatch(t *testing.T) {
	for _, c := range []struct {
		pat, p string
		want   bool
	}{
		{"rules/*", "rules/site", true}, {"rules/*", "rules", false}, {"rules/...", "rules", true},
		{"rules/...", "rulesx", false}, {"audit", "audit/page", false}, {"...", "x", true},
	} {
		if got := match(c.pat, c.p); got != c.want {
			t.Errorf("match(%q, %q) = %v", c.pat, c.p, got)
		}
	}
	if matchSet([]string{"rules/...", "!rules/ruletest"}, "rules/ruletest") {
		t.Error("negation ignored")
	}
}
