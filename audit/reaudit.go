package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/result"
)

// DefaultFullEvery is how often a chain of re-audits audits every page
// afresh when Config.FullEvery is 0: every 10th run.
const DefaultFullEvery = 10

// reaudit is the plan of a run made since an earlier one: the pages that
// may keep their outcomes when nothing they loaded changed.
type reaudit struct {
	since  *result.Run
	dir    string                 // the earlier run's output folder, for its crops
	pages  map[string]result.Page // by URL: audited without error, resources complete
	client *http.Client
	// siteRules are the rules judged across pages: a reused page drops
	// their outcomes, since the run judges the site again.
	siteRules map[string]bool
}

// rulesKey identifies what decides a page's outcomes besides the page:
// the engine's version and build (Build: the rules' code), the rules
// (with their mappings and texts), their parameters and the capture's
// bounds. Two runs with the same key give the same outcomes on the same
// page.
func rulesKey(cfg *Config, run *result.Run) string {
	c := cfg.Capture
	v := struct {
		Engine       string
		Build        string
		Rules        []result.RuleInfo
		Params       map[string]map[string]float64
		Width        int
		Height       int
		Walk         [4]int
		Extras       any
		Consent      [2]bool
		AllOutcomes  bool
		PublicSector bool
	}{Version, Build(), run.Rules, cfg.RuleOptions.Params, c.Width, c.Height,
		[4]int{boolInt(c.Walk.Disabled), c.Walk.MaxStops, c.Walk.RealStops, c.Walk.FocusPixels},
		c.Extras, [2]bool{c.Consent.NoNetwork, c.Consent.NoProbes}, cfg.AllOutcomes, cfg.RuleOptions.PublicSector}
	b, _ := json.Marshal(v)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:12])
}

// planReaudit decides, for a run since cfg.Since, whether it is full or
// which pages it may reuse, and records that in run.Reaudit. It returns
// nil for a full run (or no --since).
func planReaudit(cfg *Config, run *result.Run) *reaudit {
	prev := cfg.Since
	if prev == nil {
		return nil
	}
	every := cfg.FullEvery
	if every <= 0 {
		every = DefaultFullEvery
	}
	ra := &result.Reaudit{Since: prev.RunID()}
	run.Reaudit = ra
	inc := 1
	if prev.Reaudit != nil && !prev.Reaudit.Full {
		inc = prev.Reaudit.Incremental + 1
	}
	switch {
	case prev.Tool.Version != Version:
		ra.Full, ra.Reason = true, fmt.Sprintf("the engine changed (%s, was %s)", Version, prev.Tool.Version)
	case prev.RulesKey == "" || prev.RulesKey != run.RulesKey:
		ra.Full, ra.Reason = true, "the engine's build, the rules or the options that decide outcomes changed"
	case every == 1 || inc >= every:
		ra.Full, ra.Reason = true, fmt.Sprintf("every %d runs are audited in full", every)
	}
	if ra.Full {
		return nil
	}
	ra.Incremental = inc
	r := &reaudit{since: prev, dir: cfg.SinceDir, pages: map[string]result.Page{}, client: newClient(), siteRules: map[string]bool{}}
	for _, rule := range cfg.Rules {
		if rule.Site != nil {
			r.siteRules[rule.ID] = true
		}
	}
	for _, p := range prev.Pages {
		if p.Error == "" && len(p.Resources) > 0 && !p.ResourcesOver && !timedOut(p) {
			r.pages[p.URL] = p
		}
	}
	return r
}

// timedOut reports a page whose capture a safety net cut short (a run
// problem): its outcomes are not passed on to later runs.
func timedOut(p result.Page) bool {
	for _, g := range p.Gaps {
		if g.Kind == page.GapTimeout {
			return true
		}
	}
	return false
}

// errChanged says a resource is not what the earlier run saw.
var errChanged = errors.New("changed")

// unchanged checks every resource the page loaded in the earlier run: a
// conditional request with its validators, answered 304, or the same
// status and body hash. It returns how it knew ("validators" or
// "hashes"), or an error naming the first change (or failure) found.
func (r *reaudit) unchanged(ctx context.Context, p result.Page) (string, error) {
	if p.FinalURL != "" && p.FinalURL != p.URL {
		// The page redirected: the redirect must still lead there.
		if err := r.redirects(ctx, p.URL, p.FinalURL); err != nil {
			return "", err
		}
	}
	how := "validators"
	for _, res := range p.Resources {
		h, err := r.same(ctx, res)
		if err != nil {
			return "", fmt.Errorf("%s: %w", res.URL, err)
		}
		if h == "hashes" {
			how = h
		}
	}
	return how, nil
}

func (r *reaudit) redirects(ctx context.Context, from, to string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, from, nil)
	if err != nil {
		return err
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	loc, err := resp.Location()
	if resp.StatusCode/100 != 3 || err != nil || loc.String() != to {
		return fmt.Errorf("%s: %w: no longer redirects to %s", from, errChanged, to)
	}
	return nil
}

// newClient is the re-audit's HTTP client: it never follows a redirect (a
// redirect that was not there is a change).
func newClient() *http.Client {
	return &http.Client{Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// fillHashes hashes, fetched here, the resources the browser could not
// give a body for and that have no validators (Chromium drops bodies it
// no longer buffers; on a busy machine a page's own document once), so a
// later re-audit can compare them. A body that differs from what the
// browser saw only makes that re-audit audit the page again.
func fillHashes(ctx context.Context, client *http.Client, rs []page.Resource) {
	for k := range rs {
		r := &rs[k]
		if r.SHA256 != "" || r.ETag != "" || r.LastModified != "" {
			continue
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.URL, nil)
		if err != nil {
			continue
		}
		resp, err := client.Do(req)
		if err != nil {
			continue
		}
		h := sha256.New()
		_, err = io.Copy(h, io.LimitReader(resp.Body, 64<<20))
		resp.Body.Close()
		if err == nil && resp.StatusCode == r.Status {
			r.SHA256 = hex.EncodeToString(h.Sum(nil))
		}
	}
}

// same fetches one resource conditionally and compares it.
func (r *reaudit) same(ctx context.Context, res page.Resource) (string, error) {
	if u, err := url.Parse(res.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("%w: not an http resource", errChanged)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, res.URL, nil)
	if err != nil {
		return "", err
	}
	if res.ETag != "" {
		req.Header.Set("If-None-Match", res.ETag)
	}
	if res.LastModified != "" {
		req.Header.Set("If-Modified-Since", res.LastModified)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusNotModified && (res.ETag != "" || res.LastModified != "") {
		return "validators", nil
	}
	if resp.StatusCode != res.Status {
		return "", fmt.Errorf("%w: status %d, was %d", errChanged, resp.StatusCode, res.Status)
	}
	if res.SHA256 == "" {
		return "", fmt.Errorf("%w: no validators and no hash to compare", errChanged)
	}
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(resp.Body, 64<<20)); err != nil {
		return "", err
	}
	if hex.EncodeToString(h.Sum(nil)) != res.SHA256 {
		return "", fmt.Errorf("%w: content differs", errChanged)
	}
	return "hashes", nil
}

// reuse returns the earlier page as this run's, marked as reused: its
// site-rule outcomes are removed (the run judges the site again), its
// crops copied into this run's folder.
func (r *reaudit) reuse(p result.Page, how, out string) result.Page {
	from := r.since.RunID()
	if p.Reused != nil {
		from = p.Reused.From
	}
	p.Reused = &result.Reused{From: from, Checked: how}
	siteRule := r.siteRules
	kept := make([]result.Outcome, 0, len(p.Outcomes))
	for _, o := range p.Outcomes {
		if !siteRule[o.Rule] {
			kept = append(kept, o)
		}
	}
	p.Outcomes = kept
	p.Summary = append([]result.RuleCount(nil), p.Summary...)
	for k := range p.Summary {
		if siteRule[p.Summary[k].Rule] {
			p.Summary[k] = result.RuleCount{Rule: p.Summary[k].Rule, Inapplicable: true}
		}
	}
	p.Timings = result.Timings{}
	if r.dir != "" && out != "" {
		r.copyFile(p.Screenshot, out)
		for _, o := range p.Outcomes {
			if o.Target != nil {
				r.copyFile(o.Target.Screenshot, out)
			}
		}
	}
	return p
}

// copyFile copies a file named relative to the earlier run's folder into
// out, unless it is there already.
func (r *reaudit) copyFile(name, out string) {
	if name == "" || !filepath.IsLocal(name) {
		return
	}
	dst := filepath.Join(out, name)
	if _, err := os.Stat(dst); err == nil {
		return
	}
	b, err := os.ReadFile(filepath.Join(r.dir, name))
	if err != nil {
		return
	}
	os.MkdirAll(filepath.Dir(dst), 0o755)
	_ = os.WriteFile(dst, b, 0o644)
}

// reuseAll journals, as reused, every job whose page the earlier run
// audited and which is unchanged, and returns the jobs left to audit. The
// checks run a few at a time; they need no browser.
func (e *engine) reuseAll(ctx context.Context, jobs []job) []job {
	r := e.re
	if r == nil {
		return jobs
	}
	type res struct {
		p  result.Page
		ok bool
	}
	out := make([]res, len(jobs))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for k, j := range jobs {
		prev, ok := r.pages[j.url]
		if !ok {
			continue
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			release, err := e.gate(ctx, j.url)
			if err != nil {
				return // audited in full, and gated again there
			}
			defer release()
			how, err := r.unchanged(ctx, prev)
			if err != nil {
				e.cfg.Logf("re-audit %s: %v", j.url, err)
				return
			}
			out[k] = res{r.reuse(prev, how, e.cfg.Out), true}
		}()
	}
	wg.Wait()
	var todo []job
	for k, j := range jobs {
		if !out[k].ok || ctx.Err() != nil {
			todo = append(todo, j)
			continue
		}
		p := out[k].p
		p.Template, p.Reasons = j.template, j.reasons
		e.mu.Lock()
		e.found++
		e.mu.Unlock()
		e.event("start", j.url, nil)
		e.finish(ctx, j.url, p, p.Links, nil)
	}
	return todo
}

// lazyBrowser defers starting the browser until a page needs it: a re-audit
// that reuses every page never starts one.
func lazyBrowser(ctx context.Context, cfg browser.Config) (wait func() (*browser.Pool, error), stop func()) {
	var once sync.Once
	var w func() (*browser.Pool, error)
	var s func()
	var mu sync.Mutex
	wait = func() (*browser.Pool, error) {
		once.Do(func() {
			mu.Lock()
			w, s = startBrowser(ctx, cfg)
			mu.Unlock()
		})
		return w()
	}
	stop = func() {
		mu.Lock()
		defer mu.Unlock()
		if s != nil {
			s()
		}
	}
	return wait, stop
}
