// Package queue runs the monitoring server's audits on workers in other
// processes, on other machines, through a River job queue in the same
// Postgres database as the store.
//
// The store's run row stays the source of truth: the monitor's scheduler
// creates runs (at most one per site and schedule slot, the store refuses
// a second) and, with monitor.Config.Enqueue set to Queue.Enqueue, hands
// every queued or running run to the queue instead of executing it. Each
// run is one job (RunArgs), unique by run ID, so enqueuing again is a
// no-op; the unit of work is the whole run, because the engine crawls a
// site as a whole (discovery, templates, site-wide rules) and its page
// journal in the store already makes a run continue where another
// process stopped.
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
// (the page in flight at the kill is loaded again). Failed
// jobs are retried with River's backoff up to MaxAttempts. Each worker
// writes a heartbeat row; Status and Handler report workers and jobs.
package queue

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"

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

// RunArgs is a run's job: the run's ID in the store.
type RunArgs struct {
	RunID int64 `json:"run_id"`
}

// Kind implements river.JobArgs.
func (RunArgs) Kind() string { return Kind }

// InsertOpts makes a run's job unique by its arguments (one job per run,
// hence per site and slot) and sets the attempts.
func (RunArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: MaxAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
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

// Queue inserts run jobs (an insert-only River client).
type Queue struct {
	client *river.Client[pgx.Tx]
}

// NewQueue returns an insert-only client on pool.
func NewQueue(pool *pgxpool.Pool) (*Queue, error) {
	c, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return &Queue{client: c}, nil
}

// Enqueue inserts a job for each run that has none (monitor.Config.Enqueue).
func (q *Queue) Enqueue(ctx context.Context, runs []store.Run) error {
	var errs []error
	for _, r := range runs {
		if _, err := q.client.Insert(ctx, RunArgs{RunID: r.ID}, nil); err != nil {
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
