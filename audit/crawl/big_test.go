package crawl

import (
	"context"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/granska/granska/internal/bigsite"
)

// bigSite serves the synthetic 5,000-URL site (internal/bigsite).
type bigSite struct {
	srv *httptest.Server
}

const bigURLs = bigsite.URLs

func newBigSite(tb testing.TB) *bigSite {
	s := &bigSite{srv: httptest.NewServer(bigsite.Handler(bigsite.Lorem))}
	tb.Cleanup(s.srv.Close)
	return s
}

func bigConfig(s *bigSite) Config {
	return Config{
		Start:            []string{s.srv.URL + "/"},
		Parallelism:      8,
		MaxPerTemplate:   -1,
		MaxQueryVariants: -1,
		PageTimeout:      10 * time.Second,
	}
}

func TestDiscover5000(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("5,000-URL site skipped in -short mode")
	}
	s := newBigSite(t)
	c := discover(t, bigConfig(s))
	sum := c.Summary()
	if sum.Discovered != bigURLs || sum.Pages != bigURLs || len(sum.Errors) != 0 {
		t.Fatalf("discovered %d, pages %d, errors %d; want %d", sum.Discovered, sum.Pages, len(sum.Errors), bigURLs)
	}
	tm := map[string]int{}
	for _, ts := range sum.Templates {
		tm[ts.Template] = ts.URLs
	}
	for k, n := range map[string]int{"/jobs/{id}": bigsite.JobPages * bigsite.JobsPer, "/news/{slug}": bigsite.NewsPages * bigsite.NewsPer,
		"/people/{id}": bigsite.People, "/info/{slug}": bigsite.Info, "/jobs?page={n}": bigsite.JobPages - 1, "/about": 1} {
		if tm[k] != n {
			t.Errorf("template %s has %d URLs, want %d", k, tm[k], n)
		}
	}
	if len(sum.Templates) > 15 || sum.Sampled > 30 {
		t.Errorf("%d templates, %d sampled", len(sum.Templates), sum.Sampled)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapInuse > 300<<20 {
		t.Errorf("heap in use %d MB after discovering %d URLs", ms.HeapInuse>>20, sum.Discovered)
	}
	t.Logf("%d URLs, %d templates, %d sampled, heap in use %.1f MB", sum.Discovered, len(sum.Templates), sum.Sampled, float64(ms.HeapInuse)/(1<<20))
}

// BenchmarkDiscover5000 discovers the 5,000-URL site with sampling and
// reports URLs per second and the Go heap.
func BenchmarkDiscover5000(b *testing.B) {
	s := newBigSite(b)
	var urls int
	var heap, sys uint64
	start := time.Now()
	for b.Loop() {
		c, err := New(bigConfig(s))
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Discover(context.Background()); err != nil {
			b.Fatal(err)
		}
		sum := c.Summary()
		urls += sum.Discovered
		if sum.Sampled == 0 {
			b.Fatal("empty sample")
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap, sys = max(heap, ms.HeapInuse), max(sys, ms.Sys)
		c.Close()
	}
	b.ReportMetric(float64(urls)/time.Since(start).Seconds(), "URLs/s")
	b.ReportMetric(float64(heap)/(1<<20), "HeapInuse-MB")
	b.ReportMetric(float64(sys)/(1<<20), "Sys-MB")
}
