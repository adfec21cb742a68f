// Package dom holds facts about a captured page that many rules need:
// roles as ARIA names them, hidden-ness, SVG membership, widget state.
// Functions here are pure over page.Page; the costly ones memoise through
// rules.Ctx so they are computed once per page.
package dom

import (
	"strings"

	"github.com/granska/granska/audit/page"
)

// chromeRoles maps the role names Chrome reports in its accessibility tree
// to WAI-ARIA role names where they differ.
var chromeRoles = map[string]string{
	"image":              "img",
	"RootWebArea":        "document",
	"Iframe":             "iframe",
	"StaticText":         "text",
	"LineBreak":          "text",
	"ListMarker":         "text",
	"LabelText":          "label",
	"Canvas":             "img",
	"Abbr":               "generic",
	"Section":            "region",
	"DescriptionList":    "list",
	"Legend":             "legend",
	"ComboBoxSelect":     "combobox",
	"MenuListPopup":      "listbox",
	"MenuListOption":     "option",
	"DisclosureTriangle": "button",
	"Video":              "group",
	"Audio":              "group",
}

// Role returns the ARIA role Chrome computed for node i, "" when the node is
// not in the accessibility tree.
func Role(p *page.Page, i int) string {
	r := p.Role(i)
	if r == "" || r[0] >= 'a' && r[0] <= 'z' && r != "image" {
		return r // an ARIA role name: chromeRoles holds only Chrome's own (and "image")
	}
	if m, ok := chromeRoles[r]; ok {
		return m
	}
	return r
}

// InSVG reports whether the element is an svg element or inside one.
func InSVG(p *page.Page, i int) bool {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		if p.Nodes[x].Type == page.ElementNode && p.Nodes[x].Name == "svg" {
			return true
		}
		if p.Nodes[x].Type == page.DocumentNode {
			return false
		}
	}
	return false
}

// ExplicitRoles returns the tokens of the role attribute, lower-cased.
func ExplicitRoles(p *page.Page, i int) []string {
	v, ok := p.Attr(i, "role")
	if !ok {
		return nil
	}
	return strings.Fields(page.Lower(v))
}

// HasExplicitRole reports whether the role attribute lists the role.
func HasExplicitRole(p *page.Page, i int, role string) bool {
	for _, r := range ExplicitRoles(p, i) {
		if r == role {
			return true
		}
	}
	return false
}

// Elements calls fn for every element node of every captured document
// (frames included) in index order (page.Page.Elements).
func Elements(p *page.Page, fn func(i int)) {
	for _, i := range p.Elements() {
		fn(i)
	}
}

// Disabled reports whether the element or an ancestor is a disabled widget
// in the accessibility tree's view.
func Disabled(p *page.Page, i int) bool {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		if p.AXProp(x, "disabled") == "true" {
			return true
		}
		if p.Nodes[x].Type == page.DocumentNode {
			break
		}
	}
	return false
}

// Hidden reports whether the element is excluded from the accessibility
// tree: not rendered, ignored by Chrome, or not captured in the tree.
func Hidden(p *page.Page, i int) bool { return !p.InAXTree(i) }

// Lang returns the language in effect for node i: the nearest lang (or
// xml:lang) attribute, "" when none.
func Lang(p *page.Page, i int) string {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		if p.Nodes[x].Type == page.ElementNode {
			if v, ok := p.Attr(x, "lang"); ok {
				return strings.TrimSpace(v)
			}
			if v, ok := p.Attr(x, "xml:lang"); ok {
				return strings.TrimSpace(v)
			}
		}
		if p.Nodes[x].Type == page.DocumentNode {
			break
		}
	}
	return ""
}
