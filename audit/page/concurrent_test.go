package page

import (
	"sync"
	"testing"
)

// The query methods are safe for concurrent use, memoised ones included.
func TestConcurrentQueries(t *testing.T) {
	build := func() *Page {
		p := &Page{Schema: Schema}
		add := func(parent int, typ NodeType, name string) int {
			p.Nodes = append(p.Nodes, Node{Parent: parent, Type: typ, Name: name})
			return len(p.Nodes) - 1
		}
		doc := add(-1, DocumentNode, "#document")
		html := add(doc, ElementNode, "html")
		body := add(html, ElementNode, "body")
		for k := 0; k < 50; k++ {
			add(body, ElementNode, "p")
		}
		return p
	}
	p := build()
	want := p.Selector(len(p.Nodes) - 1)
	p2 := build()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range p2.Nodes {
				p2.Selector(i)
				p2.XPath(i)
				p2.Children(i)
			}
		}()
	}
	wg.Wait()
	if got := p2.Selector(len(p2.Nodes) - 1); got != want {
		t.Errorf("Selector = %q, want %q", got, want)
	}
}
