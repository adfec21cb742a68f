package capture_test

import (
	"net/http"
	"net/http/httptest"
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
