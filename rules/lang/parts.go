package lang

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// LangPartValid checks that an element's lang attribute, where it sets the
// language of some text, names a known language (ACT de46e4).
var LangPartValid = &rules.Rule{
	ID:     "lang-part-valid",
	Family: "lang",
	Title:  rules.Text{EN: "Language of parts uses a valid language tag", SV: "Språket för delar anges med en giltig språkkod"},
	Help: rules.Text{
		EN: "Give the element's lang attribute a valid BCP 47 language tag with a known primary language, such as lang=\"en\" for an English quote on a Swedish page.",
		SV: "Ge elementets lang-attribut en giltig språkkod enligt BCP 47 med ett känt huvudspråk, till exempel lang=\"en\" för ett engelskt citat på en svensk sida.",
	},
	Manual: rules.Text{
		EN: "Check that the lang attribute names the language the text is written in.",
		SV: "Kontrollera att lang-attributet anger det språk som texten är skriven på.",
	},
	WCAG:   []string{"3.1.2"},
	ACT:    []string{"de46e4"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"valid-lang":   {EN: "\"{lang}\" is a valid language tag.", SV: "”{lang}” är en giltig språkkod."},
		"invalid-lang": {EN: "\"{lang}\" is not a known language: the primary subtag \"{primary}\" is not in the language registry.", SV: "”{lang}” är inget känt språk: huvudkoden ”{primary}” finns inte i språkregistret."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		own := owners(c)
		var out []int
		for i := range p.Nodes {
			if own.hasText[i] && own.inBody[i] {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, el int) rules.Result {
		v, _ := c.Page.Attr(el, "lang")
		if ok, primary := ValidTag(v); !ok {
			return rules.Fail(el, "invalid-lang", "lang", v, "primary", primary)
		}
		return rules.Pass(el, "valid-lang", "lang", strings.TrimSpace(v))
	},
}

// langOwners records, for every node, the element its programmatic language
// comes from (the nearest inclusive ancestor with a non-empty lang
// attribute, crossing into frames whose document element has none), and
// which of those elements have text inheriting their language (ACT's "text
// inheriting its programmatic language": visible or accessible text nodes,
// accessible names and descriptions).
type langOwners struct {
	owner   []int  // -1 when no ancestor sets a language
	hasText []bool // indexed by owner element
	inBody  []bool // the element is an inclusive descendant of a body element
	text    [][]int
}

func owners(c *rules.Ctx) *langOwners {
	return c.Memo("lang.owners", func() any {
		p := c.Page
		o := &langOwners{
			owner:   make([]int, len(p.Nodes)),
			hasText: make([]bool, len(p.Nodes)),
			inBody:  make([]bool, len(p.Nodes)),
			text:    make([][]int, len(p.Nodes)),
		}
		for i := range p.Nodes {
			n := &p.Nodes[i]
			par := n.Parent
			o.owner[i] = -1
			if par >= 0 {
				o.owner[i] = o.owner[par]
				o.inBody[i] = o.inBody[par]
			}
			if n.Type == page.DocumentNode {
				// A frame's document inherits from its frame element; the
				// body test starts afresh inside it.
				o.inBody[i] = false
				if par < 0 {
					o.owner[i] = -1
				}
			}
			if !p.IsElement(i) {
				continue
			}
			if n.Name == "body" && !dom.InSVG(p, i) {
				o.inBody[i] = true
			}
			if v, ok := p.Attr(i, "lang"); ok && v != "" {
				o.owner[i] = i
			}
		}
		for i := range p.Nodes {
			n := &p.Nodes[i]
			own := o.owner[i]
			if own < 0 {
				continue
			}
			switch {
			case n.Type == page.TextNode:
				if strings.TrimSpace(n.Value) == "" || skipText(p, i) {
					continue
				}
				if dom.Visible(p, i) || p.InAXTree(i) {
					o.hasText[own] = true
					o.text[own] = append(o.text[own], i)
				}
			case p.IsElement(i) && p.InAXTree(i):
				ax := n.AX
				if strings.TrimSpace(ax.Name) != "" && nameNotFromText(ax) {
					o.hasText[own] = true
					o.text[own] = append(o.text[own], i)
				}
				if strings.TrimSpace(ax.Description) != "" {
					o.hasText[own] = true
				}
			}
		}
		return o
	}).(*langOwners)
}

// skipText reports text nodes that are not page text: inside script, style,
// template, noscript, title (the title counts only for the page) or head.
func skipText(p *page.Page, t int) bool {
	for a := p.Nodes[t].Parent; a >= 0; a = p.Nodes[a].Parent {
		if p.Nodes[a].Type == page.DocumentNode {
			return false
		}
		switch p.Nodes[a].Name {
		case "script", "style", "template", "noscript", "title", "head":
			return true
		}
	}
	return false
}

// nameNotFromText reports whether an accessible name is more than the text
// of the element's own content (which the text nodes already count).
func nameNotFromText(ax *page.AX) bool {
	switch ax.Role {
	case "StaticText", "InlineTextBox", "RootWebArea":
		return false
	}
	return ax.NameFrom != "contents"
}

// LangMatchesText says when the text whose language an element (the page's
// html element or a part with its own lang) sets clearly reads as another
// language than the one declared (ACT ucwvc8 for the page, off6ek for
// parts). Language identification from function words is a strong hint,
// not proof, so a mismatch is cantTell; a clear match passes; too little
// text, or a language the identifier does not know, is inapplicable.
var LangMatchesText = &rules.Rule{
	ID:     "lang-matches-text",
	Family: "lang",
	Title:  rules.Text{EN: "The declared language matches the text", SV: "Det angivna språket stämmer med texten"},
	Help: rules.Text{
		EN: "Set lang to the language the text is written in: on the html element for the page, and on any part written in another language.",
		SV: "Ange i lang det språk som texten är skriven på: på html-elementet för sidan och på varje del som är skriven på ett annat språk.",
	},
	Manual: rules.Text{
		EN: "Read the text and check that it is written in the declared language; mark passages in other languages with their own lang.",
		SV: "Läs texten och kontrollera att den är skriven på det angivna språket; märk upp avsnitt på andra språk med ett eget lang.",
	},
	WCAG:   []string{"3.1.1", "3.1.2"},
	ACT:    []string{"ucwvc8", "off6ek"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"matches":          {EN: "The text reads as the declared language \"{lang}\".", SV: "Texten är på det angivna språket ”{lang}”."},
		"looks-like":       {EN: "The text is declared as \"{lang}\" but most of its common words are \"{detected}\" ({words} of {total} words): check the language.", SV: "Texten anges som ”{lang}” men de flesta vanliga orden är ”{detected}” ({words} av {total} ord): kontrollera språket."},
		"too-little-text":  {EN: "Too little text to tell its language.", SV: "För lite text för att avgöra språket."},
		"unsupported-lang": {EN: "Granska cannot identify text in \"{lang}\".", SV: "Granska kan inte känna igen text på ”{lang}”."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		own := owners(c)
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || (i != rootHTML(c) && !(own.hasText[i] && own.inBody[i])) {
				continue
			}
			if v, ok := p.Attr(i, "lang"); ok {
				if valid, _ := ValidTag(v); valid {
					out = append(out, i)
				}
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, el int) rules.Result {
		p := c.Page
		v, _ := p.Attr(el, "lang")
		v = strings.TrimSpace(v)
		_, primary := ValidTag(v)
		prof := profileOf(primary)
		if prof == "" {
			r := rules.NA(el, "unsupported-lang")
			r.Args = map[string]string{"lang": v}
			return r
		}
		var b strings.Builder
		if el == rootHTML(c) {
			b.WriteString(p.Title)
			b.WriteByte(' ')
		}
		for _, t := range owners(c).text[el] {
			if p.Nodes[t].Type == page.TextNode {
				b.WriteString(p.Nodes[t].Value)
			} else {
				b.WriteString(p.AXName(t))
			}
			b.WriteByte(' ')
		}
		g := Identify(b.String())
		verdict, detected := g.Against(prof)
		switch verdict {
		case Matches:
			return rules.Pass(el, "matches", "lang", v)
		case Mismatch:
			return rules.Cant(el, "looks-like", "lang", v, "detected", detected,
				"words", strconv.Itoa(g.Scores[detected]), "total", strconv.Itoa(g.Words))
		}
		return rules.NA(el, "too-little-text")
	},
}
