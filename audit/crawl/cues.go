package crawl

import (
	"net/url"

	"github.com/granska/granska/internal/cue"
	"strings"
	"unicode"
)

// Kinds of page that are always sampled when recognised.
const (
	cuePrivacy = iota
	cueStatement
	cueContact
	// The kinds below are sampled only by the sample of Decision (EU)
	// 2018/1524 (Config.Sample "wad", wad.go).
	cueLogin
	cueSitemap
	cueHelp
	cueLegal
	cueFeedback
	numCues
)

// numDefaultCues are the cues the default sample takes pages for.
const numDefaultCues = cueContact + 1

// cueReasons are the Target reasons for each cue, by index.
var cueReasons = [numCues]string{ReasonPrivacy, ReasonStatement, ReasonContact,
	ReasonLogin, ReasonSitemap, ReasonHelp, ReasonLegal, ReasonFeedback}

// cueScores are per-cue scores: 0 none, 1 weak, 2 strong.
type cueScores [numCues]uint8

func (c *cueScores) merge(o cueScores) {
	for i := range c {
		c[i] = max(c[i], o[i])
	}
}

type cueWord struct {
	word   string // folded; a phrase when it contains a space
	strong bool
	prefix bool // a token starting with word matches
}

// cueWords lists the words, folded (lower case, å ä → a, ö → o, é → e),
// that mark each kind of page: the strong ones come from internal/cue (the
// lists the rules use too), the weak ones are the crawl's own.
var cueWords = [numCues][]cueWord{
	cuePrivacy:   append(cueList(cue.PrivacyPaths, true), cueWord{"cookie", false, true}, cueWord{"kakor", false, false}),
	cueStatement: append(cueList(cue.StatementPaths, true), cueList(cue.StatementTopicPaths, false)...),
	cueContact:   cueList(cue.ContactNames, true),
	cueLogin: {
		{"logga in", true, false},
		{"inloggning", true, true},
		{"mina sidor", true, false},
		{"log in", true, false},
		{"login", true, false},
		{"sign in", true, false},
		{"signin", true, false},
		{"my account", true, false},
	},
	cueSitemap: {
		{"webbplatskarta", true, false},
		{"sajtkarta", true, false},
		{"sitemap", true, false},
		{"site map", true, false},
		{"innehallsforteckning", false, false},
	},
	cueHelp: {
		{"hjalp", true, false},
		{"vanliga fragor", true, false},
		{"fragor och svar", true, false},
		{"help", true, false},
		{"faq", true, false},
		{"faqs", true, false},
		{"support", false, false},
	},
	// Legal information: terms, copyright, and the privacy notice too.
	cueLegal: append([]cueWord{
		{"villkor", true, true},
		{"anvandarvillkor", true, false},
		{"juridisk", true, true},
		{"rattslig", true, true},
		{"upphovsratt", true, false},
		{"legal", true, true},
		{"terms", true, false},
		{"imprint", true, false},
		{"impressum", true, false},
		{"copyright", false, false},
	}, cueList(cue.PrivacyPaths, true)...),
	cueFeedback: {
		{"meddelandefunktion", true, false},
		{"synpunkt", true, true}, // synpunkter, lämna synpunkter
		{"aterkoppling", true, false},
		{"tyck till", true, false},
		{"rapportera", true, true},
		{"felanmalan", true, false},
		{"feedback", true, false},
		{"report a problem", true, false},
		{"tell us", false, false},
	},
}

// cueList turns cue words (path words with "-" between words, or names
// with a trailing "*" for a prefix) into the crawl's folded cue words. A
// single word matches as a prefix (path words are stems).
func cueList(words []string, strong bool) []cueWord {
	var out []cueWord
	for _, w := range words {
		w = strings.TrimSuffix(w, "*")
		w = strings.Join(foldTokens(w), " ")
		if w == "" {
			continue
		}
		out = append(out, cueWord{word: w, strong: strong, prefix: !strings.Contains(w, " ")})
	}
	return out
}

var folder = strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", "ü", "u", "æ", "a", "ø", "o")

// foldTokens lower-cases and folds s and splits it into tokens of letters
// and digits. At most 64 tokens are kept.
func foldTokens(s string) []string {
	s = folder.Replace(strings.ToLower(s))
	var toks []string
	for t := range strings.FieldsFuncSeq(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		toks = append(toks, t)
		if len(toks) == 64 {
			break
		}
	}
	return toks
}

// scoreText scores a text (link text, title, or path words).
func scoreText(s string) cueScores {
	var sc cueScores
	toks := foldTokens(s)
	if len(toks) == 0 {
		return sc
	}
	joined := " " + strings.Join(toks, " ") + " "
	for c, words := range cueWords {
		for _, w := range words {
			hit := false
			switch {
			case strings.Contains(w.word, " "):
				hit = strings.Contains(joined, " "+w.word+" ")
			case w.prefix:
				hit = strings.Contains(joined, " "+w.word)
			default:
				hit = strings.Contains(joined, " "+w.word+" ")
			}
			if hit {
				v := uint8(1)
				if w.strong {
					v = 2
				}
				sc[c] = max(sc[c], v)
			}
		}
	}
	return sc
}

// pathCues scores the words of a normalised URL's path.
func pathCues(u string) cueScores {
	pu, err := url.Parse(u)
	if err != nil {
		return cueScores{}
	}
	return scoreText(pu.Path)
}
