package catalog

import (
	"bytes"
	"os"
	"slices"
	"testing"

	"github.com/granska/granska/internal/standards/wcag"
)

const failuresDoc = "../../docs/failures.md"

// TestFailureChecks holds the failure catalogue to the rules: every
// documented failure is classified once, every named rule exists and every
// named code is in its Codes, a detecting rule checks one of the failure's
// criteria, and each status has what it promises (detectors for covered,
// a note for the rest).
func TestFailureChecks(t *testing.T) {
	seen := map[string]bool{}
	for _, fc := range failureChecks {
		f, ok := wcag.LookupFailure(fc.Key)
		if !ok {
			t.Errorf("%s: not a documented failure", fc.Key)
			continue
		}
		if seen[fc.Key] {
			t.Errorf("%s classified twice", fc.Key)
		}
		seen[fc.Key] = true
		if !slices.Contains(FailureStatuses, fc.Status) {
			t.Errorf("%s: unknown status %q", fc.Key, fc.Status)
		}
		if fc.Note == "" {
			t.Errorf("%s: no note", fc.Key)
		}
		switch fc.Status {
		case Covered:
			if len(fc.Detectors) == 0 {
				t.Errorf("%s: covered by no rule", fc.Key)
			}
		case Partly:
		default:
			if len(fc.Detectors) > 0 {
				t.Errorf("%s is %s but names rules", fc.Key, fc.Status)
			}
		}
		if f.Obsolete && fc.Status != Retired {
			t.Errorf("%s is obsolete in WCAG 2.2 but %s here", fc.Key, fc.Status)
		}
		for _, dt := range fc.Detectors {
			r, ok := Lookup(dt.Rule)
			if !ok {
				t.Errorf("%s: no rule %q", fc.Key, dt.Rule)
				continue
			}
			if len(dt.Codes) == 0 {
				t.Errorf("%s: rule %s names no code", fc.Key, dt.Rule)
			}
			for _, c := range dt.Codes {
				if _, ok := r.Codes[c]; !ok {
					t.Errorf("%s: rule %s has no code %q", fc.Key, dt.Rule, c)
				}
			}
			overlap := false
			for _, sc := range f.Criteria {
				overlap = overlap || slices.Contains(r.WCAG, sc)
			}
			if !overlap {
				t.Errorf("%s (%v): rule %s checks %v, none of the failure's criteria", fc.Key, f.Criteria, dt.Rule, r.WCAG)
			}
		}
	}
	for _, f := range wcag.Failures() {
		if !seen[f.Key] {
			t.Errorf("%s (%s) is not classified", f.Key, f.Title)
		}
	}
	if len(seen) != 95 {
		t.Errorf("%d failures classified, want 95", len(seen))
	}
	total := 0
	for _, n := range FailureTotals() {
		total += n
	}
	if total != len(failureChecks) {
		t.Errorf("totals add up to %d, want %d", total, len(failureChecks))
	}
}

func TestFailuresOf(t *testing.T) {
	if got := FailuresOf("image-alt"); !slices.Equal(got, []string{"F38", "F65"}) {
		t.Errorf("FailuresOf(image-alt) = %v", got)
	}
	if got := FailuresOf("no-such-rule"); got != nil {
		t.Errorf("FailuresOf(no-such-rule) = %v", got)
	}
}

// TestFailuresDoc keeps docs/failures.md true to the code (-update
// rewrites it).
func TestFailuresDoc(t *testing.T) {
	var b bytes.Buffer
	if err := WriteFailures(&b); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(failuresDoc, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(failuresDoc)
	if err != nil || !bytes.Equal(got, b.Bytes()) {
		t.Fatalf("docs/failures.md is out of date with the code: run 'go test ./rules/catalog -run FailuresDoc -update'")
	}
}
