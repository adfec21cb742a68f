package crawl

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"
)

// wadSite serves a small public body's site: pages link to each other as
// the map says.
func wadSite(t *testing.T, pages map[string][]string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, ".pdf") {
			w.Header().Set("Content-Type", "application/pdf")
			return
		}
		links, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>%s</title>", r.URL.Path)
		for _, l := range links {
			text, href, _ := strings.Cut(l, "|")
			fmt.Fprintf(w, `<a href="%s">%s</a>`, href, text)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestWADSample(t *testing.T) {
	t.Parallel()
	nav := []string{"Logga in|/logga-in", "Kontakta oss|/kontakt", "Tillgänglighetsredogörelse|/tillganglighet",
		"Lämna synpunkter|/synpunkter", "Vanliga frågor|/fragor", "Integritetspolicy|/integritet", "Nyheter|/nyheter",
		"Årsredovisning|/dokument/arsredovisning.pdf"}
	pages := map[string][]string{"/": nav, "/logga-in": nil, "/kontakt": nil, "/tillganglighet": nil, "/synpunkter": nil,
		"/fragor": nil, "/integritet": nil}
	var news []string
	for i := range 30 {
		p := fmt.Sprintf("/nyheter/%d", 100+i)
		pages[p] = nil
		news = append(news, "Nyhet|"+p)
	}
	pages["/nyheter"] = news
	srv := wadSite(t, pages)
	cfg := Config{Start: []string{srv.URL + "/"}, Sample: SampleWAD, PageTimeout: 5 * time.Second}
	c := discover(t, cfg)
	s := c.WAD()
	got := map[string][]string{}
	for _, p := range s.Pages {
		got[strings.TrimPrefix(p.URL, srv.URL)] = p.Reasons
	}
	want := map[string][]string{
		"/":               {ReasonStart, ReasonHome},
		"/nyheter/100":    {ReasonLayout},
		"/logga-in":       {ReasonLogin},
		"/kontakt":        {ReasonContact},
		"/fragor":         {ReasonHelp},
		"/integritet":     {ReasonLegal, ReasonPrivacy},
		"/tillganglighet": {ReasonStatement},
		"/synpunkter":     {ReasonFeedback},
		"/nyheter":        {ReasonService},
	}
	random := 0
	for u, r := range got {
		if slices.Equal(r, []string{ReasonRandom}) {
			random++
			continue
		}
		if w, ok := want[u]; !ok || !slices.Equal(r, w) {
			t.Errorf("%s: reasons %v, want %v", u, r, w)
		}
	}
	// The news section is a type of service (its first page, /nyheter);
	// one /nyheter/{id} page is the sample of that layout; the rest are
	// candidates for the random 10%.
	if n := len(got) - random; n != len(want) || random != (n+9)/10 {
		t.Errorf("%d structured and %d random pages: %v", n, random, got)
	}
	if !slices.Equal(s.Missing, []string{ReasonSitemap}) {
		t.Errorf("missing %v, want [sitemap]", s.Missing)
	}
	if len(s.Documents) != 1 || !strings.HasSuffix(s.Documents[0].URL, "/dokument/arsredovisning.pdf") {
		t.Errorf("documents %v", s.Documents)
	}
	// Sample gives the same pages, and the same run gives the same sample.
	if !slices.EqualFunc(c.Sample(), s.Pages, func(a, b Target) bool { return a.URL == b.URL }) {
		t.Error("Sample differs from WAD().Pages")
	}
	c2 := discover(t, cfg)
	if !slices.EqualFunc(c2.WAD().Pages, s.Pages, func(a, b Target) bool { return a.URL == b.URL && slices.Equal(a.Reasons, b.Reasons) }) {
		t.Error("a second crawl sampled differently")
	}
}

func TestIsHome(t *testing.T) {
	for u, want := range map[string]bool{"https://a.se/": true, "https://a.se/sv": true, "https://a.se/en-gb/": true,
		"https://a.se/jobb": false, "https://a.se/?q=1": false, "https://a.se/s1": false} {
		if isHome(u) != want {
			t.Errorf("%s: %v", u, !want)
		}
	}
}

func TestWADCues(t *testing.T) {
	cases := map[string]int{"Logga in": cueLogin, "Mina sidor": cueLogin, "Sign in": cueLogin, "Webbplatskarta": cueSitemap,
		"Site map": cueSitemap, "Hjälp": cueHelp, "Frågor och svar": cueHelp, "FAQ": cueHelp, "Användarvillkor": cueLegal,
		"Legal notice": cueLegal, "Terms of use": cueLegal, "Lämna synpunkter": cueFeedback, "Report a problem": cueFeedback,
		"/sv/meddelandefunktion": cueFeedback}
	for text, k := range cases {
		if sc := scoreText(text); sc[k] != 2 {
			t.Errorf("%q: %v, want 2 at %d", text, sc, k)
		}
	}
	for _, text := range []string{"Lediga jobb", "Om oss", "Nyheter"} {
		if sc := scoreText(text); sc != (cueScores{}) {
			t.Errorf("%q: %v", text, sc)
		}
	}
}

// A type of service is a section of the site, a layout a URL template: the
// sample takes a page of every section, then one of every template no
// chosen page covers; query variants of a template are not new layouts.
func TestWADServiceAndLayout(t *testing.T) {
	t.Parallel()
	pages := map[string][]string{
		"/sv":                        {"Jobb|/sv/jobb", "Bygglov|/sv/tjanster/bygglov", "Nyheter|/sv/nyheter", "English|/en"},
		"/en":                        {"Jobs|/en/jobs"},
		"/en/jobs":                   nil,
		"/sv/tjanster/bygglov":       {"Ansök|/sv/tjanster/bygglov/ansok"},
		"/sv/tjanster/bygglov/ansok": nil,
		"/sv/nyheter":                {"Sida 2|/sv/nyheter?sida=2", "Sida 3|/sv/nyheter?sida=3"},
	}
	var jobs []string
	for i := range 8 {
		p := fmt.Sprintf("/sv/jobb/%d", 1200+i)
		pages[p] = nil
		jobs = append(jobs, "Jobb|"+p)
	}
	pages["/sv/jobb"] = jobs
	srv := wadSite(t, pages)
	c := discover(t, Config{Start: []string{srv.URL + "/sv"}, Sample: SampleWAD, PageTimeout: 5 * time.Second})
	got := map[string][]string{}
	for _, p := range c.WAD().Pages {
		if !slices.Equal(p.Reasons, []string{ReasonRandom}) {
			got[strings.TrimPrefix(p.URL, srv.URL)] = p.Reasons
		}
	}
	want := map[string][]string{
		"/sv":                        {ReasonStart, ReasonHome},
		"/en":                        {ReasonHome},
		"/sv/jobb":                   {ReasonService},
		"/en/jobs":                   {ReasonService},
		"/sv/nyheter":                {ReasonService},
		"/sv/tjanster/bygglov":       {ReasonService},
		"/sv/jobb/1200":              {ReasonLayout},
		"/sv/tjanster/bygglov/ansok": {ReasonLayout},
	}
	for u, w := range want {
		if !slices.Equal(got[u], w) {
			t.Errorf("%s: reasons %v, want %v", u, got[u], w)
		}
	}
	for u, r := range got {
		if _, ok := want[u]; !ok {
			t.Errorf("%s sampled for %v: a query variant or a second page of a covered layout", u, r)
		}
	}
}

func TestSection(t *testing.T) {
	for u, want := range map[string]string{
		"https://A.se/":               "a.se/",
		"https://a.se/sv":             "a.se/sv",
		"https://a.se/sv/jobb/12":     "a.se/jobb",
		"https://a.se/en-gb/jobs?x=1": "a.se/jobs",
		"https://a.se/jobb":           "a.se/jobb",
		"https://a.se/styrelse/2024":  "a.se/styrelse",
	} {
		if got := section(u); got != want {
			t.Errorf("section(%s) = %s, want %s", u, got, want)
		}
	}
}
