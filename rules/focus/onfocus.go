package focus

import (
	"regexp"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// contextChange matches script that changes the context: another address,
// a new window, a submission, or focus taken away (F55).
var contextChange = regexp.MustCompile(`(?i)(\blocation\b|\.href\s*=|window\.open\s*\(|\.submit\s*\(|requestSubmit\s*\(|\.blur\s*\(\s*\))`)

// OnFocus finds elements whose focus handler changes the context (WCAG
// 3.2.1, F52/F55). What the keyboard walk saw when a real Tab press
// reached the element decides first (walkResult); otherwise the handler's
// script: going to another page, opening a window, submitting a form, or
// blurring the element that just took focus fail; other focus handlers
// are cantTell, for a person to check what they do.
var OnFocus = &rules.Rule{
	ID:     "on-focus-change",
	Family: "focus",
	Title:  rules.Text{EN: "Taking focus does not change the context", SV: "Att få fokus byter inte sammanhang"},
	Help: rules.Text{
		EN: "Do not navigate, open windows, submit or move focus away when an element receives focus; act on an explicit activation (Enter, a click) instead.",
		SV: "Navigera inte, öppna inte fönster, skicka inte och flytta inte fokus när ett element får fokus; agera i stället när användaren aktiverar det (Enter, ett klick).",
	},
	Manual: rules.Text{EN: "Tab to the element: does anything happen beyond focus moving to it (a new page, a window, a submission, focus jumping elsewhere)?", SV: "Tabba till elementet: händer något mer än att fokus hamnar där (en ny sida, ett fönster, ett inskick, fokus som hoppar iväg)?"},
	WCAG:   []string{"3.2.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"changes-context":  {EN: "When the element takes focus, its {event} script {what} (\"{code}\").", SV: "När elementet får fokus {what} dess {event}-skript (”{code}”)."},
		"walk-navigated":   {EN: "When the keyboard reached this element, the page was sent to {url}.", SV: "När tangentbordet nådde elementet skickades sidan till {url}."},
		"walk-new-window":  {EN: "When the keyboard reached this element, script asked for a new window ({url}).", SV: "När tangentbordet nådde elementet bad skript om ett nytt fönster ({url})."},
		"walk-focus-lost":  {EN: "When the keyboard reached this element, script took focus away from it again.", SV: "När tangentbordet nådde elementet tog skript bort fokus från det igen."},
		"walk-lost-ask":    {EN: "When the keyboard reached this element, focus left it for the page itself, not by a focus handler of its own; check whether script takes focus away.", SV: "När tangentbordet nådde elementet lämnade fokus det för själva sidan, inte genom en egen fokushanterare; kontrollera om skript tar bort fokus."},
		"walk-focus-moved": {EN: "When the keyboard reached this element, its focus handler moved focus on to another element.", SV: "När tangentbordet nådde elementet flyttade dess fokushanterare fokus vidare till ett annat element."},
		"walk-moved-ask":   {EN: "When the keyboard reached this element, script moved focus on to another element; check whether that changes the context for the user.", SV: "När tangentbordet nådde elementet flyttade skript fokus vidare till ett annat element; kontrollera om det byter sammanhang för användaren."},
		"walk-dialog":      {EN: "When the keyboard reached this element, a modal dialog opened.", SV: "När tangentbordet nådde elementet öppnades en modal dialog."},
		"walk-dialog-ask":  {EN: "When the keyboard reached this element, a dialog was shown; check whether it changes the context (covers the page, takes over the task).", SV: "När tangentbordet nådde elementet visades en dialog; kontrollera om den byter sammanhang (täcker sidan, tar över uppgiften)."},
		"focus-handler":    {EN: "The element runs a {event} handler when it takes focus; check that it does not change the page, open a window, submit or move focus.", SV: "Elementet kör en {event}-hanterare när det får fokus; kontrollera att den inte byter sida, öppnar fönster, skickar eller flyttar fokus."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.Rendered(i) && (len(focusEvents(p, i)) > 0 || seenChange(p, i) != nil) {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if ch := seenChange(p, i); ch != nil {
			return walkResult(p, i, ch)
		}
		evs := focusEvents(p, i)
		for _, e := range evs {
			code, _ := p.Attr(i, "on"+e)
			if m := contextChange.FindString(code); m != "" && !fragmentOnly(code) {
				what := "goes to another address"
				switch lm := strings.ToLower(m); {
				case strings.Contains(lm, "open"):
					what = "opens a window"
				case strings.Contains(lm, "submit"):
					what = "submits a form"
				case strings.Contains(lm, "blur"):
					what = "takes focus away again"
				}
				return rules.Fail(i, "changes-context", "event", e, "what", what, "code", dom.Clip(code, 60))
			}
		}
		return rules.Cant(i, "focus-handler", "event", strings.Join(evs, ", "))
	},
}

// seenChange returns what the keyboard walk saw happen when element i took
// focus by a real Tab press, nil when nothing. Focus that merely left the
// element for the page, with no handler of its own behind it, is not
// counted: nothing ties it to the element, and whether the walk sees it
// depends on when the page's other scripts run (it came and went between
// two audits of the same page under load), so it would make the findings
// depend on timing.
//
// Nor is focus lost on an element the walk also saw take focus by a Tab
// press and keep it, with nothing set off: the element's handlers are the
// same both times, so the loss came from elsewhere (a Tab past the end of
// the page reaching the only focusable element again while the browser
// moved focus out of the page).
func seenChange(p *page.Page, i int) *page.ContextChange {
	for k := range p.Focus.Stops {
		st := &p.Focus.Stops[k]
		if ch := st.Change; ch.Any() && !unattributedLoss(ch) && (ch.Node == i || ch.Node < 0 && st.Node == i) {
			if lossOnly(ch) && keptFocus(p, i) {
				continue
			}
			return ch
		}
	}
	return nil
}

// keptFocus reports whether the walk has a stop at element i where it
// took focus and nothing changed.
func keptFocus(p *page.Page, i int) bool {
	for k := range p.Focus.Stops {
		if st := &p.Focus.Stops[k]; st.Node == i && !st.Change.Any() {
			return true
		}
	}
	return false
}

// lossOnly is a change that is only focus lost.
func lossOnly(ch *page.ContextChange) bool {
	return ch.FocusLost && ch.Navigated == "" && !ch.NewWindow && !ch.DialogShown && !ch.FocusMoved
}

// walkResult judges a change the walk saw (F52/F55): another document, a
// new window, focus taken away or, by the element's own handler, moved on,
// and a modal dialog are changes of context; focus moved by script that is
// not the element's, and a dialog that neither is modal nor takes focus,
// are questions.
func walkResult(p *page.Page, i int, ch *page.ContextChange) rules.Result {
	switch {
	case ch.Navigated != "":
		return rules.Fail(i, "walk-navigated", "url", dom.Clip(ch.Navigated, 80))
	case ch.NewWindow:
		u := ch.WindowURL
		if u == "" {
			u = "about:blank"
		}
		return rules.Fail(i, "walk-new-window", "url", dom.Clip(u, 80))
	case ch.DialogShown && ch.DialogModal:
		return rules.Fail(i, "walk-dialog").With(relatedDialog(ch)...)
	case ch.FocusLost && ch.Handled:
		return rules.Fail(i, "walk-focus-lost")
	case ch.FocusLost:
		return rules.Cant(i, "walk-lost-ask")
	case ch.FocusMoved && ch.Handled:
		return rules.Fail(i, "walk-focus-moved")
	case ch.DialogShown:
		return rules.Cant(i, "walk-dialog-ask").With(relatedDialog(ch)...)
	}
	return rules.Cant(i, "walk-moved-ask")
}

// unattributedLoss is a change that is only focus lost, not by the
// element's own handler.
func unattributedLoss(ch *page.ContextChange) bool {
	return lossOnly(ch) && !ch.Handled
}

func relatedDialog(ch *page.ContextChange) []int {
	if ch.Dialog >= 0 {
		return []int{ch.Dialog}
	}
	return nil
}

// fragmentOnly reports script that only goes to a fragment of the same
// page (location.href='#results'), which scrolls rather than changes the
// context.
func fragmentOnly(code string) bool {
	c := strings.ReplaceAll(code, " ", "")
	return (strings.Contains(c, "='#") || strings.Contains(c, "=\"#")) && !strings.Contains(c, "open(") && !strings.Contains(c, "submit(")
}

// focusEvents lists an element's focus handlers (inline, or recorded
// listeners).
func focusEvents(p *page.Page, i int) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range []string{"focus", "focusin"} {
		if v, ok := p.Attr(i, "on"+e); ok && strings.TrimSpace(v) != "" {
			out, seen[e] = append(out, e), true
		}
	}
	for _, e := range p.Nodes[i].Events {
		if (e == "focus" || e == "focusin") && !seen[e] {
			out, seen[e] = append(out, e), true
		}
	}
	return out
}

// FocusableStatic points out static content put in the tab order with
// tabindex ≥ 0: no role, no click handler, not a scrolling region, not
// natively focusable. Each extra stop lengthens the way through the page
// and says nothing to a screen reader (WCAG 2.4.3): cantTell, for a person
// to check why it takes focus.
var FocusableStatic = &rules.Rule{
	ID:     "focusable-static",
	Family: "focus",
	Title:  rules.Text{EN: "Only interactive elements are in the tab order", SV: "Bara interaktiva element finns i tabbordningen"},
	Help: rules.Text{
		EN: "Remove tabindex from text and containers; to move focus to a section by script use tabindex=\"-1\".",
		SV: "Ta bort tabindex från text och behållare; använd tabindex=\"-1\" för att flytta fokus till ett avsnitt med skript.",
	},
	Manual: rules.Text{EN: "Tab to the element: does it do anything, or is it a stop with nothing to operate?", SV: "Tabba till elementet: gör det något, eller är det ett stopp utan något att använda?"},
	WCAG:   []string{"2.4.3"},
	Impact: rules.Minor,
	Codes: map[string]rules.Text{
		"static-stop": {EN: "tabindex=\"{value}\" puts this {tag} in the tab order, but it has no role and does nothing on click; check why it takes focus.", SV: "tabindex=\"{value}\" lägger detta {tag}-element i tabbordningen, men det har ingen roll och gör inget vid klick; kontrollera varför det får fokus."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		for _, i := range p.Focus.Order {
			v, ok := p.Attr(i, "tabindex")
			if !ok || !static(p, i) {
				continue
			}
			out = append(out, rules.Cant(i, "static-stop", "value", strings.TrimSpace(v), "tag", p.Tag(i)))
		}
		sortResults(out)
		return out
	},
}

// static reports an element that is not natively interactive, has no
// role beyond a generic or text one, no pointer handler, no editable
// content and does not scroll.
func static(p *page.Page, i int) bool {
	switch p.Tag(i) {
	case "a", "area", "button", "input", "select", "textarea", "summary", "iframe", "audio", "video", "object", "embed", "details", "dialog", "body", "html":
		return false
	}
	if p.HasAttr(i, "role") || p.HasAttr(i, "contenteditable") || p.Nodes[i].Clickable {
		return false
	}
	switch dom.Role(p, i) {
	case "generic", "paragraph", "text", "group", "none", "presentation", "":
	default:
		return false
	}
	for _, a := range p.AttrNames(i) {
		if a = page.Lower(a); strings.HasPrefix(a, "on") {
			return false
		}
	}
	if len(p.Nodes[i].Events) > 0 {
		return false
	}
	for _, ax := range []string{"overflow-x", "overflow-y"} {
		if s := p.Style(i, ax); s == "auto" || s == "scroll" {
			return false
		}
	}
	return true
}

func sortResults(rs []rules.Result) {
	for a := 1; a < len(rs); a++ {
		for b := a; b > 0 && rs[b].Target < rs[b-1].Target; b-- {
			rs[b], rs[b-1] = rs[b-1], rs[b]
		}
	}
}
