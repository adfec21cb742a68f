package names

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// genericLink are link texts that say nothing out of context ("read
// more", "klicka här"), whole, in Swedish, the other Nordic languages,
// English and German. A trailing arrow, ellipsis or punctuation is
// ignored.
var genericLink = dom.NewPhrases(
	// sv
	"läs mer", "läs mera", "läs vidare", "läs hela", "mer", "mera", "mer info", "mer information", "klicka här", "tryck här",
	"här", "länk", "denna länk", "den här länken", "gå till", "fortsätt", "fortsätt läsa", "se mer", "visa mer", "mer om detta",
	"detaljer", "info", "ansök här", "klicka",
	// da, no
	"læs mere", "læs mer", "les mer", "les mere", "mere", "klik her", "klikk her", "her", "trykk her", "se mere", "vis mere", "vis mer",
	// fi
	"lue lisää", "lisää", "lisätietoja", "klikkaa tästä", "tästä", "napsauta tästä",
	// en
	"read more", "more", "more info", "more information", "learn more", "click here", "here", "click", "link", "this link",
	"details", "continue", "continue reading", "find out more", "see more", "view more", "go", "this", "tap here",
	"apply here", "view", "open", "download",
	// de
	"mehr", "weiterlesen", "hier", "hier klicken", "klicken sie hier", "mehr erfahren", "mehr lesen", "weiter", "details ansehen",
)

// linkText folds a link's name and strips arrows, ellipses and
// punctuation at its ends.
func linkText(s string) string {
	f := dom.Fold(s)
	return strings.TrimFunc(f, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// docExt are file types of documents a link may lead to, with the words
// that name their format.
var docExt = map[string][]string{
	".pdf": {"pdf"}, ".doc": {"doc", "word"}, ".docx": {"docx", "doc", "word"}, ".odt": {"odt", "opendocument"},
	".rtf": {"rtf"}, ".xls": {"xls", "excel"}, ".xlsx": {"xlsx", "xls", "excel"}, ".ods": {"ods", "opendocument"},
	".csv": {"csv"}, ".ppt": {"ppt", "powerpoint"}, ".pptx": {"pptx", "ppt", "powerpoint"}, ".odp": {"odp", "opendocument"},
	".zip": {"zip"}, ".epub": {"epub"},
}

// linkContext returns the text a link's purpose can be read from besides
// its own text, as WCAG's "programmatically determined link context"
// describes it: its description, the enclosing paragraph, list item or
// table cell (its text beyond the link), and the heading before it. It
// returns "" when there is none.
func linkContext(p *page.Page, i int) string {
	if d := strings.TrimSpace(p.Nodes[i].AX.Description); d != "" {
		return d
	}
	own := page.Collapse(p.Text(i))
	for a := p.ParentElement(i); a >= 0; a = p.ParentElement(a) {
		switch p.Tag(a) {
		case "p", "li", "td", "th", "dd", "dt", "blockquote", "figcaption", "caption", "article", "section", "body", "main", "form", "fieldset":
		default:
			if r := dom.Role(p, a); r != "listitem" && r != "cell" && r != "gridcell" && r != "article" {
				continue
			}
		}
		if p.Tag(a) == "body" || p.Tag(a) == "main" {
			break
		}
		t := page.Collapse(p.Text(a))
		if rest := strings.TrimSpace(strings.Replace(t, own, "", 1)); len(altWords(rest)) > 0 {
			return t
		}
		if p.Tag(a) != "article" && p.Tag(a) != "section" {
			continue
		}
	}
	for k := i - 1; k >= 0; k-- {
		if p.IsElement(k) && dom.Role(p, k) == "heading" && p.InAXTree(k) {
			return page.Collapse(p.AXName(k))
		}
	}
	return ""
}

// hrefOf returns a link's href attribute, trimmed.
func hrefOf(p *page.Page, i int) (string, bool) {
	v, ok := p.Attr(i, "href")
	return strings.TrimSpace(v), ok
}

// LinkPurpose points out links whose purpose a program can see may be
// unclear (2.4.4; WCAG F84, F89; techniques G91, H30, H33, H2): text that
// says nothing out of context (failed when nothing around the link gives
// the context either), a document link that does not say its format, and
// an image link and a text link beside it that go to the same place.
var LinkPurpose = &rules.Rule{
	ID:     "link-purpose",
	Family: "names",
	Title:  rules.Text{EN: "Links say where they go", SV: "Länkar säger vart de leder"},
	Help: rules.Text{
		EN: "Write link text that makes sense on its own (\"Read more about the nurse job\", \"Annual report (PDF, 2 MB)\"), or at least within its sentence, list item or table cell; merge an image link and a text link to the same place into one link.",
		SV: "Skriv länktexter som går att förstå fristående (”Läs mer om sjuksköterskejobbet”, ”Årsredovisning (PDF, 2 MB)”), eller åtminstone i sin mening, listpunkt eller tabellcell; slå ihop en bildlänk och en textlänk till samma ställe till en länk.",
	},
	Manual: rules.Text{
		EN: "Read the link with only its sentence, paragraph, list item, table cell or the heading before it: can you tell where it goes?",
		SV: "Läs länken med bara dess mening, stycke, listpunkt, tabellcell eller rubriken före: går det att förstå vart den leder?",
	},
	WCAG:   []string{"2.4.4"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"descriptive":        {EN: "The link text \"{name}\" is not a generic phrase.", SV: "Länktexten ”{name}” är ingen allmän fras."},
		"generic":            {EN: "The link text \"{name}\" says nothing on its own; its context is \"{context}\": check that the context tells where it goes.", SV: "Länktexten ”{name}” säger inget i sig; dess sammanhang är ”{context}”: kontrollera att sammanhanget säger vart den leder."},
		"generic-no-context": {EN: "The link text \"{name}\" says nothing on its own, and the link has no description, no surrounding sentence, list item or cell, and no heading before it.", SV: "Länktexten ”{name}” säger inget i sig, och länken har ingen beskrivning, ingen omgivande mening, listpunkt eller cell och ingen rubrik före."},
		"doc-format":         {EN: "The link \"{name}\" opens a {ext} document but does not say so: check that its format (and size) are given.", SV: "Länken ”{name}” öppnar ett {ext}-dokument men säger inte det: kontrollera att format (och storlek) anges."},
		"image-word":         {EN: "The link's name \"{name}\" only names a kind of image, not where the link goes: check that it is enough here.", SV: "Länkens namn ”{name}” anger bara en sorts bild, inte vart länken leder: kontrollera att det räcker här."},
		"symbols-only":       {EN: "The link's name \"{name}\" has no words, only symbols: check that a person using a screen reader can tell where it goes.", SV: "Länkens namn ”{name}” har inga ord, bara symboler: kontrollera att den som använder skärmläsare kan förstå vart den leder."},
		"icon-font-glyph":    {EN: "The link's name is only an icon font's private-use character (U+{code}), which assistive technology cannot read as words.", SV: "Länkens namn är bara ett tecken från ett ikontypsnitts privata område (U+{code}), som hjälpmedel inte kan läsa som ord."},
		"adjacent-same":      {EN: "This link and the next one, \"{next}\", go to the same place: could they be one link?", SV: "Den här länken och nästa, ”{next}”, leder till samma ställe: kan de vara en länk?"},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.InAXTree(i) && dom.Role(p, i) == "link" && strings.TrimSpace(p.AXName(i)) != "" && dom.Visible(p, i) {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		name := page.Collapse(p.AXName(i))
		if linkText(name) == "" {
			// No letter or digit: an icon font's glyph, an arrow or a
			// sign (F89 when nothing readable is left).
			if r, ok := privateUseOnly(name); ok {
				return rules.Fail(i, "icon-font-glyph", "code", fmt.Sprintf("%04X", r))
			}
			return rules.Cant(i, "symbols-only", "name", name)
		}
		// An image link named "image" or "icon" names the picture's kind,
		// which says nothing about the destination, like a generic
		// phrase ("logo" may be enough, so it asks). A text link
		// "Photos" or "Map" may well say where it goes.
		if ws := altWords(name); imageOnly(p, i) && allIn(ws, placeholderWords) {
			if ctx := linkContext(p, i); ctx != "" {
				return rules.Cant(i, "generic", "name", name, "context", clip(ctx, 120))
			}
			return rules.Fail(i, "generic-no-context", "name", name)
		} else if imageOnly(p, i) && allIn(ws, vagueWords) {
			return rules.Cant(i, "image-word", "name", name)
		}
		if genericLink.Equal(linkText(name)) {
			if ctx := linkContext(p, i); ctx != "" {
				return rules.Cant(i, "generic", "name", name, "context", clip(ctx, 120))
			}
			return rules.Fail(i, "generic-no-context", "name", name)
		}
		if href, ok := hrefOf(p, i); ok {
			if u, err := url.Parse(href); err == nil {
				ext := strings.ToLower(path.Ext(u.Path))
				if words, ok := docExt[ext]; ok {
					said := altWords(name + " " + p.Nodes[i].AX.Description + " " + p.Text(i))
					if !anyIn(said, words) {
						return rules.Cant(i, "doc-format", "name", name, "ext", strings.ToUpper(ext[1:]))
					}
				}
			}
		}
		if next := nextLink(c, i); next >= 0 {
			u1, u2 := linkURL(p, i), linkURL(p, next)
			if u1 != "" && u1 == u2 && (imageOnly(p, i) || imageOnly(p, next)) {
				return rules.Cant(i, "adjacent-same", "next", page.Collapse(p.AXName(next))).With(next)
			}
		}
		return rules.Pass(i, "descriptive", "name", name)
	},
}

// privateUseOnly reports whether every character of s other than white
// space is in a Unicode private use area (where icon fonts put their
// glyphs), and returns the first.
func privateUseOnly(s string) (rune, bool) {
	var first rune
	for _, r := range s {
		if unicode.IsSpace(r) {
			continue
		}
		if !unicode.Is(unicode.Co, r) {
			return 0, false
		}
		if first == 0 {
			first = r
		}
	}
	return first, first != 0
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

func anyIn(ws, set []string) bool {
	for _, w := range ws {
		for _, s := range set {
			if w == s {
				return true
			}
		}
	}
	return false
}

// imageOnly reports whether a link's content is images and no text.
func imageOnly(p *page.Page, i int) bool {
	img, text := false, false
	p.Descendants(i, func(d int) bool {
		n := &p.Nodes[d]
		if n.Type == page.TextNode && strings.TrimSpace(n.Value) != "" && n.Layout != nil {
			text = true
		}
		if p.IsElement(d) && (p.Tag(d) == "img" || p.Tag(d) == "svg") {
			img = true
		}
		return true
	})
	return img && !text
}

// nextLink returns the link that follows link i with nothing but white
// space (or elements without text) between them, -1 if none.
func nextLink(c *rules.Ctx, i int) int {
	p := c.Page
	end := i
	p.Descendants(i, func(d int) bool { end = max(end, d); return true })
	for k := end + 1; k < len(p.Nodes); k++ {
		n := &p.Nodes[k]
		if n.Type == page.TextNode {
			if strings.TrimSpace(n.Value) != "" && n.Layout != nil {
				return -1
			}
			continue
		}
		if !p.IsElement(k) {
			continue
		}
		if dom.Role(p, k) == "link" && p.InAXTree(k) {
			return k
		}
		switch p.Tag(k) {
		case "img", "svg", "input", "button", "select", "textarea", "iframe", "video", "audio":
			return -1
		}
	}
	return -1
}

// LinkDestination points out links that go nowhere (href="#" or a
// javascript: URL) and so are probably buttons announced as links (4.1.2;
// WCAG F42, F59).
var LinkDestination = &rules.Rule{
	ID:     "link-destination",
	Family: "names",
	Title:  rules.Text{EN: "Links go somewhere", SV: "Länkar leder någonstans"},
	Help: rules.Text{
		EN: "Use a link for going to a page or a place in it, and a button for an action on the page (opening a menu, a dialog, submitting).",
		SV: "Använd en länk för att gå till en sida eller en plats på den, och en knapp för en handling på sidan (öppna en meny, en dialogruta, skicka).",
	},
	Manual: rules.Text{
		EN: "Activate the link: does it go to another page or place, or does it do something on this page (then it should be a button)?",
		SV: "Aktivera länken: går den till en annan sida eller plats, eller gör den något på den här sidan (då borde den vara en knapp)?",
	},
	WCAG:   []string{"4.1.2"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"has-destination": {EN: "The link goes to \"{href}\".", SV: "Länken leder till ”{href}”."},
		"no-destination":  {EN: "The link \"{name}\" has href=\"{href}\", which goes nowhere: if it performs an action, it should be a button.", SV: "Länken ”{name}” har href=\"{href}\", som inte leder någonstans: om den utför en handling borde den vara en knapp."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.Tag(i) == "a" && p.HasAttr(i, "href") && p.InAXTree(i) && dom.Role(p, i) == "link" && dom.Visible(p, i) {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		href, _ := hrefOf(p, i)
		low := strings.ToLower(href)
		if href == "#" || href == "#!" || strings.HasPrefix(strings.ReplaceAll(low, " ", ""), "javascript:") {
			return rules.Cant(i, "no-destination", "name", page.Collapse(p.AXName(i)), "href", clip(href, 60))
		}
		return rules.Pass(i, "has-destination", "href", clip(href, 60))
	},
}

// newWindowWords say that a link opens a new window or tab, or leaves the
// site.
var newWindowWords = dom.NewPhrases(
	"nytt fönster", "ny flik", "nytt flik", "öppnas i", "öppnar i", "extern*", "ny sida",
	"nyt vindue", "ny fane", "nytt vindu", "uusi ikkuna", "uudessa ikkunassa", "uusi välilehti",
	"new window", "new tab", "opens in", "external*", "neues fenster", "neuer tab", "neuem fenster", "neuen tab",
)

// LinkNewWindow points out links that open a new window or tab without
// saying so (3.2.5, AAA; technique G201, H83).
var LinkNewWindow = &rules.Rule{
	ID:     "link-new-window",
	Family: "names",
	Title:  rules.Text{EN: "Links that open a new window say so (AAA)", SV: "Länkar som öppnar ett nytt fönster säger det (AAA)"},
	Help: rules.Text{
		EN: "Say in the link text or its description that it opens a new window or tab (\"(opens in a new tab)\", an icon with that alt text), or open it in the same window.",
		SV: "Säg i länktexten eller dess beskrivning att den öppnas i ett nytt fönster eller en ny flik (”(öppnas i ny flik)”, en ikon med den alt-texten), eller öppna den i samma fönster.",
	},
	Manual: rules.Text{
		EN: "Check that the user is told, before activating the link, that it opens a new window or tab.",
		SV: "Kontrollera att användaren får veta, innan länken aktiveras, att den öppnas i ett nytt fönster eller en ny flik.",
	},
	WCAG:     []string{"3.2.5"},
	Impact:   rules.Minor,
	Optional: true,
	Codes: map[string]rules.Text{
		"warned":     {EN: "The link says that it opens a new window.", SV: "Länken säger att den öppnas i ett nytt fönster."},
		"no-warning": {EN: "The link \"{name}\" opens a new window or tab (target=\"{target}\") without saying so.", SV: "Länken ”{name}” öppnas i ett nytt fönster eller en ny flik (target=\"{target}\") utan att säga det."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.Tag(i) != "a" && p.Tag(i) != "area" || !p.HasAttr(i, "href") || !p.InAXTree(i) {
				return
			}
			t, _ := p.Attr(i, "target")
			switch strings.ToLower(strings.TrimSpace(t)) {
			case "", "_self", "_parent", "_top":
				return
			}
			out = append(out, i)
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		ax := p.Nodes[i].AX
		t, _ := p.Attr(i, "title")
		said := dom.Fold(ax.Name + " " + ax.Description + " " + t + " " + ownText(p, i, -1))
		if newWindowWords.Has(said) {
			return rules.Pass(i, "warned")
		}
		target, _ := p.Attr(i, "target")
		return rules.Cant(i, "no-warning", "name", page.Collapse(ax.Name), "target", target)
	},
}
