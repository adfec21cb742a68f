package crawl

import (
	"testing"
)

func TestTemplateKey(t *testing.T) {
	cases := map[string]string{
		"https://x.se/":                                       "/",
		"https://x.se/about":                                  "/about",
		"https://x.se/jobs/123-ux-designer":                   "/jobs/{id}",
		"https://x.se/jobs/456-tester/":                       "/jobs/{id}",
		"https://x.se/jobs/456":                               "/jobs/{id}",
		"https://x.se/calendar/2026/11/23":                    "/calendar/{id}/{id}/{id}",
		"https://x.se/events/2026-11-23":                      "/events/{id}",
		"https://x.se/u/550e8400-e29b-41d4-a716-446655440000": "/u/{id}",
		"https://x.se/p/7f9c2ba4e88f827d.html":                "/p/{id}.html",
		"https://x.se/p/42.html":                              "/p/{id}.html",
		"https://x.se/r/annual-report-2024":                   "/r/{id}",
		"https://x.se/t/aZ3kQ9mP2xL7vB4n":                     "/t/{id}",
		"https://x.se/jobs?page=2":                            "/jobs?page={n}",
		"https://x.se/jobs?page=2&q=ux&utm_source=x":          "/jobs?page={n}&q={v}",
		"https://x.se/jobs?b=1&a=x&a=y":                       "/jobs?a={v}&b={n}",
		"https://x.se/search?q=":                              "/search?q",
		"https://x.se/jobs/tester":                            "/jobs/tester",
		"https://x.se/deadbeef":                               "/deadbeef",
		"https://x.se/3d-printing":                            "/3d-printing",
		"https://x.se/v2/api":                                 "/v2/api",
		"mailto:x@y":                                          "",
	}
	for in, want := range cases {
		if got := TemplateKey(in); got != want {
			t.Errorf("TemplateKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestGroupShapes(t *testing.T) {
	urls := []string{
		"/about", "/contact", "/privacy", "/jobs", "/news", "/careers", // top level: never merged
		"/en/about", "/en/contact", "/en/privacy", "/en/jobs", "/en/news", // locale root: never merged
		"/jobs/ux-designer", "/jobs/tester", "/jobs/backend-developer", "/jobs/designer", "/jobs/product-owner",
		"/jobs/ux-designer/apply", "/jobs/tester/apply",
		"/jobs/{id}",
		"/team/anna", "/team/bo", "/team/cia", // only 3 siblings: kept
		"/en/jobs/ux-designer", "/en/jobs/tester", "/en/jobs/a", "/en/jobs/b", "/en/jobs/c",
	}
	keys := map[string]shape{}
	for _, u := range urls {
		keys[u] = parseShape("", u)
	}
	got := groupShapes(keys)
	want := map[string]string{
		"/about":                  "/about",
		"/contact":                "/contact",
		"/en/about":               "/en/about",
		"/en/contact":             "/en/contact",
		"/jobs/ux-designer":       "/jobs/{slug}",
		"/jobs/tester":            "/jobs/{slug}",
		"/jobs/ux-designer/apply": "/jobs/{slug}/apply",
		"/jobs/{id}":              "/jobs/{id}",
		"/team/anna":              "/team/anna",
		"/en/jobs/tester":         "/en/jobs/{slug}",
	}
	for in, w := range want {
		if got[in] != w {
			t.Errorf("group(%q) = %q, want %q", in, got[in], w)
		}
	}
}

func TestScoreText(t *testing.T) {
	cases := []struct {
		text string
		want cueScores
	}{
		{"Integritetspolicy", cueScores{2, 0, 0}},
		{"Hantering av personuppgifter", cueScores{2, 0, 0}},
		{"Cookies", cueScores{1, 0, 0}},
		{"Privacy policy", cueScores{2, 0, 0}},
		{"Tillgänglighetsredogörelse", cueScores{0, 2, 0}},
		{"tillganglighet", cueScores{0, 1, 0}},
		{"Accessibility statement", cueScores{0, 2, 0}},
		{"Kontakta oss", cueScores{0, 0, 2}},
		{"Contact us", cueScores{0, 0, 2}},
		{"Lediga jobb", cueScores{}},
		{"/om-oss/tillganglighetsredogorelse", cueScores{0, 2, 0}},
		{"/en/accessibility-statement", cueScores{0, 2, 0}},
	}
	for _, c := range cases {
		// The default sample's cues; the WAD sample's are in wad_test.go.
		if got := scoreText(c.text); [numDefaultCues]uint8(got[:numDefaultCues]) != [numDefaultCues]uint8(c.want[:numDefaultCues]) {
			t.Errorf("scoreText(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestParsePage(t *testing.T) {
	body := []byte(`<!doctype html><html><head><title>Kontakt – Företaget</title><base href="/sv/"></head>
<body><svg><title>icon</title></svg>
<a href="jobb">Lediga <b>jobb</b></a>
<a href="/privacy" aria-label="Privacy policy">P</a>
<a href="/x"><img alt="Tillgänglighet"></a>
<map><area href="/area" alt="Area link"></map>
<form role="search" action="/sok"><input type="search" name="q"><input type="hidden" name="csrf"></form>
<form method="POST" action="/apply"><input name="name"><select name="country"></select><textarea name="letter"></textarea><button>Send</button></form>
<form action="/empty"><input type="submit"></form>
<input type="email" name="newsletter">
<script>var a = "<a href='/nope'>";</script>
</body></html>`)
	pf := parsePage(body)
	if pf.title != "Kontakt – Företaget" {
		t.Errorf("title = %q", pf.title)
	}
	if pf.base != "/sv/" {
		t.Errorf("base = %q", pf.base)
	}
	want := []rawLink{{"jobb", "Lediga jobb"}, {"/privacy", "Privacy policy"}, {"/x", "Tillgänglighet"}, {"/area", "Area link"}}
	if len(pf.links) != len(want) {
		t.Fatalf("links = %q, want %q", pf.links, want)
	}
	for i := range want {
		if pf.links[i] != want[i] {
			t.Errorf("link %d = %q, want %q", i, pf.links[i], want[i])
		}
	}
	if len(pf.forms) != 3 {
		t.Fatalf("forms = %+v, want search, apply and orphan field", pf.forms)
	}
	if !pf.forms[2].orphan || pf.forms[1].method != "post" || len(pf.forms[1].fields) != 3 {
		t.Errorf("forms = %+v", pf.forms)
	}
}
