package server

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/granska/granska/internal/store"
)

// OpenAPI is the API's OpenAPI 3.1 document, served at
// /api/v1/openapi.json (docs/openapi.json is a copy, kept equal by a test).
//
//go:embed openapi.json
var OpenAPI []byte

type apiHandler func(w http.ResponseWriter, r *http.Request, tok store.Token)

// api authenticates "Authorization: Bearer TOKEN": 401 without a valid
// token, 403 when the token's role is below min.
func (s *Server) api(min store.Role, h apiHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		auth := r.Header.Get("Authorization")
		scheme, tok, ok := strings.Cut(auth, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(tok) == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="granska"`)
			writeJSONError(w, http.StatusUnauthorized, "missing bearer token: send Authorization: Bearer TOKEN (granska token create)")
			return
		}
		t, err := s.st.TokenByHash(r.Context(), HashToken(strings.TrimSpace(tok)), s.cfg.Now())
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="granska", error="invalid_token"`)
				writeJSONError(w, http.StatusUnauthorized, "invalid token")
				return
			}
			writeJSONError(w, storeStatus(err), s.publicError(r, err))
			return
		}
		if !t.Role.Allows(min) {
			writeJSONError(w, http.StatusForbidden, fmt.Sprintf("this token's role %s may not do this: %s or higher is needed", t.Role, min))
			return
		}
		h(w, r, t)
	}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// apiError is the body of every API error.
type apiError struct {
	Error string `json:"error"`
}

func writeJSONError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, apiError{Error: msg})
}

// SiteJSON is a site in the API.
type SiteJSON struct {
	ID           int64               `json:"id"`
	OrgID        int64               `json:"orgId"`
	Name         string              `json:"name"`
	URL          string              `json:"url"`
	URLs         []string            `json:"urls"`
	Schedule     string              `json:"schedule"`
	Scope        store.Scope         `json:"scope"`
	Sample       store.Sample        `json:"sample"`
	Lang         string              `json:"lang,omitempty"`
	PublicSector bool                `json:"publicSector"`
	Group        string              `json:"group"`
	Alerts       []store.AlertTarget `json:"alerts"`
	NextRun      *time.Time          `json:"nextRun,omitempty"`
	Created      time.Time           `json:"created"`
}

func siteJSON(s store.Site) SiteJSON {
	j := SiteJSON{ID: s.ID, OrgID: s.OrgID, Name: s.Name, URLs: s.URLs, Schedule: s.Schedule, Scope: s.Scope, Sample: s.Sample,
		Lang: s.Lang, PublicSector: s.PublicSector, Group: s.Group, Alerts: s.Alerts, Created: s.Created}
	if len(s.URLs) > 0 {
		j.URL = s.URLs[0]
	}
	if j.Alerts == nil {
		j.Alerts = []store.AlertTarget{}
	}
	if !s.NextRun.IsZero() {
		n := s.NextRun
		j.NextRun = &n
	}
	return j
}

// CountsJSON are a run's counts in the API.
type CountsJSON struct {
	Pages       int                      `json:"pages"`
	Failed      int                      `json:"failed"`
	CantTell    int                      `json:"cantTell"`
	PageErrors  int                      `json:"pageErrors"`
	ByImpact    map[string]int           `json:"byImpact"`
	ByPrinciple map[string]int           `json:"byPrinciple"`
	Lifecycle   map[store.IssueState]int `json:"lifecycle"`
	Templates   []store.TemplateCount    `json:"templates,omitempty"`
}

// RunJSON is a run in the API.
type RunJSON struct {
	ID       int64      `json:"id"`
	SiteID   int64      `json:"siteId"`
	Status   string     `json:"status"`
	Trigger  string     `json:"trigger"`
	Reason   string     `json:"reason,omitempty"`
	Queued   time.Time  `json:"queued"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	Counts   CountsJSON `json:"counts"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func nonNil[K comparable](m map[K]int) map[K]int {
	if m == nil {
		return map[K]int{}
	}
	return m
}

func runJSON(r store.Run) RunJSON {
	c := r.Counts
	return RunJSON{ID: r.ID, SiteID: r.SiteID, Status: string(r.Status), Trigger: r.Trigger, Reason: r.Reason,
		Queued: r.Queued, Started: optTime(r.Started), Finished: optTime(r.Finished),
		Counts: CountsJSON{Pages: c.Pages, Failed: c.Failed, CantTell: c.CantTell, PageErrors: c.PageErrors,
			ByImpact: nonNil(c.ByImpact), ByPrinciple: nonNil(c.ByPrinciple), Lifecycle: nonNil(c.Lifecycle), Templates: c.Templates}}
}

// IssueJSON is an issue in the API.
type IssueJSON struct {
	Fingerprint string   `json:"fingerprint"`
	Rule        string   `json:"rule"`
	Code        string   `json:"code"`
	Outcome     string   `json:"outcome"`
	Impact      string   `json:"impact"`
	WCAG        []string `json:"wcag"`
	EN          []string `json:"en"`
	State       string   `json:"state"`
	StateRun    int64    `json:"stateRun"`
	FirstSeen   int64    `json:"firstSeen"`
	LastSeen    int64    `json:"lastSeen"`
	Message     string   `json:"message"`
	Pages       []string `json:"pages"`
}

func issueJSON(is store.Issue) IssueJSON {
	f := is.Last
	j := IssueJSON{Fingerprint: is.Fingerprint, Rule: f.Rule, Code: f.Code, Outcome: f.Outcome, Impact: f.Impact, WCAG: f.WCAG, EN: f.EN,
		State: string(is.State), StateRun: is.StateRun, FirstSeen: is.FirstSeen, LastSeen: is.LastSeen, Message: f.Message, Pages: f.Pages}
	for _, p := range []*[]string{&j.WCAG, &j.EN, &j.Pages} {
		if *p == nil {
			*p = []string{}
		}
	}
	return j
}

// SiteRequest is the body of POST /api/v1/sites. URL or URLs (or both)
// give the start URLs; everything else is optional.
type SiteRequest struct {
	URL          string              `json:"url"`
	URLs         []string            `json:"urls"`
	Name         string              `json:"name"`
	Schedule     string              `json:"schedule"`
	Scope        store.Scope         `json:"scope"`
	Sample       *store.Sample       `json:"sample"`
	Lang         string              `json:"lang"`
	PublicSector bool                `json:"publicSector"`
	Group        string              `json:"group"`
	Alerts       []store.AlertTarget `json:"alerts"`
}

func (s *Server) apiCreateSite(w http.ResponseWriter, r *http.Request, tok store.Token) {
	var req SiteRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeJSONError(w, http.StatusBadRequest, "invalid JSON body: "+err.Error())
		return
	}
	site := store.Site{OrgID: tok.OrgID, Name: req.Name, Schedule: req.Schedule, Scope: req.Scope, Lang: req.Lang,
		PublicSector: req.PublicSector, Group: req.Group, Alerts: req.Alerts, Sample: store.Sample{Crawl: true}}
	if req.URL != "" {
		site.URLs = append(site.URLs, req.URL)
	}
	for _, u := range req.URLs {
		if u != req.URL {
			site.URLs = append(site.URLs, u)
		}
	}
	if req.Sample != nil {
		site.Sample = *req.Sample
	}
	if fe := s.validateSite(r.Context(), &site, "en"); !fe.empty() {
		writeJSONError(w, http.StatusUnprocessableEntity, fe.Error())
		return
	}
	created, err := s.st.CreateSite(r.Context(), site)
	if err != nil {
		writeJSONError(w, storeStatus(err), s.publicError(r, err))
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/sites/%d", created.ID))
	writeJSON(w, http.StatusCreated, siteJSON(created))
}

func (s *Server) apiSites(w http.ResponseWriter, r *http.Request, tok store.Token) {
	sites, err := s.st.Sites(r.Context(), tok.OrgID)
	if err != nil {
		writeJSONError(w, storeStatus(err), s.publicError(r, err))
		return
	}
	out := []SiteJSON{}
	for _, st := range sites {
		out = append(out, siteJSON(st))
	}
	writeJSON(w, http.StatusOK, out)
}

// apiSiteFor loads {id} of the token's organisation (404 otherwise).
func (s *Server) apiSiteFor(w http.ResponseWriter, r *http.Request, tok store.Token) (store.Site, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeJSONError(w, http.StatusNotFound, "no such site")
		return store.Site{}, false
	}
	site, err := s.st.Site(r.Context(), id)
	if err != nil || site.OrgID != tok.OrgID {
		if err == nil || errors.Is(err, store.ErrNotFound) {
			writeJSONError(w, http.StatusNotFound, "no such site")
		} else {
			writeJSONError(w, storeStatus(err), s.publicError(r, err))
		}
		return store.Site{}, false
	}
	return site, true
}

func (s *Server) apiSite(w http.ResponseWriter, r *http.Request, tok store.Token) {
	if site, ok := s.apiSiteFor(w, r, tok); ok {
		writeJSON(w, http.StatusOK, siteJSON(site))
	}
}

func (s *Server) apiRunNow(w http.ResponseWriter, r *http.Request, tok store.Token) {
	site, ok := s.apiSiteFor(w, r, tok)
	if !ok {
		return
	}
	run, err := s.startRun(r, site.ID, store.TriggerAPI)
	if err != nil {
		if errors.Is(err, store.ErrConflict) && run.ID != 0 {
			w.Header().Set("Location", fmt.Sprintf("/api/v1/runs/%d", run.ID))
			writeJSON(w, http.StatusConflict, struct {
				Error string  `json:"error"`
				Run   RunJSON `json:"run"`
			}{"the site already has a queued or running run", runJSON(run)})
			return
		}
		writeJSONError(w, storeStatus(err), s.publicError(r, err))
		return
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/runs/%d", run.ID))
	writeJSON(w, http.StatusAccepted, runJSON(run))
}

func (s *Server) apiRuns(w http.ResponseWriter, r *http.Request, tok store.Token) {
	site, ok := s.apiSiteFor(w, r, tok)
	if !ok {
		return
	}
	runs, err := s.st.Runs(r.Context(), site.ID, 100)
	if err != nil {
		writeJSONError(w, storeStatus(err), s.publicError(r, err))
		return
	}
	out := []RunJSON{}
	for _, run := range runs {
		out = append(out, runJSON(run))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiRun(w http.ResponseWriter, r *http.Request, tok store.Token) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeJSONError(w, http.StatusNotFound, "no such run")
		return
	}
	run, err := s.st.Run(r.Context(), id)
	if err == nil {
		var site store.Site
		site, err = s.st.Site(r.Context(), run.SiteID)
		if err == nil && site.OrgID != tok.OrgID {
			err = store.ErrNotFound
		}
	}
	if err != nil {
		if errors.Is(err, store.ErrNotFound) {
			writeJSONError(w, http.StatusNotFound, "no such run")
		} else {
			writeJSONError(w, storeStatus(err), s.publicError(r, err))
		}
		return
	}
	writeJSON(w, http.StatusOK, runJSON(run))
}

func (s *Server) apiIssues(w http.ResponseWriter, r *http.Request, tok store.Token) {
	site, ok := s.apiSiteFor(w, r, tok)
	if !ok {
		return
	}
	q := r.URL.Query()
	f := store.IssueFilter{State: store.IssueState(q.Get("state")), Rule: q.Get("rule"), Impact: q.Get("impact"), Outcome: q.Get("outcome")}
	if f.State != "" && !f.State.Valid() {
		writeJSONError(w, http.StatusBadRequest, "state must be new, recurring, fixed or reopened")
		return
	}
	// Barriers by default: a review item (cantTell) is not a failure, and
	// "new" means new barriers; outcome=cantTell lists review items,
	// outcome=all both.
	switch f.Outcome {
	case "":
		f.Outcome = "failed"
	case "all":
		f.Outcome = ""
	case "failed", "cantTell":
	default:
		writeJSONError(w, http.StatusBadRequest, "outcome must be failed, cantTell or all")
		return
	}
	if f.State == store.StateNew {
		// New since the previous run: what the latest done run found new.
		tr, err := s.st.Trend(r.Context(), site.ID, 0)
		if err != nil {
			writeJSONError(w, storeStatus(err), s.publicError(r, err))
			return
		}
		for _, p := range tr {
			if p.Status == store.StatusDone {
				f.Run = p.RunID
			}
		}
	}
	issues, err := s.st.Issues(r.Context(), site.ID, f)
	if err != nil {
		writeJSONError(w, storeStatus(err), s.publicError(r, err))
		return
	}
	out := []IssueJSON{}
	for _, is := range issues {
		out = append(out, issueJSON(is))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(OpenAPI)
}
