// Package demosite serves the bundled demo career site of Norrsken Energi AB, an invented
// Swedish employer, in two twins rendered from one set of templates (site/):
//
//   - Broken carries seeded accessibility and consent barriers, each listed in the
//     manifest (Manifest) with the page, the element, the rule that must find it and the
//     WCAG success criteria;
//   - Fixed is the same site with every barrier repaired; no correct rule may fail on it.
//
// The site is what `granska demo` audits and what the end-to-end tests measure recall
// (broken) and precision (fixed) against. Everything is served locally: no fonts, scripts
// or images from another host, so it works on a loopback port with no network. The server
// never stores what a form sends.
package demosite

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Twin selects which version of the demo site is served.
type Twin int

const (
	// Broken is the twin with the seeded barriers of the manifest.
	Broken Twin = iota + 1
	// Fixed is the twin with every barrier repaired.
	Fixed
)

// String returns "broken" or "fixed".
func (t Twin) String() string {
	switch t {
	case Broken:
		return "broken"
	case Fixed:
		return "fixed"
	}
	return "Twin(" + strconv.Itoa(int(t)) + ")"
}

// ErrUnknownTwin is returned (wrapped) by ParseTwin and New for a twin that is neither
// broken nor fixed.
var ErrUnknownTwin = errors.New("unknown demo twin")

// ParseTwin parses "broken" or "fixed" (case-insensitive).
func ParseTwin(s string) (Twin, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "broken":
		return Broken, nil
	case "fixed":
		return Fixed, nil
	}
	return 0, fmt.Errorf("%w %q: use broken or fixed", ErrUnknownTwin, s)
}

// root is the directory of the site inside siteFS.

//go:generate go run ./internal/genimg -out site/static/img/hero.png

// pageNames are the page templates in templates/, each parsed together with layout.tmpl.
var pageNames = []string{
	"home", "jobs", "job", "apply", "thanks", "contact",
	"privacy-sv", "privacy-en", "statement-sv", "statement-en", "notfound", "info",
}

// Site is the demo site of one twin, an http.Handler. Create it with New.
type Site struct {
	twin   Twin
	pages  map[string]*template.Template
	data   *siteData
	static fs.FS
	mux    *http.ServeMux
	// changed names a template whose markup NewChanged altered (change.go).
	changed string
	docs    map[string][]byte // the PDFs under /dokument/
}

// New parses the templates and data of the bundled site once and returns the site of
// the given twin. It fails only if the embedded files are broken or the twin is unknown.
func New(twin Twin) (*Site, error) {
	if twin != Broken && twin != Fixed {
		return nil, fmt.Errorf("demosite: %w: %d", ErrUnknownTwin, int(twin))
	}
	siteFS, err := fs.Sub(siteFS, root)
	if err != nil {
		return nil, fmt.Errorf("demosite: %w", err)
	}
	data, err := loadData(siteFS)
	if err != nil {
		return nil, fmt.Errorf("demosite: %w", err)
	}
	base, err := template.New("layout.tmpl").ParseFS(siteFS, "templates/layout.tmpl")
	if err != nil {
		return nil, fmt.Errorf("demosite: parse layout: %w", err)
	}
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := base.Clone()
		if err != nil {
			return nil, fmt.Errorf("demosite: clone layout for %s: %w", name, err)
		}
		if _, err := t.ParseFS(siteFS, "templates/"+name+".tmpl"); err != nil {
			return nil, fmt.Errorf("demosite: parse %s: %w", name, err)
		}
		pages[name] = t
	}
	static, err := fs.Sub(siteFS, "static")
	if err != nil {
		return nil, fmt.Errorf("demosite: %w", err)
	}
	s := &Site{twin: twin, pages: pages, data: data, static: static, docs: makeDocuments(twin)}
	s.routes()
	return s, nil
}

// Handler returns the demo site of the given twin. It never panics: if the embedded site
// cannot be loaded (a build problem, not a run-time one), every request is answered with
// status 500 and the reason.
func Handler(twin Twin) http.Handler {
	s, err := New(twin)
	if err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		})
	}
	return s
}

// Twin reports which twin the site serves.
func (s *Site) Twin() Twin { return s.twin }

// ServeHTTP serves the site.
func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// SitemapPaths returns the paths listed in sitemap.xml, in order: the Swedish pages,
// then the English ones. Both twins have the same paths. It returns nil only if the
// embedded site data is broken, which New reports as an error.
func SitemapPaths() []string {
	d, err := siteDataOnce()
	if err != nil {
		return nil
	}
	return d.sitemapPaths()
}

// PagePaths returns the sitemap paths plus the pages a crawler finds only by following
// links: every application form, the second page of the job list and one filtered job
// list (the filters have more combinations than these; all are reachable from the job
// ads' tags). Both twins have the same paths.
func PagePaths() []string {
	d, err := siteDataOnce()
	if err != nil {
		return nil
	}
	paths := d.sitemapPaths()
	for _, j := range d.jobs {
		paths = append(paths, j.applyPath("sv"))
		if j.hasLang("en") {
			paths = append(paths, j.applyPath("en"))
		}
	}
	return append(paths, "/sv/jobb?page=2", "/sv/jobb?omrade=it")
}

func (s *Site) routes() {
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/sv/", http.StatusFound)
	})
	m.HandleFunc("GET /sv", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/sv/", http.StatusMovedPermanently) })
	m.HandleFunc("GET /en", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/en/", http.StatusMovedPermanently) })
	m.HandleFunc("GET /robots.txt", s.robots)
	m.HandleFunc("GET /sitemap.xml", s.sitemap)
	m.HandleFunc("GET /static/", s.serveStatic)
	m.HandleFunc("GET /dokument/{name}", s.serveDocument)
	for _, l := range []struct{ lang, jobs, apply, privacy, statement, contact string }{
		{"sv", "jobb", "ansok", "integritetspolicy", "tillganglighetsredogorelse", "kontakt"},
		{"en", "jobs", "apply", "privacy-policy", "accessibility-statement", "contact"},
	} {
		for _, ip := range infoPages {
			slug, kind, lang := ip.slug(l.lang), ip.kind, l.lang
			m.HandleFunc("GET /"+lang+"/"+slug, func(w http.ResponseWriter, r *http.Request) {
				d := s.newPage(r, lang, altOf(slug))
				d.Info = kind
				d.Docs = s.docViews(lang)
				s.render(w, r, "info", d, http.StatusOK)
			})
		}
		lang := l.lang
		p := "/" + lang + "/"
		m.HandleFunc("GET "+p+"{$}", func(w http.ResponseWriter, r *http.Request) { s.home(w, r, lang) })
		m.HandleFunc("GET "+p+l.jobs, func(w http.ResponseWriter, r *http.Request) { s.jobList(w, r, lang) })
		m.HandleFunc("GET "+p+l.jobs+"/{slug}", func(w http.ResponseWriter, r *http.Request) { s.jobPage(w, r, lang) })
		m.HandleFunc("GET "+p+l.apply+"/{id}", func(w http.ResponseWriter, r *http.Request) { s.apply(w, r, lang) })
		m.HandleFunc("POST "+p+l.apply+"/{id}", func(w http.ResponseWriter, r *http.Request) { s.applyPost(w, r, lang) })
		m.HandleFunc("GET "+p+l.privacy, func(w http.ResponseWriter, r *http.Request) {
			s.render(w, r, "privacy-"+lang, s.newPage(r, lang, altOf(l.privacy)), http.StatusOK)
		})
		m.HandleFunc("GET "+p+l.statement, func(w http.ResponseWriter, r *http.Request) {
			s.render(w, r, "statement-"+lang, s.newPage(r, lang, altOf(l.statement)), http.StatusOK)
		})
		m.HandleFunc("GET "+p+l.contact, func(w http.ResponseWriter, r *http.Request) { s.contact(w, r, lang) })
		m.HandleFunc("POST "+p+l.contact, func(w http.ResponseWriter, r *http.Request) { s.contactPost(w, r, lang) })
	}
	m.HandleFunc("/", s.notFound)
	s.mux = m
}

// counterparts maps a page slug to the same page in the other language.
var counterparts = map[string]string{
	"integritetspolicy":          "/en/privacy-policy",
	"privacy-policy":             "/sv/integritetspolicy",
	"tillganglighetsredogorelse": "/en/accessibility-statement",
	"accessibility-statement":    "/sv/tillganglighetsredogorelse",
	"kontakt":                    "/en/contact",
	"contact":                    "/sv/kontakt",
	"logga-in":                   "/en/login",
	"login":                      "/sv/logga-in",
	"webbplatskarta":             "/en/sitemap",
	"sitemap":                    "/sv/webbplatskarta",
	"hjalp":                      "/en/help",
	"help":                       "/sv/hjalp",
	"synpunkter":                 "/en/feedback",
	"feedback":                   "/sv/synpunkter",
}

type infoPage struct{ kind, sv, en string }

func (ip infoPage) slug(lang string) string {
	if lang == "sv" {
		return ip.sv
	}
	return ip.en
}

// infoPages are the pages the sample of Decision (EU) 2018/1524 asks for
// that a careers site has besides its jobs: login, sitemap, help and the
// feedback mechanism (templates/info.tmpl).
var infoPages = []infoPage{
	{"login", "logga-in", "login"},
	{"sitemap", "webbplatskarta", "sitemap"},
	{"help", "hjalp", "help"},
	{"feedback", "synpunkter", "feedback"},
}

func altOf(slug string) string { return counterparts[slug] }

// pageData is what every page template receives.
type pageData struct {
	Broken     bool
	Lang       string // "sv" or "en"
	SV         bool
	AltLang    string
	Path       string // the path of this page
	AltPath    string // the same page in the other language, "" if there is none
	AltHref    string // where the language switcher goes: AltPath or the other home page
	Nav        string // "jobs" or "contact": the current item of the main menu
	ConsentSet bool   // the visitor has already made a cookie choice
	Status     int

	Jobs      []jobView // featured jobs on the home page
	JobCount  int
	Job       *jobView
	List      *listView
	Countries []countryView
	Topic     string // preselected topic of the contact form
	Thanks    string // "apply" or "contact" on a thank-you page
	Info      string // the kind of an info page: login, sitemap, help, feedback
	Docs      []docView
	// Reviewed is the statement's last review, in the month before the
	// request, so the fixed twin's statement is never more than a year old.
	Reviewed time.Time
}

var svMonths = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

// ReviewedISO is Reviewed as YYYY-MM-DD; ReviewedText as the page's
// language writes a date.
func (d *pageData) ReviewedISO() string { return d.Reviewed.Format("2006-01-02") }

// ReviewedText is Reviewed in words ("3 oktober 2026", "3 October 2026").
func (d *pageData) ReviewedText() string {
	if d.SV {
		return fmt.Sprintf("%d %s %d", d.Reviewed.Day(), svMonths[d.Reviewed.Month()-1], d.Reviewed.Year())
	}
	return d.Reviewed.Format("2 January 2006")
}

// L returns sv on a Swedish page and en on an English one.
func (d *pageData) L(sv, en string) string {
	if d.SV {
		return sv
	}
	return en
}

func (s *Site) newPage(r *http.Request, lang, alt string) *pageData {
	other := otherLang(lang)
	d := &pageData{
		Broken:  s.twin == Broken,
		Lang:    lang,
		SV:      lang == "sv",
		AltLang: other,
		Path:    r.URL.Path,
		AltPath: alt,
		AltHref: alt,
		Status:  http.StatusOK,
	}
	now := time.Now().UTC()
	d.Reviewed = time.Date(now.Year(), now.Month()-1, 3, 0, 0, 0, 0, time.UTC)
	if d.AltHref == "" {
		d.AltHref = "/" + other + "/"
	}
	if c, err := r.Cookie("ne_samtycke"); err == nil && c.Value != "" {
		d.ConsentSet = true
	}
	return d
}

func (s *Site) render(w http.ResponseWriter, r *http.Request, name string, d *pageData, status int) {
	t, ok := s.pages[name]
	if !ok {
		http.Error(w, "demosite: no template "+name, http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		http.Error(w, "demosite: render "+name+": "+err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", d.Lang)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Vary", "Cookie")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(s.change(name, buf.Bytes()))
	}
}

func (s *Site) notFound(w http.ResponseWriter, r *http.Request) {
	lang := "sv"
	if r.URL.Path == "/en" || strings.HasPrefix(r.URL.Path, "/en/") {
		lang = "en"
	}
	d := s.newPage(r, lang, "")
	d.Status = http.StatusNotFound
	s.render(w, r, "notfound", d, http.StatusNotFound)
}

func (s *Site) home(w http.ResponseWriter, r *http.Request, lang string) {
	d := s.newPage(r, lang, "/"+otherLang(lang)+"/")
	all := s.data.jobsIn(lang)
	d.JobCount = len(all)
	for i, j := range all {
		if i == 3 {
			break
		}
		d.Jobs = append(d.Jobs, j.view(s.data, lang))
	}
	s.render(w, r, "home", d, http.StatusOK)
}

// otherLang returns the other language of the site.
func otherLang(lang string) string {
	if lang == "sv" {
		return "en"
	}
	return "sv"
}

func (s *Site) jobList(w http.ResponseWriter, r *http.Request, lang string) {
	alt := "/en/jobs"
	if lang == "en" {
		alt = "/sv/jobb"
	}
	d := s.newPage(r, lang, alt)
	d.Nav = "jobs"
	list, ok := s.data.list(lang, r.URL.Query())
	if !ok {
		s.notFound(w, r)
		return
	}
	d.List = list
	s.render(w, r, "jobs", d, http.StatusOK)
}

func (s *Site) jobPage(w http.ResponseWriter, r *http.Request, lang string) {
	slug := r.PathValue("slug")
	idPart, _, _ := strings.Cut(slug, "-")
	j := s.data.job(idPart)
	if j == nil || !j.hasLang(lang) {
		s.notFound(w, r)
		return
	}
	if canonical := j.path(lang); r.URL.Path != canonical {
		http.Redirect(w, r, canonical, http.StatusMovedPermanently)
		return
	}
	alt := ""
	if j.hasLang(otherLang(lang)) {
		alt = j.path(otherLang(lang))
	}
	d := s.newPage(r, lang, alt)
	if alt == "" {
		d.AltHref = map[string]string{"sv": "/en/jobs", "en": "/sv/jobb"}[lang]
	}
	d.Nav = "jobs"
	v := j.view(s.data, lang)
	d.Job = &v
	s.render(w, r, "job", d, http.StatusOK)
}

func (s *Site) applyJob(w http.ResponseWriter, r *http.Request, lang string) (*pageData, bool) {
	j := s.data.job(r.PathValue("id"))
	if j == nil || !j.hasLang(lang) {
		s.notFound(w, r)
		return nil, false
	}
	alt := ""
	if j.hasLang(otherLang(lang)) {
		alt = j.applyPath(otherLang(lang))
	}
	d := s.newPage(r, lang, alt)
	d.Nav = "jobs"
	v := j.view(s.data, lang)
	d.Job = &v
	return d, true
}

func (s *Site) apply(w http.ResponseWriter, r *http.Request, lang string) {
	d, ok := s.applyJob(w, r, lang)
	if !ok {
		return
	}
	d.Countries = s.data.countriesIn(lang)
	s.render(w, r, "apply", d, http.StatusOK)
}

// maxUpload bounds what a form post may send: a 5 MB CV plus the other fields.
const maxUpload = 6 << 20

// discard reads and drops a form post. Nothing is stored or logged.
func discard(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			return false
		}
		if r.MultipartForm != nil {
			_ = r.MultipartForm.RemoveAll()
		}
		return true
	}
	_, err := io.Copy(io.Discard, r.Body)
	return err == nil
}

func (s *Site) applyPost(w http.ResponseWriter, r *http.Request, lang string) {
	d, ok := s.applyJob(w, r, lang)
	if !ok {
		return
	}
	if !discard(w, r) {
		http.Error(w, "the upload is too large (at most 5 MB)", http.StatusRequestEntityTooLarge)
		return
	}
	d.Thanks = "apply"
	s.render(w, r, "thanks", d, http.StatusOK)
}

func (s *Site) contact(w http.ResponseWriter, r *http.Request, lang string) {
	d := s.newPage(r, lang, altOf(map[string]string{"sv": "kontakt", "en": "contact"}[lang]))
	d.Nav = "contact"
	switch t := r.URL.Query().Get("amne"); t {
	case "rekrytering", "tillganglighet", "personuppgifter", "annat":
		d.Topic = t
	}
	s.render(w, r, "contact", d, http.StatusOK)
}

func (s *Site) contactPost(w http.ResponseWriter, r *http.Request, lang string) {
	d := s.newPage(r, lang, altOf(map[string]string{"sv": "kontakt", "en": "contact"}[lang]))
	d.Nav = "contact"
	if !discard(w, r) {
		http.Error(w, "the message is too large", http.StatusRequestEntityTooLarge)
		return
	}
	d.Thanks = "contact"
	s.render(w, r, "thanks", d, http.StatusOK)
}

func (s *Site) serveStatic(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if name == "" || strings.HasSuffix(name, "/") || !fs.ValidPath(name) {
		s.notFound(w, r)
		return
	}
	if st, err := fs.Stat(s.static, name); err != nil || st.IsDir() {
		s.notFound(w, r)
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeFileFS(w, r, s.static, name)
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Site) robots(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "# Norrsken Energi – karriärwebbplats\nUser-agent: *\nDisallow: /admin/\n\nSitemap: %s/sitemap.xml\n", baseURL(r))
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"urlset"`
	XMLNS   string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) {
	base := baseURL(r)
	set := urlSet{XMLNS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	for _, p := range s.data.sitemapPaths() {
		set.URLs = append(set.URLs, sitemapURL{Loc: base + p, LastMod: s.data.lastMod(p)})
	}
	out, err := xml.MarshalIndent(set, "", "  ")
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, _ = io.WriteString(w, xml.Header)
	_, _ = w.Write(out)
	_, _ = io.WriteString(w, "\n")
}
