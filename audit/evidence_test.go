package audit

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/rules/catalog"
)

// --evidence keeps each page with findings as the browser held it: its
// HTML and a screenshot of the whole page, with the time and versions.
func TestEvidence(t *testing.T) {
	chrometest.Require(t)
	srv := hostile()
	defer srv.Close()
	out := t.TempDir()
	run, err := Run(context.Background(), Config{
		URLs: []string{srv.URL + "/barrier"}, Out: out, Rules: catalog.Default(), Evidence: true, Crops: true,
		Browser: browser.Config{Tabs: 1}, Capture: capture.Options{LoadTimeout: 8 * time.Second},
	})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	ev := run.Pages[0].Evidence
	if ev == nil {
		t.Fatal("no evidence")
	}
	if ev.Error != "" || ev.Time.IsZero() || !strings.HasPrefix(ev.Tool, "granska ") || len(ev.Rules) == 0 {
		t.Errorf("evidence %+v", ev)
	}
	for id, v := range ev.Rules {
		if !strings.Contains(v, "+") {
			t.Errorf("rule %s version %q", id, v)
		}
	}
	html, err := os.ReadFile(filepath.Join(out, ev.HTML))
	if err != nil || !strings.Contains(string(html), "<h1>Brister</h1>") || !strings.HasPrefix(string(html), "<!DOCTYPE html>") {
		t.Errorf("html %v: %.200s", err, html)
	}
	shot, err := os.ReadFile(filepath.Join(out, ev.Screenshot))
	if err != nil || len(shot) < 100 || shot[0] != 0xFF || shot[1] != 0xD8 {
		t.Errorf("screenshot %v (%d bytes)", err, len(shot))
	}
}
