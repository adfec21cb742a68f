package wad

import (
	"slices"
	"testing"
	"time"
)

func codes(sc StatementCheck) []string {
	var out []string
	for _, f := range sc.Findings {
		out = append(out, f.Part+"/"+string(f.Outcome)+":"+f.Code)
	}
	return out
}

func TestCheckStatement(t *testing.T) {
	run := time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	good := Parse(text(
		"# Efterlevnadsstatus", "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service.",
		"# Innehåll som inte är tillgängligt", "Ansökningsformuläret saknar synliga etiketter (1.3.1, 3.3.2).",
		"# Hur vi testat webbplatsen", "Vi har gjort en egen bedömning. Redogörelsen upprättades 2024-03-01 och uppdaterades senast den 1 oktober 2026.",
		"[Lämna synpunkter](/sv/synpunkter)", "E-post: tillganglighet@example.org",
		"[Anmäl till Digg](https://www.digg.se/tdosanmalan)",
	))
	sc := CheckStatement("https://example.org/sv/tillganglighet", &good, AuditFacts{RunDate: run, Failed: []string{"3.3.2", "1.3.1"}, Pages: 10, LinkedFrom: 10, Sweden: true})
	if len(sc.Findings) != 0 {
		t.Errorf("good statement: %v", codes(sc))
	}
	if want := []string{PartAccessibleFrom, PartStatus, PartNonAccessible, PartPreparation, PartFeedback, PartEnforcement}; !slices.Equal(sc.Passed, want) {
		t.Errorf("passed %v, want %v", sc.Passed, want)
	}

	bad := Parse(text(
		"# Accessibility statement", "This website is fully compliant with the accessibility requirements.",
		"This statement was prepared on 14 June 2023.", "Contact: web@example.org",
	))
	sc = CheckStatement("u", &bad, AuditFacts{RunDate: run, Failed: []string{"1.4.3", "1.1.1"}, Pages: 10, LinkedFrom: 7})
	want := []string{
		"accessible-from/cantTell:not-linked-everywhere",
		"compliance-status/failed:claims-full",
		"preparation/failed:outdated", "preparation/cantTell:no-review-date", "preparation/failed:no-method",
		"feedback-contact/failed:no-feedback", "enforcement-procedure/failed:no-enforcement",
	}
	if got := codes(sc); !slices.Equal(got, want) {
		t.Errorf("bad statement:\n got %v\nwant %v", got, want)
	}
	if sc.Findings[1].Criteria[0] != "1.1.1" || sc.Findings[1].Message != "The statement claims full compliance, but the audit found failures of WCAG 1.1.1, 1.4.3." {
		t.Errorf("claims-full: %+v", sc.Findings[1])
	}
	// The same statement judged on a run a year earlier is not outdated:
	// the run's date decides, not the clock.
	sc = CheckStatement("u", &bad, AuditFacts{RunDate: time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC)})
	if slices.Contains(codes(sc), "preparation/failed:outdated") {
		t.Errorf("outdated relative to a 2023 run: %v", codes(sc))
	}

	partial := Parse(text("We only partly conform to WCAG 2.1 AA.", "Reviewed 2026-11-01 by an external auditor.", "[Report a problem](mailto:a11y@example.org)", "The enforcement body is the Equality Ombudsman."))
	sc = CheckStatement("u", &partial, AuditFacts{RunDate: run, Failed: []string{"2.4.7"}})
	want = []string{"non-accessible-content/failed:no-non-accessible", "non-accessible-content/cantTell:unlisted-criteria", "enforcement-procedure/failed:enforcement-not-linked"}
	if got := codes(sc); !slices.Equal(got, want) {
		t.Errorf("partial:\n got %v\nwant %v", got, want)
	}
	if got := codes(CheckStatement("", nil, AuditFacts{RunDate: run})); !slices.Equal(got, []string{"opening/failed:not-found"}) {
		t.Errorf("none: %v", got)
	}
}
