package site

import (
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// WCAG 3.3.7 Redundant Entry: in a multi-step process, what the user
// entered in an earlier step is filled in or offered for selection when a
// later step needs it again (passwords and re-entry that is essential are
// exempt). The audit does not type into forms, so it cannot see whether a
// later step would fill a field in: a field that asks again for what an
// earlier step collected is a question for a person (cantTell), never a
// failure. Steps are pages that say "Steg 2 av 3" / "Step 2 of 3" in the
// same folder of the site.

// EntryField is one field a step asks for.
type EntryField struct {
	Purpose string `json:"purpose"` // autocomplete token, else the field's name, else its label (folded)
	Label   string `json:"label"`
}

// EntryFacts are a step's position and fields.
type EntryFacts struct {
	Process string       `json:"process"` // the step's folder and step count
	Step    int          `json:"step"`
	Fields  []EntryField `json:"fields,omitempty"`
}

// Entry is the fact kind of redundant entry.
var Entry = &rules.Fact[EntryFacts]{Name: "site.entry", Extract: extractEntry}

func extractEntry(c *rules.Ctx) (EntryFacts, bool) {
	p := c.Page
	if !dom.HTMLContent(p) {
		return EntryFacts{}, false
	}
	m := stepRE.FindStringSubmatch(dom.Fold(p.Text(p.Root())))
	if m == nil {
		return EntryFacts{}, false
	}
	n, _ := strconv.Atoi(m[1])
	total, _ := strconv.Atoi(m[2])
	u := key(p.FinalURL, p.URL)
	dir := u
	if k := strings.IndexAny(u, "?#"); k >= 0 {
		dir = u[:k]
	}
	f := EntryFacts{Process: path.Dir(dir) + " /" + strconv.Itoa(total), Step: n}
	dom.Elements(p, func(i int) {
		tag := p.Tag(i)
		if tag != "input" && tag != "select" && tag != "textarea" || dom.Hidden(p, i) {
			return
		}
		t, _ := p.Attr(i, "type")
		switch strings.ToLower(t) {
		case "password", "hidden", "submit", "button", "reset", "image", "checkbox", "radio", "file", "search":
			return // passwords are exempt (security); choices and uploads are not entries of data
		}
		label := strings.TrimSpace(p.AXName(i))
		purpose := ""
		if ac, _ := p.Attr(i, "autocomplete"); ac != "" {
			toks := strings.Fields(strings.ToLower(ac))
			if last := toks[len(toks)-1]; last != "on" && last != "off" {
				purpose = "autocomplete " + last
			}
		}
		if purpose == "" {
			if name, _ := p.Attr(i, "name"); name != "" {
				purpose = "name " + strings.ToLower(name)
			} else if label != "" {
				purpose = "label " + dom.Fold(label)
			}
		}
		if purpose != "" {
			f.Fields = append(f.Fields, EntryField{Purpose: purpose, Label: label})
		}
	})
	return f, true
}

// RedundantEntry is WCAG 3.3.7.
var RedundantEntry = &rules.Rule{
	ID:     "redundant-entry-site",
	Family: "site",
	Title:  rules.Text{EN: "A later step does not ask again for what an earlier step collected", SV: "Ett senare steg frågar inte igen efter det ett tidigare steg samlat in"},
	Help: rules.Text{
		EN: "Fill in what the user already gave in an earlier step, or let them pick it (a \"same as above\" choice); ask again only where it is essential or for security.",
		SV: "Fyll i det användaren redan angett i ett tidigare steg, eller låt hen välja det (ett val ”samma som ovan”); fråga igen bara när det är nödvändigt eller av säkerhetsskäl.",
	},
	Manual: rules.Text{EN: "Go through the steps with test data: is what you entered before filled in or offered when asked again?", SV: "Gå igenom stegen med testdata: fylls det du angett tidigare i, eller erbjuds det, när det efterfrågas igen?"},
	WCAG:   []string{"3.3.7"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"not-repeated": {EN: "This step asks for nothing an earlier step collected.", SV: "Steget frågar inte efter något som ett tidigare steg samlat in."},
		"asked-again":  {EN: "Step {step} asks for \"{field}\", which step {earlier} collected: is it filled in, or offered to select, when the user comes here?", SV: "Steg {step} frågar efter ”{field}”, som steg {earlier} samlade in: fylls det i, eller erbjuds det att välja, när användaren kommer hit?"},
	},
	Site: &rules.SiteCheck{Facts: []rules.FactKind{Entry}, Judge: judgeEntry},
}

func judgeEntry(s *rules.Site) []rules.SiteResult {
	processes := map[string][]rules.PageFact[EntryFacts]{}
	for _, pf := range Entry.Of(s) {
		processes[pf.Fact.Process] = append(processes[pf.Fact.Process], pf)
	}
	var out []rules.SiteResult
	for _, steps := range processes {
		sort.SliceStable(steps, func(a, b int) bool { return steps[a].Fact.Step < steps[b].Fact.Step })
		collected := map[string]int{} // purpose -> the step that first asked
		for _, st := range steps {
			r := rules.Pass(-1, "not-repeated")
			for _, f := range st.Fact.Fields {
				if at, ok := collected[f.Purpose]; ok && at < st.Fact.Step {
					r = rules.Cant(-1, "asked-again", "step", fmt.Sprint(st.Fact.Step), "field", f.Label, "earlier", fmt.Sprint(at))
					break
				}
			}
			for _, f := range st.Fact.Fields {
				if _, ok := collected[f.Purpose]; !ok {
					collected[f.Purpose] = st.Fact.Step
				}
			}
			if st.Fact.Step > steps[0].Fact.Step {
				out = append(out, rules.SiteResult{URL: st.URL, Result: r})
			}
		}
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].URL < out[b].URL })
	return out
}
