package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// models caches the bench pages' page models, captured once per process.
var models struct {
	sync.Mutex
	m map[string]*page.Page
}

// benchModel returns the page model of the bench page name, captured with
// the full default capture. With GRANSKA_BENCH_MODELS=DIR it is read from
// DIR/NAME.page.json when that file exists (and written there after a
// capture), so repeated profiles of the rules need no browser.
func benchModel(b testing.TB, name string) *page.Page {
	b.Helper()
	models.Lock()
	defer models.Unlock()
	if p := models.m[name]; p != nil {
		return p
	}
	dir := os.Getenv("GRANSKA_BENCH_MODELS")
	path := filepath.Join(dir, name+".page.json")
	var p *page.Page
	if dir != "" {
		if f, err := os.Open(path); err == nil {
			p, err = page.Read(f)
			f.Close()
			if err != nil {
				b.Fatalf("%s: %v (delete it to capture again)", path, err)
			}
		}
	}
	if p == nil {
		srv := server()
		defer srv.Close()
		pl := pool(&testing.B{})
		defer pl.Close()
		err := pl.Do(context.Background(), func(tab context.Context) error {
			var err error
			p, err = capture.Capture(tab, srv.URL+"/"+name, capture.Options{})
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		if dir != "" {
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			if err := p.Write(f); err != nil {
				b.Fatal(err)
			}
			if err := f.Close(); err != nil {
				b.Fatal(err)
			}
		}
	}
	if models.m == nil {
		models.m = map[string]*page.Page{}
	}
	models.m[name] = p
	return p
}

// BenchmarkRulesLarge and BenchmarkRulesMedium time the Go work after a
// capture on one bench page, without a browser in the timed loop:
//
//   - all: every rule of the default catalogue over the page and its
//     revealed states (rules.Run + rules.RunStates, as audit.Run does), on
//     a page decoded anew for each op (untimed), so the page model's own
//     lazily built indexes are part of the op as on every audited page;
//   - post: that, then the result page (result.FromFindings), the site
//     facts (rules.ExtractFacts) and the page's journal line (JSON);
//   - RULE-ID: one rule alone, on one page model (its indexes built once;
//     the rules' memo is per op, so a per-page index the rules share is
//     charged to each rule that uses it).
//
// Each reports cpu-ms/op, the process's CPU time in the timed part.
//
// Select one with -bench 'RulesLarge/lang-of-parts$'.
func BenchmarkRulesLarge(b *testing.B)  { benchRules(b, "large") }
func BenchmarkRulesMedium(b *testing.B) { benchRules(b, "medium") }

func benchRules(b *testing.B, name string) {
	p := benchModel(b, name)
	set := catalog.Default()
	ctx := context.Background()
	var buf bytes.Buffer // the model's JSON, written when all or post runs
	// fresh runs work on a page decoded anew for each op (untimed), so
	// the page's lazily built indexes are paid in every op, as they are
	// for every page of a run.
	fresh := func(b *testing.B, work func(p *page.Page)) {
		if buf.Len() == 0 {
			if err := p.Write(&buf); err != nil {
				b.Fatal(err)
			}
		}
		var cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			q, err := page.Read(bytes.NewReader(buf.Bytes()))
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			b.StartTimer()
			c0 := cpuTime()
			work(q)
			cpu += cpuTime() - c0
		}
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
	b.Run("all", func(b *testing.B) {
		fresh(b, func(p *page.Page) {
			rules.Run(ctx, p, set, rules.Options{})
			rules.RunStates(ctx, p, set, rules.Options{})
		})
	})
	b.Run("post", func(b *testing.B) {
		fresh(b, func(p *page.Page) {
			fs, errs := rules.Run(ctx, p, set, rules.Options{})
			sfs, serrs := rules.RunStates(ctx, p, set, rules.Options{})
			rp := result.FromFindings(p, set, append(fs, sfs...), append(errs, serrs...), false)
			rp.Facts, _ = rules.ExtractFacts(p, set, rules.Options{})
			if _, err := json.Marshal(rp); err != nil {
				b.Fatal(err)
			}
		})
	})
	for _, r := range set {
		b.Run(r.ID, func(b *testing.B) {
			defer cpuPerOp(b)()
			one := []*rules.Rule{r}
			for b.Loop() {
				rules.Run(ctx, p, one, rules.Options{})
			}
		})
	}
}

// cpuPerOp reports the process's CPU time (user + system, GC included) per
// op as cpu-ms/op when the returned func runs: on a machine shared with
// other work it moves less than the wall time.
func cpuPerOp(b *testing.B) func() {
	t0 := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((cpuTime()-t0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
