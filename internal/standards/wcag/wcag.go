// Package wcag is the table of WCAG 2.2 success criteria: the 87 numbered
// criteria with their titles, conformance levels, the WCAG version that
// introduced each, principle, guideline, Understanding document and the W3C
// ACT rules that test them.
//
// Rules name the criteria they check by number ("1.4.3"); the rule validation
// test checks those numbers against this table, and reports use it to group
// results per criterion.
//
// 4.1.1 Parsing is in the table, marked Obsolete with an empty Level: WCAG 2.2
// removed it. It was Level A in WCAG 2.0 and 2.1, and EN 301 549 V3.2.1 still
// requires it as clause 9.4.1.1 (see package en301549).
//
// The data is wcag22.json, embedded; it was trimmed from the project's
// reference extract of w3c/wcag (the commit is in the file's header).
// The package also holds WCAG 2.2's documented failures (the F-numbered
// techniques, failures.json, titles in our own words): see [Failures].
//
// TitleSV is empty throughout for now: the only authorised Swedish W3C
// translation found covers WCAG 2.0, and no title goes in without a verified
// source.
package wcag

import (
	"cmp"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

//go:embed wcag22.json
var rawData []byte

// Criterion is one WCAG success criterion.
type Criterion struct {
	// ID is the number, "1.4.10".
	ID string
	// Title is the English title as in WCAG 2.2 ("Target Size (Enhanced)").
	Title string
	// TitleSV is the title in an authorised Swedish translation, or "".
	TitleSV string
	// Level is "A", "AA" or "AAA"; "" for the obsolete 4.1.1.
	Level string
	// Version is the WCAG version that introduced the criterion: "2.0",
	// "2.1" or "2.2".
	Version string
	// Principle and Guideline are titles ("Perceivable", "Distinguishable");
	// their numbers are the first one and two parts of ID.
	Principle string
	Guideline string
	// URL is the WCAG 2.2 Understanding document.
	URL string
	// Obsolete marks a criterion WCAG 2.2 removed (4.1.1).
	Obsolete bool
	// ACT holds the ids of the W3C ACT rules, approved and proposed, that
	// map to the criterion.
	ACT []string
}

type dataFile struct {
	Criteria []struct {
		ID        string   `json:"id"`
		Title     string   `json:"title"`
		SV        string   `json:"sv"`
		Level     string   `json:"level"`
		Version   string   `json:"version"`
		Principle string   `json:"principle"`
		Guideline string   `json:"guideline"`
		URL       string   `json:"url"`
		Obsolete  bool     `json:"obsolete"`
		ACT       []string `json:"act"`
	} `json:"criteria"`
}

var (
	criteria []Criterion // in Compare order
	index    map[string]int
	idRE     = regexp.MustCompile(`^[1-4]\.[1-9][0-9]?\.[1-9][0-9]?$`)
)

func init() {
	if err := load(rawData); err != nil {
		panic("wcag: embedded wcag22.json: " + err.Error())
	}
}

func load(b []byte) error {
	var d dataFile
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	if len(d.Criteria) == 0 {
		return fmt.Errorf("no criteria")
	}
	cs := make([]Criterion, 0, len(d.Criteria))
	idx := make(map[string]int, len(d.Criteria))
	for _, c := range d.Criteria {
		if !idRE.MatchString(c.ID) {
			return fmt.Errorf("malformed id %q", c.ID)
		}
		if _, dup := idx[c.ID]; dup {
			return fmt.Errorf("%s twice", c.ID)
		}
		switch {
		case c.Obsolete && c.Level != "":
			return fmt.Errorf("%s: obsolete but level %q", c.ID, c.Level)
		case !c.Obsolete && c.Level != "A" && c.Level != "AA" && c.Level != "AAA":
			return fmt.Errorf("%s: level %q", c.ID, c.Level)
		}
		if c.Version != "2.0" && c.Version != "2.1" && c.Version != "2.2" {
			return fmt.Errorf("%s: version %q", c.ID, c.Version)
		}
		idx[c.ID] = len(cs)
		cs = append(cs, Criterion{
			ID: c.ID, Title: c.Title, TitleSV: c.SV, Level: c.Level, Version: c.Version,
			Principle: c.Principle, Guideline: c.Guideline, URL: c.URL,
			Obsolete: c.Obsolete, ACT: c.ACT,
		})
	}
	slices.SortFunc(cs, func(a, b Criterion) int { return Compare(a.ID, b.ID) })
	for i, c := range cs {
		idx[c.ID] = i
	}
	criteria, index = cs, idx
	return nil
}

// Lookup returns the criterion with the given number ("2.4.7").
func Lookup(id string) (Criterion, bool) {
	i, ok := index[strings.TrimSpace(id)]
	if !ok {
		return Criterion{}, false
	}
	return criteria[i].clone(), true
}

// All returns every criterion, obsolete 4.1.1 included, in numeric order:
// 1.4.9 before 1.4.10.
func All() []Criterion {
	out := make([]Criterion, len(criteria))
	for i, c := range criteria {
		out[i] = c.clone()
	}
	return out
}

// Compare orders success criterion numbers numerically, part by part, and
// returns -1, 0 or +1 like [strings.Compare]: Compare("1.4.9", "1.4.10") is
// -1. A number with fewer parts sorts before its extensions ("1.4" before
// "1.4.1"). A part that is not a decimal number sorts after numeric parts,
// textually, so any strings get a consistent order.
func Compare(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		if c := comparePart(pa[i], pb[i]); c != 0 {
			return c
		}
	}
	return cmp.Compare(len(pa), len(pb))
}

func comparePart(a, b string) int {
	na, errA := strconv.ParseUint(a, 10, 64)
	nb, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		if c := cmp.Compare(na, nb); c != 0 {
			return c
		}
		return strings.Compare(a, b) // "01" and "1": keep the order total
	case errA == nil:
		return -1
	case errB == nil:
		return 1
	}
	return strings.Compare(a, b)
}

func (c Criterion) clone() Criterion {
	c.ACT = slices.Clone(c.ACT)
	return c
}
