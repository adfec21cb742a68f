package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/result"
)

// buildBinary builds granska once for the subprocess tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "granska")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func journalled(path string) int {
	b, _ := os.ReadFile(path)
	return bytes.Count(b, []byte("\n"))
}

func auditedSet(t *testing.T, dir string) []string {
	t.Helper()
	r, err := result.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range r.Pages {
		out = append(out, p.URL)
	}
	sort.Strings(out)
	return out
}

// A crawl killed with SIGKILL mid-way, then resumed, audits the same set of
// pages as an uninterrupted crawl, and no page twice.
func TestKillAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	if _, err := browser.FindChrome(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	bin := buildBinary(t)
	srv := httptest.NewServer(demosite.Handler(demosite.Broken))
	defer srv.Close()
	args := func(out string, more ...string) []string {
		return append([]string{"audit", srv.URL + "/", "--out", out, "--format", "sarif", "--fail-on", "none", "--quiet", "--no-screenshots"}, more...)
	}

	// Uninterrupted.
	full := t.TempDir()
	if out, err := exec.Command(bin, args(full)...).CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	want := auditedSet(t, full)
	if len(want) < 10 {
		t.Fatalf("uninterrupted run audited only %d pages", len(want))
	}

	// Killed after a few pages, then resumed.
	dir := t.TempDir()
	cmd := exec.Command(bin, args(dir)...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	journal := filepath.Join(dir, "pages.jsonl")
	deadline := time.Now().Add(5 * time.Minute)
	for journalled(journal) < 4 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	killedAt := journalled(journal)
	if killedAt >= len(want) {
		t.Fatalf("the run finished (%d pages) before it was killed", killedAt)
	}
	if out, err := exec.Command(bin, "audit", "--resume", "--out", dir, "--format", "sarif", "--fail-on", "none", "--quiet", "--no-screenshots").CombinedOutput(); err != nil {
		t.Fatalf("resume: %v\n%s", err, out)
	}
	got := auditedSet(t, dir)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("resumed run audited a different set of pages:\ngot  %v\nwant %v", got, want)
	}
	// The journal holds each page once: nothing audited twice.
	f, _ := os.Open(journal)
	defer f.Close()
	seen := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var p result.Page
		if json.Unmarshal(sc.Bytes(), &p) == nil {
			seen[p.URL]++
		}
	}
	for u, n := range seen {
		if n > 1 {
			t.Errorf("%s audited %d times", u, n)
		}
	}
	t.Logf("killed after %d of %d pages; resumed to the same %d pages", killedAt, len(want), len(got))
}
