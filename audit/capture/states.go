package capture

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

//go:embed js/states.js
var statesJS string

// MaxDialogStates bounds the revealed-states probe: how many dialog
// triggers are opened on one page. A count of states, never a time, so the
// same page gives the same probe on a loaded machine; triggers beyond it
// are reported as Truncated.
const MaxDialogStates = 4

// revealDialogs opens what the page hides behind its dialog triggers
// (buttons and links with aria-haspopup="dialog", or whose aria-controls
// or #fragment names a hidden dialog), one at a time: it focuses and
// clicks the trigger, records whether the dialog showed and took focus,
// presses a real Escape and records whether it closed and where focus
// went, then hides the dialog again. It runs last, after the form probe,
// since it changes the page. The result is Page.Probes.Dialogs.
func revealDialogs(ctx context.Context, t *chromedp.Target, p *page.Page) {
	dp := page.DialogProbe{MaxStates: MaxDialogStates}
	defer func() {
		if len(dp.States) == 0 && dp.Error == "" && !dp.Truncated {
			return
		}
		p.Probes.Dialogs = &dp
	}()
	if err := evalX(ctx, t, statesJS, nil); err != nil {
		dp.Error = err.Error()
		return
	}
	var n int
	if err := evalX(ctx, t, fmt.Sprintf("window.__granskaStates.find(%d)", MaxDialogStates+1), &n); err != nil {
		dp.Error = err.Error()
		return
	}
	if n == 0 {
		return
	}
	if n > MaxDialogStates {
		n, dp.Truncated = MaxDialogStates, true
	}
	nodes := keptNodes(ctx, t, p)
	at := func(k int) int {
		if k < len(nodes) {
			return nodes[k]
		}
		return -1
	}
	for k := range n {
		st := page.DialogState{Trigger: at(2 * k), Dialog: at(2*k + 1)}
		var open struct {
			Opened, FocusInside, FocusOnTrigger, Modal bool
		}
		if err := evalX(ctx, t, fmt.Sprintf("window.__granskaStates.open(%d)", k), &open); err != nil {
			dp.Error = err.Error()
			return
		}
		st.Opened, st.FocusInside, st.FocusOnTrigger, st.Modal = open.Opened, open.FocusInside, open.FocusOnTrigger, open.Modal
		if open.Opened {
			if st.Dialog < 0 {
				if d := keptNodes(ctx, t, p); len(d) == 1 {
					st.Dialog = d[0]
				}
			}
			for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
				if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
					Type: typ, Key: "Escape", Code: "Escape", WindowsVirtualKeyCode: 27, NativeVirtualKeyCode: 27,
				}); err != nil {
					dp.Error = err.Error()
					return
				}
			}
			var after struct{ Closed, FocusReturned, FocusLost bool }
			if err := evalX(ctx, t, fmt.Sprintf("window.__granskaStates.after(%d)", k), &after); err != nil {
				dp.Error = err.Error()
				return
			}
			st.ClosedByEscape, st.FocusReturned, st.FocusLost = after.Closed, after.FocusReturned, after.FocusLost
		}
		_ = evalX(ctx, t, fmt.Sprintf("window.__granskaStates.close(%d)", k), nil)
		dp.States = append(dp.States, st)
	}
}
