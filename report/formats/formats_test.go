package formats_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/granska/granska/report"
	formats "github.com/granska/granska/report/formats"
	"github.com/granska/granska/report/reporttest"
)

func TestParse(t *testing.T) {
	got, err := formats.Parse("html, sarif,all")
	if err != nil || len(got) != 6 || got[0] != "html" || got[1] != "sarif" {
		t.Errorf("Parse: %v, %v", got, err)
	}
	if _, err := formats.Parse("docx"); !errors.Is(err, formats.ErrFormat) {
		t.Errorf("unknown format: %v", err)
	}
	if _, err := formats.Render(context.Background(), report.Build(reporttest.Run(2), report.Options{}), "pdf-tagged"); !errors.Is(err, formats.ErrNoPrinter) {
		t.Errorf("pdf-tagged without a printer: %v", err)
	}
}

// TestLarge writes every format but pdf-tagged for a 1,000-page result and
// logs the time and sizes; BenchmarkWriteAll measures the time.
func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large render")
	}
	dir := t.TempDir()
	if err := reporttest.WriteShots(dir); err != nil {
		t.Fatal(err)
	}
	names, _ := formats.Parse("all")
	t0 := time.Now()
	paths, err := formats.WriteAll(context.Background(), reporttest.Run(1000), dir, names,
		report.Options{Now: reporttest.Clock, Version: reporttest.Version})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("1,000 pages, %d formats in %v", len(paths), time.Since(t0))
	for _, p := range paths {
		fi, _ := os.Stat(p)
		t.Logf("  %-16s %8.2f MB", filepath.Base(p), float64(fi.Size())/1e6)
		if filepath.Base(p) == "index.html" && fi.Size() > 20<<20 {
			t.Errorf("index.html is %d bytes, over 20 MB", fi.Size())
		}
	}
}

func BenchmarkWriteAll(b *testing.B) {
	dir := b.TempDir()
	if err := reporttest.WriteShots(dir); err != nil {
		b.Fatal(err)
	}
	run := reporttest.Run(1000)
	names, _ := formats.Parse("all")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := formats.WriteAll(context.Background(), run, dir, names, report.Options{Now: reporttest.Clock, Version: reporttest.Version}); err != nil {
			b.Fatal(err)
		}
	}
}
