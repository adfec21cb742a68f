package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/granska/granska/internal/chrometest"
)

// secretsNowhere fails t for each secret found in a file under out or in
// logs, and returns the number of files read.
func secretsNowhere(t *testing.T, out, logs string, secrets []string) int {
	t.Helper()
	files := 0
	filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s holds a secret (%.6s…)", path, s)
			}
		}
		return nil
	})
	for _, s := range secrets {
		if strings.Contains(logs, s) {
			t.Errorf("the log holds a secret (%.6s…)", s)
		}
	}
	return files
}

// formSite is a site with a session-cookie login form guarded by a CSRF
// token in a hidden field, a private page and a logout link that ends the
// session.
type formSite struct {
	user, pass string
	mu         sync.Mutex
	csrf       map[string]bool // tokens handed out
	sessions   map[string]bool // live session ids
	logouts    int
	logins     int // successful logins, counted by the server
	// limit, when above 0, ends a session after that many requests for a
	// private page (the session expires mid-crawl); expiredBy records the
	// User-Agent of each request that found its session so ended.
	limit     int
	uses      map[string]int
	expiredBy []string
	// again, when above 0, ends the sessions of later logins too, after
	// that many requests (only the first ends otherwise); limited holds
	// each limited session's limit.
	again   int
	limited map[string]int
	// inPlace serves the login form at the private page's own URL (status
	// 200) instead of redirecting to /login.
	inPlace bool
	// private is the number of pages /privat/1..N linked from /.
	private int
}

func newToken() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// loggedIn reports whether r carries a live session, counting the
// request against the session's limit.
func (s *formSite) loggedIn(r *http.Request) bool {
	c, err := r.Cookie("sess")
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil || !s.sessions[c.Value] {
		if err == nil && s.limited[c.Value] > 0 && s.uses[c.Value] >= s.limited[c.Value] {
			s.expiredBy = append(s.expiredBy, r.UserAgent())
		}
		return false
	}
	if s.limited[c.Value] > 0 {
		if s.uses == nil {
			s.uses = map[string]int{}
		}
		s.uses[c.Value]++
		if s.uses[c.Value] > s.limited[c.Value] {
			delete(s.sessions, c.Value)
			s.expiredBy = append(s.expiredBy, r.UserAgent())
			return false
		}
	}
	return true
}

// loginForm is the login page's body, with a fresh CSRF token.
func (s *formSite) loginForm() string {
	tok := newToken()
	s.mu.Lock()
	s.csrf[tok] = true
	s.mu.Unlock()
	return `<form method="post" action="/login"><input type="hidden" name="csrf" value="` + tok + `">
<label for="e">E-postadress</label><input id="e" name="email" type="email" autocomplete="email">
<label>Lösenord <input name="pw" type="password" autocomplete="current-password"></label>
<button type="submit">Logga in</button></form>`
}

// notLoggedIn answers a private page without a live session.
func (s *formSite) notLoggedIn(w http.ResponseWriter, r *http.Request, page func(title, body string)) {
	if s.inPlace {
		page("Logga in", s.loginForm())
		return
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

func (s *formSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	page := func(title, body string) {
		fmt.Fprintf(w, `<!doctype html><html lang="sv"><head><title>%s</title></head><body><main><h1>%s</h1>%s</main></body></html>`, title, title, body)
	}
	switch r.URL.Path {
	case "/login":
		if r.Method == http.MethodPost {
			r.ParseForm()
			s.mu.Lock()
			okCSRF := s.csrf[r.PostForm.Get("csrf")]
			delete(s.csrf, r.PostForm.Get("csrf"))
			s.mu.Unlock()
			if !okCSRF || r.PostForm.Get("email") != s.user || r.PostForm.Get("pw") != s.pass {
				w.WriteHeader(http.StatusForbidden)
				page("Fel inloggning", `<p>Fel.</p>`)
				return
			}
			sid := "sid-" + newToken()
			s.mu.Lock()
			s.sessions[sid] = true
			s.logins++
			if s.limited == nil {
				s.limited = map[string]int{}
			}
			if s.logins == 1 {
				s.limited[sid] = s.limit
			} else {
				s.limited[sid] = s.again
			}
			s.mu.Unlock()
			http.SetCookie(w, &http.Cookie{Name: "sess", Value: sid, Path: "/", HttpOnly: true})
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		page("Logga in", s.loginForm())
	case "/logga-ut", "/konto/slut":
		if c, err := r.Cookie("sess"); err == nil {
			s.mu.Lock()
			delete(s.sessions, c.Value)
			s.logouts++
			s.mu.Unlock()
		}
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	case "/":
		if !s.loggedIn(r) {
			s.notLoggedIn(w, r, page)
			return
		}
		more := ""
		for i := 1; i <= s.private; i++ {
			more += fmt.Sprintf(`<a href="/privat/%d">Ansökan %d</a> `, i, i)
		}
		page("Mina sidor", `<nav><a href="/logga-ut">Logga ut</a></nav><a href="/privat/ansokningar">Mina ansökningar</a>`+more)
	case "/privat/ansokningar":
		if !s.loggedIn(r) {
			s.notLoggedIn(w, r, page)
			return
		}
		page("Mina ansökningar", `<a href="/">Start</a><p>Du har sökt 2 tjänster.</p><a href="/konto/slut">Logga ut</a>`)
	default:
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/privat/%d", &n); err != nil || n < 1 || n > s.private || r.URL.Path != fmt.Sprintf("/privat/%d", n) {
			http.NotFound(w, r)
			return
		}
		if !s.loggedIn(r) {
			s.notLoggedIn(w, r, page)
			return
		}
		page(fmt.Sprintf("Ansökan %d", n), `<a href="/">Start</a><p>Ansökan skickad.</p>`)
	}
}

// startFormSite starts, for an end-to-end test in Chromium, a formSite on
// loopback with the password pass and the private pages /privat/1..private,
// and puts its user and password in GRANSKA_TEST_LOGIN_USER and
// GRANSKA_TEST_LOGIN_PW.
func startFormSite(t *testing.T, pass string, private int) (*formSite, *httptest.Server) {
	t.Helper()
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	site := &formSite{user: "sokande@example.se", pass: pass, csrf: map[string]bool{}, sessions: map[string]bool{}, private: private}
	srv := httptest.NewServer(site)
	t.Cleanup(srv.Close)
	t.Setenv("GRANSKA_TEST_LOGIN_USER", site.user)
	t.Setenv("GRANSKA_TEST_LOGIN_PW", site.pass)
	return site, srv
}

// A site behind a form login (CSRF token, session cookie) is logged into
// with the --login-* flags in real Chromium, its private page is crawled
// and audited, no logout link is followed (one known by its URL, one by
// its text only), and neither the
// password nor the session id appears in any output.
func TestFormLoginPrivatePage(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	site := &formSite{user: "sokande@example.se", pass: "pw-Form-Hemligt-41b2", csrf: map[string]bool{}, sessions: map[string]bool{}}
	srv := httptest.NewServer(site)
	defer srv.Close()
	t.Setenv("GRANSKA_TEST_LOGIN_USER", site.user)
	t.Setenv("GRANSKA_TEST_LOGIN_PW", site.pass)
	out := filepath.Join(t.TempDir(), "out")
	args := []string{"audit", srv.URL + "/", "--out", out, "--no-walk", "--tabs", "1", "--fail-on", "none",
		"--format", "html,sarif,junit,csv,earl", "--save-pages",
		"--login-url", srv.URL + "/login", "--login-fill", "E-postadress=${GRANSKA_TEST_LOGIN_USER}",
		"--login-fill", "Lösenord=${GRANSKA_TEST_LOGIN_PW}", "--login-submit", "Logga in",
		"--rules", "image-alt,button-name,form-field-name,text-contrast"}
	var errb bytes.Buffer
	if code := run(args, io.Discard, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	urls := auditedSet(t, out)
	want := []string{srv.URL + "/", srv.URL + "/privat/ansokningar"}
	if strings.Join(urls, " ") != strings.Join(want, " ") {
		t.Errorf("audited %v, want %v (the private page, logged in; no logout, no login page)", urls, want)
	}
	site.mu.Lock()
	var sids []string
	for sid := range site.sessions {
		sids = append(sids, sid)
	}
	if site.logouts != 0 {
		t.Errorf("the logout link was followed %d times", site.logouts)
	}
	site.mu.Unlock()
	if len(sids) != 1 {
		t.Fatalf("%d live sessions, want the one login's", len(sids))
	}
	files := secretsNowhere(t, out, errb.String(), append([]string{site.pass}, sids...))
	if files < 8 {
		t.Errorf("only %d output files: the grep proves little", files)
	}
}
