package capture_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/chrometest"
)

// variantPages are pages where the combined re-layout path and its skip
// could go wrong: text clipped only with the spacing, text clipped only at
// 640 px by a media query, and a page where nothing can clip at any size
// (the 640×512 re-layout is skipped there). Pages whose script reacts to
// the size (resize listeners, matchMedia) are never skipped, but are not
// here: the layout is read before such script reacts or after, by timing,
// with the levers or without (an open determinism problem of the variants).
var variantPages = map[string]string{
	"/spacing": `<!doctype html><html lang="en"><title>Spacing</title>
<div style="width:220px;height:40px;overflow:hidden"><p style="margin:0;line-height:1.2">Apply for the job before Friday, we read every letter the same day.</p></div>
<div style="width:120px;overflow:hidden;white-space:nowrap;text-overflow:clip">Already clipped here, before any spacing.</div>`,
	"/media": `<!doctype html><html lang="en"><title>Media</title>
<style>@media (max-width:700px){.box{width:150px;height:20px;overflow:hidden}}</style>
<div class="box"><p>Welcome to our career site, where every application is read by a person.</p></div>`,
	"/plain": `<!doctype html><html lang="en"><title>Plain</title>
<main><h1>Jobs</h1><p>Welcome to our career site, where every application is read by a person.</p></main>`,
}

// TestVariantLeversSameRecord captures each page with the re-layout
// levers on and off: the variants recorded are the same, and the pages
// that clip with the spacing or at 640 px by CSS say so.
func TestVariantLeversSameRecord(t *testing.T) {
	chrometest.Require(t)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := variantPages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	opt := capture.Options{Walk: capture.WalkOptions{Disabled: true}, Consent: capture.ConsentOptions{NoProbes: true}}
	for path := range variantPages {
		t.Run(path[1:], func(t *testing.T) {
			var got [2][]page.Variant
			for k, separate := range []bool{false, true} {
				o := opt
				o.Levers.SeparateRelayouts = separate
				p, err := chrometest.Capture(t, srv.URL+path, o)
				if err != nil {
					t.Fatal(err)
				}
				got[k] = p.Variants
			}
			if !reflect.DeepEqual(got[0], got[1]) {
				t.Errorf("combined and separate re-layouts differ:\ncombined: %+v\nseparate: %+v", got[0], got[1])
			}
			clips := map[string]bool{}
			for _, v := range got[0] {
				clips[v.Name] = len(v.Clipped) > 0
			}
			switch path {
			case "/spacing":
				if !clips["text-spacing"] {
					t.Errorf("the spacing clips text, none recorded: %+v", got[0])
				}
			case "/media":
				if !clips["zoom-200"] {
					t.Errorf("text clipped at 640 px was not recorded: %+v", got[0])
				}
			}
		})
	}
}
