package names

import (
	"slices"
	"strings"
	"unicode"

	"github.com/granska/granska/internal/standards/ariaspec"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// LabelInName checks that a widget named by aria-label or aria-labelledby
// has its visible text in its accessible name, so that speech users can
// say what they see (ACT 2ee8b8, SC 2.5.3).
//
// Text is compared word by word after lower-casing and dropping what is not
// a letter or digit (punctuation and symbols express no words). The visible
// text must occur in the name as a run of whole words. Near matches a
// person must judge (an abbreviation such as "Ave." for "Avenue", words
// joined by a hyphen or apostrophe in one and not the other, a format hint
// in parentheses, a single letter used as a symbol such as "X", text in an
// icon font) are cantTell.
var LabelInName = &rules.Rule{
	ID:     "label-in-name",
	Family: "names",
	Title:  rules.Text{EN: "Visible label is part of the accessible name", SV: "Den synliga etiketten ingår i det tillgängliga namnet"},
	Help: rules.Text{
		EN: "Start the aria-label (or the text aria-labelledby points to) with the words the control shows, in the same order, or remove the aria-label so the visible text names the control.",
		SV: "Låt aria-label (eller texten som aria-labelledby pekar på) börja med de ord som kontrollen visar, i samma ordning, eller ta bort aria-label så att den synliga texten blir namnet.",
	},
	Manual: rules.Text{EN: "Check that the accessible name contains the visible label, so a speech user can activate the control by saying it.", SV: "Kontrollera att det tillgängliga namnet innehåller den synliga etiketten, så att den som styr med rösten kan aktivera kontrollen genom att säga den."},
	WCAG:   []string{"2.5.3"},
	ACT:    []string{"2ee8b8"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"contained":     {EN: "The visible text \"{label}\" is part of the name \"{name}\".", SV: "Den synliga texten ”{label}” ingår i namnet ”{name}”."},
		"not-contained": {EN: "The visible text \"{label}\" is not part of the accessible name \"{name}\".", SV: "Den synliga texten ”{label}” ingår inte i det tillgängliga namnet ”{name}”."},
		"near-match":    {EN: "The visible text \"{label}\" nearly matches the name \"{name}\" (abbreviation, hyphenation or a hint in parentheses): check that the name holds the label.", SV: "Den synliga texten ”{label}” liknar namnet ”{name}” (förkortning, bindestreck eller en ledtråd inom parentes): kontrollera att namnet innehåller etiketten."},
		"symbol":        {EN: "The visible text \"{label}\" may be a symbol rather than a label: check the name \"{name}\".", SV: "Den synliga texten ”{label}” kan vara en symbol snarare än en etikett: kontrollera namnet ”{name}”."},
	},
	Applies: inTree(func(c *rules.Ctx, i int) bool {
		p := c.Page
		if !dom.HasARIALabel(p, i) {
			return false
		}
		r, ok := ariaspec.LookupRole(dom.Role(p, i))
		if !ok || !r.Widget || !slices.Contains(r.NameFrom, "contents") {
			return false
		}
		text, icon := dom.VisibleText(p, i)
		return len(words(text)) > 0 || icon
	}),
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		label, icon := dom.VisibleText(p, i)
		name := p.AXName(i)
		lw, nw := words(label), words(name)
		switch {
		case len(lw) == 0:
			return rules.Cant(i, "symbol", "label", label, "name", name)
		case runIn(lw, nw, nil):
			return rules.Pass(i, "contained", "label", label, "name", name)
		case len(lw) == 1 && len([]rune(lw[0])) == 1 && unicode.IsLetter([]rune(lw[0])[0]):
			return rules.Cant(i, "symbol", "label", label, "name", name)
		case icon:
			return rules.Cant(i, "symbol", "label", label, "name", name)
		}
		ll, abbr := looseWords(withoutParens(label))
		nl, _ := looseWords(name)
		if len(ll) > 0 && runIn(ll, nl, abbr) {
			return rules.Cant(i, "near-match", "label", label, "name", name)
		}
		return rules.Fail(i, "not-contained", "label", label, "name", name)
	},
}

// alnum reports whether r is part of a word: a letter, digit or combining
// mark.
func alnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }

// words lower-cases s and splits it into words of letters and digits;
// everything else separates words.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !alnum(r) })
}

// looseWords is words, except that punctuation between two letters or
// digits joins them ("non-standard" → "nonstandard", "don't" → "dont"),
// and abbr marks the words that end in a full stop ("Ave.").
func looseWords(s string) (ws []string, abbr []bool) {
	rs := []rune(strings.ToLower(s))
	var cur []rune
	flush := func(dot bool) {
		if len(cur) > 0 {
			ws = append(ws, string(cur))
			abbr = append(abbr, dot)
			cur = cur[:0]
		}
	}
	for k, r := range rs {
		switch {
		case alnum(r):
			cur = append(cur, r)
		case len(cur) > 0 && k+1 < len(rs) && alnum(rs[k+1]) && !unicode.IsSpace(r):
			// joiner inside a word
		default:
			flush(r == '.')
		}
	}
	flush(false)
	return ws, abbr
}

// withoutParens drops text in parentheses or brackets.
func withoutParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[':
			depth++
			b.WriteRune(' ')
		case ')', ']':
			if depth > 0 {
				depth--
			}
			b.WriteRune(' ')
		default:
			if depth == 0 {
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// runIn reports whether the words of label occur as a contiguous run in
// name. Where abbr[k] is set, label word k may be a prefix of the name's
// word.
func runIn(label, name []string, abbr []bool) bool {
	for s := 0; s+len(label) <= len(name); s++ {
		ok := true
		for k, w := range label {
			n := name[s+k]
			if n == w || abbr != nil && abbr[k] && strings.HasPrefix(n, w) {
				continue
			}
			ok = false
			break
		}
		if ok {
			return true
		}
	}
	return false
}
