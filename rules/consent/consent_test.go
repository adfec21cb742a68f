package consent

import (
	"reflect"
	"testing"
)

func TestClassify(t *testing.T) {
	cases := []struct {
		text     string
		consent  bool
		purposes []string
		distinct int
		terms    bool
	}{
		{"Jag samtycker till att ni sparar min ansökan i er kandidatbank för framtida tjänster.", true, []string{"talent_pool"}, 1, false},
		{"Jag godkänner villkoren och samtycker till att mina personuppgifter delas med samarbetspartners för marknadsföring.", true, []string{"marketing", "third_party"}, 2, true},
		{"Jag har läst och godkänner integritetspolicyn", true, nil, 0, false},
		{"I consent to you keeping my application in your talent pool for future vacancies.", true, []string{"talent_pool"}, 1, false},
		{"Kom ihåg mig", false, nil, 0, false},
		{"Remember me", false, nil, 0, false},
		{"Prenumerera på nyhetsbrevet", false, nil, 0, false},
		{"Skicka mig veckans recept", false, nil, 0, false},
	}
	for _, c := range cases {
		ctl := Control{Role: "checkbox"}
		got := classify(&ctl, classifyText(c.text), true, false)
		if got != c.consent {
			t.Errorf("%q: consent %v, want %v", c.text, got, c.consent)
			continue
		}
		if !got {
			continue
		}
		if !reflect.DeepEqual(ctl.Purposes, c.purposes) {
			t.Errorf("%q: purposes %v, want %v", c.text, ctl.Purposes, c.purposes)
		}
		if n := len(ctl.DistinctPurposes()); n != c.distinct {
			t.Errorf("%q: %d distinct purposes, want %d", c.text, n, c.distinct)
		}
		if (ctl.Terms != "") != c.terms {
			t.Errorf("%q: terms %q", c.text, ctl.Terms)
		}
	}
}

func TestClassifyLabel(t *testing.T) {
	for name, want := range map[string]string{
		"Godkänn alla kakor": "accept", "Godkänn inte": "reject", "Neka alla": "reject", "Endast nödvändiga": "reject",
		"Inställningar": "settings", "Välj själv": "settings", "Accept all": "accept", "Reject all": "reject",
		"Necessary only": "reject", "Let me choose": "settings", "OK": "accept", "Stäng": "close", "Kontakt": "other",
	} {
		if got := classifyLabel(name, false); got != want {
			t.Errorf("%q: %s, want %s", name, got, want)
		}
	}
}

func TestTrackers(t *testing.T) {
	for name, want := range map[string]bool{"_ga": true, "_ga_ABC123": true, "_gid": true, "_hjSessionUser_1": true, "session": false, "_gatsby": false, "_gat_UA1": true, "consent": false} {
		if got := trackerCookie(name); got != want {
			t.Errorf("cookie %q: %v", name, got)
		}
	}
	for u, want := range map[string]string{
		"https://www.google-analytics.com/g/collect?v=2": "google-analytics.com",
		"https://connect.facebook.net/en_US/fbevents.js": "facebook.net",
		"https://www.facebook.com/tr?id=1":               "facebook.com/tr",
		"https://example.com/analytics.js":               "",
		"https://notgoogletagmanager.com/x":              "",
	} {
		if got := trackerHost(u); got != want {
			t.Errorf("host %q: %q, want %q", u, got, want)
		}
	}
}

func TestSentences(t *testing.T) {
	got := sentences("vi använder kakor. by continuing to browse you agree to our use of cookies. ok")
	want := []string{"vi använder kakor.", "by continuing to browse you agree to our use of cookies.", "ok"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
}
