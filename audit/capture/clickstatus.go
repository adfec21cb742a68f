package capture

import (
	"context"
	_ "embed"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/domdebugger"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

//go:embed js/clickstatus.js
var clickStatusJS string

// MaxClicks bounds the click probe: how many in-place buttons of one page
// are clicked. A count, never a time; buttons beyond it are reported as a
// GapClicks gap.
const MaxClicks = 4

// clickWaitMax is the safety net of the wait for the page's reaction to a
// click; the wait itself ends when the page has nothing scheduled.
const clickWaitMax = 5 * time.Second

// ClickTargets returns the in-place buttons of the snapshot the click probe
// clicks, in document order: rendered, enabled buttons of the main
// document (not in a shadow root) that act where they are — type=button,
// input type=button, role=button, and buttons that would submit a form
// with no action of its own or that are in no form — but not menu buttons
// and disclosures (aria-expanded, aria-haspopup: the revealed states open
// those) nor the submit control of a personal-data form (the form probe
// submits those). A control repeated with the same tag, name and class
// (a "Save job" button on every card) is clicked once; numbers in the name
// do not make it another control ("Save job 3", "Save job 4").
func ClickTargets(p *page.Page) []int {
	personal := map[int]bool{}
	for _, f := range PersonalForms(p) {
		personal[f] = true
	}
	seen := map[string]bool{}
	var out []int
	for i := range p.Nodes {
		if !p.IsElement(i) || p.Nodes[i].Doc != 0 || !p.Rendered(i) || elementPath(p, i) == nil {
			continue
		}
		if !inPlace(p, i, personal) {
			continue
		}
		name := p.Text(i)
		if ax := p.Nodes[i].AX; ax != nil && ax.Name != "" {
			name = ax.Name
		}
		key := p.Tag(i) + "\x00" + repeatName(name) + "\x00" + attr(p, i, "class")
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, i)
	}
	return out
}

// repeatName is a control's name as the key of a repeated control: spaces
// trimmed and every run of digits made one "#".
func repeatName(name string) string {
	var b strings.Builder
	digits := false
	for _, r := range strings.TrimSpace(name) {
		if r >= '0' && r <= '9' {
			if !digits {
				b.WriteByte('#')
			}
			digits = true
			continue
		}
		digits = false
		b.WriteRune(r)
	}
	return b.String()
}

// inPlace reports whether element i is a button that acts in place.
func inPlace(p *page.Page, i int, personal map[int]bool) bool {
	if p.HasAttr(i, "disabled") || page.Lower(attr(p, i, "aria-disabled")) == "true" {
		return false
	}
	if v, ok := p.Attr(i, "aria-haspopup"); p.HasAttr(i, "aria-expanded") || ok && page.Lower(strings.TrimSpace(v)) != "false" {
		return false
	}
	typ := page.Lower(strings.TrimSpace(attr(p, i, "type")))
	role := page.Lower(strings.TrimSpace(attr(p, i, "role")))
	tag := p.Tag(i)
	submit := false
	switch {
	case tag == "button" && typ == "button", tag == "input" && typ == "button":
		return true
	case tag == "button" && (typ == "" || typ == "submit"), tag == "input" && typ == "submit":
		submit = true
	case tag == "button" || tag == "input" || tag == "select" || tag == "textarea":
		return false
	case role == "button" && tag != "a" && tag != "area":
		return true
	case role == "button":
		// A link made a button: in place unless it goes somewhere.
		h := strings.TrimSpace(attr(p, i, "href"))
		return h == "" || strings.HasPrefix(h, "#") || strings.HasPrefix(page.Lower(h), "javascript:")
	default:
		return false
	}
	// A submit control: in place when it is in no form, or in a form with
	// no action of its own that is not a personal-data form.
	form := -1
	p.Ancestors(i, func(a int) bool {
		if p.Tag(a) == "form" {
			form = a
			return false
		}
		return true
	})
	if form < 0 {
		return submit
	}
	return !personal[form] && strings.TrimSpace(attr(p, form, "action")) == ""
}

// elementPath is element i's place in the main document: the index among
// its parent's element children of each element from <html> down, nil
// when it is in a shadow root or a frame.
func elementPath(p *page.Page, i int) []int {
	root := p.Root()
	var rev []int
	for cur := i; cur != root; {
		if cur < 0 || p.Nodes[cur].Doc != 0 {
			return nil
		}
		par := p.Nodes[cur].Parent
		if par < 0 || !p.IsElement(par) {
			return nil // a shadow root or the document
		}
		if p.Tag(par) == "slot" {
			// The snapshot gives a closed shadow tree flattened, a
			// slotted element under its slot: not its place in the DOM.
			return nil
		}
		k := 0
		found := false
		for _, c := range p.Children(par) {
			if c == cur {
				found = true
				break
			}
			if p.IsElement(c) && p.Nodes[c].Pseudo == "" {
				k++
			}
		}
		if !found {
			return nil
		}
		rev = append(rev, k)
		cur = par
	}
	out := make([]int, len(rev))
	for k := range rev {
		out[k] = rev[len(rev)-1-k]
	}
	return out
}

// byPath is the element at path in the main document of the snapshot, -1
// when there is none.
func byPath(p *page.Page, path []int) int {
	cur := p.Root()
	for _, k := range path {
		if cur < 0 {
			return -1
		}
		next := -1
		for _, c := range p.Children(cur) {
			if p.IsElement(c) && p.Nodes[c].Pseudo == "" {
				if k == 0 {
					next = c
					break
				}
				k--
			}
		}
		cur = next
	}
	return cur
}

// clickResult is what clickstatus.js returns.
type clickResult struct {
	Error      string `json:"error"`
	TimedOut   bool   `json:"timedOut"`
	Added      int    `json:"added"`
	Opened     int    `json:"opened"`
	FocusMoved bool   `json:"focusMoved"`
	Dialog     bool   `json:"dialog"`
	Texts      []struct {
		Path      []int  `json:"path"`
		Tag       string `json:"tag"`
		Text      string `json:"text"`
		Before    string `json:"before"`
		Live      string `json:"live"`
		LiveAdded bool   `json:"liveAdded"`
		InControl bool   `json:"inControl"`
	} `json:"texts"`
}

// probeClicks clicks the page's in-place buttons (ClickTargets) one at a
// time and records in p.Probes.Clicks what text each made appear or
// change, for WCAG 4.1.3. Before each click the page is loaded again with
// the cookies and storage it had when the probe began, so every click
// starts from the page as captured. While the page reacts, a navigation is
// answered with 204 No Content (the page stays), and every request to
// another origin and every request that is not a GET is failed, so
// nothing the page holds is sent anywhere; same-origin GETs (the next page
// of results) go through. It runs last: it loads the page again.
//
// A control is clicked only if a click can run script or a built-in action
// there (Reactors, read before the other probes change the page); one that
// nothing listens to does nothing a click could show.
func probeClicks(ctx context.Context, t *chromedp.Target, p *page.Page, opt *Options, reactors *Reactors) {
	if opt.Consent.NoProbes {
		return
	}
	var targets []int
	for _, b := range ClickTargets(p) {
		if reactors.Reacts(p, b) {
			targets = append(targets, b)
		}
	}
	if len(targets) == 0 {
		return
	}
	if len(targets) > MaxClicks {
		p.AddGap(page.GapClicks, -1, fmt.Sprintf("%d in-place buttons; the first %d in document order were clicked", len(targets), MaxClicks))
		targets = targets[:MaxClicks]
	}
	pageURL := p.FinalURL
	if pageURL == "" {
		pageURL = p.URL
	}
	origin := originOf(pageURL)
	cookies, _ := cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{})
	var storage string
	_ = evalX(ctx, t, `JSON.stringify((function(){var o={l:{},s:{}};try{for(var i=0;i<localStorage.length;i++){var k=localStorage.key(i);o.l[k]=localStorage.getItem(k)}for(var j=0;j<sessionStorage.length;j++){var q=sessionStorage.key(j);o.s[q]=sessionStorage.getItem(q)}}catch(e){}return o})())`, &storage)
	for _, b := range targets {
		if ctx.Err() != nil {
			return
		}
		cp := page.ClickProbe{Button: b}
		if err := clickOne(ctx, t, p, opt, &cp, pageURL, origin, cookies.Cookies, storage); err != nil {
			if ctx.Err() != nil {
				return
			}
			cp.Error = err.Error()
			p.AddGap(page.GapClicks, b, "click probe: "+err.Error())
		}
		p.Probes.Clicks = append(p.Probes.Clicks, cp)
	}
}

// clickOne restores the page's start state, loads it again, clicks the
// control of cp and records the page's reaction.
func clickOne(ctx context.Context, t *chromedp.Target, p *page.Page, opt *Options, cp *page.ClickProbe, pageURL, origin string, cookies []*network.Cookie, storage string) error {
	_, _ = cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{})
	if len(cookies) > 0 {
		params := make([]*network.CookieParam, 0, len(cookies))
		for _, c := range cookies {
			cpar := &network.CookieParam{Name: c.Name, Value: c.Value, Domain: c.Domain, Path: c.Path,
				Secure: c.Secure, HTTPOnly: c.HTTPOnly, SameSite: c.SameSite, PartitionKey: c.PartitionKey}
			if !c.Session {
				cpar.Expires = cdp.TimeSinceEpoch(c.Expires)
			}
			params = append(params, cpar)
		}
		_, _ = cdp.Call(ctx, t, network.SetCookies, network.SetCookiesParams{Cookies: params})
	}
	if storage != "" {
		_ = evalX(ctx, t, fmt.Sprintf(`(function(o){try{localStorage.clear();sessionStorage.clear();for(var k in o.l)localStorage.setItem(k,o.l[k]);for(var q in o.s)sessionStorage.setItem(q,o.s[q])}catch(e){}})(%s)`, storage), nil)
	}
	lctx, cancel := context.WithTimeout(ctx, opt.LoadTimeout)
	_, err := chromedp.NavigateResponse(pageURL)(lctx, t)
	cancel()
	if err != nil {
		return fmt.Errorf("load again: %w", err)
	}
	sctx, cancel := context.WithTimeout(ctx, opt.SettleMax+time.Second)
	_, _ = chromedp.Evaluate[any](fmt.Sprintf("(%s)(%d,%d,%d)", strings.TrimSpace(settleJS), opt.SettleQuiet.Milliseconds(), opt.SettleMax.Milliseconds(), opt.SettleSoon.Milliseconds()), chromedp.EvalAwaitPromise)(sctx, t)
	cancel()
	if err := evalX(ctx, t, clickStatusJS, nil); err != nil {
		return err
	}
	path, _ := jsonMarshal(elementPath(p, cp.Button))
	var name *string
	if err := evalX(ctx, t, fmt.Sprintf("window.__granskaClick.arm(%s,%q)", path, p.Tag(cp.Button)), &name); err != nil {
		return err
	}
	if name == nil {
		return fmt.Errorf("the control is not where it was in the page loaded again")
	}
	cp.Name = *name

	// The sandbox: from here on every request is seen.
	var mu sync.Mutex
	stop, err := interceptAll(ctx, t, func(ictx context.Context, ev *fetch.EventRequestPaused) {
		u, method := "", ""
		if ev.Request != nil {
			u, method = ev.Request.URL, ev.Request.Method
		}
		switch {
		case ev.ResourceType == network.ResourceTypeDocument:
			_, _ = cdp.Call(ictx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 204})
			mu.Lock()
			cp.Navigated = true
			mu.Unlock()
		case method == "GET" && originOf(u) == origin && origin != "":
			_, _ = cdp.Call(ictx, t, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID})
		default:
			_, _ = cdp.Call(ictx, t, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
			mu.Lock()
			cp.Blocked++
			mu.Unlock()
		}
	})
	if err != nil {
		return err
	}
	defer stop()

	var res clickResult
	cctx, cancel := context.WithTimeout(ctx, clickWaitMax+5*time.Second)
	defer cancel()
	if err := evalX(cctx, t, fmt.Sprintf("window.__granskaClick.click(150,%d)", clickWaitMax.Milliseconds()), &res); err != nil {
		return fmt.Errorf("click: %w", err)
	}
	if res.Error != "" {
		return fmt.Errorf("click: %s", res.Error)
	}
	if res.TimedOut {
		p.AddGap(page.GapTimeout, cp.Button, safetyNet("click probe: the page kept changing or waiting", clickWaitMax, 1))
	}
	mu.Lock()
	defer mu.Unlock()
	cp.Navigated = cp.Navigated || res.Opened > 0
	cp.FocusMoved, cp.Dialog, cp.Added = res.FocusMoved, res.Dialog, res.Added
	for _, x := range res.Texts {
		n := -1
		if x.Path != nil {
			// An element that was there before the click, at the same
			// place and of the same kind in the snapshot.
			if k := byPath(p, x.Path); k >= 0 && p.Tag(k) == x.Tag {
				n = k
			}
		}
		cp.Texts = append(cp.Texts, page.ClickText{Node: n, Text: x.Text, Before: x.Before, Live: x.Live, LiveAdded: x.LiveAdded, InControl: x.InControl})
	}
	return nil
}

// originOf is the scheme and host of u, "" when it has none.
func originOf(u string) string {
	x, err := url.Parse(u)
	if err != nil || x.Host == "" {
		return ""
	}
	return x.Scheme + "://" + x.Host
}

// clickTypes are the events a click on a control fires on it and its
// ancestors (submit: on its form, and it bubbles).
var clickTypes = map[string]bool{
	"click": true, "mousedown": true, "mouseup": true, "pointerdown": true, "pointerup": true,
	"touchstart": true, "touchend": true, "DOMActivate": true, "submit": true,
	// A link made a button goes to a fragment: the window hears of it.
	"hashchange": true, "popstate": true,
}

// Reactors are the nodes of the main document with a listener for an event
// a click fires (clickTypes), by backend node id, and whether window or
// document listens for one (then every control reacts).
type Reactors struct {
	nodes    map[int64]bool
	pageWide bool
}

// ClickReactors reads the page's click listeners with one query of the
// whole document. It returns nil when the query fails: then every control
// counts as reacting.
func ClickReactors(ctx context.Context, t *chromedp.Target, p *page.Page) *Reactors {
	const group = "granska-reactors"
	defer cdp.Call(context.WithoutCancel(ctx), t, cdpruntime.ReleaseObjectGroup, cdpruntime.ReleaseObjectGroupParams{ObjectGroup: group})
	r := &Reactors{nodes: map[int64]bool{}}
	for _, ty := range p.PageEvents {
		r.pageWide = r.pageWide || clickTypes[ty]
	}
	doc, err := cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{Expression: "document", ObjectGroup: group})
	if err != nil || doc.Result == nil || doc.Result.ObjectID == "" {
		return nil
	}
	// The whole tree, shadow trees too: a slotted control's click passes
	// through its host's shadow tree.
	all, pierce := int64(-1), true
	ls, err := cdp.Call(ctx, t, domdebugger.GetEventListeners, domdebugger.GetEventListenersParams{ObjectID: doc.Result.ObjectID, Depth: &all, Pierce: &pierce})
	if err != nil {
		return nil
	}
	for _, l := range ls.Listeners {
		if l != nil && clickTypes[l.Type] {
			r.nodes[int64(l.BackendNodeID)] = true
		}
	}
	return r
}

// Reacts reports whether a click on element i can do something: a
// built-in action (popovertarget, commandfor), a javascript: address, or a
// listener on it or an
// ancestor in its document, or on window or document; a control inside a
// shadow host counts as reacting. A nil Reactors says yes.
func (r *Reactors) Reacts(p *page.Page, i int) bool {
	if r == nil || r.pageWide {
		return true
	}
	for _, a := range []string{"popovertarget", "commandfor", "command"} {
		if p.HasAttr(i, a) {
			return true
		}
	}
	if h, ok := p.Attr(i, "href"); ok && strings.HasPrefix(page.Lower(strings.TrimSpace(h)), "javascript:") {
		return true // its address is script
	}
	for cur := i; cur >= 0; cur = p.Nodes[cur].Parent {
		if r.nodes[p.Nodes[cur].Backend] {
			return true
		}
		// A shadow host: the click also travels through its shadow
		// tree (a slotted control), whose listeners the light DOM's
		// chain does not show.
		for _, c := range p.Children(cur) {
			if p.Nodes[c].Shadow != "" {
				return true
			}
		}
		if p.Nodes[cur].Doc != p.Nodes[i].Doc {
			break
		}
	}
	return false
}
