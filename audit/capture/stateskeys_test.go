package capture_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/chrometest"
)

// TestStateKeyboard captures revealed states in real Chromium and checks
// what the keyboard pass recorded in each: how the control opened, how
// the Tab walk ended and what it reached, the arrow walk in a menu and a
// combobox, and a cookie banner's second layer opened by its word.
func TestStateKeyboard(t *testing.T) {
	chrometest.Pool(t)
	mux := http.NewServeMux()
	mux.Handle("/keyboard/", http.StripPrefix("/keyboard/", http.FileServer(http.Dir("../../rules/keyboard/testdata"))))
	mux.Handle("/consent/", http.StripPrefix("/consent/", http.FileServer(http.Dir("../../rules/consent/testdata"))))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	type want struct {
		openedBy, ended string
		reached         int // at least this many
		arrows          bool
	}
	for _, c := range []struct {
		path   string
		wants  map[string]want
		absent string // a state that must not be opened
	}{
		{"/keyboard/revealed-open.html", map[string]want{
			"disclosure: Region": {"Enter", "past", 2, false},
			"disclosure: Extent": {"", "", 0, false}, // opens on a click only
			"disclosure: Sort":   {"Enter", "trapped", 2, false},
		}, ""},
		{"/keyboard/revealed-menus.html", map[string]want{
			"menu: Profile":      {"Enter", "past", 3, true},
			"menu: Applications": {"Enter", "past", 0, false},
		}, ""},
		{"/keyboard/combobox-popups.html", map[string]want{
			"popup: Extent":     {"ArrowDown", "past", 3, true},
			"popup: Department": {"ArrowDown", "past", 3, true},
			"popup: Job family": {"ArrowDown", "past", 2, true},
		}, ""},
		{"/consent/banner-layer2-sv.html", map[string]want{
			"consent: Inställningar": {"Enter", "past", 3, false},
		}, ""},
		// "Manage alerts" is no cookie banner's button: not opened.
		{"/consent/banner-layer2-en.html", map[string]want{
			"consent: Manage preferences": {"Enter", "past", 3, false},
		}, "consent: Manage alerts"},
	} {
		t.Run(strings.TrimPrefix(c.path, "/"), func(t *testing.T) {
			p, err := chrometest.Capture(t, srv.URL+c.path, capture.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]*page.RevealedState{}
			for k := range p.States {
				got[p.States[k].Name] = &p.States[k]
			}
			if c.absent != "" && got[c.absent] != nil {
				t.Errorf("%s was opened", c.absent)
			}
			for name, w := range c.wants {
				st := got[name]
				if st == nil {
					t.Errorf("%s: no state (got %d states)", name, len(p.States))
					continue
				}
				kb := st.Keyboard
				if kb == nil {
					t.Errorf("%s: no keyboard pass", name)
					continue
				}
				if kb.OpenedBy != w.openedBy || kb.Ended != w.ended || len(kb.Reached) < w.reached || kb.Arrows != w.arrows {
					t.Errorf("%s: opened by %q, ended %q, reached %d, arrows %v; want %q, %q, at least %d, %v",
						name, kb.OpenedBy, kb.Ended, len(kb.Reached), kb.Arrows, w.openedBy, w.ended, w.reached, w.arrows)
				}
				for _, i := range kb.Reached {
					if i < 0 || i >= len(st.Page.Nodes) {
						t.Errorf("%s: reached node %d out of range", name, i)
					}
				}
			}
		})
	}
}

// longConsentPage has a cookie banner's second layer at the end of a page
// of 30 links, so the walk goes round the page (past its end, into it
// again and back to the control). One link listens for keys and one for
// focus, so the walk presses real keys and waits there.
func longConsentPage() string {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><title>Jobs</title><body><header><a href="/">Home</a></header><main><h1>Jobs</h1><ul>`)
	for i := range 30 {
		fmt.Fprintf(&b, `<li><a href="/job/%d" id="j%d">Job %d</a></li>`, i, i, i)
	}
	b.WriteString(`</ul></main>
<div id="banner" style="position:fixed;bottom:0;left:0;right:0;background:#eee">
<p>We use cookies to measure traffic. <a href="#" id="reject">Reject all</a></p>
<button type="button" id="accept">Accept all cookies</button>
<button type="button" id="more">Cookie settings</button>
<div id="layer" hidden><label><input type="checkbox" id="stat"> Statistics</label>
<label><input type="checkbox" id="mkt"> Marketing</label><button type="button" id="save">Save my choices</button></div>
</div>
<script>
document.getElementById('more').addEventListener('click', function () { document.getElementById('layer').hidden = false; });
document.getElementById('j7').addEventListener('keydown', function () {});
document.getElementById('j12').addEventListener('focus', function () { setTimeout(function () {}, 0); });
</script></body></html>`)
	return b.String()
}

// TestStateWalkLeverSameRecord captures revealed states with the Tab
// walk's fast path and its listener-decided waits on and off
// (Levers.RealStateKeys): what the keyboard met (how the control opened,
// what was reached, how the walk and Escape ended) must be the same.
func TestStateWalkLeverSameRecord(t *testing.T) {
	chrometest.Pool(t)
	mux := http.NewServeMux()
	mux.Handle("/keyboard/", http.StripPrefix("/keyboard/", http.FileServer(http.Dir("../../rules/keyboard/testdata"))))
	mux.Handle("/consent/", http.StripPrefix("/consent/", http.FileServer(http.Dir("../../rules/consent/testdata"))))
	mux.HandleFunc("/long.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, longConsentPage())
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, path := range []string{"/long.html", "/keyboard/revealed-open.html", "/keyboard/revealed-menus.html",
		"/keyboard/revealed-keys.html", "/keyboard/combobox-popups.html", "/consent/banner-layer2-sv.html", "/consent/banner-layer2-en.html"} {
		t.Run(strings.TrimPrefix(path, "/"), func(t *testing.T) {
			var got [2][]string
			var tabs [2][]int
			for k, real := range []bool{false, true} {
				p, err := chrometest.Capture(t, srv.URL+path, capture.Options{Levers: capture.Levers{RealStateKeys: real}})
				if err != nil {
					t.Fatal(err)
				}
				for _, st := range p.States {
					kb := page.StateKeyboard{}
					if st.Keyboard != nil {
						kb = *st.Keyboard
					}
					tabs[k] = append(tabs[k], kb.Tabs)
					kb.Tabs = 0
					got[k] = append(got[k], fmt.Sprintf("%s revealed %v keyboard %+v", st.Name, st.Revealed, kb))
				}
			}
			// The count of presses may differ by one: with real presses
			// alone it varies by one between runs of the same page (the
			// demo's /en/apply/101 took 15 and 16 on main), where focus
			// goes past the page's end.
			if !slices.Equal(got[0], got[1]) || len(tabs[0]) != len(tabs[1]) {
				t.Fatalf("fast and real walks differ:\nfast: %v\nreal: %v", got[0], got[1])
			}
			for k := range tabs[0] {
				if d := tabs[0][k] - tabs[1][k]; d < -1 || d > 1 {
					t.Errorf("%s: %d Tab presses with the fast path, %d with real presses", got[0][k], tabs[0][k], tabs[1][k])
				}
			}
			if path == "/long.html" && (len(tabs[0]) != 1 || tabs[0][0] < 35) {
				t.Errorf("the long page's consent layer was not walked round the page: %v, %v presses", got[0], tabs[0])
			}
			t.Logf("%v", got[0])
		})
	}
}
