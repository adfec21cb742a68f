package color

import (
	"math"
	"strings"
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/css"
	"github.com/granska/granska/rules/internal/dom"
)

// LinkDistinguishable checks that links inside running text are told apart
// from the text by more than colour (WCAG 1.4.1, techniques G183 and F73).
//
// A link with a cue besides colour (underline, border, weight, style,
// background, font, an icon) passes. Without one, a link colour under the
// ratio against the surrounding text fails. At or above the ratio, G183
// also asks for a non-colour cue on focus and hover; hover is not captured,
// so the link is cantTell.
var LinkDistinguishable = &rules.Rule{
	ID:     "link-distinguishable",
	Family: "color",
	Title:  rules.Text{EN: "Links in text are recognisable without colour", SV: "Länkar i text går att känna igen utan färg"},
	Help: rules.Text{
		EN: "Underline links in running text (or mark them with another cue that is not colour, such as bold or a border). If colour is the only difference, give the link at least 3:1 against the text and underline it on hover and focus.",
		SV: "Stryk under länkar i löptext (eller markera dem på annat sätt än med färg, till exempel fetstil eller en kantlinje). Om färgen är den enda skillnaden, ge länken minst 3:1 mot texten och stryk under den vid hovring och fokus.",
	},
	Manual: rules.Text{
		EN: "Hover over the link and Tab to it: does an underline or another cue that is not colour appear?",
		SV: "Hovra över länken och tabba till den: visas en understrykning eller någon annan markering som inte är färg?",
	},
	WCAG:   []string{"1.4.1"},
	Impact: rules.Serious,
	Params: map[string]float64{"ratio": 3},
	Codes: map[string]rules.Text{
		"cue":          {EN: "The link is set apart from the text by {cue}.", SV: "Länken skiljs från texten med {cue}."},
		"colour-only":  {EN: "Only colour sets the link apart: {link} against the text's {text} is {ratio}:1 (at least {threshold}:1); check that it gets an underline or another cue on hover and focus.", SV: "Bara färgen skiljer länken från texten: {link} mot textens {text} är {ratio}:1 (minst {threshold}:1); kontrollera att den får en understrykning eller annan markering vid hovring och fokus."},
		"no-cue":       {EN: "Only colour sets the link apart, and {link} against the text's {text} is {ratio}:1, under {threshold}:1: people who do not see colour differences cannot find the link.", SV: "Bara färgen skiljer länken från texten, och {link} mot textens {text} är {ratio}:1, under {threshold}:1: den som inte ser färgskillnader hittar inte länken."},
		"color-format": {EN: "The colours ({link}, {text}) use a colour format Granska does not compute; check the link by hand.", SV: "Färgerna ({link}, {text}) använder ett färgformat som Granska inte beräknar; kontrollera länken manuellt."},
	},
	Applies: LinksInText,
	Expect:  linkDistinguishable,
}

// LinksInText returns the rendered links with visible text that sit inline
// in a block whose other text has letters or digits, in document order.
func LinksInText(c *rules.Ctx) []int {
	return c.Memo("color.linksInText", func() any {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || dom.Role(p, i) != "link" || !p.Rendered(i) {
				continue
			}
			if d := p.Style(i, "display"); d != "inline" {
				continue
			}
			if b, ok := p.Box(i); !ok || b.Empty() || dom.ClippedAway(p, i) {
				continue
			}
			if linkText(p, i) < 0 {
				continue
			}
			if blk := textBlock(p, i); blk >= 0 && surroundingText(p, blk, i) >= 0 {
				out = append(out, i)
			}
		}
		return out
	}).([]int)
}

// textBlock is the nearest ancestor of i that is not laid out inline.
func textBlock(p *page.Page, i int) int {
	for x := p.ParentElement(i); x >= 0; x = p.ParentElement(x) {
		if d := p.Style(x, "display"); d != "inline" && d != "contents" {
			return x
		}
	}
	return -1
}

// hasWordChars reports text with at least one letter or digit.
func hasWordChars(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// linkText returns the link's longest rendered text node with letters or
// digits, or -1.
func linkText(p *page.Page, link int) int {
	best, bestLen := -1, 0
	p.Descendants(link, func(d int) bool {
		n := &p.Nodes[d]
		if n.Type == page.TextNode && n.Layout != nil && !n.Layout.Box.Empty() && hasWordChars(n.Value) {
			if l := len(strings.TrimSpace(n.Value)); l > bestLen {
				best, bestLen = d, l
			}
		}
		return true
	})
	return best
}

// surroundingText returns a rendered text node in the block, outside any
// link, whose colour covers the most characters, or -1 when the block has
// no such text.
func surroundingText(p *page.Page, blk, link int) int {
	count := map[string]int{}
	first := map[string]int{}
	p.Descendants(blk, func(d int) bool {
		n := &p.Nodes[d]
		if p.IsElement(d) && (d == link || dom.Role(p, d) == "link" || p.Style(d, "display") != "inline") {
			return false // skip links and nested blocks
		}
		if n.Type == page.TextNode && n.Layout != nil && !n.Layout.Box.Empty() && hasWordChars(n.Value) {
			col := p.Style(d, "color")
			if _, ok := first[col]; !ok {
				first[col] = d
			}
			count[col] += len(strings.TrimSpace(n.Value))
		}
		return true
	})
	best, bestN := -1, 0
	for col, n := range count {
		if n > bestN || (n == bestN && first[col] < best) {
			best, bestN = first[col], n
		}
	}
	return best
}

func linkDistinguishable(c *rules.Ctx, i int) rules.Result {
	p := c.Page
	th := c.Param("ratio")
	lt := linkText(p, i)
	blk := textBlock(p, i)
	st := surroundingText(p, blk, i)
	ltEl, stEl := p.Nodes[lt].Parent, p.Nodes[st].Parent
	if cue := linkCue(p, i, ltEl, stEl); cue != "" {
		return rules.Pass(i, "cue", "cue", cue)
	}
	bg, bgRaw, err := colourBehind(p, stEl)
	if err != nil {
		return rules.Cant(i, "color-format", "link", p.Style(lt, "color"), "text", bgRaw)
	}
	lc, err1 := css.Parse(p.Style(lt, "color"))
	tc, err2 := css.Parse(p.Style(st, "color"))
	if err1 != nil || err2 != nil {
		return rules.Cant(i, "color-format", "link", p.Style(lt, "color"), "text", p.Style(st, "color"))
	}
	lo, to := lc.Over(bg), tc.Over(bg)
	ratio := css.Contrast(lo, to)
	args := []string{"link", lo.Hex(), "text", to.Hex(), "ratio", round2(ratio), "threshold", round2(th)}
	if ratio >= th {
		return rules.Cant(i, "colour-only", args...)
	}
	return rules.Fail(i, "no-cue", args...)
}

// linkCue names a visual cue other than colour that sets the link (or the
// element holding its text) apart from the element holding the surrounding
// text, or "".
func linkCue(p *page.Page, link, linkEl, textEl int) string {
	// The elements from the link's text up to the link.
	var chain []int
	for x := linkEl; x >= 0; x = p.ParentElement(x) {
		chain = append(chain, x)
		if x == link {
			break
		}
	}
	deco := func(x int) string {
		d := p.Style(x, "text-decoration-line")
		for _, k := range []string{"underline", "overline", "line-through"} {
			if strings.Contains(d, k) {
				if c, err := css.Parse(p.Style(x, "text-decoration-color")); err == nil && c.A == 0 {
					return ""
				}
				return k
			}
		}
		return ""
	}
	textDeco := ""
	for x := textEl; x >= 0 && x != p.ParentElement(textBlock(p, link)); x = p.ParentElement(x) {
		if d := deco(x); d != "" {
			textDeco = d
			break
		}
	}
	for _, x := range chain {
		if d := deco(x); d != "" && d != textDeco {
			return d
		}
		if b := borderCue(p, x); b != "" {
			return b
		}
		if sh := p.Style(x, "box-shadow"); sh != "" && sh != "none" {
			return "a box shadow"
		}
		if bgc, err := css.Parse(p.Style(x, "background-color")); err == nil && bgc.A > 0 {
			a, _, errA := colourBehind(p, x)
			b, _, errB := colourBehind(p, textEl)
			if errA != nil || errB != nil || a.Hex() != b.Hex() {
				return "a background colour"
			}
		}
		if bi := p.Style(x, "background-image"); bi != "" && bi != "none" {
			return "a background image"
		}
	}
	if math.Abs(css.Weight(p.Style(linkEl, "font-weight"))-css.Weight(p.Style(textEl, "font-weight"))) >= 300 {
		return "font weight"
	}
	if italic(p.Style(linkEl, "font-style")) != italic(p.Style(textEl, "font-style")) {
		return "font style"
	}
	if p.Style(linkEl, "font-family") != p.Style(textEl, "font-family") {
		return "typeface"
	}
	if p.Style(linkEl, "text-transform") != p.Style(textEl, "text-transform") {
		return "letter case"
	}
	ls, _ := css.Px(p.Style(linkEl, "font-size"))
	ts, _ := css.Px(p.Style(textEl, "font-size"))
	if ls > 0 && ts > 0 && math.Abs(ls-ts)/ts >= 0.2 {
		return "text size"
	}
	// An icon: a generated pseudo-element or an image inside the link.
	icon := ""
	p.Descendants(link, func(d int) bool {
		n := &p.Nodes[d]
		if n.Type != page.ElementNode || n.Layout == nil || n.Layout.Box.Empty() {
			return true
		}
		if n.Pseudo == "before" || n.Pseudo == "after" || n.Pseudo == "::before" || n.Pseudo == "::after" {
			icon = "an icon"
		}
		switch n.Name {
		case "img", "svg", "picture":
			icon = "an icon"
		}
		return icon == ""
	})
	return icon
}

func italic(s string) bool { return s == "italic" || strings.HasPrefix(s, "oblique") }

// borderCue names a drawn border or outline on the element, or "".
func borderCue(p *page.Page, x int) string {
	for _, side := range []string{"bottom", "top", "left", "right"} {
		w, _ := css.Px(p.Style(x, "border-"+side+"-width"))
		st := p.Style(x, "border-"+side+"-style")
		if w >= 1 && st != "none" && st != "hidden" && st != "" {
			if c, err := css.Parse(p.Style(x, "border-"+side+"-color")); err == nil && c.A == 0 {
				continue
			}
			return "a border"
		}
	}
	if w, _ := css.Px(p.Style(x, "outline-width")); w >= 1 {
		if st := p.Style(x, "outline-style"); st != "none" && st != "" {
			return "an outline"
		}
	}
	return ""
}
