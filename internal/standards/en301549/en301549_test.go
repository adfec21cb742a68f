package en301549

import (
	"slices"
	"strings"
	"testing"

	"github.com/granska/granska/internal/standards/wcag"
)

// The invariant the rule validation relies on: every WCAG Level A/AA success
// criterion has the clause 9.X.Y.Z, from V3.2.1 for WCAG 2.0/2.1 criteria and
// from V4.1.1 for WCAG 2.2 additions; AAA criteria have none.
func TestClauseMirrorsEveryAandAASC(t *testing.T) {
	for _, sc := range wcag.All() {
		c, ok := ForSC(sc.ID)
		level := sc.Level
		if sc.Obsolete {
			level = "A" // 4.1.1: Level A in WCAG 2.1, still clause 9.4.1.1
		}
		if level == "AAA" {
			if ok {
				t.Errorf("ForSC(%s) = %s for a Level AAA criterion", sc.ID, c.ID)
			}
			continue
		}
		if !ok {
			t.Errorf("ForSC(%s) found nothing for a Level %s criterion", sc.ID, level)
			continue
		}
		if c.ID != "9."+sc.ID || c.SC != sc.ID || c.Level != level || c.Kind != Requirement || c.Void {
			t.Errorf("ForSC(%s) = %+v", sc.ID, c)
		}
		wantEdition := EditionV321
		if sc.Version == "2.2" {
			wantEdition = EditionV411
		}
		if c.Edition != wantEdition {
			t.Errorf("%s: edition %s, want %s", c.ID, c.Edition, wantEdition)
		}
		if wantConfirmed := wantEdition == EditionV321 || c.ID == "9.2.5.8"; c.Confirmed != wantConfirmed {
			t.Errorf("%s: confirmed %v, want %v", c.ID, c.Confirmed, wantConfirmed)
		}
		if got, _ := Lookup(c.ID); got != c {
			t.Errorf("Lookup(%s) = %+v, ForSC gave %+v", c.ID, got, c)
		}
	}
}

// And the other way: every clause 9 requirement names a WCAG criterion whose
// number it carries.
func TestEveryClause9RequirementMirrorsSC(t *testing.T) {
	counts := map[string]int{}
	for _, c := range Clause9() {
		if c.Kind != Requirement {
			if c.SC != "" || c.Level != "" {
				t.Errorf("%s (%s) names SC %q level %q", c.ID, c.Kind, c.SC, c.Level)
			}
			continue
		}
		sc, ok := wcag.Lookup(c.SC)
		if !ok {
			t.Errorf("%s mirrors unknown SC %q", c.ID, c.SC)
			continue
		}
		if "9."+sc.ID != c.ID {
			t.Errorf("%s mirrors %s", c.ID, sc.ID)
		}
		counts[c.Edition+" "+c.Level]++
	}
	want := map[string]int{"V3.2.1 A": 30, "V3.2.1 AA": 20, "V4.1.1 A": 2, "V4.1.1 AA": 4}
	for k, n := range want {
		if counts[k] != n {
			t.Errorf("%s requirements: %d, want %d (all: %v)", k, counts[k], n, counts)
		}
	}
}

func TestVoid(t *testing.T) {
	var void []string
	for _, c := range Clause9() {
		if c.Void {
			void = append(void, c.ID)
			if c.Kind != Void || c.Title != "Void" || c.SC != "" || c.Edition != EditionV321 {
				t.Errorf("void clause %+v", c)
			}
		}
	}
	if want := []string{"9.1.4.6", "9.1.4.7", "9.1.4.8", "9.1.4.9", "9.2.1.3"}; !slices.Equal(void, want) {
		t.Errorf("void clause 9 = %v, want %v", void, want)
	}
	for _, id := range []string{"10.2.4.1", "10.3.2.4", "11.2.4.2", "11.3.1.2"} {
		if c, ok := Lookup(id); !ok || !c.Void {
			t.Errorf("Lookup(%s) = %+v, %v; want void", id, c, ok)
		}
	}
}

func TestLookup(t *testing.T) {
	cases := map[string]Clause{
		"9.1.4.3":  {ID: "9.1.4.3", Title: "Contrast (minimum)", Edition: EditionV321, SC: "1.4.3", Level: "AA", Confirmed: true, Kind: Requirement},
		"9.4.1.1":  {ID: "9.4.1.1", Title: "Parsing", Edition: EditionV321, SC: "4.1.1", Level: "A", Confirmed: true, Kind: Requirement},
		"9.2.5.8":  {ID: "9.2.5.8", Title: "Target Size (Minimum)", Edition: EditionV411, SC: "2.5.8", Level: "AA", Confirmed: true, Kind: Requirement},
		"9.3.3.8":  {ID: "9.3.3.8", Title: "Accessible Authentication (Minimum)", Edition: EditionV411, SC: "3.3.8", Level: "AA", Kind: Requirement},
		"9.1":      {ID: "9.1", Title: "Perceivable", Edition: EditionV321, Confirmed: true, Kind: Heading},
		"9.6":      {ID: "9.6", Title: "WCAG conformance requirements", Edition: EditionV321, Confirmed: true, Kind: Conformance},
		"10.2.4.2": {ID: "10.2.4.2", Title: "Document titled", Edition: EditionV321, SC: "2.4.2", Level: "A", Confirmed: true, Kind: Requirement},
		"10.5":     {ID: "10.5", Title: "Caption positioning", Edition: EditionV321, Confirmed: true, Kind: Requirement},
		"11.5.2":   {ID: "11.5.2", Title: "Accessibility services", Edition: EditionV321, Confirmed: true, Kind: Heading},
		"11.8.0":   {ID: "11.8.0", Title: "General (informative)", Edition: EditionV321, Confirmed: true, Kind: Informative},
	}
	for id, want := range cases {
		if got, ok := Lookup(" " + id); !ok || got != want {
			t.Errorf("Lookup(%s) = %+v, %v\nwant %+v", id, got, ok, want)
		}
	}
	for _, id := range []string{"", "9", "9.2.4.8", "1.4.3", "9.1.4.14", "12.1"} {
		if c, ok := Lookup(id); ok {
			t.Errorf("Lookup(%q) = %+v", id, c)
		}
	}
}

func TestForSC(t *testing.T) {
	for _, sc := range []string{"1.4.6", "2.4.8", "2.5.5", "3.3.9", "", "9.1.4.3", "1.4"} {
		if c, ok := ForSC(sc); ok {
			t.Errorf("ForSC(%q) = %s", sc, c.ID)
		}
	}
	if c, ok := ForSC("1.4.10"); !ok || c.ID != "9.1.4.10" {
		t.Errorf("ForSC(1.4.10) = %s, %v", c.ID, ok)
	}
}

func TestClause9Order(t *testing.T) {
	cs := Clause9()
	if len(cs) == 0 || cs[0].ID != "9.0" {
		t.Fatalf("Clause9 starts %v", cs[:min(1, len(cs))])
	}
	pos := map[string]int{}
	for i, c := range cs {
		if !strings.HasPrefix(c.ID, "9.") {
			t.Errorf("Clause9 holds %s", c.ID)
		}
		if i > 0 && wcag.Compare(cs[i-1].ID, c.ID) >= 0 {
			t.Errorf("Clause9 out of order: %s before %s", cs[i-1].ID, c.ID)
		}
		pos[c.ID] = i
	}
	for _, pair := range [][2]string{
		{"9.1.4.9", "9.1.4.10"}, {"9.2.4.7", "9.2.4.11"}, {"9.2.4.11", "9.2.5"},
		{"9.2.5.4", "9.2.5.7"}, {"9.3.3.4", "9.3.3.7"}, {"9.4.1.3", "9.5"}, {"9.5", "9.6"},
	} {
		if pos[pair[0]] >= pos[pair[1]] {
			t.Errorf("%s not before %s", pair[0], pair[1])
		}
	}
}

func TestEditions(t *testing.T) {
	if PresumptionEdition != EditionV321 {
		t.Errorf("PresumptionEdition = %s", PresumptionEdition)
	}
	if !strings.Contains(Presumption, EditionV321) || strings.Contains(Presumption, "\n") {
		t.Errorf("Presumption is not one line naming %s: %q", EditionV321, Presumption)
	}
	for _, c := range Clause9() {
		if c.Edition == EditionV411 && (c.Kind != Requirement || c.SC == "") {
			t.Errorf("V4.1.1 clause %+v", c)
		}
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	defer func() {
		if err := load(rawData); err != nil {
			t.Fatal(err)
		}
	}()
	row := func(s string) string { return `{"clauses":[` + s + `]}` }
	for name, data := range map[string]string{
		"not json":     `{`,
		"empty":        `{"clauses":[]}`,
		"bad id":       row(`{"id":"9.a","edition":"V3.2.1","kind":"heading"}`),
		"bad edition":  row(`{"id":"9.1","edition":"V2.1.2","kind":"heading"}`),
		"bad kind":     row(`{"id":"9.1","edition":"V3.2.1","kind":"chapter"}`),
		"void kind":    row(`{"id":"9.1.4.6","edition":"V3.2.1","kind":"void"}`),
		"sc no level":  row(`{"id":"9.1.1.1","edition":"V3.2.1","kind":"requirement","sc":"1.1.1"}`),
		"wrong mirror": row(`{"id":"9.1.1.1","edition":"V3.2.1","kind":"requirement","sc":"1.1.2","level":"A"}`),
		"heading sc":   row(`{"id":"9.1.1","edition":"V3.2.1","kind":"heading","sc":"1.1.1","level":"A"}`),
		"twice":        row(`{"id":"9.1","edition":"V3.2.1","kind":"heading"},{"id":"9.1","edition":"V3.2.1","kind":"heading"}`),
	} {
		if err := load([]byte(data)); err == nil {
			t.Errorf("%s: load accepted it", name)
		}
	}
}

// The label was written three times (report, CLI, catalogue); now once.
func TestLabel(t *testing.T) {
	for id, want := range map[string]string{"9.2.5.8": "9.2.5.8 (V4.1.1)", "9.1.1.1": "9.1.1.1", "9.9.9.9": "9.9.9.9"} {
		if got := Label(id); got != want {
			t.Errorf("Label(%q) = %q, want %q", id, got, want)
		}
	}
}
