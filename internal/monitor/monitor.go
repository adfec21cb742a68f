// Package monitor runs the monitoring server's audits: it starts each
// site's runs on its schedule, executes them with the audit engine
// (audit.Run, unchanged) with the page journal in the store, records each
// run's evidence, counts, findings and issue lifecycle, and applies the
// retention policy.
//
// The store is the queue: a run is a row, queued → running → done or
// failed. Start resumes every run a previous process left running (from
// its page journal: no page is audited twice, the store refuses a second
// record of a URL) and starts the queued ones; the scheduler queues one
// run per due slot, and after downtime one run for all the slots missed.
// At most Config.MaxRuns runs execute at once, one per site, and the runs
// of sites on one host share Config.PerHost pages in flight.
//
//	m, err := monitor.New(monitor.Config{Store: st, Rules: catalog.Default()})
//	m.Start(ctx)
//	run, err := m.RunNow(ctx, siteID, store.TriggerManual)
//	run, err = m.Wait(ctx, run.ID)
//	m.Stop(ctx)
package monitor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/rules"
)

// Config configures a Monitor. Store and Rules are required.
type Config struct {
	Store store.Store
	// Rules are the rules every run runs (catalog.Default() in the server).
	Rules []*rules.Rule
	// Browser and Capture configure the engine; Browser.Tabs is capped by
	// PerHost.
	Browser browser.Config
	Capture capture.Options
	// WorkDir holds each running run's output folder (the engine's crawl
	// state, crops and reports before they go to the store). A run's
	// folder is removed when the run ends. "" means a new folder in the
	// system's temporary folder for each Start, removed by Stop: a run
	// continued after a restart then crawls again (the pages journalled
	// in the store are not audited again). Give each database its own
	// WorkDir: run folders are named by run id.
	WorkDir string
	// MaxRuns bounds the runs executing at once; 0 means 1.
	MaxRuns int
	// PerHost bounds the pages in flight on one host, over all runs; 0
	// means 2.
	PerHost int
	// Retain is how many finished runs' evidence a site keeps when its
	// own Retain is 0; 0 means 10. Summaries are kept forever.
	Retain int
	// FullEvery is how often a site's runs audit every page afresh. Every
	// run is a re-audit since the site's last done run whose evidence is
	// kept (audit.Config.Since): a page whose HTML and every resource it
	// loaded are unchanged keeps its outcomes, marked reused. Every
	// FullEvery-th run of such a chain is full, and so is any run after
	// the engine, the rules or the options that decide outcomes changed.
	// 0 means audit.DefaultFullEvery; 1 audits every run in full.
	FullEvery int
	// Reports are the report formats stored with each run; nil means html
	// and pdf.
	Reports []string
	// Poll is how often the scheduler looks for due sites; 0 means 30 s.
	Poll time.Duration
	// Now is the scheduler's clock; nil means time.Now.
	Now func() time.Time
	// Prepare, when set, adjusts a run's engine configuration before it
	// starts (the server passes its SSRF guard to the crawler and browser
	// here). It must not change URLs or Out.
	Prepare func(site store.Site, cfg *audit.Config)
	// OnFinish, when set, is called after each run ends (done or failed),
	// with the findings of a done run, for alerts. It runs in the run's
	// goroutine; a slow hook delays the next run.
	OnFinish func(ctx context.Context, ev Finished)
	// Logger receives diagnostics; nil discards them.
	Logger *slog.Logger
	// CreateRun, when set, creates runs instead of Store.CreateRun, with
	// the same contract (internal/queue's Queue.CreateRun inserts the
	// run's job in the run's transaction).
	CreateRun func(ctx context.Context, siteID int64, trigger string, slot time.Time) (store.Run, error)
	// Enqueue, when set, receives the active runs instead of the monitor
	// executing them (workers in other processes run them, see
	// internal/queue, whose Queue.Rescue gives a job to a run that has
	// none); it is called on every loop tick and must be idempotent.
	Enqueue func(ctx context.Context, runs []store.Run) error
}

// Finished is a run that ended, as OnFinish sees it.
type Finished struct {
	Site store.Site
	Run  store.Run
	// Findings of a done run, with their lifecycle State; nil for a
	// failed one.
	Findings []store.Finding
}

// Monitor schedules and executes runs. Its methods are safe for
// concurrent use.
type Monitor struct {
	cfg   Config
	st    store.Store
	slots chan struct{} // MaxRuns
	hosts *hostLimit
	kick  chan struct{}

	mu       sync.Mutex
	work     string          // WorkDir, or the temporary one of this Start
	ctx      context.Context // nil until Start, and after Stop
	cancel   context.CancelFunc
	inflight map[int64]bool // run IDs executing
	sched    map[int64]string
	wg       sync.WaitGroup
	loop     chan struct{}
}

// New checks cfg and returns a stopped Monitor.
func New(cfg Config) (*Monitor, error) {
	if cfg.Store == nil {
		return nil, errors.New("monitor: no store")
	}
	if len(cfg.Rules) == 0 {
		return nil, errors.New("monitor: no rules")
	}
	if cfg.MaxRuns <= 0 {
		cfg.MaxRuns = 1
	}
	if cfg.PerHost <= 0 {
		cfg.PerHost = 2
	}
	if cfg.Retain <= 0 {
		cfg.Retain = 10
	}
	if cfg.Reports == nil {
		cfg.Reports = []string{"html", "pdf"}
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 30 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Monitor{cfg: cfg, st: cfg.Store, slots: make(chan struct{}, cfg.MaxRuns), hosts: newHostLimit(int64(cfg.PerHost)),
		kick: make(chan struct{}, 1), inflight: map[int64]bool{}, sched: map[int64]string{}}, nil
}

// Start resumes the runs a previous process left running, starts queued
// ones, and schedules until Stop. ctx bounds the whole monitor.
func (m *Monitor) Start(ctx context.Context) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ctx != nil {
		return errors.New("monitor: started already")
	}
	m.work = m.cfg.WorkDir
	if m.work == "" {
		dir, err := os.MkdirTemp("", "granska-work-")
		if err != nil {
			return fmt.Errorf("monitor: work folder: %w", err)
		}
		m.work = dir
	} else if err := os.MkdirAll(m.work, 0o700); err != nil {
		return fmt.Errorf("monitor: work folder: %w", err)
	}
	m.ctx, m.cancel = context.WithCancel(ctx)
	m.loop = make(chan struct{})
	go m.run(m.ctx, m.loop)
	return nil
}

// Stop stops scheduling and interrupts the runs executing: each stays
// running in the store with its journal, and the next Start continues it.
// It waits for them until ctx ends.
func (m *Monitor) Stop(ctx context.Context) error {
	m.mu.Lock()
	if m.ctx == nil {
		m.mu.Unlock()
		return nil
	}
	m.cancel()
	loop := m.loop
	m.ctx = nil
	m.mu.Unlock()
	done := make(chan struct{})
	work := m.work
	go func() {
		<-loop
		m.wg.Wait()
		if m.cfg.WorkDir == "" {
			os.RemoveAll(work)
		}
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("monitor: stop: %w", ctx.Err())
	}
}

// RunNow queues a run of the site and starts it as soon as a slot is free.
// A site with a queued or running run gets store.ErrConflict and that run.
func (m *Monitor) RunNow(ctx context.Context, siteID int64, trigger string) (store.Run, error) {
	r, err := m.createRun(ctx, siteID, trigger, time.Time{})
	if err != nil {
		return r, err
	}
	m.poke()
	return r, nil
}

// Wait returns the run once it is done or failed, or ctx's error.
func (m *Monitor) Wait(ctx context.Context, runID int64) (store.Run, error) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		r, err := m.st.Run(ctx, runID)
		if err != nil || !r.Status.Active() {
			return r, err
		}
		select {
		case <-ctx.Done():
			return r, ctx.Err()
		case <-t.C:
		}
	}
}

// createRun is Config.CreateRun, or the store's.
func (m *Monitor) createRun(ctx context.Context, siteID int64, trigger string, slot time.Time) (store.Run, error) {
	if m.cfg.CreateRun != nil {
		return m.cfg.CreateRun(ctx, siteID, trigger, slot)
	}
	return m.st.CreateRun(ctx, siteID, trigger, slot)
}

// poke makes the loop look at the queue now.
func (m *Monitor) poke() {
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

// run is the loop: schedule due sites, start queued runs.
func (m *Monitor) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	t := time.NewTicker(m.cfg.Poll)
	defer t.Stop()
	for {
		m.schedule(ctx)
		m.dispatch(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-m.kick:
		}
	}
}

// schedule queues one run for each site whose next slot has come, and
// moves the site's next slot past now: slots missed while the server was
// down make one run, not one each.
func (m *Monitor) schedule(ctx context.Context) {
	sites, err := m.st.Sites(ctx, 0)
	if err != nil {
		m.cfg.Logger.Error("scheduler: sites", "err", err)
		return
	}
	now := m.cfg.Now().UTC()
	for _, s := range sites {
		sch, err := ParseSchedule(s.Schedule)
		if err != nil {
			m.cfg.Logger.Warn("scheduler: site schedule", "site", s.ID, "err", err)
			continue
		}
		m.mu.Lock()
		prev, known := m.sched[s.ID]
		m.sched[s.ID] = s.Schedule
		m.mu.Unlock()
		if sch == nil {
			if !s.NextRun.IsZero() {
				m.setNext(ctx, s.ID, time.Time{})
			}
			continue
		}
		if s.NextRun.IsZero() || (known && prev != s.Schedule) {
			m.setNext(ctx, s.ID, sch.Next(now))
			continue
		}
		if s.NextRun.After(now) {
			continue
		}
		_, err = m.createRun(ctx, s.ID, store.TriggerSchedule, s.NextRun)
		switch {
		case errors.Is(err, store.ErrConflict):
			m.cfg.Logger.Info("scheduler: slot skipped, the site is running", "site", s.ID, "slot", s.NextRun)
		case errors.Is(err, store.ErrDuplicate):
		case err != nil:
			m.cfg.Logger.Error("scheduler: queue run", "site", s.ID, "err", err)
			continue // try again next tick
		}
		m.setNext(ctx, s.ID, sch.Next(now))
	}
}

func (m *Monitor) setNext(ctx context.Context, siteID int64, t time.Time) {
	if err := m.st.SetNextRun(ctx, siteID, t); err != nil && !errors.Is(err, store.ErrNotFound) {
		m.cfg.Logger.Error("scheduler: next run", "site", siteID, "err", err)
	}
}

// dispatch starts active runs that are not executing, while slots last.
func (m *Monitor) dispatch(ctx context.Context) {
	runs, err := m.st.ActiveRuns(ctx)
	if err != nil {
		if ctx.Err() == nil {
			m.cfg.Logger.Error("dispatch: active runs", "err", err)
		}
		return
	}
	if m.cfg.Enqueue != nil {
		if err := m.cfg.Enqueue(ctx, runs); err != nil && ctx.Err() == nil {
			m.cfg.Logger.Error("dispatch: enqueue", "err", err)
		}
		return
	}
	for _, r := range runs {
		m.mu.Lock()
		busy := m.inflight[r.ID]
		m.mu.Unlock()
		if busy {
			continue
		}
		select {
		case m.slots <- struct{}{}:
		default:
			return // all slots busy; a finishing run pokes the loop
		}
		m.mu.Lock()
		m.inflight[r.ID] = true
		m.wg.Add(1)
		m.mu.Unlock()
		go func() {
			defer func() {
				<-m.slots
				m.mu.Lock()
				delete(m.inflight, r.ID)
				m.mu.Unlock()
				m.wg.Done()
				m.poke()
			}()
			m.execute(ctx, r, false)
		}()
	}
}

// hostLimit bounds pages in flight per host over all runs.
type hostLimit struct {
	mu  sync.Mutex
	n   int64
	sem map[string]*semaphore.Weighted
}

func newHostLimit(n int64) *hostLimit { return &hostLimit{n: n, sem: map[string]*semaphore.Weighted{}} }

// acquire takes k page slots of host, waiting for them (first come, first
// served), and returns the release.
func (h *hostLimit) acquire(ctx context.Context, host string, k int64) (func(), error) {
	h.mu.Lock()
	s := h.sem[host]
	if s == nil {
		s = semaphore.NewWeighted(h.n)
		h.sem[host] = s
	}
	h.mu.Unlock()
	k = min(k, h.n)
	if err := s.Acquire(ctx, k); err != nil {
		return nil, err
	}
	return func() { s.Release(k) }, nil
}

// hostOf is the host a site's pages are fetched from (its first start URL).
func hostOf(site store.Site) string {
	if len(site.URLs) == 0 {
		return ""
	}
	u, err := url.Parse(site.URLs[0])
	if err != nil {
		return site.URLs[0]
	}
	return strings.ToLower(u.Hostname())
}
