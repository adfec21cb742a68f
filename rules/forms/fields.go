package forms

import (
	"sort"
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// textField reports an input that takes typed text (the fields a label,
// placeholder or hint is written for).
func textField(p *page.Page, i int) bool {
	switch p.Tag(i) {
	case "textarea":
		return true
	case "input":
		switch dom.InputType(p, i) {
		case "text", "email", "tel", "url", "search", "password", "number", "date", "datetime-local", "month", "week", "time":
			return true
		}
	}
	return false
}

// field reports a rendered form control a label can name.
func field(p *page.Page, i int) bool {
	if !p.IsElement(i) || !p.Rendered(i) || !p.InAXTree(i) {
		return false
	}
	switch p.Tag(i) {
	case "select", "textarea":
		return true
	case "input":
		switch dom.InputType(p, i) {
		case "hidden", "submit", "reset", "button", "image":
			return false
		}
		return true
	}
	return false
}

func labelable(p *page.Page, i int) bool {
	switch p.Tag(i) {
	case "button", "meter", "output", "progress", "select", "textarea":
		return true
	case "input":
		return dom.InputType(p, i) != "hidden"
	}
	return false
}

// GroupName checks that radio buttons and checkboxes that share a name —
// one question with several answers — are grouped under a name of their
// own (WCAG 1.3.1, technique H71/ARIA17): a fieldset with a legend, or an
// element with role group or radiogroup and an accessible name. Without
// it, a screen reader announces "Yes" and "No" without the question. An
// empty legend is a failure: the group exists but has no name. A set
// outside any group is cantTell: the question may be part of every
// option's own label.
var GroupName = &rules.Rule{
	ID:     "field-group-name",
	Family: "forms",
	Title:  rules.Text{EN: "Groups of radio buttons and checkboxes have a group name", SV: "Grupper av radioknappar och kryssrutor har ett gruppnamn"},
	Help: rules.Text{
		EN: "Wrap the options of one question in a <fieldset> whose <legend> asks the question, or in an element with role=\"radiogroup\" (or \"group\") named with aria-labelledby.",
		SV: "Lägg alternativen till en fråga i en <fieldset> vars <legend> ställer frågan, eller i ett element med role=\"radiogroup\" (eller \"group\") som får namn med aria-labelledby.",
	},
	Manual: rules.Text{EN: "Listen to one option with a screen reader: is the question it answers announced with it?", SV: "Lyssna på ett alternativ med en skärmläsare: läses frågan det svarar på upp tillsammans med det?"},
	WCAG:   []string{"1.3.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"named":         {EN: "The {n} options are grouped as \"{name}\".", SV: "De {n} alternativen är grupperade som ”{name}”."},
		"empty-legend":  {EN: "The {n} options sit in a fieldset whose legend is empty, so the group has no name.", SV: "De {n} alternativen ligger i en fieldset vars legend är tom, så gruppen saknar namn."},
		"unnamed-group": {EN: "The {n} options sit in a {role} without a name; check that the question they answer is given to the group (aria-labelledby).", SV: "De {n} alternativen ligger i en {role} utan namn; kontrollera att frågan de svarar på ges till gruppen (aria-labelledby)."},
		"no-group":      {EN: "{n} options named \"{field}\" are not grouped; check whether each option's label says the question, or group them in a fieldset with a legend.", SV: "{n} alternativ med namnet ”{field}” är inte grupperade; kontrollera om varje alternativs etikett anger frågan, eller gruppera dem i en fieldset med legend."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		type key struct {
			doc, form int
			typ, name string
		}
		sets := map[key][]int{}
		var keys []key
		dom.Elements(p, func(i int) {
			if p.Tag(i) != "input" || !field(p, i) || dom.Disabled(p, i) {
				return
			}
			t := dom.InputType(p, i)
			if t != "radio" && t != "checkbox" {
				return
			}
			name, _ := p.Attr(i, "name")
			if strings.TrimSpace(name) == "" {
				return
			}
			form := -1
			p.Ancestors(i, func(a int) bool {
				if p.IsElement(a) && p.Tag(a) == "form" {
					form = a
					return false
				}
				return true
			})
			k := key{p.Nodes[i].Doc, form, t, name}
			if _, ok := sets[k]; !ok {
				keys = append(keys, k)
			}
			sets[k] = append(sets[k], i)
		})
		var out []rules.Result
		for _, k := range keys {
			members := sets[k]
			if len(members) < 2 {
				continue
			}
			n := strconv.Itoa(len(members))
			first := members[0]
			g := commonGroup(p, members)
			switch {
			case g < 0:
				out = append(out, rules.Cant(first, "no-group", "n", n, "field", k.name))
			case strings.TrimSpace(p.AXName(g)) != "":
				out = append(out, rules.Pass(first, "named", "n", n, "name", dom.Clip(p.AXName(g), 60)).With(g))
			case p.Tag(g) == "fieldset" && emptyLegend(p, g):
				out = append(out, rules.Fail(first, "empty-legend", "n", n).With(g))
			default:
				role := dom.Role(p, g)
				if p.Tag(g) == "fieldset" {
					role = "fieldset"
				}
				out = append(out, rules.Cant(first, "unnamed-group", "n", n, "role", role).With(g))
			}
		}
		sort.SliceStable(out, func(a, b int) bool { return out[a].Target < out[b].Target })
		return out
	},
}

// commonGroup returns the nearest fieldset or group/radiogroup element that
// holds all members, -1 when none does.
func commonGroup(p *page.Page, members []int) int {
	g := -1
	p.Ancestors(members[0], func(a int) bool {
		if !p.IsElement(a) {
			return true
		}
		if p.Tag(a) == "fieldset" || dom.Role(p, a) == "group" || dom.Role(p, a) == "radiogroup" {
			g = a
			return false
		}
		return true
	})
	if g < 0 {
		return -1
	}
	for _, m := range members[1:] {
		if !p.IsAncestor(g, m) {
			return -1
		}
	}
	return g
}

// emptyLegend reports a fieldset whose first legend child has no text.
func emptyLegend(p *page.Page, fs int) bool {
	for _, ch := range p.Children(fs) {
		if p.IsElement(ch) && p.Tag(ch) == "legend" {
			return strings.TrimSpace(p.Text(ch)) == ""
		}
	}
	return false
}

// LabelTarget checks that a label names the field it is written for (WCAG
// 1.3.1, 4.1.2; F68's cause): a for attribute that names an element no
// label can name, an id that two elements share (the label names only the
// first), a label wrapped around one field but pointing at another, and a
// field with several labels that say different things.
var LabelTarget = &rules.Rule{
	ID:     "label-target",
	Family: "forms",
	Title:  rules.Text{EN: "Labels point at the field they describe", SV: "Etiketter pekar på fältet de beskriver"},
	Help: rules.Text{
		EN: "Give each field a unique id and point its <label for> at that id; use one label per field (add hints with aria-describedby).",
		SV: "Ge varje fält ett unikt id och låt dess <label for> peka på det; använd en etikett per fält (lägg till hjälptexter med aria-describedby).",
	},
	Manual: rules.Text{EN: "Click each label: does the field it describes take focus? Listen to the field: is its label read, and only its own?", SV: "Klicka på varje etikett: får fältet den beskriver fokus? Lyssna på fältet: läses dess etikett upp, och bara dess egen?"},
	WCAG:   []string{"1.3.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"points-at-field": {EN: "The label names the field {field}.", SV: "Etiketten anger fältet {field}."},
		"not-a-field":     {EN: "The label's for=\"{id}\" names {target}, which is not a form field, so the label names nothing.", SV: "Etikettens for=\"{id}\" pekar på {target}, som inte är ett formulärfält, så etiketten anger inget fält."},
		"duplicate-id":    {EN: "The label's for=\"{id}\" matches {count} elements; it names only the first, {field}.", SV: "Etikettens for=\"{id}\" matchar {count} element; den anger bara det första, {field}."},
		"wraps-other":     {EN: "The label is wrapped around {inner} but its for names {field}; the wrapped field does not get this label.", SV: "Etiketten omsluter {inner} men dess for pekar på {field}; det omslutna fältet får inte etiketten."},
		"several-labels":  {EN: "The field has {count} labels (\"{texts}\"); check that they describe the same thing, or keep one and make the rest a description.", SV: "Fältet har {count} etiketter (”{texts}”); kontrollera att de beskriver samma sak, eller behåll en och gör resten till en beskrivning."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		labelsOf := map[int][]int{}
		dom.Elements(p, func(l int) {
			if p.Tag(l) != "label" || !p.Rendered(l) {
				return
			}
			var inner = -1
			p.Descendants(l, func(d int) bool {
				if inner < 0 && p.IsElement(d) && labelable(p, d) {
					inner = d
				}
				return inner < 0
			})
			id, hasFor := p.Attr(l, "for")
			id = strings.TrimSpace(id)
			if !hasFor || id == "" {
				if inner >= 0 && field(p, inner) {
					labelsOf[inner] = append(labelsOf[inner], l)
				}
				return
			}
			all := p.ElementsByID(p.Scope(l), id)
			if len(all) == 0 {
				return // idref-exists reports a for that names nothing
			}
			target := all[0]
			switch {
			case !labelable(p, target):
				out = append(out, rules.Fail(l, "not-a-field", "id", id, "target", p.Snippet(target, 60)).With(target))
			case len(all) > 1:
				out = append(out, rules.Fail(l, "duplicate-id", "id", id, "count", strconv.Itoa(len(all)), "field", p.Snippet(target, 60)).With(all...))
			case inner >= 0 && inner != target && field(p, inner):
				out = append(out, rules.Fail(l, "wraps-other", "inner", p.Snippet(inner, 60), "field", p.Snippet(target, 60)).With(inner, target))
			default:
				if field(p, target) {
					labelsOf[target] = append(labelsOf[target], l)
					out = append(out, rules.Pass(l, "points-at-field", "field", p.Snippet(target, 60)).With(target))
				}
			}
		})
		var fields []int
		for f := range labelsOf {
			fields = append(fields, f)
		}
		sort.Ints(fields)
		for _, f := range fields {
			ls := labelsOf[f]
			if len(ls) < 2 {
				continue
			}
			seen := map[string]bool{}
			var texts []string
			for _, l := range ls {
				t := strings.Join(strings.Fields(p.Text(l)), " ")
				if t != "" && !seen[strings.ToLower(t)] {
					seen[strings.ToLower(t)] = true
					texts = append(texts, dom.Clip(t, 40))
				}
			}
			if len(texts) > 1 {
				out = append(out, rules.Cant(f, "several-labels", "count", strconv.Itoa(len(ls)), "texts", strings.Join(texts, "\", \"")).With(ls...))
			}
		}
		sort.SliceStable(out, func(a, b int) bool { return out[a].Target < out[b].Target })
		return out
	},
}

// visibleLabel reports whether a label element of field i shows text.
func visibleLabel(p *page.Page, i int) bool {
	for l := range labelsOf(p, i) {
		if dom.Visible(p, l) && strings.TrimSpace(p.Text(l)) != "" {
			return true
		}
	}
	return false
}

// PlaceholderLabel points out text fields whose only label is the
// placeholder (or a title), which disappears as soon as one types and is
// often too faint to read (WCAG 3.3.2, F? none; Understanding 3.3.2).
// cantTell: whether the remaining context makes the field clear is a
// person's judgement.
var PlaceholderLabel = &rules.Rule{
	ID:     "placeholder-label",
	Family: "forms",
	Title:  rules.Text{EN: "Fields have a label that stays visible", SV: "Fält har en etikett som förblir synlig"},
	Help: rules.Text{
		EN: "Give the field a visible <label>; keep the placeholder for an example of the format, if at all.",
		SV: "Ge fältet en synlig <label>; använd platshållaren för ett exempel på formatet, om alls.",
	},
	Manual: rules.Text{EN: "Type in the field: once the placeholder is gone, can you still tell what the field asks for?", SV: "Skriv i fältet: när platshållaren försvunnit, går det fortfarande att se vad fältet frågar efter?"},
	WCAG:   []string{"3.3.2"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"labelled":         {EN: "The field is labelled by its {from}.", SV: "Fältet får sitt namn från {from}."},
		"placeholder-only": {EN: "The field's only label is its {from} \"{name}\", which is gone once you type; check that a visible label or instruction remains.", SV: "Fältets enda etikett är dess {from} ”{name}”, som försvinner när man skriver; kontrollera att en synlig etikett eller instruktion finns kvar."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if textField(p, i) && field(p, i) && strings.TrimSpace(p.AXName(i)) != "" {
				if _, ok := p.Attr(i, "placeholder"); ok {
					out = append(out, i)
				}
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		from := ""
		if ax := p.Nodes[i].AX; ax != nil {
			from = ax.NameFrom
		}
		switch from {
		case "placeholder", "title", "attribute":
			if from == "attribute" {
				// Chrome says "attribute" for aria-label and for
				// placeholder alike: tell them apart by the name.
				ph, _ := p.Attr(i, "placeholder")
				if strings.TrimSpace(ph) != strings.TrimSpace(p.AXName(i)) {
					return rules.Pass(i, "labelled", "from", from)
				}
				from = "placeholder"
			}
			return rules.Cant(i, "placeholder-only", "from", from, "name", dom.Clip(p.AXName(i), 60))
		case "aria-label":
			// An aria-label is heard, not seen: when it only repeats the
			// placeholder and no label shows, the placeholder is still the
			// one label a sighted user gets.
			ph, _ := p.Attr(i, "placeholder")
			if dom.Fold(strings.TrimSpace(ph)) == dom.Fold(strings.TrimSpace(p.AXName(i))) && !visibleLabel(p, i) {
				return rules.Cant(i, "placeholder-only", "from", "placeholder", "name", dom.Clip(p.AXName(i), 60))
			}
		}
		return rules.Pass(i, "labelled", "from", from)
	},
}
