package server

import (
	"context"
	"errors"
	"net/http"
	"sort"

	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/store"
)

// This file serves the workers' and the run queue's status (granska serve
// --workers): GET /api/v1/workers for tokens of role viewer and up, and
// the dashboard page /workers for logged-in users. Workers and the
// depth by state are the installation's (they carry no site data); the
// jobs listed are only those of runs of the caller's organisations.

// queueStatus reads the status and keeps the jobs of runs whose site is
// in an organisation mine allows. It returns errNoQueue when the server
// runs audits in its own process.
func (s *Server) queueStatus(ctx context.Context, mine func(org int64) bool) (queue.Status, error) {
	if s.cfg.Queue == nil {
		return queue.Status{}, errNoQueue
	}
	st, err := s.cfg.Queue(ctx)
	if err != nil {
		return st, err
	}
	org := map[int64]int64{} // site → organisation
	jobs := st.Jobs[:0]
	for _, j := range st.Jobs {
		run, err := s.st.Run(ctx, j.RunID)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return st, err
		}
		o, ok := org[run.SiteID]
		if !ok {
			site, err := s.st.Site(ctx, run.SiteID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return st, err
			}
			o, org[run.SiteID] = site.OrgID, site.OrgID
		}
		if o != 0 && mine(o) {
			jobs = append(jobs, j)
		}
	}
	st.Jobs = jobs
	return st, nil
}

var errNoQueue = errors.New("this server audits in its own process: it has no workers (granska serve --workers)")

func (s *Server) apiWorkers(w http.ResponseWriter, r *http.Request, tok store.Token) {
	st, err := s.queueStatus(r.Context(), func(org int64) bool { return org == tok.OrgID })
	switch {
	case errors.Is(err, errNoQueue):
		writeJSONError(w, http.StatusNotFound, err.Error())
	case err != nil:
		s.log.ErrorContext(r.Context(), "queue status", "err", err)
		writeJSONError(w, http.StatusServiceUnavailable, "the queue's status is unavailable")
	default:
		writeJSON(w, http.StatusOK, st)
	}
}

// depthRow is one state's count on the dashboard.
type depthRow struct {
	State string
	N     int
}

func (s *Server) workersPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	st, err := s.queueStatus(r.Context(), func(org int64) bool { return v.role(org) != "" })
	switch {
	case errors.Is(err, errNoQueue):
		s.errorPage(w, r, http.StatusNotFound, err.Error())
		return
	case err != nil:
		s.log.ErrorContext(r.Context(), "queue status", "err", err)
		s.errorPage(w, r, http.StatusServiceUnavailable, "the queue's status is unavailable")
		return
	}
	var depth []depthRow
	for k, n := range st.Depth {
		depth = append(depth, depthRow{k, n})
	}
	sort.Slice(depth, func(i, j int) bool { return depth[i].State < depth[j].State })
	s.render(w, r, http.StatusOK, "workers", v, t(lang(r), "workers.title"), struct {
		S     queue.Status
		Depth []depthRow
	}{st, depth})
}
