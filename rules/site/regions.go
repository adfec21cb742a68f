package site

import (
	"slices"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules/internal/dom"
)

// What the consistency rules (WCAG 3.2.3, 3.2.4, 3.2.6) and multiple ways
// (2.4.5) share: where on the page a link sits, and how to tell whether a
// set of pages agrees on an order.

// Regions of a page, from its landmarks.
const (
	regionHeader = "header"
	regionNav    = "nav"
	regionMain   = "main"
	regionAside  = "aside"
	regionFooter = "footer"
)

// regionOf returns the landmark region element i sits in: the nearest
// banner, navigation, main, complementary or contentinfo ancestor (or the
// element itself), "" for none.
func regionOf(p *page.Page, i int) string {
	if r := landmark(p, i); r != "" {
		return r
	}
	r := ""
	p.Ancestors(i, func(a int) bool {
		if p.IsElement(a) {
			r = landmark(p, a)
		}
		return r == ""
	})
	return r
}

func landmark(p *page.Page, i int) string {
	switch dom.Role(p, i) {
	case "banner":
		return regionHeader
	case "navigation":
		return regionNav
	case "main":
		return regionMain
	case "complementary":
		return regionAside
	case "contentinfo":
		return regionFooter
	}
	return ""
}

// inRepeatedRegion reports whether a region is one of those sites repeat
// on every page (not the main content).
func inRepeatedRegion(region string) bool {
	return region == regionHeader || region == regionNav || region == regionFooter
}

// pageLink is a link the user can reach.
type pageLink struct {
	Node   int
	Href   string // resolved, without fragment; "" for mailto:, tel: and the like
	Raw    string // the href as written
	Name   string // accessible name (text as fallback)
	Region string
}

// links returns the page's links in the accessibility tree, in document
// order, with their regions.
func links(p *page.Page) []pageLink {
	var out []pageLink
	dom.Elements(p, func(i int) {
		if p.Tag(i) != "a" && p.Tag(i) != "area" || dom.Hidden(p, i) {
			return
		}
		raw, ok := p.Attr(i, "href")
		if !ok {
			return
		}
		href, _ := p.ResolveHref(i, raw)
		name := strings.TrimSpace(p.AXName(i))
		if name == "" {
			name = strings.TrimSpace(p.Text(i))
		}
		out = append(out, pageLink{Node: i, Href: href, Raw: strings.TrimSpace(raw), Name: name, Region: regionOf(p, i)})
	})
	return out
}

// pageOrder is one page's sequence of items (keys of things that repeat
// across pages), in document order.
type pageOrder struct {
	URL   string
	Items []string
}

// agreement judges whether pages repeat items in the same relative order.
// Two pages agree when the items both have occur in the same order:
// additions and removals do not count (WCAG 3.2.3 allows them). It
// returns, per page with at least two items shared with another page, the
// pages it disagrees with; a page disagreeing with some is out of order
// when it disagrees with more pages than it agrees with, or agrees with
// none (so with two pages in conflict, both are).
func agreement(pages []pageOrder) (outOfOrder map[string][]string, judged []string) {
	outOfOrder = map[string][]string{}
	for a := range pages {
		agree, compared := 0, 0
		var against []string
		for b := range pages {
			if a == b {
				continue
			}
			x, y := common(pages[a].Items, pages[b].Items)
			if len(x) < 2 {
				continue
			}
			compared++
			if slices.Equal(x, y) {
				agree++
			} else {
				against = append(against, pages[b].URL)
			}
		}
		if compared == 0 {
			continue
		}
		judged = append(judged, pages[a].URL)
		if len(against) > 0 && (len(against) > agree || agree == 0) {
			outOfOrder[pages[a].URL] = against
		}
	}
	return outOfOrder, judged
}

// common returns a and b restricted to the items both have (first
// occurrences), each in its own order.
func common(a, b []string) ([]string, []string) {
	in := func(list []string) map[string]bool {
		m := map[string]bool{}
		for _, s := range list {
			m[s] = true
		}
		return m
	}
	ina, inb := in(a), in(b)
	keep := func(list []string, other map[string]bool) []string {
		var out []string
		seen := map[string]bool{}
		for _, s := range list {
			if other[s] && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		return out
	}
	return keep(a, inb), keep(b, ina)
}

// firstSwap names the first pair of items that a and b order differently,
// for a message.
func firstSwap(a, b []string) (string, string) {
	x, y := common(a, b)
	pos := map[string]int{}
	for k, s := range y {
		pos[s] = k
	}
	for i := range x {
		for j := i + 1; j < len(x); j++ {
			if pos[x[i]] > pos[x[j]] {
				return x[i], x[j]
			}
		}
	}
	return "", ""
}

// swapWith names the first pair of items that page u orders differently
// from page other, both among orders.
func swapWith(orders []pageOrder, u, other string) (string, string) {
	var a, b []string
	for _, o := range orders {
		switch o.URL {
		case u:
			a = o.Items
		case other:
			b = o.Items
		}
	}
	return firstSwap(a, b)
}
