package monitor

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/rules/catalog"
)

// TestHelperMonitor is the server process TestKilledMidRun kills: it runs
// a monitor on the database GRANSKA_MONITOR_DB until it is killed.
func TestHelperMonitor(t *testing.T) {
	db := os.Getenv("GRANSKA_MONITOR_DB")
	if db == "" {
		t.Skip("helper process for TestKilledMidRun")
	}
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	m, err := New(Config{Store: st, Rules: catalog.Default(), WorkDir: os.Getenv("GRANSKA_MONITOR_WORK"), Browser: browser.Config{Tabs: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {}
}

// The server process is killed (SIGKILL, with its browser) in the middle
// of a run; a new process continues the run from the journal in the
// database: every page recorded once, those before the kill kept.
func TestKilledMidRun(t *testing.T) {
	chrometest.Require(t)
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "granska.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(demosite.Handler(demosite.Broken))
	defer srv.Close()
	urls := demoURLs(srv.URL, 6)
	org, _ := st.CreateOrg(ctx, "Org")
	site, _ := st.CreateSite(ctx, store.Site{OrgID: org.ID, URLs: urls})
	r, err := st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperMonitor$", "-test.v")
	cmd.Env = append(os.Environ(), "GRANSKA_MONITOR_DB="+db, "GRANSKA_MONITOR_WORK="+work)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	kill := func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) // the helper's process group: it and its browser
		cmd.Wait()
	}
	deadline := time.Now().Add(3 * time.Minute)
	for {
		got, _ := st.PageURLs(ctx, r.ID)
		if len(got) >= 2 {
			break
		}
		if run, _ := st.Run(ctx, r.ID); !run.Status.Active() {
			kill()
			t.Fatalf("the run ended before the interruption: %s %s", run.Status, run.Reason)
		}
		if time.Now().After(deadline) {
			kill()
			t.Fatal("the helper journalled no page")
		}
		time.Sleep(20 * time.Millisecond)
	}
	kill()
	before, _ := st.Pages(ctx, r.ID)
	if got, _ := st.Run(ctx, r.ID); got.Status != store.StatusRunning || len(before) >= len(urls) {
		t.Fatalf("after the kill: run %s with %d of %d pages; want it running, part done", got.Status, len(before), len(urls))
	}
	m, err := New(Config{Store: st, Rules: catalog.Default(), WorkDir: work, Browser: browser.Config{Tabs: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer m.Stop(ctx)
	checkContinued(t, m, st, r.ID, before, len(urls))
	t.Logf("killed after %d of %d pages", len(before), len(urls))
}
