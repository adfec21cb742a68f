package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/result"
)

// A form-login session that expires mid-run is noticed where it expires —
// by the crawl (redirected to the login page) or by a browser tab
// (redirected, or shown the login form at the page's own URL) — and the
// login runs again, once (counted by the server); every private page is
// audited as itself. A session that expires again after that one re-login
// leaves its pages with a login-expired gap, never with the login page's
// outcomes.
func TestFormLoginSessionExpires(t *testing.T) {
	const private = 4 // pages: /, /privat/ansokningar and /privat/1..4: six in all
	for _, tc := range []struct {
		name    string
		limit   int  // private-page requests the first session serves
		again   int  // later sessions end after that many requests too
		inPlace bool // the login form at the page's URL, not a redirect
		tabs    string
		by      string // who finds the session expired: the crawl or the browser
		gaps    bool   // some pages are left with a login-expired gap
	}{
		{name: "crawl", limit: 3, tabs: "1", by: "Granska/"},
		{name: "browser-redirect", limit: 8, tabs: "2", by: "Chrome"},
		{name: "browser-in-place", limit: 8, inPlace: true, tabs: "2", by: "Chrome"},
		// The crawl (7 requests, with the login's own) ends the first
		// session; the second ends a few pages into the audit.
		{name: "expires-again", limit: 8, again: 5, tabs: "1", by: "Chrome", gaps: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, srv := startFormSite(t, "pw-Expiry-Hemligt-7c1d", private)
			site.limit, site.again, site.inPlace = tc.limit, tc.again, tc.inPlace
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"audit", srv.URL + "/", "--out", out, "--no-walk", "--tabs", tc.tabs, "--fail-on", "none", "--all",
				"--format", "html,junit", "--login-url", srv.URL + "/login", "--login-fill", "E-postadress=${GRANSKA_TEST_LOGIN_USER}",
				"--login-fill", "Lösenord=${GRANSKA_TEST_LOGIN_PW}", "--login-submit", "Logga in", "--rules", "image-alt,form-field-name"}
			var errb bytes.Buffer
			if code := run(args, io.Discard, &errb); code != exitOK {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			r, err := result.ReadFile(filepath.Join(out, "results.json"))
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]bool{srv.URL + "/": true, srv.URL + "/privat/ansokningar": true}
			for i := 1; i <= private; i++ {
				want[fmt.Sprintf("%s/privat/%d", srv.URL, i)] = true
			}
			gaps := 0
			for _, p := range r.Pages {
				if !want[p.URL] {
					continue
				}
				delete(want, p.URL)
				expired := false
				for _, g := range p.Gaps {
					expired = expired || g.Kind == page.GapLoginExpired
				}
				switch {
				case expired && p.Error != "" && len(p.Outcomes) == 0:
					gaps++
				case p.Error != "" || expired:
					t.Errorf("%s: error %q, gaps %v", p.URL, p.Error, p.Gaps)
				case p.Title == "Logga in" || !strings.HasPrefix(p.FinalURL, p.URL):
					t.Errorf("%s was audited as the login page (title %q, final URL %s)", p.URL, p.Title, p.FinalURL)
				}
			}
			for u := range want {
				t.Errorf("%s was not audited", u)
			}
			if (gaps > 0) != tc.gaps {
				t.Errorf("%d pages with a login-expired gap, want some: %v", gaps, tc.gaps)
			}
			site.mu.Lock()
			defer site.mu.Unlock()
			if site.logins != 2 {
				t.Errorf("%d logins, want 2 (the login and one re-login)", site.logins)
			}
			if len(site.expiredBy) == 0 || !strings.Contains(site.expiredBy[0], tc.by) {
				t.Errorf("the session was first found expired by %q, want %q", site.expiredBy, tc.by)
			}
			if tc.gaps {
				html, _ := os.ReadFile(filepath.Join(out, "index.html"))
				if !bytes.Contains(html, []byte("login: the session expired")) {
					t.Error("the HTML report does not show the pages left unaudited by the expired session")
				}
			}
			secretsNowhere(t, out, errb.String(), []string{site.pass})
		})
	}
}
