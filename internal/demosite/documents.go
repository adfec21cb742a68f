package demosite

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/granska/granska/internal/testpdf"
)

// document is a downloadable PDF of the demo site. Both twins serve the same
// paths; the broken twin's files carry the clause-10 barriers the manifest's
// "public" part lists, the fixed twin's are accessible.
type document struct {
	Name    string // file name under /dokument/
	Title   string // link text (Swedish)
	TitleEN string
	broken  func() []byte
	fixed   func() []byte
}

// reportPages is the annual report's text, one line a page: a long
// document, which wants bookmarks.
func reportPages() []string {
	var out []string
	for i := range 12 {
		out = append(out, fmt.Sprintf("Norrsken Energi AB - Arsredovisning 2025 - sida %d", i+1))
	}
	return out
}

var documents = []document{
	{Name: "arsredovisning-2025.pdf", Title: "Årsredovisning 2025", TitleEN: "Annual report 2025 (Swedish)",
		broken: func() []byte { return testpdf.Build(testpdf.Spec{Pages: reportPages(), Created: "D:20260315090000Z"}) },
		fixed: func() []byte {
			return testpdf.Build(testpdf.Spec{Title: "Årsredovisning 2025", DisplayDocTitle: true, Lang: "sv-SE", Tagged: true,
				Pages: reportPages(), Bookmarks: []string{"Inledning", "Förvaltningsberättelse", "Resultaträkning"}, Created: "D:20260315090000Z"})
		}},
	{Name: "intresseanmalan.pdf", Title: "Intresseanmälan (blankett)", TitleEN: "Expression of interest (form, Swedish)",
		broken: func() []byte {
			return testpdf.Build(testpdf.Spec{Title: "Intresseanmälan", DisplayDocTitle: true, Lang: "sv-SE", Tagged: true,
				Pages: []string{"Intresseanmalan"}, Fields: []testpdf.Field{{Name: "f1"}, {Name: "f2"}}})
		},
		fixed: func() []byte {
			return testpdf.Build(testpdf.Spec{Title: "Intresseanmälan", DisplayDocTitle: true, Lang: "sv-SE", Tagged: true,
				Pages: []string{"Intresseanmalan"}, Fields: []testpdf.Field{{Name: "f1", Tooltip: "Namn"}, {Name: "f2", Tooltip: "E-postadress"}}})
		}},
	{Name: "intyg-skannat.pdf", Title: "Intyg om arbetsmiljöcertifiering", TitleEN: "Work environment certificate (Swedish)",
		broken: func() []byte { return testpdf.Build(testpdf.Spec{Pages: []string{""}, Created: "D:20170410080000Z"}) },
		fixed: func() []byte {
			return testpdf.Build(testpdf.Spec{Title: "Intyg om arbetsmiljöcertifiering", DisplayDocTitle: true, Lang: "sv-SE", Tagged: true,
				Pages: []string{"Intyg om arbetsmiljocertifiering ISO 45001"}, Created: "D:20170410080000Z"})
		}},
	{Name: "likabehandlingsplan.pdf", Title: "Likabehandlingsplan", TitleEN: "Equal treatment plan (Swedish)",
		broken: func() []byte {
			return testpdf.Build(testpdf.Spec{Title: "Likabehandlingsplan", Tagged: true, Pages: []string{"Likabehandlingsplan"}})
		},
		fixed: func() []byte {
			return testpdf.Build(testpdf.Spec{Title: "Likabehandlingsplan", DisplayDocTitle: true, Lang: "sv-SE", Tagged: true, Pages: []string{"Likabehandlingsplan"}})
		}},
	{Name: "lonestatistik.pdf", Title: "Lönestatistik", TitleEN: "Pay statistics (Swedish)",
		broken: testpdf.Encrypted,
		fixed: func() []byte {
			return testpdf.Build(testpdf.Spec{Title: "Lönestatistik", DisplayDocTitle: true, Lang: "sv-SE", Tagged: true, Pages: []string{"Lonestatistik 2025"}})
		}},
	{Name: "organisationsschema.pdf", Title: "Organisationsschema", TitleEN: "Organisation chart (Swedish)",
		broken: testpdf.Broken,
		fixed: func() []byte {
			return testpdf.Build(testpdf.Spec{Title: "Organisationsschema", DisplayDocTitle: true, Lang: "sv-SE", Tagged: true, Pages: []string{"Organisationsschema"}})
		}},
}

// DocumentPaths returns the paths of the demo site's PDFs, sorted.
func DocumentPaths() []string {
	var out []string
	for _, d := range documents {
		out = append(out, "/dokument/"+d.Name)
	}
	slices.Sort(out)
	return out
}

// docView is a document link on the help page.
type docView struct {
	Href, Title string
}

func (s *Site) docViews(lang string) []docView {
	var out []docView
	for _, d := range documents {
		t := d.Title
		if lang == "en" {
			t = d.TitleEN
		}
		out = append(out, docView{Href: "/dokument/" + d.Name, Title: t})
	}
	return out
}

// makeDocuments renders the twin's PDFs, by file name.
func makeDocuments(twin Twin) map[string][]byte {
	out := map[string][]byte{}
	for _, d := range documents {
		if twin == Broken {
			out[d.Name] = d.broken()
		} else {
			out[d.Name] = d.fixed()
		}
	}
	return out
}

// serveDocument serves one PDF of this twin.
func (s *Site) serveDocument(w http.ResponseWriter, r *http.Request) {
	b, ok := s.docs[r.PathValue("name")]
	if !ok {
		s.notFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}
