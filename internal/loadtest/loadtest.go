// Package loadtest checks that findings do not depend on machine load: it
// saturates the CPU for a bounded time and compares the outcome sets of
// two runs. The determinism test (internal/e2e) and its benchmark-style
// check (internal/bench) use it.
package loadtest

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/granska/granska/result"
)

// Hog keeps every core busy: n goroutines (2 per CPU when n <= 0) spin
// until stop is called or limit has passed, whichever comes first. The
// goroutines compete with the Go engine in this process and, through the
// operating system, with Chromium.
func Hog(n int, limit time.Duration) (stop func()) {
	if n <= 0 {
		n = 2 * runtime.NumCPU()
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := uint64(1)
			for ctx.Err() == nil {
				for range 1 << 16 {
					x = x*6364136223846793005 + 1442695040888963407
				}
			}
			_ = x
		}()
	}
	return func() { cancel(); wg.Wait() }
}

// Outcomes is a run's outcome set: one line per page path, rule, outcome,
// code and target (XPath), sorted. Timings, messages and evidence are left
// out; gaps are included (as "gap kind detail"), since a gap changes what
// the rules could see.
func Outcomes(run *result.Run) []string {
	var out []string
	for _, p := range run.Pages {
		path := PathOf(p.URL)
		if p.Error != "" {
			out = append(out, fmt.Sprintf("%s error", path))
		}
		for _, o := range p.Outcomes {
			at := "page"
			if o.Target != nil {
				at = o.Target.XPath
			}
			out = append(out, fmt.Sprintf("%s %s %s %s %s", path, o.Rule, o.Outcome, o.Code, at))
		}
		for _, g := range p.Gaps {
			out = append(out, fmt.Sprintf("%s gap %s %d %s", path, g.Kind, g.Node, g.Detail))
		}
	}
	sort.Strings(out)
	return out
}

// Diff returns the lines only in a ("- ") and only in b ("+ "), sorted.
// Both must be sorted (as Outcomes returns them); repeated lines count.
func Diff(a, b []string) []string {
	var out []string
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			out = append(out, "- "+a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			out = append(out, "+ "+b[j])
			j++
		default:
			i++
			j++
		}
	}
	return out
}

// PathOf is a URL's path and query with the crawler's one trailing-slash
// policy (none but for "/"), so runs on two servers and manifest pages
// compare.
func PathOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	p := u.Path
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	if u.RawQuery != "" {
		return p + "?" + u.RawQuery
	}
	return p
}
