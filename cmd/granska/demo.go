package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// cmdDemo serves the bundled career site on loopback, crawls and audits it
// with the same engine a real audit uses, and writes the report set. It
// exits 0 whenever the demo ran: what it finds is the point of a demo.
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		common commonFlags
		rf     reportFlags
		twinF  = fs.String("twin", "broken", "which twin of the site: broken (seeded barriers) or fixed (every barrier repaired)")
		out    = fs.String("out", "granska-demo", "output folder")
		serve  = fs.Bool("serve", false, "only serve the site on loopback (Ctrl-C to stop), do not audit it")
		addr   = fs.String("addr", "127.0.0.1:0", "loopback `host:port` to serve the site on (port 0: any free port)")
		quiet  = fs.Bool("quiet", false, "print nothing but errors and where the reports are")
	)
	common.register(fs)
	rf.register(fs, "all")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: granska demo [--twin broken|fixed] [--out DIR] [flags]\n       granska demo --serve [--addr HOST:PORT] [--twin broken|fixed]\n\nServes the bundled demo career site (Norrsken Energi, Swedish and English) on loopback,\ncrawls and audits it, and writes results.json and the reports to OUT.\nThe broken twin carries seeded barriers (listed in internal/demosite/site/manifest.json); the fixed twin repairs them.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("demo: unexpected argument %q", fs.Arg(0))
	}
	twin, err := demosite.ParseTwin(*twinF)
	if err != nil {
		return usagef("--twin: %v", err)
	}
	if err := rf.check(); err != nil {
		return err
	}
	if err := loopbackAddr(*addr); err != nil {
		return usagef("--addr: %v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("demo: listen on %s: %w", *addr, err)
	}
	srv := &http.Server{Handler: demosite.Handler(twin), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String() + "/"
	if *serve {
		fmt.Fprintf(stdout, "serving the %s twin at %s (Ctrl-C to stop)\n", twin, base)
		<-ctx.Done()
		return nil
	}
	if !*quiet {
		fmt.Fprintf(stderr, "auditing the %s twin of the demo career site at %s\n", twin, base)
	}
	prog := newProgress(stderr, *quiet)
	run, runErr := audit.Run(ctx, audit.Config{
		URLs: []string{base}, Crawl: true, Out: *out,
		Browser: common.browser(nil), Capture: common.capture(),
		Rules: catalog.Default(), Crops: true, RuleOptions: rules.Options{PublicSector: true}, CheckDocuments: true,
		Progress: prog.event, Logf: func(f string, a ...any) { prog.log(fmt.Sprintf(f, a...)) },
	})
	prog.finish()
	if run == nil {
		if errors.Is(runErr, browser.ErrNoChrome) {
			return usagef("%v", runErr)
		}
		return runErr
	}
	paths, err := rf.write(context.WithoutCancel(ctx), run, *out, *out, common.browser(nil))
	if err != nil {
		return err
	}
	c := run.Tally()
	fmt.Fprintf(stdout, "demo (%s twin): %d pages audited: %d failed, %d cannot tell, %d passed outcomes\nresults: %s\n",
		twin, len(run.Pages), c.Failed, c.CantTell, c.Passed, filepath.Join(*out, "results.json"))
	for _, p := range paths {
		fmt.Fprintf(stdout, "report:  %s\n", p)
	}
	public, err := writePublic(run, *out)
	if err != nil {
		return err
	}
	printPublic(stdout, run, public)
	if runErr != nil && !errors.Is(runErr, context.Canceled) {
		// The demo ran but not to the end: say so, and still exit 0 with
		// what was written.
		fmt.Fprintf(stderr, "granska: demo run incomplete: %v\n", runErr)
	}
	if errors.Is(runErr, context.Canceled) {
		return runErr
	}
	return nil
}

// loopbackAddr checks that addr is host:port with a loopback host (an IP
// address or "localhost"): the demo site is for this machine only.
func loopbackAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if _, err := net.LookupPort("tcp", port); err != nil {
		return fmt.Errorf("port %q: %w", port, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("host %q is not a loopback address (127.0.0.1, ::1 or localhost): the demo serves this machine only", host)
	}
	return nil
}
