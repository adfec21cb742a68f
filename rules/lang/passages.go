package lang

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/abadojack/whatlanggo"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Language identification of passages uses whatlanggo: trigram profiles
// of 84 languages in about 400 kB of Go source, pure Go, deterministic,
// with no model to load and little memory per call. lingua-go is more
// accurate on short text but embeds its n-gram models for every language
// in the binary and needs far more memory; a rule that only raises
// cantTell does not need that accuracy. Where both know the languages,
// the function-word identifier of this package (detect.go) must agree,
// which guards against the trigram profiles' confusion of Swedish, Danish
// and Norwegian.

// blockTags are the elements whose text is read as one passage.
var blockTags = map[string]bool{
	"p": true, "li": true, "td": true, "th": true, "dd": true, "dt": true, "blockquote": true, "figcaption": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "caption": true, "div": true,
	"section": true, "article": true, "aside": true, "label": true, "legend": true, "summary": true, "q": true,
}

// passageText returns the visible text of el that inherits el's language
// and is not inside a nested block passage or a code element.
func passageText(p *page.Page, el int, lang string) string {
	var b strings.Builder
	p.Descendants(el, func(d int) bool {
		if d == el {
			return true
		}
		n := &p.Nodes[d]
		if p.IsElement(d) {
			switch p.Tag(d) {
			case "code", "pre", "kbd", "samp", "var", "script", "style", "template", "noscript", "svg", "math", "iframe":
				return false
			}
			if v, ok := p.Attr(d, "lang"); ok && strings.TrimSpace(v) != lang {
				return false
			}
			if blockTags[p.Tag(d)] && ownsText(p, d) {
				return false
			}
			return true
		}
		if n.Type == page.TextNode && dom.Visible(p, d) {
			b.WriteString(n.Value)
			b.WriteByte(' ')
		}
		return n.Type != page.DocumentNode
	})
	return page.Collapse(b.String())
}

// ownsText reports whether an element has a non-blank text node child.
func ownsText(p *page.Page, el int) bool {
	for _, ch := range p.Children(el) {
		if p.Nodes[ch].Type == page.TextNode && strings.TrimSpace(p.Nodes[ch].Value) != "" {
			return true
		}
	}
	return false
}

// letters counts the letters of s and its words.
func letters(s string) (int, int) {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n, len(strings.Fields(s))
}

// normLang maps ISO 639-1 codes to the groups the check compares:
// Norwegian written forms are one language.
func normLang(code string) string {
	code = strings.ToLower(code)
	switch code {
	case "nb", "nn", "no":
		return "no"
	}
	return code
}

// Identified is what language identification says of a passage.
type Identified struct {
	Lang       string  // ISO 639-1 code, "" when not identified
	Confidence float64 // whatlanggo's confidence, 0..1
	Reliable   bool
}

// IdentifyPassage identifies the language of a passage with whatlanggo.
func IdentifyPassage(text string) Identified {
	info := whatlanggo.Detect(text)
	return Identified{Lang: info.Lang.Iso6391(), Confidence: info.Confidence, Reliable: info.IsReliable()}
}

// LangOfParts finds passages whose text reads as another language than
// the one they inherit, where no lang attribute says so (3.1.2; WCAG H58,
// the failure of not identifying changes of language). Language
// identification is a strong hint, not proof (names, loan words and
// technical terms are exempt), so a mismatch is cantTell; an agreeing
// identification passes; short passages are not judged.
var LangOfParts = &rules.Rule{
	ID:     "lang-of-parts",
	Family: "lang",
	Title:  rules.Text{EN: "Passages in another language are marked with lang", SV: "Avsnitt på ett annat språk är märkta med lang"},
	Help: rules.Text{
		EN: "Put lang on the element that holds a passage in another language than the page's (<p lang=\"en\">…), so screen readers switch pronunciation.",
		SV: "Sätt lang på elementet som innehåller ett avsnitt på ett annat språk än sidans (<p lang=\"en\">…), så att skärmläsare byter uttal.",
	},
	Manual: rules.Text{
		EN: "Read the passage: is it written in another language than the one its element inherits (not just names or loan words)? Then mark it with lang.",
		SV: "Läs avsnittet: är det skrivet på ett annat språk än det som elementet ärver (inte bara namn eller lånord)? Märk det då med lang.",
	},
	WCAG:   []string{"3.1.2"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"same-language":  {EN: "The passage reads as \"{lang}\", the language it inherits.", SV: "Avsnittet är på ”{lang}”, det språk det ärver."},
		"other-language": {EN: "The passage reads as \"{detected}\" ({confidence}% sure) but inherits \"{lang}\" and has no lang of its own: check its language.", SV: "Avsnittet ser ut att vara på ”{detected}” ({confidence} % säkert) men ärver ”{lang}” och har inget eget lang: kontrollera språket."},
		"short":          {EN: "The passage is too short to identify its language.", SV: "Avsnittet är för kort för att avgöra språket."},
		"unclear":        {EN: "The passage's language could not be identified with confidence.", SV: "Avsnittets språk kunde inte avgöras med säkerhet."},
	},
	Params: map[string]float64{"min-words": 8, "min-letters": 40},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		var out []int
		m := passagesOf(c)
		dom.Elements(p, func(i int) {
			if !blockTags[p.Tag(i)] || !ownsText(p, i) || p.Nodes[i].Doc != 0 || !dom.Visible(p, i) {
				return
			}
			l := dom.Lang(p, i)
			if ok, _ := ValidTag(l); !ok {
				return
			}
			n, w := letters(m.textOf(c, i, l))
			if n >= int(c.Param("min-letters")) && w >= int(c.Param("min-words")) {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		l := dom.Lang(p, i)
		_, primary := ValidTag(l)
		m := passagesOf(c)
		text := m.textOf(c, i, l)
		id := m.identify(text)
		if id.Lang == "" || !id.Reliable {
			return rules.NA(i, "unclear")
		}
		declared, detected := normLang(primary), normLang(id.Lang)
		if declared == detected {
			return rules.Pass(i, "same-language", "lang", l)
		}
		// Where the function-word identifier knows both languages it
		// must see the mismatch too.
		if pd, pt := profileOf(declared), profileOf(detected); pd != "" && pt != "" {
			if v, _ := Identify(text).Against(pd); v != Mismatch {
				return rules.NA(i, "unclear")
			}
		} else if _, w := letters(text); w < 12 {
			return rules.NA(i, "short")
		}
		if p.HasAttr(i, "lang") {
			// The element names its own language: lang-matches-text
			// judges it.
			return rules.NA(i, "unclear")
		}
		return rules.Cant(i, "other-language", "detected", id.Lang, "lang", l, "confidence", strconv.Itoa(int(id.Confidence*100+0.5)))
	},
}

// HTMLXMLLang checks that the html element's xml:lang, where it is given
// with lang, names the same primary language (3.1.1; ACT 5b7ae0), and asks
// about an empty xml:lang.
var HTMLXMLLang = &rules.Rule{
	ID:     "html-xml-lang",
	Family: "lang",
	Title:  rules.Text{EN: "lang and xml:lang on the page agree", SV: "lang och xml:lang på sidan stämmer överens"},
	Help: rules.Text{
		EN: "Give xml:lang the same language as lang on the html element, or remove xml:lang (HTML does not need it).",
		SV: "Ge xml:lang samma språk som lang på html-elementet, eller ta bort xml:lang (HTML behöver det inte).",
	},
	WCAG:   []string{"3.1.1"},
	ACT:    []string{"5b7ae0"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"match":          {EN: "lang \"{lang}\" and xml:lang \"{xml}\" name the same language.", SV: "lang ”{lang}” och xml:lang ”{xml}” anger samma språk."},
		"mismatch":       {EN: "lang says \"{lang}\" but xml:lang says \"{xml}\": the page's language is ambiguous.", SV: "lang säger ”{lang}” men xml:lang säger ”{xml}”: sidans språk är tvetydigt."},
		"empty-xml-lang": {EN: "xml:lang on the html element is empty while lang says \"{lang}\": remove xml:lang or give it the same language.", SV: "xml:lang på html-elementet är tomt medan lang säger ”{lang}”: ta bort xml:lang eller ge det samma språk."},
	},
	Applies: func(c *rules.Ctx) []int {
		r := rootHTML(c)
		if r < 0 {
			return nil
		}
		l, ok := c.Page.Attr(r, "lang")
		if valid, _ := ValidTag(l); !ok || !valid {
			return nil
		}
		if _, ok := c.Page.Attr(r, "xml:lang"); ok {
			return []int{r}
		}
		return nil
	},
	Expect: func(c *rules.Ctx, r int) rules.Result {
		p := c.Page
		l, _ := p.Attr(r, "lang")
		x, _ := p.Attr(r, "xml:lang")
		l, x = strings.TrimSpace(l), strings.TrimSpace(x)
		if x == "" {
			return rules.Cant(r, "empty-xml-lang", "lang", l)
		}
		okX, px := ValidTag(x)
		_, pl := ValidTag(l)
		if !okX {
			return rules.NA(r, "mismatch")
		}
		if px != pl {
			return rules.Fail(r, "mismatch", "lang", l, "xml", x)
		}
		return rules.Pass(r, "match", "lang", l, "xml", x)
	},
}
