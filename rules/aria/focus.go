package aria

import (
	"strings"

	"github.com/granska/granska/internal/standards/ariaspec"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// focusEvidence sorts the candidates that are in the computed sequential
// focus order: reached holds those a real Tab press focused during the
// capture; unsure those the walk did not reach when it stopped early. A
// candidate in the computed order that a complete walk never reached is
// one the page moves focus away from (a focus sentinel), and is neither.
func focusEvidence(c *rules.Ctx, cands []int) (reached, unsure []int) {
	for _, x := range cands {
		if !dom.SeqFocusable(c, x) {
			continue
		}
		switch {
		case dom.ReachedByTab(c, x):
			reached = append(reached, x)
		case !c.Page.Focus.Complete:
			unsure = append(unsure, x)
		}
	}
	return reached, unsure
}

// focusResult turns focus evidence into a result with the given codes.
func focusResult(c *rules.Ctx, i int, cands []int, pass, fail, cant string) rules.Result {
	reached, unsure := focusEvidence(c, cands)
	switch {
	case len(reached) > 0:
		return rules.Fail(i, fail, "what", c.Page.Snippet(reached[0], 80)).With(reached...)
	case len(unsure) > 0:
		return rules.Cant(i, cant, "what", c.Page.Snippet(unsure[0], 80)).With(unsure...)
	}
	return rules.Pass(i, pass)
}

// selfAndDescendants returns i and its flat-tree descendants.
func selfAndDescendants(c *rules.Ctx, i int) []int {
	out := []int{i}
	c.Page.Descendants(i, func(d int) bool {
		out = append(out, d)
		return true
	})
	return out
}

// HiddenFocus checks that content hidden with aria-hidden="true" cannot be
// reached with the Tab key (ACT 6cfa84): keyboard users would land on
// something screen readers do not announce.
var HiddenFocus = &rules.Rule{
	ID:     "aria-hidden-focus",
	Family: "aria",
	Title:  rules.Text{EN: "Content hidden with aria-hidden cannot take keyboard focus", SV: "Innehåll dolt med aria-hidden kan inte få tangentbordsfokus"},
	Help: rules.Text{
		EN: "Remove aria-hidden, or take the focusable content out of the tab order (tabindex=\"-1\", disabled, inert, or hide it from everyone with display: none).",
		SV: "Ta bort aria-hidden, eller ta bort det fokuserbara innehållet ur tabbordningen (tabindex=\"-1\", disabled, inert, eller dölj det för alla med display: none).",
	},
	Manual: rules.Text{EN: "Tab through the page and check that focus never lands inside the aria-hidden content.", SV: "Tabba genom sidan och kontrollera att fokus aldrig hamnar i innehållet som är dolt med aria-hidden."},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"6cfa84"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"not-focusable": {EN: "Nothing in the aria-hidden content takes focus with the Tab key.", SV: "Inget i innehållet som är dolt med aria-hidden får fokus med tabbtangenten."},
		"focusable":     {EN: "The aria-hidden content holds {what}, which the Tab key reaches.", SV: "Innehållet som är dolt med aria-hidden innehåller {what}, som tabbtangenten når."},
		"not-walked":    {EN: "The aria-hidden content holds {what}, which is in the tab order; the keyboard walk stopped before reaching it.", SV: "Innehållet som är dolt med aria-hidden innehåller {what}, som finns i tabbordningen; tangentbordsgenomgången slutade innan den nåddes."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if v, ok := p.Attr(i, "aria-hidden"); ok && strings.EqualFold(strings.TrimSpace(v), "true") {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		return focusResult(c, i, selfAndDescendants(c, i), "not-focusable", "focusable", "not-walked")
	},
}

// PresentationalChildrenFocus checks that elements whose role makes their
// children presentational (button, checkbox, img, tab, ...) contain nothing
// that takes keyboard focus (ACT 307n5z): the focusable child would have
// no role or name for assistive technology.
var PresentationalChildrenFocus = &rules.Rule{
	ID:     "presentational-children-focus",
	Family: "aria",
	Title:  rules.Text{EN: "Elements with presentational children hold nothing focusable", SV: "Element med presentationella barn innehåller inget fokuserbart"},
	Help: rules.Text{
		EN: "Move the link, button or field out of the button (or checkbox, tab, image ...): place them side by side instead of one inside the other.",
		SV: "Flytta ut länken, knappen eller fältet ur knappen (eller kryssrutan, fliken, bilden ...): placera dem bredvid varandra i stället för i varandra.",
	},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"307n5z"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"not-focusable": {EN: "Nothing inside the {role} takes focus.", SV: "Inget inuti rollen {role} får fokus."},
		"focusable":     {EN: "The {role} holds {what}, which takes focus but is hidden from assistive technology.", SV: "Rollen {role} innehåller {what}, som får fokus men är dolt för hjälpmedel."},
		"not-walked":    {EN: "The {role} holds {what}, which is in the tab order; the keyboard walk stopped before reaching it.", SV: "Rollen {role} innehåller {what}, som finns i tabbordningen; tangentbordsgenomgången slutade innan den nåddes."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if !p.InAXTree(i) {
				return
			}
			if r, ok := ariaspec.PeekRole(dom.Role(p, i)); ok && r.ChildrenPresentational {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		res := focusResult(c, i, selfAndDescendants(c, i)[1:], "not-focusable", "focusable", "not-walked")
		res.Args = withArg(res.Args, "role", dom.Role(c.Page, i))
		return res
	},
}

func withArg(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

// NestedInteractive checks that links hold no other control that takes
// focus: HTML forbids interactive content inside a, and assistive
// technology and keyboard users get two controls where one is drawn.
// Buttons and other roles with presentational children are checked by
// PresentationalChildrenFocus.
var NestedInteractive = &rules.Rule{
	ID:     "nested-interactive",
	Family: "aria",
	Title:  rules.Text{EN: "Links do not contain other controls", SV: "Länkar innehåller inte andra kontroller"},
	Help: rules.Text{
		EN: "Do not put buttons, fields or other links inside a link; place them next to it, or make the whole card one link and the other control a sibling.",
		SV: "Lägg inte knappar, fält eller andra länkar i en länk; placera dem bredvid, eller gör hela kortet till en länk och den andra kontrollen till ett syskon.",
	},
	WCAG:   []string{"4.1.2"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"not-nested": {EN: "The link holds no other focusable control.", SV: "Länken innehåller ingen annan fokuserbar kontroll."},
		"nested":     {EN: "The link holds {what}, a second focusable control inside it.", SV: "Länken innehåller {what}, en andra fokuserbar kontroll inuti den."},
		"not-walked": {EN: "The link holds {what}, which is in the tab order; the keyboard walk stopped before reaching it.", SV: "Länken innehåller {what}, som finns i tabbordningen; tangentbordsgenomgången slutade innan den nåddes."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if p.InAXTree(i) && dom.RoleIs(p, i, "link") {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		return focusResult(c, i, selfAndDescendants(c, i)[1:], "not-nested", "nested", "not-walked")
	},
}
