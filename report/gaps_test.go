package report_test

import (
	"testing"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/report"
	"github.com/granska/granska/report/reporttest"
	"github.com/granska/granska/result"
)

// TestGaps: every kind of gap the run records comes out once, pages first
// in the run's order, then the crawl's bounds, the URLs it could not fetch
// (a 404 is the site's answer, not a gap) and the run's errors; each kind
// has a text in both languages.
func TestGaps(t *testing.T) {
	run := reporttest.Run(6)
	run.Errors = []string{"site rules: consistent-help-site: panic"}
	// A gap recorded twice on a page is shown once; a reused page's gap is
	// marked as the earlier run's.
	run.Pages[3].Gaps = append(run.Pages[3].Gaps, run.Pages[3].Gaps[0])
	run.Pages[4].Gaps = []page.Gap{{Kind: page.GapTimeout, Node: -1, Detail: "settle"}}
	run.Pages[4].Reused = &result.Reused{}
	got := report.Gaps(run)
	want := []report.Gap{
		{Page: run.Pages[1].URL, Kind: page.GapWalk, Detail: run.Pages[1].Gaps[0].Detail},
		{Page: run.Pages[1].URL, Kind: page.GapTimeout, Detail: run.Pages[1].Gaps[1].Detail},
		{Page: run.Pages[3].URL, Kind: page.GapFrame, Detail: run.Pages[3].Gaps[0].Detail},
		{Page: run.Pages[4].URL, Kind: page.GapTimeout, Detail: "settle", Reused: true},
		{Kind: report.GapBound, Detail: "max-pages"},
		{Kind: report.GapBound, Detail: "template:/jobb/{id}"},
		{Page: "https://jobb.example.se/sok?q=lärare", Kind: report.GapFetch, Detail: "HTTP 503"},
		{Kind: report.GapRunError, Detail: run.Errors[0]},
	}
	if len(got) != len(want) {
		t.Fatalf("%d gaps, want %d:\n%+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("gap %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	for _, g := range got {
		for _, lang := range []string{"en", "sv"} {
			if report.GapText(lang, g.Kind) == g.Kind {
				t.Errorf("no %s text for gap kind %s", lang, g.Kind)
			}
		}
	}
	if d := report.GapDetail("sv", want[5]); d != "gränsen för URL:er per sidmall, för /jobb/{id}" {
		t.Errorf("template bound in Swedish: %q", d)
	}
	if d := report.GapDetail("en", want[3]); d != "settle (from the earlier run whose outcomes were reused)" {
		t.Errorf("reused gap: %q", d)
	}
	if report.GapText("en", "from-a-newer-engine") != "from-a-newer-engine" {
		t.Error("an unknown kind is not named as it is")
	}
	if n := len(report.Build(run, report.Options{Now: reporttest.Clock}).Gaps); n != len(want) {
		t.Errorf("Build has %d gaps, want %d", n, len(want))
	}
}

// TestEveryPageGapKindHasText: each capture gap kind the engine can record
// is explained to readers in both languages.
func TestEveryPageGapKindHasText(t *testing.T) {
	for _, k := range []string{page.GapFrame, page.GapFrameAX, page.GapTimeout, page.GapWalk, page.GapWalkFailed,
		page.GapVariant, page.GapScreenshot, page.GapNetwork, page.GapNotHTML, page.GapHTTPError,
		page.GapProbe, page.GapGenerated, page.GapAnimations} {
		for _, lang := range []string{"en", "sv"} {
			if report.GapText(lang, k) == k {
				t.Errorf("no %s text for gap kind %s", lang, k)
			}
		}
	}
}
