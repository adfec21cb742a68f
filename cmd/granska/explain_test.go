package main

import (
	"bytes"
	"strings"
	"testing"
)

// explain names the WCAG failures a rule checks, and only for rules that
// check some.
func TestExplainFailures(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"explain", "image-alt"}, &out, &errb); code != exitOK {
		t.Fatalf("explain image-alt: exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), "WCAG failures: F38, F65 (docs/failures.md)\n") {
		t.Errorf("explain image-alt does not list F38 and F65:\n%s", out.String())
	}
	out.Reset()
	if code := run([]string{"explain", "privacy-policy-link-site"}, &out, &errb); code != exitOK {
		t.Fatalf("explain privacy-policy-link-site: exit %d: %s", code, errb.String())
	}
	if strings.Contains(out.String(), "WCAG failures") {
		t.Errorf("a consent rule lists WCAG failures:\n%s", out.String())
	}
	if code := run([]string{"explain", "no-such-rule"}, &out, &errb); code != exitUsage {
		t.Errorf("explain of an unknown rule: exit %d, want %d", code, exitUsage)
	}
}
