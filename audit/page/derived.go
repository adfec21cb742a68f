package page

import "sync"

// derived holds per-node facts the rules read for every node of a page,
// built once on first use (like index). Reading them from one contiguous
// slice instead of each node's own layout record keeps the rules' scans
// over a large page (tens of thousands of nodes, each rule once) out of
// cache misses.
type derived struct {
	once     sync.Once
	elements []int  // IsElement nodes, in index order
	rendered []bool // rendered(i)

	vals Memo // Derive
}

// Memo holds values computed once per key: the first Get of a key runs fn,
// later ones (concurrent ones too) wait for it and return its value. The
// zero Memo is ready to use. It backs Page.Derive and the rules' per-page
// memo (rules.Ctx.Memo).
type Memo struct {
	mu sync.Mutex
	m  map[string]*memoEntry
}

type memoEntry struct {
	once sync.Once
	v    any
}

// Get returns the value for key, computing it with fn the first time.
func (m *Memo) Get(key string, fn func() any) any {
	m.mu.Lock()
	e, ok := m.m[key]
	if !ok {
		if m.m == nil {
			m.m = map[string]*memoEntry{}
		}
		e = &memoEntry{}
		m.m[key] = e
	}
	m.mu.Unlock()
	e.once.Do(func() { e.v = fn() })
	return e.v
}

func (p *Page) dv() *derived {
	p.more.once.Do(func() {
		d := &p.more
		d.rendered = make([]bool, len(p.Nodes))
		for i := range p.Nodes {
			if p.IsElement(i) {
				d.elements = append(d.elements, i)
			}
			d.rendered[i] = p.rendered(i)
		}
	})
	return &p.more
}

// Elements returns the indices of the page's elements (IsElement: element
// nodes that are not pseudo-elements) in index order. The slice is shared:
// do not modify it.
func (p *Page) Elements() []int { return p.dv().elements }

// Rendered reports whether the node has a layout object and is not hidden
// by visibility (a text node by its parent's). Elements inside display:none
// have no layout. Like the other lookups it is built once, on first use, so
// it assumes the page's nodes and layout no longer change.
func (p *Page) Rendered(i int) bool { return p.dv().rendered[i] }

// rendered computes Rendered for node i.
func (p *Page) rendered(i int) bool {
	n := &p.Nodes[i]
	if n.Layout == nil {
		return false
	}
	switch p.Style(i, "visibility") {
	case "hidden", "collapse":
		return false
	}
	return true
}

// Derive returns the value for key, computing it with fn once per page: a
// per-page index a helper builds from the page alone (no other input), for
// helpers that are called with the page and nothing else. Keys are
// package-qualified ("dom.ancestorHides"). Like the other lookups it
// assumes the page no longer changes.
func (p *Page) Derive(key string, fn func() any) any { return p.more.vals.Get(key, fn) }
