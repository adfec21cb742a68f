package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/internal/alert"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/monitor"
	"github.com/granska/granska/internal/netguard"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/server"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/rules/catalog"
)

// serveFlags are granska serve's settings.
type serveFlags struct {
	db, addr      string
	allowPrivate  bool
	demo          bool
	secureCookies bool
	baseURL       string
	smtp          alert.SMTP
	smtpPassEnv   string
	logFormat     string
	common        commonFlags
	runs          int
	hostPages     int
	retain        int
	fullEvery     int
	workers       bool
}

func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var f serveFlags
	fs.StringVar(&f.db, "db", "granska.db", "the database: a SQLite file (created if missing) or a postgres:// URL")
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "the address to serve the dashboard and API on")
	fs.BoolVar(&f.allowPrivate, "allow-private", false, "allow sites on loopback, private, link-local and cloud-metadata addresses (refused by default: a server that fetches URLs users type must not reach its own network)")
	fs.BoolVar(&f.demo, "demo", false, "serve the bundled demo career site on loopback, register it, run it and print a login (needs --allow-private)")
	fs.BoolVar(&f.secureCookies, "secure-cookies", false, "mark cookies Secure on plain HTTP too (the server runs behind a TLS-terminating proxy)")
	fs.StringVar(&f.baseURL, "base-url", "", "the dashboard's public URL, for links in alerts (e.g. https://granska.example)")
	fs.StringVar(&f.smtp.Addr, "smtp", "", "SMTP server host:port for e-mail alerts (STARTTLS used where offered)")
	fs.StringVar(&f.smtp.From, "smtp-from", "granska@localhost", "sender address of e-mail alerts")
	fs.StringVar(&f.smtp.Username, "smtp-user", "", "SMTP user name (PLAIN auth, over TLS or loopback only)")
	fs.StringVar(&f.smtpPassEnv, "smtp-password-env", "GRANSKA_SMTP_PASSWORD", "environment variable holding the SMTP password")
	fs.StringVar(&f.logFormat, "log-format", "text", "log format: text or json")
	fs.IntVar(&f.runs, "runs", 1, "most runs at once (each has its own browser)")
	fs.IntVar(&f.hostPages, "host-pages", 2, "most pages of one host audited at once")
	fs.IntVar(&f.retain, "retain", 10, "keep the evidence (reports, crops) of this many runs per site; summaries are kept forever")
	fs.IntVar(&f.fullEvery, "full-every", audit.DefaultFullEvery, "each run re-audits since the site's last one (unchanged pages keep their outcomes); every Nth run audits every page afresh (1: always)")
	fs.BoolVar(&f.workers, "workers", os.Getenv("GRANSKA_WORKERS") == "1", "queue runs for \"granska worker\" processes instead of auditing in this process (a postgres:// --db only; env GRANSKA_WORKERS=1)")
	f.common.register(fs)
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: granska serve --db DB [--addr 127.0.0.1:8080] [--allow-private] [--demo] [flags]

The monitoring server in one process: the dashboard (log in with a user from
"granska user add"), the REST API under /api/v1 (tokens from "granska token
create"; OpenAPI at /api/v1/openapi.json), the scheduler and the audits.
Migrations are applied at start; a database from a newer granska is refused.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve: unexpected argument %q", fs.Arg(0))
	}
	if f.demo && !f.allowPrivate {
		return usagef("--demo serves the demo site on loopback, which the SSRF guard refuses: add --allow-private")
	}
	if f.logFormat != "text" && f.logFormat != "json" {
		return usagef("--log-format must be text or json")
	}
	if f.workers && !strings.HasPrefix(f.db, "postgres://") && !strings.HasPrefix(f.db, "postgresql://") {
		return usagef("--workers needs a postgres:// --db: the workers share the database")
	}
	if f.runs < 1 || f.hostPages < 1 || f.retain < 1 || f.fullEvery < 1 {
		return usagef("--runs, --host-pages, --retain and --full-every must be at least 1")
	}
	f.smtp.Password = os.Getenv(f.smtpPassEnv)
	var h slog.Handler = slog.NewTextHandler(stderr, nil)
	if f.logFormat == "json" {
		h = slog.NewJSONHandler(stderr, nil)
	}
	log := slog.New(h)
	return serve(ctx, f, log, stdout)
}

func serve(ctx context.Context, f serveFlags, log *slog.Logger, stdout io.Writer) error {
	st, err := store.Open(ctx, f.db)
	if err != nil {
		return err
	}
	defer st.Close()
	guard := &netguard.Guard{AllowPrivate: f.allowPrivate}
	// The browser's traffic goes through the guard too: its navigations,
	// redirects and subresources.
	proxy, err := guard.StartProxy()
	if err != nil {
		return err
	}
	defer proxy.Close()
	notifier := &alert.Notifier{HTTP: guard.Client(), SMTP: f.smtp, BaseURL: f.baseURL}

	// Alerts for runs in this process and on workers alike.
	onFinish := func(ctx context.Context, ev monitor.Finished) {
		alerts, err := notifier.RunFinished(ctx, ev.Site, ev.Run, ev.Findings)
		for _, a := range alerts {
			log.Info("alert", "site", ev.Site.ID, "run", ev.Run.ID, "kind", a.Kind, "target", a.Target.Kind)
		}
		if err != nil {
			log.Error("alert", "site", ev.Site.ID, "run", ev.Run.ID, "err", err)
		}
	}
	wq, err := workerQueue(ctx, f, st, onFinish, log)
	if err != nil {
		return err
	}
	defer wq.close()
	mcfg := monitor.Config{
		Store: st, Rules: catalog.Default(), Browser: f.common.browser(nil), Capture: f.common.capture(),
		MaxRuns: f.runs, PerHost: f.hostPages, Retain: f.retain, FullEvery: f.fullEvery, Logger: log,
		// The crawler (pages, robots.txt, sitemaps, redirects) dials
		// through the guard; the browser goes through its proxy.
		Prepare:  server.EngineGuard(guard, proxy.Addr()),
		OnFinish: onFinish,
	}
	if wq.q != nil {
		// Runs are created with their jobs; the rescue gives a job to an
		// active run that has none (queued before --workers).
		mcfg.CreateRun, mcfg.Enqueue = wq.q.CreateRun, wq.q.Rescue
	}
	mon, err := monitor.New(mcfg)
	if err != nil {
		return err
	}
	if err := mon.Start(ctx); err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := mon.Stop(sctx); err != nil {
			log.Error("monitor stop", "err", err)
		}
	}()

	scfg := server.Config{Store: st, Guard: guard, Runner: mon, Logger: log, SecureCookies: f.secureCookies,
		CheckSchedule: func(spec string) error {
			_, err := monitor.ParseSchedule(spec)
			return err
		}}
	if wq.q != nil {
		scfg.Queue = func(ctx context.Context) (queue.Status, error) { return queue.ReadStatus(ctx, wq.pool) }
	}
	srv, err := server.New(scfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "granska serve: dashboard at %s (database %s, dialect %s)\n", url, f.db, st.Dialect())

	if f.demo {
		if err := startDemo(ctx, st, mon, stdout, url); err != nil {
			return err
		}
	}
	select {
	case <-ctx.Done():
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("shutting down: finishing requests; running audits are journalled and resume at the next start")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

// demoOrg and demoUser are what --demo registers.
const (
	demoOrg  = "Demo"
	demoUser = "demo@granska.invalid"
)

// startDemo serves the broken twin of the demo site on loopback, registers
// it (once per database), starts a run and prints a login.
func startDemo(ctx context.Context, st store.Store, run server.Runner, stdout io.Writer, dashboard string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	hs := &http.Server{Handler: demosite.Handler(demosite.Broken), ReadHeaderTimeout: 10 * time.Second}
	go hs.Serve(ln)
	context.AfterFunc(ctx, func() { hs.Close() })
	base := "http://" + ln.Addr().String() + "/"

	org, err := orgByName(ctx, st, demoOrg)
	if err != nil {
		return err
	}
	password := randomPassword()
	hash, err := server.HashPassword(password)
	if err != nil {
		return err
	}
	if _, err := ensureUser(ctx, st, demoUser, "Demo", hash, org.ID, store.RoleAdmin); err != nil {
		return err
	}
	// The demo site's port changes with every start: the site is found
	// by name and its URL updated.
	sites, err := st.Sites(ctx, org.ID)
	if err != nil {
		return err
	}
	var site store.Site
	for _, s := range sites {
		if s.Name == "Norrsken Energi (demo)" {
			site = s
		}
	}
	if site.ID == 0 {
		site, err = st.CreateSite(ctx, store.Site{OrgID: org.ID, Name: "Norrsken Energi (demo)", URLs: []string{base}, Schedule: "daily",
			Lang: "sv", PublicSector: true, Sample: store.Sample{Crawl: true}})
	} else {
		site.URLs = []string{base}
		site, err = st.UpdateSite(ctx, site)
	}
	if err != nil {
		return err
	}
	r, err := run.RunNow(ctx, site.ID, store.TriggerManual)
	if err != nil && !errors.Is(err, store.ErrConflict) {
		return err
	}
	fmt.Fprintf(stdout, "demo: the bundled career site is served at %s and run %d audits it now\n", base, r.ID)
	fmt.Fprintf(stdout, "demo: log in at %slogin as %s with password %s\n", dashboard, demoUser, password)
	fmt.Fprintf(stdout, "demo: the site's page is %ssites/%d\n", dashboard, site.ID)
	return nil
}
