package consent

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Legal bases, named once.
const (
	lawRecital32   = "GDPR Recital 32 (pre-ticked boxes, silence or inactivity are not consent)"
	lawArt4_11     = "GDPR Art. 4(11) (consent: freely given, specific, informed, unambiguous, by a clear affirmative action)"
	lawPlanet49    = "CJEU C-673/17 Planet49 (a pre-ticked checkbox is not valid consent)"
	lawEDPB0520    = "EDPB Guidelines 05/2020 on consent"
	lawArt7_2      = "GDPR Art. 7(2) (a consent request clearly distinguishable, intelligible and easily accessible)"
	lawArt7_3      = "GDPR Art. 7(3) (right to withdraw, told before consenting; as easy as giving)"
	lawArt7_4      = "GDPR Art. 7(4) (consent made a condition for a service it is not necessary for)"
	lawRecital43   = "GDPR Recital 43 (separate consent for separate purposes; conditionality)"
	lawArt6_1b     = "GDPR Art. 6(1)(b) (steps at the applicant's request before a contract)"
	lawArt12_1     = "GDPR Art. 12(1) (information easily accessible, in clear and plain language)"
	lawArt13       = "GDPR Art. 13 (information at the time the data are obtained)"
	lawArt13_2c    = "GDPR Art. 13(2)(c) (the right to withdraw consent)"
	lawEPrivacy5_3 = "ePrivacy Directive 2002/58/EC Art. 5(3) (prior consent to store or read information on the device)"
	lawLEK         = "Lag (2022:482) om elektronisk kommunikation 9 kap. 28 § (SE)"
	lawTaskforce   = "EDPB Cookie Banner Taskforce report, 17 January 2023"
)

// consentControls returns the indexes of the controls in a.Controls that
// satisfy keep, as targets (node indexes) in document order.
func targets(c *rules.Ctx, keep func(a *Analysis, k int) bool) []int {
	a := Analyze(c)
	var out []int
	for k := range a.Controls {
		if keep(a, k) {
			out = append(out, a.Controls[k].Node)
		}
	}
	return out
}

// control returns the recognised control of node i.
func control(c *rules.Ctx, i int) *Control {
	a := Analyze(c)
	for k := range a.Controls {
		if a.Controls[k].Node == i {
			return &a.Controls[k]
		}
	}
	return nil
}

// formControl reports whether control k is a consent control of a form
// (not of a cookie banner).
func formConsent(a *Analysis, k int) bool {
	return a.Controls[k].IsConsent() && !a.Controls[k].Banner
}

// Prechecked is F1: a consent box ticked before the person does anything.
var Prechecked = &rules.Rule{
	ID:     "consent-prechecked",
	Family: "consent",
	Title:  rules.Text{EN: "Consent boxes are not ticked in advance", SV: "Samtyckesrutor är inte förkryssade"},
	Help: rules.Text{
		EN: "Leave every consent box unticked until the person ticks it: silence, pre-ticked boxes or inactivity are not consent.",
		SV: "Låt varje samtyckesruta vara okryssad tills personen själv kryssar i den: tystnad, förkryssade rutor eller inaktivitet är inte samtycke.",
	},
	Manual: rules.Text{
		EN: "Check whether the ticked box asks for consent; if it does, it must start unticked.",
		SV: "Kontrollera om den ikryssade rutan gäller ett samtycke; i så fall ska den vara okryssad från början.",
	},
	Legal:    []string{lawRecital32, lawArt4_11, lawPlanet49, lawEDPB0520 + " §3.4"},
	Severity: rules.ViolationLikely,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"unticked":      {EN: "The consent box starts unticked.", SV: "Samtyckesrutan är okryssad från början."},
		"prechecked":    {EN: "The consent box is ticked before the person has done anything: \"{text}\".", SV: "Samtyckesrutan är ikryssad innan personen har gjort något: ”{text}”."},
		"maybe-checked": {EN: "A ticked box sits near consent wording (\"{text}\"): check whether it asks for consent.", SV: "En ikryssad ruta står nära text om samtycke (”{text}”): kontrollera om den gäller ett samtycke."},
	},
	Applies: func(c *rules.Ctx) []int {
		return targets(c, func(a *Analysis, k int) bool {
			x := &a.Controls[k]
			return x.IsConsent() && x.Role != "switch" && x.Role != "radio"
		})
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		x := control(c, i)
		if !x.Checked {
			return rules.Pass(i, "unticked")
		}
		if !x.Strong() {
			return rules.Cant(i, "maybe-checked", "text", short(x.Raw, 160)).With(x.Row)
		}
		return rules.Fail(i, "prechecked", "text", short(x.Raw, 160))
	},
}

// SwitchOn is F2 (and, in a banner's settings, K5 as far as the snapshot
// shows it): a switch for an optional purpose that starts on.
var SwitchOn = &rules.Rule{
	ID:     "consent-switch-on",
	Family: "consent",
	Title:  rules.Text{EN: "Switches for optional purposes start off", SV: "Reglage för frivilliga ändamål är avslagna från början"},
	Help: rules.Text{
		EN: "Start every switch for marketing, a talent pool, statistics or sharing in the off position; the person turns it on.",
		SV: "Låt varje reglage för marknadsföring, kandidatbank, statistik eller delning vara avslaget från början; personen slår på det själv.",
	},
	Manual:   rules.Text{EN: "Check whether the switch that is on covers an optional purpose.", SV: "Kontrollera om reglaget som är påslaget gäller ett frivilligt ändamål."},
	Legal:    []string{lawRecital32, lawArt4_11, lawPlanet49, lawTaskforce + " (type B)"},
	Severity: rules.ViolationLikely,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"off":      {EN: "The switch starts off.", SV: "Reglaget är avslaget från början."},
		"on":       {EN: "The switch for {purposes} is on before the person has chosen: \"{text}\".", SV: "Reglaget för {purposes} är påslaget innan personen har valt: ”{text}”."},
		"maybe-on": {EN: "A switch that is on sits near purpose wording (\"{text}\"): check what it turns on.", SV: "Ett påslaget reglage står nära text om ett ändamål (”{text}”): kontrollera vad det slår på."},
	},
	Applies: func(c *rules.Ctx) []int {
		return targets(c, func(a *Analysis, k int) bool {
			x := &a.Controls[k]
			return x.Role == "switch" && len(x.OptionalPurposes()) > 0
		})
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		x := control(c, i)
		if !x.Checked {
			return rules.Pass(i, "off")
		}
		if !x.Strong() {
			return rules.Cant(i, "maybe-on", "text", short(x.Raw, 160)).With(x.Row)
		}
		return rules.Fail(i, "on", "purposes", strings.Join(x.OptionalPurposes(), ", "), "text", short(x.Raw, 160))
	},
}

// Bundled is F3: one control for several purposes, or consent mixed with
// acceptance of terms.
var Bundled = &rules.Rule{
	ID:     "consent-bundled",
	Family: "consent",
	Title:  rules.Text{EN: "Each consent covers one purpose", SV: "Varje samtycke gäller ett ändamål"},
	Help: rules.Text{
		EN: "Give each purpose (the application, a talent pool, marketing, sharing with others) its own unticked box, and keep consent apart from accepting terms.",
		SV: "Ge varje ändamål (ansökan, kandidatbank, marknadsföring, delning med andra) en egen okryssad ruta, och håll isär samtycke och godkännande av villkor.",
	},
	Manual:   rules.Text{EN: "Read the consent text: does one box cover several purposes, or terms and consent together?", SV: "Läs samtyckestexten: gäller en ruta flera ändamål, eller villkor och samtycke på en gång?"},
	Legal:    []string{lawArt7_2, lawArt7_4, lawRecital32, lawRecital43, lawEDPB0520 + " §3.2 (specific, granular)"},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"single":        {EN: "The consent covers one purpose ({purposes}).", SV: "Samtycket gäller ett ändamål ({purposes})."},
		"bundled":       {EN: "One box covers several purposes ({purposes}): \"{text}\".", SV: "En ruta gäller flera ändamål ({purposes}): ”{text}”."},
		"bundled-terms": {EN: "One box combines accepting terms (\"{terms}\") with consent to {purposes}: \"{text}\".", SV: "En ruta blandar godkännande av villkor (”{terms}”) med samtycke till {purposes}: ”{text}”."},
		"maybe-bundled": {EN: "Text near the box names several purposes ({purposes}): \"{text}\". Check whether one box covers them all.", SV: "Texten nära rutan nämner flera ändamål ({purposes}): ”{text}”. Kontrollera om en ruta gäller alla."},
	},
	Applies: func(c *rules.Ctx) []int {
		return targets(c, func(a *Analysis, k int) bool { return formConsent(a, k) && len(a.Controls[k].Purposes) > 0 })
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		x := control(c, i)
		ps := x.DistinctPurposes()
		text := short(x.Raw, 200)
		bundled := len(ps) >= 2
		withTerms := x.Terms != "" && len(ps) >= 1
		if !bundled && !withTerms {
			return rules.Pass(i, "single", "purposes", strings.Join(ps, ", "))
		}
		if !x.Strong() {
			return rules.Cant(i, "maybe-bundled", "purposes", strings.Join(ps, ", "), "text", text).With(x.Row)
		}
		if bundled {
			return rules.Fail(i, "bundled", "purposes", strings.Join(ps, ", "), "text", text)
		}
		return rules.Fail(i, "bundled-terms", "terms", x.Terms, "purposes", strings.Join(ps, ", "), "text", text)
	},
}

// Conditional is F4: consent to an optional purpose made a condition of
// sending the form.
var Conditional = &rules.Rule{
	ID:     "consent-conditional",
	Family: "consent",
	Title:  rules.Text{EN: "Consent to optional purposes is not required to apply", SV: "Samtycke till frivilliga ändamål krävs inte för att ansöka"},
	Help: rules.Text{
		EN: "Make boxes for a talent pool, marketing or sharing optional: the application must go through without them.",
		SV: "Gör rutor för kandidatbank, marknadsföring eller delning frivilliga: ansökan ska gå att skicka utan dem.",
	},
	Manual:   rules.Text{EN: "Check whether the form can be sent with this box unticked.", SV: "Kontrollera om formuläret går att skicka med rutan okryssad."},
	Legal:    []string{lawArt7_4, lawRecital43, lawEDPB0520 + " §3.1.2 (conditionality)"},
	Severity: rules.ViolationLikely,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"optional":       {EN: "The box for {purposes} is not required.", SV: "Rutan för {purposes} är inte obligatorisk."},
		"required":       {EN: "The box is required, but it covers optional purposes ({purposes}): \"{text}\".", SV: "Rutan är obligatorisk men gäller frivilliga ändamål ({purposes}): ”{text}”."},
		"maybe-required": {EN: "A required box sits near text about optional purposes ({purposes}): \"{text}\".", SV: "En obligatorisk ruta står nära text om frivilliga ändamål ({purposes}): ”{text}”."},
	},
	Applies: func(c *rules.Ctx) []int {
		return targets(c, func(a *Analysis, k int) bool {
			return formConsent(a, k) && len(a.Controls[k].OptionalPurposes()) > 0
		})
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		x := control(c, i)
		ps := strings.Join(x.OptionalPurposes(), ", ")
		if !x.Required {
			return rules.Pass(i, "optional", "purposes", ps)
		}
		if !x.Strong() {
			return rules.Cant(i, "maybe-required", "purposes", ps, "text", short(x.Raw, 200)).With(x.Row)
		}
		return rules.Fail(i, "required", "purposes", ps, "text", short(x.Raw, 200))
	},
}

// ForApplication is F5: consent asked for processing the application
// itself, which normally rests on Art. 6(1)(b), not consent. Advisory: it
// never fails.
var ForApplication = &rules.Rule{
	ID:     "consent-for-application",
	Family: "consent",
	Title:  rules.Text{EN: "The application itself does not rest on consent", SV: "Själva ansökan vilar inte på samtycke"},
	Help: rules.Text{
		EN: "Processing an application is normally necessary to take steps before a contract (Art. 6(1)(b)), and consent is rarely free in employment: inform instead of asking for consent, and ask consent only for optional purposes.",
		SV: "Att behandla en ansökan är normalt nödvändigt för åtgärder före ett avtal (art. 6.1 b), och samtycke är sällan frivilligt i anställningsförhållanden: informera i stället för att be om samtycke, och be om samtycke bara för frivilliga ändamål.",
	},
	Manual:   rules.Text{EN: "Ask the controller which legal basis the application rests on; if consent, how can a candidate refuse and still apply?", SV: "Fråga den personuppgiftsansvarige vilken rättslig grund ansökan vilar på; om samtycke, hur kan den sökande avstå och ändå söka?"},
	Legal:    []string{lawArt6_1b, lawEDPB0520 + " §3.1.1 (imbalance of power, employment)"},
	Severity: rules.Info,
	Impact:   rules.Minor,
	Codes: map[string]rules.Text{
		"application-consent": {EN: "A required box asks consent for the application itself: \"{text}\". Check the legal basis.", SV: "En obligatorisk ruta ber om samtycke för själva ansökan: ”{text}”. Kontrollera den rättsliga grunden."},
	},
	Applies: func(c *rules.Ctx) []int {
		return targets(c, func(a *Analysis, k int) bool {
			x := &a.Controls[k]
			return formConsent(a, k) && x.Required && len(x.Purposes) == 1 && x.Purposes[0] == purposeApplication
		})
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		return rules.Cant(i, "application-consent", "text", short(control(c, i).Raw, 200))
	},
}

// Acknowledgement is F6: "I accept the privacy policy" presented as
// consent.
var Acknowledgement = &rules.Rule{
	ID:     "consent-acknowledgement",
	Family: "consent",
	Title:  rules.Text{EN: "Reading the privacy notice is not presented as consent", SV: "Att ha läst integritetspolicyn framställs inte som samtycke"},
	Help: rules.Text{
		EN: "The privacy notice informs; it is not something to accept. Drop the box, or if consent is intended, name the purpose it is for.",
		SV: "Integritetspolicyn informerar; den är inget att godkänna. Ta bort rutan, eller om ett samtycke avses, skriv vilket ändamål det gäller.",
	},
	Manual:   rules.Text{EN: "Check whether the box is meant as consent to a purpose.", SV: "Kontrollera om rutan är tänkt som samtycke till ett ändamål."},
	Legal:    []string{lawArt13, lawArt7_2},
	Severity: rules.Info,
	Impact:   rules.Minor,
	Codes: map[string]rules.Text{
		"acknowledgement":       {EN: "The box asks to accept the privacy notice, with no purpose: \"{text}\". Acknowledgement is not consent.", SV: "Rutan ber om godkännande av integritetspolicyn, utan ändamål: ”{text}”. Att ha tagit del av information är inte samtycke."},
		"maybe-acknowledgement": {EN: "A box near \"{text}\" may ask to accept the privacy notice.", SV: "En ruta nära ”{text}” kan gälla godkännande av integritetspolicyn."},
	},
	Applies: func(c *rules.Ctx) []int {
		return targets(c, func(a *Analysis, k int) bool {
			x := &a.Controls[k]
			return formConsent(a, k) && x.Privacy != "" && len(x.Purposes) == 0
		})
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		x := control(c, i)
		if !x.Strong() {
			return rules.Cant(i, "maybe-acknowledgement", "text", short(x.Raw, 160)).With(x.Row)
		}
		return rules.Fail(i, "acknowledgement", "text", short(x.Raw, 160))
	},
}

// NotAssociated is F7: the consent sentence is shown but not part of the
// control's accessible name or description.
var NotAssociated = &rules.Rule{
	ID:     "consent-not-associated",
	Family: "consent",
	Title:  rules.Text{EN: "Consent text is programmatically tied to its box", SV: "Samtyckestexten är kopplad till sin ruta i koden"},
	Help: rules.Text{
		EN: "Put the consent sentence in a <label for> (or wrap the box in it), or point aria-labelledby/aria-describedby to it, so screen readers say what the box consents to.",
		SV: "Lägg samtyckesmeningen i en <label for> (eller lägg rutan inuti den), eller peka aria-labelledby/aria-describedby på den, så att skärmläsare säger vad rutan gäller.",
	},
	Manual:   rules.Text{EN: "With a screen reader, check that the box announces what it consents to.", SV: "Kontrollera med skärmläsare att rutan läser upp vad samtycket gäller."},
	WCAG:     []string{"1.3.1", "3.3.2", "4.1.2"},
	Legal:    []string{lawArt7_2, lawArt12_1},
	Severity: rules.Risk,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"associated":      {EN: "The box's accessible name carries the consent text.", SV: "Rutans tillgängliga namn innehåller samtyckestexten."},
		"no-name":         {EN: "The box has no accessible name; its consent text \"{text}\" is not tied to it.", SV: "Rutan saknar tillgängligt namn; samtyckestexten ”{text}” är inte kopplad till den."},
		"name-incomplete": {EN: "The box is named \"{name}\", but the consent text \"{text}\" is not part of its name or description.", SV: "Rutan heter ”{name}”, men samtyckestexten ”{text}” ingår inte i dess namn eller beskrivning."},
		"maybe-unrelated": {EN: "Consent text near the box (\"{text}\") is not tied to it: check whether it belongs to the box.", SV: "Samtyckestext nära rutan (”{text}”) är inte kopplad till den: kontrollera om den hör till rutan."},
	},
	Applies: func(c *rules.Ctx) []int {
		return targets(c, formConsent)
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		x := control(c, i)
		if x.Source == FromName {
			return rules.Pass(i, "associated")
		}
		text := short(x.Raw, 160)
		if x.Source == FromNearby {
			return rules.Cant(i, "maybe-unrelated", "text", text).With(x.Row)
		}
		name := strings.TrimSpace(c.Page.AXName(i))
		if name == "" {
			return rules.Fail(i, "no-name", "text", text).With(x.Row)
		}
		return rules.Fail(i, "name-incomplete", "name", short(name, 80), "text", text).With(x.Row)
	},
}

// GroupLabel is F8: several consent boxes without a group label.
var GroupLabel = &rules.Rule{
	ID:     "consent-group-label",
	Family: "consent",
	Title:  rules.Text{EN: "A group of consent boxes has a group label", SV: "En grupp samtyckesrutor har en gruppetikett"},
	Help: rules.Text{
		EN: "Put related consent boxes in a <fieldset> with a <legend> (or role=group with a name) that says what they are about.",
		SV: "Lägg samtyckesrutor som hör ihop i en <fieldset> med en <legend> (eller role=group med ett namn) som säger vad de gäller.",
	},
	Manual:   rules.Text{EN: "Check that the consent boxes are grouped under a heading that screen readers announce.", SV: "Kontrollera att samtyckesrutorna är grupperade under en rubrik som skärmläsare läser upp."},
	WCAG:     []string{"1.3.1", "3.3.2"},
	Legal:    []string{lawArt7_2},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"grouped":     {EN: "The {n} consent boxes are in a group named \"{name}\".", SV: "De {n} samtyckesrutorna ligger i en grupp med namnet ”{name}”."},
		"ungrouped":   {EN: "{n} consent boxes sit together with no fieldset/legend or named group.", SV: "{n} samtyckesrutor står tillsammans utan fieldset/legend eller namngiven grupp."},
		"maybe-group": {EN: "{n} boxes that may ask for consent have no named group: check whether they belong together.", SV: "{n} rutor som kan gälla samtycke saknar namngiven grupp: kontrollera om de hör ihop."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		a := Analyze(c)
		groups := map[int][]*Control{}
		var order []int
		for k := range a.Controls {
			x := &a.Controls[k]
			if !formConsent(a, k) || x.Role == "radio" {
				continue
			}
			key := x.Form
			if key < 0 {
				key = -2 - p.ParentElement(x.Row)
			}
			if _, ok := groups[key]; !ok {
				order = append(order, key)
			}
			groups[key] = append(groups[key], x)
		}
		var out []rules.Result
		for _, key := range order {
			xs := groups[key]
			if len(xs) < 2 {
				continue
			}
			lca := xs[0].Node
			for _, x := range xs[1:] {
				lca = commonAncestor(p, lca, x.Node)
			}
			n := strconv.Itoa(len(xs))
			if g, name := namedGroup(p, lca); g >= 0 {
				out = append(out, rules.Pass(g, "grouped", "n", n, "name", short(name, 80)))
				continue
			}
			strong := true
			for _, x := range xs {
				strong = strong && x.Strong()
			}
			var rel []int
			for _, x := range xs {
				rel = append(rel, x.Node)
			}
			if !strong {
				out = append(out, rules.Cant(lca, "maybe-group", "n", n).With(rel...))
				continue
			}
			out = append(out, rules.Fail(lca, "ungrouped", "n", n).With(rel...))
		}
		return out
	},
}

// commonAncestor returns the lowest common ancestor of a and b.
func commonAncestor(p *page.Page, a, b int) int {
	for x := a; x >= 0; x = p.Nodes[x].Parent {
		if x == b || p.IsAncestor(x, b) {
			return x
		}
	}
	return 0
}

// namedGroup returns the nearest ancestor-or-self of x that is a group
// with an accessible name (fieldset with legend, role=group with a name).
func namedGroup(p *page.Page, x int) (int, string) {
	for g := x; g >= 0; g = p.Nodes[g].Parent {
		if !p.IsElement(g) {
			if p.Nodes[g].Type == page.DocumentNode {
				break
			}
			continue
		}
		if p.Tag(g) == "form" || p.Tag(g) == "body" {
			break
		}
		r := dom.Role(p, g)
		if (r == "group" || r == "radiogroup" || p.Tag(g) == "fieldset") && strings.TrimSpace(p.AXName(g)) != "" {
			return g, p.AXName(g)
		}
	}
	return -1, ""
}
