package capture

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

var (
	//go:embed js/listen.js
	listenJS string
	//go:embed js/extras.js
	extrasJS string
	//go:embed js/timers.js
	timersJS string
)

// ExtraOptions switches the costlier evidence on and off and bounds it.
// The zero value turns everything on with the default bounds. Measured on
// the fixture pages (see extras_test.go): listeners 1–5 ms; backdrops
// 0 ms without text over images, else 15–40 ms per screenshot cluster;
// focus pixels 10–20 ms per stop examined; variants 30–90 ms.
type ExtraOptions struct {
	// NoListeners skips DOMDebugger.getEventListeners on candidate
	// elements and on window/document.
	NoListeners bool
	// MaxListeners bounds the candidate elements queried, default 60.
	MaxListeners int
	// NoBackdrops skips the pixels behind text over images and gradients.
	NoBackdrops bool
	// MaxBackdrops bounds the text nodes measured, default 40, in at most
	// 4 screenshots.
	MaxBackdrops int
	// NoFocusPixels skips comparing focused and unfocused pixels at focus
	// stops whose styles show no indicator.
	NoFocusPixels bool
	// MaxFocusPixels bounds the stops compared, default 8.
	MaxFocusPixels int
	// NoVariants skips the re-layouts: 320 CSS px (reflow), 640×512
	// (200% zoom), WCAG text spacing, and portrait (only when style sheets
	// test orientation).
	NoVariants bool
	// MaxVariantElements skips the re-layouts on pages with more elements
	// (each re-layout scans every element; on a 20,000-element page they
	// cost seconds), recording a variant-failed gap so the layout rules
	// answer cannot tell. Default 8,000; negative for no limit.
	MaxVariantElements int
	// NoMotion skips looking for animations and text changing by itself.
	NoMotion bool
}

func (o *ExtraOptions) defaults() {
	if o.MaxListeners <= 0 {
		o.MaxListeners = 60
	}
	if o.MaxBackdrops <= 0 {
		o.MaxBackdrops = 40
	}
	if o.MaxFocusPixels <= 0 {
		o.MaxFocusPixels = 8
	}
	if o.MaxVariantElements == 0 {
		o.MaxVariantElements = 8000
	}
}

// installExtras adds the listener counter and the timer registry (for the
// motion watch) to every new document; call it before navigating.
func installExtras(ctx context.Context, t *chromedp.Target) (remove func()) {
	id, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: listenJS + "\n" + timersJS})
	if err != nil {
		return func() {}
	}
	return func() {
		_, _ = cdp.Call(context.WithoutCancel(ctx), t, cdppage.RemoveScriptToEvaluateOnNewDocument, cdppage.RemoveScriptToEvaluateOnNewDocumentParams(id))
	}
}

// extras captures the evidence beyond the snapshot and the walk:
// listeners, motion, backdrops and variants. Failures become gaps.
func extras(ctx context.Context, t *chromedp.Target, p *page.Page, opt *ExtraOptions, lv Levers) {
	opt.defaults()
	if err := ensureX(ctx, t); err != nil {
		p.AddGap(page.GapVariant, -1, "extras: "+err.Error())
		return
	}
	if !opt.NoMotion {
		_ = evalX(ctx, t, "__granskaX.watch()", nil)
	}
	if !opt.NoListeners {
		t0 := time.Now()
		listeners(ctx, t, p, opt.MaxListeners)
		p.Timings.Listeners = ms(time.Since(t0))
	}
	if !opt.NoBackdrops {
		t0 := time.Now()
		backdrops(ctx, t, p, opt.MaxBackdrops)
		p.Timings.Pixels += ms(time.Since(t0))
	}
	// Motion before the variants: a page reacting to a resize is not
	// content changing by itself.
	if !opt.NoMotion {
		motion(ctx, t, p)
	}
	if !opt.NoVariants {
		if n := elementCount(p); opt.MaxVariantElements > 0 && n > opt.MaxVariantElements {
			// One gap per variant, named as the layout rules look for it.
			for _, v := range []string{"text-spacing", "zoom-200", "reflow-320", "orientation"} {
				p.AddGap(page.GapVariant, -1, fmt.Sprintf("%s: skipped, the page has %d elements, more than the limit of %d", v, n, opt.MaxVariantElements))
			}
		} else {
			t0 := time.Now()
			variants(ctx, t, p, lv)
			p.Timings.Variants = ms(time.Since(t0))
		}
	}
}

// ensureX installs the page-side helpers (idempotent).
func ensureX(ctx context.Context, t *chromedp.Target) error {
	return evalX(ctx, t, extrasJS, nil)
}

// evalX evaluates expr in the page, decoding its value into out (when not
// nil).
func evalX(ctx context.Context, t *chromedp.Target, expr string, out any) error {
	rv, tr := out != nil, true
	r, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{Expression: expr, ReturnByValue: &rv, AwaitPromise: &tr})
	if err != nil {
		return err
	}
	if r.ExceptionDetails != nil {
		msg := r.ExceptionDetails.Text
		if r.ExceptionDetails.Exception != nil {
			msg += " " + r.ExceptionDetails.Exception.Description
		}
		return fmt.Errorf("script: %s", msg)
	}
	if out != nil && r.Result != nil && len(r.Result.Value) > 0 {
		return jsonUnmarshal(r.Result.Value, out)
	}
	return nil
}

// keptNodes resolves window.__granskaNodes (left by a helper) to node
// indexes of the capture, -1 where a node is not in it. One round trip:
// deep serialization returns each node's backend node id.
func keptNodes(ctx context.Context, t *chromedp.Target, p *page.Page) []int {
	depth := int64(1)
	r, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{
		Expression:           "Array.from(window.__granskaNodes || [])",
		SerializationOptions: &cdpruntime.SerializationOptions{Serialization: cdpruntime.SerializationOptionsSerializationDeep, MaxDepth: &depth},
	})
	if err != nil || r.Result == nil || r.Result.DeepSerializedValue == nil || r.Result.DeepSerializedValue.Type != "array" {
		return nil
	}
	var items []struct {
		Type  string `json:"type"`
		Value struct {
			Backend int64 `json:"backendNodeId"`
		} `json:"value"`
		// A node listed twice has its value once; both share this.
		Ref int64 `json:"weakLocalObjectReference"`
	}
	if err := jsonUnmarshal(r.Result.DeepSerializedValue.Value, &items); err != nil {
		return nil
	}
	byRef := map[int64]int64{}
	for _, it := range items {
		if it.Ref != 0 && it.Value.Backend != 0 {
			byRef[it.Ref] = it.Value.Backend
		}
	}
	out := make([]int, len(items))
	for k, it := range items {
		out[k] = -1
		b := it.Value.Backend
		if b == 0 {
			b = byRef[it.Ref]
		}
		if it.Type != "node" || b == 0 {
			continue
		}
		if i, ok := p.ByBackend(b); ok {
			out[k] = i
		}
	}
	return out
}

// motion records animations, marquees and text that changed while the
// extras ran.
func motion(ctx context.Context, t *chromedp.Target, p *page.Page) {
	var m struct {
		Animations, Marquees, Changed, Updating int
		Watched                                 float64
	}
	if err := evalX(ctx, t, "__granskaX.motion()", &m); err != nil {
		return
	}
	mo := &page.Motion{WatchedMs: m.Watched}
	if m.Animations+m.Marquees+m.Changed+m.Updating > 0 {
		nodes := keptNodes(ctx, t, p)
		for k, i := range nodes {
			if i < 0 {
				continue
			}
			switch {
			case k < m.Animations:
				mo.Animations = append(mo.Animations, i)
			case k < m.Animations+m.Marquees:
				mo.Marquees = append(mo.Marquees, i)
			case k < m.Animations+m.Marquees+m.Changed:
				mo.Changed = append(mo.Changed, i)
			default:
				mo.Updating = append(mo.Updating, i)
			}
		}
	}
	p.Motion = mo
}

// elementCount counts the page's elements.
func elementCount(p *page.Page) int {
	n := 0
	for i := range p.Nodes {
		if p.Nodes[i].Type == page.ElementNode {
			n++
		}
	}
	return n
}
