// Package names holds rules about accessible names: images, form fields,
// buttons, links and the other elements that need one to be understood by
// assistive technology. Names are Chrome's, read from the accessibility tree
// in the page model, never recomputed here.
package names

import (
	"strings"

	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Rules are the naming rules.
var Rules = []*rules.Rule{
	ImageAlt, FormFieldName, ButtonName, ImageButtonName, ImageDecorativeHidden, LinkName,
	SVGImgName, ObjectName, MenuitemName, SummaryName, IframeName, HeadingName, LabelInName,
	LinkIdenticalName, IframeIdenticalName,
	ImageAltMeaningful, LinkPurpose, LinkDestination, LinkNewWindow, ImagesOfText, BackgroundImage,
	TextLookAlikes, ControlRole,
}

// ImageAlt checks that images exposed to assistive technology have a
// non-empty accessible name (ACT 23a2a8), and image map areas that link
// somewhere an alt (F65, H24).
var ImageAlt = &rules.Rule{
	ID:     "image-alt",
	Family: "names",
	Title:  rules.Text{EN: "Images have a text alternative", SV: "Bilder har ett textalternativ"},
	Help: rules.Text{
		EN: "Give informative images an alt text that says what the image shows or does; mark decorative images with alt=\"\".",
		SV: "Ge informativa bilder en alt-text som säger vad bilden visar eller gör; markera dekorativa bilder med alt=\"\".",
	},
	Manual: rules.Text{EN: "Check that each text alternative describes the image's content or function.", SV: "Kontrollera att varje textalternativ beskriver bildens innehåll eller funktion."},
	WCAG:   []string{"1.1.1"},
	ACT:    []string{"23a2a8"},
	Impact: rules.Critical,
	Codes: map[string]rules.Text{
		"has-name":     {EN: "The image's text alternative is \"{name}\".", SV: "Bildens textalternativ är ”{name}”."},
		"no-name":      {EN: "The image has no text alternative: add alt text, or alt=\"\" if it is decorative.", SV: "Bilden saknar textalternativ: lägg till en alt-text, eller alt=\"\" om den är dekorativ."},
		"area-no-name": {EN: "The image map area has no text alternative: give it an alt that says where it leads (F65, H24).", SV: "Bildkartans område saknar textalternativ: ge det en alt som säger vart det leder (F65, H24)."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if dom.InSVG(p, i) || !p.InAXTree(i) {
				return
			}
			// An image map's area is part of the image: its alt is the
			// text alternative of that part (F65, H24).
			if p.Tag(i) == "area" && p.HasAttr(i, "href") {
				out = append(out, i)
				return
			}
			if dom.Role(p, i) != "img" {
				return
			}
			if p.Tag(i) == "img" || dom.HasExplicitRole(p, i, "img") {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		name := strings.TrimSpace(c.Page.AXName(i))
		switch {
		case name == "" && c.Page.Tag(i) == "area":
			return rules.Fail(i, "area-no-name")
		case name == "":
			return rules.Fail(i, "no-name")
		}
		return rules.Pass(i, "has-name", "name", name)
	},
}

// fieldRoles are the roles of form fields (ACT e086e5).
var fieldRoles = map[string]bool{
	"checkbox": true, "combobox": true, "listbox": true, "menuitemcheckbox": true,
	"menuitemradio": true, "radio": true, "searchbox": true, "slider": true,
	"spinbutton": true, "switch": true, "textbox": true,
}

// FormFieldName checks that form fields have a non-empty accessible name
// (ACT e086e5).
var FormFieldName = &rules.Rule{
	ID:     "form-field-name",
	Family: "names",
	Title:  rules.Text{EN: "Form fields have an accessible name", SV: "Formulärfält har ett tillgängligt namn"},
	Help: rules.Text{
		EN: "Connect a visible <label for=…> to the field, or wrap the field in its label; use aria-labelledby or aria-label only where a visible label cannot be used.",
		SV: "Koppla en synlig <label for=…> till fältet, eller lägg fältet inuti sin etikett; använd aria-labelledby eller aria-label bara där en synlig etikett inte går.",
	},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"e086e5"},
	Impact: rules.Critical,
	Codes: map[string]rules.Text{
		"has-name": {EN: "The {role} is named \"{name}\" (from {from}).", SV: "Fältet ({role}) heter ”{name}” (från {from})."},
		"no-name":  {EN: "The {role} has no accessible name.", SV: "Fältet ({role}) saknar tillgängligt namn."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.InAXTree(i) && fieldRoles[dom.Role(p, i)] {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		role := dom.Role(p, i)
		name := strings.TrimSpace(p.AXName(i))
		if name == "" {
			return rules.Fail(i, "no-name", "role", role)
		}
		from := p.Nodes[i].AX.NameFrom
		if from == "" {
			from = "?"
		}
		return rules.Pass(i, "has-name", "role", role, "name", name, "from", from)
	},
}
