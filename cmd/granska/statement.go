package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/granska/granska/internal/atomicfile"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/internal/wad/export"
	"github.com/granska/granska/result"
)

// cmdStatement prints a draft accessibility statement from a result.
func cmdStatement(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("statement", flag.ContinueOnError)
	fs.SetOutput(stderr)
	lang := fs.String("lang", "sv", "language of the draft: sv or en")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: granska statement RESULTS.json [--lang sv|en]\n\nPrints a draft accessibility statement (Markdown) in the structure of the\nmodel statement (Decision (EU) 2018/1523): the failures found per WCAG\ncriterion and EN 301 549 clause, and [placeholders] for what only the public\nbody can write. It never states full compliance. Exit 0.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("statement: give one RESULTS.json")
	}
	if *lang != "sv" && *lang != "en" {
		return usagef("statement: --lang %q: want sv or en", *lang)
	}
	run, err := result.ReadFile(fs.Arg(0))
	if err != nil {
		return usagef("statement: %v", err)
	}
	_, err = io.WriteString(stdout, export.Draft(run, *lang))
	return err
}

// cmdExport writes the public-sector export of one or more runs.
func cmdExport(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "json or csv")
	country := fs.String("country", "", "a Member State's code (SE, DK, …): add how many sites were monitored against its minimum sample")
	period := fs.Int("period", 0, "the monitoring period for --country (1: 2020–2021, 2: 2022, …); 0: the period of the earliest run")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: granska export RESULTS.json... [--format json|csv] [--country CC [--period N]]

Prints the runs per site and per WCAG criterion / EN 301 549 clause, with the
sample and its reasons, the statement check, the documents and the counts a
monitoring report needs. Several RESULTS.json (one per site) make one export.

--country compares the number of sites with the Member State's minimum sample
for simplified monitoring (Decision (EU) 2018/1524, Annex I 2.1) from its
population (%s), and lists the in-depth minimums where known.

Flags:
`, wad.PopulationSource)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("export: give at least one RESULTS.json")
	}
	if *format != "json" && *format != "csv" {
		return usagef("export: --format %q: want json or csv", *format)
	}
	var exs []*export.Export
	for _, path := range fs.Args() {
		run, err := result.ReadFile(path)
		if err != nil {
			return usagef("export: %v", err)
		}
		exs = append(exs, export.Build(run))
	}
	ex := export.Merge(exs...)
	if *country != "" {
		if err := ex.CheckCountry(*country, *period); err != nil {
			return usagef("export: --country: %v", err)
		}
	} else if *period != 0 {
		return usagef("export: --period needs --country")
	}
	if *format == "csv" {
		return ex.WriteCSV(stdout)
	}
	return ex.WriteJSON(stdout)
}

// writePublic writes the public-sector files of a run into out: the
// export (JSON and CSV) and the draft statement in Swedish and English. It
// returns their paths.
func writePublic(run *result.Run, out string) ([]string, error) {
	ex := export.Build(run)
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"export.json", ex.WriteJSON},
		{"export.csv", ex.WriteCSV},
		{"statement-draft.sv.md", func(w io.Writer) error { _, err := io.WriteString(w, export.Draft(run, "sv")); return err }},
		{"statement-draft.en.md", func(w io.Writer) error { _, err := io.WriteString(w, export.Draft(run, "en")); return err }},
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for _, f := range files {
		p := filepath.Join(out, f.name)
		if err := atomicfile.Write(p, f.write); err != nil {
			return paths, fmt.Errorf("write %s: %w", f.name, err)
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// printPublic summarises the sample, the statement check and the documents.
func printPublic(w io.Writer, run *result.Run, paths []string) {
	missing := 0
	for _, e := range run.Sample {
		if e.URL == nil {
			missing++
			fmt.Fprintf(w, "sample:  no %s page found\n", e.Reasons[0])
		}
	}
	fmt.Fprintf(w, "sample:  %d entries with their reasons, %d required kinds not found\n", len(run.Sample)-missing, missing)
	for _, sc := range run.Statements {
		name := sc.URL
		if name == "" {
			name = "(none found)"
		}
		failed, cantTell := 0, 0
		for _, f := range sc.Findings {
			if f.Outcome == "failed" {
				failed++
			} else {
				cantTell++
			}
		}
		fmt.Fprintf(w, "statement: %s: %d failed, %d to check\n", name, failed, cantTell)
	}
	if len(run.Documents) > 0 {
		fmt.Fprintf(w, "documents: %d listed\n", len(run.Documents))
	}
	for _, p := range paths {
		fmt.Fprintf(w, "public:  %s\n", p)
	}
}
