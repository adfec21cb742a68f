// Package testpdf writes small PDF files with exactly the accessibility
// properties a test or the demo site asks for: tagged or not, a title shown
// as the window title or not, a language, pages of real text or of an image
// only (a "scan"), bookmarks and form fields. It writes PDF syntax by hand
// (ISO 32000-1 §7: objects, a cross-reference table, a trailer), so each
// property is present or absent on purpose, which no PDF printer guarantees.
package testpdf

import (
	"bytes"
	"fmt"
	"strings"
)

// Spec says what the document has. The zero value is one untagged page of
// text with no title, language, bookmarks or fields.
type Spec struct {
	Title           string // Info /Title; "" for none
	DisplayDocTitle bool   // ViewerPreferences /DisplayDocTitle
	Lang            string // catalog /Lang; "" for none
	Tagged          bool   // /MarkInfo /Marked, a structure tree, /StructParents on TaggedPages
	// TaggedPages is how many of the first pages carry tags when Tagged
	// (0: all of them).
	TaggedPages int
	Pages       []string // text of each page; an empty string is an image-only page (a scan)
	Bookmarks   []string // outline entries, one per page from the first
	Fields      []Field  // form fields on the first page
	Created     string   // Info /CreationDate, e.g. "D:20190301120000Z"; "" for none
}

// Field is a text field: Name is its partial name (/T), Tooltip its
// user-facing name (/TU) that assistive technology reads.
type Field struct {
	Name, Tooltip string
}

// Build returns the PDF file.
func Build(s Spec) []byte {
	pages := s.Pages
	if len(pages) == 0 {
		pages = []string{"Hello"}
	}
	var objs []string // objs[i] is object i+1
	add := func(body string) int {
		objs = append(objs, body)
		return len(objs)
	}
	reserve := func() int { return add("") }
	set := func(n int, body string) { objs[n-1] = body }

	catalog := reserve()
	pagesObj := reserve()
	font := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	// A 2×2 grey image: what a scanner leaves without OCR.
	image := add(stream("/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80\x40\x40\x80"))
	nTagged := len(pages)
	if s.TaggedPages > 0 && s.TaggedPages < nTagged {
		nTagged = s.TaggedPages
	}
	var structRoot, fieldsArr, outlines int
	if s.Tagged {
		structRoot = reserve()
	}
	var kids []string
	var pageRefs []int
	var widgets []int
	for i, text := range pages {
		var content string
		tagged := s.Tagged && i < nTagged
		switch {
		case text == "":
			content = "q 400 0 0 560 100 140 cm /Im1 Do Q"
			if tagged {
				content = "/Figure <</MCID 0>> BDC " + content + " EMC"
			}
		default:
			content = "BT /F1 14 Tf 72 720 Td (" + escape(text) + ") Tj ET"
			if tagged {
				content = "/P <</MCID 0>> BDC " + content + " EMC"
			}
		}
		c := add(stream("", content))
		extra := ""
		if tagged {
			extra = fmt.Sprintf(" /StructParents %d", i)
		}
		p := reserve()
		if i == 0 && len(s.Fields) > 0 {
			var annots []string
			for k, f := range s.Fields {
				tu := ""
				if f.Tooltip != "" {
					tu = " /TU (" + escape(f.Tooltip) + ")"
				}
				w := add(fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Tx /T (%s)%s /Rect [72 %d 300 %d] /P %d 0 R /F 4 >>",
					escape(f.Name), tu, 600-40*k, 620-40*k, p))
				widgets = append(widgets, w)
				annots = append(annots, fmt.Sprintf("%d 0 R", w))
			}
			extra += " /Annots [" + strings.Join(annots, " ") + "]"
		}
		set(p, fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents %d 0 R /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >>%s >>",
			pagesObj, c, font, image, extra))
		kids = append(kids, fmt.Sprintf("%d 0 R", p))
		pageRefs = append(pageRefs, p)
	}
	set(pagesObj, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	if s.Tagged {
		doc := reserve()
		var elems, nums []string
		for i := 0; i < nTagged; i++ {
			typ := "P"
			alt := ""
			if pages[i] == "" {
				typ = "Figure"
			}
			e := add(fmt.Sprintf("<< /Type /StructElem /S /%s /P %d 0 R /Pg %d 0 R /K 0%s >>", typ, doc, pageRefs[i], alt))
			elems = append(elems, fmt.Sprintf("%d 0 R", e))
			nums = append(nums, fmt.Sprintf("%d [%d 0 R]", i, e))
		}
		set(doc, fmt.Sprintf("<< /Type /StructElem /S /Document /P %d 0 R /K [%s] >>", structRoot, strings.Join(elems, " ")))
		pt := add("<< /Nums [" + strings.Join(nums, " ") + "] >>")
		set(structRoot, fmt.Sprintf("<< /Type /StructTreeRoot /K %d 0 R /ParentTree %d 0 R /ParentTreeNextKey %d >>", doc, pt, len(pages)))
	}
	if len(s.Fields) > 0 {
		var refs []string
		for _, w := range widgets {
			refs = append(refs, fmt.Sprintf("%d 0 R", w))
		}
		fieldsArr = add("[" + strings.Join(refs, " ") + "]")
	}
	if n := min(len(s.Bookmarks), len(pages)); n > 0 {
		outlines = reserve()
		items := make([]int, n)
		for i := range items {
			items[i] = reserve()
		}
		for i, title := range s.Bookmarks[:n] {
			links := ""
			if i > 0 {
				links += fmt.Sprintf(" /Prev %d 0 R", items[i-1])
			}
			if i < n-1 {
				links += fmt.Sprintf(" /Next %d 0 R", items[i+1])
			}
			set(items[i], fmt.Sprintf("<< /Title (%s) /Parent %d 0 R /Dest [%d 0 R /Fit]%s >>", escape(title), outlines, pageRefs[i], links))
		}
		set(outlines, fmt.Sprintf("<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>", items[0], items[n-1], n))
	}
	cat := fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R", pagesObj)
	if s.Lang != "" {
		cat += " /Lang (" + escape(s.Lang) + ")"
	}
	if s.Tagged {
		cat += fmt.Sprintf(" /MarkInfo << /Marked true >> /StructTreeRoot %d 0 R", structRoot)
	}
	if s.DisplayDocTitle {
		cat += " /ViewerPreferences << /DisplayDocTitle true >>"
	}
	if fieldsArr != 0 {
		cat += fmt.Sprintf(" /AcroForm << /Fields %d 0 R >>", fieldsArr)
	}
	if outlines != 0 {
		cat += fmt.Sprintf(" /Outlines %d 0 R /PageMode /UseOutlines", outlines)
	}
	set(catalog, cat+" >>")
	info := "<< /Producer (Granska testpdf)"
	if s.Title != "" {
		info += " /Title (" + escape(s.Title) + ")"
	}
	if s.Created != "" {
		info += " /CreationDate (" + s.Created + ")"
	}
	infoObj := add(info + " >>")

	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, catalog, infoObj, xref)
	return b.Bytes()
}

func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// escape makes s a PDF literal string's content (ASCII text only).
func escape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`)
	return r.Replace(s)
}

// Broken returns bytes that begin like a PDF and end inside its first
// object: a download cut short, beyond what readers repair.
func Broken() []byte {
	full := Build(Spec{Title: "Cut short", Pages: []string{"This file was cut short in transfer"}})
	return full[:60]
}

// Encrypted returns a PDF whose trailer names an encryption dictionary that
// needs a password to open (its password checks cannot succeed).
func Encrypted() []byte {
	b := Build(Spec{Title: "Locked", Pages: []string{"Secret"}})
	// Append an incremental update: an /Encrypt dictionary (standard security
	// handler, revision 3) whose O and U entries match no password.
	var u bytes.Buffer
	u.Write(b)
	start := u.Len()
	o := strings.Repeat("A", 32)
	fmt.Fprintf(&u, "99 0 obj\n<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O (%s) /U (%s) >>\nendobj\n", o, o)
	xref := u.Len()
	fmt.Fprintf(&u, "xref\n99 1\n%010d 00000 n \n", start)
	prev := bytes.LastIndex(b, []byte("startxref\n"))
	var prevOff int
	fmt.Sscanf(string(b[prev+len("startxref\n"):]), "%d", &prevOff)
	// Root and Info as in the original trailer.
	tr := b[bytes.LastIndex(b, []byte("trailer")):]
	var size, root, info int
	fmt.Sscanf(string(tr), "trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>", &size, &root, &info)
	fmt.Fprintf(&u, "trailer\n<< /Size 100 /Root %d 0 R /Info %d 0 R /Encrypt 99 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", root, info, prevOff, xref)
	return u.Bytes()
}
