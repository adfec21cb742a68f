package export

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/granska/granska/internal/wad"
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
// document, and with a country "minimum": site is the country, pages the
// websites monitored, status "met" or "short N" for the simplified
// minimum, detail the minimum and its basis), so one file holds a run for
// a spreadsheet or a national tally.
var CSVHeader = []string{"site", "section", "id", "level", "en", "title", "status", "failed", "cantTell", "pages", "url", "detail"}

// WriteCSV writes the export as CSV (RFC 4180).
func (ex *Export) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	ex.csvRows(func(row []string) { cw.Write(row) })
	if c := ex.Country; c != nil {
		for _, row := range minimumRows(c) {
			cw.Write(append([]string{c.Country}, row...))
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRows gives the export's CSV rows (without the header) to emit.
func (ex *Export) csvRows(emit func([]string)) {
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
			emit([]string{s.Host, "count", kv.k, "", "", "", "", "", "", "", "", itoa(kv.v)})
		}
		for _, e := range s.Sample {
			u, status := "", "sampled"
			if e.URL != nil {
				u = *e.URL
			} else {
				status = "notFound"
			}
			emit([]string{s.Host, "sample", "", "", "", "", status, "", "", "", u, strings.Join(e.Reasons, " ")})
		}
		for _, r := range s.Criteria {
			emit([]string{s.Host, "criterion", r.ID, r.Level, r.EN, r.Title, r.Status, itoa(r.Failed), itoa(r.CantTell), itoa(r.Pages), r.Example, strings.Join(r.Rules, " ")})
		}
		for _, r := range s.Clauses {
			emit([]string{s.Host, "clause", r.ID, r.Level, r.ID, r.Title, r.Status, itoa(r.Failed), itoa(r.CantTell), itoa(r.Pages), r.Example, strings.Join(r.Rules, " ")})
		}
		for _, st := range s.Statements {
			status := ""
			if st.Statement != nil {
				status = st.Statement.Status
			}
			for _, f := range st.Findings {
				emit([]string{s.Host, "statement", f.Code, "", "", f.Part, string(f.Outcome), "", "", "", st.URL, f.Message})
			}
			emit([]string{s.Host, "statement", "status", "", "", "compliance-status", status, "", "", "", st.URL, strings.Join(st.Passed, " ")})
		}
		for _, d := range s.Documents {
			for _, f := range d.Findings {
				emit([]string{s.Host, "document", f.Check, "", strings.Join(f.EN, " "), d.Title, string(f.Outcome), "", "", "", d.URL, f.Code})
			}
			if len(d.Findings) == 0 {
				emit([]string{s.Host, "document", "", "", "", d.Title, d.Status, "", "", "", d.URL, d.Error})
			}
		}
	}
}

// WriteJSON writes the period's export as indented JSON.
func (p *Period) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(p)
}

// PeriodCSVHeader is the header of a group's CSV export: the columns of
// CSVHeader after the group and the site. Rows with an empty site are the
// group's: its totals ("group-count"), its criteria and clauses
// ("group-criterion", "group-clause": failed, cantTell and pages hold the
// sites failing, cannot tell and with no failure found) and the sample
// check for a country ("group-minimum": site is the country, pages the
// websites monitored, status "met" or "short N" for the simplified
// minimum, detail the minimum and its basis). A site's rows are its runs in the
// period ("run") and its latest run's export.
var PeriodCSVHeader = append([]string{"group", "siteName"}, CSVHeader...)

// WriteCSV writes the period's export as CSV (RFC 4180).
func (p *Period) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(PeriodCSVHeader)
	itoa := strconv.Itoa
	row := func(site string, cols ...string) {
		out := append([]string{p.Group, site}, cols...)
		for len(out) < len(PeriodCSVHeader) {
			out = append(out, "")
		}
		cw.Write(out)
	}
	t := p.Totals
	for _, kv := range []struct {
		k string
		v int
	}{{"sites", t.Sites}, {"sitesMonitored", t.SitesMonitored}, {"sitesNotMonitored", t.SitesNotMonitored},
		{"sitesNonCompliant", t.SitesNonCompliant}, {"sitesNoFailuresFound", t.SitesNoFailures}, {"sitesWithStatement", t.SitesStatement},
		{"sitesStatementFindings", t.SitesStatementBad}, {"runs", t.Runs}, {"pagesSampled", t.PagesSampled}, {"pagesAudited", t.PagesAudited},
		{"documents", t.Documents}, {"documentsFailing", t.DocumentsFailing}} {
		row("", "", "group-count", kv.k, "", "", "", "", "", "", "", "", itoa(kv.v))
	}
	if c := p.Country; c != nil {
		for _, r := range minimumRows(c) {
			row("", append([]string{c.Country, "group-minimum"}, r[1:]...)...)
		}
	}
	for _, sec := range []struct {
		name string
		reqs []GroupRequirement
	}{{"group-criterion", p.Criteria}, {"group-clause", p.Clauses}} {
		for _, g := range sec.reqs {
			row("", "", sec.name, g.ID, g.Level, "", g.Title, "", itoa(g.SitesFailed), itoa(g.SitesCantTell), itoa(g.SitesNoFailures), "", "sitesNotTested="+itoa(g.SitesNotTested))
		}
	}
	for _, s := range p.Sites {
		for _, r := range s.Runs {
			row(s.Name, first(s.URLs), "run", strconv.FormatInt(r.ID, 10), "", "", "", "", itoa(r.Failed), "", "", "", r.Finished.UTC().Format(time.RFC3339))
		}
		ex := Export{Sites: s.Hosts}
		ex.csvRows(func(cols []string) { row(s.Name, cols...) })
	}
	cw.Flush()
	return cw.Error()
}

// minimumRows are the CSV columns after "site" for a sample check: section
// "minimum", id the method and kind, status "met" or "short N" for the
// simplified website minimum ("unknown" where the number is not held),
// pages the websites monitored, detail the minimum and its basis.
func minimumRows(c *wad.SampleCheck) [][]string {
	itoa := strconv.Itoa
	var out [][]string
	for _, m := range c.Minimums {
		status, detail := "unknown", m.Basis
		if m.Known {
			status, detail = "", "minimum "+itoa(m.Number)+": "+m.Basis
			if m.Method == wad.MethodSimplified && m.Kind == wad.KindWebsites {
				status = "met"
				if c.Short > 0 {
					status = "short " + itoa(c.Short)
				}
			}
		}
		out = append(out, []string{"minimum", m.Method + " " + m.Kind, "", "", "", status, "", "", itoa(c.Monitored), "", detail})
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
