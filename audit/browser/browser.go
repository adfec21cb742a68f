// Package browser owns Chromium's lifecycle for Granska: it starts one
// headless browser with flags that work as root on a closed network, hands
// out tabs from a fixed pool, replaces a tab or the whole browser when it
// crashes, and recycles the browser after a number of pages to bound its
// memory.
//
// Use Pool.Do to run work in a tab. Do retries the work once in a fresh tab
// when the tab or the browser died under it; other errors are returned as
// they are.
package browser

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/remote"
)

// ErrNoChrome is returned when no Chromium binary can be found.
var ErrNoChrome = errors.New("browser: no Chromium found: install it (Debian: apt-get install chromium) or set GRANSKA_CHROME")

// ErrCrashed wraps the error of work whose tab or browser died, after the
// retry failed too.
var ErrCrashed = errors.New("browser: tab or browser crashed")

// Config configures a Pool. The zero value is usable.
type Config struct {
	// ExecPath is the Chromium binary; "" finds one (GRANSKA_CHROME, then
	// Debian's /usr/lib/chromium/chromium, then chromium on PATH).
	ExecPath string
	// RemoteURL, when set, connects to a running browser's DevTools
	// websocket instead of starting one.
	RemoteURL string
	// Tabs is the number of tabs used in parallel; 0 means the number of
	// cores.
	Tabs int
	// RecycleAfter restarts the browser after that many pages; 0 means 500.
	RecycleAfter int
	// Width and Height are the window size; 0 means 1280×800.
	Width, Height int
	// Flags are extra command-line flags ("name" or "name=value").
	Flags []string
	// Logf receives diagnostic messages; nil discards them.
	Logf func(format string, args ...any)
}

// Pool is one browser and a pool of tabs.
type Pool struct {
	cfg  Config
	tabs chan *tab

	mu       sync.Mutex
	gen      int // browser generation
	allocCtx context.Context
	cancel   context.CancelFunc
	brCtx    context.Context
	dataDir  string
	pages    int
	inUse    int
	idle     *sync.Cond
	closed   bool
	restarts int
	// live counts the tabs in circulation (in the pool or in use).
	live int
	// recycleDue is set once RecycleAfter pages are done: tabs coming
	// back are parked, not pooled, and when every live tab is parked the
	// browser restarts with fresh ones. No tab of a stopped browser ever
	// goes back into the pool.
	recycleDue bool
	parked     []*tab
	restarting bool // a recycle is starting the new browser
	// broken is closed when the browser cannot be started again; do then
	// fails instead of waiting for a tab forever.
	broken    chan struct{}
	brokenErr error
}

type tab struct {
	ctx    context.Context
	cancel context.CancelFunc
	gen    int
}

// FindChrome returns the Chromium binary to use.
func FindChrome() (string, error) {
	if p := os.Getenv("GRANSKA_CHROME"); p != "" {
		return p, nil
	}
	for _, p := range []string{"/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	for _, n := range []string{"chromium", "chromium-browser", "google-chrome", "chrome"} {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChrome
}

// New starts the browser and opens the tabs.
func New(ctx context.Context, cfg Config) (*Pool, error) {
	if cfg.Tabs <= 0 {
		cfg.Tabs = runtime.NumCPU()
	}
	if cfg.RecycleAfter <= 0 {
		cfg.RecycleAfter = 500
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		cfg.Width, cfg.Height = 1280, 800
	}
	if cfg.Logf == nil {
		cfg.Logf = func(string, ...any) {}
	}
	if cfg.RemoteURL == "" && cfg.ExecPath == "" {
		p, err := FindChrome()
		if err != nil {
			return nil, err
		}
		cfg.ExecPath = p
	}
	p := &Pool{cfg: cfg, tabs: make(chan *tab, cfg.Tabs), broken: make(chan struct{})}
	p.idle = sync.NewCond(&p.mu)
	if err := p.start(ctx, cfg.Tabs); err != nil {
		return nil, err
	}
	return p, nil
}

// Tabs returns the number of tabs in the pool.
func (p *Pool) Tabs() int { return p.cfg.Tabs }

// Restarts returns how many times the browser was restarted (crash or
// recycling).
func (p *Pool) Restarts() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.restarts
}

// start launches a browser and puts n new tabs into the pool. Callers hold
// no lock.
func (p *Pool) start(ctx context.Context, n int) error {
	var allocCtx context.Context
	var cancel context.CancelFunc
	dataDir := ""
	if p.cfg.RemoteURL != "" {
		allocCtx, cancel = remote.NewAllocator(context.Background(), p.cfg.RemoteURL)
	} else {
		d, err := os.MkdirTemp("", "granska-chrome-")
		if err != nil {
			return fmt.Errorf("browser: profile dir: %w", err)
		}
		dataDir = d
		opts := []chromedp.ExecAllocatorOption{
			chromedp.ExecPath(p.cfg.ExecPath),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.NoDefaultBrowserCheck,
			chromedp.UserDataDir(dataDir),
			chromedp.WindowSize(p.cfg.Width, p.cfg.Height),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("disable-extensions", true),
			chromedp.Flag("disable-default-apps", true),
			chromedp.Flag("disable-breakpad", true),
			chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints,AutofillServerCommunication"),
			chromedp.Flag("disable-background-timer-throttling", true),
			chromedp.Flag("disable-renderer-backgrounding", true),
			chromedp.Flag("disable-backgrounding-occluded-windows", true),
			chromedp.Flag("disable-client-side-phishing-detection", true),
			chromedp.Flag("disable-popup-blocking", true),
			chromedp.Flag("disable-hang-monitor", true),
			chromedp.Flag("metrics-recording-only", true),
			chromedp.Flag("no-pings", true),
			chromedp.Flag("mute-audio", true),
			chromedp.Flag("force-color-profile", "srgb"),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.Flag("password-store", "basic"),
			chromedp.Flag("use-mock-keychain", true),
		}
		for _, f := range p.cfg.Flags {
			name, val, ok := cut(f, '=')
			if ok {
				opts = append(opts, chromedp.Flag(name, val))
			} else {
				opts = append(opts, chromedp.Flag(name, true))
			}
		}
		allocCtx, cancel = chromedp.NewExecAllocator(context.Background(), opts...)
	}
	brCtx, brCancel := chromedp.NewContext(allocCtx)
	// A safety net, not a budget: on a machine loaded to 50 runnable
	// processes per core Chromium took over 30 s to start.
	startCtx, stop := context.WithTimeout(ctx, startTimeout)
	defer stop()
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(brCtx) }()
	select {
	case err := <-done:
		if err != nil {
			brCancel()
			cancel()
			os.RemoveAll(dataDir)
			return fmt.Errorf("browser: start %s: %w", p.cfg.ExecPath, err)
		}
	case <-startCtx.Done():
		brCancel()
		cancel()
		os.RemoveAll(dataDir)
		return fmt.Errorf("browser: start %s: %w", p.cfg.ExecPath, startCtx.Err())
	}
	p.mu.Lock()
	p.gen++
	gen := p.gen
	p.allocCtx, p.brCtx, p.dataDir = allocCtx, brCtx, dataDir
	p.cancel = func() { brCancel(); cancel() }
	p.pages = 0
	p.mu.Unlock()
	// Tabs open in parallel: each is a browser context and a renderer
	// process, 0.5–0.7 s here.
	tabs := make([]*tab, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { tabs[i], errs[i] = p.newTab(gen, brCtx) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			for _, t := range tabs {
				if t != nil {
					t.cancel()
				}
			}
			return errs[i]
		}
	}
	for _, t := range tabs {
		p.mu.Lock()
		p.live++
		p.mu.Unlock()
		p.tabs <- t
	}
	return nil
}

func cut(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// newTab opens a tab in a browser context of its own, so tabs share no
// cookies or storage: clearing one tab's cookies before a page cannot
// touch a page another tab is capturing.
func (p *Pool) newTab(gen int, brCtx context.Context) (*tab, error) {
	ctx, cancel := chromedp.NewContext(brCtx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, fmt.Errorf("browser: open tab: %w", err)
	}
	return &tab{ctx: ctx, cancel: cancel, gen: gen}, nil
}

// stopBrowser ends the current browser. The caller holds p.mu.
func (p *Pool) stopBrowserLocked() {
	if p.cancel != nil {
		p.cancel()
		p.cancel = nil
	}
	if p.dataDir != "" {
		os.RemoveAll(p.dataDir)
		p.dataDir = ""
	}
}

// Do runs fn in a tab. The context passed to fn is a chromedp context for
// the tab, limited by ctx. If fn fails and the tab or browser is found
// dead, the tab (or the browser) is replaced and fn runs once more; if that
// fails too the error wraps ErrCrashed.
func (p *Pool) Do(ctx context.Context, fn func(tabCtx context.Context) error) error {
	err := p.do(ctx, fn)
	if err == nil || !errors.Is(err, errTabDead) {
		return err
	}
	p.cfg.Logf("browser: tab died (%v); retrying once", err)
	if err2 := p.do(ctx, fn); err2 != nil {
		if errors.Is(err2, errTabDead) {
			return fmt.Errorf("%w: %v", ErrCrashed, err2)
		}
		return err2
	}
	return nil
}

var errTabDead = errors.New("tab dead")

func (p *Pool) do(ctx context.Context, fn func(tabCtx context.Context) error) error {
	var t *tab
	select {
	case t = <-p.tabs:
	case <-ctx.Done():
		return ctx.Err()
	case <-p.broken:
		return p.brokenErr
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		p.tabs <- t
		return errors.New("browser: pool closed")
	}
	p.inUse++
	p.mu.Unlock()

	// Run fn with a context that ends when ctx ends, but whose cancellation
	// does not close the tab.
	runCtx, stop := mergeCancel(t.ctx, ctx)
	err := fn(runCtx)
	stop()

	dead := false
	if err != nil && ctx.Err() == nil {
		dead = !p.alive(t)
	}
	p.mu.Lock()
	p.inUse--
	p.pages++
	if p.pages >= p.cfg.RecycleAfter && p.cfg.RemoteURL == "" && !p.restarting {
		p.recycleDue = true
	}
	p.mu.Unlock()

	if dead {
		t = p.replaceTab(t)
		err = fmt.Errorf("%w: %v", errTabDead, err)
	}
	if t == nil {
		p.mu.Lock()
		p.live--
		p.mu.Unlock()
	}
	p.putBack(t)
	return err
}

// putBack returns a tab to the pool, or parks it while a recycle is due
// and restarts the browser once every live tab is parked. A nil tab (one
// that could not be replaced) may be the last one a recycle waits for.
func (p *Pool) putBack(t *tab) {
	p.mu.Lock()
	lost := p.live == 0 && !p.closed // every tab gone: start afresh
	if p.restarting || !p.recycleDue && !lost {
		p.mu.Unlock()
		if t != nil {
			p.tabs <- t
		}
		return
	}
	if t != nil {
		p.parked = append(p.parked, t)
	}
	if len(p.parked) < p.live {
		p.mu.Unlock()
		return
	}
	old := p.parked
	p.parked = nil
	p.recycleDue = false
	p.restarting = true
	p.live = 0
	p.restarts++
	p.stopBrowserLocked()
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		p.restarting = false
		// Pages done while the new tabs opened count toward the next recycle.
		p.recycleDue = p.pages >= p.cfg.RecycleAfter
		p.mu.Unlock()
	}()
	for _, o := range old {
		o.cancel()
	}
	if lost {
		p.cfg.Logf("browser: every tab was lost; starting the browser again")
	} else {
		p.cfg.Logf("browser: recycling after %d pages", p.cfg.RecycleAfter)
	}
	err := p.start(context.Background(), p.cfg.Tabs)
	if err != nil {
		p.cfg.Logf("browser: restart failed (%v); trying once more", err)
		p.mu.Lock()
		p.stopBrowserLocked()
		p.live = 0
		p.mu.Unlock()
		drain(p.tabs)
		err = p.start(context.Background(), p.cfg.Tabs)
	}
	if err != nil {
		p.mu.Lock()
		if p.live == 0 && p.brokenErr == nil {
			p.brokenErr = fmt.Errorf("browser: could not be restarted: %w", err)
			close(p.broken)
		}
		p.mu.Unlock()
	}
}

// startTimeout bounds a browser's start-up.
const startTimeout = 2 * time.Minute

// alive checks that the tab still answers.
func (p *Pool) alive(t *tab) bool {
	// Generous: on a loaded machine a live tab can take seconds to answer,
	// and a tab wrongly called dead costs a restart and a retried page.
	ctx, cancel := context.WithTimeout(t.ctx, 10*time.Second)
	defer cancel()
	_, err := chromedp.Run(ctx, func(ctx context.Context, tt *chromedp.Target) (cdpruntime.EvaluateResult, error) {
		return cdp.Call(ctx, tt, cdpruntime.Evaluate, cdpruntime.EvaluateParams{Expression: "1"})
	})
	return err == nil
}

// drain empties the pool of tabs a failed start put there.
func drain(c chan *tab) {
	for {
		select {
		case t := <-c:
			t.cancel()
		default:
			return
		}
	}
}

// replaceTab closes a dead tab and opens a new one in the current browser,
// restarting the browser when it cannot open one (it is gone). It returns
// nil only if no tab could be opened, in which case the pool shrinks by one.
func (p *Pool) replaceTab(t *tab) *tab {
	t.cancel()
	p.mu.Lock()
	brCtx, gen := p.brCtx, p.gen
	p.mu.Unlock()
	if nt, err := p.newTab(gen, brCtx); err == nil {
		return nt
	}
	// The browser itself is gone: restart it, unless another caller
	// already has. Other tabs of the old browser fail their next alive
	// check and are replaced in the new one then.
	p.mu.Lock()
	if p.gen == gen {
		p.restarts++
		p.stopBrowserLocked()
		p.mu.Unlock()
		if err := p.start(context.Background(), 0); err != nil {
			p.cfg.Logf("browser: restart failed: %v", err)
			return nil
		}
	} else {
		p.mu.Unlock()
	}
	p.mu.Lock()
	brCtx, gen = p.brCtx, p.gen
	p.mu.Unlock()
	nt, err := p.newTab(gen, brCtx)
	if err != nil {
		p.cfg.Logf("browser: %v", err)
		return nil
	}
	return nt
}

// Close closes every tab and the browser, and removes its profile.
func (p *Pool) Close() {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return
	}
	p.closed = true
	p.stopBrowserLocked()
	p.mu.Unlock()
}

// mergeCancel returns a context with the values of base that is done when
// either base or other is done, without cancelling base.
func mergeCancel(base, other context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(base)
	if d, ok := other.Deadline(); ok {
		var c2 context.CancelFunc
		ctx, c2 = context.WithDeadline(ctx, d)
		prev := cancel
		cancel = func() { c2(); prev() }
	}
	stop := context.AfterFunc(other, cancel)
	return ctx, func() { stop(); cancel() }
}
