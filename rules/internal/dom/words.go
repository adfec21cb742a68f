package dom

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Fold normalises text for keyword matching: composes the combining marks
// Swedish and its neighbours use (a + U+030A → å, o + U+0308 → ö, e + U+0301 →
// é, ...), lower-cases, maps typographic apostrophes and dashes to ASCII and
// collapses white space. It is a small NFC for the letters the keyword lists
// use, so rules need no Unicode tables beyond the standard library.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drop leading space
	var prev rune = -1
	flush := func() {
		if prev >= 0 {
			b.WriteRune(prev)
			prev = -1
		}
	}
	for _, r := range s {
		if c, ok := compose(prev, r); ok {
			prev = c
			continue
		}
		switch r {
		case '\u2019', '\u2018', '\u02bc', '`', '´':
			r = '\''
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
			r = '-'
		case '\u00ad', '\u200b', '\u200c', '\u200d', '\ufeff': // soft hyphen, zero-width
			continue
		}
		if unicode.IsSpace(r) {
			flush()
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		flush()
		prev = unicode.ToLower(r)
		space = false
	}
	flush()
	return strings.TrimRight(b.String(), " ")
}

// compose joins a lower-case base letter and a combining mark into the
// precomposed letter, for the marks of the Nordic and common Western
// European letters.
func compose(base, mark rune) (rune, bool) {
	if base < 0 {
		return 0, false
	}
	var table string // pairs: base letter, composed letter
	switch mark {
	case '\u030a': // ring above
		table = "aå"
	case '\u0308': // diaeresis
		table = "aäoöuüeëiï"
	case '\u0301': // acute
		table = "aáeéiíoóuú"
	case '\u0300': // grave
		table = "aàeè"
	case '\u0303': // tilde
		table = "nñoõ"
	case '\u0338': // long solidus overlay
		table = "oø"
	default:
		return 0, false
	}
	rs := []rune(table)
	for k := 0; k+1 < len(rs); k += 2 {
		if rs[k] == base {
			return rs[k+1], true
		}
	}
	return 0, false
}

// wordRune reports whether r is part of a word: a letter, a digit or a
// combining mark.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Phrases is a keyword list matched on word boundaries that understand
// Unicode letters (Go's regexp \b is ASCII-only, so "här" would match inside
// "härifrån" and "ö" would count as a boundary). An entry ending in "*"
// matches as a prefix of a word: "samtyck*" matches "samtycke",
// "samtycker" and "samtycket". Entries are folded with Fold when the list is
// built.
type Phrases struct {
	list []phrase
}

type phrase struct {
	text   string
	prefix bool
}

// NewPhrases builds a list.
func NewPhrases(entries ...string) Phrases {
	var p Phrases
	for _, e := range entries {
		prefix := strings.HasSuffix(e, "*")
		t := Fold(strings.TrimSuffix(e, "*"))
		if t == "" {
			continue
		}
		p.list = append(p.list, phrase{t, prefix})
	}
	return p
}

// Join returns a list with the entries of both.
func (p Phrases) Join(o Phrases) Phrases {
	return Phrases{list: append(append([]phrase(nil), p.list...), o.list...)}
}

// Hit is one match: the entry and the matched text, with its byte offset
// in the folded text.
type Hit struct {
	Entry string // the list entry ("samtyck*")
	Text  string // the words matched ("samtycker")
	At    int
}

// Find returns the first (leftmost, then longest) match in folded text, ok
// false when none matches. Fold the text first (see Fold).
func (p Phrases) Find(folded string) (Hit, bool) {
	best := Hit{At: -1}
	for _, ph := range p.list {
		h, ok := ph.find(folded)
		if !ok {
			continue
		}
		if best.At < 0 || h.At < best.At || (h.At == best.At && len(h.Text) > len(best.Text)) {
			best = h
		}
	}
	return best, best.At >= 0
}

// Has reports whether any entry matches the folded text.
func (p Phrases) Has(folded string) bool {
	for _, ph := range p.list {
		if _, ok := ph.find(folded); ok {
			return true
		}
	}
	return false
}

// All returns every entry that matches, in list order, each once.
func (p Phrases) All(folded string) []Hit {
	var out []Hit
	for _, ph := range p.list {
		if h, ok := ph.find(folded); ok {
			out = append(out, h)
		}
	}
	return out
}

// Equal reports whether the whole folded text is one of the entries
// (ignoring surrounding punctuation): "Läs mer." equals "läs mer".
func (p Phrases) Equal(folded string) bool {
	t := strings.TrimFunc(folded, func(r rune) bool { return !wordRune(r) })
	for _, ph := range p.list {
		if ph.prefix {
			if strings.HasPrefix(t, ph.text) && !strings.ContainsRune(t[len(ph.text):], ' ') {
				return true
			}
		} else if t == ph.text {
			return true
		}
	}
	return false
}

func (ph phrase) find(s string) (Hit, bool) {
	from := 0
	for from <= len(s) {
		k := strings.Index(s[from:], ph.text)
		if k < 0 {
			return Hit{}, false
		}
		at := from + k
		end := at + len(ph.text)
		if boundaryBefore(s, at) {
			if ph.prefix {
				// extend to the end of the word
				e := end
				for e < len(s) {
					r, n := utf8.DecodeRuneInString(s[e:])
					if !wordRune(r) {
						break
					}
					e += n
				}
				return Hit{Entry: ph.text + "*", Text: s[at:e], At: at}, true
			}
			if boundaryAfter(s, end) {
				return Hit{Entry: ph.text, Text: s[at:end], At: at}, true
			}
		}
		_, n := utf8.DecodeRuneInString(s[at:])
		from = at + max(n, 1)
	}
	return Hit{}, false
}

func boundaryBefore(s string, at int) bool {
	if at == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:at])
	first, _ := utf8.DecodeRuneInString(s[at:])
	return !wordRune(r) || !wordRune(first)
}

func boundaryAfter(s string, end int) bool {
	if end >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[end:])
	last, _ := utf8.DecodeLastRuneInString(s[:end])
	return !wordRune(r) || !wordRune(last)
}

// Excerpt returns up to n runes of folded text around byte offset at, for
// showing what triggered a match.
func Excerpt(folded string, at, n int) string {
	if at < 0 || at > len(folded) {
		at = 0
	}
	rs := []rune(folded)
	// rune index of at
	ri := utf8.RuneCountInString(folded[:at])
	start := max(0, ri-n/3)
	end := min(len(rs), start+n)
	out := string(rs[start:end])
	if start > 0 {
		out = "…" + out
	}
	if end < len(rs) {
		out += "…"
	}
	return out
}

// Clip collapses runs of white space in s and cuts it to at most n runes,
// marking a cut with "…": for quoting page text in messages.
func Clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
