package consent

import (
	"net/url"
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
	// Verb is the consent verb or request phrase found ("samtycker",
	// "send me"), or, for a box that names an optional purpose on a form
	// that collects personal data, "purpose": asking for a purpose is
	// asking for consent whatever the words. "" for a bare purpose switch.
	Verb     string
	Privacy  string   // the privacy word found
	Purposes []string // purpose clusters named, in purposeOrder
	Terms    string   // a terms word found
	// Class is the purpose classification with its scores and evidence.
	Class Classification
	// Service are the purposes the control's form exists for (a newsletter
	// form, a job-alert form), read from the form's context; nil outside
	// forms.
	Service  []string
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

// OptionalPurposes returns the purposes not necessary for applying
// (retention is how long, not what for).
func (c *Control) OptionalPurposes() []string {
	var out []string
	for _, p := range c.Purposes {
		if optionalPurpose(p) {
			out = append(out, p)
		}
	}
	return out
}

// ExtraPurposes returns the optional purposes that are not the form's own
// service: what a person could refuse and still get what the form is for.
func (c *Control) ExtraPurposes() []string {
	var out []string
	for _, p := range c.OptionalPurposes() {
		if !contains(c.Service, p) {
			out = append(out, p)
		}
	}
	return out
}

// ServiceItself reports whether the control asks only for what its form
// exists for (job alerts on a job-alert form): the request itself, not an
// optional extra.
func (c *Control) ServiceItself() bool { return isService(c.Purposes, c.Service) }

// DistinctPurposes counts purposes for bundling (F3): retention is not a
// purpose of its own, and the classifier already folds "my application"
// into a talent pool that keeps it.
func (c *Control) DistinctPurposes() []string {
	var out []string
	for _, p := range c.Purposes {
		if p != purposeRetention {
			out = append(out, p)
		}
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
	// Context is the text that says what the form is for: its name, the
	// heading above it, its submit buttons and its action URL; Service the
	// purposes that text names (serviceOf).
	Context string
	Service []string
	// Submit is the form's first submit button, -1 when none.
	Submit int
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
		ctx, submit := formContext(p, i)
		a.Forms = append(a.Forms, Form{Node: i, Kinds: kinds, Region: region(p, i), Context: ctx, Service: serviceOf(ctx), Submit: submit})
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
		form := -1
		for x := i; x >= 0; x = p.Nodes[x].Parent {
			if k, ok := formOf[x]; ok {
				form = k
				break
			}
		}
		fnode, submit := -1, -1
		if form >= 0 {
			fnode, submit = a.Forms[form].Node, a.Forms[form].Submit
		}
		ctl, ok := recognise(p, i, role, fnode, submit)
		if !ok {
			return
		}
		ctl.Form = form
		if form >= 0 {
			ctl.Service = a.Forms[form].Service
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

// recognise decides whether a checkbox, switch or radio asks for consent;
// form is the personal-data form it sits in and submit that form's submit
// button (-1 when none).
func recognise(p *page.Page, i int, role string, form, submit int) (Control, bool) {
	inForm := form >= 0
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

	// A checkbox or switch in a named group also reads the group's name
	// (its legend): "Yes please" under "Talent pool" is for the pool.
	legend := ""
	if role != "radio" {
		if g := groupOf(p, i); g >= 0 {
			legend = strings.TrimSpace(p.AXName(g))
		}
	}
	try := func(src Source, raw string, row int) bool {
		t := dom.Fold(raw)
		srcs := []source{{from: string(src), text: raw, weight: 1}}
		if legend != "" {
			srcs = append(srcs, source{from: "group", text: legend, weight: 0.9})
		}
		if classify(&ctl, classifySources(srcs), src != FromNearby, inForm) {
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
		// Structure: a box in the last block before the submit button of a
		// personal-data form, whose own words only agree ("I agree *"),
		// agrees to what the text just above it says, however long.
		own := classifyText(p.Text(row) + " " + name)
		if (own.Consent != "" || own.Request != "") && lastBeforeSubmit(p, i, form, submit) {
			if txt, at := precedingText(p, row, form); txt != "" && try(FromNearby, txt+" "+p.Text(row), at) {
				ctl.Class.Evidence = append(ctl.Class.Evidence, Evidence{Cue: "last-before-submit", Words: short(txt, 60), From: "structure", Weight: 0})
				return ctl, true
			}
		}
	}
	return ctl, false
}

// lastBeforeSubmit reports whether control i sits in the last block of
// form before its submit button: no field to fill in (text, select,
// textarea, file) follows it before submit.
func lastBeforeSubmit(p *page.Page, i, form, submit int) bool {
	if form < 0 || submit < 0 {
		return false
	}
	seen, last := false, true
	p.Descendants(form, func(d int) bool {
		if !last || d == submit {
			return false
		}
		if d == i {
			seen = true
			return true
		}
		if seen && p.IsElement(d) && p.Rendered(d) {
			switch p.Tag(d) {
			case "select", "textarea":
				last = false
			case "input":
				switch page.Lower(attr(p, d, "type")) {
				case "checkbox", "radio", "hidden", "submit", "button", "reset", "image":
				default:
					last = false
				}
			}
		}
		return last
	})
	return seen && last
}

// precedingText returns the text of the blocks just before row, back to
// the previous field (at most 1200 characters), and the element that holds
// them: the explanation a bare "I agree" box agrees to.
func precedingText(p *page.Page, row, form int) (string, int) {
	for x := row; x >= 0 && x != form; x = p.ParentElement(x) {
		par := p.ParentElement(x)
		if par < 0 {
			break
		}
		var parts []string
		n := 0
		kids := p.Children(par)
		k := 0
		for k < len(kids) && kids[k] != x {
			k++
		}
		for k--; k >= 0; k-- {
			d := kids[k]
			if !p.IsElement(d) || !p.Rendered(d) {
				continue
			}
			if isField(p, d) || otherField(p, d, -1) {
				break
			}
			t := strings.TrimSpace(p.Text(d))
			n += len([]rune(t))
			if n > 1200 {
				break
			}
			parts = append([]string{t}, parts...)
		}
		if txt := strings.TrimSpace(strings.Join(parts, " ")); txt != "" {
			return txt, par
		}
		if par == form {
			break
		}
	}
	return "", -1
}

// classify fills the control's words from its classification and
// reports whether they make it a consent control or a purpose switch. A
// box asks for consent when its own words hold a consent verb with a
// purpose or a privacy word ("I agree to the privacy notice"), a request
// with a purpose ("Yes, send me job alerts"), or, on a form that collects
// personal data, name an optional purpose at all ("Keep my CV for future
// openings"): asking leave for a purpose is a consent request whatever the
// verb. Requests and bare purposes count only in the box's own words (its
// name or its row, ownText), not in nearby text. "I have read the privacy notice" counts too (F6).
func classify(ctl *Control, c Classification, ownText, inForm bool) bool {
	ps := c.Purposes()
	optional := false
	for _, id := range ps {
		optional = optional || optionalPurpose(id)
	}
	switch {
	case c.Consent != "" && (c.Privacy != "" || len(ps) > 0):
		ctl.Verb = c.Consent
	case ownText && c.Request != "" && len(ps) > 0:
		ctl.Verb = c.Request
	case c.Privacy != "" && c.Read != "":
		ctl.Verb = c.Read
	case ownText && inForm && optional && ctl.Role != "switch" && ctl.Role != "radio":
		ctl.Verb = "purpose"
	case ctl.Role == "switch" && len(ps) > 0:
		ctl.Verb = ""
	default:
		return false
	}
	ctl.Privacy, ctl.Purposes, ctl.Terms, ctl.Class = c.Privacy, ps, c.Terms, c
	return true
}

// formContext returns the text that says what form f is for, and its
// first submit button (-1 when none): the form's name, its first heading
// or else the last heading before it, its submit buttons and the words of
// its action URL.
func formContext(p *page.Page, f int) (string, int) {
	var parts []string
	add := func(s string) {
		if s = strings.TrimSpace(page.Collapse(s)); s != "" {
			parts = append(parts, s)
		}
	}
	add(p.AXName(f))
	heading, inside, submit := -1, -1, -1
	seen, done := false, false
	dom.Elements(p, func(d int) {
		if done {
			return
		}
		isHeading := dom.Role(p, d) == "heading" && p.Rendered(d)
		switch {
		case d == f || p.IsAncestor(f, d):
			seen = true
			if isHeading && inside < 0 {
				inside = d
			}
			if isSubmit(p, d) {
				if submit < 0 {
					submit = d
				}
				add(p.AXName(d))
			}
		case seen:
			done = true // past the form
		case isHeading:
			heading = d
		}
	})
	if inside >= 0 {
		heading = inside
	}
	if heading >= 0 {
		add(p.Text(heading))
	}
	if act := attr(p, f, "action"); act != "" {
		if u, err := url.Parse(act); err == nil {
			add(strings.NewReplacer("/", " ", "-", " ", "_", " ", ".", " ").Replace(u.Path))
		}
	}
	return strings.Join(parts, ". "), submit
}

// isSubmit reports whether element d submits its form.
func isSubmit(p *page.Page, d int) bool {
	switch p.Tag(d) {
	case "button":
		t := page.Lower(strings.TrimSpace(attr(p, d, "type")))
		return t == "" || t == "submit"
	case "input":
		t := page.Lower(strings.TrimSpace(attr(p, d, "type")))
		return t == "submit" || t == "image"
	}
	return false
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
