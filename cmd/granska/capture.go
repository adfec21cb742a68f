package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/standards/en301549"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

func cmdCapture(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("capture", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	shot := fs.Bool("screenshot", false, "include a viewport screenshot in the model")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: granska capture URL [flags] > page.json\n\nCaptures one page's model (DOM, styles, layout, accessibility tree, keyboard walk) as JSON.\n'granska check page.json' runs the rules on it without a browser.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("capture: give one URL")
	}
	u := fs.Arg(0)
	if err := audit.CheckURL(u); err != nil {
		return usagef("%v", err)
	}
	bc := common.browser(nil)
	bc.Tabs = 1
	pool, err := browser.New(ctx, bc)
	if err != nil {
		if errors.Is(err, browser.ErrNoChrome) {
			return usagef("%v", err)
		}
		return err
	}
	defer pool.Close()
	opt := common.capture()
	opt.Screenshot = *shot
	var p *page.Page
	err = pool.Do(ctx, func(tab context.Context) error {
		var err error
		p, err = capture.Capture(tab, u, opt)
		return err
	})
	if err != nil {
		return err
	}
	return p.Write(stdout)
}

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the results as JSON (the pages of results.json)")
	allOutcomes := fs.Bool("all-outcomes", false, "list passed and inapplicable outcomes too")
	ruleIDs := fs.String("rules", "", "comma-separated rule ids to run (default: all but optional)")
	include := fs.String("include", "", "comma-separated optional rules to add")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: granska check PAGE.json... [flags]\n\nRuns the rules on captured page models, without a browser.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("check: give at least one page.json")
	}
	set, err := catalog.Select(splitList(*ruleIDs), splitList(*include))
	if err != nil {
		return usagef("%v", err)
	}
	var pages []result.Page
	for _, path := range fs.Args() {
		f, err := os.Open(path)
		if err != nil {
			return usagef("check: %v", err)
		}
		p, err := page.Read(f)
		f.Close()
		if err != nil {
			return usagef("check: %s: %v", path, err)
		}
		fs, errs := rules.Run(ctx, p, set, rules.Options{})
		pages = append(pages, result.FromFindings(p, set, fs, errs, *allOutcomes))
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		enc.SetEscapeHTML(false)
		return enc.Encode(pages)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, p := range pages {
		fmt.Fprintf(tw, "%s\n", p.URL)
		for _, o := range p.Outcomes {
			sel := ""
			if o.Target != nil {
				sel = o.Target.Selector
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\n", o.Outcome, o.Rule, o.Code, sel, o.Message)
		}
		for _, e := range p.RuleErrors {
			fmt.Fprintf(tw, "  error\t%s\t\t\t%s\n", e.Rule, e.Err)
		}
	}
	return tw.Flush()
}

func cmdRules(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the catalogue as JSON")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	rs := catalog.Rules()
	if *asJSON {
		var infos []result.RuleInfo
		for _, r := range rs {
			infos = append(infos, result.NewRuleInfo(r))
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", " ")
		enc.SetEscapeHTML(false)
		return enc.Encode(infos)
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tFAMILY\tWCAG\tEN 301 549\tACT\tIMPACT\tTITLE")
	for _, r := range rs {
		title := r.Title.EN
		if r.Optional {
			title += " (optional)"
		}
		basis := strings.Join(r.WCAG, " ")
		if len(r.Legal) > 0 {
			if basis != "" {
				basis += "; "
			}
			basis += strings.Join(r.Legal, "; ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Family, basis, enList(r.EN), strings.Join(r.ACT, " "), r.Impact, title)
	}
	return tw.Flush()
}

// enList marks clauses that come from EN 301 549 V4.1.1.
func enList(cls []string) string {
	var out []string
	for _, c := range cls {
		out = append(out, en301549.Label(c))
	}
	return strings.Join(out, " ")
}

func cmdExplain(args []string, stdout, stderr io.Writer) error {
	if len(args) != 1 || strings.HasPrefix(args[0], "-") {
		return usagef("explain: give one rule id (see 'granska rules')")
	}
	r, ok := catalog.Lookup(args[0])
	if !ok {
		return usagef("explain: unknown rule %q (see 'granska rules')", args[0])
	}
	fmt.Fprintf(stdout, "%s – %s\n%s\n\n", r.ID, r.Title.EN, r.Title.SV)
	fmt.Fprintf(stdout, "Family:      %s\nImpact:      %s\n", r.Family, r.Impact)
	if len(r.WCAG) > 0 {
		fmt.Fprintf(stdout, "WCAG 2.2:    %s\n", strings.Join(r.WCAG, ", "))
	}
	if len(r.EN) > 0 {
		fmt.Fprintf(stdout, "EN 301 549:  %s\n", enList(r.EN))
	}
	if len(r.ACT) > 0 {
		fmt.Fprintf(stdout, "W3C ACT:     %s\n", strings.Join(r.ACT, ", "))
	}
	if fs := catalog.FailuresOf(r.ID); len(fs) > 0 {
		fmt.Fprintf(stdout, "WCAG failures: %s (docs/failures.md)\n", strings.Join(fs, ", "))
	}
	if len(r.Legal) > 0 {
		fmt.Fprintf(stdout, "Legal basis: %s\n", strings.Join(r.Legal, "; "))
	}
	if r.Severity != "" {
		fmt.Fprintf(stdout, "Severity:    %s\n", r.Severity)
	}
	if r.Optional {
		fmt.Fprintln(stdout, "Optional:    runs only with --include", r.ID)
	}
	fmt.Fprintf(stdout, "\nHow to fix:\n  %s\n  %s\n", r.Help.EN, r.Help.SV)
	if r.Manual.EN != "" {
		fmt.Fprintf(stdout, "\nWhen Granska cannot tell, check:\n  %s\n  %s\n", r.Manual.EN, r.Manual.SV)
	}
	if len(r.Params) > 0 {
		var names []string
		for k := range r.Params {
			names = append(names, k)
		}
		sort.Strings(names)
		fmt.Fprintln(stdout, "\nThresholds:")
		for _, k := range names {
			fmt.Fprintf(stdout, "  %s = %g\n", k, r.Params[k])
		}
	}
	var codes []string
	for k := range r.Codes {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	fmt.Fprintln(stdout, "\nResult codes:")
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	for _, k := range codes {
		fmt.Fprintf(tw, "  %s\t%s\n", k, r.Codes[k].EN)
	}
	return tw.Flush()
}
