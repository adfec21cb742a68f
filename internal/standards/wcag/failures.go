package wcag

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Failure is one of WCAG 2.2's documented failures (the F-numbered
// techniques): a way content is known to fail a success criterion.
type Failure struct {
	// Key is unique: the F-number, except that W3C reused F47, so the
	// obsolete "blink element" failure is "F47-blink".
	Key string
	// ID is W3C's number, "F65".
	ID string
	// Criteria are the success criteria the failure fails, in numeric
	// order. Empty only for F19, which fails a conformance requirement.
	Criteria []string
	// CriteriaAssigned marks criteria that the technique itself does not
	// list, taken from the Understanding document that cites it.
	CriteriaAssigned bool
	// Title says what the failure is, in our own words.
	Title string
	// Obsolete marks a failure W3C retired (the technology it is about is
	// gone, or its criterion 4.1.1 was removed).
	Obsolete bool
}

// URL is the failure's page in the WCAG 2.2 Techniques.
func (f Failure) URL() string {
	return "https://www.w3.org/WAI/WCAG22/Techniques/failures/" + f.ID
}

//go:embed failures.json
var rawFailures []byte

var (
	failures     []Failure // in FailureCompare order
	failureIndex map[string]int
	failureKeyRE = regexp.MustCompile(`^F[1-9][0-9]{0,2}(-[a-z]+)?$`)
)

// loadOnce loads the embedded table when first asked for: after the
// criteria, which it is checked against (init order is by file name).
var loadOnce = sync.OnceFunc(func() {
	if err := loadFailures(rawFailures); err != nil {
		panic("wcag: embedded failures.json: " + err.Error())
	}
})

func loadFailures(b []byte) error {
	var d struct {
		Failures []struct {
			Key      string   `json:"key"`
			ID       string   `json:"id"`
			SC       []string `json:"sc"`
			Assigned bool     `json:"scAssigned"`
			Title    string   `json:"title"`
			Obsolete bool     `json:"obsolete"`
		} `json:"failures"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	if len(d.Failures) == 0 {
		return fmt.Errorf("no failures")
	}
	fs := make([]Failure, 0, len(d.Failures))
	idx := make(map[string]int, len(d.Failures))
	for _, f := range d.Failures {
		if !failureKeyRE.MatchString(f.Key) || (f.Key != f.ID && !strings.HasPrefix(f.Key, f.ID+"-")) || strings.Contains(f.ID, "-") {
			return fmt.Errorf("malformed key %q (id %q)", f.Key, f.ID)
		}
		if _, dup := idx[f.Key]; dup {
			return fmt.Errorf("%s twice", f.Key)
		}
		if strings.TrimSpace(f.Title) == "" {
			return fmt.Errorf("%s: no title", f.Key)
		}
		for _, sc := range f.SC {
			if _, ok := index[sc]; !ok {
				return fmt.Errorf("%s: unknown criterion %q", f.Key, sc)
			}
		}
		sc := slices.Clone(f.SC)
		slices.SortFunc(sc, Compare)
		idx[f.Key] = len(fs)
		fs = append(fs, Failure{Key: f.Key, ID: f.ID, Criteria: sc, CriteriaAssigned: f.Assigned, Title: f.Title, Obsolete: f.Obsolete})
	}
	slices.SortFunc(fs, func(a, b Failure) int { return FailureCompare(a.Key, b.Key) })
	for i, f := range fs {
		idx[f.Key] = i
	}
	failures, failureIndex = fs, idx
	return nil
}

// Failures returns every documented failure, obsolete ones included, in
// number order (F2 before F10; F47 before F47-blink).
func Failures() []Failure {
	loadOnce()
	out := make([]Failure, len(failures))
	for i, f := range failures {
		out[i] = f.clone()
	}
	return out
}

// LookupFailure returns a failure by its key ("F65", "F47-blink").
func LookupFailure(key string) (Failure, bool) {
	loadOnce()
	i, ok := failureIndex[strings.TrimSpace(key)]
	if !ok {
		return Failure{}, false
	}
	return failures[i].clone(), true
}

// FailureCompare orders failure keys by number, then by suffix ("F47" before
// "F47-blink"), like [strings.Compare]. Keys that are not of the F-number form
// sort after those that are, textually.
func FailureCompare(a, b string) int {
	na, sa, okA := splitFailureKey(a)
	nb, sb, okB := splitFailureKey(b)
	switch {
	case okA && okB:
		if na != nb {
			if na < nb {
				return -1
			}
			return 1
		}
		return strings.Compare(sa, sb)
	case okA:
		return -1
	case okB:
		return 1
	}
	return strings.Compare(a, b)
}

func splitFailureKey(k string) (int, string, bool) {
	if !strings.HasPrefix(k, "F") {
		return 0, "", false
	}
	num, suffix, _ := strings.Cut(k[1:], "-")
	n, err := strconv.Atoi(num)
	if err != nil {
		return 0, "", false
	}
	return n, suffix, true
}

func (f Failure) clone() Failure {
	f.Criteria = slices.Clone(f.Criteria)
	return f
}
