package audit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/rules/catalog"
)

// Config.PageGate is asked once per page with the page's host, before
// the page's requests, and what it lets in is all that runs: a gate of
// one slot keeps two tabs to one page at a time. A gate that refuses
// leaves the page failed with its reason, and the browser never loads it.
func TestPageGate(t *testing.T) {
	chrometest.Require(t)
	var mu sync.Mutex
	loaded := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		loaded[r.URL.Path]++
		mu.Unlock()
		fmt.Fprintf(w, `<!doctype html><html lang="sv"><title>Sida %s</title><main><h1>Sida</h1></main></html>`, r.URL.Path)
	}))
	defer srv.Close()
	var urls []string
	for _, p := range []string{"/a", "/b", "/c", "/d"} {
		urls = append(urls, srv.URL+p)
	}

	slot := make(chan struct{}, 1)
	var hosts []string
	var holding, most int
	gate := func(ctx context.Context, host string) (func(), error) {
		select {
		case slot <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		mu.Lock()
		hosts = append(hosts, host)
		holding++
		most = max(most, holding)
		mu.Unlock()
		return func() {
			mu.Lock()
			holding--
			mu.Unlock()
			<-slot
		}, nil
	}
	run, err := Run(context.Background(), Config{URLs: urls, Out: t.TempDir(), Rules: catalog.Default(),
		Browser: browser.Config{Tabs: 2}, PageGate: gate})
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Pages) != len(urls) || len(hosts) != len(urls) || most != 1 {
		t.Fatalf("%d pages, gate asked %d times (hosts %v), at most %d pages in at once; want %d, %d, 1",
			len(run.Pages), len(hosts), hosts, most, len(urls), len(urls))
	}
	for _, h := range hosts {
		if h != "127.0.0.1" {
			t.Errorf("gate asked for host %q, want 127.0.0.1", h)
		}
	}
	for _, p := range run.Pages {
		if p.Error != "" {
			t.Errorf("%s: %s", p.URL, p.Error)
		}
	}

	refused := errors.New("no slot today")
	mu.Lock()
	clear(loaded)
	mu.Unlock()
	run, _ = Run(context.Background(), Config{URLs: urls[:2], Out: t.TempDir(), Rules: catalog.Default(),
		PageGate: func(context.Context, string) (func(), error) { return nil, refused }})
	if run == nil || len(run.Pages) != 2 {
		t.Fatalf("refused pages not recorded: %+v", run)
	}
	for _, p := range run.Pages {
		if !strings.Contains(p.Error, "no slot today") || !strings.Contains(p.Error, "page slot of 127.0.0.1") {
			t.Errorf("%s: error %q, want the gate's reason", p.URL, p.Error)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	for path, n := range loaded {
		if path != "/robots.txt" && path != "/favicon.ico" {
			t.Errorf("%s loaded %d times though its gate refused", path, n)
		}
	}
}
