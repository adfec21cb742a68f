package structure

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/dom"
)

// bypassFacts are what a page offers to skip repeated blocks.
type bypassFacts struct {
	main, heading, skip, nav int // first node of each kind, -1 if none
}

func findBypass(p *page.Page) bypassFacts {
	f := bypassFacts{-1, -1, -1, -1}
	for i := range p.Nodes {
		if !p.IsElement(i) || p.Nodes[i].Doc != 0 {
			continue
		}
		role := dom.Role(p, i)
		switch {
		case role == "main" && f.main < 0 && p.InAXTree(i):
			f.main = i
		case role == "heading" && f.heading < 0 && p.InAXTree(i) && dom.Visible(p, i) && strings.TrimSpace(p.AXName(i)) != "":
			f.heading = i
		case role == "navigation" && f.nav < 0 && p.InAXTree(i):
			f.nav = i
		case role == "link" && f.skip < 0 && skipLink(p, i):
			f.skip = i
		}
	}
	return f
}

// skipLink reports whether the element is a link to a place in the same
// page ("#main") whose target exists, and that the keyboard reaches.
func skipLink(p *page.Page, i int) bool {
	href, ok := p.Attr(i, "href")
	href = strings.TrimSpace(href)
	if !ok || !strings.HasPrefix(href, "#") || len(href) < 2 {
		return false
	}
	id := href[1:]
	if _, ok := p.ElementByID(i, id); !ok {
		found := false
		for j := range p.Nodes {
			if v, _ := p.Attr(j, "name"); p.IsElement(j) && p.Tag(j) == "a" && v == id {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return dom.Tabbable(p, i)
}

// BypassBlocks checks that a page with a navigation block gives keyboard
// and screen reader users a way past it: a main landmark, headings, or a
// skip link (SC 2.4.1; ACT cf77f2, b40fd1, 047fe0). One page cannot show
// what repeats across pages, nor a bypass made by script (a button that
// hides the navigation, ACT cf77f2), so a page with none of the three is
// cantTell: with a navigation landmark, or with enough links to have one.
var BypassBlocks = &rules.Rule{
	ID:     "bypass-blocks",
	Family: "structure",
	Title:  rules.Text{EN: "Repeated blocks can be bypassed", SV: "Upprepade block går att hoppa förbi"},
	Help: rules.Text{
		EN: "Put the page's main content in <main>, start it with a heading, and add a \"Skip to content\" link first in the page.",
		SV: "Lägg sidans huvudinnehåll i <main>, inled det med en rubrik och lägg en länk ”Hoppa till innehållet” först på sidan.",
	},
	Manual: rules.Text{
		EN: "Check whether blocks of content repeat on several pages and whether a keyboard or screen reader user can skip them.",
		SV: "Kontrollera om innehållsblock upprepas på flera sidor och om den som använder tangentbord eller skärmläsare kan hoppa förbi dem.",
	},
	WCAG: []string{"2.4.1"},
	ACT:  []string{"cf77f2", "b40fd1", "047fe0"},
	// min-links: a page without landmarks, headings or skip links is
	// asked about only when it has this many links.
	Params: map[string]float64{"min-links": 5},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"main-landmark": {EN: "The page has a main landmark.", SV: "Sidan har ett main-landmärke."},
		"headings":      {EN: "The page has headings to navigate by.", SV: "Sidan har rubriker att navigera med."},
		"skip-link":     {EN: "The page has a link to skip to a part of the page.", SV: "Sidan har en länk för att hoppa till en del av sidan."},
		"no-bypass":     {EN: "The page has a navigation block but no main landmark, no heading and no skip link.", SV: "Sidan har ett navigeringsblock men inget main-landmärke, ingen rubrik och ingen länk för att hoppa förbi."},
		"few-links":     {EN: "The page has too few links to have repeated navigation blocks.", SV: "Sidan har för få länkar för att ha upprepade navigeringsblock."},
		"no-structure":  {EN: "The page has no main landmark, no heading and no skip link: check whether it has repeated blocks to bypass.", SV: "Sidan har inget main-landmärke, ingen rubrik och ingen länk för att hoppa förbi: kontrollera om den har upprepade block."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		r := p.Root()
		if r < 0 || p.Tag(r) != "html" {
			return nil
		}
		// Pages with no focusable content and nothing that reads have
		// nothing to bypass.
		if len(p.Focus.Order) == 0 {
			return nil
		}
		return []int{r}
	},
	Expect: func(c *rules.Ctx, html int) rules.Result {
		f := findBypass(c.Page)
		switch {
		case f.main >= 0:
			return rules.Pass(html, "main-landmark").With(f.main)
		case f.skip >= 0:
			return rules.Pass(html, "skip-link").With(f.skip)
		case f.heading >= 0:
			return rules.Pass(html, "headings").With(f.heading)
		case f.nav >= 0:
			return rules.Cant(html, "no-bypass").With(f.nav)
		}
		links := 0
		for _, n := range c.Page.Focus.Order {
			if dom.Role(c.Page, n) == "link" {
				links++
			}
		}
		if links < int(c.Param("min-links")) {
			return rules.NA(html, "few-links")
		}
		return rules.Cant(html, "no-structure")
	},
}
