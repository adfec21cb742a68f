package structure

import "testing"

func TestListLike(t *testing.T) {
	yes := [][]string{
		{"• Ett", "• Två", "• Tre"},
		{"1. Skicka", "2. Vänta", "3. Träffas"},
		{"a) first", "b) second", "c) third"},
		{"- x", "- y", "- z"},
	}
	no := [][]string{
		{"• Ett", "• Två"},
		{"1. Skicka", "3. Vänta", "4. Träffas"},
		{"• Ett", "- Två", "• Tre"},
		{"Ett", "Två", "Tre"},
		{"2024. A year", "2025. Another", "2026. More"},
	}
	for _, l := range yes {
		if !listLike(l) {
			t.Errorf("%q not taken for a list", l)
		}
	}
	for _, l := range no {
		if listLike(l) {
			t.Errorf("%q taken for a list", l)
		}
	}
}
