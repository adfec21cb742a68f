package crawl

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// reference crawls the site without interruption and returns its sample
// and summary as JSON.
func reference(t *testing.T, s *testSite) string {
	t.Helper()
	c := discover(t, siteConfig(s))
	return outcome(t, c)
}

func outcome(t *testing.T, c *Crawler) string {
	t.Helper()
	b, err := json.MarshalIndent(struct {
		Sample  []Target
		Summary Summary
	}{c.Sample(), c.Summary()}, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// doneURLs lists the URLs a crawler has fetched.
func doneURLs(c *Crawler) map[string]bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	m := map[string]bool{}
	for u, e := range c.st.entries {
		if e.stage == stageDone {
			m[u] = true
		}
	}
	return m
}

// resumeAndCheck loads dir, finishes the crawl, and checks that nothing
// fetched before was fetched again and that the outcome equals want.
func resumeAndCheck(t *testing.T, s *testSite, dir, want string) {
	t.Helper()
	c, err := Load(dir, nil)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	defer c.Close()
	done := doneURLs(c)
	if len(done) == 0 {
		t.Fatal("nothing was saved before the interruption")
	}
	var mu sync.Mutex
	var again []string
	s.mu.Lock()
	s.onHit = func(u string) {
		if done[u] {
			mu.Lock()
			again = append(again, u)
			mu.Unlock()
		}
	}
	s.mu.Unlock()
	if err := c.Discover(context.Background()); err != nil {
		t.Fatalf("Discover after Load: %v", err)
	}
	s.mu.Lock()
	s.onHit = nil
	s.mu.Unlock()
	if len(again) > 0 {
		t.Errorf("fetched again after resume: %q", again)
	}
	if got := outcome(t, c); got != want {
		t.Errorf("resumed crawl differs from an uninterrupted one:\n%s", firstDiff(want, got))
	}
	t.Logf("resumed with %d of %d URLs already fetched", len(done), len(doneURLs(c)))
}

// TestResume interrupts crawls and resumes them; the outcome must equal
// an uninterrupted crawl's, and nothing fetched before the interruption
// may be fetched again.
func TestResume(t *testing.T) {
	t.Parallel()
	s := newTestSite(t)
	want := reference(t, s)
	t.Run("cancel", func(t *testing.T) { resumeAfterCancel(t, s, want) })
	t.Run("crash", func(t *testing.T) { resumeAfterCrash(t, s, want) })
}

// resumeAfterCancel interrupts a crawl (as Ctrl-C does) and resumes it.
func resumeAfterCancel(t *testing.T, s *testSite, want string) {
	dir := t.TempDir()
	cfg := siteConfig(s)
	cfg.StateDir = dir
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var hits int
	s.mu.Lock()
	s.onHit = func(string) {
		s.mu.Lock()
		hits++
		if hits == 40 {
			cancel()
		}
		s.mu.Unlock()
	}
	s.mu.Unlock()
	err = c.Discover(ctx)
	s.mu.Lock()
	s.onHit = nil
	s.mu.Unlock()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Discover = %v, want context.Canceled", err)
	}
	c.Close()
	if _, err := New(cfg); !errors.Is(err, ErrStateExists) {
		t.Errorf("New on a used state directory = %v, want ErrStateExists", err)
	}
	resumeAndCheck(t, s, dir, want)
}

// resumeAfterCrash copies the state directory in the middle of a level,
// while workers are appending to the journal, as kill -9 would leave it,
// and resumes from the copy.
func resumeAfterCrash(t *testing.T, s *testSite, want string) {
	dir, crash := t.TempDir(), t.TempDir()
	cfg := siteConfig(s)
	cfg.StateDir = dir
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// Copy in the middle of the level holding the application forms.
	var hits int
	s.mu.Lock()
	s.onHit = func(u string) {
		if !strings.HasSuffix(u, "/ansok") {
			return
		}
		s.mu.Lock()
		hits++
		n := hits
		s.mu.Unlock()
		if n == 6 {
			copyDir(t, dir, crash)
		}
	}
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err = c.Discover(ctx)
	s.mu.Lock()
	s.onHit = nil
	s.mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	j, err := os.ReadFile(filepath.Join(crash, journalFile))
	if err != nil || bytes.Count(j, []byte("\n")) < 2 {
		t.Fatalf("the copy holds no journal events to replay (%v)", err)
	}
	// A write cut short by the crash leaves a torn last line.
	f, err := os.OpenFile(filepath.Join(crash, journalFile), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"t":"ev","ev":{"t":"fetch","u":"http://127.0.0.1/torn`)
	f.Close()
	resumeAndCheck(t, s, crash, want)
}

func copyDir(t *testing.T, from, to string) {
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Error(err)
		return
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			continue // a temporary file renamed meanwhile
		}
		os.WriteFile(filepath.Join(to, e.Name()), b, 0o644)
	}
}

func TestLoadErrors(t *testing.T) {
	if _, err := Load(t.TempDir(), nil); !errors.Is(err, ErrNoState) {
		t.Errorf("Load(empty) = %v, want ErrNoState", err)
	}
	dir := t.TempDir()
	c, err := New(Config{Start: []string{"http://127.0.0.1:1/"}, StateDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	os.WriteFile(filepath.Join(dir, snapshotFile), []byte("{\"t\":\"head\",\"v\":1,\"gen\":1}\n{broken\n"), 0o644)
	if _, err := Load(dir, nil); err == nil {
		t.Error("Load accepted a corrupt snapshot")
	}
}
