package structure

import (
	"net/url"
	"testing"
)

func TestSiteLink(t *testing.T) {
	base, _ := url.Parse("https://jobb.example.se/sv/jobb?sida=2")
	for _, c := range []struct {
		href       string
		same, site bool
	}{
		{"#main", true, false},
		{"?sida=2#main", true, false},
		{"?sida=3", false, true},
		{"/sv/kontakt", false, true},
		{"https://jobb.example.se:8443/sv/jobb", false, false},
		{"http://jobb.example.se/sv/jobb?sida=2", true, false},
		{"https://example.org/", false, false},
		{"mailto:jobb@example.se", false, false},
	} {
		u, err := base.Parse(c.href)
		if err != nil {
			t.Fatal(err)
		}
		if got := samePage(base, u); got != c.same {
			t.Errorf("samePage(%q) = %v, want %v", c.href, got, c.same)
		}
		if got := siteLink(base, u); got != c.site {
			t.Errorf("siteLink(%q) = %v, want %v", c.href, got, c.site)
		}
	}
	if siteLink(base, nil) {
		t.Error("siteLink(nil) = true")
	}
}
