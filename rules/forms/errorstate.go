package forms

import (
	"math"
	"strconv"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/css"
	"github.com/granska/granska/rules/internal/dom"
)

// borderColour returns the colour of a field's drawn border: the first of
// its top, bottom, left and right sides that has a style and a width.
func borderColour(p *page.Page, i int) (css.Color, bool) {
	for _, side := range []string{"top", "bottom", "left", "right"} {
		st := p.Style(i, "border-"+side+"-style")
		if st == "" || st == "none" || st == "hidden" || p.StyleFloat(i, "border-"+side+"-width") <= 0 {
			continue
		}
		c, err := css.Parse(p.Style(i, "border-"+side+"-color"))
		if err != nil || c.A == 0 {
			continue
		}
		return c, true
	}
	return css.Color{}, false
}

// reddish reports whether a colour is a saturated red (hue within 20° of
// red), the colour forms use to mark errors.
func reddish(c css.Color) bool {
	mx, mn := math.Max(c.R, math.Max(c.G, c.B)), math.Min(c.R, math.Min(c.G, c.B))
	if mx < 100 || mx != c.R || (mx-mn)/mx < 0.5 {
		return false
	}
	hue := 60 * (c.G - c.B) / (mx - mn) // red sector, -60..60
	return math.Abs(hue) <= 20
}

// ErrorStateColour is F81 read from the page as it was served (a form
// shown again after a failed send, with its errors marked): a field whose
// border is red while the other fields of its form share another colour,
// and that has no description or error message tied to it, may be marked
// in error by colour alone (1.4.1) and not identified in text (3.3.1).
// Red can be a design choice, so this asks; the probe's own submit is
// error-not-colour-only.
var ErrorStateColour = &rules.Rule{
	ID:     "error-state-colour",
	Family: "forms",
	Title:  rules.Text{EN: "Fields marked in red also say why in text", SV: "Fält som markerats med rött säger också varför i text"},
	Help: rules.Text{
		EN: "When a form comes back with errors, put the message next to each field in error and tie it to the field (aria-describedby or aria-errormessage, with aria-invalid=\"true\"); a red border may back it up, never replace it.",
		SV: "När ett formulär kommer tillbaka med fel, skriv meddelandet vid varje felaktigt fält och koppla det till fältet (aria-describedby eller aria-errormessage, med aria-invalid=\"true\"); en röd ram kan förstärka, aldrig ersätta.",
	},
	Manual: rules.Text{
		EN: "Look at the form in greyscale and with a screen reader: is the red field in error, and if so can you tell which field and why?",
		SV: "Titta på formuläret i gråskala och med skärmläsare: är det röda fältet felaktigt, och går det i så fall att se vilket fält och varför?",
	},
	WCAG:   []string{"1.4.1", "3.3.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"text-cue":   {EN: "The field with a red border has text tied to it: \"{text}\".", SV: "Fältet med röd ram har en text kopplad till sig: ”{text}”."},
		"red-border": {EN: "The field's border is red ({colour}) unlike the other {n} fields of its form ({other}), and no text is tied to it: if red marks an error, say so in text tied to the field.", SV: "Fältets ram är röd ({colour}) till skillnad från formulärets andra {n} fält ({other}), och ingen text är kopplad till det: om rött markerar ett fel, säg det i text kopplad till fältet."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		type fld struct {
			node int
			col  css.Color
		}
		groups := map[int][]fld{}
		var order []int
		dom.Elements(p, func(i int) {
			if !field(p, i) || !(textField(p, i) || p.Tag(i) == "select" || p.Tag(i) == "textarea") || !dom.Visible(p, i) {
				return
			}
			col, ok := borderColour(p, i)
			if !ok {
				return
			}
			f := -1
			for a := p.ParentElement(i); a >= 0; a = p.ParentElement(a) {
				if p.Tag(a) == "form" {
					f = a
					break
				}
			}
			if _, seen := groups[f]; !seen {
				order = append(order, f)
			}
			groups[f] = append(groups[f], fld{i, col})
		})
		var out []rules.Result
		for _, g := range order {
			fs := groups[g]
			// The form's usual border: the colour most of its fields
			// that are not red share.
			count := map[string]int{}
			common, best := "", 0
			for _, f := range fs {
				if h := f.col.Hex(); !reddish(f.col) {
					count[h]++
					if count[h] > best || count[h] == best && h < common {
						common, best = h, count[h]
					}
				}
			}
			if best == 0 {
				continue // every field red: the design, not a state
			}
			for _, f := range fs {
				h := f.col.Hex()
				if !reddish(f.col) {
					continue
				}
				if ax := p.Nodes[f.node].AX; ax != nil && ax.Description != "" {
					out = append(out, rules.Pass(f.node, "text-cue", "text", dom.Clip(ax.Description, 60)))
					continue
				}
				out = append(out, rules.Cant(f.node, "red-border", "colour", h, "n", strconv.Itoa(len(fs)-1), "other", common))
			}
		}
		return out
	},
}
