package consent

import (
	"sort"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Source says where the words that make a control a consent control were
// found. Name and row are strong evidence (the control's own accessible
// name or description, or the text of the smallest container that holds no
// other field); nearby text is weak, and a rule that relies on it answers
// cantTell, never failed.
type Source string

// Sources, strongest first.
const (
	FromName   Source = "name"
	FromRow    Source = "row"
	FromNearby Source = "nearby"
)

// Control is a checkbox, switch or radio button whose text asks for consent
// (a consent verb with a purpose or privacy word), or a switch for an
// optional purpose.
type Control struct {
	Node   int
	Role   string // checkbox, switch, radio
	Source Source
	// Text is the folded text the recognition used; Raw the same text as
	// shown, for messages.
	Text, Raw string
	// NameText is the folded accessible name and description.
	NameText string
	Verb     string   // the consent verb found, "" for a bare purpose switch
	Privacy  string   // the privacy word found
	Purposes []string // distinct purpose clusters, in purposeOrder
	Terms    string   // a terms word found
	Checked  bool
	Required bool
	Form     int // the personal-data form it belongs to, -1 when none
	Banner   bool
	// Row is the container whose text was used for FromRow, or the
	// control.
	Row int
}

// Strong reports whether the evidence suffices for a failed outcome.
func (c *Control) Strong() bool { return c.Source == FromName || c.Source == FromRow }

// IsConsent reports whether the control asks for consent (a verb with a
// purpose or privacy word), as opposed to a bare purpose switch.
func (c *Control) IsConsent() bool { return c.Verb != "" }

// OptionalPurposes returns the purposes not necessary for applying. Keeping
// the application in a talent pool is one purpose, so "application" beside
// "talent_pool" is not counted as a second one.
func (c *Control) OptionalPurposes() []string {
	var out []string
	for _, p := range c.Purposes {
		if optionalPurpose(p) {
			out = append(out, p)
		}
	}
	return out
}

// DistinctPurposes counts purposes for bundling (F3).
func (c *Control) DistinctPurposes() []string {
	talent := false
	for _, p := range c.Purposes {
		talent = talent || p == purposeTalentPool
	}
	var out []string
	for _, p := range c.Purposes {
		if p == purposeApplication && talent {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Form is a personal-data form.
type Form struct {
	Node int
	// Kinds are the kinds of personal data it asks for (name, email,
	// phone, address, birthday, cv, file, personnummer), sorted.
	Kinds []string
	// Region is the form and its surroundings up to two ancestor levels,
	// stopping below main, body and the document.
	Region   int
	Controls []int // indexes into Analysis.Controls
}

// Major reports whether the form collects more than a single contact field
// (an application form rather than a newsletter box).
func (f *Form) Major() bool {
	if len(f.Kinds) >= 2 || len(f.Controls) > 0 {
		return true
	}
	for _, k := range f.Kinds {
		if k == "cv" || k == "file" || k == "personnummer" {
			return true
		}
	}
	return false
}

// Analysis is what the consent rules recognise on a page, computed once.
type Analysis struct {
	Forms    []Form
	Controls []Control
	Banners  []Banner
}

// Analyze returns the page's analysis, memoised per page.
func Analyze(c *rules.Ctx) *Analysis {
	return c.Memo("consent.analysis", func() any { return analyze(c.Page) }).(*Analysis)
}

func analyze(p *page.Page) *Analysis {
	a := &Analysis{}
	formOf := map[int]int{}
	dom.Elements(p, func(i int) {
		if p.Tag(i) != "form" && !dom.HasExplicitRole(p, i, "form") {
			return
		}
		if !p.Rendered(i) {
			return
		}
		kinds := personalKinds(p, i)
		if len(kinds) == 0 {
			return
		}
		formOf[i] = len(a.Forms)
		a.Forms = append(a.Forms, Form{Node: i, Kinds: kinds, Region: region(p, i)})
	})
	a.Banners = findBanners(p)
	inBanner := func(i int) bool {
		for _, b := range a.Banners {
			if p.IsAncestor(b.Node, i) {
				return true
			}
		}
		return false
	}
	dom.Elements(p, func(i int) {
		role := dom.Role(p, i)
		if role != "checkbox" && role != "switch" && role != "radio" && role != "menuitemcheckbox" {
			return
		}
		if !p.Rendered(i) && !renderedLabel(p, i) {
			return
		}
		ctl, ok := recognise(p, i, role)
		if !ok {
			return
		}
		ctl.Form = -1
		for x := i; x >= 0; x = p.Nodes[x].Parent {
			if k, ok := formOf[x]; ok {
				ctl.Form = k
				break
			}
		}
		ctl.Banner = inBanner(i)
		if !ctl.IsConsent() && !ctl.Banner && ctl.Form < 0 {
			return // a bare purpose switch outside forms and banners
		}
		if ctl.Form >= 0 {
			a.Forms[ctl.Form].Controls = append(a.Forms[ctl.Form].Controls, len(a.Controls))
		}
		a.Controls = append(a.Controls, ctl)
	})
	return a
}

// renderedLabel reports whether a visually hidden input has a rendered
// label standing in for it (custom checkboxes).
func renderedLabel(p *page.Page, i int) bool {
	for x := p.ParentElement(i); x >= 0 && x != p.Root(); x = p.ParentElement(x) {
		if p.Tag(x) == "label" {
			return p.Rendered(x)
		}
	}
	if id, ok := p.Attr(i, "id"); ok && id != "" {
		found := false
		dom.Elements(p, func(l int) {
			if !found && p.Tag(l) == "label" {
				if f, _ := p.Attr(l, "for"); f == id && p.Rendered(l) {
					found = true
				}
			}
		})
		return found
	}
	return false
}

// recognise decides whether a checkbox, switch or radio asks for consent.
func recognise(p *page.Page, i int, role string) (Control, bool) {
	ctl := Control{Node: i, Role: role, Row: i}
	name := strings.TrimSpace(p.AXName(i) + " " + axDescription(p, i))
	if role == "radio" {
		// A radio button's meaning is in its group's label.
		if g := groupOf(p, i); g >= 0 {
			name = strings.TrimSpace(p.AXName(g) + " " + name)
		}
	}
	ctl.NameText = dom.Fold(name)
	ctl.Checked = p.Nodes[i].Checked || p.AXProp(i, "checked") == "true" || page.Lower(attr(p, i, "aria-checked")) == "true"
	ctl.Required = p.HasAttr(i, "required") || page.Lower(attr(p, i, "aria-required")) == "true" || p.AXProp(i, "required") == "true"

	try := func(src Source, raw string, row int) bool {
		t := dom.Fold(raw)
		if classify(&ctl, t) {
			ctl.Source, ctl.Text, ctl.Raw, ctl.Row = src, t, strings.TrimSpace(page.Collapse(raw)), row
			return true
		}
		return false
	}
	if try(FromName, name, i) {
		return ctl, true
	}
	if row := rowOf(p, i); row >= 0 {
		if try(FromRow, p.Text(row), row) {
			return ctl, true
		}
		if par := p.ParentElement(row); par >= 0 && par != p.Root() && p.Tag(par) != "body" {
			txt := p.Text(par)
			if len([]rune(txt)) <= 400 && try(FromNearby, txt, par) {
				return ctl, true
			}
		}
	}
	return ctl, false
}

// classify fills the control's words from folded text t and reports
// whether the text makes it a consent control (verb + purpose or privacy)
// or a purpose switch.
func classify(ctl *Control, t string) bool {
	verb, hasVerb := consentVerbs.Find(t)
	priv, hasPriv := privacyNouns.Find(t)
	var ps []string
	for _, id := range purposeOrder {
		if purposes[id].Has(t) {
			ps = append(ps, id)
		}
	}
	term, hasTerm := terms.Find(t)
	switch {
	case hasVerb && (hasPriv || len(ps) > 0):
		ctl.Verb = verb.Text
	case ctl.Role == "switch" && len(ps) > 0:
		ctl.Verb = ""
	default:
		return false
	}
	ctl.Privacy, ctl.Purposes, ctl.Terms = "", ps, ""
	if hasPriv {
		ctl.Privacy = priv.Text
	}
	if hasTerm {
		ctl.Terms = term.Text
	}
	return true
}

// rowOf returns the largest ancestor of control i that holds no other form
// field or button, within 600 characters of text: the control's visual
// row. -1 when even the parent holds another field.
func rowOf(p *page.Page, i int) int {
	row := -1
	for x := p.ParentElement(i); x >= 0; x = p.ParentElement(x) {
		if x == p.Root() || p.Tag(x) == "body" || p.Tag(x) == "form" || p.Tag(x) == "fieldset" {
			break
		}
		if otherField(p, x, i) || len([]rune(p.Text(x))) > 600 {
			break
		}
		row = x
	}
	return row
}

// otherField reports whether container x holds a form field or button
// other than i.
func otherField(p *page.Page, x, i int) bool {
	found := false
	p.Descendants(x, func(d int) bool {
		if found {
			return false
		}
		if d != i && p.IsElement(d) && isField(p, d) {
			found = true
		}
		return true
	})
	return found
}

func isField(p *page.Page, d int) bool {
	switch p.Tag(d) {
	case "input":
		t := page.Lower(attr(p, d, "type"))
		return t != "hidden"
	case "select", "textarea", "button":
		return true
	}
	switch dom.Role(p, d) {
	case "checkbox", "switch", "radio", "textbox", "combobox", "button", "listbox":
		return p.InAXTree(d)
	}
	return false
}

// groupOf returns the nearest fieldset or group/radiogroup ancestor.
func groupOf(p *page.Page, i int) int {
	for x := p.ParentElement(i); x >= 0 && x != p.Root(); x = p.ParentElement(x) {
		if p.Tag(x) == "fieldset" || p.Tag(x) == "form" {
			if p.Tag(x) == "form" {
				return -1
			}
			return x
		}
		if r := dom.Role(p, x); r == "group" || r == "radiogroup" {
			return x
		}
	}
	return -1
}

func axDescription(p *page.Page, i int) string {
	if ax := p.Nodes[i].AX; ax != nil {
		return ax.Description
	}
	return ""
}

func attr(p *page.Page, i int, name string) string {
	v, _ := p.Attr(i, name)
	return v
}

// personalKinds returns the kinds of personal data form f asks for.
func personalKinds(p *page.Page, f int) []string {
	set := map[string]bool{}
	p.Descendants(f, func(d int) bool {
		if !p.IsElement(d) {
			return true
		}
		tag := p.Tag(d)
		if tag != "input" && tag != "select" && tag != "textarea" {
			return true
		}
		typ := page.Lower(strings.TrimSpace(attr(p, d, "type")))
		switch typ {
		case "email":
			set["email"] = true
		case "tel":
			set["phone"] = true
		case "file":
			if cvLabels.Has(dom.Fold(p.AXName(d) + " " + axDescription(p, d) + " " + attr(p, d, "name") + " " + attr(p, d, "id"))) {
				set["cv"] = true
			} else {
				set["file"] = true
			}
		}
		for _, tok := range strings.Fields(page.Lower(attr(p, d, "autocomplete"))) {
			switch tok {
			case "name", "given-name", "family-name", "additional-name":
				set["name"] = true
			case "email":
				set["email"] = true
			case "tel", "tel-national", "tel-local":
				set["phone"] = true
			case "street-address", "address-line1", "postal-code":
				set["address"] = true
			case "bday", "bday-day", "bday-month", "bday-year":
				set["birthday"] = true
			}
		}
		ids := page.Lower(attr(p, d, "name") + " " + attr(p, d, "id"))
		if strings.Contains(ids, "personnummer") || strings.Contains(dom.Fold(p.AXName(d)), "personnummer") {
			set["personnummer"] = true
		}
		return true
	})
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// region returns the form's surroundings where notices sit: up to two
// ancestor levels, not main, body or above.
func region(p *page.Page, f int) int {
	r := f
	for k := 0; k < 2; k++ {
		x := p.ParentElement(r)
		if x < 0 || x == p.Root() {
			break
		}
		switch p.Tag(x) {
		case "main", "body", "html":
			return r
		}
		if dom.Role(p, x) == "main" {
			return r
		}
		r = x
	}
	return r
}

// excerpt returns the folded text around a hit, for Args.
func excerpt(t string, h dom.Hit) string { return dom.Excerpt(t, h.At, 120) }

// short cuts text to n runes for messages.
func short(s string, n int) string {
	s = strings.TrimSpace(page.Collapse(s))
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
