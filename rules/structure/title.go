// Package structure holds rules about the page as a document: its title,
// meta refresh and viewport, frames, tables, lists and ways to bypass
// repeated blocks.
package structure

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Rules are the structure rules.
var Rules = []*rules.Rule{
	PageTitle, MetaRefresh, MetaRefreshNoException, MetaViewportZoom,
	IframeFocusableContent, TableHeadersAttr, TableHeaderCells, ListStructure, BypassBlocks,
	TableStructure, HeadingStructure, HeadingStyled, ListFaked, ReadingOrder, GeneratedContent, TableFaked, SpacedLetters,
}

// PageTitle checks that the page has a non-empty title (ACT 2779a5) that
// is not an editor's default or a file name (F25).
var PageTitle = &rules.Rule{
	ID:     "page-title",
	Family: "structure",
	Title:  rules.Text{EN: "Page has a non-empty title", SV: "Sidan har en titel som inte är tom"},
	Help: rules.Text{
		EN: "Give the page a <title> in its <head> that says what the page is about, such as \"UX designer – Jobs – Norrsken\".",
		SV: "Ge sidan ett <title>-element i <head> som beskriver vad sidan handlar om, till exempel ”UX-designer – Jobb – Norrsken”.",
	},
	Manual: rules.Text{EN: "Check that the title describes the page's topic or purpose.", SV: "Kontrollera att titeln beskriver sidans ämne eller syfte."},
	WCAG:   []string{"2.4.2"},
	ACT:    []string{"2779a5"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"has-title":         {EN: "The page title is \"{title}\".", SV: "Sidans titel är ”{title}”."},
		"no-title":          {EN: "The page has no title element.", SV: "Sidan saknar title-element."},
		"empty-title":       {EN: "The page's title element is empty.", SV: "Sidans title-element är tomt."},
		"placeholder-title": {EN: "The page title \"{title}\" is an editor's or framework's default or a file name, which says nothing about the page (F25).", SV: "Sidtiteln ”{title}” är ett redigeringsverktygs eller ramverks standardtitel eller ett filnamn, som inte säger något om sidan (F25)."},
	},
	Applies: func(c *rules.Ctx) []int {
		if !dom.HTMLContent(c.Page) {
			return nil // an XML viewer or browser error page is not the author's
		}
		if r := c.Page.Root(); r >= 0 && c.Page.Tag(r) == "html" {
			return []int{r}
		}
		return nil
	},
	Expect: func(c *rules.Ctx, html int) rules.Result {
		p := c.Page
		title := -1
		p.Descendants(html, func(d int) bool {
			if title >= 0 {
				return false
			}
			n := &p.Nodes[d]
			if n.Type == page.DocumentNode {
				return false // a frame's document has its own title
			}
			if p.IsElement(d) && n.Name == "title" && !dom.InSVG(p, d) {
				title = d
				return false
			}
			return true
		})
		if title < 0 {
			return rules.Fail(html, "no-title")
		}
		text := ""
		for _, ch := range p.Children(title) {
			if p.Nodes[ch].Type == page.TextNode {
				text += p.Nodes[ch].Value
			}
		}
		if strings.TrimSpace(text) == "" {
			return rules.Fail(html, "empty-title").With(title)
		}
		if t := page.Collapse(text); placeholderTitle(t) {
			return rules.Fail(html, "placeholder-title", "title", t).With(title)
		}
		return rules.Pass(html, "has-title", "title", page.Collapse(text))
	},
}

// defaultTitles are the titles editors, page templates and front-end
// starter kits put in until the author writes one: they never say what a
// page is (WCAG F25). Folded to lower case.
var defaultTitles = map[string]bool{
	"untitled": true, "untitled document": true, "untitled page": true, "untitled-1": true,
	"new page": true, "new page 1": true, "new document": true, "document": true,
	"page title": true, "title": true, "title here": true, "your title here": true,
	"insert title here": true, "enter title here": true, "my page": true, "my website": true,
	"react app": true, "vite app": true, "vite + react": true, "vite + vue": true, "vite + react + ts": true,
	"create next app": true, "svelte app": true, "angular app": true, "vue app": true,
	// Swedish, Danish, Norwegian, Finnish and German editors' defaults.
	"namnlös": true, "namnlöst": true, "namnlöst dokument": true, "ny sida": true, "dokument": true,
	"uden titel": true, "unavngivet": true, "uten tittel": true, "uten navn": true, "nimetön": true,
	"unbenannt": true, "unbenanntes dokument": true, "neue seite": true, "ohne titel": true,
}

// placeholderTitle reports whether a page title is an editor's or
// framework's default, or only a file name ("index.html", "jobb.php").
func placeholderTitle(t string) bool {
	l := strings.ToLower(strings.TrimSpace(t))
	if defaultTitles[l] {
		return true
	}
	if strings.ContainsAny(l, " \t") {
		return false
	}
	for _, ext := range []string{".html", ".htm", ".php", ".asp", ".aspx", ".jsp", ".cfm", ".shtml"} {
		if strings.HasSuffix(l, ext) && len(l) > len(ext) {
			return true
		}
	}
	return false
}
