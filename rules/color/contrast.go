// Package color holds rules about colour: text contrast (1.4.3, 1.4.6),
// non-text contrast (1.4.11) and use of colour (1.4.1).
package color

import (
	"fmt"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/css"
	"github.com/granska/granska/rules/dom"
)

// Rules are the colour rules.
var Rules = []*rules.Rule{TextContrast, TextContrastEnhanced}

var contrastCodes = map[string]rules.Text{
	"sufficient":   {EN: "Contrast {ratio}:1 ({fg} on {bg}) meets {threshold}:1.", SV: "Kontrasten {ratio}:1 ({fg} mot {bg}) når {threshold}:1."},
	"insufficient": {EN: "Contrast {ratio}:1 ({fg} on {bg}) is below {threshold}:1 for {size} text.", SV: "Kontrasten {ratio}:1 ({fg} mot {bg}) är under {threshold}:1 för {size} text."},
	"bg-image":     {EN: "The text is over a background image; its contrast ({ratio}:1 against the colour {bg} beneath) must be checked against the image.", SV: "Texten ligger över en bakgrundsbild; kontrasten ({ratio}:1 mot färgen {bg} under) måste kontrolleras mot bilden."},
	"bg-gradient":  {EN: "The text is over a gradient; check its contrast at the gradient's lightest and darkest points behind the text.", SV: "Texten ligger över en färgövergång; kontrollera kontrasten vid övergångens ljusaste och mörkaste punkt bakom texten."},
	"bg-overlap":   {EN: "An image or media element ({what}) lies behind the text; check the contrast against it.", SV: "En bild eller ett mediaelement ({what}) ligger bakom texten; kontrollera kontrasten mot den."},
	"text-shadow":  {EN: "Contrast {ratio}:1 without the text shadow is below {threshold}:1; check whether the shadow ({shadow}) gives enough contrast.", SV: "Kontrasten {ratio}:1 utan textskugga är under {threshold}:1; kontrollera om skuggan ({shadow}) ger tillräcklig kontrast."},
	"color-format": {EN: "The colours ({fg}, {bg}) use a colour format Granska does not compute; check the contrast by hand.", SV: "Färgerna ({fg}, {bg}) använder ett färgformat som Granska inte beräknar; kontrollera kontrasten manuellt."},
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
			if clippedAway(p, par) || dom.Disabled(p, par) {
				continue
			}
			out = append(out, i)
		}
		return out
	}).([]int)
}

// clippedAway reports whether an ancestor hides its content by clipping
// (the "visually hidden" pattern) or by a 1-pixel box with hidden overflow.
func clippedAway(p *page.Page, i int) bool {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			return false
		}
		if n.Type != page.ElementNode || n.Layout == nil {
			continue
		}
		clip := p.Style(x, "clip")
		if strings.HasPrefix(clip, "rect(0px, 0px, 0px, 0px)") || strings.HasPrefix(clip, "rect(0px 0px 0px 0px)") || strings.HasPrefix(clip, "rect(1px, 1px, 1px, 1px)") {
			return true
		}
		cp := p.Style(x, "clip-path")
		if cp == "inset(50%)" || cp == "inset(100%)" {
			return true
		}
		b := n.Layout.Box
		if b.W <= 1 && b.H <= 1 && (p.Style(x, "overflow-x") == "hidden" || p.Style(x, "overflow-x") == "clip") {
			return true
		}
	}
	return false
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
	bgRaw, _ := blendedBG(p, par)
	bg, err2 := css.Parse(bgRaw)
	if bgRaw == "" {
		bg, err2 = css.White, nil
		bgRaw = "white"
	}
	if err1 != nil || err2 != nil {
		return rules.Cant(i, "color-format", "fg", fgRaw, "bg", bgRaw)
	}
	// Chrome puts the text's combined opacity on the element that holds
	// it, as it does the blended background.
	if l := p.Nodes[par].Layout; l != nil && l.TextOpacity > 0 && l.TextOpacity < 1 {
		fg = fg.WithAlpha(l.TextOpacity)
	}
	bgOpaque := bg.Over(css.White)
	fgOpaque := fg.Over(bgOpaque)
	ratio := css.Contrast(fgOpaque, bgOpaque)

	size, _ := css.Px(p.Style(i, "font-size"))
	weight := css.Weight(p.Style(i, "font-weight"))
	threshold, sizeName := c.Param("normal"), "normal"
	if css.LargeText(size, weight) {
		threshold, sizeName = c.Param("large"), "large"
	}
	args := []string{"ratio", round2(ratio), "fg", fgOpaque.Hex(), "bg", bgOpaque.Hex(), "threshold", round2(threshold), "size", sizeName}

	// What is behind the text that colours alone do not describe.
	if kind, node := imageBehind(c, i); kind != "" {
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
	if sh := p.Style(i, "text-shadow"); sh != "" && sh != "none" {
		return rules.Cant(i, "text-shadow", append(args, "shadow", sh)...)
	}
	return rules.Fail(i, "insufficient", args...)
}

// blendedBG returns the blended background colour of the element holding
// the text (Chrome puts it on the element, not the text node), walking up
// to the nearest element that has one.
func blendedBG(p *page.Page, el int) (string, int) {
	for x := el; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			break
		}
		if n.Layout != nil && n.Layout.BG != "" {
			return n.Layout.BG, x
		}
	}
	return "", -1
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
