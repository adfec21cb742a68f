package layout

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

var targetRoles = map[string]bool{
	"link": true, "button": true, "checkbox": true, "radio": true, "switch": true, "tab": true,
	"menuitem": true, "menuitemcheckbox": true, "menuitemradio": true, "option": true, "combobox": true,
	"textbox": true, "searchbox": true, "slider": true, "spinbutton": true, "treeitem": true,
}

// pointerTargets are rendered, enabled elements with a widget role that
// take pointer input, in document order. Memoised.
func pointerTargets(c *rules.Ctx) []int {
	return c.Memo("layout.targets", func() any {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || !p.Rendered(i) || !p.InAXTree(i) || dom.Disabled(p, i) {
				continue
			}
			b, ok := p.Box(i)
			if !ok || b.Empty() || p.Style(i, "pointer-events") == "none" {
				continue
			}
			if !targetRoles[dom.Role(p, i)] {
				continue
			}
			out = append(out, i)
		}
		return out
	}).([]int)
}

// TargetSize checks that pointer targets are at least 24×24 CSS px or
// spaced so (WCAG 2.2 2.5.8).
var TargetSize = &rules.Rule{
	ID:     "target-size",
	Family: "layout",
	Title:  rules.Text{EN: "Targets are at least 24 by 24 pixels or spaced", SV: "Klickytor är minst 24 × 24 pixlar eller har avstånd"},
	Help: rules.Text{
		EN: "Make buttons, links and controls at least 24×24 CSS px (padding counts), or leave enough space around small ones that a 24 px circle on each touches no other target.",
		SV: "Gör knappar, länkar och kontroller minst 24 × 24 CSS-px (utfyllnad räknas), eller lämna så mycket plats runt små att en cirkel på 24 px runt var och en inte når något annat mål.",
	},
	Manual: rules.Text{EN: "Check whether an equivalent larger control exists elsewhere on the page, or the size is essential.", SV: "Kontrollera om en likvärdig större kontroll finns på sidan, eller om storleken är nödvändig."},
	WCAG:   []string{"2.5.8"},
	Impact: rules.Moderate,
	Params: map[string]float64{"size": 24},
	Codes: map[string]rules.Text{
		"large-enough": {EN: "The target is {w}×{h} px.", SV: "Målet är {w}×{h} px."},
		"spaced":       {EN: "The target is {w}×{h} px but a {size} px circle on it touches no other target.", SV: "Målet är {w}×{h} px men en cirkel på {size} px runt det når inget annat mål."},
		"inline":       {EN: "The target is {w}×{h} px inside a sentence; its size is set by the line of text.", SV: "Målet är {w}×{h} px inne i en mening; storleken styrs av textraden."},
		"equivalent":   {EN: "The target is {w}×{h} px, but {other} does the same and is large enough.", SV: "Målet är {w}×{h} px, men {other} gör samma sak och är tillräckligt stort."},
		"user-agent":   {EN: "The {w}×{h} px control looks like the browser's own unstyled control; check that the author did not set its size.", SV: "Kontrollen på {w}×{h} px ser ut som webbläsarens egen ostylade kontroll; kontrollera att författaren inte satt storleken."},
		"too-small":    {EN: "The target is {w}×{h} px, under {size}×{size}, and a {size} px circle on it overlaps {other}.", SV: "Målet är {w}×{h} px, under {size}×{size}, och en cirkel på {size} px runt det överlappar {other}."},
	},
	Applies: pointerTargets,
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		size := c.Param("size")
		b, _ := p.Box(i)
		args := []string{"w", round(b.W), "h", round(b.H), "size", round(size)}
		if b.W >= size-0.01 && b.H >= size-0.01 {
			return rules.Pass(i, "large-enough", args...)
		}
		if inline(c, i) {
			return rules.Pass(i, "inline", args...)
		}
		if e := equivalent(c, i, size); e >= 0 {
			return rules.Pass(i, "equivalent", append(args, "other", p.Snippet(e, 60))...).With(e)
		}
		// Spacing: a circle of the size's diameter centred on the target
		// must not intersect another target or its circle.
		cx, cy := b.X+b.W/2, b.Y+b.H/2
		// A target the circle can touch lies within size of the centre.
		for _, o := range targetsOf(c).near(page.Rect{X: cx - size, Y: cy - size, W: 2 * size, H: 2 * size}) {
			if o == i || p.IsAncestor(o, i) || p.IsAncestor(i, o) {
				continue
			}
			ob, _ := p.Box(o)
			ocx, ocy := ob.X+ob.W/2, ob.Y+ob.H/2
			near := circleHitsRect(cx, cy, size/2, ob)
			if !near && (ob.W < size || ob.H < size) {
				near = math.Hypot(cx-ocx, cy-ocy) < size-0.01
			}
			if near {
				if uaControl(p, i) {
					return rules.Cant(i, "user-agent", args...)
				}
				return rules.Fail(i, "too-small", append(args, "other", p.Snippet(o, 60))...).With(o)
			}
		}
		return rules.Pass(i, "spaced", args...)
	},
}

func circleHitsRect(cx, cy, r float64, b page.Rect) bool {
	nx := math.Max(b.X, math.Min(cx, b.X+b.W))
	ny := math.Max(b.Y, math.Min(cy, b.Y+b.H))
	return math.Hypot(cx-nx, cy-ny) < r-0.01
}

// inline reports a target inside a sentence (2.5.8's inline exception): an
// inline element whose nearest block-level container holds at least 10
// characters of text outside any pointer target. The container, not the
// direct parent, decides: a link inside <em> or <span> in a paragraph is
// as much in the sentence as one directly in it; a row of links separated
// by "|" or "·" is not a sentence.
func inline(c *rules.Ctx, i int) bool {
	p := c.Page
	if d := p.Style(i, "display"); !strings.HasPrefix(d, "inline") || d == "inline-block" || d == "inline-flex" || d == "inline-grid" {
		return false
	}
	block := p.ParentElement(i)
	for block >= 0 {
		d := p.Style(block, "display")
		if d != "" && d != "inline" && d != "contents" {
			break
		}
		block = p.ParentElement(block)
	}
	if block < 0 {
		return false
	}
	targets := targetsOf(c).set
	n := 0
	p.Descendants(block, func(d int) bool {
		if targets[d] {
			return false
		}
		if p.Nodes[d].Type == page.TextNode {
			for _, r := range p.Nodes[d].Value {
				if !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) {
					n++
				}
			}
		}
		return true
	})
	return n >= 10
}

// equivalent returns a target elsewhere on the page that does the same
// thing as target i and is itself at least size×size (2.5.8's equivalent
// exception): a link to the same address (not a bare fragment), or a
// control of the same role with the same accessible name. -1 when none.
func equivalent(c *rules.Ctx, i int, size float64) int {
	p := c.Page
	h, n, role := targetHref(p, i), targetName(p, i), dom.Role(p, i)
	if h == "" && n == "" {
		return -1
	}
	// Only targets with the same address or the same role and name can
	// be equivalent: look those up, in document order.
	large := largeTargets(c, size)
	var cands []int
	if h != "" {
		cands = append(cands, large["h\x00"+h]...)
	}
	if n != "" {
		cands = append(cands, large["n\x00"+role+"\x00"+n]...)
	}
	slices.Sort(cands)
	for _, o := range cands {
		if o == i || p.IsAncestor(o, i) || p.IsAncestor(i, o) {
			continue
		}
		return o
	}
	return -1
}

// targetHref is a link target's address, "" for other targets and for
// bare fragments and javascript: links.
func targetHref(p *page.Page, k int) string {
	if p.Tag(k) != "a" && p.Tag(k) != "area" {
		return ""
	}
	h, _ := p.Attr(k, "href")
	h = strings.TrimSpace(h)
	if h == "" || h == "#" || strings.HasPrefix(page.Lower(h), "javascript:") {
		return ""
	}
	return h
}

// targetName is a target's accessible name, lower case, spaces collapsed.
func targetName(p *page.Page, k int) string {
	return strings.ToLower(strings.Join(strings.Fields(p.AXName(k)), " "))
}

// largeTargets are the targets at least size×size by address ("h\x00"+href)
// and by role and name ("n\x00"+role+"\x00"+name), each list in document
// order. Memoised.
func largeTargets(c *rules.Ctx, size float64) map[string][]int {
	return c.Memo(fmt.Sprintf("layout.largeTargets.%g", size), func() any {
		p := c.Page
		m := map[string][]int{}
		for _, o := range pointerTargets(c) {
			ob, _ := p.Box(o)
			if ob.W < size-0.01 || ob.H < size-0.01 {
				continue
			}
			if h := targetHref(p, o); h != "" {
				m["h\x00"+h] = append(m["h\x00"+h], o)
			}
			if n := targetName(p, o); n != "" {
				k := "n\x00" + dom.Role(p, o) + "\x00" + n
				m[k] = append(m[k], o)
			}
		}
		return m
	}).(map[string][]int)
}

// uaControl: a native checkbox, radio or select left at its default look.
func uaControl(p *page.Page, i int) bool {
	switch p.Tag(i) {
	case "input":
		t, _ := p.Attr(i, "type")
		t = page.Lower(t)
		return t == "checkbox" || t == "radio" || t == "date" || t == "file" || t == "color" || t == "range"
	case "select":
		return true
	}
	return false
}

// Dragging points out interactions that may need dragging (WCAG 2.2
// 2.5.7) for a person to check for a single-pointer alternative.
var Dragging = &rules.Rule{
	ID:     "dragging",
	Family: "layout",
	Title:  rules.Text{EN: "Dragging has a single-pointer alternative", SV: "Dra-och-släpp har ett alternativ med enkel pekning"},
	Help: rules.Text{
		EN: "Offer a way to do the same with single clicks or taps: buttons to move items, a file button beside a drop zone, clicking a track to move a slider.",
		SV: "Erbjud ett sätt att göra samma sak med enstaka klick eller tryck: knappar för att flytta, en filknapp bredvid en släppyta, klick i skalan för att flytta ett reglage.",
	},
	Manual: rules.Text{EN: "Try the interaction without dragging: can a single click or tap do the same?", SV: "Prova interaktionen utan att dra: går det att göra samma sak med ett klick eller tryck?"},
	WCAG:   []string{"2.5.7"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"drop-with-upload": {EN: "The drop zone has a file upload control beside it.", SV: "Släppytan har en filuppladdningskontroll bredvid sig."},
		"may-drag":         {EN: "The element can be dragged or listens for {events}; check that a single pointer can do the same without dragging.", SV: "Elementet kan dras eller lyssnar på {events}; kontrollera att samma sak går med enkel pekning utan att dra."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || !p.Rendered(i) {
				continue
			}
			if d, _ := p.Attr(i, "draggable"); page.Lower(d) == "true" || len(dragEvents(p, i)) > 0 {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		ev := dragEvents(p, i)
		for _, e := range ev {
			if e == "drop" && uploadNear(p, i) {
				return rules.Pass(i, "drop-with-upload")
			}
		}
		if len(ev) == 0 {
			ev = []string{"draggable"}
		}
		return rules.Cant(i, "may-drag", "events", strings.Join(ev, ", "))
	},
}

func dragEvents(p *page.Page, i int) []string {
	var out []string
	for _, e := range p.Nodes[i].Events {
		switch e {
		case "dragstart", "drop", "dragover":
			out = append(out, e)
		}
	}
	return out
}

// uploadNear: a file input within the drop zone or its parent, unless the
// parent is a page-level container (body, main, form), where any other
// upload on the page would count.
func uploadNear(p *page.Page, i int) bool {
	found := false
	for _, root := range []int{i, p.ParentElement(i)} {
		if root < 0 {
			continue
		}
		switch p.Tag(root) {
		case "html", "body", "main", "form":
			if root != i {
				continue
			}
		}
		p.Descendants(root, func(d int) bool {
			if p.Tag(d) == "input" {
				if t, _ := p.Attr(d, "type"); page.Lower(t) == "file" {
					found = true
				}
			}
			return !found
		})
	}
	return found
}

// targetIndex indexes a page's pointer targets for the searches of
// target-size, which would otherwise compare every small target with every
// other target: a set and a grid of their boxes. Node indexes are
// in document order, as pointerTargets lists them, so every search visits
// its candidates in the order a scan of all targets would.
type targetIndex struct {
	all  []int
	set  map[int]bool
	grid map[[2]int][]int
	wide []int // boxes spanning too many cells to file
}

// targetCell is the grid's cell size in CSS px.
const targetCell = 64

// targetsOf returns the page's target index. Memoised.
func targetsOf(c *rules.Ctx) *targetIndex {
	return c.Memo("layout.targetIndex", func() any {
		ix := &targetIndex{all: pointerTargets(c), set: map[int]bool{}, grid: map[[2]int][]int{}}
		for _, t := range pointerTargets(c) {
			ix.set[t] = true
			b, _ := c.Page.Box(t)
			x0, y0, x1, y1, ok := cells(b)
			if !ok || (x1-x0+1)*(y1-y0+1) > 256 {
				ix.wide = append(ix.wide, t)
				continue
			}
			for x := x0; x <= x1; x++ {
				for y := y0; y <= y1; y++ {
					ix.grid[[2]int{x, y}] = append(ix.grid[[2]int{x, y}], t)
				}
			}
		}
		return ix
	}).(*targetIndex)
}

// cells returns the grid cells a box touches.
func cells(b page.Rect) (x0, y0, x1, y1 int, ok bool) {
	f := func(v float64) int { return int(math.Floor(v / targetCell)) }
	if math.IsNaN(b.X+b.Y+b.W+b.H) || math.IsInf(b.X+b.Y+b.W+b.H, 0) || math.Abs(b.X)+math.Abs(b.Y)+b.W+b.H > 1e8 {
		return 0, 0, 0, 0, false
	}
	return f(b.X), f(b.Y), f(b.X + b.W), f(b.Y + b.H), true
}

// near returns the targets whose boxes may touch r, in document order
// (a superset: callers test each).
func (ix *targetIndex) near(r page.Rect) []int {
	out := append([]int(nil), ix.wide...)
	if x0, y0, x1, y1, ok := cells(r); ok {
		seen := map[int]bool{}
		for x := x0; x <= x1; x++ {
			for y := y0; y <= y1; y++ {
				for _, t := range ix.grid[[2]int{x, y}] {
					if !seen[t] {
						seen[t] = true
						out = append(out, t)
					}
				}
			}
		}
	} else {
		out = append(out[:0], ix.all...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
