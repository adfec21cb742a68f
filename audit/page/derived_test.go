package page

import (
	"slices"
	"testing"
)

// derivedPage has a visible element with text, an element hidden by
// visibility with text, an element without layout, and a pseudo-element.
func derivedPage() *Page {
	l := func(vis string) *Layout { return &Layout{Box: Rect{W: 10, H: 10}, Styles: []string{vis}} }
	p := &Page{StyleProps: []string{"visibility"}}
	p.Nodes = []Node{
		{Parent: -1, Type: DocumentNode, Name: "#document"},
		{Parent: 0, Type: ElementNode, Name: "html", Layout: l("visible")},
		{Parent: 1, Type: ElementNode, Name: "p", Layout: l("visible")},
		{Parent: 2, Type: TextNode, Name: "#text", Value: "shown", Layout: &Layout{}},
		{Parent: 1, Type: ElementNode, Name: "p", Layout: l("hidden")},
		{Parent: 4, Type: TextNode, Name: "#text", Value: "hidden", Layout: &Layout{}},
		{Parent: 1, Type: ElementNode, Name: "div"},
		{Parent: 2, Type: ElementNode, Name: "::before", Pseudo: "before", Layout: l("collapse")},
	}
	return p
}

func TestRenderedAndElements(t *testing.T) {
	p := derivedPage()
	want := []bool{false, true, true, true, false, false, false, false}
	for i, w := range want {
		if got := p.Rendered(i); got != w {
			t.Errorf("Rendered(%d) = %v, want %v", i, got, w)
		}
	}
	if got, want := p.Elements(), []int{1, 2, 4, 6}; !slices.Equal(got, want) {
		t.Errorf("Elements() = %v, want %v", got, want)
	}
}

func TestDeriveOncePerKey(t *testing.T) {
	p := derivedPage()
	calls := 0
	f := func() any { calls++; return calls }
	if a, b := p.Derive("t.a", f), p.Derive("t.a", f); a != 1 || b != 1 {
		t.Errorf("Derive(t.a) = %v, %v, want 1, 1", a, b)
	}
	if c := p.Derive("t.b", f); c != 2 {
		t.Errorf("Derive(t.b) = %v, want 2 (its own key)", c)
	}
}
