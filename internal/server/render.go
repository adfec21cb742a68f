package server

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"
)

// pageData is what every dashboard template gets: the language, the
// viewer and the page's own data D.
type pageData struct {
	Lang  string
	Title string
	V     *viewer
	Path  string // the request URI, for the language links
	// Workers is whether the server queues runs for workers (the
	// navigation then links the workers page).
	Workers bool
	D       any
}

// T is the text of key in the page's language.
func (p pageData) T(key string) string { return t(p.Lang, key) }

// Tf formats the text of key with args.
func (p pageData) Tf(key string, args ...any) string { return fmt.Sprintf(t(p.Lang, key), args...) }

// CSRF is the session's form token ("" when logged out).
func (p pageData) CSRF() string {
	if p.V == nil {
		return ""
	}
	return p.V.Session.CSRF
}

// LangLink is the URL that switches to lang and comes back here.
func (p pageData) LangLink(lang string) string {
	return "/lang/" + lang + "?back=" + template.URLQueryEscaper(p.Path)
}

var funcs = template.FuncMap{
	"pathEscape": url.PathEscape,
	"date": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"isodate":   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"join":      strings.Join,
	"add":       func(a, b int) int { return a + b },
	"lower":     strings.ToLower,
	"withRun":   func(p pageData, r runRow) runCtx { return runCtx{P: p, R: r} },
	"withErr":   func(p pageData, f string) errCtx { return errCtx{P: p, F: f} },
	"withChart": func(p pageData, c lineChart, id string) chartCtx { return chartCtx{P: p, C: c, ID: id} },
}

// errCtx is what the "ferr" and "fdesc" templates get: the add-site
// page and one field's name.
type errCtx struct {
	P pageData
	F string
}

// chartCtx is what the "chart" template gets.
type chartCtx struct {
	P  pageData
	C  lineChart
	ID string
}

// runCtx is what the "reports" template gets: the page and one run.
type runCtx struct {
	P pageData
	R runRow
}

// parsePages parses each page template with the layout.
func parsePages() (map[string]*template.Template, error) {
	files, err := fs.Glob(assets, "templates/*.tmpl")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".tmpl")
		if name == "layout" {
			continue
		}
		tp, err := template.New("layout.tmpl").Funcs(funcs).ParseFS(assets, "templates/layout.tmpl", f)
		if err != nil {
			return nil, fmt.Errorf("server: template %s: %w", name, err)
		}
		pages[name] = tp
	}
	return pages, nil
}

// render writes a dashboard page. The template runs into a buffer first,
// so a template error is a clean 500, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, page string, v *viewer, title string, d any) {
	tp, ok := s.pages[page]
	if !ok {
		panic("server: no template " + page)
	}
	var buf bytes.Buffer
	pd := pageData{Lang: lang(r), Title: title, V: v, Path: r.URL.RequestURI(), Workers: s.cfg.Queue != nil, D: d}
	if err := tp.Execute(&buf, pd); err != nil {
		s.log.ErrorContext(r.Context(), "template", slog.String("page", page), slog.Any("err", err))
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", pd.Lang)
	w.WriteHeader(code)
	_, _ = w.Write(buf.Bytes())
}

type errorData struct {
	Code    int
	Message string
}

// errorPage shows an error in the layout, with the viewer when there is a
// session.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, code int, msg string) {
	v, _ := s.session(r)
	s.render(w, r, code, "error", v, t(lang(r), "err.title"), errorData{Code: code, Message: msg})
}
