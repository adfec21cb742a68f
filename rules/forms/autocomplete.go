package forms

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/standards/ariaspec"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Control groups of the HTML standard's autofill field names: which kind of
// control a field name suits.
const (
	groupText      = "text"
	groupUsername  = "username"
	groupPassword  = "password"
	groupMultiline = "multiline"
	groupMonth     = "month"
	groupNumeric   = "numeric"
	groupDate      = "date"
	groupURL       = "url"
	groupTel       = "tel"
	groupEmail     = "email"
)

// fieldNames are the autofill field names of the HTML standard
// (form-control-infrastructure, "autofill field"), with their control
// group.
var fieldNames = map[string]string{
	"name": groupText, "honorific-prefix": groupText, "given-name": groupText, "additional-name": groupText,
	"family-name": groupText, "honorific-suffix": groupText, "nickname": groupText, "organization-title": groupText,
	"username": groupUsername, "new-password": groupPassword, "current-password": groupPassword, "one-time-code": groupPassword,
	"organization": groupText, "street-address": groupMultiline,
	"address-line1": groupText, "address-line2": groupText, "address-line3": groupText,
	"address-level4": groupText, "address-level3": groupText, "address-level2": groupText, "address-level1": groupText,
	"country": groupText, "country-name": groupText, "postal-code": groupText,
	"cc-name": groupText, "cc-given-name": groupText, "cc-additional-name": groupText, "cc-family-name": groupText,
	"cc-number": groupText, "cc-exp": groupMonth, "cc-exp-month": groupNumeric, "cc-exp-year": groupNumeric,
	"cc-csc": groupText, "cc-type": groupText, "transaction-currency": groupText, "transaction-amount": groupNumeric,
	"language": groupText, "bday": groupDate, "bday-day": groupNumeric, "bday-month": groupNumeric, "bday-year": groupNumeric,
	"sex": groupText, "url": groupURL, "photo": groupURL,
	// Contact fields: these may follow home, work, mobile, fax or pager.
	"tel": groupTel, "tel-country-code": groupText, "tel-national": groupText, "tel-area-code": groupText,
	"tel-local": groupText, "tel-local-prefix": groupText, "tel-local-suffix": groupText, "tel-extension": groupText,
	"email": groupEmail, "impp": groupURL,
}

var contactFields = map[string]bool{
	"tel": true, "tel-country-code": true, "tel-national": true, "tel-area-code": true, "tel-local": true,
	"tel-local-prefix": true, "tel-local-suffix": true, "tel-extension": true, "email": true, "impp": true,
}

// typeGroups are the control groups an input type can hold, for the types
// whose value is unmistakably one kind of data: an e-mail input asked to
// autofill a phone number is certainly wrong. Other types (text, tel,
// number, ...) take any field name here: authors use type=number for postal
// codes and type=tel for numeric parts of dates (ACT 73f2c2 passes bday-day
// on type=tel), which the standard frowns on but which still identify the
// purpose.
var typeGroups = map[string][]string{
	"email":    {groupEmail, groupUsername},
	"url":      {groupURL},
	"password": {groupPassword},
}

// Autofill is a parsed autocomplete attribute.
type Autofill struct {
	Section  string // "section-…" or ""
	Mode     string // "shipping", "billing" or ""
	Hint     string // "home", "work", "mobile", "fax", "pager" or ""
	Field    string // the autofill field name
	WebAuthn bool
}

// ParseAutocomplete parses an autocomplete value as the HTML standard's
// autofill detail tokens: [section-*] [shipping|billing]
// [home|work|mobile|fax|pager, before a contact field] field [webauthn],
// ASCII case-insensitive. It reports the token that breaks the grammar
// when the value is not valid.
func ParseAutocomplete(v string) (Autofill, string, bool) {
	toks := strings.Fields(page.Lower(v))
	var a Autofill
	k := 0
	if k < len(toks) && strings.HasPrefix(toks[k], "section-") {
		a.Section = toks[k]
		k++
	}
	if k < len(toks) && (toks[k] == "shipping" || toks[k] == "billing") {
		a.Mode = toks[k]
		k++
	}
	if k < len(toks) {
		switch toks[k] {
		case "home", "work", "mobile", "fax", "pager":
			a.Hint = toks[k]
			k++
			if k >= len(toks) || !contactFields[toks[k]] {
				if k < len(toks) {
					return a, toks[k], false
				}
				return a, toks[k-1], false
			}
		}
	}
	if k >= len(toks) {
		if len(toks) == 0 {
			return a, "", false
		}
		return a, toks[len(toks)-1], false
	}
	if _, ok := fieldNames[toks[k]]; !ok {
		return a, toks[k], false
	}
	a.Field = toks[k]
	k++
	if k < len(toks) && toks[k] == "webauthn" {
		a.WebAuthn = true
		k++
	}
	if k < len(toks) {
		return a, toks[k], false
	}
	return a, "", true
}

func inputType(p *page.Page, i int) string {
	if p.Tag(i) != "input" {
		return p.Tag(i)
	}
	t, _ := p.Attr(i, "type")
	t = page.Lower(strings.TrimSpace(t))
	if t == "" {
		return "text"
	}
	return t
}

// fixedType is an input type whose value the user does not type (ACT
// 73f2c2 "fixed value").
func fixedType(t string) bool {
	switch t {
	case "hidden", "button", "checkbox", "file", "image", "radio", "reset", "submit":
		return true
	}
	return false
}

func disabled(p *page.Page, i int) bool {
	if v, _ := p.Attr(i, "aria-disabled"); page.Lower(strings.TrimSpace(v)) == "true" {
		return true
	}
	if p.HasAttr(i, "disabled") || dom.Disabled(p, i) {
		return true
	}
	for a := p.Nodes[i].Parent; a >= 0 && p.Nodes[a].Type != page.DocumentNode; a = p.Nodes[a].Parent {
		if p.IsElement(a) && p.Tag(a) == "fieldset" && p.HasAttr(a, "disabled") {
			return true
		}
	}
	return false
}

func widgetRole(p *page.Page, i int) bool {
	r, ok := ariaspec.LookupRole(dom.Role(p, i))
	return ok && r.Widget
}

// AutocompleteValid checks that autocomplete values follow the HTML
// autofill grammar and suit the control (ACT 73f2c2, SC 1.3.5).
var AutocompleteValid = &rules.Rule{
	ID:     "autocomplete-valid",
	Family: "forms",
	Title:  rules.Text{EN: "autocomplete values are valid and fit the field", SV: "autocomplete-värden är giltiga och passar fältet"},
	Help: rules.Text{
		EN: "Use an autofill token from the HTML standard that says what the field asks for, e.g. autocomplete=\"given-name\", \"email\", \"tel\" or \"postal-code\", in the order section-*, shipping/billing, home/work/mobile, field.",
		SV: "Använd en autofill-token från HTML-standarden som säger vad fältet frågar efter, till exempel autocomplete=\"given-name\", \"email\", \"tel\" eller \"postal-code\", i ordningen section-*, shipping/billing, home/work/mobile, fält.",
	},
	Manual: rules.Text{
		EN: "Check that the autocomplete token names what the field really asks for.",
		SV: "Kontrollera att autocomplete-token anger vad fältet verkligen frågar efter.",
	},
	WCAG:   []string{"1.3.5"},
	ACT:    []string{"73f2c2"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"valid":          {EN: "autocomplete=\"{value}\" names the field \"{field}\".", SV: "autocomplete=\"{value}\" anger fältet ”{field}”."},
		"invalid-token":  {EN: "autocomplete=\"{value}\" is not a valid autofill value: \"{token}\" is unknown or out of order.", SV: "autocomplete=\"{value}\" är inget giltigt autofill-värde: ”{token}” är okänt eller står på fel plats."},
		"wrong-for-type": {EN: "autocomplete=\"{value}\" asks for {field}, which an input of type {type} cannot hold.", SV: "autocomplete=\"{value}\" anger {field}, som ett fält av typen {type} inte kan innehålla."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) {
				continue
			}
			switch p.Tag(i) {
			case "input", "select", "textarea":
			default:
				continue
			}
			v, ok := p.Attr(i, "autocomplete")
			if !ok || strings.TrimSpace(v) == "" || dom.InSVG(p, i) {
				continue
			}
			if t := strings.Fields(page.Lower(v)); len(t) == 1 && (t[0] == "on" || t[0] == "off") {
				continue
			}
			if fixedType(inputType(p, i)) || disabled(p, i) {
				continue
			}
			if !dom.Visible(p, i) && !p.InAXTree(i) {
				continue
			}
			if !dom.Tabbable(p, i) && !widgetRole(p, i) {
				continue
			}
			out = append(out, i)
		}
		return out
	},
	Expect: func(c *rules.Ctx, el int) rules.Result {
		p := c.Page
		v, _ := p.Attr(el, "autocomplete")
		a, bad, ok := ParseAutocomplete(v)
		if !ok {
			return rules.Fail(el, "invalid-token", "value", v, "token", bad)
		}
		t := inputType(p, el)
		if groups, narrow := typeGroups[t]; narrow && p.Tag(el) == "input" {
			fits := false
			for _, g := range groups {
				if fieldNames[a.Field] == g {
					fits = true
				}
			}
			if !fits {
				return rules.Fail(el, "wrong-for-type", "value", v, "field", a.Field, "type", t)
			}
		}
		return rules.Pass(el, "valid", "value", v, "field", a.Field)
	},
}
