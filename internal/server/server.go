// Package server is the monitoring server's HTTP side: the dashboard
// (server-rendered html/template pages in Swedish and English that work
// without JavaScript), the REST API under /api/v1 with its OpenAPI
// document, and the security around both: users with roles per
// organisation, argon2id passwords, sessions, CSRF tokens, a login rate
// limit, hashed API tokens and the SSRF guard on every site URL.
//
// Handlers are thin over store.Store; runs are started through a Runner
// (the monitor). Page content (titles, messages, URLs, snippets) reaches
// the dashboard only through html/template's contextual escaping, and
// every page is served with a Content-Security-Policy that allows no
// script at all, so content that slipped through would still not run.
package server

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/granska/granska/internal/netguard"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/store"
)

//go:embed templates/*.tmpl static/*
var assets embed.FS

// Runner starts runs; the monitor implements it. RunNow queues a run of
// the site now (store.CreateRun's errors: ErrConflict with the active run
// when one is queued or running) and wakes whoever executes runs.
type Runner interface {
	RunNow(ctx context.Context, siteID int64, trigger string) (store.Run, error)
}

// Config configures a Server.
type Config struct {
	Store store.Store
	// Guard checks every site URL before it is stored (422 with the
	// reason when refused). Nil blocks private addresses with a zero
	// Guard; pass &netguard.Guard{AllowPrivate: true} for --allow-private.
	Guard *netguard.Guard
	// Runner starts runs; nil queues them with Store.CreateRun only.
	Runner Runner
	// CheckSchedule validates a site's schedule ("" is always valid);
	// nil accepts any (the monitor package provides the real check).
	CheckSchedule func(spec string) error
	// Logger receives one line per request and every server error; nil
	// uses slog.Default().
	Logger *slog.Logger
	// SecureCookies marks cookies Secure even on plain HTTP requests
	// (the server runs behind a TLS-terminating proxy). Requests over
	// TLS always get Secure cookies.
	SecureCookies bool
	// SessionTTL is how long a login lasts; 0 means 12 hours.
	SessionTTL time.Duration
	// LoginAttempts failed logins per client address or e-mail within
	// LoginWindow are allowed before 429; 0 means 5 in 15 minutes.
	LoginAttempts int
	LoginWindow   time.Duration
	// RequestTimeout bounds each request's context; 0 means 30 s.
	RequestTimeout time.Duration
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Queue, when set (granska serve --workers), reads the workers' and
	// the run queue's status (queue.ReadStatus) for GET /api/v1/workers
	// and the dashboard's /workers; nil answers both with 404.
	Queue func(ctx context.Context) (queue.Status, error)
}

// Server is the dashboard and API as an http.Handler.
type Server struct {
	cfg     Config
	st      store.Store
	log     *slog.Logger
	mux     *http.ServeMux
	pages   map[string]*template.Template
	static  fs.FS
	limitIP *limiter
	limitID *limiter
}

// New returns a Server; it fails only when its embedded templates do not
// parse.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("server: no store")
	}
	if cfg.Guard == nil {
		cfg.Guard = &netguard.Guard{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 12 * time.Hour
	}
	if cfg.LoginAttempts <= 0 {
		cfg.LoginAttempts = 5
	}
	if cfg.LoginWindow <= 0 {
		cfg.LoginWindow = 15 * time.Minute
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = 30 * time.Second
	}
	s := &Server{cfg: cfg, st: cfg.Store, log: cfg.Logger, mux: http.NewServeMux(),
		limitIP: newLimiter(cfg.LoginAttempts*4, cfg.LoginWindow, cfg.Now),
		limitID: newLimiter(cfg.LoginAttempts, cfg.LoginWindow, cfg.Now)}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.static, _ = fs.Sub(assets, "static")
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	m := s.mux
	// Dashboard.
	m.HandleFunc("GET /{$}", s.user(s.sitesPage))
	m.HandleFunc("GET /login", s.loginPage)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.user(s.logout))
	m.HandleFunc("GET /lang/{lang}", s.setLang)
	m.HandleFunc("GET /sites/new", s.user(s.newSitePage))
	m.HandleFunc("POST /sites", s.user(s.createSite))
	m.HandleFunc("GET /sites/{id}", s.user(s.sitePage))
	m.HandleFunc("POST /sites/{id}/runs", s.user(s.runNow))
	m.HandleFunc("GET /sites/{id}/runs/{run}", s.user(s.runPage))
	m.HandleFunc("GET /sites/{id}/runs/{run}/files/{name...}", s.user(s.blob))
	m.HandleFunc("GET /sites/{id}/runs/{run}/export/{format}", s.user(s.runExport))
	m.HandleFunc("GET /sites/{id}/issues/{fp}", s.user(s.issuePage))
	m.HandleFunc("GET /workers", s.user(s.workersPage))
	m.HandleFunc("GET /orgs/{org}/export/{format}", s.user(s.orgExport))
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(s.static)))
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	// API.
	m.HandleFunc("GET /api/v1/openapi.json", s.openAPI)
	m.HandleFunc("GET /api/v1/sites", s.api(store.RoleViewer, s.apiSites))
	m.HandleFunc("POST /api/v1/sites", s.api(store.RoleEditor, s.apiCreateSite))
	m.HandleFunc("GET /api/v1/sites/{id}", s.api(store.RoleViewer, s.apiSite))
	m.HandleFunc("POST /api/v1/sites/{id}/runs", s.api(store.RoleEditor, s.apiRunNow))
	m.HandleFunc("GET /api/v1/sites/{id}/runs", s.api(store.RoleViewer, s.apiRuns))
	m.HandleFunc("GET /api/v1/runs/{id}", s.api(store.RoleViewer, s.apiRun))
	m.HandleFunc("GET /api/v1/sites/{id}/issues", s.api(store.RoleViewer, s.apiIssues))
	m.HandleFunc("GET /api/v1/workers", s.api(store.RoleViewer, s.apiWorkers))
	m.HandleFunc("GET /api/v1/orgs/{org}/export/{format}", s.api(store.RoleViewer, s.apiOrgExport))
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSONError(w, http.StatusNotFound, "no such API endpoint or method")
	})
}

// contentCSP allows no script, no frames, no plugins, and forms and
// styles only from the server itself.
const contentCSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// ServeHTTP applies the security headers, the request deadline and the
// request log, then routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := s.cfg.Now()
	h := w.Header()
	h.Set("Content-Security-Policy", contentCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
	defer cancel()
	sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	s.mux.ServeHTTP(sw, r.WithContext(ctx))
	s.log.LogAttrs(ctx, slog.LevelInfo, "http", slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("status", sw.code), slog.Duration("took", s.cfg.Now().Sub(start)))
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// secure reports whether cookies of r must be Secure.
func (s *Server) secure(r *http.Request) bool { return s.cfg.SecureCookies || r.TLS != nil }

// clientIP is the request's remote address without the port. The server
// does not trust X-Forwarded-For: behind a proxy every client shares the
// proxy's limit, which fails safe.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// storeStatus maps a store error to an HTTP status.
func storeStatus(err error) int {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, store.ErrDuplicate), errors.Is(err, store.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, store.ErrInvalid):
		return http.StatusUnprocessableEntity
	case errors.Is(err, store.ErrBusy), errors.Is(err, store.ErrReadOnly), errors.Is(err, store.ErrDiskFull):
		return http.StatusServiceUnavailable
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// publicError is the message a user may see for err: store and
// validation errors say what is wrong; anything else is logged and
// reported generically.
func (s *Server) publicError(r *http.Request, err error) string {
	if storeStatus(err) != http.StatusInternalServerError {
		return strings.TrimPrefix(err.Error(), "store: ")
	}
	s.log.ErrorContext(r.Context(), "request failed", slog.String("path", r.URL.Path), slog.Any("err", err))
	return "internal error; the server log has the details"
}
