package crawl

import (
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testSite is a hostile career site served on loopback: templates in
// Swedish and English, robots.txt with Disallow and Sitemap lines, a
// gzipped sitemap index, redirects (one looping, one endless chain), 404,
// 500, a page slower than the timeout, an endless calendar, endless
// pagination, session ids and tracking parameters, documents, a SPA
// shell, and privacy, statement and contact pages in both languages.
type testSite struct {
	srv     *httptest.Server
	shuffle bool // shuffle link order on every response

	mu        sync.Mutex
	hits      map[string]int // normalised URL → requests
	badAgents []string       // User-Agents not naming Granska
	onHit     func(u string) // called (outside mu) on every request
}

var jobs = []string{"ux-designer", "testare", "backendutvecklare", "produktagare", "systemarkitekt", "supporttekniker", "ekonom", "hr-partner", "saljare", "data-analytiker", "projektledare", "kock"}

var news = []string{"vi-vaxer-i-goteborg", "nytt-kontor", "arets-arbetsgivare", "hackathon-2025", "sommarjobb", "ny-vd"}

func newTestSite(t testing.TB) *testSite {
	s := &testSite{hits: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *testSite) url(p string) string { return s.srv.URL + p }

func (s *testSite) hitCount(p string) int {
	n, _ := Normalize(s.url(p), nil)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[n]
}

// page writes an HTML page with a site-wide header (search form) and
// footer (privacy, statement and contact links).
func (s *testSite) page(w http.ResponseWriter, title string, links [][2]string, extra string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	all := append([][2]string{}, links...)
	all = append(all,
		[2]string{"/integritetspolicy", "Integritetspolicy"},
		[2]string{"/tillganglighet", "Tillgänglighet"},
		[2]string{"/kontakt", "Kontakt"},
		[2]string{"#main", "Hoppa till innehållet"},
		[2]string{"/cookies", "Cookies"},
	)
	if s.shuffle {
		rand.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html lang=sv><head><title>%s</title></head><body>", html.EscapeString(title))
	b.WriteString(`<header><form role="search" action="/sok"><label>Sök <input type="search" name="q"></label></form></header><main id="main">`)
	for _, l := range all {
		fmt.Fprintf(&b, `<a href="%s">%s</a> `, html.EscapeString(l[0]), html.EscapeString(l[1]))
	}
	b.WriteString(extra)
	b.WriteString("</main></body></html>")
	w.Write([]byte(b.String()))
}

func (s *testSite) serve(w http.ResponseWriter, r *http.Request) {
	if n, err := Normalize(s.srv.URL+r.URL.RequestURI(), nil); err == nil {
		s.mu.Lock()
		s.hits[n]++
		if !strings.HasPrefix(r.UserAgent(), "Granska/") {
			s.badAgents = append(s.badAgents, r.UserAgent())
		}
		hook := s.onHit
		s.mu.Unlock()
		if hook != nil {
			hook(n)
		}
	}
	p := strings.TrimSuffix(r.URL.Path, "/")
	if p == "" {
		p = "/"
	}
	q := r.URL.Query()
	switch {
	case p == "/robots.txt":
		fmt.Fprintf(w, "User-agent: *\nDisallow: /privat/\n\nUser-agent: Granska\nDisallow: /privat/\nDisallow: /ej-granska\n\nSitemap: %s/sitemap_index.xml.gz\n", s.srv.URL)
	case p == "/sitemap_index.xml.gz":
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(gz(fmt.Sprintf(`<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%[1]s/sitemap-sidor.xml</loc></sitemap><sitemap><loc>%[1]s/sitemap-jobb.xml.gz</loc></sitemap></sitemapindex>`, s.srv.URL)))
	case p == "/sitemap-sidor.xml":
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>%[1]s/endast-i-sitemap</loc></url><url><loc>%[1]s/om-oss</loc></url><url><loc>https://other.example/x</loc></url>
<url><loc>%[1]s/dokument/tillganglighetsplan.pdf</loc></url></urlset>`, s.srv.URL)
	case p == "/sitemap-jobb.xml.gz":
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i, j := range jobs {
			fmt.Fprintf(&b, "<url><loc>%s/jobb/%d-%s</loc></url>", s.srv.URL, 101+i, j)
		}
		fmt.Fprintf(&b, "<url><loc>%s/privat/lista</loc></url></urlset>", s.srv.URL)
		w.Write(gz(b.String()))
	case p == "/":
		s.page(w, "Företaget – Karriär", [][2]string{
			{"/jobb", "Lediga jobb"}, {"/om-oss", "Om oss"}, {"/kontakt", "Kontakta oss"},
			{"/tillganglighet", "Tillgänglighetsredogörelse"}, {"/en/", "English"}, {"/nyheter", "Nyheter"},
			{"/kalender/2026/11/23", "Kalender"}, {"/jobb?utm_source=nyhetsbrev&utm_medium=epost", "Jobb (kampanj)"},
			{"/jobb/?fbclid=abc123", "Jobb (facebook)"}, {"mailto:jobb@example.se", "Mejla oss"},
			{"tel:+46812345", "Ring oss"}, {"javascript:void(0)", "Meny"},
			{"/dokument/arsredovisning.pdf", "Årsredovisning (PDF)"}, {"/dokument/policy.docx", "Policy (Word)"},
			{"/ladda-ner?id=5", "Ladda ner broschyr"}, {"/bild.png", "Bild"},
			{"https://example.org/extern", "Extern länk"}, {"/gammal-sida", "Gammal sida"},
			{"/loop-a", "Loop"}, {"/kedja/1", "Kedja"}, {"/saknas", "Saknad sida"}, {"/trasig", "Trasig sida"},
			{"/seg", "Seg sida"}, {"/privat/hemlig", "Privat"}, {"/ej-granska", "Ej för Granska"},
			{"/sok?q=test&PHPSESSID=" + strconv.Itoa(rand.IntN(1e9)), "Sök"},
			{"/butik;jsessionid=" + strconv.Itoa(rand.IntN(1e9)), "Butik"},
			{"/app", "App"}, {"https://cdn.example.org/broschyr.pdf", "Broschyr (extern PDF)"},
		}, "")
	case p == "/jobb" && len(q) == 0:
		s.page(w, "Lediga jobb", jobLinks(1, [][2]string{{"/jobb?page=2", "Nästa sida"}, {"/jobb?ort=stockholm", "Stockholm"}, {"/jobb?ort=goteborg", "Göteborg"}}), "")
	case p == "/jobb":
		n, _ := strconv.Atoi(q.Get("page"))
		n = max(n, 1)
		s.page(w, "Lediga jobb – sida "+strconv.Itoa(n), jobLinks(n, [][2]string{{"/jobb?page=" + strconv.Itoa(n+1), "Nästa sida"}}), "")
	case strings.HasPrefix(p, "/jobb/") && strings.HasSuffix(p, "/ansok"):
		s.page(w, "Ansök", nil, `<form method="post" action="`+p+`"><label>Namn <input name="namn"></label>
<label>E-post <input type="email" name="epost"></label><label>Telefon <input type="tel" name="telefon"></label>
<label>CV <input type="file" name="cv"></label><label>Brev <textarea name="brev"></textarea></label>
<label><input type="checkbox" name="gdpr" required> Jag godkänner</label><button>Skicka</button></form>`)
	case strings.HasPrefix(p, "/jobb/"):
		s.page(w, "Jobb – Företaget", [][2]string{{p + "/ansok", "Ansök"}, {"/jobb", "Alla jobb"}}, "")
	case p == "/nyheter":
		var l [][2]string
		for _, n := range news {
			l = append(l, [2]string{"/nyheter/" + n, n})
		}
		s.page(w, "Nyheter", l, "")
	case strings.HasPrefix(p, "/nyheter/"):
		s.page(w, "Nyhet", [][2]string{{"/nyheter", "Alla nyheter"}}, "")
	case strings.HasPrefix(p, "/kalender/"):
		d, err := time.Parse("2006/01/02", strings.TrimPrefix(p, "/kalender/"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		s.page(w, "Kalender", [][2]string{{d.AddDate(0, 0, 1).Format("/kalender/2006/01/02"), "Nästa dag"}}, "")
	case p == "/kontakt":
		s.page(w, "Kontakta oss", nil, `<form method="post" action="/kontakt"><input name="namn"><input type="email" name="epost"><textarea name="meddelande"></textarea><button>Skicka</button></form>`)
	case p == "/integritetspolicy":
		s.page(w, "Integritetspolicy", nil, "")
	case p == "/cookies":
		s.page(w, "Om kakor", nil, "")
	case p == "/tillganglighet":
		s.page(w, "Tillgänglighetsredogörelse för Företaget", nil, "")
	case p == "/en":
		s.page(w, "Company – Careers", [][2]string{{"/en/jobs", "Jobs"}, {"/en/privacy-policy", "Privacy policy"},
			{"/en/accessibility-statement", "Accessibility statement"}, {"/en/contact", "Contact us"}}, "")
	case p == "/en/jobs":
		s.page(w, "Jobs", nil, "")
	case p == "/en/privacy-policy":
		s.page(w, "Privacy policy", nil, "")
	case p == "/en/accessibility-statement":
		s.page(w, "Accessibility statement", nil, "")
	case p == "/en/contact":
		s.page(w, "Contact us", nil, `<form action="/en/contact" method="post"><input name="name"><textarea name="message"></textarea></form>`)
	case p == "/om-oss", p == "/endast-i-sitemap", p == "/sok", p == "/butik":
		s.page(w, "Sida "+p, nil, "")
	case p == "/app":
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<!doctype html><title>App</title><div id=root></div><script>/* renders /app/steg-1 and /app/steg-2 */</script>`))
	case strings.HasPrefix(p, "/app/"):
		s.page(w, "App-steg", nil, "")
	case p == "/ladda-ner":
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(make([]byte, 1<<20))
	case p == "/gammal-sida":
		http.Redirect(w, r, "/om-oss/", http.StatusMovedPermanently)
	case p == "/loop-a":
		http.Redirect(w, r, "/loop-b", http.StatusFound)
	case p == "/loop-b":
		http.Redirect(w, r, "/loop-a", http.StatusFound)
	case strings.HasPrefix(p, "/kedja/"):
		n, _ := strconv.Atoi(strings.TrimPrefix(p, "/kedja/"))
		http.Redirect(w, r, "/kedja/"+strconv.Itoa(n+1), http.StatusFound)
	case p == "/trasig":
		http.Error(w, "boom", http.StatusInternalServerError)
	case p == "/seg":
		// Never answers: the client's PageTimeout ends the request.
		select {
		case <-time.After(time.Minute):
		case <-r.Context().Done():
		}
	case p == "/privat/hemlig", p == "/ej-granska", p == "/privat/lista":
		s.page(w, "Hemligt", nil, "")
	default:
		http.NotFound(w, r)
	}
}

// jobLinks lists the jobs on list page n (four per page; none after
// page 3) plus extra links.
func jobLinks(n int, extra [][2]string) [][2]string {
	var l [][2]string
	for i := (n - 1) * 4; i < n*4 && i < len(jobs); i++ {
		l = append(l, [2]string{fmt.Sprintf("/jobb/%d-%s?utm_campaign=lista", 101+i, jobs[i]), jobs[i]})
	}
	return append(l, extra...)
}
