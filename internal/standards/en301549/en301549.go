// Package en301549 is the table of EN 301 549 clauses Granska reports
// against, with the edition each clause comes from.
//
// Clause 9 (web content) is complete for V3.2.1 (2021-03): clause 9.X.Y.Z
// requires WCAG 2.1 success criterion X.Y.Z, for every Level A and AA
// criterion (50 clauses, 9.4.1.1 Parsing included). Level AAA criteria have no
// clause; where one falls between A/AA criteria its number is kept by a Void
// clause (9.1.4.6–9.1.4.9, 9.2.1.3). EN 301 549 has no levels of its own:
// Clause.Level is the WCAG level of the mirrored criterion.
//
// The six criteria WCAG 2.2 added at Level A/AA get their V4.1.1 clause
// (9.2.4.11, 9.2.5.7, 9.2.5.8, 9.3.2.6, 9.3.3.7, 9.3.3.8) with Edition
// EditionV411. Those numbers follow the 9.+SC rule; only 9.2.5.8 is confirmed
// from a published source, and Clause.Confirmed says which.
//
// Clauses 10 (non-web documents) and 11 (software) are present with the
// numbers and titles of our reference notes, for reports that cite them;
// rules check web pages, which clause 9 covers.
//
// The data is en301549.json, embedded.
package en301549

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/granska/granska/internal/standards/wcag"
)

//go:embed en301549.json
var rawData []byte

// Editions of EN 301 549.
const (
	// EditionV321 is EN 301 549 V3.2.1 (2021-03), aligned with WCAG 2.1.
	EditionV321 = "V3.2.1"
	// EditionV411 is EN 301 549 V4.1.1, aligned with WCAG 2.2, published
	// 2026-09-02.
	EditionV411 = "V4.1.1"
)

// PresumptionEdition is the edition whose citation in the Official Journal of
// the EU gives presumption of conformity with the Web Accessibility
// Directive; [Presumption] says it in a sentence.
const PresumptionEdition = EditionV321

// Presumption is the one-line statement reports print about editions.
const Presumption = "EN 301 549 V3.2.1 gives presumption of conformity: V4.1.1 (aligned with WCAG 2.2), published 2 September 2026, was not yet cited in the Official Journal of the EU as of September 2026."

// Kind says what a clause is.
type Kind string

// Clause kinds.
const (
	// Heading groups the clauses below it (9.1 Perceivable, 9.1.1 Text
	// alternatives).
	Heading Kind = "heading"
	// Informative clauses require nothing (9.0, 9.5).
	Informative Kind = "informative"
	// Requirement clauses are what a product is tested against.
	Requirement Kind = "requirement"
	// Void clauses keep a number without a requirement.
	Void Kind = "void"
	// Conformance is 9.6, the WCAG conformance requirements at Level AA.
	Conformance Kind = "conformance"
)

// Clause is one numbered clause.
type Clause struct {
	// ID is the clause number, "9.1.4.3".
	ID string
	// Title is EN 301 549's own title ("Contrast (minimum)"); "Void" for
	// void clauses. The V4.1.1 clauses carry the WCAG 2.2 title, as their
	// EN wording was not available.
	Title string
	// Edition is EditionV321 or EditionV411.
	Edition string
	// SC is the WCAG success criterion the clause requires ("1.4.3"), or ""
	// when it mirrors none.
	SC string
	// Level is the WCAG level of SC, or "".
	Level string
	// Confirmed says the clause number is read in a published source (true
	// for all V3.2.1 clauses and for 9.2.5.8).
	Confirmed bool
	// Void marks a clause that keeps its number without a requirement.
	Void bool
	// Kind says what the clause is; Kind is Void exactly when Void is set.
	Kind Kind
}

type dataFile struct {
	Clauses []struct {
		ID        string `json:"id"`
		Title     string `json:"title"`
		Edition   string `json:"edition"`
		Kind      string `json:"kind"`
		SC        string `json:"sc"`
		Level     string `json:"level"`
		Confirmed bool   `json:"confirmed"`
		Void      bool   `json:"void"`
	} `json:"clauses"`
}

var (
	clauses []Clause // in numeric order
	index   map[string]int
	bySC    map[string]int // clause 9 requirement mirroring a WCAG SC
	idRE    = regexp.MustCompile(`^(?:[1-9][0-9]?)(?:\.[0-9]{1,2})*$`)
)

func init() {
	if err := load(rawData); err != nil {
		panic("en301549: embedded en301549.json: " + err.Error())
	}
}

func load(b []byte) error {
	var d dataFile
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	if len(d.Clauses) == 0 {
		return fmt.Errorf("no clauses")
	}
	cs := make([]Clause, 0, len(d.Clauses))
	for _, c := range d.Clauses {
		if !idRE.MatchString(c.ID) {
			return fmt.Errorf("malformed clause number %q", c.ID)
		}
		if c.Edition != EditionV321 && c.Edition != EditionV411 {
			return fmt.Errorf("%s: edition %q", c.ID, c.Edition)
		}
		k := Kind(c.Kind)
		switch k {
		case Heading, Informative, Requirement, Void, Conformance:
		default:
			return fmt.Errorf("%s: kind %q", c.ID, c.Kind)
		}
		if (k == Void) != c.Void {
			return fmt.Errorf("%s: kind %q but void %v", c.ID, k, c.Void)
		}
		if (c.SC == "") != (c.Level == "") {
			return fmt.Errorf("%s: sc %q with level %q", c.ID, c.SC, c.Level)
		}
		if c.SC != "" && k != Requirement {
			return fmt.Errorf("%s: a %s clause mirrors %s", c.ID, k, c.SC)
		}
		cs = append(cs, Clause{
			ID: c.ID, Title: c.Title, Edition: c.Edition, SC: c.SC, Level: c.Level,
			Confirmed: c.Confirmed, Void: c.Void, Kind: k,
		})
	}
	slices.SortFunc(cs, func(a, b Clause) int { return wcag.Compare(a.ID, b.ID) })
	idx := make(map[string]int, len(cs))
	sc := make(map[string]int)
	for i, c := range cs {
		if _, dup := idx[c.ID]; dup {
			return fmt.Errorf("%s twice", c.ID)
		}
		idx[c.ID] = i
		if isClause9(c.ID) && c.SC != "" {
			if "9."+c.SC != c.ID {
				return fmt.Errorf("%s mirrors %s: clause 9.X.Y.Z must mirror X.Y.Z", c.ID, c.SC)
			}
			sc[c.SC] = i
		}
	}
	clauses, index, bySC = cs, idx, sc
	return nil
}

func isClause9(id string) bool { return id == "9" || strings.HasPrefix(id, "9.") }

// Lookup returns the clause with the given number, from any of clauses 9, 10
// and 11.
func Lookup(id string) (Clause, bool) {
	i, ok := index[strings.TrimSpace(id)]
	if !ok {
		return Clause{}, false
	}
	return clauses[i], true
}

// ForSC returns the clause 9 requirement that mirrors WCAG success criterion
// sc: "9.1.4.3" for "1.4.3", "9.4.1.1" for the obsolete "4.1.1", and the
// V4.1.1 clause for a criterion WCAG 2.2 added ("9.2.5.8" for "2.5.8"). It
// returns false for Level AAA criteria and for unknown numbers.
func ForSC(sc string) (Clause, bool) {
	i, ok := bySC[strings.TrimSpace(sc)]
	if !ok {
		return Clause{}, false
	}
	return clauses[i], true
}

// Clause9 returns every clause 9 entry in numeric order (9.1.4.9 before
// 9.1.4.10): headings, informative clauses, requirements of both editions,
// void clauses and 9.6. Filter on Kind for the requirements alone.
func Clause9() []Clause {
	var out []Clause
	for _, c := range clauses {
		if isClause9(c.ID) {
			out = append(out, c)
		}
	}
	return out
}

// Label names a clause with its edition where that is not V3.2.1, the
// edition that gives presumption of conformity: "9.2.5.8 (V4.1.1)",
// "9.1.1.1". An unknown clause is returned as it is.
func Label(id string) string {
	if c, ok := Lookup(id); ok && c.Edition != EditionV321 {
		return id + " (" + c.Edition + ")"
	}
	return id
}
