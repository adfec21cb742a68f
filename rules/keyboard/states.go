package keyboard

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
)

// StateKeyboard judges the revealed states (menus, disclosures, popups)
// as a keyboard user meets them: the capture opened each one again with
// Enter or Space from its control and walked it with Tab, and a composite
// widget with the down arrow (page.StateKeyboard). A revealed link,
// button or field that a pointer can use but the keyboard never reached,
// once the walk went past the region, fails 2.1.1; an element that only
// takes a widget role is asked about (its click handler is not seen). A
// control that opens its region on click but not on Enter or Space fails.
// Focus that cycles inside the region without a way out by Escape is a
// question under 2.1.2. Escape not closing a menu is otherwise no finding:
// it is a convention of the ARIA practices, not a WCAG requirement. Menus
// that open on hover only are never opened here (hover-submenu's).
var StateKeyboard = &rules.Rule{
	ID:     "state-keyboard",
	Family: "keyboard",
	Title:  rules.Text{EN: "What a menu or disclosure reveals is reachable by keyboard", SV: "Det som en meny eller utfällbar del visar går att nå med tangentbordet"},
	Help: rules.Text{
		EN: "Make the control open with Enter and Space, and every link, button and field it reveals reachable with Tab (or, in a menu or list that manages its own focus, with the arrow keys); do not give revealed links tabindex=\"-1\" without arrow-key handling.",
		SV: "Låt kontrollen öppnas med Enter och mellanslag, och gör varje länk, knapp och fält som visas nåbar med Tabb (eller, i en meny eller lista som hanterar sitt eget fokus, med piltangenterna); ge inte visade länkar tabindex=\"-1\" utan hantering av piltangenter.",
	},
	Manual: rules.Text{EN: "Open each menu and disclosure with Enter or Space and move through it with Tab and the arrow keys: can you reach and use everything it shows, and leave it again?", SV: "Öppna varje meny och utfällbar del med Enter eller mellanslag och gå igenom den med Tabb och piltangenterna: når och använder du allt som visas, och kommer du ut igen?"},
	WCAG:   []string{"2.1.1", "2.1.2"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"reached":           {EN: "Everything {trigger} reveals was reached with the keyboard.", SV: "Allt som {trigger} visar nåddes med tangentbordet."},
		"skipped":           {EN: "{item}, revealed by {trigger}, works with a pointer but the keyboard never reached it (Tab went past it).", SV: "{item}, som visas av {trigger}, fungerar med pekare men nåddes aldrig med tangentbordet (Tabb gick förbi)."},
		"skipped-role":      {EN: "{item}, revealed by {trigger}, is marked up as a control but the keyboard never reached it; check whether it does anything when clicked and how a keyboard user reaches it.", SV: "{item}, som visas av {trigger}, är uppmärkt som en kontroll men nåddes aldrig med tangentbordet; kontrollera om den gör något vid klick och hur en tangentbordsanvändare når den."},
		"not-opened-by-key": {EN: "{trigger} opens on a click but not with Enter or Space, so a keyboard user cannot reach what it reveals.", SV: "{trigger} öppnas med klick men inte med Enter eller mellanslag, så en tangentbordsanvändare når inte det som visas."},
		"trapped":           {EN: "Tab keeps focus inside what {trigger} reveals and Escape does not close it; check that a keyboard user can leave it and is told how.", SV: "Tabb håller kvar fokus i det som {trigger} visar och Escape stänger det inte; kontrollera att en tangentbordsanvändare kan lämna det och får veta hur."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		for _, st := range p.States {
			kb, sp := st.Keyboard, st.Page
			if kb == nil || sp == nil || st.Trigger < 0 || st.Trigger >= len(p.Nodes) {
				continue
			}
			trig := p.Snippet(st.Trigger, 60)
			if kb.OpenedBy == "" {
				if keyFocusable(p, st.Trigger) {
					out = append(out, rules.Fail(st.Trigger, "not-opened-by-key", "trigger", trig))
				}
				continue
			}
			if kb.Ended == "trapped" && !kb.EscapeClosed {
				out = append(out, rules.Cant(st.Trigger, "trapped", "trigger", trig))
			}
			if kb.Ended != "past" && kb.Ended != "trapped" {
				continue // cut short: a gap, not a finding
			}
			found := false
			controls := stateControls(sp, st.Revealed, st.Kind == "popup")
			for _, i := range controls {
				if reachedItem(sp, kb, i) {
					continue
				}
				found = true
				t := st.Trigger
				if b, ok := p.ByBackend(sp.Nodes[i].Backend); ok {
					t = b
				}
				code := "skipped"
				if !operable(sp, i) || (st.Kind == "popup" && editable(p, st.Trigger)) {
					// An editable combobox takes the value typed in as well:
					// whether its options are needed is a question.
					code = "skipped-role"
				}
				r := rules.Fail(t, code, "item", sp.Snippet(i, 60), "trigger", trig)
				if code == "skipped-role" {
					r = rules.Cant(t, code, "item", sp.Snippet(i, 60), "trigger", trig)
				}
				if t != st.Trigger {
					r = r.With(st.Trigger)
				}
				out = append(out, r)
			}
			if !found && len(controls) > 0 && kb.Ended == "past" {
				out = append(out, rules.Pass(st.Trigger, "reached", "trigger", trig))
			}
		}
		sortByTarget(out)
		return out
	},
}

// keyFocusable: the control takes focus from the keyboard (natively or by
// a tabindex of 0 or more), and is not disabled.
func keyFocusable(p *page.Page, i int) bool {
	if p.HasAttr(i, "disabled") {
		return false
	}
	if n, ok := p.TabIndex(i); ok {
		return n >= 0
	}
	return p.NativelyFocusable(i)
}

// itemRoles are the roles of items a composite widget reaches with the
// arrow keys rather than with Tab (aria-activedescendant or roving
// tabindex).
var itemRoles = map[string]bool{
	"menuitem": true, "menuitemcheckbox": true, "menuitemradio": true, "option": true,
	"treeitem": true, "gridcell": true, "row": true, "tab": true, "radio": true,
}

// stateControls are the revealed elements a pointer can use: links with
// an href, form controls and buttons that are not disabled, elements with
// an onclick attribute, a tabindex of 0 or more, or a widget role (explicit); the
// outermost of nested ones. In a popup (a listbox, tree or grid), the
// items of the widget (rows, cells) are controls too.
func stateControls(sp *page.Page, revealed []int, popup bool) []int {
	var out []int
	for _, i := range revealed {
		if !sp.IsElement(i) || sp.HasAttr(i, "disabled") || sp.Style(i, "visibility") == "hidden" {
			continue
		}
		if r := explicitRole(sp, i); !operable(sp, i) && !widgetRoles[r] && !(popup && itemRoles[r]) {
			continue
		}
		nested := false
		for _, o := range out {
			if sp.IsAncestor(o, i) {
				nested = true
				break
			}
		}
		if !nested {
			out = append(out, i)
		}
	}
	return out
}

// operable: a pointer can certainly use the element (native control, link
// with an href, a click handler in the markup, or a tabindex of 0 or
// more).
func operable(sp *page.Page, i int) bool {
	if t, _ := sp.Attr(i, "type"); sp.Tag(i) == "input" && page.Lower(strings.TrimSpace(t)) == "hidden" {
		return false
	}
	if n, ok := sp.TabIndex(i); ok && n >= 0 {
		return true
	}
	return sp.NativelyFocusable(i) || sp.HasAttr(i, "onclick")
}

// editable: a text field (an editable combobox).
func editable(p *page.Page, i int) bool {
	switch p.Tag(i) {
	case "textarea":
		return true
	case "input":
		t, _ := p.Attr(i, "type")
		switch page.Lower(strings.TrimSpace(t)) {
		case "", "text", "search", "email", "tel", "url":
			return true
		}
	}
	v, ok := p.Attr(i, "contenteditable")
	return ok && page.Lower(v) != "false"
}

func explicitRole(p *page.Page, i int) string {
	v, _ := p.Attr(i, "role")
	f := strings.Fields(page.Lower(v))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// reachedItem: the keyboard reached item i (focus on it or inside it, or
// aria-activedescendant pointing at it), or i is an item of a composite
// widget in which the arrow keys moved, which reaches its items one by one.
func reachedItem(sp *page.Page, kb *page.StateKeyboard, i int) bool {
	for _, r := range kb.Reached {
		if r == i || sp.IsAncestor(i, r) {
			return true
		}
	}
	if !kb.Arrows || !itemRoles[explicitRole(sp, i)] {
		return false
	}
	box := -1
	sp.Ancestors(i, func(a int) bool {
		switch explicitRole(sp, a) {
		case "menu", "menubar", "listbox", "tree", "grid", "treegrid", "tablist", "radiogroup":
			box = a
			return false
		}
		return true
	})
	if box < 0 {
		return false
	}
	for _, r := range kb.Reached {
		if sp.IsAncestor(box, r) {
			return true
		}
	}
	return false
}
