package capture

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// FocusOrder derives the sequential focus navigation order from the
// capture: focusable, rendered elements without a negative tabindex;
// positive tabindex values first in ascending order, then the rest in
// document order. It is what a Tab walk would visit in a page that does not
// manage focus by script.
func FocusOrder(p *page.Page) []int {
	type cand struct{ node, tab int }
	var cs []cand
	for i := range p.Nodes {
		if !p.IsElement(i) || !p.Rendered(i) {
			continue
		}
		if !Focusable(p, i) {
			continue
		}
		tab := 0
		if v, ok := p.Attr(i, "tabindex"); ok {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				if n < 0 {
					continue
				}
				tab = n
			}
		}
		cs = append(cs, cand{i, tab})
	}
	sort.SliceStable(cs, func(a, b int) bool {
		ta, tb := cs[a].tab, cs[b].tab
		if ta > 0 && tb > 0 {
			return ta < tb
		}
		return ta > 0 && tb == 0
	})
	out := make([]int, len(cs))
	for k, c := range cs {
		out[k] = c.node
	}
	return out
}

// Focusable reports whether the element can take focus: Chrome says so in
// the accessibility tree, or it is natively focusable and not disabled.
func Focusable(p *page.Page, i int) bool {
	if p.AXProp(i, "focusable") == "true" {
		return true
	}
	if p.HasAttr(i, "disabled") && formControl(p.Tag(i)) {
		return false
	}
	if p.AXProp(i, "disabled") == "true" {
		return false
	}
	if p.Style(i, "visibility") == "hidden" {
		return false
	}
	if _, ok := p.TabIndex(i); ok {
		return true
	}
	return p.NativelyFocusable(i)
}

func formControl(tag string) bool {
	switch tag {
	case "button", "input", "select", "textarea", "optgroup", "option", "fieldset":
		return true
	}
	return false
}

type stopInfo struct {
	Box        page.Rect         `json:"box"`
	InViewport bool              `json:"inViewport"`
	Covered    float64           `json:"covered"`
	Self       map[string]string `json:"self"`
	Parent     map[string]string `json:"parent"`
	Before     map[string]string `json:"before"`
	After      map[string]string `json:"after"`
	Label      map[string]string `json:"label"` // the element that labels it (statesfocus.go)
	ScrollX    float64           `json:"scrollX"`
	ScrollY    float64           `json:"scrollY"`
}

// walk presses Tab until focus wraps around, a cycle shows a trap, or
// MaxStops stops are taken. Each stop is joined to the capture by backend
// node id and compared with its unfocused styles. What the walk visits is
// bounded by steps only, so it is the same on a quiet and a loaded machine;
// opt.Budget is a safety net whose expiry is recorded as a timeout gap (a
// run problem), never as a shorter walk passed off as complete.
func walk(ctx context.Context, t *chromedp.Target, p *page.Page, opt WalkOptions) error {
	deadline := time.Now().Add(opt.Budget)
	const group = "granska-walk"
	defer cdp.Call(context.WithoutCancel(ctx), t, cdpruntime.ReleaseObjectGroup, cdpruntime.ReleaseObjectGroupParams{ObjectGroup: group})

	// Start from the top of the document with nothing focused.
	if _, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{
		Expression: "(function(){var a=document.activeElement; if(a&&a.blur)a.blur(); window.scrollTo(0,0);})()",
	}); err != nil {
		return err
	}
	if len(p.Focus.Order) == 0 {
		// Still press Tab once: script may create focusable content.
		opt.MaxStops = min(opt.MaxStops, 2)
	}
	propsArg, _ := jsonMarshal(indicatorProps)
	wx := prepareWalk(ctx, t, opt)
	bt := newBatcher(p, wx, opt)
	cw := watchContext(ctx, t, p, group) // what taking focus sets off (ctxwatch.go)
	defer cw.stop(ctx, t)
	seen := map[int64]int{} // backend id -> first stop index
	var backs []int64
	same := 0
	for k := 0; ; k++ {
		if len(p.Focus.Stops) >= opt.MaxStops || k >= 2*opt.MaxStops {
			p.Focus.Ended = "max-stops"
			break
		}
		if time.Now().After(deadline) {
			p.Focus.Ended = "budget"
			p.AddGap(page.GapTimeout, -1, safetyNet("keyboard walk", opt.Budget, len(p.Focus.Stops)))
			break
		}
		if pos := len(p.Focus.Stops); bt.on && !bt.realNext && pos >= opt.RealStops && pos < len(p.Focus.Order) {
			got, status, err := bt.run(ctx, t, p, pos, opt.MaxStops-pos, string(propsArg), group)
			if err != nil {
				return err
			}
			for _, s := range got {
				stop := s.stop(p)
				b := p.Nodes[s.node].Backend
				seen[b] = len(p.Focus.Stops)
				backs = append(backs, b)
				wx.wantPixels(p, &stop, b, s.info)
				p.Focus.Stops = append(p.Focus.Stops, stop)
			}
			cw.discard(ctx, t, p)
			same = 0
			switch status {
			case "moved":
				bt.on = false
			case "key", "none", "done":
				// A real Tab next: from an element script listens on,
				// into what the fast path cannot take, or past the end
				// of the computed order.
				bt.realNext = true
			}
			continue
		}
		bt.realNext = false
		keyUp, err := keyDown(ctx, t, "Tab", 0)
		if err != nil {
			return fmt.Errorf("tab key: %w", err)
		}
		if wx.keyup {
			// Script may act on the key's release: read after it.
			if err := keyUp(); err != nil {
				return fmt.Errorf("tab key: %w", err)
			}
			keyUp = func() error { return nil }
		}
		wx.settle(ctx, t)
		found, backend, m, err := activeStop(ctx, t, p, group, string(propsArg))
		if upErr := keyUp(); err == nil && upErr != nil {
			err = fmt.Errorf("tab key: %w", upErr)
		}
		if err != nil {
			return err
		}
		if !found {
			if st, ok := cw.lost(ctx, t, p); ok && len(p.Focus.Stops) < opt.MaxStops {
				// Focus came to an element and script took it away.
				p.Focus.Stops = append(p.Focus.Stops, st)
				continue
			}
			// Focus left the document: wrapped around.
			if len(p.Focus.Stops) > 0 || k > 0 {
				p.Focus.Ended = "wrapped"
				p.Focus.Complete = true
			} else {
				p.Focus.Ended = "no-focusable"
				p.Focus.Complete = true
			}
			break
		}
		if len(backs) > 0 && backs[len(backs)-1] == backend {
			// One element can take several stops (date inputs); a
			// single element that never lets go is a trap.
			same++
			idx, joined := p.ByBackend(backend)
			if same > repeatsAllowed(p, idx, joined) {
				p.Focus.Trap = &page.Trap{Nodes: []int{idx}}
				var cut bool
				p.Focus.Trap.Escaped, p.Focus.Trap.Instructed, cut = escape(ctx, t, group, map[int64]bool{backend: true}, wx, deadline)
				p.Focus.Ended = "trap"
				if cut {
					p.AddGap(page.GapWalk, -1, EscapeCutShort)
					p.AddGap(page.GapTimeout, -1, safetyNet("escape attempts", opt.Budget, len(p.Focus.Stops)))
				}
				break
			}
			continue
		}
		same = 0
		if first, ok := seen[backend]; ok {
			if first == 0 && !pulledBack(p) {
				p.Focus.Ended = "wrapped"
				p.Focus.Complete = true
				break
			}
			// A cycle that does not pass the start: focus is held
			// inside part of the page.
			cyc := map[int64]bool{}
			tr := &page.Trap{}
			for _, b := range backs[first:] {
				cyc[b] = true
				idx, ok := p.ByBackend(b)
				if !ok {
					idx = -1
				}
				tr.Nodes = append(tr.Nodes, idx)
			}
			var cut bool
			tr.Escaped, tr.Instructed, cut = escape(ctx, t, group, cyc, wx, deadline)
			p.Focus.Trap = tr
			p.Focus.Ended = "trap"
			if cut {
				p.AddGap(page.GapWalk, -1, EscapeCutShort)
				p.AddGap(page.GapTimeout, -1, safetyNet("escape attempts", opt.Budget, len(p.Focus.Stops)))
			}
			break
		}
		seen[backend] = len(p.Focus.Stops)
		backs = append(backs, backend)
		stop := m.stop(p)
		cw.note(ctx, t, p, &stop, backend)
		bt.check(p, len(p.Focus.Stops), stop.Node)
		wx.wantPixels(p, &stop, backend, m.info)
		p.Focus.Stops = append(p.Focus.Stops, stop)
	}
	// Focus indicators that styles do not show, compared as pixels.
	focusPixels(ctx, t, p, wx.jobs, wx.slow, wx.cache)
	if !p.Focus.Complete && p.Focus.Ended != "trap" {
		p.AddGap(page.GapWalk, -1, fmt.Sprintf("keyboard walk stopped (%s) after %d stops of %d computed", p.Focus.Ended, len(p.Focus.Stops), len(p.Focus.Order)))
	}
	// Leave the page unfocused and at the top for what follows.
	_, _ = cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{
		Expression: "(function(){var a=document.activeElement; if(a&&a.blur)a.blur(); window.scrollTo(0,0);})()",
	})
	return nil
}

// pulledBack reports, when Tab brings focus back to the first stop, that
// this is not the sequence wrapping around: the last stop is not the end of
// the computed focus order and fewer elements were visited than it holds,
// so script moved focus back (an onblur handler that refocuses).
func pulledBack(p *page.Page) bool {
	o, st := p.Focus.Order, p.Focus.Stops
	if len(o) == 0 || len(st) == 0 || len(st) >= len(o) {
		return false
	}
	last := st[len(st)-1].Node
	return last >= 0 && last != o[len(o)-1]
}

// repeatsAllowed is how many extra Tab presses may leave focus on one
// element before the walk calls it a trap. Inputs drawn as several fields
// (a date and time input has up to six) and media with built-in controls
// take one stop per part; a frame whose document is not reachable from the
// page holds focus for as many stops as it has focusables, so it is never
// called a trap this way. Anything else lets go at once, so three presses
// are plenty and keep trap pages within the walk's budget.
func repeatsAllowed(p *page.Page, idx int, joined bool) int {
	if !joined {
		return 6
	}
	switch p.Tag(idx) {
	case "iframe", "frame", "object", "embed":
		return 1 << 20
	case "video", "audio":
		return 6
	case "input":
		t, _ := p.Attr(idx, "type")
		switch page.Lower(strings.TrimSpace(t)) {
		case "date", "time", "datetime-local", "month", "week":
			return 6
		}
	}
	if p.Nodes[idx].Type != page.ElementNode {
		return 6
	}
	return 2
}

// EscapeCutShort is the detail of the walk-truncated gap recorded when the
// walk's safety net ran out (or the browser failed) before every way out of
// a focus cycle was tried: the trap may still be escapable. Rules match its
// first two words.
const EscapeCutShort = "escape attempts cut short (walk safety net or browser error)"

// safetyNet is the detail of the timeout gap recorded when a wall-clock
// safety net stopped an exploration that is otherwise bounded by steps:
// the run had a problem (an overloaded machine, a page that hangs), and
// what was not explored is unknown, not absent.
func safetyNet(what string, limit time.Duration, done int) string {
	return fmt.Sprintf("%s: safety net of %s ran out after %d steps; a run problem, not a property of the page", what, limit, done)
}

// focusMoves counts focus changes in the page from the first call on.
const focusMoves = `(function(){var w=window;if(w.__granskaMoves===undefined){w.__granskaMoves=0;` +
	`document.addEventListener('focusin',function(){w.__granskaMoves++},true);}return w.__granskaMoves})()`

// escape tries Shift+Tab, then Escape followed by Tab, then key
// combinations the page's text names, to leave a cycle of focus stops; it
// returns the key that worked or "", whether it was a named one, and
// whether the attempts were cut short by the deadline or a browser error
// before one worked or all were tried. On pages with blur handlers a way out counts only when
// focus stays out a moment longer (script may pull it back late on a busy
// machine).
func escape(ctx context.Context, t *chromedp.Target, group string, cycle map[int64]bool, wx *walkExtras, deadline time.Time) (key string, named, cut bool) {
	over := func() bool { return time.Now().After(deadline) }
	failed := false // a protocol error: the attempts could not finish
	left := func() bool {
		found, b, err := active(ctx, t, group)
		if err != nil {
			failed = true
			return false
		}
		if found && cycle[b] {
			return false
		}
		if !wx.slow {
			return true
		}
		// Out only if focus then stays put: script that keeps moving it
		// (two elements whose blur handlers pull focus back in turn) has
		// not let it go, wherever it is at the moment of looking.
		var m0, m1 float64
		_ = evalX(ctx, t, focusMoves, &m0)
		for range 3 {
			pause(ctx, t)
		}
		found, b, err = active(ctx, t, group)
		_ = evalX(ctx, t, focusMoves, &m1)
		failed = failed || err != nil
		return err == nil && (!found || !cycle[b]) && m1 == m0
	}
	for range len(cycle) + 2 {
		if over() {
			return "", false, true
		}
		if pressKey(ctx, t, "Tab", 8) != nil {
			return "", false, true
		}
		wx.settle(ctx, t)
		if left() {
			return "Shift+Tab", false, false
		}
		if failed {
			return "", false, true
		}
	}
	if over() {
		return "", false, true
	}
	if pressKey(ctx, t, "Escape", 0) != nil {
		return "", false, true
	}
	if pressKey(ctx, t, "Tab", 0) != nil {
		return "", false, true
	}
	wx.settle(ctx, t)
	if left() {
		return "Escape", false, false
	}
	if failed {
		return "", false, true
	}
	if over() {
		return "", false, true
	}
	// Named keys run under the deadline: a key press cut off by it reads
	// as "did not work", so the deadline decides, not the result.
	nctx, cancel := context.WithDeadline(ctx, deadline)
	k := namedKeyEscape(nctx, t, group, cycle, wx)
	cancel()
	if k != "" {
		return k, true, false
	}
	return "", false, over()
}

var keyCodes = map[string]int64{"Tab": 9, "Escape": 27, "Enter": 13, " ": 32, "ArrowDown": 40}

// pressKey sends a real key press (down and up) with the modifiers
// (8 = Shift).
func pressKey(ctx context.Context, t *chromedp.Target, key string, mods int64) error {
	up, err := keyDown(ctx, t, key, mods)
	if err != nil {
		return err
	}
	return up()
}

// keyDown sends the key's down event and, once the page has handled it
// (focus has moved), its up event without waiting: the caller reads the
// page meanwhile and calls up, which waits for the up event, before the
// next key. This saves a DevTools round trip per Tab stop; on pages that
// listen for key-up the walk calls up before reading.
func keyDown(ctx context.Context, t *chromedp.Target, key string, mods int64) (up func() error, err error) {
	code := keyCodes[key]
	params := input.DispatchKeyEventParams{
		Type: input.DispatchKeyEventTypeRawKeyDown, Key: key, Code: key, WindowsVirtualKeyCode: code, NativeVirtualKeyCode: code, Modifiers: mods,
	}
	if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, params); err != nil {
		return nil, err
	}
	params.Type = input.DispatchKeyEventTypeKeyUp
	done := make(chan error, 1)
	go func() {
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, params)
		done <- err
	}()
	return func() error { return <-done }, nil
}

// active returns the backend node id of the deepest focused element, and
// false when focus is on the document or outside it. One round trip: the
// element comes back deep-serialized, which carries its backend node id.
func active(ctx context.Context, t *chromedp.Target, group string) (bool, int64, error) {
	items, err := evalDeep(ctx, t, group, "(function(){var el=(\n"+activeJS+"\n);return el?[el]:null})()")
	if err != nil || len(items) == 0 {
		return false, 0, err
	}
	if b := items[0].backend(); b != 0 {
		return true, b, nil
	}
	return false, 0, fmt.Errorf("active element: unexpected result %v", items)
}

// activeStop finds the deepest focused element and measures it as a focus
// stop (stop.js), with the element covering it if any, in one round trip.
func activeStop(ctx context.Context, t *chromedp.Target, p *page.Page, group, propsJSON string) (bool, int64, measuredStop, error) {
	m := measuredStop{node: -1}
	// The scripts start with line comments: each is wrapped in newlines.
	expr := "(function(props){var el=(\n" + activeJS + "\n);if(!el)return null;" +
		"var info=JSON.stringify((\n" + stopJS + "\n).call(el, props));return [el, info, window.__granskaCover||null];})(" + propsJSON + ")"
	items, err := evalDeep(ctx, t, group, expr)
	if err != nil {
		return false, 0, m, fmt.Errorf("focus stop: %w", err)
	}
	if items == nil {
		return false, 0, m, nil
	}
	backend := int64(0)
	if len(items) == 3 {
		backend = items[0].backend()
	}
	if backend == 0 {
		return false, 0, m, fmt.Errorf("focus stop: unexpected result %v", items)
	}
	var js string
	_ = jsonUnmarshal(items[1].Value, &js)
	if err := jsonUnmarshal([]byte(js), &m.info); err != nil {
		return false, 0, m, fmt.Errorf("focus stop: %w", err)
	}
	if i, ok := p.ByBackend(backend); ok {
		m.node = i
	}
	m.cover = items[2].backend()
	return true, backend, m, nil
}

// indicatorChanges compares the styles read at the focus stop with the
// unfocused ones in the snapshot.
func indicatorChanges(p *page.Page, i int, info *stopInfo) []page.StyleChange {
	var out []page.StyleChange
	cmp := func(on string, node int, focused map[string]string) {
		if focused == nil {
			return
		}
		for _, prop := range indicatorProps {
			after := focused[prop]
			before := ""
			if node >= 0 {
				before = p.Style(node, prop)
			}
			if before == "" && node >= 0 && p.Nodes[node].Layout == nil {
				continue
			}
			if norm(before) != norm(after) {
				out = append(out, page.StyleChange{On: on, Prop: prop, Before: before, After: after})
			}
		}
	}
	cmp("self", i, info.Self)
	if par := p.ParentElement(i); par >= 0 {
		cmp("parent", par, info.Parent)
	}
	if lab := focusLabel(p, i); lab >= 0 {
		cmp("label", lab, info.Label)
	}
	pseudo := func(name string) int {
		for _, c := range p.Children(i) {
			if p.Nodes[c].Pseudo == name {
				return c
			}
		}
		return -1
	}
	for _, ps := range []struct {
		name string
		st   map[string]string
	}{{"::before", info.Before}, {"::after", info.After}} {
		if ps.st == nil {
			continue
		}
		if n := pseudo(ps.name); n >= 0 {
			cmp(ps.name, n, ps.st)
		} else {
			out = append(out, page.StyleChange{On: ps.name, Prop: "content", Before: "none", After: "present"})
		}
	}
	return out
}

func norm(s string) string { return strings.Join(strings.Fields(s), " ") }
