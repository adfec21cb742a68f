package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/report/pdf"
	"github.com/granska/granska/report/reporttest"
)

func render(t *testing.T, n int, lang string) string {
	t.Helper()
	b, err := pdf.Render(reporttest.Report(t, n, lang))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func tool(t *testing.T, name string, args ...string) string {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s (poppler-utils) is required under CI=true", name)
		}
		t.Skipf("%s not installed (apt-get install poppler-utils)", name)
	}
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

// TestText round-trips the text through pdftotext: Swedish letters come
// back as written, so the embedded font maps them correctly. The
// extracted text is the golden file.
func TestText(t *testing.T) {
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			path := render(t, 6, lang)
			text := tool(t, "pdftotext", "-layout", "-enc", "UTF-8", path, "-")
			for _, want := range []string{"Åre, Älvdalen och Växjö", "Godkänn alla", "9.2.5.8 (V4.1.1)"} {
				if !strings.Contains(text, want) {
					t.Errorf("pdftotext lacks %q", want)
				}
			}
			// The run's gaps are a section with a table.
			gaps := map[string][]string{
				"en": {"What the run could not check", "A safety net ran out", "The whole run", "HTTP 503"},
				"sv": {"Vad granskningen inte kunde kontrollera", "En säkerhetsgräns löpte ut", "Hela körningen", "HTTP 503"},
			}
			for _, want := range gaps[lang] {
				if !strings.Contains(text, want) {
					t.Errorf("pdftotext lacks the gap text %q", want)
				}
			}
			if lang == "sv" {
				for _, want := range []string{"Tillgänglighetsrapport", "Inga fel hittade", "Så åtgärdar du", "Textkontrasten är 3,2:1"} {
					if !strings.Contains(text, want) {
						t.Errorf("pdftotext lacks %q", want)
					}
				}
			}
			reporttest.Golden(t, "report."+lang+".pdf.txt", []byte(text))
		})
	}
}

// TestInfo checks the metadata, the outline and the embedded font.
func TestInfo(t *testing.T) {
	path := render(t, 6, "sv")
	info := tool(t, "pdfinfo", path)
	for _, want := range []string{"Title:           Tillgänglighetsrapport – jobb.example.se", "Author:          Granska 0.0.0-test", "Pages:"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	if strings.Contains(info, "Syntax Error") {
		t.Errorf("pdfinfo reports errors:\n%s", info)
	}
	fonts := tool(t, "pdffonts", path)
	for _, line := range strings.Split(fonts, "\n")[2:] {
		if f := strings.Fields(line); len(f) > 5 && (!strings.Contains(strings.ToLower(f[0]), "dejavu") || f[len(f)-5] != "yes") {
			t.Errorf("font not embedded DejaVu: %s", line)
		}
	}
	b, _ := os.ReadFile(path)
	if !bytes.Contains(b, []byte("/Lang (sv)")) || !bytes.Contains(b, []byte("/Outlines")) {
		t.Error("the PDF lacks /Lang or an outline")
	}
}

func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large render")
	}
	t0 := time.Now()
	b, err := pdf.Render(reporttest.Report(t, 1000, "en"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("1,000 pages: PDF %.2f MB in %v", float64(len(b))/1e6, time.Since(t0))
}
