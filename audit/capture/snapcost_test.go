package capture

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/domsnapshot"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/bench"
)

// TestSnapshotCost splits the cost of the snapshot and the accessibility
// tree of the bench's medium and large pages (internal/bench JobPage) into
// what Chromium does (computing and serialising, its processes' CPU) and
// what Go does (reading the message, decoding it, building the nodes), one
// step at a time (GRANSKA_SNAPCOST=N repetitions; a diagnostic, not a
// timed assertion). Profile the Go side with -cpuprofile.
func TestSnapshotCost(t *testing.T) {
	reps, _ := strconv.Atoi(os.Getenv("GRANSKA_SNAPCOST"))
	if reps <= 0 {
		t.Skip("set GRANSKA_SNAPCOST=N (repetitions)")
	}
	srv, pool := benchPages(t)

	type step struct {
		name string
		fn   func(ctx context.Context, t *chromedp.Target) error
	}
	for _, size := range []string{"medium", "large"} {
		sums := map[string][3]float64{} // wall, Go CPU, Chromium CPU (ms)
		var order []string
		var snapBytes, axBytes int
		for r := 0; r < reps; r++ {
			var rawSnap, rawAX jsonv2.Value
			var snap domsnapshot.CaptureSnapshotResult
			var ax accessibility.GetFullAXTreeResult
			var p page.Page
			steps := []step{
				{"snapshot: Chromium + read", func(ctx context.Context, tg *chromedp.Target) error {
					return tg.Call(ctx, domsnapshot.CaptureSnapshot.Method, snapshotParams(), &rawSnap)
				}},
				{"snapshot: decode", func(ctx context.Context, tg *chromedp.Target) error {
					return jsonv2.Unmarshal(rawSnap, &snap, chromedp.DefaultUnmarshalOptions)
				}},
				{"snapshot: fromSnapshot", func(ctx context.Context, tg *chromedp.Target) error {
					p.Nodes, p.Documents = fromSnapshot(&snap, StyleProps)
					return nil
				}},
				{"ax: Chromium + read", func(ctx context.Context, tg *chromedp.Target) error {
					return tg.Call(ctx, accessibility.GetFullAXTree.Method, accessibility.GetFullAXTreeParams{}, &rawAX)
				}},
				{"ax: decode", func(ctx context.Context, tg *chromedp.Target) error {
					return jsonv2.Unmarshal(rawAX, &ax, chromedp.DefaultUnmarshalOptions)
				}},
				{"ax: joinAX", func(ctx context.Context, tg *chromedp.Target) error {
					joinAX(&p, ax.Nodes)
					return nil
				}},
				{"ax: second call (enabled)", func(ctx context.Context, tg *chromedp.Target) error {
					var raw jsonv2.Value
					return tg.Call(ctx, accessibility.GetFullAXTree.Method, accessibility.GetFullAXTreeParams{}, &raw)
				}},
				{"ax: disable", func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, accessibility.Disable, cdp.Empty{})
					return err
				}},
			}
			if os.Getenv("GRANSKA_SNAPCOST_ORDER") != "" {
				// Both calls at once, as Capture makes them, in either
				// order (the second sent 5 ms after the first), up to
				// the joined page model.
				both := func(axFirst bool) func(ctx context.Context, tg *chromedp.Target) error {
					return func(ctx context.Context, tg *chromedp.Target) error {
						var q page.Page
						var axn []*accessibility.Node
						var axErr error
						done := make(chan struct{})
						getAX := func() {
							r, err := cdp.Call(ctx, tg, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
							axn, axErr = r.Nodes, err
							close(done)
						}
						if axFirst {
							go getAX()
							time.Sleep(5 * time.Millisecond)
						}
						sn, err := cdp.Call(ctx, tg, domsnapshot.CaptureSnapshot, snapshotParams())
						if err != nil {
							return err
						}
						if !axFirst {
							go getAX()
						}
						q.Nodes, q.Documents = fromSnapshot(&sn, StyleProps)
						<-done
						if axErr != nil {
							return axErr
						}
						joinAX(&q, axn)
						_, err = cdp.Call(ctx, tg, accessibility.Disable, cdp.Empty{})
						return err
					}
				}
				steps = append(steps, step{"both: snapshot first", both(false)}, step{"both: AX first", both(true)},
					step{"both: snapshot first again", both(false)}, step{"both: AX first again", both(true)})
			}
			if os.Getenv("GRANSKA_SNAPCOST_VARIANTS") != "" {
				variant := func(name string, edit func(*domsnapshot.CaptureSnapshotParams)) step {
					return step{"snapshot variant: " + name, func(ctx context.Context, tg *chromedp.Target) error {
						prm := snapshotParams()
						edit(&prm)
						var raw jsonv2.Value
						return tg.Call(ctx, domsnapshot.CaptureSnapshot.Method, prm, &raw)
					}}
				}
				steps = append(steps,
					variant("as captured", func(*domsnapshot.CaptureSnapshotParams) {}),
					variant("no styles", func(p *domsnapshot.CaptureSnapshotParams) { p.ComputedStyles = []string{} }),
					variant("1 style", func(p *domsnapshot.CaptureSnapshotParams) { p.ComputedStyles = []string{"display"} }),
					variant("no rects", func(p *domsnapshot.CaptureSnapshotParams) { p.IncludeDOMRects = nil }),
					variant("no paint order", func(p *domsnapshot.CaptureSnapshotParams) { p.IncludePaintOrder = nil }),
					variant("no blended/opacity", func(p *domsnapshot.CaptureSnapshotParams) {
						p.IncludeBlendedBackgroundColors, p.IncludeTextColorOpacities = nil, nil
					}),
					variant("none", func(p *domsnapshot.CaptureSnapshotParams) {
						*p = domsnapshot.CaptureSnapshotParams{ComputedStyles: []string{}}
					}),
				)
			}
			err := pool.Do(context.Background(), func(tab context.Context) error {
				return chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					if _, err := chromedp.Navigate(srv.URL+"/"+size)(ctx, tg); err != nil {
						return err
					}
					time.Sleep(500 * time.Millisecond)
					for _, s := range steps {
						before := map[string]time.Duration{}
						byType = before
						c0 := chromiumCPU()
						g0, w0 := goCPU(), time.Now()
						byType = nil
						if err := s.fn(ctx, tg); err != nil {
							return err
						}
						after := map[string]time.Duration{}
						byType = after
						w, g := ms(time.Since(w0)), ms(goCPU()-g0)
						c := ms(chromiumCPU() - c0)
						byType = nil
						if os.Getenv("GRANSKA_SNAPCOST_PROCS") != "" {
							var parts []string
							for k, v := range after {
								if d := v - before[k]; d > 0 {
									parts = append(parts, k+"="+strconv.FormatFloat(ms(d), 'f', 0, 64))
								}
							}
							sort.Strings(parts)
							t.Logf("%s %s: %s", size, s.name, strings.Join(parts, " "))
						}
						if r == 0 {
							order = append(order, s.name)
						}
						x := sums[s.name]
						sums[s.name] = [3]float64{x[0] + w, x[1] + g, x[2] + c}
					}
					return nil
				}))
			})
			if err != nil {
				t.Fatal(err)
			}
			snapBytes, axBytes = len(rawSnap), len(rawAX)
			if dir := os.Getenv("GRANSKA_SNAPCOST_DUMP"); dir != "" && r == 0 {
				_ = os.WriteFile(filepath.Join(dir, size+"-snapshot.json"), rawSnap, 0o644)
				_ = os.WriteFile(filepath.Join(dir, size+"-ax.json"), rawAX, 0o644)
			}
		}
		t.Logf("%s: snapshot %d bytes, AX tree %d bytes; mean of %d (ms): wall / Go CPU / Chromium CPU", size, snapBytes, axBytes, reps)
		for _, n := range order {
			x := sums[n]
			t.Logf("  %-28s %8.1f %8.1f %8.1f", n, x[0]/float64(reps), x[1]/float64(reps), x[2]/float64(reps))
		}
	}
}

// benchPages serves the bench's medium and large pages (internal/bench
// JobPage) at /medium and /large, and starts a browser of one tab; both
// end with the test.
func benchPages(t *testing.T) (*httptest.Server, *browser.Pool) {
	pages := map[string]string{"/medium": bench.JobPage(105), "/large": bench.JobPage(1170)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(pages[r.URL.Path]))
	}))
	t.Cleanup(srv.Close)
	pool, err := browser.New(context.Background(), browser.Config{Tabs: 1})
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(pool.Close)
	return srv, pool
}

// goCPU is the CPU time of this process (user and system, every thread).
func goCPU() time.Duration {
	var u syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &u)
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// chromiumCPU is the CPU time of this process's descendants that are
// running (Chromium and its renderers), from /proc.
func chromiumCPU() time.Duration {
	self := os.Getpid()
	parent := map[int]int{}
	ticks := map[int]int64{}
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, f := range dirs {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ... utime(14) stime(15)
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		pid, _ := strconv.Atoi(strings.TrimSpace(string(b[:bytes.IndexByte(b, ' ')])))
		sc := bufio.NewScanner(bytes.NewReader(b[i+2:]))
		sc.Split(bufio.ScanWords)
		var fs []string
		for sc.Scan() && len(fs) < 13 {
			fs = append(fs, sc.Text())
		}
		if len(fs) < 13 {
			continue
		}
		pp, _ := strconv.Atoi(fs[1])
		ut, _ := strconv.ParseInt(fs[11], 10, 64)
		st, _ := strconv.ParseInt(fs[12], 10, 64)
		parent[pid], ticks[pid] = pp, ut+st
	}
	var sum int64
	for pid, tk := range ticks {
		for p := parent[pid]; p > 1; p = parent[p] {
			if p == self {
				sum += tk
				if byType != nil {
					cl, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
					typ := "browser"
					if i := bytes.Index(cl, []byte("--type=")); i >= 0 {
						typ = string(cl[i+7:])
						typ = typ[:strings.IndexAny(typ+" \x00", " \x00")]
					}
					byType[typ] += time.Duration(tk) * (time.Second / 100)
				}
				break
			}
		}
	}
	return time.Duration(sum) * (time.Second / 100)
}

// byType, when set, receives chromiumCPU's sum per process type.
var byType map[string]time.Duration

// TestWalkTrace times, on the bench's medium and large pages, what a focus
// stop's reader (stop.js) does, for 40 links and buttons: focus, finishing
// transitions, the box, 1 + 8 hit tests, computed styles
// (GRANSKA_WALKTRACE=1; a diagnostic, not a timed assertion).
func TestWalkTrace(t *testing.T) {
	if os.Getenv("GRANSKA_WALKTRACE") == "" {
		t.Skip()
	}
	srv, pool := benchPages(t)
	for _, size := range []string{"medium", "large"} {
		_ = pool.Do(context.Background(), func(tab context.Context) error {
			os.Stderr.WriteString("WALKTRACE ==== " + size + "\n")
			pg, err := Capture(tab, srv.URL+"/"+size, Options{Consent: ConsentOptions{NoProbes: true}, Extras: ExtraOptions{NoVariants: true}})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s %+v", size, pg.Timings)
			const jsProbe = `(function(){
var T={focus:0,anim:0,rect:0,hit1:0,hit8:0,style:0,pseudo:0,scroll:0};var links=[...document.querySelectorAll('a,button')].slice(5,45);
for(const el of links){let t=performance.now();el.focus();T.focus+=performance.now()-t;
t=performance.now();document.getAnimations();T.anim+=performance.now()-t;
t=performance.now();var r=el.getBoundingClientRect();T.rect+=performance.now()-t;
t=performance.now();document.elementFromPoint(r.left+r.width/2,r.top+r.height/2);T.hit1+=performance.now()-t;
t=performance.now();for(let i=0;i<8;i++)document.elementFromPoint(r.left+r.width*(i+1)/10,r.top+r.height/2);T.hit8+=performance.now()-t;
t=performance.now();var cs=getComputedStyle(el);cs.getPropertyValue('outline-style');getComputedStyle(el.parentElement).getPropertyValue('color');T.style+=performance.now()-t;
t=performance.now();getComputedStyle(el,'::before').getPropertyValue('content');getComputedStyle(el,'::after').getPropertyValue('content');T.pseudo+=performance.now()-t;
t=performance.now();window.scrollX;T.scroll+=performance.now()-t;}
return T})()`
			return chromedp.Do(tab, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				res, err := chromedp.Evaluate[map[string]float64](jsProbe)(ctx, tg)
				t.Logf("%s per-40-stops JS ms: %v %v", size, res, err)
				return nil
			}))
		})
	}
}

// TestBuildDuringAXCost compares, on the bench's medium and large pages,
// captures (load, snapshot, accessibility tree; no walk, extras or probes)
// that build the page model's nodes while the accessibility tree is
// computed with ones that build them after (Levers.BuildAfterAX),
// interleaved in rotating order, GRANSKA_BUILDAB=N pairs (a diagnostic,
// not a timed assertion). Both must give the same page model.
func TestBuildDuringAXCost(t *testing.T) {
	reps, _ := strconv.Atoi(os.Getenv("GRANSKA_BUILDAB"))
	if reps <= 0 {
		t.Skip("set GRANSKA_BUILDAB=N (pairs)")
	}
	srv, pool := benchPages(t)
	for _, size := range []string{"medium", "large"} {
		var sum [2][3]float64 // arm: wall, Go CPU, Chromium CPU
		var models [2][]byte
		for r := 0; r < 2*reps; r++ {
			arm := (r + r/2) % 2 // 0,1,1,0,0,1,...
			_ = pool.Do(context.Background(), func(tab context.Context) error {
				opt := Options{Walk: WalkOptions{Disabled: true}, Consent: ConsentOptions{NoProbes: true},
					Extras: ExtraOptions{NoVariants: true, NoListeners: true, NoBackdrops: true, NoFocusPixels: true, NoMotion: true},
					Levers: Levers{BuildAfterAX: arm == 1}}
				c0 := chromiumCPU()
				g0, w0 := goCPU(), time.Now()
				pg, err := Capture(tab, srv.URL+"/"+size, opt)
				w, g := ms(time.Since(w0)), ms(goCPU()-g0)
				c := ms(chromiumCPU() - c0)
				if err != nil {
					t.Fatal(err)
				}
				sum[arm] = [3]float64{sum[arm][0] + w, sum[arm][1] + g, sum[arm][2] + c}
				pg.Timings = page.Timings{}
				for i := range pg.Nodes {
					pg.Nodes[i].Backend = 0 // new ids on every load
				}
				b, _ := json.Marshal(pg) // map keys sorted
				if r >= 2 {              // the browser warm: the last capture of each arm
					models[arm] = b
					if dir := os.Getenv("GRANSKA_SNAPCOST_DUMP"); dir != "" {
						_ = os.WriteFile(filepath.Join(dir, size+"-model-"+strconv.Itoa(arm)+".json"), b, 0o644)
					}
				}
				return nil
			})
		}
		n := float64(reps)
		t.Logf("%s: mean of %d (ms) wall / Go CPU / Chromium CPU: during AX %.0f / %.0f / %.0f; after AX %.0f / %.0f / %.0f; page models equal: %v",
			size, reps, sum[0][0]/n, sum[0][1]/n, sum[0][2]/n, sum[1][0]/n, sum[1][1]/n, sum[1][2]/n, bytes.Equal(models[0], models[1]))
	}
}
