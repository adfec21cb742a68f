package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/internal/netguard"
	"github.com/granska/granska/internal/store"
)

// env is a server on loopback over a real store with one organisation,
// a user per role and a token per role.
type env struct {
	t      testing.TB
	st     store.Store
	srv    *Server
	http   *httptest.Server
	org    store.Org
	tokens map[store.Role]string
	emails map[store.Role]string
}

const testPassword = "correct horse battery"

// dsns are the stores the suite runs on: SQLite always, Postgres where
// internal/pgtest finds one (see stores_pg_test.go).
var dsns = []func(t testing.TB) string{
	func(t testing.TB) string { return filepath.Join(t.TempDir(), "granska.db") },
}

// forEachStore runs f as a subtest per dialect.
func forEachStore(t *testing.T, f func(t *testing.T, dsn string)) {
	for i, d := range dsns {
		name := []string{"sqlite", "postgres"}[i]
		t.Run(name, func(t *testing.T) { f(t, d(t)) })
	}
}

type envOpt func(*Config)

func newEnv(t testing.TB, dsn string, opts ...envOpt) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{t: t, st: st, tokens: map[store.Role]string{}, emails: map[store.Role]string{}}
	e.org, err = st.CreateOrg(ctx, fmt.Sprintf("Org %d", time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	hash, err := HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, role := range []store.Role{store.RoleViewer, store.RoleEditor, store.RoleAdmin} {
		email := fmt.Sprintf("%s-%d@example.org", role, e.org.ID)
		u, err := st.CreateUser(ctx, store.User{Email: email, Name: string(role), PasswordHash: hash})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetRole(ctx, e.org.ID, u.ID, role); err != nil {
			t.Fatal(err)
		}
		e.emails[role] = email
		tok, h := NewToken()
		if _, err := st.CreateToken(ctx, store.Token{OrgID: e.org.ID, Name: string(role), Hash: h, Role: role}); err != nil {
			t.Fatal(err)
		}
		e.tokens[role] = tok
	}
	cfg := Config{Store: st, Guard: &netguard.Guard{}, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		CheckSchedule: func(s string) error {
			if s == "weekly" || s == "daily" || strings.HasPrefix(s, "@every ") {
				return nil
			}
			return errors.New("invalid schedule " + s)
		}}
	for _, o := range opts {
		o(&cfg)
	}
	e.srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.http = httptest.NewServer(e.srv)
	t.Cleanup(e.http.Close)
	return e
}

// api calls the API with the token of role ("" for none).
func (e *env) api(method, path, role string, body any) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, e.http.URL+path, rd)
	if role != "" {
		tok := e.tokens[store.Role(role)]
		if tok == "" {
			tok = role // a raw token
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestAPI(t *testing.T) {
	forEachStore(t, testAPI)
}

func testAPI(t *testing.T, dsn string) {
	e := newEnv(t, dsn)
	// 401 without or with a wrong token, 403 with a low role.
	for _, c := range []struct {
		method, path, role string
		want               int
	}{
		{"GET", "/api/v1/sites", "", 401},
		{"GET", "/api/v1/sites", "gsk_wrong", 401},
		{"POST", "/api/v1/sites", "", 401},
		{"POST", "/api/v1/sites", "viewer", 403},
		{"POST", "/api/v1/sites/1/runs", "viewer", 403},
		{"GET", "/api/v1/runs/1", "", 401},
		{"GET", "/api/v1/sites/1/issues", "", 401},
		{"GET", "/api/v1/sites", "viewer", 200},
		{"GET", "/api/v1/openapi.json", "", 200},
		{"GET", "/api/v1/nothing", "viewer", 404},
	} {
		if code, b := e.api(c.method, c.path, c.role, map[string]string{"url": "http://93.184.216.34/"}); code != c.want {
			t.Errorf("%s %s as %q: %d %s, want %d", c.method, c.path, c.role, code, b, c.want)
		}
	}
	// The SSRF guard: 422 with the reason.
	for _, u := range []string{"http://127.0.0.1:8080/", "http://localhost/", "http://169.254.169.254/latest/", "http://[::1]/", "http://10.1.2.3/"} {
		code, b := e.api("POST", "/api/v1/sites", "editor", map[string]string{"url": u})
		if code != http.StatusUnprocessableEntity || !strings.Contains(string(b), "not allowed") {
			t.Errorf("POST site %s: %d %s, want 422 with the reason", u, code, b)
		}
	}
	if code, b := e.api("POST", "/api/v1/sites", "editor", map[string]string{"url": "ftp://x/"}); code != 422 {
		t.Errorf("ftp URL: %d %s", code, b)
	}
	if code, b := e.api("POST", "/api/v1/sites", "editor", map[string]any{"url": "http://93.184.216.34/", "schedule": "every tuesday"}); code != 422 || !strings.Contains(string(b), "schedule") {
		t.Errorf("bad schedule: %d %s", code, b)
	}
	if code, b := e.api("POST", "/api/v1/sites", "editor", map[string]any{"url": "http://93.184.216.34/", "bogus": 1}); code != 400 {
		t.Errorf("unknown field: %d %s", code, b)
	}
	// 201 and the site with its id.
	code, b := e.api("POST", "/api/v1/sites", "editor", map[string]any{"url": "http://93.184.216.34/", "schedule": "weekly", "sample": map[string]any{"crawl": true, "maxPages": 10}})
	if code != http.StatusCreated {
		t.Fatalf("POST site: %d %s", code, b)
	}
	var site SiteJSON
	if err := json.Unmarshal(b, &site); err != nil || site.ID <= 0 || site.URL != "http://93.184.216.34/" || site.Schedule != "weekly" || site.Sample.MaxPages != 10 {
		t.Fatalf("site: %+v %v", site, err)
	}
	if code, b := e.api("POST", "/api/v1/sites", "editor", map[string]any{"url": "http://93.184.216.34/"}); code != http.StatusConflict {
		t.Errorf("duplicate site: %d %s", code, b)
	}
	// 202 and the run; a second is 409 with the active run.
	code, b = e.api("POST", fmt.Sprintf("/api/v1/sites/%d/runs", site.ID), "editor", nil)
	if code != http.StatusAccepted {
		t.Fatalf("POST run: %d %s", code, b)
	}
	var run RunJSON
	if err := json.Unmarshal(b, &run); err != nil || run.ID <= 0 || run.Status != "queued" {
		t.Fatalf("run: %+v %v", run, err)
	}
	if code, b := e.api("POST", fmt.Sprintf("/api/v1/sites/%d/runs", site.ID), "admin", nil); code != http.StatusConflict || !strings.Contains(string(b), fmt.Sprintf(`"id": %d`, run.ID)) {
		t.Errorf("second run: %d %s", code, b)
	}
	// The run finishes with findings (as the monitor would record it).
	ctx := context.Background()
	if _, err := e.st.StartRun(ctx, run.ID); err != nil {
		t.Fatal(err)
	}
	rep := store.RunReport{Counts: store.Counts{Pages: 3, Failed: 5, CantTell: 2, ByImpact: map[string]int{"critical": 5}, ByPrinciple: map[string]int{"1": 5}},
		Findings: []store.Finding{
			{Fingerprint: "fp-img", Rule: "image-alt", Code: "no-name", Outcome: "failed", Impact: "critical", WCAG: []string{"1.1.1"}, Occurrences: 5, Pages: []string{"http://93.184.216.34/", "http://93.184.216.34/a"}},
			{Fingerprint: "fp-contrast", Rule: "text-contrast", Code: "bg-image", Outcome: "cantTell", Impact: "serious", WCAG: []string{"1.4.3"}, Occurrences: 2, Pages: []string{"http://93.184.216.34/"}},
		}}
	if _, err := e.st.FinishRun(ctx, run.ID, rep); err != nil {
		t.Fatal(err)
	}
	code, b = e.api("GET", fmt.Sprintf("/api/v1/runs/%d", run.ID), "viewer", nil)
	var got RunJSON
	if code != 200 || json.Unmarshal(b, &got) != nil || got.Status != "done" || got.Counts.Pages != 3 || got.Counts.Failed != 5 || got.Counts.CantTell != 2 {
		t.Errorf("GET run: %d %s", code, b)
	}
	var raw map[string]any
	_ = json.Unmarshal(b, &raw)
	if c, ok := raw["counts"].(map[string]any); !ok || c["pages"] == nil || c["failed"] == nil || c["cantTell"] == nil {
		t.Errorf("counts keys: %s", b)
	}
	// Barriers by default; review items on request.
	for q, want := range map[string]string{"state=new": "fp-img", "state=new&outcome=cantTell": "fp-contrast", "state=new&outcome=all": "fp-contrast,fp-img"} {
		code, b := e.api("GET", fmt.Sprintf("/api/v1/sites/%d/issues?%s", site.ID, q), "viewer", nil)
		var issues []IssueJSON
		if code != 200 || json.Unmarshal(b, &issues) != nil {
			t.Fatalf("GET issues?%s: %d %s", q, code, b)
		}
		var fps []string
		for _, is := range issues {
			fps = append(fps, is.Fingerprint)
		}
		slices.Sort(fps)
		if strings.Join(fps, ",") != want {
			t.Errorf("issues?%s = %v, want %s", q, fps, want)
		}
	}
	code, b = e.api("GET", fmt.Sprintf("/api/v1/sites/%d/issues?state=new&outcome=all", site.ID), "viewer", nil)
	var issues []IssueJSON
	if code != 200 || json.Unmarshal(b, &issues) != nil || len(issues) != 2 {
		t.Fatalf("GET issues: %d %s", code, b)
	}
	for _, is := range issues {
		if is.State != "new" || is.Fingerprint == "" || is.Rule == "" || len(is.WCAG) == 0 {
			t.Errorf("issue %+v", is)
		}
	}
	if code, b := e.api("GET", fmt.Sprintf("/api/v1/sites/%d/issues?state=fixed", site.ID), "viewer", nil); code != 200 || strings.TrimSpace(string(b)) != "[]" {
		t.Errorf("fixed issues: %d %s", code, b)
	}
	if code, _ := e.api("GET", fmt.Sprintf("/api/v1/sites/%d/issues?state=gone", site.ID), "viewer", nil); code != 400 {
		t.Errorf("bad state: %d", code)
	}
	// Another organisation's token sees nothing of this site.
	other, _ := e.st.CreateOrg(ctx, "Other "+e.org.Name)
	tok, h := NewToken()
	if _, err := e.st.CreateToken(ctx, store.Token{OrgID: other.ID, Name: "x", Hash: h, Role: store.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fmt.Sprintf("/api/v1/sites/%d", site.ID), fmt.Sprintf("/api/v1/runs/%d", run.ID), fmt.Sprintf("/api/v1/sites/%d/issues", site.ID)} {
		if code, _ := e.api("GET", p, tok, nil); code != 404 {
			t.Errorf("other org GET %s: %d", p, code)
		}
	}
}

// client is a browser-like HTTP client with a cookie jar that does not
// follow redirects.
func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func (e *env) get(c *http.Client, path string) (*http.Response, string) {
	e.t.Helper()
	resp, err := c.Get(e.http.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (e *env) post(c *http.Client, path string, form url.Values) (*http.Response, string) {
	e.t.Helper()
	resp, err := c.PostForm(e.http.URL+path, form)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// login logs in as the user of role and returns the client and the
// session's CSRF token.
func (e *env) login(role store.Role) (*http.Client, string) {
	e.t.Helper()
	c := e.client()
	_, body := e.get(c, "/login")
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		e.t.Fatalf("no csrf on the login page")
	}
	resp, body := e.post(c, "/login", url.Values{"csrf": {m[1]}, "email": {e.emails[role]}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("login: %d %s", resp.StatusCode, body)
	}
	_, body = e.get(c, "/")
	m = csrfRe.FindStringSubmatch(body)
	if m == nil {
		e.t.Fatalf("no csrf on the sites page: %s", body)
	}
	return c, m[1]
}

func TestLoginSecurity(t *testing.T) {
	forEachStore(t, testLoginSecurity)
}

func testLoginSecurity(t *testing.T, dsn string) {
	e := newEnv(t, dsn, func(c *Config) { c.LoginAttempts = 3 })
	c := e.client()
	// Not logged in: pages redirect to the login page.
	if resp, _ := e.get(c, "/sites/new"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
		t.Errorf("anonymous GET: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := e.get(c, "/login")
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q", csp)
	}
	tok := csrfRe.FindStringSubmatch(body)[1]
	// No CSRF token: refused.
	if resp, _ := e.post(c, "/login", url.Values{"email": {e.emails["admin"]}, "password": {testPassword}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("login without csrf: %d", resp.StatusCode)
	}
	// Wrong passwords, then the limit.
	for i := 0; i < 3; i++ {
		_, body = e.get(c, "/login")
		tok = csrfRe.FindStringSubmatch(body)[1]
		if resp, _ := e.post(c, "/login", url.Values{"csrf": {tok}, "email": {e.emails["admin"]}, "password": {"wrong password"}}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong password %d: %d", i, resp.StatusCode)
		}
	}
	_, body = e.get(c, "/login")
	tok = csrfRe.FindStringSubmatch(body)[1]
	resp, _ = e.post(c, "/login", url.Values{"csrf": {tok}, "email": {e.emails["admin"]}, "password": {testPassword}})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("after 3 failures: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	// Another user logs in: a session cookie with the right flags.
	c2 := e.client()
	_, body = e.get(c2, "/login?next=/sites/new")
	tok = csrfRe.FindStringSubmatch(body)[1]
	resp, _ = e.post(c2, "/login", url.Values{"csrf": {tok}, "email": {e.emails["editor"]}, "password": {testPassword}, "next": {"/sites/new"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/sites/new" {
		t.Fatalf("login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	var sess *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie {
			sess = ck
		}
	}
	if sess == nil || !sess.HttpOnly || sess.SameSite != http.SameSiteLaxMode || sess.Secure {
		t.Errorf("session cookie %+v (not Secure on plain HTTP)", sess)
	}
	// The store holds only the hash of the session id.
	if _, err := e.st.Session(context.Background(), sess.Value, time.Now()); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("session stored in the clear: %v", err)
	}
	// A form without the session's CSRF token is refused.
	if resp, _ := e.post(c2, "/sites", url.Values{"urls": {"http://93.184.216.34/"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST without csrf: %d", resp.StatusCode)
	}
	// Open redirects are refused.
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
		if safeNext(next) != "" {
			t.Errorf("safeNext(%q) kept", next)
		}
	}
	// Behind TLS (or told so) cookies are Secure.
	e2 := newEnv(t, dsn, func(c *Config) { c.SecureCookies = true })
	c3 := e2.client()
	_, body = e2.get(c3, "/login")
	tok = csrfRe.FindStringSubmatch(body)[1]
	resp, _ = e2.post(c3, "/login", url.Values{"csrf": {tok}, "email": {e2.emails["viewer"]}, "password": {testPassword}})
	for _, ck := range resp.Cookies() {
		if ck.Name == sessionCookie && !ck.Secure {
			t.Errorf("SecureCookies: session cookie not Secure")
		}
	}
}

func TestRoles(t *testing.T) {
	forEachStore(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		c, csrf := e.login(store.RoleViewer)
		if resp, _ := e.get(c, "/sites/new"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("viewer GET /sites/new: %d", resp.StatusCode)
		}
		if resp, _ := e.post(c, "/sites", url.Values{"csrf": {csrf}, "urls": {"http://93.184.216.34/"}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("viewer POST /sites: %d", resp.StatusCode)
		}
		ed, ecsrf := e.login(store.RoleEditor)
		resp, body := e.post(ed, "/sites", url.Values{"csrf": {ecsrf}, "name": {"Public"}, "urls": {"http://93.184.216.34/"}, "schedule": {"weekly"}, "crawl": {"1"}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("editor POST /sites: %d %s", resp.StatusCode, body)
		}
		loc := resp.Header.Get("Location")
		if resp, _ := e.post(c, loc+"/runs", url.Values{"csrf": {csrf}}); resp.StatusCode != http.StatusForbidden {
			t.Errorf("viewer run now: %d", resp.StatusCode)
		}
		if resp, _ := e.post(ed, loc+"/runs", url.Values{"csrf": {ecsrf}}); resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "queued=") {
			t.Errorf("editor run now: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if resp, body := e.get(c, loc); resp.StatusCode != 200 || !strings.Contains(body, "Public") {
			t.Errorf("viewer site page: %d", resp.StatusCode)
		}
		// The form refuses a private address with 422 and the reason.
		resp, body = e.post(ed, "/sites", url.Values{"csrf": {ecsrf}, "urls": {"http://127.0.0.1:9/"}})
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "loopback") || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("private URL in the form: %d", resp.StatusCode)
		}
	})
}

// TestOpenAPI: the document parses, docs/openapi.json is the same, and
// every API route is in it.
func TestOpenAPI(t *testing.T) {
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(OpenAPI, &doc); err != nil {
		t.Fatal(err)
	}
	docs, err := os.ReadFile("../../docs/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(docs, OpenAPI) {
		t.Error("docs/openapi.json differs from internal/server/openapi.json: cp internal/server/openapi.json docs/")
	}
	for _, r := range []string{"GET /api/v1/sites", "POST /api/v1/sites", "GET /api/v1/sites/{id}", "POST /api/v1/sites/{id}/runs",
		"GET /api/v1/sites/{id}/runs", "GET /api/v1/runs/{id}", "GET /api/v1/sites/{id}/issues", "GET /api/v1/workers", "GET /api/v1/orgs/{org}/export/{format}", "GET /api/v1/openapi.json"} {
		method, path, _ := strings.Cut(r, " ")
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("%s is not in the OpenAPI document", r)
		}
	}
}

// TestMessages: every text exists in both languages.
func TestMessages(t *testing.T) {
	for k, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("message %q lacks a language: %q", k, m)
		}
	}
}
