package capture

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

//go:embed js/batch.js
var batchJS string

// batcher is the keyboard walk's fast path. A real Tab press costs 5–20 ms
// of Chromium's time here (key event, focus move, style and layout, then
// reading the stop); focusing the next element of the computed focus order
// by script and measuring it in the same evaluation costs about 1.5 ms a
// stop (measured on the demo site's home page: 25 stops in 30–44 ms
// against 244–536 ms). The two are the same where nothing but the browser
// acts on the key, so the walk presses real keys
//   - for the first stops (RealStops), which also check that the computed
//     order is the order Tab follows on this page;
//   - from any element where script listens for keys on it, an ancestor,
//     the document or the window (listen.js), since script may move focus
//     itself;
//   - on pages whose focusable elements have blur handlers (focus may be
//     pulled back late);
//   - into frames, shadow trees and elements the computed order does not
//     match;
//   - after the last stop, to see focus leave the page (the wrap-around).
//
// A real stop that differs from the computed order turns the fast path
// off for the rest of the page.
type batcher struct {
	on       bool
	realNext bool        // the next stop must be a real Tab press
	cands    map[int]int // node index -> index in the page's candidate list
	ready    bool        // batch.js is installed
	mainDoc  int
}

func newBatcher(p *page.Page, wx *walkExtras, opt WalkOptions) *batcher {
	b := &batcher{on: !wx.slow && opt.RealStops >= 0 && len(p.Focus.Order) > 0, mainDoc: -1}
	for i := range p.Nodes {
		if p.Nodes[i].Type == page.DocumentNode {
			b.mainDoc = i
			break
		}
	}
	if b.mainDoc < 0 {
		b.on = false
	}
	return b
}

// check turns the fast path off when the real stop just taken at position
// pos is not the computed order's element there.
func (b *batcher) check(p *page.Page, pos, node int) {
	if pos >= len(p.Focus.Order) || p.Focus.Order[pos] != node {
		b.on = false
	}
}

// eligible: an element of the main document's light DOM that is not a
// frame (Tab enters a frame's document, focus() stays on the element).
func (b *batcher) eligible(p *page.Page, i int) bool {
	if p.Nodes[i].Doc != b.mainDoc || p.Scope(i) != b.mainDoc {
		return false
	}
	switch p.Tag(i) {
	case "iframe", "frame", "object", "embed":
		return false
	}
	return true
}

// fetch installs batch.js (once) and matches up to limit focusable
// elements that follow the focused one to the capture by backend node id,
// in one round trip. Fetching only what the next batch needs keeps this
// cheap on a page with thousands of links (all 3,530 candidates of the
// large bench page took 347 ms).
func (b *batcher) fetch(ctx context.Context, t *chromedp.Target, p *page.Page, limit int, group string) error {
	expr := fmt.Sprintf("window.__granskaWalk.more(%d)", limit)
	if !b.ready {
		expr = batchJS + ";" + expr
		b.ready = true
	}
	items, err := evalDeep(ctx, t, group, expr)
	if err != nil || len(items) == 0 {
		return fmt.Errorf("focus batch: candidates: %v", err)
	}
	var first int
	if err := json.Unmarshal(items[0].Value, &first); err != nil {
		return fmt.Errorf("focus batch: candidates: %w", err)
	}
	if b.cands == nil {
		b.cands = map[int]int{}
	}
	for k, it := range items[1:] {
		if id := it.backend(); id != 0 {
			if i, ok := p.ByBackend(id); ok {
				b.cands[i] = first + k
			}
		}
	}
	return nil
}

// measuredStop is one focus stop as stop.js measured it: the focused node
// (-1 when not joined to the capture), its measurement, the backend node id
// of what covers it (0 for none), and whether script focused it.
type measuredStop struct {
	node, cand int
	info       stopInfo
	cover      int64
	scripted   bool
}

// run focuses, from position pos of the computed order, up to max
// elements by script and measures each stop. It returns the stops and why
// it stopped: "done", "key", "moved" or "none" (pos is not an element the
// fast path can take). It is bounded by max, never by time.
func (b *batcher) run(ctx context.Context, t *chromedp.Target, p *page.Page, pos, max int, propsJSON, group string) ([]measuredStop, string, error) {
	if _, ok := b.cands[p.Focus.Order[pos]]; !ok {
		if err := b.fetch(ctx, t, p, max+8, group); err != nil {
			b.on = false
			return nil, "none", nil
		}
	}
	var list []string
	var stops []measuredStop
	for k := pos; k < len(p.Focus.Order) && len(list) < max; k++ {
		n := p.Focus.Order[k]
		c, ok := b.cands[n]
		if !ok || !b.eligible(p, n) {
			break
		}
		list = append(list, strconv.Itoa(c))
		stops = append(stops, measuredStop{node: n, cand: c, scripted: true})
	}
	if len(list) == 0 {
		return nil, "none", nil
	}
	expr := fmt.Sprintf("window.__granskaWalk.run([%s],%s,(\n%s\n))", strings.Join(list, ","), propsJSON, stopJS)
	items, err := evalDeep(ctx, t, group, expr)
	if err != nil {
		return nil, "", err
	}
	if len(items) == 0 {
		return nil, "", fmt.Errorf("focus batch: no result")
	}
	var status string
	_ = json.Unmarshal(items[0].Value, &status)
	n := (len(items) - 1) / 2
	stops = stops[:min(n, len(stops))]
	for k := range stops {
		var js string
		_ = json.Unmarshal(items[1+2*k].Value, &js)
		if err := jsonUnmarshal([]byte(js), &stops[k].info); err != nil {
			return nil, "", fmt.Errorf("focus batch: %w", err)
		}
		stops[k].cover = items[2+2*k].backend()
	}
	if status == "" {
		status = "done"
	}
	return stops, status, nil
}

// stop turns a measured stop into the page model's stop, naming the
// element that covers it when one does.
func (s *measuredStop) stop(p *page.Page) page.FocusStop {
	st := page.FocusStop{Node: s.node, CoveredBy: -1, Box: s.info.Box, InViewport: s.info.InViewport, Covered: s.info.Covered, Key: "Tab", Scripted: s.scripted}
	if s.info.Covered > 0 && s.cover != 0 {
		if i, ok := p.ByBackend(s.cover); ok {
			st.CoveredBy = i
		}
	}
	if s.node >= 0 {
		st.Indicator.Changes = indicatorChanges(p, s.node, &s.info)
	}
	return st
}

// deepItem is one deep-serialized value.
type deepItem struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
	// Ref identifies an object that occurs more than once: only its first
	// occurrence carries the value (evalDeep fills in the others).
	Ref int64 `json:"weakLocalObjectReference"`
}

// backend is a node's backend node id, 0 for anything else.
func (d deepItem) backend() int64 {
	if d.Type != "node" {
		return 0
	}
	var node struct {
		Backend int64 `json:"backendNodeId"`
	}
	_ = json.Unmarshal(d.Value, &node)
	return node.Backend
}

// evalDeep evaluates expr, which returns an array, with deep serialization
// one level down, so that elements come back with their backend node ids.
func evalDeep(ctx context.Context, t *chromedp.Target, group, expr string) ([]deepItem, error) {
	depth := int64(1)
	r, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{
		Expression:           expr,
		ObjectGroup:          group,
		SerializationOptions: &cdpruntime.SerializationOptions{Serialization: cdpruntime.SerializationOptionsSerializationDeep, MaxDepth: &depth},
	})
	if err != nil {
		return nil, err
	}
	if r.ExceptionDetails != nil {
		msg := r.ExceptionDetails.Text
		if r.ExceptionDetails.Exception != nil {
			msg += " " + r.ExceptionDetails.Exception.Description
		}
		return nil, fmt.Errorf("script: %s", msg)
	}
	if r.Result == nil || r.Result.DeepSerializedValue == nil || r.Result.DeepSerializedValue.Type != "array" {
		return nil, nil
	}
	var items []deepItem
	if err := jsonUnmarshal(r.Result.DeepSerializedValue.Value, &items); err != nil {
		return nil, err
	}
	// One element covering several stops comes back once with its value,
	// then as a reference to it.
	seen := map[int64]json.RawMessage{}
	for k := range items {
		if it := &items[k]; it.Ref != 0 {
			if len(it.Value) > 0 {
				seen[it.Ref] = it.Value
			} else {
				it.Value = seen[it.Ref]
			}
		}
	}
	return items, nil
}
