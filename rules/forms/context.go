package forms

import (
	"regexp"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// navigates matches script that changes the context: goes to another
// address, opens a window or submits a form.
var navigates = regexp.MustCompile(`(?i)(\blocation\b|\.href\s*=|window\.open\s*\(|\.submit\s*\(|requestSubmit\s*\(|\bnavigate\s*\()`)

// ChangeOnInput finds fields that act when their value changes (WCAG
// 3.2.2, F36 and F37): a select or input whose change handler goes to
// another page, opens a window or submits the form fails; any other change
// handler is cantTell, for a person to check what it does.
var ChangeOnInput = &rules.Rule{
	ID:     "change-on-input",
	Family: "forms",
	Title:  rules.Text{EN: "Changing a field's value does not change the context", SV: "Att ändra ett fälts värde byter inte sammanhang"},
	Help: rules.Text{
		EN: "Let the user choose first and act on a button (\"Go\", \"Filter\"), or say before the field what choosing will do.",
		SV: "Låt användaren välja först och agera på en knapp (”Visa”, ”Filtrera”), eller beskriv före fältet vad valet kommer att göra.",
	},
	Manual: rules.Text{EN: "Change the field's value with the keyboard (arrow keys in a select): does the page go elsewhere, open a window, submit or move focus?", SV: "Ändra fältets värde med tangentbordet (piltangenter i en lista): går sidan någon annanstans, öppnas ett fönster, skickas formuläret eller flyttas fokus?"},
	WCAG:   []string{"3.2.2"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"navigates":      {EN: "Changing the value runs {event} script that {what} (\"{code}\") without warning.", SV: "När värdet ändras körs {event}-skript som {what} (”{code}”) utan förvarning."},
		"change-handler": {EN: "Changing the value runs a {event} handler; check that it does not take you to another page, open a window, submit the form or move focus.", SV: "När värdet ändras körs en {event}-hanterare; kontrollera att den inte tar dig till en annan sida, öppnar ett fönster, skickar formuläret eller flyttar fokus."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if field(p, i) && len(changeEvents(p, i)) > 0 {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		evs := changeEvents(p, i)
		for _, e := range evs {
			code, _ := p.Attr(i, "on"+e)
			if m := navigates.FindString(code); m != "" {
				what := "goes to another address"
				switch lm := strings.ToLower(m); {
				case strings.Contains(lm, "open"):
					what = "opens a window"
				case strings.Contains(lm, "submit"):
					what = "submits the form"
				}
				return rules.Fail(i, "navigates", "event", e, "what", what, "code", dom.Clip(code, 60))
			}
		}
		return rules.Cant(i, "change-handler", "event", strings.Join(evs, ", "))
	},
}

// changeEvents lists the change and input handlers of a field: inline
// attributes, and listeners where the capture recorded them.
func changeEvents(p *page.Page, i int) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range []string{"change", "input"} {
		if v, ok := p.Attr(i, "on"+e); ok && strings.TrimSpace(v) != "" {
			out, seen[e] = append(out, e), true
		}
	}
	for _, e := range p.Nodes[i].Events {
		if (e == "change" || e == "input") && !seen[e] {
			out, seen[e] = append(out, e), true
		}
	}
	// A text field acting on input is autocomplete or live validation,
	// which stays in context; only selects, checkboxes and radios are
	// known to be wired to navigate.
	if textField(p, i) && !seen["change"] {
		for _, e := range out {
			if code, _ := p.Attr(i, "on"+e); navigates.MatchString(code) {
				return out
			}
		}
		return nil
	}
	return out
}

// formatFields are the inputs that have a format a message can explain.
func formatField(p *page.Page, i int) bool {
	switch dom.InputType(p, i) {
	case "email", "tel", "url", "number", "date", "month", "week", "time", "datetime-local":
		return true
	}
	return p.HasAttr(i, "pattern") || p.HasAttr(i, "minlength") || p.HasAttr(i, "min") || p.HasAttr(i, "max")
}

// ErrorSuggestion asks, for a form that the capture submitted empty, whether
// its error messages say how to correct input (WCAG 3.3.3). The probe only
// sends empty fields, so it sees "required" errors; for fields with a
// format (e-mail, phone, date, pattern) a person has to check what a
// wrongly formatted value gets. When the probe saw no message at all,
// 3.3.1 (error identification) is the failing criterion, reported by the
// consent and form rules; this rule then says nothing.
var ErrorSuggestion = &rules.Rule{
	ID:     "error-suggestion",
	Family: "forms",
	Title:  rules.Text{EN: "Error messages suggest a correction", SV: "Felmeddelanden föreslår en rättelse"},
	Help: rules.Text{
		EN: "Say what is wrong and how to fix it (\"Enter the e-mail address as name@example.com\"), not only that it is wrong.",
		SV: "Skriv vad som är fel och hur det rättas (”Skriv e-postadressen som namn@exempel.se”), inte bara att det är fel.",
	},
	Manual: rules.Text{EN: "Fill each formatted field wrongly (an e-mail without @, a date in another order) and submit: does the message say how to correct it?", SV: "Fyll i varje formaterat fält fel (en e-postadress utan @, ett datum i annan ordning) och skicka: säger meddelandet hur felet rättas?"},
	WCAG:   []string{"3.3.3"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"check-format-errors": {EN: "Submitted empty, the form answered \"{message}\"; check what {field} says when filled in the wrong format.", SV: "När formuläret skickades tomt svarade det ”{message}”; kontrollera vad {field} säger när det fylls i med fel format."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		fp := p.Probes.FormSubmit
		if fp == nil || fp.Form < 0 || fp.Sent {
			return nil
		}
		msg := ""
		for _, f := range fp.Fields {
			for _, m := range []string{f.Described, f.Nearby, f.Message} {
				if msg == "" && strings.TrimSpace(m) != "" {
					msg = dom.Clip(m, 80)
				}
			}
		}
		if msg == "" {
			for _, m := range append(append([]string{}, fp.Live...), fp.NewText...) {
				if msg == "" && strings.TrimSpace(m) != "" {
					msg = dom.Clip(m, 80)
				}
			}
		}
		if msg == "" {
			return nil
		}
		target := -1
		p.Descendants(fp.Form, func(d int) bool {
			if target < 0 && p.IsElement(d) && field(p, d) && formatField(p, d) {
				target = d
			}
			return target < 0
		})
		if target < 0 {
			return nil
		}
		return []rules.Result{rules.Cant(target, "check-format-errors", "message", msg, "field", p.Snippet(target, 60))}
	},
}

// ErrorPrevention asks, for forms that commit the user (payment, a legal
// agreement, an application with personal data or a CV), whether the
// submission can be reviewed, corrected or withdrawn (WCAG 3.3.4). Which
// forms commit the user and whether a review step follows (often on the
// next page) cannot be seen from one page: always cantTell.
var ErrorPrevention = &rules.Rule{
	ID:     "error-prevention",
	Family: "forms",
	Title:  rules.Text{EN: "Committing forms can be reviewed, corrected or withdrawn", SV: "Bindande formulär kan granskas, rättas eller ångras"},
	Help: rules.Text{
		EN: "Before the final submission, show a summary to check and correct, or let the user withdraw the submission afterwards, or ask for explicit confirmation.",
		SV: "Visa före det slutliga inskicket en sammanfattning att granska och rätta, eller låt användaren dra tillbaka inskicket efteråt, eller be om en uttrycklig bekräftelse.",
	},
	Manual: rules.Text{EN: "Submit the form with test data: is there a summary to check first, a confirmation box, or a way to withdraw or change it afterwards?", SV: "Skicka formuläret med testdata: finns en sammanfattning att granska först, en bekräftelseruta, eller ett sätt att dra tillbaka eller ändra efteråt?"},
	WCAG:   []string{"3.3.4"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"check-review": {EN: "The form takes {what}; check that the submission can be reviewed and corrected before it is final, confirmed explicitly, or withdrawn afterwards.", SV: "Formuläret tar emot {what}; kontrollera att inskicket kan granskas och rättas innan det blir slutgiltigt, bekräftas uttryckligen eller dras tillbaka efteråt."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if (p.Tag(i) == "form" || dom.Role(p, i) == "form") && p.Rendered(i) && committing(p, i) != "" {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		return rules.Cant(i, "check-review", "what", committing(c.Page, i))
	},
}

// committing names what a form takes that commits the user: payment card
// data, a file (a CV), or an identity number; "" for none. Forms with only
// an e-mail address or a search term commit nobody to anything.
func committing(p *page.Page, form int) string {
	what := ""
	p.Descendants(form, func(d int) bool {
		if what != "" || !p.IsElement(d) || !field(p, d) {
			return what == ""
		}
		ac, _ := p.Attr(d, "autocomplete")
		ac = page.Lower(ac)
		name, _ := p.Attr(d, "name")
		id, _ := p.Attr(d, "id")
		key := page.Lower(name + " " + id)
		switch {
		case strings.Contains(ac, "cc-"), strings.Contains(ac, "transaction-"):
			what = "payment details"
		case dom.InputType(p, d) == "file":
			what = "a file upload"
		case strings.Contains(key, "personnummer"), strings.Contains(key, "ssn"), strings.Contains(key, "personal_number"), strings.Contains(key, "personal-number"):
			what = "a personal identity number"
		}
		return what == ""
	})
	return what
}
