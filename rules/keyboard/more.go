package keyboard

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

var keyEvents = []string{"keydown", "keyup", "keypress"}

// inlineKey reports an inline key handler on the element.
func inlineKey(p *page.Page, i int) bool {
	for _, e := range keyEvents {
		if v, ok := p.Attr(i, "on"+e); ok && strings.TrimSpace(v) != "" {
			return true
		}
	}
	for _, e := range p.Nodes[i].Events {
		for _, k := range keyEvents {
			if e == k {
				return true
			}
		}
	}
	return false
}

// LinkButtonSpace points out links given role="button": a screen reader
// announces a button, so users press Space, which scrolls the page on a
// link unless script handles the key (WCAG 2.1.1, 4.1.2). A key handler on
// the element passes; otherwise the handler may sit on an ancestor or the
// document, which the capture cannot tie to the link: cantTell.
var LinkButtonSpace = &rules.Rule{
	ID:     "link-button-space",
	Family: "keyboard",
	Title:  rules.Text{EN: "Links that act as buttons work with Space", SV: "Länkar som fungerar som knappar fungerar med mellanslag"},
	Help: rules.Text{
		EN: "Use a <button> for actions; if the element must stay a link with role=\"button\", handle the Space key (keydown or keyup) like a click.",
		SV: "Använd <button> för åtgärder; om elementet måste vara en länk med role=\"button\", hantera mellanslagstangenten (keydown eller keyup) som ett klick.",
	},
	Manual: rules.Text{EN: "Tab to the element and press Space: does it do what a click does (and not scroll the page)?", SV: "Tabba till elementet och tryck på mellanslag: gör det samma sak som ett klick (och rullar inte sidan)?"},
	WCAG:   []string{"2.1.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"key-handler":   {EN: "The link-button handles keys itself ({how}).", SV: "Länkknappen hanterar tangenter själv ({how})."},
		"space-unknown": {EN: "The link has role=\"button\" and no key handler of its own; check that Space activates it.", SV: "Länken har role=\"button\" och ingen egen tangenthanterare; kontrollera att mellanslag aktiverar den."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if (p.Tag(i) == "a" || p.Tag(i) == "area") && p.HasAttr(i, "href") && p.Rendered(i) && dom.Role(p, i) == "button" && dom.HasExplicitRole(p, i, "button") {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		if inlineKey(c.Page, i) {
			return rules.Pass(i, "key-handler", "how", "key listener")
		}
		return rules.Cant(i, "space-unknown")
	},
}

// HoverSubmenu points out navigation sub-menus that are hidden and have no
// control that says it opens them (a button or link with aria-expanded,
// or the list item itself, as a tree item that owns its group is):
// such menus usually open on mouse hover only, so keyboard users never
// reach their links (WCAG 2.1.1; 1.4.13 for what hover shows). CSS
// :focus-within may open them for the keyboard, which the capture cannot
// see: cantTell with the question.
var HoverSubmenu = &rules.Rule{
	ID:     "hover-submenu",
	Family: "keyboard",
	Title:  rules.Text{EN: "Sub-menus open with the keyboard", SV: "Undermenyer öppnas med tangentbordet"},
	Help: rules.Text{
		EN: "Put a button with aria-expanded next to each menu item that has a sub-menu, and open the sub-menu on Enter or Space (not only on hover).",
		SV: "Lägg en knapp med aria-expanded bredvid varje menyval som har en undermeny, och öppna undermenyn med Enter eller mellanslag (inte bara när musen hålls över).",
	},
	Manual: rules.Text{EN: "Tab to the menu item and press Enter, Space or the arrow keys: does the sub-menu open, and can you reach its links?", SV: "Tabba till menyvalet och tryck på Enter, mellanslag eller piltangenterna: öppnas undermenyn, och når du dess länkar?"},
	WCAG:   []string{"2.1.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"has-control": {EN: "The sub-menu has a control that opens it ({control}).", SV: "Undermenyn har en kontroll som öppnar den ({control})."},
		"hover-only":  {EN: "The sub-menu of {item} holds {links} hidden links and no control says it opens them (aria-expanded); check that the keyboard can open it.", SV: "Undermenyn till {item} har {links} dolda länkar och ingen kontroll anger att den öppnar dem (aria-expanded); kontrollera att tangentbordet kan öppna den."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.Tag(i) != "li" || !p.Rendered(i) {
				return
			}
			nav := false
			p.Ancestors(i, func(a int) bool {
				if p.IsElement(a) && (p.Tag(a) == "nav" || dom.Role(p, a) == "navigation" || dom.Role(p, a) == "menubar") {
					nav = true
					return false
				}
				return true
			})
			if nav && hiddenSubmenu(p, i) >= 0 {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		sub := hiddenSubmenu(p, i)
		ctl := -1
		if p.HasAttr(i, "aria-expanded") {
			// The item itself opens its group (a tree item or menu item
			// whose children it owns): it takes focus and says so.
			ctl = i
		}
		for _, ch := range p.Children(i) {
			if ctl >= 0 {
				break
			}
			if !p.IsElement(ch) || ch == sub {
				continue
			}
			check := func(d int) bool {
				if p.IsElement(d) && p.HasAttr(d, "aria-expanded") {
					ctl = d
				}
				return ctl < 0
			}
			if check(ch) {
				p.Descendants(ch, check)
			}
			if ctl >= 0 {
				break
			}
		}
		if ctl >= 0 {
			return rules.Pass(i, "has-control", "control", p.Snippet(ctl, 60)).With(ctl)
		}
		item := ""
		for _, ch := range p.Children(i) {
			if p.IsElement(ch) && ch != sub {
				item = p.Snippet(ch, 40)
				break
			}
		}
		return rules.Cant(i, "hover-only", "item", item, "links", strconv.Itoa(countLinks(p, sub))).With(sub)
	},
}

// hiddenSubmenu returns a direct ul/ol/div child of the list item that is
// not rendered and holds links, -1 for none.
func hiddenSubmenu(p *page.Page, li int) int {
	for _, ch := range p.Children(li) {
		if !p.IsElement(ch) {
			continue
		}
		switch p.Tag(ch) {
		case "ul", "ol", "div":
		default:
			continue
		}
		if visibleNow(p, ch) {
			continue
		}
		if countLinks(p, ch) > 0 {
			return ch
		}
	}
	return -1
}

// visibleNow reports a rendered, visible element with a box.
func visibleNow(p *page.Page, i int) bool {
	if !p.Rendered(i) || p.Style(i, "visibility") == "hidden" {
		return false
	}
	b, ok := p.Box(i)
	return ok && !b.Empty() && !dom.ClippedAway(p, i)
}

func countLinks(p *page.Page, i int) int {
	n := 0
	p.Descendants(i, func(d int) bool {
		if p.IsElement(d) && p.Tag(d) == "a" && p.HasAttr(d, "href") {
			n++
		}
		return true
	})
	return n
}

// DropZone checks that what can be dropped on a page can also be given
// with the keyboard (WCAG 2.1.1): an element that listens for drop needs a
// file input or a button near it that the keyboard reaches, or must take
// focus itself. A drop zone whose file input is hidden (display:none) with
// nothing focusable to open it fails: the file can only be dragged in. A
// drop zone for other things than files asks for the alternative. On any
// page, not only application forms (cv-upload-operable judges the file
// field of an application form).
var DropZone = &rules.Rule{
	ID:     "drop-zone-operable",
	Family: "keyboard",
	Title:  rules.Text{EN: "Drop zones have a keyboard alternative", SV: "Släppytor har ett alternativ för tangentbordet"},
	Help: rules.Text{
		EN: "Keep a focusable file field or a button that opens it beside the drop zone (\"Choose file\"), or make the zone itself a button that opens the file dialog on Enter and Space.",
		SV: "Behåll ett fokuserbart filfält eller en knapp som öppnar det bredvid släppytan (”Välj fil”), eller gör ytan till en knapp som öppnar fildialogen med Enter och mellanslag.",
	},
	Manual: rules.Text{EN: "Without a mouse, add a file (or whatever the zone takes) using only the keyboard.", SV: "Lägg till en fil (eller det ytan tar emot) med bara tangentbordet, utan mus."},
	WCAG:   []string{"2.1.1"},
	Impact: rules.Critical,
	Codes: map[string]rules.Text{
		"file-input":  {EN: "The file field beside the drop zone can be reached with the keyboard.", SV: "Filfältet vid släppytan går att nå med tangentbordet."},
		"zone-button": {EN: "The drop zone is itself a {role} the keyboard reaches.", SV: "Släppytan är själv en {role} som tangentbordet når."},
		"maybe":       {EN: "The file field is hidden; check that {name} opens the file dialog from the keyboard.", SV: "Filfältet är dolt; kontrollera att {name} öppnar fildialogen från tangentbordet."},
		"drag-only":   {EN: "The drop zone's file field is hidden and nothing focusable opens it: files can only be dragged in.", SV: "Släppytans filfält är dolt och inget fokuserbart öppnar det: filer kan bara dras dit."},
		"no-file":     {EN: "The element takes dropped content and has no file field; check that what dropping does can be done with the keyboard.", SV: "Elementet tar emot släppt innehåll och har inget filfält; kontrollera att det som släppet gör går att göra med tangentbordet."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if !p.Rendered(i) {
				return
			}
			drop := p.HasAttr(i, "ondrop")
			for _, e := range p.Nodes[i].Events {
				drop = drop || e == "drop"
			}
			if drop {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if focusable(p, i) {
			if r := dom.Role(p, i); r == "button" || r == "link" {
				return rules.Pass(i, "zone-button", "role", r)
			}
		}
		// The zone's neighbourhood: itself and up to two ancestors, short
		// of the form or body.
		area := i
		for k, a := 0, p.ParentElement(i); k < 2 && a >= 0; k, a = k+1, p.ParentElement(a) {
			if t := p.Tag(a); t == "form" || t == "body" || t == "main" || t == "fieldset" {
				break
			}
			area = a
		}
		files, ctl := -1, -1
		p.Descendants(area, func(d int) bool {
			if !p.IsElement(d) {
				return true
			}
			if dom.InputType(p, d) == "file" {
				if p.Rendered(d) && focusable(p, d) {
					files = d
					return false
				}
				if files < 0 {
					files = -2 - d // hidden file field seen
				}
			} else if ctl < 0 && d != i && focusable(p, d) && p.Rendered(d) {
				if r := dom.Role(p, d); r == "button" || r == "link" {
					ctl = d
				}
			}
			return true
		})
		switch {
		case files >= 0:
			return rules.Pass(i, "file-input").With(files)
		case ctl >= 0:
			return rules.Cant(i, "maybe", "name", p.Snippet(ctl, 60)).With(ctl)
		case files < -1:
			if focusable(p, i) {
				return rules.Cant(i, "maybe", "name", p.Snippet(i, 60))
			}
			return rules.Fail(i, "drag-only").With(-2 - files)
		}
		return rules.Cant(i, "no-file")
	},
}

// DialogFocus judges the dialogs the capture opened (the revealed-states
// probe, page.DialogProbe): a dialog that opens while focus stays behind on
// its trigger, with the dialog elsewhere in the document, fails (WCAG
// 2.4.3, F85: keyboard users must Tab through the rest of the page to
// reach it, and a modal one is out of reach). Escape that does not close
// the dialog, and focus not returned to the trigger on closing, are
// cantTell: a close button may do, and where focus should go is a
// judgement.
var DialogFocus = &rules.Rule{
	ID:     "dialog-focus",
	Family: "keyboard",
	Title:  rules.Text{EN: "Dialogs take focus, close with Escape and return focus", SV: "Dialogrutor tar fokus, stängs med Escape och lämnar tillbaka fokus"},
	Help: rules.Text{
		EN: "When a dialog opens, move focus into it (its first control or its heading with tabindex=\"-1\"); close it on Escape; on closing, put focus back on the control that opened it.",
		SV: "Flytta fokus in i dialogrutan när den öppnas (till första kontrollen eller rubriken med tabindex=\"-1\"); stäng den med Escape; lämna tillbaka fokus till kontrollen som öppnade den när den stängs.",
	},
	Manual: rules.Text{EN: "Open the dialog with the keyboard: does focus move into it, does Escape close it, and does focus come back to the button afterwards?", SV: "Öppna dialogrutan med tangentbordet: flyttas fokus in i den, stänger Escape den, och kommer fokus tillbaka till knappen efteråt?"},
	WCAG:   []string{"2.4.3"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"managed":           {EN: "The dialog took focus, closed on Escape and gave focus back to {trigger}.", SV: "Dialogrutan tog fokus, stängdes med Escape och lämnade tillbaka fokus till {trigger}."},
		"focus-not-moved":   {EN: "Activating {trigger} showed the dialog, but focus stayed on the trigger and the dialog is elsewhere in the document.", SV: "När {trigger} aktiverades visades dialogrutan, men fokus blev kvar på knappen och dialogrutan ligger på annat ställe i dokumentet."},
		"focus-stayed-near": {EN: "Activating {trigger} showed the dialog right after it, but focus stayed on the trigger; check that keyboard users find it.", SV: "När {trigger} aktiverades visades dialogrutan direkt efter den, men fokus blev kvar på knappen; kontrollera att tangentbordsanvändare hittar den."},
		"no-escape":         {EN: "The dialog opened by {trigger} did not close on Escape; check that a keyboard user can close it.", SV: "Dialogrutan som {trigger} öppnar stängdes inte med Escape; kontrollera att en tangentbordsanvändare kan stänga den."},
		"focus-lost":        {EN: "When the dialog opened by {trigger} closed, focus went to the start of the page instead of back to it; check that keyboard users can continue where they were.", SV: "När dialogrutan som {trigger} öppnar stängdes hamnade fokus i början av sidan i stället för tillbaka på knappen; kontrollera att tangentbordsanvändare kan fortsätta där de var."},
		"not-joined":        {EN: "A dialog opened, but the capture could not tie it to the page; check it by hand.", SV: "En dialogruta öppnades, men insamlingen kunde inte knyta den till sidan; kontrollera den manuellt."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		dp, err := p.DialogProbe()
		if err != nil || dp == nil {
			return nil
		}
		var out []rules.Result
		for _, s := range dp.States {
			if !s.Opened {
				continue
			}
			if s.Trigger < 0 {
				out = append(out, rules.Cant(-1, "not-joined"))
				continue
			}
			trig := p.Snippet(s.Trigger, 60)
			r := rules.Pass(s.Trigger, "managed", "trigger", trig)
			switch {
			case !s.FocusInside && s.Dialog >= 0 && !adjacent(p, s.Trigger, s.Dialog):
				r = rules.Fail(s.Trigger, "focus-not-moved", "trigger", trig)
			case !s.FocusInside:
				r = rules.Cant(s.Trigger, "focus-stayed-near", "trigger", trig)
			case !s.ClosedByEscape:
				r = rules.Cant(s.Trigger, "no-escape", "trigger", trig)
			case s.FocusLost:
				r = rules.Cant(s.Trigger, "focus-lost", "trigger", trig)
			}
			if s.Dialog >= 0 {
				r = r.With(s.Dialog)
			}
			out = append(out, r)
		}
		sortByTarget(out)
		return out
	},
}

// adjacent reports a dialog that follows its trigger in the focus order
// with nothing focusable between them (F85's sufficient case): the next
// element of the computed focus order after the trigger is inside the
// dialog, or the dialog is the trigger's next element sibling.
func adjacent(p *page.Page, trigger, dialog int) bool {
	order := p.Focus.Order
	for k, n := range order {
		if n == trigger {
			if k+1 < len(order) && (order[k+1] == dialog || p.IsAncestor(dialog, order[k+1])) {
				return true
			}
			break
		}
	}
	par := p.ParentElement(trigger)
	if par < 0 {
		return false
	}
	kids := p.Children(par)
	for k, ch := range kids {
		if ch != trigger {
			continue
		}
		for _, n := range kids[k+1:] {
			if p.IsElement(n) {
				return n == dialog || p.IsAncestor(n, dialog)
			}
		}
	}
	return false
}

func sortByTarget(rs []rules.Result) {
	for a := 1; a < len(rs); a++ {
		for b := a; b > 0 && rs[b].Target < rs[b-1].Target; b-- {
			rs[b], rs[b-1] = rs[b-1], rs[b]
		}
	}
}
