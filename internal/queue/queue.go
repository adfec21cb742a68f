// Package queue runs the monitoring server's audits on workers in other
// processes, on other machines, through a River job queue in the same
// Postgres database as the store.
//
// The store's run row stays the source of truth. With --workers the
// monitor creates every run through Queue.CreateRun (monitor.Config.
// CreateRun): the run row and its River job are inserted in one pgx
// transaction, so a run never exists without its job. A job is unique by
// its key: per (site, schedule slot) for a scheduled run, per run for a
// manual one. The scheduler tick's old re-queue of every active run is
// gone; what is left of it is Queue.Rescue (monitor.Config.Enqueue),
// which gives a job only to an active run that has none at all (queued
// before the server ran with --workers, or by an older granska). The
// unit of work is the whole run, because the engine crawls a site as a
// whole (discovery, templates, site-wide rules) and its page journal in
// the store already makes a run continue where another process stopped.
//
// A worker (Worker, "granska worker") executes a job with
// monitor.Execute while it holds a session advisory lock on the run (no
// two workers run the same run; a killed worker's lock goes with its
// connection). Politeness is per page, not per run: the engine takes one
// of the host's page slots for each page (HostGate, set as
// audit.Config.PageGate by "granska worker"; leased rows, at most PerHost
// pages of one host in flight over all workers and runs). A job
// running with nobody holding its run lock (its worker died) is made
// available again by the live workers after RescueAfter, and another
// worker continues the run from its journal: no page is journalled twice
// (the page in flight at the kill is loaded again). A worker whose
// connection holding the run lock breaks (Postgres restarted) stops the
// run and its job is tried again a second later (ErrLeaseLost: a
// snooze, which uses up no attempt). Failed jobs are retried
// with backoff (River's, or WorkerConfig.Backoff) up to MaxAttempts; a
// run that audited no page (its site down) stays active between attempts
// and fails with the reason at the last, whose job is then discarded. Each worker
// writes a heartbeat row; ReadStatus reports workers and jobs (the
// server serves it behind its authentication).
package queue

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/granska/granska/internal/store"
)

// Kind is the River job kind of a run.
const Kind = "granska_run"

// MaxAttempts is how often a run's job is tried before it is discarded.
const MaxAttempts = 5

// RunArgs is a run's job: the run's ID in the store, and the key that
// makes it unique.
type RunArgs struct {
	RunID int64 `json:"run_id"`
	// Key is "site/ID/slot/TIME" for a scheduled run and "run/ID" for
	// any other: River keeps one job per key, so a schedule slot of a
	// site never gets two jobs (the store's unique slot index keeps it to
	// one run as well), and a manual run gets its own.
	Key string `json:"key" river:"unique"`
}

// Kind implements river.JobArgs.
func (RunArgs) Kind() string { return Kind }

// InsertOpts makes a run's job unique by its Key (in every state, so a
// finished slot is not queued again) and sets the attempts.
func (RunArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

// ArgsOf is the job of run r.
func ArgsOf(r store.Run) RunArgs {
	if r.Slot.IsZero() {
		return RunArgs{RunID: r.ID, Key: fmt.Sprintf("run/%d", r.ID)}
	}
	return RunArgs{RunID: r.ID, Key: fmt.Sprintf("site/%d/slot/%s", r.SiteID, r.Slot.UTC().Format(time.RFC3339Nano))}
}

// Migrate applies River's migrations and the workers' table. Both the
// server and the workers call it at start; it is idempotent.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	mig, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return fmt.Errorf("queue: migrator: %w", err)
	}
	if _, err := mig.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("queue: river migrations: %w", err)
	}
	if _, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS granska_worker (
		id text PRIMARY KEY,
		hostname text NOT NULL,
		pid integer NOT NULL,
		started timestamptz NOT NULL,
		seen timestamptz NOT NULL,
		running integer NOT NULL DEFAULT 0)`); err != nil {
		return fmt.Errorf("queue: workers table: %w", err)
	}
	return migrateHostSlots(ctx, pool)
}

// Open connects to the Postgres database dsn and migrates it.
func Open(ctx context.Context, dsn string) (*pgxpool.Pool, error) {
	pool, err := pgxpool.New(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	if err := Migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	return pool, nil
}

// Queue creates runs with their jobs (an insert-only River client).
type Queue struct {
	client *river.Client[pgx.Tx]
	pool   *pgxpool.Pool
	st     store.RunTxCreator
}

// NewQueue returns an insert-only client on pool, creating runs in st
// (the Postgres store of the same database).
func NewQueue(pool *pgxpool.Pool, st store.Store) (*Queue, error) {
	tc, ok := st.(store.RunTxCreator)
	if !ok || st.Dialect() != store.Postgres {
		return nil, errors.New("queue: the store must be the Postgres store of the queue's database")
	}
	c, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &Queue{client: c, pool: pool, st: tc}, nil
}

// CreateRun creates a queued run of the site and inserts its job in the
// same transaction (monitor.Config.CreateRun): a run row never exists
// without its job, nor a job without its run. Errors are the store's
// (ErrConflict with the active run, ErrDuplicate for a slot run already).
func (q *Queue) CreateRun(ctx context.Context, siteID int64, trigger string, slot time.Time) (store.Run, error) {
	return q.st.CreateRunTx(ctx, siteID, trigger, slot, func(ctx context.Context, tx pgx.Tx, r store.Run) error {
		res, err := q.client.InsertTx(ctx, tx, ArgsOf(r), nil)
		if err != nil {
			return fmt.Errorf("queue: run %d: %w", r.ID, err)
		}
		if res.UniqueSkippedAsDuplicate {
			return fmt.Errorf("queue: run %d: %w: its slot has a job already", r.ID, store.ErrDuplicate)
		}
		return nil
	})
}

// Rescue inserts a job for each of the active runs that has no job at
// all (monitor.Config.Enqueue, called on every scheduler tick). Runs
// created through CreateRun always have one; this catches runs created
// without it: queued before the server ran with --workers, or by an
// older granska. It logs nothing and is a no-op when every run has a job.
func (q *Queue) Rescue(ctx context.Context, runs []store.Run) error {
	if len(runs) == 0 {
		return nil
	}
	ids := make([]int64, len(runs))
	for i, r := range runs {
		ids[i] = r.ID
	}
	rows, err := q.pool.Query(ctx, `SELECT DISTINCT (args->>'run_id')::bigint FROM river_job WHERE kind = $1 AND (args->>'run_id')::bigint = ANY($2)`, Kind, ids)
	if err != nil {
		return fmt.Errorf("queue: rescue: %w", err)
	}
	has, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("queue: rescue: %w", err)
	}
	with := map[int64]bool{}
	for _, id := range has {
		with[id] = true
	}
	var errs []error
	for _, r := range runs {
		if with[r.ID] {
			continue
		}
		if _, err := q.client.Insert(ctx, ArgsOf(r), nil); err != nil {
			errs = append(errs, fmt.Errorf("queue: run %d: %w", r.ID, err))
		}
	}
	return errors.Join(errs...)
}

// key32 maps a name to the first key of a two-key advisory lock.
func key32(space, name string) int32 {
	h := fnv.New32a()
	h.Write([]byte(space + "\x00" + name))
	return int32(h.Sum32())
}
