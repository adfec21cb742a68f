package export

import (
	"slices"
	"time"

	"github.com/granska/granska/internal/standards/wcag"
	"github.com/granska/granska/internal/wad"
)

// PeriodSchema versions the JSON form of a group's export over a period.
const PeriodSchema = "granska.wad-period/1"

// Period is the export of a group of sites (an organisation, such as a
// public body) over a period: per site, the latest run of the period seen
// as [Build] sees a run (sample and reasons, criteria and clauses, the
// statement check, documents, counts) and how often each criterion failed
// across the period's runs; and over the group, per WCAG criterion and EN
// 301 549 clause, how many sites fail it. These are the per-website and
// per-requirement results of simplified monitoring that a monitoring body
// adds up for its report under Decision (EU) 2018/1524 (Article 8 and
// Annex II); the category of service and the level of administration of
// each site are the body's to add.
type Period struct {
	Schema string       `json:"schema"`
	Group  string       `json:"group"`
	From   *time.Time   `json:"from,omitempty"`
	To     *time.Time   `json:"to,omitempty"`
	Sites  []PeriodSite `json:"sites"`
	Totals Totals       `json:"totals"`
	// Criteria are the A and AA criteria over the group's sites; Clauses
	// the EN 301 549 clauses some site fails or cannot tell.
	Criteria []GroupRequirement `json:"criteria"`
	Clauses  []GroupRequirement `json:"clauses"`
	// Country compares the sites monitored with the minimum sample of a
	// Member State (wad.CheckSample); nil when no country was asked for.
	Country *wad.SampleCheck `json:"country,omitempty"`
}

// PeriodSite is one site of the group over the period.
type PeriodSite struct {
	ID   int64    `json:"id"`
	Name string   `json:"name"`
	URLs []string `json:"urls"`
	// Runs are the site's done runs in the period, oldest first.
	Runs []PeriodRun `json:"runs"`
	// Latest is the newest run in the period whose results are kept
	// (LatestRun its id); Hosts is that run's export, one entry per host.
	// Both are empty when no run of the period has results (pruned).
	LatestRun int64  `json:"latestRun,omitempty"`
	Hosts     []Site `json:"hosts"`
	// RunsFailed counts, per WCAG criterion, the runs of the period in
	// which it failed: a criterion failing in every run is a lasting
	// barrier, one failing once may have been fixed.
	RunsFailed map[string]int `json:"runsFailed"`
}

// PeriodRun is one done run: its id, when it finished, and its failed
// outcomes in all and per WCAG criterion (the store's counts).
type PeriodRun struct {
	ID         int64          `json:"id"`
	Finished   time.Time      `json:"finished"`
	Failed     int            `json:"failed"`
	FailedWCAG map[string]int `json:"-"`
}

// Totals are the group's figures for the period.
type Totals struct {
	Sites             int `json:"sites"`             // sites in the group
	SitesMonitored    int `json:"sitesMonitored"`    // with a run with results in the period
	SitesNotMonitored int `json:"sitesNotMonitored"` // no such run
	SitesNonCompliant int `json:"sitesNonCompliant"` // with A/AA failures in their latest run
	SitesNoFailures   int `json:"sitesNoFailuresFound"`
	SitesStatement    int `json:"sitesWithStatement"`     // a statement was found
	SitesStatementBad int `json:"sitesStatementFindings"` // the statement check failed something
	Runs              int `json:"runs"`
	PagesSampled      int `json:"pagesSampled"`
	PagesAudited      int `json:"pagesAudited"`
	Documents         int `json:"documents"`
	DocumentsFailing  int `json:"documentsFailing"`
}

// GroupRequirement is a criterion or clause over the group: how many
// monitored sites fail it, cannot tell, found no failure or do not test it.
type GroupRequirement struct {
	ID              string `json:"id"`
	Level           string `json:"level,omitempty"`
	Title           string `json:"title"`
	SitesFailed     int    `json:"sitesFailed"`
	SitesCantTell   int    `json:"sitesCantTell"`
	SitesNoFailures int    `json:"sitesNoFailuresFound"`
	SitesNotTested  int    `json:"sitesNotTested"`
}

// PeriodInput is what BuildPeriod needs of one site: its identity, its
// done runs in the period (oldest first) and the export of the newest of
// them with results (nil when none has).
type PeriodInput struct {
	ID        int64
	Name      string
	URLs      []string
	Runs      []PeriodRun
	Latest    *Export
	LatestRun int64
}

// BuildPeriod makes the export of a group over [from, to) (zero: open).
// Sites keep the order given.
func BuildPeriod(group string, from, to time.Time, sites []PeriodInput) *Period {
	p := &Period{Schema: PeriodSchema, Group: group, Sites: []PeriodSite{}, Criteria: []GroupRequirement{}, Clauses: []GroupRequirement{}}
	if !from.IsZero() {
		f := from.UTC()
		p.From = &f
	}
	if !to.IsZero() {
		t := to.UTC()
		p.To = &t
	}
	crit := map[string]*GroupRequirement{}
	clauses := map[string]*GroupRequirement{}
	for _, in := range sites {
		ps := PeriodSite{ID: in.ID, Name: in.Name, URLs: slices.Clone(in.URLs), Runs: slices.Clone(in.Runs), Hosts: []Site{}, RunsFailed: map[string]int{}}
		if ps.Runs == nil {
			ps.Runs = []PeriodRun{}
		}
		for _, r := range in.Runs {
			for sc, n := range r.FailedWCAG {
				if n > 0 {
					ps.RunsFailed[sc]++
				}
			}
		}
		p.Totals.Sites++
		p.Totals.Runs += len(in.Runs)
		if in.Latest == nil {
			p.Totals.SitesNotMonitored++
			p.Sites = append(p.Sites, ps)
			continue
		}
		ps.LatestRun, ps.Hosts = in.LatestRun, in.Latest.Sites
		p.Totals.SitesMonitored++
		// A site fails a requirement when any of its hosts does.
		status := map[string]string{}
		clauseStatus := map[string]string{}
		nonCompliant, statement, statementBad := false, false, false
		for _, h := range ps.Hosts {
			c := h.Counts
			nonCompliant = nonCompliant || c.NonCompliance
			statement = statement || c.StatementFound
			statementBad = statementBad || c.StatementFindings > 0
			p.Totals.PagesSampled += c.PagesSampled
			p.Totals.PagesAudited += c.PagesAudited
			p.Totals.Documents += c.Documents
			p.Totals.DocumentsFailing += c.DocumentsFailing
			for _, r := range h.Criteria {
				status[r.ID] = worse(status[r.ID], r.Status)
			}
			for _, r := range h.Clauses {
				clauseStatus[r.ID] = worse(clauseStatus[r.ID], r.Status)
				if clauses[r.ID] == nil {
					clauses[r.ID] = &GroupRequirement{ID: r.ID, Level: r.Level, Title: r.Title}
				}
			}
		}
		for id, st := range status {
			if crit[id] == nil {
				g := &GroupRequirement{ID: id}
				if c, ok := wcag.Lookup(id); ok {
					g.Level, g.Title = c.Level, c.Title
				}
				crit[id] = g
			}
			tally(crit[id], st)
		}
		for id, st := range clauseStatus {
			tally(clauses[id], st)
		}
		if nonCompliant {
			p.Totals.SitesNonCompliant++
		} else {
			p.Totals.SitesNoFailures++
		}
		if statement {
			p.Totals.SitesStatement++
		}
		if statementBad {
			p.Totals.SitesStatementBad++
		}
		p.Sites = append(p.Sites, ps)
	}
	for _, id := range slices.SortedFunc(keys(crit), compareClause) {
		p.Criteria = append(p.Criteria, *crit[id])
	}
	for _, id := range slices.SortedFunc(keys(clauses), compareClause) {
		g := clauses[id]
		// A site whose run did not fail or question a clause found no
		// failure of it.
		g.SitesNoFailures = p.Totals.SitesMonitored - g.SitesFailed - g.SitesCantTell
		p.Clauses = append(p.Clauses, *g)
	}
	return p
}

// statusRank orders statuses from best known to worst.
var statusRank = map[string]int{StatusNotTested: 1, StatusNoFailures: 2, StatusCantTell: 3, StatusFails: 4}

func worse(a, b string) string {
	if statusRank[b] > statusRank[a] {
		return b
	}
	return a
}

func tally(g *GroupRequirement, status string) {
	switch status {
	case StatusFails:
		g.SitesFailed++
	case StatusCantTell:
		g.SitesCantTell++
	case StatusNoFailures:
		g.SitesNoFailures++
	default:
		g.SitesNotTested++
	}
}
