package site

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// WCAG 3.2.4 Consistent Identification: components with the same function
// across the pages of a site are named consistently. The same function is
// read narrowly, so that a difference is a finding: a link to the same
// target, or a form's submit button sending to the same address, in the
// same repeated region (header, navigation, footer) of pages in the same
// language. A name that shares no word with the one most pages use fails;
// one that shares some ("Jobb" and "Lediga jobb") is a question.

// Component is one repeated component of a page.
type Component struct {
	Key  string `json:"key"` // region, kind and target: the same function on another page
	Name string `json:"name"`
}

// NameFacts are a page's language and the named components of its
// repeated regions.
type NameFacts struct {
	Lang       string      `json:"lang,omitempty"`
	Components []Component `json:"components,omitempty"`
}

// Names is the fact kind of consistent identification.
var Names = &rules.Fact[NameFacts]{Name: "site.names", Extract: extractNames}

func extractNames(c *rules.Ctx) (NameFacts, bool) {
	p := c.Page
	if !dom.HTMLContent(p) {
		return NameFacts{}, false
	}
	f := NameFacts{Lang: langOf(p.Lang)}
	for _, l := range links(p) {
		if l.Href != "" && l.Name != "" && !l.Switch && inRepeatedRegion(l.Region) {
			// A jump to a section (#benefits) is another function than
			// going to the page.
			target := l.Href
			if _, frag, ok := strings.Cut(l.Raw, "#"); ok && frag != "" {
				target += "#" + frag
			}
			f.Components = append(f.Components, Component{Key: l.Region + " link " + target, Name: l.Name})
		}
	}
	dom.Elements(p, func(i int) {
		if dom.Hidden(p, i) || !submitButton(p, i) {
			return
		}
		region := regionOf(p, i)
		form := -1
		p.Ancestors(i, func(a int) bool {
			if p.IsElement(a) && p.Tag(a) == "form" {
				form = a
			}
			return form < 0
		})
		name := strings.TrimSpace(p.AXName(i))
		if form < 0 || name == "" || !inRepeatedRegion(region) {
			return
		}
		action, _ := p.Attr(form, "action")
		target, _ := p.ResolveHref(form, action)
		f.Components = append(f.Components, Component{Key: region + " submit " + target, Name: name})
	})
	return f, len(f.Components) > 0
}

func submitButton(p *page.Page, i int) bool {
	t, _ := p.Attr(i, "type")
	t = strings.ToLower(t)
	switch p.Tag(i) {
	case "button":
		return t == "" || t == "submit"
	case "input":
		return t == "submit" || t == "image"
	}
	return false
}

// ConsistentIdentification is WCAG 3.2.4.
var ConsistentIdentification = &rules.Rule{
	ID:     "consistent-identification-site",
	Family: "site",
	Title:  rules.Text{EN: "The same function has the same name on every page", SV: "Samma funktion har samma namn på varje sida"},
	Help: rules.Text{
		EN: "Name a repeated link or button the same way on every page (one shared template), so people who learn it once recognise it.",
		SV: "Ge en återkommande länk eller knapp samma namn på varje sida (en gemensam mall), så att den som lärt sig den känner igen den.",
	},
	Manual: rules.Text{EN: "Compare the names of repeated links and buttons across pages: does the same function have the same name?", SV: "Jämför namnen på återkommande länkar och knappar mellan sidor: har samma funktion samma namn?"},
	WCAG:   []string{"3.2.4"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"consistent":  {EN: "The repeated links and buttons have the names they have on the other pages.", SV: "De återkommande länkarna och knapparna har samma namn som på de andra sidorna."},
		"renamed":     {EN: "\"{name}\" here does what \"{usual}\" does on {other}: one name for one function.", SV: "”{name}” här gör samma sak som ”{usual}” på {other}: ett namn för en funktion."},
		"check-names": {EN: "\"{name}\" here, \"{usual}\" on {other}, for the same target: is it the same function, and could it have the same name?", SV: "”{name}” här, ”{usual}” på {other}, för samma mål: är det samma funktion, och kan den heta likadant?"},
	},
	Site: &rules.SiteCheck{Facts: []rules.FactKind{Names}, Judge: judgeNames},
}

func judgeNames(s *rules.Site) []rules.SiteResult {
	all := Names.Of(s)
	type use struct {
		url, sig, name string
	}
	uses := map[string][]use{} // lang + key -> pages
	for _, pf := range all {
		byKey := map[string][]string{}
		shown := map[string]string{}
		for _, c := range pf.Fact.Components {
			k := pf.Fact.Lang + "|" + c.Key
			byKey[k] = appendOnce(byKey[k], dom.Fold(c.Name))
			if shown[k] == "" {
				shown[k] = c.Name
			}
		}
		for k, names := range byKey {
			sort.Strings(names)
			uses[k] = append(uses[k], use{pf.URL, strings.Join(names, " | "), shown[k]})
		}
	}
	rank := map[rules.Outcome]int{rules.Passed: 1, rules.CantTell: 2, rules.Failed: 3}
	result := map[string]rules.Result{}
	set := func(u string, r rules.Result) {
		if rank[r.Outcome] > rank[result[u].Outcome] {
			result[u] = r
		}
	}
	for _, k := range slices.Sorted(maps.Keys(uses)) {
		us := uses[k]
		if len(us) < 2 {
			continue
		}
		count := map[string]int{}
		for _, u := range us {
			count[u.sig]++
		}
		usual := us[0]
		for _, u := range us {
			if count[u.sig] > count[usual.sig] || count[u.sig] == count[usual.sig] && u.sig < usual.sig {
				usual = u
			}
		}
		for _, u := range us {
			switch {
			case u.sig == usual.sig:
				set(u.url, rules.Pass(-1, "consistent"))
			case sharesWord(u.sig, usual.sig):
				set(u.url, rules.Cant(-1, "check-names", "name", u.name, "usual", usual.name, "other", usual.url))
			default:
				set(u.url, rules.Fail(-1, "renamed", "name", u.name, "usual", usual.name, "other", usual.url))
			}
		}
	}
	var out []rules.SiteResult
	for _, pf := range all {
		if r, ok := result[pf.URL]; ok {
			out = append(out, rules.SiteResult{URL: pf.URL, Result: r})
		}
	}
	return out
}

// sharesWord reports whether two folded names have a word in common.
func sharesWord(a, b string) bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(a, notWord) {
		words[w] = true
	}
	for _, w := range strings.FieldsFunc(b, notWord) {
		if words[w] {
			return true
		}
	}
	return false
}

func notWord(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
}
