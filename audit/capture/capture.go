// Package capture turns one URL into one page.Page: it loads the page in a
// tab of headless Chromium with bounded waits, takes one DOMSnapshot (DOM,
// computed styles, layout, paint order, blended colours) and the
// accessibility tree, walks the page with real Tab key presses, and records
// what it could not see as gaps.
//
// Capture needs a chromedp context for a tab (see audit/browser). It never
// runs rules.
package capture

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/domsnapshot"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

var (
	//go:embed js/observe.js
	observeJS string
	//go:embed js/settle.js
	settleJS string
	//go:embed js/active.js
	activeJS string
	//go:embed js/stop.js
	stopJS string
)

// ErrLoad is returned when the page could not be loaded at all (DNS,
// connection refused, TLS, aborted).
var ErrLoad = errors.New("capture: page did not load")

// Options configures a capture. The zero value uses the defaults.
type Options struct {
	Width, Height int           // viewport, default 1280×800
	LoadTimeout   time.Duration // until the load event, default 20 s
	// SettleQuiet is how long the DOM must stay unchanged, once the page
	// has no short timeout pending and no request in flight, to count as
	// settled; default 30 ms.
	SettleQuiet time.Duration
	// SettleSoon: one-shot timeouts due within this long of being set are
	// waited for (a banner shown after 500 ms); default 1 s.
	SettleSoon time.Duration
	// SettleMax is the settle wait's safety net, default 5 s: when it runs
	// out the page records a timeout gap (a run problem).
	SettleMax time.Duration
	Walk      WalkOptions
	// Screenshot takes a viewport screenshot (JPEG) of the top of the page.
	Screenshot bool
	// Extras switches and bounds listeners, backdrop pixels, motion and
	// viewport variants (extras.go).
	Extras ExtraOptions
	// Consent switches the network record and the form probe (network.go, probe.go).
	Consent ConsentOptions
	// BeforeProbe, when set, is called with the tab and the page model
	// just before the form probe submits a form (and so changes the page),
	// and only then: what needs the page as captured, such as screenshot
	// crops, can be done without loading it again.
	BeforeProbe func(ctx context.Context, p *page.Page)
	// Resources, when set, is called once per capture with the responses
	// the page loaded before it was captured (document, style sheets,
	// scripts, images, fonts, frames), sorted by URL, and whether more were
	// loaded than recorded (resources.go). A re-audit compares them to
	// tell whether the page changed.
	Resources func(rs []page.Resource, over bool)
	// BeforeLoad, when set, is called with the tab after its cookies are
	// cleared and before the page is loaded: login sets the session's
	// cookies and headers there (audit/login).
	BeforeLoad func(ctx context.Context, s cdp.Session) error
	// AfterLoad, when set, is called with the tab and the page so far
	// (Status and FinalURL set) once the page has loaded and settled,
	// before it is captured; an error ends the capture with that error
	// (login finds an expired session there: the login page in place of
	// the page asked for).
	AfterLoad func(ctx context.Context, s cdp.Session, p *page.Page) error
	// Levers switches cost levers off, so a benchmark can measure each
	// one (internal/bench BenchmarkLevers); the zero value has them all on.
	Levers Levers
}

// Levers switches off the ways a capture saves work without changing
// what it records. Each one is measured by internal/bench; none is a user
// option.
type Levers struct {
	// SeparateRelayouts measures the text-spacing variant in separate
	// calls and re-lays the page out at 640×512 even where nothing can
	// clip (variants.go).
	SeparateRelayouts bool
	// SerialCrops decodes and cuts each crop band's screenshot before
	// taking the next, instead of while the next one is taken (Crop).
	SerialCrops bool
	// BuildAfterAX builds the page model's nodes from the snapshot once
	// the accessibility tree has come too, instead of while the browser
	// still computes the tree.
	BuildAfterAX bool
	// RealStateKeys walks revealed states with a real Tab press at every
	// step, each followed by a wait for script (two frames and 30 ms),
	// instead of focusing by the computed order and waiting only where
	// script listens (stateskeys.go walkState).
	RealStateKeys bool
}

// WalkOptions bounds the keyboard walk.
type WalkOptions struct {
	Disabled bool
	// MaxStops is the most focus stops, default 40.
	MaxStops int
	// RealStops is how many stops are always reached with real Tab
	// presses before the walk may focus elements by script (batchwalk.go),
	// default 5; negative for real presses at every stop.
	RealStops int
	// Budget is the walk's wall-clock safety net, default 30 s. The walk is
	// bounded by MaxStops (and a bounded number of escape attempts), never
	// by time; when the safety net runs out all the same (a hung page, an
	// overloaded machine) the walk stops and records a timeout gap.
	Budget time.Duration
	// FocusPixels bounds the stops whose focus indicator is compared as
	// pixels (focused vs blurred) when styles show none; default 8,
	// negative for none. About 10–20 ms a stop.
	FocusPixels int
	// PixelCache, when set, shares those comparisons between the pages of
	// a run (pixelcache.go).
	PixelCache *PixelCache
}

func (o *Options) defaults() {
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 1280, 800
	}
	if o.LoadTimeout <= 0 {
		o.LoadTimeout = 20 * time.Second
	}
	if o.SettleQuiet <= 0 {
		o.SettleQuiet = 30 * time.Millisecond
	}
	if o.SettleSoon <= 0 {
		o.SettleSoon = time.Second
	}
	if o.SettleMax <= 0 {
		o.SettleMax = 5 * time.Second
	}
	if o.Walk.MaxStops <= 0 {
		o.Walk.MaxStops = 40
	}
	if o.Walk.RealStops == 0 {
		o.Walk.RealStops = 5
	}
	if o.Walk.Budget <= 0 {
		o.Walk.Budget = DefaultWalkBudget
	}
}

// DefaultWalkBudget is the keyboard walk's default safety net.
const DefaultWalkBudget = 30 * time.Second

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Capture loads url in the tab of ctx and captures its page model.
func Capture(ctx context.Context, url string, opt Options) (*page.Page, error) {
	opt.defaults()
	start := time.Now()
	p := &page.Page{Schema: page.Schema, URL: url, StyleProps: StyleProps,
		Viewport: page.Viewport{Width: opt.Width, Height: opt.Height, Scale: 1}}

	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		return capture(ctx, t, p, url, &opt, start)
	}))
	if err != nil {
		return nil, err
	}
	p.Timings.Total = ms(time.Since(start))
	return p, nil
}

func capture(ctx context.Context, t *chromedp.Target, p *page.Page, url string, opt *Options, start time.Time) error {
	if _, err := cdp.Call(ctx, t, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: int64(opt.Width), Height: int64(opt.Height), DeviceScaleFactor: 1,
	}); err != nil {
		return fmt.Errorf("capture: viewport: %w", err)
	}
	// Every tab acts as the focused window: with several tabs only one is
	// in front, and a page without focus fires no focus and blur events
	// and shows no focus styles, so the walk would see another page.
	if _, err := cdp.Call(ctx, t, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		return fmt.Errorf("capture: focus emulation: %w", err)
	}
	// A fresh state for each page: no cookies from the previous one.
	_, _ = cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{})
	if opt.BeforeLoad != nil {
		if err := opt.BeforeLoad(ctx, t); err != nil {
			return fmt.Errorf("capture: before load: %w", err)
		}
	}
	script, err := cdp.Call(ctx, t, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: observeJS})
	if err != nil {
		return fmt.Errorf("capture: install observer: %w", err)
	}
	defer cdp.Call(context.WithoutCancel(ctx), t, cdppage.RemoveScriptToEvaluateOnNewDocument, cdppage.RemoveScriptToEvaluateOnNewDocumentParams(script))
	defer installExtras(ctx, t)() // listener counts (extras.go)

	// Dialogs (alert, confirm, beforeunload) would block the page: answer
	// them as they come.
	dctx, stopDialogs := context.WithCancel(ctx)
	defer stopDialogs()
	dialogs := cdp.Events(dctx, t, cdppage.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			accept := ev.Type != cdppage.DialogTypeConfirm && ev.Type != cdppage.DialogTypePrompt
			_, _ = cdp.Call(dctx, t, cdppage.HandleJavaScriptDialog, cdppage.HandleJavaScriptDialogParams{Accept: accept})
		}
	}()

	netrec := startNetwork(ctx, t, opt) // requests before any interaction (network.go)
	defer netrec.stop()
	resrec := startResources(ctx, t, opt) // responses, for re-audits (resources.go)
	defer resrec.stop()

	// Load, bounded.
	lctx, cancel := context.WithTimeout(ctx, opt.LoadTimeout)
	resp, err := chromedp.NavigateResponse(url)(lctx, t)
	cancel()
	switch {
	case err == nil:
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil:
		p.AddGap(page.GapTimeout, -1, fmt.Sprintf("no load event within %s; captured the page as it was", opt.LoadTimeout))
		_, _ = cdp.Call(ctx, t, cdppage.StopLoading, cdp.Empty{})
	default:
		var le *chromedp.LoadError
		if errors.As(err, &le) {
			return fmt.Errorf("%w: %s: %s", ErrLoad, url, le.ErrorText)
		}
		return fmt.Errorf("%w: %s: %v", ErrLoad, url, err)
	}
	p.Timings.Load = ms(time.Since(start))
	if resp != nil {
		p.Status = int(resp.Status)
		p.FinalURL = resp.URL
		p.ContentType = resp.MimeType
	}
	if p.ContentType != "" && !strings.Contains(p.ContentType, "html") && !strings.Contains(p.ContentType, "xml") {
		p.AddGap(page.GapNotHTML, -1, p.ContentType)
		return nil
	}

	// Settle: fonts loaded and the DOM quiet.
	t0 := time.Now()
	var settled struct {
		Waited float64 `json:"waited"`
		Stable bool    `json:"stable"`
	}
	sctx, cancel := context.WithTimeout(ctx, opt.SettleMax+time.Second)
	settled, err = chromedp.Evaluate[struct {
		Waited float64 `json:"waited"`
		Stable bool    `json:"stable"`
	}](fmt.Sprintf("(%s)(%d,%d,%d)", strings.TrimSpace(settleJS), opt.SettleQuiet.Milliseconds(), opt.SettleMax.Milliseconds(), opt.SettleSoon.Milliseconds()), chromedp.EvalAwaitPromise)(sctx, t)
	cancel()
	if err != nil || !settled.Stable {
		p.AddGap(page.GapTimeout, -1, fmt.Sprintf("settle: safety net of %s ran out with the DOM still changing or timeouts or requests pending; a run problem, the page was captured as it was", opt.SettleMax))
	}
	// Frames, lazy ones too, loaded before the snapshot (frames.go).
	framesPending, err := waitFrames(ctx, t, opt.SettleMax)
	if err != nil && ctx.Err() == nil {
		p.AddGap(page.GapTimeout, -1, "frames: "+err.Error())
	}
	p.Timings.Settle = ms(time.Since(t0))
	if opt.AfterLoad != nil {
		if err := opt.AfterLoad(ctx, t, p); err != nil {
			return err
		}
	}

	// Snapshot and accessibility tree of the main frame, in parallel: the
	// renderer computes one after the other, and while it computes the
	// second, the browser serialises the first and Go decodes it and
	// builds the page model's nodes from it.
	t0 = time.Now()
	var axMain []*accessibility.Node
	var axErr error
	var axDur time.Duration
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a0 := time.Now()
		r, err := cdp.Call(ctx, t, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
		axMain, axErr = r.Nodes, err
		axDur = time.Since(a0)
	}()
	snap, snapErr := cdp.Call(ctx, t, domsnapshot.CaptureSnapshot, snapshotParams())
	snapDur := time.Since(t0)
	if opt.Levers.BuildAfterAX {
		wg.Wait()
	}
	if snapErr == nil {
		p.Nodes, p.Documents = fromSnapshot(&snap, StyleProps)
	}
	wg.Wait()
	if snapErr != nil {
		return fmt.Errorf("capture: snapshot: %w", snapErr)
	}
	p.Timings.Snapshot = ms(snapDur)
	if len(p.Nodes) == 0 {
		return errors.New("capture: empty snapshot")
	}
	if len(snap.Documents) > 0 {
		d := snap.Documents[0]
		p.Viewport.ScrollWidth, p.Viewport.ScrollHeight = d.ContentWidth, d.ContentHeight
	}
	if len(p.Documents) > 0 {
		p.Title = p.Documents[0].Title
	}
	if p.FinalURL == "" && len(p.Documents) > 0 {
		p.FinalURL = p.Documents[0].URL
	}
	if root := p.Root(); root >= 0 {
		p.Lang, _ = p.Attr(root, "lang")
	}
	// Title as the document has it (the snapshot's title is the <title>
	// text of the main document).

	// Accessibility trees: main frame done above; frames one by one.
	a0 := time.Now()
	if axErr != nil {
		p.AddGap(page.GapFrameAX, 0, axErr.Error())
	} else {
		joinAX(p, axMain)
		p.Documents[0].AXCaptured = true
	}
	for k := 1; k < len(p.Documents); k++ {
		d := &p.Documents[k]
		if d.FrameID == "" {
			p.AddGap(page.GapFrameAX, d.Owner, "frame without id")
			continue
		}
		r, err := cdp.Call(ctx, t, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{FrameID: cdp.FrameID(d.FrameID)})
		if err != nil {
			p.AddGap(page.GapFrameAX, d.Owner, err.Error())
			continue
		}
		joinAX(p, r.Nodes)
		d.AXCaptured = true
	}
	// Reading the tree switched the renderer's accessibility on, and it
	// would stay on for the page's life, updating its tree on every
	// later focus move, re-layout and submission: switch it off.
	_, _ = cdp.Call(ctx, t, accessibility.Disable, cdp.Empty{})
	p.Timings.AXTree = ms(axDur + time.Since(a0))

	// Frames that rendered but whose document is not in the snapshot
	// (cross-origin, out of process).
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.Type == page.ElementNode && (n.Name == "iframe" || n.Name == "frame") && n.ContentDoc == 0 && n.Layout != nil {
			p.AddGap(page.GapFrame, i, "the frame's document was not captured (cross-origin or not loaded)")
		}
	}

	if framesPending > 0 {
		framesLeft(ctx, t, p, opt.SettleMax)
	}

	netrec.finish(ctx, t, p) // before the walk's key presses
	resrec.finish(ctx, t, opt.Resources)

	p.Focus.Order = FocusOrder(p)

	if !opt.Walk.Disabled {
		t0 = time.Now()
		if err := walk(ctx, t, p, opt.Walk); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			p.Focus.Ended = "error"
			p.Focus.Detail = err.Error()
			p.AddGap(page.GapWalkFailed, -1, err.Error())
		}
		p.Timings.Walk = ms(time.Since(t0))
	} else {
		p.Focus.Ended = "disabled"
		p.AddGap(page.GapWalk, -1, "keyboard walk disabled")
	}

	t0 = time.Now()
	extras(ctx, t, p, &opt.Extras, opt.Levers) // listeners, pixels, motion, variants (extras.go)
	generated(ctx, t, p)                       // CSS generated content (pseudo.go)
	if !opt.Extras.NoMotion {
		animations(ctx, t, p) // running animations (animations.go)
	}
	p.Timings.Extras = ms(time.Since(t0))

	if opt.Screenshot {
		t0 = time.Now()
		if img, err := screenshot(ctx, t); err != nil {
			p.AddGap(page.GapScreenshot, -1, err.Error())
		} else {
			p.Screenshot = img
		}
		p.Timings.Shot = ms(time.Since(t0))
	}
	t0 = time.Now()
	t1 := time.Now()
	reactors := ClickReactors(ctx, t, p) // before the probes change the page (clickstatus.go)
	probeForm(ctx, t, p, opt)            // it submits a form (probe.go)
	p.Timings.Forms, t1 = ms(time.Since(t1)), time.Now()
	revealDialogs(ctx, t, p) // it opens dialogs (states.go)
	p.Timings.Dialogs, t1 = ms(time.Since(t1)), time.Now()
	revealStates(ctx, t, p, opt.Levers) // last: menus and disclosures (reveal.go)
	p.Timings.States, t1 = ms(time.Since(t1)), time.Now()
	probeClicks(ctx, t, p, opt, reactors) // after all: it loads the page again per click (clickstatus.go)
	p.Timings.Clicks = ms(time.Since(t1))
	p.Timings.Probe = ms(time.Since(t0))
	return nil
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

// screenshot takes a JPEG of the viewport scrolled to the top.
func screenshot(ctx context.Context, t *chromedp.Target) (*page.Image, error) {
	if _, err := chromedp.Evaluate[any]("window.scrollTo(0,0)")(ctx, t); err != nil && !errors.Is(err, chromedp.ErrJSUndefined) {
		return nil, err
	}
	q := int64(80)
	r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{Format: cdppage.CaptureScreenshotFormatJpeg, Quality: &q})
	if err != nil {
		return nil, err
	}
	return &page.Image{Format: "jpeg", Scale: 1, Data: r.Data}, nil
}

// Crop takes a screenshot of each node's box (document coordinates) with a
// margin, for reports. ctx is the tab's context with the page still loaded
// (loaded again first when the form probe submitted a form).
// Boxes are taken in bands: the page is scrolled to each band in document
// order, one viewport screenshot is taken and the boxes are cut from it
// here. (A screenshot costs tens of milliseconds, one beyond the viewport
// re-lays the whole page out.) Boxes within the first viewport, which
// holds fixed content as captured, are cut from the top.
func Crop(ctx context.Context, p *page.Page, nodes []int, margin float64) map[int]*page.Image {
	return CropWith(ctx, p, nodes, margin, Levers{})
}

// CropWith is Crop with the levers lv: each band's screenshot is decoded
// and cut while the page scrolls to the next band and the browser takes
// its screenshot, unless lv.SerialCrops.
func CropWith(ctx context.Context, p *page.Page, nodes []int, margin float64, lv Levers) map[int]*page.Image {
	out := map[int]*page.Image{}
	var mu sync.Mutex
	var cutting sync.WaitGroup
	defer cutting.Wait() // before out is returned
	type item struct {
		node int
		r    page.Rect
	}
	vw, vh := float64(p.Viewport.Width), float64(p.Viewport.Height)
	if vw <= 0 || vh <= 0 {
		vw, vh = 1280, 800
	}
	var items []item
	for _, i := range nodes {
		b, ok := p.Box(i)
		if !ok || b.Empty() {
			continue
		}
		r := page.Rect{X: max(0, b.X-margin), Y: max(0, b.Y-margin)}
		r.W, r.H = min(b.W+2*margin, 1200, vw-r.X), min(b.H+2*margin, 600, vh)
		if b.Y+b.H <= vh {
			// In the first screen (fixed content always is): the margin
			// must not push it into a scrolled band, where fixed content
			// is hidden.
			r.H = min(r.H, vh-r.Y)
		}
		if r.W < 1 || r.H < 1 {
			continue
		}
		items = append(items, item{i, r})
	}
	if len(items) == 0 {
		return out
	}
	sort.SliceStable(items, func(a, b int) bool { return items[a].r.Y < items[b].r.Y })
	_ = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		// The form probe submitted a form: error messages may have moved
		// the boxes. Load the page again as it was captured.
		if err := reloadIfProbed(ctx, t, p); err != nil {
			return nil
		}
		defer chromedp.Evaluate[any](cropRestore)(context.WithoutCancel(ctx), t)
		hidden := false
		for k := 0; k < len(items); {
			want := 0.0
			if items[k].r.Y+items[k].r.H > vh {
				// Whole pixels: the page scrolls no finer.
				want = math.Floor(items[k].r.Y)
				if !hidden {
					// Scrolled down, fixed and sticky content (headers,
					// cookie banners) would lie over the boxes.
					_, _ = chromedp.Evaluate[any](cropHideFixed)(ctx, t)
					hidden = true
				}
			}
			scrollY, err := chromedp.Evaluate[float64](fmt.Sprintf("window.scrollTo(0,%d);window.scrollY", int(want)))(ctx, t)
			if err != nil {
				return nil
			}
			// The band holds the boxes that fit in this screen; at the end
			// of the page (it scrolled less far than asked) boxes are cut
			// as far as they go.
			atEnd := scrollY+1 <= want
			end := k
			for ; end < len(items) && (items[end].r.Y+items[end].r.H <= scrollY+vh+0.5 || atEnd && items[end].r.Y >= scrollY); end++ {
			}
			if end == k {
				k++ // a box the page cannot scroll to
				continue
			}
			// One screenshot of the band's boxes, cut here.
			band := items[k].r
			for _, it := range items[k:end] {
				band = union(band, it.r)
			}
			band = band.Intersect(page.Rect{X: 0, Y: scrollY, W: vw, H: vh})
			q, fast := int64(90), true
			r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
				Format: cdppage.CaptureScreenshotFormatJpeg, Quality: &q, OptimizeForSpeed: &fast,
				Clip: &cdppage.Viewport{X: band.X, Y: band.Y, Width: band.W, Height: band.H, Scale: 1},
			})
			if err != nil {
				return nil
			}
			cutBand := func(data []byte, band page.Rect, scrollY float64, its []item) {
				shot, err := jpeg.Decode(bytes.NewReader(data))
				if err != nil {
					return
				}
				for _, it := range its {
					if it.r.Y < scrollY {
						continue // the page could not scroll there
					}
					if img := cut(shot, it.r, band); img != nil {
						mu.Lock()
						out[it.node] = img
						mu.Unlock()
					}
				}
			}
			its := items[k:end]
			if lv.SerialCrops {
				cutBand(r.Data, band, scrollY, its)
			} else {
				cutting.Go(func() { cutBand(r.Data, band, scrollY, its) })
			}
			k = end
		}
		return nil
	}))
	return out
}

// cropHideFixed hides fixed and sticky content for crops further down the
// page; cropRestore undoes it and scrolls back to the top.
const (
	cropHideFixed = `(function(){var s=document.createElement('style');s.id='__granska_crop';` +
		`s.textContent='[data-granska-crop-hide]{visibility:hidden!important}';` +
		`document.querySelectorAll('*').forEach(function(e){var p=getComputedStyle(e).position;` +
		`if(p==='fixed'||p==='sticky')e.setAttribute('data-granska-crop-hide','')});` +
		`(document.head||document.documentElement).appendChild(s)})()`
	cropRestore = `(function(){var s=document.getElementById('__granska_crop');if(s)s.remove();` +
		`document.querySelectorAll('[data-granska-crop-hide]').forEach(function(e){e.removeAttribute('data-granska-crop-hide')});` +
		`window.scrollTo(0,0)})()`
)

// cut encodes the part r (document coordinates) of a screenshot of band
// (document coordinates).
func cut(shot image.Image, r, band page.Rect) *page.Image {
	b := shot.Bounds()
	x0, y0 := b.Min.X+int(r.X-band.X), b.Min.Y+int(r.Y-band.Y)
	rect := image.Rect(x0, y0, x0+int(math.Ceil(r.W)), y0+int(math.Ceil(r.H))).Intersect(b)
	if rect.Empty() {
		return nil
	}
	sub, ok := shot.(interface {
		SubImage(image.Rectangle) image.Image
	})
	if !ok {
		return nil
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, sub.SubImage(rect), &jpeg.Options{Quality: 80}); err != nil {
		return nil
	}
	return &page.Image{Format: "jpeg", Scale: 1, Box: r, Data: buf.Bytes()}
}

// snapshotParams is what every snapshot of a page asks for: the computed
// styles the rules read, paint order, boxes, blended backgrounds and text
// opacities (the page as captured and each revealed state alike).
func snapshotParams() domsnapshot.CaptureSnapshotParams {
	tr := true
	return domsnapshot.CaptureSnapshotParams{
		ComputedStyles:                 StyleProps,
		IncludePaintOrder:              &tr,
		IncludeDOMRects:                &tr,
		IncludeBlendedBackgroundColors: &tr,
		IncludeTextColorOpacities:      &tr,
	}
}

// reloadIfProbed loads the page again as it was captured when the form
// probe submitted one of its forms (which changed the page), so crops and
// evidence show the page that was judged. It does nothing otherwise.
func reloadIfProbed(ctx context.Context, t *chromedp.Target, p *page.Page) error {
	submitted := p.Probes.FormSubmit != nil && p.Probes.FormSubmit.From == "" || len(p.Probes.OtherForms) > 0 || len(p.Probes.Clicks) > 0
	if !submitted && !unrestored(p) {
		return nil // not submitted on this page, and no state left open
	}
	url := p.FinalURL
	if url == "" {
		url = p.URL
	}
	lctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	_, err := chromedp.NavigateResponse(url)(lctx, t)
	return err
}
