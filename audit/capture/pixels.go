package capture

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	cdppage "github.com/chromedp/cdproto/page"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// transparentText hides glyphs, decorations and shadows without changing
// layout, so a screenshot shows only what is behind the text.
//
// It has no ::first-line rule: -webkit-text-fill-color is inherited, so the
// first line is transparent anyway, while a ::first-line style that the
// page did not have makes Chrome paint the inline boxes on a block's first
// line without their backgrounds (a gradient on a span disappears from the
// screenshot).
const transparentText = `(function(on){var id='__granska_tx',s=document.getElementById(id);` +
	`if(!on){if(s)s.remove();return;}if(s)return;s=document.createElement('style');s.id=id;` +
	`s.textContent='*,*::before,*::after,*::first-letter,*::marker{-webkit-text-fill-color:transparent!important;` +
	`text-decoration-color:transparent!important;text-shadow:none!important;caret-color:transparent!important;` +
	`-webkit-text-stroke-color:transparent!important;transition:none!important}';` +
	`(document.head||document.documentElement).appendChild(s);})`

// backdropCandidates lists text nodes drawn over a background image, a
// gradient or an image element, in document order.
func backdropCandidates(p *page.Page) []int {
	var media []int
	for i := range p.Nodes {
		if p.IsElement(i) && p.Nodes[i].Layout != nil {
			switch p.Tag(i) {
			case "img", "video", "canvas", "svg", "object", "embed":
				media = append(media, i)
			}
		}
	}
	var out []int
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.Type != page.TextNode || n.Layout == nil || n.Layout.Box.Empty() || strings.TrimSpace(n.Value) == "" {
			continue
		}
		if n.Parent < 0 || !p.Rendered(n.Parent) {
			continue
		}
		if overImage(p, i) || overMedia(p, i, media) {
			out = append(out, i)
		}
	}
	return out
}

// overImage: an ancestor up to the first opaque background colour has a
// background image (or gradient).
func overImage(p *page.Page, i int) bool {
	for x := p.Nodes[i].Parent; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			return false
		}
		if n.Type != page.ElementNode || n.Layout == nil {
			continue
		}
		if bi := p.Style(x, "background-image"); bi != "" && bi != "none" {
			return true
		}
		if opaque(p.Style(x, "background-color")) {
			return false
		}
	}
	return false
}

func opaque(c string) bool {
	c = strings.TrimSpace(c)
	if strings.HasPrefix(c, "rgba(") || strings.Contains(c, "/") || c == "transparent" || c == "" {
		return false
	}
	return strings.HasPrefix(c, "rgb(") || strings.HasPrefix(c, "#")
}

// overMedia: an image-like element that is not an ancestor lies under a
// good part of the text, painted before it.
func overMedia(p *page.Page, i int, media []int) bool {
	tl := p.Nodes[i].Layout
	for _, m := range media {
		if p.IsAncestor(m, i) {
			continue
		}
		ml := p.Nodes[m].Layout
		ov := tl.Box.Intersect(ml.Box)
		if ov.Empty() || ov.W*ov.H < 0.25*tl.Box.W*tl.Box.H || ml.Paint > tl.Paint {
			continue
		}
		return true
	}
	return false
}

// backdrops measures the pixels behind text over images: the text made
// transparent, one PNG screenshot per cluster of nearby text nodes.
func backdrops(ctx context.Context, t *chromedp.Target, p *page.Page, max int) {
	cands := backdropCandidates(p)
	if len(cands) == 0 {
		return
	}
	if len(cands) > max {
		p.AddGap(page.GapScreenshot, -1, "backdrops: measured the first "+strconv.Itoa(max)+" of "+strconv.Itoa(len(cands))+" text nodes over images")
		cands = cands[:max]
	}
	// Clusters of text boxes, each at most a screen.
	sort.SliceStable(cands, func(a, b int) bool { return p.Nodes[cands[a]].Layout.Box.Y < p.Nodes[cands[b]].Layout.Box.Y })
	type cluster struct {
		box   page.Rect
		nodes []int
	}
	var cls []cluster
	for _, i := range cands {
		b := p.Nodes[i].Layout.Box
		if b.W > 2000 || b.H > 1000 {
			continue
		}
		if k := len(cls) - 1; k >= 0 {
			u := union(cls[k].box, b)
			if u.W*u.H <= 1280*900 && u.H <= 900 {
				cls[k].box = u
				cls[k].nodes = append(cls[k].nodes, i)
				continue
			}
		}
		cls = append(cls, cluster{b, []int{i}})
	}
	const maxShots = 4
	if len(cls) > maxShots {
		p.AddGap(page.GapScreenshot, -1, "backdrops: measured "+strconv.Itoa(maxShots)+" of "+strconv.Itoa(len(cls))+" regions")
		cls = cls[:maxShots]
	}
	if err := evalX(ctx, t, transparentText+"(true)", nil); err != nil {
		p.AddGap(page.GapScreenshot, -1, "backdrops: "+err.Error())
		return
	}
	defer evalX(context.WithoutCancel(ctx), t, transparentText+"(false)", nil)
	vw, vh := float64(p.Viewport.Width), float64(p.Viewport.Height)
	scrolled := false
	defer func() {
		if scrolled {
			_, _ = chromedp.Evaluate[any](cropRestore)(context.WithoutCancel(ctx), t)
		}
	}()
	for _, c := range cls {
		clip := page.Rect{X: math.Floor(max0(c.box.X)), Y: math.Floor(max0(c.box.Y))}
		clip.W = math.Ceil(c.box.X+c.box.W) - clip.X
		clip.H = math.Ceil(c.box.Y+c.box.H) - clip.Y
		// In the first screen the clip is taken as the page shows it;
		// further down the page is scrolled to it, fixed and sticky
		// content hidden as for crops (it would lie over the text).
		beyond := clip.X+clip.W > vw || clip.H > vh
		if !beyond && clip.Y+clip.H > vh {
			if !scrolled {
				_, _ = chromedp.Evaluate[any](cropHideFixed)(ctx, t)
				scrolled = true
			}
			y, err := chromedp.Evaluate[float64](fmt.Sprintf("window.scrollTo(0,%d);window.scrollY", int(clip.Y)))(ctx, t)
			beyond = err != nil || clip.Y < y || clip.Y+clip.H > y+vh
		}
		img, err := shotPNG(ctx, t, clip, beyond)
		if err != nil {
			p.AddGap(page.GapScreenshot, -1, "backdrops: "+err.Error())
			return
		}
		for _, i := range c.nodes {
			if b, ok := measure(img, clip, p.Nodes[i].Layout); ok {
				b.Node = i
				p.Backdrops = append(p.Backdrops, b)
			}
		}
	}
	sort.Slice(p.Backdrops, func(a, b int) bool { return p.Backdrops[a].Node < p.Backdrops[b].Node })
}

func max0(f float64) float64 { return math.Max(0, f) }

func union(a, b page.Rect) page.Rect {
	x0, y0 := math.Min(a.X, b.X), math.Min(a.Y, b.Y)
	x1, y1 := math.Max(a.X+a.W, b.X+b.W), math.Max(a.Y+a.H, b.Y+b.H)
	return page.Rect{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// shotPNG takes a lossless screenshot of clip (document coordinates, CSS
// px at scale 1). With beyond, the clip may lie outside the viewport:
// Chrome then resizes the view to the whole page and lays it out again,
// which costs 3–10 times a screenshot of what is in view (measured: 150–490
// ms against 40–65 ms on the medium bench page), and lays out vh-sized
// content at the page's height. Callers scroll the clip into view instead
// where they can.
func shotPNG(ctx context.Context, t *chromedp.Target, clip page.Rect, beyond bool) (image.Image, error) {
	fast := true // still lossless: a larger PNG, encoded faster
	r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
		Format:                cdppage.CaptureScreenshotFormatPng,
		Clip:                  &cdppage.Viewport{X: clip.X, Y: clip.Y, Width: clip.W, Height: clip.H, Scale: 1},
		CaptureBeyondViewport: &beyond,
		OptimizeForSpeed:      &fast,
	})
	if err != nil {
		return nil, err
	}
	return png.Decode(bytes.NewReader(r.Data))
}

// lum is the WCAG relative luminance of an 8-bit sRGB pixel.
func lum(r, g, b uint32) float64 {
	lin := func(v uint32) float64 {
		f := float64(v) / 255
		if f <= 0.04045 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// measure builds the backdrop of a text node's line boxes from the
// cluster's image.
func measure(img image.Image, clip page.Rect, l *page.Layout) (page.Backdrop, bool) {
	boxes := l.TextBoxes
	if len(boxes) == 0 {
		boxes = []page.Rect{l.Box}
	}
	bd := page.Backdrop{Box: l.Box, Hist: make([]int, page.BackdropBins), Channels: make([][6]uint8, page.BackdropBins)}
	ib := img.Bounds()
	lo, hi := 2.0, -1.0
	var loC, hiC [3]uint32
	for _, b := range boxes {
		// The pixels whose centres lie in the box: Chrome snaps
		// backgrounds to whole pixels the same way, so a pixel the box
		// only grazes shows what is around the text (the white above an
		// inline element's gradient), not what is behind it.
		x0, x1 := pixelSpan(b.X-clip.X, b.W)
		y0, y1 := pixelSpan(b.Y-clip.Y, b.H)
		area := (x1 - x0) * (y1 - y0)
		step := 1
		for area/(step*step) > 60000 {
			step++
		}
		for y := max(y0, 0); y < min(y1, ib.Dy()); y += step {
			for x := max(x0, 0); x < min(x1, ib.Dx()); x += step {
				r, g, bl, _ := img.At(ib.Min.X+x, ib.Min.Y+y).RGBA()
				r, g, bl = r>>8, g>>8, bl>>8
				L := lum(r, g, bl)
				k := int(math.Sqrt(L) * page.BackdropBins)
				if k >= page.BackdropBins {
					k = page.BackdropBins - 1
				}
				ch := &bd.Channels[k]
				if bd.Hist[k] == 0 {
					*ch = [6]uint8{uint8(r), uint8(g), uint8(bl), uint8(r), uint8(g), uint8(bl)}
				} else {
					for c, v := range [3]uint8{uint8(r), uint8(g), uint8(bl)} {
						ch[c], ch[3+c] = min(ch[c], v), max(ch[3+c], v)
					}
				}
				bd.Hist[k]++
				bd.Pixels++
				if L < lo {
					lo, loC = L, [3]uint32{r, g, bl}
				}
				if L > hi {
					hi, hiC = L, [3]uint32{r, g, bl}
				}
			}
		}
	}
	if bd.Pixels == 0 {
		return bd, false
	}
	hex := func(c [3]uint32) string {
		const d = "0123456789abcdef"
		b := []byte{'#', 0, 0, 0, 0, 0, 0}
		for k, v := range c {
			b[1+2*k], b[2+2*k] = d[v>>4], d[v&15]
		}
		return string(b)
	}
	bd.Darkest, bd.Lightest = hex(loC), hex(hiC)
	return bd, true
}

// pixelSpan is the run of whole pixels [p0, p1) whose centres lie in
// [at, at+size); for a box narrower than a pixel, the pixels it touches.
func pixelSpan(at, size float64) (p0, p1 int) {
	p0, p1 = int(math.Round(at)), int(math.Round(at+size))
	if p1 <= p0 {
		p0, p1 = int(math.Floor(at)), int(math.Ceil(at+size))
	}
	return p0, p1
}

// pixelJob is a focus stop whose indicator is compared as pixels after the
// walk: its node, its box in viewport coordinates and the scroll position
// at the stop.
type pixelJob struct {
	stop    int
	backend int64
	box     page.Rect
	sx, sy  float64
	key     string // for the run's PixelCache, "" for none
}

// focusPixels compares, for each job, the region around the element
// focused and unfocused. Jobs are taken in groups that share a scroll
// position: the page is scrolled there with nothing focused and one
// screenshot of the group's regions is taken; then each element is focused
// by script without scrolling (the walk's key presses keep :focus-visible
// on) and its region taken again. N stops cost N+1 screenshots instead of
// 2N, and a screenshot (a new frame) is most of the cost: 40–60 ms here.
func focusPixels(ctx context.Context, t *chromedp.Target, p *page.Page, jobs []pixelJob, wait bool, cache *PixelCache) {
	const margin = 12
	vw, vh := float64(p.Viewport.Width), float64(p.Viewport.Height)
	sort.SliceStable(jobs, func(a, b int) bool {
		if jobs[a].sy != jobs[b].sy {
			return jobs[a].sy < jobs[b].sy
		}
		return jobs[a].sx < jobs[b].sx
	})
	for g := 0; g < len(jobs); {
		e := g
		for e < len(jobs) && jobs[e].sx == jobs[g].sx && jobs[e].sy == jobs[g].sy {
			e++
		}
		group := jobs[g:e]
		g = e
		sx, sy := group[0].sx, group[0].sy
		view := page.Rect{X: sx, Y: sy, W: vw, H: vh}
		clips := make([]page.Rect, len(group))
		var all page.Rect
		for k, j := range group {
			b := j.box
			c := page.Rect{X: math.Floor(max0(b.X + sx - margin)), Y: math.Floor(max0(b.Y + sy - margin))}
			c.W = math.Min(math.Ceil(b.W+2*margin), 640)
			c.H = math.Min(math.Ceil(b.H+2*margin), 320)
			clips[k] = c.Intersect(view)
			if clips[k].Empty() {
				continue
			}
			if all.Empty() {
				all = clips[k]
			} else {
				all = union(all, clips[k])
			}
		}
		if all.Empty() {
			continue
		}
		var at [2]float64
		if evalX(ctx, t, fmt.Sprintf("(function(){var a=document.activeElement;if(a&&a.blur)a.blur();window.scrollTo(%g,%g);return [window.scrollX,window.scrollY]})()", sx, sy), &at) != nil ||
			math.Abs(at[0]-sx) > 0.5 || math.Abs(at[1]-sy) > 0.5 {
			continue // the page no longer scrolls there
		}
		if wait {
			pause(ctx, t)
		}
		off, err := shotPNG(ctx, t, all, false)
		if err != nil {
			return
		}
		for k, j := range group {
			if clips[k].W < 1 || clips[k].H < 1 {
				continue
			}
			r, err := cdp.Call(ctx, t, dom.ResolveNode, dom.ResolveNodeParams{BackendNodeID: cdp.BackendNodeID(j.backend)})
			if err != nil || r.Object == nil || r.Object.ObjectID == "" {
				continue
			}
			if _, err := cdp.Call(ctx, t, cdpruntime.CallFunctionOn, cdpruntime.CallFunctionOnParams{
				FunctionDeclaration: "function(){this.focus({preventScroll:true});" + finishTransitions + "}", ObjectID: r.Object.ObjectID,
			}); err != nil {
				continue
			}
			if wait {
				pause(ctx, t)
			}
			on, err := shotPNG(ctx, t, clips[k], false)
			_, _ = cdp.Call(ctx, t, cdpruntime.ReleaseObject, cdpruntime.ReleaseObjectParams{ObjectID: r.Object.ObjectID})
			if err != nil {
				return
			}
			ob := off.Bounds()
			dx, dy := ob.Min.X+int(clips[k].X-all.X), ob.Min.Y+int(clips[k].Y-all.Y)
			d := pixelDiff(on, off, dx, dy)
			p.Focus.Stops[j.stop].Indicator.Pixels = d
			if cache != nil && j.key != "" {
				c := *d
				c.From = p.URL
				cache.put(j.key, c)
			}
		}
	}
}

// pixelDiff compares a screenshot of a region (on) with the same region in
// another screenshot (off) at offset dx, dy: how many pixels differ and
// the largest contrast between a changed pixel's two colours.
func pixelDiff(on, off image.Image, dx, dy int) *page.PixelDiff {
	d := &page.PixelDiff{}
	ob, fb := on.Bounds(), off.Bounds()
	w, h := min(ob.Dx(), fb.Max.X-dx), min(ob.Dy(), fb.Max.Y-dy)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r1, g1, b1, _ := on.At(ob.Min.X+x, ob.Min.Y+y).RGBA()
			r2, g2, b2, _ := off.At(dx+x, dy+y).RGBA()
			r1, g1, b1, r2, g2, b2 = r1>>8, g1>>8, b1>>8, r2>>8, g2>>8, b2>>8
			d.Area++
			if absd(r1, r2) > 24 || absd(g1, g2) > 24 || absd(b1, b2) > 24 {
				d.Changed++
				l1, l2 := lum(r1, g1, b1), lum(r2, g2, b2)
				c := (math.Max(l1, l2) + 0.05) / (math.Min(l1, l2) + 0.05)
				if c > d.Contrast {
					d.Contrast = math.Round(c*100) / 100
				}
			}
		}
	}
	return d
}

func absd(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// pause waits for script that reacts to focus changes with a short
// timeout (a few frames).
func pause(ctx context.Context, t *chromedp.Target) {
	tr := true
	_, _ = cdp.Call(ctx, t, cdpruntime.Evaluate, cdpruntime.EvaluateParams{
		Expression: "new Promise(function(r){setTimeout(r,30)})", AwaitPromise: &tr,
	})
}
