package site

import (
	"net/url"
	"strings"

	"github.com/granska/granska/internal/cue"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// WCAG 3.2.6 Consistent Help: help mechanisms a site repeats on several
// pages (contact details, a contact page or form, a chat, self-help such
// as an FAQ) come in the same order relative to the other page content on
// each. Only the page's repeated parts (header, navigation, footer,
// complementary) count: a contact link inside one article is content, not
// a repeated mechanism. A mechanism on one page only is not judged.

// HelpItem is one help mechanism on a page.
type HelpItem struct {
	Kind   string `json:"kind"` // email, phone, contact, chat, self-help
	Key    string `json:"key"`  // kind and target: what makes it the same mechanism on another page
	Name   string `json:"name,omitempty"`
	Region string `json:"region"`
}

// HelpFacts are a page's help mechanisms outside its main content, in
// document order.
var HelpFacts = &rules.Fact[[]HelpItem]{Name: "site.help", Extract: extractHelp}

var (
	contactNames = dom.NewPhrases(cue.ContactNames...)
	selfHelp     = dom.NewPhrases("vanliga frågor", "frågor och svar", "faq", "hjälp*", "help*", "support", "kundtjänst")
	chatNames    = dom.NewPhrases("chatt*", "chat*", "livechatt*", "live chat")
)

func extractHelp(c *rules.Ctx) ([]HelpItem, bool) {
	p := c.Page
	if !dom.HTMLContent(p) {
		return nil, false
	}
	var out []HelpItem
	seen := map[string]bool{}
	add := func(kind, target, name, region string) {
		key := kind + " " + target
		if !seen[key] {
			seen[key] = true
			out = append(out, HelpItem{Kind: kind, Key: key, Name: name, Region: region})
		}
	}
	dom.Elements(p, func(i int) {
		tag := p.Tag(i)
		if tag != "a" && tag != "button" || dom.Hidden(p, i) {
			return
		}
		region := regionOf(p, i)
		if region == "" || region == regionMain {
			return
		}
		if _, sw := p.Attr(i, "hreflang"); sw {
			return // the page in another language, not help
		}
		name := strings.TrimSpace(p.AXName(i))
		fn := dom.Fold(name)
		raw, _ := p.Attr(i, "href")
		raw = strings.TrimSpace(raw)
		low := strings.ToLower(raw)
		href, _ := p.ResolveHref(i, raw)
		switch {
		case strings.HasPrefix(low, "mailto:"):
			add("email", strings.TrimPrefix(low, "mailto:"), name, region)
		case strings.HasPrefix(low, "tel:"):
			add("phone", digits(low), name, region)
		case chatNames.Has(fn):
			add("chat", href, name, region)
		case href != "" && (contactNames.Has(fn) || cue.PathHas(urlPath(href), []string{"kontakt", "contact"})):
			add("contact", href, name, region)
		case href != "" && selfHelp.Has(fn):
			add("self-help", href, name, region)
		}
	})
	return out, len(out) > 0
}

// urlPath is the path of an absolute URL.
func urlPath(href string) string {
	if u, err := url.Parse(href); err == nil {
		return u.Path
	}
	return ""
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '+' {
			return r
		}
		return -1
	}, s)
}

// ConsistentHelp is WCAG 3.2.6.
var ConsistentHelp = &rules.Rule{
	ID:     "consistent-help-site",
	Family: "site",
	Title:  rules.Text{EN: "Help is in the same place on every page", SV: "Hjälp finns på samma ställe på varje sida"},
	Help: rules.Text{
		EN: "Put the contact details, contact page, chat and FAQ links that repeat across pages in one shared place (for example the footer) and keep their order.",
		SV: "Samla kontaktuppgifter, kontaktsida, chatt och länkar till vanliga frågor som återkommer på flera sidor på ett gemensamt ställe (till exempel sidfoten) och behåll deras ordning.",
	},
	Manual: rules.Text{EN: "Compare where a few pages offer help (contact, chat, FAQ, phone): same place, same order?", SV: "Jämför var några sidor erbjuder hjälp (kontakt, chatt, vanliga frågor, telefon): samma ställe, samma ordning?"},
	WCAG:   []string{"3.2.6"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"same-place": {EN: "The help repeated on other pages is in the same place and order here.", SV: "Hjälpen som återkommer på andra sidor finns på samma ställe och i samma ordning här."},
		"moved":      {EN: "\"{name}\" is in the {region} here but in the {usual} on {other}.", SV: "”{name}” finns i {region} här men i {usual} på {other}."},
		"reordered":  {EN: "\"{first}\" comes before \"{second}\" here, but after it on {other}.", SV: "”{first}” kommer före ”{second}” här, men efter den på {other}."},
	},
	Site: &rules.SiteCheck{Facts: []rules.FactKind{HelpFacts}, Judge: judgeHelp},
}

func judgeHelp(s *rules.Site) []rules.SiteResult {
	all := HelpFacts.Of(s)
	onPages := map[string]int{}
	for _, pf := range all {
		for _, h := range pf.Fact {
			onPages[h.Key]++
		}
	}
	v := newVerdicts()
	// Where each repeated mechanism is: a page that puts it elsewhere than
	// most pages do has moved it.
	for _, a := range all {
		for _, h := range a.Fact {
			if onPages[h.Key] < 2 {
				continue
			}
			agree, other, usual := 0, "", ""
			disagree := 0
			for _, b := range all {
				if b.URL == a.URL {
					continue
				}
				for _, g := range b.Fact {
					if g.Key != h.Key {
						continue
					}
					if g.Region == h.Region {
						agree++
					} else {
						disagree++
						if other == "" {
							other, usual = b.URL, g.Region
						}
					}
				}
			}
			v.judged[a.URL] = true
			if disagree > 0 && (disagree > agree || agree == 0) {
				v.fail(a.URL, rules.Fail(-1, "moved", "name", h.Name, "region", h.Region, "usual", usual, "other", other))
			}
		}
	}
	// Their order among themselves.
	var orders []pageOrder
	names := map[string]string{}
	for _, pf := range all {
		var items []string
		for _, h := range pf.Fact {
			if onPages[h.Key] >= 2 {
				items = append(items, h.Key)
				names[h.Key] = h.Name
			}
		}
		orders = append(orders, pageOrder{URL: pf.URL, Items: items})
	}
	v.order(orders, func(x, y, other string) rules.Result {
		return rules.Fail(-1, "reordered", "first", names[x], "second", names[y], "other", other)
	})
	return v.results(urlsOf(all), rules.Pass(-1, "same-place"))
}
