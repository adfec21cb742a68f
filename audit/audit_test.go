package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules/catalog"
)

// hostile serves pages that misbehave in the ways real sites do.
func hostile() *httptest.Server {
	mux := http.NewServeMux()
	page := func(title, body string) string {
		return fmt.Sprintf(`<!doctype html><html lang="sv"><head><title>%s</title></head><body><main><h1>%s</h1>%s</main></body></html>`, title, title, body)
	}
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Bra sida", `<img src="data:," alt=""><input aria-label="Namn">`))
	})
	mux.HandleFunc("/barrier", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Brister", `<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='9' height='9'/%3E"><input>`))
	})
	mux.HandleFunc("/error", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500)
		fmt.Fprint(w, page("Serverfel", ""))
	})
	mux.HandleFunc("/alert", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Dialog", `<script>alert("hej"); confirm("säker?");</script>`))
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		// Never finishes: the load event never fires.
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<!doctype html><html lang="sv"><head><title>Hänger</title></head><body><p>Laddar`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	})
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4\n%%EOF\n"))
	})
	mux.HandleFunc("/crash", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Kraschar", `<script>location.href="chrome://crash"</script>`))
	})
	return httptest.NewServer(mux)
}

func TestRunList(t *testing.T) {
	chrometest.Require(t)
	srv := hostile()
	defer srv.Close()
	out := t.TempDir()
	urls := []string{srv.URL + "/ok", srv.URL + "/barrier", srv.URL + "/error", srv.URL + "/alert", srv.URL + "/hang", srv.URL + "/pdf", "http://127.0.0.1:1/unreachable"}
	var finished []int // done+failed as each page's event reports it
	run, err := Run(context.Background(), Config{
		URLs: urls, Out: out, Rules: catalog.Default(),
		Browser: browser.Config{Tabs: 2},
		Capture: capture.Options{LoadTimeout: 8 * time.Second},
		Progress: func(e Event) {
			if e.Kind == "done" || e.Kind == "failed" {
				finished = append(finished, e.Done+e.Failed)
			}
		},
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	// Progress counts each finished page once, in order (1/7 ... 7/7).
	for k, n := range finished {
		if n != k+1 {
			t.Errorf("progress events count %v, want 1 to %d", finished, len(urls))
			break
		}
	}
	if !run.Complete {
		t.Errorf("run not complete: %v", run.Errors)
	}
	byURL := map[string]result.Page{}
	for _, p := range run.Pages {
		byURL[p.URL] = p
	}
	if len(byURL) != len(urls) {
		t.Fatalf("%d pages recorded, want %d", len(byURL), len(urls))
	}
	if p := byURL[srv.URL+"/ok"]; p.Error != "" || p.Status != 200 || countFailed(p) != 0 {
		t.Errorf("/ok: error %q status %d failed %d: %+v", p.Error, p.Status, countFailed(p), p.Outcomes)
	}
	if p := byURL[srv.URL+"/barrier"]; !hasFailure(p, "image-alt") || !hasFailure(p, "form-field-name") {
		t.Errorf("/barrier: barriers not found: %+v", p.Outcomes)
	}
	if p := byURL[srv.URL+"/error"]; p.Status != 500 {
		t.Errorf("/error: status %d, error %q", p.Status, p.Error)
	}
	if p := byURL[srv.URL+"/alert"]; p.Error != "" || p.Title != "Dialog" {
		t.Errorf("/alert: dialogs blocked the page: %q %q", p.Error, p.Title)
	}
	if p := byURL[srv.URL+"/hang"]; p.Error != "" || !hasGap(p, "timeout") {
		t.Errorf("/hang: want a capture with a timeout gap, got error %q gaps %v", p.Error, p.Gaps)
	}
	if p := byURL[srv.URL+"/pdf"]; !hasGap(p, "not-html") || len(p.Outcomes) != 0 {
		t.Errorf("/pdf: want not-html and no outcomes, got %v %v", p.Gaps, p.Outcomes)
	}
	if p := byURL["http://127.0.0.1:1/unreachable"]; p.Error == "" {
		t.Errorf("unreachable host recorded without an error")
	}
	// results.json is written and reads back.
	back, err := result.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Pages) != len(urls) {
		t.Errorf("results.json has %d pages", len(back.Pages))
	}
}

// A renderer crash on one page is retried once, then recorded as failed;
// the other pages are audited.
func TestRunCrashingPage(t *testing.T) {
	chrometest.Require(t)
	srv := hostile()
	defer srv.Close()
	run, err := Run(context.Background(), Config{
		URLs: []string{srv.URL + "/crash", srv.URL + "/ok"}, Out: t.TempDir(), Rules: catalog.Default(),
		Browser: browser.Config{Tabs: 1}, Capture: capture.Options{LoadTimeout: 5 * time.Second},
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	for _, p := range run.Pages {
		switch p.URL {
		case srv.URL + "/ok":
			if p.Error != "" {
				t.Errorf("/ok failed after a crash on another page: %s", p.Error)
			}
		case srv.URL + "/crash":
			t.Logf("/crash: error %q gaps %v", p.Error, p.Gaps)
		}
	}
}

// An interrupted run keeps what it did; Resume audits the rest, and no page
// twice.
func TestResume(t *testing.T) {
	chrometest.Require(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `<!doctype html><html lang="en"><head><title>%s</title></head><body><p>%s</p></body></html>`, r.URL.Path, r.URL.Path)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var urls []string
	for i := 0; i < 8; i++ {
		urls = append(urls, fmt.Sprintf("%s/p%d", srv.URL, i))
	}
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var done atomic.Int32
	cfg := Config{URLs: urls, Out: out, Rules: catalog.Default(), Browser: browser.Config{Tabs: 1},
		Progress: func(e Event) {
			if e.Kind == "done" && done.Add(1) == 3 {
				cancel()
			}
		}}
	run, err := Run(ctx, cfg)
	if err == nil {
		t.Fatal("interrupted run returned no error")
	}
	if run == nil || run.Complete {
		t.Fatal("interrupted run should write an incomplete result")
	}
	first := len(run.Pages)
	if first < 3 || first >= len(urls) {
		t.Fatalf("interrupted run audited %d pages", first)
	}
	cfg.Progress = nil
	cfg.Resume = true
	run2, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("resume: %v", err)
	}
	if !run2.Complete || len(run2.Pages) != len(urls) {
		t.Fatalf("resumed run: complete %v, %d pages", run2.Complete, len(run2.Pages))
	}
	// The journal holds each page once.
	b, _ := os.ReadFile(filepath.Join(out, Journal))
	seen := map[string]int{}
	for _, line := range splitLines(b) {
		var p result.Page
		if json.Unmarshal(line, &p) == nil {
			seen[p.URL]++
		}
	}
	for u, n := range seen {
		if n != 1 {
			t.Errorf("%s journalled %d times", u, n)
		}
	}
	if len(seen) != len(urls) {
		t.Errorf("journal has %d pages, want %d", len(seen), len(urls))
	}
}

func TestCheckURL(t *testing.T) {
	for _, bad := range []string{"ftp://x", "example.org", "http://", "javascript:alert(1)", "http://[::1"} {
		if CheckURL(bad) == nil {
			t.Errorf("CheckURL(%q) accepted", bad)
		}
	}
	for _, good := range []string{"http://example.org", "https://example.org/a?b=c", "file:///tmp/x.html"} {
		if err := CheckURL(good); err != nil {
			t.Errorf("CheckURL(%q): %v", good, err)
		}
	}
}

func countFailed(p result.Page) int {
	n := 0
	for _, s := range p.Summary {
		n += s.Failed
	}
	return n
}

func hasFailure(p result.Page, rule string) bool {
	for _, o := range p.Outcomes {
		if o.Rule == rule && o.Outcome == "failed" {
			return true
		}
	}
	return false
}

func hasGap(p result.Page, kind string) bool {
	for _, g := range p.Gaps {
		if g.Kind == kind {
			return true
		}
	}
	return false
}

func splitLines(b []byte) [][]byte {
	var out [][]byte
	start := 0
	for i, c := range b {
		if c == '\n' {
			out = append(out, b[start:i])
			start = i + 1
		}
	}
	return out
}

// Pages of one template share their header: its links' focus indicators
// are compared as pixels on the first page only and its crops are taken
// once, while each page's own content is cropped for that page.
func TestRunReusesAcrossPages(t *testing.T) {
	chrometest.Require(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/jobb/", func(w http.ResponseWriter, r *http.Request) {
		title := "Tjänst " + r.URL.Path[len("/jobb/"):]
		fmt.Fprintf(w, `<!doctype html><html lang="sv"><head><title>%s</title>
<style>nav a{outline:none;color:#1b1b1b;padding:8px;display:inline-block} body{font:16px sans-serif}</style></head>
<body><header><nav><a href="/">Start</a> <a href="/jobb/">Jobb</a> <a href="/om">Om oss</a></nav></header>
<main><h1>%s</h1><img src="data:image/svg+xml,%%3Csvg xmlns='http://www.w3.org/2000/svg' width='90' height='30'/%%3E" id="logo-%s"></main></body></html>`,
			title, title, r.URL.Path[len("/jobb/"):])
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	out := t.TempDir()
	urls := []string{srv.URL + "/jobb/1", srv.URL + "/jobb/2", srv.URL + "/jobb/3", srv.URL + "/jobb/4", srv.URL + "/jobb/5"}
	run, err := Run(context.Background(), Config{
		URLs: urls, Out: out, Rules: catalog.Default(), Crops: true, SavePages: true,
		Browser: browser.Config{Tabs: 1}, // one page after the other
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	// Focus pixels: measured on the first page, reused on the others.
	des, err := os.ReadDir(filepath.Join(out, "pages"))
	if err != nil || len(des) != len(urls) {
		t.Fatalf("saved pages: %v %d", err, len(des))
	}
	measured, reused := 0, 0
	for _, d := range des {
		f, err := os.Open(filepath.Join(out, "pages", d.Name()))
		if err != nil {
			t.Fatal(err)
		}
		p, err := page.Read(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range p.Focus.Stops {
			if st.Node < 0 || p.Tag(st.Node) != "a" {
				continue
			}
			switch px := st.Indicator.Pixels; {
			case px == nil:
				t.Errorf("%s: stop %s not compared as pixels", p.URL, p.Selector(st.Node))
			case px.From == "":
				measured++
				if p.URL != urls[0] {
					t.Errorf("%s: header link %s measured again", p.URL, p.Selector(st.Node))
				}
			case px.From != urls[0]:
				t.Errorf("%s: reused from %s, want %s", p.URL, px.From, urls[0])
			default:
				reused++
			}
		}
	}
	if measured != 3 || reused != 3*(len(urls)-1) {
		t.Errorf("header links: %d measured, %d reused; want 3 and %d", measured, reused, 3*(len(urls)-1))
	}
	// Crops: the header's are shared by every page; the pages' own images
	// (one issue) are cropped CropsPerIssue times, not on every page.
	shots := map[string]map[string]bool{} // selector -> files
	for _, p := range run.Pages {
		if n := countFailed(p); n == 0 {
			t.Errorf("%s: no failures to crop", p.URL)
		}
		for _, o := range p.Outcomes {
			if o.Target == nil || o.Target.Screenshot == "" {
				continue
			}
			if _, err := os.Stat(filepath.Join(out, o.Target.Screenshot)); err != nil {
				t.Errorf("%s: %v", p.URL, err)
			}
			if shots[o.Target.Selector] == nil {
				shots[o.Target.Selector] = map[string]bool{}
			}
			shots[o.Target.Selector][o.Target.Screenshot] = true
		}
	}
	imgs := map[string]bool{}
	for sel, files := range shots {
		if strings.HasPrefix(sel, "#logo-") {
			for f := range files {
				imgs[f] = true
			}
		} else if len(files) != 1 {
			t.Errorf("%s: %d crops of one header element", sel, len(files))
		}
	}
	if len(imgs) != 3 {
		t.Errorf("%d crops of the pages' own images, want 3 (CropsPerIssue)", len(imgs))
	}
	for sel, files := range shots {
		if !strings.HasPrefix(sel, "#logo-") && len(files) == 1 {
			n := 0
			for _, p := range run.Pages {
				for _, o := range p.Outcomes {
					if o.Target != nil && o.Target.Selector == sel && o.Target.Screenshot != "" {
						n++
						break
					}
				}
			}
			if n != len(urls) {
				t.Errorf("%s: the shared crop is attached on %d pages, want %d", sel, n, len(urls))
			}
		}
	}
	if len(shots) == 0 {
		t.Error("no crops")
	}
}
