package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/internal/netguard"
	"github.com/granska/granska/internal/store"
)

var zeroTime time.Time

// fieldErrors are validation errors by form field, in the order found.
type fieldErrors struct {
	Fields []string
	Msgs   map[string]string
	// Blocked is set when the SSRF guard refused a URL (422).
	Blocked bool
}

func (e *fieldErrors) add(field, msg string) {
	if e.Msgs == nil {
		e.Msgs = map[string]string{}
	}
	if _, ok := e.Msgs[field]; !ok {
		e.Fields = append(e.Fields, field)
		e.Msgs[field] = msg
	}
}

func (e *fieldErrors) empty() bool { return len(e.Fields) == 0 }

// Error lists the messages, for the API.
func (e *fieldErrors) Error() string {
	var parts []string
	for _, f := range e.Fields {
		parts = append(parts, f+": "+e.Msgs[f])
	}
	return strings.Join(parts, "; ")
}

// validateSite checks a site before it is stored: names, URLs (absolute
// http(s), each through the SSRF guard), patterns, schedule, alert
// targets (webhooks through the guard too).
func (s *Server) validateSite(ctx context.Context, site *store.Site, l string) *fieldErrors {
	var fe fieldErrors
	site.Name = strings.TrimSpace(site.Name)
	var urls []string
	for _, u := range site.URLs {
		if u = strings.TrimSpace(u); u != "" {
			urls = append(urls, u)
		}
	}
	site.URLs = urls
	if len(urls) == 0 {
		fe.add("urls", t(l, "form.err.urls"))
	}
	for _, u := range urls {
		if err := s.cfg.Guard.Check(ctx, u); err != nil {
			if errors.Is(err, netguard.ErrBlocked) {
				fe.Blocked = true
			}
			fe.add("urls", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "netguard: invalid URL: "), "netguard: "))
			break
		}
	}
	if site.Name == "" && len(urls) > 0 {
		if pu, err := url.Parse(urls[0]); err == nil {
			site.Name = pu.Host
		}
	}
	if site.Name == "" {
		fe.add("name", t(l, "form.err.name"))
	}
	for _, p := range append(append([]string{}, site.Scope.Include...), site.Scope.Exclude...) {
		if _, err := regexp.Compile(p); err != nil {
			field := "include"
			if contains(site.Scope.Exclude, p) {
				field = "exclude"
			}
			fe.add(field, fmt.Sprintf(t(l, "form.err.regexp"), p))
		}
	}
	if site.Sample.MaxPages < 0 || site.Sample.PerTemplate < 0 || site.Sample.MaxDepth < 0 {
		fe.add("sample", t(l, "form.err.number"))
	}
	if site.Sample.Method != "" && site.Sample.Method != crawl.SampleWAD {
		fe.add("sample", fmt.Sprintf(t(l, "form.err.method"), site.Sample.Method, crawl.SampleWAD))
	}
	site.Group = strings.TrimSpace(site.Group)
	if len(site.Group) > store.MaxGroupLen || !utf8.ValidString(site.Group) || strings.ContainsFunc(site.Group, unicode.IsControl) {
		fe.add("group", t(l, "form.err.group"))
	}
	site.Schedule = strings.TrimSpace(site.Schedule)
	if site.Schedule != "" && s.cfg.CheckSchedule != nil {
		if err := s.cfg.CheckSchedule(site.Schedule); err != nil {
			fe.add("schedule", err.Error())
		}
	}
	for _, a := range site.Alerts {
		switch a.Kind {
		case store.AlertWebhook:
			if err := s.cfg.Guard.Check(ctx, a.Address); err != nil {
				fe.add("webhook", strings.TrimPrefix(strings.TrimPrefix(err.Error(), "netguard: invalid URL: "), "netguard: "))
			}
		case store.AlertEmail:
			if _, err := mail.ParseAddress(a.Address); err != nil || strings.ContainsAny(a.Address, "\r\n") {
				fe.add("email", t(l, "form.err.email"))
			}
		default:
			fe.add("alerts", fmt.Sprintf("unknown alert kind %q (webhook or email)", a.Kind))
		}
		if a.Threshold < 0 {
			fe.add("threshold", t(l, "form.err.number"))
		}
	}
	return &fe
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// siteForm is the add-site form's values, kept as typed so an invalid
// form is shown again with the user's input.
type siteForm struct {
	Org, Name, URLs, Prefix, Include, Exclude string
	Subdomains, IgnoreRobots, Crawl, All      bool
	Method                                    string // "" or "wad": the crawl's sample
	MaxPages, PerTemplate                     string
	Schedule, Lang                            string
	Public                                    bool
	Group                                     string
	Webhook, Email, Threshold                 string
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// toSite converts the form; number fields that do not parse are errors.
func (f siteForm) toSite(l string, fe *fieldErrors) store.Site {
	num := func(field, v string) int {
		v = strings.TrimSpace(v)
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			fe.add(field, t(l, "form.err.number"))
			return 0
		}
		return n
	}
	site := store.Site{
		Name: f.Name, URLs: lines(f.URLs),
		Scope:    store.Scope{Subdomains: f.Subdomains, PathPrefix: strings.TrimSpace(f.Prefix), Include: lines(f.Include), Exclude: lines(f.Exclude), IgnoreRobots: f.IgnoreRobots},
		Sample:   store.Sample{Crawl: f.Crawl, All: f.All, Method: f.Method, MaxPages: num("maxpages", f.MaxPages), PerTemplate: num("pertemplate", f.PerTemplate)},
		Schedule: f.Schedule, Lang: f.Lang, PublicSector: f.Public, Group: f.Group,
	}
	th := num("threshold", f.Threshold)
	if w := strings.TrimSpace(f.Webhook); w != "" {
		site.Alerts = append(site.Alerts, store.AlertTarget{Kind: store.AlertWebhook, Address: w, Threshold: th})
	}
	if e := strings.TrimSpace(f.Email); e != "" {
		site.Alerts = append(site.Alerts, store.AlertTarget{Kind: store.AlertEmail, Address: e, Threshold: th})
	}
	return site
}

type newSiteData struct {
	F      siteForm
	Orgs   []store.Org
	Errors *fieldErrors
	CSRF   string
}

// editorOrgs are the organisations where v may add sites.
func editorOrgs(v *viewer) []store.Org {
	var out []store.Org
	for _, o := range v.Orgs {
		if v.role(o.ID).Allows(store.RoleEditor) {
			out = append(out, o)
		}
	}
	return out
}

func (s *Server) newSitePage(w http.ResponseWriter, r *http.Request, v *viewer) {
	orgs := editorOrgs(v)
	if len(orgs) == 0 {
		s.errorPage(w, r, http.StatusForbidden, t(lang(r), "err.forbidden"))
		return
	}
	f := siteForm{Crawl: true, Schedule: "weekly", Lang: lang(r)}
	s.render(w, r, http.StatusOK, "newsite", v, t(lang(r), "form.title"), newSiteData{F: f, Orgs: orgs, Errors: &fieldErrors{}})
}

func (s *Server) createSite(w http.ResponseWriter, r *http.Request, v *viewer) {
	l := lang(r)
	orgs := editorOrgs(v)
	if len(orgs) == 0 {
		s.errorPage(w, r, http.StatusForbidden, t(l, "err.forbidden"))
		return
	}
	pf := r.PostFormValue
	f := siteForm{Org: pf("org"), Name: pf("name"), URLs: pf("urls"), Prefix: pf("prefix"), Include: pf("include"), Exclude: pf("exclude"),
		Subdomains: pf("subdomains") != "", IgnoreRobots: pf("robots") != "", Crawl: pf("crawl") != "", All: pf("all") != "", Method: wadMethod(pf("wad") != ""),
		MaxPages: pf("maxpages"), PerTemplate: pf("pertemplate"), Schedule: pf("schedule"), Lang: pf("lang"), Public: pf("public") != "", Group: pf("group"),
		Webhook: pf("webhook"), Email: pf("email"), Threshold: pf("threshold")}
	fe := &fieldErrors{}
	site := f.toSite(l, fe)
	orgID := orgs[0].ID
	if f.Org != "" {
		n, err := strconv.ParseInt(f.Org, 10, 64)
		if err != nil || !v.role(n).Allows(store.RoleEditor) {
			fe.add("org", t(l, "form.err.org"))
		} else {
			orgID = n
		}
	}
	site.OrgID = orgID
	if lang := site.Lang; lang != "" && lang != "sv" && lang != "en" {
		site.Lang = ""
	}
	more := s.validateSite(r.Context(), &site, l)
	for _, k := range more.Fields {
		fe.add(k, more.Msgs[k])
	}
	fe.Blocked = more.Blocked
	if fe.empty() {
		created, err := s.st.CreateSite(r.Context(), site)
		if err == nil {
			http.Redirect(w, r, fmt.Sprintf("/sites/%d", created.ID), http.StatusSeeOther)
			return
		}
		switch {
		case errors.Is(err, store.ErrDuplicate):
			fe.add("urls", t(l, "form.err.dup"))
		case errors.Is(err, store.ErrInvalid):
			fe.add("urls", strings.TrimPrefix(err.Error(), "store: "))
		default:
			s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
			return
		}
	}
	code := http.StatusUnprocessableEntity
	if !fe.Blocked && fe.Msgs["urls"] == t(l, "form.err.dup") {
		code = http.StatusConflict
	}
	s.render(w, r, code, "newsite", v, t(l, "form.title"), newSiteData{F: f, Orgs: orgs, Errors: fe})
}

// wadMethod is the sample method of the form's "wad" checkbox.
func wadMethod(on bool) string {
	if on {
		return crawl.SampleWAD
	}
	return ""
}
