package store_test

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/internal/store/storetest"
)

// BenchmarkDashboard seeds 100 sites × 52 weekly runs (storetest.Seed) and
// measures the dashboard's main queries, reporting p50 and p95 per query
// and, on SQLite, the database's size on disk. GRANSKA_BENCH_SITES and
// GRANSKA_BENCH_RUNS change the shape. Run with -benchtime 1x: the seeding
// dominates and each query is timed 200 times inside.
func BenchmarkDashboard(b *testing.B) {
	sites, runs := envInt("GRANSKA_BENCH_SITES", 100), envInt("GRANSKA_BENCH_RUNS", 52)
	b.Run("sqlite", func(b *testing.B) {
		path := filepath.Join(b.TempDir(), "granska.db")
		benchDashboard(b, path, sites, runs, func() int64 {
			var n int64
			for _, f := range []string{path, path + "-wal"} {
				if fi, err := os.Stat(f); err == nil {
					n += fi.Size()
				}
			}
			return n
		})
	})
	b.Run("postgres", func(b *testing.B) {
		benchDashboard(b, pgtest.DSN(b), sites, runs, nil)
	})
}

func envInt(name string, def int) int {
	var n int
	if v := os.Getenv(name); v != "" {
		for _, c := range v {
			if c < '0' || c > '9' {
				return def
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	return def
}

func benchDashboard(b *testing.B, dsn string, sites, runs int, size func() int64) {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	t0 := time.Now()
	seed, err := storetest.Seed(ctx, st, sites, runs)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d sites × %d runs (%d findings) in %v", sites, runs, seed.Findings, time.Since(t0).Round(time.Millisecond))
	if size != nil {
		b.ReportMetric(float64(size())/(1<<20), "MiB-on-disk")
		b.Logf("size on disk: %.1f MiB", float64(size())/(1<<20))
	}
	site := seed.Sites[len(seed.Sites)/2]
	last, err := st.Runs(ctx, site.ID, 1)
	if err != nil || len(last) == 0 {
		b.Fatal(err)
	}
	issues, _ := st.Issues(ctx, site.ID, store.IssueFilter{})
	queries := []struct {
		name string
		fn   func() error
	}{
		{"sites", func() error { _, err := st.SiteSummaries(ctx, seed.Org.ID, 12); return err }},
		{"trend", func() error { _, err := st.Trend(ctx, site.ID, 0); return err }},
		{"issues-new", func() error {
			_, err := st.Issues(ctx, site.ID, store.IssueFilter{State: store.StateNew, Run: last[0].ID})
			return err
		}},
		{"issues-all", func() error { _, err := st.Issues(ctx, site.ID, store.IssueFilter{Limit: 100}); return err }},
		{"issue-history", func() error { _, err := st.IssueHistory(ctx, site.ID, issues[0].Fingerprint); return err }},
		{"run", func() error { _, err := st.Run(ctx, last[0].ID); return err }},
	}
	for range b.N {
		for _, q := range queries {
			d := make([]time.Duration, 200)
			for i := range d {
				t := time.Now()
				if err := q.fn(); err != nil {
					b.Fatal(q.name, err)
				}
				d[i] = time.Since(t)
			}
			sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
			p50, p95 := d[len(d)/2], d[len(d)*95/100]
			b.ReportMetric(float64(p50.Microseconds())/1000, q.name+"-p50-ms")
			b.ReportMetric(float64(p95.Microseconds())/1000, q.name+"-p95-ms")
			b.Logf("%-14s p50 %8v  p95 %8v", q.name, p50.Round(time.Microsecond), p95.Round(time.Microsecond))
		}
	}
}
