package consent

import (
	"math"
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// ErrorAnnounced is F16, tested for real: the capture submitted the form
// empty with its requests intercepted (page.FormProbe), and this rule reads
// what the page did for each required consent box.
var ErrorAnnounced = &rules.Rule{
	ID:     "consent-error-announced",
	Family: "consent",
	Title:  rules.Text{EN: "A missing required consent is identified and announced", SV: "Ett obligatoriskt samtycke som saknas pekas ut och läses upp"},
	Help: rules.Text{
		EN: "When the form is sent without a required box ticked, say so in text tied to the box (aria-describedby or aria-errormessage, with aria-invalid=\"true\"), and move focus to the error or an error summary, or put the message in a live region.",
		SV: "När formuläret skickas utan en obligatorisk ruta ikryssad, säg det i text som är kopplad till rutan (aria-describedby eller aria-errormessage, med aria-invalid=\"true\"), och flytta fokus till felet eller en felsammanfattning, eller lägg meddelandet i en levande region.",
	},
	Manual: rules.Text{
		EN: "Send the form without ticking the box, with a screen reader: is the error announced, and does it say which box?",
		SV: "Skicka formuläret utan att kryssa i rutan, med skärmläsare: läses felet upp, och säger det vilken ruta det gäller?",
	},
	WCAG:     []string{"3.3.1", "4.1.3"},
	Legal:    []string{lawArt7_2},
	Severity: rules.Risk,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"announced":      {EN: "Sending the form without the box marked it invalid, tied the message \"{message}\" to it and {how}.", SV: "När formuläret skickades utan rutan markerades den som ogiltig, meddelandet ”{message}” kopplades till den och {how}."},
		"native":         {EN: "The browser's own validation stopped the form and pointed at the box (\"{message}\").", SV: "Webbläsarens egen validering stoppade formuläret och pekade ut rutan (”{message}”)."},
		"not-identified": {EN: "Sending the form without the box showed \"{shown}\", but the box was not marked invalid and no message was tied to it.", SV: "När formuläret skickades utan rutan visades ”{shown}”, men rutan markerades inte som ogiltig och inget meddelande kopplades till den."},
		"no-message":     {EN: "Sending the form without the box was stopped, but nothing said why: no message, no aria-invalid, no focus change.", SV: "Formuläret skickades inte utan rutan, men inget sa varför: inget meddelande, ingen aria-invalid, ingen fokusflytt."},
		"not-announced":  {EN: "The error \"{message}\" is tied to the box, but it is not announced: focus stayed on the send button and no live region spoke.", SV: "Felet ”{message}” är kopplat till rutan men läses inte upp: fokus blev kvar på skicka-knappen och ingen levande region talade."},
		"sent":           {EN: "The form was sent without the box (the request was stopped before it left): the errors come from the server, unseen here.", SV: "Formuläret skickades utan rutan (anropet stoppades innan det lämnade datorn): felen kommer från servern och syns inte här."},
		"not-probed":     {EN: "The form was not submitted during the capture ({why}).", SV: "Formuläret skickades inte under insamlingen ({why})."},
	},
	Applies: func(c *rules.Ctx) []int {
		return targets(c, func(a *Analysis, k int) bool {
			x := &a.Controls[k]
			return formConsent(a, k) && x.Form >= 0 && x.Required && !x.Checked
		})
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		x := control(c, i)
		fp := p.Probes.FormSubmit
		switch {
		case fp == nil:
			return rules.Cant(i, "not-probed", "why", "no probe in the capture")
		case fp.Form != Analyze(c).Forms[x.Form].Node:
			return rules.Cant(i, "not-probed", "why", "another form was probed")
		}
		f, ok := fp.Field(i)
		if !ok {
			why := "the box was not recorded"
			if fp.Error != "" {
				why = fp.Error
			}
			return rules.Cant(i, "not-probed", "why", why)
		}
		if fp.Sent {
			return rules.Cant(i, "sent")
		}
		msg := strings.TrimSpace(f.Described)
		tied := msg != "" && msg != strings.TrimSpace(f.DescribedBefore)
		identified := f.Invalid == "true" && tied
		if fp.Native && f.InvalidEvent {
			return rules.Pass(i, "native", "message", short(f.Message, 120))
		}
		focusMoved := fp.Focus >= 0 && fp.Focus != fp.Submit || fp.Focus < 0 && fp.FocusTag != ""
		if identified {
			switch {
			case fp.Focus == i:
				return rules.Pass(i, "announced", "message", short(msg, 120), "how", "focus moved to it")
			case len(fp.Live) > 0:
				return rules.Pass(i, "announced", "message", short(msg, 120), "how", "a live region announced \""+short(fp.Live[0], 80)+"\"")
			case focusMoved:
				return rules.Pass(i, "announced", "message", short(msg, 120), "how", "focus moved to "+focusName(p, fp))
			}
			return rules.Fail(i, "not-announced", "message", short(msg, 120))
		}
		shown := f.Nearby
		if shown == "" && len(fp.NewText) > 0 {
			shown = strings.Join(fp.NewText, " ")
		}
		if shown == "" && len(fp.Live) > 0 {
			shown = fp.Live[0]
		}
		if shown != "" {
			return rules.Fail(i, "not-identified", "shown", short(shown, 120))
		}
		return rules.Fail(i, "no-message")
	},
}

func focusName(p *page.Page, fp *page.FormProbe) string {
	if fp.Focus >= 0 {
		return short(p.Snippet(fp.Focus, 60), 60)
	}
	return short(fp.FocusTag, 60)
}

// TargetSize is F17: a consent box smaller than 24×24 CSS px without the
// spacing exception (its label's click area counts when associated).
var TargetSize = &rules.Rule{
	ID:     "consent-target-size",
	Family: "consent",
	Title:  rules.Text{EN: "Consent boxes are large enough to tick", SV: "Samtyckesrutor är stora nog att kryssa i"},
	Help: rules.Text{
		EN: "Make the box at least 24 by 24 CSS pixels, or associate its text as a <label> so the text can be clicked too.",
		SV: "Gör rutan minst 24 gånger 24 CSS-pixlar, eller koppla texten som <label> så att även texten går att klicka på.",
	},
	Manual:   rules.Text{EN: "Check that the box can be hit easily, with its text or spacing around it.", SV: "Kontrollera att rutan är lätt att träffa, via sin text eller tack vare avståndet runt den."},
	WCAG:     []string{"2.5.8"},
	Legal:    []string{lawArt7_2},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Params:   map[string]float64{"min": 24},
	Codes:    targetCodes,
	Applies: func(c *rules.Ctx) []int {
		return targets(c, func(a *Analysis, k int) bool { return formConsent(a, k) && c.Page.Rendered(a.Controls[k].Node) })
	},
	Expect: func(c *rules.Ctx, i int) rules.Result { return targetSize(c, i, c.Param("min")) },
}

var targetCodes = map[string]rules.Text{
	"large-enough": {EN: "The target is {w}×{h} px.", SV: "Målytan är {w}×{h} px."},
	"label-target": {EN: "The box is {w}×{h} px, but its associated label makes the target {lw}×{lh} px.", SV: "Rutan är {w}×{h} px, men dess kopplade etikett gör målytan {lw}×{lh} px."},
	"spaced":       {EN: "The target is {w}×{h} px, with room around it.", SV: "Målytan är {w}×{h} px, med fritt utrymme runt sig."},
	"too-small":    {EN: "The target is {w}×{h} px, smaller than {min}×{min}, and {near} is within reach of it.", SV: "Målytan är {w}×{h} px, mindre än {min}×{min}, och {near} ligger inom räckhåll."},
	"no-box":       {EN: "The target's size could not be measured.", SV: "Målytans storlek kunde inte mätas."},
	"inline":       {EN: "The link sits in a sentence (the inline exception of 2.5.8).", SV: "Länken står i en mening (undantaget för länkar i löptext i 2.5.8)."},
}

// targetSize judges node i against WCAG 2.5.8: its box (or its label's,
// when associated) at least min×min, or a circle of diameter min centred on
// it that touches no other target.
func targetSize(c *rules.Ctx, i int, min float64) rules.Result {
	p := c.Page
	b, ok := p.Box(i)
	if !ok || b.Empty() {
		return rules.Cant(i, "no-box")
	}
	w, h := fmtPx(b.W), fmtPx(b.H)
	if b.W >= min-0.01 && b.H >= min-0.01 {
		return rules.Pass(i, "large-enough", "w", w, "h", h)
	}
	if dom.Role(p, i) == "link" {
		if par := p.ParentElement(i); par >= 0 && len([]rune(p.Text(par))) > len([]rune(p.Text(i)))+20 {
			return rules.Pass(i, "inline")
		}
	}
	if lb, ok := labelBox(p, i); ok {
		u := union(b, lb)
		if u.W >= min-0.01 && u.H >= min-0.01 {
			return rules.Pass(i, "label-target", "w", w, "h", h, "lw", fmtPx(u.W), "lh", fmtPx(u.H))
		}
	}
	cx, cy := b.X+b.W/2, b.Y+b.H/2
	r := min / 2
	for _, t := range clickTargets(c) {
		if t == i || p.IsAncestor(t, i) || p.IsAncestor(i, t) || labelOf(p, t, i) {
			continue
		}
		ob, ok := p.Box(t)
		if !ok || ob.Empty() {
			continue
		}
		var near bool
		if ob.W < min || ob.H < min {
			ox, oy := ob.X+ob.W/2, ob.Y+ob.H/2
			near = math.Hypot(ox-cx, oy-cy) < min-0.01
		} else {
			near = distToRect(cx, cy, ob) < r-0.01
		}
		if near {
			return rules.Fail(i, "too-small", "w", w, "h", h, "min", fmtPx(min), "near", short(p.Snippet(t, 60), 60)).With(t)
		}
	}
	return rules.Pass(i, "spaced", "w", w, "h", h)
}

// clickTargets are the rendered interactive elements of the page, memoised.
func clickTargets(c *rules.Ctx) []int {
	return c.Memo("consent.targets", func() any {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if !p.Rendered(i) {
				return
			}
			switch p.Tag(i) {
			case "a":
				if !p.HasAttr(i, "href") {
					return
				}
			case "button", "select", "textarea", "summary":
			case "input":
				if t, _ := p.Attr(i, "type"); page.Lower(t) == "hidden" {
					return
				}
			case "label":
				if !labelHasControl(p, i) {
					return
				}
			default:
				switch dom.Role(p, i) {
				case "button", "link", "checkbox", "switch", "radio", "tab", "menuitem", "option":
				default:
					return
				}
			}
			out = append(out, i)
		})
		return out
	}).([]int)
}

// labelBox returns the box of the label associated with control i (a
// wrapping label or label[for=id]).
func labelBox(p *page.Page, i int) (page.Rect, bool) {
	for x := p.ParentElement(i); x >= 0 && x != p.Root(); x = p.ParentElement(x) {
		if p.Tag(x) == "label" {
			return p.Box(x)
		}
	}
	id, ok := p.Attr(i, "id")
	if !ok || id == "" {
		return page.Rect{}, false
	}
	var out page.Rect
	found := false
	dom.Elements(p, func(l int) {
		if !found && p.Tag(l) == "label" && attr(p, l, "for") == id && p.Rendered(l) {
			if b, ok := p.Box(l); ok {
				out, found = b, true
			}
		}
	})
	return out, found
}

// labelOf reports whether element t is a label of control i.
func labelOf(p *page.Page, t, i int) bool {
	if p.Tag(t) != "label" {
		return false
	}
	if p.IsAncestor(t, i) {
		return true
	}
	id, _ := p.Attr(i, "id")
	return id != "" && attr(p, t, "for") == id
}

func labelHasControl(p *page.Page, l int) bool {
	if attr(p, l, "for") != "" {
		return true
	}
	has := false
	p.Descendants(l, func(d int) bool {
		if p.IsElement(d) && (p.Tag(d) == "input" || p.Tag(d) == "select" || p.Tag(d) == "textarea") {
			has = true
		}
		return !has
	})
	return has
}

func union(a, b page.Rect) page.Rect {
	x0, y0 := math.Min(a.X, b.X), math.Min(a.Y, b.Y)
	x1, y1 := math.Max(a.X+a.W, b.X+b.W), math.Max(a.Y+a.H, b.Y+b.H)
	return page.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

func distToRect(x, y float64, r page.Rect) float64 {
	dx := math.Max(math.Max(r.X-x, 0), x-(r.X+r.W))
	dy := math.Max(math.Max(r.Y-y, 0), y-(r.Y+r.H))
	return math.Hypot(dx, dy)
}

func fmtPx(f float64) string {
	f = math.Round(f*10) / 10
	if f == math.Trunc(f) {
		return strconv.Itoa(int(f))
	}
	return strconv.Itoa(int(f)) + "." + strconv.Itoa(int(math.Round((f-math.Trunc(f))*10)))
}
