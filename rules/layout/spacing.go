package layout

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/css"
	"github.com/granska/granska/rules/internal/dom"
)

// TextSpacing checks that authors do not lock text spacing below the WCAG
// 1.4.12 values with !important in style attributes (ACT 24afc2, 78fd32,
// 9e45ec), and that the WCAG spacing applied to the page clips no text.
var TextSpacing = &rules.Rule{
	ID:     "text-spacing",
	Family: "layout",
	Title:  rules.Text{EN: "Text spacing can be adjusted without loss of content", SV: "Textavstånd kan ändras utan att innehåll går förlorat"},
	Help: rules.Text{
		EN: "Do not set letter-spacing, word-spacing or line-height with !important in style attributes below 0.12, 0.16 and 1.5 times the font size, and let boxes grow with their text instead of fixing heights with overflow hidden.",
		SV: "Sätt inte letter-spacing, word-spacing eller line-height med !important i style-attribut under 0,12, 0,16 och 1,5 gånger teckenstorleken, och låt rutor växa med texten i stället för att låsa höjden med overflow: hidden.",
	},
	Manual: rules.Text{
		EN: "Apply the WCAG text spacing (for example with a bookmarklet) and check that no text is cut off or overlaps.",
		SV: "Tillämpa WCAG:s textavstånd (till exempel med ett bokmärke) och kontrollera att ingen text skärs av eller överlappar.",
	},
	WCAG:   []string{"1.4.12"},
	ACT:    []string{"24afc2", "78fd32", "9e45ec"},
	Impact: rules.Serious,
	Params: map[string]float64{"letter": 0.12, "word": 0.16, "line": 1.5},
	Codes: map[string]rules.Text{
		"spacing-ok":     {EN: "The important {prop} ({value}) is at least {min} for a {size} font.", SV: "Den låsta egenskapen {prop} ({value}) är minst {min} för teckenstorleken {size}."},
		"spacing-locked": {EN: "{prop} is locked with !important at {value}, below {min} for a {size} font: users cannot widen it.", SV: "{prop} är låst med !important till {value}, under {min} för teckenstorleken {size}: användare kan inte öka den."},
		"clipped":        {EN: "With the WCAG text spacing applied, this text is cut off ({need} px needed, {have} px available).", SV: "Med WCAG:s textavstånd tillämpat skärs texten av ({need} px behövs, {have} px finns)."},
		"not-measured":   {EN: "The page could not be laid out with the WCAG text spacing: {detail}.", SV: "Sidan kunde inte läggas ut med WCAG:s textavstånd: {detail}."},
	},
	Check: checkSpacing,
}

var spacingProps = []struct{ prop, param string }{
	{"letter-spacing", "letter"}, {"word-spacing", "word"}, {"line-height", "line"},
}

func checkSpacing(c *rules.Ctx) []rules.Result {
	p := c.Page
	var out []rules.Result
	for i := range p.Nodes {
		if !p.IsElement(i) || !p.HasAttr(i, "style") || !hasVisibleText(p, i) {
			continue
		}
		style, _ := p.Attr(i, "style")
		fs, ok := css.Px(p.Style(i, "font-size"))
		if !ok || fs <= 0 {
			continue
		}
		for _, sp := range spacingProps {
			if !importantIn(style, sp.prop) {
				continue
			}
			// Line height matters only for text that wraps.
			if sp.prop == "line-height" && !wraps(p, i) {
				continue
			}
			val := p.Style(i, sp.prop)
			got := spacingPx(val, fs, sp.prop)
			min := c.Param(sp.param) * fs
			args := []string{"prop", sp.prop, "value", val, "min", round(min) + "px", "size", round(fs) + "px"}
			if got+0.01 >= min {
				out = append(out, rules.Pass(i, "spacing-ok", args...))
			} else {
				out = append(out, rules.Fail(i, "spacing-locked", args...))
			}
		}
	}
	for _, v := range p.Variants {
		if v.Name != "text-spacing" {
			continue
		}
		for _, o := range v.Clipped {
			if o.Node >= 0 {
				out = append(out, rules.Cant(o.Node, "clipped", "need", round(o.Need), "have", round(o.Have)))
			}
		}
	}
	for _, g := range p.Gaps {
		if g.Kind == page.GapVariant && strings.HasPrefix(g.Detail, "text-spacing") {
			out = append(out, rules.Cant(-1, "not-measured", "detail", g.Detail))
		}
	}
	return out
}

// spacingPx is a computed spacing in px; "normal" line height counts as
// 1.2 times the font size, "normal" letter and word spacing as 0.
func spacingPx(v string, fs float64, prop string) float64 {
	v = strings.TrimSpace(v)
	if v == "normal" || v == "" {
		if prop == "line-height" {
			return 1.2 * fs
		}
		return 0
	}
	if f, ok := css.Px(v); ok {
		if prop == "line-height" && !strings.HasSuffix(v, "px") {
			return f * fs // a unitless number
		}
		return f
	}
	return 0
}

// importantIn reports whether a style attribute declares prop with
// !important.
func importantIn(style, prop string) bool {
	for _, decl := range strings.Split(style, ";") {
		name, val, ok := strings.Cut(decl, ":")
		if !ok || page.Lower(strings.TrimSpace(name)) != prop {
			continue
		}
		v := page.Lower(strings.Join(strings.Fields(val), ""))
		if strings.HasSuffix(v, "!important") {
			// A CSS-wide keyword takes its value from elsewhere: the
			// style attribute does not set it.
			switch strings.TrimSuffix(v, "!important") {
			case "inherit", "unset", "revert", "revert-layer":
				return false
			}
			return true
		}
	}
	return false
}

// hasVisibleText reports whether the element has a text node child with
// visible characters.
func hasVisibleText(p *page.Page, i int) bool {
	if !p.Rendered(i) || dom.Hidden(p, i) && p.Nodes[i].AX == nil {
		return false
	}
	for _, ch := range p.Children(i) {
		n := &p.Nodes[ch]
		if n.Type == page.TextNode && strings.TrimSpace(n.Value) != "" && n.Layout != nil && !n.Layout.Box.Empty() {
			b := n.Layout.Box
			if b.X+b.W > 0 && b.Y+b.H > 0 {
				return true
			}
		}
	}
	return false
}

// wraps reports whether a text child of the element runs over more than
// one line.
func wraps(p *page.Page, i int) bool {
	for _, ch := range p.Children(i) {
		if n := &p.Nodes[ch]; n.Type == page.TextNode && n.Layout != nil && len(n.Layout.TextBoxes) > 1 {
			return true
		}
	}
	return false
}
