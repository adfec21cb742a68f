package names

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"

	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// ControlRole finds elements that script makes into controls without a
// role (WCAG 4.1.2, F59): a div, span or other element without a widget
// role of its own that the author put in the tab order (tabindex ≥ 0) and
// that reacts to clicks. Keyboard users reach it, but assistive technology
// announces it as plain text or a group, not as a button, link or other
// control, and says nothing of what it does. An element holding a link,
// button or field is a container that may delegate its clicks, and is not
// checked; elements with any role other than a structural one pass.
var ControlRole = &rules.Rule{
	ID:     "control-role",
	Family: "names",
	Title:  rules.Text{EN: "Scripted controls have a role", SV: "Skriptade kontroller har en roll"},
	Help: rules.Text{
		EN: "Use a <button> or an <a href> for the control; if it must stay a div or span, give it the role that says what it is (role=\"button\", role=\"link\", role=\"checkbox\") and the key handling that role needs.",
		SV: "Använd en <button> eller en <a href> för kontrollen; om den måste vara en div eller span, ge den den roll som säger vad den är (role=\"button\", role=\"link\", role=\"checkbox\") och den tangenthantering som rollen kräver.",
	},
	Manual: rules.Text{
		EN: "Tab to the element with a screen reader: is it announced as the kind of control it is?",
		SV: "Tabba till elementet med en skärmläsare: presenteras det som den sorts kontroll det är?",
	},
	WCAG:   []string{"4.1.2"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"no-role":  {EN: "The <{tag}> is in the tab order (tabindex=\"{tabindex}\") and reacts to {events}, but has no role: assistive technology announces it as {what}, not as a control.", SV: "<{tag}> finns i tabbordningen (tabindex=\"{tabindex}\") och reagerar på {events}, men saknar roll: hjälpmedel presenterar det som {what}, inte som en kontroll."},
		"has-role": {EN: "The focusable, clickable <{tag}> has the role {role}.", SV: "Det fokuserbara, klickbara <{tag}> har rollen {role}."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if !scriptableTag[p.Tag(i)] || !p.Rendered(i) || dom.ARIAHidden(p, i) {
				return
			}
			if n, ok := dom.TabIndex(p, i); !ok || n < 0 {
				return
			}
			if len(clickListeners(p, i)) == 0 || holdsControl(p, i) {
				return
			}
			out = append(out, i)
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		role := p.Role(i)
		if what, plain := structuralRoles[role]; plain {
			n, _ := dom.TabIndex(p, i)
			return rules.Fail(i, "no-role", "tag", p.Tag(i), "tabindex", strconv.Itoa(n), "events", strings.Join(clickListeners(p, i), ", "), "what", what)
		}
		return rules.Pass(i, "has-role", "tag", p.Tag(i), "role", role)
	},
}

// scriptableTag: elements with no behaviour of their own that scripts turn
// into controls.
var scriptableTag = map[string]bool{
	"div": true, "span": true, "p": true, "li": true, "td": true, "i": true, "b": true,
	"em": true, "strong": true, "font": true, "section": true, "article": true, "img": true,
}

// structuralRoles are the roles Chrome gives such elements when the author
// gave none, with how assistive technology presents them.
var structuralRoles = map[string]string{
	"generic": "plain text", "": "plain text", "none": "plain text", "presentation": "plain text",
	"paragraph": "a paragraph", "listitem": "a list item", "cell": "a table cell",
	"section": "a section", "article": "an article", "image": "an image", "img": "an image",
}

// clickListeners lists the element's own click and press listeners,
// recorded or inline.
func clickListeners(p *page.Page, i int) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range p.Nodes[i].Events {
		switch e {
		case "click", "mousedown", "mouseup", "pointerdown", "pointerup", "touchstart", "touchend", "dblclick":
			if !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	for _, a := range []string{"onclick", "onmousedown", "onmouseup"} {
		if v, ok := p.Attr(i, a); ok && strings.TrimSpace(v) != "" && !seen[a[2:]] {
			seen[a[2:]] = true
			out = append(out, a[2:])
		}
	}
	return out
}

// holdsControl reports whether the element holds a link, button, field or
// other element that takes focus by itself: then it is a container, and
// its click listener may serve those.
func holdsControl(p *page.Page, i int) bool {
	found := false
	p.Descendants(i, func(d int) bool {
		if d != i && p.IsElement(d) && (p.NativelyFocusable(d) || widgetRole(dom.Role(p, d))) {
			found = true
		}
		return !found
	})
	return found
}

func widgetRole(r string) bool {
	switch r {
	case "button", "link", "checkbox", "radio", "switch", "tab", "menuitem", "menuitemcheckbox", "menuitemradio",
		"option", "slider", "spinbutton", "treeitem", "combobox", "textbox", "searchbox":
		return true
	}
	return false
}
