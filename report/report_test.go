package report_test

import (
	"testing"

	"github.com/granska/granska/report"
	"github.com/granska/granska/report/reporttest"
	"github.com/granska/granska/rules"
)

func TestCatalogueComplete(t *testing.T) {
	if m := report.Missing(); len(m) > 0 {
		t.Errorf("catalogue entries without English or Swedish: %v", m)
	}
	for _, s := range report.Statuses {
		for _, lang := range []string{"en", "sv"} {
			if got := report.StatusText(lang, s); got == "status."+string(s) {
				t.Errorf("no %s text for status %s", lang, s)
			}
		}
	}
}

// TestDedupe: a component failing on every page is one issue with every
// page; page-specific failures stay separate.
func TestDedupe(t *testing.T) {
	run := reporttest.Run(6) // page 2 could not be audited
	issues := report.Dedupe(run, "sv")
	byFP := map[string]*report.Issue{}
	for _, is := range issues {
		byFP[is.Fingerprint+string(is.Outcome)] = is
	}
	banner := byFP["a1b2c3d4e5f60718failed"]
	if banner == nil || len(banner.Pages) != 5 || len(banner.Occurrences) != 5 {
		t.Fatalf("cookie banner issue: %+v", banner)
	}
	if banner.Message != "Textkontrasten är 3,2:1; den behöver vara 4,5:1." {
		t.Errorf("Swedish message: %q", banner.Message)
	}
	if hero := byFP["5566778899aabbcccantTell"]; hero == nil || hero.Outcome != rules.CantTell {
		t.Error("the cantTell issue is missing")
	}
	if issues[0].Outcome != rules.Failed || issues[0].Impact != "critical" {
		t.Errorf("worst issue first: got %s %s", issues[0].Outcome, issues[0].Impact)
	}
	if issues[len(issues)-1].Outcome != rules.CantTell {
		t.Error("cantTell issues come after failures")
	}
}

// TestRollup: statuses per criterion and clause, never "passes".
func TestRollup(t *testing.T) {
	rep := report.Build(reporttest.Run(6), report.Options{Now: reporttest.Clock})
	want := map[string]report.Status{
		"1.1.1": report.Fails,           // image-alt failed
		"1.4.3": report.Fails,           // failed and cantTell: fails wins
		"3.1.1": report.NoFailuresFound, // html-lang passed only
		"1.2.2": report.NotApplicable,   // video-captions inapplicable everywhere
		"2.4.7": report.NotTested,       // no rule in the run
		"2.5.8": report.Fails,           // a WCAG 2.2 addition
	}
	got := map[string]report.Criterion{}
	for _, c := range rep.Criteria {
		got[c.ID] = c
		if c.Level == "AAA" {
			t.Errorf("AAA criterion %s without the AAA option", c.ID)
		}
	}
	for sc, st := range want {
		if got[sc].Status != st {
			t.Errorf("%s: %s, want %s", sc, got[sc].Status, st)
		}
	}
	if _, ok := got["4.1.1"]; ok {
		t.Error("obsolete 4.1.1 in the WCAG 2.2 roll-up")
	}
	clauses := map[string]report.Clause{}
	for _, c := range rep.Clauses {
		clauses[c.ID] = c
	}
	if c := clauses["9.2.5.8"]; c.Edition != "V4.1.1" || c.Status != report.Fails {
		t.Errorf("9.2.5.8: %+v", c)
	}
	if c := clauses["9.1.4.3"]; c.Edition != "V3.2.1" || c.Status != report.Fails {
		t.Errorf("9.1.4.3: %+v", c)
	}
	if c, ok := clauses["9.4.1.1"]; !ok || c.Status != report.NotTested {
		t.Errorf("9.4.1.1 Parsing (still in V3.2.1): %+v", c)
	}
	manual := map[string]bool{}
	for _, m := range rep.Manual {
		manual[m.Criterion.ID] = len(m.What) > 0
	}
	if !manual["3.1.1"] || !manual["2.1.1"] || manual["1.1.1"] {
		t.Errorf("manual checks: %v", manual)
	}
	aaa := report.Build(reporttest.Run(2), report.Options{AAA: true})
	if len(aaa.Criteria) <= len(rep.Criteria) {
		t.Error("the AAA option adds no criteria")
	}
}

func TestCompareNotRechecked(t *testing.T) {
	old := reporttest.Run(6)
	cur := reporttest.Run(6)
	cur.Pages = cur.Pages[:1] // only the start page audited again
	d := report.Compare(old, cur)
	for _, e := range d.Fixed {
		if e.Rule == "image-alt" {
			t.Errorf("an issue on pages not audited again is reported fixed: %+v", e)
		}
	}
	if len(d.NotRechecked) == 0 {
		t.Error("no not-rechecked issues")
	}
}
