package names

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// noun names the kind of element a naming rule checks, in the messages:
// EN "button", SV "Knappen" (Swedish needs the definite form at the start
// of a sentence).
type noun struct{ EN, SV string }

// nameCodes are the result codes of a rule that checks that its targets
// have a non-empty accessible name.
func nameCodes(n noun) map[string]rules.Text {
	return map[string]rules.Text{
		"has-name": {EN: "The " + n.EN + " is named \"{name}\".", SV: n.SV + " heter ”{name}”."},
		"no-name":  {EN: "The " + n.EN + " has no accessible name.", SV: n.SV + " saknar tillgängligt namn."},
	}
}

// inTree returns Applies for a rule whose targets are the elements in the
// accessibility tree that match pred, in document order.
func inTree(pred func(c *rules.Ctx, i int) bool) func(c *rules.Ctx) []int {
	return func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.InAXTree(i) && pred(c, i) {
				out = append(out, i)
			}
		})
		return out
	}
}

// hasName is the expectation shared by the naming rules: the accessible
// name Chrome computed is not empty once white space is trimmed.
func hasName(c *rules.Ctx, i int) rules.Result {
	name := strings.TrimSpace(c.Page.AXName(i))
	if name == "" {
		return rules.Fail(i, "no-name")
	}
	return rules.Pass(i, "has-name", "name", name)
}

// ButtonName checks that buttons have a non-empty accessible name (ACT
// 97a4e1). Image buttons are ImageButtonName's, the summary of a details
// element SummaryName's.
var ButtonName = &rules.Rule{
	ID:     "button-name",
	Family: "names",
	Title:  rules.Text{EN: "Buttons have an accessible name", SV: "Knappar har ett tillgängligt namn"},
	Help: rules.Text{
		EN: "Put text in the button, or name an icon button with aria-label (or aria-labelledby pointing to visible text). A value attribute does not name a <button>.",
		SV: "Skriv text i knappen, eller namnge en ikonknapp med aria-label (eller aria-labelledby som pekar på synlig text). Attributet value namnger inte en <button>.",
	},
	Manual: rules.Text{EN: "Check that each button's name says what the button does.", SV: "Kontrollera att varje knapps namn säger vad knappen gör."},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"97a4e1"},
	Impact: rules.Critical,
	Codes:  nameCodes(noun{"button", "Knappen"}),
	Applies: inTree(func(c *rules.Ctx, i int) bool {
		p := c.Page
		return dom.Role(p, i) == "button" && p.Role(i) != "DisclosureTriangle" && dom.InputType(p, i) != "image"
	}),
	Expect: hasName,
}

// ImageButtonName checks that image buttons (input type=image) have a
// non-empty accessible name that is not the browser's default "Submit"
// (ACT 59796f).
var ImageButtonName = &rules.Rule{
	ID:     "image-button-name",
	Family: "names",
	Title:  rules.Text{EN: "Image buttons have a text alternative", SV: "Bildknappar har ett textalternativ"},
	Help: rules.Text{
		EN: "Give <input type=\"image\"> an alt attribute that says what the button does (\"Search\", \"Send application\"). alt=\"\" does not make an image button decorative.",
		SV: "Ge <input type=\"image\"> ett alt-attribut som säger vad knappen gör (”Sök”, ”Skicka ansökan”). alt=\"\" gör inte en bildknapp dekorativ.",
	},
	Manual: rules.Text{EN: "Check that each image button's name says what the button does.", SV: "Kontrollera att varje bildknapps namn säger vad knappen gör."},
	WCAG:   []string{"1.1.1", "4.1.2"},
	ACT:    []string{"59796f"},
	Impact: rules.Critical,
	Codes: map[string]rules.Text{
		"has-name":     {EN: "The image button is named \"{name}\".", SV: "Bildknappen heter ”{name}”."},
		"no-name":      {EN: "The image button has no accessible name.", SV: "Bildknappen saknar tillgängligt namn."},
		"default-name": {EN: "The image button has only the browser's default name \"{name}\": add an alt text.", SV: "Bildknappen har bara webbläsarens standardnamn ”{name}”: lägg till en alt-text."},
	},
	Applies: inTree(func(c *rules.Ctx, i int) bool { return dom.InputType(c.Page, i) == "image" }),
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		name := strings.TrimSpace(p.AXName(i))
		switch {
		case name == "":
			return rules.Fail(i, "no-name")
		case p.Nodes[i].AX.NameFrom == "type":
			// Chrome's name from the input type: "Submit", localised.
			return rules.Fail(i, "default-name", "name", name)
		}
		return rules.Pass(i, "has-name", "name", name)
	},
}

// LinkName checks that links, and the DPUB-ARIA roles that inherit from
// link, have a non-empty accessible name (ACT c487ae).
var LinkName = &rules.Rule{
	ID:     "link-name",
	Family: "names",
	Title:  rules.Text{EN: "Links have an accessible name", SV: "Länkar har ett tillgängligt namn"},
	Help: rules.Text{
		EN: "Put text in the link; for a linked image give the image an alt text that says where the link goes.",
		SV: "Skriv text i länken; ge en länkad bild en alt-text som säger vart länken leder.",
	},
	Manual: rules.Text{EN: "Check that each link's name, with its context, says where it goes.", SV: "Kontrollera att varje länks namn, tillsammans med sammanhanget, säger vart den leder."},
	WCAG:   []string{"2.4.4", "4.1.2"},
	ACT:    []string{"c487ae"},
	Impact: rules.Serious,
	Codes:  nameCodes(noun{"link", "Länken"}),
	Applies: inTree(func(c *rules.Ctx, i int) bool {
		return dom.RoleIs(c.Page, i, "link")
	}),
	Expect: hasName,
}

// MenuitemName checks that menu items have a non-empty accessible name
// (ACT m6b1q3).
var MenuitemName = &rules.Rule{
	ID:     "menuitem-name",
	Family: "names",
	Title:  rules.Text{EN: "Menu items have an accessible name", SV: "Menyval har ett tillgängligt namn"},
	Help: rules.Text{
		EN: "Put text in the menu item, or name an icon-only item with aria-label.",
		SV: "Skriv text i menyvalet, eller namnge ett menyval med bara ikon med aria-label.",
	},
	Manual: rules.Text{EN: "Check that each menu item's name says what it does.", SV: "Kontrollera att varje menyvals namn säger vad det gör."},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"m6b1q3"},
	Impact: rules.Serious,
	Codes:  nameCodes(noun{"menu item", "Menyvalet"}),
	Applies: inTree(func(c *rules.Ctx, i int) bool {
		return dom.Role(c.Page, i) == "menuitem"
	}),
	Expect: hasName,
}

// SummaryName checks that the summary of a details element has a non-empty
// accessible name (ACT 2t702h). Chrome exposes it as a disclosure triangle;
// a summary given another role is checked by that role's rule.
var SummaryName = &rules.Rule{
	ID:     "summary-name",
	Family: "names",
	Title:  rules.Text{EN: "Details summaries have an accessible name", SV: "Sammanfattningar av detaljer har ett tillgängligt namn"},
	Help: rules.Text{
		EN: "Put text in the <summary> element that says what the details element holds.",
		SV: "Skriv text i <summary> som säger vad detaljerna innehåller.",
	},
	Manual: rules.Text{EN: "Check that each summary says what opening it shows.", SV: "Kontrollera att varje sammanfattning säger vad som visas när den öppnas."},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"2t702h"},
	Impact: rules.Serious,
	Codes:  nameCodes(noun{"summary", "Sammanfattningen"}),
	Applies: inTree(func(c *rules.Ctx, i int) bool {
		return c.Page.Tag(i) == "summary" && c.Page.Role(i) == "DisclosureTriangle" && detailsSummary(c.Page, i)
	}),
	Expect: hasName,
}

// detailsSummary reports whether summary i is its details element's own
// summary: the first summary child. A later one is ordinary content, which
// shows once the details element is open.
func detailsSummary(p *page.Page, i int) bool {
	d := p.ParentElement(i)
	if d < 0 || p.Tag(d) != "details" {
		return false
	}
	for _, c := range p.Children(d) {
		if p.IsElement(c) && p.Tag(c) == "summary" {
			return c == i
		}
	}
	return false
}

// HeadingName checks that headings have a non-empty accessible name (ACT
// ffd0e9).
var HeadingName = &rules.Rule{
	ID:     "heading-name",
	Family: "names",
	Title:  rules.Text{EN: "Headings are not empty", SV: "Rubriker är inte tomma"},
	Help: rules.Text{
		EN: "Give every heading text (or an image with alt text); remove headings used only for spacing or styling.",
		SV: "Ge varje rubrik text (eller en bild med alt-text); ta bort rubriker som bara används för luft eller utseende.",
	},
	Manual: rules.Text{EN: "Check that each heading describes the content that follows it.", SV: "Kontrollera att varje rubrik beskriver innehållet som följer."},
	WCAG:   []string{"1.3.1", "2.4.6"},
	ACT:    []string{"ffd0e9"},
	Impact: rules.Moderate,
	Codes:  nameCodes(noun{"heading", "Rubriken"}),
	Applies: inTree(func(c *rules.Ctx, i int) bool {
		return dom.Role(c.Page, i) == "heading"
	}),
	Expect: hasName,
}
