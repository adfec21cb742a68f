package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/granska/granska/internal/atomicfile"
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

// cmdExport writes a run's public-sector export.
func cmdExport(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "json", "json or csv")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: granska export RESULTS.json [--format json|csv]\n\nPrints the run per site and per WCAG criterion / EN 301 549 clause, with the\nsample and its reasons, the statement check, the documents and the counts a\nmonitoring report needs.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("export: give one RESULTS.json")
	}
	run, err := result.ReadFile(fs.Arg(0))
	if err != nil {
		return usagef("export: %v", err)
	}
	ex := export.Build(run)
	switch *format {
	case "json":
		return ex.WriteJSON(stdout)
	case "csv":
		return ex.WriteCSV(stdout)
	}
	return usagef("export: --format %q: want json or csv", *format)
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
