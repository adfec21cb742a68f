package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/monitor"
	"github.com/granska/granska/internal/netguard"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/rules/catalog"
)

// switchable serves the demo site's broken twin, then whichever twin is
// set: one URL audited broken, then fixed.
type switchable struct{ h atomic.Value }

func (s *switchable) set(t demosite.Twin) { s.h.Store(demosite.Handler(t)) }
func (s *switchable) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.h.Load().(http.Handler).ServeHTTP(w, r)
}

// withMonitor gives the server a real monitor, set in *mon, with
// --allow-private, explicitly: the tests serve sites on loopback.
func withMonitor(t testing.TB, mon **monitor.Monitor) envOpt {
	return func(c *Config) {
		c.Guard = &netguard.Guard{AllowPrivate: true}
		m, err := monitor.New(monitor.Config{Store: c.Store, Rules: catalog.Default(), MaxRuns: 1, PerHost: 2, Poll: time.Second,
			WorkDir: t.TempDir(), Browser: browser.Config{Tabs: 2}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		*mon, c.Runner = m, m
		c.CheckSchedule = func(s string) error { _, err := monitor.ParseSchedule(s); return err }
	}
}

// TestFlowInChromium drives the dashboard in real Chromium with the
// keyboard and real audits: log in, add the demo site, run it, watch the
// run finish, repair the site, run again, see the trend of two runs, and
// filter the issues: the repaired ones are fixed and none is new.
func TestFlowInChromium(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test with two real audits")
	}
	pool := newBrowser(t) // the dashboard's browser; the monitor starts its own
	forEachStore(t, func(t *testing.T, dsn string) { testFlow(t, dsn, pool) })
}

func testFlow(t *testing.T, dsn string, pool *browser.Pool) {
	site := &switchable{}
	site.set(demosite.Broken)
	demo := httptest.NewServer(site)
	defer demo.Close()

	var mon *monitor.Monitor
	e := newEnv(t, dsn, withMonitor(t, &mon))
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	if err := mon.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer mon.Stop(context.Background())

	base := e.http.URL
	err := pool.Do(ctx, func(tab context.Context) error {
		do := func(step string, as ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			for _, a := range as {
				if err := chromedp.Do(tab, a); err != nil {
					t.Fatalf("%s: %v", step, err)
				}
			}
		}
		text := func(sel string) string {
			t.Helper()
			s, err := chromedp.Run(tab, chromedp.Text(sel))
			if err != nil {
				t.Fatalf("text of %s: %v", sel, err)
			}
			return s
		}
		eval := func(js string) int {
			t.Helper()
			n, err := chromedp.Run(tab, chromedp.Evaluate[int](js))
			if err != nil {
				t.Fatalf("%s: %v", js, err)
			}
			return n
		}
		// Log in with the keyboard: type, and Enter submits.
		do("login", chromedp.Navigate(base+"/lang/en?back=/"), chromedp.WaitVisible("#email"),
			chromedp.SendKeys("#email", e.emails[store.RoleEditor]), chromedp.SendKeys("#password", testPassword+"\r"),
			chromedp.WaitVisible(`a[href="/sites/new"]`))
		// Add the site.
		do("add site", chromedp.Click(`a[href="/sites/new"]`), chromedp.WaitVisible("#f-urls"),
			// Two pages, no crawl: the test is about the dashboard.
			chromedp.SendKeys("#f-name", "Norrsken"), chromedp.SendKeys("#f-urls", demo.URL+"/sv/\n"+demo.URL+"/sv/jobb"),
			chromedp.Click("#f-crawl"),
			chromedp.Submit("#f-urls"), chromedp.WaitVisible(`form[action$="/runs"] button`))
		loc, err := chromedp.Run(tab, chromedp.Evaluate[string]("location.pathname"))
		if err != nil || !strings.HasPrefix(loc, "/sites/") {
			t.Fatalf("after adding: at %q (%v)", loc, err)
		}
		// Run, watch it finish by reloading the page, as a user would.
		var runAndWait func(n int)
		retries := 0
		runAndWait = func(n int) {
			t.Helper()
			do(fmt.Sprintf("run %d", n), chromedp.Click(`form[action$="/runs"] button`), chromedp.WaitVisible(".flash"))
			if s := text(".flash"); !strings.Contains(s, "queued") {
				t.Fatalf("run %d: flash %q", n, s)
			}
			for {
				do("reload", chromedp.Navigate(base+loc), chromedp.WaitVisible("#latest"))
				st := text("#latest + dl .status")
				if st == "done" {
					return
				}
				if st == "failed" {
					why := text("#latest + dl")
					// A browser that could not start on an overloaded
					// machine is the machine's failure, not the site's:
					// run again (up to 3 times), as a user would.
					if strings.Contains(why, "browser: start") && retries < 3 {
						retries++
						t.Logf("run %d: the browser did not start, running again: %s", n, why)
						runAndWait(n)
						return
					}
					t.Fatalf("run %d failed: %s", n, why)
				}
				select {
				case <-ctx.Done():
					t.Fatalf("run %d did not finish: %s", n, st)
				case <-time.After(2 * time.Second):
				}
			}
		}
		runAndWait(1)
		if n := eval(`document.querySelectorAll("#t-issues ~ tbody tr, table:has(#t-issues) tbody tr").length`); n == 0 {
			t.Fatalf("no issues after auditing the broken twin")
		}
		site.set(demosite.Fixed)
		runAndWait(2)
		// The trend: two runs in the table beside the chart.
		if n := eval(`[...document.querySelectorAll("table:has(#t-impact) tbody th")].filter(th => !th.textContent.includes("failed")).length`); n != 2 {
			t.Errorf("trend rows of done runs = %d, want 2", n)
		}
		if n := eval(`document.querySelectorAll("figure.chart svg polyline").length`); n == 0 {
			t.Errorf("no chart lines")
		}
		// Filter: fixed issues are listed, none is new.
		do("filter fixed", chromedp.Click(`a[href$="?state=fixed#issues"]`), chromedp.WaitVisible("#issues"))
		fixed := eval(`document.querySelectorAll("table:has(#t-issues) tbody tr").length`)
		if fixed == 0 {
			t.Errorf("no fixed issues after the repair")
		}
		if n := eval(`[...document.querySelectorAll("table:has(#t-issues) tbody .state")].filter(e => e.textContent.trim() !== "fixed").length`); n != 0 {
			t.Errorf("%d rows in the fixed view are not fixed", n)
		}
		do("filter new", chromedp.Click(`a[href$="?state=new#issues"]`), chromedp.WaitVisible("#issues"))
		if n := eval(`document.querySelectorAll("table:has(#t-issues) tbody tr").length`); n != 0 {
			t.Errorf("%d new issues after the repair, want none", n)
		}
		do("review items", chromedp.Click(`nav a[href*="outcome=cantTell"]`), chromedp.WaitVisible("#issues"))
		t.Logf("%d failures fixed by the repair, none new; %d new items to review", fixed,
			eval(`document.querySelectorAll("table:has(#t-issues) tbody tr").length`))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
