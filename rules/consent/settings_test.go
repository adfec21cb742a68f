package consent

import "testing"

// TestSettingsWords checks that a banner's "more choices" button is told
// from its accept and reject buttons in the languages the capture opens
// second layers in, with phrasings written for this test (none is a fixture
// label).
func TestSettingsWords(t *testing.T) {
	for _, c := range []struct{ label, want string }{
		{"Inställningar", "settings"},
		{"Anpassa dina val", "settings"},
		{"Hantera kakor", "settings"},
		{"Kakinställningar", "settings"},
		{"Mer information om cookies", "settings"},
		{"Manage preferences", "settings"},
		{"Cookie settings", "settings"},
		{"Customise choices", "settings"},
		{"Indstillinger", "settings"},
		{"Tilpas valg", "settings"},
		{"Innstillinger", "settings"},
		{"Tilpass informasjonskapsler", "settings"},
		{"Einstellungen", "settings"},
		{"Cookie-Einstellungen verwalten", "settings"},
		{"Individuelle Auswahl", "settings"},
		{"Godkänn alla", "accept"},
		{"Accept all cookies", "accept"},
		{"Alle akzeptieren", "accept"},
		{"Avvisa alla", "reject"},
		{"Nur notwendige", "reject"},
		{"Afvis alle", "reject"},
	} {
		if got := classifyLabel(c.label, false); got != c.want {
			t.Errorf("%q: got %s, want %s", c.label, got, c.want)
		}
	}
}
