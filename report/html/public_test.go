package html_test

import (
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/internal/testpdf"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/report"
	"github.com/granska/granska/report/html"
	"github.com/granska/granska/report/reporttest"
	"github.com/granska/granska/result"
)

// The public-sector section shows the sample with its reasons, the
// statement check and the documents, in both languages, with every text
// from the catalogue.
func TestPublicSection(t *testing.T) {
	run := reporttest.Run(3)
	u := "https://example.org/tillganglighet"
	run.Sample = []result.SampleEntry{{URL: &u, Reasons: []string{"statement", "random"}}, {URL: nil, Reasons: []string{"login"}}}
	st := wad.Parse(wad.Text{Blocks: []wad.Block{{Text: "Webbplatsen är helt förenlig med lagen."}}})
	run.Statements = []wad.StatementCheck{wad.CheckStatement(u, &st, wad.AuditFacts{RunDate: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Failed: []string{"1.1.1"}})}
	run.Documents = []document.Report{document.Check("https://example.org/a.pdf", testpdf.Build(testpdf.Spec{Title: "Taxor"}), document.Options{}),
		document.Check("https://example.org/b.pdf", testpdf.Broken(), document.Options{})}
	wants := map[string][]string{
		"en": {"Public sector: sample", "accessibility statement, chosen at random", "Not found", "login", "fully compliant",
			"The statement claims full compliance", "Taxor", "EN 301 549 10.1.3.1", "unreadable: not checked"},
		"sv": {"Offentlig sektor", "tillgänglighetsredogörelse, slumpvis vald", "Hittades inte", "inloggning", "helt förenlig",
			"Redogörelsen anger att webbplatsen är helt förenlig", "Dokumentet saknar taggar", "oläsbart: inte granskat"},
	}
	for lang, want := range wants {
		b, err := html.Render(report.Build(run, report.Options{Lang: lang, Now: reporttest.Clock, Version: reporttest.Version}))
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Errorf("%s report lacks %q", lang, w)
			}
		}
		for _, key := range []string{"reason.", "part.", "public.", "doc.status."} {
			if strings.Contains(s, ">"+key) || strings.Contains(s, " "+key) {
				t.Errorf("%s report shows a catalogue key %s…", lang, key)
			}
		}
	}
}
