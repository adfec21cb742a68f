package structure

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// exposed reports whether an element reaches users: in the accessibility
// tree or visible.
func exposed(p *page.Page, i int) bool { return p.InAXTree(i) || dom.Visible(p, i) }

// ListStructure checks that lists are built as HTML defines them, so
// screen readers announce them as lists with the right number of items:
// ul and ol contain only li (and script or template), li sits in a ul, ol
// or menu, dl contains only dt and dd groups. Elements whose role the author
// changed are left alone.
var ListStructure = &rules.Rule{
	ID:     "list-structure",
	Family: "structure",
	Title:  rules.Text{EN: "Lists are correctly structured", SV: "Listor är korrekt uppbyggda"},
	Help: rules.Text{
		EN: "Put only li elements directly in ul and ol (wrap other content in an li), li only in ul, ol or menu, and only dt and dd (optionally grouped in div) in dl.",
		SV: "Lägg bara li-element direkt i ul och ol (linda in annat innehåll i ett li), li bara i ul, ol eller menu, och bara dt och dd (eventuellt grupperade i div) i dl.",
	},
	WCAG:   []string{"1.3.1"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"list-ok":        {EN: "The list contains only list items.", SV: "Listan innehåller bara listpunkter."},
		"bad-child":      {EN: "The {list} contains a <{child}> that is not a list item.", SV: "{list}-listan innehåller ett <{child}> som inte är en listpunkt."},
		"text-child":     {EN: "The {list} contains text outside its list items: \"{text}\".", SV: "{list}-listan innehåller text utanför listpunkterna: ”{text}”."},
		"orphan-item":    {EN: "This <{item}> is not inside a list ({parent} instead).", SV: "Detta <{item}> ligger inte i en lista (utan i {parent})."},
		"item-in-list":   {EN: "The list item is inside a list.", SV: "Listpunkten ligger i en lista."},
		"bad-dl-child":   {EN: "The dl contains a <{child}>, which is not dt, dd or a div grouping them.", SV: "dl-listan innehåller ett <{child}>, som inte är dt, dd eller en div som grupperar dem."},
		"dl-item-orphan": {EN: "This <{item}> is not inside a dl.", SV: "Detta <{item}> ligger inte i en dl."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || dom.InSVG(p, i) || !exposed(p, i) {
				continue
			}
			switch p.Tag(i) {
			case "ul", "ol":
				if dom.Role(p, i) == "list" && !hostsShadow(p, i) {
					out = append(out, i)
				}
			case "dl":
				if len(dom.ExplicitRoles(p, i)) == 0 && !hostsShadow(p, i) {
					out = append(out, i)
				}
			case "li":
				if len(dom.ExplicitRoles(p, i)) == 0 {
					out = append(out, i)
				}
			case "dt", "dd":
				if len(dom.ExplicitRoles(p, i)) == 0 {
					out = append(out, i)
				}
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, el int) rules.Result {
		p := c.Page
		tag := p.Tag(el)
		switch tag {
		case "ul", "ol":
			for _, ch := range p.Children(el) {
				n := &p.Nodes[ch]
				if n.Type == page.TextNode {
					if t := strings.TrimSpace(n.Value); t != "" && dom.Visible(p, ch) {
						return rules.Fail(el, "text-child", "list", tag, "text", page.Collapse(t))
					}
					continue
				}
				if !p.IsElement(ch) {
					continue
				}
				switch p.Tag(ch) {
				case "li", "script", "template":
					continue
				}
				if dom.Role(p, ch) == "listitem" || !exposed(p, ch) {
					continue
				}
				return rules.Fail(el, "bad-child", "list", tag, "child", p.Tag(ch)).With(ch)
			}
			return rules.Pass(el, "list-ok")
		case "dl":
			for _, ch := range p.Children(el) {
				if !p.IsElement(ch) || !exposed(p, ch) {
					continue
				}
				switch p.Tag(ch) {
				case "dt", "dd", "script", "template":
					continue
				case "div":
					if len(dom.ExplicitRoles(p, ch)) == 0 && dlGroup(p, ch) {
						continue
					}
				}
				return rules.Fail(el, "bad-dl-child", "child", p.Tag(ch)).With(ch)
			}
			return rules.Pass(el, "list-ok")
		case "li":
			par := p.ParentElement(el)
			if par >= 0 && (p.Nodes[p.Nodes[el].Parent].Type != page.ElementNode) {
				return rules.Pass(el, "item-in-list") // slotted or shadow content: the tree is not the author's markup
			}
			if par >= 0 {
				switch p.Tag(par) {
				case "ul", "ol", "menu":
					return rules.Pass(el, "item-in-list")
				}
				if dom.Role(p, par) == "list" {
					return rules.Pass(el, "item-in-list")
				}
			}
			pn := "no parent"
			if par >= 0 {
				pn = "<" + p.Tag(par) + ">"
			}
			return rules.Fail(el, "orphan-item", "item", tag, "parent", pn)
		default: // dt, dd
			par := p.ParentElement(el)
			if par >= 0 && p.Tag(par) == "div" {
				par = p.ParentElement(par)
			}
			if par >= 0 && (p.Tag(par) == "dl" || p.Nodes[p.Nodes[el].Parent].Type != page.ElementNode) {
				return rules.Pass(el, "item-in-list")
			}
			return rules.Fail(el, "dl-item-orphan", "item", tag)
		}
	},
}

func hostsShadow(p *page.Page, i int) bool {
	for _, ch := range p.Children(i) {
		if p.Nodes[ch].Type == page.FragmentNode {
			return true
		}
	}
	return false
}

// dlGroup reports whether a div inside a dl holds only dt and dd elements.
func dlGroup(p *page.Page, div int) bool {
	for _, ch := range p.Children(div) {
		if !p.IsElement(ch) {
			continue
		}
		switch p.Tag(ch) {
		case "dt", "dd", "script", "template":
		default:
			return false
		}
	}
	return true
}
