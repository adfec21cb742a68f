// Package aria holds rules about WAI-ARIA use: roles, states and properties
// that exist, are allowed, have valid values and are complete, and ARIA that
// hides or nests interactive content.
//
// Roles, attributes and value types come from internal/standards/ariaspec (WAI-ARIA 1.2
// tables generated from aria-query). An element's semantic role is the one
// Chrome computed (dom.Role); its explicit role is the first valid token of
// its role attribute (dom.FirstRole).
package aria

import (
	"strings"

	"github.com/granska/granska/internal/standards/ariaspec"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Rules are the ARIA rules.
var Rules = []*rules.Rule{
	AttrDefined, AttrPermitted, AttrValidValue, RoleValid, RequiredAttr,
	RequiredOwned, RequiredContext, ProhibitedAttr, HiddenFocus,
	PresentationalChildrenFocus, NestedInteractive, IDRefExists, StatusMessage, WidgetName, MeterName,
}

// withARIA returns Applies for the elements that carry aria-* attributes
// and match keep.
func withARIA(keep func(c *rules.Ctx, i int) bool) func(c *rules.Ctx) []int {
	return func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if len(dom.ARIAAttrs(p, i)) > 0 && (keep == nil || keep(c, i)) {
				out = append(out, i)
			}
		})
		return out
	}
}

// AttrDefined checks that every aria-* attribute is a state or property
// defined in WAI-ARIA (ACT 5f99a7). Attributes of the ARIA 1.3 draft
// (aria-description, aria-braillelabel, ...) count as defined.
var AttrDefined = &rules.Rule{
	ID:     "aria-attr-defined",
	Family: "aria",
	Title:  rules.Text{EN: "ARIA attributes exist", SV: "ARIA-attribut finns"},
	Help: rules.Text{
		EN: "Correct the misspelt aria-* attribute (aria-labelledby, not aria-labeledby) or remove it: browsers ignore attributes ARIA does not define.",
		SV: "Rätta det felstavade aria-*-attributet (aria-labelledby, inte aria-labeledby) eller ta bort det: webbläsare struntar i attribut som ARIA inte definierar.",
	},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"5f99a7"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"defined":   {EN: "The element's ARIA attributes are defined in WAI-ARIA.", SV: "Elementets ARIA-attribut är definierade i WAI-ARIA."},
		"undefined": {EN: "{attrs} is not defined in WAI-ARIA.", SV: "{attrs} är inte definierat i WAI-ARIA."},
	},
	Applies: withARIA(nil),
	Expect: func(c *rules.Ctx, i int) rules.Result {
		var bad []string
		for _, a := range dom.ARIAAttrs(c.Page, i) {
			if _, ok := ariaspec.LookupAttr(a); !ok {
				bad = append(bad, a)
			}
		}
		if len(bad) > 0 {
			return rules.Fail(i, "undefined", "attrs", strings.Join(bad, ", "))
		}
		return rules.Pass(i, "defined")
	},
}

// semanticRole returns the ARIA role to check an element's attributes
// against: Chrome's, or the explicit role where Chrome ignored the node.
// ok is false when the role is not one ARIA defines (Chrome's own roles
// for labels, plug-ins, layout tables ...).
func semanticRole(c *rules.Ctx, i int) (ariaspec.Role, bool) {
	p := c.Page
	r := dom.Role(p, i)
	if (r == "" || r == "none") && dom.FirstRole(p, i) != "" {
		r = dom.FirstRole(p, i)
	}
	if r == "" {
		r = "generic"
	}
	return ariaspec.LookupRole(r)
}

// AttrPermitted checks that ARIA states and properties are used only on
// roles that support them (ACT 5c01ea). Global attributes are permitted
// everywhere here; where a role prohibits one, ProhibitedAttr says so.
var AttrPermitted = &rules.Rule{
	ID:     "aria-attr-permitted",
	Family: "aria",
	Title:  rules.Text{EN: "ARIA attributes are allowed on the element's role", SV: "ARIA-attribut är tillåtna för elementets roll"},
	Help: rules.Text{
		EN: "Remove the state or property the role does not support, or give the element a role that supports it (aria-pressed belongs on a button, aria-checked on a checkbox).",
		SV: "Ta bort tillståndet eller egenskapen som rollen inte stöder, eller ge elementet en roll som stöder det (aria-pressed hör till en knapp, aria-checked till en kryssruta).",
	},
	Manual: rules.Text{EN: "Check what the element is and whether the attribute means anything for it.", SV: "Kontrollera vad elementet är och om attributet betyder något för det."},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"5c01ea"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"permitted":     {EN: "The element's ARIA attributes are allowed on its role.", SV: "Elementets ARIA-attribut är tillåtna för dess roll."},
		"not-permitted": {EN: "{attrs} is not supported on the role {role}.", SV: "{attrs} stöds inte av rollen {role}."},
		"unknown-role":  {EN: "The element's role ({role}) is not an ARIA role, so whether {attrs} applies cannot be told.", SV: "Elementets roll ({role}) är ingen ARIA-roll, så om {attrs} gäller går inte att avgöra."},
	},
	Applies: withARIA(func(c *rules.Ctx, i int) bool { return !dom.ProgHidden(c.Page, i) }),
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		role, known := semanticRole(c, i)
		var bad []string
		for _, a := range dom.ARIAAttrs(p, i) {
			spec, ok := ariaspec.LookupAttr(a)
			switch {
			case !ok, spec.Global:
				// Undefined ones are AttrDefined's.
			case spec.GlobalUseDeprecated:
				// aria-invalid, aria-disabled, ... on any role: global in
				// ARIA 1.1, deprecated there in 1.2, still read by browsers.
			case !known:
				bad = append(bad, a)
			case containsStr(role.Supported, a), containsStr(role.Prohibited, a):
				// Prohibited ones are ProhibitedAttr's.
			default:
				bad = append(bad, a)
			}
		}
		switch {
		case len(bad) == 0:
			return rules.Pass(i, "permitted")
		case !known:
			return rules.Cant(i, "unknown-role", "role", p.Role(i), "attrs", strings.Join(bad, ", "))
		}
		return rules.Fail(i, "not-permitted", "role", role.Name, "attrs", strings.Join(bad, ", "))
	},
}

func containsStr(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// AttrValidValue checks that ARIA states and properties have a value their
// type allows (ACT 6a7281). Empty values are left out; whether referenced
// ids exist is IDRefExists's question.
var AttrValidValue = &rules.Rule{
	ID:     "aria-attr-valid-value",
	Family: "aria",
	Title:  rules.Text{EN: "ARIA attributes have valid values", SV: "ARIA-attribut har giltiga värden"},
	Help: rules.Text{
		EN: "Use a value the attribute allows: true or false for aria-required, an integer for aria-level, one of the listed tokens for aria-live, aria-current and the like.",
		SV: "Använd ett värde som attributet tillåter: true eller false för aria-required, ett heltal för aria-level, ett av de angivna orden för aria-live, aria-current och liknande.",
	},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"6a7281"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"valid":   {EN: "The element's ARIA attribute values are valid.", SV: "Elementets ARIA-attributvärden är giltiga."},
		"invalid": {EN: "{attr}=\"{value}\" is not a valid value ({type}).", SV: "{attr}=\"{value}\" är inget giltigt värde ({type})."},
	},
	Applies: withARIA(func(c *rules.Ctx, i int) bool {
		for _, a := range dom.ARIAAttrs(c.Page, i) {
			v, _ := c.Page.Attr(i, a)
			if _, ok := ariaspec.LookupAttr(a); ok && strings.TrimSpace(v) != "" {
				return true
			}
		}
		return false
	}),
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		for _, a := range dom.ARIAAttrs(p, i) {
			v, _ := p.Attr(i, a)
			spec, ok := ariaspec.LookupAttr(a)
			if !ok || strings.TrimSpace(v) == "" {
				continue
			}
			if !ariaspec.ValidValue(a, v) {
				t := string(spec.Type)
				if len(spec.Values) > 0 {
					t += ": " + strings.Join(spec.Values, ", ")
				}
				return rules.Fail(i, "invalid", "attr", a, "value", v, "type", t)
			}
		}
		return rules.Pass(i, "valid")
	},
}

// RoleValid checks that a role attribute names at least one valid,
// non-abstract ARIA role (ACT 674b10).
var RoleValid = &rules.Rule{
	ID:     "aria-role-valid",
	Family: "aria",
	Title:  rules.Text{EN: "Role attributes name a valid role", SV: "Role-attribut anger en giltig roll"},
	Help: rules.Text{
		EN: "Correct the role's spelling or use an ARIA role (button, link, navigation, ...); abstract roles such as widget or landmark may not be used.",
		SV: "Rätta stavningen av rollen eller använd en ARIA-roll (button, link, navigation, ...); abstrakta roller som widget eller landmark får inte användas.",
	},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"674b10"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"valid":   {EN: "The role \"{role}\" is valid.", SV: "Rollen ”{role}” är giltig."},
		"invalid": {EN: "role=\"{value}\" names no valid ARIA role.", SV: "role=\"{value}\" anger ingen giltig ARIA-roll."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if v, ok := p.Attr(i, "role"); ok && strings.TrimSpace(v) != "" && !dom.ProgHidden(p, i) {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		if r := dom.FirstRole(c.Page, i); r != "" {
			return rules.Pass(i, "valid", "role", r)
		}
		v, _ := c.Page.Attr(i, "role")
		return rules.Fail(i, "invalid", "value", v)
	},
}

// RequiredAttr checks that an element with an explicit role has the states
// and properties that role requires (ACT 4e8ab6). Elements whose native
// role is the same (input type=checkbox role=checkbox) are left out: HTML
// supplies the state.
var RequiredAttr = &rules.Rule{
	ID:     "aria-required-attr",
	Family: "aria",
	Title:  rules.Text{EN: "Roles have their required states and properties", SV: "Roller har sina obligatoriska tillstånd och egenskaper"},
	Help: rules.Text{
		EN: "Add the missing attribute (aria-checked on a checkbox or switch, aria-level on a heading, aria-expanded and aria-controls on a combobox, aria-valuenow on a slider), and keep it up to date with script.",
		SV: "Lägg till attributet som saknas (aria-checked på en kryssruta eller switch, aria-level på en rubrik, aria-expanded och aria-controls på en kombinationsruta, aria-valuenow på ett reglage) och håll det uppdaterat med skript.",
	},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"4e8ab6"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"complete": {EN: "The {role} has its required states and properties.", SV: "Rollen {role} har sina obligatoriska tillstånd och egenskaper."},
		"missing":  {EN: "The {role} lacks the required {attrs}.", SV: "Rollen {role} saknar obligatoriskt {attrs}."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if !p.InAXTree(i) {
				return
			}
			r := dom.FirstRole(p, i)
			if r == "" || dom.Presentational(r) || dom.ImplicitRoleIs(p, i, r) {
				return
			}
			out = append(out, i)
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		role, _ := ariaspec.LookupRole(dom.FirstRole(p, i))
		req := append([]string(nil), role.Required...)
		if role.Name == "separator" && p.AXProp(i, "focusable") == "true" {
			// A focusable separator is a widget (ARIA 1.2) and needs a value.
			req = append(req, "aria-valuenow")
		}
		var missing []string
		for _, a := range req {
			if a == "aria-selected" {
				// option and treeitem: not selected unless said (ARIA 1.2
				// gives aria-selected an implicit value of false).
				continue
			}
			if v, ok := p.Attr(i, a); ok && strings.TrimSpace(v) != "" {
				continue
			}
			if nativeState(c, i, a) {
				continue
			}
			missing = append(missing, a)
		}
		if len(missing) > 0 {
			return rules.Fail(i, "missing", "role", role.Name, "attrs", strings.Join(missing, ", "))
		}
		return rules.Pass(i, "complete", "role", role.Name)
	},
}

// nativeState reports whether HTML itself gives the element the state or
// property: checkedness for aria-checked, a value for aria-valuenow, the
// heading level of h1-h6.
func nativeState(c *rules.Ctx, i int, attr string) bool {
	p := c.Page
	switch attr {
	case "aria-checked":
		t := dom.InputType(p, i)
		return t == "checkbox" || t == "radio"
	case "aria-valuenow":
		t := dom.InputType(p, i)
		return t == "range" || t == "number" || p.Tag(i) == "progress" || p.Tag(i) == "meter"
	case "aria-level":
		switch p.Tag(i) {
		case "h1", "h2", "h3", "h4", "h5", "h6":
			return true
		}
	}
	return false
}
