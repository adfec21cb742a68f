package formats_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/pdfprint"
	formats "github.com/granska/granska/report/formats"
	"github.com/granska/granska/report/html"
	"github.com/granska/granska/report/reporttest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	ruleset "github.com/granska/granska/rules/catalog"
)

func TestMain(m *testing.M) {
	code := m.Run()
	chrometest.Close()
	os.Exit(code)
}

// outDir is where the browser tests leave the report and its screenshot
// for a person to look at: $GRANSKA_TEST_OUT, or a folder in the temp dir.
func outDir(t *testing.T) string {
	dir := os.Getenv("GRANSKA_TEST_OUT")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "granska-report-test")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestDogfood audits the HTML report, in both languages, with Granska's
// own rules in real Chromium: it must have no failed outcome. A screenshot
// of the report is saved in the test output folder.
func TestDogfood(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	chrometest.Pool(t)
	out := outDir(t)
	for _, lang := range []string{"en", "sv"} {
		t.Run(lang, func(t *testing.T) {
			page, err := html.Render(reporttest.Report(t, 12, lang))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write(page)
			}))
			defer srv.Close()
			p, err := chrometest.Capture(t, srv.URL+"/index.html", capture.Options{Screenshot: true})
			if err != nil {
				t.Fatal(err)
			}
			fs, errs := rules.Run(context.Background(), p, ruleset.Default(), rules.Options{})
			for _, e := range errs {
				t.Errorf("rule error: %s: %s", e.Rule, e.Err)
			}
			rp := result.FromFindings(p, ruleset.Default(), fs, errs, false)
			failed, cant := 0, 0
			for _, o := range rp.Outcomes {
				sel := ""
				if o.Target != nil {
					sel = o.Target.Selector
				}
				switch o.Outcome {
				case rules.Failed:
					failed++
					t.Errorf("the report fails %s/%s on %s: %s", o.Rule, o.Code, sel, o.Message)
				case rules.CantTell:
					cant++
					t.Logf("cannot tell: %s/%s on %s", o.Rule, o.Code, sel)
				}
			}
			t.Logf("%s report: %d failed, %d cannot tell outcomes", lang, failed, cant)
			if p.Screenshot != nil {
				shot := filepath.Join(out, "report-"+lang+"."+p.Screenshot.Format)
				if err := os.WriteFile(shot, p.Screenshot.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(out, "report-"+lang+".html"), page, 0o644)
				t.Logf("screenshot: %s", shot)
			} else {
				t.Error("no screenshot taken")
			}
		})
	}
}

// TestTaggedPDF prints the HTML report with Chromium and checks that
// pdfinfo calls it tagged.
func TestTaggedPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdfinfo (poppler-utils) is required under CI=true")
		}
		t.Skip("pdfinfo not installed (apt-get install poppler-utils)")
	}
	pool := chrometest.Pool(t)
	rep := reporttest.Report(t, 6, "sv")
	rep.Opt.Printer = pdfprint.New(pool)
	b, err := formats.Render(context.Background(), rep, "pdf-tagged")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(outDir(t), "report-tagged.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	info, err := exec.Command("pdfinfo", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, info)
	}
	if !strings.Contains(string(info), "Tagged:          yes") {
		t.Errorf("not tagged:\n%s", info)
	}
	if text, err := exec.Command("pdftotext", path, "-").Output(); err == nil && !strings.Contains(string(text), "Tillgänglighetsrapport") {
		t.Errorf("the tagged PDF lacks the Swedish title")
	}
	t.Logf("tagged PDF: %s (%d bytes)", path, len(b))
}
