package names

import (
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// textFileWords are words in an image's file name that say it holds text
// ("heading.png", "knapp-ansok.gif", "citat_vd.jpg").
var textFileWords = setOf("text", "txt", "rubrik", "heading", "headline", "title", "titel", "rubrikk", "overskrift", "otsikko", "ueberschrift",
	"button", "btn", "knapp", "knap", "painike", "cta", "quote", "citat", "sitat", "slogan", "tagline", "label", "etikett", "typo", "lettering",
	"ingress", "menu", "meny", "nav", "tab", "flik")

// logoWords mark logotypes, which 1.4.5 exempts.
var logoWords = setOf("logo", "logotyp", "logotype", "logga", "logos", "brand", "wordmark", "varumarke", "varumärke")

// fileWords returns the folded words of a URL's file name stem.
func fileWords(src string) []string {
	u, err := url.Parse(strings.TrimSpace(src))
	if err != nil || strings.HasPrefix(src, "data:") {
		return nil
	}
	base := path.Base(u.Path)
	return altWords(strings.TrimSuffix(base, path.Ext(base)))
}

func anySet(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if set[w] {
			return true
		}
	}
	return false
}

// ImagesOfText points out images that probably show text, which users
// cannot resize, recolour or respace (1.4.5; G136, C22, C30): an image
// whose file name says it is text, an image that is the only content of a
// heading, button or link and has a text alternative of several words, an
// image button, and a wide, low image with a phrase as its alternative.
// Logotypes are exempt.
var ImagesOfText = &rules.Rule{
	ID:     "images-of-text",
	Family: "names",
	Title:  rules.Text{EN: "Text is text, not an image of text", SV: "Text är text, inte en bild av text"},
	Help: rules.Text{
		EN: "Write headings, buttons, quotes and other text as HTML text styled with CSS, not as images; logotypes are exempt.",
		SV: "Skriv rubriker, knappar, citat och annan text som HTML-text med CSS-stil, inte som bilder; logotyper är undantagna.",
	},
	Manual: rules.Text{
		EN: "Look at the image: does it show text that could be written as text instead (not a logotype, not essential as an image)?",
		SV: "Titta på bilden: visar den text som kunde skrivas som text i stället (inte en logotyp, inte nödvändig som bild)?",
	},
	WCAG:   []string{"1.4.5"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"file-name":    {EN: "The image's file name (\"{file}\") suggests it shows text: is it an image of text?", SV: "Bildens filnamn (”{file}”) tyder på att den visar text: är det en bild av text?"},
		"sole-content": {EN: "The image is the only content of a {role} and its alternative is \"{alt}\": does it show that text as an image?", SV: "Bilden är det enda innehållet i en {role} och dess alternativ är ”{alt}”: visar den texten som en bild?"},
		"image-button": {EN: "The image button \"{alt}\" may show its label as an image of text.", SV: "Bildknappen ”{alt}” kan visa sin etikett som en bild av text."},
		"passage-alt":  {EN: "The image's alternative is a passage of {words} words (\"{alt}\"): does the image show this text? If so, write it as text.", SV: "Bildens alternativ är ett stycke på {words} ord (”{alt}”): visar bilden den texten? Skriv den i så fall som text."},
		"banner-shape": {EN: "The wide, low image with the alternative \"{alt}\" has the shape of a line of text: is it an image of text?", SV: "Den breda, låga bilden med alternativet ”{alt}” har formen av en textrad: är det en bild av text?"},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		dom.Elements(p, func(i int) {
			tag := p.Tag(i)
			if tag != "img" && !(tag == "input" && dom.InputType(p, i) == "image") || !p.InAXTree(i) || !dom.Visible(p, i) {
				return
			}
			name := page.Collapse(p.AXName(i))
			src, _ := p.Attr(i, "src")
			fw := fileWords(src)
			aw := altWords(name)
			if anySet(fw, logoWords) || anySet(aw, logoWords) || name == "" {
				return
			}
			b, _ := p.Box(i)
			switch {
			case tag == "input":
				out = append(out, rules.Cant(i, "image-button", "alt", name))
			case anySet(fw, textFileWords):
				out = append(out, rules.Cant(i, "file-name", "file", path.Base(src)))
			case len(aw) >= 2:
				for a := p.ParentElement(i); a >= 0; a = p.ParentElement(a) {
					r := dom.Role(p, a)
					if r == "heading" || r == "button" || r == "link" {
						if strings.TrimSpace(ownText(p, a, i)) == "" && strings.TrimSpace(p.Text(a)) == "" {
							out = append(out, rules.Cant(i, "sole-content", "role", r, "alt", name))
							return
						}
						break
					}
					if r != "generic" && r != "" {
						break
					}
				}
				switch {
				case b.H > 0 && b.H <= 120 && b.W >= 4*b.H && len(aw) >= 3:
					out = append(out, rules.Cant(i, "banner-shape", "alt", name))
				case len(aw) >= 15 && sentences(name) >= 2 && b.W >= 200 && b.H >= 80:
					// An alternative that is a passage of several
					// sentences is how the text of an advert or a
					// poster is transcribed, rarely how a picture is
					// described.
					out = append(out, rules.Cant(i, "passage-alt", "words", strconv.Itoa(len(aw)), "alt", dom.Clip(name, 80)))
				}
			}
		})
		return out
	},
}

// sentences counts the sentences of s: the ends ".", "!" or "?" followed
// by white space or the end of the text.
func sentences(s string) int {
	n := 0
	r := []rune(strings.TrimSpace(s))
	for k, c := range r {
		if (c == '.' || c == '!' || c == '?') && (k == len(r)-1 || unicode.IsSpace(r[k+1])) {
			n++
		}
	}
	return n
}

// bgURL reports whether a computed background-image holds an image (not
// only gradients).
func bgURL(v string) bool { return strings.Contains(v, "url(") }

// soleCellContent reports whether element i is inside a cell of a data
// table (td or role cell/gridcell, at most three levels up) that has no
// text of its own.
func soleCellContent(p *page.Page, i int) bool {
	a := p.ParentElement(i)
	for k := 0; k < 3 && a >= 0; k, a = k+1, p.ParentElement(a) {
		switch r := dom.Role(p, a); {
		case r == "cell" || r == "gridcell":
			return strings.TrimSpace(p.Text(a)) == ""
		case r == "link" || r == "button":
			return false
		}
	}
	return false
}

// BackgroundImage points out CSS background images on elements that hold
// no text and have no name, where the image may carry information that a
// screen reader never gets (1.1.1; WCAG F3).
var BackgroundImage = &rules.Rule{
	ID:     "background-image-info",
	Family: "names",
	Title:  rules.Text{EN: "Informative images are not CSS backgrounds", SV: "Informativa bilder är inte CSS-bakgrunder"},
	Help: rules.Text{
		EN: "Put images that carry information in the HTML (img with alt), or give the element role=\"img\" and an aria-label; leave only decoration to CSS.",
		SV: "Lägg bilder som bär information i HTML (img med alt), eller ge elementet role=\"img\" och en aria-label; lämna bara dekor åt CSS.",
	},
	Manual: rules.Text{
		EN: "Look at the background image: does it carry information or function (a photo of a person, a chart, an icon that is a control)? If so, it needs a text alternative.",
		SV: "Titta på bakgrundsbilden: bär den information eller funktion (ett foto av en person, ett diagram, en ikon som är en kontroll)? I så fall behöver den ett textalternativ.",
	},
	WCAG:   []string{"1.1.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"named":    {EN: "The element with a background image has the text alternative \"{name}\".", SV: "Elementet med bakgrundsbild har textalternativet ”{name}”."},
		"bg-image": {EN: "The element shows a {w}×{h} px background image and has no text or name: is the image only decoration?", SV: "Elementet visar en bakgrundsbild på {w}×{h} px och har ingen text eller namn: är bilden bara dekor?"},
	},
	Params: map[string]float64{"min-size": 48},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		min := c.Param("min-size")
		var out []int
		dom.Elements(p, func(i int) {
			switch p.Tag(i) {
			case "html", "body", "main":
				return
			}
			if !bgURL(p.Style(i, "background-image")) || !dom.Visible(p, i) {
				return
			}
			b, ok := p.Box(i)
			if !ok || b.W < 8 || b.H < 8 || b.W >= 0.9*float64(p.Viewport.Width) && b.H >= 0.9*float64(p.Viewport.Height) {
				return
			}
			// Small images are mostly bullets and arrows beside text;
			// one that is all a data cell holds is that cell's data.
			if (b.W < min || b.H < min) && !soleCellContent(p, i) {
				return
			}
			if strings.TrimSpace(p.Text(i)) != "" {
				return
			}
			hasContent := false
			p.Descendants(i, func(d int) bool {
				if d != i && p.IsElement(d) && (p.Tag(d) == "img" || p.Tag(d) == "svg" || p.Tag(d) == "video" || p.Tag(d) == "canvas" || p.Tag(d) == "iframe" || p.Tag(d) == "input" || p.Tag(d) == "button") {
					hasContent = true
				}
				return !hasContent
			})
			if !hasContent {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if p.InAXTree(i) {
			if n := strings.TrimSpace(p.AXName(i)); n != "" {
				return rules.Pass(i, "named", "name", page.Collapse(n))
			}
		}
		b, _ := p.Box(i)
		return rules.Cant(i, "bg-image", "w", strconv.Itoa(int(b.W)), "h", strconv.Itoa(int(b.H)))
	},
}
