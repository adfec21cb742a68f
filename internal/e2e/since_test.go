package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/loadtest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// swap serves whichever handler is current, so runs before and after a
// change see the same URLs.
type swap struct{ h atomic.Pointer[http.Handler] }

func (s *swap) ServeHTTP(w http.ResponseWriter, r *http.Request) { (*s.h.Load()).ServeHTTP(w, r) }
func (s *swap) set(h http.Handler)                               { s.h.Store(&h) }

func auditSince(t *testing.T, base string, since *result.Run, sinceDir string) (*result.Run, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	out := t.TempDir()
	run, err := audit.Run(ctx, audit.Config{
		URLs: []string{base + "/"}, Crawl: true, Out: out, Crops: true,
		Rules: catalog.Default(), RuleOptions: rules.Options{PublicSector: true},
		Since: since, SinceDir: sinceDir, Logf: t.Logf,
	})
	if err != nil {
		t.Fatal(err)
	}
	return run, out
}

// A re-audit of the unchanged demo reuses every page and gives the same
// outcomes; after one template's markup changed, exactly the pages of that
// template are audited again; after an image changed (the HTML not),
// exactly the pages that load it.
func TestSinceReusesUnchangedPages(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	var h swap
	h.set(demosite.Handler(demosite.Broken))
	srv := httptest.NewServer(&h)
	t.Cleanup(srv.Close)

	full, dir1 := auditSince(t, srv.URL, nil, "")
	for _, p := range full.Pages {
		if p.Error == "" && len(p.Resources) == 0 {
			t.Errorf("%s: no resources recorded", p.URL)
		}
	}
	same, dir2 := auditSince(t, srv.URL, full, dir1)
	if same.Reaudit == nil || same.Reaudit.Full {
		t.Fatalf("second run: reaudit %+v, want an incremental one", same.Reaudit)
	}
	for _, p := range same.Pages {
		if p.Reused == nil || p.Reused.From != full.RunID() {
			t.Errorf("unchanged %s: reused %+v, want from %s", p.URL, p.Reused, full.RunID())
		}
	}
	if same.Reaudit.Audited != 0 || same.Reaudit.Reused != len(full.Pages) {
		t.Errorf("second run: %+v, want all %d pages reused", same.Reaudit, len(full.Pages))
	}
	for _, l := range loadtest.Diff(loadtest.Outcomes(full), loadtest.Outcomes(same)) {
		t.Errorf("full vs reused: %s", l)
	}

	changed, err := demosite.NewChanged(demosite.Broken, "job")
	if err != nil {
		t.Fatal(err)
	}
	h.set(changed)
	third, dir3 := auditSince(t, srv.URL, same, dir2)
	if third.Reaudit == nil || third.Reaudit.Full || third.Reaudit.Incremental != 2 {
		t.Fatalf("third run: reaudit %+v, want the second incremental one", third.Reaudit)
	}
	audited := 0
	for _, p := range third.Pages {
		// Ground truth: the page's HTML carries the change.
		resp, err := http.Get(p.URL)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		isChanged := strings.Contains(string(b), "<!-- revised: the job template changed -->")
		switch {
		case isChanged && p.Reused != nil:
			t.Errorf("%s changed but was reused", p.URL)
		case !isChanged && p.Reused == nil:
			t.Errorf("%s unchanged but audited again", p.URL)
		case !isChanged && p.Reused.From != full.RunID():
			t.Errorf("%s: reused from %s, want the run that measured it, %s", p.URL, p.Reused.From, full.RunID())
		}
		if isChanged {
			audited++
		}
	}
	if audited == 0 {
		t.Error("no page of the job template was sampled")
	}
	// A comment changes nothing the rules see.
	for _, l := range loadtest.Diff(loadtest.Outcomes(full), loadtest.Outcomes(third)) {
		t.Errorf("full vs after the change: %s", l)
	}
	t.Logf("%d pages; unchanged re-audit reused %d; after the change %d audited, %d reused", len(full.Pages), same.Reaudit.Reused, third.Reaudit.Audited, third.Reaudit.Reused)

	// A subresource changed, the HTML not: an image that only the job
	// search form loads gets new bytes (same URL, no validators, so only
	// its hash tells). Exactly the pages that load it are audited again.
	const asset = "/static/img/search.svg"
	h.set(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != asset {
			changed.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		changed.ServeHTTP(rec, r)
		w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
		w.WriteHeader(rec.Code)
		w.Write(bytes.Replace(rec.Body.Bytes(), []byte("</svg>"), []byte("<!-- revised --></svg>"), 1))
	}))
	fourth, _ := auditSince(t, srv.URL, third, dir3)
	if fourth.Reaudit == nil || fourth.Reaudit.Full || fourth.Reaudit.Incremental != 3 {
		t.Fatalf("fourth run: reaudit %+v, want the third incremental one", fourth.Reaudit)
	}
	loads := 0
	for _, p := range fourth.Pages {
		resp, err := http.Get(p.URL)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		usesAsset := strings.Contains(string(b), asset)
		switch {
		case usesAsset && p.Reused != nil:
			t.Errorf("%s loads the changed %s but was reused", p.URL, asset)
		case !usesAsset && p.Reused == nil:
			t.Errorf("%s does not load %s but was audited again", p.URL, asset)
		}
		if usesAsset {
			loads++
		}
	}
	if loads == 0 {
		t.Errorf("no sampled page loads %s", asset)
	}
	for _, l := range loadtest.Diff(loadtest.Outcomes(full), loadtest.Outcomes(fourth)) {
		t.Errorf("full vs after the image changed: %s", l)
	}
	t.Logf("after %s changed: %d audited (%d pages load it), %d reused", asset, fourth.Reaudit.Audited, loads, fourth.Reaudit.Reused)
}
