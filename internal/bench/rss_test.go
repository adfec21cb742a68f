package bench

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/rules/catalog"
)

// peakRSS returns the process's peak resident set size (VmHWM) in MB.
func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkAuditList audits GRANSKA_BENCH_PAGES (default 1,000) distinct
// job pages from a list with the real engine (crawling off, crops on) and
// reports the Go process's peak RSS and pages per second. Chromium's own
// memory is not in the figure: it is another process.
func BenchmarkAuditList(b *testing.B) {
	n := 1000
	if s := os.Getenv("GRANSKA_BENCH_PAGES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	page := JobPage(20) // ~500 elements with the form
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, strings.Replace(page, "UX-designer, Luleå", "Tjänst "+r.URL.Path, 1))
	}))
	defer srv.Close()
	var urls []string
	for i := 0; i < n; i++ {
		urls = append(urls, fmt.Sprintf("%s/jobb/%d", srv.URL, i))
	}
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		run, err := audit.Run(context.Background(), audit.Config{
			URLs: urls, Out: b.TempDir(), Rules: catalog.Default(), Crops: true,
		})
		if err != nil {
			b.Fatal(err)
		}
		el := time.Since(t0)
		b.ReportMetric(float64(len(run.Pages))/el.Seconds(), "pages/s")
		// The live heap with the run's result still held, after a
		// collection: what the results themselves cost, apart from
		// the collector's headroom that RSS also counts.
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-heap-MB")
		b.ReportMetric(float64(ms.HeapAlloc)/1024/float64(max(len(run.Pages), 1)), "live-KB/page")
		if p := os.Getenv("GRANSKA_BENCH_HEAPPROFILE"); p != "" {
			writeHeapProfile(b, p)
		}
		runtime.KeepAlive(run)
	}
	b.ReportMetric(peakRSS(), "peak-rss-MB")
	b.ReportMetric(0, "ns/op")
}

// writeHeapProfile writes the heap profile to path, for finding what a
// page's result holds (go tool pprof -sample_index=inuse_space).
func writeHeapProfile(b *testing.B, path string) {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		b.Fatal(err)
	}
}
