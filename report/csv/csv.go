// Package csv writes a run as CSV, one row per failed or cannot-tell
// occurrence, for spreadsheets and ticket imports. The columns are fixed
// (Header); messages come in English and Swedish.
package csv

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/granska/granska/report"
	"github.com/granska/granska/rules"
)

// Header names the columns.
var Header = []string{"page_url", "page_title", "rule", "outcome", "code", "impact", "severity",
	"wcag", "en301549", "act", "legal", "selector", "xpath", "message", "message_sv", "fingerprint", "screenshot", "snippet"}

// Write writes one row per failed or cannot-tell occurrence, in page order.
func Write(w io.Writer, rep *report.Report) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(Header); err != nil {
		return err
	}
	for _, p := range rep.Run.Pages {
		for _, o := range p.Outcomes {
			if o.Outcome != rules.Failed && o.Outcome != rules.CantTell {
				continue
			}
			ri := report.RuleInfo(rep.Run, o.Rule)
			var sel, xp, shot, snip string
			if o.Target != nil {
				sel, xp, shot, snip = o.Target.Selector, o.Target.XPath, o.Target.Screenshot, o.Target.Snippet
			}
			row := []string{p.URL, p.Title, o.Rule, string(o.Outcome), o.Code, o.Impact, o.Severity,
				strings.Join(o.WCAG, " "), strings.Join(o.EN, " "), strings.Join(o.ACT, " "), strings.Join(ri.Legal, "; "),
				sel, xp, o.Message, o.MessageSV, o.Fingerprint, shot, safe(snip)}
			for i := range row {
				row[i] = safe(row[i])
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// safe defuses cells a spreadsheet would run as a formula (page titles and
// snippets come from the audited site).
func safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
