package structure

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// SpacedLetters finds words spelled out with a space between each letter
// to look spaced ("V Ä L K O M M E N"; WCAG 1.3.2, F32): a screen reader
// reads the letters one by one, and search, translation and hyphenation do
// not find the word. CSS letter-spacing gives the same look. Four or more
// single letters in a row, in one case (or a capital and then small
// letters), are asked about; a run of consecutive letters of the alphabet
// ("A B C D E", a grading scale) is not, and neither is text in pre, code
// or mathematics, where spacing is the content.
var SpacedLetters = &rules.Rule{
	ID:     "spaced-letters",
	Family: "structure",
	Title:  rules.Text{EN: "Words are not spaced out with spaces between their letters", SV: "Ord spärras inte med mellanslag mellan bokstäverna"},
	Help: rules.Text{
		EN: "Write the word as a word and space its letters with CSS letter-spacing.",
		SV: "Skriv ordet som ett ord och spärra bokstäverna med CSS letter-spacing.",
	},
	Manual: rules.Text{
		EN: "Read the text with a screen reader: is the word read as a word?",
		SV: "Läs texten med en skärmläsare: läses ordet upp som ett ord?",
	},
	WCAG:   []string{"1.3.2"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"spaced-word": {EN: "\"{text}\" has a space between each letter: is it one word spaced out? Screen readers read the letters one by one; space them with CSS letter-spacing instead.", SV: "”{text}” har ett mellanslag mellan varje bokstav: är det ett spärrat ord? Skärmläsare läser bokstäverna en och en; spärra dem med CSS letter-spacing i stället."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		for i := range p.Nodes {
			if p.Nodes[i].Type != page.TextNode {
				continue
			}
			el := p.ParentElement(i)
			if el < 0 || dom.ProgHidden(p, el) || spacingIsContent(p, el) {
				continue
			}
			if run := spacedRun(p.Nodes[i].Value); run != "" {
				out = append(out, rules.Cant(i, "spaced-word", "text", run))
			}
		}
		return out
	},
}

// spacingIsContent: text in pre, code, mathematics, scripts or form fields
// keeps its spaces for a reason.
func spacingIsContent(p *page.Page, el int) bool {
	for a := el; a >= 0; a = p.ParentElement(a) {
		switch p.Tag(a) {
		case "pre", "code", "kbd", "samp", "math", "script", "style", "textarea", "title", "option":
			return true
		}
	}
	return false
}

// spacedRE matches four or more single letters separated by one space (or
// a no-break space), not touching other letters or digits.
var spacedRE = regexp.MustCompile(`(?:^|[^\p{L}\p{N}])(\p{L}(?:[ \x{00A0}]\p{L}){3,})(?:$|[^\p{L}\p{N}])`)

// spacedRun returns the first run of letters spelled out with spaces that
// could be a word, or "".
func spacedRun(s string) string {
	for _, m := range spacedRE.FindAllStringSubmatch(s, -1) {
		run := m[1]
		var letters []rune
		for _, r := range run {
			if unicode.IsLetter(r) {
				letters = append(letters, r)
			}
		}
		if oneCase(letters) && !alphabetRun(letters) {
			return strings.ReplaceAll(run, "\u00a0", " ")
		}
	}
	return ""
}

// oneCase: all capitals, all small letters, or a capital and then small
// letters, as a word is written.
func oneCase(ls []rune) bool {
	upper, lower := 0, 0
	for _, r := range ls {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	return upper == len(ls) || lower == len(ls) || upper == 1 && unicode.IsUpper(ls[0]) && lower == len(ls)-1
}

// alphabetRun: each letter follows the one before in the alphabet ("a b c
// d"), as in a scale or an index, not a word.
func alphabetRun(ls []rune) bool {
	for k := 1; k < len(ls); k++ {
		if unicode.ToLower(ls[k]) != unicode.ToLower(ls[k-1])+1 {
			return false
		}
	}
	return true
}
