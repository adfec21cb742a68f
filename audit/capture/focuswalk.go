package capture

import (
	"context"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// walkExtras is what the keyboard walk needs beyond key presses: whether
// to wait for script that moves focus on blur, and how many stops may
// still be compared as pixels.
type walkExtras struct {
	slow   bool
	keyup  bool // script listens for key-up: read a stop after it
	pixels int
	jobs   []pixelJob // stops to compare as pixels after the walk
	cache  *PixelCache
	assets string // the page's AssetSignature, once the cache needs it
}

// wantPixels queues the stop (about to be appended to the walk) for a
// pixel comparison when its styles show no indicator, within the walk's
// allowance. The allowance decides which stops are compared: the first
// ones in walk order, whatever other pages of the run did. A comparison of
// the same element made on another page of the run is reused instead of
// measured again, but still counts against the allowance: which stops a
// page compares must not depend on which pages happened to finish first.
func (w *walkExtras) wantPixels(p *page.Page, st *page.FocusStop, backend int64, info stopInfo) {
	if !wantPixels(st) || w.pixels <= 0 {
		return
	}
	w.pixels--
	key := ""
	if w.cache != nil && st.Node >= 0 {
		if w.assets == "" {
			w.assets = p.AssetSignature()
		}
		key = pixelKey(p, st, w.assets)
		if d, ok := w.cache.get(key); ok {
			st.Indicator.Pixels = &d
			return
		}
	}
	w.jobs = append(w.jobs, pixelJob{stop: len(p.Focus.Stops), backend: backend, box: st.Box, sx: info.ScrollX, sy: info.ScrollY, key: key})
}

func prepareWalk(ctx context.Context, t *chromedp.Target, opt WalkOptions) *walkExtras {
	w := &walkExtras{pixels: opt.FocusPixels, cache: opt.PixelCache}
	if w.pixels == 0 {
		w.pixels = 8
	}
	if ensureX(ctx, t) == nil {
		_ = evalX(ctx, t, "__granskaX.blurHandlers()", &w.slow)
		_ = evalX(ctx, t, "__granskaX.keyupHandlers()", &w.keyup)
	}
	return w
}

// settle waits, on pages whose script may move focus on blur, for that
// script to run.
func (w *walkExtras) settle(ctx context.Context, t *chromedp.Target) {
	if w.slow {
		pause(ctx, t)
	}
}

// wantPixels reports whether a stop's styles show no visible indicator, so
// pixels should decide.
func wantPixels(st *page.FocusStop) bool {
	if st.Node < 0 || !st.InViewport || st.Box.W <= 0 || st.Box.H <= 0 {
		return false
	}
	return !page.VisibleChange(st.Indicator.Changes)
}

// namedKeyEscape presses the key combinations the page's text names (such
// as "Ctrl+M") to leave a focus cycle; it returns the one that worked.
func namedKeyEscape(ctx context.Context, t *chromedp.Target, group string, cycle map[int64]bool, w *walkExtras) string {
	var keys []string
	if evalX(ctx, t, "__granskaX.namedKeys()", &keys) != nil {
		return ""
	}
	for _, k := range keys {
		mod, key, _ := strings.Cut(k, "+")
		var m int64
		name := ""
		switch mod {
		case "ctrl", "control":
			m, name = 2, "Ctrl"
		case "alt":
			m, name = 1, "Alt"
		case "shift":
			m, name = 8, "Shift"
		default:
			m, name = 4, "Meta"
		}
		up := strings.ToUpper(key)
		code := int64(up[0])
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: key, Code: "Key" + up, WindowsVirtualKeyCode: code, NativeVirtualKeyCode: code, Modifiers: m,
			}); err != nil {
				return ""
			}
		}
		w.settle(ctx, t)
		found, b, err := active(ctx, t, group)
		if err == nil && (!found || !cycle[b]) {
			return name + "+" + up
		}
	}
	return ""
}
