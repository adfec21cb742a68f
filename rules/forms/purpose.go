package forms

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// purpose is a kind of personal data a field label asks for, with the
// autofill token that identifies it.
type purpose struct {
	token  string // autocomplete field name
	labels dom.Phrases
}

// purposes recognise fields asking for the user's own data from their
// label, in Swedish and English. Most specific first: "förnamn" before
// "namn", "e-postadress" before "adress".
var purposes = []purpose{
	{"given-name", dom.NewPhrases("förnamn", "tilltalsnamn", "first name", "firstname", "given name", "forename")},
	{"family-name", dom.NewPhrases("efternamn", "last name", "lastname", "surname", "family name")},
	{"email", dom.NewPhrases("e-post", "e-postadress", "epost", "epostadress", "e-mail", "email", "e-mail address", "email address", "mejl", "mejladress", "mailadress")},
	{"tel", dom.NewPhrases("telefon", "telefonnummer", "tel", "tfn", "mobil", "mobilnummer", "mobiltelefon", "phone", "phone number", "telephone", "mobile", "mobile number", "mobile phone", "cell phone")},
	{"postal-code", dom.NewPhrases("postnummer", "postnr", "postcode", "post code", "postal code", "zip", "zip code")},
	{"address-level2", dom.NewPhrases("ort", "postort", "stad", "city", "town")},
	{"street-address", dom.NewPhrases("adress", "gatuadress", "postadress", "hemadress", "address", "street address", "home address")},
	{"country-name", dom.NewPhrases("land", "country")},
	{"bday", dom.NewPhrases("födelsedatum", "födelsedag", "date of birth", "birth date", "birthday")},
	{"name", dom.NewPhrases("namn", "ditt namn", "fullständigt namn", "för- och efternamn", "name", "full name", "your name")},
}

// notOwn are label words that say a field asks for someone else's data or
// for something that is not personal data (a reference's name, a company's
// address, a search box).
var notOwn = dom.NewPhrases(
	"referens*", "reference*", "referee*", "företag*", "company", "organisation*", "organization*", "arbetsgivar*", "employer*",
	"chef*", "manager*", "kontaktperson*", "contact person", "vän", "vännens", "friend*", "kollega*", "colleague*", "mottagar*",
	"recipient*", "sök*", "search*", "jobb*", "job*", "tjänst*", "position", "titel", "title", "kod", "code", "meddelande*",
	"message*", "skola*", "school*", "universitet*", "university", "utbildning*", "användarnamn", "username", "lösenord*",
	"password*", "fil*", "file*", "länk*", "link*", "url", "webbplats*", "website*", "linkedin", "förälder*", "parent*",
	"anhörig*", "next of kin", "emergency",
)

// labelPurpose returns the autofill token a field's label suggests, "" when
// the label does not clearly ask for the user's own data.
func labelPurpose(p *page.Page, i int) (string, string) {
	label := p.AXName(i)
	if strings.TrimSpace(label) == "" {
		if v, ok := p.Attr(i, "placeholder"); ok {
			label = v
		}
	}
	f := dom.Fold(label)
	if f == "" || len(strings.Fields(f)) > 6 || notOwn.Has(f) {
		return "", label
	}
	for _, pu := range purposes {
		if pu.labels.Has(f) {
			return pu.token, label
		}
	}
	return "", label
}

// textEntry reports whether the element is a field a user types personal
// data into: a text-like input, a textarea or a select, exposed, enabled
// and editable.
func textEntry(p *page.Page, i int) bool {
	if !p.IsElement(i) || dom.InSVG(p, i) {
		return false
	}
	switch p.Tag(i) {
	case "input":
		switch inputType(p, i) {
		case "text", "email", "tel", "search", "number", "date":
		default:
			return false
		}
	case "textarea", "select":
	default:
		return false
	}
	if disabled(p, i) || p.HasAttr(i, "readonly") || !p.InAXTree(i) {
		return false
	}
	return true
}

// AutocompleteMissing asks for a check where a field clearly asks for the
// user's own name, e-mail, phone or address (by its Swedish or English
// label) and has no autocomplete token saying so (SC 1.3.5). A label is a
// strong hint, not proof that the data is the user's own, so this is
// cantTell.
var AutocompleteMissing = &rules.Rule{
	ID:     "autocomplete-missing",
	Family: "forms",
	Title:  rules.Text{EN: "Fields for the user's own data say what they ask for", SV: "Fält för användarens egna uppgifter anger vad de frågar efter"},
	Help: rules.Text{
		EN: "Add an autocomplete token to fields that ask for the applicant's own data, e.g. autocomplete=\"given-name\", \"family-name\", \"email\", \"tel\", \"street-address\", \"postal-code\", so browsers can fill them in and assistive technology can show their purpose.",
		SV: "Lägg till en autocomplete-token på fält som frågar efter den sökandes egna uppgifter, till exempel autocomplete=\"given-name\", \"family-name\", \"email\", \"tel\", \"street-address\", \"postal-code\", så att webbläsare kan fylla i dem och hjälpmedel kan visa deras syfte.",
	},
	Manual: rules.Text{
		EN: "Check whether the field asks for the user's own data; if so, it needs the matching autocomplete token.",
		SV: "Kontrollera om fältet frågar efter användarens egna uppgifter; i så fall behöver det motsvarande autocomplete-token.",
	},
	WCAG:   []string{"1.3.5"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"has-autocomplete": {EN: "The field \"{label}\" has autocomplete=\"{value}\".", SV: "Fältet ”{label}” har autocomplete=\"{value}\"."},
		"no-autocomplete":  {EN: "The field \"{label}\" seems to ask for the user's own data but has no autocomplete token; expected something like autocomplete=\"{token}\".", SV: "Fältet ”{label}” verkar fråga efter användarens egna uppgifter men saknar autocomplete-token; väntat är till exempel autocomplete=\"{token}\"."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !textEntry(p, i) || inputType(p, i) == "search" {
				continue
			}
			if v, ok := p.Attr(i, "autocomplete"); ok {
				t := strings.Fields(page.Lower(v))
				if _, _, valid := ParseAutocomplete(v); !valid && len(t) > 0 && !(len(t) == 1 && (t[0] == "on" || t[0] == "off")) {
					continue // an invalid token is autocomplete-valid's failure
				}
			}
			if tok, _ := labelPurpose(p, i); tok != "" {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, el int) rules.Result {
		p := c.Page
		tok, label := labelPurpose(p, el)
		if v, ok := p.Attr(el, "autocomplete"); ok {
			if _, _, valid := ParseAutocomplete(v); valid {
				return rules.Pass(el, "has-autocomplete", "label", page.Collapse(label), "value", v)
			}
		}
		if tok == "street-address" && p.Tag(el) == "input" {
			tok = "address-line1"
		}
		return rules.Cant(el, "no-autocomplete", "label", page.Collapse(label), "token", tok)
	},
}
