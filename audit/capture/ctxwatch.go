package capture

import (
	"context"
	_ "embed"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

//go:embed js/ctxwatch.js
var ctxWatchJS string

// ctxWatch sees, during the keyboard walk, what taking focus sets off
// (WCAG 3.2.1): a request to load another document in the main frame (held
// back with an empty 204 answer, so the page stays where it is), a new
// window asked for, focus moved on or taken away by script, a dialog
// shown (ctxwatch.js). note attaches it to the stop the Tab press reached.
type ctxWatch struct {
	on     bool
	group  string
	mu     sync.Mutex
	navs   []string
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// watchContext starts watching; stop ends it and puts the page back.
func watchContext(ctx context.Context, t *chromedp.Target, p *page.Page, group string) *ctxWatch {
	w := &ctxWatch{group: group}
	if evalX(ctx, t, ctxWatchJS, nil) != nil {
		return w
	}
	w.on = true
	main := ""
	if len(p.Documents) > 0 {
		main = p.Documents[0].FrameID
	}
	ictx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w.cancel = cancel
	paused := cdp.Events(ictx, t, fetch.RequestPaused)
	if _, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*", ResourceType: network.ResourceTypeDocument}}}); err != nil {
		cancel()
		return w
	}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		for ev, err := range paused {
			if err != nil {
				return
			}
			if main == "" || string(ev.FrameID) != main {
				_, _ = cdp.Call(ictx, t, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
				continue
			}
			w.mu.Lock()
			if ev.Request != nil {
				w.navs = append(w.navs, ev.Request.URL)
			}
			w.mu.Unlock()
			_, _ = cdp.Call(ictx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 204})
		}
	}()
	return w
}

func (w *ctxWatch) stop(ctx context.Context, t *chromedp.Target) {
	if !w.on {
		return
	}
	_ = evalX(context.WithoutCancel(ctx), t, "window.__granskaCtx && window.__granskaCtx.stop()", nil)
	if w.cancel != nil {
		_, _ = cdp.Call(context.WithoutCancel(ctx), t, fetch.Disable, cdp.Empty{})
		w.cancel()
		w.wg.Wait()
	}
}

// take reads what happened since the last take.
func (w *ctxWatch) take(ctx context.Context, t *chromedp.Target, p *page.Page) (c page.ContextChange, first int64) {
	c.Node, c.Dialog = -1, -1
	if !w.on {
		return c, 0
	}
	w.mu.Lock()
	if len(w.navs) > 0 {
		c.Navigated = w.navs[0]
	}
	w.navs = nil
	w.mu.Unlock()
	items, err := evalDeep(ctx, t, w.group, "window.__granskaCtx ? window.__granskaCtx.take() : null")
	if err != nil || len(items) != 3 {
		return c, 0
	}
	var js string
	_ = jsonUnmarshal(items[0].Value, &js)
	var info struct {
		Opened        int
		OpenedURL     string
		Focusins      int
		Modal         bool
		FocusInDialog bool
		Handled       bool
	}
	if jsonUnmarshal([]byte(js), &info) != nil {
		return c, 0
	}
	c.NewWindow, c.WindowURL, c.Handled = info.Opened > 0, info.OpenedURL, info.Handled
	first = items[1].backend()
	if first != 0 {
		if i, ok := p.ByBackend(first); ok {
			c.Node = i
		}
	}
	if items[2].Type == "node" {
		c.DialogShown, c.DialogModal = true, info.Modal || info.FocusInDialog
		if i, ok := p.ByBackend(items[2].backend()); ok {
			c.Dialog = i
		}
	}
	c.FocusMoved = info.Focusins >= 2
	return c, first
}

// discard forgets what happened (stops reached by script, which run no
// focus handler of their own: see batch.js).
func (w *ctxWatch) discard(ctx context.Context, t *chromedp.Target, p *page.Page) { w.take(ctx, t, p) }

// note attaches what the Tab press that reached stop (at backend) set
// off. Focus moved on within the element that took it first (a widget
// handing focus to its own part) is no change.
func (w *ctxWatch) note(ctx context.Context, t *chromedp.Target, p *page.Page, stop *page.FocusStop, backend int64) {
	c, first := w.take(ctx, t, p)
	if first == backend || first == 0 || (c.Node >= 0 && stop.Node >= 0 && p.IsAncestor(c.Node, stop.Node)) {
		c.FocusMoved = false
	}
	if c.Node < 0 && first == backend {
		c.Node = stop.Node
	}
	if c.Node < 0 && first == 0 {
		c.Node = stop.Node
	}
	if c.Any() {
		stop.Change = &c
	}
}

// lost returns a stop for the element that took focus during the Tab
// press when focus then left it for the document (script blurred it), so
// the walk does not take the loss for the end of the page.
func (w *ctxWatch) lost(ctx context.Context, t *chromedp.Target, p *page.Page) (page.FocusStop, bool) {
	c, first := w.take(ctx, t, p)
	if first == 0 {
		return page.FocusStop{}, false
	}
	c.FocusLost, c.FocusMoved = true, false
	// Node -1: focus is not on the element any more, so the rules that
	// judge where focus is (its indicator, whether it is hidden) have
	// nothing to measure; Change.Node names it.
	return page.FocusStop{Node: -1, CoveredBy: -1, Key: "Tab", Change: &c}, true
}
