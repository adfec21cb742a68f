package capture_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/chrometest"
)

// probeFormPage is a job page whose application form shows an error
// message by script and focuses the first empty field; ad is the page's
// own content, label the e-mail field's label.
func probeFormPage(ad, label string) string {
	return `<!doctype html><html lang="en"><title>Job</title>
<h1>` + ad + `</h1><p>` + strings.Repeat(ad+" ", 3) + `</p>
<form id="apply" novalidate action="/send" method="post">
<label for="n">Name</label><input id="n" name="name" autocomplete="name" required aria-describedby="n-err">
<span id="n-err"></span>
<label for="e">` + label + `</label><input id="e" type="email" name="email" required aria-describedby="e-err">
<span id="e-err"></span>
<button>Send</button></form>
<script>
document.getElementById('apply').addEventListener('submit', function (ev) {
  ev.preventDefault();
  var first = null;
  ['n', 'e'].forEach(function (id) {
    var f = document.getElementById(id);
    if (!f.value) {
      f.setAttribute('aria-invalid', 'true');
      document.getElementById(id + '-err').textContent = 'Fill in ' + id;
      first = first || f;
    }
  });
  if (first) first.focus();
});
</script>`
}

// TestProbeCacheReuses captures three pages of a run sharing one cache:
// the second has the first's form under other content and reuses its
// probe (naming the first page), with the outcome a submission of its own
// gives; the third's form differs and is submitted.
func TestProbeCacheReuses(t *testing.T) {
	pages := map[string]string{
		"/a": probeFormPage("Designer", "E-mail"),
		"/b": probeFormPage("Welder", "E-mail"),
		"/c": probeFormPage("Welder", "Your e-mail"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			t.Errorf("the probe sent %s %s", r.Method, r.URL)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, pages[r.URL.Path])
	}))
	defer srv.Close()
	cache := capture.NewProbeCache()
	get := func(path string, c *capture.ProbeCache) (*page.Page, *page.FormProbe) {
		t.Helper()
		var p *page.Page
		err := chrometest.Pool(t).Do(context.Background(), func(tab context.Context) error {
			var err error
			p, err = capture.Capture(tab, srv.URL+path, capture.Options{
				Walk: capture.WalkOptions{Disabled: true}, Extras: capture.ExtraOptions{NoVariants: true, NoMotion: true},
				Consent: capture.ConsentOptions{ProbeCache: c},
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if p.Probes.FormSubmit == nil {
			t.Fatalf("%s: no form probe", path)
		}
		return p, p.Probes.FormSubmit
	}
	_, a := get("/a", cache)
	if a.From != "" || a.Focus < 0 || len(a.Fields) != 2 || a.Fields[0].Invalid != "true" {
		t.Fatalf("/a: want a probe made here that focused a field and marked it invalid, got %+v", a)
	}
	pb, b := get("/b", cache)
	if b.From != srv.URL+"/a" {
		t.Fatalf("/b: want the probe reused from /a, got From %q", b.From)
	}
	_, fresh := get("/b", nil)
	if fresh.From != "" {
		t.Fatalf("/b without a cache: From %q", fresh.From)
	}
	got := *b
	got.From = ""
	if !reflect.DeepEqual(&got, fresh) {
		t.Errorf("/b: reused probe\n%+v\nwant what submitting on /b gives\n%+v", &got, fresh)
	}
	if id, _ := pb.Attr(b.Focus, "id"); id != "n" {
		t.Errorf("/b: reused focus on node %d (id %q), want the name field", b.Focus, id)
	}
	_, c := get("/c", cache)
	if c.From != "" {
		t.Errorf("/c: another form's probe was reused from %s", c.From)
	}
}
