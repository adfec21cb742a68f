package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A form login said four ways — the --login-* flags, --login FILE with
// YAML steps, and granska.yaml's login shorthand and steps — logs in in
// real Chromium and drives the same audit of the private pages; the file
// holds no secret (${VAR}), and no output holds one either.
func TestConfigLoginEqualsFlags(t *testing.T) {
	site, srv := startFormSite(t, "pw-Config-Hemligt-93fe", 1)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	shared := fmt.Sprintf("urls: [%s/]\nrules: {only: [image-alt, form-field-name]}\ngate: {fail-on: none}\n", srv.URL)
	steps := fmt.Sprintf(`
    - goto: %s/login
    - fill: 'E-postadress=${GRANSKA_TEST_LOGIN_USER}'
    - fill: 'Lösenord=${GRANSKA_TEST_LOGIN_PW}'
    - click: Logga in
    - wait-url: %s/
`, srv.URL, srv.URL)
	short := write("short.yaml", shared+fmt.Sprintf(`login:
  url: %s/login
  fill: ['E-postadress=${GRANSKA_TEST_LOGIN_USER}', 'Lösenord=${GRANSKA_TEST_LOGIN_PW}']
  submit: Logga in
`, srv.URL))
	full := write("steps.yaml", shared+"login:\n  steps:"+steps)
	file := write("login.yaml", "steps:"+steps)
	common := []string{"--quiet", "--no-walk", "--tabs", "1", "--no-screenshots", "--format", "csv"}
	flags := []string{srv.URL + "/", "--rules", "image-alt,form-field-name", "--fail-on", "none"}
	runs := map[string][]string{
		"flags": append([]string{"--login-url", srv.URL + "/login", "--login-fill", "E-postadress=${GRANSKA_TEST_LOGIN_USER}",
			"--login-fill", "Lösenord=${GRANSKA_TEST_LOGIN_PW}", "--login-submit", "Logga in"}, flags...),
		"login-file":       append([]string{"--login", file}, flags...),
		"config-shorthand": {"--config", short},
		"config-steps":     {"--config", full},
	}
	got := map[string]string{}
	var errb bytes.Buffer
	for _, name := range []string{"flags", "login-file", "config-shorthand", "config-steps"} {
		out := filepath.Join(dir, name)
		args := append(append([]string{"audit", "--out", out}, runs[name]...), common...)
		if code := run(args, io.Discard, &errb); code != exitOK {
			t.Fatalf("%s: exit %d: %s", name, code, errb.String())
		}
		got[name] = comparable(t, out)
		urls := auditedSet(t, out)
		if want := srv.URL + "/ " + srv.URL + "/privat/1 " + srv.URL + "/privat/ansokningar"; strings.Join(urls, " ") != want {
			t.Errorf("%s: audited %v, want the private pages", name, urls)
		}
		secretsNowhere(t, out, errb.String(), []string{site.pass})
	}
	for _, name := range []string{"login-file", "config-shorthand", "config-steps"} {
		if got[name] != got["flags"] {
			t.Errorf("%s: the audit differs from the flags'\nflags: %s\n%s: %s", name, got["flags"], name, got[name])
		}
	}
	site.mu.Lock()
	defer site.mu.Unlock()
	if site.logins != 4 {
		t.Errorf("%d logins, want 4 (one per run)", site.logins)
	}
}
