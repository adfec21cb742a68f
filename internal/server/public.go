package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/granska/granska/internal/store"
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
	var buf bytes.Buffer
	ct := "application/json"
	if format == "csv" {
		ct = "text/csv; charset=utf-8"
		err = ex.WriteCSV(&buf)
	} else {
		err = ex.WriteJSON(&buf)
	}
	if err != nil {
		s.errorPage(w, r, http.StatusInternalServerError, s.publicError(r, err))
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="granska-export-`+strconv.FormatInt(run.ID, 10)+"."+format+`"`)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(buf.Bytes())
}
