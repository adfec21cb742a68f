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
		"/nyheter/100":    {ReasonService},
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
	// One /nyheter/{id} page is the service sample of its type; the rest
	// are candidates for the random 10%.
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
