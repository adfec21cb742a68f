package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/granska/granska/report"
)

func cmdDiff(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("diff", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the diff as JSON")
	failNew := fs.Bool("fail-on-new", false, "exit 1 when the new run has issues the old one did not")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: granska diff OLD.json NEW.json [--json]

Compares two results by issue fingerprint: new, fixed and persisting issues.
An old issue whose pages the new run did not audit is "not rechecked", not fixed.
Exit codes: 0, or 1 with --fail-on-new when there are new issues; 2 usage error.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("diff: give two results.json files, old then new")
	}
	old, err := readResult(fs.Arg(0))
	if err != nil {
		return err
	}
	cur, err := readResult(fs.Arg(1))
	if err != nil {
		return err
	}
	d := report.Compare(old, cur)
	if *asJSON {
		err = d.WriteJSON(stdout)
	} else {
		err = d.WriteText(stdout)
	}
	if err != nil {
		return err
	}
	if *failNew && len(d.Added) > 0 {
		return gateError{len(d.Added)}
	}
	return nil
}
