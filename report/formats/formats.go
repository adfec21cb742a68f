// Package all writes a set of report formats for a run into a folder:
// what `granska audit --format`, `granska report` and `granska demo` call.
package formats

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/granska/granska/report"
	"github.com/granska/granska/report/csv"
	"github.com/granska/granska/report/earl"
	"github.com/granska/granska/report/html"
	"github.com/granska/granska/report/junit"
	"github.com/granska/granska/report/pdf"
	"github.com/granska/granska/report/sarif"
	"github.com/granska/granska/result"
)

// ErrFormat is returned for an unknown format name.
var ErrFormat = errors.New("report: unknown format")

// ErrNoPrinter is returned for "pdf-tagged" without Options.Printer.
var ErrNoPrinter = errors.New("report: pdf-tagged needs a printer (Chromium)")

// Format is one output format.
type Format struct {
	Name string // as given to --format
	File string // file name in the output folder
	Desc string
}

// Formats lists every format, in the order they are written.
var Formats = []Format{
	{"html", "index.html", "the report for people: one self-contained, accessible HTML file"},
	{"pdf", "report.pdf", "the report as a PDF (gofpdf, DejaVu Sans embedded, bookmarks)"},
	{"pdf-tagged", "report-tagged.pdf", "the HTML report printed by Chromium as a tagged (accessible) PDF"},
	{"sarif", "results.sarif", "SARIF 2.1.0 for code scanning"},
	{"junit", "junit.xml", "JUnit XML for CI test reports"},
	{"earl", "earl.jsonld", "EARL JSON-LD, as in W3C ACT implementation reports"},
	{"csv", "issues.csv", "one row per occurrence"},
}

// Names returns the format names.
func Names() []string {
	var out []string
	for _, f := range Formats {
		out = append(out, f.Name)
	}
	return out
}

// Parse reads a comma-separated list of format names ("all" for every
// format but pdf-tagged), checking each.
func Parse(s string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, n := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		n = strings.ToLower(n)
		if n == "all" {
			for _, f := range Formats {
				if f.Name != "pdf-tagged" && !seen[f.Name] {
					seen[f.Name] = true
					out = append(out, f.Name)
				}
			}
			continue
		}
		if _, ok := lookup(n); !ok {
			return nil, fmt.Errorf("%w %q (use %s or all)", ErrFormat, n, strings.Join(Names(), ", "))
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, nil
}

func lookup(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Render renders one format of a built report.
func Render(ctx context.Context, rep *report.Report, format string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case "html":
		err = html.Write(&buf, rep)
	case "pdf":
		err = pdf.Write(&buf, rep)
	case "pdf-tagged":
		if rep.Opt.Printer == nil {
			return nil, ErrNoPrinter
		}
		page, herr := html.RenderPrint(rep)
		if herr != nil {
			return nil, herr
		}
		return rep.Opt.Printer.PrintPDF(ctx, page)
	case "sarif":
		err = sarif.Write(&buf, rep)
	case "junit":
		err = junit.Write(&buf, rep)
	case "earl":
		err = earl.Write(&buf, rep)
	case "csv":
		err = csv.Write(&buf, rep)
	default:
		return nil, fmt.Errorf("%w %q", ErrFormat, format)
	}
	return buf.Bytes(), err
}

// WriteAll writes the formats of run into dir (created if needed), each
// under its file name (Formats), and returns the paths written. opt.AssetDir
// defaults to dir, where the audit keeps its screenshots. Each file is
// written whole or not at all; the first error stops the writing.
func WriteAll(ctx context.Context, run *result.Run, dir string, formats []string, opt report.Options) ([]string, error) {
	if opt.AssetDir == "" {
		opt.AssetDir = dir
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	rep := report.Build(run, opt)
	for _, name := range formats {
		if _, ok := lookup(name); !ok {
			return nil, fmt.Errorf("%w %q", ErrFormat, name)
		}
	}
	// The formats render in parallel: each only reads the report.
	paths := make([]string, len(formats))
	errs := make([]error, len(formats))
	var wg sync.WaitGroup
	for k, name := range formats {
		wg.Go(func() {
			f, _ := lookup(name)
			b, err := Render(ctx, rep, name)
			if err != nil {
				errs[k] = fmt.Errorf("report %s: %w", name, err)
				return
			}
			path := filepath.Join(dir, f.File)
			if err := writeFile(path, b); err != nil {
				errs[k] = fmt.Errorf("report %s: %w", name, err)
				return
			}
			paths[k] = path
		})
	}
	wg.Wait()
	var done []string
	for k := range formats {
		if errs[k] != nil {
			return done, errs[k]
		}
		done = append(done, paths[k])
	}
	return done, nil
}

func writeFile(path string, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}
