package site

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// WCAG 2.4.5 Multiple Ways: there is more than one way to find a page
// within the site, unless the page is a step in a process. The ways seen
// from the pages audited: a search function, a site map page that links
// the page, a link in the navigation (header, menus, footer) of another
// page, and links from other pages' content. A page found one way only is
// a question for a person (the crawl does not see every way), never a
// failure.

// WaysFacts is what a page contributes to finding pages.
type WaysFacts struct {
	Self    string   `json:"self"`              // the page's final URL
	Search  bool     `json:"search,omitempty"`  // it offers a site search
	Sitemap bool     `json:"sitemap,omitempty"` // it is a site map page
	Step    string   `json:"step,omitempty"`    // "2 av 3": it is a step in a process
	Nav     []string `json:"nav,omitempty"`     // link targets in header, navigation and footer
	Content []string `json:"content,omitempty"` // other link targets
	// Queries are the GET forms of the page (search, filters): the
	// address each sends to and the names of its fields.
	Queries []Query `json:"queries,omitempty"`
}

// Query is a GET form: the pages it leads to are results of a process.
type Query struct {
	Action string   `json:"action"`
	Fields []string `json:"fields"`
}

// Ways is the fact kind of multiple ways.
var Ways = &rules.Fact[WaysFacts]{Name: "site.ways", Extract: extractWays}

var (
	sitemapTitles = dom.NewPhrases("webbplatskarta", "sajtkarta", "sitemap", "site map", "innehållsförteckning")
	searchNames   = dom.NewPhrases("sök", "sök på webbplatsen", "sök jobb", "search", "search jobs", "search the site")
	searchInputs  = []string{"q", "query", "s", "search", "sok", "sök", "keywords"}
	// No \b before: the page text joins blocks without a space.
	stepRE = regexp.MustCompile(`(?:steg|step)\s+(\d+)\s+(?:av|of|/)\s+(\d+)\b`)
)

func extractWays(c *rules.Ctx) (WaysFacts, bool) {
	p := c.Page
	if !dom.HTMLContent(p) {
		return WaysFacts{}, false
	}
	f := WaysFacts{Self: key(p.FinalURL, p.URL)}
	h1 := ""
	dom.Elements(p, func(i int) {
		if dom.Hidden(p, i) {
			return
		}
		switch p.Tag(i) {
		case "h1":
			if h1 == "" {
				h1 = p.Text(i)
			}
		case "input":
			t, _ := p.Attr(i, "type")
			n, _ := p.Attr(i, "name")
			f.Search = f.Search || strings.EqualFold(t, "search") || slices.Contains(searchInputs, strings.ToLower(n)) ||
				searchNames.Equal(dom.Fold(p.AXName(i)))
		case "button":
			f.Search = f.Search || searchNames.Equal(dom.Fold(p.AXName(i)))
		case "form":
			if q, ok := getForm(p, i); ok {
				f.Queries = append(f.Queries, q)
			}
		}
		if dom.Role(p, i) == "search" {
			f.Search = true
		}
		if v, _ := p.Attr(i, "aria-current"); v == "step" && f.Step == "" {
			f.Step = strings.TrimSpace(p.Text(i))
		}
	})
	if m := stepRE.FindStringSubmatch(dom.Fold(p.Text(p.Root()))); m != nil && f.Step == "" {
		f.Step = m[0]
	}
	f.Sitemap = sitemapTitles.Equal(dom.Fold(h1)) || sitemapTitles.Has(dom.Fold(p.Title))
	for _, l := range links(p) {
		if l.Href == "" {
			continue
		}
		if inRepeatedRegion(l.Region) {
			f.Nav = appendOnce(f.Nav, l.Href)
		} else {
			f.Content = appendOnce(f.Content, l.Href)
		}
	}
	return f, true
}

// getForm returns form i as a Query when it sends with GET.
func getForm(p *page.Page, form int) (Query, bool) {
	if m, _ := p.Attr(form, "method"); m != "" && !strings.EqualFold(m, "get") {
		return Query{}, false
	}
	action, _ := p.Attr(form, "action")
	target, ok := p.ResolveHref(form, action)
	if strings.TrimSpace(action) == "" {
		target, ok = key(p.FinalURL, p.URL), true
	}
	if !ok {
		return Query{}, false
	}
	if k := strings.IndexByte(target, '?'); k >= 0 {
		target = target[:k]
	}
	q := Query{Action: target}
	p.Descendants(form, func(d int) bool {
		if name, _ := p.Attr(d, "name"); name != "" && p.IsElement(d) {
			q.Fields = appendOnce(q.Fields, name)
		}
		return true
	})
	return q, true
}

// resultOf reports whether u is what one of the queries gives: its
// address with only the query's fields in its query string.
func resultOf(u string, queries []Query) bool {
	pu, err := url.Parse(u)
	if err != nil || pu.RawQuery == "" {
		return false
	}
	base := *pu
	base.RawQuery, base.Fragment = "", ""
	for _, q := range queries {
		if q.Action != base.String() {
			continue
		}
		all := true
		for k := range pu.Query() {
			all = all && slices.Contains(q.Fields, k)
		}
		if all {
			return true
		}
	}
	return false
}

func appendOnce(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// MultipleWays is WCAG 2.4.5.
var MultipleWays = &rules.Rule{
	ID:     "multiple-ways-site",
	Family: "site",
	Title:  rules.Text{EN: "Pages can be found in more than one way", SV: "Sidor går att hitta på mer än ett sätt"},
	Help: rules.Text{
		EN: "Offer at least two ways to each page: the navigation, a site search, a site map page, or links from related pages.",
		SV: "Erbjud minst två vägar till varje sida: navigeringen, en sökfunktion, en webbplatskarta eller länkar från relaterade sidor.",
	},
	Manual: rules.Text{EN: "Check how a visitor can find this page: by the menu, a search, a site map or links from related pages? Steps in a process are exempt.", SV: "Kontrollera hur en besökare hittar sidan: via menyn, en sökfunktion, en webbplatskarta eller länkar från relaterade sidor? Steg i en process är undantagna."},
	WCAG:   []string{"2.4.5"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"ways":    {EN: "The page can be found in several ways: {ways}.", SV: "Sidan går att hitta på flera sätt: {ways}."},
		"one-way": {EN: "The audited pages show one way to this page only ({ways}): is there another, such as a search, a site map or a menu?", SV: "De granskade sidorna visar bara en väg till sidan ({ways}): finns det någon annan, till exempel en sökfunktion, en webbplatskarta eller en meny?"},
		"no-way":  {EN: "No audited page links to this page, and the site has no search: how does a visitor find it?", SV: "Ingen granskad sida länkar till sidan och webbplatsen har ingen sökfunktion: hur hittar en besökare den?"},
	},
	Site: &rules.SiteCheck{Facts: []rules.FactKind{Ways}, Judge: judgeWays},
}

func judgeWays(s *rules.Site) []rules.SiteResult {
	all := Ways.Of(s)
	search := false
	inSitemap, inNav, inContent := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, pf := range all {
		f := pf.Fact
		search = search || f.Search
		for _, t := range f.Nav {
			if t != f.Self && t != pf.URL {
				inNav[t] = true
			}
		}
		for _, t := range f.Content {
			if f.Sitemap {
				inSitemap[t] = true
			}
			if t != f.Self && t != pf.URL {
				inContent[t] = true
			}
		}
	}
	var queries []Query
	for _, pf := range all {
		queries = append(queries, pf.Fact.Queries...)
	}
	var out []rules.SiteResult
	for _, pf := range all {
		f := pf.Fact
		if f.Step != "" || resultOf(pf.URL, queries) {
			continue // a step in, or the result of, a process is exempt
		}
		is := func(m map[string]bool) bool { return m[f.Self] || m[pf.URL] }
		var ways []string
		if u, err := url.Parse(f.Self); err == nil && (u.Path == "/" || u.Path == "") {
			ways = append(ways, "the site's address") // the home page
		}
		if search {
			ways = append(ways, "search")
		}
		if f.Sitemap || is(inSitemap) {
			ways = append(ways, "site map")
		}
		if is(inNav) {
			ways = append(ways, "navigation")
		}
		if is(inContent) {
			ways = append(ways, "links from other pages")
		}
		var r rules.Result
		switch len(ways) {
		case 0:
			r = rules.Cant(-1, "no-way")
		case 1:
			r = rules.Cant(-1, "one-way", "ways", ways[0])
		default:
			r = rules.Pass(-1, "ways", "ways", strings.Join(ways, ", "))
		}
		out = append(out, rules.SiteResult{URL: pf.URL, Result: r})
	}
	return out
}
