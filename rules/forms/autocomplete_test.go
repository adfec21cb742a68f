package forms

import "testing"

func TestParseAutocomplete(t *testing.T) {
	for in, want := range map[string]bool{
		"username": true, "Street-Address": true, "work email": true, "section-partner email": true,
		"section-primary billing address-line1": true, "section-primary shipping work email": true,
		"current-password webauthn": true, "mobile tel": true,
		"badname": false, "work photo": false, "work shipping email": false, "work,email": false,
		"shipping": false, "address-line1 address-line2": false, "work": false,
		"current-password webauthn invalid": false, "email invalid": false, "": false, "webauthn": false,
	} {
		if _, bad, ok := ParseAutocomplete(in); ok != want {
			t.Errorf("ParseAutocomplete(%q) = %v (token %q), want %v", in, ok, bad, want)
		}
	}
}

func FuzzParseAutocomplete(f *testing.F) {
	f.Add("section-a shipping home tel webauthn")
	f.Fuzz(func(t *testing.T, s string) {
		a, _, ok := ParseAutocomplete(s)
		if ok && fieldNames[a.Field] == "" {
			t.Errorf("valid without a field: %q", s)
		}
	})
}
