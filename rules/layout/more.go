package layout

import (
	"math"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

func variant(p *page.Page, name string) *page.Variant {
	for k := range p.Variants {
		if p.Variants[k].Name == name {
			return &p.Variants[k]
		}
	}
	return nil
}

func variantGap(p *page.Page, name string) string {
	for _, g := range p.Gaps {
		if g.Kind == page.GapVariant && strings.HasPrefix(g.Detail, name) {
			return g.Detail
		}
	}
	return ""
}

// ResizeText checks that text is not cut off by overflow when the page is
// shown at 200% (a 640×512 viewport, ACT 59br37).
var ResizeText = &rules.Rule{
	ID:     "resize-text",
	Family: "layout",
	Title:  rules.Text{EN: "Text is not cut off at 200% zoom", SV: "Text skärs inte av vid 200 % zoom"},
	Help: rules.Text{
		EN: "Let boxes that hold text grow with it: avoid fixed heights and widths with overflow: hidden, or show the whole text (wrapping, scrolling, or an ellipsis with the full text available).",
		SV: "Låt rutor med text växa med den: undvik fasta höjder och bredder med overflow: hidden, eller visa hela texten (radbrytning, rullning eller en ellips med hela texten tillgänglig).",
	},
	Manual: rules.Text{EN: "Zoom the page to 200% and check that no text is cut off.", SV: "Zooma sidan till 200 % och kontrollera att ingen text skärs av."},
	WCAG:   []string{"1.4.4"},
	ACT:    []string{"59br37"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"clipped":        {EN: "At 200% zoom this text is cut off by its container ({need} px needed, {have} px shown).", SV: "Vid 200 % zoom skärs texten av sin behållare ({need} px behövs, {have} px visas)."},
		"not-measured":   {EN: "The page could not be laid out at 200% zoom: {detail}.", SV: "Sidan kunde inte läggas ut vid 200 % zoom: {detail}."},
		"collapsed":      {EN: "The text is collapsed on purpose behind {control}, which says it is collapsed (aria-expanded=false) and shows it in full.", SV: "Texten är avsiktligt hopfälld bakom {control}, som anger att den är hopfälld (aria-expanded=false) och visar den i sin helhet."},
		"behind-control": {EN: "At 200% zoom this text is cut off, and {control} follows it; check that the control shows the whole text (if so, give it aria-expanded).", SV: "Vid 200 % zoom skärs texten av, och {control} följer efter den; kontrollera att kontrollen visar hela texten (ge den i så fall aria-expanded)."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		v := variant(p, "zoom-200")
		if v == nil {
			if d := variantGap(p, "zoom-200"); d != "" {
				return []rules.Result{rules.Cant(-1, "not-measured", "detail", d)}
			}
			return nil
		}
		var out []rules.Result
		for _, o := range v.Clipped {
			if o.Node < 0 {
				continue
			}
			switch ctl, expanded := collapsedBy(p, o.Node); {
			case ctl >= 0 && expanded == "false":
				out = append(out, rules.Pass(o.Node, "collapsed", "control", p.Snippet(ctl, 60)).With(ctl))
			case ctl >= 0 && expanded == "":
				out = append(out, rules.Cant(o.Node, "behind-control", "control", p.Snippet(ctl, 60)).With(ctl))
			default:
				out = append(out, rules.Fail(o.Node, "clipped", "need", round(o.Need), "have", round(o.Have)))
			}
		}
		return out
	},
}

// collapsedBy finds the control a clipped text node (i) is collapsed
// behind: a control with aria-expanded whose aria-controls names the text's
// box or one of its ancestors, or a control that directly follows that box
// (a "show more" button after a clamped paragraph). It climbs from the text
// up to the first ancestor that clips (overflow not visible), which is the
// box the text is cut by. expanded is the control's aria-expanded value
// ("" when it has none); ctl is -1 when no control was found. A control
// with aria-expanded="true" over text still cut off does not excuse it.
func collapsedBy(p *page.Page, i int) (ctl int, expanded string) {
	controls := func(a int) int {
		id, ok := p.Attr(a, "id")
		if !ok || strings.TrimSpace(id) == "" {
			return -1
		}
		found := -1
		dom.Elements(p, func(k int) {
			if found >= 0 {
				return
			}
			if v, ok := p.Attr(k, "aria-controls"); ok {
				for _, ref := range dom.IDRefs(v) {
					if ref == id {
						if _, has := p.Attr(k, "aria-expanded"); has {
							found = k
						}
					}
				}
			}
		})
		return found
	}
	isControl := func(k int) bool {
		switch dom.Role(p, k) {
		case "button", "link", "switch", "checkbox":
			return p.Rendered(k)
		}
		return p.Tag(k) == "summary" && p.Rendered(k)
	}
	for a := p.ParentElement(i); a >= 0; a = p.ParentElement(a) {
		if k := controls(a); k >= 0 {
			v, _ := p.Attr(k, "aria-expanded")
			return k, strings.ToLower(strings.TrimSpace(v))
		}
		clips := p.Style(a, "overflow-y") != "visible" || p.Style(a, "overflow-x") != "visible"
		if clips {
			// The control right after the clipping box, or inside the
			// box's parent right after it (a wrapper around the button).
			next := -1
			var kids []int
			if par := p.ParentElement(a); par >= 0 {
				kids = p.Children(par)
			}
			for k, c := range kids {
				if c == a {
					for _, n := range kids[k+1:] {
						if p.IsElement(n) {
							next = n
							break
						}
					}
				}
			}
			if next >= 0 && !isControl(next) {
				inner := -1
				p.Descendants(next, func(d int) bool {
					if inner < 0 && p.IsElement(d) && isControl(d) {
						inner = d
					}
					return inner < 0
				})
				next = inner
			}
			if next >= 0 && isControl(next) {
				v, _ := p.Attr(next, "aria-expanded")
				return next, strings.ToLower(strings.TrimSpace(v))
			}
			return -1, ""
		}
	}
	return -1, ""
}

// Reflow checks that the page does not scroll sideways at 320 CSS px
// (1280 px at 400%).
var Reflow = &rules.Rule{
	ID:     "reflow",
	Family: "layout",
	Title:  rules.Text{EN: "Content reflows at 320 CSS pixels", SV: "Innehållet anpassar sig vid 320 CSS-pixlar"},
	Help: rules.Text{
		EN: "Make the layout responsive: let elements shrink and wrap at 320 px wide instead of fixed widths, so nothing needs horizontal scrolling.",
		SV: "Gör layouten responsiv: låt element krympa och brytas vid 320 px bredd i stället för fasta bredder, så att inget kräver vågrät rullning.",
	},
	Manual: rules.Text{EN: "Set the window to 1280 px and zoom to 400%; check that reading needs no horizontal scrolling, except for tables, maps, diagrams, video and code.", SV: "Ställ fönstret på 1280 px och zooma till 400 %; kontrollera att läsning inte kräver vågrät rullning, utom för tabeller, kartor, diagram, video och kod."},
	WCAG:   []string{"1.4.10"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"reflows":        {EN: "At 320 px wide the page needs no horizontal scrolling.", SV: "Vid 320 px bredd behöver sidan ingen vågrät rullning."},
		"overflows":      {EN: "At 320 px wide this element reaches {need} px and makes the page scroll sideways.", SV: "Vid 320 px bredd når elementet {need} px och får sidan att rulla i sidled."},
		"exempt-content": {EN: "At 320 px wide this {what} makes the page scroll sideways; check whether it needs a two-dimensional layout.", SV: "Vid 320 px bredd får {what} sidan att rulla i sidled; kontrollera om det kräver en tvådimensionell layout."},
		"not-measured":   {EN: "The page could not be laid out at 320 px: {detail}.", SV: "Sidan kunde inte läggas ut vid 320 px: {detail}."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		v := variant(p, "reflow-320")
		if v == nil {
			if d := variantGap(p, "reflow-320"); d != "" {
				return []rules.Result{rules.Cant(-1, "not-measured", "detail", d)}
			}
			return nil
		}
		if v.ScrollW <= float64(v.Width)+1 {
			return []rules.Result{rules.Pass(-1, "reflows")}
		}
		var out []rules.Result
		for _, o := range v.Overflow {
			if o.Node < 0 {
				continue
			}
			if what := exemptReflow(p, o.Node); what != "" {
				out = append(out, rules.Cant(o.Node, "exempt-content", "what", what))
			} else {
				out = append(out, rules.Fail(o.Node, "overflows", "need", round(o.Need)))
			}
		}
		return out
	},
}

// exemptReflow names content that may need two dimensions (1.4.10's
// exceptions), or "".
func exemptReflow(p *page.Page, i int) string {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		if p.Nodes[x].Type == page.DocumentNode {
			break
		}
		switch t := p.Tag(x); t {
		case "table", "pre", "code", "img", "video", "canvas", "svg", "iframe", "map", "math", "object", "embed", "picture":
			return "<" + t + ">"
		}
		switch dom.Role(p, x) {
		case "table", "grid", "treegrid", "toolbar", "img", "application":
			return "role=" + dom.Role(p, x)
		}
	}
	return ""
}

// Orientation checks that the page is not locked to one orientation with
// a CSS rotation (ACT b33eff).
var Orientation = &rules.Rule{
	ID:     "orientation",
	Family: "layout",
	Title:  rules.Text{EN: "The page is not locked to one orientation", SV: "Sidan är inte låst till en orientering"},
	Help: rules.Text{
		EN: "Do not rotate the page with CSS transforms in orientation media queries; let the content adapt to portrait and landscape.",
		SV: "Rotera inte sidan med CSS-transformer i mediefrågor för orientering; låt innehållet anpassa sig till stående och liggande läge.",
	},
	Manual: rules.Text{EN: "Turn the device between portrait and landscape and check that the content follows.", SV: "Vrid enheten mellan stående och liggande och kontrollera att innehållet följer med."},
	WCAG:   []string{"1.3.4"},
	ACT:    []string{"b33eff"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"not-locked": {EN: "The element's rotation differs by {diff}° between portrait and landscape, not a quarter turn.", SV: "Elementets rotation skiljer sig {diff}° mellan stående och liggande, inte ett kvarts varv."},
		"locked":     {EN: "The element is turned a quarter turn ({portrait}° in portrait, {landscape}° in landscape): the page keeps one orientation.", SV: "Elementet vrids ett kvarts varv ({portrait}° stående, {landscape}° liggande): sidan behåller en orientering."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		v := variant(p, "orientation")
		if v == nil {
			return nil
		}
		var out []rules.Result
		for _, r := range v.Rotated {
			if r.Node < 0 || !p.Rendered(r.Node) {
				continue
			}
			d := math.Mod(math.Abs(r.Portrait-r.Landscape), 180)
			args := []string{"portrait", round(r.Portrait), "landscape", round(r.Landscape), "diff", round(math.Abs(r.Portrait - r.Landscape))}
			if math.Abs(d-90) <= 1 {
				out = append(out, rules.Fail(r.Node, "locked", args...))
			} else {
				out = append(out, rules.Pass(r.Node, "not-locked", args...))
			}
		}
		return out
	},
}
