package capture

import (
	"context"
	_ "embed"
	"fmt"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

//go:embed js/frames.js
var framesJS string

// FrameRounds bounds the wait for frames: how many times frames that
// started loading inside frames just loaded are waited for. A count, not a
// time.
const FrameRounds = 3

// waitFrames waits, before the snapshot, for the page's frames to finish
// loading (lazy frames included, switched to eager for the wait), in at
// most FrameRounds rounds with maxWait as the safety net. A frame still
// loading is captured as it is; framesLeft then marks it as a gap.
func waitFrames(ctx context.Context, t *chromedp.Target, maxWait time.Duration) (left int, err error) {
	var r struct{ Left int }
	wctx, cancel := context.WithTimeout(ctx, maxWait+time.Second)
	defer cancel()
	err = evalX(wctx, t, fmt.Sprintf("(%s)(%d,%d)", framesJS, FrameRounds, maxWait.Milliseconds()), &r)
	return r.Left, err
}

// framesLeft records a frame-not-loaded gap on each frame whose document
// was still loading when the page was captured (left by waitFrames), so
// rules answer cantTell, not failed, for what is inside it.
func framesLeft(ctx context.Context, t *chromedp.Target, p *page.Page, maxWait time.Duration) {
	if err := evalX(ctx, t, "window.__granskaNodes = window.__granskaFramesLeft || []", nil); err != nil {
		return
	}
	for _, i := range keptNodes(ctx, t, p) {
		if i >= 0 {
			p.AddGap(page.GapFrameNotLoaded, i, fmt.Sprintf("the frame's document had not finished loading within the safety net of %s; it was captured as it was", maxWait))
		}
	}
}
