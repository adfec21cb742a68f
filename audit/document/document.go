// Package document checks downloadable PDF documents against the
// requirements of EN 301 549 clause 10 (non-web documents), which the Web
// Accessibility Directive (EU) 2016/2102 applies to documents a public body
// publishes on its site (Implementing Decision (EU) 2018/1524 Annex I asks
// monitoring to sample at least one where present).
//
// [Check] reads one file's bytes and is pure: no network, disk or clock. It
// reports what a reader of the file meets: whether it is tagged (and on
// which pages), a title and whether viewers show it as the window title, a
// document language, a real text layer or images of pages only, bookmarks
// for long documents and names of form fields. [CheckAll] fetches the
// documents a crawl listed, within a per-run bound, and checks each.
//
// A malformed or encrypted file is reported with a status, never a crash:
// the PDF library's panics are recovered.
//
// The PDF objects are read with pdfcpu (github.com/pdfcpu/pdfcpu), a pure-Go
// library that gives the raw catalogue, page and annotation dictionaries the
// checks need (/MarkInfo, /StructParents, /ViewerPreferences, /TU).
package document

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/granska/granska/rules"
)

// Status says whether a document could be checked.
const (
	StatusChecked   = "checked"   // read and checked
	StatusEncrypted = "encrypted" // needs a password to open: not checked
	StatusMalformed = "malformed" // not a readable PDF
	StatusNotPDF    = "not-pdf"   // the URL did not return a PDF
	StatusTooLarge  = "too-large" // larger than Options.MaxBytes: not read
	StatusFetch     = "fetch-error"
	StatusSkipped   = "skipped" // beyond Options.MaxDocuments: a gap in the run
)

// Checks, each with the clause-10 requirement it evidences. Clause 10 of
// EN 301 549 V3.2.1 applies WCAG 2.1 to documents; its 10.2.4.1 (bypass
// blocks) and 10.2.4.5 (multiple ways) are void, so bookmarks are advice
// there, not a requirement.
var Checks = []CheckInfo{
	{ID: "pdf-tagged", EN: []string{"10.1.3.1"}, WCAG: []string{"1.3.1"},
		Title: T{"The document is tagged on every page", "Dokumentet är taggat på varje sida"}},
	{ID: "pdf-title", EN: []string{"10.2.4.2"}, WCAG: []string{"2.4.2"},
		Title: T{"The document has a title shown as the window title", "Dokumentet har en titel som visas som fönstertitel"}},
	{ID: "pdf-lang", EN: []string{"10.3.1.1"}, WCAG: []string{"3.1.1"},
		Title: T{"The document states its language", "Dokumentet anger sitt språk"}},
	{ID: "pdf-text", EN: []string{"10.1.1.1"}, WCAG: []string{"1.1.1"},
		Title: T{"Pages have real text, not only images of it", "Sidorna har riktig text, inte bara bilder av text"}},
	{ID: "pdf-form-fields", EN: []string{"10.4.1.2"}, WCAG: []string{"4.1.2"},
		Title: T{"Form fields have names", "Formulärfält har namn"}},
	{ID: "pdf-bookmarks", Title: T{"A long document has bookmarks", "Ett långt dokument har bokmärken"}},
	{ID: "pdf-readable", Title: T{"The document can be opened", "Dokumentet går att öppna"}},
}

// T is a text in English and Swedish.
type T struct{ EN, SV string }

// CheckInfo describes one check.
type CheckInfo struct {
	ID    string   `json:"id"`
	EN    []string `json:"en,omitempty"`
	WCAG  []string `json:"wcag,omitempty"`
	Title T        `json:"-"`
}

// Options bound the work. Zero values take the defaults.
type Options struct {
	// MaxDocuments is the most documents checked in a run; the rest are
	// listed as skipped (a gap, not a pass). Default 25.
	MaxDocuments int
	// MaxBytes is the largest file read. Default 20 MiB.
	MaxBytes int64
	// MaxPages is the most pages whose content is read for text and images;
	// the rest count as not examined. Default 300.
	MaxPages int
	// LongDocument is the page count from which bookmarks are expected.
	// Default 10.
	LongDocument int
}

func (o Options) withDefaults() Options {
	if o.MaxDocuments == 0 {
		o.MaxDocuments = 25
	}
	if o.MaxBytes == 0 {
		o.MaxBytes = 20 << 20
	}
	if o.MaxPages == 0 {
		o.MaxPages = 300
	}
	if o.LongDocument == 0 {
		o.LongDocument = 10
	}
	return o
}

// WADDocumentsFrom is the date from which the Web Accessibility Directive
// covers office-format documents: Art. 1(4)(a) exempts those published
// before 23 September 2018 unless needed for active administrative
// processes.
var WADDocumentsFrom = time.Date(2018, 9, 23, 0, 0, 0, 0, time.UTC)

// Report is what was found in one document.
type Report struct {
	URL    string `json:"url"`
	From   string `json:"from,omitempty"` // the page that linked it
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	Bytes  int    `json:"bytes,omitempty"`
	Pages  int    `json:"pages,omitempty"`
	Title  string `json:"title,omitempty"`
	// DisplayDocTitle is the viewer preference that shows Title, not the
	// file name, as the window title.
	DisplayDocTitle bool   `json:"displayDocTitle,omitempty"`
	Lang            string `json:"lang,omitempty"`
	Tagged          bool   `json:"tagged"`
	// TaggedPages counts pages whose content is in the structure tree
	// (/StructParents); TextPages pages with text drawn; ImageOnlyPages
	// pages with images and no text (scans). ExaminedPages is how many
	// pages' content was read (Options.MaxPages).
	TaggedPages    int `json:"taggedPages"`
	TextPages      int `json:"textPages"`
	ImageOnlyPages int `json:"imageOnlyPages"`
	ExaminedPages  int `json:"examinedPages"`
	Bookmarks      int `json:"bookmarks"`
	Fields         int `json:"fields"`
	// UnnamedFields lists the form fields with no user-facing name (/TU).
	UnnamedFields []string `json:"unnamedFields,omitempty"`
	// Created is the creation date the document states (YYYY-MM-DD), the
	// nearest to a publication date a file carries.
	Created string `json:"created,omitempty"`
	// BeforeWAD is set when Created is before [WADDocumentsFrom]: the
	// document may be exempt, which a person decides.
	BeforeWAD bool      `json:"beforeWad,omitempty"`
	Findings  []Finding `json:"findings"`
}

// Finding is one check's outcome on a document.
type Finding struct {
	Check     string            `json:"check"`
	Outcome   rules.Outcome     `json:"outcome"`
	Code      string            `json:"code"`
	EN        []string          `json:"en,omitempty"`
	WCAG      []string          `json:"wcag,omitempty"`
	Message   string            `json:"message"`
	MessageSV string            `json:"messageSv"`
	Args      map[string]string `json:"args,omitempty"`
}

// TaggedFraction is the share of pages with tags, 0 to 1.
func (r *Report) TaggedFraction() float64 {
	if r.Pages == 0 {
		return 0
	}
	return float64(r.TaggedPages) / float64(r.Pages)
}

func (r *Report) add(check string, o rules.Outcome, code string, args map[string]string) {
	ci := checkInfo(check)
	m := messages[check+"/"+code]
	r.Findings = append(r.Findings, Finding{Check: check, Outcome: o, Code: code, EN: ci.EN, WCAG: ci.WCAG,
		Message: expand(m.EN, args), MessageSV: expand(m.SV, args), Args: args})
}

func checkInfo(id string) CheckInfo {
	for _, c := range Checks {
		if c.ID == id {
			return c
		}
	}
	panic("document: unknown check " + id)
}

func expand(s string, args map[string]string) string {
	for _, k := range slices.Sorted(mapsKeys(args)) {
		s = strings.ReplaceAll(s, "{"+k+"}", args[k])
	}
	return s
}

func mapsKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// messages by check/code.
var messages = map[string]T{
	"pdf-tagged/tagged":          {"Every page is tagged.", "Varje sida är taggad."},
	"pdf-tagged/untagged":        {"The document has no tags: assistive technology gets no headings, lists, tables or reading order.", "Dokumentet saknar taggar: hjälpmedel får inga rubriker, listor, tabeller eller läsordning."},
	"pdf-tagged/partly-tagged":   {"{tagged} of {pages} pages are tagged; check that the untagged pages hold only decoration.", "{tagged} av {pages} sidor är taggade; kontrollera att de otaggade sidorna bara har dekoration."},
	"pdf-title/titled":           {"Title \"{title}\", shown as the window title.", "Titeln \"{title}\" visas som fönstertitel."},
	"pdf-title/no-title":         {"The document has no title: viewers show the file name.", "Dokumentet saknar titel: läsprogram visar filnamnet."},
	"pdf-title/title-not-shown":  {"The title \"{title}\" is not shown as the window title (DisplayDocTitle is not set): viewers show the file name. Is the file name descriptive?", "Titeln \"{title}\" visas inte som fönstertitel (DisplayDocTitle saknas): läsprogram visar filnamnet. Beskriver filnamnet dokumentet?"},
	"pdf-lang/lang":              {"Language {lang}.", "Språk {lang}."},
	"pdf-lang/no-lang":           {"The document states no language: screen readers may read it with the wrong pronunciation.", "Dokumentet anger inget språk: skärmläsare kan läsa med fel uttal."},
	"pdf-text/text":              {"Every examined page has real text.", "Varje granskad sida har riktig text."},
	"pdf-text/image-only":        {"The document is images of pages only (a scan without a text layer): its text cannot be read aloud, searched or enlarged.", "Dokumentet består bara av bilder av sidor (en skanning utan textlager): texten kan inte läsas upp, sökas eller förstoras."},
	"pdf-text/image-only-tagged": {"The document is images of pages only but tagged: check that each figure has a text alternative with the page's text.", "Dokumentet består bara av bilder av sidor men är taggat: kontrollera att varje figur har en textalternativ med sidans text."},
	"pdf-text/scanned-pages":     {"{scans} of {pages} pages are images only (scans): check that their text is available.", "{scans} av {pages} sidor är bara bilder (skanningar): kontrollera att deras text finns tillgänglig."},
	"pdf-form-fields/named":      {"All {fields} form fields have names.", "Alla {fields} formulärfält har namn."},
	"pdf-form-fields/no-name":    {"{count} form fields have no name for assistive technology (no tooltip, /TU): {names}.", "{count} formulärfält saknar namn för hjälpmedel (ingen tooltip, /TU): {names}."},
	"pdf-bookmarks/bookmarks":    {"{bookmarks} bookmarks.", "{bookmarks} bokmärken."},
	"pdf-bookmarks/no-bookmarks": {"A {pages}-page document has no bookmarks: check that readers can move through it (advice; clause 10.2.4.5 is void for documents).", "Ett dokument på {pages} sidor saknar bokmärken: kontrollera att läsare kan hitta i det (råd; 10.2.4.5 gäller inte dokument)."},
	"pdf-readable/encrypted":     {"The document needs a password to open; it was not checked, and readers without the password cannot open it.", "Dokumentet kräver lösenord för att öppnas; det granskades inte och läsare utan lösenord kan inte öppna det."},
	"pdf-readable/malformed":     {"The file is not a readable PDF ({error}); it was not checked.", "Filen är ingen läsbar PDF ({error}); den granskades inte."},
	"pdf-readable/restricted":    {"The document forbids copying content for accessibility (permission bit 10): check that screen readers can read it.", "Dokumentet förbjuder kopiering av innehåll för tillgänglighet (behörighetsbit 10): kontrollera att skärmläsare kan läsa det."},
}

// isPDF says whether data starts like a PDF (the header may follow up to
// 1024 bytes of junk, as readers allow).
func isPDF(data []byte) bool {
	head := data[:min(len(data), 1024)]
	return bytes.Contains(head, []byte("%PDF-"))
}

func (r *Report) String() string {
	return fmt.Sprintf("%s: %s, %d pages", r.URL, r.Status, r.Pages)
}
