package wcag

import (
	"slices"
	"testing"
)

func TestFailures(t *testing.T) {
	fs := Failures()
	if len(fs) != 95 {
		t.Fatalf("len(Failures()) = %d, want 95", len(fs))
	}
	obsolete := 0
	for i, f := range fs {
		if f.Obsolete {
			obsolete++
		}
		if i > 0 && FailureCompare(fs[i-1].Key, f.Key) >= 0 {
			t.Errorf("%s after %s: not in number order", f.Key, fs[i-1].Key)
		}
		if len(f.Criteria) == 0 && f.ID != "F19" {
			t.Errorf("%s has no criteria", f.Key)
		}
	}
	if obsolete != 5 {
		t.Errorf("%d obsolete failures, want 5", obsolete)
	}
	f, ok := LookupFailure("F47-blink")
	if !ok || f.ID != "F47" || !f.Obsolete {
		t.Errorf("F47-blink = %+v, %v", f, ok)
	}
	f, ok = LookupFailure("F40")
	if !ok || !slices.Equal(f.Criteria, []string{"2.2.1", "2.2.4"}) || !f.CriteriaAssigned {
		t.Errorf("F40 = %+v, %v", f, ok)
	}
	if f.URL() != "https://www.w3.org/WAI/WCAG22/Techniques/failures/F40" {
		t.Errorf("F40 URL %q", f.URL())
	}
	if _, ok := LookupFailure("F5"); ok {
		t.Error("F5 is not a WCAG 2.2 failure")
	}
	// A copy: changing it leaves the table alone.
	fs[0].Criteria[0] = "9.9.9"
	if g, _ := LookupFailure(fs[0].Key); g.Criteria[0] == "9.9.9" {
		t.Error("Failures shares its slices with the table")
	}
}

func TestLoadFailuresRejects(t *testing.T) {
	for name, in := range map[string]string{
		"empty":     `{"failures":[]}`,
		"bad key":   `{"failures":[{"key":"X1","id":"X1","sc":["1.1.1"],"title":"t"}]}`,
		"twice":     `{"failures":[{"key":"F1","id":"F1","sc":["1.1.1"],"title":"t"},{"key":"F1","id":"F1","sc":["1.1.1"],"title":"t"}]}`,
		"unknown":   `{"failures":[{"key":"F1","id":"F1","sc":["9.9.9"],"title":"t"}]}`,
		"no title":  `{"failures":[{"key":"F1","id":"F1","sc":["1.1.1"],"title":" "}]}`,
		"key vs id": `{"failures":[{"key":"F10","id":"F1","sc":["1.1.1"],"title":"t"}]}`,
		"not json":  `{`,
	} {
		Failures() // the real table stays loaded
		if err := loadFailures([]byte(in)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if len(Failures()) != 95 {
		t.Error("a rejected table replaced the loaded one")
	}
}

func TestFailureCompare(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"F2", "F10", -1}, {"F47", "F47-blink", -1}, {"F47-blink", "F50", -1}, {"F9", "F9", 0}, {"F1", "G1", -1}, {"G1", "H1", -1}} {
		if got := FailureCompare(c.a, c.b); got != c.want {
			t.Errorf("FailureCompare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
