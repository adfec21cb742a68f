package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/internal/monitor"
	"github.com/granska/granska/internal/netguard"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/server"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/rules/catalog"
)

// serveQueue is serve --workers' side of the queue: q creates runs with
// their jobs, the announcer sends the alerts of runs workers finished.
type serveQueue struct {
	q     *queue.Queue // nil without --workers
	pool  *pgxpool.Pool
	close func()
}

// workerQueue opens the queue for serve --workers and starts the
// announcer with onFinish; without --workers it returns an empty
// serveQueue.
func workerQueue(ctx context.Context, f serveFlags, st store.Store, onFinish func(context.Context, monitor.Finished), log *slog.Logger) (*serveQueue, error) {
	if !f.workers {
		return &serveQueue{close: func() {}}, nil
	}
	pool, err := queue.Open(ctx, f.db)
	if err != nil {
		return nil, err
	}
	q, err := queue.NewQueue(pool, st)
	if err != nil {
		pool.Close()
		return nil, err
	}
	an, err := queue.NewAnnouncer(pool, st, onFinish, log)
	if err == nil {
		err = an.Start(ctx)
	}
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &serveQueue{q: q, pool: pool, close: func() {
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		an.Stop(sctx)
		pool.Close()
	}}, nil
}

func cmdWorker(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		db, id, logFormat      string
		runs, hostPages, pages int
		allowPrivate           bool
		rescueAfter, heartbeat time.Duration
		backoff                time.Duration
		hostLease              time.Duration
		common                 commonFlags
	)
	fs.StringVar(&db, "db", os.Getenv("GRANSKA_DB"), "the server's Postgres database (postgres://…; env GRANSKA_DB)")
	fs.StringVar(&id, "id", "", "this worker's name in the heartbeats (default host-pid)")
	fs.IntVar(&runs, "runs", 1, "most runs this worker executes at once (each has its own browser)")
	fs.IntVar(&hostPages, "host-pages", 2, "most pages of one host in flight over ALL workers and runs, taken per page (give every worker the same value)")
	fs.DurationVar(&hostLease, "host-lease", queue.DefaultLease, "how long a page slot of a host stays taken after its worker stopped renewing it (died)")
	fs.IntVar(&pages, "pages", 1, "pages of its host one run audits at once (browser tabs), at most --host-pages")
	fs.BoolVar(&allowPrivate, "allow-private", false, "allow sites on loopback, private, link-local and cloud-metadata addresses (refused by default)")
	fs.DurationVar(&rescueAfter, "rescue-after", time.Minute, "make a job running this long with no live worker (no run lock held) available again: a dead worker's run continues from its journal on another")
	fs.DurationVar(&heartbeat, "heartbeat", 5*time.Second, "how often to write this worker's heartbeat")
	fs.DurationVar(&backoff, "retry-backoff", 0, "wait before retrying a failed run job, doubled for each further attempt (0: River's default, attempt⁴ seconds)")
	fs.StringVar(&logFormat, "log-format", "text", "log format: text or json")
	common.register(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: granska worker --db postgres://… [flags]

A worker for "granska serve --workers": it takes run jobs from the queue
in the server's Postgres database and audits them. Run as many as you like
on as many machines; a killed worker's run is continued by another from
its page journal.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("worker: unexpected argument %q", fs.Arg(0))
	}
	if !strings.HasPrefix(db, "postgres://") && !strings.HasPrefix(db, "postgresql://") {
		return usagef("worker: --db must be a postgres:// URL")
	}
	if runs < 1 || hostPages < 1 || pages < 1 || rescueAfter <= 0 || backoff < 0 || hostLease < time.Second {
		return usagef("worker: --runs, --host-pages, --pages and --rescue-after must be positive, --retry-backoff not negative, --host-lease at least 1s")
	}
	if logFormat != "text" && logFormat != "json" {
		return usagef("--log-format must be text or json")
	}
	var h slog.Handler = slog.NewTextHandler(stderr, nil)
	if logFormat == "json" {
		h = slog.NewJSONHandler(stderr, nil)
	}
	log := slog.New(h)
	pages = min(pages, hostPages)

	st, err := store.Open(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	pool, err := queue.Open(ctx, db)
	if err != nil {
		return err
	}
	defer pool.Close()
	guard := &netguard.Guard{AllowPrivate: allowPrivate}
	proxy, err := guard.StartProxy()
	if err != nil {
		return err
	}
	defer proxy.Close()
	bc := common.browser(nil)
	bc.Tabs = pages
	// Every page takes one of its host's --host-pages slots, held in
	// Postgres for all workers.
	gate, err := queue.NewHostGate(pool, queue.GateConfig{PerHost: hostPages, Lease: hostLease, Holder: id, Logger: log})
	if err != nil {
		return err
	}
	guarded := server.EngineGuard(guard, proxy.Addr())
	prepare := func(site store.Site, cfg *audit.Config) {
		guarded(site, cfg)
		cfg.PageGate = gate.Acquire
	}
	mon, err := monitor.New(monitor.Config{Store: st, Rules: catalog.Default(), Browser: bc, Capture: common.capture(),
		MaxRuns: runs, PerHost: pages, Logger: log, Prepare: prepare})
	if err != nil {
		return err
	}
	w, err := queue.NewWorker(queue.WorkerConfig{Pool: pool, Store: st, Monitor: mon, ID: id, Runs: runs,
		RescueAfter: rescueAfter, Heartbeat: heartbeat, Backoff: backoff, Logger: log})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "granska worker: working run jobs of %s\n", redactDSN(db))
	return w.Run(ctx)
}

// redactDSN hides a password in a database URL for printing.
func redactDSN(dsn string) string {
	if at := strings.LastIndex(dsn, "@"); at > 0 {
		if i := strings.Index(dsn, "://"); i > 0 && i < at {
			return dsn[:i+3] + "…" + dsn[at:]
		}
	}
	return dsn
}
