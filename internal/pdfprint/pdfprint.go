// Package pdfprint prints HTML documents to tagged PDF with Chromium
// (Page.printToPDF with generateTaggedPDF and the document outline): the
// report.Printer behind `--format pdf-tagged`. It lives outside report/,
// which never drives a browser itself.
package pdfprint

import (
	"context"
	"errors"
	"fmt"

	"github.com/chromedp/cdproto/cdp"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/browser"
)

// Printer prints with a tab of a browser pool.
type Printer struct {
	pool *browser.Pool
	own  bool
}

// New prints with tabs of pool; the caller keeps closing it.
func New(pool *browser.Pool) *Printer { return &Printer{pool: pool} }

// Start launches a one-tab browser for printing; Close ends it.
func Start(ctx context.Context, cfg browser.Config) (*Printer, error) {
	cfg.Tabs = 1
	pool, err := browser.New(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &Printer{pool: pool, own: true}, nil
}

// Close ends a browser that Start launched.
func (p *Printer) Close() {
	if p.own && p.pool != nil {
		p.pool.Close()
	}
}

// A4 in inches, with 15 mm margins.
const (
	paperW = 8.27
	paperH = 11.69
	margin = 0.59
)

// PrintPDF loads html into a blank tab (no file or network access needed,
// so it works with a remote browser too) and prints it as a tagged A4 PDF
// with an outline from its headings.
func (p *Printer) PrintPDF(ctx context.Context, html []byte) ([]byte, error) {
	var out []byte
	err := p.pool.Do(ctx, func(tab context.Context) error {
		if err := chromedp.Do(tab, chromedp.Navigate("about:blank")); err != nil {
			return fmt.Errorf("pdfprint: blank page: %w", err)
		}
		return chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			tree, err := cdp.Call(ctx, t, cdppage.GetFrameTree, cdp.Empty{})
			if err != nil {
				return fmt.Errorf("pdfprint: frame tree: %w", err)
			}
			if tree.FrameTree == nil || tree.FrameTree.Frame == nil {
				return errors.New("pdfprint: no main frame")
			}
			if _, err := cdp.Call(ctx, t, cdppage.SetDocumentContent, cdppage.SetDocumentContentParams{
				FrameID: tree.FrameTree.Frame.ID, HTML: string(html)}); err != nil {
				return fmt.Errorf("pdfprint: set content: %w", err)
			}
			yes, m := true, margin
			res, err := cdp.Call(ctx, t, cdppage.PrintToPDF, cdppage.PrintToPDFParams{
				PrintBackground: &yes, PaperWidth: paperW, PaperHeight: paperH,
				MarginTop: &m, MarginBottom: &m, MarginLeft: &m, MarginRight: &m,
				GenerateTaggedPDF: &yes, GenerateDocumentOutline: &yes,
			})
			if err != nil {
				return fmt.Errorf("pdfprint: print: %w", err)
			}
			out = res.Data
			return nil
		}))
	})
	return out, err
}
