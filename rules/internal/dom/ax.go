package dom

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/standards/ariaspec"
	"github.com/granska/granska/rules"
)

// RoleIs reports whether node i's ARIA role (as Role gives it) is name or a
// subclass of it in the ARIA taxonomy: RoleIs(p, i, "link") is true for
// doc-biblioref.
func RoleIs(p *page.Page, i int, name string) bool {
	r := Role(p, i)
	if r == "" {
		return false
	}
	if r == name {
		return true
	}
	spec, ok := ariaspec.PeekRole(r)
	return ok && spec.Is(name)
}

// FirstRole returns the first token of the element's role attribute that
// names a non-abstract WAI-ARIA, DPUB-ARIA or Graphics-ARIA role, as user
// agents pick it, and "" when there is none.
func FirstRole(p *page.Page, i int) string {
	for _, t := range ExplicitRoles(p, i) {
		if r, ok := ariaspec.LookupRole(t); ok && !r.Abstract {
			return r.Name
		}
	}
	return ""
}

// Presentational reports whether the role is none or presentation.
func Presentational(role string) bool { return role == "none" || role == "presentation" }

// InputType returns the state of an input element's type attribute, lower
// case, "text" when missing; "" for other elements.
func InputType(p *page.Page, i int) string {
	if p.Tag(i) != "input" {
		return ""
	}
	v, ok := p.Attr(i, "type")
	v = strings.ToLower(strings.TrimSpace(v))
	if !ok || v == "" {
		return "text"
	}
	return v
}

// SeqFocusable reports whether element i is in the page's sequential focus
// navigation order (Page.Focus.Order, computed at capture). The set is built
// once per page.
func SeqFocusable(c *rules.Ctx, i int) bool {
	set := c.Memo("dom.seqFocus", func() any {
		m := make(map[int]bool, len(c.Page.Focus.Order))
		for _, n := range c.Page.Focus.Order {
			m[n] = true
		}
		return m
	}).(map[int]bool)
	return set[i]
}

// FocusableDescendants returns the flat-tree descendants of i (shadow trees
// and nested documents included) that are in sequential focus navigation,
// in document order.
func FocusableDescendants(c *rules.Ctx, i int) []int {
	var out []int
	c.Page.Descendants(i, func(d int) bool {
		if SeqFocusable(c, d) {
			out = append(out, d)
		}
		return true
	})
	return out
}

// IDRefs splits an ID reference list attribute into its ids.
func IDRefs(v string) []string { return strings.Fields(v) }

// HasARIALabel reports whether the element has a non-empty aria-label or an
// aria-labelledby attribute.
func HasARIALabel(p *page.Page, i int) bool {
	if v, ok := p.Attr(i, "aria-label"); ok && strings.TrimSpace(v) != "" {
		return true
	}
	return p.HasAttr(i, "aria-labelledby")
}

// TextHidden reports whether a rendered text node or element is hidden from
// sight all the same: an ancestor (up to its document) is transparent, or
// clips it to at most one pixel (the "visually hidden" pattern: a 1×1 box
// with overflow hidden, clip: rect(0 0 0 0), clip-path: inset(50%)).
func TextHidden(p *page.Page, i int) bool {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			break
		}
		if n.Type != page.ElementNode || n.Layout == nil {
			continue
		}
		if p.Style(x, "opacity") == "0" {
			return true
		}
		if cp := p.Style(x, "clip-path"); strings.HasPrefix(cp, "inset(50%") {
			return true
		}
		if cl := p.Style(x, "clip"); strings.HasPrefix(cl, "rect(") && tinyClip(cl) {
			return true
		}
		b := n.Layout.Box
		ox, oy := p.Style(x, "overflow-x"), p.Style(x, "overflow-y")
		if (ox != "" && ox != "visible" && b.W <= 1) || (oy != "" && oy != "visible" && b.H <= 1) {
			return true
		}
	}
	return false
}

// tinyClip reports whether a CSS clip rect(t, r, b, l) leaves at most one
// pixel in either direction.
func tinyClip(v string) bool {
	v = strings.TrimSuffix(strings.TrimPrefix(v, "rect("), ")")
	f := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
	if len(f) != 4 {
		return false
	}
	px := func(s string) (float64, bool) {
		s = strings.TrimSuffix(s, "px")
		var x float64
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			x = x*10 + float64(c-'0')
		}
		return x, true
	}
	t, ok1 := px(f[0])
	r, ok2 := px(f[1])
	b, ok3 := px(f[2])
	l, ok4 := px(f[3])
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return false
	}
	return b-t <= 1 || r-l <= 1
}

// inlineDisplay reports whether a display value lays its box out inline,
// so the text on either side runs on without a break.
func inlineDisplay(d string) bool {
	return d == "" || strings.HasPrefix(d, "inline") || d == "contents"
}

// VisibleText returns the text of the element's rendered, visible text
// nodes in document order, with a space between block-level boxes and at
// line breaks, and white space collapsed. Text in shadow trees is included;
// nested documents are not. iconFont reports whether some of that text is
// set in an icon font (font-family mentioning "icon"), whose letters stand
// for pictures.
func VisibleText(p *page.Page, i int) (text string, iconFont bool) {
	var b strings.Builder
	var walk func(x int)
	walk = func(x int) {
		for _, c := range p.Children(x) {
			n := &p.Nodes[c]
			switch n.Type {
			case page.TextNode:
				if !p.Rendered(c) || TextHidden(p, c) {
					continue
				}
				if strings.Contains(strings.ToLower(p.Style(c, "font-family")), "icon") && strings.TrimSpace(n.Value) != "" {
					iconFont = true
					continue
				}
				b.WriteString(n.Value)
			case page.ElementNode:
				if n.Pseudo != "" || n.Layout == nil {
					continue
				}
				switch n.Name {
				case "script", "style", "template", "noscript":
					continue
				case "br":
					b.WriteString(" ")
					continue
				}
				block := !inlineDisplay(p.Style(c, "display"))
				if block {
					b.WriteString(" ")
				}
				walk(c)
				if block {
					b.WriteString(" ")
				}
			case page.FragmentNode:
				walk(c)
			}
		}
	}
	walk(i)
	return page.Collapse(b.String()), iconFont
}

// ARIAHidden reports whether the element or an ancestor in its document
// (or a shadow host) has aria-hidden="true".
func ARIAHidden(p *page.Page, i int) bool {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			return false
		}
		if n.Type == page.ElementNode {
			if v, ok := p.Attr(x, "aria-hidden"); ok && strings.EqualFold(strings.TrimSpace(v), "true") {
				return true
			}
		}
	}
	return false
}

// ProgHidden reports whether the element is hidden from everyone: not
// rendered (display: none and the like), visibility hidden, or inside
// aria-hidden="true".
func ProgHidden(p *page.Page, i int) bool {
	return !p.Rendered(i) || ARIAHidden(p, i)
}

// AXParent returns the node whose accessibility-tree children include i
// (aria-owns applied), or -1. The map is built once per page.
func AXParent(c *rules.Ctx, i int) int {
	m := c.Memo("dom.axParent", func() any {
		p := c.Page
		par := make(map[int]int)
		for x := range p.Nodes {
			if ax := p.Nodes[x].AX; ax != nil {
				for _, ch := range ax.Children {
					par[ch] = x
				}
			}
		}
		return par
	}).(map[int]int)
	if x, ok := m[i]; ok {
		return x
	}
	return -1
}

// ImplicitRoleIs reports whether the HTML element's implicit role, as
// aria-query's element table gives it for the element's tag and attribute
// values, can be role. Conditions in words are not evaluated, so it may
// say yes for an element whose context gives it another role.
func ImplicitRoleIs(p *page.Page, i int, role string) bool {
	for _, er := range ariaspec.ElementRoles(p.Tag(i)) {
		if !containsStr(er.Roles, role) {
			continue
		}
		ok := true
		for _, a := range er.Attributes {
			v, has := p.Attr(i, a.Name)
			switch {
			case a.Value != "":
				ok = ok && has && strings.EqualFold(strings.TrimSpace(v), a.Value)
			case containsStr(a.Constraints, "set"):
				ok = ok && has
			case containsStr(a.Constraints, "undefined"):
				ok = ok && !has
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ARIAAttrs returns the names of the element's attributes that start with
// "aria-", lower case, in source order.
func ARIAAttrs(p *page.Page, i int) []string {
	var out []string
	for _, a := range p.AttrNames(i) {
		a = strings.ToLower(a)
		if strings.HasPrefix(a, "aria-") {
			out = append(out, a)
		}
	}
	return out
}

// ReachedByTab reports whether a real Tab press put focus on node i during
// the capture's keyboard walk.
func ReachedByTab(c *rules.Ctx, i int) bool {
	set := c.Memo("dom.tabStops", func() any {
		m := map[int]bool{}
		for _, s := range c.Page.Focus.Stops {
			if s.Node >= 0 {
				m[s.Node] = true
			}
		}
		return m
	}).(map[int]bool)
	return set[i]
}

// RawText returns the text of the nodes under i joined with their white
// space kept, as a pre element shows it (page.Text collapses it).
func RawText(p *page.Page, i int) string {
	var b strings.Builder
	p.Descendants(i, func(d int) bool {
		if p.Nodes[d].Type == page.TextNode {
			b.WriteString(p.Nodes[d].Value)
		}
		return true
	})
	return b.String()
}
