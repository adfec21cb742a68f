package page

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// index holds lookups built once per page.
type index struct {
	children  [][]int
	backend   map[int64]int
	style     map[string]int
	ids       map[idKey][]int // tree scope + id -> elements, document order
	scope     []int           // tree scope root of each node
	base      map[int]int     // document node -> its first <base href> element
	missMu    sync.Mutex
	missing   map[string]bool // styles read that the capture did not record
	selMu     sync.Mutex
	selectors []string // memoised, built on demand under selMu
}

type idKey struct {
	scope int
	id    string
}

func (p *Page) ix() *index {
	p.once.Do(func() {
		x := &index{
			children: make([][]int, len(p.Nodes)),
			backend:  make(map[int64]int, len(p.Nodes)),
			style:    make(map[string]int, len(p.StyleProps)),
			ids:      map[idKey][]int{},
			scope:    make([]int, len(p.Nodes)),
			base:     map[int]int{},
		}
		for i, s := range p.StyleProps {
			x.style[s] = i
		}
		for i := range p.Nodes {
			n := &p.Nodes[i]
			if n.Parent >= 0 {
				x.children[n.Parent] = append(x.children[n.Parent], i)
			}
			if n.Backend != 0 {
				x.backend[n.Backend] = i
			}
			switch {
			case n.Type == DocumentNode || n.Type == FragmentNode || n.Parent < 0:
				x.scope[i] = i
			default:
				x.scope[i] = x.scope[n.Parent]
			}
			if n.Type == ElementNode {
				if _, seen := x.base[n.Doc]; !seen && n.Name == "base" && p.HasAttr(i, "href") {
					x.base[n.Doc] = i
				}
				if id, ok := p.Attr(i, "id"); ok && id != "" {
					k := idKey{x.scope[i], id}
					x.ids[k] = append(x.ids[k], i)
				}
			}
		}
		p.idx = x
	})
	return p.idx
}

// Children returns the node's children in document order (shadow roots and
// frame documents included, as captured).
func (p *Page) Children(i int) []int { return p.ix().children[i] }

// ByBackend returns the node with the DevTools backend node id.
func (p *Page) ByBackend(id int64) (int, bool) {
	i, ok := p.ix().backend[id]
	return i, ok
}

// Scope returns the root of the node's tree scope: its document node or its
// shadow root.
func (p *Page) Scope(i int) int { return p.ix().scope[i] }

// ElementsByID returns the elements with the id in the tree scope, in
// document order.
func (p *Page) ElementsByID(scope int, id string) []int {
	return p.ix().ids[idKey{scope, id}]
}

// ElementByID returns the first element with the id in the node's tree
// scope, as getElementById does.
func (p *Page) ElementByID(from int, id string) (int, bool) {
	els := p.ix().ids[idKey{p.Scope(from), id}]
	if len(els) == 0 {
		return -1, false
	}
	return els[0], true
}

// IsElement reports whether node i is an element (not a pseudo-element).
func (p *Page) IsElement(i int) bool {
	n := &p.Nodes[i]
	return n.Type == ElementNode && n.Pseudo == ""
}

// Tag returns the element's lower-case tag name.
func (p *Page) Tag(i int) string { return p.Nodes[i].Name }

// Attr returns an attribute's value. HTML attribute names are matched ASCII
// case-insensitively.
func (p *Page) Attr(i int, name string) (string, bool) {
	a := p.Nodes[i].Attrs
	for k := 0; k+1 < len(a); k += 2 {
		if strings.EqualFold(a[k], name) {
			return a[k+1], true
		}
	}
	return "", false
}

// HasAttr reports whether the element has the attribute.
func (p *Page) HasAttr(i int, name string) bool {
	_, ok := p.Attr(i, name)
	return ok
}

// AttrNames returns the element's attribute names in source order.
func (p *Page) AttrNames(i int) []string {
	a := p.Nodes[i].Attrs
	out := make([]string, 0, len(a)/2)
	for k := 0; k+1 < len(a); k += 2 {
		out = append(out, a[k])
	}
	return out
}

// Style returns a computed style of the node, "" when the node has no layout
// or the property was not captured. For a text node it returns the parent
// element's value.
func (p *Page) Style(i int, prop string) string {
	n := &p.Nodes[i]
	if n.Type == TextNode && n.Parent >= 0 {
		n = &p.Nodes[n.Parent]
	}
	if n.Layout == nil || len(n.Layout.Styles) == 0 {
		return ""
	}
	x := p.ix()
	k, ok := x.style[prop]
	if !ok {
		x.missMu.Lock()
		if x.missing == nil {
			x.missing = map[string]bool{}
		}
		x.missing[prop] = true
		x.missMu.Unlock()
		return ""
	}
	return n.Layout.Styles[k]
}

// StyleFloat returns a computed style parsed as a CSS pixel length ("12px"),
// or 0.
func (p *Page) StyleFloat(i int, prop string) float64 {
	v := strings.TrimSuffix(p.Style(i, prop), "px")
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0
	}
	return f
}

// Box returns the node's layout box and whether it has one.
func (p *Page) Box(i int) (Rect, bool) {
	if l := p.Nodes[i].Layout; l != nil {
		return l.Box, true
	}
	return Rect{}, false
}

// Ancestors calls fn for each ancestor of i, nearest first, crossing shadow
// roots and frame boundaries, until fn returns false.
func (p *Page) Ancestors(i int, fn func(a int) bool) {
	for a := p.Nodes[i].Parent; a >= 0; a = p.Nodes[a].Parent {
		if !fn(a) {
			return
		}
	}
}

// ParentElement returns the nearest ancestor element (crossing shadow roots
// to their host), or -1.
func (p *Page) ParentElement(i int) int {
	for a := p.Nodes[i].Parent; a >= 0; a = p.Nodes[a].Parent {
		if p.Nodes[a].Type == ElementNode {
			return a
		}
		if p.Nodes[a].Type == DocumentNode {
			return -1
		}
	}
	return -1
}

// Descendants calls fn for each descendant of i in document order; fn
// returns false to skip a node's subtree.
func (p *Page) Descendants(i int, fn func(d int) bool) {
	for _, c := range p.Children(i) {
		if fn(c) {
			p.Descendants(c, fn)
		}
	}
}

// IsAncestor reports whether a is a proper ancestor of d.
func (p *Page) IsAncestor(a, d int) bool {
	for x := p.Nodes[d].Parent; x >= 0; x = p.Nodes[x].Parent {
		if x == a {
			return true
		}
	}
	return false
}

// Root returns the html element of the main document, or -1.
func (p *Page) Root() int { return p.DocElement(0) }

// DocElement returns the document element of the document node doc, or -1.
func (p *Page) DocElement(doc int) int {
	if doc < 0 || doc >= len(p.Nodes) {
		return -1
	}
	for _, c := range p.Children(doc) {
		if p.Nodes[c].Type == ElementNode {
			return c
		}
	}
	return -1
}

// Text returns the text content of node i: its descendant text nodes
// joined, with white space collapsed. Script, style, template and noscript
// contents are skipped; shadow trees are included as rendered.
func (p *Page) Text(i int) string {
	var b strings.Builder
	p.appendText(&b, i)
	return collapse(b.String())
}

func (p *Page) appendText(b *strings.Builder, i int) {
	n := &p.Nodes[i]
	switch n.Type {
	case TextNode:
		b.WriteString(n.Value)
		return
	case ElementNode:
		switch n.Name {
		case "script", "style", "template", "noscript":
			return
		}
		if n.Pseudo != "" {
			return
		}
	case DocumentNode:
		if i != 0 && n.Parent >= 0 {
			return // a frame's document is not the frame's text
		}
	}
	for _, c := range p.Children(i) {
		p.appendText(b, c)
	}
}

// collapse folds runs of white space into one space and trims.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Collapse folds white space as Text does.
func Collapse(s string) string { return collapse(s) }

// InClosedDetails reports whether node i is in the content of a closed
// <details> (one without open), outside its summary: the browser does not
// show it, though it may still have a layout box (content-visibility), so
// Rendered alone can say true.
func (p *Page) InClosedDetails(i int) bool {
	child := i
	for a := p.Nodes[i].Parent; a >= 0; child, a = a, p.Nodes[a].Parent {
		if p.Nodes[a].Type != ElementNode || p.Nodes[a].Name != "details" || p.HasAttr(a, "open") {
			continue
		}
		// The details' summary (its first summary child) stays shown.
		if p.Nodes[child].Name == "summary" && p.firstSummary(a) == child {
			continue
		}
		return true
	}
	return false
}

// firstSummary returns the first summary child of details d, or -1.
func (p *Page) firstSummary(d int) int {
	for _, c := range p.Children(d) {
		if p.Nodes[c].Type == ElementNode && p.Nodes[c].Name == "summary" {
			return c
		}
	}
	return -1
}

// InAXTree reports whether the node is in the accessibility tree and not
// ignored.
func (p *Page) InAXTree(i int) bool {
	ax := p.Nodes[i].AX
	return ax != nil && !ax.Ignored
}

// Role returns the role Chrome computed, "" when the node is not in the AX
// tree.
func (p *Page) Role(i int) string {
	if ax := p.Nodes[i].AX; ax != nil {
		return ax.Role
	}
	return ""
}

// AXName returns the accessible name Chrome computed.
func (p *Page) AXName(i int) string {
	if ax := p.Nodes[i].AX; ax != nil {
		return ax.Name
	}
	return ""
}

// AXProp returns an AX property ("focusable", "hidden", ...).
func (p *Page) AXProp(i int, name string) string {
	if ax := p.Nodes[i].AX; ax != nil {
		return ax.Props[name]
	}
	return ""
}

// Snippet returns the element's start tag, shortened to about max bytes.
func (p *Page) Snippet(i int, max int) string {
	n := &p.Nodes[i]
	if n.Type == TextNode {
		return truncate(collapse(n.Value), max)
	}
	if n.Type != ElementNode {
		return n.Name
	}
	var b strings.Builder
	b.WriteString("<")
	b.WriteString(n.Name)
	for k := 0; k+1 < len(n.Attrs); k += 2 {
		b.WriteString(" ")
		b.WriteString(n.Attrs[k])
		if n.Attrs[k+1] != "" {
			b.WriteString(`="`)
			b.WriteString(strings.ReplaceAll(truncate(n.Attrs[k+1], 80), `"`, "&quot;"))
			b.WriteString(`"`)
		}
	}
	b.WriteString(">")
	return truncate(b.String(), max)
}

func truncate(s string, n int) string {
	if n <= 0 || len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8Start(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }

// XPath returns an XPath of the element within its document, such as
// /html/body/div[2]/p. Shadow and frame boundaries are joined with " >>> ".
func (p *Page) XPath(i int) string {
	var parts []string
	for x := i; x >= 0; {
		n := &p.Nodes[x]
		switch n.Type {
		case ElementNode:
			parts = append(parts, n.Name+p.nthOfType(x, true))
		case TextNode:
			parts = append(parts, "text()")
		case FragmentNode, DocumentNode:
			if n.Parent < 0 {
				x = -1
				continue
			}
			parts = append(parts, " >>> ")
		}
		x = n.Parent
	}
	var b strings.Builder
	for k := len(parts) - 1; k >= 0; k-- {
		if parts[k] == " >>> " {
			b.WriteString(parts[k])
			continue
		}
		b.WriteString("/")
		b.WriteString(parts[k])
	}
	return strings.ReplaceAll(b.String(), " >>> /", " >>> /")
}

// nthOfType returns "[k]" for the element's position among siblings of the
// same tag, or "" when it is the only one and brief is set.
func (p *Page) nthOfType(i int, brief bool) string {
	par := p.Nodes[i].Parent
	if par < 0 {
		return ""
	}
	pos, count := 0, 0
	for _, s := range p.Children(par) {
		if p.Nodes[s].Type == ElementNode && p.Nodes[s].Pseudo == "" && p.Nodes[s].Name == p.Nodes[i].Name {
			count++
			if s == i {
				pos = count
			}
		}
	}
	if brief && count == 1 {
		return ""
	}
	return fmt.Sprintf("[%d]", pos)
}

// Selector returns a CSS selector that matches the element in its tree
// scope, preferring a unique id. Selectors of elements in shadow trees or
// frames are prefixed with the host's or frame's selector and " >>> ".
func (p *Page) Selector(i int) string {
	x := p.ix()
	x.selMu.Lock()
	if x.selectors == nil {
		x.selectors = make([]string, len(p.Nodes))
	}
	s := x.selectors[i]
	x.selMu.Unlock()
	if s != "" {
		return s
	}
	// Computed outside the lock: it recurses into Selector for hosts and
	// frames. Two goroutines may both compute it; they get the same string.
	s = p.selector(i)
	x.selMu.Lock()
	x.selectors[i] = s
	x.selMu.Unlock()
	return s
}

func (p *Page) selector(i int) string {
	n := &p.Nodes[i]
	if n.Type == TextNode && n.Parent >= 0 {
		return p.Selector(n.Parent)
	}
	if n.Type == DocumentNode || n.Type == FragmentNode {
		if n.Parent >= 0 {
			return p.Selector(n.Parent)
		}
		return ":root"
	}
	var parts []string
	prefix := ""
	for x := i; x >= 0; {
		nx := &p.Nodes[x]
		if nx.Type == ElementNode {
			if id, ok := p.Attr(x, "id"); ok && id != "" && len(p.ElementsByID(p.Scope(x), id)) == 1 && cssIdent(id) {
				parts = append(parts, "#"+id)
				break
			}
			seg := nx.Name
			if nx.Pseudo != "" {
				seg = nx.Pseudo
			} else if nx.Name != "html" && nx.Name != "body" && nx.Name != "head" {
				if k := p.nthOfType(x, false); k != "[1]" || p.hasSameTagSibling(x) {
					seg += ":nth-of-type(" + strings.Trim(k, "[]") + ")"
				}
			}
			parts = append(parts, seg)
			x = nx.Parent
			continue
		}
		if nx.Type == FragmentNode || (nx.Type == DocumentNode && nx.Parent >= 0) {
			if nx.Parent >= 0 {
				prefix = p.Selector(nx.Parent) + " >>> "
			}
			break
		}
		x = nx.Parent
	}
	for l, r := 0, len(parts)-1; l < r; l, r = l+1, r-1 {
		parts[l], parts[r] = parts[r], parts[l]
	}
	return prefix + strings.Join(parts, " > ")
}

func (p *Page) hasSameTagSibling(i int) bool {
	par := p.Nodes[i].Parent
	if par < 0 {
		return false
	}
	for _, s := range p.Children(par) {
		if s != i && p.Nodes[s].Type == ElementNode && p.Nodes[s].Name == p.Nodes[i].Name {
			return true
		}
	}
	return false
}

// cssIdent reports whether s can be written as #s without escaping.
func cssIdent(s string) bool {
	if s == "" || (s[0] >= '0' && s[0] <= '9') || s[0] == '-' && len(s) > 1 && s[1] >= '0' && s[1] <= '9' {
		return false
	}
	for _, r := range s {
		if !(r == '-' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 0x7f) {
			return false
		}
	}
	return true
}

// UnrecordedStyles returns, sorted, the computed styles that were read with
// Style on an element that has styles but that the capture did not record
// (not in StyleProps): Style answered "" for them, which a rule cannot tell
// from a real "". Tests fail on any (rules/ruletest).
func (p *Page) UnrecordedStyles() []string {
	x := p.ix()
	x.missMu.Lock()
	defer x.missMu.Unlock()
	out := make([]string, 0, len(x.missing))
	for s := range x.missing {
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}
