package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/rules/catalog"
)

// sideServer serves the medium page at /m/1 … /m/N and the large one at
// /large; links on them lead to a small page.
func sideServer() *httptest.Server {
	medium, large := JobPage(105), JobPage(1170)
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := `<!doctype html><html lang="sv"><title>Sida</title><p>Sida</p></html>`
		switch {
		case strings.HasPrefix(r.URL.Path, "/m/"):
			body = medium
		case r.URL.Path == "/large":
			body = large
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
}

// granskaList audits urls with the real engine as `granska audit
// --no-crawl` does (2 tabs, crops on) and returns the time from the first
// page started to the end of the run (the browser's start-up excluded, as
// it is for axe-core).
func granskaList(b *testing.B, urls []string) time.Duration {
	return granskaLevers(b, urls, capture.Levers{})
}

// granskaLevers is granskaList with the capture levers lv.
func granskaLevers(b *testing.B, urls []string, lv capture.Levers) time.Duration {
	var once sync.Once
	var first time.Time
	_, err := audit.Run(context.Background(), audit.Config{
		URLs: urls, Out: b.TempDir(), Rules: catalog.Default(), Crops: true,
		Browser: browser.Config{Tabs: 2}, Capture: capture.Options{Levers: lv},
		Progress: func(ev audit.Event) {
			if ev.Kind == "start" {
				once.Do(func() { first = time.Now() })
			}
		},
	})
	if err != nil {
		b.Fatal(err)
	}
	return time.Since(first)
}

// axeList runs axe-core on urls in 2 tabs of one Chromium (load, inject,
// run, results back to Go as JSON) and returns the time from the first
// page started to the last result.
func axeList(b *testing.B, axe string, urls []string) time.Duration {
	p, err := browser.New(context.Background(), browser.Config{Tabs: 2})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	ch := make(chan string)
	var wg sync.WaitGroup
	t0 := time.Now()
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for u := range ch {
				err := p.Do(context.Background(), func(tab context.Context) error {
					if err := chromedp.Do(tab, chromedp.Navigate(u)); err != nil {
						return err
					}
					return chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
						if _, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{Expression: axe}); err != nil {
							return err
						}
						tr := true
						r, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{
							Expression: "axe.run().then(r => JSON.stringify(r))", AwaitPromise: &tr, ReturnByValue: &tr})
						if err == nil && r.ExceptionDetails != nil {
							err = fmt.Errorf("axe: %s", r.ExceptionDetails.Text)
						}
						return err
					}))
				})
				if err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for _, u := range urls {
		ch <- u
	}
	close(ch)
	wg.Wait()
	return time.Since(t0)
}

// BenchmarkSideBySide compares the whole run with axe-core's, same
// Chromium, 2 tabs each: 60 medium career pages (about 1,600 elements
// each) and one large page (about 16,000 elements). It reports both times
// and the ratio granska/axe (target ≤ 0.5).
func BenchmarkSideBySide(b *testing.B) {
	srv := sideServer()
	defer srv.Close()
	axe := axeSource(b)
	n := 60
	if s := os.Getenv("GRANSKA_SIDE_PAGES"); s != "" {
		fmt.Sscan(s, &n)
	}
	var medium []string
	for i := 1; i <= n; i++ {
		medium = append(medium, fmt.Sprintf("%s/m/%d", srv.URL, i))
	}
	large := []string{srv.URL + "/large"}
	for b.Loop() {
		var gm, am, gl, al time.Duration
		gmc := cpu(func() { gm = granskaList(b, medium) })
		amc := cpu(func() { am = axeList(b, axe, medium) })
		glc := cpu(func() { gl = granskaList(b, large) })
		alc := cpu(func() { al = axeList(b, axe, large) })
		b.ReportMetric(gmc.Seconds(), "granska-medium-cpu-s")
		b.ReportMetric(amc.Seconds(), "axe-medium-cpu-s")
		b.ReportMetric(glc.Seconds(), "granska-large-cpu-s")
		b.ReportMetric(alc.Seconds(), "axe-large-cpu-s")
		b.ReportMetric(gm.Seconds(), "granska-medium-s")
		b.ReportMetric(am.Seconds(), "axe-medium-s")
		b.ReportMetric(gm.Seconds()/am.Seconds(), "medium-granska/axe")
		b.ReportMetric(gl.Seconds(), "granska-large-s")
		b.ReportMetric(al.Seconds(), "axe-large-s")
		b.ReportMetric(gl.Seconds()/al.Seconds(), "large-granska/axe")
		b.ReportMetric(0, "ns/op")
		fmt.Fprintf(os.Stderr, "CPU (Go + Chromium): medium granska %.1f s, axe-core %.1f s, ratio %.2f; large granska %.1f s, axe-core %.1f s, ratio %.2f\n",
			gmc.Seconds(), amc.Seconds(), gmc.Seconds()/amc.Seconds(), glc.Seconds(), alc.Seconds(), glc.Seconds()/alc.Seconds())
		fmt.Fprintf(os.Stderr, "side by side, 2 tabs each: %d medium pages granska %.1f s, axe-core %.1f s, ratio %.2f; large page granska %.1f s, axe-core %.1f s, ratio %.2f (target <= 0.5)\n",
			n, gm.Seconds(), am.Seconds(), gm.Seconds()/am.Seconds(), gl.Seconds(), al.Seconds(), gl.Seconds()/al.Seconds())
	}
}

// cpu runs fn and returns the CPU time (user + system) it cost this
// process and the browsers it started and closed: wall-clock time on a
// shared machine measures the machine's load as much as the work.
func cpu(fn func()) time.Duration {
	used := func() time.Duration {
		var self, kids syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &self)
		_ = syscall.Getrusage(syscall.RUSAGE_CHILDREN, &kids)
		d := time.Duration(0)
		for _, r := range []syscall.Rusage{self, kids} {
			d += time.Duration(r.Utime.Nano() + r.Stime.Nano())
		}
		return d
	}
	t0 := used()
	fn()
	return used() - t0
}
