// Package keyboard holds rules about keyboard operation: reachability and
// operability (2.1.1: clickable elements, scrollable regions, links acting
// as buttons, sub-menus that open on hover), keyboard traps (2.1.2) and
// character key shortcuts (2.1.4).
package keyboard

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Rules are the keyboard rules.
var Rules = []*rules.Rule{KeyboardOperable, ScrollableFocusable, KeyboardTrap, CharKeyShortcuts, LinkButtonSpace, HoverSubmenu, DropZone, DialogFocus, StateKeyboard}

// inSequence reports whether the element is in the sequential focus order
// by HTML's rules (tabindex ≥ 0 or natively focusable), not Chrome's own
// additions such as focusable scrollers.
func inSequence(p *page.Page, i int) bool {
	if !p.IsElement(i) || !p.Rendered(i) || dom.Disabled(p, i) {
		return false
	}
	if n, ok := p.TabIndex(i); ok {
		return n >= 0
	}
	return p.NativelyFocusable(i)
}

// focusable: in the sequence, or focusable at all (Chrome says so).
func focusable(p *page.Page, i int) bool {
	return inSequence(p, i) || p.AXProp(i, "focusable") == "true"
}

var clickEvents = map[string]bool{"click": true, "mousedown": true, "mouseup": true, "pointerdown": true, "pointerup": true, "touchstart": true, "touchend": true, "dblclick": true}

var widgetRoles = map[string]bool{"button": true, "link": true, "checkbox": true, "radio": true, "switch": true, "tab": true, "menuitem": true, "menuitemcheckbox": true, "menuitemradio": true, "option": true, "slider": true, "spinbutton": true, "treeitem": true, "combobox": true, "textbox": true, "searchbox": true}

// KeyboardOperable finds elements that react to the mouse but cannot be
// reached with the keyboard (WCAG 2.1.1).
var KeyboardOperable = &rules.Rule{
	ID:     "keyboard-operable",
	Family: "keyboard",
	Title:  rules.Text{EN: "Clickable elements can be used with the keyboard", SV: "Klickbara element kan användas med tangentbordet"},
	Help: rules.Text{
		EN: "Use a real <button> or <a href> for things people click, or add tabindex=\"0\", a role and Enter/Space key handling.",
		SV: "Använd en riktig <button> eller <a href> för sådant man klickar på, eller lägg till tabindex=\"0\", en roll och hantering av Enter och mellanslag.",
	},
	Manual: rules.Text{EN: "Try to reach and use the element with Tab, Enter and Space.", SV: "Försök nå och använda elementet med Tab, Enter och mellanslag."},
	WCAG:   []string{"2.1.1"},
	Impact: rules.Critical,
	Codes: map[string]rules.Text{
		"focusable":     {EN: "The element can take keyboard focus.", SV: "Elementet kan få tangentbordsfokus."},
		"managed":       {EN: "The element is an item of {widget}, which takes focus itself and points to the active item (aria-activedescendant).", SV: "Elementet är en del av {widget}, som självt tar emot fokus och pekar ut den aktiva delen (aria-activedescendant)."},
		"not-focusable": {EN: "The element reacts to {events} and looks clickable ({why}), but cannot take keyboard focus.", SV: "Elementet reagerar på {events} och ser klickbart ut ({why}), men kan inte få tangentbordsfokus."},
		"maybe-mouse":   {EN: "The element reacts to {events} but cannot take keyboard focus; check whether it does something a keyboard user cannot do another way.", SV: "Elementet reagerar på {events} men kan inte få tangentbordsfokus; kontrollera om det gör något som en tangentbordsanvändare inte kan göra på annat sätt."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || !p.Rendered(i) || dom.Disabled(p, i) {
				continue
			}
			switch p.Tag(i) {
			case "html", "body", "label", "option", "a", "button", "input", "select", "textarea", "summary":
				continue
			}
			if len(clicks(p, i)) == 0 && !(widgetRoles[dom.Role(p, i)] && dom.HasExplicitRole(p, i, dom.Role(p, i))) {
				continue
			}
			if b, ok := p.Box(i); !ok || b.Empty() {
				continue
			}
			out = append(out, i)
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if focusable(p, i) || hasFocusableRelative(p, i) {
			return rules.Pass(i, "focusable")
		}
		if w := activeDescendantOwner(p, i); w >= 0 {
			return rules.Pass(i, "managed", "widget", p.Snippet(w, 60)).With(w)
		}
		ev := clicks(p, i)
		evs := strings.Join(ev, ", ")
		if evs == "" {
			evs = "role " + dom.Role(p, i)
		}
		role := dom.Role(p, i)
		switch {
		case widgetRoles[role] && dom.HasExplicitRole(p, i, role):
			return rules.Fail(i, "not-focusable", "events", evs, "why", "role="+role)
		case p.Style(i, "cursor") == "pointer" && len(ev) > 0:
			return rules.Fail(i, "not-focusable", "events", evs, "why", "cursor: pointer")
		}
		return rules.Cant(i, "maybe-mouse", "events", evs)
	},
}

// clicks lists the element's pointer listeners.
func clicks(p *page.Page, i int) []string {
	var out []string
	for _, e := range p.Nodes[i].Events {
		if clickEvents[e] {
			out = append(out, e)
		}
	}
	if len(out) == 0 {
		for _, a := range []string{"onclick", "onmousedown", "onmouseup"} {
			if p.HasAttr(i, a) {
				out = append(out, a[2:])
			}
		}
	}
	return out
}

// hasFocusableRelative: a focusable ancestor (within 3 levels) or
// descendant handles the keyboard for it.
func hasFocusableRelative(p *page.Page, i int) bool {
	k := 0
	for a := p.ParentElement(i); a >= 0 && k < 3; a, k = p.ParentElement(a), k+1 {
		if focusable(p, a) && p.Tag(a) != "body" {
			return true
		}
	}
	found := false
	p.Descendants(i, func(d int) bool {
		if p.IsElement(d) && focusable(p, d) {
			found = true
		}
		return !found
	})
	return found
}

// compositeRoles are the widgets whose items may be focused through
// aria-activedescendant instead of DOM focus (WAI-ARIA 1.2, 6.6).
var compositeRoles = map[string]bool{
	"listbox": true, "tree": true, "treegrid": true, "grid": true, "menu": true, "menubar": true,
	"tablist": true, "radiogroup": true, "combobox": true, "application": true,
}

// activeDescendantOwner returns the element that manages focus for item i
// with aria-activedescendant, or -1: a focusable element that names i as
// its active descendant, or a focusable composite widget that contains i
// (at any depth) and carries aria-activedescendant, or a focusable
// element with aria-activedescendant whose aria-controls or aria-owns
// names such a container (a combobox and its listbox; a combobox does so
// before it names an active option). Such items are not
// meant to take DOM focus: the widget keeps it and moves the active item.
func activeDescendantOwner(p *page.Page, i int) int {
	ids := map[string]bool{}
	mark := func(x int) {
		if id, ok := p.Attr(x, "id"); ok && strings.TrimSpace(id) != "" {
			ids[id] = true
		}
	}
	mark(i)
	for a := p.ParentElement(i); a >= 0; a = p.ParentElement(a) {
		if _, ok := p.Attr(a, "aria-activedescendant"); ok && focusable(p, a) && (compositeRoles[dom.Role(p, a)] || dom.Role(p, a) == "textbox") {
			return a
		}
		mark(a)
	}
	found := -1
	dom.Elements(p, func(k int) {
		if found >= 0 || !focusable(p, k) {
			return
		}
		ad, ok := p.Attr(k, "aria-activedescendant")
		if !ok && dom.Role(p, k) != "combobox" { // a combobox keeps focus by its pattern, before an option is active
			return
		}
		if ids[strings.TrimSpace(ad)] && strings.TrimSpace(ad) == idOf(p, i) {
			found = k
			return
		}
		for _, a := range []string{"aria-controls", "aria-owns"} {
			v, _ := p.Attr(k, a)
			for _, ref := range dom.IDRefs(v) {
				if ids[ref] {
					found = k
					return
				}
			}
		}
	})
	return found
}

func idOf(p *page.Page, i int) string {
	id, _ := p.Attr(i, "id")
	return strings.TrimSpace(id)
}

// ScrollableFocusable checks that scrollable regions can be reached with
// the keyboard (WCAG 2.1.1, ACT 0ssw9k).
var ScrollableFocusable = &rules.Rule{
	ID:     "scrollable-focusable",
	Family: "keyboard",
	Title:  rules.Text{EN: "Scrollable regions can be reached with the keyboard", SV: "Rullningsbara områden kan nås med tangentbordet"},
	Help: rules.Text{
		EN: "Give the scrollable region tabindex=\"0\" (with a role and a name), or make sure it contains a focusable element, so keyboard users can scroll it.",
		SV: "Ge det rullningsbara området tabindex=\"0\" (med en roll och ett namn), eller se till att det innehåller ett fokuserbart element, så att tangentbordsanvändare kan rulla det.",
	},
	Manual: rules.Text{EN: "Tab to the region and scroll it with the arrow keys.", SV: "Tabba till området och rulla det med piltangenterna."},
	WCAG:   []string{"2.1.1"},
	ACT:    []string{"0ssw9k"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"reachable":   {EN: "The scrollable region or something in it is in the focus order.", SV: "Det rullningsbara området eller något i det finns i fokusordningen."},
		"unreachable": {EN: "The region scrolls ({dist} px) but neither it nor anything in it can take keyboard focus.", SV: "Området går att rulla ({dist} px) men varken det eller något i det kan få tangentbordsfokus."},
		"managed":     {EN: "The region is a widget whose active item {widget} moves (aria-activedescendant), which scrolls it.", SV: "Området är en komponent vars aktiva del {widget} flyttar (aria-activedescendant), vilket rullar den."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || !p.Rendered(i) {
				continue
			}
			switch p.Tag(i) {
			case "html", "body", "iframe", "textarea", "select":
				continue
			}
			if scrollDistance(p, i) > 0 && hasVisibleContent(p, i) {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if inSequence(p, i) {
			return rules.Pass(i, "reachable")
		}
		found := false
		p.Descendants(i, func(d int) bool {
			if inSequence(p, d) {
				found = true
			}
			return !found
		})
		if found {
			return rules.Pass(i, "reachable")
		}
		if compositeRoles[dom.Role(p, i)] {
			// A listbox a combobox controls scrolls as the active option
			// moves: the keyboard reaches it through its owner.
			if w := activeDescendantOwner(p, i); w >= 0 {
				return rules.Pass(i, "managed", "widget", p.Snippet(w, 60)).With(w)
			}
		}
		return rules.Fail(i, "unreachable", "dist", strconv.Itoa(int(scrollDistance(p, i))))
	},
}

// scrollDistance is how far the element can be scrolled by a user in an
// axis whose overflow is auto or scroll.
func scrollDistance(p *page.Page, i int) float64 {
	l := p.Nodes[i].Layout
	if l == nil || l.Client == nil || l.Scroll == nil {
		return 0
	}
	d := 0.0
	if s := p.Style(i, "overflow-x"); s == "auto" || s == "scroll" {
		d = max(d, l.Scroll.W-l.Client.W)
	}
	if s := p.Style(i, "overflow-y"); s == "auto" || s == "scroll" {
		d = max(d, l.Scroll.H-l.Client.H)
	}
	if d < 1 {
		return 0
	}
	return d
}

// hasVisibleContent: rendered text or a replaced element inside.
func hasVisibleContent(p *page.Page, i int) bool {
	found := false
	p.Descendants(i, func(d int) bool {
		n := &p.Nodes[d]
		switch {
		case n.Type == page.TextNode && strings.TrimSpace(n.Value) != "" && n.Layout != nil:
			found = true
		case p.IsElement(d) && n.Layout != nil && !n.Layout.Box.Empty():
			switch p.Tag(d) {
			case "img", "svg", "video", "canvas", "input", "button", "select", "textarea":
				found = true
			}
		}
		return !found
	})
	return found
}

// KeyboardTrap checks that keyboard focus can leave every part of the page
// with standard keys (WCAG 2.1.2, ACT a1b64e), from the walk's cycle
// detection and escape attempts.
var KeyboardTrap = &rules.Rule{
	ID:     "keyboard-trap",
	Family: "keyboard",
	Title:  rules.Text{EN: "Keyboard focus is not trapped", SV: "Tangentbordsfokus fastnar inte"},
	Help: rules.Text{
		EN: "Let Tab and Shift+Tab move focus out of every component; a modal dialog that holds focus must close with Escape.",
		SV: "Låt Tab och Skift+Tab flytta fokus ut ur varje komponent; en modal dialog som håller kvar fokus ska stängas med Esc.",
	},
	Manual: rules.Text{EN: "Tab into each component and check that Tab, Shift+Tab or Escape moves focus out again.", SV: "Tabba in i varje komponent och kontrollera att Tab, Skift+Tab eller Esc flyttar fokus ut igen."},
	WCAG:   []string{"2.1.2"},
	ACT:    []string{"a1b64e"},
	Impact: rules.Critical,
	Codes: map[string]rules.Text{
		"can-leave":        {EN: "Focus moved on from this element.", SV: "Fokus gick vidare från elementet."},
		"escaped":          {EN: "Focus cycles here but {key} moves it out.", SV: "Fokus går runt här men {key} flyttar ut det."},
		"named-key":        {EN: "Focus cycles here; only {key}, named in the page's text, moves it out. Check that the instructions are clear and shown before focus enters.", SV: "Fokus går runt här; bara {key}, som nämns i sidans text, flyttar ut det. Kontrollera att instruktionen är tydlig och syns innan fokus kommer in."},
		"trapped":          {EN: "Focus cycles between {count} element(s) here and neither Tab, Shift+Tab nor Escape moves it out.", SV: "Fokus går runt mellan {count} element här och varken Tab, Skift+Tab eller Esc flyttar ut det."},
		"escape-cut-short": {EN: "Focus cycles between {count} element(s) here; the walk ran out of time (or the browser failed) before every way out (Shift+Tab, Escape, keys named on the page) was tried. Check by hand that focus can leave.", SV: "Fokus går runt mellan {count} element här; genomgångens tid tog slut (eller webbläsaren fallerade) innan alla vägar ut (Skift+Tab, Esc, tangenter som nämns på sidan) prövats. Kontrollera manuellt att fokus kan lämna."},
		"not-walked":       {EN: "The keyboard walk did not run ({detail}); check by hand that focus is never trapped.", SV: "Tangentbordsgenomgången kördes inte ({detail}); kontrollera manuellt att fokus aldrig fastnar."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		f := &p.Focus
		if f.Ended == "error" || f.Ended == "disabled" {
			if len(f.Order) > 0 {
				return []rules.Result{rules.Cant(-1, "not-walked", "detail", f.Ended)}
			}
			return nil
		}
		var out []rules.Result
		inTrap := map[int]bool{}
		if t := f.Trap; t != nil {
			first := -1
			for _, n := range t.Nodes {
				if n >= 0 {
					inTrap[n] = true
					if first < 0 || n < first {
						first = n
					}
				}
			}
			if first >= 0 {
				switch {
				case t.Escaped == "" && escapeCutShort(p):
					out = append(out, rules.Cant(first, "escape-cut-short", "count", strconv.Itoa(len(t.Nodes))).With(t.Nodes...))
				case t.Escaped == "":
					out = append(out, rules.Fail(first, "trapped", "count", strconv.Itoa(len(t.Nodes))).With(t.Nodes...))
				case t.Instructed:
					out = append(out, rules.Cant(first, "named-key", "key", t.Escaped))
				default:
					out = append(out, rules.Pass(first, "escaped", "key", t.Escaped))
				}
			}
		}
		seen := map[int]bool{}
		for _, s := range f.Stops {
			if s.Node >= 0 && !inTrap[s.Node] && !seen[s.Node] {
				seen[s.Node] = true
				out = append(out, rules.Pass(s.Node, "can-leave"))
			}
		}
		return out
	},
}

// escapeCutShort reports whether the walk's budget ran out while it tried
// to leave a focus cycle (the capture records a walk-truncated gap whose
// detail starts "escape attempts"; see audit/capture.EscapeCutShort).
func escapeCutShort(p *page.Page) bool {
	for _, g := range p.Gaps {
		if g.Kind == page.GapWalk && strings.HasPrefix(g.Detail, "escape attempts") {
			return true
		}
	}
	return false
}

// CharKeyShortcuts points out pages that listen for keys on the whole
// document, where single-character shortcuts may exist (WCAG 2.1.4, ACT
// ffbc54), for a person to check.
var CharKeyShortcuts = &rules.Rule{
	ID:     "char-key-shortcuts",
	Family: "keyboard",
	Title:  rules.Text{EN: "Single-key shortcuts can be turned off or remapped", SV: "Kortkommandon med ett tecken kan stängas av eller ändras"},
	Help: rules.Text{
		EN: "Give shortcuts that use only letters, digits, punctuation or symbols a way to turn them off or add a modifier key, or make them work only while a component has focus.",
		SV: "Ge kortkommandon som bara använder bokstäver, siffror, skiljetecken eller symboler ett sätt att stängas av eller få en modifierartangent, eller låt dem bara fungera när en komponent har fokus.",
	},
	Manual: rules.Text{EN: "Press letter, digit and symbol keys with focus on the page (not in a field) and check that nothing happens, or that the shortcuts can be turned off or remapped.", SV: "Tryck på bokstavs-, siffer- och symboltangenter med fokus på sidan (inte i ett fält) och kontrollera att inget händer, eller att kortkommandona kan stängas av eller ändras."},
	WCAG:   []string{"2.1.4"},
	ACT:    []string{"ffbc54"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"key-listener": {EN: "The page listens for {events} on the whole document; check for single-character shortcuts.", SV: "Sidan lyssnar på {events} för hela dokumentet; kontrollera om det finns kortkommandon med ett tecken."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		var ev []string
		for _, e := range c.Page.PageEvents {
			if e == "keydown" || e == "keypress" || e == "keyup" {
				ev = append(ev, e)
			}
		}
		if len(ev) == 0 {
			return nil
		}
		return []rules.Result{rules.Cant(-1, "key-listener", "events", strings.Join(ev, ", "))}
	},
}
