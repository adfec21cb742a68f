package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/internal/wad/export"
	"github.com/granska/granska/report"
	"github.com/granska/granska/result"
)

// R is the text of key in the report's message catalogue (report.T) in the
// page's language: the public-sector tables say what the reports say.
func (p pageData) R(key string, args ...any) string { return report.T(p.Lang, key, args...) }

// Outcome is an outcome's text in the page's language.
func (p pageData) Outcome(o any) string { return report.OutcomeText(p.Lang, fmt.Sprint(o)) }

// runResult reads a done run's stored results.json; nil with no error
// when the run has none (not done, pruned, or stored without it).
func (s *Server) runResult(r *http.Request, run store.Run) (*result.Run, error) {
	if run.Status != store.StatusDone || run.Pruned {
		return nil, nil
	}
	data, _, err := s.st.OpenBlob(r.Context(), run.ID, store.BlobResults)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return result.Read(bytes.NewReader(data))
}

// runExport serves a run's public-sector export (export.Build) as JSON
// or CSV, {format} being "json" or "csv", as a download.
func (s *Server) runExport(w http.ResponseWriter, r *http.Request, v *viewer) {
	_, run, ok := s.siteRun(w, r, v)
	if !ok {
		return
	}
	format := r.PathValue("format")
	if format != "json" && format != "csv" {
		s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
		return
	}
	res, err := s.runResult(r, run)
	if err != nil {
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	if res == nil {
		s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
		return
	}
	ex := export.Build(res)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	if err := download(w, "granska-export-"+strconv.FormatInt(run.ID, 10), format, ex.WriteJSON, ex.WriteCSV); err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, s.publicError(r, err))
	}
}

// download writes an export as an attachment name.format, format being
// "json" or "csv"; nothing is written when it fails.
func download(w http.ResponseWriter, name, format string, writeJSON, writeCSV func(io.Writer) error) error {
	var buf bytes.Buffer
	ct, write := "application/json", writeJSON
	if format == "csv" {
		ct, write = "text/csv; charset=utf-8", writeCSV
	}
	if err := write(&buf); err != nil {
		return err
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	_, err := w.Write(buf.Bytes())
	return err
}

// errPeriodRequest is a group export request with a bad parameter; its
// message is shown to the client.
var errPeriodRequest = errors.New("bad export request")

// parseDay reads a period end: an RFC 3339 time, or a date (YYYY-MM-DD)
// meaning its start (from) or the end of that day (to) in UTC.
func parseDay(v string, end bool) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	d, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: %q is not a date (YYYY-MM-DD) or an RFC 3339 time", errPeriodRequest, v)
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}

// groupPeriod builds the export of group over the request's period
// (?from=&to=, dates or RFC 3339 times, either open) from the sites of
// the organisations orgIDs; ?country=SE adds the check against that
// Member State's minimum sample for the period (?period=N, else the
// period of the period's end, else of its latest run). A group with no
// site is store.ErrNotFound.
func (s *Server) groupPeriod(r *http.Request, orgIDs []int64, group string) (*export.Period, error) {
	q := r.URL.Query()
	from, err := parseDay(q.Get("from"), false)
	if err != nil {
		return nil, err
	}
	to, err := parseDay(q.Get("to"), true)
	if err != nil {
		return nil, err
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return nil, fmt.Errorf("%w: from %s is not before to %s", errPeriodRequest, from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	var sites []store.Site
	for _, id := range orgIDs {
		ss, err := s.st.GroupSites(r.Context(), id, group)
		if err != nil {
			return nil, err
		}
		sites = append(sites, ss...)
	}
	if len(sites) == 0 || group == "" {
		return nil, fmt.Errorf("%w: no site belongs to the organisation %q", store.ErrNotFound, group)
	}
	var inputs []export.PeriodInput
	var last time.Time
	for _, site := range sites {
		runs, err := s.st.DoneRuns(r.Context(), site.ID, from, to)
		if err != nil {
			return nil, err
		}
		in := export.PeriodInput{ID: site.ID, Name: site.Name, URLs: site.URLs}
		for _, run := range runs {
			in.Runs = append(in.Runs, export.PeriodRun{ID: run.ID, Finished: run.Finished, Failed: run.Counts.Failed, FailedWCAG: run.Counts.ByWCAG})
			if run.Finished.After(last) {
				last = run.Finished
			}
		}
		// The newest run of the period whose results are still kept.
		for i := len(runs) - 1; i >= 0 && in.Latest == nil; i-- {
			res, err := s.runResult(r, runs[i])
			if err != nil {
				return nil, err
			}
			if res != nil {
				in.Latest, in.LatestRun = export.Build(res), runs[i].ID
			}
		}
		inputs = append(inputs, in)
	}
	p := export.BuildPeriod(group, from, to, inputs)
	if c := q.Get("country"); c != "" {
		period := 0
		if v := q.Get("period"); v != "" {
			if period, err = strconv.Atoi(v); err != nil || period < 1 {
				return nil, fmt.Errorf("%w: period %q is not a monitoring period (1 is 2020–2021, 2 is 2022, …)", errPeriodRequest, v)
			}
		}
		switch {
		case period > 0:
		case !to.IsZero():
			period = wad.PeriodOf(to.Add(-time.Nanosecond))
		case !last.IsZero():
			period = wad.PeriodOf(last)
		case !from.IsZero():
			period = wad.PeriodOf(from)
		default:
			return nil, fmt.Errorf("%w: give ?period=N or ?to=DATE with ?country: no run says which monitoring period this is", errPeriodRequest)
		}
		sc, err := wad.CheckSample(c, period, p.Totals.SitesMonitored)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errPeriodRequest, err)
		}
		p.Country = &sc
	}
	return p, nil
}

// fileSlug keeps a-z, 0-9 and dashes of s for a file name.
func fileSlug(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if out := strings.Trim(b.String(), "-"); out != "" {
		return out
	}
	return "org"
}

// orgExport serves /orgs/{org}/export/{format}: the export of the group
// {org} over a period, over the sites of every organisation the user may
// view.
func (s *Server) orgExport(w http.ResponseWriter, r *http.Request, v *viewer) {
	format := r.PathValue("format")
	if format != "json" && format != "csv" {
		s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
		return
	}
	var orgs []int64
	for _, o := range v.Orgs {
		if v.role(o.ID).Allows(store.RoleViewer) {
			orgs = append(orgs, o.ID)
		}
	}
	p, err := s.groupPeriod(r, orgs, strings.TrimSpace(r.PathValue("org")))
	switch {
	case errors.Is(err, errPeriodRequest):
		s.errorPage(w, r, http.StatusBadRequest, err.Error())
		return
	case errors.Is(err, store.ErrNotFound):
		s.errorPage(w, r, http.StatusNotFound, t(lang(r), "err.notfound"))
		return
	case err != nil:
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	if err := download(w, "granska-export-"+fileSlug(p.Group), format, p.WriteJSON, p.WriteCSV); err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, s.publicError(r, err))
	}
}

// apiOrgExport is orgExport for a token: the sites of its organisation.
func (s *Server) apiOrgExport(w http.ResponseWriter, r *http.Request, tok store.Token) {
	format := r.PathValue("format")
	if format != "json" && format != "csv" {
		writeJSONError(w, http.StatusNotFound, "no such format: json or csv")
		return
	}
	p, err := s.groupPeriod(r, []int64{tok.OrgID}, strings.TrimSpace(r.PathValue("org")))
	switch {
	case errors.Is(err, errPeriodRequest):
		writeJSONError(w, http.StatusBadRequest, err.Error())
		return
	case errors.Is(err, store.ErrNotFound):
		writeJSONError(w, http.StatusNotFound, "no site belongs to this organisation")
		return
	case err != nil:
		writeJSONError(w, storeStatus(err), s.publicError(r, err))
		return
	}
	if err := download(w, "granska-export-"+fileSlug(p.Group), format, p.WriteJSON, p.WriteCSV); err != nil {
		writeJSONError(w, http.StatusInternalServerError, s.publicError(r, err))
	}
}
