package gate

import (
	"encoding/json"
	"errors"
	"fmt"
	"github.com/granska/granska/internal/atomicfile"
	"io"
	"os"
	"sort"
	"time"

	"github.com/granska/granska/report"
)

// BaselineSchema versions the baseline file.
const BaselineSchema = "granska.baseline/1"

// ErrBaseline is returned for a baseline file that cannot be used.
var ErrBaseline = errors.New("gate: bad baseline")

// Baseline is a set of known issues, by fingerprint. Commit it with the
// project; `granska baseline` writes and updates it.
type Baseline struct {
	Schema  string    `json:"schema"`
	Tool    string    `json:"tool"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Entries []Entry   `json:"entries"`
}

// Entry is one known issue. Only Fingerprint matters for matching; the
// rest tells a person what it is.
type Entry struct {
	Fingerprint string    `json:"fingerprint"`
	Rule        string    `json:"rule"`
	Code        string    `json:"code"`
	Outcome     string    `json:"outcome"`
	Impact      string    `json:"impact,omitempty"`
	Selector    string    `json:"selector,omitempty"`
	Example     string    `json:"example,omitempty"`
	Pages       int       `json:"pages"`
	Since       time.Time `json:"since"`
}

// NewBaseline records every failed and cannot-tell issue, so that any
// policy can be used with it.
func NewBaseline(issues []*report.Issue, now time.Time, tool string) *Baseline {
	b := &Baseline{Schema: BaselineSchema, Tool: tool, Created: now.UTC(), Updated: now.UTC(), Entries: []Entry{}}
	b.Update(issues, now)
	return b
}

// Update makes the baseline match issues: new ones are added (since now),
// known ones keep their date, and entries that no longer match are dropped
// and returned as fixed.
func (b *Baseline) Update(issues []*report.Issue, now time.Time) (added int, fixed []Entry) {
	old := map[string]Entry{}
	for _, e := range b.Entries {
		old[e.Fingerprint] = e
	}
	seen := map[string]bool{}
	var es []Entry
	for _, is := range issues {
		if seen[is.Fingerprint] {
			continue
		}
		seen[is.Fingerprint] = true
		e := Entry{Fingerprint: is.Fingerprint, Rule: is.Rule, Code: is.Code, Outcome: string(is.Outcome),
			Impact: is.Impact, Pages: len(is.Pages), Since: now.UTC()}
		if is.Example.Target != nil {
			e.Selector = is.Example.Target.Selector
		}
		if len(is.Pages) > 0 {
			e.Example = is.Pages[0]
		}
		if o, ok := old[is.Fingerprint]; ok {
			e.Since = o.Since
		} else {
			added++
		}
		es = append(es, e)
	}
	for _, e := range b.Entries {
		if !seen[e.Fingerprint] {
			fixed = append(fixed, e)
		}
	}
	sort.Slice(es, func(i, j int) bool {
		if es[i].Rule != es[j].Rule {
			return es[i].Rule < es[j].Rule
		}
		return es[i].Fingerprint < es[j].Fingerprint
	})
	if es == nil {
		es = []Entry{}
	}
	b.Entries = es
	b.Updated = now.UTC()
	return added, fixed
}

// ReadBaseline reads a baseline file.
func ReadBaseline(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBaseline, err)
	}
	defer f.Close()
	return DecodeBaseline(f)
}

// DecodeBaseline reads a baseline and checks its schema.
func DecodeBaseline(r io.Reader) (*Baseline, error) {
	var b Baseline
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBaseline, err)
	}
	if b.Schema != BaselineSchema {
		return nil, fmt.Errorf("%w: schema %q, want %q", ErrBaseline, b.Schema, BaselineSchema)
	}
	return &b, nil
}

// Write encodes the baseline as indented JSON.
func (b *Baseline) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(b)
}

// WriteFile writes the baseline atomically.
func (b *Baseline) WriteFile(path string) error {
	return atomicfile.Write(path, b.Write)
}
