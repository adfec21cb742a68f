// Package color holds rules about colour: text contrast (1.4.3, 1.4.6),
// non-text contrast (1.4.11) and use of colour (1.4.1).
package color

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/css"
	"github.com/granska/granska/rules/internal/dom"
)

// Rules are the colour rules.
var Rules = []*rules.Rule{TextContrast, TextContrastEnhanced, NonTextContrast, LinkDistinguishable}

var contrastCodes = map[string]rules.Text{
	"sufficient":     {EN: "Contrast {ratio}:1 ({fg} on {bg}) meets {threshold}:1.", SV: "Kontrasten {ratio}:1 ({fg} mot {bg}) når {threshold}:1."},
	"insufficient":   {EN: "Contrast {ratio}:1 ({fg} on {bg}) is below {threshold}:1 for {size} text.", SV: "Kontrasten {ratio}:1 ({fg} mot {bg}) är under {threshold}:1 för {size} text."},
	"bg-image":       {EN: "The text is over a background image; its contrast ({ratio}:1 against the colour {bg} beneath) must be checked against the image.", SV: "Texten ligger över en bakgrundsbild; kontrasten ({ratio}:1 mot färgen {bg} under) måste kontrolleras mot bilden."},
	"bg-gradient":    {EN: "The text is over a gradient; check its contrast at the gradient's lightest and darkest points behind the text.", SV: "Texten ligger över en färgövergång; kontrollera kontrasten vid övergångens ljusaste och mörkaste punkt bakom texten."},
	"bg-overlap":     {EN: "An image or media element ({what}) lies behind the text; check the contrast against it.", SV: "En bild eller ett mediaelement ({what}) ligger bakom texten; kontrollera kontrasten mot den."},
	"text-shadow":    {EN: "Contrast {ratio}:1 without the text shadow is below {threshold}:1; check whether the shadow ({shadow}) gives enough contrast.", SV: "Kontrasten {ratio}:1 utan textskugga är under {threshold}:1; kontrollera om skuggan ({shadow}) ger tillräcklig kontrast."},
	"backdrop-pass":  {EN: "Contrast at least {ratio}:1 ({fg} on {darkest}…{lightest}, the pixels behind the text) meets {threshold}:1.", SV: "Kontrasten är minst {ratio}:1 ({fg} mot {darkest}…{lightest}, pixlarna bakom texten) och når {threshold}:1."},
	"backdrop-fail":  {EN: "Contrast at most {ratio}:1 ({fg} on {darkest}…{lightest}, the pixels behind the text) is below {threshold}:1 for {size} text.", SV: "Kontrasten är högst {ratio}:1 ({fg} mot {darkest}…{lightest}, pixlarna bakom texten) och under {threshold}:1 för {size} text."},
	"backdrop-mixed": {EN: "Behind the text the pixels range from {darkest} to {lightest}: contrast {low}:1 to {high}:1 around {threshold}:1; check the weakest part.", SV: "Bakom texten varierar pixlarna från {darkest} till {lightest}: kontrast {low}:1 till {high}:1 kring {threshold}:1; kontrollera den svagaste delen."},
	"symbols":        {EN: "The text ({text}) has no letters or digits, or is a one-character label named otherwise; check whether it conveys meaning that needs contrast.", SV: "Texten ({text}) saknar bokstäver och siffror, eller är en etikett på ett tecken med ett annat namn; kontrollera om den förmedlar något som kräver kontrast."},
	"invisible":      {EN: "The text has the colour of its background and is not visible.", SV: "Texten har samma färg som bakgrunden och syns inte."},
	"color-format":   {EN: "The colours ({fg}, {bg}) use a colour format Granska does not compute; check the contrast by hand.", SV: "Färgerna ({fg}, {bg}) använder ett färgformat som Granska inte beräknar; kontrollera kontrasten manuellt."},
}

// TextContrast checks the contrast of visible text against its background
// (WCAG 1.4.3, ACT afw4f7).
var TextContrast = &rules.Rule{
	ID:     "text-contrast",
	Family: "color",
	Title:  rules.Text{EN: "Text has enough contrast", SV: "Text har tillräcklig kontrast"},
	Help: rules.Text{
		EN: "Make text at least 4.5:1 against its background (3:1 for large text: 24 px, or 18.66 px bold). Darken the text or lighten the background.",
		SV: "Ge text minst 4,5:1 i kontrast mot bakgrunden (3:1 för stor text: 24 px, eller 18,66 px fetstil). Gör texten mörkare eller bakgrunden ljusare.",
	},
	Manual:  rules.Text{EN: "Measure the contrast of the text against the image or gradient behind it, at its weakest point.", SV: "Mät kontrasten mellan texten och bilden eller färgövergången bakom den, där den är svagast."},
	WCAG:    []string{"1.4.3"},
	ACT:     []string{"afw4f7"},
	Impact:  rules.Serious,
	Codes:   contrastCodes,
	Params:  map[string]float64{"normal": 4.5, "large": 3},
	Applies: func(c *rules.Ctx) []int { return VisibleText(c) },
	Expect: func(c *rules.Ctx, i int) rules.Result {
		return contrast(c, i)
	},
}

// TextContrastEnhanced is the AAA contrast check (WCAG 1.4.6, ACT 09o5cg),
// off by default.
var TextContrastEnhanced = &rules.Rule{
	ID:       "text-contrast-enhanced",
	Family:   "color",
	Title:    rules.Text{EN: "Text has enhanced contrast (AAA)", SV: "Text har förhöjd kontrast (AAA)"},
	Help:     rules.Text{EN: "Make text at least 7:1 against its background (4.5:1 for large text).", SV: "Ge text minst 7:1 i kontrast mot bakgrunden (4,5:1 för stor text)."},
	Manual:   TextContrast.Manual,
	WCAG:     []string{"1.4.6"},
	ACT:      []string{"09o5cg"},
	Impact:   rules.Minor,
	Optional: true,
	Codes:    contrastCodes,
	Params:   map[string]float64{"normal": 7, "large": 4.5},
	Applies:  func(c *rules.Ctx) []int { return VisibleText(c) },
	Expect:   func(c *rules.Ctx, i int) rules.Result { return contrast(c, i) },
}

// VisibleText returns the text nodes with visible characters that contrast
// rules apply to: rendered, not transparent, not clipped away, not part of a
// disabled widget. Memoised per page.
func VisibleText(c *rules.Ctx) []int {
	return c.Memo("color.visibleText", func() any {
		p := c.Page
		var out []int
		labelledBy := disabledLabelledBy(p)
		for i := range p.Nodes {
			n := &p.Nodes[i]
			if n.Type != page.TextNode || strings.TrimSpace(n.Value) == "" || n.Layout == nil || n.Layout.Box.Empty() {
				continue
			}
			par := n.Parent
			if par < 0 || !p.Rendered(par) {
				continue
			}
			if pl := p.Nodes[par].Layout; pl != nil && pl.TextOpacity == 0 {
				continue // fully transparent
			}
			if fs, ok := css.Px(p.Style(i, "font-size")); ok && fs <= 1 {
				continue
			}
			if fg, err := css.Parse(p.Style(i, "color")); err == nil && fg.A == 0 {
				continue
			}
			b := n.Layout.Box
			if b.X+b.W <= 0 || b.Y+b.H <= 0 {
				continue // moved off the page
			}
			if dom.ClippedAway(p, par) || dom.Disabled(p, par) || labelsDisabled(p, par, labelledBy) {
				continue
			}
			out = append(out, i)
		}
		return out
	}).([]int)
}

func round2(f float64) string {
	s := fmt.Sprintf("%.2f", f)
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

func contrast(c *rules.Ctx, i int) rules.Result {
	p := c.Page
	par := p.Nodes[i].Parent
	fgRaw := p.Style(i, "color")
	fg, err1 := css.Parse(fgRaw)
	bg, bgRaw, bgOK := dom.Backdrop(p, par)
	if err1 != nil || !bgOK {
		return rules.Cant(i, "color-format", "fg", fgRaw, "bg", bgRaw)
	}
	// Chrome puts the opacity of the text's ancestors (not its colour's
	// alpha) on the element that holds it, as it does the blended
	// background.
	colorFG, grouped := fg, false
	if l := p.Nodes[par].Layout; l != nil && l.TextOpacity > 0 && l.TextOpacity < 1 {
		fg, grouped = fg.WithAlpha(l.TextOpacity), true
	}
	bgOpaque := bg.Over(css.White)
	fgOpaque := fg.Over(bgOpaque)
	ratio := css.Contrast(fgOpaque, bgOpaque)
	if ratio < 1.0001 {
		if k, _ := imageBehind(c, i); k == "" {
			return rules.NA(i, "invisible")
		}
	}

	size, _ := css.Px(p.Style(i, "font-size"))
	weight := css.Weight(p.Style(i, "font-weight"))
	threshold, sizeName := c.Param("normal"), "normal"
	if css.LargeText(size, weight) {
		threshold, sizeName = c.Param("large"), "large"
	}
	args := []string{"ratio", round2(ratio), "fg", fgOpaque.Hex(), "bg", bgOpaque.Hex(), "threshold", round2(threshold), "size", sizeName}

	// What is behind the text that colours alone do not describe.
	if kind, node := imageBehind(c, i); kind != "" {
		// Under an ancestor's opacity the text is blended with what lies
		// behind that ancestor, not with the pixels measured (which
		// include the ancestor's own faded background): no single blend.
		if bd := backdropOf(p, i); bd != nil && !grouped {
			if r, ok := fromBackdrop(c, i, colorFG, bd, threshold, sizeName); ok {
				if r.Outcome == rules.Failed {
					// As for a plain background: a failure needs letters
					// and no shadow that may carry the contrast.
					ba := append(append([]string{}, args...), "ratio", r.Args["ratio"], "fg", r.Args["fg"], "bg", r.Args["darkest"]+"…"+r.Args["lightest"])
					if symbolic(p, i) {
						return rules.Cant(i, "symbols", append(ba, "text", p.Snippet(i, 30))...).With(node)
					}
					if sh := p.Style(i, "text-shadow"); sh != "" && sh != "none" {
						return rules.Cant(i, "text-shadow", append(ba, "shadow", sh)...).With(node)
					}
				}
				return r.With(node)
			}
		}
		switch kind {
		case "gradient":
			return rules.Cant(i, "bg-gradient", args...).With(node)
		case "image":
			return rules.Cant(i, "bg-image", args...).With(node)
		default:
			return rules.Cant(i, "bg-overlap", append(args, "what", p.Snippet(node, 60))...).With(node)
		}
	}
	if ratio >= threshold {
		return rules.Pass(i, "sufficient", args...)
	}
	if symbolic(p, i) {
		return rules.Cant(i, "symbols", append(args, "text", p.Snippet(i, 30))...)
	}
	if sh := p.Style(i, "text-shadow"); sh != "" && sh != "none" {
		return rules.Cant(i, "text-shadow", append(args, "shadow", sh)...)
	}
	return rules.Fail(i, "insufficient", args...)
}

// imageBehind looks for an image, gradient or media element painted behind
// text node i and above its nearest opaque background. It returns "image",
// "gradient" or "media" and the node, or "".
func imageBehind(c *rules.Ctx, i int) (string, int) {
	p := c.Page
	// Ancestors' backgrounds, up to the first opaque background colour.
	opaquePaint := -1
	for x := p.Nodes[i].Parent; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			break
		}
		if n.Type != page.ElementNode || n.Layout == nil {
			continue
		}
		if bi := p.Style(x, "background-image"); bi != "" && bi != "none" {
			if strings.Contains(bi, "gradient(") && !strings.Contains(bi, "url(") {
				return "gradient", x
			}
			return "image", x
		}
		if bgc, err := css.Parse(p.Style(x, "background-color")); err == nil && bgc.A >= 1 {
			opaquePaint = n.Layout.Paint
			break
		}
	}
	// Positioned images and media under the text, painted after that
	// opaque background.
	tl := p.Nodes[i].Layout
	media := c.Memo("color.media", func() any { return mediaBoxes(p) }).([]mediaBox)
	for _, m := range media {
		if m.node == p.Nodes[i].Parent || p.IsAncestor(m.node, i) {
			continue
		}
		ov := tl.Box.Intersect(m.box)
		if ov.Empty() || ov.W*ov.H < 0.25*tl.Box.W*tl.Box.H {
			continue
		}
		if m.paint > opaquePaint && m.paint <= tl.Paint {
			if m.kind == "gradient" {
				return "gradient", m.node
			}
			if m.kind == "image" {
				return "image", m.node
			}
			return "media", m.node
		}
	}
	return "", -1
}

type mediaBox struct {
	node  int
	box   page.Rect
	paint int
	kind  string
}

// mediaBoxes lists rendered images, media, canvases and elements with
// background images.
func mediaBoxes(p *page.Page) []mediaBox {
	var out []mediaBox
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.Type != page.ElementNode || n.Layout == nil || n.Layout.Box.Empty() {
			continue
		}
		kind := ""
		switch n.Name {
		case "img", "video", "canvas", "object", "embed", "svg":
			kind = "media"
		default:
			if bi := p.Style(i, "background-image"); bi != "" && bi != "none" {
				kind = "image"
				if strings.Contains(bi, "gradient(") && !strings.Contains(bi, "url(") {
					kind = "gradient"
				}
			}
		}
		if kind != "" {
			out = append(out, mediaBox{i, n.Layout.Box, n.Layout.Paint, kind})
		}
	}
	return out
}

// labelsDisabled reports text that belongs to a disabled control: inside a
// label whose control is disabled, inside a disabled fieldset (but not its
// first legend), or in an element that names a disabled widget through
// aria-labelledby. WCAG exempts text of inactive components.
// labelledBy is disabledLabelledBy(p), computed once per page.
func labelsDisabled(p *page.Page, el int, labelledBy map[string]bool) bool {
	for x := el; x >= 0; x = p.Nodes[x].Parent {
		if p.Nodes[x].Type == page.DocumentNode {
			break
		}
		if !p.IsElement(x) {
			continue
		}
		switch p.Tag(x) {
		case "label":
			if ctl := labelControl(p, x); ctl >= 0 && dom.Disabled(p, ctl) {
				return true
			}
		case "fieldset":
			if p.HasAttr(x, "disabled") && !inFirstLegend(p, x, el) {
				return true
			}
		}
		if id, ok := p.Attr(x, "id"); ok && id != "" {
			if labelledBy[id] {
				return true
			}
		}
	}
	return false
}

func labelControl(p *page.Page, l int) int {
	if f, ok := p.Attr(l, "for"); ok && f != "" {
		if c, ok := p.ElementByID(l, f); ok {
			return c
		}
		return -1
	}
	ctl := -1
	p.Descendants(l, func(d int) bool {
		if ctl >= 0 {
			return false
		}
		switch p.Tag(d) {
		case "input", "select", "textarea", "button", "meter", "output", "progress":
			if p.IsElement(d) {
				ctl = d
			}
		}
		return ctl < 0
	})
	return ctl
}

func inFirstLegend(p *page.Page, fs, el int) bool {
	for _, ch := range p.Children(fs) {
		if p.IsElement(ch) && p.Tag(ch) == "legend" {
			return ch == el || p.IsAncestor(ch, el)
		}
	}
	return false
}

// disabledLabelledBy lists the ids that disabled widgets name themselves
// by.
func disabledLabelledBy(p *page.Page) map[string]bool {
	m := map[string]bool{}
	for i := range p.Nodes {
		if v, ok := p.Attr(i, "aria-labelledby"); ok && p.IsElement(i) && dom.Disabled(p, i) {
			for _, id := range strings.Fields(v) {
				m[id] = true
			}
		}
	}
	return m
}

// symbolic reports text with no letters or digits, or a single letter or
// digit in a control named by something else (an "X" close button with
// aria-label="Close").
func symbolic(p *page.Page, i int) bool {
	n := 0
	for _, r := range p.Nodes[i].Value {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	if n == 0 {
		return true
	}
	if n > 1 {
		return false
	}
	for x := p.Nodes[i].Parent; x >= 0; x = p.Nodes[x].Parent {
		if p.Nodes[x].Type == page.DocumentNode {
			break
		}
		if ax := p.Nodes[x].AX; ax != nil && !ax.Ignored && ax.Name != "" && (ax.NameFrom == "aria-label" || ax.NameFrom == "aria-labelledby" || ax.NameFrom == "title") {
			return true
		}
	}
	return false
}

func backdropOf(p *page.Page, i int) *page.Backdrop {
	for k := range p.Backdrops {
		if p.Backdrops[k].Node == i {
			return &p.Backdrops[k]
		}
	}
	return nil
}

// fromBackdrop decides contrast from the pixels behind the text: passed
// when every luminance band (ignoring bands under 1% of the pixels) passes
// at its worst, failed when every band fails at its best; otherwise
// cantTell with the range. A band's luminance is bounded by its bin and,
// where the capture recorded them, by its pixels' channel ranges.
// Translucent text (fg.A < 1) is blended with each pixel behind it, so it
// needs the channel ranges; without them there is no single colour to
// judge and fromBackdrop reports false.
func fromBackdrop(c *rules.Ctx, i int, fg css.Color, bd *page.Backdrop, threshold float64, size string) (rules.Result, bool) {
	if bd.Pixels == 0 || len(bd.Hist) != page.BackdropBins {
		return rules.Result{}, false
	}
	ranges := len(bd.Channels) == page.BackdropBins
	if fg.A < 1 && !ranges {
		return rules.Result{}, false
	}
	minR, maxR := math.Inf(1), 0.0
	allPass, allFail := true, true
	floor := bd.Pixels / 100
	for k, n := range bd.Hist {
		if n == 0 || n <= floor {
			continue
		}
		// Luminance of the pixels in the band: [p0, p1].
		p0 := math.Pow(float64(k)/page.BackdropBins, 2)
		p1 := math.Pow(float64(k+1)/page.BackdropBins, 2)
		var lo, hi css.Color
		if ranges {
			ch := bd.Channels[k]
			lo = css.Color{R: float64(ch[0]), G: float64(ch[1]), B: float64(ch[2]), A: 1}
			hi = css.Color{R: float64(ch[3]), G: float64(ch[4]), B: float64(ch[5]), A: 1}
			// Luminance grows with each channel, so the band's corners
			// bound its pixels.
			p0, p1 = math.Max(p0, lo.Luminance()), math.Min(p1, hi.Luminance())
			if p0 > p1 {
				p0, p1 = p1, p0
			}
		}
		// Luminance of the text over those pixels: [t0, t1]. A
		// translucent colour blends channel by channel, so its luminance
		// too grows with each channel of the pixel beneath.
		t0 := fg.Over(lo).Luminance()
		t1 := fg.Over(hi).Luminance()
		worst, best := ratioBounds(t0, t1, p0, p1)
		minR, maxR = math.Min(minR, worst), math.Max(maxR, best)
		if worst < threshold {
			allPass = false
		}
		if best >= threshold {
			allFail = false
		}
	}
	if math.IsInf(minR, 1) {
		return rules.Result{}, false
	}
	fgHex := fg.Hex()
	if fg.A < 1 {
		fgHex += fmt.Sprintf("%02x", int(math.Round(fg.A*255)))
	}
	args := []string{"fg", fgHex, "darkest", bd.Darkest, "lightest", bd.Lightest, "threshold", round2(threshold), "size", size}
	switch {
	case allPass:
		return rules.Pass(i, "backdrop-pass", append(args, "ratio", round2(minR))...), true
	case allFail:
		return rules.Fail(i, "backdrop-fail", append(args, "ratio", round2(maxR))...), true
	}
	return rules.Cant(i, "backdrop-mixed", append(args, "low", round2(minR), "high", round2(maxR))...), true
}

// ratioBounds bounds the contrast between a luminance in [t0, t1] and one
// in [p0, p1]: the lowest and the highest ratio possible.
func ratioBounds(t0, t1, p0, p1 float64) (worst, best float64) {
	r := func(a, b float64) float64 {
		return (math.Max(a, b) + 0.05) / (math.Min(a, b) + 0.05)
	}
	best = math.Max(r(t0, p1), r(t1, p0))
	switch {
	case t1 < p0:
		worst = r(t1, p0)
	case p1 < t0:
		worst = r(t0, p1)
	default:
		worst = 1 // the ranges meet: some pixel may match the text
	}
	return worst, best
}
