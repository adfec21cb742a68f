package aria

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/standards/ariaspec"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// ownedRule is what a role may own: direct roles, and roles owned through
// a container ("group > option": option inside group).
type ownedRule struct {
	direct  map[string]bool
	through map[string]map[string]bool // container -> roles it may hold
}

func ownedFor(r ariaspec.Role) ownedRule {
	o := ownedRule{direct: map[string]bool{}, through: map[string]map[string]bool{}}
	for _, e := range r.RequiredOwned {
		if a, b, ok := strings.Cut(e, ">"); ok {
			a, b = strings.TrimSpace(a), strings.TrimSpace(b)
			if o.through[a] == nil {
				o.through[a] = map[string]bool{}
			}
			o.through[a][b] = true
			continue
		}
		o.direct[strings.TrimSpace(e)] = true
	}
	switch r.Name {
	case "table", "grid", "treegrid":
		// HTML tables carry a caption; ARIA's list leaves it out.
		o.direct["caption"] = true
	}
	return o
}

// transparent reports whether an accessibility child is looked through
// when finding what an element owns or what owns it: ignored by the
// browser, or explicitly presentational.
func transparent(p *page.Page, x int) bool {
	ax := p.Nodes[x].AX
	if ax == nil || ax.Ignored {
		return true
	}
	return dom.Presentational(dom.FirstRole(p, x)) || dom.Presentational(dom.Role(p, x))
}

// ownerRole returns the role whose required owned elements apply to the
// element: its explicit role, or Chrome's role where Chrome names an ARIA
// role itself (not for a dl, which Chrome calls a description list).
func ownerRole(p *page.Page, i int) (ariaspec.Role, bool) {
	return ariaspec.LookupRole(ownerRoleName(p, i))
}

// ownerRoleName is the name of ownerRole's role.
func ownerRoleName(p *page.Page, i int) string {
	if r := dom.FirstRole(p, i); r != "" && !dom.Presentational(r) {
		if dom.Role(p, i) != r {
			// Chrome resolved another role (presentational conflict, an
			// unsupported role): use what it exposes.
			return dom.Role(p, i)
		}
		return r
	}
	return p.Role(i)
}

// emptyGeneric reports whether x is a rendered div or span with no role,
// no aria-hidden and no child nodes at all.
func emptyGeneric(p *page.Page, x int) bool {
	if (p.Tag(x) != "div" && p.Tag(x) != "span") || p.HasAttr(x, "role") || p.HasAttr(x, "aria-hidden") || !p.Rendered(x) {
		return false
	}
	return len(p.Children(x)) == 0
}

// RequiredOwned checks that elements whose role requires owned elements
// (list, menu, tablist, grid, row, ...) own only elements of those roles
// (ACT bc4a75). An element marked aria-busy="true" is being filled and is
// left out.
var RequiredOwned = &rules.Rule{
	ID:     "aria-required-owned",
	Family: "aria",
	Title:  rules.Text{EN: "Containers own the elements their role requires", SV: "Behållare äger de element som deras roll kräver"},
	Help: rules.Text{
		EN: "Put only the required children directly in the container: listitems in a list, tabs in a tablist, menuitems in a menu, rows in a grid; give wrappers role=\"none\" or remove them, and move other content out.",
		SV: "Lägg bara de obligatoriska barnen direkt i behållaren: listitem i en list, tab i en tablist, menuitem i en menu, row i ett grid; ge omslutande element role=\"none\" eller ta bort dem, och flytta ut annat innehåll.",
	},
	WCAG:   []string{"1.3.1"},
	ACT:    []string{"bc4a75"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"owns-required": {EN: "The {role} owns only elements its role allows.", SV: "Rollen {role} äger bara element som rollen tillåter."},
		"wrong-owned":   {EN: "The {role} owns {what}, which its role does not allow (allowed: {allowed}).", SV: "Rollen {role} äger {what}, vilket rollen inte tillåter (tillåtet: {allowed})."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if !p.InAXTree(i) {
				return
			}
			r, ok := ariaspec.PeekRole(ownerRoleName(p, i))
			if !ok || len(r.RequiredOwned) == 0 {
				return
			}
			if v, _ := p.Attr(i, "aria-busy"); strings.EqualFold(strings.TrimSpace(v), "true") {
				return
			}
			out = append(out, i)
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		role, _ := ownerRole(p, i)
		o := ownedFor(role)
		lenient := role.Name == "radiogroup" || role.Name == "feed"
		var bad int = -1
		var what string
		// labels reports whether x names or describes the element that owns
		// it (the container or a group inside it): a group's label written
		// inside the group, as the ARIA Authoring Practices' grouped
		// listbox does, is that group's name, not owned content.
		labels := func(x, owner int) bool {
			id, ok := p.Attr(x, "id")
			if !ok || strings.TrimSpace(id) == "" {
				return false
			}
			for _, o := range []int{owner, i} {
				for _, a := range []string{"aria-labelledby", "aria-describedby"} {
					v, _ := p.Attr(o, a)
					for _, ref := range dom.IDRefs(v) {
						if ref == id {
							return true
						}
					}
				}
			}
			return false
		}
		owner := i
		var check func(x int, allowed map[string]bool, container string)
		check = func(x int, allowed map[string]bool, container string) {
			ax := p.Nodes[x].AX
			if ax == nil {
				return
			}
			kids := ax.Children
			if len(kids) == 0 && x == i {
				// Chrome hangs a select's options under a popup object
				// without a DOM node: read them from the DOM.
				for _, ch := range p.Children(x) {
					if p.IsElement(ch) && p.Nodes[ch].AX != nil {
						kids = append(kids, ch)
					}
				}
			}
			for _, ch := range kids {
				if bad >= 0 {
					return
				}
				n := &p.Nodes[ch]
				if n.Type == page.TextNode {
					if !lenient && strings.TrimSpace(n.Value) != "" && p.InAXTree(ch) {
						bad, what = ch, "text"
					}
					continue
				}
				if n.Type != page.ElementNode {
					continue
				}
				if n.Pseudo != "" || n.Name == "br" || n.Name == "wbr" {
					continue
				}
				if transparent(p, ch) {
					if labels(ch, owner) {
						continue
					}
					if emptyGeneric(p, ch) && !lenient {
						// An empty div or span owned as is (ACT: a ul
						// holding div elements).
						bad, what = ch, "generic"
						continue
					}
					check(ch, allowed, container)
					continue
				}
				r := dom.Role(p, ch)
				switch {
				case allowed[r]:
				case container == "" && o.through[r] != nil:
					owner = ch
					check(ch, o.through[r], r)
					owner = i
				case container != "" && r == container:
					// nested groups: menu > group > group > menuitem
					check(ch, allowed, container)
				case r == "generic" && ax != nil:
					check(ch, allowed, container)
				case lenient:
					if spec, ok := ariaspec.LookupRole(r); ok && spec.Widget {
						bad, what = ch, r
					}
				default:
					bad, what = ch, r
				}
			}
		}
		check(i, o.direct, "")
		if bad >= 0 {
			return rules.Fail(i, "wrong-owned", "role", role.Name, "what", what, "allowed", strings.Join(role.RequiredOwned, ", ")).With(bad)
		}
		return rules.Pass(i, "owns-required", "role", role.Name)
	},
}

// RequiredContext checks that an element with an explicit role that needs
// a context (listitem, tab, option, row, menuitem, ...) is owned by an
// element of a required context role (ACT ff89c9). Elements whose native
// role is the same (li role=listitem) are left out.
var RequiredContext = &rules.Rule{
	ID:     "aria-required-context",
	Family: "aria",
	Title:  rules.Text{EN: "Roles are inside their required context", SV: "Roller finns i sitt obligatoriska sammanhang"},
	Help: rules.Text{
		EN: "Put the element directly inside an element with the role it needs (a listitem in a list, a tab in a tablist, an option in a listbox); wrappers in between need role=\"none\".",
		SV: "Lägg elementet direkt i ett element med den roll det behöver (ett listitem i en list, en tab i en tablist, en option i en listbox); omslutande element emellan behöver role=\"none\".",
	},
	WCAG:   []string{"1.3.1"},
	ACT:    []string{"ff89c9"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"in-context":  {EN: "The {role} is owned by a {parent}.", SV: "Rollen {role} ägs av en {parent}."},
		"out-context": {EN: "The {role} is owned by {parent}, not by one of {required}.", SV: "Rollen {role} ägs av {parent}, inte av någon av {required}."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if dom.ProgHidden(p, i) || p.Nodes[i].AX == nil {
				return
			}
			r := dom.FirstRole(p, i)
			spec, ok := ariaspec.LookupRole(r)
			if !ok || len(spec.RequiredContext) == 0 || dom.ImplicitRoleIs(p, i, r) {
				return
			}
			out = append(out, i)
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		spec, _ := ariaspec.LookupRole(dom.FirstRole(p, i))
		par := dom.AXParent(c, i)
		for par >= 0 && p.Nodes[par].Type == page.ElementNode && transparent(p, par) {
			par = dom.AXParent(c, par)
		}
		pr := "nothing"
		if par >= 0 {
			pr = dom.Role(p, par)
			if pr == "" {
				pr = p.Tag(par)
			}
			for _, ctx := range spec.RequiredContext {
				if dom.RoleIs(p, par, ctx) {
					return rules.Pass(i, "in-context", "role", spec.Name, "parent", pr).With(par)
				}
			}
		}
		res := rules.Fail(i, "out-context", "role", spec.Name, "parent", pr, "required", strings.Join(spec.RequiredContext, ", "))
		if par >= 0 {
			res = res.With(par)
		}
		return res
	},
}

// prohibitedExtra are attributes ARIA 1.3 and ACT kb1m8s prohibit along
// with aria-label and aria-labelledby: the braille label, and on generic
// and presentational roles the role descriptions.
func prohibitedOn(r ariaspec.Role) []string {
	out := append([]string(nil), r.Prohibited...)
	if containsStr(r.Prohibited, "aria-label") {
		out = append(out, "aria-braillelabel")
	}
	switch r.Name {
	case "generic", "none", "presentation":
		out = append(out, "aria-roledescription", "aria-brailleroledescription")
	}
	return out
}

// brailleOnly are the ARIA 1.3 draft attributes that do not, in ACT
// kb1m8s's reading, override role="none".
var brailleOnly = map[string]bool{"aria-braillelabel": true, "aria-brailleroledescription": true}

// ProhibitedAttr checks that global ARIA attributes are not used on roles
// that prohibit them: aria-label and aria-labelledby on generic elements,
// paragraphs, code, emphasis and the like, whose name assistive technology
// does not announce (ACT kb1m8s).
var ProhibitedAttr = &rules.Rule{
	ID:     "aria-prohibited-attr",
	Family: "aria",
	Title:  rules.Text{EN: "ARIA attributes are not used where prohibited", SV: "ARIA-attribut används inte där de är förbjudna"},
	Help: rules.Text{
		EN: "Do not name a div, span, p or similar with aria-label: put the text in the content, or give the element a role that takes a name.",
		SV: "Namnge inte en div, span, p eller liknande med aria-label: skriv texten i innehållet, eller ge elementet en roll som kan ha ett namn.",
	},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"kb1m8s"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"allowed":    {EN: "The element's global ARIA attributes are allowed on its role {role}.", SV: "Elementets globala ARIA-attribut är tillåtna för rollen {role}."},
		"prohibited": {EN: "{attrs} is prohibited on the role {role}; assistive technology ignores it.", SV: "{attrs} är förbjudet för rollen {role}; hjälpmedel struntar i det."},
	},
	Applies: withARIA(func(c *rules.Ctx, i int) bool {
		p := c.Page
		if dom.ProgHidden(p, i) || p.Nodes[i].AX == nil {
			return false
		}
		for _, a := range dom.ARIAAttrs(p, i) {
			if spec, ok := ariaspec.LookupAttr(a); ok && spec.Global {
				return true
			}
		}
		return false
	}),
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		role, known := semanticRole(c, i)
		attrs := dom.ARIAAttrs(p, i)
		if fr := dom.FirstRole(p, i); dom.Presentational(fr) && p.AXProp(i, "focusable") != "true" {
			only := true
			for _, a := range attrs {
				if spec, ok := ariaspec.LookupAttr(a); ok && spec.Global && !brailleOnly[a] {
					only = false
				}
			}
			if only {
				role, known = ariaspec.LookupRole(fr)
			}
		}
		if !known {
			return rules.Pass(i, "allowed", "role", p.Role(i))
		}
		pro := prohibitedOn(role)
		var bad []string
		for _, a := range attrs {
			if containsStr(pro, a) {
				bad = append(bad, a)
			}
		}
		if len(bad) > 0 {
			return rules.Fail(i, "prohibited", "role", role.Name, "attrs", strings.Join(bad, ", "))
		}
		return rules.Pass(i, "allowed", "role", role.Name)
	},
}
