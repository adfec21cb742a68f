package stem

import (
	"reflect"
	"testing"
)

func TestWords(t *testing.T) {
	got := Words("Spara mitt CV – för framtida tjänster! Don't e-post\u00a0NYHETSBREVET")
	want := []string{"spara", "mitt", "cv", "för", "framtida", "tjänster", "don't", "e", "post", "nyhetsbrevet"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
}

func TestSet(t *testing.T) {
	s := NewSet("spara*", "*nyhetsbrev*", "talent pool*", "*agent", "cv")
	cases := []struct {
		text, entry, match string
	}{
		{"Vi sparar ditt cv", "spara*", "sparar"},
		{"Prenumerera på veckonyhetsbrevet", "*nyhetsbrev*", "veckonyhetsbrevet"},
		{"Join our Talent Pools today", "talent pool*", "talent pools"},
		{"Skapa en jobbagent", "*agent", "jobbagent"},
		{"Bifoga CV:t", "cv", "cv"},
		{"Ingen träff här", "", ""},
		{"talent", "", ""},
	}
	for _, c := range cases {
		h, ok := s.Find(Words(c.text))
		if ok != (c.entry != "") || (ok && (h.Entry != c.entry || h.Text != c.match)) {
			t.Errorf("%q: got %+v %v, want %q %q", c.text, h, ok, c.entry, c.match)
		}
	}
}

func FuzzSet(f *testing.F) {
	f.Add("Spara mitt CV för framtida tjänster", "spara* *tjänst*")
	f.Fuzz(func(t *testing.T, text, entries string) {
		s := NewSet(entries)
		h, ok := s.Find(Words(text))
		if ok && h.At < 0 {
			t.Fatal("hit without index")
		}
	})
}
