package consent

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Cookie purposes beyond the shared purpose clusters of words.go: the words
// cookie settings use for the same clusters ("analyskakor", "targeted
// ads"), the strictly necessary cookies that may be on by default, and
// words that only hint at an optional purpose.
var (
	cookiePurposes = map[string]dom.Phrases{
		purposeStatistics: dom.NewPhrases("analys", "analyskakor", "analytiska", "besöksstatistik", "mätning", "trafikmätning",
			"analytical", "analytic", "statistical", "measure", "audience measurement"),
		purposeMarketing: dom.NewPhrases("annonser", "annonsering", "riktad reklam", "riktade annonser", "reklamkakor",
			"ads", "advertisement*", "targeting", "targeted", "retargeting", "remarketing"),
		purposePersonalisation: dom.NewPhrases("anpassat innehåll", "anpassade annonser", "personalised ads", "personalized ads",
			"personalise", "personalize"),
		purposeThirdParty: dom.NewPhrases("tredjepartskakor", "third-party cookies", "third party cookies"),
	}
	necessaryWords = dom.NewPhrases("nödvändig*", "strikt nödvändig*", "absolut nödvändig*", "grundläggande", "tekniskt nödvändig*",
		"necessary", "strictly necessary", "essential", "strictly essential", "technically necessary")
	// loosePurpose words suggest an optional purpose without naming one:
	// "functional" or "preferences" cookies may be necessary or not.
	loosePurpose = dom.NewPhrases("funktionell*", "funktionalitet", "funktionskakor", "preferens*", "prestanda", "prestandakakor",
		"sociala medier", "inbäddat innehåll", "övriga kakor", "andra kakor", "valfria kakor", "frivilliga kakor",
		"functional", "functionality", "preference*", "performance", "social media", "embedded content",
		"other cookies", "optional cookies", "non-essential", "comfort")
)

// cookiePurposeOrder lists the optional clusters a cookie setting can be
// for (the recruitment clusters are not cookie purposes).
var cookiePurposeOrder = []string{purposeMarketing, purposeThirdParty, purposeStatistics, purposePersonalisation, purposeProfiling}

// BannerPurpose is a checkbox or switch in a cookie banner, its settings
// layer included (also while hidden), whose text names a purpose.
type BannerPurpose struct {
	Node      int
	Source    Source
	Raw       string   // the text used, as shown
	Optional  []string // optional purposes named, in cookiePurposeOrder
	Necessary bool
	Loose     string // a loose purpose word found
	Checked   bool
	Row       int
}

// bannerPurposes returns the purpose controls of the page's banners,
// memoised per page.
func bannerPurposes(c *rules.Ctx) []BannerPurpose {
	return c.Memo("consent.bannerPurposes", func() any {
		p := c.Page
		var out []BannerPurpose
		for _, b := range Analyze(c).Banners {
			p.Descendants(b.Node, func(d int) bool {
				if !p.IsElement(d) || !purposeToggle(p, d) {
					return true
				}
				if x, ok := recognisePurpose(p, d); ok {
					out = append(out, x)
				}
				return true
			})
		}
		return out
	}).([]BannerPurpose)
}

// purposeToggle reports whether element i is a checkbox or switch, judged
// from the DOM so that hidden settings count: input type=checkbox, or an
// element with role checkbox or switch.
func purposeToggle(p *page.Page, i int) bool {
	if dom.InputType(p, i) == "checkbox" {
		return true
	}
	if dom.HasExplicitRole(p, i, "switch") || dom.HasExplicitRole(p, i, "checkbox") {
		return true
	}
	r := dom.Role(p, i)
	return r == "switch" || r == "checkbox"
}

// toggleChecked reports whether the checkbox or switch is on.
func toggleChecked(p *page.Page, i int) bool {
	if p.Tag(i) == "input" && p.Nodes[i].Checked {
		return true
	}
	return page.Lower(strings.TrimSpace(attr(p, i, "aria-checked"))) == "true" || p.AXProp(i, "checked") == "true"
}

// toggleName returns the text that names control i from the DOM: its
// labels (wrapping or label[for]), aria-labelledby targets, aria-label and
// title, and Chrome's name and description when it has them.
func toggleName(p *page.Page, i int) string {
	var parts []string
	for x := p.ParentElement(i); x >= 0 && x != p.Root(); x = p.ParentElement(x) {
		if p.Tag(x) == "label" {
			parts = append(parts, p.Text(x))
			break
		}
	}
	if id, ok := p.Attr(i, "id"); ok && id != "" {
		scope := p.Scope(i)
		dom.Elements(p, func(l int) {
			if p.Tag(l) == "label" && attr(p, l, "for") == id && p.Scope(l) == scope {
				parts = append(parts, p.Text(l))
			}
		})
	}
	for _, id := range strings.Fields(attr(p, i, "aria-labelledby")) {
		if l, ok := p.ElementByID(i, id); ok {
			parts = append(parts, p.Text(l))
		}
	}
	for _, a := range []string{"aria-label", "title"} {
		if v := strings.TrimSpace(attr(p, i, a)); v != "" {
			parts = append(parts, v)
		}
	}
	if len(parts) == 0 {
		parts = append(parts, p.AXName(i))
	}
	parts = append(parts, axDescription(p, i))
	return strings.TrimSpace(page.Collapse(strings.Join(parts, " ")))
}

// recognisePurpose reads the purpose words of banner control i: its name
// (strong), else its row (strong), else the row's parent (nearby, weak).
func recognisePurpose(p *page.Page, i int) (BannerPurpose, bool) {
	x := BannerPurpose{Node: i, Row: i, Checked: toggleChecked(p, i)}
	try := func(src Source, raw string, row int) bool {
		t := dom.Fold(raw)
		var opt []string
		cl := classifyText(raw)
		named := cl.Purposes()
		for _, id := range cookiePurposeOrder {
			extra, ok := cookiePurposes[id]
			if contains(named, id) || (ok && extra.Has(t)) {
				opt = append(opt, id)
			}
		}
		nec := necessaryWords.Has(t)
		loose := ""
		if h, ok := loosePurpose.Find(t); ok {
			loose = h.Text
		}
		if len(opt) == 0 && !nec && loose == "" {
			return false
		}
		x.Source, x.Raw, x.Row = src, strings.TrimSpace(page.Collapse(raw)), row
		x.Optional, x.Necessary, x.Loose = opt, nec, loose
		return true
	}
	if try(FromName, toggleName(p, i), i) {
		return x, true
	}
	if row := rowOf(p, i); row >= 0 {
		if try(FromRow, p.Text(row), row) {
			return x, true
		}
		// The row's parent is weak evidence, and none at all when it holds
		// other toggles: their labels are not this control's.
		if par := p.ParentElement(row); par >= 0 && par != p.Root() && p.Tag(par) != "body" && !otherToggle(p, par, i) {
			if txt := p.Text(par); len([]rune(txt)) <= 400 && try(FromNearby, txt, par) {
				return x, true
			}
		}
	}
	return x, false
}

// otherToggle reports whether container x holds a checkbox or switch other
// than i.
func otherToggle(p *page.Page, x, i int) bool {
	found := false
	p.Descendants(x, func(d int) bool {
		if !found && d != i && p.IsElement(d) && purposeToggle(p, d) {
			found = true
		}
		return !found
	})
	return found
}

func bannerPurpose(c *rules.Ctx, i int) *BannerPurpose {
	xs := bannerPurposes(c)
	for k := range xs {
		if xs[k].Node == i {
			return &xs[k]
		}
	}
	return nil
}

// BannerPrechecked is K5: in a cookie banner, its settings layer included,
// a checkbox or switch for an optional purpose is on before the person has
// chosen.
var BannerPrechecked = &rules.Rule{
	ID:     "banner-prechecked-purposes",
	Family: "consent",
	Title:  rules.Text{EN: "Cookie purposes are not ticked in advance", SV: "Ändamål för kakor är inte förkryssade"},
	Help: rules.Text{
		EN: "In the cookie banner and its settings, start every box or switch for statistics, marketing, personalisation or third parties unticked; only strictly necessary cookies may be on by default.",
		SV: "Låt varje ruta eller reglage för statistik, marknadsföring, personalisering eller tredje part i kakbannern och dess inställningar vara okryssad från början; bara nödvändiga kakor får vara påslagna.",
	},
	Manual: rules.Text{
		EN: "Open the banner's settings and check whether the ticked box or switch that is on covers an optional purpose.",
		SV: "Öppna bannerns inställningar och kontrollera om den ikryssade rutan eller det påslagna reglaget gäller ett frivilligt ändamål.",
	},
	Legal:    []string{lawRecital32, lawArt4_11, lawPlanet49, lawEDPB0520 + " §3.4", lawTaskforce + " (type B)"},
	Severity: rules.ViolationLikely,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"unticked":         {EN: "The box starts unticked: \"{text}\".", SV: "Rutan är okryssad från början: ”{text}”."},
		"necessary":        {EN: "The box that is on is for necessary cookies: \"{text}\".", SV: "Rutan som är ikryssad gäller nödvändiga kakor: ”{text}”."},
		"prechecked":       {EN: "The box for {purposes} is ticked before the person has chosen: \"{text}\".", SV: "Rutan för {purposes} är ikryssad innan personen har valt: ”{text}”."},
		"maybe-prechecked": {EN: "A ticked box or switch that is on sits near purpose wording (\"{text}\"): check what it turns on.", SV: "En ikryssad ruta eller ett påslaget reglage står nära text om ett ändamål (”{text}”): kontrollera vad det slår på."},
	},
	Applies: func(c *rules.Ctx) []int {
		var out []int
		for _, x := range bannerPurposes(c) {
			out = append(out, x.Node)
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		x := bannerPurpose(c, i)
		text := short(x.Raw, 160)
		ps := strings.Join(x.Optional, ", ")
		if ps == "" {
			ps = "?"
		}
		if !x.Checked {
			return rules.Pass(i, "unticked", "text", text)
		}
		if len(x.Optional) == 0 {
			if x.Necessary {
				return rules.Pass(i, "necessary", "text", text)
			}
			return rules.Cant(i, "maybe-prechecked", "text", text).With(x.Row)
		}
		if x.Source == FromNearby {
			return rules.Cant(i, "maybe-prechecked", "text", text).With(x.Row)
		}
		return rules.Fail(i, "prechecked", "purposes", ps, "text", text)
	},
}
