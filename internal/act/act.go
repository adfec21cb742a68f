// Package act runs the W3C ACT Rules test cases (shared/act) through
// Granska's rules and scores them by W3C's definition of consistency:
//
//   - on a failed example, at least one failed outcome from the rules mapped
//     to the ACT rule (a cantTell counts only as partial);
//   - on a passed or inapplicable example, no failed outcome at all.
//
// An ACT rule is consistent when every test case meets this (for approved
// rules, the cases of the approved version), partially consistent when no
// passed/inapplicable case fails and at least one failed example fails, and
// inconsistent otherwise. ACT rules no Granska rule maps are untested. Cases
// that need a resource from outside the machine are unscorable.
package act

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/rules"
)

// Manifest is shared/act/manifest.json (the fields used here).
type Manifest struct {
	Rules []struct {
		RuleID   string `json:"ruleId"`
		RuleName string `json:"ruleName"`
		Status   string `json:"status"`
	} `json:"rules"`
	TestCases []TestCase `json:"testcases"`
}

// TestCase is one ACT test case.
type TestCase struct {
	RuleID            string   `json:"ruleId"`
	TestcaseID        string   `json:"testcaseId"`
	Title             string   `json:"testcaseTitle"`
	URLPath           string   `json:"urlPath"`
	Expected          string   `json:"expected"`
	RuleStatus        string   `json:"ruleStatus"`
	InApprovedVersion bool     `json:"testcaseInApprovedVersion"`
	ExternalResources []string `json:"externalResources"`
}

// HowToGet says where the test cases come from, for a test that skips
// without them.
const HowToGet = `The W3C ACT test cases are not part of this repository. They are W3C's
published test cases (content-assets/wcag-act-rules of the w3c/wcag-act-rules
repository: testcases.json and the files it lists, served from a folder that
mirrors their URL paths) plus our manifest.json (ACT rule status and SC
mapping per case). Put that folder at ../shared/act beside the repository, or
point GRANSKA_ACT_DIR at it, then run: make act
(make act does not download them: the manifest is ours, not W3C's.)
Outside CI this test skips; with CI=true it fails without them.`

// Dir finds shared/act: GRANSKA_ACT_DIR, or ../shared/act from the
// repository root (found by walking up to go.mod).
func Dir() (string, error) {
	if d := os.Getenv("GRANSKA_ACT_DIR"); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(d), "shared", "act")
			if _, err := os.Stat(filepath.Join(p, "manifest.json")); err != nil {
				return "", fmt.Errorf("act: no test cases at %s (set GRANSKA_ACT_DIR): %w", p, err)
			}
			return p, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("act: repository root not found from %s", wd)
		}
	}
}

// LoadManifest reads the manifest.
func LoadManifest(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("act: manifest: %w", err)
	}
	return &m, nil
}

// CaseResult is what Granska's rules said on one test case.
type CaseResult struct {
	TestCase
	Outcomes   []string `json:"outcomes"` // "failed image-alt/no-name" ...
	Failed     bool     `json:"failed"`
	CantTell   bool     `json:"cantTell"`
	Unscorable string   `json:"unscorable,omitempty"`
	Error      string   `json:"error,omitempty"`
	// Verdict: "ok", "partial" (cantTell on a failed example), "miss"
	// (nothing on a failed example), "false-positive".
	Verdict string `json:"verdict"`
}

// RuleResult scores one ACT rule.
type RuleResult struct {
	ACT            string       `json:"act"`
	Name           string       `json:"name"`
	Status         string       `json:"status"`
	Rules          []string     `json:"rules"`
	Cases          int          `json:"cases"`
	FailedCases    int          `json:"failedCases"`
	Detected       int          `json:"detected"`
	CantTell       int          `json:"cantTell"`
	FalsePositives int          `json:"falsePositives"`
	Unscorable     int          `json:"unscorable"`
	Errors         int          `json:"errors"`
	Consistency    string       `json:"consistency"` // consistent, partial, inconsistent, untested
	Results        []CaseResult `json:"results,omitempty"`
}

// Report is the whole suite's score.
type Report struct {
	Rules    []RuleResult  `json:"rules"`
	Duration time.Duration `json:"duration"`
}

// Config configures Run.
type Config struct {
	Dir   string
	Rules []*rules.Rule // the catalogue (optional rules included: AAA rules map ACT rules too)
	// Only limits the run to these ACT rule ids.
	Only []string
	Pool *browser.Pool
	// Capture options; the walk is kept (focus rules need it).
	Capture capture.Options
	Logf    func(string, ...any)
}

// Run captures every scorable test case of the ACT rules the catalogue maps
// and scores them.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	start := time.Now()
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	m, err := LoadManifest(cfg.Dir)
	if err != nil {
		return nil, err
	}
	mapped := map[string][]*rules.Rule{}
	for _, r := range cfg.Rules {
		for _, a := range r.ACT {
			mapped[a] = append(mapped[a], r)
		}
	}
	only := map[string]bool{}
	for _, o := range cfg.Only {
		only[o] = true
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(filepath.Join(cfg.Dir, "testcases"))))
	defer srv.Close()

	type work struct {
		tc  TestCase
		set []*rules.Rule
	}
	var jobs []work
	for _, tc := range m.TestCases {
		if len(only) > 0 && !only[tc.RuleID] {
			continue
		}
		if tc.RuleStatus == "approved" && !tc.InApprovedVersion {
			continue
		}
		if set := mapped[tc.RuleID]; len(set) > 0 {
			jobs = append(jobs, work{tc, set})
		}
	}
	results := make([]CaseResult, len(jobs))
	var wg sync.WaitGroup
	ch := make(chan int)
	for w := 0; w < cfg.Pool.Tabs(); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range ch {
				results[k] = runCase(ctx, cfg, srv.URL, jobs[k].tc, jobs[k].set)
			}
		}()
	}
	for k := range jobs {
		select {
		case ch <- k:
		case <-ctx.Done():
		}
	}
	close(ch)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}

	byRule := map[string][]CaseResult{}
	for _, r := range results {
		byRule[r.RuleID] = append(byRule[r.RuleID], r)
	}
	rep := &Report{}
	for _, ar := range m.Rules {
		if ar.Status == "deprecated" || (len(only) > 0 && !only[ar.RuleID]) {
			continue
		}
		rr := RuleResult{ACT: ar.RuleID, Name: ar.RuleName, Status: ar.Status}
		for _, r := range mapped[ar.RuleID] {
			rr.Rules = append(rr.Rules, r.ID)
		}
		if len(rr.Rules) == 0 {
			rr.Consistency = "untested"
			rep.Rules = append(rep.Rules, rr)
			continue
		}
		for _, c := range byRule[ar.RuleID] {
			rr.Results = append(rr.Results, c)
			if c.Unscorable != "" {
				rr.Unscorable++
				continue
			}
			if c.Error != "" {
				rr.Errors++
			}
			rr.Cases++
			if c.Expected == "failed" {
				rr.FailedCases++
			}
			switch c.Verdict {
			case "ok":
				if c.Expected == "failed" {
					rr.Detected++
				}
			case "partial":
				rr.CantTell++
			case "false-positive":
				rr.FalsePositives++
			}
		}
		switch {
		case rr.FalsePositives > 0 || rr.Errors > 0:
			rr.Consistency = "inconsistent"
		case rr.Detected == rr.FailedCases:
			rr.Consistency = "consistent"
		case rr.Detected > 0:
			rr.Consistency = "partial"
		default:
			rr.Consistency = "inconsistent"
		}
		rep.Rules = append(rep.Rules, rr)
	}
	sort.SliceStable(rep.Rules, func(a, b int) bool {
		if rep.Rules[a].Status != rep.Rules[b].Status {
			return rep.Rules[a].Status == "approved"
		}
		return rep.Rules[a].ACT < rep.Rules[b].ACT
	})
	rep.Duration = time.Since(start)
	return rep, nil
}

func runCase(ctx context.Context, cfg Config, base string, tc TestCase, set []*rules.Rule) CaseResult {
	cr := CaseResult{TestCase: tc, Outcomes: []string{}}
	if len(tc.ExternalResources) > 0 {
		cr.Unscorable = "needs " + strings.Join(tc.ExternalResources, ", ")
		return cr
	}
	err := cfg.Pool.Do(ctx, func(tab context.Context) error {
		p, err := capture.Capture(tab, base+tc.URLPath, cfg.Capture)
		if err != nil {
			return err
		}
		fs, errs := rules.Run(ctx, p, set, rules.Options{})
		sfs, serrs := rules.RunStates(ctx, p, set, rules.Options{}) // as the engine does
		fs, errs = append(fs, sfs...), append(errs, serrs...)
		for _, e := range errs {
			cr.Error += e.Error() + "; "
		}
		for _, f := range fs {
			switch f.Outcome {
			case rules.Failed:
				cr.Failed = true
			case rules.CantTell:
				cr.CantTell = true
			default:
				continue
			}
			where := "page"
			if f.Target >= 0 {
				where = p.Selector(f.Target)
			}
			cr.Outcomes = append(cr.Outcomes, fmt.Sprintf("%s %s/%s %s", f.Outcome, f.Rule.ID, f.Code, where))
		}
		return nil
	})
	if err != nil {
		cr.Error = err.Error()
	}
	switch {
	case tc.Expected == "failed" && cr.Failed:
		cr.Verdict = "ok"
	case tc.Expected == "failed" && cr.CantTell:
		cr.Verdict = "partial"
	case tc.Expected == "failed":
		cr.Verdict = "miss"
	case cr.Failed:
		cr.Verdict = "false-positive"
	default:
		cr.Verdict = "ok"
	}
	return cr
}

// Summary counts consistency per status.
func (r *Report) Summary() map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, rr := range r.Rules {
		if out[rr.Status] == nil {
			out[rr.Status] = map[string]int{}
		}
		out[rr.Status][rr.Consistency]++
	}
	return out
}

// FalsePositives lists every failed outcome on a passed or inapplicable
// example.
func (r *Report) FalsePositives() []CaseResult {
	var out []CaseResult
	for _, rr := range r.Rules {
		for _, c := range rr.Results {
			if c.Verdict == "false-positive" {
				out = append(out, c)
			}
		}
	}
	return out
}

// WriteTable prints the W3C-style table.
func (r *Report) WriteTable(w io.Writer, withUntested bool) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ACT\tSTATUS\tCONSISTENCY\tFAILED FOUND\tCANTTELL\tFALSE POS\tCASES\tUNSCORABLE\tGRANSKA RULES\tNAME")
	for _, rr := range r.Rules {
		if rr.Consistency == "untested" && !withUntested {
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d/%d\t%d\t%d\t%d\t%d\t%s\t%s\n", rr.ACT, rr.Status, rr.Consistency,
			rr.Detected, rr.FailedCases, rr.CantTell, rr.FalsePositives, rr.Cases, rr.Unscorable, strings.Join(rr.Rules, ","), trunc(rr.Name, 60))
	}
	tw.Flush()
	s := r.Summary()
	for _, st := range []string{"approved", "proposed"} {
		c := s[st]
		total := 0
		for _, n := range c {
			total += n
		}
		fmt.Fprintf(w, "%s: %d consistent, %d partial, %d inconsistent, %d untested (of %d)\n", st, c["consistent"], c["partial"], c["inconsistent"], c["untested"], total)
	}
	fmt.Fprintf(w, "false positives: %d; took %s\n", len(r.FalsePositives()), r.Duration.Round(time.Second))
}

func trunc(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}
