package layout

import (
	"regexp"
	"sort"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// has reports whether the element (or, for page == true, the page: window,
// document, body) listens for any of the events.
func listens(p *page.Page, i int, events ...string) []string {
	var list []string
	if i < 0 {
		list = p.PageEvents
	} else {
		list = p.Nodes[i].Events
		for _, a := range p.AttrNames(i) {
			if a = page.Lower(a); strings.HasPrefix(a, "on") {
				list = append(list, a[2:])
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, e := range list {
		for _, want := range events {
			if e == want && !seen[e] {
				seen[e] = true
				out = append(out, e)
			}
		}
	}
	sort.Strings(out)
	return out
}

// elementsListening returns the rendered elements that listen for any of
// the events, in document order.
func elementsListening(p *page.Page, events ...string) []int {
	var out []int
	dom.Elements(p, func(i int) {
		if p.Rendered(i) && len(listens(p, i, events...)) > 0 {
			out = append(out, i)
		}
	})
	return out
}

// PointerGestures points out elements that follow a pointer's path
// (touchmove, pointermove, gesture events): a swipe, a pinch or a drawn
// path needs a single-pointer alternative (WCAG 2.5.1). Whether one exists
// (buttons for next and previous, zoom buttons) is for a person to check;
// dragging (2.5.7) is the dragging rule's.
var PointerGestures = &rules.Rule{
	ID:     "pointer-gestures",
	Family: "layout",
	Title:  rules.Text{EN: "Path and multipoint gestures have a single-pointer alternative", SV: "Gester med rörelse eller flera fingrar har ett alternativ med enkel pekning"},
	Help: rules.Text{
		EN: "Offer buttons for what a swipe, pinch or drawn gesture does (next/previous, zoom in/out), usable with one tap or click.",
		SV: "Erbjud knappar för det som en svepning, nypning eller ritad gest gör (nästa/föregående, zooma in/ut), som går att använda med ett tryck eller klick.",
	},
	Manual: rules.Text{EN: "Use the element with a mouse click or a single tap only: can you do everything the gesture does?", SV: "Använd elementet med bara musklick eller enstaka tryck: går allt som gesten gör att göra?"},
	WCAG:   []string{"2.5.1"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"path-listener": {EN: "The element follows the pointer ({events}); check that what a swipe, pinch or path does can be done with single taps or clicks.", SV: "Elementet följer pekaren ({events}); kontrollera att det som en svepning, nypning eller rörelse gör går att göra med enstaka tryck eller klick."},
		"page-gestures": {EN: "The page follows the pointer ({events}) on the whole document; check that any swipe or pinch it handles has a single-pointer alternative.", SV: "Sidan följer pekaren ({events}) i hela dokumentet; kontrollera att svepningar och nypningar den hanterar har ett alternativ med enkel pekning."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		path := []string{"touchmove", "pointermove", "gesturestart", "gesturechange", "gestureend"}
		var out []rules.Result
		for _, i := range elementsListening(p, path...) {
			// Pointer-move listeners on a drag handle are dragging's.
			if len(listens(p, i, "dragstart", "drag", "drop")) > 0 {
				continue
			}
			out = append(out, rules.Cant(i, "path-listener", "events", strings.Join(listens(p, i, path...), ", ")))
		}
		if ev := listens(p, -1, "touchmove", "gesturestart", "gesturechange"); len(ev) > 0 {
			out = append(out, rules.Cant(-1, "page-gestures", "events", strings.Join(ev, ", ")))
		}
		return out
	},
}

// PointerCancellation points out elements that act on the down-event: a
// mousedown, pointerdown or touchstart handler on an element without a
// click handler runs before the user can move away to cancel (WCAG 2.5.2,
// F101). An element that also listens for click or up-events may act on
// those: cantTell either way, since what the handler does is not visible.
var PointerCancellation = &rules.Rule{
	ID:     "pointer-cancellation",
	Family: "layout",
	Title:  rules.Text{EN: "Actions run on release, not on press", SV: "Åtgärder körs när man släpper, inte när man trycker"},
	Help: rules.Text{
		EN: "Act on click (or pointerup) so that moving away before releasing cancels; if the down-event must act, let the up-event undo it.",
		SV: "Agera på click (eller pointerup) så att man kan avbryta genom att flytta bort innan man släpper; om nedtryckningen måste agera, låt uppsläppet ångra den.",
	},
	Manual: rules.Text{EN: "Press the mouse button on the element, move away and release: did anything happen?", SV: "Tryck ned musknappen på elementet, flytta bort och släpp: hände något?"},
	WCAG:   []string{"2.5.2"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"down-only": {EN: "The element listens for {events} but not for click or a release; check whether pressing alone acts, with no way to cancel by moving away.", SV: "Elementet lyssnar på {events} men inte på click eller uppsläpp; kontrollera om redan nedtryckningen agerar, utan möjlighet att avbryta genom att flytta bort."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		down := []string{"mousedown", "pointerdown", "touchstart"}
		var out []rules.Result
		for _, i := range elementsListening(p, down...) {
			switch p.Tag(i) {
			case "html", "body", "input", "select", "textarea", "label", "option":
				continue // focus and selection handling, not an action
			}
			if len(listens(p, i, "click", "mouseup", "pointerup", "touchend", "dragstart")) > 0 {
				continue
			}
			out = append(out, rules.Cant(i, "down-only", "events", strings.Join(listens(p, i, down...), ", ")))
		}
		return out
	},
}

// MotionActuation points out pages that listen for device motion or
// orientation: shaking or tilting must have a control alternative and be
// possible to switch off (WCAG 2.5.4).
var MotionActuation = &rules.Rule{
	ID:     "motion-actuation",
	Family: "layout",
	Title:  rules.Text{EN: "Shaking or tilting has an alternative and can be turned off", SV: "Skakning eller lutning har ett alternativ och kan stängas av"},
	Help: rules.Text{
		EN: "Offer a button for whatever moving the device does, and a setting that stops the page from responding to motion.",
		SV: "Erbjud en knapp för det som rörelse av enheten gör, och en inställning som får sidan att sluta reagera på rörelse.",
	},
	Manual: rules.Text{EN: "Find what shaking or tilting the device does on this page: can you do it with a control, and switch the motion response off?", SV: "Ta reda på vad skakning eller lutning av enheten gör på sidan: går det att göra med en kontroll, och att stänga av reaktionen på rörelse?"},
	WCAG:   []string{"2.5.4"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"motion-listener": {EN: "The page listens for {events}; check that what moving the device does can also be done with a control, and that the response can be turned off.", SV: "Sidan lyssnar på {events}; kontrollera att det som rörelse av enheten gör också går att göra med en kontroll, och att reaktionen kan stängas av."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		ev := listens(c.Page, -1, "devicemotion", "deviceorientation", "deviceorientationabsolute")
		if len(ev) == 0 {
			return nil
		}
		return []rules.Result{rules.Cant(-1, "motion-listener", "events", strings.Join(ev, ", "))}
	},
}

// sensory matches instructions that locate or identify something by its
// shape, size, position, colour or sound alone (WCAG 1.3.3, F14, F26), in
// English and Swedish: "the round button", "on the right", "the green
// arrow", "när du hör tonen". They are phrases of reference to a control
// or place, not any mention of a colour.
var sensory = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(click|press|tap|select|use|choose|see|find)\b[^.!?]{0,30}\b(round|square|circular|triangular|red|green|blue|yellow|orange|large|small|big)\b[^.!?]{0,12}\b(button|icon|link|box|arrow|circle|square|star)s?\b`),
	regexp.MustCompile(`(?i)\b(in|on|at)\s+the\s+(left|right|top|bottom)(\s+(side|corner|column|of the (page|screen)))\b|\b(in|on)\s+the\s+(sidebar|right-hand|left-hand)(\s+(side|column))?\b|\b(above|below)\s+(this|the)\s+(box|image|picture|column)\b|\b(when|after)\s+you\s+hear\s+the\s+(tone|beep|sound|signal)\b`),
	regexp.MustCompile(`(?i)(klicka|tryck|välj|använd|se)\b[^.!?]{0,30}\b(runda|rund|fyrkantiga|fyrkantig|röda|röd|gröna|grön|blå|gula|gul|stora|lilla|små)\b[^.!?]{0,12}\b(knappen|ikonen|länken|rutan|pilen|cirkeln|stjärnan|knapp|ikon|pil)\b`),
	regexp.MustCompile(`(?i)\b(till|i|uppe till|nere till)\s+(höger|vänster)(\s+(på sidan|i spalten|på skärmen|hörnet))?\b|\b(i|på)\s+(högra|vänstra|övre|nedre)\s+(spalten|hörnet|kanten|delen)\b|\bnär du hör\s+(tonen|signalen|ljudet)\b`),
}

// SensoryInstructions points out instructions that may rely on shape,
// size, visual position, colour or sound alone (WCAG 1.3.3). Whether the
// thing referred to is also named in text is for a person to check:
// cantTell on each block of text with such a phrase.
var SensoryInstructions = &rules.Rule{
	ID:     "sensory-instructions",
	Family: "layout",
	Title:  rules.Text{EN: "Instructions do not rely on shape, position, colour or sound alone", SV: "Instruktioner bygger inte enbart på form, placering, färg eller ljud"},
	Help: rules.Text{
		EN: "Name what the instruction points at (\"the Apply button\", \"the section Requirements\") besides where it is or how it looks.",
		SV: "Ange vad instruktionen pekar på (”knappen Ansök”, ”avsnittet Krav”) utöver var det finns eller hur det ser ut.",
	},
	Manual: rules.Text{EN: "Read the instruction without seeing the page: can you tell what it refers to?", SV: "Läs instruktionen utan att se sidan: går det att förstå vad den syftar på?"},
	WCAG:   []string{"1.3.3"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"sensory-reference": {EN: "\"{phrase}\" refers to something by its look, place or sound; check that it is also named in text.", SV: "”{phrase}” syftar på något genom utseende, placering eller ljud; kontrollera att det också namnges i text."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		// A page repeats its components' texts (cards, list items):
		// each distinct text is matched once.
		phrases := map[string]string{}
		dom.Elements(p, func(i int) {
			switch p.Tag(i) {
			case "script", "style", "noscript", "template", "head", "title":
				return
			}
			if !p.Rendered(i) || !p.InAXTree(i) {
				return
			}
			// Judge the element that holds the text itself.
			own := ""
			for _, ch := range p.Children(i) {
				if p.Nodes[ch].Type == page.TextNode {
					own += p.Nodes[ch].Value + " "
				}
			}
			if strings.TrimSpace(own) == "" {
				return
			}
			text := strings.Join(strings.Fields(p.Text(i)), " ")
			m, ok := phrases[text]
			if !ok {
				m = sensoryPhrase(text)
				phrases[text] = m
			}
			if m != "" {
				out = append(out, rules.Cant(i, "sensory-reference", "phrase", dom.Clip(m, 80)))
			}
		})
		return dedupeNested(p, out)
	},
}

// sensoryPhrase returns the first sensory phrase in text, "" if none.
func sensoryPhrase(text string) string {
	for _, re := range sensory {
		if m := re.FindString(text); m != "" {
			return m
		}
	}
	return ""
}

// dedupeNested keeps one result per phrase: the innermost element.
func dedupeNested(p *page.Page, rs []rules.Result) []rules.Result {
	var out []rules.Result
	for k, r := range rs {
		inner := false
		for _, o := range rs[k+1:] {
			if p.IsAncestor(r.Target, o.Target) && o.Args["phrase"] == r.Args["phrase"] {
				inner = true
				break
			}
		}
		if !inner {
			out = append(out, r)
		}
	}
	return out
}
