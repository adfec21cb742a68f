package queue_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/granska/granska/internal/bigsite"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/store"
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

// TestWorkerScaling is a measurement, not a check of speed: it audits the
// same three sites (the bundled demo site's first 12 sitemap pages and two
// synthetic bigsite sites of 12 list pages, all on loopback) with 1, 2 and
// 3 real "granska worker" processes (each its own Chromium with --pages 2
// tabs; --host-pages 6, as every site is on 127.0.0.1 and the limit
// would otherwise measure politeness, not workers) and logs pages per
// second from the workers' start to the last run's end, with the load
// average. It asserts what the queue promises: every run done, every page
// journalled once. It runs only with GRANSKA_BENCH_WORKERS=1 (make bench):
//
//	GRANSKA_BENCH_WORKERS=1 go test -run WorkerScaling -v -timeout 60m ./internal/queue
func TestWorkerScaling(t *testing.T) {
	if os.Getenv("GRANSKA_BENCH_WORKERS") != "1" {
		t.Skip("a measurement of minutes: set GRANSKA_BENCH_WORKERS=1 (make bench does)")
	}
	var lists []string
	for i := 1; i <= 6; i++ {
		lists = append(lists, fmt.Sprintf("/jobs?page=%d", i), fmt.Sprintf("/news?page=%d", i))
	}
	demo := demosite.SitemapPaths()[:12]
	for _, n := range []int{1, 2, 3} {
		t.Run(fmt.Sprintf("workers=%d", n), func(t *testing.T) {
			f := setup(t)
			var runs []store.Run
			want := map[int64]int{}
			add := func(name string, h http.Handler, paths []string) {
				r := f.queueRun(t, f.site(t, name, h, paths))
				runs, want[r.ID] = append(runs, r), len(paths)
			}
			add("Demo", demosite.Handler(demosite.Broken), demo)
			add("Big 1", bigsite.Handler(bigsite.Lorem), lists)
			add("Big 2", bigsite.Handler(bigsite.Lorem), lists)
			pages := 0
			for _, p := range want {
				pages += p
			}
			binary(t) // built before the clock starts
			load0 := loadAvg()
			t0 := time.Now()
			for i := range n {
				worker(t, f.dsn, fmt.Sprintf("w%d", i), "--pages", "2", "--host-pages", "6")
			}
			f.wait(t, runs, want)
			d := time.Since(t0)
			t.Logf("%d worker(s) × 2 tabs: %d pages of 3 runs in %v = %.2f pages/s (%.1f tab-seconds per page); load average %s → %s",
				n, pages, d.Round(time.Millisecond), float64(pages)/d.Seconds(), d.Seconds()*float64(2*n)/float64(pages), load0, loadAvg())
		})
	}
}

// loadAvg is the one-minute load average, for the record.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}
