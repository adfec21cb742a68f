package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/result"
)

// A stopped run behind a form login, resumed with --resume alone, logs in
// again from the steps run.json recorded (no secret among them: the
// password is a ${VAR}) and audits the rest of the private pages as
// themselves. A password given in clear is not recorded, and resuming
// such a run without the login flags is a clear usage error.
func TestFormLoginResume(t *testing.T) {
	site, srv := startFormSite(t, "pw-Resume-Hemligt-5a0b", 2)
	out := filepath.Join(t.TempDir(), "out")
	common := []string{"--no-walk", "--tabs", "1", "--fail-on", "none", "--format", "csv", "--rules", "image-alt,form-field-name"}
	login := []string{"--login-url", srv.URL + "/login", "--login-fill", "E-postadress=" + site.user,
		"--login-fill", "Lösenord=${GRANSKA_TEST_LOGIN_PW}", "--login-submit", "Logga in"}
	var errb bytes.Buffer
	if code := run(append(append([]string{"audit", srv.URL + "/", "--out", out}, login...), common...), io.Discard, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	ri, err := audit.ReadRunInfo(out)
	if err != nil {
		t.Fatal(err)
	}
	if ri.Login == nil || len(ri.Login.Steps) != 4 || ri.Login.Steps[1].Fill != "E-postadress=[redacted]" || ri.Login.Steps[2].Fill != "Lösenord=${GRANSKA_TEST_LOGIN_PW}" {
		t.Fatalf("run.json's login: %+v", ri.Login)
	}
	// Stop the run after its first page: keep only that page's journal line.
	journal := filepath.Join(out, audit.Journal)
	b, err := os.ReadFile(journal)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d journal lines, want 4", len(lines))
	}
	os.WriteFile(journal, []byte(lines[0]), 0o644)
	os.Remove(filepath.Join(out, "results.json"))

	// The e-mail was given in clear: not stored, so --resume alone cannot log in.
	errb.Reset()
	if code := run(append([]string{"audit", "--resume", "--out", out}, common...), io.Discard, &errb); code != exitUsage || !strings.Contains(errb.String(), `fills "E-postadress" with a value given in clear`) {
		t.Fatalf("resume with a redacted fill: exit %d: %s", code, errb.String())
	}
	// With it as a ${VAR}, run.json holds all the login needs.
	t.Setenv("GRANSKA_TEST_LOGIN_USER", site.user)
	ri.Login.Steps[1].Fill = "E-postadress=${GRANSKA_TEST_LOGIN_USER}"
	rewriteRunInfo(t, out, ri)
	errb.Reset()
	if code := run(append([]string{"audit", "--resume", "--out", out}, common...), io.Discard, &errb); code != exitOK {
		t.Fatalf("resume: exit %d: %s", code, errb.String())
	}
	r, err := result.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Pages) != 4 {
		t.Errorf("%d pages after the resume, want 4", len(r.Pages))
	}
	for _, p := range r.Pages {
		if p.Error != "" || p.Title == "Logga in" || p.Title == "" {
			t.Errorf("%s: title %q, error %q: not audited as itself", p.URL, p.Title, p.Error)
		}
	}
	site.mu.Lock()
	logins, logouts := site.logins, site.logouts
	site.mu.Unlock()
	if logouts != 0 {
		t.Errorf("a logout link was followed %d times (the resumed crawl must keep the rendered pages' logout links out)", logouts)
	}
	if logins != 2 {
		t.Errorf("%d logins, want 2 (the run's and the resume's)", logins)
	}
	secretsNowhere(t, out, errb.String(), []string{site.pass})
}

// rewriteRunInfo writes ri as out's run.json.
func rewriteRunInfo(t *testing.T, out string, ri audit.RunInfo) {
	t.Helper()
	b, err := json.Marshal(ri)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "run.json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
