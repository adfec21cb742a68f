package pdf_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/report/pdf"
	"github.com/granska/granska/report/reporttest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// TestPublic: the public-sector section shows the sample with reasons and
// a kind not found, the statement findings and the documents, sv and en.
func TestPublic(t *testing.T) {
	for lang, want := range map[string][]string{
		"en": {"Public sector", "start page, home page", "Not found", "login", "Taxa", "10.3.1.1", "Documents (EN 301 549 clause 10)"},
		"sv": {"Offentlig sektor", "startsida, hemsida", "Hittades inte", "inloggning", "Taxa", "10.3.1.1", "Dokument (EN 301 549 avsnitt 10)"},
	} {
		rep := reporttest.Report(t, 2, lang)
		u := "https://kommun.example/"
		st := wad.Parse(wad.Text{Blocks: []wad.Block{{Text: "Webbplatsen är helt förenlig med lagen."}}})
		rep.Run.Sample = []result.SampleEntry{{URL: &u, Reasons: []string{"start", "home"}}, {URL: nil, Reasons: []string{"login"}}}
		rep.Run.Statements = []wad.StatementCheck{wad.CheckStatement(u+"tillganglighet", &st, wad.AuditFacts{RunDate: rep.Run.Started, Failed: []string{"1.1.1"}, Sweden: true})}
		rep.Run.Documents = []document.Report{{URL: u + "taxa.pdf", Status: document.StatusChecked, Title: "Taxa", Pages: 2,
			Findings: []document.Finding{{Check: "pdf-lang", Outcome: rules.Failed, Code: "no-lang", EN: []string{"10.3.1.1"}, Message: "No language.", MessageSV: "Inget språk."}}}}
		b, err := pdf.Render(rep)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "report.pdf")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		text := tool(t, "pdftotext", "-enc", "UTF-8", path, "-")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: pdftotext lacks %q", lang, w)
			}
		}
	}
}
