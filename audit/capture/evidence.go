package capture

import (
	"context"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// maxEvidenceHeight bounds the full-page screenshot (CSS px): Chrome
// refuses textures much taller, and a supervisor reads the top of an
// endless page in its HTML.
const maxEvidenceHeight = 16000

// Evidence returns what a supervisor shows to say how a page looked when it
// was judged: its HTML as the browser holds it (the DOM serialised after
// scripts ran) and a JPEG of the whole page. ctx is the tab's context with
// the page still loaded; a page whose form the probe submitted is loaded
// again first, as it was captured.
func Evidence(ctx context.Context, p *page.Page) (html string, shot []byte, err error) {
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if err := reloadIfProbed(ctx, t, p); err != nil {
			return err
		}
		h, err := chromedp.Evaluate[string](`(document.doctype ? new XMLSerializer().serializeToString(document.doctype) + "\n" : "") + document.documentElement.outerHTML`)(ctx, t)
		if err != nil {
			return err
		}
		html = h
		size, err := chromedp.Evaluate[[]float64](`[Math.max(document.documentElement.scrollWidth, innerWidth), Math.max(document.documentElement.scrollHeight, innerHeight)]`)(ctx, t)
		if err != nil || len(size) != 2 {
			return err
		}
		q, beyond := int64(70), true
		r, err := cdp.Call(ctx, t, cdppage.CaptureScreenshot, cdppage.CaptureScreenshotParams{
			Format: cdppage.CaptureScreenshotFormatJpeg, Quality: &q, CaptureBeyondViewport: &beyond,
			Clip: &cdppage.Viewport{X: 0, Y: 0, Width: size[0], Height: min(size[1], maxEvidenceHeight), Scale: 1},
		})
		if err != nil {
			return err
		}
		shot = r.Data
		return nil
	}))
	return html, shot, err
}
