package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

func sampleRun() *result.Run {
	u := func(s string) *string { return &s }
	st := wad.Parse(wad.Text{Blocks: []wad.Block{{Text: "Webbplatsen är helt förenlig med lagen."}}})
	run := &result.Run{
		Schema: result.Schema, Tool: result.Tool{Name: "granska", Version: "1.2.3"},
		Started: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC), Complete: true,
		Start:   []string{"http://kommun.test/"},
		Options: result.Options{Sample: "wad", PublicSector: true},
		Rules: []result.RuleInfo{
			{ID: "image-alt", Title: "Images have a text alternative", TitleSV: "Bilder har en textalternativ", WCAG: []string{"1.1.1"}, EN: []string{"9.1.1.1"}},
			{ID: "text-contrast", Title: "Text has enough contrast", TitleSV: "Text har tillräcklig kontrast", WCAG: []string{"1.4.3"}, EN: []string{"9.1.4.3"}},
		},
		Pages: []result.Page{
			{URL: "http://kommun.test/", Outcomes: []result.Outcome{
				{Rule: "image-alt", Outcome: rules.Failed, WCAG: []string{"1.1.1"}, EN: []string{"9.1.1.1"}},
				{Rule: "image-alt", Outcome: rules.Failed, WCAG: []string{"1.1.1"}, EN: []string{"9.1.1.1"}},
				{Rule: "text-contrast", Outcome: rules.CantTell, WCAG: []string{"1.4.3"}, EN: []string{"9.1.4.3"}}}},
			{URL: "http://kommun.test/kontakt", Outcomes: []result.Outcome{
				{Rule: "image-alt", Outcome: rules.Failed, WCAG: []string{"1.1.1"}, EN: []string{"9.1.1.1"}}}},
			{URL: "http://kommun.test/trasig", Error: "timeout"},
		},
		Sample: []result.SampleEntry{{URL: u("http://kommun.test/"), Reasons: []string{"start", "home"}},
			{URL: u("http://kommun.test/kontakt"), Reasons: []string{"contact"}}, {URL: nil, Reasons: []string{"login"}}},
		Documents: []document.Report{
			document.Check("http://kommun.test/a.pdf", nil, document.Options{}),
			{URL: "http://kommun.test/b.pdf", Status: document.StatusChecked, Title: "Taxa", BeforeWAD: true,
				Findings: []document.Finding{{Check: "pdf-lang", Outcome: rules.Failed, Code: "no-lang", EN: []string{"10.3.1.1"}, Message: "No language.", MessageSV: "Inget språk."}}},
		},
	}
	run.Statements = []wad.StatementCheck{wad.CheckStatement("http://kommun.test/tillganglighet", &st,
		wad.AuditFacts{RunDate: run.Started, Failed: []string{"1.1.1"}, Sweden: true})}
	return run
}

func TestBuild(t *testing.T) {
	ex := Build(sampleRun())
	if len(ex.Sites) != 1 {
		t.Fatalf("sites %d", len(ex.Sites))
	}
	s := ex.Sites[0]
	c := s.Counts
	if c.PagesSampled != 2 || c.PagesAudited != 2 || c.PagesFailed != 1 || c.PagesWithFailures != 2 || c.KindsMissing != 1 ||
		c.CriteriaFailed != 1 || c.CriteriaCantTell != 1 || c.CriteriaTested != 2 || c.Documents != 2 || c.DocumentsChecked != 1 ||
		c.DocumentsFailing != 1 || !c.StatementFound || c.StatementFindings == 0 || !c.NonCompliance {
		t.Errorf("counts %+v", c)
	}
	status := map[string]Requirement{}
	for _, r := range s.Criteria {
		status[r.ID] = r
	}
	if r := status["1.1.1"]; r.Status != StatusFails || r.Failed != 3 || r.Pages != 2 || r.Example != "http://kommun.test/" || r.EN != "9.1.1.1" {
		t.Errorf("1.1.1: %+v", r)
	}
	if status["1.4.3"].Status != StatusCantTell || status["2.4.7"].Status != StatusNotTested {
		t.Errorf("1.4.3 %s, 2.4.7 %s", status["1.4.3"].Status, status["2.4.7"].Status)
	}
	var clauses []string
	for _, r := range s.Clauses {
		clauses = append(clauses, r.ID+"="+r.Status)
	}
	if got := strings.Join(clauses, " "); got != "9.1.1.1=fails 9.1.4.3=cantTell 10.3.1.1=fails" {
		t.Errorf("clauses %s", got)
	}
	var buf bytes.Buffer
	if err := ex.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]int{}
	for _, r := range rows[1:] {
		if len(r) != len(CSVHeader) {
			t.Fatalf("row %v", r)
		}
		sections[r[1]]++
	}
	if sections["sample"] != 3 || sections["clause"] != 3 || sections["statement"] == 0 || sections["document"] == 0 || sections["count"] != 14 {
		t.Errorf("sections %v", sections)
	}
	buf.Reset()
	if err := ex.WriteJSON(&buf); err != nil || !strings.Contains(buf.String(), `"url": null`) {
		t.Errorf("json %v: %s", err, buf.String()[:200])
	}
}

func TestDraft(t *testing.T) {
	run := sampleRun()
	sv := Draft(run, "sv")
	for _, want := range []string{"# Tillgänglighetsredogörelse", "## Efterlevnadsstatus", "**delvis förenlig**",
		"**1.1.1 ", "EN 301 549 9.1.1.1", "brister på 2 av de granskade sidorna", "bilder har en textalternativ",
		"## Hur vi testat webbplatsen", "granska 1.2.3 den 2026-12-06", "https://www.digg.se/tdosanmalan",
		"Taxa (http://kommun.test/b.pdf): Inget språk (EN 301 549 10.3.1.1)", "före den 23 september 2018", "[datum]"} {
		if !strings.Contains(sv, want) {
			t.Errorf("sv draft lacks %q:\n%s", want, sv)
		}
	}
	en := Draft(run, "en")
	for _, want := range []string{"# Accessibility statement", "## Compliance status", "**partially compliant**", "## Non-accessible content",
		"## Preparation of this accessibility statement", "## Feedback and contact information", "## Enforcement procedure"} {
		if !strings.Contains(en, want) {
			t.Errorf("en draft lacks %q", want)
		}
	}
	// No failure found: the draft leaves the status to a person.
	run.Pages = run.Pages[:0]
	for _, d := range []string{Draft(run, "en"), Draft(run, "sv")} {
		if strings.Contains(d, "**fully") || strings.Contains(d, "**helt") || strings.Contains(d, "**partially") {
			t.Errorf("draft without failures states a status:\n%s", d)
		}
	}
}
