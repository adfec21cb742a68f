package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/internal/chrometest"
)

// authSite answers only requests with the basic auth, header and cookie
// given; it counts the authorised requests of the browser and the crawler.
type authSite struct {
	user, pass, token, sid string
	mu                     sync.Mutex
	browser, crawler       int
	refused                int
}

func (s *authSite) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	u, p, ok := r.BasicAuth()
	c, _ := r.Cookie("sid")
	if !ok || u != s.user || p != s.pass {
		s.mu.Lock()
		s.refused++
		s.mu.Unlock()
		w.Header().Set("WWW-Authenticate", `Basic realm="staging"`)
		http.Error(w, "401 unauthorised", http.StatusUnauthorized)
		return
	}
	if r.Header.Get("X-Token") != s.token || c == nil || c.Value != s.sid {
		http.Error(w, "403 forbidden", http.StatusForbidden)
		return
	}
	s.mu.Lock()
	if strings.Contains(r.UserAgent(), "Granska/") {
		s.crawler++
	} else {
		s.browser++
	}
	s.mu.Unlock()
	body := `<a href="/privat/ansokningar">Mina ansökningar</a> <a href="/privat/profil">Min profil</a>`
	title := "Mina sidor"
	if r.URL.Path != "/" {
		title = "Privat: " + strings.TrimPrefix(r.URL.Path, "/privat/")
		body = `<a href="/">Start</a><form><label>Namn <input name="n" autocomplete="name"></label><button>Spara</button></form><img src="/logo.png">`
	}
	fmt.Fprintf(w, `<!doctype html><html lang="sv"><head><title>%s</title></head><body><main><h1>%s</h1>%s</main></body></html>`, title, title, body)
}

// A staging site behind basic auth, a header and a cookie is crawled and
// audited with its private pages, the secrets given as ${VAR} from the
// environment, and no secret appears in any output file.
func TestBasicAuthSecretsNowhere(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	site := &authSite{user: "granska", pass: "pw-Hemligt-7f3a91", token: "tok-Hemligt-c0ffee", sid: "sid-Hemligt-9d8e7f"}
	srv := httptest.NewServer(site)
	defer srv.Close()
	t.Setenv("GRANSKA_TEST_PASSWORD", site.pass)
	t.Setenv("GRANSKA_TEST_TOKEN", site.token)
	t.Setenv("GRANSKA_TEST_SID", site.sid)
	out := filepath.Join(t.TempDir(), "out")
	args := []string{"audit", srv.URL + "/", "--out", out, "--quiet", "--no-walk", "--tabs", "1", "--fail-on", "none",
		"--format", "html,sarif,junit,csv,earl", "--save-pages",
		"--basic-auth", "granska:${GRANSKA_TEST_PASSWORD}", "--header", "X-Token: ${GRANSKA_TEST_TOKEN}", "--cookie", "sid=${GRANSKA_TEST_SID}",
		"--rules", "image-alt,button-name,form-field-name,text-contrast,autocomplete-valid"}
	for _, a := range args {
		for _, secret := range []string{site.pass, site.token, site.sid} {
			if strings.Contains(a, secret) {
				t.Fatal("the command line holds a secret")
			}
		}
	}
	var errb bytes.Buffer
	if code := run(args, io.Discard, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	urls := auditedSet(t, out)
	want := []string{srv.URL + "/", srv.URL + "/privat/ansokningar", srv.URL + "/privat/profil"}
	if strings.Join(urls, " ") != strings.Join(want, " ") {
		t.Errorf("audited %v, want %v (the private pages, logged in)", urls, want)
	}
	site.mu.Lock()
	if site.browser < 3 || site.crawler < 3 {
		t.Errorf("authorised requests: browser %d, crawler %d; want ≥ 3 each", site.browser, site.crawler)
	}
	site.mu.Unlock()
	ri, err := audit.ReadRunInfo(out)
	if err != nil {
		t.Fatal(err)
	}
	if ri.Credentials == nil || ri.Credentials.BasicAuth != "granska:[redacted]" || len(ri.Credentials.Headers) != 1 || ri.Credentials.Cookies[0] != "sid=[redacted]" {
		t.Errorf("run.json credentials: %+v", ri.Credentials)
	}

	secrets := []string{site.pass, site.token, site.sid,
		base64.StdEncoding.EncodeToString([]byte(site.user + ":" + site.pass))}
	files := secretsNowhere(t, out, errb.String(), secrets)
	if files < 8 {
		t.Errorf("only %d output files: the grep proves little", files)
	}
}

func TestCredentialFlagErrors(t *testing.T) {
	os.Unsetenv("GRANSKA_TEST_UNSET")
	for _, c := range []struct{ flag, val, want string }{
		{"--basic-auth", "user:${GRANSKA_TEST_UNSET}", "GRANSKA_TEST_UNSET is not set"},
		{"--basic-auth", "nocolon", "want 'user:"},
		{"--header", "X-Token", "want 'Name: value'"},
		{"--cookie", "sid", "want 'name=value'"},
	} {
		var errb bytes.Buffer
		code := run([]string{"audit", "http://127.0.0.1:1/", "--out", t.TempDir(), c.flag, c.val}, io.Discard, &errb)
		if code != exitUsage || !strings.Contains(errb.String(), c.want) {
			t.Errorf("%s %s: exit %d, %q", c.flag, c.val, code, errb.String())
		}
	}
}

// The README's CI recipe, run as written (its config check and audit
// commands, with the example granska.yaml and a committed baseline)
// against a loopback staging site behind basic auth, the password from
// the environment as the CI's secret store gives it.
func TestCIRecipe(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	const pass = "ci-Hemligt-51b2"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != "granska" || p != pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="staging"`)
			http.Error(w, "401", http.StatusUnauthorized)
			return
		}
		fmt.Fprintf(w, `<!doctype html><html lang="sv"><head><title>Jobb %s</title></head><body><main><h1>Jobb</h1><img src="/x.png"></main></body></html>`, r.URL.Path)
	}))
	defer srv.Close()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("../../internal/config/testdata/granska.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, example) {
		t.Fatal("the README's granska.yaml is not internal/config/testdata/granska.yaml")
	}
	var cmds []string
	for _, line := range strings.Split(string(readme), "\n") {
		l := strings.TrimSpace(line)
		l = strings.TrimPrefix(strings.TrimPrefix(l, "- "), "run: ")
		if strings.HasPrefix(l, "granska config check") || strings.HasPrefix(l, "granska audit --config") {
			cmds = append(cmds, l)
		}
	}
	if len(cmds) != 4 {
		t.Fatalf("want the two recipes' two commands, found %q", cmds)
	}
	dir := t.TempDir()
	cfg := strings.ReplaceAll(string(example), "https://staging.example.se", srv.URL)
	os.WriteFile(filepath.Join(dir, "granska.yaml"), []byte(cfg), 0o644)
	bin := buildBinary(t)
	sh := func(want int, env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != want {
			t.Fatalf("granska %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, out)
		}
		return string(out)
	}
	secret := []string{"STAGING_PASSWORD=" + pass}
	// The baseline the team commits (granska baseline), from a first run.
	sh(0, secret, "audit", "--config", "granska.yaml", "--target", "staging", "--baseline", "", "--fail-on", "none", "--out", "first", "--quiet", "--no-walk")
	sh(0, nil, "baseline", "first/results.json", "--out", "granska-baseline.json")
	for _, c := range cmds {
		args := strings.Fields(strings.TrimPrefix(c, "granska "))
		if strings.HasPrefix(c, "granska audit") {
			args = append(args, "--no-walk")
		}
		out := sh(0, secret, args...)
		if strings.HasPrefix(c, "granska audit") && !strings.Contains(out, "2 pages audited") {
			t.Errorf("%s: %s", c, out)
		}
	}
	// Without the secret the run cannot log in: a usage error, not a silent anonymous audit.
	sh(2, nil, "audit", "--config", "granska.yaml", "--target", "staging", "--out", "x", "--quiet")
}
