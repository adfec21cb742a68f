package lang

import (
	"sort"
	"strings"
	"unicode"

	"github.com/granska/granska/rules/internal/dom"
)

// Language identification from function words. Every language writes most
// of its running text with a few dozen short words (articles, pronouns,
// prepositions, conjunctions, auxiliaries) that barely overlap between
// languages; counting them is a small, explainable identifier that works
// on a sentence or more of prose and says nothing on less. It is used only
// to raise a cantTell, never a failure.

// stopWords are common function words per primary language subtag,
// written for this purpose. Words shared between close languages (the
// Scandinavian ones) stay in each list: they count for all of them, and
// the words that differ decide.
var stopWords = map[string]string{
	"en": `the and of to in is that for it with as was on are be this by at from or have has an not but which you we they their
		will can our your been were would there what all if about more when who also into than its these other how he she his her them
		do does some may only after most like any just over such should because very through between each where those could`,
	"sv": `och att det som en på är för med har av till den inte om ett var jag men de kan så vi vid från eller ska skall sig hade när
		efter mycket också nu här alla andra dig du din ditt dina vår våra vårt hos mot under detta denna dessa hur vad vilka vilken
		bara sedan kommer redan utan då blir blev varit finns oss dem deras mellan genom samt än sitt sina även inom vara våran ni er
		era något några hon han hans hennes dess sådana`,
	"da": `og at det som en på er for med har af til den ikke om et var jeg men de kan så vi ved fra eller skal sig havde når efter
		meget også nu her alle andre dig du din dit dine vores hos mod under dette denne disse hvordan hvad hvilke hvilken kun siden
		kommer allerede uden da bliver blev været findes os dem deres mellem gennem samt end sit sine inden jeres hvis være nogle hun
		han hans hendes`,
	"no": `og at det som en på er for med har av til den ikke om et var jeg men de kan så vi ved fra eller skal seg hadde når etter
		mye også nå her alle andre deg du din ditt dine vår våre vårt hos mot under dette denne disse hvordan hva hvilke hvilken bare
		siden kommer allerede uten da blir ble vært finnes oss dem deres mellom gjennom samt enn sitt sine innen hvis være noen hun
		han hans hennes`,
	"nl": `de het een en van in is dat op te voor met zijn niet aan er om ook als door maar bij uit naar dan of wat nog wordt worden
		werd deze die dit zo hij zij ze we wij je jij ik heeft hebben had kunnen moet geen meer over tot onder omdat wel nu al ons onze
		hun haar mijn uw zal zou was waren ging`,
	"de": `der die das und in zu den von ist nicht mit dem sich des auf für ein eine einer einen als auch es an werden aus er hat dass
		sie nach wird bei um noch wie über so zum zur war haben nur oder aber vor durch kann sind wir ich du ihr uns unser unsere mehr
		wenn schon dieser diese dieses wurde können müssen bis`,
	"fr": `le la les de des du un une et en est que qui dans pour pas sur au aux avec ce cette ces il elle ils elles nous vous je ne se
		sont par plus mais ou où son sa ses leur leurs été être avoir ont fait comme tout tous aussi bien sans entre très même notre
		votre lui dont mon ma mes qu`,
	"es": `el la los las de del y en que un una es por con para no se su sus al lo como más pero este esta estos ha son fue sobre
		también entre cuando muy sin hasta desde porque donde todo todos nos le les ya yo tu mi usted ser está están hay`,
	"fi": `ja on ei se että oli ovat olla kun mutta tai myös joka jotka hän he me te minä sinä tämä nämä ne sen sitä siitä niin kuin
		jos nyt vain sekä mukaan kanssa ole olemme olet voi voidaan jo vielä kaikki mitä miten missä koska`,
}

var stopSets = func() map[string]map[string]bool {
	m := map[string]map[string]bool{}
	for l, ws := range stopWords {
		s := map[string]bool{}
		for _, w := range strings.Fields(ws) {
			s[w] = true
		}
		m[l] = s
	}
	return m
}()

// profileOf maps a primary subtag to the identifier's language, "" when
// it has no profile for it.
func profileOf(primary string) string {
	primary = strings.ToLower(primary)
	switch primary {
	case "nb", "nn", "no":
		return "no"
	case "eng":
		return "en"
	case "swe":
		return "sv"
	}
	if _, ok := stopWords[primary]; ok {
		return primary
	}
	return ""
}

// Guess is the identifier's count of function words in a text.
type Guess struct {
	Words  int            // words in the text
	Scores map[string]int // function words per language
}

// Detection thresholds: a language is identified when the text has at
// least minHits of its function words and they make up at least minShare
// of the text's words; another language is claimed over the declared one
// only when it has at least twice the declared language's function words.
const (
	minHits  = 3
	minShare = 0.2
)

// Identify counts the function words of each known language in text.
func Identify(text string) Guess {
	words := strings.FieldsFunc(dom.Fold(text), func(r rune) bool { return !unicode.IsLetter(r) })
	g := Guess{Words: len(words), Scores: map[string]int{}}
	for _, w := range words {
		for l, s := range stopSets {
			if s[w] {
				g.Scores[l]++
			}
		}
	}
	return g
}

// Verdicts of Guess.Against.
const (
	Unclear  = "unclear"  // too little text, or no language stands out
	Matches  = "matches"  // the declared language has the most function words
	Mismatch = "mismatch" // another language clearly has more
)

// Against compares the text with the declared language profile (see
// profileOf) and returns a verdict and, for a mismatch, the language the
// text looks like.
func (g Guess) Against(declared string) (string, string) {
	best, bestN := "", 0
	langs := make([]string, 0, len(g.Scores))
	for l := range g.Scores {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		if n := g.Scores[l]; n > bestN || (n == bestN && l == declared) {
			best, bestN = l, n
		}
	}
	if bestN < minHits || float64(bestN) < minShare*float64(g.Words) {
		return Unclear, ""
	}
	d := g.Scores[declared]
	switch {
	case d == bestN:
		return Matches, declared
	case bestN >= 2*d:
		return Mismatch, best
	}
	return Unclear, ""
}
