package page

import "testing"

// Content of a closed <details> is hidden, its summary is not; an open
// details hides nothing; the nearest closed details decides for what is
// nested in it.
func TestInClosedDetails(t *testing.T) {
	p := &Page{Schema: Schema}
	add := func(parent int, name string, attrs ...string) int {
		p.Nodes = append(p.Nodes, Node{Parent: parent, Type: ElementNode, Name: name, Attrs: attrs})
		return len(p.Nodes) - 1
	}
	p.Nodes = append(p.Nodes, Node{Parent: -1, Type: DocumentNode, Name: "#document"})
	body := add(add(0, "html"), "body")
	outer := add(body, "details", "open", "")
	outerSum := add(outer, "summary")
	inner := add(outer, "details")
	innerSum := add(inner, "summary")
	innerSumText := add(innerSum, "span")
	link := add(add(add(inner, "ul"), "li"), "a", "href", "/jobb/1")
	second := add(inner, "summary") // only the first summary stays shown
	beside := add(outer, "p")
	for _, c := range []struct {
		i    int
		want bool
	}{
		{outer, false}, {outerSum, false}, {inner, false}, {innerSum, false},
		{innerSumText, false}, {beside, false}, {link, true}, {second, true},
	} {
		if got := p.InClosedDetails(c.i); got != c.want {
			t.Errorf("node %d <%s>: InClosedDetails = %v, want %v", c.i, p.Nodes[c.i].Name, got, c.want)
		}
	}
}
