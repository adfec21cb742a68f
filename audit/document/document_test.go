package document

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/granska/granska/internal/testpdf"
	"github.com/granska/granska/rules"
)

// outcome returns the outcome and code of check in rep ("" when absent).
func outcome(rep Report, check string) string {
	for _, f := range rep.Findings {
		if f.Check == check {
			return string(f.Outcome) + ":" + f.Code
		}
	}
	return ""
}

func TestCheck(t *testing.T) {
	long := make([]string, 12)
	for i := range long {
		long[i] = fmt.Sprintf("Page %d of the annual report", i+1)
	}
	cases := []struct {
		name                string
		spec                testpdf.Spec
		want                map[string]string // check -> outcome:code
		tagged, text, scans int
	}{
		{"accessible", testpdf.Spec{Title: "Årsredovisning 2025", DisplayDocTitle: true, Lang: "sv-SE", Tagged: true,
			Pages: []string{"Inledning", "Resultat"}, Fields: []testpdf.Field{{Name: "namn", Tooltip: "Ditt namn"}}},
			map[string]string{"pdf-tagged": "passed:tagged", "pdf-title": "passed:titled", "pdf-lang": "passed:lang",
				"pdf-text": "passed:text", "pdf-form-fields": "passed:named", "pdf-bookmarks": ""}, 2, 2, 0},
		{"bare", testpdf.Spec{Pages: []string{"Plain text"}, Fields: []testpdf.Field{{Name: "f1"}, {Name: "f2", Tooltip: "E-mail"}}},
			map[string]string{"pdf-tagged": "failed:untagged", "pdf-title": "failed:no-title", "pdf-lang": "failed:no-lang",
				"pdf-text": "passed:text", "pdf-form-fields": "failed:no-name"}, 0, 1, 0},
		{"title not shown", testpdf.Spec{Title: "Policy", Lang: "en", Tagged: true},
			map[string]string{"pdf-title": "cantTell:title-not-shown"}, 1, 1, 0},
		{"scan", testpdf.Spec{Title: "Scanned letter", DisplayDocTitle: true, Lang: "sv", Pages: []string{"", ""}},
			map[string]string{"pdf-text": "failed:image-only", "pdf-tagged": "failed:untagged"}, 0, 0, 2},
		{"scan tagged", testpdf.Spec{Tagged: true, Lang: "sv", Pages: []string{""}},
			map[string]string{"pdf-text": "cantTell:image-only-tagged"}, 1, 0, 1},
		{"some scanned pages", testpdf.Spec{Lang: "sv", Pages: []string{"Text", ""}},
			map[string]string{"pdf-text": "cantTell:scanned-pages"}, 0, 1, 1},
		{"partly tagged", testpdf.Spec{Tagged: true, TaggedPages: 1, Lang: "en", Pages: []string{"One", "Two", "Three"}},
			map[string]string{"pdf-tagged": "cantTell:partly-tagged"}, 1, 3, 0},
		{"long without bookmarks", testpdf.Spec{Lang: "en", Pages: long},
			map[string]string{"pdf-bookmarks": "cantTell:no-bookmarks"}, 0, 12, 0},
		{"long with bookmarks", testpdf.Spec{Lang: "en", Pages: long, Bookmarks: []string{"Intro", "Results", "Outlook"}},
			map[string]string{"pdf-bookmarks": "passed:bookmarks"}, 0, 12, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Check("http://127.0.0.1/x.pdf", testpdf.Build(c.spec), Options{})
			if rep.Status != StatusChecked {
				t.Fatalf("status %s (%s)", rep.Status, rep.Error)
			}
			for check, want := range c.want {
				if got := outcome(rep, check); got != want {
					t.Errorf("%s: got %q, want %q", check, got, want)
				}
			}
			if rep.TaggedPages != c.tagged || rep.TextPages != c.text || rep.ImageOnlyPages != c.scans {
				t.Errorf("tagged/text/scan pages %d/%d/%d, want %d/%d/%d", rep.TaggedPages, rep.TextPages, rep.ImageOnlyPages, c.tagged, c.text, c.scans)
			}
			for _, f := range rep.Findings {
				if f.Message == "" || f.MessageSV == "" || strings.Contains(f.Message, "{") {
					t.Errorf("%s/%s: message %q / %q", f.Check, f.Code, f.Message, f.MessageSV)
				}
			}
		})
	}
}

func TestCheckMetadata(t *testing.T) {
	rep := Check("u", testpdf.Build(testpdf.Spec{Title: "Old (scanned) form", Created: "D:20170105120000Z",
		Pages: []string{"a", "b"}, Bookmarks: []string{"A", "B"}}), Options{})
	if rep.Title != "Old (scanned) form" || rep.Created != "2017-01-05" || !rep.BeforeWAD || rep.Bookmarks != 2 || rep.Pages != 2 {
		t.Errorf("got %+v", rep)
	}
	rep = Check("u", testpdf.Build(testpdf.Spec{Created: "D:20240301"}), Options{})
	if rep.Created != "2024-03-01" || rep.BeforeWAD {
		t.Errorf("created %q beforeWAD %v", rep.Created, rep.BeforeWAD)
	}
}

func TestCheckUnreadable(t *testing.T) {
	cases := []struct {
		name   string
		data   []byte
		status string
		code   string
	}{
		{"broken", testpdf.Broken(), StatusMalformed, "malformed"},
		{"encrypted", testpdf.Encrypted(), StatusEncrypted, "encrypted"},
		{"html", []byte("<!doctype html><title>Not found</title>"), StatusNotPDF, "malformed"},
		{"empty", nil, StatusNotPDF, "malformed"},
		{"header only", []byte("%PDF-1.7\n"), StatusMalformed, "malformed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Check("u", c.data, Options{})
			if rep.Status != c.status {
				t.Fatalf("status %q (%s), want %q", rep.Status, rep.Error, c.status)
			}
			if len(rep.Findings) != 1 || rep.Findings[0].Code != c.code || rep.Findings[0].Outcome != rules.CantTell {
				t.Errorf("findings %+v", rep.Findings)
			}
		})
	}
}

func TestScanContent(t *testing.T) {
	ops := scanContent([]byte(`% comment Tj
BT /F1 12 Tf (a \) Tj) Tj [(x) 3 (y)] TJ ET q /Im1 Do Q BI /W 1 /H 1 ID xx EI`))
	if ops.text != 2 || ops.xobjects != 1 || ops.images != 1 {
		t.Errorf("got %+v", ops)
	}
	if got := doNames([]byte("/Im1 Do /Fm2 Do (/X) Tj")); !slices.Equal(got, []string{"Im1", "Fm2"}) {
		t.Errorf("doNames %v", got)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add(testpdf.Build(testpdf.Spec{Title: "t", Tagged: true, Pages: []string{"a", ""}}))
	f.Add(testpdf.Broken())
	f.Add(testpdf.Encrypted())
	f.Fuzz(func(t *testing.T, data []byte) {
		rep := Check("u", data, Options{MaxPages: 5})
		if rep.Status == "" {
			t.Fatal("no status")
		}
	})
}

func TestCheckAll(t *testing.T) {
	files := map[string][]byte{
		"/a.pdf":      testpdf.Build(testpdf.Spec{Title: "A", DisplayDocTitle: true, Lang: "sv", Tagged: true}),
		"/big.pdf":    testpdf.Build(testpdf.Spec{Pages: make([]string, 0), Title: strings.Repeat("x", 5000)}),
		"/broken.pdf": testpdf.Broken(),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := files[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Write(b)
	}))
	defer srv.Close()
	links := []Link{{srv.URL + "/z.pdf", "p"}, {srv.URL + "/broken.pdf", "p"}, {srv.URL + "/a.pdf", "p"}, {srv.URL + "/big.pdf", "p"}, {srv.URL + "/a.pdf", "q"}}
	reps := CheckAll(context.Background(), srv.Client(), links, Options{MaxDocuments: 3, MaxBytes: 4000})
	var got []string
	for _, r := range reps {
		got = append(got, strings.TrimPrefix(r.URL, srv.URL)+" "+r.Status)
	}
	want := []string{"/a.pdf checked", "/big.pdf too-large", "/broken.pdf malformed", "/z.pdf skipped"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := Fetch(context.Background(), nil, "file:///etc/passwd", 10); !errors.Is(err, ErrNotHTTP) {
		t.Errorf("file URL: %v", err)
	}
}

func BenchmarkCheck(b *testing.B) {
	pages := make([]string, 50)
	for i := range pages {
		pages[i] = fmt.Sprintf("Page %d", i)
	}
	data := testpdf.Build(testpdf.Spec{Title: "Report", DisplayDocTitle: true, Lang: "en", Tagged: true, Pages: pages, Bookmarks: []string{"A", "B"}})
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if rep := Check("u", data, Options{}); rep.Status != StatusChecked {
			b.Fatal(rep.Status)
		}
	}
}
