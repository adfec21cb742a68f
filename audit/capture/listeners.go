package capture

import (
	"context"
	"sort"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/domdebugger"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// listenerCandidates are the elements whose listeners decide whether they
// are operable: clickable (Chrome's own test), draggable or with a
// pointer-like cursor, and not natively operable; and the elements around
// a file field, where drop zones sit (statesdrop.go). Document order,
// capped.
func listenerCandidates(p *page.Page, max int) []int {
	var out []int
	drop := dropCandidates(p) // statesdrop.go
	for i := range p.Nodes {
		if len(out) >= max {
			break
		}
		if !p.IsElement(i) || p.Nodes[i].Layout == nil || p.Nodes[i].Backend == 0 {
			continue
		}
		if drop[i] {
			out = append(out, i)
			continue
		}
		switch p.Tag(i) {
		case "a", "button", "input", "select", "textarea", "summary", "label", "option", "html", "body", "iframe", "video", "audio", "details":
			continue
		}
		cursor := p.Style(i, "cursor")
		drag, _ := p.Attr(i, "draggable")
		if !p.Nodes[i].Clickable && cursor != "pointer" && cursor != "grab" && cursor != "move" && page.Lower(drag) != "true" {
			continue
		}
		// A pointer cursor inherited from an operable ancestor says
		// nothing of the element itself.
		if !p.Nodes[i].Clickable && page.Lower(drag) != "true" {
			if par := p.ParentElement(i); par >= 0 && p.Style(par, "cursor") == cursor {
				continue
			}
		}
		out = append(out, i)
	}
	return out
}

// listeners records the event types listened for on candidate elements
// and on window, document and body.
func listeners(ctx context.Context, t *chromedp.Target, p *page.Page, max int) {
	const group = "granska-listeners"
	defer cdp.Call(context.WithoutCancel(ctx), t, cdpruntime.ReleaseObjectGroup, cdpruntime.ReleaseObjectGroupParams{ObjectGroup: group})
	types := func(obj cdpruntime.RemoteObjectID) []string {
		r, err := cdp.Call(ctx, t, domdebugger.GetEventListeners, domdebugger.GetEventListenersParams{ObjectID: obj})
		if err != nil {
			return nil
		}
		seen := map[string]bool{}
		var out []string
		for _, l := range r.Listeners {
			if l != nil && !seen[l.Type] {
				seen[l.Type] = true
				out = append(out, l.Type)
			}
		}
		sort.Strings(out)
		return out
	}
	for _, i := range listenerCandidates(p, max) {
		r, err := cdp.Call(ctx, t, dom.ResolveNode, dom.ResolveNodeParams{BackendNodeID: cdp.BackendNodeID(p.Nodes[i].Backend), ObjectGroup: group})
		if err != nil || r.Object == nil {
			continue
		}
		p.Nodes[i].Events = types(r.Object.ObjectID)
	}
	seen := map[string]bool{}
	for _, expr := range []string{"window", "document", "document.body"} {
		r, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{Expression: expr, ObjectGroup: group})
		if err != nil || r.Result == nil || r.Result.ObjectID == "" {
			continue
		}
		for _, ty := range types(r.Result.ObjectID) {
			seen[ty] = true
		}
	}
	// Inline handlers on html and body count as page-wide too.
	for _, i := range []int{p.Root(), bodyOf(p)} {
		if i < 0 {
			continue
		}
		for _, a := range p.AttrNames(i) {
			if a = page.Lower(a); len(a) > 2 && a[:2] == "on" {
				seen[a[2:]] = true
			}
		}
	}
	for ty := range seen {
		p.PageEvents = append(p.PageEvents, ty)
	}
	sort.Strings(p.PageEvents)
}

func bodyOf(p *page.Page) int {
	r := p.Root()
	if r < 0 {
		return -1
	}
	for _, c := range p.Children(r) {
		if p.IsElement(c) && p.Tag(c) == "body" {
			return c
		}
	}
	return -1
}
