package document

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"

	"github.com/granska/granska/rules"
)

func init() {
	// pdfcpu would otherwise write a configuration file to the user's
	// configuration directory on first use.
	model.ConfigPath = "disable"
}

// Check reads one PDF file and checks it. It never panics: a file the
// library cannot read is reported as malformed.
func Check(url string, data []byte, opt Options) (rep Report) {
	opt = opt.withDefaults()
	rep = Report{URL: url, Bytes: len(data), Findings: []Finding{}}
	if !isPDF(data) {
		rep.Status = StatusNotPDF
		rep.Error = "no %PDF- header"
		rep.add("pdf-readable", rules.CantTell, "malformed", map[string]string{"error": rep.Error})
		return rep
	}
	defer func() {
		if v := recover(); v != nil {
			rep = Report{URL: url, Bytes: len(data), Status: StatusMalformed, Error: fmt.Sprintf("unreadable: %v", v), Findings: []Finding{}}
			rep.add("pdf-readable", rules.CantTell, "malformed", map[string]string{"error": "unreadable structure"})
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := pdfcpu.Read(bytes.NewReader(data), conf)
	if err == nil {
		err = ctx.EnsurePageCount()
	}
	if err != nil {
		if encrypted(data, err) {
			rep.Status = StatusEncrypted
			rep.add("pdf-readable", rules.CantTell, "encrypted", nil)
			return rep
		}
		rep.Status = StatusMalformed
		rep.Error = shortError(err)
		rep.add("pdf-readable", rules.CantTell, "malformed", map[string]string{"error": rep.Error})
		return rep
	}
	rep.Status = StatusChecked
	x := ctx.XRefTable
	rep.Pages = x.PageCount
	cat, err := x.Catalog()
	if err != nil {
		rep.Status = StatusMalformed
		rep.Error = shortError(err)
		rep.add("pdf-readable", rules.CantTell, "malformed", map[string]string{"error": rep.Error})
		return rep
	}
	if x.Encrypt != nil && x.E != nil && x.E.P&(1<<9) == 0 {
		rep.add("pdf-readable", rules.CantTell, "restricted", nil)
	}
	readInfo(x, &rep)
	readCatalog(x, cat, &rep)
	readPages(x, &rep, opt)
	readFields(x, cat, &rep)
	judge(&rep, opt)
	return rep
}

// encrypted says whether a read failed because the file is encrypted.
func encrypted(data []byte, err error) bool {
	if errors.Is(err, pdfcpu.ErrWrongPassword) {
		return true
	}
	tail := data[max(0, len(data)-4096):]
	return bytes.Contains(tail, []byte("/Encrypt")) && strings.Contains(strings.ToLower(err.Error()), "pass")
}

func shortError(err error) string {
	s := err.Error()
	s = strings.TrimPrefix(s, "pdfcpu: ")
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

func text(x *model.XRefTable, o types.Object) string {
	if o == nil {
		return ""
	}
	s, err := x.DereferenceStringOrHexLiteral(o, model.V10, nil)
	if err != nil {
		return ""
	}
	return strings.TrimSpace(s)
}

func readInfo(x *model.XRefTable, rep *Report) {
	if x.Info == nil {
		return
	}
	d, err := x.DereferenceDict(*x.Info)
	if err != nil || d == nil {
		return
	}
	if o, ok := d.Find("Title"); ok {
		rep.Title = text(x, o)
	}
	if o, ok := d.Find("CreationDate"); ok {
		if t, ok := types.DateTime(text(x, o), true); ok {
			rep.Created = t.UTC().Format("2006-01-02")
			rep.BeforeWAD = t.Before(WADDocumentsFrom)
		}
	}
}

func readCatalog(x *model.XRefTable, cat types.Dict, rep *Report) {
	if o, ok := cat.Find("Lang"); ok {
		rep.Lang = text(x, o)
	}
	if o, ok := cat.Find("MarkInfo"); ok {
		if d, err := x.DereferenceDict(o); err == nil && d != nil {
			if b, ok := d.Find("Marked"); ok {
				if v, err := x.DereferenceBoolean(b, model.V10); err == nil && v != nil && v.Value() {
					rep.Tagged = true
				}
			}
		}
	}
	if _, ok := cat.Find("StructTreeRoot"); !ok {
		// Marked content without a structure tree gives readers nothing.
		rep.Tagged = false
	}
	if o, ok := cat.Find("ViewerPreferences"); ok {
		if d, err := x.DereferenceDict(o); err == nil && d != nil {
			if b, ok := d.Find("DisplayDocTitle"); ok {
				if v, err := x.DereferenceBoolean(b, model.V10); err == nil && v != nil {
					rep.DisplayDocTitle = v.Value()
				}
			}
		}
	}
	if o, ok := cat.Find("Outlines"); ok {
		if d, err := x.DereferenceDict(o); err == nil && d != nil {
			rep.Bookmarks = countOutlines(x, d.IndirectRefEntry("First"), 0, map[int]bool{})
		}
	}
}

// countOutlines counts outline items from first, following /Next and
// /First, each object once (a cycle in a malformed file ends the count).
func countOutlines(x *model.XRefTable, ref *types.IndirectRef, depth int, seen map[int]bool) int {
	n := 0
	for ref != nil && depth < 32 && len(seen) < 10000 {
		nr := ref.ObjectNumber.Value()
		if seen[nr] {
			break
		}
		seen[nr] = true
		d, err := x.DereferenceDict(*ref)
		if err != nil || d == nil {
			break
		}
		n++
		n += countOutlines(x, d.IndirectRefEntry("First"), depth+1, seen)
		ref = d.IndirectRefEntry("Next")
	}
	return n
}

// maxPageDicts bounds the page dictionaries read for tags.
const maxPageDicts = 20000

func readPages(x *model.XRefTable, rep *Report, opt Options) {
	// A page count the file states may be absurd; pages that are not there
	// end the walk.
	for nr := 1; nr <= min(rep.Pages, maxPageDicts); nr++ {
		d, _, _, err := x.PageDict(nr, false)
		if err != nil || d == nil {
			rep.Pages = nr - 1
			break
		}
		if _, ok := d.Find("StructParents"); ok && rep.Tagged {
			rep.TaggedPages++
		}
		if nr > opt.MaxPages {
			continue
		}
		rep.ExaminedPages++
		content, err := x.PageContent(d, nr)
		if err != nil && !errors.Is(err, model.ErrNoContent) {
			continue
		}
		ops := scanContent(content)
		imgs := ops.images
		if ops.xobjects > 0 {
			imgs += countImageXObjects(x, d, content)
		}
		switch {
		case ops.text > 0:
			rep.TextPages++
		case imgs > 0:
			rep.ImageOnlyPages++
		}
	}
}

// countImageXObjects counts the image XObjects among a page's resources
// that its content paints with Do. A form XObject's own content is read one
// level down for text, counting it as not an image.
func countImageXObjects(x *model.XRefTable, page types.Dict, content []byte) int {
	res := page.DictEntry("Resources")
	if res == nil {
		if o, ok := page.Find("Resources"); ok {
			res, _ = x.DereferenceDict(o)
		}
	}
	if res == nil {
		return 0
	}
	o, ok := res.Find("XObject")
	if !ok {
		return 0
	}
	xo, err := x.DereferenceDict(o)
	if err != nil || xo == nil {
		return 0
	}
	n := 0
	for _, name := range doNames(content) {
		v, ok := xo.Find(name)
		if !ok {
			continue
		}
		sd, _, err := x.DereferenceStreamDict(v)
		if err != nil || sd == nil {
			continue
		}
		if st := sd.Subtype(); st != nil && *st == "Image" {
			n++
		}
	}
	return n
}

func readFields(x *model.XRefTable, cat types.Dict, rep *Report) {
	o, ok := cat.Find("AcroForm")
	if !ok {
		return
	}
	af, err := x.DereferenceDict(o)
	if err != nil || af == nil {
		return
	}
	fo, ok := af.Find("Fields")
	if !ok {
		return
	}
	arr, err := x.DereferenceArray(fo)
	if err != nil {
		return
	}
	seen := map[int]bool{}
	var walk func(arr types.Array, parent string, depth int)
	walk = func(arr types.Array, parent string, depth int) {
		for _, it := range arr {
			if depth > 16 || rep.Fields > 5000 {
				return
			}
			if ref, ok := it.(types.IndirectRef); ok {
				if seen[ref.ObjectNumber.Value()] {
					continue
				}
				seen[ref.ObjectNumber.Value()] = true
			}
			d, err := x.DereferenceDict(it)
			if err != nil || d == nil {
				continue
			}
			name := parent
			if t, ok := d.Find("T"); ok {
				if name != "" {
					name += "."
				}
				name += text(x, t)
			}
			if kids, ok := d.Find("Kids"); ok {
				if ka, err := x.DereferenceArray(kids); err == nil {
					// Kids that are fields (have /T) are walked; kids that
					// are only widgets belong to this field.
					hasFieldKids := false
					for _, k := range ka {
						if kd, err := x.DereferenceDict(k); err == nil && kd != nil {
							if _, ok := kd.Find("T"); ok {
								hasFieldKids = true
							}
						}
					}
					if hasFieldKids {
						walk(ka, name, depth+1)
						continue
					}
				}
			}
			if ft := d.NameEntry("FT"); ft != nil && *ft == "Btn" && pushButton(d) {
				// A push button's name is its caption; not checked here.
				continue
			}
			rep.Fields++
			tu := ""
			if o, ok := d.Find("TU"); ok {
				tu = text(x, o)
			}
			if tu == "" {
				rep.UnnamedFields = append(rep.UnnamedFields, name)
			}
		}
	}
	walk(arr, "", 0)
}

func pushButton(d types.Dict) bool {
	ff := d.IntEntry("Ff")
	return ff != nil && *ff&(1<<16) != 0
}

// judge turns what was read into findings.
func judge(rep *Report, opt Options) {
	args := func(kv ...string) map[string]string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	pages := strconv.Itoa(rep.Pages)
	switch {
	case !rep.Tagged:
		rep.add("pdf-tagged", rules.Failed, "untagged", nil)
	case rep.TaggedPages < rep.Pages:
		rep.add("pdf-tagged", rules.CantTell, "partly-tagged", args("tagged", strconv.Itoa(rep.TaggedPages), "pages", pages))
	default:
		rep.add("pdf-tagged", rules.Passed, "tagged", nil)
	}
	switch {
	case rep.Title == "":
		rep.add("pdf-title", rules.Failed, "no-title", nil)
	case !rep.DisplayDocTitle:
		rep.add("pdf-title", rules.CantTell, "title-not-shown", args("title", rep.Title))
	default:
		rep.add("pdf-title", rules.Passed, "titled", args("title", rep.Title))
	}
	if rep.Lang == "" {
		rep.add("pdf-lang", rules.Failed, "no-lang", nil)
	} else {
		rep.add("pdf-lang", rules.Passed, "lang", args("lang", rep.Lang))
	}
	switch {
	case rep.ExaminedPages > 0 && rep.TextPages == 0 && rep.ImageOnlyPages > 0 && !rep.Tagged:
		rep.add("pdf-text", rules.Failed, "image-only", nil)
	case rep.ExaminedPages > 0 && rep.TextPages == 0 && rep.ImageOnlyPages > 0:
		rep.add("pdf-text", rules.CantTell, "image-only-tagged", nil)
	case rep.ImageOnlyPages > 0:
		rep.add("pdf-text", rules.CantTell, "scanned-pages", args("scans", strconv.Itoa(rep.ImageOnlyPages), "pages", strconv.Itoa(rep.ExaminedPages)))
	case rep.TextPages > 0:
		rep.add("pdf-text", rules.Passed, "text", nil)
	}
	if rep.Fields > 0 {
		if n := len(rep.UnnamedFields); n > 0 {
			names := rep.UnnamedFields
			if len(names) > 5 {
				names = append(names[:5:5], "…")
			}
			rep.add("pdf-form-fields", rules.Failed, "no-name", args("count", strconv.Itoa(n), "names", strings.Join(names, ", ")))
		} else {
			rep.add("pdf-form-fields", rules.Passed, "named", args("fields", strconv.Itoa(rep.Fields)))
		}
	}
	if rep.Pages >= opt.LongDocument {
		if rep.Bookmarks == 0 {
			rep.add("pdf-bookmarks", rules.CantTell, "no-bookmarks", args("pages", pages))
		} else {
			rep.add("pdf-bookmarks", rules.Passed, "bookmarks", args("bookmarks", strconv.Itoa(rep.Bookmarks)))
		}
	}
}
