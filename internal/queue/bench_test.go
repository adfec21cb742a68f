package queue_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/queue"
)

// noopArgs is a job that does nothing: what is left is the queue's own
// cost per job.
type noopArgs struct {
	N int `json:"n"`
}

func (noopArgs) Kind() string { return "granska_bench_noop" }

// noopJobs is how many jobs BenchmarkQueueNoop enqueues and completes.
const noopJobs = 10_000

// BenchmarkQueueNoop enqueues 10,000 no-op jobs and completes them on a
// real Postgres (internal/pgtest) with 1 and 3 real River clients. The
// clients run in this process, each with its own connection pool (as
// separate worker processes would have): a no-op job needs no process of
// its own, and what is measured is Postgres and River, not Go. Each client
// inserts its share of the jobs one Insert at a time (as Queue.Enqueue
// does, 1 or 3 inserters at once); then the clients are started, each
// with 100 job slots, and the time until every job is completed in the
// database is taken. Metrics: insert-jobs/s and complete-jobs/s.
//
//	go test -run '^$' -bench QueueNoop -benchtime 1x ./internal/queue
func BenchmarkQueueNoop(b *testing.B) {
	for _, clients := range []int{1, 3} {
		b.Run(fmt.Sprintf("clients=%d", clients), func(b *testing.B) {
			var insert, complete time.Duration
			for range b.N {
				i, c := noopRound(b, clients)
				insert += i
				complete += c
			}
			b.ReportMetric(float64(noopJobs*b.N)/insert.Seconds(), "insert-jobs/s")
			b.ReportMetric(float64(noopJobs*b.N)/complete.Seconds(), "complete-jobs/s")
		})
	}
}

// noopRound runs one round on a fresh database and returns the time the
// inserts took and the time to complete every job.
func noopRound(b *testing.B, clients int) (insert, complete time.Duration) {
	b.StopTimer()
	defer b.StartTimer()
	ctx := context.Background()
	dsn := pgtest.DSN(b)
	setup, err := queue.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer setup.Close()
	var done sync.WaitGroup
	cs := make([]*river.Client[pgx.Tx], clients)
	for i := range cs {
		pool, err := pgxpool.New(ctx, dsn)
		if err != nil {
			b.Fatal(err)
		}
		defer pool.Close()
		workers := river.NewWorkers()
		river.AddWorker(workers, river.WorkFunc(func(context.Context, *river.Job[noopArgs]) error { return nil }))
		c, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
			ID:      fmt.Sprintf("bench-%d", i),
			Queues:  map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 100}},
			Workers: workers,
		})
		if err != nil {
			b.Fatal(err)
		}
		cs[i] = c
	}

	b.StartTimer()
	t0 := time.Now()
	errs := make(chan error, clients)
	for i, c := range cs {
		done.Add(1)
		go func() {
			defer done.Done()
			for n := i; n < noopJobs; n += clients {
				if _, err := c.Insert(ctx, noopArgs{N: n}, nil); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	done.Wait()
	insert = time.Since(t0)
	b.StopTimer()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	if n := countJobs(ctx, b, setup, "available"); n != noopJobs {
		b.Fatalf("%d jobs available after the inserts, want %d", n, noopJobs)
	}

	b.StartTimer()
	t0 = time.Now()
	for _, c := range cs {
		if err := c.Start(ctx); err != nil {
			b.Fatal(err)
		}
	}
	deadline := t0.Add(10 * time.Minute)
	for countJobs(ctx, b, setup, "completed") < noopJobs {
		if time.Now().After(deadline) {
			b.Fatalf("only %d of %d jobs completed after 10 minutes", countJobs(ctx, b, setup, "completed"), noopJobs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	complete = time.Since(t0)
	b.StopTimer()
	sctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for _, c := range cs {
		if err := c.Stop(sctx); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%d clients: %d jobs inserted in %v, completed in %v", clients, noopJobs, insert.Round(time.Millisecond), complete.Round(time.Millisecond))
	return insert, complete
}

// countJobs counts the no-op jobs in state.
func countJobs(ctx context.Context, b *testing.B, pool *pgxpool.Pool, state string) int {
	var n int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM river_job WHERE kind = $1 AND state = $2`, noopArgs{}.Kind(), state).Scan(&n); err != nil {
		b.Fatal(err)
	}
	return n
}
