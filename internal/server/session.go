package server

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"

	"github.com/granska/granska/internal/store"
)

// Cookie names.
const (
	sessionCookie = "granska_session"
	preCSRFCookie = "granska_csrf" // double-submit token of the login form
	langCookie    = "granska_lang"
)

// viewer is the logged-in user of a dashboard request.
type viewer struct {
	User    store.User
	Session store.Session
	Roles   map[int64]store.Role // by organisation
	Orgs    []store.Org          // the user's organisations, by name
}

// role is the user's role in org ("" for none).
func (v *viewer) role(org int64) store.Role { return v.Roles[org] }

type userHandler func(w http.ResponseWriter, r *http.Request, v *viewer)

// user requires a logged-in session: GET requests without one are sent
// to the login page, other methods get 403. Every non-GET request must
// carry the session's CSRF token in the form field "csrf".
func (s *Server) user(h userHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := s.session(r)
		if err != nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.errorPage(w, r, http.StatusForbidden, t(lang(r), "err.session"))
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
			if subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(v.Session.CSRF)) != 1 {
				s.errorPage(w, r, http.StatusForbidden, t(lang(r), "err.csrf"))
				return
			}
		}
		w.Header().Set("Cache-Control", "no-store")
		h(w, r, v)
	}
}

// session resolves the request's session cookie.
func (s *Server) session(r *http.Request) (*viewer, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, errors.New("no session")
	}
	ctx := r.Context()
	sess, err := s.st.Session(ctx, hashSecret(c.Value), s.cfg.Now())
	if err != nil {
		return nil, err
	}
	u, err := s.st.User(ctx, sess.UserID)
	if err != nil {
		return nil, err
	}
	ms, err := s.st.Memberships(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	v := &viewer{User: u, Session: sess, Roles: map[int64]store.Role{}}
	for _, m := range ms {
		v.Roles[m.OrgID] = m.Role
		o, err := s.st.Org(ctx, m.OrgID)
		if err != nil {
			return nil, err
		}
		v.Orgs = append(v.Orgs, o)
	}
	return v, nil
}

type loginData struct {
	Email string
	Next  string
	Error string
	CSRF  string
}

// loginPage shows the login form with a fresh double-submit CSRF token.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, err := s.session(r); err == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	s.renderLogin(w, r, http.StatusOK, loginData{Next: safeNext(r.URL.Query().Get("next"))})
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, code int, d loginData) {
	tok := randomToken(24)
	http.SetCookie(w, &http.Cookie{Name: preCSRFCookie, Value: tok, Path: "/login", HttpOnly: true,
		Secure: s.secure(r), SameSite: http.SameSiteStrictMode, MaxAge: 3600})
	d.CSRF = tok
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, code, "login", nil, t(lang(r), "login.title"), d)
}

// login checks the password, rate-limited per client address and per
// e-mail, and starts a session.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	l := lang(r)
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	d := loginData{Email: email, Next: safeNext(r.PostFormValue("next"))}
	c, err := r.Cookie(preCSRFCookie)
	if err != nil || c.Value == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		d.Error = t(l, "err.csrf")
		s.renderLogin(w, r, http.StatusForbidden, d)
		return
	}
	ipKey, idKey := "ip:"+clientIP(r), "id:"+email
	for _, k := range []struct {
		lim *limiter
		key string
	}{{s.limitIP, ipKey}, {s.limitID, idKey}} {
		if ok, wait := k.lim.allowed(k.key); !ok {
			w.Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(wait.Seconds()))))
			d.Error = fmt.Sprintf(t(l, "login.limited"), int(math.Ceil(wait.Minutes())))
			s.renderLogin(w, r, http.StatusTooManyRequests, d)
			return
		}
	}
	ctx := r.Context()
	u, err := s.st.UserByEmail(ctx, email)
	hash := u.PasswordHash
	if err != nil {
		hash = dummyHash // same work whether or not the user exists
	}
	if perr := CheckPassword(hash, r.PostFormValue("password")); perr != nil || err != nil {
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
			return
		}
		s.limitIP.fail(ipKey)
		s.limitID.fail(idKey)
		d.Error = t(l, "login.wrong")
		s.renderLogin(w, r, http.StatusUnauthorized, d)
		return
	}
	s.limitID.clear(idKey)
	id := randomToken(32)
	now := s.cfg.Now()
	sess := store.Session{IDHash: hashSecret(id), UserID: u.ID, CSRF: randomToken(24), Created: now, Expires: now.Add(s.cfg.SessionTTL)}
	if err := s.st.CreateSession(ctx, sess); err != nil {
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, Secure: s.secure(r),
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionTTL.Seconds())})
	http.SetCookie(w, &http.Cookie{Name: preCSRFCookie, Path: "/login", MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteStrictMode})
	next := d.Next
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := s.st.DeleteSession(r.Context(), v.Session.IDHash); err != nil && !errors.Is(err, store.ErrNotFound) {
		s.errorPage(w, r, storeStatus(err), s.publicError(r, err))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// setLang stores the language preference (a cookie, nothing else) and
// goes back to the page named by "back", if it is a local path.
func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	l := r.PathValue("lang")
	if l != "sv" && l != "en" {
		http.NotFound(w, r)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: l, Path: "/", Secure: s.secure(r), HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	back := safeNext(r.URL.Query().Get("back"))
	if back == "" {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// safeNext keeps a redirect target only when it is a path on this server
// (no scheme, no host, no "//" or "/\" that browsers read as a host).
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || strings.ContainsAny(next, "\r\n\t") {
		return ""
	}
	return next
}

// lang is the request's language: the cookie, else the first of
// Accept-Language that is sv or en, else English.
func lang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "sv" || c.Value == "en") {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "sv"):
			return "sv"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return "en"
}
