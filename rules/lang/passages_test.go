package lang

import "testing"

func TestIdentifyPassage(t *testing.T) {
	cases := []struct{ text, want string }{
		{"Vi söker en erfaren utvecklare som vill arbeta med våra system för e-handel och betalningar.", "sv"},
		{"We are looking for an experienced developer who wants to work with our payment systems.", "en"},
		{"Wir suchen einen erfahrenen Entwickler, der mit unseren Systemen für Zahlungen arbeiten möchte.", "de"},
		{"Etsimme kokenutta kehittäjää, joka haluaa työskennellä maksujärjestelmiemme parissa.", "fi"},
	}
	for _, c := range cases {
		got := IdentifyPassage(c.text)
		if got.Lang != c.want || !got.Reliable {
			t.Errorf("IdentifyPassage(%q) = %+v, want %s (reliable)", c.text, got, c.want)
		}
	}
	if got := IdentifyPassage("OK"); got.Reliable && got.Lang == "sv" {
		t.Errorf("two letters identified reliably as %s", got.Lang)
	}
}

func TestNormLang(t *testing.T) {
	for in, want := range map[string]string{"nb": "no", "NN": "no", "sv": "sv", "en": "en"} {
		if got := normLang(in); got != want {
			t.Errorf("normLang(%q) = %q, want %q", in, got, want)
		}
	}
}
