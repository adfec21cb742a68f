package dom

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"  Jag  SAMTYCKER\u00a0till ": "jag samtycker till",
		"Tilla\u030agen o\u0308ver":   "tillågen över",
		"Don\u2019t accept":           "don't accept",
		"Läs\u00admer":                "läsmer",
		"INTEGRITETSPOLICY – här":     "integritetspolicy - här",
		"Re\u0301sume\u0301":          "résumé",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPhrases(t *testing.T) {
	p := NewPhrases("här", "läs mer", "samtyck*", "ok", "opt-in")
	cases := []struct {
		text string
		hit  string // "" for no match
	}{
		{"klicka här.", "här"},
		{"härifrån", ""}, // \b would not see the boundary after "r" in "här"+"ifrån"? it must not match
		{"utanhär", ""},  // no boundary before
		{"(här)", "här"},
		{"läs mer om oss", "läs mer"},
		{"jag samtycker till", "samtycker"},
		{"samtycket", "samtycket"},
		{"osamtycke", ""},
		{"ok", "ok"},
		{"book", ""},
		{"okej", ""},
		{"i opt-in to", "opt-in"},
		{"ö ok ö", "ok"},
		{"åok", ""},
	}
	for _, c := range cases {
		h, ok := p.Find(Fold(c.text))
		if c.hit == "" {
			if ok {
				t.Errorf("%q: unexpected match %q", c.text, h.Text)
			}
			continue
		}
		if !ok || h.Text != c.hit {
			t.Errorf("%q: got %q (%v), want %q", c.text, h.Text, ok, c.hit)
		}
	}
	if !NewPhrases("läs mer").Equal(Fold("Läs mer.")) || NewPhrases("läs mer").Equal(Fold("Läs mer om kakor")) {
		t.Error("Equal")
	}
}

func FuzzPhrases(f *testing.F) {
	f.Add("Jag samtycker till här och läs mer")
	f.Add("a\u030a\u0308")
	p := NewPhrases("här", "samtyck*", "a")
	f.Fuzz(func(t *testing.T, s string) {
		fs := Fold(s)
		if h, ok := p.Find(fs); ok && (h.At < 0 || h.At+len(h.Text) > len(fs)) {
			t.Fatalf("hit out of range: %+v in %q", h, fs)
		}
		_ = Excerpt(fs, len(fs)/2, 20)
	})
}
