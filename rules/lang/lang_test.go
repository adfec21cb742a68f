package lang

import "testing"

func TestValidTag(t *testing.T) {
	for in, want := range map[string]bool{
		"en": true, "FR": true, "en-US-GB": true, "sv-SE": true, "se": true, "fil": true, " sv ": true,
		"em-US": false, "#1": false, "eng": false, "swe": false, "i-lux": false, "dutch": false, "": false, "  ": false, "xx": false,
	} {
		if ok, _ := ValidTag(in); ok != want {
			t.Errorf("ValidTag(%q) = %v, want %v", in, ok, want)
		}
	}
}

func TestIdentify(t *testing.T) {
	for _, c := range []struct {
		text, declared, verdict, detected string
	}{
		{"Vi söker en utvecklare som vill arbeta med tillgänglighet och du har erfarenhet av webben.", "sv", Matches, "sv"},
		{"We are looking for a developer who wants to work with accessibility and has built services for the web.", "sv", Mismatch, "en"},
		{"We are looking for a developer who wants to work with accessibility and has built services for the web.", "en", Matches, "en"},
		{"Hij ging met de kippen op stok, maar het is niet zo", "en", Mismatch, "nl"},
		{"Välkommen!", "en", Unclear, ""},
		{"Kiruna, Luleå, Umeå", "sv", Unclear, ""},
	} {
		v, d := Identify(c.text).Against(c.declared)
		if v != c.verdict || d != c.detected {
			t.Errorf("Identify(%q).Against(%s) = %s, %s; want %s, %s", c.text, c.declared, v, d, c.verdict, c.detected)
		}
	}
}
