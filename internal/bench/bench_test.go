package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

func server() *httptest.Server {
	pages := map[string]string{}
	for _, s := range Sizes {
		pages["/"+s.Name] = JobPage(s.Cards)
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			// Links on the pages lead here: a small page.
			body = `<!doctype html><html lang="sv"><title>Sida</title><p>Sida</p></html>`
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
}

func axeSource(b *testing.B) string {
	path := os.Getenv("GRANSKA_AXE")
	if path == "" {
		path = filepath.Join("..", "..", ".cache", "axe", "node_modules", "axe-core", "axe.min.js")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatalf("axe-core not found (%v): run 'make axe'", err)
	}
	return string(src)
}

func pool(b *testing.B) *browser.Pool {
	p, err := browser.New(context.Background(), browser.Config{Tabs: 1})
	if err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatal(err)
		}
		b.Skip(err)
	}
	return p
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// BenchmarkAudit measures, on each page size and interleaved in one tab of
// one Chromium: the bare load, Granska's capture without the keyboard walk,
// Granska's full audit (load + capture with walk + all rules), and
// axe-core's load + inject + run. It reports medians in ms and the ratios
// the targets name: granska/axe (≤ 0.5) and capture-no-walk/load (≤ 1.5).
func BenchmarkAudit(b *testing.B) {
	srv := server()
	defer srv.Close()
	axe := axeSource(b)
	p := pool(b)
	defer p.Close()
	set := catalog.Default()
	for _, size := range Sizes {
		b.Run(size.Name, func(b *testing.B) {
			url := srv.URL + "/" + size.Name
			var load, nowalk, full, core, axeT, snap, ax, walk, walkShare, rulesT []float64
			var elements int
			for i := 0; i < b.N; i++ {
				// Bare load.
				p.Do(context.Background(), func(tab context.Context) error {
					t0 := time.Now()
					err := chromedp.Do(tab, chromedp.Navigate(url))
					load = append(load, ms(time.Since(t0)))
					return err
				})
				// Capture without the walk.
				p.Do(context.Background(), func(tab context.Context) error {
					t0 := time.Now()
					_, err := capture.Capture(tab, url, capture.Options{Walk: capture.WalkOptions{Disabled: true}})
					nowalk = append(nowalk, ms(time.Since(t0)))
					return err
				})
				// The spine alone: load, snapshot, AX tree and all rules,
				// without the walk, the re-layout variants, the pixel and
				// listener extras and the form probe.
				p.Do(context.Background(), func(tab context.Context) error {
					t0 := time.Now()
					pg, err := capture.Capture(tab, url, capture.Options{
						Walk:    capture.WalkOptions{Disabled: true},
						Extras:  capture.ExtraOptions{NoVariants: true, NoListeners: true, NoBackdrops: true, NoFocusPixels: true, NoMotion: true},
						Consent: capture.ConsentOptions{NoProbes: true},
					})
					if err != nil {
						return err
					}
					rules.Run(context.Background(), pg, set, rules.Options{})
					core = append(core, ms(time.Since(t0)))
					return nil
				})
				// Full audit.
				p.Do(context.Background(), func(tab context.Context) error {
					t0 := time.Now()
					pg, err := capture.Capture(tab, url, capture.Options{})
					if err != nil {
						b.Fatal(err)
					}
					r0 := time.Now()
					rules.Run(context.Background(), pg, set, rules.Options{})
					rulesT = append(rulesT, ms(time.Since(r0)))
					full = append(full, ms(time.Since(t0)))
					snap = append(snap, pg.Timings.Snapshot)
					ax = append(ax, pg.Timings.AXTree)
					walk = append(walk, pg.Timings.Walk)
					walkShare = append(walkShare, pg.Timings.Walk/ms(time.Since(t0)))
					elements = 0
					for k := range pg.Nodes {
						if pg.IsElement(k) {
							elements++
						}
					}
					return nil
				})
				// axe-core: load + inject + run + results.
				p.Do(context.Background(), func(tab context.Context) error {
					t0 := time.Now()
					if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
						return err
					}
					err := chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
						if _, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{Expression: axe}); err != nil {
							return err
						}
						tr := true
						r, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{
							Expression: "axe.run().then(r => JSON.stringify(r).length)", AwaitPromise: &tr, ReturnByValue: &tr})
						if err != nil {
							return err
						}
						if r.ExceptionDetails != nil {
							return fmt.Errorf("axe: %s", r.ExceptionDetails.Text)
						}
						return nil
					}))
					axeT = append(axeT, ms(time.Since(t0)))
					return err
				})
			}
			g, a, l, n := median(full), median(axeT), median(load), median(nowalk)
			b.ReportMetric(float64(elements), "elements")
			b.ReportMetric(l, "load-ms")
			b.ReportMetric(n, "capture-nowalk-ms")
			b.ReportMetric(median(snap), "snapshot-ms")
			b.ReportMetric(median(ax), "axtree-ms")
			b.ReportMetric(median(walk), "walk-ms")
			b.ReportMetric(median(rulesT), "rules-ms")
			b.ReportMetric(g, "granska-ms")
			b.ReportMetric(a, "axe-ms")
			b.ReportMetric(g/a, "granska/axe")
			b.ReportMetric(median(core)/a, "core/axe")
			b.ReportMetric(n/l, "nowalk/load")
			b.ReportMetric(median(walkShare), "walk-share")
			b.ReportMetric(0, "ns/op")
			fmt.Fprintf(os.Stderr, "%s\n", strings.Join([]string{
				fmt.Sprintf("%-6s elements=%d load=%.0fms capture(no walk)=%.0fms (%.2fx load) snapshot=%.0fms ax=%.0fms walk=%.0fms (%.0f%% of the audit) rules=%.1fms",
					size.Name, elements, l, n, n/l, median(snap), median(ax), median(walk), 100*median(walkShare), median(rulesT)),
				fmt.Sprintf("       granska full audit=%.0fms  axe load+inject+run=%.0fms  ratio granska/axe=%.2f  core (no walk/variants/extras/probe)=%.0fms core/axe=%.2f", g, a, g/a, median(core), median(core)/a),
			}, "\n"))
		})
	}
}
