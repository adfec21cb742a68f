package queue

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// WorkerInfo is one worker's last heartbeat.
type WorkerInfo struct {
	ID       string    `json:"id"`
	Hostname string    `json:"hostname"`
	PID      int       `json:"pid"`
	Started  time.Time `json:"started"`
	Seen     time.Time `json:"seen"`
	Running  int       `json:"running"`
	// Alive is false when the last heartbeat is older than Stale.
	Alive bool `json:"alive"`
}

// JobInfo is a run job that is running or failed.
type JobInfo struct {
	ID      int64     `json:"id"`
	RunID   int64     `json:"run_id"`
	State   string    `json:"state"`
	Attempt int       `json:"attempt"`
	Worker  string    `json:"worker,omitempty"`
	At      time.Time `json:"at"`
	LastErr string    `json:"last_error,omitempty"`
}

// Status is the queue's state for the dashboard and API.
type Status struct {
	Workers []WorkerInfo `json:"workers"`
	// Depth counts run jobs by River state (available, running,
	// retryable, scheduled, completed, discarded, cancelled).
	Depth map[string]int `json:"depth"`
	// Jobs are the running, retryable and discarded run jobs, newest first
	// (at most 100).
	Jobs []JobInfo `json:"jobs"`
}

// Stale is how old a heartbeat may be before its worker counts as gone.
const Stale = 30 * time.Second

// ReadStatus reads the workers, the queue depth and the notable jobs.
func ReadStatus(ctx context.Context, pool *pgxpool.Pool) (Status, error) {
	st := Status{Workers: []WorkerInfo{}, Depth: map[string]int{}, Jobs: []JobInfo{}}
	rows, err := pool.Query(ctx, `SELECT id, hostname, pid, started, seen, running, seen > now() - $1::interval FROM granska_worker ORDER BY id`, Stale.String())
	if err != nil {
		return st, fmt.Errorf("queue: workers: %w", err)
	}
	for rows.Next() {
		var w WorkerInfo
		if err := rows.Scan(&w.ID, &w.Hostname, &w.PID, &w.Started, &w.Seen, &w.Running, &w.Alive); err != nil {
			rows.Close()
			return st, err
		}
		st.Workers = append(st.Workers, w)
	}
	rows.Close()
	rows, err = pool.Query(ctx, `SELECT state::text, count(*) FROM river_job WHERE kind = $1 GROUP BY state ORDER BY state`, Kind)
	if err != nil {
		return st, fmt.Errorf("queue: depth: %w", err)
	}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			rows.Close()
			return st, err
		}
		st.Depth[s] = n
	}
	rows.Close()
	rows, err = pool.Query(ctx, `SELECT id, (args->>'run_id')::bigint, state::text, attempt, coalesce(attempted_by[array_length(attempted_by, 1)], ''),
		coalesce(attempted_at, created_at), coalesce(errors[array_length(errors, 1)]->>'error', '')
		FROM river_job WHERE kind = $1 AND state IN ('running', 'retryable', 'discarded') ORDER BY id DESC LIMIT 100`, Kind)
	if err != nil {
		return st, fmt.Errorf("queue: jobs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var j JobInfo
		if err := rows.Scan(&j.ID, &j.RunID, &j.State, &j.Attempt, &j.Worker, &j.At, &j.LastErr); err != nil {
			return st, err
		}
		st.Jobs = append(st.Jobs, j)
	}
	return st, rows.Err()
}
