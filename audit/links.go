package audit

import (
	"regexp"
	"strings"

	"github.com/granska/granska/audit/page"
)

// Links returns the http(s) links of the rendered page (a and area
// elements), resolved as the browser does (page.ResolveHref: against the
// document's base URL, <base href> included), for the crawler. Frame
// sources are not links: a frame's document is captured and audited as part
// of the page that embeds it.
func Links(p *page.Page) []string {
	var out []string
	seen := map[string]bool{}
	eachLink(p, func(_ int, s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	})
	return out
}

// eachLink calls fn with each a and area element of the top document that
// has an http(s) href, and the href resolved.
func eachLink(p *page.Page, fn func(i int, url string)) {
	for i := range p.Nodes {
		if !p.IsElement(i) || p.Nodes[i].Doc != 0 {
			continue
		}
		if tag := p.Tag(i); tag != "a" && tag != "area" {
			continue
		}
		v, ok := p.Attr(i, "href")
		if !ok {
			continue
		}
		s, ok := p.ResolveHref(i, v)
		if !ok || !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
			continue
		}
		fn(i, s)
	}
}

// dropByText returns links without those the rendered page names with a
// text (its text content or accessible name) matching one of texts: the
// crawl's ExcludeLinkText, which the crawler applies to the links of the
// pages it fetched, applied to the links only the rendered page has (a
// logout link added by script) and to those of a resumed run, whose
// crawler did not fetch the page again.
func dropByText(p *page.Page, links []string, texts []*regexp.Regexp) []string {
	if len(texts) == 0 {
		return links
	}
	out := map[string]bool{}
	eachLink(p, func(i int, s string) {
		if out[s] {
			return
		}
		text, name := p.Text(i), p.AXName(i)
		for _, re := range texts {
			if re.MatchString(text) || re.MatchString(name) {
				out[s] = true
				return
			}
		}
	})
	if len(out) == 0 {
		return links
	}
	var keep []string
	for _, l := range links {
		if !out[l] {
			keep = append(keep, l)
		}
	}
	return keep
}
