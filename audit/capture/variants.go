package capture

import (
	"context"
	"strconv"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// textSpacing applies the WCAG 1.4.12 spacing to every element.
const textSpacing = `(function(on){var id='__granska_ts',s=document.getElementById(id);` +
	`if(!on){if(s)s.remove();return;}if(s)return;s=document.createElement('style');s.id=id;` +
	`s.textContent='` + spacingCSS + `';` +
	`(document.head||document.documentElement).appendChild(s);})`

// spacingCSS is the WCAG 1.4.12 spacing as a style sheet.
const spacingCSS = `*{line-height:1.5!important;letter-spacing:0.12em!important;word-spacing:0.16em!important}p{margin-bottom:2em!important}`

// maxOver bounds the elements listed per variant.
const maxOver = 20

type overItem struct {
	Box  page.Rect `json:"box"`
	Need float64   `json:"need"`
	Have float64   `json:"have"`
}

// variants re-lays the page out under other conditions and records what
// overflows or clips: WCAG text spacing (1.4.12), 640×512 (1280×1024 at
// 200%, 1.4.4), 320×256 (1280×1024 at 400%, 1.4.10) and, when a style
// sheet tests orientation, portrait (1.3.4). JavaScript reads the layout
// in place; no second snapshot is taken. The viewport is restored after.
//
// Each re-layout is a state of its own: the spacing widens text, so
// measured together with a smaller viewport it would report clipping that
// neither causes alone (and hide what each causes). What is combined is
// the reading: the text-spacing variant is one call in the page (before,
// spacing on, after, spacing off), and the 640×512 re-layout is skipped
// when nothing can clip at any size (extras.js clipFixed: no element
// clips, no media feature or container query, no script reacting to the
// viewport), where it could only record no clipping. lv switches these
// off for the benchmark.
func variants(ctx context.Context, t *chromedp.Target, p *page.Page, lv Levers) {
	base := p.Viewport
	resize := func(w, h int) error {
		_, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: int64(w), Height: int64(h), DeviceScaleFactor: 1})
		return err
	}
	defer func() {
		_, _ = cdp.Call(context.WithoutCancel(ctx), t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: int64(base.Width), Height: int64(base.Height), DeviceScaleFactor: 1})
	}()
	fail := func(name string, err error) { p.AddGap(page.GapVariant, -1, name+": "+err.Error()) }
	clipped := func() ([]page.Over, bool, error) {
		var items []overItem
		if err := evalX(ctx, t, "__granskaX.clipped("+strconv.Itoa(maxOver+1)+")", &items); err != nil {
			return nil, false, err
		}
		return overs(ctx, t, p, items)
	}

	// Text spacing: what the spacing clips that was not clipped before.
	var orientLand []float64
	var orientNodes []int
	hasOrient := false
	_ = evalX(ctx, t, "__granskaX.orientationRules()", &hasOrient)
	if hasOrient {
		if err := evalX(ctx, t, "__granskaX.rotations()", &orientLand); err == nil {
			orientNodes = keptNodes(ctx, t, p)
		}
	}
	if lv.SeparateRelayouts {
		spacingSeparate(ctx, t, p, clipped, fail)
	} else {
		spacingCombined(ctx, t, p, fail)
	}

	// 200% zoom as a 640×512 viewport.
	fixed := false
	if !lv.SeparateRelayouts {
		_ = evalX(ctx, t, "__granskaX.clipFixed()", &fixed)
	}
	switch {
	case fixed:
		p.Variants = append(p.Variants, page.Variant{Name: "zoom-200", Width: 640, Height: 512, Zoom: 2})
	default:
		if err := resize(640, 512); err != nil {
			fail("zoom-200", err)
			return
		}
		if c, trunc, err := clipped(); err != nil {
			fail("zoom-200", err)
		} else {
			p.Variants = append(p.Variants, page.Variant{Name: "zoom-200", Width: 640, Height: 512, Zoom: 2, Clipped: c, Truncated: trunc})
		}
	}

	// Reflow at 320 CSS px.
	if err := resize(320, 256); err != nil {
		fail("reflow-320", err)
		return
	}
	var of struct {
		ScrollW float64    `json:"scrollW"`
		ScrollH float64    `json:"scrollH"`
		Items   []overItem `json:"items"`
	}
	if err := evalX(ctx, t, "__granskaX.overflow("+strconv.Itoa(maxOver+1)+")", &of); err != nil {
		fail("reflow-320", err)
	} else {
		o, trunc, _ := overs(ctx, t, p, of.Items)
		p.Variants = append(p.Variants, page.Variant{Name: "reflow-320", Width: 320, Height: 256, Zoom: 4, ScrollW: of.ScrollW, ScrollH: of.ScrollH, Overflow: o, Truncated: trunc})
	}

	// Portrait, when style sheets test orientation.
	if hasOrient && len(orientLand) > 0 {
		w, h := base.Width, base.Height
		if w > h {
			w, h = h, w
		}
		var port []float64
		if err := resize(w, h); err != nil {
			fail("orientation", err)
		} else if err := evalX(ctx, t, "__granskaX.rotations()", &port); err != nil {
			fail("orientation", err)
		} else {
			v := page.Variant{Name: "orientation", Width: w, Height: h}
			for k := range min(len(port), len(orientLand), len(orientNodes)) {
				if orientNodes[k] >= 0 && port[k] != orientLand[k] {
					v.Rotated = append(v.Rotated, page.Rotation{Node: orientNodes[k], Portrait: port[k], Landscape: orientLand[k]})
				}
			}
			p.Variants = append(p.Variants, v)
		}
	}
}

// overs joins helper items to the nodes the helper kept.
func overs(ctx context.Context, t *chromedp.Target, p *page.Page, items []overItem) ([]page.Over, bool, error) {
	trunc := len(items) > maxOver
	if trunc {
		items = items[:maxOver]
	}
	if len(items) == 0 {
		return nil, false, nil
	}
	nodes := keptNodes(ctx, t, p)
	var out []page.Over
	for k, it := range items {
		if k >= len(nodes) || nodes[k] < 0 {
			continue
		}
		out = append(out, page.Over{Node: nodes[k], Box: it.Box, Need: it.Need, Have: it.Have})
	}
	return out, trunc, nil
}

// spacingCombined records the text-spacing variant with one call in the
// page (extras.js spacing) and one read of the nodes.
func spacingCombined(ctx context.Context, t *chromedp.Target, p *page.Page, fail func(string, error)) {
	base := p.Viewport
	var r struct {
		Skip  bool       `json:"skip"`
		Items []overItem `json:"items"`
		Trunc bool       `json:"trunc"`
	}
	if err := evalX(ctx, t, "__granskaX.spacing("+strconv.Quote(spacingCSS)+","+strconv.Itoa(maxOver+1)+")", &r); err != nil {
		fail("text-spacing", err)
		return
	}
	v := page.Variant{Name: "text-spacing", Width: base.Width, Height: base.Height, Truncated: r.Trunc}
	if !r.Skip {
		v.Clipped, _, _ = overs(ctx, t, p, r.Items)
	}
	p.Variants = append(p.Variants, v)
}

// spacingSeparate records the text-spacing variant step by step: the
// clipping before, the spacing on, the clipping after, the spacing off
// (Levers.SeparateRelayouts).
func spacingSeparate(ctx context.Context, t *chromedp.Target, p *page.Page, clipped func() ([]page.Over, bool, error), fail func(string, error)) {
	base := p.Viewport
	mayClip := true
	_ = evalX(ctx, t, "__granskaX.mayClip()", &mayClip)
	if !mayClip {
		// Nothing on the page clips text, before or after the spacing:
		// the variant is measured without re-laying the page out.
		p.Variants = append(p.Variants, page.Variant{Name: "text-spacing", Width: base.Width, Height: base.Height})
	} else if before, _, err := clipped(); err != nil {
		fail("text-spacing", err)
	} else if err := evalX(ctx, t, textSpacing+"(true)", nil); err != nil {
		fail("text-spacing", err)
	} else {
		after, trunc, err := clipped()
		_ = evalX(ctx, t, textSpacing+"(false)", nil)
		if err != nil {
			fail("text-spacing", err)
		} else {
			was := map[int]bool{}
			for _, o := range before {
				was[o.Node] = true
			}
			v := page.Variant{Name: "text-spacing", Width: base.Width, Height: base.Height, Truncated: trunc}
			for _, o := range after {
				if !was[o.Node] {
					v.Clipped = append(v.Clipped, o)
				}
			}
			p.Variants = append(p.Variants, v)
		}
	}
}
