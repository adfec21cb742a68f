package forms

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
	"github.com/granska/granska/rules/internal/stem"
)

// A hint is text that tells what a field accepts: a format mask
// ("ÅÅÅÅ-MM-DD", "DD/MM/YYYY", "HH:MM"), a bound with a unit ("at least 8
// characters", "högst 5 MB"), an allowed list of file types, or an example
// ("t.ex. 0701234567"). The words are stems, so inflections and compounds
// of other phrasings match too.
var (
	number     = regexp.MustCompile(`\d`)
	numbers    = regexp.MustCompile(`\d+`)
	boundWords = stem.NewSet(
		// en
		"at least", "at most", "minimum*", "maximum*", "max", "min", "up to", "no more than", "no longer than",
		"between", "exactly", "must", "only", "limit*", "less than", "fewer than", "more than", "or more", "or fewer", "or less",
		// sv / da / no / de
		"minst", "högst", "max*", "min*", "upp till", "mellan", "exakt", "måste", "endast", "bara", "högsta", "lägsta",
		"eller fler", "eller mer", "eller mindre", "mindst", "maks*", "höchstens", "mindestens", "bis zu", "oder mehr",
	)
	unitWords = stem.NewSet(
		"character*", "char", "chars", "letter*", "digit*", "number*", "word*", "symbol*",
		"mb", "kb", "gb", "megabyte*", "kilobyte*", "byte*", "file*", "page*",
		"tecken", "bokstav*", "bokstäver", "siffr*", "tal", "ord", "symbol*", "fil*", "sid*",
		"tegn", "cifre", "zeichen", "ziffer*", "buchstab*", "datei*",
	)
	fileTypes   = stem.NewSet("pdf", "doc", "docx", "rtf", "odt", "txt", "jpg", "jpeg", "png", "gif", "heic", "pages")
	formatWords = stem.NewSet(
		"format*", "example*", "e g", "for instance", "such as", "like", "pattern*",
		"exempel*", "t ex", "tex", "till exempel", "formatet", "enligt", "skrivs",
		"eksempel*", "f eks", "beispiel*", "z b",
	)
)

// hintKind says why text reads as a field's hint, "" when it does not.
func hintKind(text string) string {
	w := stem.Words(text)
	switch {
	case len(w) == 0 || len(w) > 30:
		return ""
	case hasMask(text):
		return "format"
	case number.MatchString(text) && boundWords.Has(w) && unitWords.Has(w):
		return "limit"
	case countHits(fileTypes, w) >= 2 || countHits(fileTypes, w) >= 1 && (number.MatchString(text) || formatWords.Has(w)):
		return "file-types"
	case formatWords.Has(w) && number.MatchString(text):
		return "example"
	}
	return ""
}

// hasMask reports whether s holds a format mask: runs of one placeholder
// letter repeated two to four times (YYYY, ÅÅ, MM, DD, hh, XXXX, NNNN),
// either joined by separators ("ÅÅÅÅ-MM-DD", "dd.mm.yyyy", "hh:mm",
// "ÅÅMMDD-XXXX") or three runs in a row ("YYYYMMDD").
func hasMask(s string) bool {
	for _, f := range strings.Fields(s) {
		f = strings.Trim(f, "()[],;\"'”“")
		parts := strings.FieldsFunc(f, func(r rune) bool { return strings.ContainsRune("-./:", r) })
		if len(parts) == 0 {
			continue
		}
		runs, ok := 0, true
		for _, part := range parts {
			n, good := maskRuns(part)
			runs += n
			ok = ok && good
		}
		if ok && (len(parts) >= 2 || runs >= 3) {
			return true
		}
	}
	return false
}

// maskRuns splits a word into runs of one mask letter; ok is false when
// a letter is not a mask letter or a run is shorter than 2 or longer than 4.
func maskRuns(w string) (int, bool) {
	rs := []rune(strings.ToLower(w))
	n := 0
	for k := 0; k < len(rs); {
		if !strings.ContainsRune("yåjtdmhnxs", rs[k]) {
			return 0, false
		}
		e := k
		for e < len(rs) && rs[e] == rs[k] {
			e++
		}
		if e-k < 2 || e-k > 4 {
			return 0, false
		}
		n++
		k = e
	}
	return n, n > 0
}

func countHits(s stem.Set, words []string) int {
	n := 0
	for k := range words {
		if s.Has(words[k : k+1]) {
			n++
		}
	}
	return n
}

// hintField reports a field a written instruction about format or limits
// is for: typed text, dates and files.
func hintField(p *page.Page, i int) bool {
	if !field(p, i) {
		return false
	}
	return textField(p, i) || p.Tag(i) == "input" && dom.InputType(p, i) == "file"
}

// fieldRow is the largest ancestor of field i, at most four levels up and
// inside its form or fieldset, that holds no other field: the box that
// visually belongs to this field (its label, hint and error).
func fieldRow(p *page.Page, i int) int {
	row := -1
	a := p.ParentElement(i)
	for up := 0; a >= 0 && up < 4; up++ {
		switch p.Tag(a) {
		case "form", "fieldset", "body", "html", "main", "table":
			return row
		}
		others := false
		p.Descendants(a, func(d int) bool {
			if d != i && p.IsElement(d) && field(p, d) {
				others = true
			}
			return !others
		})
		if others {
			return row
		}
		row = a
		a = p.ParentElement(a)
	}
	return row
}

// hintIn returns the first element of row (outside field i and the
// elements that give it its name) whose own visible text reads as a hint.
func hintIn(p *page.Page, row, i int, skip map[int]bool) (int, string, string) {
	found, text, kind := -1, "", ""
	p.Descendants(row, func(d int) bool {
		if found >= 0 {
			return false
		}
		if d == i || skip[d] {
			return false
		}
		if !p.IsElement(d) || p.Nodes[d].Pseudo != "" {
			return true
		}
		switch p.Tag(d) {
		case "label", "legend", "input", "select", "textarea", "button", "script", "style", "template", "option":
			return false
		}
		t := page.Collapse(ownText(p, d))
		if t == "" || !dom.Visible(p, d) || dom.ARIAHidden(p, d) {
			return true
		}
		if k := hintKind(t); k != "" {
			found, text, kind = d, t, k
			return false
		}
		return true
	})
	return found, text, kind
}

// ownText is the text of i's text children and inline descendants, not
// of block children (which are candidates of their own).
func ownText(p *page.Page, i int) string {
	var b strings.Builder
	var walk func(n int)
	walk = func(n int) {
		for _, c := range p.Children(n) {
			if !p.IsElement(c) {
				if p.Nodes[c].Type == page.TextNode {
					b.WriteString(p.Nodes[c].Value)
					b.WriteByte(' ')
				}
				continue
			}
			if d := p.Style(c, "display"); d == "inline" || d == "inline-block" || d == "contents" {
				walk(c)
			}
		}
	}
	walk(i)
	return b.String()
}

// nameAndDescription returns the field's accessible name and description, folded.
func nameAndDescription(p *page.Page, i int) string {
	s := p.AXName(i)
	if ax := p.Nodes[i].AX; ax != nil {
		s += " " + ax.Description
	}
	return dom.Fold(page.Collapse(s))
}

// enforced reports whether the field's own attributes state the limit the
// hint states (a minlength, maxlength, min, max or pattern length the text
// names, or a file type the accept list allows): then the hint is this
// field's for certain.
func enforced(p *page.Page, i int, text, kind string) bool {
	nums := numbers.FindAllString(text, -1)
	for _, a := range []string{"minlength", "maxlength", "min", "max", "size"} {
		v, ok := p.Attr(i, a)
		if !ok {
			continue
		}
		for _, n := range nums {
			if strings.TrimSpace(v) == n {
				return true
			}
		}
	}
	if kind == "format" {
		if pat, ok := p.Attr(i, "pattern"); ok && strings.TrimSpace(pat) != "" {
			return true
		}
	}
	if acc, ok := p.Attr(i, "accept"); ok && countHits(fileTypes, stem.Words(text)) > 0 {
		w := stem.Words(text)
		for _, t := range strings.Split(page.Lower(acc), ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), ".")
			if t != "" && stem.NewSet(t).Has(w) {
				return true
			}
		}
	}
	return false
}

// HintAssociated checks that a visible instruction about what a field
// accepts — a format, a length, a size or the file types — is part of the
// field's name or description (WCAG 1.3.1 and 3.3.2; techniques ARIA1 and
// G89; the cause of F68-like failures for instructions). Placed next to a
// field but not tied to it, the hint is seen but never heard: a screen
// reader user tabbing through the form gets "Date of birth, edit text"
// and not "YYYY-MM-DD". Failed where the field's own attributes enforce
// what the text says (minlength, maxlength, accept, pattern); otherwise
// cantTell: whether the text is this field's instruction is a person's call.
var HintAssociated = &rules.Rule{
	ID:     "hint-associated",
	Family: "forms",
	Title:  rules.Text{EN: "Instructions next to a field are tied to it", SV: "Instruktioner vid ett fält är kopplade till det"},
	Help: rules.Text{
		EN: "Give the hint an id and point the field's aria-describedby at it (or put the hint inside the label), so it is read with the field.",
		SV: "Ge hjälptexten ett id och låt fältets aria-describedby peka på det (eller lägg hjälptexten i etiketten), så att den läses upp med fältet.",
	},
	Manual: rules.Text{
		EN: "Tab to the field with a screen reader: are the format and limits written beside it read too?",
		SV: "Tabba till fältet med skärmläsare: läses även formatet och gränserna som står bredvid upp?",
	},
	WCAG:   []string{"1.3.1", "3.3.2"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"associated":     {EN: "The hint \"{hint}\" is part of the field's name or description.", SV: "Hjälptexten ”{hint}” ingår i fältets namn eller beskrivning."},
		"not-associated": {EN: "The hint \"{hint}\" beside the field states the limit its {attr} enforces, but it is not in the field's name or description (aria-describedby).", SV: "Hjälptexten ”{hint}” bredvid fältet anger gränsen som dess {attr} upprätthåller, men den ingår inte i fältets namn eller beskrivning (aria-describedby)."},
		"maybe-hint":     {EN: "Is \"{hint}\", written beside the field \"{name}\", an instruction for it? It is not in the field's name or description: if it is, tie it with aria-describedby.", SV: "Är ”{hint}”, som står bredvid fältet ”{name}”, en instruktion för det? Texten ingår inte i fältets namn eller beskrivning: är den det, koppla den med aria-describedby."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if !hintField(p, i) || dom.Disabled(p, i) {
				return
			}
			if row := fieldRow(p, i); row >= 0 {
				if h, _, _ := hintIn(p, row, i, labelsOf(p, i)); h >= 0 {
					out = append(out, i)
				}
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		h, text, kind := hintIn(p, fieldRow(p, i), i, labelsOf(p, i))
		clip := dom.Clip(text, 80)
		if strings.Contains(nameAndDescription(p, i), dom.Fold(text)) {
			return rules.Pass(i, "associated", "hint", clip).With(h)
		}
		if enforced(p, i, text, kind) {
			return rules.Fail(i, "not-associated", "hint", clip, "attr", enforcingAttr(p, i, kind)).With(h)
		}
		return rules.Cant(i, "maybe-hint", "hint", clip, "name", dom.Clip(p.AXName(i), 60)).With(h)
	},
}

func enforcingAttr(p *page.Page, i int, kind string) string {
	switch {
	case p.HasAttr(i, "accept") && dom.InputType(p, i) == "file":
		return "accept"
	case kind == "format" && p.HasAttr(i, "pattern"):
		return "pattern"
	}
	for _, a := range []string{"minlength", "maxlength", "min", "max", "size"} {
		if p.HasAttr(i, a) {
			return a + "=" + strconv.Quote(attr(p, i, a))
		}
	}
	return "attributes"
}

func attr(p *page.Page, i int, name string) string { v, _ := p.Attr(i, name); return v }

// labelsOf is the set of label elements of field i (wrapping it or
// pointing at it): their text is the name, not a hint.
func labelsOf(p *page.Page, i int) map[int]bool {
	out := map[int]bool{}
	for a := p.ParentElement(i); a >= 0; a = p.ParentElement(a) {
		if p.Tag(a) == "label" {
			out[a] = true
		}
	}
	if id, ok := p.Attr(i, "id"); ok && id != "" {
		dom.Elements(p, func(l int) {
			if p.Tag(l) == "label" && strings.TrimSpace(attr(p, l, "for")) == id {
				out[l] = true
			}
		})
	}
	for _, a := range []string{"aria-labelledby"} {
		for _, id := range dom.IDRefs(attr(p, i, a)) {
			if e, ok := p.ElementByID(i, id); ok {
				out[e] = true
			}
		}
	}
	return out
}
