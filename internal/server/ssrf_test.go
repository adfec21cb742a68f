package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/monitor"
	"github.com/granska/granska/internal/netguard"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/rules/catalog"
)

// TestSSRFDuringRun audits, with the guard on, a site standing in for a
// public one (allowed by its port) whose pages link to, redirect to and
// load an image from a private address on loopback. The private server
// is never reached, by the crawler or by the browser; a site whose start
// page redirects there fails with the reason.
func TestSSRFDuringRun(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	chrometest.Require(t)
	var hits atomic.Int32
	private := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		fmt.Fprint(w, "<title>internal</title>secret")
	}))
	defer private.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/go", "/start":
			http.Redirect(w, r, private.URL+"/admin", http.StatusFound)
		case "/robots.txt":
			http.NotFound(w, r)
		case "/sitemap.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/admin</loc></url></urlset>`, private.URL)
		default:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!DOCTYPE html><html lang="en"><head><title>Public</title><link rel="stylesheet" href="%[1]s/s.css"></head>
<body><main><h1>Public</h1><p><a href="/go">Go</a> <a href="%[1]s/admin">Admin</a> <a href="/about">About</a></p>
<img src="%[1]s/pixel.png" alt="pixel"><iframe src="%[1]s/frame" title="f"></iframe></main></body></html>`, private.URL)
		}
	}))
	defer public.Close()
	pu, _ := url.Parse(public.URL)
	guard := &netguard.Guard{Allow: func(ap netip.AddrPort) bool { return fmt.Sprint(ap.Port()) == pu.Port() }}
	proxy, err := guard.StartProxy()
	if err != nil {
		t.Fatal(err)
	}
	defer proxy.Close()

	var mon *monitor.Monitor
	e := newEnv(t, dsns[0](t), func(c *Config) {
		c.Guard = guard
		var err error
		mon, err = monitor.New(monitor.Config{Store: c.Store, Rules: catalog.Default(), Poll: time.Second, WorkDir: t.TempDir(),
			Browser: browser.Config{Tabs: 1}, Prepare: EngineGuard(guard, proxy.Addr()), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		c.Runner = mon
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := mon.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer mon.Stop(context.Background())

	// The API refuses the private site itself.
	if code, b := e.api("POST", "/api/v1/sites", "editor", map[string]string{"url": private.URL + "/"}); code != 422 {
		t.Fatalf("private site: %d %s", code, b)
	}
	run := func(start string) store.Run {
		code, b := e.api("POST", "/api/v1/sites", "editor", map[string]any{"url": public.URL + start, "sample": map[string]any{"crawl": true, "all": true}})
		if code != 201 {
			t.Fatalf("site %s: %d %s", start, code, b)
		}
		var s SiteJSON
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		r, err := mon.RunNow(ctx, s.ID, store.TriggerAPI)
		if err != nil {
			t.Fatal(err)
		}
		r, err = mon.Wait(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := run("/")
	if r.Status != store.StatusDone || r.Counts.Pages == 0 {
		t.Errorf("the public site's run: %s %q, %d pages", r.Status, r.Reason, r.Counts.Pages)
	}
	pages, err := e.st.PageURLs(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if strings.HasPrefix(p, private.URL) {
			t.Errorf("a private page was audited: %s", p)
		}
	}
	r = run("/start")
	if r.Status != store.StatusFailed {
		t.Errorf("a start page redirecting to a private address: %s, want failed", r.Status)
	}
	t.Logf("public run audited %v; redirected run: %s", pages, r.Reason)
	if n := hits.Load(); n != 0 {
		t.Errorf("the private server was reached %d times", n)
	}
}
