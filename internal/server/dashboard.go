package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// impacts in the order the dashboard shows them.
var impacts = []string{"critical", "serious", "moderate", "minor"}

// sparkRuns is how many done runs a sites-list sparkline shows.
const sparkRuns = 12

// trendRuns is how many finished runs a site's trend shows.
const trendRuns = 52

type siteRow struct {
	S        store.SiteSummary
	ByImpact []int // in impacts order, of the last done run
	Spark    sparkline
}

func (s *Server) sitesPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	var rows []siteRow
	l := lang(r)
	for _, o := range v.Orgs {
		sums, err := s.st.SiteSummaries(r.Context(), o.ID, sparkRuns)
		if err != nil {
			s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
			return
		}
		for _, sum := range sums {
			row := siteRow{S: sum}
			for _, im := range impacts {
				row.ByImpact = append(row.ByImpact, sum.LastDone.Counts.ByImpact[im])
			}
			row.Spark = newSparkline(sum.Sparkline, 96, 24, fmt.Sprintf(t(l, "spark"), len(sum.Sparkline), numbers(sum.Sparkline)))
			rows = append(rows, row)
		}
	}
	slices.SortStableFunc(rows, func(a, b siteRow) int {
		return strings.Compare(strings.ToLower(a.S.Site.Name), strings.ToLower(b.S.Site.Name))
	})
	s.render(w, r, http.StatusOK, "sites", v, t(l, "sites.title"), struct {
		Rows    []siteRow
		Impacts []string
		CanAdd  bool
	}{rows, impacts, canEditAny(v)})
}

func canEditAny(v *viewer) bool {
	for _, r := range v.Roles {
		if r.Allows(store.RoleEditor) {
			return true
		}
	}
	return false
}

// siteFor loads the site of the {id} path value that the viewer may see
// (404 otherwise, so sites of other organisations are not disclosed).
func (s *Server) siteFor(w http.ResponseWriter, r *http.Request, v *viewer, min store.Role) (store.Site, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
		return store.Site{}, false
	}
	site, err := s.st.Site(r.Context(), id)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
		} else {
			s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		}
		return store.Site{}, false
	}
	role := v.role(site.OrgID)
	if role == "" {
		s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
		return store.Site{}, false
	}
	if !role.Allows(min) {
		s.errorPage(w, r, http.StatusForbidden, t(lang(r), "err.forbidden"))
		return store.Site{}, false
	}
	return site, true
}

// runRow is a run with the links to its reports.
type runRow struct {
	Run     store.Run
	HTML    bool
	PDF     bool
	Pruned  bool
	Reasons string
}

type trendRow struct {
	Point     store.TrendPoint
	ByImpact  []int
	ByPrincip []int
}

type kv struct {
	Key   string
	Label string
	Value int
}

type siteData struct {
	Site        store.Site
	CanEdit     bool
	Flash       string
	Latest      *store.Run
	Trend       []trendRow
	ImpactChart lineChart
	PrincChart  lineChart
	Impacts     []string
	Principles  []string
	State       string
	Review      bool // the table lists review items (cantTell), not barriers
	States      []stateLink
	Kinds       []stateLink
	Issues      []issueRow
	Templates   []store.TemplateCount
	EN          []kv
	Runs        []runRow
}

type stateLink struct {
	Key     string // "" for all
	Label   string
	URL     string
	Current bool
}

type issueRow struct {
	Issue store.Issue
	Title string
	URL   string
}

var principles = []string{"1", "2", "3", "4"}

func (s *Server) sitePage(w http.ResponseWriter, r *http.Request, v *viewer) {
	site, ok := s.siteFor(w, r, v, store.RoleViewer)
	if !ok {
		return
	}
	ctx := r.Context()
	l := lang(r)
	d := siteData{Site: site, CanEdit: v.role(site.OrgID).Allows(store.RoleEditor), Impacts: impacts, Principles: principles}
	if q := r.URL.Query().Get("queued"); q != "" {
		if n, err := strconv.ParseInt(q, 10, 64); err == nil {
			d.Flash = fmt.Sprintf(t(l, "site.queued"), n)
		}
	}
	if q := r.URL.Query().Get("active"); q != "" {
		if n, err := strconv.ParseInt(q, 10, 64); err == nil {
			d.Flash = fmt.Sprintf(t(l, "site.active"), n)
		}
	}
	runs, err := s.st.Runs(ctx, site.ID, 20)
	if err != nil {
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	for _, run := range runs {
		rr, err := s.runRow(r, run)
		if err != nil {
			s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
			return
		}
		d.Runs = append(d.Runs, rr)
	}
	trend, err := s.st.Trend(ctx, site.ID, trendRuns)
	if err != nil {
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	var latestDone store.Run
	imp := make([][]int, len(impacts))
	pr := make([][]int, len(principles))
	for _, p := range trend {
		tr := trendRow{Point: p}
		for i, im := range impacts {
			tr.ByImpact = append(tr.ByImpact, p.Counts.ByImpact[im])
			imp[i] = append(imp[i], p.Counts.ByImpact[im])
		}
		for i, pc := range principles {
			tr.ByPrincip = append(tr.ByPrincip, p.Counts.ByPrinciple[pc])
			pr[i] = append(pr[i], p.Counts.ByPrinciple[pc])
		}
		d.Trend = append(d.Trend, tr)
		if p.Status == store.StatusDone {
			latestDone = store.Run{ID: p.RunID, Status: p.Status, Finished: p.Finished, Counts: p.Counts}
		}
	}
	if len(trend) > 0 {
		var ss []series
		for i, im := range impacts {
			ss = append(ss, series{Key: "impact." + im, Class: "s" + strconv.Itoa(i), Values: imp[i]})
		}
		d.ImpactChart = newLineChart(600, 160, t(l, "site.trend.impact"), ss)
		ss = nil
		for i, pc := range principles {
			ss = append(ss, series{Key: "principle." + pc, Class: "s" + strconv.Itoa(i), Values: pr[i]})
		}
		d.PrincChart = newLineChart(600, 160, t(l, "site.trend.princ"), ss)
	}
	if len(runs) > 0 {
		d.Latest = &runs[0]
	}
	if latestDone.ID != 0 {
		d.Templates = latestDone.Counts.Templates
		keys := make([]string, 0, len(latestDone.Counts.ByEN))
		for k := range latestDone.Counts.ByEN {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, compareClauses)
		for _, k := range keys {
			d.EN = append(d.EN, kv{Key: k, Label: k, Value: latestDone.Counts.ByEN[k]})
		}
	}
	// The issues table with its lifecycle filter. "new" means new since
	// the previous run: issues the latest done run set to new.
	state := store.IssueState(r.URL.Query().Get("state"))
	if !state.Valid() {
		state = ""
	}
	d.State = string(state)
	// Barriers (failed) and review items (cantTell) are listed apart: a
	// review item is not a failure, and "new" means new barriers.
	d.Review = r.URL.Query().Get("outcome") == "cantTell"
	outcome, kindQ := "failed", ""
	if d.Review {
		outcome, kindQ = "cantTell", "outcome=cantTell&"
	}
	base := fmt.Sprintf("/sites/%d", site.ID)
	for _, st := range []store.IssueState{"", store.StateNew, store.StateRecurring, store.StateReopened, store.StateFixed} {
		key, label, u := string(st), t(l, "state.all"), base+"?"+kindQ+"#issues"
		if st != "" {
			label = t(l, "state."+string(st))
			u = base + "?" + kindQ + "state=" + string(st) + "#issues"
		}
		d.States = append(d.States, stateLink{Key: key, Label: label, URL: u, Current: st == state})
	}
	stateQ := ""
	if state != "" {
		stateQ = "state=" + string(state)
	}
	d.Kinds = []stateLink{
		{Label: t(l, "site.barriers"), URL: base + "?" + stateQ + "#issues", Current: !d.Review},
		{Label: t(l, "site.review"), URL: base + "?outcome=cantTell&" + stateQ + "#issues", Current: d.Review},
	}
	f := store.IssueFilter{State: state, Outcome: outcome, Limit: 500}
	if state == store.StateNew && latestDone.ID != 0 {
		f.Run = latestDone.ID
	}
	issues, err := s.st.Issues(ctx, site.ID, f)
	if err != nil {
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	for _, is := range issues {
		d.Issues = append(d.Issues, issueRow{Issue: is, Title: ruleTitle(is.Last.Rule, l),
			URL: fmt.Sprintf("/sites/%d/issues/%s", site.ID, url.PathEscape(is.Fingerprint))})
	}
	s.render(w, r, http.StatusOK, "site", v, site.Name, d)
}

// compareClauses orders dotted clause numbers numerically.
func compareClauses(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, ea := strconv.Atoi(pa[i])
		nb, eb := strconv.Atoi(pb[i])
		if ea == nil && eb == nil && na != nb {
			return na - nb
		}
		if c := strings.Compare(pa[i], pb[i]); c != 0 && (ea != nil || eb != nil) {
			return c
		}
	}
	return len(pa) - len(pb)
}

func ruleTitle(id, lang string) string {
	if r, ok := catalog.Lookup(id); ok {
		return r.Title.In(lang)
	}
	return id
}

func (s *Server) runRow(r *http.Request, run store.Run) (runRow, error) {
	rr := runRow{Run: run, Pruned: run.Pruned}
	if run.Status != store.StatusDone || run.Pruned {
		return rr, nil
	}
	blobs, err := s.st.Blobs(r.Context(), run.ID)
	if err != nil {
		return rr, err
	}
	for _, b := range blobs {
		switch b.Name {
		case store.BlobReportHTML:
			rr.HTML = true
		case store.BlobReportPDF:
			rr.PDF = true
		}
	}
	return rr, nil
}

func (s *Server) runNow(w http.ResponseWriter, r *http.Request, v *viewer) {
	site, ok := s.siteFor(w, r, v, store.RoleEditor)
	if !ok {
		return
	}
	run, err := s.startRun(r, site.ID, store.TriggerManual)
	if err != nil {
		if errors.Is(err, store.ErrConflict) && run.ID != 0 {
			http.Redirect(w, r, fmt.Sprintf("/sites/%d?active=%d", site.ID, run.ID), http.StatusSeeOther)
			return
		}
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/sites/%d?queued=%d", site.ID, run.ID), http.StatusSeeOther)
}

// startRun queues a run through the Runner, or the store when there is
// none. With ErrConflict the active run is returned too.
func (s *Server) startRun(r *http.Request, siteID int64, trigger string) (store.Run, error) {
	if s.cfg.Runner != nil {
		return s.cfg.Runner.RunNow(r.Context(), siteID, trigger)
	}
	return s.st.CreateRun(r.Context(), siteID, trigger, zeroTime)
}

// siteRun loads the {id} site the viewer may see and its {run}.
func (s *Server) siteRun(w http.ResponseWriter, r *http.Request, v *viewer) (store.Site, store.Run, bool) {
	site, ok := s.siteFor(w, r, v, store.RoleViewer)
	if !ok {
		return site, store.Run{}, false
	}
	run, ok := s.runFor(w, r, site)
	return site, run, ok
}

// runFor loads the {run} of the site, 404 when it belongs elsewhere.
func (s *Server) runFor(w http.ResponseWriter, r *http.Request, site store.Site) (store.Run, bool) {
	id, err := strconv.ParseInt(r.PathValue("run"), 10, 64)
	if err == nil && id > 0 {
		run, err := s.st.Run(r.Context(), id)
		if err == nil && run.SiteID == site.ID {
			return run, true
		}
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
			return store.Run{}, false
		}
	}
	s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
	return store.Run{}, false
}

func (s *Server) runPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	site, run, ok := s.siteRun(w, r, v)
	if !ok {
		return
	}
	rr, err := s.runRow(r, run)
	if err != nil {
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	var byImpact []int
	for _, im := range impacts {
		byImpact = append(byImpact, run.Counts.ByImpact[im])
	}
	res, err := s.runResult(r, run)
	if err != nil {
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	s.render(w, r, http.StatusOK, "run", v, fmt.Sprintf(t(lang(r), "run.title"), run.ID, site.Name), struct {
		Site     store.Site
		R        runRow
		Impacts  []string
		ByImpact []int
		Result   *result.Run // nil when the run stored no results.json
	}{site, rr, impacts, byImpact, res})
}

// blob serves a run's evidence. The HTML report is served sandboxed (an
// opaque origin with no script), so even a report that carried page
// content unescaped could not act as the dashboard.
func (s *Server) blob(w http.ResponseWriter, r *http.Request, v *viewer) {
	_, run, ok := s.siteRun(w, r, v)
	if !ok {
		return
	}
	name := r.PathValue("name")
	if name == "" || path.Clean("/"+name) != "/"+name || strings.Contains(name, "..") {
		s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
		return
	}
	data, b, err := s.st.OpenBlob(r.Context(), run.ID, name)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
			return
		}
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	ct := b.ContentType
	switch {
	case ct == "":
		ct = "application/octet-stream"
	case strings.HasPrefix(ct, "text/html"):
		w.Header().Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'")
	case strings.HasPrefix(ct, "image/svg"):
		ct = "application/octet-stream" // never render uploaded SVG inline
		w.Header().Set("Content-Disposition", "attachment")
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(data)
}

type historyRow struct {
	S     store.Sighting
	Pages int
}

func (s *Server) issuePage(w http.ResponseWriter, r *http.Request, v *viewer) {
	site, ok := s.siteFor(w, r, v, store.RoleViewer)
	if !ok {
		return
	}
	fp := r.PathValue("fp")
	ctx := r.Context()
	is, err := s.st.Issue(ctx, site.ID, fp)
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
		} else {
			s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		}
		return
	}
	hist, err := s.st.IssueHistory(ctx, site.ID, fp)
	if err != nil {
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	var rows []historyRow
	for _, h := range hist {
		rows = append(rows, historyRow{S: h, Pages: len(h.Finding.Pages)})
	}
	l := lang(r)
	var rule *rules.Rule
	if rr, ok := catalog.Lookup(is.Last.Rule); ok {
		rule = rr
	}
	msg := is.Last.Message
	if l == "sv" && is.Last.MessageSV != "" {
		msg = is.Last.MessageSV
	}
	crop := ""
	if is.Last.Crop != "" {
		crop = fmt.Sprintf("/sites/%d/runs/%d/files/%s", site.ID, is.LastSeen, is.Last.Crop)
	}
	title := t(l, "issue.title") + ": " + ruleTitle(is.Last.Rule, l)
	s.render(w, r, http.StatusOK, "issue", v, title, struct {
		Site    store.Site
		I       store.Issue
		Rule    *rules.Rule
		Message string
		Crop    string
		History []historyRow
	}{site, is, rule, msg, crop, rows})
}
