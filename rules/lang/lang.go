// Package lang holds rules about the language of the page and of its
// parts (WCAG 3.1.1, 3.1.2).
package lang

import (
	"strings"

	"golang.org/x/text/language"

	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Rules are the language rules.
var Rules = []*rules.Rule{HTMLLang, HTMLLangValid, LangPartValid, LangMatchesText, LangOfParts, HTMLXMLLang}

// rootHTML returns the html element of the main document when the document
// was served as HTML (ACT: a document element in a text/html document in a
// top-level browsing context), -1 otherwise.
func rootHTML(c *rules.Ctx) int {
	if !dom.HTMLContent(c.Page) {
		return -1
	}
	if r := c.Page.Root(); r >= 0 && c.Page.Tag(r) == "html" && c.Page.IsElement(r) {
		return r
	}
	return -1
}

// HTMLLang checks that the page's html element has a lang attribute with a
// value (ACT b5c3f8).
var HTMLLang = &rules.Rule{
	ID:     "html-lang",
	Family: "lang",
	Title:  rules.Text{EN: "Page has a lang attribute", SV: "Sidan har ett lang-attribut"},
	Help: rules.Text{
		EN: "Set the page's language on the html element, e.g. <html lang=\"sv\">, so screen readers pronounce it right.",
		SV: "Ange sidans språk på html-elementet, till exempel <html lang=\"sv\">, så att skärmläsare uttalar texten rätt.",
	},
	WCAG:   []string{"3.1.1"},
	ACT:    []string{"b5c3f8"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"has-lang":   {EN: "The page's language is given as \"{lang}\".", SV: "Sidans språk anges som ”{lang}”."},
		"no-lang":    {EN: "The html element has no lang attribute.", SV: "html-elementet saknar lang-attribut."},
		"empty-lang": {EN: "The html element's lang attribute is empty.", SV: "html-elementets lang-attribut är tomt."},
	},
	Applies: func(c *rules.Ctx) []int {
		if r := rootHTML(c); r >= 0 {
			return []int{r}
		}
		return nil
	},
	Expect: func(c *rules.Ctx, html int) rules.Result {
		v, ok := c.Page.Attr(html, "lang")
		switch {
		case !ok:
			return rules.Fail(html, "no-lang")
		case strings.TrimSpace(v) == "":
			return rules.Fail(html, "empty-lang")
		}
		return rules.Pass(html, "has-lang", "lang", strings.TrimSpace(v))
	},
}

// HTMLLangValid checks that the html element's lang attribute names a known
// language (ACT bf051a).
var HTMLLangValid = &rules.Rule{
	ID:     "html-lang-valid",
	Family: "lang",
	Title:  rules.Text{EN: "The page's lang attribute is a valid language", SV: "Sidans lang-attribut är ett giltigt språk"},
	Help: rules.Text{
		EN: "Use a valid BCP 47 language tag whose primary language is known, such as \"sv\", \"en\" or \"en-GB\".",
		SV: "Använd en giltig språkkod enligt BCP 47 med ett känt huvudspråk, till exempel ”sv”, ”en” eller ”en-GB”.",
	},
	WCAG:   []string{"3.1.1"},
	ACT:    []string{"bf051a"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"valid-lang":   {EN: "\"{lang}\" is a valid language tag.", SV: "”{lang}” är en giltig språkkod."},
		"invalid-lang": {EN: "\"{lang}\" is not a known language: the primary subtag \"{primary}\" is not in the language registry.", SV: "”{lang}” är inget känt språk: huvudkoden ”{primary}” finns inte i språkregistret."},
	},
	Applies: func(c *rules.Ctx) []int {
		r := rootHTML(c)
		if r < 0 {
			return nil
		}
		if v, ok := c.Page.Attr(r, "lang"); ok && strings.TrimSpace(v) != "" {
			return []int{r}
		}
		return nil
	},
	Expect: func(c *rules.Ctx, html int) rules.Result {
		v, _ := c.Page.Attr(html, "lang")
		v = strings.TrimSpace(v)
		if ok, primary := ValidTag(v); !ok {
			return rules.Fail(html, "invalid-lang", "lang", v, "primary", primary)
		}
		return rules.Pass(html, "valid-lang", "lang", v)
	},
}

// ValidTag reports whether tag's primary language subtag is a known
// language (ISO 639 in the IANA registry), as ACT bf051a and de46e4 define
// validity. It returns the primary subtag it checked. Three-letter codes of
// languages that have a two-letter code ("eng", "swe") are not in the
// registry, and grandfathered tags ("i-lux") are not known primary
// languages.
func ValidTag(tag string) (bool, string) {
	primary, _, _ := strings.Cut(strings.TrimSpace(tag), "-")
	primary = strings.ToLower(primary)
	if len(primary) < 2 || len(primary) > 3 {
		// 4-letter subtags are reserved, 5–8 letters are registered
		// only for a handful of languages; grandfathered tags aside,
		// none are in use.
		return false, primary
	}
	for _, r := range primary {
		if r < 'a' || r > 'z' {
			return false, primary
		}
	}
	b, err := language.ParseBase(primary)
	if err != nil {
		return false, primary
	}
	if len(primary) == 3 && len(b.String()) == 2 {
		return false, primary // the registry lists only the two-letter code
	}
	return true, primary
}
