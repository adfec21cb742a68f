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
}

func newToken() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *formSite) loggedIn(r *http.Request) bool {
	c, err := r.Cookie("sess")
	s.mu.Lock()
	defer s.mu.Unlock()
	return err == nil && s.sessions[c.Value]
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
			s.mu.Unlock()
			http.SetCookie(w, &http.Cookie{Name: "sess", Value: sid, Path: "/", HttpOnly: true})
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		tok := newToken()
		s.mu.Lock()
		s.csrf[tok] = true
		s.mu.Unlock()
		page("Logga in", `<form method="post" action="/login"><input type="hidden" name="csrf" value="`+tok+`">
<label for="e">E-postadress</label><input id="e" name="email" type="email" autocomplete="email">
<label>Lösenord <input name="pw" type="password" autocomplete="current-password"></label>
<button type="submit">Logga in</button></form>`)
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
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		page("Mina sidor", `<nav><a href="/logga-ut">Logga ut</a></nav><a href="/privat/ansokningar">Mina ansökningar</a>`)
	case "/privat/ansokningar":
		if !s.loggedIn(r) {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		page("Mina ansökningar", `<a href="/">Start</a><p>Du har sökt 2 tjänster.</p><a href="/konto/slut">Logga ut</a>`)
	default:
		http.NotFound(w, r)
	}
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
