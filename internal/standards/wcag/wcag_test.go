package wcag

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestCounts(t *testing.T) {
	all := All()
	if len(all) != 87 {
		t.Fatalf("len(All()) = %d, want 87", len(all))
	}
	levels := map[string]int{}
	versions := map[string]int{}
	for _, c := range all {
		if c.Obsolete {
			continue
		}
		levels[c.Level]++
		versions[c.Version]++
	}
	// WCAG 2.2: 86 active criteria.
	if levels["A"] != 31 || levels["AA"] != 24 || levels["AAA"] != 31 {
		t.Errorf("active by level = %v, want A 31, AA 24, AAA 31", levels)
	}
	if versions["2.0"] != 60 || versions["2.1"] != 17 || versions["2.2"] != 9 {
		t.Errorf("active by version = %v, want 2.0: 60, 2.1: 17, 2.2: 9", versions)
	}
}

func TestLookup(t *testing.T) {
	c, ok := Lookup("2.5.8")
	if !ok {
		t.Fatal("2.5.8 not found")
	}
	want := Criterion{
		ID: "2.5.8", Title: "Target Size (Minimum)", Level: "AA", Version: "2.2",
		Principle: "Operable", Guideline: "Input Modalities",
		URL: "https://www.w3.org/WAI/WCAG22/Understanding/target-size-minimum.html",
	}
	c.ACT = nil
	if !equal(c, want) {
		t.Errorf("Lookup(2.5.8) = %+v\nwant %+v", c, want)
	}

	p, ok := Lookup("4.1.1")
	if !ok || !p.Obsolete || p.Level != "" || p.Title != "Parsing" {
		t.Errorf("Lookup(4.1.1) = %+v, %v; want obsolete Parsing without level", p, ok)
	}
	if c, _ := Lookup(" 1.4.10 "); c.Title != "Reflow" || c.Version != "2.1" || c.Level != "AA" {
		t.Errorf("Lookup(1.4.10) = %+v", c)
	}
	if c, _ := Lookup("2.5.5"); c.Title != "Target Size (Enhanced)" || c.Level != "AAA" {
		t.Errorf("Lookup(2.5.5) = %+v", c)
	}
	if c, _ := Lookup("1.1.1"); !slices.Contains(c.ACT, "23a2a8") {
		t.Errorf("1.1.1 ACT = %v, want it to include 23a2a8 (image has non-empty accessible name)", c.ACT)
	}
	for _, id := range []string{"", "1.4", "1.4.14", "5.1.1", "wcag143", "1.4.3.1", "01.4.3"} {
		if _, ok := Lookup(id); ok {
			t.Errorf("Lookup(%q) found", id)
		}
	}
}

func equal(a, b Criterion) bool {
	return a.ID == b.ID && a.Title == b.Title && a.TitleSV == b.TitleSV && a.Level == b.Level &&
		a.Version == b.Version && a.Principle == b.Principle && a.Guideline == b.Guideline &&
		a.URL == b.URL && a.Obsolete == b.Obsolete && slices.Equal(a.ACT, b.ACT)
}

func TestFields(t *testing.T) {
	actRE := regexp.MustCompile(`^[0-9a-z]{6}$`)
	principles := map[string]string{"1": "Perceivable", "2": "Operable", "3": "Understandable", "4": "Robust"}
	guideline := map[string]string{}
	for _, c := range All() {
		parts := strings.Split(c.ID, ".")
		if principles[parts[0]] != c.Principle {
			t.Errorf("%s: principle %q", c.ID, c.Principle)
		}
		g := parts[0] + "." + parts[1]
		if prev, ok := guideline[g]; ok && prev != c.Guideline {
			t.Errorf("%s: guideline %q, earlier criteria of %s say %q", c.ID, c.Guideline, g, prev)
		}
		guideline[g] = c.Guideline
		if c.Title == "" || c.Guideline == "" {
			t.Errorf("%s: empty title or guideline", c.ID)
		}
		if !strings.HasPrefix(c.URL, "https://www.w3.org/WAI/WCAG22/Understanding/") || !strings.HasSuffix(c.URL, ".html") {
			t.Errorf("%s: URL %q", c.ID, c.URL)
		}
		for _, id := range c.ACT {
			if !actRE.MatchString(id) {
				t.Errorf("%s: malformed ACT id %q", c.ID, id)
			}
		}
		if c.Obsolete != (c.ID == "4.1.1") {
			t.Errorf("%s: obsolete %v", c.ID, c.Obsolete)
		}
	}
	if len(guideline) != 13 {
		t.Errorf("%d guidelines, want 13", len(guideline))
	}
}

func TestOrder(t *testing.T) {
	all := All()
	for i := 1; i < len(all); i++ {
		if Compare(all[i-1].ID, all[i].ID) >= 0 {
			t.Errorf("All() out of order: %s before %s", all[i-1].ID, all[i].ID)
		}
	}
	if all[0].ID != "1.1.1" || all[len(all)-1].ID != "4.1.3" {
		t.Errorf("All() runs %s..%s, want 1.1.1..4.1.3", all[0].ID, all[len(all)-1].ID)
	}
	pos := map[string]int{}
	for i, c := range all {
		pos[c.ID] = i
	}
	for _, pair := range [][2]string{{"1.4.9", "1.4.10"}, {"1.4.13", "2.1.1"}, {"2.4.10", "2.4.11"}, {"2.4.13", "2.5.1"}} {
		if pos[pair[0]] >= pos[pair[1]] {
			t.Errorf("%s not before %s", pair[0], pair[1])
		}
	}
}

func TestCompare(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"1.4.9", "1.4.10", -1},
		{"1.4.10", "1.4.9", 1},
		{"1.4.10", "1.4.10", 0},
		{"2.1.1", "1.4.13", 1},
		{"1.4", "1.4.1", -1},
		{"1.4.1", "1.4", 1},
		{"", "1.1.1", 1}, // not a number: after numbers
		{"1.4.x", "1.4.9", 1},
		{"1.4.x", "1.4.y", -1},
		{"1.4.01", "1.4.1", -1},
		{"9.1.4.10", "9.1.4.9", 1},
	}
	for _, c := range cases {
		if got := Compare(c.a, c.b); got != c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Compare(c.b, c.a); got != -c.want {
			t.Errorf("Compare(%q, %q) = %d, want %d", c.b, c.a, got, -c.want)
		}
	}
}

func TestCopies(t *testing.T) {
	c, _ := Lookup("1.1.1")
	c.ACT[0] = "changed"
	if c2, _ := Lookup("1.1.1"); c2.ACT[0] == "changed" {
		t.Error("Lookup shares ACT slices")
	}
	all := All()
	all[0].ACT[0] = "changed"
	if c2, _ := Lookup("1.1.1"); c2.ACT[0] == "changed" {
		t.Error("All shares ACT slices")
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	defer func() {
		if err := load(rawData); err != nil {
			t.Fatal(err)
		}
	}()
	for name, data := range map[string]string{
		"not json":      `[`,
		"empty":         `{"criteria":[]}`,
		"bad id":        `{"criteria":[{"id":"1.4","level":"A","version":"2.0"}]}`,
		"twice":         `{"criteria":[{"id":"1.1.1","level":"A","version":"2.0"},{"id":"1.1.1","level":"A","version":"2.0"}]}`,
		"bad level":     `{"criteria":[{"id":"1.1.1","level":"B","version":"2.0"}]}`,
		"obsolete lvl":  `{"criteria":[{"id":"4.1.1","level":"A","version":"2.0","obsolete":true}]}`,
		"bad version":   `{"criteria":[{"id":"1.1.1","level":"A","version":"3.0"}]}`,
		"missing level": `{"criteria":[{"id":"1.1.1","version":"2.0"}]}`,
	} {
		if err := load([]byte(data)); err == nil {
			t.Errorf("%s: load accepted it", name)
		}
	}
}
