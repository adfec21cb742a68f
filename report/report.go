// Package report turns results into what people and tools read: the
// roll-up per WCAG criterion and EN 301 549 clause, the site-level issues
// (one component failing on many pages is one issue with its pages), the
// manual-check list, the diff of two runs, and the message catalogue the
// human-readable formats share. The writers live under report/<format>;
// report/formats writes a set of them.
//
// Reports render results only; they never crawl or browse. Where a writer
// needs Chrome (a tagged PDF printed from the HTML report) it is given a
// [Printer].
package report

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/granska/granska/internal/standards/en301549"
	"github.com/granska/granska/internal/standards/wcag"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// Options configures a report. The zero value gives an English report of
// Level A and AA, dated now.
type Options struct {
	// Lang is "sv" or "en" (default).
	Lang string
	// AAA adds the Level AAA criteria to the roll-up.
	AAA bool
	// Now is the report's date; zero means time.Now(). Tests inject it.
	Now time.Time
	// Version is the generator's version printed in the reports; empty
	// means the result's tool version. Tests inject it.
	Version string
	// AssetDir is the folder that Target.Screenshot paths are relative to
	// (the audit's output folder). Empty: screenshots are left out.
	AssetDir string
	// Printer prints the HTML report to a tagged PDF for "pdf-tagged".
	Printer Printer
	// Title names the report; empty means "Accessibility report – HOST".
	Title string
}

// Printer prints an HTML document to PDF, with tagging (structure) for
// assistive technology. The Chrome implementation lives outside report/,
// which never drives a browser itself.
type Printer interface {
	PrintPDF(ctx context.Context, html []byte) ([]byte, error)
}

// Language normalises o.Lang to "sv" or "en".
func (o Options) Language() string {
	if strings.HasPrefix(strings.ToLower(o.Lang), "sv") {
		return "sv"
	}
	return "en"
}

// Status is the roll-up verdict for one criterion or clause. There is no
// "passes": automated evidence alone never shows that a requirement is met.
type Status string

// The statuses, worst first.
const (
	Fails           Status = "fails"
	CannotTell      Status = "cannotTell"
	NoFailuresFound Status = "noFailuresFound" // manual check needed
	NotApplicable   Status = "notApplicable"
	NotTested       Status = "notTested"
)

// Statuses lists the statuses in the order reports show them.
var Statuses = []Status{Fails, CannotTell, NoFailuresFound, NotApplicable, NotTested}

// Report is the roll-up of one run.
type Report struct {
	Run  *result.Run
	Opt  Options
	Lang string
	Now  time.Time
	// Version of the generator.
	Version string
	Title   string
	Site    string // host (or first start URL)

	Pages       int // pages audited (no error)
	PagesFailed int // pages that could not be audited
	Templates   int // URL templates found by the crawler
	Criteria    []Criterion
	Clauses     []Clause
	Rules       []RuleGroup // issues grouped by rule, worst first
	Issues      []*Issue    // every issue, worst first
	Manual      []ManualCheck
	// Gaps are what the run could not check (Gaps), in the run's order.
	Gaps []Gap

	// Counts for the summary.
	ByImpact      []ImpactCount
	FailIssues    int // de-duplicated failed issues
	FailOccur     int // failed occurrences
	CantIssues    int
	CantOccur     int
	Tested        int // A/AA (AAA) criteria with at least one rule
	InScope       int // criteria in scope
	StatusCounts  map[Status]int
	ClauseCounts  map[Status]int
	HasScreenshot bool
}

// Criterion is one WCAG success criterion in the roll-up.
type Criterion struct {
	ID, Title, Level, Version, URL string
	Status                         Status
	Rules                          []string // rules in the run mapped to it
	Failed, CantTell, Passed       int      // occurrences
	Issues                         int      // de-duplicated issues
	Clause                         string   // EN 301 549 clause, "" for AAA
	Edition                        string
}

// Clause is one EN 301 549 clause 9 requirement in the roll-up.
type Clause struct {
	ID, Title, Edition, SC, Level string
	Confirmed                     bool
	Status                        Status
	Issues                        int
}

// ImpactCount counts issues and occurrences of one impact.
type ImpactCount struct {
	Impact      string
	Issues      int
	Occurrences int
}

// RuleGroup is one rule with its issues.
type RuleGroup struct {
	Rule   result.RuleInfo
	Issues []*Issue
	// Worst outcome of the group: failed before cantTell.
	Outcome rules.Outcome
	Occur   int
}

// Issue is one problem on one component: outcomes with the same
// fingerprint (rule, result code, element path and shape) and outcome,
// on any number of pages.
type Issue struct {
	Fingerprint string
	Rule        string
	Code        string
	Outcome     rules.Outcome
	Impact      string
	Severity    string
	WCAG        []string
	EN          []string
	Message     string // in the report language, from the first occurrence
	Example     result.Outcome
	Occurrences []Occurrence
	Pages       []string // distinct page URLs, sorted
}

// Occurrence is one outcome of an issue on a page.
type Occurrence struct {
	Page    string
	Outcome *result.Outcome
}

// ManualCheck is what a person should check for a criterion automation
// could not decide.
type ManualCheck struct {
	Criterion Criterion
	What      []string
}

// Build rolls a run up.
func Build(run *result.Run, opt Options) *Report {
	r := &Report{Run: run, Opt: opt, Lang: opt.Language(), Now: opt.Now, Version: opt.Version}
	if r.Now.IsZero() {
		r.Now = time.Now()
	}
	if r.Version == "" {
		r.Version = run.Tool.Version
	}
	r.Site = site(run)
	r.Title = opt.Title
	if r.Title == "" {
		r.Title = T(r.Lang, "doc.title") + " – " + r.Site
	}
	for _, p := range run.Pages {
		if p.Error != "" {
			r.PagesFailed++
		} else {
			r.Pages++
		}
	}
	if run.Crawl != nil {
		r.Templates = len(run.Crawl.Templates)
	}
	r.Issues = Dedupe(run, r.Lang)
	r.Gaps = Gaps(run)
	r.groupRules()
	r.rollup()
	r.counts()
	return r
}

func site(run *result.Run) string {
	u := ""
	if len(run.Start) > 0 {
		u = run.Start[0]
	} else if len(run.Pages) > 0 {
		u = run.Pages[0].URL
	}
	s := u
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return u
	}
	return s
}

// RuleInfo returns the run's description of rule id (a bare entry when
// the run does not describe it).
func RuleInfo(run *result.Run, id string) result.RuleInfo {
	for _, x := range run.Rules {
		if x.ID == id {
			return x
		}
	}
	return result.RuleInfo{ID: id, Title: id}
}

// Dedupe groups the failed and cantTell outcomes of a run into site-level
// issues by fingerprint and outcome, worst first: failed before cantTell,
// then by impact, then by number of pages, then by rule and fingerprint.
func Dedupe(run *result.Run, lang string) []*Issue {
	byKey := map[string]*Issue{}
	var out []*Issue
	for pi := range run.Pages {
		p := &run.Pages[pi]
		for oi := range p.Outcomes {
			o := &p.Outcomes[oi]
			if o.Outcome != rules.Failed && o.Outcome != rules.CantTell {
				continue
			}
			fp := o.Fingerprint
			if fp == "" {
				fp = o.Rule + "/" + o.Code
			}
			key := fp + "\x00" + string(o.Outcome)
			is := byKey[key]
			if is == nil {
				msg := o.Message
				if lang == "sv" && o.MessageSV != "" {
					msg = o.MessageSV
				}
				is = &Issue{Fingerprint: fp, Rule: o.Rule, Code: o.Code, Outcome: o.Outcome, Impact: o.Impact,
					Severity: o.Severity, WCAG: o.WCAG, EN: o.EN, Message: msg, Example: *o}
				byKey[key] = is
				out = append(out, is)
			}
			if is.Example.Target != nil && is.Example.Target.Screenshot == "" && o.Target != nil && o.Target.Screenshot != "" {
				is.Example = *o
			}
			is.Occurrences = append(is.Occurrences, Occurrence{Page: p.URL, Outcome: o})
		}
	}
	for _, is := range out {
		seen := map[string]bool{}
		for _, oc := range is.Occurrences {
			if !seen[oc.Page] {
				seen[oc.Page] = true
				is.Pages = append(is.Pages, oc.Page)
			}
		}
		sort.Strings(is.Pages)
	}
	sort.SliceStable(out, func(a, b int) bool { return issueLess(out[a], out[b]) })
	return out
}

func issueLess(a, b *Issue) bool {
	if a.Outcome != b.Outcome {
		return a.Outcome == rules.Failed
	}
	if ra, rb := rules.Impact(a.Impact).Rank(), rules.Impact(b.Impact).Rank(); ra != rb {
		return ra > rb
	}
	if len(a.Pages) != len(b.Pages) {
		return len(a.Pages) > len(b.Pages)
	}
	if a.Rule != b.Rule {
		return a.Rule < b.Rule
	}
	return a.Fingerprint < b.Fingerprint
}

func (r *Report) groupRules() {
	idx := map[string]int{}
	for _, is := range r.Issues {
		i, ok := idx[is.Rule]
		if !ok {
			i = len(r.Rules)
			idx[is.Rule] = i
			r.Rules = append(r.Rules, RuleGroup{Rule: RuleInfo(r.Run, is.Rule), Outcome: is.Outcome})
		}
		g := &r.Rules[i]
		g.Issues = append(g.Issues, is)
		g.Occur += len(is.Occurrences)
		if is.Outcome == rules.Failed {
			g.Outcome = rules.Failed
		}
	}
	// Issues are sorted worst first, so groups are in the order of their
	// worst issue; keep failed groups before cantTell-only ones.
	sort.SliceStable(r.Rules, func(a, b int) bool {
		return r.Rules[a].Outcome == rules.Failed && r.Rules[b].Outcome != rules.Failed
	})
}

type tally struct {
	failed, cant, passed int
	rules                []string
}

func (r *Report) rollup() {
	// Per rule over all audited pages.
	type ruleTally struct{ failed, cant, passed int }
	rt := map[string]*ruleTally{}
	for _, ri := range r.Run.Rules {
		rt[ri.ID] = &ruleTally{}
	}
	for _, p := range r.Run.Pages {
		if p.Error != "" {
			continue
		}
		for _, s := range p.Summary {
			t := rt[s.Rule]
			if t == nil {
				t = &ruleTally{}
				rt[s.Rule] = t
			}
			t.failed += s.Failed
			t.cant += s.CantTell
			t.passed += s.Passed
		}
	}
	issuesBySC := map[string]map[string]bool{}
	for _, is := range r.Issues {
		for _, sc := range is.WCAG {
			if issuesBySC[sc] == nil {
				issuesBySC[sc] = map[string]bool{}
			}
			issuesBySC[sc][is.Fingerprint+string(is.Outcome)] = true
		}
	}
	bySC := map[string]*tally{}
	var ruleIDs []string
	for id := range rt {
		ruleIDs = append(ruleIDs, id)
	}
	sort.Strings(ruleIDs)
	for _, id := range ruleIDs {
		t := rt[id]
		for _, sc := range RuleInfo(r.Run, id).WCAG {
			s := bySC[sc]
			if s == nil {
				s = &tally{}
				bySC[sc] = s
			}
			s.rules = append(s.rules, id)
			s.failed += t.failed
			s.cant += t.cant
			s.passed += t.passed
		}
	}
	r.StatusCounts = map[Status]int{}
	for _, c := range wcag.All() {
		if c.Obsolete || c.Level == "AAA" && !r.Opt.AAA {
			continue
		}
		cr := Criterion{ID: c.ID, Title: c.Title, Level: c.Level, Version: c.Version, URL: c.URL, Status: NotTested}
		if cl, ok := en301549.ForSC(c.ID); ok {
			cr.Clause, cr.Edition = cl.ID, cl.Edition
		}
		if s := bySC[c.ID]; s != nil {
			cr.Rules = s.rules
			cr.Failed, cr.CantTell, cr.Passed = s.failed, s.cant, s.passed
			cr.Status = status(s.failed, s.cant, s.passed)
			r.Tested++
		}
		cr.Issues = len(issuesBySC[c.ID])
		r.InScope++
		r.StatusCounts[cr.Status]++
		r.Criteria = append(r.Criteria, cr)
	}
	r.ClauseCounts = map[Status]int{}
	for _, cl := range en301549.Clause9() {
		if cl.Kind != en301549.Requirement {
			continue
		}
		c := Clause{ID: cl.ID, Title: cl.Title, Edition: cl.Edition, SC: cl.SC, Level: cl.Level, Confirmed: cl.Confirmed, Status: NotTested}
		if s := bySC[cl.SC]; s != nil {
			c.Status = status(s.failed, s.cant, s.passed)
		}
		c.Issues = len(issuesBySC[cl.SC])
		r.ClauseCounts[c.Status]++
		r.Clauses = append(r.Clauses, c)
	}
	for _, c := range r.Criteria {
		if c.Status == Fails || c.Status == NotApplicable {
			continue
		}
		r.Manual = append(r.Manual, ManualCheck{Criterion: c, What: r.manualFor(c)})
	}
}

func status(failed, cant, passed int) Status {
	switch {
	case failed > 0:
		return Fails
	case cant > 0:
		return CannotTell
	case passed > 0:
		return NoFailuresFound
	}
	return NotApplicable
}

// manualFor says what to check by hand for a criterion: the checks of the
// rules that could not tell, and the criterion's own advice.
func (r *Report) manualFor(c Criterion) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range c.Rules {
		ri := RuleInfo(r.Run, id)
		m := ri.Manual
		if r.Lang == "sv" && ri.ManualSV != "" {
			m = ri.ManualSV
		}
		if m != "" && !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	if m := scAdvice(c.ID, r.Lang); m != "" {
		out = append(out, m)
	}
	if len(out) == 0 {
		out = append(out, T(r.Lang, "manual.generic"))
	}
	return out
}

func (r *Report) counts() {
	imp := map[string]*ImpactCount{}
	for _, is := range r.Issues {
		if is.Outcome == rules.Failed {
			r.FailIssues++
			r.FailOccur += len(is.Occurrences)
			k := is.Impact
			if k == "" {
				k = "unknown"
			}
			if imp[k] == nil {
				imp[k] = &ImpactCount{Impact: k}
			}
			imp[k].Issues++
			imp[k].Occurrences += len(is.Occurrences)
		} else {
			r.CantIssues++
			r.CantOccur += len(is.Occurrences)
		}
		if is.Example.Target != nil && is.Example.Target.Screenshot != "" {
			r.HasScreenshot = true
		}
	}
	for _, k := range []string{"critical", "serious", "moderate", "minor", "unknown"} {
		if c := imp[k]; c != nil {
			r.ByImpact = append(r.ByImpact, *c)
		} else if k != "unknown" {
			r.ByImpact = append(r.ByImpact, ImpactCount{Impact: k})
		}
	}
}

// HelpURI is where to read about a rule: the WCAG Understanding document
// of its first criterion, or "".
func HelpURI(ri result.RuleInfo) string {
	for _, sc := range ri.WCAG {
		if c, ok := wcag.Lookup(sc); ok && c.URL != "" {
			return c.URL
		}
	}
	return ""
}

// In picks the Swedish or English text.
func In(lang, en, sv string) string {
	if lang == "sv" && sv != "" {
		return sv
	}
	return en
}

// Title of a rule in the language.
func RuleTitle(ri result.RuleInfo, lang string) string { return In(lang, ri.Title, ri.TitleSV) }
