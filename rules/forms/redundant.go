package forms

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
)

// fieldPurpose is what a field asks for: its autofill field name (with
// section and shipping/billing, which make different purposes), else the
// purpose its label suggests.
func fieldPurpose(p *page.Page, i int) string {
	if v, ok := p.Attr(i, "autocomplete"); ok {
		if a, _, valid := ParseAutocomplete(v); valid {
			if a.Field == "new-password" || a.Field == "current-password" || a.Field == "one-time-code" {
				return "" // confirming a password is for security, an exception of 3.3.7
			}
			return a.Section + "/" + a.Mode + "/" + a.Hint + "/" + a.Field
		}
	}
	if tok, _ := labelPurpose(p, i); tok != "" {
		return "//" + "/" + tok
	}
	return ""
}

// formOf returns the form owner of a field: its form attribute's target or
// nearest form ancestor, else its document.
func formOf(p *page.Page, i int) int {
	if id, ok := p.Attr(i, "form"); ok {
		if f, ok := p.ElementByID(i, strings.TrimSpace(id)); ok && p.Tag(f) == "form" {
			return f
		}
	}
	for a := p.Nodes[i].Parent; a >= 0; a = p.Nodes[a].Parent {
		if p.Nodes[a].Type == page.DocumentNode {
			return a
		}
		if p.IsElement(a) && p.Tag(a) == "form" {
			return a
		}
	}
	return 0
}

// RedundantEntry asks for a check where one form asks twice for the same
// information, such as two e-mail fields (SC 3.3.7 Redundant Entry). Asking
// again may be essential or for security, and the page may offer to copy
// the first answer, so this is cantTell. Steps of a form on other pages
// are not seen.
var RedundantEntry = &rules.Rule{
	ID:     "redundant-entry",
	Family: "forms",
	Title:  rules.Text{EN: "Forms do not ask for the same information twice", SV: "Formulär frågar inte efter samma uppgift två gånger"},
	Help: rules.Text{
		EN: "Ask for each piece of information once, or fill it in for the user (a \"same as above\" option, or a pre-filled field) where it is needed again.",
		SV: "Fråga efter varje uppgift en gång, eller fyll i den åt användaren (ett val ”samma som ovan” eller ett förifyllt fält) där den behövs igen.",
	},
	Manual: rules.Text{
		EN: "Check whether the second field asks for information the user already gave, and whether it is filled in or offered for selection.",
		SV: "Kontrollera om det andra fältet frågar efter en uppgift som användaren redan har lämnat, och om den fylls i eller går att välja.",
	},
	WCAG:   []string{"3.3.7"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"asked-again": {EN: "The field \"{label}\" asks again for {purpose}, already asked for in \"{first}\".", SV: "Fältet ”{label}” frågar igen efter {purpose}, som redan efterfrågats i ”{first}”."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		type key struct {
			form    int
			purpose string
		}
		seen := map[key]bool{}
		var out []int
		for i := range p.Nodes {
			if !textEntry(p, i) {
				continue
			}
			pu := fieldPurpose(p, i)
			if pu == "" {
				continue
			}
			k := key{formOf(p, i), pu}
			if seen[k] && !prefilled(p, i) {
				out = append(out, i)
			}
			seen[k] = true
		}
		return out
	},
	Expect: func(c *rules.Ctx, el int) rules.Result {
		p := c.Page
		pu := fieldPurpose(p, el)
		form := formOf(p, el)
		first := -1
		for i := 0; i < el; i++ {
			if textEntry(p, i) && fieldPurpose(p, i) == pu && formOf(p, i) == form {
				first = i
				break
			}
		}
		name := pu[strings.LastIndex(pu, "/")+1:]
		r := rules.Cant(el, "asked-again", "label", p.AXName(el), "purpose", name, "first", p.AXName(first))
		return r.With(first)
	},
}

// prefilled reports whether the field already holds a value.
func prefilled(p *page.Page, i int) bool {
	if v := p.Nodes[i].InputValue; v != nil && strings.TrimSpace(*v) != "" {
		return true
	}
	v, ok := p.Attr(i, "value")
	return ok && strings.TrimSpace(v) != ""
}
