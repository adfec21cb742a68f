package capture_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/chrometest"
)

// clickCapture captures url with the walk and the extras off.
func clickCapture(t *testing.T, url string) *page.Page {
	t.Helper()
	var p *page.Page
	err := chrometest.Pool(t).Do(context.Background(), func(tab context.Context) error {
		var err error
		p, err = capture.Capture(tab, url, capture.Options{
			Walk: capture.WalkOptions{Disabled: true}, Extras: capture.ExtraOptions{NoVariants: true, NoMotion: true},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestClickProbe clicks the in-place buttons of a page in real Chromium
// and checks what each recorded: a message written outside any live
// region, one written into a status region, a count that changed, a
// navigation held back; a disclosure and a submit button of a form with an
// action left alone, and the fifth in-place button cut by the bound. It also checks the sandbox: the page's
// POST to its own origin and its GET to another origin never arrive, its
// GET of the next page of results from its own origin does, and a click
// that navigates is held back. Each click starts from the page loaded
// again with the storage it had: the first button's click stores a flag
// that would hide the second.
func TestClickProbe(t *testing.T) {
	var mu sync.Mutex
	var got []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, "other "+r.Method+" "+r.URL.Path)
		mu.Unlock()
	}))
	defer other.Close()
	html := `<!doctype html><html lang="en"><title>Jobs</title><main>
<h1>Jobs</h1>
<button type="button" id="save">Save this search</button>
<p id="msg"></p>
<button type="button" id="fav" class="hide-me">Add to favourites</button>
<p id="st" role="status"></p>
<p id="count">Showing 10 of 30 jobs</p>
<button type="button" id="more">Show more</button>
<button type="button" aria-expanded="false" id="menu">Menu</button>
<button type="button" id="go">Go</button>
<button type="button" id="later">Later</button>
<form action="/search"><input name="q"><button>Search</button></form>
</main>
<script>
if (localStorage.getItem('saved')) { document.getElementById('fav').remove(); }
document.getElementById('save').onclick = function () {
  localStorage.setItem('saved', '1');
  fetch('/api/save', {method: 'POST', body: 'x'}).catch(function () {});
  fetch('` + other.URL + `/track').catch(function () {});
  document.getElementById('msg').textContent = 'Search saved.';
};
document.getElementById('fav').onclick = function () { document.getElementById('st').textContent = 'Added to favourites.'; };
document.getElementById('more').onclick = function () {
  fetch('/api/more').then(function (r) { return r.text(); }).then(function (t) {
    document.getElementById('count').textContent = 'Showing 20 of 30 jobs';
  });
};
document.getElementById('go').onclick = function () { location.href = '/elsewhere'; };
document.getElementById('later').onclick = function () {};
</script>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, "own "+r.Method+" "+r.URL.Path)
		mu.Unlock()
		if r.URL.Path == "/" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, html)
		}
	}))
	defer srv.Close()
	p := clickCapture(t, srv.URL+"/")

	for _, c := range p.Probes.Clicks {
		t.Logf("click %+v", c)
	}
	byID := map[string]page.ClickProbe{}
	for _, c := range p.Probes.Clicks {
		id, _ := p.Attr(c.Button, "id")
		byID[id] = c
	}
	if len(p.Probes.Clicks) != capture.MaxClicks {
		t.Errorf("clicks: %d, want %d (the bound)", len(p.Probes.Clicks), capture.MaxClicks)
	}
	var gap bool
	for _, g := range p.Gaps {
		gap = gap || g.Kind == page.GapClicks
	}
	if !gap {
		t.Errorf("five in-place buttons, %d clicked, but no %s gap: %+v", capture.MaxClicks, page.GapClicks, p.Gaps)
	}
	if _, ok := byID["menu"]; ok {
		t.Error("the disclosure was clicked")
	}
	if !byID["go"].Navigated {
		t.Errorf("go: the navigation was not recorded: %+v", byID["go"])
	}
	one := func(id string) page.ClickText {
		t.Helper()
		c, ok := byID[id]
		if !ok || c.Error != "" || len(c.Texts) == 0 {
			t.Fatalf("%s: want a click with text, got %+v (ok %v)", id, c, ok)
		}
		return c.Texts[0]
	}
	if x := one("save"); x.Text != "Search saved." || x.Live != "" || x.Node < 0 || x.InControl {
		t.Errorf("save: %+v", x)
	}
	if x := one("fav"); x.Text != "Added to favourites." || x.Live != "status" || x.LiveAdded {
		t.Errorf("fav (clicked after save stored its flag): %+v", x)
	}
	if x := one("more"); x.Text != "Showing 20 of 30 jobs" || x.Before != "Showing 10 of 30 jobs" {
		t.Errorf("more: %+v", x)
	}
	if byID["save"].Blocked != 2 {
		t.Errorf("save: %d requests blocked, want 2 (the POST and the other origin)", byID["save"].Blocked)
	}
	mu.Lock()
	defer mu.Unlock()
	all := strings.Join(got, "\n")
	for _, bad := range []string{"own POST /api/save", "other GET /track", "/elsewhere"} {
		if strings.Contains(all, bad) {
			t.Errorf("the sandbox let %q through:\n%s", bad, all)
		}
	}
	if !strings.Contains(all, "own GET /api/more") {
		t.Errorf("the same-origin GET did not go through:\n%s", all)
	}
}

// TestClickTargetsFormAction picks, of a page's submit buttons, only the
// one of a form with no action that collects no personal data, and a
// button in no form; only the one a script listens to is clicked, and its
// own label changes.
func TestClickTargetsFormAction(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en"><title>Forms</title>
<form action="/search"><input name="q"><button id="a">Search</button></form>
<form><input name="q"><button id="b">Filter</button></form>
<form><input type="email" name="e"><button id="c">Subscribe</button></form>
<button id="d" onclick="this.textContent='Following'">Follow</button>`)
	}))
	defer srv.Close()
	var p *page.Page
	err := chrometest.Pool(t).Do(context.Background(), func(tab context.Context) error {
		var err error
		p, err = capture.Capture(tab, srv.URL, capture.Options{
			Walk: capture.WalkOptions{Disabled: true}, Extras: capture.ExtraOptions{NoVariants: true, NoMotion: true},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, i := range capture.ClickTargets(p) {
		id, _ := p.Attr(i, "id")
		ids = append(ids, id)
	}
	if strings.Join(ids, " ") != "b d" {
		t.Errorf("click targets %v, want [b d]", ids)
	}
	// b only submits its form (no script listens): nothing in the page
	// could change, so it is not clicked.
	if len(p.Probes.Clicks) != 1 {
		t.Fatalf("clicks %+v", p.Probes.Clicks)
	}
	if c := p.Probes.Clicks[0]; len(c.Texts) != 1 || !c.Texts[0].InControl || c.Texts[0].Text != "Following" {
		t.Errorf("d: want its own label change, got %+v", c)
	}
}

// TestClickListenersDecide clicks a button only where a click can run
// script: a listener on the button, one delegated to an ancestor, a
// built-in popover action, a javascript: address; buttons nothing listens
// to are left alone, a control slotted into a closed shadow tree (which
// the snapshot gives flattened, so its place in the DOM is unknown) is not
// a target, and
// numbered copies of one control ("Save job 1", "Save job 2") are one.
func TestClickListenersDecide(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="en"><title>Listeners</title>
<main>
<div class="card"><button type="button" class="save" aria-label="Save job 1">Save</button></div>
<div class="card"><button type="button" class="save" aria-label="Save job 2">Save</button></div>
<button type="button" id="inert">Nothing</button>
<section id="list"><button type="button" id="deleg">Delegated</button><p id="out"></p></section>
<button type="button" id="own">Own</button>
<button type="button" id="pop" popovertarget="tip">Tip</button><div id="tip" popover>Saved searches live here.</div>
<x-card><button type="button" id="slotted">Slotted</button></x-card>
<a role="button" id="js" href="javascript:void(document.getElementById('out').textContent='Copied.')">Copy</a>
</main>
<script>
customElements.define('x-card', class extends HTMLElement {
  constructor() {
    super();
    var r = this.attachShadow({mode: 'closed'});
    r.innerHTML = '<div><slot></slot><p></p></div>';
    r.querySelector('div').addEventListener('click', function () { r.querySelector('p').textContent = 'Saved.'; });
  }
});
document.getElementById('list').addEventListener('click', function (e) {
  if (e.target.id === 'deleg') document.getElementById('out').textContent = 'Done.';
});
document.getElementById('own').addEventListener('pointerup', function () {});
</script>`)
	}))
	defer srv.Close()
	p := clickCapture(t, srv.URL+"/")
	var targets, clicked []string
	for _, i := range capture.ClickTargets(p) {
		id, _ := p.Attr(i, "id")
		targets = append(targets, id+"/"+p.Text(i))
	}
	for _, c := range p.Probes.Clicks {
		id, _ := p.Attr(c.Button, "id")
		clicked = append(clicked, id)
	}
	if got, want := strings.Join(targets, " "), "/Save inert/Nothing deleg/Delegated own/Own pop/Tip js/Copy"; got != want {
		t.Errorf("targets %q, want %q", got, want)
	}
	if got, want := strings.Join(clicked, " "), "deleg own pop js"; got != want {
		t.Errorf("clicked %q, want %q", got, want)
	}
	for _, g := range p.Gaps {
		if g.Kind == page.GapClicks {
			t.Errorf("gap %+v", g)
		}
	}
	for _, c := range p.Probes.Clicks {
		if id, _ := p.Attr(c.Button, "id"); id == "js" && (len(c.Texts) != 1 || c.Texts[0].Text != "Copied.") {
			t.Errorf("the javascript: link's click: want the text it set, got %+v", c)
		}
	}
}
