package aria

import (
	"strconv"
	"strings"

	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// idrefAttrs are the attributes IDRefExists checks.
var idrefAttrs = []string{"aria-labelledby", "aria-describedby", "aria-controls", "for"}

// IDRefExists checks that aria-labelledby, aria-describedby, aria-controls
// and a label's for attribute point to ids that exist, once, in the same
// document or shadow tree. A missing id fails: the name, description or
// association it should give is lost. An id used twice is cantTell: the
// browser takes the first, which may not be the one meant. aria-controls
// is checked only on an expanded widget (aria-expanded="true"): a
// collapsed one may point to a popup that is not built yet.
var IDRefExists = &rules.Rule{
	ID:     "idref-exists",
	Family: "aria",
	Title:  rules.Text{EN: "ID references point to existing, unique ids", SV: "ID-referenser pekar på id som finns och är unika"},
	Help: rules.Text{
		EN: "Make each id in aria-labelledby, aria-describedby, aria-controls and label for=… match exactly one element's id (ids are case-sensitive).",
		SV: "Se till att varje id i aria-labelledby, aria-describedby, aria-controls och label for=… matchar exakt ett elements id (id skiljer på stora och små bokstäver).",
	},
	Manual: rules.Text{EN: "Check that the reference resolves to the element meant.", SV: "Kontrollera att referensen pekar på det avsedda elementet."},
	WCAG:   []string{"1.3.1", "4.1.2"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"resolved":     {EN: "The element's id references resolve.", SV: "Elementets id-referenser pekar på element som finns."},
		"missing-id":   {EN: "{attr} points to id \"{id}\", which no element has.", SV: "{attr} pekar på id ”{id}”, som inget element har."},
		"duplicate-id": {EN: "{attr} points to id \"{id}\", which {count} elements share.", SV: "{attr} pekar på id ”{id}”, som {count} element delar."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if !p.Rendered(i) {
				return
			}
			for _, a := range idrefAttrs {
				if a == "for" && p.Tag(i) != "label" {
					continue
				}
				if v, ok := p.Attr(i, a); ok && strings.TrimSpace(v) != "" {
					out = append(out, i)
					return
				}
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		var cant *rules.Result
		for _, a := range idrefAttrs {
			if a == "for" && p.Tag(i) != "label" {
				continue
			}
			if a == "aria-controls" {
				if v, _ := p.Attr(i, "aria-expanded"); !strings.EqualFold(strings.TrimSpace(v), "true") {
					continue
				}
			}
			v, ok := p.Attr(i, a)
			if !ok {
				continue
			}
			ids := dom.IDRefs(v)
			if a == "for" {
				// for takes one id, the whole value.
				ids = []string{v}
				if strings.TrimSpace(v) == "" {
					ids = nil
				}
			}
			for _, id := range ids {
				els := p.ElementsByID(p.Scope(i), id)
				switch {
				case len(els) == 0:
					return rules.Fail(i, "missing-id", "attr", a, "id", id)
				case len(els) > 1 && cant == nil:
					r := rules.Cant(i, "duplicate-id", "attr", a, "id", id, "count", strconv.Itoa(len(els))).With(els...)
					cant = &r
				}
			}
		}
		if cant != nil {
			return *cant
		}
		return rules.Pass(i, "resolved")
	},
}
