package aria

import (
	"strings"

	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// WidgetName checks that the parts of ARIA widgets a user picks one by
// one (tab, option, tree item) have a non-empty accessible name, and asks
// about the widget containers and dialogs ARIA 1.2 requires a name for
// (tree, grid, treegrid and dialogs: its "Accessible Name Required").
//
// The standard's reason: WCAG 4.1.2 requires the name of every user
// interface component; a tab or an option with no name is announced as
// "tab" or "option" alone, and nothing tells it from its siblings. ARIA
// 1.2 names these roles from their content but allows that content to be
// empty; a tab drawn with an icon alone is the common case. Buttons,
// links, menu items, form fields and images have rules of their own
// (names family); native <option> elements of a select are left out (an
// empty first option is the usual placeholder).
//
// A container (tree, grid, treegrid, dialog, alertdialog) without a name
// is a question, not a failure: its items carry their own names, and
// whether the missing name hides its purpose depends on what is around it.
var WidgetName = &rules.Rule{
	ID:     "aria-widget-name",
	Family: "aria",
	Title:  rules.Text{EN: "ARIA widgets and their items have an accessible name", SV: "ARIA-komponenter och deras delar har ett tillgängligt namn"},
	Help: rules.Text{
		EN: "Give each tab, option and tree item text of its own (or aria-label on an icon-only one), and name trees, grids and dialogs with aria-labelledby pointing at their visible heading.",
		SV: "Ge varje flik, alternativ och trädnod en egen text (eller aria-label på en som bara har en ikon), och namnge träd, rutnät och dialogrutor med aria-labelledby som pekar på deras synliga rubrik.",
	},
	Manual: rules.Text{
		EN: "Move through the widget with a screen reader: is each tab, option or item announced with a name that tells it from the others?",
		SV: "Gå igenom komponenten med en skärmläsare: läses varje flik, alternativ eller nod upp med ett namn som skiljer den från de andra?",
	},
	WCAG:   []string{"4.1.2"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"has-name":       {EN: "The {role} is named \"{name}\".", SV: "Rollen {role} heter ”{name}”."},
		"no-name":        {EN: "The {role} has no accessible name: nothing tells it from the others.", SV: "Rollen {role} saknar tillgängligt namn: inget skiljer den från de andra."},
		"container-name": {EN: "The {role} has no accessible name (ARIA requires one): does what is around it make its purpose clear to a screen reader user?", SV: "Rollen {role} saknar tillgängligt namn (ARIA kräver ett): framgår syftet för en skärmläsaranvändare av det som finns runt den?"},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.InAXTree(i) && p.Rendered(i) && widgetNameRole(c, i) != "" {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		role := widgetNameRole(c, i)
		if name := strings.TrimSpace(c.Page.AXName(i)); name != "" {
			return rules.Pass(i, "has-name", "role", role, "name", dom.Clip(name, 80))
		}
		if namedItems[role] {
			return rules.Fail(i, "no-name", "role", role)
		}
		return rules.Cant(i, "container-name", "role", role)
	},
}

// namedItems are the item roles a user picks one by one; namedContainers
// the containers and dialogs ARIA 1.2 requires a name for.
var (
	namedItems      = map[string]bool{"tab": true, "option": true, "treeitem": true}
	namedContainers = map[string]bool{"tree": true, "grid": true, "treegrid": true, "dialog": true, "alertdialog": true}
)

// widgetNameRole returns the role WidgetName judges element i by: its
// explicit role when that is one of namedItems or namedContainers and
// Chrome exposes it so, or "dialog" for a <dialog> element; else "".
func widgetNameRole(c *rules.Ctx, i int) string {
	p := c.Page
	if p.Tag(i) == "dialog" && dom.FirstRole(p, i) == "" {
		return "dialog"
	}
	r := dom.FirstRole(p, i)
	if (namedItems[r] || namedContainers[r]) && dom.Role(p, i) == r {
		return r
	}
	return ""
}

// MeterName checks that meters and progress bars, native or ARIA, have a
// non-empty accessible name. The bar is non-text content (WCAG 1.1.1):
// its name is its text alternative, the thing measured ("Profile
// completeness"); the value alone does not say what it is a value of.
var MeterName = &rules.Rule{
	ID:     "meter-name",
	Family: "aria",
	Title:  rules.Text{EN: "Meters and progress bars have an accessible name", SV: "Mätare och förloppsindikatorer har ett tillgängligt namn"},
	Help: rules.Text{
		EN: "Say what the bar measures: a <label for> on a <meter> or <progress>, or aria-labelledby pointing at the visible text (aria-label where there is none).",
		SV: "Säg vad stapeln mäter: en <label for> på en <meter> eller <progress>, eller aria-labelledby som pekar på den synliga texten (aria-label där det inte finns någon).",
	},
	WCAG:   []string{"1.1.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"has-name": {EN: "The {role} is named \"{name}\".", SV: "Rollen {role} heter ”{name}”."},
		"no-name":  {EN: "The {role} has no accessible name: nothing says what it measures.", SV: "Rollen {role} saknar tillgängligt namn: inget säger vad den mäter."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if r := dom.Role(p, i); (r == "meter" || r == "progressbar") && p.InAXTree(i) && p.Rendered(i) {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		role := dom.Role(c.Page, i)
		if name := strings.TrimSpace(c.Page.AXName(i)); name != "" {
			return rules.Pass(i, "has-name", "role", role, "name", dom.Clip(name, 80))
		}
		return rules.Fail(i, "no-name", "role", role)
	},
}
