package consent

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Application-form accessibility that the generic rules miss: the CV
// upload, what files it takes, the phone country picker, and required
// fields. Family "forms"; they live here because they share the
// personal-data form recognition.

// fieldRow returns the container of a form field: its nearest ancestor
// with class "field"-like grouping, approximated as the largest ancestor
// that holds no other text field (file inputs and their buttons allowed).
func fieldRow(p *page.Page, i int) int {
	row := p.ParentElement(i)
	for x := row; x >= 0; x = p.ParentElement(x) {
		if x == p.Root() || p.Tag(x) == "form" || p.Tag(x) == "body" || p.Tag(x) == "fieldset" {
			break
		}
		other := false
		p.Descendants(x, func(d int) bool {
			if other || d == i || !p.IsElement(d) {
				return !other
			}
			switch p.Tag(d) {
			case "input":
				t := page.Lower(attr(p, d, "type"))
				if t != "hidden" && t != "button" && t != "file" {
					other = true
				}
			case "select", "textarea":
				other = true
			}
			return !other
		})
		if other || len([]rune(p.Text(x))) > 400 {
			break
		}
		row = x
	}
	return row
}

// focusable reports whether element d takes keyboard focus.
func focusable(p *page.Page, d int) bool {
	if p.AXProp(d, "focusable") == "true" && p.Rendered(d) {
		return true
	}
	for _, o := range p.Focus.Order {
		if o == d {
			return true
		}
	}
	return false
}

func fileInputs(c *rules.Ctx) []int {
	p := c.Page
	var out []int
	for _, f := range Analyze(c).Forms {
		p.Descendants(f.Node, func(d int) bool {
			if p.IsElement(d) && p.Tag(d) == "input" && page.Lower(attr(p, d, "type")) == "file" {
				out = append(out, d)
			}
			return true
		})
	}
	return out
}

var chooseWords = dom.NewPhrases("välj fil*", "välj en fil", "bläddra", "ladda upp", "bifoga*", "lägg till", "choose*", "browse", "upload", "attach*", "select file*", "add file*")

// CVUpload: the CV can be uploaded without dragging and with the keyboard.
var CVUpload = &rules.Rule{
	ID:     "cv-upload-operable",
	Family: "forms",
	Title:  rules.Text{EN: "Files can be uploaded without dragging", SV: "Filer kan laddas upp utan att dra"},
	Help: rules.Text{
		EN: "Keep a visible, focusable file button (the <input type=file> itself, or a button that opens it) next to the drop zone.",
		SV: "Behåll en synlig, fokuserbar filknapp (själva <input type=file>, eller en knapp som öppnar den) bredvid släppytan.",
	},
	Manual:   rules.Text{EN: "Upload a CV using only the keyboard.", SV: "Ladda upp ett CV med bara tangentbordet."},
	WCAG:     []string{"2.1.1", "2.5.7"},
	Legal:    []string{lawArt7_2},
	Severity: rules.Risk,
	Impact:   rules.Critical,
	Codes: map[string]rules.Text{
		"operable":   {EN: "The file field can be reached with the keyboard and used without dragging.", SV: "Filfältet går att nå med tangentbordet och använda utan att dra."},
		"via-button": {EN: "The file field is hidden, but \"{name}\" opens it.", SV: "Filfältet är dolt, men ”{name}” öppnar det."},
		"drag-only":  {EN: "The file field is hidden and nothing focusable opens it: the file can only be dragged in (\"{text}\").", SV: "Filfältet är dolt och inget fokuserbart öppnar det: filen kan bara dras dit (”{text}”)."},
		"maybe":      {EN: "The file field is hidden; check whether \"{name}\" opens the file dialog from the keyboard.", SV: "Filfältet är dolt; kontrollera om ”{name}” öppnar fildialogen från tangentbordet."},
	},
	Applies: fileInputs,
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if p.Rendered(i) && p.InAXTree(i) && focusable(p, i) {
			return rules.Pass(i, "operable")
		}
		row := fieldRow(p, i)
		cand := -1
		p.Descendants(row, func(d int) bool {
			if cand >= 0 || !p.IsElement(d) {
				return cand < 0
			}
			if d != i && focusable(p, d) {
				r := dom.Role(p, d)
				if r == "button" || r == "link" || p.Nodes[d].Clickable {
					cand = d
				}
			}
			return cand < 0
		})
		if cand >= 0 {
			name := p.AXName(cand)
			if chooseWords.Has(dom.Fold(name)) || cvLabels.Has(dom.Fold(name)) {
				return rules.Pass(i, "via-button", "name", short(name, 60)).With(cand)
			}
			return rules.Cant(i, "maybe", "name", short(name, 60)).With(cand)
		}
		return rules.Fail(i, "drag-only", "text", short(p.Text(row), 80)).With(row)
	},
}

// FileFormats: accepted formats and size limits are stated before upload.
var FileFormats = &rules.Rule{
	ID:     "file-formats-stated",
	Family: "forms",
	Title:  rules.Text{EN: "Accepted file types and sizes are stated before upload", SV: "Tillåtna filtyper och storlekar anges före uppladdning"},
	Help: rules.Text{
		EN: "Say next to the file field which formats it takes and how large a file may be, and tie the hint to the field with aria-describedby.",
		SV: "Skriv vid filfältet vilka format det tar emot och hur stor filen får vara, och koppla tipset till fältet med aria-describedby.",
	},
	Manual:   rules.Text{EN: "Check that the formats and size limit are stated before upload.", SV: "Kontrollera att format och storleksgräns anges före uppladdning."},
	WCAG:     []string{"3.3.2"},
	Legal:    []string{lawArt12_1},
	Severity: rules.Info,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"stated":     {EN: "The file field says what it takes: \"{text}\".", SV: "Filfältet säger vad det tar emot: ”{text}”."},
		"not-stated": {EN: "No accepted formats or size limit found at the file field (accept=\"{accept}\"): check the instructions.", SV: "Inga tillåtna format eller storleksgräns hittades vid filfältet (accept=”{accept}”): kontrollera instruktionerna."},
	},
	Applies: fileInputs,
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		raw := p.Text(fieldRow(p, i)) + " " + axDescription(p, i)
		t := dom.Fold(raw)
		if h, ok := formatWords.Find(t); ok {
			return rules.Pass(i, "stated", "text", excerpt(t, h))
		}
		return rules.Cant(i, "not-stated", "accept", attr(p, i, "accept"))
	},
}

// PhoneCountry: the phone country picker is named after its purpose and
// can be used with the keyboard.
var PhoneCountry = &rules.Rule{
	ID:     "phone-country-picker",
	Family: "forms",
	Title:  rules.Text{EN: "The phone country picker is labelled and keyboard operable", SV: "Landsväljaren för telefonnummer har en etikett och fungerar med tangentbordet"},
	Help: rules.Text{
		EN: "Use a <select>, or a combobox that follows the ARIA pattern (arrow keys, Enter, Escape), and tie its visible label (\"Country code\") to it.",
		SV: "Använd en <select>, eller en kombinationsruta enligt ARIA-mönstret (piltangenter, Enter, Escape), och koppla dess synliga etikett (”Landsnummer”) till den.",
	},
	Manual:   rules.Text{EN: "Open the picker with the keyboard, move with the arrow keys, choose with Enter and leave with Escape.", SV: "Öppna väljaren med tangentbordet, flytta med piltangenterna, välj med Enter och lämna med Escape."},
	WCAG:     []string{"1.3.1", "2.1.1", "4.1.2"},
	Legal:    []string{lawArt7_2},
	Severity: rules.Risk,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"native":        {EN: "The country picker is a native select named \"{name}\".", SV: "Landsväljaren är en inbyggd select med namnet ”{name}”."},
		"custom":        {EN: "The country picker is a custom widget named \"{name}\": check that arrow keys, Enter and Escape work.", SV: "Landsväljaren är en egen komponent med namnet ”{name}”: kontrollera att piltangenter, Enter och Escape fungerar."},
		"not-labelled":  {EN: "The country picker is named \"{name}\"; its visible label \"{label}\" is not tied to it.", SV: "Landsväljaren heter ”{name}”; dess synliga etikett ”{label}” är inte kopplad till den."},
		"no-name":       {EN: "The country picker has no accessible name.", SV: "Landsväljaren saknar tillgängligt namn."},
		"not-focusable": {EN: "The country picker cannot be reached with the keyboard.", SV: "Landsväljaren går inte att nå med tangentbordet."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for _, f := range Analyze(c).Forms {
			p.Descendants(f.Node, func(d int) bool {
				if p.IsElement(d) && p.Rendered(d) && countryPicker(p, d) {
					out = append(out, d)
					return false
				}
				return true
			})
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		name := strings.TrimSpace(p.AXName(i))
		if name == "" {
			return rules.Fail(i, "no-name")
		}
		if !focusable(p, i) {
			return rules.Fail(i, "not-focusable")
		}
		if !countryWords.Has(dom.Fold(name)) {
			if label := nearbyLabel(p, i); label != "" {
				return rules.Fail(i, "not-labelled", "name", short(name, 60), "label", short(label, 40))
			}
		}
		if p.Tag(i) == "select" {
			return rules.Pass(i, "native", "name", short(name, 60))
		}
		return rules.Cant(i, "custom", "name", short(name, 60))
	},
}

// nearbyLabel looks up to three ancestors of picker i for a short text
// that names a country code (outside the picker's options), the label that
// is shown but not tied to it.
func nearbyLabel(p *page.Page, i int) string {
	x := i
	for k := 0; k < 3; k++ {
		x = p.ParentElement(x)
		if x < 0 || p.Tag(x) == "form" || p.Tag(x) == "fieldset" {
			return ""
		}
		label := ""
		p.Descendants(x, func(d int) bool {
			if label != "" || !p.IsElement(d) || d == i {
				return false
			}
			if r := dom.Role(p, d); r == "listbox" || r == "option" || p.Tag(d) == "option" || !p.Rendered(d) {
				return false
			}
			if t := ownText(p, d); t != "" && len([]rune(t)) < 40 && countryWords.Has(dom.Fold(t)) {
				label = t
			}
			return label == ""
		})
		if label != "" {
			return label
		}
	}
	return ""
}

// countryPicker recognises a phone country picker: a select or popup
// trigger whose options are many countries with dial codes.
func countryPicker(p *page.Page, d int) bool {
	switch {
	case p.Tag(d) == "select":
	case page.Lower(attr(p, d, "aria-haspopup")) == "listbox", dom.Role(p, d) == "combobox":
	default:
		return false
	}
	// Many options with "+NN" dial codes under the control's field.
	options, dial := 0, 0
	row := fieldRow(p, d)
	p.Descendants(row, func(x int) bool {
		if p.IsElement(x) && (p.Tag(x) == "option" || dom.HasExplicitRole(p, x, "option")) {
			options++
			if strings.Contains(p.Text(x), "+") {
				dial++
			}
			return false
		}
		return true
	})
	return options >= 20 && dial*2 >= options || countryWords.Has(dom.Fold(p.AXName(d))) && options >= 20
}

// ownText returns the text of d's own text-node children.
func ownText(p *page.Page, d int) string {
	var b strings.Builder
	for _, ch := range p.Children(d) {
		if p.Nodes[ch].Type == page.TextNode {
			b.WriteString(p.Nodes[ch].Value)
		}
	}
	return strings.TrimSpace(page.Collapse(b.String()))
}

var allRequired = dom.NewPhrases("alla fält är obligatoriska", "alla fält måste fyllas i", "all fields are required", "all fields are mandatory")

// RequiredMarked: fields marked required on screen are required in code,
// and the other way round.
var RequiredMarked = &rules.Rule{
	ID:     "required-marked",
	Family: "forms",
	Title:  rules.Text{EN: "Required fields are marked alike on screen and in code", SV: "Obligatoriska fält är markerade likadant på skärmen och i koden"},
	Help: rules.Text{
		EN: "Give every field marked with an asterisk (or \"required\") the required attribute (or aria-required=\"true\"), and mark every required field visibly, explaining the asterisk.",
		SV: "Ge varje fält som är markerat med asterisk (eller ”obligatoriskt”) attributet required (eller aria-required=\"true\"), och markera varje obligatoriskt fält synligt, med en förklaring av asterisken.",
	},
	Manual:   rules.Text{EN: "Compare which fields look required with which a screen reader announces as required.", SV: "Jämför vilka fält som ser obligatoriska ut med vilka en skärmläsare säger är obligatoriska."},
	WCAG:     []string{"1.3.1", "3.3.2"},
	Legal:    []string{lawArt13 + " (whether providing the data is required)"},
	Severity: rules.Risk,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"consistent":        {EN: "Marked required on screen and in code alike.", SV: "Markerat som obligatoriskt på skärmen och i koden."},
		"visual-only":       {EN: "The field is marked required on screen (\"{label}\") but not in code.", SV: "Fältet är markerat som obligatoriskt på skärmen (”{label}”) men inte i koden."},
		"programmatic-only": {EN: "The field is required in code, but its label (\"{label}\") does not say so.", SV: "Fältet är obligatoriskt i koden, men dess etikett (”{label}”) säger det inte."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for _, f := range Analyze(c).Forms {
			p.Descendants(f.Node, func(d int) bool {
				if !p.IsElement(d) {
					return true
				}
				switch p.Tag(d) {
				case "input":
					switch page.Lower(attr(p, d, "type")) {
					case "hidden", "submit", "button", "reset", "image", "radio":
						return true
					}
				case "select", "textarea":
				default:
					return true
				}
				if p.Rendered(d) && p.InAXTree(d) {
					out = append(out, d)
				}
				return true
			})
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		prog := p.HasAttr(i, "required") || page.Lower(attr(p, i, "aria-required")) == "true" || p.AXProp(i, "required") == "true"
		label := labelText(p, i)
		t := dom.Fold(label)
		visual := strings.Contains(label, "*") || requiredWords.Has(t)
		switch {
		case prog == visual:
			return rules.Pass(i, "consistent")
		case visual:
			return rules.Fail(i, "visual-only", "label", short(label, 80))
		}
		// Required in code only: fine when the form says all fields are.
		for _, f := range Analyze(c).Forms {
			if p.IsAncestor(f.Node, i) && allRequired.Has(dom.Fold(p.Text(f.Region))) {
				return rules.Pass(i, "consistent")
			}
		}
		return rules.Cant(i, "programmatic-only", "label", short(label, 80))
	},
}

// labelText returns the visible text of a field's labels (wrapping or
// label[for]), or its accessible name when it has none.
func labelText(p *page.Page, i int) string {
	var parts []string
	for x := p.ParentElement(i); x >= 0 && x != p.Root(); x = p.ParentElement(x) {
		if p.Tag(x) == "label" {
			parts = append(parts, p.Text(x))
			break
		}
	}
	if id, ok := p.Attr(i, "id"); ok && id != "" {
		dom.Elements(p, func(l int) {
			if p.Tag(l) == "label" && attr(p, l, "for") == id {
				parts = append(parts, p.Text(l))
			}
		})
	}
	if len(parts) == 0 {
		return p.AXName(i)
	}
	return strings.Join(parts, " ")
}
