package consent

import (
	"slices"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/cue"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// IsPrivacyHref reports whether a link target looks like a privacy notice.
func IsPrivacyHref(href string) bool {
	h := strings.ToLower(href)
	if strings.HasPrefix(h, "mailto:") || strings.HasPrefix(h, "tel:") {
		return false
	}
	return cue.PathHas(h, cue.PrivacyPaths)
}

// link is a rendered link in the accessibility tree.
type link struct {
	Node    int
	Name    string // folded accessible name
	Href    string
	Privacy bool // by name or href
	Vague   bool // the name is a vague phrase ("här", "read more") or empty
}

// linksIn returns the rendered links under root (root included).
func linksIn(p *page.Page, root int) []link {
	var out []link
	check := func(d int) {
		if !p.IsElement(d) || dom.Role(p, d) != "link" || !p.Rendered(d) {
			return
		}
		name := dom.Fold(p.AXName(d))
		href, _ := p.Attr(d, "href")
		l := link{Node: d, Name: name, Href: href}
		l.Privacy = privacyNouns.Has(name) || IsPrivacyHref(href)
		l.Vague = name == "" || vagueLink.Equal(name)
		out = append(out, l)
	}
	check(root)
	p.Descendants(root, func(d int) bool { check(d); return true })
	return out
}

// NoticeMissing is F9: no privacy notice at the point of collection.
var NoticeMissing = &rules.Rule{
	ID:     "consent-privacy-notice-missing",
	Family: "consent",
	Title:  rules.Text{EN: "Forms that collect personal data link to the privacy notice", SV: "Formulär som samlar in personuppgifter länkar till integritetspolicyn"},
	Help: rules.Text{
		EN: "Put a link to the privacy notice (who is responsible, why, how long, your rights) in or right next to the form, where the data are collected.",
		SV: "Lägg en länk till integritetspolicyn (vem som ansvarar, varför, hur länge, dina rättigheter) i eller direkt intill formuläret, där uppgifterna samlas in.",
	},
	Manual:   rules.Text{EN: "Check that the information Art. 13 requires is given at the form, as a link or as text.", SV: "Kontrollera att informationen som art. 13 kräver ges vid formuläret, som länk eller text."},
	Legal:    []string{lawArt13, lawArt12_1},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"has-link":       {EN: "The form links to the privacy notice (\"{name}\").", SV: "Formuläret länkar till integritetspolicyn (”{name}”)."},
		"no-link":        {EN: "The form collects personal data ({kinds}) but has no link to a privacy notice.", SV: "Formuläret samlar in personuppgifter ({kinds}) men saknar länk till en integritetspolicy."},
		"link-elsewhere": {EN: "The form collects personal data ({kinds}); the page links to a privacy notice (\"{name}\"), but not at the form.", SV: "Formuläret samlar in personuppgifter ({kinds}); sidan länkar till en integritetspolicy (”{name}”), men inte vid formuläret."},
		"unclear-links":  {EN: "The form has links whose purpose is unclear ({links}): check whether one leads to the privacy notice.", SV: "Formuläret har länkar vars syfte är oklart ({links}): kontrollera om någon leder till integritetspolicyn."},
		"small-form":     {EN: "The form asks only for {kinds} and has no privacy link: check that the page says how the data are used.", SV: "Formuläret frågar bara efter {kinds} och saknar länk till integritetspolicy: kontrollera att sidan berättar hur uppgifterna används."},
	},
	Applies: func(c *rules.Ctx) []int {
		var out []int
		for _, f := range Analyze(c).Forms {
			out = append(out, f.Node)
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		f := formOfNode(c, i)
		kinds := strings.Join(f.Kinds, ", ")
		var unclear []string
		for _, l := range linksIn(p, f.Region) {
			if l.Privacy {
				return rules.Pass(i, "has-link", "name", short(p.AXName(l.Node), 80)).With(l.Node)
			}
			if l.Vague {
				unclear = append(unclear, "\""+short(p.AXName(l.Node), 40)+"\"")
			}
		}
		if len(unclear) > 0 {
			return rules.Cant(i, "unclear-links", "links", strings.Join(unclear, ", "))
		}
		if !f.Major() {
			return rules.Cant(i, "small-form", "kinds", kinds)
		}
		if root := p.Root(); root >= 0 {
			for _, l := range linksIn(p, root) {
				if l.Privacy {
					return rules.Fail(i, "link-elsewhere", "kinds", kinds, "name", short(p.AXName(l.Node), 80)).With(l.Node)
				}
			}
		}
		return rules.Fail(i, "no-link", "kinds", kinds)
	},
}

func formOfNode(c *rules.Ctx, i int) *Form {
	a := Analyze(c)
	for k := range a.Forms {
		if a.Forms[k].Node == i {
			return &a.Forms[k]
		}
	}
	return &Form{Node: i, Region: i}
}

// PrivacyLink is F10: the privacy link at the form is named "här" or
// "read more".
var PrivacyLink = &rules.Rule{
	ID:     "consent-privacy-link",
	Family: "consent",
	Title:  rules.Text{EN: "The privacy link at a form says where it leads", SV: "Länken till integritetspolicyn vid ett formulär säger vart den leder"},
	Help: rules.Text{
		EN: "Name the link after what it opens, such as \"our privacy policy\", not \"here\" or \"read more\".",
		SV: "Ge länken ett namn efter vad den öppnar, till exempel ”vår integritetspolicy”, inte ”här” eller ”läs mer”.",
	},
	Manual:   rules.Text{EN: "Check that the link text alone tells where the link leads.", SV: "Kontrollera att länktexten ensam säger vart länken leder."},
	Legal:    []string{lawArt12_1, lawArt13},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"descriptive": {EN: "The privacy link is named \"{name}\".", SV: "Länken till integritetspolicyn heter ”{name}”."},
		"vague-name":  {EN: "The link to the privacy notice ({href}) is named only \"{name}\".", SV: "Länken till integritetspolicyn ({href}) heter bara ”{name}”."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		seen := map[int]bool{}
		for _, f := range Analyze(c).Forms {
			for _, l := range linksIn(p, f.Region) {
				if l.Privacy && !seen[l.Node] {
					seen[l.Node] = true
					out = append(out, l.Node)
				}
			}
		}
		slices.Sort(out)
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		name := p.AXName(i)
		f := dom.Fold(name)
		if f == "" || vagueLink.Equal(f) {
			href, _ := p.Attr(i, "href")
			return rules.Fail(i, "vague-name", "name", short(name, 40), "href", short(href, 80))
		}
		return rules.Pass(i, "descriptive", "name", short(name, 80))
	},
}

// WithdrawalInfo is F12: no word at the form on how to withdraw consent.
var WithdrawalInfo = &rules.Rule{
	ID:     "consent-withdrawal-info",
	Family: "consent",
	Title:  rules.Text{EN: "People are told how to withdraw consent before they give it", SV: "Den som samtycker får veta hur samtycket återkallas innan det ges"},
	Help: rules.Text{
		EN: "Say next to the consent boxes that consent can be withdrawn at any time, and how (a link, an address), and that withdrawing does not affect the application.",
		SV: "Skriv vid samtyckesrutorna att samtycket kan återkallas när som helst, och hur (en länk, en adress), och att det inte påverkar ansökan.",
	},
	Manual:   rules.Text{EN: "Check the form and the linked privacy notice for how to withdraw consent.", SV: "Kontrollera formuläret och den länkade integritetspolicyn: står det hur man återkallar samtycket?"},
	Legal:    []string{lawArt7_3, lawArt13_2c},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"informed":     {EN: "The form says how to withdraw consent (\"{text}\").", SV: "Formuläret berättar hur samtycket återkallas (”{text}”)."},
		"no-info":      {EN: "The form asks for consent, and neither it nor the page says anything about withdrawing it, nor links to a privacy notice.", SV: "Formuläret ber om samtycke, men varken det eller sidan säger något om att återkalla det, och det finns ingen länk till en integritetspolicy."},
		"check-notice": {EN: "Nothing at the form says how to withdraw consent; check the linked privacy notice ({href}).", SV: "Inget vid formuläret säger hur samtycket återkallas; kontrollera den länkade integritetspolicyn ({href})."},
		"elsewhere":    {EN: "Nothing at the form says how to withdraw consent, but the page mentions it elsewhere (\"{text}\"): check that it concerns this consent.", SV: "Inget vid formuläret säger hur samtycket återkallas, men sidan nämner det på annat ställe (”{text}”): kontrollera att det gäller detta samtycke."},
	},
	Applies: func(c *rules.Ctx) []int {
		a := Analyze(c)
		var out []int
		for _, f := range a.Forms {
			for _, k := range f.Controls {
				if formConsent(a, k) && len(a.Controls[k].Purposes) > 0 {
					out = append(out, f.Node)
					break
				}
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		f := formOfNode(c, i)
		t := dom.Fold(p.Text(f.Region))
		if h, ok := withdraw.Find(t); ok {
			return rules.Pass(i, "informed", "text", excerpt(t, h))
		}
		if root := p.Root(); root >= 0 {
			all := dom.Fold(p.Text(root))
			if h, ok := withdraw.Find(all); ok {
				return rules.Cant(i, "elsewhere", "text", excerpt(all, h))
			}
			for _, l := range linksIn(p, root) {
				if l.Privacy {
					return rules.Cant(i, "check-notice", "href", short(l.Href, 100)).With(l.Node)
				}
			}
		}
		return rules.Fail(i, "no-info")
	},
}

// BySubmission is F14: "by sending this form you agree to ..." for
// optional purposes.
var BySubmission = &rules.Rule{
	ID:     "consent-by-submission",
	Family: "consent",
	Title:  rules.Text{EN: "Sending a form is not taken as consent to optional purposes", SV: "Att skicka ett formulär räknas inte som samtycke till frivilliga ändamål"},
	Help: rules.Text{
		EN: "Ask for consent to newsletters, job alerts, a talent pool or sharing with its own unticked box, not by sending the form.",
		SV: "Be om samtycke till nyhetsbrev, jobbevakning, kandidatbank eller delning med en egen okryssad ruta, inte genom att formuläret skickas.",
	},
	Manual:   rules.Text{EN: "Read the text by the send button: does sending count as consent to something optional?", SV: "Läs texten vid skicka-knappen: räknas det som samtycke till något frivilligt att skicka formuläret?"},
	Legal:    []string{lawArt7_2, lawArt7_4, lawRecital43, lawEDPB0520 + " §3.1.2"},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"none":              {EN: "No text makes sending the form a consent.", SV: "Ingen text gör det till ett samtycke att skicka formuläret."},
		"optional-purposes": {EN: "Sending the form is taken as consent to {purposes}: \"{text}\".", SV: "Att skicka formuläret räknas som samtycke till {purposes}: ”{text}”."},
		"by-submission":     {EN: "Sending the form is taken as agreement: \"{text}\". Check what it covers.", SV: "Att skicka formuläret räknas som godkännande: ”{text}”. Kontrollera vad det gäller."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var out []rules.Result
		for _, f := range Analyze(c).Forms {
			found := false
			for _, el := range textBlocks(p, f.Region) {
				for _, s := range sentences(dom.Fold(p.Text(el))) {
					if !bySubmit.Has(s) || !consentVerbs.Has(s) {
						continue
					}
					found = true
					var ps []string
					for _, id := range purposeOrder {
						if optionalPurpose(id) && purposes[id].Has(s) {
							ps = append(ps, id)
						}
					}
					if len(ps) > 0 {
						out = append(out, rules.Fail(el, "optional-purposes", "purposes", strings.Join(ps, ", "), "text", short(s, 200)))
					} else {
						out = append(out, rules.Cant(el, "by-submission", "text", short(s, 200)))
					}
					break
				}
			}
			if !found {
				out = append(out, rules.Pass(f.Node, "none"))
			}
		}
		return out
	},
}

// textBlocks returns the innermost elements under root that hold text of
// their own (a text node child), excluding labels of controls and the
// controls themselves.
func textBlocks(p *page.Page, root int) []int {
	var out []int
	p.Descendants(root, func(d int) bool {
		if !p.IsElement(d) || !p.Rendered(d) {
			return true
		}
		switch p.Tag(d) {
		case "label", "button", "select", "option", "script", "style", "a":
			return false
		}
		for _, ch := range p.Children(d) {
			if p.Nodes[ch].Type == page.TextNode && strings.TrimSpace(p.Nodes[ch].Value) != "" {
				out = append(out, d)
				return false
			}
		}
		return true
	})
	return out
}

// sentences splits folded text at sentence ends.
func sentences(t string) []string {
	var out []string
	start := 0
	for k := 0; k < len(t); k++ {
		if (t[k] == '.' || t[k] == '!' || t[k] == '?') && (k+1 == len(t) || t[k+1] == ' ') {
			if s := strings.TrimSpace(t[start : k+1]); s != "" {
				out = append(out, s)
			}
			start = k + 1
		}
	}
	if s := strings.TrimSpace(t[start:]); s != "" {
		out = append(out, s)
	}
	return out
}
