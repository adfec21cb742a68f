package capture

import (
	_ "embed"
	"strings"

	"github.com/granska/granska/audit/page"
)

// focusStatesJS (js/focusstates.js) helps the focus stop reader (stop.js):
// it finishes the CSS transitions focus set off, so a stop is read in the
// state it settles in rather than mid-fade, and it reads the styles of the
// element that labels the focused one (a custom checkbox or radio that
// hides its input and shows focus on its label). stop.js is an expression
// evaluated in whatever world the walk runs in; it is wrapped here so that
// evaluating it installs the helpers in that world first.
//
//go:embed js/focusstates.js
var focusStatesJS string

func init() {
	body := strings.TrimSpace(stopJS)
	for strings.HasPrefix(body, "//") { // leading comments would end the return
		_, body, _ = strings.Cut(body, "\n")
		body = strings.TrimSpace(body)
	}
	stopJS = "(function(){\n" + focusStatesJS + "\nreturn " + body + "\n})()"
}

// focusLabel returns the node whose styles focusstates.js reads as the
// focused element i's label, -1 for none: the first label of i in
// document order (a label ancestor or a label whose for names i), else the
// first element aria-labelledby names; never i's parent, i itself or an
// ancestor of i (those are compared already or contain the element).
func focusLabel(p *page.Page, i int) int {
	lab := -1
	if labelable(p, i) {
		id, hasID := p.Attr(i, "id")
		for k := range p.Nodes {
			if !p.IsElement(k) || p.Tag(k) != "label" || p.Nodes[k].Doc != p.Nodes[i].Doc {
				continue
			}
			if f, ok := p.Attr(k, "for"); ok {
				if hasID && f == id && f != "" {
					lab = k
					break
				}
				continue
			}
			if p.IsAncestor(k, i) && firstLabelable(p, k) == i {
				lab = k
				break
			}
		}
	}
	if lab < 0 {
		v, _ := p.Attr(i, "aria-labelledby")
		for _, ref := range strings.Fields(v) {
			if k, ok := p.ElementByID(i, ref); ok {
				lab = k
				break
			}
		}
	}
	if lab < 0 || lab == i || lab == p.ParentElement(i) || p.IsAncestor(lab, i) {
		return -1
	}
	return lab
}

func labelable(p *page.Page, i int) bool {
	switch p.Tag(i) {
	case "button", "meter", "output", "progress", "select", "textarea":
		return true
	case "input":
		t, _ := p.Attr(i, "type")
		return page.Lower(strings.TrimSpace(t)) != "hidden"
	}
	return false
}

// firstLabelable is a label's labeled control without a for attribute:
// its first labelable descendant.
func firstLabelable(p *page.Page, label int) int {
	found := -1
	p.Descendants(label, func(d int) bool {
		if found < 0 && p.IsElement(d) && labelable(p, d) {
			found = d
		}
		return found < 0
	})
	return found
}

// finishTransitions is a statement that jumps the document's running CSS
// transitions to their end, for comparisons made right after focusing an
// element by script (pixels.go), which would otherwise shoot a fading
// focus ring at its start.
const finishTransitions = `document.getAnimations().forEach(function(a){` +
	`if(a.constructor&&a.constructor.name==='CSSTransition'&&a.playState==='running'){try{a.finish()}catch(e){}}});`
