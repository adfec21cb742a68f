// Package media holds rules about moving and appearing content: content on
// hover or focus (1.4.13) and pause, stop, hide (2.2.2).
package media

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/standards/ariaspec"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Rules are the media rules.
var Rules = []*rules.Rule{HoverContent, PauseStopHide, MediaCaptions, MediaAlternative, AudioControl, ThreeFlashes}

// HoverContent points out elements that show content on hover, for a
// person to check that it can be dismissed, hovered and stays (1.4.13).
var HoverContent = &rules.Rule{
	ID:     "hover-content",
	Family: "media",
	Title:  rules.Text{EN: "Content on hover or focus can be dismissed, hovered and stays", SV: "Innehåll vid hovring eller fokus kan stängas, hovras och ligger kvar"},
	Help: rules.Text{
		EN: "Let Escape close tooltips and pop-ups without moving the pointer or focus, keep them open while the pointer is over them, and until the user leaves or closes them.",
		SV: "Låt Esc stänga verktygstips och popuppar utan att pekaren eller fokus flyttas, håll dem öppna medan pekaren är över dem och tills användaren lämnar eller stänger dem.",
	},
	Manual: rules.Text{EN: "Hover over and focus the element: can the extra content be closed with Escape, can the pointer move onto it, and does it stay until dismissed?", SV: "Hovra över och fokusera elementet: kan det extra innehållet stängas med Esc, kan pekaren flyttas in på det, och ligger det kvar tills det stängs?"},
	WCAG:   []string{"1.4.13"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"shows-on-hover": {EN: "The element reacts to {events}; check the content it shows.", SV: "Elementet reagerar på {events}; kontrollera innehållet det visar."},
		"tooltip":        {EN: "The element has a tooltip ({what}); check that it can be dismissed and hovered.", SV: "Elementet har ett verktygstips ({what}); kontrollera att det kan stängas och hovras."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		for i := range p.Nodes {
			if !p.IsElement(i) || !p.Rendered(i) {
				continue
			}
			var ev []string
			for _, e := range p.Nodes[i].Events {
				if e == "mouseover" || e == "mouseenter" || e == "pointerenter" || e == "pointerover" {
					ev = append(ev, e)
				}
			}
			if len(ev) > 0 {
				out = append(out, rules.Cant(i, "shows-on-hover", "events", strings.Join(ev, ", ")))
				continue
			}
			if ids, ok := p.Attr(i, "aria-describedby"); ok {
				for _, id := range strings.Fields(ids) {
					if t, ok := p.ElementByID(i, id); ok {
						if r, _ := p.Attr(t, "role"); strings.TrimSpace(r) == "tooltip" {
							out = append(out, rules.Cant(i, "tooltip", "what", "#"+id))
							break
						}
					}
				}
			}
		}
		return out
	},
}

// PauseStopHide points out content that moves, blinks or updates by itself
// (2.2.2, ACT efbfc7) for a person to check for a way to pause, stop or
// hide it.
var PauseStopHide = &rules.Rule{
	ID:     "pause-stop-hide",
	Family: "media",
	Title:  rules.Text{EN: "Moving or updating content can be paused", SV: "Innehåll som rör sig eller uppdateras kan pausas"},
	Help: rules.Text{
		EN: "Give content that moves, blinks or scrolls for more than 5 seconds a control to pause, stop or hide it (or stop it after 5 seconds), and content that updates by itself a control to pause, stop or hide the updates or set how often they come.",
		SV: "Ge innehåll som rör sig, blinkar eller rullar i mer än 5 sekunder en kontroll för att pausa, stoppa eller dölja det (eller stoppa det efter 5 sekunder), och innehåll som uppdateras av sig självt en kontroll för att pausa, stoppa eller dölja uppdateringarna eller välja hur ofta de kommer.",
	},
	Manual: rules.Text{EN: "Watch the page for 5 seconds: does anything move or update by itself, and can it be paused, stopped or hidden?", SV: "Titta på sidan i 5 sekunder: rör sig eller uppdateras något av sig självt, och kan det pausas, stoppas eller döljas?"},
	WCAG:   []string{"2.2.2"},
	ACT:    []string{"efbfc7"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"marquee":            {EN: "A <{tag}> element moves by itself; check that it can be paused, stopped or hidden.", SV: "Ett <{tag}>-element rör sig av sig självt; kontrollera att det kan pausas, stoppas eller döljas."},
		"marquee-no-control": {EN: "A <marquee> element scrolls its text without end, and nothing on the page is named to pause or stop it.", SV: "Ett <marquee>-element rullar sin text utan slut, och inget på sidan heter något som pausar eller stoppar det."},
		"moving-no-control":  {EN: "The element moves by itself ({props}) {how}, and nothing on the page is named to pause or stop it.", SV: "Elementet rör sig av sig självt ({props}) {how}, och inget på sidan heter något som pausar eller stoppar det."},
		"animated-image":     {EN: "The image is in a format that can animate: if it moves for more than 5 seconds, check that it can be paused, stopped or hidden.", SV: "Bilden är i ett format som kan animeras: om den rör sig i mer än 5 sekunder, kontrollera att den kan pausas, stoppas eller döljas."},
		"animation":          {EN: "The element has an animation that repeats or lasts more than 5 seconds; check that it can be paused, stopped or hidden.", SV: "Elementet har en animering som upprepas eller pågår i mer än 5 sekunder; kontrollera att den kan pausas, stoppas eller döljas."},
		"updates":            {EN: "The element's text changed by itself within {ms} ms of the page settling; check that the updates can be paused, stopped or hidden.", SV: "Elementets text ändrades av sig själv inom {ms} ms efter att sidan lugnat sig; kontrollera att uppdateringarna kan pausas, stoppas eller döljas."},
		"updating":           {EN: "A timer that the page started by itself keeps replacing the element's text or showing and hiding it; check that a control on the page ({control}) can pause, stop or hide the updates.", SV: "En timer som sidan startade av sig själv byter hela tiden ut elementets text eller visar och döljer det; kontrollera att en kontroll på sidan ({control}) kan pausa, stoppa eller dölja uppdateringarna."},
		"only-content":       {EN: "The element's text updates by itself, but it is the only content on the page.", SV: "Elementets text uppdateras av sig själv, men den är sidans enda innehåll."},
		"no-control":         {EN: "A timer that the page started by itself keeps replacing the element's text or showing and hiding it, and the page has no control (no link, button, form field or key handler) to pause, stop or hide it.", SV: "En timer som sidan startade av sig själv byter hela tiden ut elementets text eller visar och döljer det, och sidan har ingen kontroll (ingen länk, knapp, formulärfält eller tangenthantering) som kan pausa, stoppa eller dölja den."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		m := p.Motion
		if m == nil {
			return nil
		}
		var out []rules.Result
		seen := map[int]bool{}
		add := func(i int, r rules.Result) {
			if !seen[i] && p.Rendered(i) {
				seen[i] = true
				out = append(out, r)
			}
		}
		// Text a repeating timer replaces (ACT efbfc7): failed only on
		// firm evidence, when the page has nothing a user could operate
		// and other content beside the updating text; cantTell when
		// something could be the control.
		if len(m.Updating) > 0 {
			ctl := control(p)
			for _, i := range m.Updating {
				switch {
				case !otherContent(p, i):
					add(i, rules.NA(i, "only-content"))
				case ctl == "":
					add(i, rules.Fail(i, "no-control"))
				default:
					add(i, rules.Cant(i, "updating", "control", ctl))
				}
			}
		}
		// A marquee scrolls without end (WCAG F16): without anything
		// named to pause or stop it, it fails. Browsers no longer make
		// blink elements blink, so those are a question.
		for _, i := range m.Marquees {
			if p.Tag(i) == "marquee" && pauseControl(c) < 0 && dom.Visible(p, i) {
				add(i, rules.Fail(i, "marquee-no-control"))
				continue
			}
			add(i, rules.Cant(i, "marquee", "tag", p.Tag(i)))
		}
		// Movement measured to last more than 5 s, with nothing to pause
		// it, fails; other long or endless animations ask.
		for _, a := range p.Animations {
			if mv := movingProps(a.Props); mv != "" && pauseControl(c) < 0 && dom.Visible(p, a.Node) && bigEnough(p, a.Node) {
				how := "without end"
				if !a.Endless() {
					how = "for " + ftoa(a.EndTime/1000) + " s"
				}
				add(a.Node, rules.Fail(a.Node, "moving-no-control", "props", mv, "how", how))
			}
		}
		for _, i := range m.Animations {
			add(i, rules.Cant(i, "animation"))
		}
		dom.Elements(p, func(i int) {
			if animatedImage(p, i) {
				add(i, rules.Cant(i, "animated-image"))
			}
		})
		for _, i := range m.Changed {
			add(i, rules.Cant(i, "updates", "ms", ftoa(m.WatchedMs)))
		}
		return out
	},
}

// movingProps returns the animated properties that move an element
// (position, offsets, margins, translation, background position), joined,
// "" when none do.
func movingProps(props []string) string {
	var out []string
	for _, p := range props {
		switch {
		case p == "transform:translate", p == "translate", p == "left", p == "right", p == "top", p == "bottom",
			strings.HasPrefix(p, "margin"), strings.HasPrefix(p, "inset"), strings.HasPrefix(p, "background-position"),
			strings.HasPrefix(p, "backgroundPosition"), p == "offsetDistance", p == "offset-distance",
			p == "textIndent", p == "text-indent":
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// bigEnough reports whether an element is at least 48 px in one
// direction: larger than a loading indicator, as a line of text is.
func bigEnough(p *page.Page, i int) bool {
	b, ok := p.Box(i)
	return ok && (b.W >= 48 || b.H >= 48) && !b.Empty()
}

func ftoa(f float64) string {
	n := int(f + 0.5)
	if n <= 0 {
		return "0"
	}
	s := ""
	for n > 0 {
		s = string(rune('0'+n%10)) + s
		n /= 10
	}
	return s
}

// keyEvents and pointerEvents are listener types that make an element, or
// the page, something a user can operate.
var (
	keyEvents     = []string{"keydown", "keyup", "keypress"}
	pointerEvents = []string{"click", "dblclick", "mousedown", "mouseup", "pointerdown", "pointerup", "touchstart", "touchend", "auxclick", "contextmenu"}
)

// control describes the first thing on the page a user could operate,
// which might pause, stop or hide updating content: a link, a form
// control, a widget role, a focusable element, an element with pointer or
// key listeners or inline handlers, a page-wide key or pointer listener,
// or a frame whose content was not captured. Hidden ones count too (a
// control may reveal another). "" when there is none.
func control(p *page.Page) string {
	for _, ev := range p.PageEvents {
		if oneOf(ev, keyEvents) || oneOf(ev, pointerEvents) {
			return "document: " + ev
		}
	}
	for _, g := range p.Gaps {
		if g.Kind == page.GapFrame {
			return "frame: " + g.Detail
		}
	}
	for i := range p.Nodes {
		if !p.IsElement(i) {
			continue
		}
		tag := p.Tag(i)
		if tag == "html" || tag == "body" {
			continue
		}
		switch tag {
		case "a", "area":
			if p.HasAttr(i, "href") {
				return p.Selector(i)
			}
		case "button", "select", "textarea", "summary", "iframe", "frame", "object", "embed":
			return p.Selector(i)
		case "input":
			if t, _ := p.Attr(i, "type"); !strings.EqualFold(strings.TrimSpace(t), "hidden") {
				return p.Selector(i)
			}
		case "audio", "video":
			if p.HasAttr(i, "controls") {
				return p.Selector(i)
			}
		}
		if p.HasAttr(i, "tabindex") || p.HasAttr(i, "accesskey") || p.HasAttr(i, "contenteditable") {
			return p.Selector(i)
		}
		for _, a := range p.AttrNames(i) {
			a = page.Lower(a)
			if len(a) > 2 && a[:2] == "on" && (oneOf(a[2:], keyEvents) || oneOf(a[2:], pointerEvents)) {
				return p.Selector(i)
			}
		}
		for _, r := range dom.ExplicitRoles(p, i) {
			if ar, ok := ariaspec.LookupRole(r); ok && ar.Widget {
				return p.Selector(i)
			}
		}
		n := &p.Nodes[i]
		if n.Clickable {
			return p.Selector(i)
		}
		for _, ev := range n.Events {
			if oneOf(ev, keyEvents) || oneOf(ev, pointerEvents) {
				return p.Selector(i)
			}
		}
		if ax := n.AX; ax != nil && !ax.Ignored {
			if p.AXProp(i, "focusable") == "true" {
				return p.Selector(i)
			}
			if ar, ok := ariaspec.LookupRole(dom.Role(p, i)); ok && ar.Widget {
				return p.Selector(i)
			}
		}
	}
	return ""
}

func oneOf(s string, list []string) bool {
	for _, x := range list {
		if s == x {
			return true
		}
	}
	return false
}

// otherContent reports whether the page shows content besides element i:
// rendered text outside it, or a rendered image.
func otherContent(p *page.Page, i int) bool {
	for k := range p.Nodes {
		if k == i || p.IsAncestor(i, k) {
			continue
		}
		n := &p.Nodes[k]
		switch {
		case n.Type == page.TextNode:
			if strings.TrimSpace(n.Value) == "" || n.Layout == nil || n.Layout.Box.Empty() || n.Parent < 0 || !p.Rendered(n.Parent) {
				continue
			}
			return true
		case p.IsElement(k):
			switch p.Tag(k) {
			case "img", "svg", "video", "canvas", "picture":
				if n.Layout != nil && !n.Layout.Box.Empty() && p.Rendered(k) {
					return true
				}
			}
		}
	}
	return false
}
