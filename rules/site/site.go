// Package site holds rules that judge a whole site from per-page facts:
// a privacy policy and an accessibility statement reachable from every
// page, and what the statement must say (consent.md G1–G3; the Web
// Accessibility Directive's model statement, Decision 2018/1523, and the
// Swedish DOS law with MDFFS 2019:2 6 §).
//
// The three rules read one kind of fact, PageFacts (links found, what a
// statement page says), which the engine extracts from each page and
// keeps; after the crawl each rule judges the facts of all pages through
// Evaluate (see rules.SiteCheck). Run over a single page they are
// inapplicable.
package site

import (
	"github.com/granska/granska/rules"
)

// Rules are the site rules.
var Rules = []*rules.Rule{PrivacyLinkSite, StatementLinkSite, StatementContent, ConsistentNavigation, ConsistentHelp, MultipleWays, ConsistentIdentification, RedundantEntry}

// PageFacts is the fact kind the site rules read: Extract of each page.
var PageFacts = &rules.Fact[Facts]{
	Name:    "site.links",
	Extract: func(c *rules.Ctx) (Facts, bool) { return Extract(c.Page), true },
}

// judgeAs returns a Judge giving rule r's findings of Evaluate.
func judgeAs(r *rules.Rule) func(s *rules.Site) []rules.SiteResult {
	return func(s *rules.Site) []rules.SiteResult {
		var facts []Facts
		byURL := map[string]string{} // a fact's URL (final) -> the page's URL
		for _, pf := range PageFacts.Of(s) {
			facts = append(facts, pf.Fact)
			byURL[pf.Fact.URL] = pf.URL
		}
		var out []rules.SiteResult
		for _, f := range Evaluate(facts, Options{PublicSector: s.PublicSector}) {
			if f.Rule == r {
				out = append(out, rules.SiteResult{URL: byURL[f.URL], Result: f.Result})
			}
		}
		return out
	}
}

// The rules' Site parts are set here: Evaluate refers to the rules.
func init() {
	for _, r := range []*rules.Rule{PrivacyLinkSite, StatementLinkSite, StatementContent} {
		r.Site = &rules.SiteCheck{Facts: []rules.FactKind{PageFacts}, Judge: judgeAs(r)}
	}
}

const (
	lawArt12_1 = "GDPR Art. 12(1) (information easily accessible)"
	lawArt13   = "GDPR Art. 13"
	lawR20     = "DIGG Webbriktlinjer R20 (inform about personal data and cookies)"
	lawWAD7    = "Directive (EU) 2016/2102 Art. 7 (accessibility statement)"
	law1523    = "Commission Implementing Decision (EU) 2018/1523 (model accessibility statement; recital 4: reachable from every page)"
	lawDOS     = "Lag (2018:1937) om tillgänglighet till digital offentlig service 13 § (SE)"
	lawMDFFS   = "MDFFS 2019:2 6 § (contents of the statement) (SE)"
)

// PrivacyLinkSite is G1.
var PrivacyLinkSite = &rules.Rule{
	ID:     "privacy-policy-link-site",
	Family: "site",
	Title:  rules.Text{EN: "Every page links to the privacy policy", SV: "Varje sida länkar till integritetspolicyn"},
	Help: rules.Text{
		EN: "Link the privacy policy from the shared footer, so it is one click away on every page, in every language.",
		SV: "Länka integritetspolicyn från den gemensamma sidfoten, så att den finns ett klick bort på varje sida, på alla språk.",
	},
	Manual:   rules.Text{EN: "Check that each page offers a way to the privacy policy.", SV: "Kontrollera att varje sida har en väg till integritetspolicyn."},
	Legal:    []string{lawArt12_1, lawArt13, lawR20},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"linked":     {EN: "The page links to the privacy policy (\"{name}\").", SV: "Sidan länkar till integritetspolicyn (”{name}”)."},
		"is-policy":  {EN: "The page is the privacy policy.", SV: "Sidan är integritetspolicyn."},
		"not-linked": {EN: "Other pages link to the privacy policy ({href}), this one does not.", SV: "Andra sidor länkar till integritetspolicyn ({href}), men inte den här."},
		"none-found": {EN: "No page of the site was found to link to a privacy policy: check how visitors reach it.", SV: "Ingen sida på webbplatsen visade sig länka till en integritetspolicy: kontrollera hur besökare hittar den."},
	},
}

// StatementLinkSite is G2.
var StatementLinkSite = &rules.Rule{
	ID:     "accessibility-statement-link-site",
	Family: "site",
	Title:  rules.Text{EN: "Every page links to the accessibility statement", SV: "Varje sida länkar till tillgänglighetsredogörelsen"},
	Help: rules.Text{
		EN: "Link the accessibility statement from the shared footer, so it is reachable from every page.",
		SV: "Länka tillgänglighetsredogörelsen från den gemensamma sidfoten, så att den nås från varje sida.",
	},
	Manual:   rules.Text{EN: "Check that each page offers a way to the accessibility statement.", SV: "Kontrollera att varje sida har en väg till tillgänglighetsredogörelsen."},
	Legal:    []string{lawWAD7, law1523, lawDOS},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"linked":       {EN: "The page links to the accessibility statement (\"{name}\").", SV: "Sidan länkar till tillgänglighetsredogörelsen (”{name}”)."},
		"is-statement": {EN: "The page is the accessibility statement.", SV: "Sidan är tillgänglighetsredogörelsen."},
		"not-linked":   {EN: "Other pages link to the accessibility statement ({href}), this one does not.", SV: "Andra sidor länkar till tillgänglighetsredogörelsen ({href}), men inte den här."},
		"none-found":   {EN: "No page of this public-sector site was found to link to an accessibility statement.", SV: "Ingen sida på denna offentliga webbplats visade sig länka till en tillgänglighetsredogörelse."},
	},
}

// StatementContent is G3.
var StatementContent = &rules.Rule{
	ID:     "accessibility-statement-content",
	Family: "site",
	Title:  rules.Text{EN: "The accessibility statement has the required contents", SV: "Tillgänglighetsredogörelsen har det innehåll som krävs"},
	Help: rules.Text{
		EN: "Follow the model statement: say whether the site is fully, partially or not compliant, when the statement was prepared and reviewed, how to give feedback (a form), and how to complain to the enforcement body (in Sweden DIGG, digg.se/tdosanmalan).",
		SV: "Följ mallen: ange om webbplatsen är helt, delvis eller inte förenlig med kraven, när redogörelsen upprättades och granskades, hur man ger återkoppling (ett formulär) och hur man anmäler till tillsynsmyndigheten (i Sverige DIGG, digg.se/tdosanmalan).",
	},
	Manual:   rules.Text{EN: "Read the statement against the model statement of Decision 2018/1523.", SV: "Läs redogörelsen mot mallen i beslut 2018/1523 och MDFFS 2019:2 6 §."},
	Legal:    []string{lawWAD7, law1523, lawMDFFS},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"complete":       {EN: "The statement gives its compliance status (\"{status}\"), a date, a feedback route and the enforcement procedure.", SV: "Redogörelsen anger förenlighet (”{status}”), datum, återkopplingsväg och tillsynsförfarande."},
		"missing":        {EN: "The statement lacks: {missing}.", SV: "Redogörelsen saknar: {missing}."},
		"several-status": {EN: "The statement gives more than one compliance status ({status}).", SV: "Redogörelsen anger mer än en förenlighetsnivå ({status})."},
	},
}
