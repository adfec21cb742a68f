package structure

import "testing"

func TestSpacedRun(t *testing.T) {
	for in, want := range map[string]string{
		"V Ä L K O M M E N till oss": "V Ä L K O M M E N",
		"s o m m a r":                "s o m m a r",
		"J o b b":                    "J o b b",
		"Betyg A B C D E":            "", // an alphabet run
		"S M L XL":                   "", // three single letters, then a word
		"a B c D":                    "", // mixed case is not a word
		"E 4 och E 12":               "",
		"A1 B2 C3 D4":                "",
		"V\u00a0Ä\u00a0L\u00a0J":     "V Ä L J",
	} {
		if got := spacedRun(in); got != want {
			t.Errorf("spacedRun(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTextColumns(t *testing.T) {
	for _, c := range []struct {
		in         string
		rows, cols int
	}{
		{"Ort      Dag\nUmeå     12\nLuleå    15\n", 3, 2},
		{"Ort      Dag\nUmeå     12\n", 0, 0},                              // two lines
		{"Pris   Antal\n  12       3\n 140      20\n", 3, 2},               // right-aligned numbers
		{"a  b\ncc   d\ne     f\n", 0, 0},                                  // not lined up
		{"Storgatan 12\n903 26 Umeå\nSverige\n", 0, 0},                     // single spaces
		{"x\tUmeå\ty\nz\tLuleå\tw\nq\tKiruna\tv\n", 0, 0},                  // tabs to uneven columns
		{"Namn   Ort\nAnna   Umeå\n\nBo     Luleå\nEva    Kiruna\n", 0, 0}, // a blank line breaks the run
	} {
		rows, cols := textColumns(c.in, 3)
		if rows != c.rows || cols != c.cols {
			t.Errorf("textColumns(%q) = %d, %d; want %d, %d", c.in, rows, cols, c.rows, c.cols)
		}
	}
}

func TestPlaceholderTitle(t *testing.T) {
	for in, want := range map[string]bool{
		"Untitled Document": true, "namnlöst dokument": true, "React App": true, "index.html": true,
		"jobb.php": true, "Dokument och blanketter": false, "Lediga jobb – Norrsken": false,
		".html": false, "Title of the page.": false,
	} {
		if got := placeholderTitle(in); got != want {
			t.Errorf("placeholderTitle(%q) = %v, want %v", in, got, want)
		}
	}
}
