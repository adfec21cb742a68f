package forms

import "testing"

// Hints in wordings the fixtures do not use, in several languages, and
// text near fields that is no hint.
func TestHintKind(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"Format: DD/MM/YYYY", "format"},
		{"åååå-mm-dd", "format"},
		{"Skriv personnumret som ÅÅMMDD-XXXX", "format"},
		{"TT.MM.JJJJ", "format"},
		{"hh:mm", "format"},
		{"Use 12 or more characters", "limit"},
		{"At least 12 characters, one of them a digit", "limit"},
		{"Högst 300 tecken", "limit"},
		{"Filen får vara max 10 MB", "limit"},
		{"Mindestens 8 Zeichen", "limit"},
		{"Accepted: .pdf, .docx", "file-types"},
		{"PDF, 2 MB", "file-types"},
		{"t.ex. 0701234567", "example"},
		{"e.g. 123 45", "example"},
		{"We reply within 3 days.", ""},
		{"Mr and Mrs Smith", ""},
		{"MM", ""},
		{"Vi har 40 kontor i landet", ""},
	} {
		if got := hintKind(c.text); got != c.want {
			t.Errorf("hintKind(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}
