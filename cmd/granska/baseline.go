package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/granska/granska/report"
	"github.com/granska/granska/report/gate"
)

func cmdBaseline(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "granska-baseline.json", "baseline file to write or update")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: granska baseline results.json [--out granska-baseline.json]

Writes the issues of a result (failed and cannot-tell, by fingerprint) as a
baseline of known issues; commit it and pass it to 'granska audit --baseline'
or 'granska report --baseline' so that only new issues fail the build.
When the file exists it is updated: new issues are added, known ones keep
their date, and entries that no longer match are dropped and listed as fixed.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("baseline: give one results.json")
	}
	run, err := readResult(fs.Arg(0))
	if err != nil {
		return err
	}
	issues := report.Dedupe(run, "en")
	now := time.Now()
	var b *gate.Baseline
	if _, err := os.Stat(*out); err == nil {
		if b, err = gate.ReadBaseline(*out); err != nil {
			return usagef("baseline: %v", err)
		}
		added, fixed := b.Update(issues, now)
		fmt.Fprintf(stdout, "%s: %d entries (%d added, %d fixed and dropped)\n", *out, len(b.Entries), added, len(fixed))
		for _, e := range fixed {
			fmt.Fprintf(stdout, "  fixed: %s %s/%s %s\n", e.Fingerprint, e.Rule, e.Code, e.Selector)
		}
	} else {
		b = gate.NewBaseline(issues, now, "granska "+version())
		fmt.Fprintf(stdout, "%s: %d entries\n", *out, len(b.Entries))
	}
	return b.WriteFile(*out)
}
