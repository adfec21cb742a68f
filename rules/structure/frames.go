package structure

import (
	"strconv"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// IframeFocusableContent checks that an iframe whose content has controls
// a keyboard user can reach is not itself taken out of the tab order with a
// negative tabindex, which makes browsers skip all its content (ACT akn7bn).
var IframeFocusableContent = &rules.Rule{
	ID:     "iframe-focusable-content",
	Family: "structure",
	Title:  rules.Text{EN: "Frames with interactive content are in the tab order", SV: "Ramar med interaktivt innehåll finns i tabbordningen"},
	Help: rules.Text{
		EN: "Remove tabindex=\"-1\" from the iframe, or make its content non-interactive: with a negative tabindex the keyboard cannot reach the links and fields inside it.",
		SV: "Ta bort tabindex=\"-1\" från iframe-elementet, eller gör innehållet icke-interaktivt: med negativt tabindex går det inte att nå länkar och fält i ramen med tangentbordet.",
	},
	Manual: rules.Text{
		EN: "Tab through the page and check that every control inside the frame can be reached.",
		SV: "Tabba igenom sidan och kontrollera att varje kontroll i ramen går att nå.",
	},
	WCAG:   []string{"2.1.1"},
	ACT:    []string{"akn7bn"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"no-tabbable-content": {EN: "The frame has a negative tabindex but nothing in it that the Tab key would reach.", SV: "Ramen har negativt tabindex men inget innehåll som tabbtangenten skulle nå."},
		"content-skipped":     {EN: "The frame has tabindex=\"{tabindex}\", so the keyboard skips {count} focusable element(s) inside it.", SV: "Ramen har tabindex=\"{tabindex}\", så tangentbordet hoppar över {count} fokuserbara element i den."},
		"frame-not-captured":  {EN: "The frame has a negative tabindex and its content could not be captured.", SV: "Ramen har negativt tabindex och dess innehåll kunde inte fångas."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || p.Tag(i) != "iframe" || !p.Rendered(i) {
				continue
			}
			if n, ok := dom.TabIndex(p, i); ok && n < 0 {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, frame int) rules.Result {
		p := c.Page
		v, _ := p.Attr(frame, "tabindex")
		doc := p.Nodes[frame].ContentDoc
		if doc == 0 {
			for _, g := range p.Gaps {
				if g.Node == frame && (g.Kind == page.GapFrame || g.Kind == page.GapFrameAX) {
					return rules.Cant(frame, "frame-not-captured")
				}
			}
			return rules.Pass(frame, "no-tabbable-content")
		}
		var inside []int
		for _, n := range p.Focus.Order {
			if p.IsAncestor(doc, n) && dom.Tabbable(p, n) && dom.Visible(p, n) {
				inside = append(inside, n)
			}
		}
		if len(inside) == 0 {
			return rules.Pass(frame, "no-tabbable-content")
		}
		return rules.Fail(frame, "content-skipped", "tabindex", v, "count", strconv.Itoa(len(inside))).With(inside[0])
	},
}
