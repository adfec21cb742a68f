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
	Logger    *slog.Logger
}

// Worker executes run jobs.
type Worker struct {
	cfg     WorkerConfig
	client  *river.Client[pgx.Tx]
	running atomic.Int64
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
	cfg.ID = cmp.Or(cfg.ID, processName())
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	w := &Worker{cfg: cfg}
	workers := river.NewWorkers()
	river.AddWorker(workers, &runWorker{w: w})
	c, err := river.NewClient(riverpgxv5.New(cfg.Pool), &river.Config{
		ID:                   strings.NewReplacer(" ", "_", "/", "_").Replace(cfg.ID),
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Runs}},
		Workers:              workers,
		JobTimeout:           -1, // a run takes as long as its site; rescue handles dead workers
		RescueStuckJobsAfter: 24 * time.Hour,
		Logger:               cfg.Logger,
	})
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
// RescueAfter and no worker holds its run lock: its worker died (a live
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
		return nil
	}
	conn, err := w.cfg.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	for _, s := range jobs {
		var free bool
		if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, key32("run", ""), int32(s.run)).Scan(&free); err != nil {
			return err
		}
		if !free {
			continue // a live worker runs it
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
		return nil
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
	return w.cfg.Monitor.Execute(ctx, run.ID)
}
