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

// TestGaps: the run's gaps are a section with a captioned table, linked
// from the contents and the summary, one row per gap with its page (or the
// whole run), what was not checked and the detail, in both languages.
func TestGaps(t *testing.T) {
	for _, tc := range []struct{ lang, heading, caption, kind, run string }{
		{"en", "What the run could not check", "Gaps of the run, per page (the whole run last)", "A safety net ran out", "The whole run"},
		{"sv", "Vad granskningen inte kunde kontrollera", "Luckor i granskningen, per sida (hela körningen sist)", "En säkerhetsgräns löpte ut", "Hela körningen"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			rep := reporttest.Report(t, 6, tc.lang)
			b, err := html.Render(rep)
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			sec := regexp.MustCompile(`(?s)<section aria-labelledby="gaps">.*?</section>`).FindString(s)
			if sec == "" {
				t.Fatal("no gaps section")
			}
			for _, want := range []string{`<h2 id="gaps">` + tc.heading + `</h2>`, `<caption>` + tc.caption + `</caption>`, tc.kind, tc.run,
				`<a href="#gaps">` + tc.heading + `</a>`, `<a href="#gaps">6</a>`} {
				if !strings.Contains(s, want) {
					t.Errorf("report lacks %q", want)
				}
			}
			if rows := strings.Count(sec, `<tr><th scope="row">`); rows != len(rep.Gaps) || rows != 6 {
				t.Errorf("%d gap rows, %d gaps; want 6 (2+1 page gaps, 2 bounds, 1 fetch)", rows, len(rep.Gaps))
			}
			for _, want := range []string{`<a href="https://jobb.example.se/jobb/1">`, `<a href="https://jobb.example.se/jobb/3">`, "HTTP 503", "--max-pages", "after 41 stops"} {
				if !strings.Contains(sec, want) {
					t.Errorf("gaps section lacks %q", want)
				}
			}
		})
	}
	// A run without gaps has no section and no link to one.
	rep := reporttest.Report(t, 2, "en")
	rep.Gaps = nil
	b, err := html.Render(rep)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `#gaps`) || strings.Contains(string(b), `id="gaps"`) {
		t.Error("a run without gaps shows a gaps section")
	}
}
