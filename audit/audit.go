// Package audit is Granska's engine: Run takes start URLs, decides what to
// visit (a list, or a crawl), renders and captures each page in a pool of
// Chromium tabs, runs the rules on each captured page, and writes a
// versioned result. One bad page never sinks a run: its error is recorded
// and the others go on. Each finished page is appended to a journal in the
// output folder at once, so an interrupted run keeps what it found and
// Resume continues it without auditing a page twice.
package audit

import (
	"bufio"
	"context"
	"crypto/sha1"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/atomicfile"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/site"
)

// Version is Granska's version, set by the command (from the build).
var Version = "dev"

// ErrIncomplete is returned when the run could not complete: the start
// URLs all failed, or too many pages failed (the error budget).
var ErrIncomplete = errors.New("audit: the run could not complete")

// Journal is the file in the output folder that records each finished page
// as one JSON line; Resume reads it.
const Journal = "pages.jsonl"

// Config configures a run.
type Config struct {
	// URLs are the start pages (with Crawl) or the pages to audit.
	URLs []string
	// Crawl follows links from the start pages; see CrawlConfig.
	Crawl       bool
	CrawlConfig CrawlConfig
	// Out is the output folder: results.json, the journal, screenshots.
	Out string
	// Resume continues the run recorded in Out.
	Resume  bool
	Browser browser.Config
	Capture capture.Options
	// Rules to run; nil means none (the caller selects).
	Rules       []*rules.Rule
	RuleOptions rules.Options
	// AllOutcomes lists passed and inapplicable outcomes per target too.
	AllOutcomes bool
	// Crops saves a screenshot crop of failed and cantTell targets: up to
	// CropsPerReason per rule and result code (the first listed; the
	// others are reported without a picture) and MaxCrops per page, and
	// up to CropsPerIssue per issue (fingerprint) in the whole run, which
	// is more than the reports show (one example per issue). Defaults 3,
	// 25 and 3. Each band of the page a crop needs costs a screenshot,
	// 50–300 ms here.
	Crops          bool
	MaxCrops       int
	CropsPerReason int
	CropsPerIssue  int
	// ErrorBudget is the share of pages (0..1) that may fail before the run
	// counts as not complete; 0 means 0.5.
	ErrorBudget float64
	// SavePages writes each captured page model to Out/pages/ (for
	// "granska check" replays and bug reports).
	SavePages bool
	// PublicSector says the site belongs to a public body, which must
	// publish an accessibility statement (DOS law, WAD): the statement
	// rules then apply to every page.
	PublicSector bool
	// Progress receives events; nil ignores them.
	Progress func(Event)
	// Logf receives diagnostics; nil discards them.
	Logf func(format string, args ...any)
}

// Event reports progress.
type Event struct {
	Kind    string // "found", "start", "done", "failed"
	URL     string
	Err     error
	Found   int
	Done    int
	Failed  int
	Queued  int
	Elapsed time.Duration
}

// job is one page to audit.
type job struct {
	url      string
	template string
	reasons  []string
}

// Run audits and writes Out/results.json. It returns the result even when
// it also returns an error: ErrIncomplete when the run could not complete,
// or the context's error when it was interrupted (the result then holds
// what was done, Complete false).
func Run(ctx context.Context, cfg Config) (*result.Run, error) {
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.Progress == nil {
		cfg.Progress = func(Event) {}
	}
	if cfg.MaxCrops <= 0 {
		cfg.MaxCrops = 25
	}
	if cfg.CropsPerReason <= 0 {
		cfg.CropsPerReason = 3
	}
	if cfg.CropsPerIssue <= 0 {
		cfg.CropsPerIssue = 3
	}
	if cfg.ErrorBudget <= 0 {
		cfg.ErrorBudget = 0.5
	}
	if cfg.Capture.Walk.PixelCache == nil {
		// Focus-indicator pixels of components that repeat on every page
		// (headers, footers) are compared once a run.
		cfg.Capture.Walk.PixelCache = capture.NewPixelCache()
	}
	if cfg.Out == "" {
		return nil, errors.New("audit: no output folder")
	}
	if len(cfg.URLs) == 0 {
		return nil, errors.New("audit: no URLs to audit")
	}
	for _, u := range cfg.URLs {
		if err := CheckURL(u); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(cfg.Out, 0o755); err != nil {
		return nil, fmt.Errorf("audit: output folder: %w", err)
	}
	run := &result.Run{
		Schema: result.Schema, Tool: result.Tool{Name: "granska", Version: Version},
		Started: time.Now().UTC(), Start: cfg.URLs,
		Options: result.Options{Crawl: cfg.Crawl, MaxPages: cfg.CrawlConfig.MaxPages, IgnoreRobots: cfg.CrawlConfig.IgnoreRobots,
			Viewport: fmt.Sprintf("%dx%d", max(cfg.Capture.Width, 1280*boolInt(cfg.Capture.Width == 0)), max(cfg.Capture.Height, 800*boolInt(cfg.Capture.Height == 0)))},
	}
	for _, r := range cfg.Rules {
		run.Rules = append(run.Rules, result.NewRuleInfo(r))
		run.Options.RuleIDs = append(run.Options.RuleIDs, r.ID)
	}

	// What this run was asked, so that --resume after a kill knows it.
	if !cfg.Resume {
		if err := writeRunInfo(cfg); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
	}

	// The journal: pages done in an earlier, interrupted run.
	done := map[string]result.Page{}
	jpath := filepath.Join(cfg.Out, Journal)
	if cfg.Resume {
		prev, err := readJournal(jpath)
		if err != nil {
			return nil, err
		}
		for _, p := range prev {
			done[p.URL] = p
		}
		cfg.Logf("resuming: %d pages already audited", len(done))
	} else {
		os.Remove(jpath)
	}
	jf, err := os.OpenFile(jpath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("audit: journal: %w", err)
	}
	defer jf.Close()
	if cfg.Crops {
		os.MkdirAll(filepath.Join(cfg.Out, "shots"), 0o755)
	}
	if cfg.SavePages {
		os.MkdirAll(filepath.Join(cfg.Out, "pages"), 0o755)
	}

	// The browser starts (about 2 s) while the crawler discovers the site.
	started := make(chan struct{})
	var pool *browser.Pool
	var poolErr error
	bctx, stopStart := context.WithCancel(ctx) // only New uses it
	go func() {
		defer close(started)
		pool, poolErr = browser.New(bctx, cfg.Browser)
	}()
	defer func() {
		stopStart() // a run that ends before auditing need not wait
		<-started
		if pool != nil {
			pool.Close()
		}
	}()

	e := &engine{cfg: cfg, journal: jf, done: done, start: time.Now(), shots: map[string]bool{}, issueCrops: map[string]int{}}
	e.browser = func() error {
		<-started
		e.pool = pool
		return poolErr
	}
	if cfg.Resume {
		// Crops are written whole (renamed into place) and named by what
		// they show: those of the interrupted run serve this one.
		if des, err := os.ReadDir(filepath.Join(cfg.Out, "shots")); err == nil {
			for _, d := range des {
				if strings.HasSuffix(d.Name(), ".jpg") {
					e.shots["shots/"+d.Name()] = true
				}
			}
		}
	}
	var runErr error
	if cfg.Crawl {
		runErr = e.crawl(ctx, run)
		if be := (browserError{}); errors.As(runErr, &be) {
			return nil, be.err
		}
	} else {
		if err := e.browser(); err != nil {
			return nil, err
		}
		var jobs []job
		seen := map[string]bool{}
		for _, u := range cfg.URLs {
			if !seen[u] {
				seen[u] = true
				jobs = append(jobs, job{url: u, reasons: []string{"listed"}})
			}
		}
		e.auditAll(ctx, jobs)
	}

	// Assemble: every page done, this run or before, in URL order.
	e.mu.Lock()
	for _, p := range e.done {
		run.Pages = append(run.Pages, p)
	}
	e.mu.Unlock()
	sort.Slice(run.Pages, func(a, b int) bool { return run.Pages[a].URL < run.Pages[b].URL })
	applySiteRules(run, cfg.Rules, site.Options{PublicSector: cfg.PublicSector})
	run.Finished = time.Now().UTC()
	run.Complete = ctx.Err() == nil && runErr == nil
	failed := 0
	for _, p := range run.Pages {
		if p.Error != "" {
			failed++
		}
	}
	if runErr == nil && ctx.Err() == nil && len(run.Pages) > 0 && float64(failed) > cfg.ErrorBudget*float64(len(run.Pages)) {
		runErr = fmt.Errorf("%w: %d of %d pages failed", ErrIncomplete, failed, len(run.Pages))
	}
	if runErr == nil && ctx.Err() == nil && len(run.Pages) == 0 {
		runErr = fmt.Errorf("%w: no page was audited", ErrIncomplete)
	}
	if runErr != nil {
		run.Errors = append(run.Errors, runErr.Error())
		run.Complete = false
	}
	if err := run.WriteFile(filepath.Join(cfg.Out, "results.json")); err != nil {
		return run, fmt.Errorf("audit: write results: %w", err)
	}
	if ctx.Err() != nil {
		return run, ctx.Err()
	}
	return run, runErr
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CheckURL rejects what cannot be audited, with a message that says why.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("audit: bad URL %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "file" {
		return fmt.Errorf("audit: bad URL %q: only http, https and file URLs can be audited", raw)
	}
	if u.Scheme != "file" && u.Host == "" {
		return fmt.Errorf("audit: bad URL %q: no host", raw)
	}
	return nil
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
	e.event("start", j.url, nil)
	var rp result.Page
	var links []string
	err := e.pool.Do(ctx, func(tab context.Context) error {
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
		p, err := capture.Capture(tab, j.url, opt)
		if err != nil {
			return err
		}
		r0 := time.Now()
		fs, rerrs := e.runRules(ctx, p)
		rp = result.FromFindings(p, e.cfg.Rules, fs, rerrs, e.cfg.AllOutcomes)
		rp.Timings.Rules = float64(time.Since(r0).Microseconds()) / 1000
		links = Links(p)
		if facts, err := json.Marshal(site.Extract(p)); err == nil {
			rp.SiteFacts = facts
		}
		if e.cfg.Crops {
			c0 := time.Now()
			e.crop(tab, p, &rp)
			rp.Timings.Crops = float64((time.Since(c0) + early).Microseconds()) / 1000
		}
		if e.cfg.SavePages {
			e.savePage(p)
		}
		rp.Timings.Total = float64(time.Since(t0).Microseconds()) / 1000
		return nil
	})
	if ctx.Err() != nil {
		return
	}
	rp.URL = j.url
	rp.Template, rp.Reasons = j.template, j.reasons
	if err != nil {
		rp = result.Page{URL: j.url, Error: err.Error(), Template: j.template, Reasons: j.reasons, Outcomes: []result.Outcome{}}
	}
	b, _ := json.Marshal(rp)
	e.mu.Lock()
	e.journal.Write(append(b, '\n'))
	e.journal.Sync()
	e.done[j.url] = rp
	if e.links == nil {
		e.links = map[string][]string{}
	}
	e.links[j.url] = links
	if err != nil {
		e.nFailed++
		e.emitLocked("failed", j.url, err)
		e.cfg.Logf("page %s failed: %v", j.url, err)
	} else {
		e.nDone++
		e.emitLocked("done", j.url, nil)
	}
}

// runRules runs the rules, unless the page is not an HTML page that loaded.
func (e *engine) runRules(ctx context.Context, p *page.Page) ([]rules.Finding, []rules.RuleError) {
	if p.HasGap(page.GapNotHTML) || len(p.Nodes) == 0 {
		return nil, nil
	}
	return rules.Run(ctx, p, e.cfg.Rules, e.cfg.RuleOptions)
}

// crop saves screenshot crops of failed and cantTell targets. A crop is
// named by what it shows (cropName): one that an earlier page of the run
// already saved is attached without being taken again, and a new one is
// taken only while one of the node's issues has fewer than CropsPerIssue.
func (e *engine) crop(tab context.Context, p *page.Page, rp *result.Page) {
	var nodes []int
	idx := map[int][]int{}        // node -> outcome indexes
	perReason := map[string]int{} // rule/code -> crops
	for k, o := range rp.Outcomes {
		if o.Target == nil || o.Outcome == rules.Passed || o.Outcome == rules.Inapplicable {
			continue
		}
		n := o.Target.Node
		if n < 0 || n >= len(p.Nodes) {
			continue
		}
		if _, ok := idx[n]; !ok {
			reason := o.Rule + "/" + o.Code
			if len(nodes) >= e.cfg.MaxCrops || perReason[reason] >= e.cfg.CropsPerReason {
				continue
			}
			perReason[reason]++
			nodes = append(nodes, n)
		}
		idx[n] = append(idx[n], k)
	}
	if len(nodes) == 0 {
		return
	}
	assets := p.AssetSignature()
	names := map[int]string{}
	var need []int
	e.mu.Lock()
	for _, n := range nodes {
		names[n] = cropName(p, n, assets)
		if e.shots[names[n]] {
			continue
		}
		wanted := false
		for _, k := range idx[n] {
			wanted = wanted || e.issueCrops[rp.Outcomes[k].Fingerprint] < e.cfg.CropsPerIssue
		}
		if wanted {
			for _, k := range idx[n] {
				e.issueCrops[rp.Outcomes[k].Fingerprint]++
			}
			need = append(need, n)
		}
	}
	e.mu.Unlock()
	for n, img := range capture.Crop(tab, p, need, 8) {
		if atomicfile.Write(filepath.Join(e.cfg.Out, names[n]), func(w io.Writer) error {
			_, err := w.Write(img.Data)
			return err
		}) == nil {
			e.mu.Lock()
			e.shots[names[n]] = true
			e.mu.Unlock()
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, n := range nodes {
		if !e.shots[names[n]] {
			continue
		}
		for _, k := range idx[n] {
			rp.Outcomes[k].Target.Screenshot = names[n]
		}
	}
}

// cropName names the crop of node n by what it shows: the page's assets,
// the element's signature and its box on the page. Below the first screen,
// where crops hide fixed content, the box's height on the page does not
// change the picture (a footer on a longer page) and is left out.
func cropName(p *page.Page, n int, assets string) string {
	b, _ := p.Box(n)
	y := b.Y
	if vh := float64(p.Viewport.Height); vh > 0 && b.Y+b.H > vh {
		y = -1
	}
	h := sha1.Sum(fmt.Appendf(nil, "%s|%s|%.0f,%.0f,%.0f,%.0f", assets, p.ElementSignature(n), b.X, y, b.W, b.H))
	return fmt.Sprintf("shots/%x.jpg", h[:8])
}

func (e *engine) savePage(p *page.Page) {
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return '_'
	}, strings.TrimPrefix(strings.TrimPrefix(p.URL, "http://"), "https://"))
	if len(name) > 120 {
		name = name[:120]
	}
	f, err := os.Create(filepath.Join(e.cfg.Out, "pages", name+".page.json"))
	if err != nil {
		return
	}
	defer f.Close()
	p.Write(f)
}

// Links returns the http(s) links of the rendered page (a and area
// elements), resolved against its URL, for the crawler. Frame sources are
// not links: a frame's document is captured and audited as part of the page
// that embeds it.
func Links(p *page.Page) []string {
	base, err := url.Parse(p.FinalURL)
	if err != nil || p.FinalURL == "" {
		base, err = url.Parse(p.URL)
		if err != nil {
			return nil
		}
	}
	var out []string
	seen := map[string]bool{}
	for i := range p.Nodes {
		if !p.IsElement(i) || p.Nodes[i].Doc != 0 {
			continue
		}
		if tag := p.Tag(i); tag != "a" && tag != "area" {
			continue
		}
		v, ok := p.Attr(i, "href")
		if !ok {
			continue
		}
		u, err := base.Parse(strings.TrimSpace(v))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		u.Fragment = ""
		s := u.String()
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// readJournal reads the pages recorded by an earlier run. A torn last line
// (the process was killed mid-write) is ignored.
func readJournal(path string) ([]result.Page, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("audit: nothing to resume in %s: no %s", filepath.Dir(path), Journal)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []result.Page
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var p result.Page
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			continue
		}
		out = append(out, p)
	}
	return out, sc.Err()
}

// CrawlConfig configures crawling (see audit/crawl).
type CrawlConfig struct {
	MaxPages    int
	MaxDepth    int
	PerTemplate int
	// MaxPerTemplate and MaxQueryVariants bound the URLs fetched of one
	// URL shape and the query strings of one path (crawl.Config; 0 for
	// the defaults, negative for no limit).
	MaxPerTemplate   int
	MaxQueryVariants int
	All              bool
	IgnoreRobots     bool
	Include          []string
	Exclude          []string
	Subdomains       bool
	PathPrefix       string
}

// maxRounds bounds discover → sample → audit → feed-links rounds: links
// only the rendered DOM shows (single-page apps) are followed that many
// levels deep.
const maxRounds = 4

// crawl discovers the site over HTTP (audit/crawl), audits the sample,
// feeds the links found in the rendered pages back, and repeats while that
// finds new pages to audit. The crawl state lives in OUT/crawl, so a
// resumed run neither fetches nor audits a page twice.
// browserError is a browser that did not start, which Run reports as it
// is, as when no crawl runs.
type browserError struct{ err error }

func (b browserError) Error() string { return b.err.Error() }

func (e *engine) crawl(ctx context.Context, run *result.Run) error {
	cc := e.cfg.CrawlConfig
	stateDir := filepath.Join(e.cfg.Out, "crawl")
	var c *crawl.Crawler
	var err error
	if e.cfg.Resume {
		c, err = crawl.Load(stateDir, nil)
		if errors.Is(err, crawl.ErrNoState) {
			err = nil
		}
	}
	if c == nil && err == nil {
		os.RemoveAll(stateDir)
		c, err = crawl.New(crawl.Config{
			Start: e.cfg.URLs, AllowSubdomains: cc.Subdomains, PathPrefix: cc.PathPrefix,
			Include: cc.Include, Exclude: cc.Exclude, IgnoreRobots: cc.IgnoreRobots,
			MaxPages: cc.MaxPages, MaxDepth: cc.MaxDepth, PerTemplate: cc.PerTemplate, All: cc.All,
			MaxPerTemplate: cc.MaxPerTemplate, MaxQueryVariants: cc.MaxQueryVariants,
			UserAgent: crawl.UserAgent(Version), StateDir: stateDir,
		})
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
		if err := e.browser(); err != nil {
			return browserError{err}
		}
		e.auditAll(ctx, jobs)
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
	run.Crawl = crawlSummary(c.Summary())
	return nil
}

// crawlSummary keeps what the result format reports of the crawl.
func crawlSummary(s crawl.Summary) *result.Crawl {
	out := &result.Crawl{Discovered: s.Discovered, Audited: s.Sampled, RobotsIgnored: s.RobotsIgnored}
	for _, t := range s.Templates {
		ex := ""
		if len(t.Examples) > 0 {
			ex = t.Examples[0]
		}
		out.Templates = append(out.Templates, result.Template{Key: t.Template, URLs: t.URLs, Audited: t.Sampled, Example: ex, Family: t.Family})
	}
	for _, d := range s.Documents {
		from := ""
		if len(d.FoundOn) > 0 {
			from = d.FoundOn[0]
		}
		out.Documents = append(out.Documents, result.Document{URL: d.URL, ContentType: firstNonEmpty(d.ContentType, d.Type), From: from})
	}
	for _, f := range s.Errors {
		out.Failures = append(out.Failures, result.Failure{URL: f.URL, Status: f.Status, Error: f.Message})
	}
	t := s.Truncated
	if t.MaxPages {
		out.Truncated = append(out.Truncated, "max-pages")
	}
	if t.MaxDepth {
		out.Truncated = append(out.Truncated, "max-depth")
	}
	if t.QueryVariants {
		out.Truncated = append(out.Truncated, "query-variants")
	}
	if t.Sitemaps {
		out.Truncated = append(out.Truncated, "sitemaps")
	}
	for _, k := range t.Templates {
		out.Truncated = append(out.Truncated, "template:"+k)
	}
	return out
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// applySiteRules judges the site rules over the facts of every page and
// adds their outcomes to the pages they concern. Per page, site rules were
// inapplicable; here they get their real outcomes.
func applySiteRules(run *result.Run, set []*rules.Rule, opt site.Options) {
	inSet := map[string]bool{}
	for _, r := range set {
		inSet[r.ID] = true
	}
	var facts []site.Facts
	byKey := map[string]int{}
	for k, p := range run.Pages {
		if len(p.SiteFacts) == 0 {
			continue
		}
		var f site.Facts
		if json.Unmarshal(p.SiteFacts, &f) != nil {
			continue
		}
		facts = append(facts, f)
		byKey[f.URL] = k
		byKey[p.URL] = k
	}
	for _, f := range site.Evaluate(facts, opt) {
		if !inSet[f.Rule.ID] {
			continue
		}
		k, ok := byKey[f.URL]
		if !ok {
			continue
		}
		p := &run.Pages[k]
		for s := range p.Summary {
			if p.Summary[s].Rule != f.Rule.ID {
				continue
			}
			rc := &p.Summary[s]
			rc.Inapplicable = false
			switch f.Outcome {
			case rules.Passed:
				rc.Passed++
			case rules.Failed:
				rc.Failed++
			case rules.CantTell:
				rc.CantTell++
			}
		}
		if f.Outcome == rules.Failed || f.Outcome == rules.CantTell {
			p.Outcomes = append(p.Outcomes, result.NewOutcome(nil, rules.Finding{Rule: f.Rule, Result: f.Result}))
		}
	}
}

// RunInfo is what OUT/run.json records at the start of a run: enough for
// --resume to continue it after the process was killed.
type RunInfo struct {
	URLs  []string    `json:"urls"`
	Crawl bool        `json:"crawl"`
	Scope CrawlConfig `json:"crawlConfig"`
}

func writeRunInfo(cfg Config) error {
	return atomicfile.Write(filepath.Join(cfg.Out, "run.json"), func(w io.Writer) error {
		return json.NewEncoder(w).Encode(RunInfo{URLs: cfg.URLs, Crawl: cfg.Crawl, Scope: cfg.CrawlConfig})
	})
}

// ReadRunInfo reads OUT/run.json of an earlier run.
func ReadRunInfo(out string) (RunInfo, error) {
	var ri RunInfo
	b, err := os.ReadFile(filepath.Join(out, "run.json"))
	if err != nil {
		return ri, fmt.Errorf("no earlier run in %s: %w", out, err)
	}
	if err := json.Unmarshal(b, &ri); err != nil {
		return ri, fmt.Errorf("%s/run.json: %w", out, err)
	}
	return ri, nil
}
