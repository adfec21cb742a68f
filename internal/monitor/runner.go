package monitor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/report"
	"github.com/granska/granska/report/formats"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// execute runs one queued run, or continues one a previous process left
// running. A stopped monitor leaves the run running for the next Start.
// With retry, a run that audited no page (the site unreachable) is not
// failed: it stays running and execute returns an error wrapping
// ErrNothingAudited, for the queue to try again later.
func (m *Monitor) execute(ctx context.Context, r store.Run, retry bool) error {
	log := m.cfg.Logger.With("run", r.ID, "site", r.SiteID)
	site, err := m.st.Site(ctx, r.SiteID)
	if err != nil {
		if ctx.Err() == nil {
			log.Error("run: site", "err", err)
			m.fail(ctx, site, r, fmt.Sprintf("site: %v", err), store.Counts{})
		}
		return nil
	}
	resume := r.Status == store.StatusRunning
	if !resume {
		if r, err = m.st.StartRun(ctx, r.ID); err != nil {
			log.Error("run: start", "err", err)
			return nil
		}
	}
	tabs := m.cfg.Browser.Tabs
	if tabs <= 0 || tabs > m.cfg.PerHost {
		tabs = m.cfg.PerHost
	}
	release, err := m.hosts.acquire(ctx, hostOf(site), int64(tabs))
	if err != nil {
		return nil // stopped while waiting: the run stays running
	}
	defer release()

	m.mu.Lock()
	work := m.work
	m.mu.Unlock()
	out := filepath.Join(work, fmt.Sprintf("run-%d", r.ID))
	cfg := audit.Config{
		URLs:  site.URLs,
		Crawl: site.Sample.Crawl,
		CrawlConfig: crawl.Config{
			AllowSubdomains: site.Scope.Subdomains, PathPrefix: site.Scope.PathPrefix,
			Include: site.Scope.Include, Exclude: site.Scope.Exclude, IgnoreRobots: site.Scope.IgnoreRobots,
			MaxPages: site.Sample.MaxPages, MaxDepth: site.Sample.MaxDepth, PerTemplate: site.Sample.PerTemplate, All: site.Sample.All,
			Sample: site.Sample.Method,
		},
		Out: out, Resume: resume, Journal: journal{m.st, r.ID},
		Browser: m.cfg.Browser, Capture: m.cfg.Capture, Rules: m.cfg.Rules, Crops: true,
		RuleOptions: rules.Options{PublicSector: site.PublicSector},
		// As granska audit does: a public body's site, or one sampled as
		// Decision 2018/1524 asks, has its linked PDFs checked (clause 10)
		// through the same (guarded) client as the crawl.
		CheckDocuments: site.PublicSector || site.Sample.Method == crawl.SampleWAD,
		Logf:           func(f string, a ...any) { log.Debug(fmt.Sprintf(f, a...)) },
	}
	cfg.Browser.Tabs = tabs
	if m.cfg.Prepare != nil {
		m.cfg.Prepare(site, &cfg)
		cfg.URLs, cfg.Out, cfg.Journal = site.URLs, out, journal{m.st, r.ID}
	}
	if resume {
		log.Info("run: continuing from the journal")
	}
	sinceDir := out + ".since"
	defer os.RemoveAll(sinceDir)
	if m.cfg.FullEvery != 1 {
		prev, err := m.previous(ctx, site.ID, r.ID, sinceDir)
		if err != nil {
			// A run that cannot read the previous one audits in full.
			log.Warn("run: previous run not read; auditing in full", "err", err)
		}
		cfg.Since, cfg.SinceDir, cfg.FullEvery = prev, sinceDir, m.cfg.FullEvery
	}
	res, runErr := audit.Run(ctx, cfg)
	if ctx.Err() != nil {
		return nil // stopped: the journal has what was done
	}
	defer os.RemoveAll(out)
	if runErr != nil {
		if retry && (res == nil || len(audited(res)) == 0) {
			log.Warn("run: no page audited, to be retried", "err", runErr)
			return fmt.Errorf("%w: %s", ErrNothingAudited, reason(runErr, res))
		}
		c := store.Counts{}
		if res != nil {
			c = Counts(res)
		}
		m.fail(ctx, site, r, reason(runErr, res), c)
		return nil
	}
	if err := m.evidence(ctx, r.ID, res, out); err != nil {
		log.Error("run: evidence", "err", err)
		m.fail(ctx, site, r, fmt.Sprintf("storing the evidence: %v", err), Counts(res))
		return nil
	}
	fs, err := m.st.FinishRun(ctx, r.ID, store.RunReport{Counts: Counts(res), Findings: Findings(res), Audited: audited(res)})
	if err != nil {
		log.Error("run: finish", "err", err)
		m.fail(ctx, site, r, fmt.Sprintf("recording the run: %v", err), Counts(res))
		return nil
	}
	keep := site.Retain
	if keep <= 0 {
		keep = m.cfg.Retain
	}
	if _, err := m.st.PruneEvidence(ctx, site.ID, keep); err != nil {
		log.Error("run: retention", "err", err)
	}
	if m.cfg.OnFinish != nil {
		if done, err := m.st.Run(ctx, r.ID); err == nil {
			m.cfg.OnFinish(ctx, Finished{Site: site, Run: done, Findings: fs})
		}
	}
	return nil
}

// previousRuns bounds how far back previous looks for a done run.
const previousRuns = 50

// previous returns the result of the site's last done run before run,
// whose evidence is kept, for this run to re-audit since; nil when there
// is none (the run is then full). The screenshots its pages refer to are
// written under dir, so that reused outcomes keep their crops.
func (m *Monitor) previous(ctx context.Context, siteID, run int64, dir string) (*result.Run, error) {
	runs, err := m.st.Runs(ctx, siteID, previousRuns)
	if err != nil {
		return nil, err
	}
	for _, r := range runs { // newest first
		if r.ID >= run || r.Status != store.StatusDone {
			continue
		}
		if r.Pruned {
			return nil, nil
		}
		b, _, err := m.st.OpenBlob(ctx, r.ID, store.BlobResults)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		prev, err := result.Read(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("results of run %d: %w", r.ID, err)
		}
		seen := map[string]bool{}
		for _, p := range prev.Pages {
			names := []string{p.Screenshot}
			for _, o := range p.Outcomes {
				if o.Target != nil {
					names = append(names, o.Target.Screenshot)
				}
			}
			for _, name := range names {
				if name == "" || seen[name] || !filepath.IsLocal(filepath.FromSlash(name)) {
					continue
				}
				seen[name] = true
				b, _, err := m.st.OpenBlob(ctx, r.ID, name)
				if err != nil {
					continue // a crop not kept: the reused outcome goes without
				}
				path := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					return nil, err
				}
				if err := os.WriteFile(path, b, 0o644); err != nil {
					return nil, err
				}
			}
		}
		return prev, nil
	}
	return nil, nil
}

// fail ends a run as failed and tells OnFinish.
func (m *Monitor) fail(ctx context.Context, site store.Site, r store.Run, why string, c store.Counts) {
	if err := m.st.FailRun(ctx, r.ID, why, c); err != nil {
		m.cfg.Logger.Error("run: fail", "run", r.ID, "err", err)
		return
	}
	if m.cfg.OnFinish != nil && site.ID != 0 {
		if failed, err := m.st.Run(ctx, r.ID); err == nil {
			m.cfg.OnFinish(ctx, Finished{Site: site, Run: failed})
		}
	}
}

// reason says why a run failed: the engine's error and, for a site that
// could not be reached, the first fetch or page error.
func reason(err error, res *result.Run) string {
	why := err.Error()
	if res == nil {
		return why
	}
	if res.Crawl != nil && len(res.Crawl.Failures) > 0 {
		f := res.Crawl.Failures[0]
		detail := f.Error
		if detail == "" {
			detail = fmt.Sprintf("HTTP %d", f.Status)
		}
		return fmt.Sprintf("%s (%s: %s)", why, f.URL, detail)
	}
	for _, p := range res.Pages {
		if p.Error != "" {
			return fmt.Sprintf("%s (%s: %s)", why, p.URL, p.Error)
		}
	}
	return why
}

// journal keeps a run's page journal in the store (audit.PageJournal).
type journal struct {
	st  store.Store
	run int64
}

func (j journal) Finished(ctx context.Context) ([]result.Page, error) {
	recs, err := j.st.Pages(ctx, j.run)
	if err != nil {
		return nil, err
	}
	out := make([]result.Page, 0, len(recs))
	for _, rec := range recs {
		var p result.Page
		if err := json.Unmarshal(rec.Result, &p); err != nil {
			return nil, fmt.Errorf("journal of run %d, page %s: %w", j.run, rec.URL, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func (j journal) Record(ctx context.Context, p result.Page) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	rec := store.PageRecord{RunID: j.run, URL: p.URL, Template: p.Template, Status: p.Status, Error: p.Error, Result: b}
	for _, s := range p.Summary {
		rec.Failed += s.Failed
		rec.CantTell += s.CantTell
	}
	// The database may be restarting: try again for a while (as long as
	// ctx lets), and take a duplicate after a retry as the earlier
	// attempt's commit whose answer was lost.
	for try := 0; ; try++ {
		_, err = j.st.AddPage(ctx, rec)
		if err == nil || (try > 0 && errors.Is(err, store.ErrDuplicate)) {
			return nil
		}
		if !errors.Is(err, store.ErrUnavailable) || try >= journalRetries {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(journalRetryWait):
		}
	}
}

// A journal record that finds the database unavailable is tried again
// journalRetries times, journalRetryWait apart (a restart takes seconds).
const (
	journalRetries   = 60
	journalRetryWait = 500 * time.Millisecond
)

// evidence stores results.json, the reports and the screenshots of a run.
func (m *Monitor) evidence(ctx context.Context, runID int64, res *result.Run, out string) error {
	if _, err := formats.WriteAll(ctx, res, out, m.cfg.Reports, report.Options{AssetDir: out}); err != nil {
		return err
	}
	names := []string{store.BlobResults}
	for _, f := range formats.Formats {
		for _, want := range m.cfg.Reports {
			if f.Name == want {
				names = append(names, f.File)
			}
		}
	}
	shots := filepath.Join(out, "shots")
	filepath.WalkDir(shots, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(d.Name(), ".") {
			rel, _ := filepath.Rel(out, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			return err
		}
		ct := mime.TypeByExtension(filepath.Ext(name))
		if err := m.st.PutBlob(ctx, runID, name, ct, b); err != nil {
			return err
		}
	}
	return nil
}

// audited lists the pages a run could audit.
func audited(res *result.Run) []string {
	out := []string{}
	for _, p := range res.Pages {
		if p.Error == "" {
			out = append(out, p.URL)
		}
	}
	return out
}

// Counts summarises a result for the store: pages, outcomes, and failed
// outcomes by impact, WCAG principle and criterion, EN clause and template.
func Counts(res *result.Run) store.Counts {
	t := res.Tally()
	c := store.Counts{Failed: t.Failed, CantTell: t.CantTell, Passed: t.Passed,
		ByImpact: map[string]int{}, ByPrinciple: map[string]int{}, ByWCAG: map[string]int{}, ByEN: map[string]int{}}
	tpl := map[string]*store.TemplateCount{}
	for _, p := range res.Pages {
		if p.Error != "" {
			c.PageErrors++
			continue
		}
		c.Pages++
		key := p.Template
		if key == "" {
			key = p.URL
		}
		tc := tpl[key]
		if tc == nil {
			tc = &store.TemplateCount{Key: key}
			tpl[key] = tc
		}
		tc.Pages++
		for _, s := range p.Summary {
			tc.Failed += s.Failed
			tc.CantTell += s.CantTell
		}
		for _, o := range p.Outcomes {
			if o.Outcome != rules.Failed {
				continue
			}
			c.ByImpact[o.Impact]++
			principles := map[string]bool{}
			for _, sc := range o.WCAG {
				c.ByWCAG[sc]++
				if p, _, ok := strings.Cut(sc, "."); ok && !principles[p] {
					principles[p] = true
					c.ByPrinciple[p]++
				}
			}
			for _, en := range o.EN {
				c.ByEN[en]++
			}
		}
	}
	keys := make([]string, 0, len(tpl))
	for k := range tpl {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c.Templates = append(c.Templates, *tpl[k])
	}
	return c
}

// Findings groups a result's failed and cantTell outcomes into one
// finding per fingerprint (report.Dedupe; a fingerprint seen both failed
// and cantTell counts as failed, its pages merged), sorted by fingerprint.
func Findings(res *result.Run) []store.Finding {
	byFP := map[string]*store.Finding{}
	for _, is := range report.Dedupe(res, "en") {
		f := byFP[is.Fingerprint]
		if f != nil {
			f.Occurrences += len(is.Occurrences)
			f.Pages = append(f.Pages, is.Pages...)
			if is.Outcome == rules.Failed && f.Outcome != string(rules.Failed) {
				pages, occ := f.Pages, f.Occurrences
				*f = finding(is)
				f.Pages, f.Occurrences = pages, occ
			}
			continue
		}
		nf := finding(is)
		byFP[is.Fingerprint] = &nf
	}
	out := make([]store.Finding, 0, len(byFP))
	for _, f := range byFP {
		sort.Strings(f.Pages)
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Fingerprint < out[j].Fingerprint })
	return out
}

func finding(is *report.Issue) store.Finding {
	f := store.Finding{Fingerprint: is.Fingerprint, Rule: is.Rule, Code: is.Code, Outcome: string(is.Outcome), Impact: is.Impact,
		WCAG: is.WCAG, EN: is.EN, Message: is.Example.Message, MessageSV: is.Example.MessageSV,
		Occurrences: len(is.Occurrences), Pages: append([]string(nil), is.Pages...)}
	if t := is.Example.Target; t != nil {
		f.Selector, f.Snippet = t.Selector, t.Snippet
		if t.Screenshot != "" && !strings.Contains(t.Screenshot, "..") {
			f.Crop = t.Screenshot
		}
	}
	return f
}

var _ audit.PageJournal = journal{}
