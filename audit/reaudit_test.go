package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/result"
)

func TestPlanReaudit(t *testing.T) {
	started := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	prev := func(version, key string, ra *result.Reaudit) *result.Run {
		return &result.Run{Started: started, Tool: result.Tool{Version: version}, RulesKey: key, Reaudit: ra,
			Pages: []result.Page{
				{URL: "http://127.0.0.1/a", Resources: []page.Resource{{URL: "http://127.0.0.1/a", Status: 200, SHA256: "x"}}},
				{URL: "http://127.0.0.1/b", Error: "failed"},
				{URL: "http://127.0.0.1/c"},
				{URL: "http://127.0.0.1/d", Resources: []page.Resource{{URL: "http://127.0.0.1/d"}}, ResourcesOver: true},
				{URL: "http://127.0.0.1/e", Resources: []page.Resource{{URL: "http://127.0.0.1/e"}}, Gaps: []page.Gap{{Kind: page.GapTimeout}}},
			}}
	}
	for _, c := range []struct {
		name      string
		prev      *result.Run
		every     int
		full      bool
		reason    string
		increment int
	}{
		{"same engine and rules", prev(Version, "k", nil), 0, false, "", 1},
		{"chain goes on", prev(Version, "k", &result.Reaudit{Incremental: 3}), 0, false, "", 4},
		{"a full run restarts the chain", prev(Version, "k", &result.Reaudit{Full: true}), 0, false, "", 1},
		{"engine changed", prev("0.0.1", "k", nil), 0, true, "engine", 0},
		{"rules changed", prev(Version, "other", nil), 0, true, "rules", 0},
		{"no key recorded", prev(Version, "", nil), 0, true, "rules", 0},
		{"Nth run", prev(Version, "k", &result.Reaudit{Incremental: 9}), 0, true, "every 10", 0},
		{"every 3", prev(Version, "k", &result.Reaudit{Incremental: 2}), 3, true, "every 3", 0},
		{"always full", prev(Version, "k", nil), 1, true, "every 1", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			run := &result.Run{RulesKey: "k"}
			r := planReaudit(&Config{Since: c.prev, FullEvery: c.every}, run)
			ra := run.Reaudit
			if ra == nil || ra.Since != c.prev.RunID() {
				t.Fatalf("reaudit %+v, want since %s", ra, c.prev.RunID())
			}
			if ra.Full != c.full || !strings.Contains(ra.Reason, c.reason) || ra.Incremental != c.increment {
				t.Errorf("reaudit %+v, want full %v (%q), incremental %d", ra, c.full, c.reason, c.increment)
			}
			if (r == nil) != c.full {
				t.Fatalf("plan %v for full %v", r, c.full)
			}
			if r != nil && (len(r.pages) != 1 || r.pages["http://127.0.0.1/a"].URL == "") {
				t.Errorf("reusable pages %v, want only /a (no error, resources complete, no safety net expired)", r.pages)
			}
		})
	}
	if r := planReaudit(&Config{}, &result.Run{}); r != nil {
		t.Error("a plan without --since")
	}
}

func hash(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }

// unchanged revalidates with ETag and Last-Modified, falls back to body
// hashes, and calls anything else a change.
func TestUnchanged(t *testing.T) {
	body := map[string]string{"/page": "<html>v1</html>", "/style.css": "p{}", "/img.png": "PNG"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old":
			http.Redirect(w, r, "/page", http.StatusMovedPermanently)
			return
		case "/style.css":
			w.Header().Set("ETag", `"s1"`)
			if r.Header.Get("If-None-Match") == `"s1"` {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		case "/img.png":
			w.Header().Set("Last-Modified", "Mon, 30 Nov 2026 10:00:00 GMT")
			if r.Header.Get("If-Modified-Since") == "Mon, 30 Nov 2026 10:00:00 GMT" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
		b, ok := body[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(b))
	}))
	defer srv.Close()
	r := &reaudit{since: &result.Run{}, client: srv.Client()}
	r.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res := func(path, etag, lm, sum string) page.Resource {
		return page.Resource{URL: srv.URL + path, Status: 200, ETag: etag, LastModified: lm, SHA256: sum}
	}
	validated := result.Page{URL: srv.URL + "/style.css", Resources: []page.Resource{
		res("/style.css", `"s1"`, "", ""), res("/img.png", "", "Mon, 30 Nov 2026 10:00:00 GMT", "")}}
	if how, err := r.unchanged(context.Background(), validated); err != nil || how != "validators" {
		t.Errorf("validators: %q, %v", how, err)
	}
	hashed := result.Page{URL: srv.URL + "/old", FinalURL: srv.URL + "/page", Resources: []page.Resource{
		res("/page", "", "", hash("<html>v1</html>")), res("/style.css", `"s1"`, "", "")}}
	if how, err := r.unchanged(context.Background(), hashed); err != nil || how != "hashes" {
		t.Errorf("hashes: %q, %v", how, err)
	}
	for name, p := range map[string]result.Page{
		"content":      {URL: srv.URL + "/page", Resources: []page.Resource{res("/page", "", "", hash("<html>v0</html>"))}},
		"new etag":     {URL: srv.URL + "/page", Resources: []page.Resource{res("/style.css", `"s0"`, "", hash("old"))}},
		"gone":         {URL: srv.URL + "/page", Resources: []page.Resource{res("/gone.js", "", "", hash("x"))}},
		"no hash":      {URL: srv.URL + "/page", Resources: []page.Resource{res("/page", "", "", "")}},
		"redirect":     {URL: srv.URL + "/page2", FinalURL: srv.URL + "/page", Resources: []page.Resource{res("/page", "", "", hash("<html>v1</html>"))}},
		"not http URL": {URL: srv.URL + "/page", Resources: []page.Resource{{URL: "file:///etc/passwd", Status: 200, SHA256: "x"}}},
	} {
		if _, err := r.unchanged(context.Background(), p); !errors.Is(err, errChanged) {
			t.Errorf("%s: %v, want a change", name, err)
		}
	}
}

// A reused page names the run that measured it and drops its site-rule
// outcomes, which the run judges again over all pages.
func TestReuseMarksAndDropsSiteOutcomes(t *testing.T) {
	first := &result.Run{Started: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
	second := &result.Run{Started: time.Date(2026, 11, 8, 0, 0, 0, 0, time.UTC)}
	p := result.Page{URL: "http://127.0.0.1/", Timings: result.Timings{Total: 900},
		Outcomes: []result.Outcome{{Rule: "image-alt"}, {Rule: "privacy-policy-link-site"}},
		Summary:  []result.RuleCount{{Rule: "image-alt", Failed: 1}, {Rule: "privacy-policy-link-site", Failed: 1}}}
	r := &reaudit{since: second, siteRules: map[string]bool{"privacy-policy-link-site": true}}
	got := r.reuse(p, "hashes", "")
	if got.Reused == nil || got.Reused.From != second.RunID() || got.Reused.Checked != "hashes" {
		t.Errorf("reused %+v, want from %s", got.Reused, second.RunID())
	}
	if len(got.Outcomes) != 1 || got.Outcomes[0].Rule != "image-alt" {
		t.Errorf("outcomes %+v, want image-alt only", got.Outcomes)
	}
	if got.Summary[1] != (result.RuleCount{Rule: "privacy-policy-link-site", Inapplicable: true}) || got.Summary[0].Failed != 1 {
		t.Errorf("summary %+v", got.Summary)
	}
	if p.Summary[1].Failed != 1 {
		t.Error("reuse changed the earlier run's page")
	}
	got.Reused.From = first.RunID()
	if again := r.reuse(got, "validators", ""); again.Reused.From != first.RunID() {
		t.Errorf("reused twice: from %s, want the run that measured it, %s", again.Reused.From, first.RunID())
	}
}

// fillHashes hashes what has neither a hash nor validators, and nothing else.
func TestFillHashes(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("body")) }))
	defer srv.Close()
	rs := []page.Resource{
		{URL: srv.URL + "/a", Status: 200},
		{URL: srv.URL + "/b", Status: 200, ETag: `"e"`},
		{URL: srv.URL + "/c", Status: 200, SHA256: "kept"},
		{URL: srv.URL + "/d", Status: 404},
	}
	fillHashes(context.Background(), newClient(), rs)
	if rs[0].SHA256 != hash("body") || rs[1].SHA256 != "" || rs[2].SHA256 != "kept" || rs[3].SHA256 != "" {
		t.Errorf("hashes %q %q %q %q", rs[0].SHA256, rs[1].SHA256, rs[2].SHA256, rs[3].SHA256)
	}
}
