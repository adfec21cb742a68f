// Package chrometest gives tests one real headless Chromium per test
// binary. Where Chromium is missing a test is skipped with the reason; under
// CI=true it fails instead, so CI never passes without the browser tests.
package chrometest

import (
	"context"
	"os"
	"sync"
	"testing"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
)

var (
	once    sync.Once
	pool    *browser.Pool
	poolErr error
)

// Require skips the test where Chromium is missing (fails it under
// CI=true), for tests that start their own browser.
func Require(t testing.TB) {
	t.Helper()
	if _, err := browser.FindChrome(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium is required under CI=true: %v", err)
		}
		t.Skip(err)
	}
}

// Pool returns the shared browser pool, starting it on first use.
func Pool(t testing.TB) *browser.Pool {
	t.Helper()
	once.Do(func() {
		pool, poolErr = browser.New(context.Background(), browser.Config{})
	})
	if poolErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("Chromium is required under CI=true: %v", poolErr)
		}
		t.Skipf("no Chromium, skipping browser test: %v", poolErr)
	}
	return pool
}

// Capture captures url with the shared pool.
func Capture(t testing.TB, url string, opt capture.Options) (*page.Page, error) {
	t.Helper()
	var p *page.Page
	err := Pool(t).Do(context.Background(), func(tab context.Context) error {
		var err error
		p, err = capture.Capture(tab, url, opt)
		return err
	})
	return p, err
}

// Close ends the shared browser; call it from TestMain after m.Run.
func Close() {
	if pool != nil {
		pool.Close()
	}
}
