package audit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/login"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// job is one page to audit.
type job struct {
	url      string
	template string
	reasons  []string
}

type engine struct {
	cfg     Config
	pool    *browser.Pool // set by browser()
	browser func() error  // waits for the browser to start
	mu      sync.Mutex
	// progressMu orders the calls of Config.Progress.
	progressMu sync.Mutex
	journal    *os.File
	done       map[string]result.Page
	links      map[string][]string // links found in rendered pages, for the crawler
	start      time.Time
	nDone      int
	nFailed    int
	found      int
	// shots are the crops saved so far (file names under Out), named by
	// what they show, so a component on many pages is cropped once;
	// issueCrops counts the crops chosen per fingerprint.
	shots      map[string]bool
	issueCrops map[string]int
	// re is the plan of a re-audit (reaudit.go), nil for a full run;
	// client fetches what the browser could not hash.
	re     *reaudit
	client *http.Client
	// session is the form login's, nil without one.
	session *login.Session
	// linkTextOut: links named so are not fed to the crawl (dropByText).
	linkTextOut []*regexp.Regexp
}

// auditAll audits the jobs not yet done, with one worker per tab.
func (e *engine) auditAll(ctx context.Context, jobs []job) {
	var todo []job
	e.mu.Lock()
	for _, j := range jobs {
		if _, ok := e.done[j.url]; !ok {
			todo = append(todo, j)
		}
	}
	e.found += len(todo)
	e.mu.Unlock()
	ch := make(chan job)
	var wg sync.WaitGroup
	for w := 0; w < e.pool.Tabs(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				e.auditOne(ctx, j)
			}
		}()
	}
	for _, j := range todo {
		select {
		case ch <- j:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
	}
	close(ch)
	wg.Wait()
}

func (e *engine) event(kind, url string, err error) {
	e.mu.Lock()
	e.emitLocked(kind, url, err)
}

// emitLocked reports an event with the counts as they are now; the caller
// holds e.mu, which emitLocked releases. Events reach Progress one at a
// time and in the order of their counts.
func (e *engine) emitLocked(kind, url string, err error) {
	ev := Event{Kind: kind, URL: url, Err: err, Found: e.found, Done: e.nDone, Failed: e.nFailed,
		Queued: e.found - e.nDone - e.nFailed, Elapsed: time.Since(e.start)}
	e.progressMu.Lock()
	e.mu.Unlock()
	defer e.progressMu.Unlock()
	e.cfg.Progress(ev)
}

// auditOne captures one page, runs the rules and journals the result. An
// interrupted page is not journalled, so Resume audits it again.
func (e *engine) auditOne(ctx context.Context, j job) {
	release, err := e.gate(ctx, j.url)
	if err != nil {
		if ctx.Err() == nil {
			e.event("start", j.url, nil)
			e.finish(ctx, j.url, failedPage(j, err), nil, err)
		}
		return
	}
	defer release()
	e.event("start", j.url, nil)
	var rp result.Page
	var links []string
	gen := e.cfg.Credentials.Generation()
	do := func(tab context.Context) error {
		t0 := time.Now()
		opt := e.cfg.Capture
		var early time.Duration
		if e.cfg.Crops {
			// A page whose form the probe submits is cropped before
			// that, as captured; what only the final rules find is
			// cropped after, from the page loaded again.
			opt.BeforeProbe = func(tab context.Context, p *page.Page) {
				c0 := time.Now()
				fs, rerrs := e.runRules(ctx, p)
				pre := result.FromFindings(p, e.cfg.Rules, fs, rerrs, false)
				e.crop(tab, p, &pre)
				early = time.Since(c0)
			}
		}
		// What the page loaded, so a later run can tell whether it
		// changed (reaudit.go).
		var resources []page.Resource
		var over bool
		opt.Resources = func(rs []page.Resource, o bool) { resources, over = rs, o }
		p, err := capture.Capture(tab, j.url, opt)
		if err != nil {
			return err
		}
		r0 := time.Now()
		fs, rerrs := e.runRules(ctx, p)
		rp = result.FromFindings(p, e.cfg.Rules, fs, rerrs, e.cfg.AllOutcomes)
		rp.Timings.Rules = float64(time.Since(r0).Microseconds()) / 1000
		links = dropByText(p, Links(p), e.linkTextOut)
		facts, ferrs := rules.ExtractFacts(p, e.cfg.Rules, e.cfg.RuleOptions)
		rp.Facts = facts
		rp.RuleErrors = append(rp.RuleErrors, ferrs...)
		rp.Resources, rp.ResourcesOver, rp.Links = resources, over, links
		if t := wad.TextFromPage(p); wad.IsStatement(t) {
			rp.StatementText = &t
		}
		if e.cfg.Crops {
			c0 := time.Now()
			e.crop(tab, p, &rp)
			rp.Timings.Crops = float64((time.Since(c0) + early).Microseconds()) / 1000
		}
		if e.cfg.SavePages {
			e.savePage(p)
		}
		if e.cfg.Evidence {
			e.evidence(tab, p, &rp)
		}
		rp.Timings.Total = float64(time.Since(t0).Microseconds()) / 1000
		return nil
	}
	err = e.pool.Do(ctx, do)
	if errors.Is(err, login.ErrExpired) && e.session != nil && e.session.Renew(ctx, gen) {
		err = e.pool.Do(ctx, do)
	}
	if ctx.Err() != nil {
		return
	}
	fillHashes(ctx, e.client, rp.Resources) // after the tab is free (reaudit.go)
	rp.URL = j.url
	rp.Template, rp.Reasons = j.template, j.reasons
	if err != nil {
		rp = failedPage(j, err)
		if errors.Is(err, login.ErrExpired) {
			rp.Gaps = []page.Gap{{Kind: page.GapLoginExpired, Node: -1, Detail: "the session expired and the run's one re-login did not restore it: the page was not audited"}}
		}
	}
	e.finish(ctx, j.url, rp, links, err)
}

// failedPage is the journal entry of a page that could not be audited.
func failedPage(j job, err error) result.Page {
	return result.Page{URL: j.url, Error: err.Error(), Template: j.template, Reasons: j.reasons, Outcomes: []result.Outcome{}}
}

// gate waits for Config.PageGate to let a page of url's host start and
// returns what lets the next one start; without a gate it returns at once.
func (e *engine) gate(ctx context.Context, rawURL string) (func(), error) {
	if e.cfg.PageGate == nil {
		return func() {}, nil
	}
	host := rawURL
	if u, err := url.Parse(rawURL); err == nil {
		host = strings.ToLower(u.Hostname())
	}
	release, err := e.cfg.PageGate(ctx, host)
	if err != nil {
		return nil, fmt.Errorf("waiting for a page slot of %s: %w", host, err)
	}
	return release, nil
}

// finish journals a page done (audited, failed or reused) and reports it.
func (e *engine) finish(ctx context.Context, url string, rp result.Page, links []string, err error) {
	b, _ := json.Marshal(rp)
	e.mu.Lock()
	e.journal.Write(append(b, '\n'))
	e.journal.Sync()
	e.record(ctx, rp)
	e.done[url] = rp
	if e.links == nil {
		e.links = map[string][]string{}
	}
	e.links[url] = links
	if err != nil {
		e.nFailed++
		e.emitLocked("failed", url, err)
		e.cfg.Logf("page %s failed: %v", url, err)
	} else {
		e.nDone++
		e.emitLocked("done", url, nil)
	}
}

// runRules runs the rules, unless the page is not an HTML page that loaded.
func (e *engine) runRules(ctx context.Context, p *page.Page) ([]rules.Finding, []rules.RuleError) {
	if p.HasGap(page.GapNotHTML) || len(p.Nodes) == 0 {
		return nil, nil
	}
	fs, errs := rules.Run(ctx, p, e.cfg.Rules, e.cfg.RuleOptions)
	sfs, serrs := rules.RunStates(ctx, p, e.cfg.Rules, e.cfg.RuleOptions) // open menus and disclosures
	return append(fs, sfs...), append(errs, serrs...)
}

func (e *engine) savePage(p *page.Page) {
	f, err := os.Create(filepath.Join(e.cfg.Out, "pages", pageFileName(p.URL)+".page.json"))
	if err != nil {
		return
	}
	defer f.Close()
	p.Write(f)
}

// pageFileName is a file name for a page's URL: its host and path with
// anything but letters, digits, '-' and '.' replaced, at most 120 bytes.
func pageFileName(url string) string {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, strings.TrimPrefix(strings.TrimPrefix(url, "http://"), "https://"))
	if len(name) > 120 {
		name = name[:120]
	}
	return name
}

// startBrowser starts the browser in the background. wait blocks until it
// has started (or failed); stop, deferred by the caller, cancels a start
// still under way and closes the browser.
func startBrowser(ctx context.Context, cfg browser.Config) (wait func() (*browser.Pool, error), stop func()) {
	started := make(chan struct{})
	var pool *browser.Pool
	var poolErr error
	bctx, stopStart := context.WithCancel(ctx) // only New uses it
	go func() {
		defer close(started)
		pool, poolErr = browser.New(bctx, cfg)
	}()
	wait = func() (*browser.Pool, error) {
		<-started
		return pool, poolErr
	}
	stop = func() {
		stopStart() // a run that ends before auditing need not wait
		<-started
		if pool != nil {
			pool.Close()
		}
	}
	return wait, stop
}
