package capture

import (
	"strings"

	"github.com/granska/granska/audit/page"
)

// dropCandidates are the elements around a file field (the field's parent
// and the two elements above it): a drop zone usually sits there, often
// without a pointer cursor or a click handler, so listenerCandidates would
// not ask for its listeners. With them recorded, rules can tell a drop zone
// whose file field is hidden from one with a keyboard alternative.
func dropCandidates(p *page.Page) map[int]bool {
	out := map[int]bool{}
	for i := range p.Nodes {
		if !p.IsElement(i) || p.Tag(i) != "input" {
			continue
		}
		t, _ := p.Attr(i, "type")
		if page.Lower(strings.TrimSpace(t)) != "file" {
			continue
		}
		a := p.ParentElement(i)
		for k := 0; k < 3 && a >= 0; k, a = k+1, p.ParentElement(a) {
			if tag := p.Tag(a); tag == "body" || tag == "html" {
				break
			}
			out[a] = true
		}
	}
	return out
}
