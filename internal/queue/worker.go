package queue

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivertype"

	"github.com/granska/granska/internal/monitor"
	"github.com/granska/granska/internal/store"
)

// WorkerConfig configures a Worker. Pool, Store and Monitor are required.
type WorkerConfig struct {
	Pool    *pgxpool.Pool
	Store   store.Store
	Monitor *monitor.Monitor
	// ID names the worker in the heartbeats table and to River; "" means
	// hostname-pid.
	ID string
	// Runs bounds the runs this worker executes at once; 0 means 1.
	Runs int
	// RescueAfter is how long a job may be running with no worker holding
	// its run lock before another worker makes it available again (its
	// worker died); 0 means 1 minute. (River's own rescuer never acts on
	// these jobs: they have no timeout.)
	RescueAfter time.Duration
	// Heartbeat is how often the worker writes its heartbeat; 0 means 5 s.
	Heartbeat time.Duration
	// Backoff is the wait before a failed job's first retry, doubled for
	// each further one (at most an hour); 0 keeps River's default policy
	// (attempt⁴ seconds). Tests and impatient deployments shorten it.
	Backoff time.Duration
	// LeaseCheck is how often a running job checks the connection that
	// holds its run lock; 0 means 1 s, and at most Heartbeat/2.
	LeaseCheck time.Duration
	Logger     *slog.Logger
}

// Worker executes run jobs.
type Worker struct {
	cfg     WorkerConfig
	client  *river.Client[pgx.Tx]
	running atomic.Int64
	suspect map[int64]bool // jobs found running with a free run lock on the last rescue pass (Run's goroutine only)
}

// NewWorker checks cfg and returns a stopped worker.
func NewWorker(cfg WorkerConfig) (*Worker, error) {
	if cfg.Pool == nil || cfg.Store == nil || cfg.Monitor == nil {
		return nil, errors.New("queue: worker needs a pool, a store and a monitor")
	}
	if cfg.Runs <= 0 {
		cfg.Runs = 1
	}
	if cfg.RescueAfter <= 0 {
		cfg.RescueAfter = time.Minute
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 5 * time.Second
	}
	if cfg.LeaseCheck <= 0 {
		cfg.LeaseCheck = time.Second
	}
	// A rescue waits one heartbeat for a worker to notice its lost lock.
	cfg.LeaseCheck = min(cfg.LeaseCheck, cfg.Heartbeat/2)
	cfg.ID = cmp.Or(cfg.ID, processName())
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	w := &Worker{cfg: cfg}
	workers := river.NewWorkers()
	river.AddWorker(workers, &runWorker{w: w})
	rc := &river.Config{
		ID:                   strings.NewReplacer(" ", "_", "/", "_").Replace(cfg.ID),
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Runs}},
		Workers:              workers,
		SkipUnknownJobCheck:  true, // FinishedArgs, worked by the server
		JobTimeout:           -1,   // a run takes as long as its site; rescue handles dead workers
		RescueStuckJobsAfter: 24 * time.Hour,
		Logger:               cfg.Logger,
	}
	if cfg.Backoff > 0 {
		rc.RetryPolicy = doubling{cfg.Backoff}
	}
	c, err := river.NewClient(riverpgxv5.New(cfg.Pool), rc)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	w.client = c
	return w, nil
}

// Run works jobs and writes heartbeats until ctx ends, then stops
// (interrupted runs stay running with their journal; their jobs are
// rescued) and removes its heartbeat.
func (w *Worker) Run(ctx context.Context) error {
	if err := w.beat(ctx, true); err != nil {
		return err
	}
	if err := w.client.Start(ctx); err != nil {
		return fmt.Errorf("queue: start: %w", err)
	}
	t := time.NewTicker(w.cfg.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := w.client.StopAndCancel(sctx)
			w.cfg.Pool.Exec(sctx, `DELETE FROM granska_worker WHERE id = $1`, w.cfg.ID)
			return err
		case <-t.C:
			if err := w.beat(ctx, false); err != nil && ctx.Err() == nil {
				w.cfg.Logger.Warn("worker: heartbeat", "err", err) // Postgres away: try again next beat
			}
			if err := w.rescue(ctx); err != nil && ctx.Err() == nil {
				w.cfg.Logger.Warn("worker: rescue", "err", err)
			}
		}
	}
}

func (w *Worker) beat(ctx context.Context, first bool) error {
	h, _ := os.Hostname()
	q := `INSERT INTO granska_worker (id, hostname, pid, started, seen, running) VALUES ($1, $2, $3, now(), now(), $4)
		ON CONFLICT (id) DO UPDATE SET seen = now(), running = $4`
	if first {
		q += `, started = now(), hostname = $2, pid = $3`
	}
	_, err := w.cfg.Pool.Exec(ctx, q, w.cfg.ID, h, os.Getpid(), w.running.Load())
	if err != nil {
		return fmt.Errorf("queue: heartbeat: %w", err)
	}
	return nil
}

// rescue makes a run job available again when it has been running for
// RescueAfter and no worker holds its run lock on two passes in a row
// (Heartbeat apart): its worker died (a live
// worker takes the lock as soon as it starts the job and keeps it, with
// its connection, until the job ends). River's own rescuer only acts
// after a job timeout, and runs have none: a long run must not be
// cancelled.
func (w *Worker) rescue(ctx context.Context) error {
	rows, err := w.cfg.Pool.Query(ctx, `SELECT id, (args->>'run_id')::bigint FROM river_job
		WHERE kind = $1 AND state = 'running' AND attempted_at < now() - $2::interval ORDER BY id`, Kind, w.cfg.RescueAfter.String())
	if err != nil {
		return err
	}
	type stuck struct{ job, run int64 }
	var jobs []stuck
	for rows.Next() {
		var s stuck
		if err := rows.Scan(&s.job, &s.run); err != nil {
			rows.Close()
			return err
		}
		jobs = append(jobs, s)
	}
	rows.Close()
	if len(jobs) == 0 {
		w.suspect = nil
		return nil
	}
	conn, err := w.cfg.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	suspect := map[int64]bool{}
	defer func() { w.suspect = suspect }()
	for _, s := range jobs {
		var free bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, key32("run", ""), int32(s.run)).Scan(&free); err != nil {
			return err
		}
		if !free {
			continue // a live worker runs it
		}
		if !w.suspect[s.job] {
			// Free on this pass only: its worker may have just lost its
			// connection (Postgres restarted) and stops the run within
			// LeaseCheck. Rescue it if it is still free next pass.
			conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, $2)`, key32("run", ""), int32(s.run))
			suspect[s.job] = true
			continue
		}
		// Holding the run lock while the job is made available: no worker
		// can start it before the update is committed.
		_, err := conn.Exec(ctx, `UPDATE river_job SET state = 'available', scheduled_at = now() WHERE id = $1 AND state = 'running'`, s.job)
		conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, $2)`, key32("run", ""), int32(s.run))
		if err != nil {
			return err
		}
		w.cfg.Logger.Info("worker: rescued the job of a dead worker", "job", s.job, "run", s.run)
	}
	return nil
}

type runWorker struct {
	river.WorkerDefaults[RunArgs]
	w *Worker
}

// Work executes one run under its run lock.
func (rw *runWorker) Work(ctx context.Context, job *river.Job[RunArgs]) error {
	w := rw.w
	run, err := w.cfg.Store.Run(ctx, job.Args.RunID)
	if errors.Is(err, store.ErrNotFound) {
		return nil // the run (or its site) was deleted
	}
	if err != nil {
		return err
	}
	if !run.Status.Active() {
		return w.announce(ctx, run.ID) // ended by an earlier attempt
	}
	site, err := w.cfg.Store.Site(ctx, run.SiteID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	conn, err := w.cfg.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	// Session locks live as long as this connection: a worker killed
	// mid-run loses its connection and with it its locks.
	defer conn.Release()
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, key32("run", ""), int32(run.ID)).Scan(&got); err != nil {
		return err
	}
	if !got {
		return river.JobSnooze(10 * time.Second) // another live worker has the run
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, $2)`, key32("run", ""), int32(run.ID))
	// The host's politeness is per page: the monitor's engine takes a
	// HostGate slot for each page (audit.Config.PageGate).
	w.running.Add(1)
	defer w.running.Add(-1)
	w.cfg.Logger.Info("worker: run", "run", run.ID, "site", site.ID, "attempt", job.Attempt)
	// The run lock lives on conn: when conn breaks (Postgres restarted,
	// the network went), the lock is gone and another worker may rescue
	// the run, so the run stops here (its journal keeps what was done)
	// and the job is retried.
	execCtx, stop := context.WithCancelCause(ctx)
	kept := make(chan struct{})
	go func() {
		defer close(kept)
		w.keepLease(execCtx, conn, stop)
	}()
	last := job.Attempt >= job.MaxAttempts
	err = w.cfg.Monitor.Execute(execCtx, run.ID, !last)
	stop(nil)
	<-kept
	if cause := context.Cause(execCtx); ctx.Err() == nil && errors.Is(cause, ErrLeaseLost) {
		// Not the job's fault: snoozed, which uses up no attempt.
		w.cfg.Logger.Warn("worker: run stopped, to be continued", "run", run.ID, "err", cause)
		return river.JobSnooze(time.Second)
	}
	if err == nil {
		if aerr := w.announce(ctx, run.ID); aerr != nil {
			return aerr // retried: the run has ended, the retry announces it
		}
	}
	if ctx.Err() != nil || !last {
		return err // retried with backoff (River's policy, or WorkerConfig.Backoff)
	}
	// The last attempt: the run ends here, failed when it did not finish,
	// and the job is discarded with the reason when the run failed.
	if err != nil {
		reason := fmt.Sprintf("the run's job failed %d times, the last: %v", job.Attempt, err)
		if ferr := w.cfg.Monitor.Fail(ctx, run.ID, reason); ferr != nil {
			return errors.Join(err, ferr)
		}
		return errors.Join(err, w.announce(ctx, run.ID))
	}
	if r, rerr := w.cfg.Store.Run(ctx, run.ID); rerr == nil && r.Status == store.StatusFailed {
		return fmt.Errorf("queue: run %d failed after %d attempts: %s", run.ID, job.Attempt, r.Reason)
	}
	return nil
}

// announce tells the server that the run ended (FinishedArgs), for its
// alerts; once per run.
func (w *Worker) announce(ctx context.Context, runID int64) error {
	if _, err := w.client.Insert(ctx, FinishedArgs{RunID: runID}, nil); err != nil {
		return fmt.Errorf("queue: announce run %d: %w", runID, err)
	}
	return nil
}

// ErrLeaseLost is a run stopped because its worker's database connection,
// and with it the run lock, broke; the job is snoozed (tried again soon,
// using up no attempt).
var ErrLeaseLost = errors.New("queue: the run lock's connection broke")

// keepLease checks conn every LeaseCheck until ctx ends and cancels the
// run with ErrLeaseLost when conn no longer answers.
func (w *Worker) keepLease(ctx context.Context, conn *pgxpool.Conn, stop context.CancelCauseFunc) {
	t := time.NewTicker(w.cfg.LeaseCheck)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cctx, cancel := context.WithTimeout(ctx, w.cfg.LeaseCheck)
		_, err := conn.Exec(cctx, `SELECT 1`)
		cancel()
		if err != nil && ctx.Err() == nil {
			stop(fmt.Errorf("%w: %v", ErrLeaseLost, err))
			return
		}
	}
}

// doubling is a retry policy: base before the first retry, doubled for
// each further one, at most an hour.
type doubling struct{ base time.Duration }

func (d doubling) NextRetry(job *rivertype.JobRow) time.Time {
	wait := d.base
	for i := 1; i < job.Attempt && wait < time.Hour; i++ {
		wait *= 2
	}
	return time.Now().Add(min(wait, time.Hour))
}
