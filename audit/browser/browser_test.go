package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

func newPool(t *testing.T, cfg Config) *Pool {
	t.Helper()
	p, err := New(context.Background(), cfg)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium is required under CI=true: %v", err)
		}
		t.Skipf("no Chromium: %v", err)
	}
	t.Cleanup(p.Close)
	return p
}

func title(t *testing.T, p *Pool, url string) (string, error) {
	var got string
	err := p.Do(context.Background(), func(tab context.Context) error {
		if err := chromedp.Do(tab, chromedp.Navigate(url)); err != nil {
			return err
		}
		var err error
		got, err = chromedp.Run(tab, chromedp.Title())
		return err
	})
	return got, err
}

func TestPoolParallelTabs(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "<title>%s</title>", r.URL.Path[1:])
	}))
	defer srv.Close()
	p := newPool(t, Config{Tabs: 2})
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		go func(i int) {
			got, err := title(t, p, fmt.Sprintf("%s/p%d", srv.URL, i))
			if err == nil && got != fmt.Sprintf("p%d", i) {
				err = fmt.Errorf("page %d: title %q", i, got)
			}
			errs <- err
		}(i)
	}
	for i := 0; i < 6; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// A renderer that crashes on every try fails with ErrCrashed, and the pool
// keeps working for the next page.
func TestPoolCrashedTab(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<title>ok</title>")
	}))
	defer srv.Close()
	p := newPool(t, Config{Tabs: 1})
	tries := 0
	err := p.Do(context.Background(), func(tab context.Context) error {
		tries++
		ctx, cancel := context.WithTimeout(tab, 5*time.Second)
		defer cancel()
		return chromedp.Do(ctx, chromedp.Navigate("chrome://crash"))
	})
	if err == nil {
		t.Fatal("navigating to chrome://crash succeeded")
	}
	if tries != 2 {
		t.Errorf("tried %d times, want 2 (one retry)", tries)
	}
	if !errors.Is(err, ErrCrashed) {
		t.Errorf("error %v does not wrap ErrCrashed", err)
	}
	if got, err := title(t, p, srv.URL); err != nil || got != "ok" {
		t.Fatalf("pool broken after a crash: %q, %v", got, err)
	}
}

// After RecycleAfter pages the browser restarts and work goes on.
func TestPoolRecycles(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<title>ok</title>")
	}))
	defer srv.Close()
	p := newPool(t, Config{Tabs: 1, RecycleAfter: 2})
	for i := 0; i < 5; i++ {
		if got, err := title(t, p, srv.URL); err != nil || got != "ok" {
			t.Fatalf("page %d: %q, %v", i, got, err)
		}
	}
	if p.Restarts() < 2 {
		t.Errorf("restarts = %d, want ≥ 2", p.Restarts())
	}
}

// Recycling with several tabs busy at once: every page is audited, no tab
// of the old browser comes back into the pool, and the pool does not lock
// up (a tab of the stopped browser once came back, was found dead, and its
// replacement restarted the new browser too, until the pool held more tabs
// than it has room for and every worker blocked).
func TestPoolRecyclesWhileBusy(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<title>ok</title>")
	}))
	defer srv.Close()
	p := newPool(t, Config{Tabs: 2, RecycleAfter: 3})
	const workers, pages = 3, 8
	errs := make(chan error, workers*pages)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Go(func() {
				for i := 0; i < pages; i++ {
					got, err := title(t, p, srv.URL)
					if err == nil && got != "ok" {
						err = fmt.Errorf("title %q", got)
					}
					errs <- err
				}
			})
		}
		wg.Wait()
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		buf := make([]byte, 1<<20)
		t.Fatalf("the pool locked up while recycling:\n%s", buf[:runtime.Stack(buf, true)])
	}
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	// How many recycles happen depends on timing (pages done while new
	// tabs open count toward the next); at most one per 3 pages, or a
	// recycle restarted more than the browser it meant to.
	if r := p.Restarts(); r < 1 || r > workers*pages/3+1 {
		t.Errorf("restarts = %d, want 1 to %d for %d pages", r, workers*pages/3+1, workers*pages)
	}
}
