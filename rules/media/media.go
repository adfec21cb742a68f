// Package media holds rules about moving and appearing content: content on
// hover or focus (1.4.13) and pause, stop, hide (2.2.2).
package media

import (
	"strings"

	"github.com/granska/granska/rules"
)

// Rules are the media rules.
var Rules = []*rules.Rule{HoverContent, PauseStopHide}

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
		EN: "Give content that moves, blinks, scrolls or updates for more than 5 seconds a control to pause, stop or hide it, or stop it after 5 seconds.",
		SV: "Ge innehåll som rör sig, blinkar, rullar eller uppdateras i mer än 5 sekunder en kontroll för att pausa, stoppa eller dölja det, eller stoppa det efter 5 sekunder.",
	},
	Manual: rules.Text{EN: "Watch the page for 5 seconds: does anything move or update by itself, and can it be paused, stopped or hidden?", SV: "Titta på sidan i 5 sekunder: rör sig eller uppdateras något av sig självt, och kan det pausas, stoppas eller döljas?"},
	WCAG:   []string{"2.2.2"},
	ACT:    []string{"efbfc7"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"marquee":   {EN: "A <{tag}> element moves by itself; check that it can be paused, stopped or hidden.", SV: "Ett <{tag}>-element rör sig av sig självt; kontrollera att det kan pausas, stoppas eller döljas."},
		"animation": {EN: "The element has an animation that repeats or lasts more than 5 seconds; check that it can be paused, stopped or hidden.", SV: "Elementet har en animering som upprepas eller pågår i mer än 5 sekunder; kontrollera att den kan pausas, stoppas eller döljas."},
		"updates":   {EN: "The element's text changed by itself within {ms} ms of the page settling; check that the updates can be paused, stopped or hidden.", SV: "Elementets text ändrades av sig själv inom {ms} ms efter att sidan lugnat sig; kontrollera att uppdateringarna kan pausas, stoppas eller döljas."},
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
		for _, i := range m.Marquees {
			add(i, rules.Cant(i, "marquee", "tag", p.Tag(i)))
		}
		for _, i := range m.Animations {
			add(i, rules.Cant(i, "animation"))
		}
		for _, i := range m.Changed {
			add(i, rules.Cant(i, "updates", "ms", ftoa(m.WatchedMs)))
		}
		return out
	},
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
