// Package focus holds rules read from the keyboard walk: focus visible
// (2.4.7), focus not obscured (2.4.11, 2.4.12) and focus order (2.4.3),
// static content in the tab order (2.4.3) and a change of context when
// something takes focus (3.2.1).
package focus

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
)

// Rules are the focus rules.
var Rules = []*rules.Rule{FocusVisible, FocusNotObscured, FocusOrder, OnFocus, FocusableStatic}

// stops returns the first walk stop of each node, in document order.
func stops(c *rules.Ctx) []int {
	return c.Memo("focus.stops", func() any {
		seen := map[int]bool{}
		var out []int
		for _, s := range c.Page.Focus.Stops {
			if s.Node >= 0 && !seen[s.Node] {
				seen[s.Node] = true
				out = append(out, s.Node)
			}
		}
		slices.Sort(out)
		return out
	}).([]int)
}

func stopOf(p *page.Page, node int) *page.FocusStop {
	for k := range p.Focus.Stops {
		if p.Focus.Stops[k].Node == node {
			return &p.Focus.Stops[k]
		}
	}
	return nil
}

// FocusVisible checks each focus stop for a visible indicator (WCAG 2.4.7,
// ACT oj04fd): computed styles that change on focus, or pixels around the
// element that differ focused and blurred.
var FocusVisible = &rules.Rule{
	ID:     "focus-visible",
	Family: "focus",
	Title:  rules.Text{EN: "Keyboard focus is visible", SV: "Tangentbordsfokus syns"},
	Help: rules.Text{
		EN: "Do not remove the focus outline without a replacement: style :focus-visible with an outline, border, underline or background change that stands out.",
		SV: "Ta inte bort fokusramen utan ersättning: ge :focus-visible en kontur, ram, understrykning eller bakgrundsändring som syns tydligt.",
	},
	Manual: rules.Text{EN: "Tab to the element and check that you can see where focus is.", SV: "Tabba till elementet och kontrollera att du ser var fokus är."},
	WCAG:   []string{"2.4.7"},
	ACT:    []string{"oj04fd"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"indicator-styles":  {EN: "Focus changes {props}.", SV: "Fokus ändrar {props}."},
		"indicator-pixels":  {EN: "{changed} pixels around the element change when it takes focus.", SV: "{changed} pixlar runt elementet ändras när det får fokus."},
		"no-indicator":      {EN: "Nothing around the element changes when it takes focus ({area} pixels compared, no style changes).", SV: "Ingenting runt elementet ändras när det får fokus ({area} pixlar jämförda, inga stiländringar)."},
		"invisible-control": {EN: "The control itself is invisible (opacity 0 or 1 pixel) and neither its label nor its parent changes style on focus; check that focus shows somewhere next to it.", SV: "Kontrollen själv är osynlig (opacitet 0 eller 1 pixel) och varken dess etikett eller förälder ändrar stil vid fokus; kontrollera att fokus syns någonstans intill den."},
		"not-compared":      {EN: "No style shows focus and the pixels were not compared; check the focus indicator by hand.", SV: "Ingen stil visar fokus och pixlarna jämfördes inte; kontrollera fokusmarkeringen manuellt."},
	},
	Applies: stops,
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		st := stopOf(p, i)
		changes := st.Indicator.Changes
		invisible := invisibleControl(p, i)
		if invisible {
			// What focus draws on an invisible control (the browser's
			// ring on an opacity-0 checkbox) cannot be seen: only its
			// label and parent count.
			var kept []page.StyleChange
			for _, ch := range changes {
				if ch.On == "label" || ch.On == "parent" {
					kept = append(kept, ch)
				}
			}
			changes = kept
		}
		if page.VisibleChange(changes) || outlineRecoloured(p, i, changes) {
			var props []string
			for _, ch := range changes {
				props = append(props, ch.Prop)
				if len(props) == 3 {
					break
				}
			}
			return rules.Pass(i, "indicator-styles", "props", strings.Join(props, ", "))
		}
		if px := st.Indicator.Pixels; px != nil && px.Area > 0 {
			if px.Changed > 0 {
				return rules.Pass(i, "indicator-pixels", "changed", strconv.Itoa(px.Changed))
			}
			return rules.Fail(i, "no-indicator", "area", strconv.Itoa(px.Area))
		}
		if invisible {
			return rules.Cant(i, "invisible-control")
		}
		return rules.Cant(i, "not-compared")
	},
}

// invisibleControl reports a control hidden visually but kept for
// assistive technology and the keyboard (a custom checkbox's input):
// opacity 0, or a box of at most 1×1 px.
func invisibleControl(p *page.Page, i int) bool {
	if strings.TrimSpace(p.Style(i, "opacity")) == "0" {
		return true
	}
	b, ok := p.Box(i)
	return ok && b.W <= 1 && b.H <= 1
}

// outlineRecoloured reports a focus indicator drawn by changing only the
// colour of an outline the element (or its parent) already has: the
// unfocused style and width come from the snapshot, and the new colour is
// opaque enough to be seen (a ring that is transparent until focused).
func outlineRecoloured(p *page.Page, i int, cs []page.StyleChange) bool {
	for _, ch := range cs {
		if ch.Prop != "outline-color" || (ch.On != "self" && ch.On != "parent") {
			continue
		}
		node := i
		if ch.On == "parent" {
			node = p.ParentElement(i)
		}
		if node < 0 {
			continue
		}
		if st := p.Style(node, "outline-style"); st == "" || st == "none" {
			continue
		}
		if w := strings.TrimSpace(p.Style(node, "outline-width")); w == "" || w == "0px" {
			continue
		}
		if a := strings.TrimSpace(ch.After); a != "" && a != "transparent" && !strings.HasSuffix(a, ", 0)") {
			return true
		}
	}
	return false
}

// FocusNotObscured checks that the focused element is not hidden by other
// content such as a sticky header or a cookie banner (WCAG 2.2 2.4.11;
// partly hidden is reported for 2.4.12).
var FocusNotObscured = &rules.Rule{
	ID:     "focus-not-obscured",
	Family: "focus",
	Title:  rules.Text{EN: "Focused elements are not hidden by other content", SV: "Element med fokus döljs inte av annat innehåll"},
	Help: rules.Text{
		EN: "Keep sticky headers, footers and banners from covering focused elements: add scroll-padding for sticky bars, and let banners be dismissed.",
		SV: "Se till att fasta sidhuvuden, sidfötter och banderoller inte täcker element med fokus: lägg till scroll-padding för fasta fält och låt banderoller stängas.",
	},
	Manual: rules.Text{EN: "Tab through the page and check that each focused element stays at least partly in view.", SV: "Tabba genom sidan och kontrollera att varje element med fokus syns åtminstone delvis."},
	WCAG:   []string{"2.4.11"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"visible":       {EN: "The focused element is not covered.", SV: "Elementet med fokus är inte täckt."},
		"hidden":        {EN: "When focused, the element is entirely covered by {cover}.", SV: "När elementet har fokus täcks det helt av {cover}."},
		"partly-hidden": {EN: "When focused, {share}% of the element is covered by {cover} (WCAG 2.4.12, AAA, asks for none).", SV: "När elementet har fokus täcks {share} % av det av {cover} (WCAG 2.4.12, AAA, kräver inget)."},
		"off-screen":    {EN: "The focused element stays outside the viewport; check whether it is visible at all.", SV: "Elementet med fokus förblir utanför visningsytan; kontrollera om det syns alls."},
	},
	Applies: stops,
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		st := stopOf(p, i)
		cover := "other content"
		if st.CoveredBy >= 0 {
			cover = p.Snippet(st.CoveredBy, 60)
		}
		switch {
		case !st.InViewport:
			return rules.Cant(i, "off-screen")
		case st.Covered >= 0.999:
			r := rules.Fail(i, "hidden", "cover", cover)
			if st.CoveredBy >= 0 {
				r = r.With(st.CoveredBy)
			}
			return r
		case st.Covered > 0:
			return rules.Cant(i, "partly-hidden", "share", fmt.Sprintf("%.0f", st.Covered*100), "cover", cover)
		}
		return rules.Pass(i, "visible")
	},
}

// FocusOrder points out what may make the focus order illogical (WCAG
// 2.4.3): positive tabindex, and focus jumping back up the page.
var FocusOrder = &rules.Rule{
	ID:     "focus-order",
	Family: "focus",
	Title:  rules.Text{EN: "Focus order follows the reading order", SV: "Fokusordningen följer läsordningen"},
	Help: rules.Text{
		EN: "Remove positive tabindex values and order the source like the visual layout, so Tab moves through the page in reading order.",
		SV: "Ta bort positiva tabindex-värden och ordna källkoden som den visuella layouten, så att Tab går genom sidan i läsordning.",
	},
	Manual: rules.Text{EN: "Tab through the page and check that the order preserves meaning and operability.", SV: "Tabba genom sidan och kontrollera att ordningen bevarar innebörd och användbarhet."},
	WCAG:   []string{"2.4.3"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"in-order":          {EN: "The focus order follows the document and the layout.", SV: "Fokusordningen följer dokumentet och layouten."},
		"positive-tabindex": {EN: "tabindex=\"{value}\" puts this element ahead of the document order; check that the order still makes sense.", SV: "tabindex=\"{value}\" lägger elementet före dokumentordningen; kontrollera att ordningen fortfarande är begriplig."},
		"jumps-back":        {EN: "Focus moves from {from} up the page by {dist} px to this element; check that the order makes sense.", SV: "Fokus flyttas från {from} {dist} px uppåt på sidan till elementet; kontrollera att ordningen är begriplig."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		for _, i := range p.Focus.Order {
			if v, ok := p.Attr(i, "tabindex"); ok {
				if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
					out = append(out, rules.Cant(i, "positive-tabindex", "value", strconv.Itoa(n)))
				}
			}
		}
		prev := -1
		for _, s := range p.Focus.Stops {
			if s.Node < 0 {
				continue
			}
			if prev >= 0 {
				a, okA := p.Box(prev)
				b, okB := p.Box(s.Node)
				if okA && okB && !a.Empty() && !b.Empty() && b.Y+b.H < a.Y-200 && p.Style(s.Node, "position") != "fixed" && p.Style(prev, "position") != "fixed" {
					out = append(out, rules.Cant(s.Node, "jumps-back", "from", p.Snippet(prev, 60), "dist", fmt.Sprintf("%.0f", a.Y-b.Y)).With(prev))
				}
			}
			prev = s.Node
		}
		if len(out) == 0 && len(p.Focus.Stops) > 1 {
			out = append(out, rules.Pass(-1, "in-order"))
		}
		return out
	},
}
