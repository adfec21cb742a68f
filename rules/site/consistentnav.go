package site

import (
	"strconv"
	"strings"

	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// WCAG 3.2.3 Consistent Navigation: navigation repeated on several pages
// of a set comes in the same relative order each time. Links or blocks may
// be added or left out on some pages (a sub-menu, the current section
// expanded); what may not change is the order of the ones repeated.

// NavBlock is one navigation landmark of a page.
type NavBlock struct {
	Lang  string `json:"lang,omitempty"` // the page's language
	Name  string `json:"name,omitempty"` // its accessible name (aria-label)
	Links []Link `json:"links"`          // resolved, in document order, each target once
}

// NavFacts are a page's navigation landmarks in document order.
var NavFacts = &rules.Fact[[]NavBlock]{Name: "site.nav", Extract: extractNav}

func extractNav(c *rules.Ctx) ([]NavBlock, bool) {
	p := c.Page
	if !dom.HTMLContent(p) {
		return nil, false
	}
	var out []NavBlock
	index := map[int]int{} // nav element -> block
	for _, l := range links(p) {
		if l.Href == "" || l.Switch {
			continue
		}
		nav := -1
		for a := l.Node; a >= 0 && nav < 0; a = p.Nodes[a].Parent {
			if p.IsElement(a) && dom.Role(p, a) == "navigation" {
				nav = a
			}
		}
		if nav < 0 {
			continue
		}
		k, ok := index[nav]
		if !ok {
			k = len(out)
			index[nav] = k
			out = append(out, NavBlock{Lang: langOf(p.Lang), Name: strings.TrimSpace(p.AXName(nav))})
		}
		b := &out[k]
		if !hasHref(b.Links, l.Href) {
			b.Links = append(b.Links, Link{Href: l.Href, Name: l.Name})
		}
	}
	return out, len(out) > 0
}

func hasHref(ls []Link, href string) bool {
	for _, l := range ls {
		if l.Href == href {
			return true
		}
	}
	return false
}

// ConsistentNavigation is WCAG 3.2.3. Which blocks on two pages are "the
// same navigation" is inferred (shared targets, names, landmarks), and on
// markup nobody here had seen (the demo site's new pages, two languages
// sharing a language-switch link) the inference paired blocks a person would
// not: so a reorder is a question (cantTell), never a failure.
var ConsistentNavigation = &rules.Rule{
	ID:     "consistent-navigation-site",
	Family: "site",
	Title:  rules.Text{EN: "Repeated navigation comes in the same order on every page", SV: "Återkommande navigering kommer i samma ordning på varje sida"},
	Help: rules.Text{
		EN: "Render the menus from one shared template so their links, and the menus themselves, keep the same relative order on every page. Adding links (a sub-menu) is fine; reordering is not.",
		SV: "Rendera menyerna från en gemensam mall så att länkarna, och menyerna själva, behåller samma inbördes ordning på varje sida. Att lägga till länkar (en undermeny) går bra, att kasta om dem gör det inte.",
	},
	Manual: rules.Text{EN: "Compare the menus of a few pages: are the repeated links in the same order?", SV: "Jämför menyerna på några sidor: kommer de återkommande länkarna i samma ordning?"},
	WCAG:   []string{"3.2.3"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"same-order":       {EN: "The navigation repeated on other pages comes in the same relative order here.", SV: "Navigeringen som återkommer på andra sidor kommer i samma inbördes ordning här."},
		"links-reordered":  {EN: "In the menu \"{nav}\", \"{first}\" comes before \"{second}\" here, but after it on {other}: check whether this is the same navigation repeated in another order.", SV: "I menyn ”{nav}” kommer ”{first}” före ”{second}” här, men efter den på {other}: kontrollera om det är samma navigering i en annan ordning."},
		"blocks-reordered": {EN: "The menus \"{first}\" and \"{second}\" come in the opposite order on {other}: check whether they are the same menus repeated in another order.", SV: "Menyerna ”{first}” och ”{second}” kommer i omvänd ordning på {other}: kontrollera om det är samma menyer i en annan ordning."},
	},
	Site: &rules.SiteCheck{Facts: []rules.FactKind{NavFacts}, Judge: judgeNav},
}

// navCluster is one navigation block as it repeats across pages.
type navCluster struct {
	name  string
	lang  string
	named string   // the blocks' accessible name, "" for unnamed
	first []string // targets of its first instance
	pages map[string]NavBlock
}

func judgeNav(s *rules.Site) []rules.SiteResult {
	all := NavFacts.Of(s)
	// Group the blocks of all pages: a block is the same menu as another
	// of a page in the same language when both have the same name, or,
	// unnamed, when at least half their targets are shared.
	var clusters []*navCluster
	perPage := map[string][]int{} // page -> its clusters in document order
	for _, pf := range all {
		for _, b := range pf.Fact {
			t := hrefs(b.Links)
			c := -1
			for k, cl := range clusters {
				if _, taken := cl.pages[pf.URL]; !taken && cl.lang == b.Lang && cl.named == b.Name &&
					(b.Name != "" || overlap(cl.first, t) >= 0.5) {
					c = k
					break
				}
			}
			if c < 0 {
				c = len(clusters)
				clusters = append(clusters, &navCluster{name: navName(b), lang: b.Lang, named: b.Name, first: t, pages: map[string]NavBlock{}})
			}
			clusters[c].pages[pf.URL] = b
			perPage[pf.URL] = append(perPage[pf.URL], c)
		}
	}
	name := func(href string, b NavBlock) string {
		for _, l := range b.Links {
			if l.Href == href && l.Name != "" {
				return l.Name
			}
		}
		return href
	}
	v := newVerdicts()
	for _, cl := range clusters {
		if len(cl.pages) < 2 {
			continue
		}
		var orders []pageOrder
		for _, pf := range all {
			if b, ok := cl.pages[pf.URL]; ok {
				orders = append(orders, pageOrder{URL: pf.URL, Items: hrefs(b.Links)})
			}
		}
		v.order(orders, func(x, y, other string) rules.Result {
			b := cl.pages[other]
			return rules.Cant(-1, "links-reordered", "nav", cl.name, "first", name(x, b), "second", name(y, b), "other", other)
		})
	}
	// The menus themselves, where a page has two or more that repeat.
	var orders []pageOrder
	for _, pf := range all {
		var items []string
		for _, c := range perPage[pf.URL] {
			if len(clusters[c].pages) >= 2 {
				items = append(items, strconv.Itoa(c))
			}
		}
		orders = append(orders, pageOrder{URL: pf.URL, Items: items})
	}
	v.order(orders, func(x, y, other string) rules.Result {
		cx, _ := strconv.Atoi(x)
		cy, _ := strconv.Atoi(y)
		return rules.Cant(-1, "blocks-reordered", "first", clusters[cx].name, "second", clusters[cy].name, "other", other)
	})
	return v.results(urlsOf(all), rules.Pass(-1, "same-order"))
}

// navName names a menu for messages: its accessible name, else its first
// links.
func navName(b NavBlock) string {
	if b.Name != "" {
		return b.Name
	}
	var names []string
	for k, l := range b.Links {
		if k == 3 {
			names = append(names, "…")
			break
		}
		names = append(names, l.Name)
	}
	return strings.Join(names, ", ")
}

func hrefs(ls []Link) []string {
	out := make([]string, len(ls))
	for k, l := range ls {
		out[k] = l.Href
	}
	return out
}

// overlap is the share of the smaller list's items the other has too.
func overlap(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	x, _ := common(a, b)
	return float64(len(x)) / float64(min(len(a), len(b)))
}
