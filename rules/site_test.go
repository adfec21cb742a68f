package rules_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
)

type titleFact struct {
	Title string `json:"title"`
	Words int    `json:"words"`
}

var titles = &rules.Fact[titleFact]{
	Name: "test.title",
	Extract: func(c *rules.Ctx) (titleFact, bool) {
		if c.Page.Title == "" {
			return titleFact{}, false
		}
		return titleFact{Title: c.Page.Title, Words: len(strings.Fields(c.Page.Title))}, true
	},
}

// uniqueTitles fails pages whose title another page has too.
func uniqueTitles(bad bool) *rules.Rule {
	r := &rules.Rule{ID: "unique-title-site", Codes: map[string]rules.Text{"unique": {}, "shared": {}}}
	r.Site = &rules.SiteCheck{Facts: []rules.FactKind{titles}, Judge: func(s *rules.Site) []rules.SiteResult {
		n := map[string]int{}
		all := titles.Of(s)
		for _, f := range all {
			n[f.Fact.Title]++
		}
		var out []rules.SiteResult
		for _, f := range all {
			res := rules.Pass(-1, "unique")
			if n[f.Fact.Title] > 1 {
				res = rules.Fail(-1, "shared", "words", strings.Repeat("w", f.Fact.Words))
			}
			if bad {
				res.Code = "undeclared"
			}
			out = append(out, rules.SiteResult{URL: f.URL, Result: res})
		}
		return out
	}}
	return r
}

// Facts go through JSON (as the engine stores them) and come back typed;
// findings are sorted by URL whatever the order of pages.
func TestJudgeSite(t *testing.T) {
	r := uniqueTitles(false)
	set := []*rules.Rule{r}
	var pages []rules.SitePage
	for _, p := range []*page.Page{{URL: "http://a.test/3", Title: "Jobs at A"}, {URL: "http://a.test/1", Title: "Jobs at A"}, {URL: "http://a.test/2", Title: "About"}, {URL: "http://a.test/4"}} {
		facts, errs := rules.ExtractFacts(p, set, rules.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if p.Title == "" && facts != nil {
			t.Errorf("%s: a page without the fact stores %v", p.URL, facts)
		}
		pages = append(pages, rules.SitePage{URL: p.URL, Facts: facts})
	}
	fs, errs := rules.JudgeSite(context.Background(), pages, set, rules.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, f := range fs {
		got = append(got, f.URL+" "+string(f.Outcome)+" "+f.Args["words"])
	}
	want := []string{"http://a.test/1 failed www", "http://a.test/2 passed ", "http://a.test/3 failed www"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
	// Run over one page, a site rule is inapplicable.
	pf, perr := rules.Run(context.Background(), &page.Page{}, set, rules.Options{})
	if len(perr) > 0 || len(pf) != 1 || pf[0].Outcome != rules.Inapplicable {
		t.Errorf("per page: %v %v", pf, perr)
	}
}

// A rule that breaks its contract is an error of that rule, and facts
// that do not decode are reported, not guessed.
func TestJudgeSiteErrors(t *testing.T) {
	set := []*rules.Rule{uniqueTitles(true)}
	stored := []rules.SitePage{
		{URL: "http://a.test/1", Facts: raw(`{"title":"A","words":1}`)},
		{URL: "http://a.test/2", Facts: raw(`{"title":7}`)},
	}
	fs, errs := rules.JudgeSite(context.Background(), stored, set, rules.Options{})
	if len(fs) != 0 || len(errs) != 2 || !strings.Contains(errs[0].Err, "test.title of http://a.test/2") || !strings.Contains(errs[1].Err, "undeclared result code") {
		t.Errorf("findings %v, errors %v", fs, errs)
	}
}

func raw(s string) map[string]json.RawMessage {
	return map[string]json.RawMessage{"test.title": json.RawMessage(s)}
}
