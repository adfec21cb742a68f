package queue_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/granska/granska/internal/bigsite"
	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/store"
)

// gates returns n host gates on one fresh database, each with its own
// pool (as n workers would have), and the pools.
func gates(t *testing.T, n int, cfg queue.GateConfig) ([]*queue.HostGate, []*pgxpool.Pool) {
	t.Helper()
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	var gs []*queue.HostGate
	var pools []*pgxpool.Pool
	for i := range n {
		pool, err := queue.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(pool.Close)
		c := cfg
		c.Holder = fmt.Sprintf("g%d", i)
		g, err := queue.NewHostGate(pool, c)
		if err != nil {
			t.Fatal(err)
		}
		gs, pools = append(gs, g), append(pools, pool)
	}
	return gs, pools
}

// blocked reports whether Acquire waits (it is still waiting after d);
// what it may have taken is given back.
func blocked(t *testing.T, g *queue.HostGate, host string, d time.Duration) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	release, err := g.Acquire(ctx, host)
	if err == nil {
		release()
		return false
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("acquire %s: %v", host, err)
	}
	return true
}

// One gate's slot keeps the other gates (other workers) out of that host
// until it is released, and only out of that host.
func TestHostGateExcludesOtherWorkers(t *testing.T) {
	gs, _ := gates(t, 2, queue.GateConfig{PerHost: 1})
	ctx := context.Background()
	release, err := gs[0].Acquire(ctx, "a.test")
	if err != nil {
		t.Fatal(err)
	}
	if !blocked(t, gs[1], "a.test", time.Second) {
		t.Fatal("a second worker took a.test's only slot while it was held")
	}
	if blocked(t, gs[1], "b.test", 30*time.Second) {
		t.Fatal("b.test waited for a.test's slot")
	}
	got := make(chan error, 1)
	go func() {
		r, err := gs[1].Acquire(ctx, "a.test")
		if err == nil {
			r()
		}
		got <- err
	}()
	release()
	release() // idempotent
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the waiting worker did not get a.test's slot after its release")
	}
}

// A slot given back goes to the oldest waiter, not to its holder asking
// again at once (a run's tabs cannot starve another run of the host).
func TestHostGateFirstComeFirstServed(t *testing.T) {
	gs, pools := gates(t, 2, queue.GateConfig{PerHost: 1, Poll: 20 * time.Millisecond})
	ctx := context.Background()
	release, err := gs[0].Acquire(ctx, "fifo.test")
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan func(), 1)
	go func() {
		r, err := gs[1].Acquire(ctx, "fifo.test")
		if err != nil {
			t.Error(err)
			r = func() {}
		}
		got <- r
	}()
	for deadline := time.Now().Add(time.Minute); ; {
		var n int
		if err := pools[0].QueryRow(ctx, `SELECT count(*) FROM granska_host_wait WHERE host = 'fifo.test'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the second gate never queued")
		}
		time.Sleep(10 * time.Millisecond)
	}
	release()
	if !blocked(t, gs[0], "fifo.test", time.Second) {
		t.Fatal("the holder took the slot again ahead of the waiter")
	}
	select {
	case r := <-got:
		r()
	case <-time.After(time.Minute):
		t.Fatal("the waiter did not get the slot")
	}
}

// Many holders on three gates taking and giving back slots of one host:
// never more than PerHost hold one at once.
func TestHostGateBound(t *testing.T) {
	const perHost = 2
	gs, _ := gates(t, 3, queue.GateConfig{PerHost: perHost, Poll: 10 * time.Millisecond})
	var holding, most atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, 12)
	for _, g := range gs {
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 5 {
					release, err := g.Acquire(context.Background(), "busy.test")
					if err != nil {
						errs <- err
						return
					}
					n := holding.Add(1)
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
					time.Sleep(5 * time.Millisecond)
					holding.Add(-1)
					release()
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if m := most.Load(); m > perHost {
		t.Fatalf("%d holders of busy.test at once, want at most %d", m, perHost)
	}
	t.Logf("60 slot takings by 12 holders on 3 gates; at most %d at once", most.Load())
}

// A holder that dies (its pool closed: no renewal, no release) keeps its
// slot only until its lease expires; a live holder renews its lease and
// keeps the slot for longer than the lease.
func TestHostGateLeaseOutlivesNoDeadHolder(t *testing.T) {
	const lease = time.Second
	gs, pools := gates(t, 3, queue.GateConfig{PerHost: 1, Lease: lease, Poll: 50 * time.Millisecond})
	ctx := context.Background()
	release, err := gs[0].Acquire(ctx, "live.test")
	if err != nil {
		t.Fatal(err)
	}
	if !blocked(t, gs[1], "live.test", 3*lease) {
		t.Fatal("a renewed slot was taken after its first lease")
	}
	release()

	if _, err := gs[2].Acquire(ctx, "dead.test"); err != nil {
		t.Fatal(err)
	}
	pools[2].Close() // the holder is gone without a release
	if blocked(t, gs[1], "dead.test", time.Minute) {
		t.Fatal("a dead holder's slot was not free a minute after its lease")
	}
}

// inflight counts, server-side, the pages of a site whose requests are in
// flight at once. A request belongs to the page that caused it: the page
// in its Referer (subresources, form submissions from the page), else
// its own URL (the page's document, reloads, the engine's hash fetches).
type inflight struct {
	mu      sync.Mutex
	pages   map[string]int // page -> requests in flight
	most    int            // most distinct pages in flight at once
	overlap []string       // page pairs seen in flight together
	spans   map[string][2]time.Time
}

func pageOf(r *http.Request) string {
	if ref := r.Referer(); ref != "" {
		if u, err := url.Parse(ref); err == nil {
			return u.RequestURI()
		}
	}
	return r.URL.RequestURI()
}

func (f *inflight) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := pageOf(r)
		f.mu.Lock()
		f.pages[p]++
		if len(f.pages) > f.most {
			f.most = len(f.pages)
		}
		if len(f.pages) > 1 {
			var ps []string
			for k := range f.pages {
				ps = append(ps, k)
			}
			sort.Strings(ps)
			f.overlap = append(f.overlap, strings.Join(ps, " + "))
		}
		f.mu.Unlock()
		defer func() {
			f.mu.Lock()
			if f.pages[p]--; f.pages[p] == 0 {
				delete(f.pages, p)
			}
			s := f.spans[p]
			if s[0].IsZero() {
				s[0] = time.Now()
			}
			s[1] = time.Now()
			f.spans[p] = s
			f.mu.Unlock()
		}()
		// Slow responses widen the window in which two pages would be
		// seen together.
		time.Sleep(150 * time.Millisecond)
		if r.URL.Path == "/pixel.svg" {
			w.Header().Set("Content-Type", "image/svg+xml")
			w.Header().Set("ETag", `"pixel"`) // no hash fetch needed
			fmt.Fprint(w, `<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>`)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Two worker processes with --host-pages 1 and --pages 2 run two sites
// of one loopback host at once: server-side, never two pages of that
// host are in flight together (neither the two tabs of one run nor the
// two runs), and both runs complete with every page.
func TestHostPagesAcrossWorkers(t *testing.T) {
	f := setup(t)
	fl := &inflight{pages: map[string]int{}, spans: map[string][2]time.Time{}}
	body := `<img src="/pixel.svg" alt="">` + bigsite.Lorem
	srv := httptest.NewServer(f.docs.wrap(fl.wrap(bigsite.Handler(body))))
	t.Cleanup(srv.Close)
	paths := map[string][]string{}
	var runs []store.Run
	want := map[int64]int{}
	for _, list := range []string{"jobs", "news"} {
		for i := 1; i <= 4; i++ {
			paths[list] = append(paths[list], fmt.Sprintf("/%s?page=%d", list, i))
		}
		var urls []string
		for _, p := range paths[list] {
			urls = append(urls, srv.URL+p)
		}
		s, err := f.st.CreateSite(context.Background(), store.Site{OrgID: f.org.ID, Name: list, URLs: urls})
		if err != nil {
			t.Fatal(err)
		}
		r := f.queueRun(t, s)
		runs, want[r.ID] = append(runs, r), len(urls)
	}
	for i := range 2 {
		worker(t, f.dsn, fmt.Sprintf("w%d", i), "--host-pages", "1", "--pages", "2", "--host-lease", "5s")
	}
	f.wait(t, runs, want)

	fl.mu.Lock()
	defer fl.mu.Unlock()
	// Both runs were under way at once: each one's first page started
	// before the other's last page ended. Otherwise only the two tabs of
	// a run competed for the slot.
	span := func(list string) (first, last time.Time) {
		for _, p := range paths[list] {
			s := fl.spans[p]
			if first.IsZero() || s[0].Before(first) {
				first = s[0]
			}
			if s[1].After(last) {
				last = s[1]
			}
		}
		return first, last
	}
	j0, j1 := span("jobs")
	n0, n1 := span("news")
	t.Logf("jobs run's pages %v, news run's %v (from the first request)", j1.Sub(j0).Round(time.Millisecond), n1.Sub(n0).Round(time.Millisecond))
	if !j0.Before(n1) || !n0.Before(j1) {
		t.Errorf("the two runs did not overlap in time: jobs %v–%v, news %v–%v", j0, j1, n0, n1)
	}
	if fl.most > 1 {
		t.Fatalf("%d pages of the host in flight at once with --host-pages 1; first overlaps: %v", fl.most, fl.overlap[:min(5, len(fl.overlap))])
	}
	var seen []string
	for p := range fl.spans {
		seen = append(seen, p)
	}
	sort.Strings(seen)
	t.Logf("pages (by requests) %v; at most %d in flight at once", seen, fl.most)
}
