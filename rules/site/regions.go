package site

import (
	"slices"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
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

// regionOf returns the page region element i sits in: the outermost
// banner, navigation, main, complementary or contentinfo landmark around
// it (or itself), "" for none. A menu inside the footer is in the footer,
// breadcrumbs inside main are in main.
func regionOf(p *page.Page, i int) string {
	r := landmark(p, i)
	p.Ancestors(i, func(a int) bool {
		if p.IsElement(a) {
			if l := landmark(p, a); l != "" {
				r = l
			}
		}
		return true
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
	// Switch is a link to the page in another language (hreflang): its
	// target changes with the page by design.
	Switch bool
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
		_, sw := p.Attr(i, "hreflang")
		out = append(out, pageLink{Node: i, Href: href, Raw: strings.TrimSpace(raw), Name: name, Region: regionOf(p, i), Switch: sw})
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

// verdicts collects one result per page for a site rule: the first
// failure found, else a pass for a page that was judged.
type verdicts struct {
	failed map[string]rules.Result
	judged map[string]bool
}

func newVerdicts() *verdicts {
	return &verdicts{failed: map[string]rules.Result{}, judged: map[string]bool{}}
}

// fail records r for page u unless u already failed.
func (v *verdicts) fail(u string, r rules.Result) {
	v.judged[u] = true
	if v.failed[u].Code == "" {
		v.failed[u] = r
	}
}

// order judges the relative order of items across pages (agreement) and
// fails each page out of order with mk(first, second, other): the first
// pair it orders differently from page other.
func (v *verdicts) order(orders []pageOrder, mk func(first, second, other string) rules.Result) {
	bad, judged := agreement(orders)
	for _, u := range judged {
		v.judged[u] = true
	}
	for _, o := range orders {
		if against, ok := bad[o.URL]; ok {
			x, y := swapWith(orders, o.URL, against[0])
			v.fail(o.URL, mk(x, y, against[0]))
		}
	}
}

// results returns, in the order of urls, each judged page's failure or
// pass.
func (v *verdicts) results(urls []string, pass rules.Result) []rules.SiteResult {
	var out []rules.SiteResult
	for _, u := range urls {
		switch {
		case v.failed[u].Code != "":
			out = append(out, rules.SiteResult{URL: u, Result: v.failed[u]})
		case v.judged[u]:
			out = append(out, rules.SiteResult{URL: u, Result: pass})
		}
	}
	return out
}

// urlsOf lists the pages of facts.
func urlsOf[F any](all []rules.PageFact[F]) []string {
	out := make([]string, len(all))
	for k, pf := range all {
		out[k] = pf.URL
	}
	return out
}

// langOf is the primary language subtag of a lang attribute, lower case.
func langOf(lang string) string {
	return strings.ToLower(strings.SplitN(strings.TrimSpace(lang), "-", 2)[0])
}
