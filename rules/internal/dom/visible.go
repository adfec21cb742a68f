package dom

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
)

// HTMLContent reports whether the main document is the author's HTML:
// served as text/html (or of unknown type), and not a browser error page.
// An XML or SVG file that Chrome shows in its XML viewer is captured as a
// generated html page, and a page that navigated away (a meta refresh to
// an unreachable site) can be captured as Chrome's error page; neither is
// the author's.
func HTMLContent(p *page.Page) bool {
	if ErrorPage(p) {
		return false
	}
	ct := page.Lower(p.ContentType)
	return ct == "" || strings.Contains(ct, "text/html")
}

// ErrorPage reports whether the captured main document is a browser error
// page (chrome-error://) rather than the page asked for.
func ErrorPage(p *page.Page) bool {
	return len(p.Documents) > 0 && strings.HasPrefix(p.Documents[0].URL, "chrome-error:")
}

// TabIndex parses the element's tabindex attribute as HTML does (optional
// white space, optional sign, digits, anything after ignored). ok is false
// when there is no attribute or its value is not an integer.
func TabIndex(p *page.Page, i int) (n int, ok bool) {
	v, has := p.Attr(i, "tabindex")
	if !has {
		return 0, false
	}
	v = strings.TrimLeft(v, " \t\n\f\r")
	end := 0
	if end < len(v) && (v[end] == '-' || v[end] == '+') {
		end++
	}
	digits := end
	for end < len(v) && v[end] >= '0' && v[end] <= '9' {
		end++
	}
	if end == digits {
		return 0, false
	}
	n, err := strconv.Atoi(v[:end])
	if err != nil {
		return 0, false
	}
	return n, true
}

// Tabbable reports whether the element is part of sequential focus
// navigation: the capture's focus order holds it, Chrome says it is
// focusable, and it is not inert (inert content has no accessibility node,
// or an ignored one).
func Tabbable(p *page.Page, i int) bool {
	in := false
	for _, n := range p.Focus.Order {
		if n == i {
			in = true
			break
		}
	}
	if !in {
		return false
	}
	ax := p.Nodes[i].AX
	if ax == nil || ax.Props["focusable"] != "true" {
		return false
	}
	return !ax.Ignored || !inertReason(ax.IgnoredReasons)
}

func inertReason(rs []string) bool {
	for _, r := range rs {
		switch r {
		case "inertElement", "inertSubtree", "activeModalDialog":
			return true
		}
	}
	return false
}

// Visible reports whether the node is rendered with some pixels a sighted
// user could see: it has a layout box of non-zero size (or, for a text
// node, a line box) that is not entirely outside its document's page area,
// its visibility is not hidden, neither it nor an ancestor has opacity 0 or
// a fully clipping clip, and it is not inside a frame too small to show it.
// An element whose own box is empty counts as visible when a descendant is.
// It is deliberately generous: rules use it to decide applicability, and a
// visible answer for an invisible node only costs a passed outcome.
func Visible(p *page.Page, i int) bool {
	n := &p.Nodes[i]
	switch n.Type {
	case page.TextNode:
		if n.Layout == nil || strings.TrimSpace(n.Value) == "" {
			return false
		}
		if !p.Rendered(i) || ancestorHides(p, i) {
			return false
		}
		boxes := n.Layout.TextBoxes
		if len(boxes) == 0 {
			boxes = []page.Rect{n.Layout.Box}
		}
		for _, b := range boxes {
			if onPage(p, i, b) {
				return true
			}
		}
		return false
	case page.ElementNode:
		if n.Pseudo != "" || n.Layout == nil || !p.Rendered(i) || ancestorHides(p, i) {
			return false
		}
		if b := n.Layout.Box; !b.Empty() && onPage(p, i, b) {
			return true
		}
		found := false
		p.Descendants(i, func(d int) bool {
			if found || p.Nodes[d].Type == page.DocumentNode {
				return false
			}
			if p.Nodes[d].Type == page.TextNode && Visible(p, d) {
				found = true
				return false
			}
			if p.Nodes[d].Type == page.ElementNode && p.Nodes[d].Layout != nil {
				if b := p.Nodes[d].Layout.Box; !b.Empty() && onPage(p, d, b) && p.Rendered(d) {
					found = true
					return false
				}
			}
			return true
		})
		return found
	}
	return false
}

// ancestorHides reports whether the node or an ancestor in its document
// has opacity 0 or a clip that hides everything.
func ancestorHides(p *page.Page, i int) bool {
	return p.Derive("dom.ancestorHides", func() any { return ancestorsHiding(p) }).([]bool)[i]
}

// ancestorsHiding computes ancestorHides for every node in one pass: a
// node is hidden by itself or else by its parent, up to its document.
func ancestorsHiding(p *page.Page) []bool {
	const (
		unknown = iota
		no
		yes
	)
	state := make([]uint8, len(p.Nodes))
	var hides func(x int) bool
	hides = func(x int) bool {
		if x < 0 {
			return false
		}
		if state[x] != unknown {
			return state[x] == yes
		}
		n := &p.Nodes[x]
		h := false
		switch {
		case n.Type == page.DocumentNode:
		case n.Type == page.ElementNode && n.Layout != nil && (p.Style(x, "opacity") == "0" || zeroClip(p, x)):
			h = true
		default:
			h = hides(n.Parent)
		}
		state[x] = no
		if h {
			state[x] = yes
		}
		return h
	}
	out := make([]bool, len(p.Nodes))
	for i := range p.Nodes {
		out[i] = hides(i)
	}
	return out
}

// zeroClip reports whether the element's clip hides all of it:
// rect(0 0 0 0) or rect(1px 1px 1px 1px) on an absolutely positioned box
// (clip applies to no other).
func zeroClip(p *page.Page, x int) bool {
	c := strings.ReplaceAll(p.Style(x, "clip"), " ", "")
	if c != "rect(0px,0px,0px,0px)" && c != "rect(1px,1px,1px,1px)" {
		return false
	}
	pos := p.Style(x, "position")
	return pos == "absolute" || pos == "fixed"
}

// onPage reports whether the box reaches into the page area of the node's
// document: not entirely above or left of the origin, and for a frame's
// content inside the frame's viewport.
func onPage(p *page.Page, i int, b page.Rect) bool {
	if b.X+b.W <= 0 || b.Y+b.H <= 0 {
		return false
	}
	doc := p.Nodes[i].Doc
	if doc > 0 && doc < len(p.Nodes) && p.Nodes[doc].Parent >= 0 {
		if l := p.Nodes[doc].Layout; l != nil {
			vp := l.Box
			if vp.W <= 1 || vp.H <= 1 {
				return false
			}
			// A frame shows only its viewport unless it scrolls; content
			// wholly beyond the right edge of a frame is out of view.
			if b.X >= vp.X+vp.W {
				return false
			}
			if b.Intersect(vp).Empty() && b.Y < vp.Y+vp.H {
				return false
			}
		}
	}
	return true
}

// ClippedAway reports whether the element or an ancestor clips its content
// to nothing, the "visually hidden" pattern: clip: rect(0 0 0 0) or
// rect(1px 1px 1px 1px) on an absolutely positioned box (clip applies to
// no other), clip-path: inset(50%) or inset(100%), or a box at most one
// pixel wide or high that hides its overflow in that axis. Such content is
// for screen readers only.
func ClippedAway(p *page.Page, i int) bool {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			return false
		}
		if n.Type != page.ElementNode || n.Layout == nil {
			continue
		}
		if zeroClip(p, x) {
			return true
		}
		if cp := p.Style(x, "clip-path"); strings.HasPrefix(cp, "inset(50%") || strings.HasPrefix(cp, "inset(100%") {
			return true
		}
		b := n.Layout.Box
		hides := func(v string) bool { return v == "hidden" || v == "clip" }
		if (hides(p.Style(x, "overflow-x")) && b.W <= 1) || (hides(p.Style(x, "overflow-y")) && b.H <= 1) {
			return true
		}
	}
	return false
}
