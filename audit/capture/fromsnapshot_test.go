package capture

import (
	"os"
	"testing"

	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/domsnapshot"
	"github.com/chromedp/chromedp"
)

// dumpedSnapshot decodes the snapshot dumped in GRANSKA_SNAPSHOT_JSON (by
// TestSnapshotCost with GRANSKA_SNAPCOST_DUMP=DIR); it skips without one.
func dumpedSnapshot(tb testing.TB) *domsnapshot.CaptureSnapshotResult {
	tb.Helper()
	raw, err := os.ReadFile(os.Getenv("GRANSKA_SNAPSHOT_JSON"))
	if err != nil {
		tb.Skip(err)
	}
	var snap domsnapshot.CaptureSnapshotResult
	if err := jsonv2.Unmarshal(raw, &snap, chromedp.DefaultUnmarshalOptions); err != nil {
		tb.Fatal(err)
	}
	return &snap
}

// BenchmarkFromSnapshotDump builds the page model's nodes from a dumped
// snapshot (GRANSKA_SNAPSHOT_JSON, written by TestSnapshotCost with
// GRANSKA_SNAPCOST_DUMP=DIR); skipped without one.
func BenchmarkFromSnapshotDump(b *testing.B) {
	snap := dumpedSnapshot(b)
	for b.Loop() {
		fromSnapshot(snap, StyleProps)
	}
}
