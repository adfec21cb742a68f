package dom

import (
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
)

// TextHasLetter reports whether the text content of node i (page.Text: its
// descendant text nodes, without script, style, template and noscript
// contents, pseudo-elements or frame documents) contains a letter. It reads
// a per-page index built once in one pass over the tree, where testing
// page.Text per element costs the size of each subtree (quadratic on a
// deep page).
func TextHasLetter(c *rules.Ctx, i int) bool {
	return c.Memo("dom.textHasLetter", func() any { return textLetters(c.Page) }).([]bool)[i]
}

// textLetters computes TextHasLetter for every node, following the walk of
// page.Text.
func textLetters(p *page.Page) []bool {
	has := make([]bool, len(p.Nodes))
	done := make([]bool, len(p.Nodes))
	var visit func(i int) bool
	visit = func(i int) bool {
		if done[i] {
			return has[i]
		}
		done[i] = true
		n := &p.Nodes[i]
		switch n.Type {
		case page.TextNode:
			for _, r := range n.Value {
				if unicode.IsLetter(r) {
					has[i] = true
					break
				}
			}
			return has[i]
		case page.ElementNode:
			switch n.Name {
			case "script", "style", "template", "noscript":
				return false
			}
			if n.Pseudo != "" {
				return false
			}
		case page.DocumentNode:
			if i != 0 && n.Parent >= 0 {
				return false // a frame's document is not the frame's text
			}
		}
		for _, ch := range p.Children(i) {
			if visit(ch) {
				has[i] = true
			}
		}
		return has[i]
	}
	for i := range p.Nodes {
		visit(i)
	}
	return has
}
