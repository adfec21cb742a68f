package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/granska/granska/report"
	"github.com/granska/granska/report/reporttest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// saveRun writes run as dir/results.json with the screenshots it names.
func saveRun(t *testing.T, dir string, run *result.Run) string {
	t.Helper()
	if err := reporttest.WriteShots(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "results.json")
	if err := run.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	return path
}

func granska(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String() + errb.String()
}

// keep returns a copy of run with only the outcomes keep accepts.
func keep(run *result.Run, fn func(o result.Outcome) bool) *result.Run {
	c := *run
	c.Pages = nil
	for _, p := range run.Pages {
		var os []result.Outcome
		for _, o := range p.Outcomes {
			if fn(o) {
				os = append(os, o)
			}
		}
		p.Outcomes = append([]result.Outcome{}, os...)
		c.Pages = append(c.Pages, p)
	}
	return &c
}

func TestReportFormats(t *testing.T) {
	dir := t.TempDir()
	path := saveRun(t, dir, reporttest.Run(6))
	out := filepath.Join(dir, "out")
	code, msg := granska(t, "report", path, "--format", "all", "--out", out, "--lang", "sv")
	if code != exitFailures {
		t.Fatalf("exit %d, want 1 (failed WCAG A/AA outcomes):\n%s", code, msg)
	}
	for _, f := range []string{"index.html", "report.pdf", "results.sarif", "junit.xml", "earl.jsonld", "issues.csv"} {
		if fi, err := os.Stat(filepath.Join(out, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(out, "index.html")); !bytes.Contains(b, []byte("data:image/jpeg;base64,")) {
		t.Error("the HTML report has no screenshot: assets are not read from the results folder")
	}
}

func TestGateExitCodes(t *testing.T) {
	full := reporttest.Run(6)
	cantOnly := keep(full, func(o result.Outcome) bool { return o.Outcome == rules.CantTell })
	consentOnly := keep(full, func(o result.Outcome) bool { return o.Rule == "consent-prechecked" })
	minorOnly := keep(full, func(o result.Outcome) bool { return o.Rule == "target-size" })
	cases := []struct {
		name string
		run  *result.Run
		args []string
		want int
	}{
		{"default fails on WCAG A/AA failures", full, nil, exitFailures},
		{"none never fails", full, []string{"--fail-on", "none"}, exitOK},
		{"critical threshold", full, []string{"--fail-on", "critical"}, exitFailures},
		{"cantTell does not fail by default", cantOnly, nil, exitOK},
		{"cantTell fails when asked", cantOnly, []string{"--fail-on", "failed,cantTell"}, exitFailures},
		{"consent rules are outside the default scope", consentOnly, nil, exitOK},
		{"scope any includes consent rules", consentOnly, []string{"--fail-on", "any"}, exitFailures},
		{"moderate failure below a serious threshold", minorOnly, []string{"--fail-on", "serious"}, exitOK},
		{"moderate failure at a moderate threshold", minorOnly, []string{"--fail-on", "moderate"}, exitFailures},
		{"level A scope leaves out 2.5.8 (AA)", minorOnly, []string{"--fail-on", "a"}, exitOK},
		{"bad --fail-on is a usage error", full, []string{"--fail-on", "sometimes"}, exitUsage},
		{"bad --format is a usage error", full, []string{"--format", "docx"}, exitUsage},
		{"bad --lang is a usage error", full, []string{"--lang", "de"}, exitUsage},
		{"missing baseline is a usage error", full, []string{"--baseline", "/nonexistent/b.json"}, exitUsage},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			path := saveRun(t, dir, c.run)
			args := append([]string{"report", path, "--format", "csv", "--quiet"}, c.args...)
			if code, msg := granska(t, args...); code != c.want {
				t.Errorf("exit %d, want %d:\n%s", code, c.want, msg)
			}
		})
	}
	if code, _ := granska(t, "report", filepath.Join(t.TempDir(), "none.json")); code != exitUsage {
		t.Errorf("missing results.json: exit %d, want 2", code)
	}
}

func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	full := reporttest.Run(6)
	path := saveRun(t, dir, full)
	base := filepath.Join(dir, "granska-baseline.json")
	if code, msg := granska(t, "baseline", path, "--out", base); code != exitOK {
		t.Fatalf("baseline: exit %d:\n%s", code, msg)
	}
	// Every issue is known: the gate passes.
	if code, msg := granska(t, "report", path, "--format", "csv", "--baseline", base); code != exitOK {
		t.Fatalf("known issues only: exit %d, want 0:\n%s", code, msg)
	}
	// A new issue fails, the known ones still do not.
	more := reporttest.Run(6)
	p := &more.Pages[0]
	p.Outcomes = append(p.Outcomes, result.Outcome{Rule: "html-lang", Outcome: rules.Failed, Code: "no-lang", Message: "No lang.",
		WCAG: []string{"3.1.1"}, EN: []string{"9.3.1.1"}, Impact: "serious", Fingerprint: "00000000000000aa",
		Target: &result.Target{Selector: "html"}})
	newDir := t.TempDir()
	newPath := saveRun(t, newDir, more)
	code, msg := granska(t, "report", newPath, "--format", "csv", "--baseline", base)
	if code != exitFailures || !strings.Contains(msg, "00000000000000aa") || !strings.Contains(msg, "1 gating issues") {
		t.Fatalf("new issue: exit %d, want 1 naming only it:\n%s", code, msg)
	}
	// Fixing an issue reports the stale baseline entry as fixed.
	fewer := keep(full, func(o result.Outcome) bool { return o.Rule != "target-size" })
	fewDir := t.TempDir()
	fewPath := saveRun(t, fewDir, fewer)
	code, msg = granska(t, "report", fewPath, "--format", "csv", "--baseline", base)
	if code != exitOK || !strings.Contains(msg, "fixed: ffeeddccbbaa9988") {
		t.Fatalf("fixed issue: exit %d, want 0 listing it as fixed:\n%s", code, msg)
	}
	// Updating the baseline drops it.
	if code, msg := granska(t, "baseline", fewPath, "--out", base); code != exitOK || !strings.Contains(msg, "1 fixed") {
		t.Fatalf("baseline update: exit %d:\n%s", code, msg)
	}
	b, _ := os.ReadFile(base)
	if bytes.Contains(b, []byte("ffeeddccbbaa9988")) {
		t.Error("the updated baseline still lists the fixed issue")
	}
	// A cantTell issue in a baseline with --fail-on cantTell is known.
	if code, msg := granska(t, "report", fewPath, "--format", "csv", "--baseline", base, "--fail-on", "failed,cantTell"); code != exitOK {
		t.Fatalf("known cantTell: exit %d, want 0:\n%s", code, msg)
	}
}

func TestDiff(t *testing.T) {
	old := reporttest.Run(6)
	cur := keep(old, func(o result.Outcome) bool { return o.Rule != "target-size" })
	p := &cur.Pages[1]
	p.Outcomes = append(p.Outcomes, result.Outcome{Rule: "html-lang", Outcome: rules.Failed, Code: "no-lang",
		WCAG: []string{"3.1.1"}, Impact: "serious", Fingerprint: "00000000000000bb"})
	oldPath := saveRun(t, t.TempDir(), old)
	curPath := saveRun(t, t.TempDir(), cur)
	code, text := granska(t, "diff", oldPath, curPath)
	if code != exitOK || !strings.Contains(text, "1 new, 1 fixed,") {
		t.Fatalf("diff: exit %d:\n%s", code, text)
	}
	code, js := granska(t, "diff", oldPath, curPath, "--json")
	var d report.Diff
	if err := json.Unmarshal([]byte(js), &d); err != nil || code != exitOK {
		t.Fatalf("diff --json: exit %d, %v:\n%s", code, err, js)
	}
	if len(d.Added) != 1 || d.Added[0].Fingerprint != "00000000000000bb" || len(d.Fixed) != 1 || d.Fixed[0].Rule != "target-size" || len(d.Persisting) == 0 {
		t.Errorf("diff: %+v", d)
	}
	if code, _ := granska(t, "diff", oldPath, curPath, "--fail-on-new"); code != exitFailures {
		t.Errorf("diff --fail-on-new: exit %d, want 1", code)
	}
}

func TestHelpDocumentsExitCodes(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"report", "-h"}, {"audit", "-h"}} {
		_, msg := granska(t, args...)
		for _, want := range []string{"0", "1", "2", "3", "Exit codes"} {
			if !strings.Contains(msg, want) {
				t.Errorf("%v lacks %q", args, want)
			}
		}
	}
}
