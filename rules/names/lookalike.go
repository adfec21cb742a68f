package names

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// TextLookAlikes finds text written with characters that only look like
// letters (WCAG 1.1.1, F71): the "fancy text" of mathematical bold, script
// or double-struck letters (U+1D400–U+1D7FF), circled and squared letters.
// A screen reader spells such characters out by their Unicode names
// ("mathematical bold capital J") or skips them, and a search or
// translation does not find the word. Three or more in a row that make up
// a word fail, unless the element is named with plain text (the text
// alternative F71 asks for) or hidden from assistive technology. Inside a
// MathML formula they are mathematics and not checked.
//
// A pre block of three or more lines drawn mostly with punctuation and
// symbols is ASCII art (F72): it is asked about unless it has a text
// alternative.
//
// A word that mixes Latin letters with Cyrillic ones (Cyrillic "а", "е",
// "о", "р" look like Latin letters) is asked about: it may be a look-alike
// spelling, or a name written so on purpose.
var TextLookAlikes = &rules.Rule{
	ID:     "text-look-alikes",
	Family: "names",
	Title:  rules.Text{EN: "Text is written with letters, not look-alike symbols", SV: "Text skrivs med bokstäver, inte med symboler som liknar bokstäver"},
	Help: rules.Text{
		EN: "Write the text with ordinary letters and style it with CSS (font-weight, font-style, font-family). If the symbols must stay, hide them with aria-hidden=\"true\" and give the same words in plain text beside them, or name the element with aria-label.",
		SV: "Skriv texten med vanliga bokstäver och forma den med CSS (font-weight, font-style, font-family). Om symbolerna måste vara kvar, dölj dem med aria-hidden=\"true\" och ge samma ord i vanlig text bredvid, eller namnge elementet med aria-label.",
	},
	Manual: rules.Text{
		EN: "Listen to the text with a screen reader: are the words read as words?",
		SV: "Lyssna på texten med en skärmläsare: läses orden upp som ord?",
	},
	WCAG:   []string{"1.1.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"look-alikes":     {EN: "\"{text}\" is written with {what} that only look like letters; screen readers spell them out by name or skip them.", SV: "”{text}” är skrivet med {what} som bara liknar bokstäver; skärmläsare läser upp dem med sina namn eller hoppar över dem."},
		"has-alternative": {EN: "The look-alike characters in \"{text}\" are inside an element named in plain text: \"{name}\".", SV: "Tecknen som liknar bokstäver i ”{text}” ligger i ett element som har ett namn i vanlig text: ”{name}”."},
		"ascii-art":       {EN: "The preformatted block is drawn with characters ({share}% of them letters or digits): if it is a picture, give it a text alternative (role=\"img\" with aria-label, or a description beside it marked up with aria-describedby).", SV: "Det förformaterade blocket är ritat med tecken ({share} % av dem bokstäver eller siffror): om det är en bild, ge det ett textalternativ (role=\"img\" med aria-label, eller en beskrivning bredvid kopplad med aria-describedby)."},
		"mixed-script":    {EN: "The word \"{word}\" mixes Latin and Cyrillic letters that look alike: is it meant to be read as a word in one alphabet?", SV: "Ordet ”{word}” blandar latinska och kyrilliska bokstäver som ser likadana ut: ska det läsas som ett ord i ett alfabet?"},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		dom.Elements(p, func(i int) {
			if p.Tag(i) != "pre" || !textShown(p, i) {
				return
			}
			share, ok := asciiArt(p, i)
			if !ok {
				return
			}
			if name, named := plainName(p, i); named {
				out = append(out, rules.Pass(i, "has-alternative", "text", dom.Clip(p.Text(i), 40), "name", dom.Clip(name, 60)))
				return
			}
			if _, described := p.Attr(i, "aria-describedby"); described {
				return
			}
			out = append(out, rules.Cant(i, "ascii-art", "share", strconv.Itoa(share)))
		})
		for i := range p.Nodes {
			n := &p.Nodes[i]
			if n.Type != page.TextNode {
				continue
			}
			el := p.ParentElement(i)
			if el < 0 || !textShown(p, el) {
				continue
			}
			if what, run := lookAlikeRun(n.Value); run != "" {
				if name, ok := plainName(p, el); ok {
					out = append(out, rules.Pass(i, "has-alternative", "text", dom.Clip(run, 40), "name", dom.Clip(name, 60)))
				} else {
					out = append(out, rules.Fail(i, "look-alikes", "text", dom.Clip(run, 40), "what", what))
				}
				continue
			}
			if w := mixedScriptWord(n.Value); w != "" {
				out = append(out, rules.Cant(i, "mixed-script", "word", w))
			}
		}
		return out
	},
}

// textShown: the text's element is rendered, exposed to assistive
// technology, and not script, style or mathematics.
func textShown(p *page.Page, el int) bool {
	if dom.ProgHidden(p, el) {
		return false
	}
	inMath := false
	p.Ancestors(el, func(a int) bool {
		switch p.Tag(a) {
		case "math", "script", "style", "noscript", "template":
			inMath = true
		}
		return !inMath
	})
	switch p.Tag(el) {
	case "math", "script", "style", "noscript", "template", "title":
		return false
	}
	return !inMath
}

// lookAlike names the kind of a look-alike letter or digit, "" for others.
func lookAlike(r rune) string {
	switch {
	case r >= 0x1D400 && r <= 0x1D7FF && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		return "mathematical letters"
	case r >= 0x2460 && r <= 0x24FF, r >= 0x1F130 && r <= 0x1F189:
		return "circled or squared letters"
	}
	return ""
}

// lookAlikeRun returns the first run of three or more look-alike
// characters (with the ordinary letters and spaces between them) and its
// kind, or "" when there is none.
func lookAlikeRun(s string) (what, run string) {
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		k := lookAlike(rs[i])
		if k == "" {
			continue
		}
		j, count := i, 0
		for j < len(rs) && (lookAlike(rs[j]) != "" || rs[j] == ' ' && j+1 < len(rs) && lookAlike(rs[j+1]) != "") {
			if lookAlike(rs[j]) != "" {
				count++
			}
			j++
		}
		if count >= 3 {
			return k, string(rs[i:j])
		}
		i = j
	}
	return "", ""
}

// plainName returns the name of the closest element around el whose
// accessible name, given with aria-label or aria-labelledby on a role that
// takes a name (an image, a link, a button, a heading), replaces its content
// with text free of look-alikes, within 3 levels.
func plainName(p *page.Page, el int) (string, bool) {
	for a, k := el, 0; a >= 0 && k < 4; a, k = p.ParentElement(a), k+1 {
		switch p.Role(a) {
		case "", "generic", "paragraph", "none", "presentation", "StaticText":
			continue // assistive technology does not read a name given to these
		}
		if !dom.HasARIALabel(p, a) {
			continue
		}
		name := strings.TrimSpace(p.AXName(a))
		if _, run := lookAlikeRun(name); name != "" && run == "" && !hasLookAlike(name) {
			return name, true
		}
		return "", false
	}
	return "", false
}

func hasLookAlike(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return lookAlike(r) != "" }) >= 0
}

// mixedScriptWord returns the first word of three or more letters that
// mixes Latin and Cyrillic letters, or "".
func mixedScriptWord(s string) string {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) < 3 {
			continue
		}
		latin, cyr := false, false
		for _, r := range w {
			latin = latin || unicode.Is(unicode.Latin, r)
			cyr = cyr || unicode.Is(unicode.Cyrillic, r)
		}
		if latin && cyr {
			return w
		}
	}
	return ""
}

// asciiArt reports whether a pre element is drawn rather than written: at
// least three lines and 30 visible characters, of which under a third are
// letters or digits. It returns the share of letters and digits in percent.
func asciiArt(p *page.Page, i int) (int, bool) {
	lines, visible, alnum := 0, 0, 0
	for _, l := range strings.Split(dom.RawText(p, i), "\n") {
		if strings.TrimSpace(l) != "" {
			lines++
		}
		for _, r := range l {
			switch {
			case unicode.IsSpace(r):
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				visible++
				alnum++
			default:
				visible++
			}
		}
	}
	if lines < 3 || visible < 30 || 3*alnum >= visible {
		return 0, false
	}
	return 100 * alnum / visible, true
}
