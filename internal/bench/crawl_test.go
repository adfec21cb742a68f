package bench

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/domsnapshot"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/internal/bigsite"
	"github.com/granska/granska/rules/catalog"
)

// mediumBody is the medium bench page's main content (a job ad, an
// application form and 105 job cards, about 1,500 elements) with its links
// made page-internal, so that the crawl finds only the big site's URLs.
func mediumBody() string {
	p := JobPage(105)
	body := p[strings.Index(p, `<main id="main">`)+len(`<main id="main">`) : strings.Index(p, `</main>`)]
	return strings.ReplaceAll(body, `href="/`, `href="#/`)
}

// BenchmarkCrawl5000 runs the real engine as `granska audit` does on the
// synthetic site of 5,000 URLs (internal/bigsite) with medium-sized pages:
// crawl, template sample, full capture of each sampled page with 2 tabs,
// rules, crops, results. It reports the URLs found, the pages audited,
// audited pages per second (first page started to last page done), the
// whole run, the Go process's peak RSS and the crawl state on disk.
func BenchmarkCrawl5000(b *testing.B) {
	srv := httptest.NewServer(bigsite.Handler(mediumBody()))
	defer srv.Close()
	for b.Loop() {
		out := b.TempDir()
		var mu sync.Mutex
		var first, last time.Time
		t0 := time.Now()
		run, err := audit.Run(context.Background(), audit.Config{
			URLs: []string{srv.URL + "/"}, Crawl: true, Out: out, Rules: catalog.Default(), Crops: true,
			// Every URL is fetched (the defaults would stop at 500 of one
			// shape and 20 query strings of one path); the sample is the
			// default, 3 pages per template family.
			CrawlConfig: crawl.Config{MaxPerTemplate: -1, MaxQueryVariants: -1},
			Browser:     browser.Config{Tabs: 2},
			Progress: func(ev audit.Event) {
				mu.Lock()
				defer mu.Unlock()
				switch ev.Kind {
				case "start":
					if first.IsZero() {
						first = time.Now()
					}
				case "done", "failed":
					last = time.Now()
				}
			},
		})
		if err != nil {
			b.Fatal(err)
		}
		wall := time.Since(t0)
		if run.Crawl == nil || run.Crawl.Discovered != bigsite.URLs {
			b.Fatalf("crawl found %+v, want %d URLs", run.Crawl, bigsite.URLs)
		}
		failed := 0
		for _, p := range run.Pages {
			if p.Error != "" {
				failed++
			}
		}
		if failed > 0 {
			b.Fatalf("%d of %d pages failed", failed, len(run.Pages))
		}
		var state int64
		filepath.WalkDir(filepath.Join(out, "crawl"), func(_ string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if fi, err := d.Info(); err == nil {
					state += fi.Size()
				}
			}
			return nil
		})
		b.ReportMetric(float64(run.Crawl.Discovered), "URLs")
		b.ReportMetric(float64(len(run.Pages)), "pages")
		b.ReportMetric(float64(len(run.Pages))/last.Sub(first).Seconds(), "pages/s")
		b.ReportMetric(wall.Seconds(), "run-s")
		b.ReportMetric(float64(state)/1024, "state-KB")
	}
	b.ReportMetric(peakRSS(), "peak-rss-MB")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkFloor measures the floor under audited pages per second with 2
// tabs on the medium page: loading alone, load and snapshot (the styles
// capture asks for), and load, snapshot and accessibility tree, which every
// audit needs before the keyboard walk, the re-layouts, the form probe,
// the rules and the crops. GRANSKA_BENCH_PAGES pages (default 40).
func BenchmarkFloor(b *testing.B) {
	n := 40
	if s := os.Getenv("GRANSKA_BENCH_PAGES"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	page := JobPage(105)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	p, err := browser.New(context.Background(), browser.Config{Tabs: 2})
	if err != nil {
		b.Skip(err)
	}
	defer p.Close()
	tr := true
	steps := map[string]func(ctx context.Context, t *chromedp.Target) error{
		"snapshot": func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, domsnapshot.CaptureSnapshot, domsnapshot.CaptureSnapshotParams{
				ComputedStyles: capture.StyleProps, IncludePaintOrder: &tr, IncludeDOMRects: &tr,
				IncludeBlendedBackgroundColors: &tr, IncludeTextColorOpacities: &tr,
			})
			return err
		},
		"axtree": func(ctx context.Context, t *chromedp.Target) error {
			_, err := cdp.Call(ctx, t, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
			return err
		},
	}
	for _, c := range []struct {
		name  string
		steps []string
	}{{"load", nil}, {"load+snapshot", []string{"snapshot"}}, {"load+snapshot+axtree", []string{"snapshot", "axtree"}}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				jobs := make(chan int)
				var wg sync.WaitGroup
				t0 := time.Now()
				for range 2 {
					wg.Go(func() {
						for k := range jobs {
							err := p.Do(context.Background(), func(tab context.Context) error {
								return chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
									if _, err := chromedp.NavigateResponse(fmt.Sprintf("%s/p%d", srv.URL, k))(ctx, t); err != nil {
										return err
									}
									for _, s := range c.steps {
										if err := steps[s](ctx, t); err != nil {
											return err
										}
									}
									return nil
								}))
							})
							if err != nil {
								b.Error(err)
							}
						}
					})
				}
				for k := range n {
					jobs <- k
				}
				close(jobs)
				wg.Wait()
				b.ReportMetric(float64(n)/time.Since(t0).Seconds(), "pages/s")
			}
			b.ReportMetric(0, "ns/op")
		})
	}
}
