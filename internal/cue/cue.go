// Package cue holds the words that mark the pages every audit looks for — the
// privacy notice, the accessibility statement and the contact page — in
// Swedish and English, with the other Nordic languages and German where the
// word is common. The crawl's sampler (audit/crawl) and the rules (rules/site,
// rules/consent) build their matchers from these lists, so a word added here
// is known to all of them.
//
// Names are link texts, titles and headings: lower case, composed (å ä ö
// kept), a trailing "*" matching the start of a word ("integritetspolicy*"
// matches "integritetspolicyn"). Paths are substrings of a URL's path, lower
// case and folded to ASCII (å ä → a, ö → o), with "-" between words.
package cue

import "strings"

// PrivacyNames name a privacy notice.
var PrivacyNames = []string{
	"integritetspolicy*", "integritetsmeddelande*", "integritetsskydd*", "personuppgiftspolicy*", "personuppgifter",
	"behandling av personuppgifter", "så behandlar vi dina personuppgifter", "dataskydd*", "gdpr", "sekretesspolicy*",
	"privacy*", "data protection", "personal data", "how we use your data",
	"privatlivspolitik*", "persondatapolitik*", "personvern*", "tietosuoja*", "datenschutz*",
}

// PrivacyPaths are the path words of a privacy notice.
var PrivacyPaths = []string{
	"integritet", "personuppgift", "dataskydd", "gdpr", "sekretess", "privacy", "data-protection", "dataprotection",
	"privatliv", "personvern", "persondata", "tietosuoja", "datenschutz",
}

// StatementNames name an accessibility statement. A bare "accessibility"
// or "tillgänglighet" is not among them: it names a topic as often as the
// statement (a link to a technical specification, a service for disabled
// visitors), so it is only a weak cue (StatementTopicNames).
var StatementNames = []string{
	"tillgänglighetsredogörelse*", "tillgänglighetsutlåtande*", "tillgänglighet för", "om tillgänglighet",
	"accessibility statement", "accessibility policy",
	"tilgængelighedserklæring*", "tilgjengelighetserklæring*", "saavutettavuusseloste*", "erklärung zur barrierefreiheit",
}

// StatementTopicNames name accessibility as a topic: a weak cue for the
// statement, never enough alone.
var StatementTopicNames = []string{"tillgänglighet", "accessibility", "barrierefreiheit", "tilgængelighed", "tilgjengelighet", "saavutettavuus"}

// StatementTitles are the titles and first headings of a statement page.
var StatementTitles = []string{
	"tillgänglighetsredogörelse*", "tillgänglighetsutlåtande*", "accessibility statement",
	"tilgængelighedserklæring*", "tilgjengelighetserklæring*", "saavutettavuusseloste*", "erklärung zur barrierefreiheit",
}

// StatementPaths are the path words of an accessibility statement.
var StatementPaths = []string{
	"tillganglighetsredogorelse", "tillganglighetsutlatande", "accessibility-statement", "accessibility_statement",
	"accessibilitystatement", "tilgaengelighedserklaering", "tilgjengelighetserklaering", "saavutettavuusseloste",
	"barrierefreiheitserklaerung", "erklaerung-zur-barrierefreiheit",
}

// StatementTopicPaths are path words of accessibility as a topic: a weak
// cue, as StatementTopicNames.
var StatementTopicPaths = []string{"tillganglighet", "accessibility", "barrierefreiheit", "tilgaengelighed", "tilgjengelighet", "saavutettavuus"}

// ContactNames name a contact page.
var ContactNames = []string{"kontakt*", "contact*", "kundservice", "customer service", "yhteystiedot"}

// fold lower-cases s and folds the Nordic and German letters to ASCII, as
// the Paths lists are written.
var fold = strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", "ü", "u", "æ", "ae", "ø", "o", "ß", "ss")

// FoldPath lower-cases a URL or path and folds it as the Paths lists are
// written.
func FoldPath(s string) string { return fold.Replace(strings.ToLower(s)) }

// PathHas reports whether the folded URL or path contains one of words.
func PathHas(href string, words []string) bool {
	h := FoldPath(href)
	for _, w := range words {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}
