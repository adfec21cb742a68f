package bench

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/domsnapshot"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/capture"
)

// envInt reads a positive count from the environment, else def.
func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// spread is the mean and the sample standard deviation of xs.
func spread(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	if len(xs) > 1 {
		sd = math.Sqrt(sd / float64(len(xs)-1))
	}
	return mean, sd
}

// arm is one side of an A/B measurement: its CPU (Go + Chromium) and wall
// seconds per repetition.
type arm struct{ cpu, wall []float64 }

func (a *arm) add(cpu, wall time.Duration) {
	a.cpu = append(a.cpu, cpu.Seconds())
	a.wall = append(a.wall, wall.Seconds())
}

// effect prints and reports what switching a lever off costs: off minus
// on, CPU and wall, as mean ± standard deviation of the paired
// differences of interleaved repetitions.
func effect(b *testing.B, name string, on, off *arm) {
	diff := func(x, y []float64) []float64 {
		d := make([]float64, len(x))
		for k := range x {
			d[k] = y[k] - x[k]
		}
		return d
	}
	onC, _ := spread(on.cpu)
	onW, _ := spread(on.wall)
	dc, dcs := spread(diff(on.cpu, off.cpu))
	dw, dws := spread(diff(on.wall, off.wall))
	b.ReportMetric(dc, name+"-saves-cpu-s")
	b.ReportMetric(dw, name+"-saves-wall-s")
	fmt.Fprintf(os.Stderr, "lever %-18s saves CPU %+.2f s ± %.2f (%+.1f%% of %.1f s), wall %+.2f s ± %.2f (%+.1f%% of %.1f s), %d interleaved pairs\n",
		name, dc, dcs, 100*dc/onC, onC, dw, dws, 100*dw/onW, onW, len(on.cpu))
}

// BenchmarkLevers measures each capture lever (capture.Levers) by
// interleaved A/B runs of the real engine (2 tabs, crops on, as
// BenchmarkSideBySide) on GRANSKA_LEVER_PAGES medium pages (default 12),
// GRANSKA_LEVER_REPS times (default 3): all levers on, then each one off,
// in rotating order. CPU time of Go and Chromium is the primary figure (the
// machine may be shared), wall time second.
func BenchmarkLevers(b *testing.B) {
	srv := sideServer()
	defer srv.Close()
	n, reps := envInt("GRANSKA_LEVER_PAGES", 12), envInt("GRANSKA_LEVER_REPS", 3)
	var urls []string
	for i := 1; i <= n; i++ {
		urls = append(urls, fmt.Sprintf("%s/m/%d", srv.URL, i))
	}
	levers := []struct {
		name string
		off  capture.Levers
	}{
		{"combined-relayout", capture.Levers{SeparateRelayouts: true}},
		{"overlapped-crops", capture.Levers{SerialCrops: true}},
		{"built-during-ax", capture.Levers{BuildAfterAX: true}},
	}
	for b.Loop() {
		on := &arm{}
		offs := make([]*arm, len(levers))
		for k := range offs {
			offs[k] = &arm{}
		}
		for r := range reps {
			// Rotate the order so no arm always runs first (a warm
			// cache) or last.
			for k := range len(levers) + 1 {
				j := (k + r) % (len(levers) + 1)
				var lv capture.Levers
				a := on
				if j > 0 {
					lv, a = levers[j-1].off, offs[j-1]
				}
				var wall time.Duration
				c := cpu(func() { wall = granskaLevers(b, urls, lv) })
				a.add(c, wall)
			}
		}
		for k, l := range levers {
			effect(b, l.name, on, offs[k])
		}
		b.ReportMetric(0, "ns/op")
	}
}

// BenchmarkAXFetch compares, on the medium and the large bench page, the
// full accessibility tree (what capture fetches) with partial trees of only
// the elements rules ask about most (interactive elements, images,
// headings, landmarks, form fields, elements with a role or ARIA
// attributes), fetched one by one with 8 calls in flight on the tab's one
// connection, and (medium page only) with partial trees of every node,
// the coverage the rules read today. Each fetch is on a freshly loaded
// page (Chromium builds its accessibility tree on the first request),
// arms in rotating order, GRANSKA_AX_REPS times (default 5). CPU is Go +
// Chromium, read from /proc.
func BenchmarkAXFetch(b *testing.B) {
	medium, large := JobPage(105), JobPage(1170)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := medium
		if r.URL.Path == "/large" {
			body = large
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	p := pool(b)
	defer p.Close()
	reps := envInt("GRANSKA_AX_REPS", 5)
	for b.Loop() {
		for _, size := range []string{"medium", "large"} {
			// Arms: the full tree; partial trees of the elements asked
			// about; on the medium page also partial trees of every node
			// the snapshot holds, the coverage the rules read today.
			arms := []string{"full", "partial-asked", "partial-every"}
			if size == "large" {
				arms = arms[:2] // 50,000 calls a fetch
			}
			res := make([]*arm, len(arms))
			nodes, asked := make([]int, len(arms)), make([]int, len(arms))
			for k := range res {
				res[k] = &arm{}
			}
			for r := range reps {
				for k := range arms {
					m := (k + r) % len(arms) // rotating order
					err := p.Do(context.Background(), func(tab context.Context) error {
						return chromedp.Do(tab, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
							if _, err := chromedp.NavigateResponse(srv.URL+"/"+size)(ctx, t); err != nil {
								return err
							}
							snap, err := cdp.Call(ctx, t, domsnapshot.CaptureSnapshot, domsnapshot.CaptureSnapshotParams{ComputedStyles: []string{"display"}})
							if err != nil {
								return err
							}
							ids := askedAbout(&snap, arms[m] == "partial-every")
							c0, w0 := procCPU(), time.Now()
							if m == 0 {
								r, err := cdp.Call(ctx, t, accessibility.GetFullAXTree, accessibility.GetFullAXTreeParams{})
								if err != nil {
									return err
								}
								nodes[m] = len(r.Nodes)
							} else {
								nodes[m], asked[m] = partialAX(ctx, t, ids), len(ids)
							}
							res[m].add(procCPU()-c0, time.Since(w0))
							_, _ = cdp.Call(ctx, t, accessibility.Disable, cdp.Empty{})
							return nil
						}))
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			}
			for k, name := range arms {
				c, cs := spread(res[k].cpu)
				w, ws := spread(res[k].wall)
				b.ReportMetric(c, size+"-"+name+"-cpu-s")
				what := fmt.Sprintf("%d nodes", nodes[k])
				if k > 0 {
					what = fmt.Sprintf("%d calls, %d nodes", asked[k], nodes[k])
				}
				fmt.Fprintf(os.Stderr, "AX %s %-13s (%s): CPU %.3f s ± %.3f, wall %.3f s ± %.3f, %d runs\n", size, name, what, c, cs, w, ws, reps)
			}
		}
		b.ReportMetric(0, "ns/op")
	}
}

// askedAbout lists the backend ids of the elements the rules read the
// accessibility tree of most: interactive elements, images, headings,
// landmarks, form fields, and elements with a role or ARIA attributes.
// With every, it lists every node of the main document.
func askedAbout(s *domsnapshot.CaptureSnapshotResult, every bool) []cdp.BackendNodeID {
	want := map[string]bool{"a": true, "button": true, "input": true, "select": true, "textarea": true, "img": true, "svg": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true, "nav": true, "main": true,
		"footer": true, "aside": true, "form": true, "section": true, "label": true, "fieldset": true, "legend": true,
		"table": true, "iframe": true, "video": true, "audio": true, "summary": true, "dialog": true}
	var out []cdp.BackendNodeID
	if len(s.Documents) == 0 {
		return nil
	}
	d := s.Documents[0].Nodes
	for i, name := range d.NodeName {
		tag := ""
		if int(name) < len(s.Strings) {
			tag = s.Strings[name]
		}
		ask := every || want[strings.ToLower(tag)]
		if !ask && i < len(d.Attributes) {
			attrs := d.Attributes[i]
			for k := 0; k+1 < len(attrs); k += 2 {
				an := s.Strings[attrs[k]]
				if an == "role" || an == "tabindex" || strings.HasPrefix(an, "aria-") {
					ask = true
					break
				}
			}
		}
		if ask {
			out = append(out, d.BackendNodeID[i])
		}
	}
	return out
}

// partialAX fetches each node's partial tree (no relatives), 8 calls in
// flight, and returns the nodes received.
func partialAX(ctx context.Context, t *chromedp.Target, ids []cdp.BackendNodeID) int {
	var mu sync.Mutex
	got := 0
	ch := make(chan cdp.BackendNodeID)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for id := range ch {
				f := false
				r, err := cdp.Call(ctx, t, accessibility.GetPartialAXTree, accessibility.GetPartialAXTreeParams{BackendNodeID: id, FetchRelatives: &f})
				if err == nil {
					mu.Lock()
					got += len(r.Nodes)
					mu.Unlock()
				}
			}
		})
	}
	for _, id := range ids {
		ch <- id
	}
	close(ch)
	wg.Wait()
	return got
}

// procCPU is the CPU time (user + system) used so far by this process and
// every live process descended from it (the browser's), read from /proc:
// unlike rusage it covers a browser that is still running.
func procCPU() time.Duration {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	type st struct {
		ppid  int
		ticks int64
	}
	procs := map[int]st{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// Fields after the command name, which is in parentheses.
		s := string(b)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		var state string
		var ppid, pgrp, sess, tty, tpgid int
		var flags, minflt, cminflt, majflt, cmajflt uint64
		var utime, stime int64
		if _, err := fmt.Sscan(s[i+1:], &state, &ppid, &pgrp, &sess, &tty, &tpgid, &flags, &minflt, &cminflt, &majflt, &cmajflt, &utime, &stime); err != nil {
			continue
		}
		procs[pid] = st{ppid, utime + stime}
	}
	self := os.Getpid()
	var ticks int64
	for pid, s := range procs {
		for q, hops := pid, 0; q > 1 && hops < 64; q, hops = procs[q].ppid, hops+1 {
			if q == self {
				ticks += s.ticks
				break
			}
		}
	}
	return time.Duration(ticks) * (time.Second / 100) // USER_HZ
}
