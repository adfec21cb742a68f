package forms

import (
	"slices"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// colourOnly reports whether every restyled property of a probed field is
// a colour (of the field or its label), so the change is seen only by
// telling colours apart. A background image (an icon drawn in the field),
// a thicker border or outline, an underline or bold label is a cue of
// another kind.
func colourOnly(restyled []string) bool {
	for _, r := range restyled {
		prop := strings.TrimPrefix(r, "label:")
		if !strings.HasSuffix(prop, "color") && prop != "box-shadow" {
			return false
		}
	}
	return len(restyled) > 0
}

// ErrorNotColourOnly is F81 tested for real: after the capture submitted
// the page's data-collecting forms empty (page.Probes.Forms), a field that turned red (its border,
// background, text or its label's colour changed) and got nothing else —
// no message beside it or tied to it, no aria-invalid, no icon, no
// generated mark, no browser message — tells the error only by colour
// (WCAG 1.4.1) and does not identify it in text (3.3.1). A message shown
// elsewhere, for the whole form, leaves a question: does it say which
// fields are wrong?
var ErrorNotColourOnly = &rules.Rule{
	ID:     "error-not-colour-only",
	Family: "forms",
	Title:  rules.Text{EN: "Errors are not shown by colour alone", SV: "Fel visas inte enbart med färg"},
	Help: rules.Text{
		EN: "When a field is in error, say so in text next to it and tie the text to the field (aria-describedby or aria-errormessage, with aria-invalid=\"true\"); an icon or a thicker border may back up the colour, never replace the text.",
		SV: "När ett fält är felaktigt, skriv det i text bredvid fältet och koppla texten till det (aria-describedby eller aria-errormessage, med aria-invalid=\"true\"); en ikon eller en tjockare ram kan förstärka färgen, aldrig ersätta texten.",
	},
	Manual: rules.Text{
		EN: "Send the form empty and look at it in greyscale, then with a screen reader: can you tell which fields are wrong, and why?",
		SV: "Skicka formuläret tomt och titta på det i gråskala, sedan med skärmläsare: går det att se vilka fält som är fel, och varför?",
	},
	WCAG:   []string{"1.4.1", "3.3.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"other-cue":    {EN: "After sending the form empty the field changed ({changed}) and also got {cue}.", SV: "När formuläret skickades tomt ändrades fältet ({changed}) och fick även {cue}."},
		"colour-only":  {EN: "After sending the form empty, only the field's colours changed ({changed}): no message, no aria-invalid, no icon says it is in error.", SV: "När formuläret skickades tomt ändrades bara fältets färger ({changed}): inget meddelande, ingen aria-invalid, ingen ikon säger att det är fel."},
		"invalid-only": {EN: "After sending the form empty, the field's colours changed ({changed}) and it was marked aria-invalid, but nothing visible besides colour shows the error: check what a sighted person who cannot tell colours apart sees.", SV: "När formuläret skickades tomt ändrades fältets färger ({changed}) och det markerades med aria-invalid, men inget synligt utöver färgen visar felet: kontrollera vad en seende person som inte skiljer färger åt ser."},
		"summary-only": {EN: "After sending the form empty, the field changed only in colour ({changed}); the form showed \"{message}\" elsewhere: does that message say which fields are wrong?", SV: "När formuläret skickades tomt ändrades fältet bara i färg ({changed}); formuläret visade ”{message}” på annat ställe: säger meddelandet vilka fält som är fel?"},
		"unnamed-icon": {EN: "After sending the form empty, the field changed in colour ({changed}) and an icon without a name appeared: is the error also given in text?", SV: "När formuläret skickades tomt ändrades fältet i färg ({changed}) och en ikon utan namn dök upp: anges felet även i text?"},
	},
	Applies: func(c *rules.Ctx) []int {
		var out []int
		for _, fp := range c.Page.Probes.Forms() {
			if fp.Form < 0 || fp.Sent {
				continue
			}
			for _, f := range fp.Fields {
				if f.Node >= 0 && len(f.Restyled) > 0 && c.Page.Rendered(f.Node) {
					out = append(out, f.Node)
				}
			}
		}
		slices.Sort(out)
		return slices.Compact(out)
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		fp, f, _ := c.Page.Probes.FieldProbe(i)
		changed := strings.Join(f.Restyled, ", ")
		cue := otherCue(fp, f)
		switch {
		case cue != "":
			return rules.Pass(i, "other-cue", "changed", changed, "cue", cue)
		case !colourOnly(f.Restyled):
			return rules.Pass(i, "other-cue", "changed", changed, "cue", "a change that is not a colour")
		case slices.Contains(f.Marks, "img:"):
			return rules.Cant(i, "unnamed-icon", "changed", changed)
		case f.Invalid == "true":
			return rules.Cant(i, "invalid-only", "changed", changed)
		}
		for _, m := range append(append([]string{}, fp.Live...), fp.NewText...) {
			if strings.TrimSpace(m) != "" && !fieldMessage(fp, m) {
				return rules.Cant(i, "summary-only", "changed", changed, "message", dom.Clip(m, 80))
			}
		}
		return rules.Fail(i, "colour-only", "changed", changed)
	},
}

// otherCue names what besides colour told the field's error, "" for
// nothing: a message beside it or tied to it, the browser's own message,
// a named icon or generated content.
func otherCue(fp *page.FormProbe, f page.ProbeField) string {
	switch {
	case fp.Native && f.InvalidEvent:
		return "the browser's message \"" + dom.Clip(f.Message, 60) + "\""
	case strings.TrimSpace(f.Described) != "" && f.Described != f.DescribedBefore:
		return "the message \"" + dom.Clip(f.Described, 60) + "\""
	case strings.TrimSpace(f.Nearby) != "":
		return "the text \"" + dom.Clip(f.Nearby, 60) + "\" beside it"
	}
	for _, m := range f.Marks {
		if name, ok := strings.CutPrefix(m, "img:"); ok && strings.TrimSpace(name) != "" {
			return "an icon named \"" + dom.Clip(name, 40) + "\""
		}
		if v, ok := strings.CutPrefix(m, "content:"); ok {
			return "the generated mark " + dom.Clip(v, 40)
		}
	}
	return ""
}

// fieldMessage reports whether text m is one field's own message (beside
// it or tied to it), not a message about the whole form.
func fieldMessage(fp *page.FormProbe, m string) bool {
	m = strings.TrimSpace(m)
	for _, f := range fp.Fields {
		if strings.Contains(f.Nearby, m) || f.Described != f.DescribedBefore && strings.Contains(f.Described, m) {
			return true
		}
	}
	return false
}
