package export

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
)

// WriteJSON writes the export as indented JSON.
func (ex *Export) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(ex)
}

// CSVHeader is the CSV export's header. The CSV is long: one row per fact,
// its section saying which (count, sample, criterion, clause, statement,
// document), so one file holds a run for a spreadsheet or a national
// tally.
var CSVHeader = []string{"site", "section", "id", "level", "en", "title", "status", "failed", "cantTell", "pages", "url", "detail"}

// WriteCSV writes the export as CSV (RFC 4180).
func (ex *Export) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	itoa := strconv.Itoa
	for _, s := range ex.Sites {
		c := s.Counts
		for _, kv := range []struct {
			k string
			v int
		}{{"pagesSampled", c.PagesSampled}, {"pagesAudited", c.PagesAudited}, {"pagesFailed", c.PagesFailed},
			{"pagesWithFailures", c.PagesWithFailures}, {"kindsMissing", c.KindsMissing}, {"criteriaTested", c.CriteriaTested},
			{"criteriaFailed", c.CriteriaFailed}, {"criteriaCantTell", c.CriteriaCantTell}, {"documents", c.Documents},
			{"documentsChecked", c.DocumentsChecked}, {"documentsFailing", c.DocumentsFailing},
			{"statementFound", b2i(c.StatementFound)}, {"statementFindings", c.StatementFindings}, {"nonCompliance", b2i(c.NonCompliance)}} {
			cw.Write([]string{s.Host, "count", kv.k, "", "", "", "", "", "", "", "", itoa(kv.v)})
		}
		for _, e := range s.Sample {
			u, status := "", "sampled"
			if e.URL != nil {
				u = *e.URL
			} else {
				status = "notFound"
			}
			cw.Write([]string{s.Host, "sample", "", "", "", "", status, "", "", "", u, strings.Join(e.Reasons, " ")})
		}
		for _, r := range s.Criteria {
			cw.Write([]string{s.Host, "criterion", r.ID, r.Level, r.EN, r.Title, r.Status, itoa(r.Failed), itoa(r.CantTell), itoa(r.Pages), r.Example, strings.Join(r.Rules, " ")})
		}
		for _, r := range s.Clauses {
			cw.Write([]string{s.Host, "clause", r.ID, r.Level, r.ID, r.Title, r.Status, itoa(r.Failed), itoa(r.CantTell), itoa(r.Pages), r.Example, strings.Join(r.Rules, " ")})
		}
		for _, st := range s.Statements {
			status := ""
			if st.Statement != nil {
				status = st.Statement.Status
			}
			for _, f := range st.Findings {
				cw.Write([]string{s.Host, "statement", f.Code, "", "", f.Part, string(f.Outcome), "", "", "", st.URL, f.Message})
			}
			cw.Write([]string{s.Host, "statement", "status", "", "", "compliance-status", status, "", "", "", st.URL, strings.Join(st.Passed, " ")})
		}
		for _, d := range s.Documents {
			for _, f := range d.Findings {
				cw.Write([]string{s.Host, "document", f.Check, "", strings.Join(f.EN, " "), d.Title, string(f.Outcome), "", "", "", d.URL, f.Code})
			}
			if len(d.Findings) == 0 {
				cw.Write([]string{s.Host, "document", "", "", "", d.Title, d.Status, "", "", "", d.URL, d.Error})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
