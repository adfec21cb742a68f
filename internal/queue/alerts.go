package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/granska/granska/internal/monitor"
	"github.com/granska/granska/internal/store"
)

// A run that a worker finished is announced to the server: the worker
// inserts a FinishedArgs job (unique per run) on queue AlertQueue once
// the run is done or failed, and the server's Announcer works that queue
// with the same hook as in-process runs (monitor.Config.OnFinish: the
// alerts). The alerts go out from the server, not the workers, so the
// alert settings (SMTP credentials, base URL, the SSRF guard for webhook
// addresses) live in one place and workers need no way out but to the
// sites they audit; and the job outlives a server that is down when the
// run ends. The worker inserts the job after the run ended and before
// its own job completes: a worker killed in between has its job retried,
// which finds the run ended and inserts the announcement then (unique, so
// never twice).

// FinishedKind is the River job kind announcing a finished run.
const FinishedKind = "granska_run_finished"

// AlertQueue is the River queue of FinishedArgs jobs; only the server
// works it.
const AlertQueue = "granska_alerts"

// FinishedArgs announces that the run RunID ended (done or failed).
type FinishedArgs struct {
	RunID int64 `json:"run_id"`
}

// Kind implements river.JobArgs.
func (FinishedArgs) Kind() string { return FinishedKind }

// InsertOpts puts the job on AlertQueue, once per run.
func (FinishedArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: AlertQueue, MaxAttempts: MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// Announcer works the announcements of runs finished on workers, in the
// server.
type Announcer struct {
	client *river.Client[pgx.Tx]
}

// NewAnnouncer returns a stopped announcer that calls onFinish (the
// server's alert hook) for each run a worker finished, with the findings
// of a done run (their lifecycle state set) as monitor.Config.OnFinish
// gets them. onFinish is called at least once per run: once, unless the
// server dies while it runs.
func NewAnnouncer(pool *pgxpool.Pool, st store.Store, onFinish func(context.Context, monitor.Finished), log *slog.Logger) (*Announcer, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &announceWorker{st: st, onFinish: onFinish})
	c, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:  map[string]river.QueueConfig{AlertQueue: {MaxWorkers: 1}},
		Workers: workers,
		Logger:  log,
	})
	if err != nil {
		return nil, fmt.Errorf("queue: announcer: %w", err)
	}
	return &Announcer{client: c}, nil
}

// Start works announcements until Stop or ctx's end.
func (a *Announcer) Start(ctx context.Context) error {
	if err := a.client.Start(ctx); err != nil {
		return fmt.Errorf("queue: announcer: %w", err)
	}
	return nil
}

// Stop stops working, waiting for an announcement in progress until ctx
// ends.
func (a *Announcer) Stop(ctx context.Context) error { return a.client.Stop(ctx) }

type announceWorker struct {
	river.WorkerDefaults[FinishedArgs]
	st       store.Store
	onFinish func(context.Context, monitor.Finished)
}

// Work loads the run, its site and findings and calls the hook. A run or
// site deleted meanwhile is not announced; a store error is retried.
func (aw *announceWorker) Work(ctx context.Context, job *river.Job[FinishedArgs]) error {
	run, err := aw.st.Run(ctx, job.Args.RunID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if run.Status.Active() {
		return fmt.Errorf("queue: run %d announced but still %s", run.ID, run.Status)
	}
	site, err := aw.st.Site(ctx, run.SiteID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	ev := monitor.Finished{Site: site, Run: run}
	if run.Status == store.StatusDone {
		if ev.Findings, err = aw.st.Findings(ctx, run.ID); err != nil {
			return err
		}
	}
	aw.onFinish(ctx, ev)
	return nil
}
