// Command granska audits websites for accessibility against WCAG 2.2 and
// EN 301 549, with rules for career sites' application forms and the GDPR
// consent they collect.
//
// Run "granska help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/granska/granska/audit"
)

// Exit codes.
const (
	exitOK         = 0 // no gating failures
	exitFailures   = 1 // gating failures found
	exitUsage      = 2 // usage or configuration error
	exitIncomplete = 3 // the run could not complete
)

// errUsage marks errors in how the command was called.
var errUsage = errors.New("usage")

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) Is(t error) bool {
	return t == errUsage
}

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// gateError says the audit found gating failures (exit 1).
type gateError struct{ n int }

func (e gateError) Error() string { return fmt.Sprintf("%d gating failures", e.n) }

const helpText = `granska – audit websites for accessibility (WCAG 2.2, EN 301 549)

Usage:
  granska audit URL... [flags]     audit pages, crawling the site from them (--no-crawl: exactly these)
  granska demo [--twin T] [flags]  audit the bundled demo career site (broken or fixed twin), every report
  granska capture URL [flags]      capture one page's model as JSON (for replay and bug reports)
  granska check PAGE.json...       run the rules on captured pages, without a browser
  granska rules [--json]           list the rules with their WCAG, EN 301 549 and ACT mappings
  granska explain RULE             show one rule: what it checks, how to fix, its codes, the WCAG failures it finds
  granska report RESULTS.json      render reports (--format html,pdf,pdf-tagged,sarif,junit,earl,csv) and gate
  granska diff OLD.json NEW.json   new, fixed and persisting issues between two runs (--json)
  granska statement RESULTS.json   print a draft accessibility statement (Markdown; --lang sv|en)
  granska export RESULTS.json      the run per site and WCAG criterion / EN clause, sample, statement check (--format json|csv)
  granska baseline RESULTS.json    write or update a baseline of known issues for --baseline
  granska serve --db DB [--addr A]  the monitoring server: dashboard, API, scheduler and audits
  granska worker --db postgres://…  a worker for serve --workers: audits queued runs
  granska token create --db DB --role R   print a new API token (stored hashed)
  granska user add --db DB --email E --role R   add a dashboard user (password on stdin)
  granska config check FILE        check a granska.yaml (audit --config FILE [--target NAME] uses it)
  granska version                  print the version

Run "granska COMMAND -h" for a command's flags.

Exit codes:
  0  no gating failures (cannot-tell outcomes never gate unless asked)
  1  gating failures: by default any failed outcome of a WCAG A/AA rule;
     --fail-on sets outcomes, impact and scope, --baseline lets only new issues fail
  2  usage or configuration error
  3  the run could not complete (start pages failed, error budget exceeded)
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "0.1.0-dev"
}

func run(args []string, stdout, stderr io.Writer) int {
	audit.Version = version()
	if len(args) == 0 {
		fmt.Fprint(stderr, helpText)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch args[0] {
	case "audit":
		err = cmdAudit(ctx, args[1:], stdout, stderr)
	case "demo":
		err = cmdDemo(ctx, args[1:], stdout, stderr)
	case "capture":
		err = cmdCapture(ctx, args[1:], stdout, stderr)
	case "check":
		err = cmdCheck(ctx, args[1:], stdout, stderr)
	case "rules":
		err = cmdRules(args[1:], stdout, stderr)
	case "explain":
		err = cmdExplain(args[1:], stdout, stderr)
	case "report":
		err = cmdReport(ctx, args[1:], stdout, stderr)
	case "statement":
		err = cmdStatement(ctx, args[1:], stdout, stderr)
	case "export":
		err = cmdExport(ctx, args[1:], stdout, stderr)
	case "diff":
		err = cmdDiff(ctx, args[1:], stdout, stderr)
	case "baseline":
		err = cmdBaseline(ctx, args[1:], stdout, stderr)
	case "serve":
		err = cmdServe(ctx, args[1:], stdout, stderr)
	case "worker":
		err = cmdWorker(ctx, args[1:], stdout, stderr)
	case "token":
		err = cmdToken(ctx, args[1:], stdout, stderr)
	case "user":
		err = cmdUser(ctx, args[1:], os.Stdin, stdout, stderr)
	case "config":
		err = cmdConfig(args[1:], stdout, stderr)
	case "version", "--version":
		fmt.Fprintln(stdout, "granska", version())
		return exitOK
	case "help", "-h", "--help":
		fmt.Fprint(stdout, helpText)
		return exitOK
	default:
		fmt.Fprintf(stderr, "granska: unknown command %q\n\n%s", args[0], helpText)
		return exitUsage
	}
	return exitCode(err, stderr)
}

func exitCode(err error, stderr io.Writer) int {
	var g gateError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &g):
		return exitFailures
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "granska:", err)
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "granska: interrupted; what was done is written, continue with --resume")
		return exitIncomplete
	default:
		fmt.Fprintln(stderr, "granska:", err)
		return exitIncomplete
	}
}
