// Package e2e holds end-to-end tests: the real engine crawling and
// auditing the bundled career site in real Chromium.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// auditTwin crawls and audits every page of one twin in scope.
func auditTwin(t *testing.T, twin demosite.Twin) (*result.Run, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(demosite.Handler(twin))
	t.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	run, err := audit.Run(ctx, audit.Config{
		URLs: []string{srv.URL + "/"}, Crawl: true, Out: t.TempDir(),
		CrawlConfig: crawl.Config{All: true},
		Rules:       catalog.Default(), RuleOptions: rules.Options{PublicSector: true},
		// A thorough keyboard walk, as an auditor sets it for a full
		// audit: the default walk is bounded for speed and stops before
		// the footer of long pages.
		Capture: capture.Options{Walk: capture.WalkOptions{MaxStops: 300, Budget: 8 * time.Second}},
	})
	if err != nil {
		t.Fatalf("%s twin: %v", twin, err)
	}
	return run, srv
}

// pathOf is a page's path and query with the crawler's one trailing-slash
// policy (none but for "/"), so result URLs and manifest pages compare.
func pathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	p := u.Path
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	if u.RawQuery != "" {
		return p + "?" + u.RawQuery
	}
	return p
}

// The fixed twin repairs every seeded barrier: no rule may fail on it.
func TestFixedTwinHasNoFailures(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	run, _ := auditTwin(t, demosite.Fixed)
	if len(run.Pages) < 15 {
		t.Errorf("only %d pages audited", len(run.Pages))
	}
	for _, p := range run.Pages {
		if p.Error != "" {
			t.Errorf("%s: not audited: %s", pathOf(p.URL), p.Error)
		}
		for _, o := range p.Outcomes {
			if o.Outcome == rules.Failed {
				sel := "page"
				if o.Target != nil {
					sel = o.Target.Selector
				}
				t.Errorf("fixed twin %s: %s/%s at %s: %s", pathOf(p.URL), o.Rule, o.Code, sel, o.Message)
			}
		}
	}
}

// xpathJS computes, for each selector, the element's XPath in the form
// page.XPath writes (a position only where siblings share the tag).
const xpathJS = `(sels) => sels.map(s => {
  const el = s === 'html' ? document.documentElement : document.querySelector(s);
  if (!el) return '';
  const parts = [];
  for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
    const same = n.parentElement ? [...n.parentElement.children].filter(c => c.localName === n.localName) : [n];
    parts.unshift(n.localName + (same.length > 1 ? '[' + (same.indexOf(n) + 1) + ']' : ''));
  }
  return '/' + parts.join('/');
})`

// resolve returns the XPath of each barrier's element in the broken twin.
func resolve(t *testing.T, base string, bs []demosite.Barrier) map[string]string {
	t.Helper()
	pool, err := browser.New(context.Background(), browser.Config{Tabs: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	byPage := map[string][]demosite.Barrier{}
	for _, b := range bs {
		byPage[b.Page] = append(byPage[b.Page], b)
	}
	out := map[string]string{}
	for pg, list := range byPage {
		var sels []string
		for _, b := range list {
			sels = append(sels, b.Selector)
		}
		arg, _ := json.Marshal(sels)
		err := pool.Do(context.Background(), func(tab context.Context) error {
			if err := chromedp.Do(tab, chromedp.Navigate(base+pg)); err != nil {
				return err
			}
			xs, err := chromedp.Run(tab, chromedp.Evaluate[[]string]("("+xpathJS+")("+string(arg)+")"))
			if err != nil {
				return err
			}
			for k, b := range list {
				out[b.ID] = xs[k]
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", pg, err)
		}
	}
	return out
}

// knownMisses reads internal/demosite/site/known-misses.json: barriers the rules do
// not find yet, each with the reason (a deliberate cantTell, a capture
// limit). The list may only shrink: a barrier found again must be removed.
func knownMisses(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("../demosite/site/known-misses.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Misses map[string]string `json:"misses"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("known-misses.json: %v", err)
	}
	return m.Misses
}

// The broken twin: every seeded barrier is found (failed) by the rule the
// manifest names, at the element it names, but for the reviewed known
// misses. Barriers of rules not in the catalogue yet are listed, not
// failed.
func TestBrokenTwinBarriersFound(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	bs, err := demosite.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	known := knownMisses(t)
	run, srv := auditTwin(t, demosite.Broken)
	xp := resolve(t, srv.URL, bs)
	pages := map[string]result.Page{}
	for _, p := range run.Pages {
		pages[pathOf(p.URL)] = p
	}
	var found, cant, pending, missed []string
	for _, b := range bs {
		if _, ok := catalog.Lookup(b.Rule); !ok {
			pending = append(pending, b.ID+" "+b.Rule)
			continue
		}
		p, ok := pages[pathOf(b.Page)]
		if !ok {
			missed = append(missed, fmt.Sprintf("%s %s: page %s not audited", b.ID, b.Rule, b.Page))
			t.Errorf("%s: page %s not audited", b.ID, b.Page)
			continue
		}
		x := xp[b.ID]
		if x == "" {
			t.Errorf("%s: selector %q matches nothing on %s", b.ID, b.Selector, b.Page)
			continue
		}
		// The outcome is at the element, inside it (a text node), or on
		// the component that holds it (a banner, a form) — never on the
		// page as a whole unless the barrier is the page's.
		at := func(o result.Outcome) bool {
			if b.Selector == "html" {
				return o.Target == nil || o.Target.XPath == "/html"
			}
			if o.Target == nil {
				return false
			}
			ox := o.Target.XPath
			if ox == x || strings.HasPrefix(ox, x+"/") {
				return true
			}
			return ox != "/html" && ox != "/html/body" && strings.HasPrefix(x, ox+"/")
		}
		outcome := ""
		for _, o := range p.Outcomes {
			if o.Rule == b.Rule && at(o) {
				if o.Outcome == rules.Failed {
					outcome = "failed"
					break
				}
				outcome = "cantTell"
			}
		}
		reason, isKnown := known[b.ID]
		switch {
		case outcome == "failed":
			found = append(found, b.ID)
			if isKnown {
				t.Errorf("%s: %s now finds it: remove it from known-misses.json", b.ID, b.Rule)
			}
		case isKnown:
			if outcome == "cantTell" {
				cant = append(cant, b.ID+" "+b.Rule)
			} else {
				missed = append(missed, b.ID+" "+b.Rule)
			}
			t.Logf("%s: known miss (%s): %s", b.ID, outcome, reason)
		case outcome == "cantTell":
			cant = append(cant, b.ID+" "+b.Rule)
			t.Errorf("%s: %s only cannot tell at %s on %s (%s)", b.ID, b.Rule, b.Selector, b.Page, b.Note)
		default:
			var got []string
			for _, o := range p.Outcomes {
				if o.Rule == b.Rule {
					sel := "page"
					if o.Target != nil {
						sel = o.Target.XPath
					}
					got = append(got, string(o.Outcome)+"@"+sel)
				}
			}
			missed = append(missed, b.ID+" "+b.Rule)
			t.Errorf("%s: %s did not find %s (%s) on %s; %s said %v — %s", b.ID, b.Rule, b.Selector, x, b.Page, b.Rule, got, b.Note)
		}
	}
	sort.Strings(pending)
	t.Logf("manifest: %d barriers; found %d, cannot tell %d, missed %d, rule not implemented %d %v",
		len(bs), len(found), len(cant), len(missed), len(pending), pending)
}
