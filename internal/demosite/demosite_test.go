package demosite_test

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/granska/granska/internal/demosite"
)

var twins = []demosite.Twin{demosite.Broken, demosite.Fixed}

// allowedExternal are the only links to another host: the legally required link to the
// enforcement body in the accessibility statement and to the data protection authority
// in the privacy policy. They are plain links; nothing is ever loaded from them.
var allowedExternal = map[string]bool{
	"https://www.digg.se/tdosanmalan": true,
	"https://www.imy.se/":             true,
}

func newServer(t *testing.T, twin demosite.Twin) *httptest.Server {
	t.Helper()
	s, err := demosite.New(twin)
	if err != nil {
		t.Fatalf("New(%v): %v", twin, err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv
}

// noRedirect is a client that reports redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func get(t *testing.T, rawURL string) (*http.Response, []byte) {
	t.Helper()
	resp, err := noRedirect.Get(rawURL)
	if err != nil {
		t.Fatalf("GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", rawURL, err)
	}
	return resp, body
}

func getDoc(t *testing.T, rawURL string) *goquery.Document {
	t.Helper()
	resp, body := get(t, rawURL)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: status %d", rawURL, resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("GET %s: parse HTML: %v", rawURL, err)
	}
	return doc
}

func TestParseTwin(t *testing.T) {
	for in, want := range map[string]demosite.Twin{"broken": demosite.Broken, "Fixed": demosite.Fixed, " BROKEN ": demosite.Broken} {
		got, err := demosite.ParseTwin(in)
		if err != nil || got != want {
			t.Errorf("ParseTwin(%q) = %v, %v; want %v", in, got, err, want)
		}
		if got.String() != strings.ToLower(strings.TrimSpace(in)) {
			t.Errorf("%v.String() = %q", got, got.String())
		}
	}
	for _, in := range []string{"", "both", "fix"} {
		if _, err := demosite.ParseTwin(in); !errors.Is(err, demosite.ErrUnknownTwin) {
			t.Errorf("ParseTwin(%q) error = %v, want ErrUnknownTwin", in, err)
		}
	}
	if _, err := demosite.New(demosite.Twin(7)); !errors.Is(err, demosite.ErrUnknownTwin) {
		t.Errorf("New(7) error = %v, want ErrUnknownTwin", err)
	}
	rec := httptest.NewRecorder()
	demosite.Handler(demosite.Twin(0)).ServeHTTP(rec, httptest.NewRequest("GET", "/sv/", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Errorf("Handler(0) status = %d, want 500", rec.Code)
	}
}

func TestEveryPageRenders(t *testing.T) {
	paths := demosite.PagePaths()
	if len(paths) < 25 {
		t.Fatalf("PagePaths() has %d paths, want the sitemap plus forms and list variants", len(paths))
	}
	for _, twin := range twins {
		srv := newServer(t, twin)
		for _, p := range paths {
			resp, body := get(t, srv.URL+p)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%v %s: status %d", twin, p, resp.StatusCode)
				continue
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("%v %s: Content-Type %q", twin, p, ct)
			}
			if len(resp.Header.Values("Set-Cookie")) > 0 {
				t.Errorf("%v %s: the server sets cookies", twin, p)
			}
			doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
			if err != nil {
				t.Errorf("%v %s: %v", twin, p, err)
				continue
			}
			if doc.Find("#cookie-banner").Length() != 1 {
				t.Errorf("%v %s: want exactly one #cookie-banner", twin, p)
			}
			if doc.Find("header.site-header").Length() != 1 || doc.Find("footer.site-footer").Length() != 1 {
				t.Errorf("%v %s: header or footer missing", twin, p)
			}
		}
	}
}

func TestRedirectsAndNotFound(t *testing.T) {
	for _, twin := range twins {
		srv := newServer(t, twin)
		resp, _ := get(t, srv.URL+"/")
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/sv/" {
			t.Errorf("%v /: status %d, Location %q; want 302 to /sv/", twin, resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, _ = get(t, srv.URL+"/sv/jobb/101-fel-slug")
		if resp.StatusCode != http.StatusMovedPermanently || resp.Header.Get("Location") != "/sv/jobb/101-ux-designer" {
			t.Errorf("%v wrong slug: status %d, Location %q", twin, resp.StatusCode, resp.Header.Get("Location"))
		}
		for _, p := range []string{"/nope", "/en/nope", "/admin/", "/sv/jobb/999-x", "/en/jobs/102-drifttekniker-vindkraft",
			"/sv/ansok/999", "/en/apply/102", "/sv/jobb?page=99", "/sv/jobb?page=x", "/static/", "/static/img/", "/static/none.png"} {
			resp, body := get(t, srv.URL+p)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("%v %s: status %d, want 404", twin, p, resp.StatusCode)
				continue
			}
			if !strings.Contains(resp.Header.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte("<h1>")) {
				t.Errorf("%v %s: 404 is not the HTML error page", twin, p)
			}
		}
	}
}

func TestStaticContentTypes(t *testing.T) {
	srv := newServer(t, demosite.Fixed)
	for p, want := range map[string]string{
		"/static/img/hero.png":        "image/png",
		"/static/img/logo.svg":        "image/svg+xml",
		"/static/karta-kiruna.html":   "text/html; charset=utf-8",
		"/robots.txt":                 "text/plain; charset=utf-8",
		"/sitemap.xml":                "application/xml; charset=utf-8",
		"/sv/integritetspolicy":       "text/html; charset=utf-8",
		"/en/accessibility-statement": "text/html; charset=utf-8",
	} {
		resp, _ := get(t, srv.URL+p)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != want {
			t.Errorf("%s: status %d, Content-Type %q; want 200 %q", p, resp.StatusCode, resp.Header.Get("Content-Type"), want)
		}
	}
}

func TestHeroImage(t *testing.T) {
	raw, err := os.ReadFile("site/static/img/hero.png")
	if err != nil {
		t.Fatal(err)
	}
	if len(raw) >= 200<<10 {
		t.Errorf("hero.png is %d bytes, want < 200 KB", len(raw))
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1600 || b.Dy() != 600 {
		t.Errorf("hero.png is %v, want 1600x600 (the templates say so)", b)
	}
}

type sitemap struct {
	URLs []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

func TestSitemapAndRobots(t *testing.T) {
	for _, twin := range twins {
		srv := newServer(t, twin)
		_, body := get(t, srv.URL+"/sitemap.xml")
		var sm sitemap
		if err := xml.Unmarshal(body, &sm); err != nil {
			t.Fatalf("%v sitemap: %v", twin, err)
		}
		if n := len(sm.URLs); n < 15 || n > 30 {
			t.Errorf("%v sitemap has %d URLs, want 15–30 (with the login, sitemap, help and feedback pages)", twin, n)
		}
		var paths []string
		for _, u := range sm.URLs {
			pu, err := url.Parse(u.Loc)
			if err != nil || pu.Scheme+"://"+pu.Host != srv.URL {
				t.Errorf("%v sitemap URL %q is not on the request's host %s", twin, u.Loc, srv.URL)
				continue
			}
			if len(u.LastMod) != len("2006-01-02") {
				t.Errorf("%v sitemap URL %q: lastmod %q", twin, u.Loc, u.LastMod)
			}
			paths = append(paths, pu.RequestURI())
			if resp, _ := get(t, u.Loc); resp.StatusCode != http.StatusOK {
				t.Errorf("%v sitemap URL %s: status %d", twin, u.Loc, resp.StatusCode)
			}
		}
		if !slices.Equal(paths, demosite.SitemapPaths()) {
			t.Errorf("%v sitemap paths %v differ from SitemapPaths() %v", twin, paths, demosite.SitemapPaths())
		}

		_, robots := get(t, srv.URL+"/robots.txt")
		for _, want := range []string{"User-agent: *", "Disallow: /admin/", "Sitemap: " + srv.URL + "/sitemap.xml"} {
			if !bytes.Contains(robots, []byte(want+"\n")) {
				t.Errorf("%v robots.txt lacks the line %q:\n%s", twin, want, robots)
			}
		}
	}
}

// crawl follows every same-host link from the start page, as a crawler would, and
// returns the HTML pages it found (path plus query) with their parsed documents.
func crawl(t *testing.T, srv *httptest.Server) map[string]*goquery.Document {
	t.Helper()
	base, _ := url.Parse(srv.URL)
	pages := map[string]*goquery.Document{}
	queue := []string{"/sv/", "/en/"}
	queued := map[string]bool{"/sv/": true, "/en/": true}
	for len(queue) > 0 && len(pages) < 300 {
		p := queue[0]
		queue = queue[1:]
		resp, body := get(t, srv.URL+p)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("crawl: %s linked but status %d", p, resp.StatusCode)
			continue
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("crawl %s: %v", p, err)
		}
		pages[p] = doc
		doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
			href, _ := a.Attr("href")
			u, err := base.Parse(p)
			if err == nil {
				u, err = u.Parse(href)
			}
			if err != nil || u.Host != base.Host || strings.HasPrefix(u.Path, "/static/") {
				return
			}
			u.Fragment = ""
			key := u.RequestURI()
			if !queued[key] {
				queued[key] = true
				queue = append(queue, key)
			}
		})
	}
	return pages
}

func keys[M ~map[string]V, V any](m M) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestTwinsHaveTheSameURLs(t *testing.T) {
	broken := keys(crawl(t, newServer(t, demosite.Broken)))
	fixed := keys(crawl(t, newServer(t, demosite.Fixed)))
	if !slices.Equal(broken, fixed) {
		t.Errorf("the twins link to different pages:\nbroken: %v\nfixed:  %v", broken, fixed)
	}
	for _, p := range demosite.PagePaths() {
		if _, found := slices.BinarySearch(fixed, p); !found {
			t.Errorf("%s is not reachable by links from the home pages", p)
		}
	}
}

var cssURL = regexp.MustCompile(`url\(\s*['"]?([^'")]+)`)

func TestNoExternalURLs(t *testing.T) {
	for _, twin := range twins {
		srv := newServer(t, twin)
		base, _ := url.Parse(srv.URL)
		pages := crawl(t, srv)
		pages["/static/karta-kiruna.html"] = getDoc(t, srv.URL+"/static/karta-kiruna.html")
		for p, doc := range pages {
			check := func(what, ref string, isLink bool) {
				ref = strings.TrimSpace(ref)
				if ref == "" || strings.HasPrefix(ref, "#") {
					return
				}
				u, err := base.Parse(ref)
				if err != nil {
					t.Errorf("%v %s: %s %q does not parse: %v", twin, p, what, ref, err)
					return
				}
				switch u.Scheme {
				case "mailto", "tel":
					if !isLink {
						t.Errorf("%v %s: %s %q", twin, p, what, ref)
					}
					return
				case "http", "https":
				default:
					t.Errorf("%v %s: %s %q uses scheme %q", twin, p, what, ref, u.Scheme)
					return
				}
				if u.Host == base.Host {
					return
				}
				if !isLink || !allowedExternal[ref] {
					t.Errorf("%v %s: %s %q points to another host", twin, p, what, ref)
				}
			}
			doc.Find("[src], [href], [action], [formaction], [srcset], [poster], [data], [xlink\\:href]").Each(func(_ int, s *goquery.Selection) {
				tag := goquery.NodeName(s)
				for _, attr := range []string{"src", "href", "action", "formaction", "poster", "data", "xlink:href"} {
					if v, ok := s.Attr(attr); ok {
						check(tag+" "+attr, v, tag == "a" && attr == "href")
					}
				}
				if v, ok := s.Attr("srcset"); ok {
					for _, part := range strings.Split(v, ",") {
						check(tag+" srcset", strings.Fields(part + " x")[0], false)
					}
				}
			})
			css := doc.Find("style").Text()
			doc.Find("[style]").Each(func(_ int, s *goquery.Selection) { css += s.AttrOr("style", "") })
			for _, m := range cssURL.FindAllStringSubmatch(css, -1) {
				check("CSS url()", m[1], false)
			}
			if strings.Contains(css, "@import") {
				t.Errorf("%v %s: CSS @import", twin, p)
			}
		}
	}
}

// ruleIDs reads the rule ids of docs/rule-ids.md (the planned catalogue, rows
// "| family | id |") and of docs/rules.md (the catalogue generated from the code,
// rows "| `id` |"), if that exists.
func ruleIDs(t *testing.T) map[string]bool {
	t.Helper()
	ids := map[string]bool{}
	for file, row := range map[string]*regexp.Regexp{
		"../../docs/rule-ids.md": regexp.MustCompile(`^\|\s*[a-z]+\s*\|\s*([a-z0-9-]+)\s*\|`),
		"../../docs/rules.md":    regexp.MustCompile("^\\|\\s*`([a-z0-9-]+)`\\s*\\|"),
	} {
		f, err := os.Open(file)
		if errors.Is(err, fs.ErrNotExist) && strings.HasSuffix(file, "rules.md") {
			continue
		}
		if err != nil {
			t.Fatalf("read the rule catalogue: %v", err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if m := row.FindStringSubmatch(sc.Text()); m != nil {
				ids[m[1]] = true
			}
		}
		f.Close()
	}
	if len(ids) < 40 {
		t.Fatalf("found only %d rule ids in docs/", len(ids))
	}
	return ids
}

var families = map[string]bool{
	"page": true, "lang": true, "names": true, "aria": true, "structure": true, "forms": true,
	"color": true, "focus": true, "keyboard": true, "layout": true, "consent": true, "site": true,
}

func TestManifestEntries(t *testing.T) {
	barriers, err := demosite.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	proposed, err := demosite.ProposedRules()
	if err != nil {
		t.Fatal(err)
	}
	planned := ruleIDs(t)
	sc := regexp.MustCompile(`^[1-4]\.[1-9]\.[1-9][0-9]?$`)
	idRE := regexp.MustCompile(`^b[0-9]{2,3}$`)
	prev := ""
	used := map[string]bool{}
	perFamily := map[string]int{}
	for i, b := range barriers {
		if !idRE.MatchString(b.ID) || (prev != "" && (len(b.ID) < len(prev) || len(b.ID) == len(prev) && b.ID <= prev)) {
			t.Errorf("entry %d has id %q after %q: ids are bNN, ascending", i, b.ID, prev)
		}
		prev = b.ID
		if !planned[b.Rule] && proposed[b.Rule] == "" {
			t.Errorf("%s: rule %q is neither in docs/rule-ids.md nor in proposedRules", b.ID, b.Rule)
		}
		if !families[b.Family] {
			t.Errorf("%s: unknown family %q", b.ID, b.Family)
		}
		for _, c := range b.WCAG {
			if !sc.MatchString(c) {
				t.Errorf("%s: %q is not a WCAG success criterion number", b.ID, c)
			}
		}
		if b.Family != "consent" && b.Family != "site" && len(b.WCAG) == 0 {
			t.Errorf("%s: an accessibility barrier with no WCAG criterion", b.ID)
		}
		used[b.Rule] = true
		perFamily[b.Family]++
	}
	for id := range proposed {
		if !used[id] {
			t.Errorf("proposed rule %q is used by no barrier", id)
		}
	}
	for f := range families {
		if perFamily[f] == 0 && f != "page" {
			t.Errorf("no barrier in family %q", f)
		}
	}
	t.Logf("%d barriers: %v", len(barriers), perFamily)
}

func TestManifestSelectors(t *testing.T) {
	barriers, err := demosite.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	docs := map[demosite.Twin]map[string]*goquery.Document{}
	for _, twin := range twins {
		srv := newServer(t, twin)
		docs[twin] = map[string]*goquery.Document{}
		for _, b := range barriers {
			if docs[twin][b.Page] == nil {
				docs[twin][b.Page] = getDoc(t, srv.URL+b.Page)
			}
		}
	}
	for _, b := range barriers {
		if n := docs[demosite.Broken][b.Page].Find(b.Selector).Length(); n != 1 {
			t.Errorf("%s (%s): selector %q matches %d elements on %s in the broken twin, want 1", b.ID, b.Rule, b.Selector, n, b.Page)
		}
		want := 1
		if b.FixedAbsent {
			want = 0
		}
		if n := docs[demosite.Fixed][b.Page].Find(b.Selector).Length(); n != want {
			t.Errorf("%s (%s): selector %q matches %d elements on %s in the fixed twin, want %d", b.ID, b.Rule, b.Selector, n, b.Page, want)
		}
	}
}

// TestFixedTwinLint guards the fixed twin against regressions that need no browser to
// see. It is no substitute for the rules: the end-to-end test audits the twin.
func TestFixedTwinLint(t *testing.T) {
	pages := crawl(t, newServer(t, demosite.Fixed))
	idrefAttrs := []string{"for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-activedescendant", "aria-owns", "headers"}
	for p, doc := range pages {
		lang := doc.Find("html").AttrOr("lang", "")
		if lang != "sv" && lang != "en" {
			t.Errorf("%s: html lang %q", p, lang)
		}
		if strings.TrimSpace(doc.Find("title").Text()) == "" {
			t.Errorf("%s: empty title", p)
		}
		if doc.Find("main#main").Length() != 1 || doc.Find("h1").Length() != 1 {
			t.Errorf("%s: want one main#main and one h1", p)
		}
		if doc.Find("a.skip-link[href='#main']").Length() != 1 {
			t.Errorf("%s: no skip link", p)
		}
		if doc.Find("meta[http-equiv]").Length() != 0 {
			t.Errorf("%s: meta http-equiv", p)
		}
		if vp := doc.Find("meta[name=viewport]").AttrOr("content", ""); strings.Contains(vp, "user-scalable") || strings.Contains(vp, "maximum-scale") {
			t.Errorf("%s: viewport %q limits zoom", p, vp)
		}
		ids := map[string]int{}
		doc.Find("[id]").Each(func(_ int, s *goquery.Selection) { ids[s.AttrOr("id", "")]++ })
		for id, n := range ids {
			if n > 1 {
				t.Errorf("%s: id %q used %d times", p, id, n)
			}
		}
		doc.Find("*").Each(func(_ int, s *goquery.Selection) {
			tag := goquery.NodeName(s)
			for _, a := range idrefAttrs {
				v, ok := s.Attr(a)
				if !ok {
					continue
				}
				for _, ref := range strings.Fields(v) {
					if ids[ref] == 0 {
						t.Errorf("%s: <%s %s=%q> refers to a missing id %q", p, tag, a, v, ref)
					}
				}
			}
			if ti, ok := s.Attr("tabindex"); ok && ti != "0" && ti != "-1" {
				t.Errorf("%s: <%s tabindex=%q>", p, tag, ti)
			}
			if strings.Contains(s.AttrOr("style", ""), "!important") {
				t.Errorf("%s: <%s> has !important in a style attribute", p, tag)
			}
			for _, attr := range s.Nodes[0].Attr {
				if strings.HasPrefix(attr.Key, "aria-") && !knownARIA[attr.Key] {
					t.Errorf("%s: <%s> has unknown attribute %s", p, tag, attr.Key)
				}
			}
			if s.AttrOr("aria-hidden", "") == "true" && s.Is("a[href], button, input, select, textarea, [tabindex]") {
				t.Errorf("%s: focusable <%s> has aria-hidden", p, tag)
			}
		})
		doc.Find("img").Each(func(_ int, s *goquery.Selection) {
			if _, ok := s.Attr("alt"); !ok {
				t.Errorf("%s: <img src=%q> without alt", p, s.AttrOr("src", ""))
			}
		})
		doc.Find("a, button").Each(func(_ int, s *goquery.Selection) {
			name := strings.TrimSpace(s.Text() + s.AttrOr("aria-label", "") + s.Find("img").AttrOr("alt", ""))
			if name == "" && s.AttrOr("aria-labelledby", "") == "" {
				t.Errorf("%s: <%s class=%q> without a name", p, goquery.NodeName(s), s.AttrOr("class", ""))
			}
		})
		doc.Find("input:not([type=hidden]):not([type=submit]), select, textarea").Each(func(_ int, s *goquery.Selection) {
			id := s.AttrOr("id", "")
			if doc.Find("label[for='"+id+"']").Length() == 0 && s.AttrOr("aria-labelledby", "") == "" && s.AttrOr("aria-label", "") == "" {
				t.Errorf("%s: field #%s has no label", p, id)
			}
			if _, on := s.Attr("checked"); on && s.Is("[name^=consent], #cookie-banner input") {
				t.Errorf("%s: consent #%s is checked at load", p, id)
			}
		})
		doc.Find("[role=dialog], [role=alertdialog]").Each(func(_ int, s *goquery.Selection) {
			if s.AttrOr("aria-label", "")+s.AttrOr("aria-labelledby", "") == "" {
				t.Errorf("%s: dialog without a name", p)
			}
		})
		doc.Find("form").Each(func(_ int, f *goquery.Selection) {
			if f.Find("input[type=email]").Length() > 0 && f.Find("a[href*='integritetspolicy'], a[href*='privacy-policy']").Length() == 0 {
				t.Errorf("%s: personal-data form without a privacy-policy link", p)
			}
		})
		foot := doc.Find("footer.site-footer")
		privacy, statement := "/sv/integritetspolicy", "/sv/tillganglighetsredogorelse"
		if lang == "en" {
			privacy, statement = "/en/privacy-policy", "/en/accessibility-statement"
		}
		if foot.Find("a[href='"+privacy+"']").Length() != 1 || foot.Find("a[href='"+statement+"']").Length() != 1 ||
			foot.Find("[data-cookie=open]").Length() != 1 {
			t.Errorf("%s: footer lacks the privacy policy, the accessibility statement or cookie settings", p)
		}
		if doc.Find("#analytics-snippet").Length() != 1 || strings.Contains(doc.Find("#analytics-snippet").Text(), "window.norrskenAnalytics();") {
			t.Errorf("%s: the analytics snippet runs before consent", p)
		}
	}
}

var knownARIA = map[string]bool{}

func init() {
	for _, a := range strings.Fields(`aria-activedescendant aria-atomic aria-autocomplete aria-busy aria-checked
		aria-controls aria-current aria-describedby aria-disabled aria-expanded aria-haspopup aria-hidden
		aria-invalid aria-label aria-labelledby aria-live aria-modal aria-multiselectable aria-owns
		aria-pressed aria-required aria-selected`) {
		knownARIA[a] = true
	}
}

func TestAccessibilityStatements(t *testing.T) {
	srv := newServer(t, demosite.Fixed)
	for p, want := range map[string][]string{
		"/sv/tillganglighetsredogorelse": {"helt förenlig", "lagen (2018:1937)", "Digg", "2026"},
		"/en/accessibility-statement":    {"fully compliant", "2018:1937", "Digg", "2026"},
	} {
		doc := getDoc(t, srv.URL+p)
		text := doc.Find("main").Text()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", p, w)
			}
		}
		if doc.Find("main a[href='https://www.digg.se/tdosanmalan']").Length() != 1 {
			t.Errorf("%s: no link to digg.se/tdosanmalan", p)
		}
		if doc.Find("main a[href*='kontakt'], main a[href*='contact']").Length() == 0 || doc.Find("main a[href^='mailto:']").Length() == 0 {
			t.Errorf("%s: no feedback route (form and email)", p)
		}
		if n := doc.Find("main time[datetime]").Length(); n < 2 {
			t.Errorf("%s: %d dates, want the assessment and update dates", p, n)
		}
	}
	// The Swedish statement is complete in the broken twin too; only the status differs.
	broken := getDoc(t, newServer(t, demosite.Broken).URL+"/sv/tillganglighetsredogorelse")
	if !strings.Contains(broken.Find("main").Text(), "delvis förenlig") || broken.Find("main a[href='https://www.digg.se/tdosanmalan']").Length() != 1 {
		t.Error("broken /sv/tillganglighetsredogorelse: want status delvis förenlig and the Digg link")
	}
}

func TestFormPostsAreDiscarded(t *testing.T) {
	srv := newServer(t, demosite.Fixed)
	post := func(path string, fileSize int) *http.Response {
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		_ = w.WriteField("name", "Test Testsson")
		_ = w.WriteField("consent_application", "on")
		fw, _ := w.CreateFormFile("cv", "cv.pdf")
		_, _ = fw.Write(bytes.Repeat([]byte("x"), fileSize))
		_ = w.Close()
		resp, err := http.Post(srv.URL+path, w.FormDataContentType(), &body)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp
	}
	if resp := post("/sv/ansok/101", 1000); resp.StatusCode != http.StatusOK {
		t.Errorf("application post: status %d", resp.StatusCode)
	}
	if resp := post("/en/apply/103", 1000); resp.StatusCode != http.StatusOK {
		t.Errorf("English application post: status %d", resp.StatusCode)
	}
	if resp := post("/sv/ansok/101", 7<<20); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized post: status %d, want 413", resp.StatusCode)
	}
	resp, err := http.PostForm(srv.URL+"/sv/kontakt", url.Values{"name": {"A"}, "message": {"Hej"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("contact post: status %d", resp.StatusCode)
	}
}

func TestCountryPicker(t *testing.T) {
	srv := newServer(t, demosite.Fixed)
	for p, want := range map[string][]string{
		"/sv/ansok/101": {"Afghanistan", "Zimbabwe", "Åland", "Österrike", "Östtimor"},
		"/en/apply/101": {"Afghanistan", "Åland Islands", "Zimbabwe"},
	} {
		doc := getDoc(t, srv.URL+p)
		opts := doc.Find("#country-list [role=option]")
		if opts.Length() < 240 {
			t.Errorf("%s: %d countries, want about 240", p, opts.Length())
		}
		var names []string
		opts.Each(func(_ int, s *goquery.Selection) { names = append(names, s.AttrOr("data-name", "")) })
		var at []int
		for _, w := range want {
			at = append(at, slices.Index(names, w))
		}
		if !slices.IsSorted(at) || slices.Contains(at, -1) {
			t.Errorf("%s: order of %v is %v, want ascending", p, want, at)
		}
		if sel := doc.Find("#country-list [aria-selected=true]"); sel.Length() != 1 || sel.AttrOr("data-code", "") != "SE" {
			t.Errorf("%s: Sweden is not the one selected country", p)
		}
	}
}
