package html_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/report"
	"github.com/granska/granska/report/html"
	"github.com/granska/granska/report/reporttest"
)

func TestGolden(t *testing.T) {
	for _, lang := range []string{"en", "sv"} {
		t.Run(lang, func(t *testing.T) {
			rep := reporttest.Report(t, 6, lang)
			var buf bytes.Buffer
			if err := html.Write(&buf, rep); err != nil {
				t.Fatal(err)
			}
			reporttest.Golden(t, "report."+lang+".html", buf.Bytes())
		})
	}
}

// TestSelfContained checks that the report makes no external requests:
// no src or href to fetch other than links for people to follow, and no
// stylesheet or script files.
func TestSelfContained(t *testing.T) {
	rep := reporttest.Report(t, 6, "en")
	b, err := html.Render(rep)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, m := range regexp.MustCompile(`\bsrc="([^"]*)"`).FindAllStringSubmatch(s, -1) {
		if !strings.HasPrefix(m[1], "data:") {
			t.Errorf("external src %q", m[1])
		}
	}
	for _, bad := range []string{`<link `, `@import`, `url(http`, `<iframe`} {
		if strings.Contains(s, bad) {
			t.Errorf("report contains %q", bad)
		}
	}
	if !strings.Contains(s, `src="data:image/jpeg;base64,`) {
		t.Error("the screenshot is not embedded")
	}
	for _, want := range []string{"Fails", "No failures found — manual check needed", "Not tested", "9.2.5.8", "(V4.1.1)", "Godkänn alla"} {
		if !strings.Contains(s, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(s), ">passes<") || strings.Contains(s, ">Passed<") {
		t.Error(`the report says "passes"`)
	}
}

func TestSwedish(t *testing.T) {
	b, err := html.Render(reporttest.Report(t, 6, "sv"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`<html lang="sv">`, "Tillgänglighetsrapport", "Inga fel hittade — manuell kontroll behövs", "Textkontrasten är 3,2:1", "Så åtgärdar du"} {
		if !strings.Contains(s, want) {
			t.Errorf("Swedish report lacks %q", want)
		}
	}
}

// TestLarge renders a 1,000-page result and checks the size target
// (≤ 20 MB); BenchmarkLarge measures the time.
func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large render")
	}
	rep := reporttest.Report(t, 1000, "en")
	t0 := time.Now()
	b, err := html.Render(rep)
	if err != nil {
		t.Fatal(err)
	}
	el := time.Since(t0)
	t.Logf("1,000 pages: %d issues, HTML %.2f MB in %v", len(rep.Issues), float64(len(b))/1e6, el)
	if len(b) > 20<<20 {
		t.Errorf("HTML is %d bytes, over 20 MB", len(b))
	}
	if dir := os.Getenv("GRANSKA_REPORT_OUT"); dir != "" {
		os.WriteFile(filepath.Join(dir, "large.html"), b, 0o644)
	}
}

func BenchmarkLarge(b *testing.B) {
	dir := b.TempDir()
	if err := reporttest.WriteShots(dir); err != nil {
		b.Fatal(err)
	}
	run := reporttest.Run(1000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rep := report.Build(run, report.Options{Now: reporttest.Clock, Version: reporttest.Version, AssetDir: dir})
		out, err := html.Render(rep)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(out))/1e6, "MB")
	}
}
