package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
)

const fixtures = "testdata/norrsken"

// load reads a fixture snapshot (captured by rules/catalog -update).
func load(t *testing.T, name string) *page.Page {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name+".page.json"))
	if err != nil {
		t.Fatalf("%s: %v (capture with go test ./rules/site -run TestFixtures -update)", name, err)
	}
	var s struct {
		Page *page.Page `json:"page"`
	}
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	return s.Page
}

func siteFacts(t *testing.T, names ...string) []Facts {
	var out []Facts
	for _, n := range names {
		out = append(out, Extract(load(t, n)))
	}
	return out
}

const base = "http://fixture.test/site/norrsken/"

func find(fs []Finding, url, rule string) *Finding {
	for k := range fs {
		if fs[k].URL == base+url && fs[k].Rule.ID == rule {
			return &fs[k]
		}
	}
	return nil
}

func TestExtract(t *testing.T) {
	f := Extract(load(t, "home-sv"))
	if !f.HTML || f.URL != base+"home-sv.html" {
		t.Fatalf("facts: %+v", f)
	}
	if len(f.PrivacyLinks) != 1 || f.PrivacyLinks[0].Href != base+"integritetspolicy-sv.html" {
		t.Errorf("privacy links: %+v", f.PrivacyLinks)
	}
	if len(f.StatementLinks) != 1 || f.StatementLinks[0].Href != base+"statement-sv.html" {
		t.Errorf("statement links: %+v", f.StatementLinks)
	}
	if f.Statement != nil {
		t.Error("home page taken for a statement")
	}
	s := Extract(load(t, "statement-sv")).Statement
	if s == nil || len(s.Status) != 1 || s.Status[0] != "delvis förenlig" || s.Date != "2026-03-12" || s.Feedback == "" || !strings.Contains(s.Enforcement, "digg.se/tdosanmalan") {
		t.Errorf("statement facts: %+v", s)
	}
	// Facts round-trip through JSON (the engine may persist them).
	b, _ := json.Marshal(f)
	var back Facts
	if err := json.Unmarshal(b, &back); err != nil || back.URL != f.URL || len(back.PrivacyLinks) != 1 {
		t.Errorf("round trip: %v %+v", err, back)
	}
}

func TestEvaluateNothingFound(t *testing.T) {
	fs := Evaluate([]Facts{{URL: "http://x.test/", HTML: true}, {URL: "http://x.test/a.pdf"}}, Options{})
	if len(fs) != 1 || fs[0].Rule != PrivacyLinkSite || fs[0].Outcome != rules.CantTell {
		t.Errorf("got %+v", fs)
	}
	fs = Evaluate([]Facts{{URL: "http://x.test/", HTML: true}}, Options{PublicSector: true})
	if len(fs) != 2 || fs[0].Rule != StatementLinkSite || fs[0].Outcome != rules.CantTell {
		t.Errorf("public sector: got %+v", fs)
	}
}

// A link that names accessibility only as a topic (here a technical
// specification) is not taken for the statement: before, every page without
// it failed accessibility-statement-link-site, pointing at the specification.
func TestTopicLinkIsNotTheStatement(t *testing.T) {
	const spec = "https://example.org/TR/accessibility-requirements/"
	pages := []Facts{
		{URL: "https://site.test/", HTML: true, StatementLinks: []Link{{Href: spec, Name: "Accessibility requirements (specification)", Topic: true}}},
		{URL: "https://site.test/widgets", HTML: true},
	}
	for _, f := range Evaluate(pages, Options{}) {
		if f.Rule == StatementLinkSite {
			t.Errorf("%s: %s/%s; want no statement-link outcome where no statement is known", f.URL, f.Outcome, f.Code)
		}
	}
	// Where the topic link leads to a statement page, it counts.
	pages = append(pages, Facts{URL: spec, HTML: true, Statement: &StatementFacts{}})
	for _, f := range Evaluate(pages, Options{}) {
		if f.Rule == StatementLinkSite && f.URL == "https://site.test/" && f.Outcome != rules.Passed {
			t.Errorf("topic link to a statement page: %s/%s; want passed", f.Outcome, f.Code)
		}
		if f.Rule == StatementLinkSite && f.URL == "https://site.test/widgets" && f.Code != "not-linked" {
			t.Errorf("page without the link: %s/%s; want failed not-linked", f.Outcome, f.Code)
		}
	}
}

// A filtered or searched list (the GET form's address with only its
// fields in the query) is the result of a process: 2.4.5 exempts it.
func TestResultOf(t *testing.T) {
	qs := []Query{{Action: "http://x.test/sv/jobb", Fields: []string{"omrade", "distans"}}}
	for u, want := range map[string]bool{
		"http://x.test/sv/jobb?distans=1":           true,
		"http://x.test/sv/jobb?omrade=it&distans=1": true,
		"http://x.test/sv/jobb":                     false,
		"http://x.test/sv/jobb?id=7":                false,
		"http://x.test/sv/nyheter?distans=1":        false,
	} {
		if got := resultOf(u, qs); got != want {
			t.Errorf("resultOf(%s) = %v, want %v", u, got, want)
		}
	}
}
