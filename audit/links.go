package audit

import (
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
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
