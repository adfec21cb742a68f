package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/audit/login"
	"github.com/granska/granska/report"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// commonFlags are the browser and capture flags of audit, capture and demo.
type commonFlags struct {
	tabs       int
	chrome     string
	width      int
	height     int
	timeout    time.Duration
	noWalk     bool
	walkStops  int
	walkReal   int
	walkBudget time.Duration
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&c.tabs, "tabs", 0, "browser tabs used in parallel (default: number of cores)")
	fs.StringVar(&c.chrome, "chrome", "", "Chromium binary (default: GRANSKA_CHROME, then Debian's chromium)")
	fs.IntVar(&c.width, "width", 1280, "viewport width in CSS pixels")
	fs.IntVar(&c.height, "height", 800, "viewport height in CSS pixels")
	fs.DurationVar(&c.timeout, "timeout", 20*time.Second, "longest wait for a page's load event")
	fs.BoolVar(&c.noWalk, "no-walk", false, "skip the keyboard walk (focus rules then answer cannot tell)")
	fs.IntVar(&c.walkStops, "walk-stops", 40, "most focus stops in the keyboard walk")
	fs.IntVar(&c.walkReal, "walk-real", 5, "focus stops always reached with real Tab presses; after them the walk focuses the next element by script where no script listens for keys (-1: real presses at every stop)")
	fs.DurationVar(&c.walkBudget, "walk-budget", capture.DefaultWalkBudget, "safety net for the keyboard walk of one page (the walk is bounded by --walk-stops; running out of time is a run problem, recorded as a timeout gap)")
}

func (c *commonFlags) browser(logf func(string, ...any)) browser.Config {
	return browser.Config{Tabs: c.tabs, ExecPath: c.chrome, Width: c.width, Height: c.height, Logf: logf}
}

func (c *commonFlags) capture() capture.Options {
	return capture.Options{Width: c.width, Height: c.height, LoadTimeout: c.timeout,
		Walk: capture.WalkOptions{Disabled: c.noWalk, MaxStops: c.walkStops, RealStops: c.walkReal, Budget: c.walkBudget}}
}

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

func cmdAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		common      commonFlags
		out         = fs.String("out", "granska-out", "output folder for results.json, the listing and screenshots")
		urlsFrom    = fs.String("urls-from", "", "read URLs from a file, one a line (# comments allowed)")
		noCrawl     = fs.Bool("no-crawl", false, "audit exactly the URLs given, following no links")
		resume      = fs.Bool("resume", false, "continue the interrupted run in --out. A form login runs again (a session does not outlive a stopped run), with the steps run.json recorded unless login flags are given again; run.json keeps ${VAR} references but no value given in clear, so such a login needs its flags again")
		ruleIDs     = fs.String("rules", "", "comma-separated rule ids to run (default: all but optional)")
		include     = fs.String("include", "", "comma-separated optional rules to add (e.g. text-contrast-enhanced)")
		allOutcomes = fs.Bool("all-outcomes", false, "list passed and inapplicable outcomes per element too")
		noCrops     = fs.Bool("no-screenshots", false, "do not save screenshot crops of findings")
		savePages   = fs.Bool("save-pages", false, "save each captured page model to OUT/pages/ for 'granska check'")
		quiet       = fs.Bool("quiet", false, "print nothing but errors")
		since       = fs.String("since", "", "re-audit since an earlier run's `results.json`: pages whose HTML and every resource they load are unchanged keep its outcomes, marked as reused")
		fullEvery   = fs.Int("full-every", audit.DefaultFullEvery, "with --since: audit every page afresh on every Nth run of a chain of re-audits (1: always)")
		rf          reportFlags
		cc          crawl.Config
		public      = fs.Bool("public-sector", false, "the site is a public body's (DOS law, WAD): an accessibility statement must be linked from every page; the statement and linked PDFs are checked and OUT gets export.json, export.csv and statement-draft.{sv,en}.md")
		evidence    = fs.Bool("evidence", false, "keep evidence for a supervisor: each page with findings gets its HTML as the browser held it and a full screenshot in OUT/evidence/, with the time and the tool and rule versions in results.json")
		maxDocs     = fs.Int("max-documents", 25, "most linked PDFs checked in a run (with --public-sector or --sample wad); the rest are listed as skipped")
		cfgFile     = fs.String("config", "", "read settings from a granska.yaml `FILE` (flags given override it)")
		cfgTarget   = fs.String("target", "", "the named target of --config to audit (needed when the file has several)")
		headers     stringList
		cookies     stringList
		lf          loginFlags
		basicAuth   = fs.String("basic-auth", "", "HTTP basic auth 'user:${PASSWORD_VAR}' (${VAR} is read from the environment: keep it in single quotes). The crawl sends it to the start hosts only; the browser, like --header, with every request of the page")
	)
	fs.Var(&headers, "header", "request header 'Name: value' for the start hosts (repeatable; ${VAR} is read from the environment). In the browser it goes with every request of the page, other hosts' too")
	fs.Var(&cookies, "cookie", "cookie 'name=value' for the start hosts (repeatable; ${VAR} is read from the environment)")
	common.register(fs)
	lf.register(fs)
	registerCrawl(fs, &cc)
	rf.register(fs, "html")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: granska audit URL... [flags]\n\nAudits the pages and writes OUT/results.json and the reports (--format).\nFormats:\n%s\nExit codes: 0 no gating failures, 1 gating failures (--fail-on, --baseline), 2 usage error, 3 run could not complete.\n\nFlags:\n", formatHelp())
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	urls := fs.Args()
	target, err := applyConfig(fs, *cfgFile, *cfgTarget)
	if err != nil {
		return err
	}
	if target != nil {
		if len(urls) == 0 {
			urls = target.URLs
		}
		lf.fromConfig(target.Login.Steps)
	}
	if *urlsFrom != "" {
		more, err := readURLs(*urlsFrom)
		if err != nil {
			return usagef("--urls-from: %v", err)
		}
		urls = append(urls, more...)
	}
	if len(urls) == 0 && !*resume {
		return usagef("audit: give at least one URL (or --urls-from FILE, or --config FILE with urls)")
	}
	for _, u := range urls {
		if err := audit.CheckURL(u); err != nil {
			return usagef("%v", err)
		}
	}
	if cc.Sample != "" && cc.Sample != crawl.SampleWAD {
		return usagef("--sample %q: want %q or nothing", cc.Sample, crawl.SampleWAD)
	}
	var set []*rules.Rule
	set, err = catalog.Select(splitList(*ruleIDs), splitList(*include))
	if err != nil {
		return usagef("%v", err)
	}
	if err := rf.check(); err != nil {
		return err
	}
	if *resume && len(urls) == 0 {
		ri, err := audit.ReadRunInfo(*out)
		if err != nil {
			return usagef("--resume: %v", err)
		}
		urls = ri.URLs
		*noCrawl = !ri.Crawl
		if cc, err = resumeCrawl(fs, ri.CrawlConfig); err != nil {
			return usagef("--resume: %v", err)
		}
	}
	creds, err := login.Parse(headers, cookies, *basicAuth)
	if err != nil {
		return usagef("%v", err)
	}
	form, err := lf.form()
	if err != nil {
		return err
	}
	if form == nil && *resume {
		// A session does not outlive a stopped run: log in again with
		// the steps run.json recorded.
		if ri, err := audit.ReadRunInfo(*out); err == nil && ri.Login != nil {
			if err := ri.Login.Replayable(); err != nil {
				return usagef("--resume: %v (or give the login flags again)", err)
			}
			form = ri.Login
		}
	}
	if (form != nil || !creds.Empty()) && lf.logout != "" && !slices.Contains(cc.Exclude, lf.logout) {
		// (a --resume reads them back from its crawl state)
		cc.Exclude = append(cc.Exclude, lf.logout)
		cc.ExcludeLinkText = append(cc.ExcludeLinkText, lf.logout)
	}
	logf := func(format string, a ...any) {
		if !*quiet {
			fmt.Fprintf(stderr, format+"\n", a...)
		}
	}
	prog := newProgress(stderr, *quiet)
	cfg := audit.Config{
		URLs: urls, Crawl: !*noCrawl, Out: *out, Resume: *resume,
		CrawlConfig: cc, RuleOptions: rules.Options{PublicSector: *public},
		CheckDocuments: *public || cc.Sample == crawl.SampleWAD, Evidence: *evidence, Documents: document.Options{MaxDocuments: *maxDocs},
		Browser: common.browser(nil), Capture: common.capture(),
		Credentials: creds, Login: form,
		Rules: set, AllOutcomes: *allOutcomes, Crops: !*noCrops, SavePages: *savePages,
		Progress: prog.event, Logf: func(f string, a ...any) { prog.log(fmt.Sprintf(f, a...)) },
	}
	_ = logf
	if *since != "" {
		prev, err := result.ReadFile(*since)
		if err != nil {
			return usagef("--since: %v", err)
		}
		cfg.Since, cfg.SinceDir, cfg.FullEvery = prev, filepath.Dir(*since), *fullEvery
	}
	if *resume {
		fmt.Fprintf(stderr, "resuming the run in %s\n", *out)
	}
	run, runErr := audit.Run(ctx, cfg)
	prog.finish()
	if run != nil {
		// Reports are written even after Ctrl-C: a partial run is worth reading.
		paths, err := rf.write(context.WithoutCancel(ctx), run, *out, *out, common.browser(nil))
		if err != nil {
			return err
		}
		c := run.Tally()
		if !*quiet {
			fmt.Fprintf(stdout, "%d pages audited: %d failed, %d cannot tell, %d passed outcomes\nresults: %s\n",
				len(run.Pages), c.Failed, c.CantTell, c.Passed, filepath.Join(*out, "results.json"))
			if n := len(report.Gaps(run)); n > 0 {
				fmt.Fprintf(stdout, "gaps:    %d things the run could not check (listed in the reports)\n", n)
			}
			for _, p := range paths {
				fmt.Fprintf(stdout, "report:  %s\n", p)
			}
		}
		if *public || cc.Sample == crawl.SampleWAD {
			paths, err := writePublic(run, *out)
			if err != nil {
				return err
			}
			if !*quiet {
				printPublic(stdout, run, paths)
			}
		}
	}
	if runErr != nil {
		if errors.Is(runErr, browser.ErrNoChrome) {
			return usagef("%v", runErr)
		}
		return runErr
	}
	return rf.gate(run, stdout, *quiet)
}

// interleave lets flags follow positional arguments ("audit URL --out d").
// parseFlags parses a command's flags, which may stand before and after its
// arguments. -h and --help return flag.ErrHelp; anything else wrong is a
// usage error.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(interleave(fs, args)); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usagef("%v", err)
	}
	return nil
}

func interleave(fs *flag.FlagSet, args []string) []string {
	var flags, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if strings.HasPrefix(a, "-") && len(a) > 1 {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if strings.Contains(name, "=") {
				continue
			}
			if f := fs.Lookup(name); f != nil {
				if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
					continue
				}
				if i+1 < len(args) {
					flags = append(flags, args[i+1])
					i++
				}
			}
			continue
		}
		pos = append(pos, a)
	}
	return append(flags, pos...)
}

func readURLs(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimSpace(sc.Text())
		if s == "" || strings.HasPrefix(s, "#") {
			continue
		}
		if err := audit.CheckURL(s); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		out = append(out, s)
	}
	return out, sc.Err()
}

// progress prints found/done/failed/queued and an ETA: one rewritten line
// on a terminal, plain lines otherwise.
type progress struct {
	w     io.Writer
	tty   bool
	quiet bool
	last  time.Time
	shown bool
}

func newProgress(w io.Writer, quiet bool) *progress {
	tty := false
	if f, ok := w.(*os.File); ok && os.Getenv("TERM") != "dumb" {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progress{w: w, tty: tty, quiet: quiet}
}

func (p *progress) event(e audit.Event) {
	if p.quiet {
		return
	}
	if !p.tty {
		switch e.Kind {
		case "done":
			fmt.Fprintf(p.w, "audited %s (%d/%d)\n", e.URL, e.Done+e.Failed, e.Found)
		case "failed":
			fmt.Fprintf(p.w, "failed  %s: %v\n", e.URL, e.Err)
		}
		return
	}
	if time.Since(p.last) < 100*time.Millisecond && e.Kind != "failed" {
		return
	}
	p.last = time.Now()
	eta := "–"
	if n := e.Done + e.Failed; n > 0 && e.Queued > 0 {
		eta = (e.Elapsed / time.Duration(n) * time.Duration(e.Queued)).Round(time.Second).String()
	}
	fmt.Fprintf(p.w, "\r\033[Kfound %d · audited %d · failed %d · queued %d · ETA %s", e.Found, e.Done, e.Failed, e.Queued, eta)
	p.shown = true
}

func (p *progress) log(msg string) {
	if p.quiet {
		return
	}
	if p.tty && p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintln(p.w, msg)
}

func (p *progress) finish() {
	if p.tty && p.shown {
		fmt.Fprintln(p.w)
	}
}

// registerCrawl defines the crawl's scope, limits and sampling flags on
// fs, each setting its field of cc; the defaults are crawl's.
func registerCrawl(fs *flag.FlagSet, cc *crawl.Config) {
	fs.IntVar(&cc.MaxPages, "max-pages", crawl.DefaultMaxPages, "most URLs the crawl considers")
	fs.IntVar(&cc.MaxDepth, "max-depth", 0, "most links away from the start pages (0: no limit)")
	fs.IntVar(&cc.PerTemplate, "per-template", crawl.DefaultPerTemplate, "pages audited per page template, as WCAG-EM's structured sample")
	fs.IntVar(&cc.MaxPerTemplate, "max-per-template", crawl.DefaultMaxPerTemplate, "most URLs fetched of one URL shape, e.g. /jobb/{id}; ends calendars and id spaces (-1: no limit)")
	fs.IntVar(&cc.MaxQueryVariants, "max-query-variants", crawl.DefaultMaxQueryVariants, "most query strings fetched for one path, e.g. ?page=N and filters (-1: no limit)")
	fs.BoolVar(&cc.All, "all", false, "audit every page in scope, not a sample per template")
	fs.StringVar(&cc.Sample, "sample", "", "the sample: empty for pages per template, \"wad\" for the sample of Decision (EU) 2018/1524 (home, login, sitemap, contact, help, legal, statement, feedback, a page per type, a document, 10% random), each page with why it was chosen")
	fs.BoolVar(&cc.IgnoreRobots, "ignore-robots", false, "do not honour robots.txt (the report says so)")
	fs.BoolVar(&cc.AllowSubdomains, "subdomains", false, "include subdomains of the start hosts")
	fs.StringVar(&cc.PathPrefix, "path-prefix", "", "only crawl under this path, e.g. /karriar")
	fs.Var((*commaList)(&cc.Include), "include-url", "only crawl URLs matching one of these comma-separated regular expressions")
	fs.Var((*commaList)(&cc.Exclude), "exclude-url", "skip URLs matching any of these comma-separated regular expressions")
}

// resumeCrawl returns the crawl settings of the run being resumed, with
// the crawl flags given on this command line (set on fs) overriding them.
func resumeCrawl(fs *flag.FlagSet, stored crawl.Config) (crawl.Config, error) {
	var cc crawl.Config
	re := flag.NewFlagSet("resume", flag.ContinueOnError)
	registerCrawl(re, &cc)
	cc = stored // after registering, which set the defaults
	var err error
	fs.Visit(func(f *flag.Flag) {
		if re.Lookup(f.Name) != nil && err == nil {
			err = re.Set(f.Name, f.Value.String())
		}
	})
	return cc, err
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string { return strings.Join(*s, "; ") }

func (s *stringList) Set(v string) error {
	*s = append(*s, v)
	return nil
}

// commaList is a flag holding comma-separated values.
type commaList []string

func (c *commaList) String() string { return strings.Join(*c, ",") }

func (c *commaList) Set(s string) error {
	*c = splitComma(s)
	return nil
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
