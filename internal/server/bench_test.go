package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/internal/store/storetest"
)

// BenchmarkDashboard measures dashboard page times over HTTP on a
// database of 100 sites × 52 weekly runs (storetest.Seed), per page
// kind, and reports p50 and p95 in milliseconds. make bench runs it:
//
//	go test -run '^$' -bench Dashboard -benchtime 1x ./internal/server/
func BenchmarkDashboard(b *testing.B) {
	for i, d := range dsns {
		b.Run([]string{"sqlite", "postgres"}[i], func(b *testing.B) { benchDashboard(b, d(b)) })
	}
}

func benchDashboard(b *testing.B, dsn string) {
	const sites, runs, samples = 100, 52, 50
	e := newEnv(b, dsn)
	ctx := context.Background()
	start := time.Now()
	if _, err := storetest.Seed(ctx, e.st, sites, runs); err != nil {
		b.Fatal(err)
	}
	b.Logf("seeded %d sites × %d runs in %s", sites, runs, time.Since(start).Round(time.Millisecond))
	orgs, err := e.st.Orgs(ctx)
	if err != nil {
		b.Fatal(err)
	}
	admin, err := e.st.UserByEmail(ctx, e.emails[store.RoleAdmin])
	if err != nil {
		b.Fatal(err)
	}
	for _, o := range orgs {
		if err := e.st.SetRole(ctx, o.ID, admin.ID, store.RoleAdmin); err != nil {
			b.Fatal(err)
		}
	}
	all, err := e.st.Sites(ctx, 0)
	if err != nil || len(all) < sites {
		b.Fatalf("sites: %d, %v", len(all), err)
	}
	site := all[len(all)/2]
	issues, err := e.st.Issues(ctx, site.ID, store.IssueFilter{Limit: 1})
	if err != nil || len(issues) == 0 {
		b.Fatalf("issues: %v", err)
	}
	rs, err := e.st.Runs(ctx, site.ID, 1)
	if err != nil || len(rs) == 0 {
		b.Fatalf("runs: %v", err)
	}
	c, _ := e.login(store.RoleAdmin)
	pages := []struct{ name, path string }{
		{"sites", "/"},
		{"site", fmt.Sprintf("/sites/%d", site.ID)},
		{"site-new", fmt.Sprintf("/sites/%d?state=new", site.ID)},
		{"run", fmt.Sprintf("/sites/%d/runs/%d", site.ID, rs[0].ID)},
		{"issue", fmt.Sprintf("/sites/%d/issues/%s", site.ID, issues[0].Fingerprint)},
	}
	b.ResetTimer()
	for range b.N {
		for _, p := range pages {
			var ds []time.Duration
			for range samples {
				t0 := time.Now()
				resp, body := e.get(c, p.path)
				ds = append(ds, time.Since(t0))
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d %.200s", p.path, resp.StatusCode, body)
				}
			}
			slices.Sort(ds)
			p50, p95 := ds[len(ds)/2], ds[len(ds)*95/100]
			b.ReportMetric(float64(p50.Microseconds())/1000, p.name+"-p50-ms")
			b.ReportMetric(float64(p95.Microseconds())/1000, p.name+"-p95-ms")
		}
	}
}
