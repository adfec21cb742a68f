package audit

import (
	"net/url"
	"strings"

	"github.com/granska/granska/audit/page"
)

// Links returns the http(s) links of the rendered page (a and area
// elements), resolved against its URL, for the crawler. Frame sources are
// not links: a frame's document is captured and audited as part of the page
// that embeds it.
func Links(p *page.Page) []string {
	base, err := url.Parse(p.FinalURL)
	if err != nil || p.FinalURL == "" {
		base, err = url.Parse(p.URL)
		if err != nil {
			return nil
		}
	}
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
		u, err := base.Parse(strings.TrimSpace(v))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		u.Fragment = ""
		s := u.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
