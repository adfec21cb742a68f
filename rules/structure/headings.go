package structure

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// headingLevel returns the level of a heading in the accessibility tree,
// 0 when it is not one.
func headingLevel(p *page.Page, i int) int {
	if !p.InAXTree(i) || dom.Role(p, i) != "heading" {
		return 0
	}
	if n, err := strconv.Atoi(p.AXProp(i, "level")); err == nil && n > 0 {
		return n
	}
	if t := p.Tag(i); len(t) == 2 && t[0] == 'h' && t[1] >= '1' && t[1] <= '6' {
		return int(t[1] - '0')
	}
	return 2 // ARIA's default level for role=heading
}

// mainDocHeadings returns the visible headings of the main document, in
// order.
func mainDocHeadings(c *rules.Ctx) []int {
	return c.Memo("structure.headings", func() any {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.Nodes[i].Doc == 0 && headingLevel(p, i) > 0 && dom.Visible(p, i) {
				out = append(out, i)
			}
		})
		return out
	}).([]int)
}

// HeadingStructure checks the outline that headings give (1.3.1, 2.4.6;
// H42, G141): a page without a level 1 heading and a heading that skips
// levels after the previous one ask a person whether the levels mirror
// the structure.
var HeadingStructure = &rules.Rule{
	ID:     "heading-structure",
	Family: "structure",
	Title:  rules.Text{EN: "Heading levels follow the page's structure", SV: "Rubriknivåerna följer sidans struktur"},
	Help: rules.Text{
		EN: "Start the main content with one h1 that says what the page is, and nest the headings below it without skipping levels (h2 under h1, h3 under h2).",
		SV: "Börja huvudinnehållet med en h1 som säger vad sidan är, och lägg rubrikerna under den utan att hoppa över nivåer (h2 under h1, h3 under h2).",
	},
	Manual: rules.Text{
		EN: "List the page's headings: do their levels show how the sections belong together?",
		SV: "Lista sidans rubriker: visar nivåerna hur avsnitten hör ihop?",
	},
	WCAG:   []string{"1.3.1", "2.4.6"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"levels-ok":     {EN: "The heading's level follows the one before.", SV: "Rubrikens nivå följer den föregående."},
		"no-h1":         {EN: "The page has {count} headings but none at level 1: check that the main heading is marked up.", SV: "Sidan har {count} rubriker men ingen på nivå 1: kontrollera att huvudrubriken är uppmärkt."},
		"skipped-level": {EN: "The heading \"{name}\" is at level {level} after a level {prev} heading, skipping a level: check the outline.", SV: "Rubriken ”{name}” är på nivå {level} efter en rubrik på nivå {prev}, och hoppar över en nivå: kontrollera dispositionen."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		hs := mainDocHeadings(c)
		if len(hs) == 0 || !dom.HTMLContent(p) {
			return nil
		}
		var out []rules.Result
		has1 := false
		for _, h := range hs {
			if headingLevel(p, h) == 1 {
				has1 = true
			}
		}
		if !has1 && len(hs) >= 2 {
			if r := p.Root(); r >= 0 {
				out = append(out, rules.Cant(r, "no-h1", "count", strconv.Itoa(len(hs))))
			}
		}
		prev := 0
		for _, h := range hs {
			l := headingLevel(p, h)
			if prev > 0 && l > prev+1 {
				out = append(out, rules.Cant(h, "skipped-level", "name", page.Collapse(p.AXName(h)), "level", strconv.Itoa(l), "prev", strconv.Itoa(prev)))
			} else if prev > 0 {
				out = append(out, rules.Pass(h, "levels-ok"))
			}
			prev = l
		}
		return out
	},
}

// bodyFontSize is the font size most text on the page is set in (by
// characters), 16 when the page has none.
func bodyFontSize(c *rules.Ctx) float64 {
	return c.Memo("structure.bodyfont", func() any {
		p := c.Page
		count := map[float64]int{}
		for i := range p.Nodes {
			n := &p.Nodes[i]
			if n.Type != page.TextNode || n.Layout == nil || n.Parent < 0 {
				continue
			}
			if fs := p.StyleFloat(n.Parent, "font-size"); fs > 0 {
				count[fs] += utf8.RuneCountInString(strings.TrimSpace(n.Value))
			}
		}
		best, bestN := 16.0, 0
		sizes := make([]float64, 0, len(count))
		for s := range count {
			sizes = append(sizes, s)
		}
		sort.Float64s(sizes)
		for _, s := range sizes {
			if count[s] > bestN {
				best, bestN = s, count[s]
			}
		}
		return best
	}).(float64)
}

// blockDisplay reports whether a display value starts a block.
func blockDisplay(d string) bool {
	switch d {
	case "block", "flex", "grid", "list-item", "table", "flow-root":
		return true
	}
	return false
}

// semanticContainer reports whether an element, or an ancestor, gives its
// text a role in the structure already (a heading, a control, a label, a
// table cell, a list item, a caption), so bold or large text in it is not a
// heading in disguise.
func semanticContainer(p *page.Page, i int) bool {
	for a := i; a >= 0; a = p.ParentElement(a) {
		switch p.Tag(a) {
		case "h1", "h2", "h3", "h4", "h5", "h6", "a", "button", "label", "legend", "th", "td", "caption", "li", "dt", "dd",
			"summary", "figcaption", "nav", "header", "footer", "select", "option", "blockquote", "q", "pre", "code", "form", "dialog", "address":
			return true
		}
		switch dom.Role(p, a) {
		case "heading", "button", "link", "cell", "gridcell", "columnheader", "rowheader", "listitem", "navigation", "banner",
			"contentinfo", "dialog", "alert", "status", "menu", "menubar", "tab", "tablist", "tooltip", "option", "listbox":
			return true
		}
	}
	return false
}

// directText returns the text of an element's text-node and inline
// descendants, and whether it holds a block or a control.
func blockText(p *page.Page, el int) (string, bool) {
	mixed := false
	p.Descendants(el, func(d int) bool {
		if d == el || !p.IsElement(d) {
			return true
		}
		if blockDisplay(p.Style(d, "display")) || p.Tag(d) == "img" || p.Tag(d) == "input" || p.Tag(d) == "br" {
			mixed = true
			return false
		}
		return true
	})
	return page.Collapse(p.Text(el)), mixed
}

// nextBlock returns the next element sibling that is a rendered block with
// text, -1 if none.
func nextBlock(p *page.Page, el int) int {
	par := p.Nodes[el].Parent
	if par < 0 {
		return -1
	}
	after := false
	for _, s := range p.Children(par) {
		if s == el {
			after = true
			continue
		}
		if !after || !p.IsElement(s) {
			continue
		}
		if !dom.Visible(p, s) {
			continue
		}
		return s
	}
	return -1
}

// prevBlock returns the previous rendered element sibling, -1 if none.
func prevBlock(p *page.Page, el int) int {
	par := p.Nodes[el].Parent
	if par < 0 {
		return -1
	}
	prev := -1
	for _, s := range p.Children(par) {
		if s == el {
			return prev
		}
		if p.IsElement(s) && dom.Visible(p, s) {
			prev = s
		}
	}
	return -1
}

// HeadingStyled points out short blocks of text that look like headings
// (larger or bold, followed by longer text) but are not marked up as
// headings (1.3.1; WCAG F2; H42).
var HeadingStyled = &rules.Rule{
	ID:     "heading-styled",
	Family: "structure",
	Title:  rules.Text{EN: "Text that looks like a heading is marked up as one", SV: "Text som ser ut som en rubrik är uppmärkt som en"},
	Help: rules.Text{
		EN: "Mark up headings with h1–h6 (or role=\"heading\" with aria-level), not only with a larger or bold font.",
		SV: "Märk upp rubriker med h1–h6 (eller role=\"heading\" med aria-level), inte bara med större eller fet stil.",
	},
	Manual: rules.Text{
		EN: "Is this text a heading for the content after it? If so, it must be marked up as a heading.",
		SV: "Är texten en rubrik för innehållet efter den? Då måste den märkas upp som rubrik.",
	},
	WCAG:   []string{"1.3.1"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"looks-like-heading": {EN: "\"{text}\" is set {how} and followed by longer text, but is not a heading: is it one?", SV: "”{text}” är satt {how} och följs av längre text, men är ingen rubrik: är det en rubrik?"},
	},
	Params: map[string]float64{"size-ratio": 1.25, "max-chars": 80},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		base := bodyFontSize(c)
		var out []rules.Result
		dom.Elements(p, func(i int) {
			if p.Nodes[i].Doc != 0 || !blockDisplay(p.Style(i, "display")) || !dom.Visible(p, i) || !p.InAXTree(i) {
				return
			}
			switch p.Tag(i) {
			case "p", "div", "span", "strong", "b", "font":
			default:
				return
			}
			t, mixed := blockText(p, i)
			if mixed || t == "" || utf8.RuneCountInString(t) > int(c.Param("max-chars")) || strings.HasSuffix(t, ".") || strings.HasSuffix(t, ",") {
				return
			}
			if semanticContainer(p, i) || !hasLetter(t) {
				return
			}
			size := firstTextSize(p, i)
			weight := textWeight(p, i)
			how := ""
			switch {
			case size >= base*c.Param("size-ratio"):
				how = "larger than the body text"
			case weight >= 600 && size >= base:
				how = "in bold"
			default:
				return
			}
			nb := nextBlock(p, i)
			if nb < 0 {
				return
			}
			nt := page.Collapse(p.Text(nb))
			if utf8.RuneCountInString(nt) < 2*utf8.RuneCountInString(t) || headingLevel(p, nb) > 0 {
				return
			}
			if firstTextSize(p, nb) >= size && textWeight(p, nb) >= weight {
				return // the next block is set the same: a run of equal items, not a heading
			}
			if pb := prevBlock(p, i); pb >= 0 && firstTextSize(p, pb) == size && textWeight(p, pb) == weight {
				if _, m := blockText(p, pb); !m && headingLevel(p, pb) == 0 {
					return // the last of a run of equal items
				}
			}
			out = append(out, rules.Cant(i, "looks-like-heading", "text", t, "how", how))
		})
		return out
	},
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// firstTextSize is the font size of the first visible text in el.
func firstTextSize(p *page.Page, el int) float64 { return firstTextStyle(p, el, "font-size") }

// bulletStart matches a line that starts like a list item: a bullet
// character or a number or letter followed by "." or ")".
var bulletStart = regexp.MustCompile(`^\s*(?:([•·▪▫●○◦■□‣⁃∙➢➤►▸✓✔*–—-])\s+|(\d{1,2}|[a-zA-Z])[.)]\s+)`)

// itemKey returns what starts a line as a list item: the bullet, or "#n"
// for the number n, "" when the line does not start like one.
func itemKey(line string) string {
	m := bulletStart.FindStringSubmatch(line)
	switch {
	case m == nil:
		return ""
	case m[1] != "":
		return m[1]
	}
	if n, err := strconv.Atoi(m[2]); err == nil {
		return "#" + strconv.Itoa(n)
	}
	return "#" + strconv.Itoa(int(unicode.ToLower(rune(m[2][0]))-'a'+1))
}

// listLike reports whether lines start like the items of one list: the
// same bullet on every line, or numbers counting up by one.
func listLike(lines []string) bool {
	if len(lines) < 3 {
		return false
	}
	first := itemKey(lines[0])
	if first == "" {
		return false
	}
	for k, l := range lines[1:] {
		key := itemKey(l)
		if strings.HasPrefix(first, "#") {
			n0, _ := strconv.Atoi(first[1:])
			if key != "#"+strconv.Itoa(n0+k+1) {
				return false
			}
		} else if key != first {
			return false
		}
	}
	return true
}

// insideList reports whether an element is inside a list or list item.
func insideList(p *page.Page, i int) bool {
	for a := i; a >= 0; a = p.ParentElement(a) {
		switch p.Tag(a) {
		case "ul", "ol", "li", "dl", "menu", "pre", "code", "table":
			return true
		}
		switch dom.Role(p, a) {
		case "list", "listitem", "table", "grid":
			return true
		}
	}
	return false
}

// ListFaked points out lists made of text only: lines separated by line
// breaks, or consecutive paragraphs, that each start with the same bullet
// character or with numbers counting up (1.3.1; WCAG F2; H48).
var ListFaked = &rules.Rule{
	ID:     "list-faked",
	Family: "structure",
	Title:  rules.Text{EN: "Lists are marked up as lists", SV: "Listor är uppmärkta som listor"},
	Help: rules.Text{
		EN: "Mark up lists with ul or ol and li (the browser draws the bullets and numbers), so screen readers announce a list and its number of items.",
		SV: "Märk upp listor med ul eller ol och li (webbläsaren ritar punkter och nummer), så att skärmläsare meddelar att det är en lista och hur många punkter den har.",
	},
	Manual: rules.Text{
		EN: "Are these lines a list? If so, mark them up as one.",
		SV: "Är raderna en lista? Märk i så fall upp dem som en.",
	},
	WCAG:   []string{"1.3.1"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"lines":      {EN: "{count} lines separated by line breaks start like list items (\"{first}\"): is it a list?", SV: "{count} rader åtskilda med radbrytningar börjar som listpunkter (”{first}”): är det en lista?"},
		"paragraphs": {EN: "{count} consecutive blocks start like list items (\"{first}\"): is it a list?", SV: "{count} block i följd börjar som listpunkter (”{first}”): är det en lista?"},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		var out []rules.Result
		dom.Elements(p, func(i int) {
			if !dom.Visible(p, i) || insideList(p, i) {
				return
			}
			// Lines split by <br> among the element's children.
			var lines []string
			var cur strings.Builder
			brs := 0
			var blocks []int
			for _, ch := range p.Children(i) {
				n := &p.Nodes[ch]
				switch {
				case p.IsElement(ch) && p.Tag(ch) == "br":
					brs++
					if s := strings.TrimSpace(cur.String()); s != "" {
						lines = append(lines, s)
					}
					cur.Reset()
				case n.Type == page.TextNode:
					cur.WriteString(n.Value)
				case p.IsElement(ch) && !blockDisplay(p.Style(ch, "display")):
					cur.WriteString(p.Text(ch))
				case p.IsElement(ch) && dom.Visible(p, ch):
					blocks = append(blocks, ch)
				}
			}
			if s := strings.TrimSpace(cur.String()); s != "" {
				lines = append(lines, s)
			}
			if brs >= 2 && listLike(lines) {
				out = append(out, rules.Cant(i, "lines", "count", strconv.Itoa(len(lines)), "first", clipText(lines[0], 40)))
				return
			}
			// Runs of consecutive block children starting like items.
			for k := 0; k < len(blocks); {
				j := k
				var texts []string
				for j < len(blocks) && (p.Tag(blocks[j]) == "p" || p.Tag(blocks[j]) == "div") && !insideList(p, blocks[j]) {
					texts = append(texts, page.Collapse(p.Text(blocks[j])))
					j++
				}
				// The items may follow an introduction in the same run
				// ("You will need:"): report each stretch that starts
				// like a list, at its first item.
				for s := 0; s+3 <= len(texts); {
					e := s + 3
					if !listLike(texts[s:e]) {
						s++
						continue
					}
					for e < len(texts) && listLike(texts[s:e+1]) {
						e++
					}
					out = append(out, rules.Cant(blocks[k+s], "paragraphs", "count", strconv.Itoa(e-s), "first", clipText(texts[s], 40)))
					s = e
				}
				k = max(j, k+1)
			}
		})
		return out
	},
}

func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// flowBox returns the box of an element that takes part in reading order
// checks: rendered, visible, with text, on the page, not fixed, -, ok false
// otherwise.
func flowBox(c *rules.Ctx, i int) (page.Rect, bool) {
	p := c.Page
	b, ok := p.Box(i)
	if !ok || b.Empty() || b.X < 0 || b.Y < 0 || !dom.Visible(p, i) || p.Style(i, "position") == "fixed" || p.Style(i, "position") == "sticky" {
		return page.Rect{}, false
	}
	if !dom.TextHasLetter(c, i) {
		return page.Rect{}, false
	}
	return b, true
}

// ReadingOrder points out content whose visual order differs from its
// order in the code, which is the order screen readers and the keyboard
// follow (1.3.2; WCAG F1, F34; C27): of two consecutive sibling blocks
// with text, the later one drawn wholly above the earlier, or wholly to its
// left on the same line in a left-to-right page.
var ReadingOrder = &rules.Rule{
	ID:     "reading-order",
	Family: "structure",
	Title:  rules.Text{EN: "The visual order matches the order in the code", SV: "Den visuella ordningen stämmer med ordningen i koden"},
	Help: rules.Text{
		EN: "Put content in the code in the order it is meant to be read, and use CSS (order, flex-direction: *-reverse, absolute positioning) only where the meaning does not depend on the order.",
		SV: "Lägg innehållet i koden i den ordning det ska läsas, och använd CSS (order, flex-direction: *-reverse, absolut positionering) bara där betydelsen inte beror på ordningen.",
	},
	Manual: rules.Text{
		EN: "Read the two parts in code order (a screen reader, or with styles off): does the meaning still hold?",
		SV: "Läs de två delarna i kodens ordning (med skärmläsare, eller utan stilmallar): håller betydelsen fortfarande?",
	},
	WCAG:   []string{"1.3.2"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"above":  {EN: "\"{later}\" comes after \"{earlier}\" in the code but is shown above it: does the order matter?", SV: "”{later}” kommer efter ”{earlier}” i koden men visas ovanför: spelar ordningen roll?"},
		"before": {EN: "\"{later}\" comes after \"{earlier}\" in the code but is shown before it on the same line: does the order matter?", SV: "”{later}” kommer efter ”{earlier}” i koden men visas före på samma rad: spelar ordningen roll?"},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		var out []rules.Result
		dom.Elements(p, func(par int) {
			if p.Nodes[par].Layout == nil || !p.Rendered(par) {
				return
			}
			var kids []int
			var boxes []page.Rect
			for _, ch := range p.Children(par) {
				if !p.IsElement(ch) {
					continue
				}
				if b, ok := flowBox(c, ch); ok {
					kids = append(kids, ch)
					boxes = append(boxes, b)
				}
			}
			if len(kids) < 2 {
				return
			}
			rtl := dirRTL(p, par)
			for k := 1; k < len(kids); k++ {
				a, b := boxes[k-1], boxes[k]
				hOverlap := min(a.X+a.W, b.X+b.W) - max(a.X, b.X)
				vOverlap := min(a.Y+a.H, b.Y+b.H) - max(a.Y, b.Y)
				texts := func() (string, string) {
					return clipText(page.Collapse(p.Text(kids[k-1])), 40), clipText(page.Collapse(p.Text(kids[k])), 40)
				}
				switch {
				case b.Y+b.H <= a.Y && hOverlap > 0:
					earlier, later := texts()
					out = append(out, rules.Cant(kids[k], "above", "earlier", earlier, "later", later).With(kids[k-1]))
					return
				case !rtl && vOverlap >= 0.5*min(a.H, b.H) && b.X+b.W <= a.X && a.Y == b.Y:
					earlier, later := texts()
					out = append(out, rules.Cant(kids[k], "before", "earlier", earlier, "later", later).With(kids[k-1]))
					return
				}
			}
		})
		return out
	},
}

// dirRTL reports whether an element or its nearest ancestor with dir says
// right-to-left.
func dirRTL(p *page.Page, i int) bool {
	for a := i; a >= 0; a = p.ParentElement(a) {
		if v, ok := p.Attr(a, "dir"); ok {
			return strings.EqualFold(strings.TrimSpace(v), "rtl")
		}
	}
	return false
}
