package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/loadtest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// demoRun audits the broken twin of the demo site at base as `granska
// demo` does (crawl, sample, crops, 2 tabs), optionally since an earlier
// run, and returns the run, its folder and its wall time.
func demoRun(b *testing.B, base string, since *result.Run, sinceDir string) (*result.Run, string, time.Duration) {
	b.Helper()
	out := b.TempDir()
	t0 := time.Now()
	run, err := audit.Run(context.Background(), audit.Config{
		URLs: []string{base + "/"}, Crawl: true, Out: out, Crops: true,
		Rules: catalog.Default(), RuleOptions: rules.Options{PublicSector: true},
		Since: since, SinceDir: sinceDir,
	})
	if err != nil {
		if os.Getenv("CI") != "true" && run == nil {
			b.Skip(err)
		}
		b.Fatal(err)
	}
	return run, out, time.Since(t0)
}

// BenchmarkLoadStable is the benchmark-style check that findings do not
// depend on load: the demo's broken twin audited quiet and with every core
// saturated by a CPU hog (2 spinning goroutines per core). It reports the
// outcomes and the differences between the two runs (must be 0) and the
// slowdown under load.
func BenchmarkLoadStable(b *testing.B) {
	srv := httptest.NewServer(demosite.Handler(demosite.Broken))
	defer srv.Close()
	for b.Loop() {
		quiet, _, tq := demoRun(b, srv.URL, nil, "")
		stop := loadtest.Hog(0, 15*time.Minute)
		loaded, _, tl := demoRun(b, srv.URL, nil, "")
		stop()
		a, l := loadtest.Outcomes(quiet), loadtest.Outcomes(loaded)
		d := loadtest.Diff(a, l)
		for _, line := range d {
			fmt.Fprintf(os.Stderr, "load changed: %s\n", line)
		}
		b.ReportMetric(float64(len(a)), "outcomes")
		b.ReportMetric(float64(len(d)), "differences")
		b.ReportMetric(tl.Seconds()/tq.Seconds(), "slowdown")
		b.ReportMetric(0, "ns/op")
		fmt.Fprintf(os.Stderr, "load stability: %d outcomes and gaps quiet, %d differences under a CPU hog; %.1f s quiet, %.1f s loaded\n",
			len(a), len(d), tq.Seconds(), tl.Seconds())
	}
}

// BenchmarkSince measures what a re-audit of the unchanged demo site
// costs against the full audit it follows (target ≤ 20%), and checks that
// it reused every page with the same outcomes.
func BenchmarkSince(b *testing.B) {
	srv := httptest.NewServer(demosite.Handler(demosite.Broken))
	defer srv.Close()
	for b.Loop() {
		full, dir, tf := demoRun(b, srv.URL, nil, "")
		again, _, ta := demoRun(b, srv.URL, full, dir)
		d := loadtest.Diff(loadtest.Outcomes(full), loadtest.Outcomes(again))
		b.ReportMetric(tf.Seconds(), "full-s")
		b.ReportMetric(ta.Seconds(), "reaudit-s")
		b.ReportMetric(ta.Seconds()/tf.Seconds(), "reaudit/full")
		b.ReportMetric(float64(again.Reaudit.Reused), "reused")
		b.ReportMetric(float64(len(full.Pages)), "pages")
		b.ReportMetric(float64(len(d)), "differences")
		b.ReportMetric(0, "ns/op")
		fmt.Fprintf(os.Stderr, "re-audit of the unchanged demo: %.1f s after a full audit of %.1f s (%.0f%%), %d of %d pages reused, %d outcome differences\n",
			ta.Seconds(), tf.Seconds(), 100*ta.Seconds()/tf.Seconds(), again.Reaudit.Reused, len(full.Pages), len(d))
	}
}
