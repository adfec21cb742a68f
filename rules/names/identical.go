package names

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// sameNameGroups groups the elements by document and accessible name
// (white space collapsed, case folded) and returns the groups of two or
// more, each in document order, ordered by their first element.
func sameNameGroups(p *page.Page, els []int) [][]int {
	type key struct {
		doc  int
		name string
	}
	idx := map[key]int{}
	var groups [][]int
	for _, i := range els {
		name := strings.ToLower(page.Collapse(p.AXName(i)))
		if name == "" {
			continue
		}
		k := key{p.Nodes[i].Doc, name}
		g, ok := idx[k]
		if !ok {
			g = len(groups)
			idx[k] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g) > 1 {
			out = append(out, g)
		}
	}
	return out
}

// sameTargets checks a group of same-named elements: passed when all go to
// the same resource, cantTell when they differ or the target is unknown.
func sameTargets(p *page.Page, g []int, target func(i int) string) rules.Result {
	first := target(g[0])
	same := first != ""
	for _, i := range g[1:] {
		if t := target(i); t == "" || t != first {
			same = false
		}
	}
	name := page.Collapse(p.AXName(g[0]))
	n := len(g)
	count := strconv.Itoa(n)
	if same {
		return rules.Pass(g[0], "same-target", "name", name, "count", count).With(g[1:]...)
	}
	return rules.Cant(g[0], "different-targets", "name", name, "count", count).With(g[1:]...)
}

// linkURL returns the resolved URL a link goes to, as Chrome reports it,
// without a trailing slash on an empty path.
func linkURL(p *page.Page, i int) string {
	u := p.AXProp(i, "url")
	return strings.TrimSuffix(u, "/")
}

// LinkIdenticalName finds links in one page with the same accessible name
// and different targets, which a person must check serve the same purpose
// (ACT b20e66 and, for links in the same context, fd3a94). Same name and
// same target passes; different targets are cantTell.
var LinkIdenticalName = &rules.Rule{
	ID:     "link-identical-name",
	Family: "names",
	Title:  rules.Text{EN: "Links with the same name have the same purpose", SV: "Länkar med samma namn har samma syfte"},
	Help: rules.Text{
		EN: "Give links that go to different places different names (\"Read more about the nurse job\" rather than \"Read more\"), or make them go to the same place.",
		SV: "Ge länkar som leder till olika ställen olika namn (”Läs mer om sjuksköterskejobbet” i stället för ”Läs mer”), eller låt dem leda till samma ställe.",
	},
	Manual: rules.Text{EN: "Open the links with the same name and check that they serve the same purpose (the same or equivalent content).", SV: "Öppna länkarna med samma namn och kontrollera att de fyller samma syfte (samma eller likvärdigt innehåll)."},
	WCAG:   []string{"2.4.4", "2.4.9"},
	ACT:    []string{"b20e66", "fd3a94"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"same-target":       {EN: "{count} links named \"{name}\" go to the same place.", SV: "{count} länkar med namnet ”{name}” leder till samma ställe."},
		"different-targets": {EN: "{count} links are named \"{name}\" but go to different places: check that they serve the same purpose.", SV: "{count} länkar heter ”{name}” men leder till olika ställen: kontrollera att de fyller samma syfte."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var links []int
		dom.Elements(p, func(i int) {
			if p.InAXTree(i) && dom.RoleIs(p, i, "link") {
				links = append(links, i)
			}
		})
		var out []rules.Result
		for _, g := range sameNameGroups(p, links) {
			out = append(out, sameTargets(p, g, func(i int) string { return linkURL(p, i) }))
		}
		return out
	},
}

// frameURL returns the URL of the document an iframe shows, or its src.
func frameURL(p *page.Page, i int) string {
	if v, ok := p.Attr(i, "srcdoc"); ok {
		return "srcdoc:" + v
	}
	if d := p.Nodes[i].ContentDoc; d > 0 {
		for _, doc := range p.Documents {
			if doc.Node == d && doc.URL != "" && doc.URL != "about:blank" {
				return doc.URL
			}
		}
	}
	if v, ok := p.Attr(i, "src"); ok {
		return strings.TrimSpace(v)
	}
	return ""
}

// IframeIdenticalName finds iframes in one page with the same accessible
// name, which a person must check show equivalent content (ACT 4b1c6c).
var IframeIdenticalName = &rules.Rule{
	ID:     "iframe-identical-name",
	Family: "names",
	Title:  rules.Text{EN: "Frames with the same name have the same purpose", SV: "Ramar med samma namn har samma syfte"},
	Help: rules.Text{
		EN: "Give frames with different content different titles that say what each one holds.",
		SV: "Ge ramar med olika innehåll olika titlar som säger vad var och en innehåller.",
	},
	Manual: rules.Text{EN: "Check that the frames with the same name show equivalent content.", SV: "Kontrollera att ramarna med samma namn visar likvärdigt innehåll."},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"4b1c6c"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"same-target":       {EN: "{count} frames named \"{name}\" show the same document.", SV: "{count} ramar med namnet ”{name}” visar samma dokument."},
		"different-targets": {EN: "{count} frames are named \"{name}\" but show different documents: check that their content is equivalent.", SV: "{count} ramar heter ”{name}” men visar olika dokument: kontrollera att innehållet är likvärdigt."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		var frames []int
		dom.Elements(p, func(i int) {
			if p.InAXTree(i) && p.Tag(i) == "iframe" && p.Role(i) == "Iframe" {
				frames = append(frames, i)
			}
		})
		var out []rules.Result
		for _, g := range sameNameGroups(p, frames) {
			out = append(out, sameTargets(p, g, func(i int) string { return frameURL(p, i) }))
		}
		return out
	},
}
