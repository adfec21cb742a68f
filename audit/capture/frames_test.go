package capture_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/aria"
)

// framePage holds one lazily loaded frame far below the fold, as a map on
// a contact page often is.
const framePage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Contact</title>
<main><h1>Contact</h1><p>Head office.</p><div style="height:12000px"></div>
<iframe src="/frame/%s" loading="lazy" title="Map of the office"></iframe></main>`

// frameDoc is the frame's document: a map whose name is its <title> by id.
// In "missing" the id is misspelt (a real failure).
const frameHead = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Map</title><body>
<svg id="map" role="img" aria-labelledby="%s" width="200" height="100"><rect width="200" height="100" fill="#ccc"/>`
const frameTail = `<title id="map-title">Head office</title></svg></body></html>`

// TestFramesCapturedLoaded captures a lazy frame below the fold that
// loads (its content is captured whole), one whose id reference really
// is broken (the rule fails it), one whose document never finishes (a
// frame-not-loaded gap, and the same reference is a question, not a
// failure), and frames with no document to load (no wait, no gap).
func TestFramesCapturedLoaded(t *testing.T) {
	// A third party's lazy frame far below the fold: not loaded for the
	// capture (its requests would come only when a visitor scrolls).
	var third atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		third.Add(1)
		fmt.Fprint(w, "<!doctype html><title>Video</title><p>Video</p>")
	}))
	defer other.Close()
	otherURL := strings.Replace(other.URL, "127.0.0.1", "localhost", 1)
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/page/{kind}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.PathValue("kind") == "blank" {
			fmt.Fprint(w, `<!doctype html><html lang="en"><meta charset="utf-8"><title>Frames</title><main><h1>Frames</h1>
<iframe title="Empty"></iframe><iframe title="Inline" srcdoc="<p>Inline text</p>"></iframe><iframe src="about:blank" title="Blank" loading="lazy"></iframe>
<div style="height:12000px"></div><iframe src="`+otherURL+`/video" title="Video" loading="lazy"></iframe></main>`)
			return
		}
		if r.PathValue("kind") == "stuck-near" {
			// In the first screen: the frame holds up the page's load
			// event until the load times out and is stopped.
			fmt.Fprint(w, strings.Replace(fmt.Sprintf(framePage, "stuck"), "height:12000px", "height:10px", 1))
			return
		}
		fmt.Fprintf(w, framePage, r.PathValue("kind"))
	})
	mux.HandleFunc("/frame/{kind}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		ref := "map-title"
		if r.PathValue("kind") == "missing" {
			ref = "map-titel"
		}
		fmt.Fprintf(w, frameHead, ref)
		if r.PathValue("kind") == "stuck" {
			fmt.Fprint(w, strings.Repeat("<!-- more to come -->\n", 60))
			w.(http.Flusher).Flush()
			select { // the rest never comes while the page is captured
			case <-release:
			case <-r.Context().Done():
			}
			return
		}
		fmt.Fprint(w, frameTail)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	defer close(release)

	capt := func(kind string) *page.Page {
		t.Helper()
		var p *page.Page
		load := 20 * time.Second
		if kind == "stuck-near" {
			load = 2 * time.Second
		}
		err := chrometest.Pool(t).Do(context.Background(), func(tab context.Context) error {
			var err error
			p, err = capture.Capture(tab, srv.URL+"/page/"+kind, capture.Options{
				LoadTimeout: load, SettleMax: 1500 * time.Millisecond, Walk: capture.WalkOptions{Disabled: true}, Extras: capture.ExtraOptions{NoMotion: true}})
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		return p
	}
	svg := func(p *page.Page) int {
		for i := range p.Nodes {
			if id, _ := p.Attr(i, "id"); id == "map" && p.Tag(i) == "svg" {
				return i
			}
		}
		return -1
	}
	idref := func(p *page.Page, node int) rules.Result {
		fs, errs := rules.Run(context.Background(), p, []*rules.Rule{aria.IDRefExists}, rules.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		for _, f := range fs {
			if f.Target == node {
				return f.Result
			}
		}
		t.Fatalf("idref-exists gave no result for the svg")
		return rules.Result{}
	}

	for _, kind := range []string{"ok", "missing"} {
		p := capt(kind)
		if p.HasGap(page.GapFrameNotLoaded) || p.HasGap(page.GapFrame) {
			t.Errorf("%s: the frame loaded but the capture has gaps %v", kind, p.Gaps)
		}
		i := svg(p)
		if i < 0 {
			t.Fatalf("%s: the lazy frame's svg is not in the capture", kind)
		}
		want := map[string]rules.Outcome{"ok": rules.Passed, "missing": rules.Failed}[kind]
		if r := idref(p, i); r.Outcome != want {
			t.Errorf("%s: idref-exists %s/%s, want %s", kind, r.Outcome, r.Code, want)
		}
	}

	for _, kind := range []string{"stuck", "stuck-near"} {
		p := capt(kind)
		var gap *page.Gap
		for k := range p.Gaps {
			if p.Gaps[k].Kind == page.GapFrameNotLoaded {
				gap = &p.Gaps[k]
			}
		}
		if gap == nil || p.Tag(gap.Node) != "iframe" {
			t.Errorf("%s: want a frame-not-loaded gap on the iframe, got %v", kind, p.Gaps)
			continue
		}
		if i := svg(p); i >= 0 {
			if r := idref(p, i); r.Outcome != rules.CantTell || r.Code != rules.CodeFrameNotLoaded || r.Args["code"] != "missing-id" {
				t.Errorf("%s: idref-exists %s/%s %v, want cantTell/%s for missing-id", kind, r.Outcome, r.Code, r.Args, rules.CodeFrameNotLoaded)
			}
		} else {
			t.Logf("%s: the partial frame document's svg was not parsed yet; only the gap is checked", kind)
		}
	}

	p := capt("blank")
	if p.HasGap(page.GapFrameNotLoaded) || p.HasGap(page.GapTimeout) {
		t.Errorf("blank: frames with nothing to load gave gaps %v", p.Gaps)
	}
	if n := third.Load(); n != 0 {
		t.Errorf("blank: the third party's lazy frame was loaded (%d requests)", n)
	}
}
