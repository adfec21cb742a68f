package server

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/monitor"
	"github.com/granska/granska/internal/store"
)

// BenchmarkServerMemory measures the server's resident memory (this
// process: dashboard, API, store and monitor) idle, and its peak while
// the monitor audits the demo site, with the peak of the browser
// processes it starts beside it. Linux only (/proc).
//
//	go test -run '^$' -bench ServerMemory -benchtime 1x ./internal/server/
func BenchmarkServerMemory(b *testing.B) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("needs /proc")
	}
	chromeOK(b)
	for range b.N {
		site := httptest.NewServer(demosite.Handler(demosite.Broken))
		var mon *monitor.Monitor
		e := newEnv(b, filepath.Join(b.TempDir(), "g.db"), withMonitor(b, &mon))
		ctx := context.Background()
		if err := mon.Start(ctx); err != nil {
			b.Fatal(err)
		}
		s, err := e.st.CreateSite(ctx, store.Site{OrgID: e.org.ID, Name: "demo", URLs: []string{site.URL + "/"}, Sample: store.Sample{Crawl: true}})
		if err != nil {
			b.Fatal(err)
		}
		c, _ := e.login(store.RoleAdmin)
		for _, p := range []string{"/", "/sites/new", "/sites/1"} {
			e.get(c, p)
		}
		runtime.GC()
		time.Sleep(500 * time.Millisecond)
		idle := rssKB(os.Getpid())
		run, err := mon.RunNow(ctx, s.ID, store.TriggerManual)
		if err != nil {
			b.Fatal(err)
		}
		peak, peakBrowser := idle, 0
		for {
			r, err := e.st.Run(ctx, run.ID)
			if err != nil {
				b.Fatal(err)
			}
			peak = max(peak, rssKB(os.Getpid()))
			peakBrowser = max(peakBrowser, childrenRSSKB(os.Getpid()))
			if !r.Status.Active() {
				if r.Status != store.StatusDone {
					b.Fatalf("run %s: %s", r.Status, r.Reason)
				}
				b.Logf("run %d: %d pages, %d failed; evidence %d bytes", r.ID, r.Counts.Pages, r.Counts.Failed, r.EvidenceBytes)
				break
			}
			time.Sleep(100 * time.Millisecond)
		}
		b.ReportMetric(float64(idle)/1024, "idle-MB")
		b.ReportMetric(float64(peak)/1024, "run-peak-MB")
		b.ReportMetric(float64(peakBrowser)/1024, "browser-peak-MB")
		mon.Stop(ctx)
		site.Close()
	}
}

func chromeOK(b *testing.B) {
	if _, err := browser.FindChrome(); err != nil {
		if os.Getenv("CI") == "true" {
			b.Fatal(err)
		}
		b.Skip(err)
	}
}

// rssKB is a process's VmRSS in KiB (0 when unknown).
func rssKB(pid int) int {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			if len(f) >= 2 {
				n, _ := strconv.Atoi(f[1])
				return n
			}
		}
	}
	return 0
}

// childrenRSSKB sums the RSS of pid's descendants (the browser).
func childrenRSSKB(pid int) int {
	ents, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		data, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces.
		s := string(data)
		if i := strings.LastIndexByte(s, ')'); i >= 0 {
			f := strings.Fields(s[i+1:])
			if len(f) >= 2 {
				parent[p], _ = strconv.Atoi(f[1])
			}
		}
	}
	total := 0
	for p := range parent {
		for q := parent[p]; q > 1; q = parent[q] {
			if q == pid {
				total += rssKB(p)
				break
			}
		}
	}
	return total
}
