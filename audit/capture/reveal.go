package capture

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/domsnapshot"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/cue"
)

//go:embed js/reveal.js
var revealJS string

// MaxRevealStates bounds the revealed states beyond dialogs: how many menu
// buttons and disclosures are opened and captured on one page. A count,
// never a time; controls beyond it are reported as a walk-truncated style
// gap (GapStates).
const MaxRevealStates = 4

// revealStates opens, one at a time, what the page hides behind its menu
// buttons and disclosures (reveal.js): it clicks the control, captures the
// whole page again (DOM, styles, accessibility tree) as a page.Page of its
// own, notes the nodes of the revealed region the page as captured did not
// render, and closes the region again. It runs after the dialogs probe.
// The result is Page.States; the rules framework runs the ordinary rules
// on each state and keeps what they find in the revealed region.
// lv.RealStateKeys turns the keyboard walk's fast path off.
func revealStates(ctx context.Context, t *chromedp.Target, p *page.Page, lv Levers) {
	if err := evalX(ctx, t, revealJS, nil); err != nil {
		return
	}
	if lv.RealStateKeys {
		_ = evalX(ctx, t, "window.__granskaReveal.real = true", nil)
	}
	var found struct {
		Kinds []string
		More  bool
	}
	if err := evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.find(%d,%s)", MaxRevealStates, consentWordsJSON), &found); err != nil || len(found.Kinds) == 0 {
		return
	}
	kinds := found.Kinds
	triggers := keptNodes(ctx, t, p)
	if found.More {
		p.AddGap(page.GapStates, -1, fmt.Sprintf("more than %d menus and disclosures; the first in document order were opened (and a cookie banner's second layer, last)", MaxRevealStates))
	}
	for k, kind := range kinds {
		st := page.RevealedState{Kind: kind, Trigger: -1}
		if k < len(triggers) {
			st.Trigger = triggers[k]
		}
		name := ""
		if st.Trigger >= 0 {
			if ax := p.Nodes[st.Trigger].AX; ax != nil {
				name = ax.Name
			}
			if name == "" {
				name = p.Text(st.Trigger)
			}
		}
		st.Name = kind + ": " + clipName(name)
		var opened bool
		var err error
		var kb *page.StateKeyboard
		if kind == "consent" {
			// A banner's second layer seldom closes again: it is opened by
			// keyboard first, and by a click only when no key opens it.
			kb = &page.StateKeyboard{}
			opened = openByKey(ctx, t, k, kind, kb)
		}
		if !opened {
			err = evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.open(%d)", k), &opened)
		}
		if err == nil && !opened && kind == "popup" {
			// A combobox's popup opens from the keyboard (the down arrow)
			// where a click on its field may not open it.
			opened = openByArrow(ctx, t, k)
		}
		if err != nil || !opened {
			_ = evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.close(%d)", k), nil)
			continue
		}
		root := -1
		var rootBackend int64
		if rs := keptNodes(ctx, t, p); len(rs) == 1 && rs[0] >= 0 {
			root, rootBackend = rs[0], p.Nodes[rs[0]].Backend
		}
		sp, err := statePage(ctx, t, p)
		if err == nil && root >= 0 {
			st.Page = sp
			st.Revealed = revealedNodes(p, sp, rootBackend)
		}
		if kb != nil && st.Page != nil && len(st.Revealed) > 0 {
			if kb.OpenedBy != "" {
				walkState(ctx, t, p, st.Page, k, kind, kb)
			}
			st.Keyboard = kb
		}
		_ = evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.close(%d)", k), &st.Restored)
		if kb == nil && st.Page != nil && len(st.Revealed) > 0 && st.Restored {
			st.Keyboard = keyboardState(ctx, t, p, st.Page, k, kind)
			_ = evalX(ctx, t, fmt.Sprintf("window.__granskaReveal.close(%d)", k), &st.Restored)
		}
		if st.Page != nil && len(st.Revealed) > 0 {
			p.States = append(p.States, st)
		}
	}
}

// revealedNodes lists the nodes of sp under the node with backend id root
// that sp renders and p, the page as captured, did not.
func revealedNodes(p, sp *page.Page, root int64) []int {
	r, ok := sp.ByBackend(root)
	if !ok {
		return nil
	}
	var out []int
	for i := r; i < len(sp.Nodes); i++ {
		if i != r && !sp.IsAncestor(r, i) {
			continue
		}
		if !sp.Rendered(i) || sp.InClosedDetails(i) {
			continue // a closed <details> inside the state keeps its content hidden
		}
		if b, ok := p.ByBackend(sp.Nodes[i].Backend); ok && p.Rendered(b) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// statePage captures the page as it is now (main document snapshot and
// accessibility tree) as a page of its own, with the walk marked as not
// run: the rules judge its DOM, styles and names.
func statePage(ctx context.Context, t *chromedp.Target, p *page.Page) (*page.Page, error) {
	snap, err := cdp.Call(ctx, t, domsnapshot.CaptureSnapshot, snapshotParams())
	if err != nil {
		return nil, err
	}
	sp := &page.Page{Schema: p.Schema, URL: p.URL, FinalURL: p.FinalURL, Status: p.Status, ContentType: p.ContentType,
		Title: p.Title, Lang: p.Lang, StyleProps: p.StyleProps, Viewport: p.Viewport}
	sp.Nodes, sp.Documents = fromSnapshot(&snap, StyleProps)
	if len(sp.Nodes) == 0 {
		return nil, fmt.Errorf("empty snapshot")
	}
	ax, err := cdp.Call(ctx, t, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
	if err != nil {
		sp.AddGap(page.GapFrameAX, 0, err.Error())
	} else {
		joinAX(sp, ax.Nodes)
		sp.Documents[0].AXCaptured = true
	}
	for k := 1; k < len(sp.Documents); k++ {
		sp.AddGap(page.GapFrameAX, sp.Documents[k].Owner, "frames are not captured again in a revealed state")
	}
	sp.Focus.Order = FocusOrder(sp)
	sp.Focus.Ended = "disabled"
	sp.AddGap(page.GapWalk, -1, "revealed state: the keyboard walk is not run again")
	return sp, nil
}

// consentWordsJSON hands reveal.js the words it knows a cookie banner's
// "more choices" button by (internal/cue, shared with rules/consent).
var consentWordsJSON = func() string {
	b, err := json.Marshal(map[string][]string{
		"cookie": cue.CookieNames, "settings": cue.ConsentSettingsNames, "commit": cue.ConsentCommitNames,
	})
	if err != nil {
		panic(err)
	}
	return string(b)
}()

func clipName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

// unrestored reports a revealed state its control did not close again: the
// page in the tab is not the page as captured.
func unrestored(p *page.Page) bool {
	for _, st := range p.States {
		if !st.Restored {
			return true
		}
	}
	return false
}
