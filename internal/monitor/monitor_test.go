package monitor

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules/catalog"
)

func openStore(t *testing.T) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), t.TempDir()+"/granska.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestParseSchedule(t *testing.T) {
	from := time.Date(2026, 12, 2, 10, 30, 0, 0, time.UTC) // a Wednesday
	for _, c := range []struct {
		in   string
		next time.Time
	}{
		{"daily", time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC)},
		{"weekly", time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)},
		{"@weekly", time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)},
		{"@every 6h", from.Add(6 * time.Hour)},
		{"0 3 * * 1", time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)},
		{"CRON_TZ=Europe/Stockholm 0 3 * * *", time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)},
	} {
		s, err := ParseSchedule(c.in)
		if err != nil {
			t.Errorf("ParseSchedule(%q): %v", c.in, err)
			continue
		}
		if got := s.Next(from); !got.Equal(c.next) {
			t.Errorf("%q: next after %v = %v, want %v", c.in, from, got, c.next)
		}
	}
	if s, err := ParseSchedule(""); s != nil || err != nil {
		t.Errorf(`ParseSchedule("") = %v, %v; want no schedule`, s, err)
	}
	for _, bad := range []string{"fortnightly", "@every 10s", "@every soon", "61 * * * *", "* * *", "0 3 * * 8"} {
		if _, err := ParseSchedule(bad); !errors.Is(err, ErrSchedule) {
			t.Errorf("ParseSchedule(%q) = %v, want ErrSchedule", bad, err)
		}
	}
}

// After three weeks of downtime a weekly site runs once, and its next
// slot is the next one after now.
func TestMissedSlotsRunOnce(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	site := newSite(t, st, store.Site{URLs: []string{"https://weekly.example/"}, Schedule: "weekly"})
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	m, err := New(Config{Store: st, Rules: catalog.Default(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	m.schedule(ctx) // a new site gets its first slot
	s, _ := st.Site(ctx, site.ID)
	if want := time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC); !s.NextRun.Equal(want) {
		t.Fatalf("first slot %v, want %v", s.NextRun, want)
	}
	now = now.Add(3 * 7 * 24 * time.Hour) // the server was down
	m2, _ := New(Config{Store: st, Rules: catalog.Default(), Now: func() time.Time { return now }})
	m2.schedule(ctx)
	m2.schedule(ctx)
	runs, _ := st.Runs(ctx, site.ID, 0)
	if len(runs) != 1 || runs[0].Trigger != store.TriggerSchedule || !runs[0].Slot.Equal(s.NextRun) {
		t.Fatalf("runs after downtime = %+v, want one for the missed slot %v", runs, s.NextRun)
	}
	s, _ = st.Site(ctx, site.ID)
	if want := time.Date(2026, 12, 27, 0, 0, 0, 0, time.UTC); !s.NextRun.Equal(want) {
		t.Errorf("next slot %v, want %v", s.NextRun, want)
	}
	// An invalid schedule (stored by an older version, say) is logged and
	// skipped; the other sites go on.
	var logs bytes.Buffer
	bad, _ := st.CreateSite(ctx, store.Site{OrgID: site.OrgID, URLs: []string{"https://bad.example/"}, Schedule: "sometimes"})
	m3, _ := New(Config{Store: st, Rules: catalog.Default(), Now: func() time.Time { return now }, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	m3.schedule(ctx)
	if !strings.Contains(logs.String(), "invalid schedule") {
		t.Errorf("no log for the invalid schedule: %s", logs.String())
	}
	if runs, _ := st.Runs(ctx, bad.ID, 0); len(runs) != 0 {
		t.Errorf("site with an invalid schedule ran")
	}
}

// twinServer serves the demo site and switches twins.
type twinServer struct {
	*httptest.Server
	mu sync.Mutex
	h  http.Handler
}

func newTwinServer(t *testing.T, twin demosite.Twin) *twinServer {
	ts := &twinServer{h: demosite.Handler(twin)}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.mu.Lock()
		h := ts.h
		ts.mu.Unlock()
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *twinServer) switchTo(twin demosite.Twin) {
	ts.mu.Lock()
	ts.h = demosite.Handler(twin)
	ts.mu.Unlock()
}

func demoURLs(base string, n int) []string {
	var out []string
	for _, p := range demosite.SitemapPaths()[:n] {
		out = append(out, base+p)
	}
	return out
}

func start(t *testing.T, cfg Config) *Monitor {
	t.Helper()
	if cfg.Rules == nil {
		cfg.Rules = catalog.Default()
	}
	cfg.WorkDir = t.TempDir()
	cfg.Browser = browser.Config{Tabs: 2}
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Stop(context.Background()) })
	return m
}

func wait(t *testing.T, m *Monitor, id int64) store.Run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r, err := m.Wait(ctx, id)
	if err != nil {
		t.Fatalf("run %d: %v", id, err)
	}
	return r
}

// newSite creates s in a new organisation.
func newSite(t *testing.T, st store.Store, s store.Site) store.Site {
	t.Helper()
	ctx := context.Background()
	org, err := st.CreateOrg(ctx, "Org")
	if err != nil {
		t.Fatal(err)
	}
	s.OrgID = org.ID
	site, err := st.CreateSite(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	return site
}

// The demo site audited broken, then fixed at the same URL: the second run
// has issues fixed and none new, and the evidence is stored.
func TestBrokenThenFixed(t *testing.T) {
	chrometest.Require(t)
	ctx := context.Background()
	st := openStore(t)
	ts := newTwinServer(t, demosite.Broken)
	site := newSite(t, st, store.Site{URLs: demoURLs(ts.URL, 3)})
	var finished []Finished
	var mu sync.Mutex
	m := start(t, Config{Store: st, OnFinish: func(_ context.Context, ev Finished) {
		mu.Lock()
		finished = append(finished, ev)
		mu.Unlock()
	}})
	r1, err := m.RunNow(ctx, site.ID, store.TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.RunNow(ctx, site.ID, store.TriggerManual); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second RunNow while running: %v, want ErrConflict", err)
	}
	r1 = wait(t, m, r1.ID)
	if r1.Status != store.StatusDone || r1.Counts.Pages != 3 || r1.Counts.Failed == 0 {
		t.Fatalf("broken run = %+v", r1)
	}
	newIssues, _ := st.Issues(ctx, site.ID, store.IssueFilter{State: store.StateNew, Run: r1.ID})
	if len(newIssues) == 0 || len(newIssues) != r1.Counts.Issues {
		t.Errorf("broken run: %d new issues, %d issues counted", len(newIssues), r1.Counts.Issues)
	}
	blobs, _ := st.Blobs(ctx, r1.ID)
	names := map[string]bool{}
	for _, b := range blobs {
		names[b.Name] = true
	}
	if !names[store.BlobResults] || !names[store.BlobReportHTML] || !names[store.BlobReportPDF] {
		t.Errorf("evidence of run 1: %v", names)
	}
	crops := 0
	for _, is := range newIssues {
		if is.Last.Crop != "" {
			crops++
			if !names[is.Last.Crop] {
				t.Errorf("issue %s: crop %s not stored", is.Fingerprint, is.Last.Crop)
			}
		}
	}
	if crops == 0 {
		t.Error("no issue has a crop")
	}
	t.Logf("evidence of one run of %d demo pages: %d bytes in %d blobs", r1.Counts.Pages, r1.EvidenceBytes, len(blobs))
	pages, _ := st.Pages(ctx, r1.ID)
	if len(pages) != 3 {
		t.Errorf("journal has %d pages, want 3", len(pages))
	}

	ts.switchTo(demosite.Fixed)
	r2, err := m.RunNow(ctx, site.ID, store.TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	r2 = wait(t, m, r2.ID)
	if r2.Status != store.StatusDone {
		t.Fatalf("fixed run = %+v", r2)
	}
	// Barriers (failed outcomes) fixed, none new. Items a person must
	// review (cantTell) are tracked the same way but are not barriers:
	// the fixed twin may have its own.
	fixed, _ := st.Issues(ctx, site.ID, store.IssueFilter{State: store.StateFixed, Run: r2.ID, Outcome: "failed"})
	nw, _ := st.Issues(ctx, site.ID, store.IssueFilter{State: store.StateNew, Run: r2.ID, Outcome: "failed"})
	if len(fixed) == 0 || len(nw) != 0 {
		var fps []string
		for _, is := range nw {
			fps = append(fps, is.Last.Rule+"/"+is.Last.Code+" "+is.Last.Selector)
		}
		t.Errorf("fixed run: %d failures fixed, %d new %v; want fixed ones and none new", len(fixed), len(nw), fps)
	}
	review, _ := st.Issues(ctx, site.ID, store.IssueFilter{State: store.StateNew, Run: r2.ID, Outcome: "cantTell"})
	t.Logf("fixed run: %d failures fixed, %d new review items (cantTell)", len(fixed), len(review))
	if r2.Counts.Failed >= r1.Counts.Failed {
		t.Errorf("failed outcomes %d after fixing, %d before", r2.Counts.Failed, r1.Counts.Failed)
	}
	mu.Lock()
	if len(finished) != 2 || finished[0].Run.ID != r1.ID || len(finished[0].Findings) == 0 {
		t.Errorf("OnFinish saw %d runs", len(finished))
	}
	mu.Unlock()
}

// A site that cannot be reached ends failed with the reason; its schedule
// goes on.
func TestUnreachable(t *testing.T) {
	chrometest.Require(t)
	ctx := context.Background()
	st := openStore(t)
	gone := httptest.NewServer(http.NotFoundHandler())
	url := gone.URL + "/"
	gone.Close()
	site := newSite(t, st, store.Site{URLs: []string{url}, Schedule: "daily"})
	m := start(t, Config{Store: st})
	r, err := m.RunNow(ctx, site.ID, store.TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	r = wait(t, m, r.ID)
	if r.Status != store.StatusFailed || !strings.Contains(strings.ToLower(r.Reason), "refused") {
		t.Errorf("run of an unreachable site = %s %q, want failed with the reason", r.Status, r.Reason)
	}
	s, _ := st.Site(ctx, site.ID)
	if s.NextRun.IsZero() {
		t.Error("the schedule stopped after a failed run")
	}
	if _, err := m.RunNow(ctx, site.ID, store.TriggerManual); err != nil {
		t.Errorf("a new run after the failed one: %v", err)
	}
}

// The server stops in the middle of a run; the next start continues it
// from the journal in the store: every page recorded once, none lost.
func TestResumeAfterStop(t *testing.T) {
	chrometest.Require(t)
	ctx := context.Background()
	st := openStore(t)
	var hits sync.Map
	demo := demosite.Handler(demosite.Broken)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Page fetches: the browser's document loads and the crawler's
		// (no Sec-Fetch-Dest), not what a page's script asks for.
		if d := r.Header.Get("Sec-Fetch-Dest"); r.URL.Path != "/" && !strings.Contains(r.URL.Path, ".") && (d == "" || d == "document") {
			n, _ := hits.LoadOrStore(r.URL.Path, new(atomic.Int32))
			n.(*atomic.Int32).Add(1)
		}
		demo.ServeHTTP(w, r)
	}))
	defer srv.Close()
	urls := demoURLs(srv.URL, 6)
	site := newSite(t, st, store.Site{URLs: urls})
	var logs syncBuffer
	cfg := Config{Store: st, Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	cfg.WorkDir = t.TempDir()
	cfg.Browser = browser.Config{Tabs: 1}
	cfg.Rules = catalog.Default()
	m, _ := New(cfg)
	if err := m.Start(ctx); err != nil {
		t.Fatal(err)
	}
	r, _ := m.RunNow(ctx, site.ID, store.TriggerManual)
	deadline := time.Now().Add(3 * time.Minute)
	for {
		urls, _ := st.PageURLs(ctx, r.ID)
		if len(urls) >= 2 {
			break
		}
		if run, _ := st.Run(ctx, r.ID); !run.Status.Active() {
			t.Fatalf("the run ended before the interruption: %s %s", run.Status, run.Reason)
		}
		if time.Now().After(deadline) {
			t.Fatal("no page journalled")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := m.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	before, _ := st.Pages(ctx, r.ID)
	// What the journalled pages were fetched until the stop: one audit
	// fetches a page more than once (the crawl, the probes' loads again),
	// but none of them may be fetched after the restart.
	atStop := map[string]int32{}
	for _, p := range before {
		path := strings.TrimPrefix(p.URL, srv.URL)
		if n, ok := hits.Load(path); ok {
			atStop[path] = n.(*atomic.Int32).Load()
		}
	}
	if got, _ := st.Run(ctx, r.ID); got.Status != store.StatusRunning || len(before) >= len(urls) {
		t.Fatalf("after stop: run %s with %d of %d pages; want it running, part done", got.Status, len(before), len(urls))
	}
	m2, _ := New(cfg)
	if err := m2.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer m2.Stop(ctx)
	checkContinued(t, m2, st, r.ID, before, len(urls))
	if strings.Contains(logs.String(), "already exists") {
		t.Errorf("a page was audited twice: %s", logs.String())
	}
	for _, p := range before {
		path := strings.TrimPrefix(p.URL, srv.URL)
		if n, ok := hits.Load(path); ok && n.(*atomic.Int32).Load() > atStop[path] {
			t.Errorf("%s fetched %d times after the restart: audited again", path, n.(*atomic.Int32).Load()-atStop[path])
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// checkContinued waits for a run a monitor continued after an interruption
// and checks its journal: every page once, those recorded before kept.
func checkContinued(t *testing.T, m *Monitor, st store.Store, runID int64, before []store.PageRecord, pages int) {
	t.Helper()
	done := wait(t, m, runID)
	if done.Status != store.StatusDone || done.Counts.Pages != pages {
		t.Fatalf("continued run = %s, %d pages: %s", done.Status, done.Counts.Pages, done.Reason)
	}
	after, _ := st.Pages(context.Background(), runID)
	if len(after) != pages {
		t.Errorf("journal has %d pages, want %d", len(after), pages)
	}
	for i, p := range before {
		if after[i].URL != p.URL || !after[i].Recorded.Equal(p.Recorded) {
			t.Errorf("page %s was recorded again after the interruption", p.URL)
		}
	}
}

// Without a WorkDir each Start gets its own temporary folder (two servers
// on one machine never share run folders), and Stop removes it.
func TestDefaultWorkDir(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	var dirs []string
	for range 2 {
		m, err := New(Config{Store: st, Rules: catalog.Default()})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.Start(ctx); err != nil {
			t.Fatal(err)
		}
		dirs = append(dirs, m.work)
		defer m.Stop(ctx)
	}
	if dirs[0] == dirs[1] || dirs[0] == "" {
		t.Fatalf("work folders %q", dirs)
	}
	m, _ := New(Config{Store: st, Rules: catalog.Default()})
	m.Start(ctx)
	dir := m.work
	if err := m.Stop(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("work folder %s left after Stop: %v", dir, err)
	}
}

// Every run after the first is a re-audit since the site's last done run:
// unchanged pages keep their outcomes (and their crops in the evidence),
// and every FullEvery-th run of the chain audits every page afresh.
func TestRunsReauditSincePrevious(t *testing.T) {
	chrometest.Require(t)
	ctx := context.Background()
	st := openStore(t)
	ts := newTwinServer(t, demosite.Broken)
	site := newSite(t, st, store.Site{URLs: demoURLs(ts.URL, 3)})
	// A failed run is never the one to re-audit since.
	bad, err := st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.FailRun(ctx, bad.ID, "test: a failed run", store.Counts{}); err != nil {
		t.Fatal(err)
	}
	m := start(t, Config{Store: st, FullEvery: 3})
	results := func(r store.Run) *result.Run {
		t.Helper()
		b, _, err := st.OpenBlob(ctx, r.ID, store.BlobResults)
		if err != nil {
			t.Fatal(err)
		}
		res, err := result.Read(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	runOnce := func() (store.Run, *result.Run) {
		t.Helper()
		r, err := m.RunNow(ctx, site.ID, store.TriggerManual)
		if err != nil {
			t.Fatal(err)
		}
		r = wait(t, m, r.ID)
		if r.Status != store.StatusDone {
			t.Fatalf("run %d = %+v", r.ID, r)
		}
		return r, results(r)
	}
	r1, res1 := runOnce()
	if res1.Reaudit != nil {
		t.Errorf("first run: reaudit %+v, want none (no previous done run)", res1.Reaudit)
	}

	r2, res2 := runOnce()
	if ra := res2.Reaudit; ra == nil || ra.Full || ra.Since != res1.RunID() || ra.Reused != 3 || ra.Audited != 0 || ra.Incremental != 1 {
		t.Fatalf("second run: reaudit %+v, want all 3 pages reused since run 1 (%s)", ra, res1.RunID())
	}
	for _, p := range res2.Pages {
		if p.Reused == nil || p.Reused.From != res1.RunID() {
			t.Errorf("%s: reused %+v", p.URL, p.Reused)
		}
	}
	if r2.Counts.Failed != r1.Counts.Failed || r2.Counts.CantTell != r1.Counts.CantTell {
		t.Errorf("counts %+v after reuse, %+v before", r2.Counts, r1.Counts)
	}
	fixed, _ := st.Issues(ctx, site.ID, store.IssueFilter{State: store.StateFixed, Run: r2.ID})
	nw, _ := st.Issues(ctx, site.ID, store.IssueFilter{State: store.StateNew, Run: r2.ID})
	if len(fixed) != 0 || len(nw) != 0 {
		t.Errorf("unchanged site: %d issues fixed, %d new", len(fixed), len(nw))
	}
	// Reused outcomes keep their crops in the run's evidence.
	blobs, _ := st.Blobs(ctx, r2.ID)
	names := map[string]bool{}
	for _, b := range blobs {
		names[b.Name] = true
	}
	crops := 0
	for _, p := range res2.Pages {
		for _, o := range p.Outcomes {
			if o.Target != nil && o.Target.Screenshot != "" {
				crops++
				if !names[o.Target.Screenshot] {
					t.Errorf("reused crop %s not in run %d's evidence", o.Target.Screenshot, r2.ID)
				}
			}
		}
	}
	if crops == 0 {
		t.Error("no reused outcome has a crop")
	}

	_, res3 := runOnce()
	if ra := res3.Reaudit; ra == nil || ra.Full || ra.Since != res2.RunID() || ra.Incremental != 2 || ra.Reused != 3 {
		t.Fatalf("third run: reaudit %+v, want the second incremental one, all reused", ra)
	}
	for _, p := range res3.Pages {
		if p.Reused == nil || p.Reused.From != res1.RunID() {
			t.Errorf("%s: reused %+v, want from the run that measured it, %s", p.URL, p.Reused, res1.RunID())
		}
	}
	_, res4 := runOnce()
	if ra := res4.Reaudit; ra == nil || !ra.Full || !strings.Contains(ra.Reason, "every 3") || ra.Audited != 3 {
		t.Fatalf("fourth run: reaudit %+v, want a full one (every 3 runs)", ra)
	}
	for _, p := range res4.Pages {
		if p.Reused != nil {
			t.Errorf("%s reused in a full run", p.URL)
		}
	}
}

// A public body's site set to the sample of Decision (EU) 2018/1524 (sample
// method "wad"), run by the monitor against the demo site on loopback,
// stores a run whose results.json has the sample with the reasons and the
// kinds the demo's oracle lists, the statement check with the broken
// statement's findings, and the linked PDFs checked.
func TestWADSiteRun(t *testing.T) {
	chrometest.Require(t)
	ctx := context.Background()
	oracle, err := demosite.Public()
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	ts := newTwinServer(t, demosite.Broken)
	org, _ := st.CreateOrg(ctx, "Tillsynen")
	site, err := st.CreateSite(ctx, store.Site{OrgID: org.ID, Name: "Demo", URLs: []string{ts.URL + "/"}, PublicSector: true, Group: "Demokommunen",
		Sample: store.Sample{Crawl: true, Method: crawl.SampleWAD}})
	if err != nil {
		t.Fatal(err)
	}
	m := start(t, Config{Store: st})
	r, err := m.RunNow(ctx, site.ID, store.TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	r = wait(t, m, r.ID)
	if r.Status != store.StatusDone {
		t.Fatalf("run = %+v", r)
	}
	data, _, err := st.OpenBlob(ctx, r.ID, store.BlobResults)
	if err != nil {
		t.Fatal(err)
	}
	res, err := result.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if res.Options.Sample != crawl.SampleWAD || !res.Options.PublicSector {
		t.Errorf("options %+v, want the wad sample of a public body", res.Options)
	}
	reasons := map[string]int{}
	sampled := map[string]bool{}
	for _, e := range res.Sample {
		if len(e.Reasons) == 0 {
			t.Errorf("sample entry %v without a reason", e.URL)
		}
		if e.URL == nil {
			t.Errorf("required kind %v not found on the demo site", e.Reasons)
			continue
		}
		sampled[*e.URL] = true
		for _, k := range e.Reasons {
			reasons[k]++
		}
	}
	for _, k := range oracle.Sample {
		if reasons[k] == 0 {
			t.Errorf("no %s in the stored sample (reasons %v)", k, reasons)
		}
	}
	// The pages audited are the sample's pages.
	for _, p := range res.Pages {
		if !sampled[p.URL] {
			t.Errorf("audited %s, which is not in the sample", p.URL)
		}
	}
	if r.Counts.Pages == 0 || r.Counts.Pages > len(sampled) {
		t.Errorf("%d pages audited of %d sampled", r.Counts.Pages, len(sampled))
	}
	found := map[string]map[string]bool{}
	for _, sc := range res.Statements {
		got := map[string]bool{}
		for _, f := range sc.Findings {
			got[f.Part+"/"+string(f.Outcome)+":"+f.Code] = true
		}
		found[strings.TrimPrefix(sc.URL, ts.URL)] = got
	}
	for _, o := range oracle.Statements {
		got, ok := found[o.Page]
		if !ok {
			t.Errorf("statement %s not checked (checked: %v)", o.Page, found)
			continue
		}
		for _, w := range o.Broken {
			if !got[w] {
				t.Errorf("statement %s: no finding %s (got %v)", o.Page, w, got)
			}
		}
	}
	checked := 0
	for _, d := range res.Documents {
		if d.Status == "checked" {
			checked++
		}
	}
	if checked == 0 {
		t.Errorf("no document checked: %+v", res.Documents)
	}
	t.Logf("wad run: %d sampled pages, %d audited, reasons %v, %d statements, %d documents (%d checked)",
		len(sampled), r.Counts.Pages, reasons, len(res.Statements), len(res.Documents), checked)
}
