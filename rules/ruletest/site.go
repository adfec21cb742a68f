package ruletest

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// RunSites is a site-rule family's fixture test. Each folder under dir is a
// small site: its HTML pages are captured (with -update, as Run does) and
// replayed, the facts of every kind the catalogue's site rules read are
// extracted from each page, and the site rules judge them together, as
// the engine does after a crawl.
//
// A page states, on its html element, the site outcomes it expects with
// data-expect (OUTCOME:RULE[/CODE]), checked both ways for failed and
// cantTell as in Run; and the facts it expects with
//
//	<meta name="granska-fact" data-kind="site.links" content='{"statement":null}'>
//
// whose content is matched against the extracted fact as a pattern: every
// key given must be there with a matching value (objects recursively,
// arrays element by element and of the same length, null for absent). A
// page may limit the site rules checked with
// <meta name="granska-rules" content="rule-a rule-b"> (the union over the
// site's pages counts), and <meta name="granska-site" content="public-sector">
// on any page judges the site as a public body's.
//
// Fixture URLs are normalised to http://fixture.test/FAMILY/SITE/NAME.html;
// link between pages with relative URLs.
func RunSites(t *testing.T, dir string) {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range des {
		if !d.IsDir() {
			continue
		}
		n++
		root := filepath.Join(dir, d.Name())
		host := fixtureHost + "/" + family(t) + "/" + d.Name()
		fixtures := Find(t, root)
		if *Update || *Recapture {
			capture := func(ctx context.Context, url string) (*page.Page, error) {
				return chrometest.Capture(t, url, capture.Options{})
			}
			captureAt(t, root, host, fixtures, capture, *Recapture)
		}
		t.Run(d.Name(), func(t *testing.T) {
			var pages []*page.Page
			for _, f := range fixtures {
				pages = append(pages, Load(t, f))
			}
			CheckSite(t, pages, catalog.Rules())
		})
	}
	if n == 0 {
		t.Fatalf("no site folders under %s", dir)
	}
}

// CheckSite extracts the facts of the pages, judges them with the site
// rules of set and compares facts and outcomes with the pages'
// expectations.
func CheckSite(t testing.TB, pages []*page.Page, set []*rules.Rule) {
	t.Helper()
	if len(pages) == 0 {
		t.Fatal("site has no pages")
	}
	set = siteRulesFor(t, pages, set)
	opt := rules.Options{}
	var stored []rules.SitePage
	nexp := 0
	for _, p := range pages {
		if siteMeta(p, "granska-site") == "public-sector" {
			opt.PublicSector = true
		}
		facts, errs := rules.ExtractFacts(p, set, opt)
		for _, e := range errs {
			t.Errorf("%s: %v", p.URL, e)
		}
		nexp += checkFacts(t, p, facts)
		stored = append(stored, rules.SitePage{URL: p.URL, Facts: facts})
	}
	fs, errs := rules.JudgeSite(context.Background(), stored, set, opt)
	for _, e := range errs {
		t.Errorf("site rule error: %v", e)
	}
	// The judgement does not depend on the order pages were audited in.
	rev := slices.Clone(stored)
	slices.Reverse(rev)
	if fs2, _ := rules.JudgeSite(context.Background(), rev, set, opt); !reflect.DeepEqual(siteOutcomes(fs), siteOutcomes(fs2)) {
		t.Errorf("page order changes the findings:\n%v\n%v", siteOutcomes(fs), siteOutcomes(fs2))
	}
	inSet := map[string]bool{}
	for _, r := range set {
		inSet[r.ID] = true
	}
	for _, p := range pages {
		var mine []rules.Finding
		for _, f := range fs {
			if f.URL == p.URL {
				mine = append(mine, f.Finding)
			}
		}
		exps := siteExpectations(t, p, inSet)
		nexp += len(exps)
		checkPage(t, p, mine, exps)
	}
	if nexp == 0 {
		t.Error("site states no expectations (data-expect on html elements, granska-fact metas)")
	}
}

// siteOutcomes lists findings as comparable strings.
func siteOutcomes(fs []rules.SiteFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s/%s %v", f.URL, f.Outcome, f.Rule.ID, f.Code, f.Args))
	}
	return out
}

// siteRulesFor returns the site rules the site checks: those the pages'
// granska-rules metas name, or all non-optional site rules of set.
func siteRulesFor(t testing.TB, pages []*page.Page, set []*rules.Rule) []*rules.Rule {
	want := map[string]bool{}
	for _, p := range pages {
		for _, id := range strings.Fields(siteMeta(p, "granska-rules")) {
			want[id] = true
		}
	}
	limited := len(want) > 0
	var out []*rules.Rule
	for _, r := range set {
		if r.Site != nil && (want[r.ID] || !limited && !r.Optional) {
			out = append(out, r)
			delete(want, r.ID)
		}
	}
	for id := range want {
		t.Errorf("granska-rules names %q, which is no site rule", id)
	}
	return out
}

// siteMeta returns the content of the page's meta element of that name.
func siteMeta(p *page.Page, name string) string {
	for i := range p.Nodes {
		if p.IsElement(i) && p.Tag(i) == "meta" {
			if n, _ := p.Attr(i, "name"); n == name {
				c, _ := p.Attr(i, "content")
				return c
			}
		}
	}
	return ""
}

// siteExpectations are the page's expectations of site rules in the set.
func siteExpectations(t testing.TB, p *page.Page, inSet map[string]bool) []Expectation {
	var out []Expectation
	for _, e := range Expectations(t, p) {
		if !inSet[e.Rule] {
			continue
		}
		if e.Node != p.Root() {
			t.Errorf("%s: site outcomes are page-level: state %s:%s on the html element", p.URL, e.Outcome, e.Rule)
		}
		out = append(out, e)
	}
	return out
}

// checkPage compares a page's site findings with its expectations: failed
// and cantTell both ways, passed and inapplicable where stated.
func checkPage(t testing.TB, p *page.Page, fs []rules.Finding, exps []Expectation) {
	t.Helper()
	matched := make([]bool, len(exps))
	for _, f := range fs {
		hit := false
		for k, e := range exps {
			if e.Rule == f.Rule.ID && e.Outcome == f.Outcome && (e.Code == "" || e.Code == f.Code) {
				matched[k], hit = true, true
			}
		}
		if !hit && (f.Outcome == rules.Failed || f.Outcome == rules.CantTell) {
			t.Errorf("%s: unexpected %s:%s/%s: %s", p.URL, f.Outcome, f.Rule.ID, f.Code, f.Rule.Message(f.Code, "en", f.Args))
		}
	}
	for k, e := range exps {
		if matched[k] || e.Outcome == rules.Inapplicable && !hasRule(fs, e.Rule) {
			continue // a site rule that gives a page nothing is inapplicable there
		}
		var got []string
		for _, f := range fs {
			if f.Rule.ID == e.Rule {
				got = append(got, string(f.Outcome)+"/"+f.Code)
			}
		}
		code := ""
		if e.Code != "" {
			code = "/" + e.Code
		}
		t.Errorf("%s: missing %s:%s%s (got %v)", p.URL, e.Outcome, e.Rule, code, got)
	}
}

func hasRule(fs []rules.Finding, id string) bool {
	for _, f := range fs {
		if f.Rule.ID == id {
			return true
		}
	}
	return false
}

// checkFacts matches the page's granska-fact metas against its extracted
// facts and returns how many it checked.
func checkFacts(t testing.TB, p *page.Page, facts map[string]json.RawMessage) int {
	t.Helper()
	n := 0
	for i := range p.Nodes {
		if !p.IsElement(i) || p.Tag(i) != "meta" {
			continue
		}
		if name, _ := p.Attr(i, "name"); name != "granska-fact" {
			continue
		}
		n++
		kind, _ := p.Attr(i, "data-kind")
		content, _ := p.Attr(i, "content")
		var want any
		if err := json.Unmarshal([]byte(content), &want); err != nil {
			t.Errorf("%s: granska-fact %s: bad JSON: %v", p.URL, kind, err)
			continue
		}
		raw, ok := facts[kind]
		if !ok {
			t.Errorf("%s: no fact of kind %q extracted (kinds: %v)", p.URL, kind, keys(facts))
			continue
		}
		var got any
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Fatal(err)
		}
		if path, ok := matchJSON(want, got, kind); !ok {
			t.Errorf("%s: fact %s: want %s, got %s", p.URL, path, content, raw)
		}
	}
	return n
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// matchJSON reports whether got matches the pattern want, and where not.
func matchJSON(want, got any, path string) (string, bool) {
	switch w := want.(type) {
	case nil:
		return path, got == nil
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path, false
		}
		for _, k := range slices.Sorted(maps.Keys(w)) {
			if p, ok := matchJSON(w[k], g[k], path+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return path, len(w) == 0 && got == nil
		}
		for k := range w {
			if p, ok := matchJSON(w[k], g[k], fmt.Sprintf("%s[%d]", path, k)); !ok {
				return p, false
			}
		}
		return "", true
	default:
		return path, reflect.DeepEqual(want, got)
	}
}
