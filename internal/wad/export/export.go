// Package export turns a run into what a public body and its supervisor
// need from it: a per-site export, per WCAG criterion and EN 301 549
// clause, with the sample and its reasons, the statement check, the
// documents and the counts a national monitoring report asks for
// (Implementing Decision (EU) 2018/1524, Annex II: results per site and per
// requirement) as JSON and CSV; and a draft accessibility statement in the
// structure of the model statement (Decision (EU) 2018/1523).
//
// Nothing here claims conformance: a criterion without failures is "no
// failures found", never "met", and the draft leaves the compliance status
// for a person to choose where the audit found no failure.
//
// The dashboard (granska serve) calls [Build] on a stored run and renders
// or serves the [Export]; the CLI writes it with [Export.WriteJSON] and
// [Export.WriteCSV].
package export

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/internal/standards/wcag"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// Schema versions the export's JSON form.
const Schema = "granska.wad-export/1"

// Statuses of a criterion or clause in the export.
const (
	StatusFails      = "fails"
	StatusCantTell   = "cantTell"
	StatusNoFailures = "noFailuresFound"
	StatusNotTested  = "notTested"
)

// Export is a run seen per site.
type Export struct {
	Schema   string    `json:"schema"`
	Tool     string    `json:"tool"`
	Version  string    `json:"version"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Complete bool      `json:"complete"`
	Sample   string    `json:"sample,omitempty"` // the sampling method: "wad" or per template
	Sites    []Site    `json:"sites"`
	// Country compares the sites of the export with a Member State's
	// minimum sample (CheckCountry); nil when none was asked for.
	Country *wad.SampleCheck `json:"country,omitempty"`
}

// CheckCountry sets ex.Country: the websites of the export (its sites)
// against the minimum sample of country in monitoring period period (0:
// the period of the export's start).
func (ex *Export) CheckCountry(country string, period int) error {
	if period == 0 {
		period = wad.PeriodOf(ex.Started)
	}
	sc, err := wad.CheckSample(country, period, len(ex.Sites))
	if err != nil {
		return err
	}
	ex.Country = &sc
	return nil
}

// Merge joins the exports of several runs (of different sites) into one:
// their sites in the order given, the earliest start and latest finish,
// complete when all are. The tool and sample method are the first's.
func Merge(exs ...*Export) *Export {
	if len(exs) == 0 {
		return &Export{Schema: Schema, Sites: []Site{}}
	}
	out := *exs[0]
	out.Sites = slices.Clone(out.Sites)
	for _, ex := range exs[1:] {
		out.Sites = append(out.Sites, ex.Sites...)
		if ex.Started.Before(out.Started) {
			out.Started = ex.Started
		}
		if ex.Finished.After(out.Finished) {
			out.Finished = ex.Finished
		}
		out.Complete = out.Complete && ex.Complete
	}
	return &out
}

// Site is one host's part of the run.
type Site struct {
	Host       string               `json:"host"`
	Sample     []result.SampleEntry `json:"sample"`
	Criteria   []Requirement        `json:"criteria"`
	Clauses    []Requirement        `json:"clauses"`
	Statements []wad.StatementCheck `json:"statements,omitempty"`
	Documents  []document.Report    `json:"documents,omitempty"`
	Counts     Counts               `json:"counts"`
}

// Requirement is one WCAG criterion or EN 301 549 clause on one site.
type Requirement struct {
	ID    string `json:"id"`
	Level string `json:"level,omitempty"`
	Title string `json:"title"`
	// EN is the EN 301 549 clause of a WCAG criterion (9.x.y.z for pages);
	// WCAG the criterion of a clause.
	EN     string `json:"en,omitempty"`
	WCAG   string `json:"wcag,omitempty"`
	Status string `json:"status"`
	// Failed and CantTell count outcomes; Pages the pages (or documents)
	// with a failure.
	Failed   int      `json:"failed"`
	CantTell int      `json:"cantTell"`
	Pages    int      `json:"pages"`
	Rules    []string `json:"rules,omitempty"`
	Example  string   `json:"example,omitempty"` // a page or document that fails
}

// Counts are the figures a monitoring report gives per site.
type Counts struct {
	PagesSampled      int  `json:"pagesSampled"`
	PagesAudited      int  `json:"pagesAudited"`
	PagesFailed       int  `json:"pagesFailed"` // pages that could not be audited
	PagesWithFailures int  `json:"pagesWithFailures"`
	KindsMissing      int  `json:"kindsMissing"` // required sample kinds not found
	CriteriaFailed    int  `json:"criteriaFailed"`
	CriteriaCantTell  int  `json:"criteriaCantTell"`
	CriteriaTested    int  `json:"criteriaTested"` // A and AA criteria some rule tests
	Documents         int  `json:"documents"`
	DocumentsChecked  int  `json:"documentsChecked"`
	DocumentsFailing  int  `json:"documentsFailing"`
	StatementFound    bool `json:"statementFound"`
	StatementFindings int  `json:"statementFindings"` // failed judgements of the statement
	// NonCompliance is true when the audit found failures of A/AA
	// criteria: the site is not fully compliant. False says only that no
	// failure was found.
	NonCompliance bool `json:"nonCompliance"`
}

// Build makes the export of a run.
func Build(run *result.Run) *Export {
	ex := &Export{Schema: Schema, Tool: run.Tool.Name, Version: run.Tool.Version, Started: run.Started, Finished: run.Finished,
		Complete: run.Complete, Sample: run.Options.Sample}
	hosts := map[string]*Site{}
	site := func(u string) *Site {
		h := host(u)
		s := hosts[h]
		if s == nil {
			s = &Site{Host: h, Sample: []result.SampleEntry{}}
			hosts[h] = s
		}
		return s
	}
	for _, u := range run.Start {
		site(u)
	}
	for _, e := range run.Sample {
		if e.URL != nil {
			s := site(*e.URL)
			s.Sample = append(s.Sample, e)
			s.Counts.PagesSampled++
		}
	}
	// A kind not found is missing on every site of the run.
	for _, e := range run.Sample {
		if e.URL == nil {
			for _, s := range hosts {
				s.Sample = append(s.Sample, e)
				s.Counts.KindsMissing++
			}
		}
	}
	tested := testedCriteria(run)
	perSite := map[string]map[string]*Requirement{}
	perClause := map[string]map[string]*Requirement{}
	req := func(m map[string]map[string]*Requirement, h, id string, mk func() *Requirement) *Requirement {
		if m[h] == nil {
			m[h] = map[string]*Requirement{}
		}
		r := m[h][id]
		if r == nil {
			r = mk()
			m[h][id] = r
		}
		return r
	}
	for _, p := range run.Pages {
		s := site(p.URL)
		if p.Error != "" {
			s.Counts.PagesFailed++
			continue
		}
		s.Counts.PagesAudited++
		pageFails := map[string]bool{}
		for _, o := range p.Outcomes {
			if o.Outcome != rules.Failed && o.Outcome != rules.CantTell {
				continue
			}
			for _, sc := range o.WCAG {
				r := req(perSite, s.Host, sc, func() *Requirement { return criterion(sc) })
				count(r, o, p.URL, pageFails, "c"+sc)
			}
			for _, cl := range o.EN {
				r := req(perClause, s.Host, cl, func() *Requirement { return clause(cl) })
				count(r, o, p.URL, pageFails, "e"+cl)
			}
		}
		for k := range pageFails {
			if strings.HasPrefix(k, "c") {
				s.Counts.PagesWithFailures++
				break
			}
		}
	}
	for _, d := range run.Documents {
		s := site(d.URL)
		s.Documents = append(s.Documents, d)
		s.Counts.Documents++
		if d.Status == document.StatusChecked {
			s.Counts.DocumentsChecked++
		}
		failing := false
		for _, f := range d.Findings {
			if f.Outcome != rules.Failed && f.Outcome != rules.CantTell {
				continue
			}
			failing = failing || f.Outcome == rules.Failed
			for _, cl := range f.EN {
				r := req(perClause, s.Host, cl, func() *Requirement { return clause(cl) })
				o := result.Outcome{Rule: f.Check, Outcome: f.Outcome}
				count(r, o, d.URL, map[string]bool{}, "")
			}
		}
		if failing {
			s.Counts.DocumentsFailing++
		}
	}
	for _, sc := range run.Statements {
		s := site(firstNonEmpty(sc.URL, first(run.Start)))
		s.Statements = append(s.Statements, sc)
		if sc.URL != "" {
			s.Counts.StatementFound = true
		}
		for _, f := range sc.Findings {
			if f.Outcome == rules.Failed {
				s.Counts.StatementFindings++
			}
		}
	}
	for _, h := range sortedKeys(hosts) {
		s := hosts[h]
		for _, c := range wcag.All() {
			if c.Obsolete || (c.Level != "A" && c.Level != "AA") {
				continue
			}
			r := perSite[h][c.ID]
			if r == nil {
				r = criterion(c.ID)
				r.Status = StatusNotTested
				if tested[c.ID] {
					r.Status = StatusNoFailures
				}
			}
			if tested[c.ID] {
				s.Counts.CriteriaTested++
			}
			switch r.Status {
			case StatusFails:
				s.Counts.CriteriaFailed++
				s.Counts.NonCompliance = true
			case StatusCantTell:
				s.Counts.CriteriaCantTell++
			}
			s.Criteria = append(s.Criteria, *r)
		}
		for _, id := range slices.SortedFunc(keys(perClause[h]), compareClause) {
			s.Clauses = append(s.Clauses, *perClause[h][id])
		}
		if s.Clauses == nil {
			s.Clauses = []Requirement{}
		}
		ex.Sites = append(ex.Sites, *s)
	}
	return ex
}

func count(r *Requirement, o result.Outcome, page string, seen map[string]bool, key string) {
	if o.Outcome == rules.Failed {
		r.Failed++
		r.Status = StatusFails
		if key == "" || !seen[key] {
			r.Pages++
			if key != "" {
				seen[key] = true
			}
		}
		if r.Example == "" || page < r.Example {
			r.Example = page
		}
	} else {
		r.CantTell++
		if r.Status != StatusFails {
			r.Status = StatusCantTell
		}
	}
	if !slices.Contains(r.Rules, o.Rule) {
		r.Rules = append(r.Rules, o.Rule)
		slices.Sort(r.Rules)
	}
}

// testedCriteria are the criteria some rule of the run maps to.
func testedCriteria(run *result.Run) map[string]bool {
	out := map[string]bool{}
	for _, r := range run.Rules {
		for _, sc := range r.WCAG {
			out[sc] = true
		}
	}
	return out
}

func criterion(sc string) *Requirement {
	r := &Requirement{ID: sc, EN: "9." + sc}
	if c, ok := wcag.Lookup(sc); ok {
		r.Title, r.Level = c.Title, c.Level
	}
	return r
}

// clause describes an EN 301 549 clause: 9.x.y.z is WCAG x.y.z on web
// pages, 10.x.y.z the same criterion applied to documents.
func clause(cl string) *Requirement {
	r := &Requirement{ID: cl}
	for _, pre := range []string{"9.", "10.", "11."} {
		if sc, ok := strings.CutPrefix(cl, pre); ok {
			if c, ok := wcag.Lookup(sc); ok {
				r.WCAG, r.Title, r.Level = sc, c.Title, c.Level
			}
		}
	}
	return r
}

func compareClause(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if c := cmp.Compare(atoi(as[i]), atoi(bs[i])); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(as), len(bs))
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return n
		}
		n = n*10 + int(r-'0')
	}
	return n
}

func host(u string) string {
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return u
	}
	return strings.ToLower(pu.Host)
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func keys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(keys(m))
}
