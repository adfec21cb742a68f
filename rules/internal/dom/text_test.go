package dom

import (
	"strings"
	"testing"
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
)

// TestTextHasLetter holds the per-page index to page.Text: a node has a
// letter exactly when its text content does.
func TestTextHasLetter(t *testing.T) {
	p := &page.Page{Nodes: []page.Node{
		{Parent: -1, Type: page.DocumentNode, Name: "#document"},
		{Parent: 0, Type: page.ElementNode, Name: "html"},
		{Parent: 1, Type: page.ElementNode, Name: "p"},
		{Parent: 2, Type: page.ElementNode, Name: "script"},
		{Parent: 3, Type: page.TextNode, Name: "#text", Value: "var x"},
		{Parent: 2, Type: page.ElementNode, Name: "span"},
		{Parent: 5, Type: page.TextNode, Name: "#text", Value: " 12 · 3 "},
		{Parent: 1, Type: page.ElementNode, Name: "div"},
		{Parent: 7, Type: page.ElementNode, Name: "::before", Pseudo: "before"},
		{Parent: 8, Type: page.TextNode, Name: "#text", Value: "icon"},
		{Parent: 7, Type: page.ElementNode, Name: "b"},
		{Parent: 10, Type: page.TextNode, Name: "#text", Value: "Å"},
		{Parent: 1, Type: page.ElementNode, Name: "iframe"},
		{Parent: 12, Type: page.DocumentNode, Name: "#document"},
		{Parent: 13, Type: page.TextNode, Name: "#text", Value: "frame"},
	}}
	c := rules.NewCtx(p, &rules.Rule{ID: "t"})
	for i := range p.Nodes {
		want := strings.IndexFunc(p.Text(i), unicode.IsLetter) >= 0
		if got := TextHasLetter(c, i); got != want {
			t.Errorf("node %d (%s): TextHasLetter = %v, page.Text %q", i, p.Nodes[i].Name, got, p.Text(i))
		}
	}
}
