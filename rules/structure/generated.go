package structure

import (
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// wordText reports whether generated text holds a word: a letter or a
// digit outside the private use areas that icon fonts draw from. Quotes,
// bullets, separators, arrows and asterisks say nothing on their own.
func wordText(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Co) {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// GeneratedContent points out text that CSS inserts with ::before or
// ::after, which is lost to anyone who reads the page without those
// styles and is not part of the HTML that assistive technology and
// translation tools may rely on (1.3.1; WCAG F87; C9).
var GeneratedContent = &rules.Rule{
	ID:     "css-generated-content",
	Family: "structure",
	Title:  rules.Text{EN: "Information is not inserted by CSS", SV: "Information infogas inte med CSS"},
	Help: rules.Text{
		EN: "Put text that carries information (\"Required\", \"New\", prices, labels) in the HTML; use CSS ::before and ::after only for decoration.",
		SV: "Lägg text som bär information (”Obligatoriskt”, ”Ny”, priser, etiketter) i HTML; använd CSS ::before och ::after bara för dekor.",
	},
	Manual: rules.Text{
		EN: "Turn off styles or read the HTML: is the text CSS inserts needed to understand the content?",
		SV: "Stäng av stilmallar eller läs HTML-koden: behövs texten som CSS infogar för att förstå innehållet?",
	},
	WCAG:   []string{"1.3.1"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"css-text": {EN: "CSS inserts \"{text}\" {where} this element: does it carry information that should be in the HTML?", SV: "CSS infogar ”{text}” {where} elementet: bär texten information som borde finnas i HTML?"},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		seen := map[int]bool{}
		for _, g := range p.Generated {
			if seen[g.Node] || !p.IsElement(g.Node) || !dom.Visible(p, g.Node) || !wordText(g.Text) {
				continue
			}
			seen[g.Node] = true
			where := "before"
			if g.Pseudo == "::after" {
				where = "after"
			}
			out = append(out, rules.Cant(g.Node, "css-text", "text", clipText(page.Collapse(g.Text), 60), "where", where))
		}
		return out
	},
}
