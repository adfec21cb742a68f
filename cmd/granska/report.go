package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/pdfprint"
	"github.com/granska/granska/report"
	formats "github.com/granska/granska/report/formats"
	"github.com/granska/granska/report/gate"
	"github.com/granska/granska/result"
)

// reportFlags are the output and gate flags of audit and report.
type reportFlags struct {
	format   string
	failOn   string
	baseline string
	lang     string
	aaa      bool

	formats []string
	policy  gate.Policy
	base    *gate.Baseline
}

func (r *reportFlags) register(fs *flag.FlagSet, defFormat string) {
	fs.StringVar(&r.format, "format", defFormat, "report formats, comma-separated: "+strings.Join(formats.Names(), ", ")+", or all")
	fs.StringVar(&r.failOn, "fail-on", "", "what fails the run (exit 1): "+gate.Syntax)
	fs.StringVar(&r.baseline, "baseline", "", "baseline `FILE` of known issues (granska baseline): only new issues fail")
	fs.StringVar(&r.lang, "lang", "en", "report language: sv or en")
}

// check parses the flags' values; errors are usage errors (exit 2).
func (r *reportFlags) check() error {
	var err error
	if r.formats, err = formats.Parse(r.format); err != nil {
		return usagef("--format: %v", err)
	}
	if r.policy, err = gate.Parse(r.failOn); err != nil {
		return usagef("--fail-on: %v", err)
	}
	switch strings.ToLower(r.lang) {
	case "sv", "en":
	default:
		return usagef("--lang: %q: use sv or en", r.lang)
	}
	if r.baseline != "" {
		if r.base, err = gate.ReadBaseline(r.baseline); err != nil {
			return usagef("--baseline: %v", err)
		}
	}
	return nil
}

// needsPrinter reports whether pdf-tagged was asked for.
func (r *reportFlags) needsPrinter() bool {
	for _, f := range r.formats {
		if f == "pdf-tagged" {
			return true
		}
	}
	return false
}

// write renders the formats into out, starting Chromium to print the
// tagged PDF when asked for.
func (r *reportFlags) write(ctx context.Context, run *result.Run, out, assets string, bc browser.Config) ([]string, error) {
	opt := report.Options{Lang: r.lang, AAA: r.aaa, AssetDir: assets, Version: version()}
	if r.needsPrinter() {
		p, err := pdfprint.Start(ctx, bc)
		if err != nil {
			if errors.Is(err, browser.ErrNoChrome) {
				return nil, usagef("--format pdf-tagged needs Chromium: %v", err)
			}
			return nil, err
		}
		defer p.Close()
		opt.Printer = p
	}
	return formats.WriteAll(ctx, run, out, r.formats, opt)
}

// gate applies --fail-on and --baseline to the run; it returns a
// gateError (exit 1) when issues gate.
func (r *reportFlags) gate(run *result.Run, w io.Writer, quiet bool) error {
	v := gate.Evaluate(report.Dedupe(run, "en"), r.policy, r.base)
	if !quiet || v.Failed() {
		v.WriteText(w)
	}
	if v.Failed() {
		return gateError{len(v.Gating)}
	}
	return nil
}

// WriteReports writes the report formats of a run into dir in the
// language ("sv" or "en"), for commands such as demo. formats are names
// as for --format ("html,pdf,sarif" or "all"). Chromium is started only
// for "pdf-tagged", with the browser config given.
func WriteReports(ctx context.Context, run *result.Run, dir, formats, lang string, bc browser.Config) ([]string, error) {
	rf := reportFlags{format: formats, lang: lang}
	if err := rf.check(); err != nil {
		return nil, err
	}
	return rf.write(ctx, run, dir, dir, bc)
}

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var rf reportFlags
	rf.register(fs, "html")
	out := fs.String("out", "", "output folder (default: the folder of results.json)")
	chrome := fs.String("chrome", "", "Chromium binary for pdf-tagged (default: GRANSKA_CHROME, then Debian's chromium)")
	quiet := fs.Bool("quiet", false, "print nothing but errors and gating issues")
	fs.BoolVar(&rf.aaa, "aaa", false, "include Level AAA criteria in the roll-up")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: granska report results.json [flags]

Renders reports from a saved result, and applies the CI gate to it.
Formats (--format, comma-separated):
%s
Exit codes: 0 no gating issues, 1 gating issues (see --fail-on, --baseline),
2 usage error, 3 the reports could not be written.

Flags:
`, formatHelp())
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("report: give one results.json")
	}
	if err := rf.check(); err != nil {
		return err
	}
	run, err := result.ReadFile(fs.Arg(0))
	if err != nil {
		return usagef("report: %v", err)
	}
	assets := filepath.Dir(fs.Arg(0))
	dir := *out
	if dir == "" {
		dir = assets
	}
	paths, err := rf.write(ctx, run, dir, assets, browser.Config{ExecPath: *chrome})
	if err != nil {
		return err
	}
	if !*quiet {
		for _, p := range paths {
			fmt.Fprintln(stdout, p)
		}
	}
	return rf.gate(run, stdout, *quiet)
}

func formatHelp() string {
	var b strings.Builder
	for _, f := range formats.Formats {
		fmt.Fprintf(&b, "  %-11s %-18s %s\n", f.Name, f.File, f.Desc)
	}
	return b.String()
}

// readResult reads a results.json for diff and baseline, as a usage error
// when it cannot be read.
func readResult(path string) (*result.Run, error) {
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		path = filepath.Join(path, "results.json")
	}
	run, err := result.ReadFile(path)
	if err != nil {
		return nil, usagef("%v", err)
	}
	return run, nil
}
