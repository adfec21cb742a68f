package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/result"
)

// Flags given on the command line override the file; the others come from
// the named target, lists set whole (a regular expression may hold commas).
func TestConfigFlagsOverride(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "granska.yaml")
	os.WriteFile(file, []byte(`
sample: {max-pages: 7, per-template: 2}
targets:
  a:
    urls: [http://127.0.0.1:1/]
    scope: {exclude: ['/x{1,3}'], path-prefix: /jobb}
    report: {lang: sv, formats: [html, sarif]}
  b:
    urls: [http://127.0.0.1:2/]
`), 0o644)
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var cc crawl.Config
	var rf reportFlags
	registerCrawl(fs, &cc)
	rf.register(fs, "html")
	if err := fs.Parse([]string{"--max-pages", "3", "--lang", "en"}); err != nil {
		t.Fatal(err)
	}
	tg, err := applyConfig(fs, file, "a")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(tg.URLs, []string{"http://127.0.0.1:1/"}) {
		t.Errorf("urls %v", tg.URLs)
	}
	if cc.MaxPages != 3 || rf.lang != "en" {
		t.Errorf("flags must override the file: max-pages %d, lang %s", cc.MaxPages, rf.lang)
	}
	if cc.PerTemplate != 2 || cc.PathPrefix != "/jobb" || !reflect.DeepEqual(cc.Exclude, []string{"/x{1,3}"}) || rf.format != "html,sarif" {
		t.Errorf("from the file: %+v, format %q", cc, rf.format)
	}
	if _, err := applyConfig(fs, file, ""); err == nil || !strings.Contains(err.Error(), "a, b") {
		t.Errorf("two targets, none named: %v", err)
	}
	if _, err := applyConfig(fs, "", "a"); err == nil {
		t.Error("--target without --config must be an error")
	}
}

func TestConfigCheck(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte("targets:\n  public: {urls: ['http://127.0.0.1:1/']}\n"), 0o644)
	os.WriteFile(bad, []byte("urls: ['http://127.0.0.1:1/']\nscope:\n  max-dept: 2\n"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"config", "check", good}, &out, &errb); code != exitOK || !strings.Contains(out.String(), "public: 1 start URLs") {
		t.Errorf("good: exit %d, %s %s", code, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"config", "check", bad}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "bad.yaml:3:3: scope.max-dept: unknown key") {
		t.Errorf("bad: exit %d, %q", code, errb.String())
	}
	if code := run([]string{"config", "check", "../../internal/config/testdata/granska.yaml"}, &out, &errb); code != exitOK {
		t.Errorf("the example: exit %d, %s", code, errb.String())
	}
}

// smallSite is three linked pages on loopback.
func smallSite() http.Handler {
	page := func(title, body string) string {
		return fmt.Sprintf(`<!doctype html><html lang="sv"><head><title>%s</title></head><body><main><h1>%s</h1>%s</main></body></html>`, title, title, body)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Start", `<a href="/jobb/1">Jobb 1</a> <a href="/jobb/2">Jobb 2</a> <a href="/om">Om oss</a><img src="x.png">`))
	})
	mux.HandleFunc("/jobb/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Jobb", `<form><input name="q"><button></button></form>`))
	})
	mux.HandleFunc("/om", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Om oss", `<p style="color:#aaa">Grå text</p>`))
	})
	return mux
}

// The config file drives an audit equal to the same audit given by flags.
func TestConfigEqualsFlags(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	srv := httptest.NewServer(smallSite())
	defer srv.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "granska.yaml")
	os.WriteFile(file, []byte(fmt.Sprintf(`
report: {formats: [sarif], lang: sv}
gate: {fail-on: none}
targets:
  site:
    urls: [%s/]
    scope: {exclude: ['/om$']}
    sample: {per-template: 1, max-pages: 50}
    rules: {only: [image-alt, button-name, form-field-name, text-contrast]}
    viewport: {width: 1024, height: 700}
`, srv.URL)), 0o644)
	common := []string{"--quiet", "--no-walk", "--tabs", "1", "--no-screenshots"}
	byFlags := filepath.Join(dir, "flags")
	byFile := filepath.Join(dir, "file")
	var errb bytes.Buffer
	args := append([]string{"audit", srv.URL + "/", "--out", byFlags, "--format", "sarif", "--lang", "sv", "--fail-on", "none",
		"--exclude-url", "/om$", "--per-template", "1", "--max-pages", "50", "--rules", "image-alt,button-name,form-field-name,text-contrast",
		"--width", "1024", "--height", "700"}, common...)
	if code := run(args, io.Discard, &errb); code != exitOK {
		t.Fatalf("flags: exit %d: %s", code, errb.String())
	}
	if code := run(append([]string{"audit", "--config", file, "--target", "site", "--out", byFile}, common...), io.Discard, &errb); code != exitOK {
		t.Fatalf("config: exit %d: %s", code, errb.String())
	}
	a, b := comparable(t, byFlags), comparable(t, byFile)
	if a != b {
		t.Errorf("the config file's audit differs from the flags'\nflags:  %s\nconfig: %s", a, b)
	}
	if !strings.Contains(a, "/jobb/") || strings.Contains(a, `/om"`) {
		t.Errorf("the scope was not applied: %s", a)
	}
	ra, _ := audit.ReadRunInfo(byFlags)
	rb, _ := audit.ReadRunInfo(byFile)
	if !reflect.DeepEqual(ra, rb) {
		t.Errorf("run.json differs: %+v vs %+v", ra, rb)
	}
	sa, _ := os.ReadFile(filepath.Join(byFlags, "results.sarif"))
	sb, _ := os.ReadFile(filepath.Join(byFile, "results.sarif"))
	times := regexp.MustCompile(`"[a-zA-Z]*TimeUtc": *"[^"]*"`)
	sa, sb = times.ReplaceAll(sa, nil), times.ReplaceAll(sb, nil)
	if len(sa) == 0 || !bytes.Equal(sa, sb) {
		t.Errorf("SARIF reports differ (%d vs %d bytes)", len(sa), len(sb))
	}
}

// comparable is a run's results without its timestamps.
func comparable(t *testing.T, out string) string {
	t.Helper()
	r, err := result.ReadFile(filepath.Join(out, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Pages {
		r.Pages[i].Timings = result.Timings{} // wall-clock measurements
		// What the page loaded before its capture (for --since) may or may
		// not include a late favicon; the links of the rendered page are
		// all its links, in scope or not. Neither is what was audited.
		r.Pages[i].Resources, r.Pages[i].ResourcesOver, r.Pages[i].Links = nil, false, nil
	}
	b, _ := json.Marshal(struct {
		Options any
		Pages   any
		Rules   any
	}{r.Options, r.Pages, r.Rules})
	return string(b)
}
