package queue_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/granska/granska/internal/bigsite"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/store"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// docs counts the documents the browser loads, by host and by URL path
// and query ("HOST /path?query").
type docs struct {
	mu sync.Mutex
	n  map[string]int
}

func (d *docs) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Sec-Fetch-Dest") == "document" {
			d.mu.Lock()
			d.n[r.Host+" "+r.URL.RequestURI()]++
			d.mu.Unlock()
		}
		h.ServeHTTP(w, r)
	})
}

// binary builds granska once per test binary.
var (
	binOnce sync.Once
	binPath string
	binErr  error
)

func binary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "granska-queue-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "granska")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/granska/granska/cmd/granska").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// worker starts a "granska worker" process in its own process group and
// returns what kills it (SIGKILL, with its browser).
func worker(t *testing.T, dsn, id string, extra ...string) func() {
	t.Helper()
	args := append([]string{"worker", "--db", dsn, "--id", id, "--allow-private", "--host-pages", "2", "--heartbeat", "1s"}, extra...)
	cmd := exec.Command(binary(t), args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	kill := func() {
		once.Do(func() {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			cmd.Wait()
		})
	}
	t.Cleanup(kill)
	return kill
}

type fixture struct {
	st    store.Store
	q     *queue.Queue
	dsn   string
	docs  *docs
	org   store.Org
	sites []store.Site
}

func setup(t *testing.T) *fixture {
	t.Helper()
	chrometest.Require(t)
	dsn := pgtest.DSN(t)
	st, _, q, org := openQueue(t, dsn)
	return &fixture{st: st, q: q, dsn: dsn, docs: &docs{n: map[string]int{}}, org: org}
}

// site serves h on loopback and registers a site of the given paths.
func (f *fixture) site(t *testing.T, name string, h http.Handler, paths []string) store.Site {
	t.Helper()
	srv := httptest.NewServer(f.docs.wrap(h))
	t.Cleanup(srv.Close)
	var urls []string
	for _, p := range paths {
		urls = append(urls, srv.URL+p)
	}
	s, err := f.st.CreateSite(context.Background(), store.Site{OrgID: f.org.ID, Name: name, URLs: urls})
	if err != nil {
		t.Fatal(err)
	}
	f.sites = append(f.sites, s)
	return s
}

// queueRun creates a run of the site and its job.
func (f *fixture) queueRun(t *testing.T, s store.Site) store.Run {
	t.Helper()
	ctx := context.Background()
	r, err := f.q.CreateRun(ctx, s.ID, store.TriggerManual, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	// The rescue finds the run's job and inserts none.
	if err := f.q.Rescue(ctx, []store.Run{r}); err != nil {
		t.Fatal(err)
	}
	return r
}

// wait waits for the runs to end and checks each is done with every
// page journalled once and loaded by a browser once.
func (f *fixture) wait(t *testing.T, runs []store.Run, want map[int64]int) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(8 * time.Minute)
	for _, r := range runs {
		for {
			got, err := f.st.Run(ctx, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Status.Active() {
				if got.Status != store.StatusDone {
					t.Fatalf("run %d: %s (%s)", r.ID, got.Status, got.Reason)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("run %d still %s", r.ID, got.Status)
			}
			time.Sleep(200 * time.Millisecond)
		}
		pages, err := f.st.Pages(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, p := range pages {
			if seen[p.URL] {
				t.Errorf("run %d: page %s journalled twice", r.ID, p.URL)
			}
			seen[p.URL] = true
			if p.Error != "" {
				t.Errorf("run %d: page %s: %s", r.ID, p.URL, p.Error)
			}
		}
		if len(pages) != want[r.ID] {
			t.Errorf("run %d: %d pages journalled, want %d", r.ID, len(pages), want[r.ID])
		}
	}
	f.docs.mu.Lock()
	defer f.docs.mu.Unlock()
	keys := make([]string, 0, len(f.docs.n))
	for k := range f.docs.n {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	loads := 0
	for _, k := range keys {
		loads += f.docs.n[k]
	}
	t.Logf("%d browser document loads over %d distinct paths", loads, len(keys))
}

var (
	demoPaths = demosite.SitemapPaths()[:5]
	bigPaths  = []string{"/", "/jobs", "/news", "/people", "/jobs?page=2", "/news?page=2"}
)

// Three real worker processes audit two demo sites and two synthetic
// sites: every run ends done, every page is journalled exactly once, and
// every browser load of a page is counted once over all workers.
func TestWorkersAuditEveryPageOnce(t *testing.T) {
	f := setup(t)
	var runs []store.Run
	want := map[int64]int{}
	for i := range 2 {
		s := f.site(t, fmt.Sprintf("Demo %d", i), demosite.Handler(demosite.Broken), demoPaths)
		r := f.queueRun(t, s)
		runs, want[r.ID] = append(runs, r), len(demoPaths)
		s = f.site(t, fmt.Sprintf("Big %d", i), bigsite.Handler(bigsite.Lorem), bigPaths)
		r = f.queueRun(t, s)
		runs, want[r.ID] = append(runs, r), len(bigPaths)
	}
	for i := range 3 {
		worker(t, f.dsn, fmt.Sprintf("w%d", i))
	}
	f.wait(t, runs, want)
	// Each page was audited by a browser exactly once over all workers
	// (the crawl is off: the pages are the sites' URLs). One audit loads a
	// page more than once (the click and form probes load it again before
	// each probe), but as often for every audit of the same page: the two
	// twin sites of each kind must show the same loads per path, on
	// both sites. A page audited twice would make its site's count the
	// larger. With every site on 127.0.0.1 and --host-pages 2, at most two
	// runs execute at once.
	f.docs.mu.Lock()
	byPath := map[string][]int{}
	loads := 0
	for k, n := range f.docs.n {
		_, path, _ := strings.Cut(k, " ")
		byPath[path] = append(byPath[path], n)
		loads += n
	}
	f.docs.mu.Unlock()
	if len(byPath) != len(demoPaths)+len(bigPaths) {
		t.Errorf("documents loaded over %d paths, want %d", len(byPath), len(demoPaths)+len(bigPaths))
	}
	for path, ns := range byPath {
		if len(ns) != 2 || ns[0] != ns[1] {
			t.Errorf("%s: browser document loads per site %v, want the same on both twin sites", path, ns)
		}
	}
	t.Logf("%d browser document loads for %d page audits", loads, 2*(len(demoPaths)+len(bigPaths)))
}

// A worker is killed (SIGKILL, with its browser) in the middle of a run;
// River's rescuer hands the job to another worker, which continues the
// run from its journal: the pages before the kill are kept, none is
// journalled twice, and the status shows the dead worker's job rescued.
func TestKilledWorkerRunContinues(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	var paths []string
	for i := 1; i <= 6; i++ {
		paths = append(paths, fmt.Sprintf("/jobs?page=%d", i), fmt.Sprintf("/news?page=%d", i))
	}
	s := f.site(t, "Big", bigsite.Handler(bigsite.Lorem), paths)
	r := f.queueRun(t, s)
	kill := worker(t, f.dsn, "doomed", "--rescue-after", "3s")
	deadline := time.Now().Add(4 * time.Minute)
	for {
		got, _ := f.st.PageURLs(ctx, r.ID)
		if len(got) >= 2 {
			break
		}
		if run, _ := f.st.Run(ctx, r.ID); !run.Status.Active() {
			t.Fatalf("the run ended before the kill: %s %s", run.Status, run.Reason)
		}
		if time.Now().After(deadline) {
			t.Fatal("the worker journalled no page")
		}
		time.Sleep(20 * time.Millisecond)
	}
	kill()
	before, err := f.st.Pages(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := f.st.Run(ctx, r.ID); got.Status != store.StatusRunning || len(before) >= len(paths) {
		t.Fatalf("after the kill: run %s with %d of %d pages; want it running, part done", got.Status, len(before), len(paths))
	}
	worker(t, f.dsn, "w1", "--rescue-after", "3s")
	worker(t, f.dsn, "w2", "--rescue-after", "3s")
	f.wait(t, []store.Run{r}, map[int64]int{r.ID: len(paths)})
	after, err := f.st.Pages(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]int64{}
	for _, p := range after {
		kept[p.URL] = p.Seq
	}
	for _, p := range before {
		if kept[p.URL] != p.Seq {
			t.Errorf("page %s journalled before the kill (seq %d) was redone (seq %d)", p.URL, p.Seq, kept[p.URL])
		}
	}
	pool, err := queue.Open(ctx, f.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	// The run is done in the store before River marks its job completed
	// (the worker announces the run first), so wait for the job too.
	var st queue.Status
	for end := time.Now().Add(time.Minute); ; {
		st, err = queue.ReadStatus(ctx, pool)
		if err != nil {
			t.Fatal(err)
		}
		if st.Depth["completed"] == 1 || time.Now().After(end) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}
	if st.Depth["completed"] != 1 || len(st.Workers) != 3 {
		t.Errorf("status: depth %v, %d workers; want one completed job and three workers", st.Depth, len(st.Workers))
	}
	t.Logf("killed after %d of %d pages; status %+v", len(before), len(paths), st)
}
