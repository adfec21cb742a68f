// Package stem matches word stems in text, for recognisers that must work
// on wording they have not seen: Swedish, Danish, Norwegian and German join
// words into compounds ("talangpoolen", "e-postnyhetsbrev",
// "Karriere-Newsletter") and inflect them, so a recogniser lists stems, not
// phrases.
//
// A Set holds entries; each entry is one or more word patterns separated
// by spaces, matched on consecutive words of the text:
//
//	word     the whole word
//	stem*    a word that starts with stem ("spara*": sparar, sparas, sparade)
//	*part*   a word that contains part (compounds: "*nyhetsbrev*")
//	*end     a word that ends with end
//
// Text is folded with dom.Fold and split into words at anything that is
// not a letter or a digit (an apostrophe inside a word is kept: "don't").
// Matching is pure and allocation-light; a Set is safe for concurrent use.
package stem

import (
	"strings"
	"unicode"

	"github.com/granska/granska/rules/internal/dom"
)

// Words folds s and splits it into words.
func Words(s string) []string { return split(dom.Fold(s)) }

// split splits folded text into words.
func split(t string) []string {
	var out []string
	start := -1
	rs := []rune(t)
	for k, r := range rs {
		inWord := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) ||
			(r == '\'' && start >= 0 && k+1 < len(rs) && unicode.IsLetter(rs[k+1]))
		if inWord {
			if start < 0 {
				start = k
			}
			continue
		}
		if start >= 0 {
			out = append(out, string(rs[start:k]))
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, string(rs[start:]))
	}
	return out
}

type mode uint8

const (
	exact mode = iota
	prefix
	infix
	suffix
)

type pat struct {
	s string
	m mode
}

func (p pat) match(w string) bool {
	switch p.m {
	case prefix:
		return strings.HasPrefix(w, p.s)
	case infix:
		return strings.Contains(w, p.s)
	case suffix:
		return strings.HasSuffix(w, p.s)
	}
	return w == p.s
}

type entry struct {
	text string
	pats []pat
}

// Set is a list of stem entries.
type Set struct{ entries []entry }

// NewSet builds a set from entries (see the package comment). Entries are
// folded; an empty entry is ignored.
func NewSet(entries ...string) Set {
	var s Set
	for _, e := range entries {
		var ps []pat
		for _, w := range strings.Fields(dom.Fold(e)) {
			p := pat{}
			lead, trail := strings.HasPrefix(w, "*"), strings.HasSuffix(w, "*") && len(w) > 1
			w = strings.Trim(w, "*")
			switch {
			case lead && trail:
				p.m = infix
			case lead:
				p.m = suffix
			case trail:
				p.m = prefix
			}
			p.s = w
			if w != "" {
				ps = append(ps, p)
			}
		}
		if len(ps) > 0 {
			s.entries = append(s.entries, entry{text: e, pats: ps})
		}
	}
	return s
}

// Join returns a set with the entries of both.
func (s Set) Join(o Set) Set {
	return Set{entries: append(append([]entry(nil), s.entries...), o.entries...)}
}

// Hit is one match: the entry, the words it matched and the index of the
// first of them.
type Hit struct {
	Entry string
	Text  string
	At    int
}

// Find returns the first match in words (leftmost, then the longest
// entry), ok false when none.
func (s Set) Find(words []string) (Hit, bool) {
	best := Hit{At: -1}
	bestLen := 0
	for _, e := range s.entries {
		for k := 0; k+len(e.pats) <= len(words); k++ {
			if best.At >= 0 && k > best.At {
				break
			}
			if !e.matchAt(words, k) {
				continue
			}
			if best.At < 0 || k < best.At || len(e.pats) > bestLen {
				best = Hit{Entry: e.text, Text: strings.Join(words[k:k+len(e.pats)], " "), At: k}
				bestLen = len(e.pats)
			}
			break
		}
	}
	return best, best.At >= 0
}

// Has reports whether any entry matches.
func (s Set) Has(words []string) bool {
	_, ok := s.Find(words)
	return ok
}

func (e entry) matchAt(words []string, k int) bool {
	for j, p := range e.pats {
		if !p.match(words[k+j]) {
			return false
		}
	}
	return true
}

// Len is the number of entries.
func (s Set) Len() int { return len(s.entries) }
