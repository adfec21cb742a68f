package report

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/granska/granska/result"
)

// DiffSchema versions the JSON form of a diff.
const DiffSchema = "granska.diff/1"

// DiffEntry is one issue in a diff.
type DiffEntry struct {
	Fingerprint string   `json:"fingerprint"`
	Rule        string   `json:"rule"`
	Code        string   `json:"code"`
	Outcome     string   `json:"outcome"`
	Impact      string   `json:"impact,omitempty"`
	WCAG        []string `json:"wcag,omitempty"`
	Selector    string   `json:"selector,omitempty"`
	Message     string   `json:"message"`
	Pages       int      `json:"pages"`
	Occurrences int      `json:"occurrences"`
	Example     string   `json:"example"` // a page URL
}

// Diff compares the issues of two runs by fingerprint.
type Diff struct {
	Schema string `json:"schema"`
	Old    RunRef `json:"from"`
	New    RunRef `json:"to"`
	// Added are issues in the new run only; Fixed were in the old run, on
	// a page the new run audited again, and are gone; Persisting are in
	// both. NotRechecked were in the old run on pages the new run did not
	// audit: nothing can be said about them.
	Added        []DiffEntry `json:"new"`
	Fixed        []DiffEntry `json:"fixed"`
	Persisting   []DiffEntry `json:"persisting"`
	NotRechecked []DiffEntry `json:"notRechecked,omitempty"`
}

// RunRef identifies a run in a diff.
type RunRef struct {
	Started string `json:"started"`
	Pages   int    `json:"pages"`
	Issues  int    `json:"issues"`
	Version string `json:"version"`
}

func entry(is *Issue) DiffEntry {
	e := DiffEntry{Fingerprint: is.Fingerprint, Rule: is.Rule, Code: is.Code, Outcome: string(is.Outcome),
		Impact: is.Impact, WCAG: is.WCAG, Message: is.Example.Message, Pages: len(is.Pages), Occurrences: len(is.Occurrences)}
	if is.Example.Target != nil {
		e.Selector = is.Example.Target.Selector
	}
	if len(is.Pages) > 0 {
		e.Example = is.Pages[0]
	}
	return e
}

func key(is *Issue) string { return is.Fingerprint + "\x00" + string(is.Outcome) }

// Compare diffs two runs.
func Compare(old, cur *result.Run) *Diff {
	oi, ni := Dedupe(old, "en"), Dedupe(cur, "en")
	d := &Diff{Schema: DiffSchema, Old: ref(old, len(oi)), New: ref(cur, len(ni)),
		Added: []DiffEntry{}, Fixed: []DiffEntry{}, Persisting: []DiffEntry{}}
	inOld := map[string]bool{}
	for _, is := range oi {
		inOld[key(is)] = true
	}
	inNew := map[string]bool{}
	for _, is := range ni {
		inNew[key(is)] = true
		if inOld[key(is)] {
			d.Persisting = append(d.Persisting, entry(is))
		} else {
			d.Added = append(d.Added, entry(is))
		}
	}
	audited := map[string]bool{}
	for _, p := range cur.Pages {
		if p.Error == "" {
			audited[p.URL] = true
		}
	}
	for _, is := range oi {
		if inNew[key(is)] {
			continue
		}
		rechecked := false
		for _, u := range is.Pages {
			if audited[u] {
				rechecked = true
				break
			}
		}
		if rechecked {
			d.Fixed = append(d.Fixed, entry(is))
		} else {
			d.NotRechecked = append(d.NotRechecked, entry(is))
		}
	}
	return d
}

func ref(r *result.Run, issues int) RunRef {
	n := 0
	for _, p := range r.Pages {
		if p.Error == "" {
			n++
		}
	}
	s := ""
	if !r.Started.IsZero() {
		s = r.Started.UTC().Format("2006-01-02T15:04:05Z")
	}
	return RunRef{Started: s, Pages: n, Issues: issues, Version: r.Tool.Version}
}

// WriteJSON writes the diff as indented JSON.
func (d *Diff) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(d)
}

// WriteText writes the diff for a terminal: counts, then each list.
func (d *Diff) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "old: %d pages, %d issues (%s)\nnew: %d pages, %d issues (%s)\n\n",
		d.Old.Pages, d.Old.Issues, d.Old.Started, d.New.Pages, d.New.Issues, d.New.Started)
	fmt.Fprintf(w, "%d new, %d fixed, %d persisting", len(d.Added), len(d.Fixed), len(d.Persisting))
	if len(d.NotRechecked) > 0 {
		fmt.Fprintf(w, ", %d not rechecked (their pages were not audited again)", len(d.NotRechecked))
	}
	fmt.Fprintln(w)
	for _, sec := range []struct {
		name string
		es   []DiffEntry
	}{{"New", d.Added}, {"Fixed", d.Fixed}, {"Persisting", d.Persisting}, {"Not rechecked", d.NotRechecked}} {
		if len(sec.es) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n%s:\n", sec.name)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		es := append([]DiffEntry(nil), sec.es...)
		sort.SliceStable(es, func(a, b int) bool { return es[a].Rule < es[b].Rule })
		for _, e := range es {
			fmt.Fprintf(tw, "  %s\t%s\t%s/%s\t%d pages\t%s\t%s\n", e.Fingerprint, e.Outcome, e.Rule, e.Code, e.Pages, e.Selector, e.Example)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}
