package color

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/css"
	"github.com/granska/granska/rules/internal/dom"
)

// NonTextContrast checks the visual boundaries of form controls and the
// focus indicators found by the keyboard walk against their adjacent
// colours (WCAG 1.4.11).
//
// A control passes when its border (or unfocused outline) or its own fill
// reaches the ratio against the colour around it; it fails when it draws a
// border or a fill and neither reaches it. Disabled controls are exempt.
// Native checkboxes and radio buttons may be drawn by the browser, which
// ignores author borders, so they are cantTell unless an author boundary
// passes. A focus indicator passes or fails from the outline it draws;
// other indicators are judged from the walk's pixel comparison or left to a
// person.
var NonTextContrast = &rules.Rule{
	ID:     "non-text-contrast",
	Family: "color",
	Title:  rules.Text{EN: "Controls and focus indicators have enough contrast", SV: "Kontroller och fokusmarkeringar har tillräcklig kontrast"},
	Help: rules.Text{
		EN: "Give the border (or the fill) of form fields, checkboxes and radio buttons at least 3:1 against the colour around them, and make focus outlines at least 3:1 against what they sit on.",
		SV: "Ge ramen (eller fyllningen) på formulärfält, kryssrutor och radioknappar minst 3:1 i kontrast mot färgen runt dem, och gör fokusramar minst 3:1 mot det de ligger på.",
	},
	Manual: rules.Text{
		EN: "Look at the control and at its focus indicator: can you see where the control is and which one has focus? Measure the weakest edge against the colour next to it (at least 3:1).",
		SV: "Titta på kontrollen och dess fokusmarkering: syns det var kontrollen är och vilken som har fokus? Mät den svagaste kanten mot färgen bredvid (minst 3:1).",
	},
	WCAG:   []string{"1.4.11"},
	Impact: rules.Serious,
	Params: map[string]float64{"ratio": 3},
	Codes: map[string]rules.Text{
		"boundary":         {EN: "The control's border {fg} has {ratio}:1 against {bg}, at least {threshold}:1.", SV: "Kontrollens ram {fg} har {ratio}:1 mot {bg}, minst {threshold}:1."},
		"fill":             {EN: "The control's fill {fg} has {ratio}:1 against {bg}, at least {threshold}:1.", SV: "Kontrollens fyllning {fg} har {ratio}:1 mot {bg}, minst {threshold}:1."},
		"low-boundary":     {EN: "The control's border {fg} has only {ratio}:1 against {bg} and its fill {fill} {fillratio}:1, both under {threshold}:1: the control is hard to see.", SV: "Kontrollens ram {fg} har bara {ratio}:1 mot {bg} och fyllningen {fill} {fillratio}:1, båda under {threshold}:1: kontrollen är svår att se."},
		"low-fill":         {EN: "The control has no border and its fill {fg} has only {ratio}:1 against {bg}, under {threshold}:1: the control is hard to see.", SV: "Kontrollen saknar ram och fyllningen {fg} har bara {ratio}:1 mot {bg}, under {threshold}:1: kontrollen är svår att se."},
		"no-boundary":      {EN: "The control draws no border or fill of its own; check that it can be identified (by an underline, an icon or its surroundings) with at least {threshold}:1.", SV: "Kontrollen ritar ingen egen ram eller fyllning; kontrollera att den går att urskilja (med en linje, en ikon eller omgivningen) med minst {threshold}:1."},
		"native-control":   {EN: "The {what} may be drawn by the browser (then it is exempt); if it is restyled, check that its edge has at least {threshold}:1 against {bg} (author border {ratio}:1).", SV: "{what} kan vara ritad av webbläsaren (då är den undantagen); om den har egen stil, kontrollera att kanten har minst {threshold}:1 mot {bg} (författarens ram {ratio}:1)."},
		"drawn-inside":     {EN: "The widget's own border and fill have under {threshold}:1 against {bg} ({ratio}:1); its look comes from content inside it: check that content's contrast.", SV: "Komponentens egen ram och fyllning har under {threshold}:1 mot {bg} ({ratio}:1); utseendet kommer från innehållet i den: kontrollera det innehållets kontrast."},
		"shadow":           {EN: "The control's border and fill have under {threshold}:1 against {bg} ({ratio}:1), but a shadow ({shadow}) may mark its edge; check it.", SV: "Kontrollens ram och fyllning har under {threshold}:1 mot {bg} ({ratio}:1), men en skugga ({shadow}) kan markera kanten; kontrollera den."},
		"bg-image":         {EN: "The control sits on or has a background image or gradient; check its edge against it.", SV: "Kontrollen ligger på eller har en bakgrundsbild eller färgövergång; kontrollera kanten mot den."},
		"color-format":     {EN: "The colours ({fg}, {bg}) use a colour format Granska does not compute; check the contrast by hand.", SV: "Färgerna ({fg}, {bg}) använder ett färgformat som Granska inte beräknar; kontrollera kontrasten manuellt."},
		"focus-indicator":  {EN: "The focus outline {fg} has {ratio}:1 against {bg}, at least {threshold}:1.", SV: "Fokusramen {fg} har {ratio}:1 mot {bg}, minst {threshold}:1."},
		"focus-ua-ring":    {EN: "Focus is shown by the browser's own focus ring, which is drawn in two colours to stand out on any background.", SV: "Fokus visas med webbläsarens egen fokusring, som ritas i två färger för att synas mot alla bakgrunder."},
		"focus-pixels":     {EN: "The pixels that change on focus differ by up to {ratio}:1 from the unfocused ones, at least {threshold}:1.", SV: "Pixlarna som ändras vid fokus skiljer sig upp till {ratio}:1 från dem utan fokus, minst {threshold}:1."},
		"focus-low":        {EN: "The focus outline {fg} has only {ratio}:1 against {bg}, under {threshold}:1, and focus also changes {other}; check that the whole indicator stands out by {threshold}:1.", SV: "Fokusramen {fg} har bara {ratio}:1 mot {bg}, under {threshold}:1, och fokus ändrar också {other}; kontrollera att markeringen som helhet syns med {threshold}:1."},
		"focus-weak":       {EN: "The focus outline {fg} has only {ratio}:1 against {bg} and the element ({adjacent}), under {threshold}:1.", SV: "Fokusramen {fg} har bara {ratio}:1 mot {bg} och elementet ({adjacent}), under {threshold}:1."},
		"focus-pixels-low": {EN: "The pixels that change on focus differ by at most {ratio}:1 from the unfocused ones, under {threshold}:1; check the indicator against the colours next to it.", SV: "Pixlarna som ändras vid fokus skiljer sig högst {ratio}:1 från dem utan fokus, under {threshold}:1; kontrollera markeringen mot färgerna bredvid."},
		"focus-unmeasured": {EN: "Focus changes {props}, which Granska does not measure; check that the indicator has at least {threshold}:1 against the colours next to it.", SV: "Fokus ändrar {props}, som Granska inte mäter; kontrollera att markeringen har minst {threshold}:1 mot färgerna bredvid."},
	},
	Check: nonTextContrast,
}

// textInputTypes are input types drawn as a text box.
var textInputTypes = map[string]bool{
	"": true, "text": true, "email": true, "tel": true, "url": true, "search": true, "password": true,
	"number": true, "date": true, "datetime-local": true, "month": true, "week": true, "time": true,
}

// customControlRoles are widget roles whose boundary identifies them.
var customControlRoles = map[string]bool{
	"textbox": true, "searchbox": true, "combobox": true, "checkbox": true, "radio": true,
	"switch": true, "slider": true, "spinbutton": true,
}

// controlKind classifies an element for the boundary check: "text"
// (text inputs, textareas, selects), "check" (native checkboxes and radio
// buttons), "custom" (an element given a control role), or "".
func controlKind(p *page.Page, i int) string {
	switch p.Tag(i) {
	case "input":
		t, _ := p.Attr(i, "type")
		t = page.Lower(strings.TrimSpace(t))
		switch {
		case t == "checkbox" || t == "radio":
			return "check"
		case textInputTypes[t]:
			return "text"
		}
		return ""
	case "textarea", "select":
		return "text"
	}
	for _, r := range dom.ExplicitRoles(p, i) {
		if customControlRoles[r] {
			return "custom"
		}
	}
	return ""
}

// Controls returns the rendered, enabled, visible form controls the
// boundary check applies to, in document order.
func Controls(c *rules.Ctx) []int {
	return c.Memo("color.controls", func() any {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || controlKind(p, i) == "" || !p.Rendered(i) || !p.InAXTree(i) {
				continue
			}
			b, ok := p.Box(i)
			if !ok || b.W < 2 || b.H < 2 || b.X+b.W <= 0 || b.Y+b.H <= 0 {
				continue
			}
			if dom.Disabled(p, i) || p.Style(i, "visibility") != "visible" || transparentUp(p, i) || dom.ClippedAway(p, i) {
				continue
			}
			out = append(out, i)
		}
		return out
	}).([]int)
}

// transparentUp reports an element made invisible with opacity 0 on itself
// or an ancestor (the "hidden native checkbox under a drawn one" pattern).
func transparentUp(p *page.Page, i int) bool {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		if p.Nodes[x].Type == page.DocumentNode {
			return false
		}
		if p.IsElement(x) && p.Nodes[x].Layout != nil {
			if o := p.Style(x, "opacity"); o == "0" {
				return true
			}
		}
	}
	return false
}

// outerColour is the opaque colour around element i: what is painted
// behind its parent.
func outerColour(p *page.Page, i int) (css.Color, string, error) {
	par := p.ParentElement(i)
	if par < 0 {
		return css.White, "white", nil
	}
	c, raw, err := colourBehind(p, par)
	return c, raw, err
}

// ringColour is the opaque colour behind the nearest ancestor of element i
// whose box holds i's box grown by grow px on every side (an outline's
// offset and width); ok is false when no ancestor holds it or the colour
// is not computed. A focus ring around an element larger than its parent,
// such as a slider thumb on a thin track, lies on what is behind the
// track's container, not on the track (WCAG 1.4.11, "adjacent colors").
func ringColour(p *page.Page, i int, grow float64) (css.Color, bool) {
	b, ok := p.Box(i)
	if !ok || b.Empty() {
		return css.Color{}, false
	}
	area := page.Rect{X: b.X - grow, Y: b.Y - grow, W: b.W + 2*grow, H: b.H + 2*grow}
	for a := p.ParentElement(i); a >= 0; a = p.ParentElement(a) {
		if ab, ok := p.Box(a); ok && !ab.Empty() && ab.Contains(area) {
			c, _, err := colourBehind(p, a)
			return c, err == nil
		}
	}
	return css.Color{}, false
}

// colourBehind is the opaque background colour of element el: its own and
// its ancestors' background colours composited up to the first opaque one,
// or to the nearest ancestor for which Chrome blended the background
// (Layout.BG), over white. Chrome blends only for some elements, such as
// those that hold text directly, so the styles fill the gaps.
func colourBehind(p *page.Page, el int) (css.Color, string, error) {
	c, raw, ok := dom.Backdrop(p, el)
	if !ok {
		return css.Color{}, raw, css.ErrColor
	}
	return c, c.Hex(), nil
}

// edge is one drawn line of an element (a border side or an outline) with
// its opaque colour.
type edge struct {
	colour css.Color
	ratio  float64
}

// visibleBorders returns the colours of the border sides that are drawn.
func visibleBorders(p *page.Page, i int) ([]css.Color, error) {
	var out []css.Color
	for _, side := range []string{"top", "right", "bottom", "left"} {
		w, _ := css.Px(p.Style(i, "border-"+side+"-width"))
		st := p.Style(i, "border-"+side+"-style")
		if w < 0.5 || st == "none" || st == "hidden" || st == "" {
			continue
		}
		c, err := css.Parse(p.Style(i, "border-"+side+"-color"))
		if err != nil {
			return nil, err
		}
		if c.A == 0 {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

func nonTextContrast(c *rules.Ctx) []rules.Result {
	var out []rules.Result
	for _, i := range Controls(c) {
		out = append(out, controlBoundary(c, i))
	}
	out = append(out, focusIndicators(c)...)
	return out
}

// controlBoundary judges one control's border and fill against the colour
// around it.
func controlBoundary(c *rules.Ctx, i int) rules.Result {
	p := c.Page
	th := c.Param("ratio")
	kind := controlKind(p, i)
	outer, outerRaw, err := outerColour(p, i)
	if err != nil {
		return rules.Cant(i, "color-format", "fg", p.Style(i, "border-top-color"), "bg", outerRaw)
	}
	fillRaw := p.Style(i, "background-color")
	fillC, err := css.Parse(fillRaw)
	if err != nil {
		return rules.Cant(i, "color-format", "fg", fillRaw, "bg", outerRaw)
	}
	fill := fillC.Over(outer)
	borders, err := visibleBorders(p, i)
	if err != nil {
		return rules.Cant(i, "color-format", "fg", p.Style(i, "border-top-color"), "bg", outerRaw)
	}
	// An outline drawn while unfocused is a boundary too.
	if ow, _ := css.Px(p.Style(i, "outline-width")); ow >= 0.5 {
		if st := p.Style(i, "outline-style"); st != "none" && st != "" && st != "auto" {
			if oc, err := css.Parse(p.Style(i, "outline-color")); err == nil && oc.A > 0 {
				borders = append(borders, oc)
			}
		}
	}
	best := edge{ratio: 0}
	for _, b := range borders {
		col := b.Over(fill)
		if r := css.Contrast(col, outer); r > best.ratio {
			best = edge{col, r}
		}
	}
	fillRatio := css.Contrast(fill, outer)
	args := []string{"bg", outer.Hex(), "threshold", round2(th)}

	if bi := p.Style(i, "background-image"); bi != "" && bi != "none" {
		return rules.Cant(i, "bg-image", args...)
	}
	if k, _ := imageBehind(c, i); k != "" {
		return rules.Cant(i, "bg-image", args...)
	}
	if len(borders) > 0 && best.ratio >= th {
		return rules.Pass(i, "boundary", append(args, "fg", best.colour.Hex(), "ratio", round2(best.ratio))...)
	}
	if fillC.A > 0 && fillRatio >= th {
		return rules.Pass(i, "fill", append(args, "fg", fill.Hex(), "ratio", round2(fillRatio))...)
	}
	ratio := max(best.ratio, fillRatio)
	switch kind {
	case "check":
		what := "checkbox"
		if t, _ := p.Attr(i, "type"); page.Lower(strings.TrimSpace(t)) == "radio" {
			what = "radio button"
		}
		return rules.Cant(i, "native-control", append(args, "what", what, "ratio", round2(best.ratio))...)
	case "custom":
		if drawnInside(p, i) {
			return rules.Cant(i, "drawn-inside", append(args, "ratio", round2(ratio))...)
		}
	}
	if sh := p.Style(i, "box-shadow"); sh != "" && sh != "none" {
		return rules.Cant(i, "shadow", append(args, "ratio", round2(ratio), "shadow", sh)...)
	}
	switch {
	case len(borders) > 0:
		return rules.Fail(i, "low-boundary", append(args, "fg", best.colour.Hex(), "ratio", round2(best.ratio), "fill", fill.Hex(), "fillratio", round2(fillRatio))...)
	case fillC.A > 0 && fillRatio > 1.05:
		return rules.Fail(i, "low-fill", append(args, "fg", fill.Hex(), "ratio", round2(fillRatio))...)
	}
	return rules.Cant(i, "no-boundary", args...)
}

// drawnInside reports a custom widget whose look may come from its content:
// rendered child elements, pseudo-elements or text.
func drawnInside(p *page.Page, i int) bool {
	found := false
	p.Descendants(i, func(d int) bool {
		n := &p.Nodes[d]
		switch {
		case n.Type == page.TextNode && strings.TrimSpace(n.Value) != "" && n.Layout != nil:
			found = true
		case n.Type == page.ElementNode && n.Layout != nil && !n.Layout.Box.Empty():
			found = true
		}
		return !found
	})
	return found
}

// outlineProps are the styles that make up an outline.
var outlineProps = map[string]bool{"outline-style": true, "outline-width": true, "outline-color": true, "outline-offset": true}

// focusIndicators judges the focus indicator of each node's first walk
// stop.
func focusIndicators(c *rules.Ctx) []rules.Result {
	p := c.Page
	th := c.Param("ratio")
	seen := map[int]bool{}
	var out []rules.Result
	for k := range p.Focus.Stops {
		st := &p.Focus.Stops[k]
		if st.Node < 0 || seen[st.Node] || !p.IsElement(st.Node) {
			continue
		}
		seen[st.Node] = true
		if r, ok := focusIndicator(p, st, th); ok {
			out = append(out, r)
		}
	}
	return out
}

// focused returns a style of node on (self or parent) as it was at the
// focus stop: the changed value, or the unfocused one.
func focused(p *page.Page, cs []page.StyleChange, on string, node int, prop string) string {
	for _, ch := range cs {
		if ch.On == on && ch.Prop == prop {
			return ch.After
		}
	}
	return p.Style(node, prop)
}

func focusIndicator(p *page.Page, st *page.FocusStop, th float64) (rules.Result, bool) {
	i := st.Node
	cs := st.Indicator.Changes
	args := []string{"threshold", round2(th)}
	var others []string
	outlineOn := ""
	for _, ch := range cs {
		if outlineProps[ch.Prop] && (ch.On == "self" || ch.On == "parent") {
			if outlineOn == "" || ch.On == "self" {
				outlineOn = ch.On
			}
			continue
		}
		others = append(others, ch.Prop)
	}
	// An outline that appears or changes on focus.
	if outlineOn != "" {
		node := i
		if outlineOn == "parent" {
			node = p.ParentElement(i)
		}
		style := focused(p, cs, outlineOn, node, "outline-style")
		width, _ := css.Px(focused(p, cs, outlineOn, node, "outline-width"))
		if style != "none" && style != "hidden" && style != "" && width >= 0.5 {
			if style == "auto" {
				return rules.Pass(i, "focus-ua-ring"), true
			}
			raw := focused(p, cs, outlineOn, node, "outline-color")
			oc, err1 := css.Parse(raw)
			off, _ := css.Px(focused(p, cs, outlineOn, node, "outline-offset"))
			outer, outerRaw, err2 := outerColour(p, node)
			if err1 != nil || err2 != nil {
				return rules.Cant(i, "color-format", "fg", raw, "bg", outerRaw), true
			}
			// Where the ring reaches past the parent, it lies on what holds
			// it: judged against that where that is the better contrast.
			if ring, ok := ringColour(p, node, max(0, off+width)); ok && css.Contrast(oc.Over(ring), ring) > css.Contrast(oc.Over(outer), outer) {
				outer = ring
			}
			col := oc.Over(outer)
			ratio := css.Contrast(col, outer)
			args = append(args, "fg", col.Hex(), "bg", outer.Hex())
			if ratio >= th {
				return rules.Pass(i, "focus-indicator", append(args, "ratio", round2(ratio))...), true
			}
			// With no offset the outline also touches the element's
			// own edge: its border, else its fill.
			adjacent := ""
			if off <= 0 {
				inner := elementEdge(p, cs, outlineOn, node, outer)
				adjacent = inner.Hex()
				ratio = max(ratio, css.Contrast(col, inner))
				if ratio >= th {
					return rules.Pass(i, "focus-indicator", append(args, "ratio", round2(ratio))...), true
				}
			}
			if len(others) > 0 || (st.Indicator.Pixels != nil && st.Indicator.Pixels.Contrast >= th) {
				return rules.Cant(i, "focus-low", append(args, "ratio", round2(ratio), "other", strings.Join(firstN(others, 3), ", "))...), true
			}
			if adjacent == "" {
				adjacent = "offset " + round2(off) + " px"
			}
			return rules.Fail(i, "focus-weak", append(args, "ratio", round2(ratio), "adjacent", adjacent)...), true
		}
	}
	if px := st.Indicator.Pixels; px != nil && px.Changed > 0 {
		if px.Contrast >= th {
			return rules.Pass(i, "focus-pixels", append(args, "ratio", round2(px.Contrast))...), true
		}
		if px.Contrast > 0 {
			return rules.Cant(i, "focus-pixels-low", append(args, "ratio", round2(px.Contrast))...), true
		}
	}
	if len(others) > 0 {
		return rules.Cant(i, "focus-unmeasured", append(args, "props", strings.Join(firstN(others, 3), ", "))...), true
	}
	return rules.Result{}, false
}

// elementEdge is the opaque colour at the element's outer edge while
// focused: its drawn top border, else its fill over the outer colour.
func elementEdge(p *page.Page, cs []page.StyleChange, on string, node int, outer css.Color) css.Color {
	fill := outer
	if f, err := css.Parse(focused(p, cs, on, node, "background-color")); err == nil {
		fill = f.Over(outer)
	}
	w, _ := css.Px(focused(p, cs, on, node, "border-top-width"))
	if w >= 1 {
		if st := p.Style(node, "border-top-style"); st != "none" && st != "hidden" {
			if b, err := css.Parse(focused(p, cs, on, node, "border-top-color")); err == nil && b.A > 0 {
				return b.Over(fill)
			}
		}
	}
	return fill
}

func firstN(s []string, n int) []string {
	// Unique, in order.
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
		if len(out) == n {
			break
		}
	}
	return out
}
