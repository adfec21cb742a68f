package audit

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/result"
)

// maxRounds bounds discover → sample → audit → feed-links rounds: links
// only the rendered DOM shows (single-page apps) are followed that many
// levels deep.
const maxRounds = 4

// browserError is a browser that did not start, which Run reports as it
// is, as when no crawl runs.
type browserError struct{ err error }

func (b browserError) Error() string { return b.err.Error() }

// crawl discovers the site over HTTP (audit/crawl), audits the sample,
// feeds the links found in the rendered pages back, and repeats while that
// finds new pages to audit. The crawl state lives in OUT/crawl, so a
// resumed run neither fetches nor audits a page twice.
func (e *engine) crawl(ctx context.Context, run *result.Run) error {
	cc := e.cfg.CrawlConfig
	stateDir := filepath.Join(e.cfg.Out, "crawl")
	var c *crawl.Crawler
	var err error
	if e.cfg.Resume {
		c, err = crawl.Load(stateDir, cc.Client)
		if errors.Is(err, crawl.ErrNoState) {
			err = nil
		}
	}
	if c == nil && err == nil {
		os.RemoveAll(stateDir)
		cc.Start, cc.UserAgent, cc.StateDir = e.cfg.URLs, crawl.UserAgent(Version), stateDir
		c, err = crawl.New(cc)
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrIncomplete, err)
	}
	defer c.Close()
	for round := 0; round < maxRounds; round++ {
		if err := c.Discover(ctx); err != nil {
			if ctx.Err() != nil {
				break
			}
			return fmt.Errorf("%w: %v", ErrIncomplete, err)
		}
		var jobs []job
		e.mu.Lock()
		for _, t := range c.Sample() {
			if _, ok := e.done[t.URL]; !ok {
				jobs = append(jobs, job{url: t.URL, template: t.Template, reasons: t.Reasons})
			}
		}
		e.mu.Unlock()
		if len(jobs) == 0 {
			break
		}
		// A re-audit keeps unchanged pages' outcomes (reaudit.go).
		if todo := e.reuseAll(ctx, jobs); len(todo) > 0 {
			if err := e.browser(); err != nil {
				return browserError{err}
			}
			e.auditAll(ctx, todo)
		}
		if ctx.Err() != nil {
			break
		}
		added := 0
		e.mu.Lock()
		for _, j := range jobs {
			added += c.AddLinks(j.url, e.links[j.url])
		}
		e.mu.Unlock()
		if err := c.Save(); err != nil {
			e.cfg.Logf("crawl: saving state: %v", err)
		}
		if added == 0 {
			break
		}
	}
	sum := c.Summary()
	run.Crawl = crawlSummary(sum)
	if cc.Sample == crawl.SampleWAD {
		ws := c.WAD()
		run.Sample = sampleEntries(ws.Pages, ws.Documents, ws.Missing)
	} else {
		run.Sample = sampleEntries(c.Sample(), nil, nil)
	}
	if e.cfg.CheckDocuments && ctx.Err() == nil {
		run.Documents = checkDocuments(ctx, e.cfg, sum)
	}
	return nil
}
