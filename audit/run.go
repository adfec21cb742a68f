// Package audit is Granska's engine: Run takes start URLs, decides what to
// visit (a list, or a crawl), renders and captures each page in a pool of
// Chromium tabs, runs the rules on each captured page, and writes a
// versioned result. One bad page never sinks a run: its error is recorded
// and the others go on. Each finished page is appended to a journal in the
// output folder at once, so an interrupted run keeps what it found and
// Resume continues it without auditing a page twice.
package audit

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/audit/login"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// Version is Granska's version, set by the command (from the build).
var Version = "dev"

// ErrIncomplete is returned when the run could not complete: the start
// URLs all failed, or too many pages failed (the error budget).
var ErrIncomplete = errors.New("audit: the run could not complete")

// Config configures a run.
type Config struct {
	// URLs are the start pages (with Crawl) or the pages to audit.
	URLs []string
	// Crawl follows links from the start pages, as CrawlConfig says;
	// the engine sets its Start (URLs), UserAgent and StateDir (Out/crawl).
	Crawl       bool
	CrawlConfig crawl.Config
	// Out is the output folder: results.json, the journal, screenshots.
	Out string
	// Resume continues the run recorded in Out.
	Resume bool
	// Journal, when set, also keeps the page journal (see PageJournal);
	// on Resume the pages done are taken from it.
	Journal PageJournal
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
	// Credentials (headers, cookies, basic auth) go with every request to
	// the start URLs' hosts, the crawl's and the browser's; run.json
	// records their names only. Nil sends none.
	Credentials *login.Credentials
	// Login, when set, runs in a browser tab before the crawl; the cookies
	// it ends with go beside Credentials.Cookies. A page that finds the
	// session expired (redirected to the login page, or shown the login
	// form) makes it run again, once per run, and is then fetched again;
	// expired once more, it is recorded with a login-expired gap and not
	// audited (formlogin.go, login.Session).
	Login *login.Form
	// SavePages writes each captured page model to Out/pages/ (for
	// "granska check" replays and bug reports).
	SavePages bool
	// Since, when set, makes this run a re-audit of that earlier run
	// (reaudit.go): a sampled page whose HTML and every resource it loaded
	// are unchanged (ETag / Last-Modified revalidation, else content
	// hashes) keeps its earlier outcomes, marked as reused and from which
	// run. Every page is audited afresh when the engine, the rules or the
	// options that decide outcomes changed, and on every FullEvery-th run
	// of a chain (0: DefaultFullEvery; 1: always). SinceDir is the earlier
	// run's output folder, whose crops reused pages copy.
	Since     *result.Run
	SinceDir  string
	FullEvery int
	// CheckDocuments fetches the PDFs the crawl lists in scope and checks
	// them against EN 301 549 clause 10, within Documents' bounds. The
	// accessibility statements are checked when RuleOptions.PublicSector
	// is set or the crawl takes the sample of Decision 2018/1524
	// (CrawlConfig.Sample).
	CheckDocuments bool
	Documents      document.Options
	// Evidence keeps, for each audited page with findings, its HTML as the
	// browser held it and a screenshot of the whole page in OUT/evidence/,
	// with the time and the tool and rule versions (result.Evidence).
	Evidence bool
	// PageGate, when set, is called before each page is audited (or, in a
	// re-audit, revalidated) with the page's host (lower case, no port)
	// and must block until the page may start: a limit on the pages of
	// one host in flight that reaches beyond this run (internal/queue's
	// HostGate holds it in Postgres for all workers). release is called
	// once the page is journalled. An error leaves the page failed with
	// it, unless ctx ended (the page is then left for a resume). Nil
	// means no gate. The crawl's own fetches are not gated (see
	// crawl.Config's delay and parallelism).
	PageGate func(ctx context.Context, host string) (release func(), err error)
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

// Run audits and writes Out/results.json. It returns the result even when
// it also returns an error: ErrIncomplete when the run could not complete,
// or the context's error when it was interrupted (the result then holds
// what was done, Complete false).
func Run(ctx context.Context, cfg Config) (*result.Run, error) {
	cfg.setDefaults()
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
	run.Options.Sample, run.Options.PublicSector = cfg.CrawlConfig.Sample, cfg.RuleOptions.PublicSector
	for _, r := range cfg.Rules {
		run.Rules = append(run.Rules, result.NewRuleInfo(r))
		run.Options.RuleIDs = append(run.Options.RuleIDs, r.ID)
	}
	run.RulesKey = rulesKey(&cfg, run)
	re := planReaudit(&cfg, run)

	// What this run was asked, so that --resume after a kill knows it.
	if !cfg.Resume {
		if err := writeRunInfo(cfg); err != nil {
			return nil, fmt.Errorf("audit: %w", err)
		}
	}

	// The journal: pages done in an earlier, interrupted run.
	done, jf, err := openJournal(ctx, cfg)
	if err != nil {
		return nil, err
	}
	defer jf.Close()
	if cfg.Crops {
		os.MkdirAll(filepath.Join(cfg.Out, "shots"), 0o755)
	}
	if cfg.SavePages {
		os.MkdirAll(filepath.Join(cfg.Out, "pages"), 0o755)
	}

	// The browser starts (about 2 s) while the crawler discovers the site;
	// in a re-audit, only once a page needs it.
	starter := startBrowser
	if re != nil {
		starter = lazyBrowser
	}
	waitBrowser, closeBrowser := starter(ctx, cfg.Browser)
	defer closeBrowser()
	var sess *login.Session
	if cfg.Login != nil {
		if sess, err = formLogin(ctx, &cfg, waitBrowser); err != nil {
			return nil, err
		}
	}
	if !cfg.Credentials.Empty() {
		cfg.Credentials.Scope(cfg.URLs)
		cfg.Capture.BeforeLoad = cfg.Credentials.Apply
		rt := cfg.Credentials.Transport(nil)
		if sess != nil {
			rt = sess.Transport(nil)
			cfg.Capture.AfterLoad = expiredCheck(sess)
		}
		cfg.CrawlConfig.Client = &http.Client{Transport: rt}
	}

	e := &engine{cfg: cfg, journal: jf, done: done, start: time.Now(), shots: map[string]bool{}, issueCrops: map[string]int{}, re: re, client: newClient(), session: sess}
	e.browser = func() (err error) {
		e.pool, err = waitBrowser()
		return err
	}
	for _, t := range cfg.CrawlConfig.ExcludeLinkText {
		if re, err := regexp.Compile(t); err == nil { // (the crawl reports a bad one)
			e.linkTextOut = append(e.linkTextOut, re)
		}
	}
	if cfg.Resume {
		e.loadShots()
	}
	var runErr error
	if cfg.Crawl {
		runErr = e.crawl(ctx, run)
		if be := (browserError{}); errors.As(runErr, &be) {
			return nil, be.err
		}
	} else {
		var jobs []job
		seen := map[string]bool{}
		for _, u := range cfg.URLs {
			if _, done := e.done[u]; !seen[u] && !done {
				seen[u] = true
				jobs = append(jobs, job{url: u, reasons: []string{"listed"}})
			}
		}
		for _, j := range jobs {
			u := j.url
			run.Sample = append(run.Sample, result.SampleEntry{URL: &u, Reasons: j.reasons})
		}
		if jobs = e.reuseAll(ctx, jobs); len(jobs) > 0 {
			if err := e.browser(); err != nil {
				return nil, err
			}
			e.auditAll(ctx, jobs)
		}
	}

	// Assemble: every page done, this run or before, in URL order.
	e.mu.Lock()
	for _, p := range e.done {
		run.Pages = append(run.Pages, p)
	}
	e.mu.Unlock()
	sort.Slice(run.Pages, func(a, b int) bool { return run.Pages[a].URL < run.Pages[b].URL })
	if run.Reaudit != nil {
		for _, p := range run.Pages {
			if p.Reused != nil {
				run.Reaudit.Reused++
			} else {
				run.Reaudit.Audited++
			}
		}
	}
	applySiteRules(ctx, run, cfg.Rules, cfg.RuleOptions)
	if cfg.RuleOptions.PublicSector || cfg.CrawlConfig.Sample == crawl.SampleWAD {
		run.Statements = checkStatements(run)
	}
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

// setDefaults fills what the caller left zero.
func (cfg *Config) setDefaults() {
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
	if cfg.Capture.Consent.ProbeCache == nil {
		// A form every page repeats (an application form under each
		// job ad) is submitted once a run.
		cfg.Capture.Consent.ProbeCache = capture.NewProbeCache()
	}
}
