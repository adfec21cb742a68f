package capture

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// MaxStateTabs bounds the Tab walk in one revealed state, and
// MaxStateArrows the down-arrow walk in a composite widget: counts of key
// presses, never a time. A walk the count cuts short ends "cut" and is
// reported as a GapStates gap.
const (
	MaxStateTabs   = 40
	MaxStateArrows = 12
)

// keyboardState opens revealed state k again by keyboard and walks it
// (page.StateKeyboard): it focuses the control with the region closed,
// presses Enter (Space when Enter did not open it; a popup's control the
// down arrow first), then walks the region (walkState). Reached nodes are
// joined to sp, the state's page; the caller closes the region again.
func keyboardState(ctx context.Context, t *chromedp.Target, p, sp *page.Page, k int, kind string) *page.StateKeyboard {
	kb := &page.StateKeyboard{}
	if openByKey(ctx, t, k, kind, kb) {
		walkState(ctx, t, p, sp, k, kind, kb)
	}
	return kb
}

// openByKey focuses control k (with its region closed, unless it is a
// consent layer, which is opened this way first) and presses the keys that
// open it until one does; kb records which, and whether focus moved into
// the region.
func openByKey(ctx context.Context, t *chromedp.Target, k int, kind string, kb *page.StateKeyboard) bool {
	keys := []string{"Enter", " "}
	if kind == "popup" {
		keys = []string{"ArrowDown", "Enter", " "} // a combobox opens on the down arrow
	}
	for _, key := range keys {
		if kind != "consent" {
			_ = evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.close(%d)", k), nil)
		}
		var focused bool
		if err := evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.kbFocus(%d)", k), &focused); err != nil || !focused {
			return false
		}
		if pressTyped(ctx, t, key) != nil {
			return false
		}
		var r struct{ Opened, FocusInside bool }
		if evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.kbOpened(%d)", k), &r) != nil {
			return false
		}
		if r.Opened {
			kb.OpenedBy, kb.FocusMoved = keyName(key), r.FocusInside
			return true
		}
	}
	return false
}

// walkState presses Tab from where opening left focus until focus goes
// past the region, comes back to the control or to a stop already seen
// after leaving the region (a full round), is trapped in the region or the
// count runs out. A composite region (menu, listbox, tree, grid) is
// opened again and walked with the down arrow. Escape is pressed last.
// After the first stateRealStops presses, steps where no script can tell
// a Tab press from focus() go by the computed order (reveal.js kbRun):
// the same stops, counted the same, at a fraction of a real press's cost
// (a press, its up event, a wait for script and a read: ~35 ms a step on
// the demo site under load, against well under 1 ms).
func walkState(ctx context.Context, t *chromedp.Target, p, sp *page.Page, k int, kind string, kb *page.StateKeyboard) {
	kb.Ended = "cut"
	ordered, fast := false, false
	for kb.Tabs < MaxStateTabs {
		if !ordered && kb.Tabs == stateRealStops {
			ordered = true
			fast = stateOrder(ctx, t, sp, k)
		}
		if fast {
			// Steps the computed order takes where no script can tell a
			// focus() from a Tab press (reveal.js kbRun).
			var run struct {
				Steps int
				Ended string
				Fast  bool
			}
			if evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.kbRun(%d,%d,%d)", k, kb.Tabs, MaxStateTabs-kb.Tabs), &run) != nil {
				kb.Ended = "error"
				break
			}
			kb.Tabs += run.Steps
			if run.Ended != "" {
				kb.Ended = run.Ended
				break
			}
			if kb.Tabs >= MaxStateTabs {
				break
			}
		}
		if pressKey(ctx, t, "Tab", 0) != nil {
			kb.Ended = "error"
			break
		}
		kb.Tabs++
		var st struct {
			Where           string
			Repeat, Trapped bool
			Crossed, Cycled bool
			Fast            bool
		}
		if evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.kbStep(%d,false)", k), &st) != nil {
			kb.Ended = "error"
			break
		}
		if st.Trapped {
			kb.Ended = "trapped"
			break
		}
		if st.Crossed || st.Cycled || (st.Where == "trigger" && kb.Tabs > 1) {
			kb.Ended = "past"
			break
		}
		fast = st.Fast
	}
	var composite bool
	_ = evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.composite(%d)", k), &composite)
	reopen := func() bool { return openByKey(ctx, t, k, kind, &page.StateKeyboard{}) }
	switch {
	case composite && kind != "consent":
		// kbFocus resets the reached set: keep what the Tab walk reached.
		tabbed := reachedNodes(ctx, t, sp)
		if reopen() {
			for n := 0; n < MaxStateArrows; n++ {
				if pressKey(ctx, t, "ArrowDown", 0) != nil {
					break
				}
				var st struct{ Fresh bool }
				if evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.kbStep(%d,true)", k), &st) != nil || !st.Fresh {
					break
				}
				kb.Arrows = true
			}
		}
		kb.Reached = append(tabbed, reachedNodes(ctx, t, sp)...)
	default:
		kb.Reached = reachedNodes(ctx, t, sp)
		if kind != "consent" {
			reopen()
		}
	}
	if kb.Ended == "cut" {
		p.AddGap(page.GapStates, -1, fmt.Sprintf("the Tab walk in a revealed state stopped after %d presses", MaxStateTabs))
	}
	if pressKey(ctx, t, "Escape", 0) == nil {
		var esc struct{ Closed, Returned bool }
		if evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.kbEscape(%d)", k), &esc) == nil {
			kb.EscapeClosed, kb.EscapeReturned = esc.Closed, esc.Returned
		}
	}
	slices.Sort(kb.Reached)
	kb.Reached = slices.Compact(kb.Reached)
}

// stateRealStops is how many Tab presses of a state's walk are always
// real: the walk's fast path (reveal.js kbRun) follows the state page's
// computed focus order only once these went where the order says, and a
// short walk (a disclosure of a few controls) ends before the order is
// worth matching. A count, like the main walk's RealStops.
const stateRealStops = 2

// stateOrder hands reveal.js the computed focus order of sp, the state's
// page (FocusOrder), as the focusable elements of the document now
// (kbCands, joined to sp by backend node id), for the fast path. False
// when none could be matched.
func stateOrder(ctx context.Context, t *chromedp.Target, sp *page.Page, k int) bool {
	var n int
	if evalX(ctx, t, "window.__granskaReveal.kbCands()", &n) != nil || n == 0 {
		return false
	}
	at := map[int]int{}
	for j, i := range keptNodes(ctx, t, sp) {
		if i >= 0 {
			at[i] = j
		}
	}
	idx := make([]int, len(sp.Focus.Order))
	found := false
	for pos, i := range sp.Focus.Order {
		j, ok := at[i]
		if !ok {
			j = -1
		}
		idx[pos], found = j, found || ok
	}
	if !found {
		return false
	}
	b, err := json.Marshal(idx)
	if err != nil {
		return false
	}
	return evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.kbOrder(%d,%s)", k, b), &found) == nil && found
}

// reachedNodes joins the elements the keyboard reached (kbReached) to sp.
func reachedNodes(ctx context.Context, t *chromedp.Target, sp *page.Page) []int {
	var n int
	if evalX(ctx, t, "window.__granskaReveal.kbReached()", &n) != nil || n == 0 {
		return nil
	}
	var out []int
	for _, i := range keptNodes(ctx, t, sp) {
		if i >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// pressTyped sends a key press that also types its character (Enter's
// "\r", Space's " "), as a person's key press does: a native button and a
// link act on Enter's keypress, which a raw key-down without text does
// not give.
func pressTyped(ctx context.Context, t *chromedp.Target, key string) error {
	if key != "Enter" && key != " " {
		return pressKey(ctx, t, key, 0)
	}
	text := key
	if key == "Enter" {
		text = "\r"
	}
	code := map[string]string{"Enter": "Enter", " ": "Space"}[key]
	vk := keyCodes[key]
	for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeKeyDown, input.DispatchKeyEventTypeKeyUp} {
		prm := input.DispatchKeyEventParams{Type: typ, Key: key, Code: code, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
		if typ == input.DispatchKeyEventTypeKeyDown {
			prm.Text, prm.UnmodifiedText = text, text
		}
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, prm); err != nil {
			return err
		}
	}
	return nil
}

// openByArrow focuses control k and presses the down arrow, then finds
// the region that opened (reveal.js settle).
func openByArrow(ctx context.Context, t *chromedp.Target, k int) bool {
	var focused, opened bool
	if evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.kbFocus(%d)", k), &focused) != nil || !focused {
		return false
	}
	if pressKey(ctx, t, "ArrowDown", 0) != nil {
		return false
	}
	return evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.settle(%d)", k), &opened) == nil && opened
}

func keyName(key string) string {
	if key == " " {
		return "Space"
	}
	return key
}
