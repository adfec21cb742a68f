package names

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// imageFileName matches a text alternative that is a file name or a path:
// a name with an image or document extension ("team_photo.JPG",
// "/img/hero-2.webp"), or a camera or export name ("IMG_1234", "DSC01234",
// "PXL_20240101_120000", "Screenshot 2024-01-01").
var imageFileName = regexp.MustCompile(`(?i)^(?:` +
	`\S*[\w\-%]\.(?:jpe?g|png|gif|svg|webp|avif|bmp|tiff?|heic|ico|apng|jfif)` +
	`|(?:img|dsc|dscn|dscf|dcim|pxl|mvimg|sam|gopr|p|image|photo|foto|bild|screenshot|skärmbild|bildschirmfoto)[ _\-]?\d[\d _\-]{2,}` +
	`|(?:https?:|www\.|/)\S+` +
	`)$`)

// placeholderWords are words that, alone or together, say only that there
// is an image: "image", "bild", "photo 3", "stock photo". They are folded
// (lower case) stems of the Nordic languages, English, German and Dutch;
// numbers and punctuation around them are ignored.
var placeholderWords = setOf(
	// en
	"image", "images", "img", "picture", "pic", "photo", "photos", "photograph", "graphic", "graphics",
	"icon", "spacer", "blank", "untitled", "alt", "alttext", "text", "placeholder", "stock", "default",
	"thumbnail", "thumb", "dummy", "here", "insert", "description", "alternative", "null", "undefined",
	// sv
	"bild", "bilden", "bilder", "foto", "fotot", "fotografi", "grafik", "ikon", "ikonen", "miniatyr", "platshållare",
	"beskrivning", "här",
	// da, no
	"billede", "billedet", "bilde", "bildet", "ikonet",
	// fi
	"kuva", "kuvake",
	// de, nl
	"abbildung", "grafik", "afbeelding", "plaatje", "symbolbild", "beispielbild",
)

// vagueWords name a kind of image without saying which one: "logo",
// "banner". Alone they may or may not be enough (a logo beside the company
// name), so they ask a person.
var vagueWords = setOf("logo", "logotyp", "logotype", "logga", "banner", "header", "hero", "decoration", "dekoration", "illustration", "chart", "diagram", "map", "karta", "kort", "kart")

func setOf(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// altWords returns the folded words of a text alternative, without digits
// and punctuation.
func altWords(s string) []string {
	return strings.FieldsFunc(dom.Fold(s), func(r rune) bool { return !unicode.IsLetter(r) })
}

// allIn reports whether every word is in the set (false for none).
func allIn(ws []string, set map[string]bool) bool {
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		if !set[w] {
			return false
		}
	}
	return true
}

// ownText returns the visible text content of el without the subtree of
// skip, collapsed.
func ownText(p *page.Page, el, skip int) string {
	var b strings.Builder
	p.Descendants(el, func(d int) bool {
		if d == skip {
			return false
		}
		n := &p.Nodes[d]
		if n.Type == page.TextNode && n.Layout != nil {
			b.WriteString(n.Value)
			b.WriteByte(' ')
		}
		if p.IsElement(d) && p.Tag(d) == "img" && d != skip && p.InAXTree(d) {
			b.WriteString(p.AXName(d))
			b.WriteByte(' ')
		}
		return true
	})
	return page.Collapse(b.String())
}

// sameWords reports whether two texts have the same folded words.
func sameWords(a, b string) bool {
	wa, wb := altWords(a), altWords(b)
	return len(wa) > 0 && strings.Join(wa, " ") == strings.Join(wb, " ")
}

// enclosing returns the nearest ancestor of i that is a link or a button,
// -1 if none.
func enclosingControl(p *page.Page, i int) int {
	for a := p.ParentElement(i); a >= 0; a = p.ParentElement(a) {
		switch dom.Role(p, a) {
		case "link", "button":
			return a
		}
	}
	return -1
}

// ImageAltMeaningful checks what an image's text alternative says, where a
// program can tell that it says nothing (1.1.1; WCAG F30, F39, F38):
// a file name or a placeholder word fails; a vague word, alt text that
// repeats the text beside it or the link's own text, and an image marked
// decorative that still has alt text, ask a person.
var ImageAltMeaningful = &rules.Rule{
	ID:     "image-alt-meaningful",
	Family: "names",
	Title:  rules.Text{EN: "Image text alternatives say something", SV: "Bilders textalternativ säger något"},
	Help: rules.Text{
		EN: "Write alt text that says what the image shows or, in a link or button, where it goes or what it does; use alt=\"\" for images that only decorate or repeat the text beside them.",
		SV: "Skriv en alt-text som säger vad bilden visar eller, i en länk eller knapp, vart den leder eller vad den gör; använd alt=\"\" för bilder som bara pryder eller upprepar texten bredvid.",
	},
	Manual: rules.Text{
		EN: "Look at the image and its surroundings: does the text alternative give the same information or function as the image, and is a decorative image hidden?",
		SV: "Titta på bilden och dess omgivning: ger textalternativet samma information eller funktion som bilden, och är en dekorativ bild dold?",
	},
	WCAG:   []string{"1.1.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"alt-ok":             {EN: "The text alternative \"{alt}\" is not a file name or a placeholder.", SV: "Textalternativet ”{alt}” är inte ett filnamn eller en platshållare."},
		"file-name":          {EN: "The text alternative \"{alt}\" is a file name or address, which tells nothing about the image.", SV: "Textalternativet ”{alt}” är ett filnamn eller en adress, som inte säger något om bilden."},
		"placeholder":        {EN: "The text alternative \"{alt}\" only says that there is an image.", SV: "Textalternativet ”{alt}” säger bara att det finns en bild."},
		"vague":              {EN: "The text alternative \"{alt}\" names a kind of image, not what it shows: check that it is enough here.", SV: "Textalternativet ”{alt}” anger en sorts bild, inte vad den visar: kontrollera att det räcker här."},
		"repeats-link-text":  {EN: "The image's text alternative \"{alt}\" repeats the text of its {control}, so it is read twice: should the image have alt=\"\"?", SV: "Bildens textalternativ ”{alt}” upprepar texten i dess {control}, så det läses upp två gånger: borde bilden ha alt=\"\"?"},
		"repeats-text":       {EN: "The image's text alternative \"{alt}\" repeats the text beside it: is the image decorative (alt=\"\")?", SV: "Bildens textalternativ ”{alt}” upprepar texten bredvid: är bilden dekorativ (alt=\"\")?"},
		"decorative-has-alt": {EN: "The image is marked decorative (role {role}) and hidden, but its alt says \"{alt}\": is it decorative, or does it carry that information?", SV: "Bilden är markerad som dekorativ (role {role}) och dold, men dess alt säger ”{alt}”: är den dekorativ, eller bär den den informationen?"},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if dom.InSVG(p, i) || p.Tag(i) != "img" || !p.Rendered(i) {
				return
			}
			if p.InAXTree(i) && dom.Role(p, i) == "img" && strings.TrimSpace(p.AXName(i)) != "" {
				out = append(out, i)
				return
			}
			if alt, ok := p.Attr(i, "alt"); ok && strings.TrimSpace(alt) != "" && dom.Presentational(dom.FirstRole(p, i)) && !p.InAXTree(i) && dom.Visible(p, i) {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if !p.InAXTree(i) {
			alt, _ := p.Attr(i, "alt")
			return rules.Cant(i, "decorative-has-alt", "role", dom.FirstRole(p, i), "alt", page.Collapse(alt))
		}
		name := page.Collapse(p.AXName(i))
		ws := altWords(name)
		switch {
		case imageFileName.MatchString(strings.TrimSpace(name)):
			return rules.Fail(i, "file-name", "alt", name)
		case allIn(ws, placeholderWords):
			return rules.Fail(i, "placeholder", "alt", name)
		case allIn(ws, vagueWords) || (len(ws) > 1 && allIn(ws, mergeSets(vagueWords, placeholderWords))):
			return rules.Cant(i, "vague", "alt", name)
		}
		if ctl := enclosingControl(p, i); ctl >= 0 {
			if sameWords(name, ownText(p, ctl, i)) {
				return rules.Cant(i, "repeats-link-text", "alt", name, "control", dom.Role(p, ctl)).With(ctl)
			}
		} else if par := p.ParentElement(i); par >= 0 {
			for _, s := range siblingsAround(p, i) {
				if sameWords(name, s) {
					return rules.Cant(i, "repeats-text", "alt", name).With(par)
				}
			}
		}
		return rules.Pass(i, "alt-ok", "alt", name)
	},
}

func mergeSets(a, b map[string]bool) map[string]bool {
	m := make(map[string]bool, len(a)+len(b))
	for k := range a {
		m[k] = true
	}
	for k := range b {
		m[k] = true
	}
	return m
}

// siblingsAround returns the texts next to an image: the text of the
// element siblings and text nodes directly before and after it, and of a
// figure's caption.
func siblingsAround(p *page.Page, i int) []string {
	par := p.ParentElement(i)
	var out []string
	if par < 0 {
		return nil
	}
	kids := p.Children(par)
	for k, ch := range kids {
		if ch != i {
			continue
		}
		for _, d := range []int{k - 1, k + 1} {
			for d >= 0 && d < len(kids) && p.Nodes[kids[d]].Type == page.TextNode && strings.TrimSpace(p.Nodes[kids[d]].Value) == "" {
				if d < k {
					d--
				} else {
					d++
				}
			}
			if d >= 0 && d < len(kids) {
				out = append(out, page.Collapse(p.Text(kids[d])))
			}
		}
	}
	if p.Tag(par) == "figure" {
		for _, ch := range kids {
			if p.IsElement(ch) && p.Tag(ch) == "figcaption" {
				out = append(out, page.Collapse(p.Text(ch)))
			}
		}
	}
	return out
}
