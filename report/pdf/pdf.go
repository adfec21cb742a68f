// Package pdf writes the report as a PDF with gofpdf: a cover, the
// summary, what the run could not check, the EN 301 549 table, the issues
// with their screenshots and the manual checks, with an outline (bookmarks), document title, author and
// language metadata, and the DejaVu Sans font embedded (subset) so that
// å, ä and ö print and copy correctly on any machine. It needs no system
// fonts.
//
// gofpdf does not tag the PDF's structure; clients who require an
// accessible PDF get "pdf-tagged", the HTML report printed by Chrome.
package pdf

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"github.com/granska/granska/internal/standards/en301549"
	"github.com/granska/granska/report"
	"github.com/granska/granska/report/html"
	"github.com/granska/granska/rules"
)

var (
	//go:embed fonts/DejaVuSans.ttf
	regular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	bold []byte
)

// Limits for large sites; the rest is in the CSV and SARIF exports.
const (
	MaxIssuesPerRule = 20
	MaxPagesListed   = 10
	ShotBudget       = 4 << 20
	ShotWidth        = 480
	// MaxGapRows is how many rows the gaps table has.
	MaxGapRows = 200
)

const (
	font     = "DejaVu"
	margin   = 18.0
	pageW    = 210.0
	pageH    = 297.0
	contentW = pageW - 2*margin
)

type doc struct {
	f    *gofpdf.Fpdf
	rep  *report.Report
	lang string
	shot int
	nimg int
}

func (d *doc) t(key string, args ...any) string { return report.T(d.lang, key, args...) }

// Write renders the report as a PDF.
func Write(w io.Writer, rep *report.Report) error {
	b, err := Render(rep)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Render returns the PDF as bytes.
func Render(rep *report.Report) ([]byte, error) {
	f := gofpdf.New("P", "mm", "A4", "")
	d := &doc{f: f, rep: rep, lang: rep.Lang, shot: ShotBudget}
	f.SetCompression(true)
	f.SetCatalogSort(true)
	f.SetCreationDate(rep.Now)
	f.SetModificationDate(rep.Now)
	f.AddUTF8FontFromBytes(font, "", regular)
	f.AddUTF8FontFromBytes(font, "B", bold)
	f.SetTitle(rep.Title, true)
	f.SetAuthor("Granska "+rep.Version, true)
	f.SetCreator("Granska "+rep.Version, true)
	f.SetProducer("Granska "+rep.Version+" (gofpdf)", true)
	f.SetSubject(d.t("doc.subtitle"), true)
	f.SetKeywords("WCAG 2.2, EN 301 549, "+d.t("doc.title"), true)
	f.SetXmpMetadata(xmp(rep))
	f.SetMargins(margin, margin, margin)
	f.SetAutoPageBreak(true, margin+4)
	f.AliasNbPages("{nb}")
	f.SetFooterFunc(func() {
		if f.PageNo() == 1 {
			return
		}
		f.SetY(-margin + 2)
		f.SetFont(font, "", 8)
		f.SetTextColor(70, 70, 70)
		f.CellFormat(contentW/2, 5, rep.Title, "", 0, "L", false, 0, "")
		f.CellFormat(contentW/2, 5, d.t("pdf.page", f.PageNo(), "{nb}"), "", 0, "R", false, 0, "")
		f.SetTextColor(26, 26, 26)
	})
	d.cover()
	d.summary()
	d.gaps()
	d.enTable()
	d.issues()
	d.manual()
	d.public()
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return setLang(buf.Bytes(), rep.Lang), nil
}

func (d *doc) heading(text string, level int) {
	f := d.f
	size := map[int]float64{0: 18, 1: 13, 2: 11}[level]
	if f.GetY() > pageH-margin-40 {
		f.AddPage()
	}
	if level == 0 && f.GetY() > margin+1 {
		f.Ln(4)
	}
	f.Bookmark(text, level, -1)
	f.SetFont(font, "B", size)
	f.SetTextColor(19, 41, 75)
	f.MultiCell(contentW, size*0.5, text, "", "L", false)
	f.SetTextColor(26, 26, 26)
	f.Ln(2)
	f.SetFont(font, "", 10)
}

func (d *doc) para(text string, size float64) {
	d.f.SetFont(font, "", size)
	d.f.MultiCell(contentW, size*0.5, text, "", "L", false)
	d.f.Ln(1.5)
}

func (d *doc) cover() {
	f, rep := d.f, d.rep
	f.AddPage()
	f.Bookmark(rep.Title, 0, -1)
	f.SetY(70)
	f.SetFont(font, "B", 11)
	f.SetTextColor(19, 41, 75)
	f.CellFormat(contentW, 6, "GRANSKA", "", 1, "L", false, 0, "")
	f.SetFont(font, "B", 26)
	f.MultiCell(contentW, 12, rep.Title, "", "L", false)
	f.SetTextColor(26, 26, 26)
	f.Ln(2)
	f.SetFont(font, "", 13)
	f.MultiCell(contentW, 7, d.t("doc.subtitle"), "", "L", false)
	f.Ln(8)
	f.SetFont(font, "", 11)
	f.MultiCell(contentW, 6, d.t("doc.site")+": "+rep.Site, "", "L", false)
	f.MultiCell(contentW, 6, d.t("doc.start")+": "+strings.Join(rep.Run.Start, ", "), "", "L", false)
	f.MultiCell(contentW, 6, d.t("doc.generated", html.Date(rep), rep.Version), "", "L", false)
	f.SetY(pageH - 90)
	if !rep.Run.Complete {
		f.SetFont(font, "B", 10)
		f.MultiCell(contentW, 5, d.t("doc.incomplete"), "", "L", false)
		f.Ln(2)
	}
	d.para(d.t("doc.disclaimer"), 9.5)
}

func (d *doc) summary() {
	f, rep := d.f, d.rep
	f.AddPage()
	d.heading(d.t("sum.heading"), 0)
	rows := [][]string{
		{d.t("doc.site"), rep.Site},
		{d.t("sum.pages"), strconv.Itoa(rep.Pages)},
	}
	if rep.PagesFailed > 0 {
		rows = append(rows, []string{d.t("sum.pagesFailed"), strconv.Itoa(rep.PagesFailed)})
	}
	if rep.Templates > 0 {
		rows = append(rows, []string{d.t("sum.templates"), strconv.Itoa(rep.Templates)})
	}
	rows = append(rows,
		[]string{d.t("sum.failIssues"), strconv.Itoa(rep.FailIssues)},
		[]string{d.t("sum.failOccur"), strconv.Itoa(rep.FailOccur)},
		[]string{d.t("sum.cantIssues"), strconv.Itoa(rep.CantIssues)},
		[]string{d.t("sum.coverage"), d.t("sum.coverageOf", rep.Tested, rep.InScope)},
	)
	d.table([]float64{100, contentW - 100}, []string{d.t("sum.measure"), d.t("sum.value")}, rows)
	f.Ln(4)
	var imp [][]string
	for _, c := range rep.ByImpact {
		imp = append(imp, []string{report.ImpactText(d.lang, c.Impact), strconv.Itoa(c.Issues), strconv.Itoa(c.Occurrences)})
	}
	f.SetFont(font, "B", 10)
	f.CellFormat(contentW, 6, d.t("sum.byImpact"), "", 1, "L", false, 0, "")
	d.table([]float64{84, 45, contentW - 129}, []string{d.t("sum.impact"), d.t("sum.issues"), d.t("sum.occur")}, imp)
	f.Ln(4)
	var st [][]string
	for _, s := range report.Statuses {
		st = append(st, []string{report.StatusText(d.lang, s), strconv.Itoa(rep.ClauseCounts[s])})
	}
	f.SetFont(font, "B", 10)
	f.CellFormat(contentW, 6, d.t("sum.byStatus"), "", 1, "L", false, 0, "")
	d.table([]float64{120, contentW - 120}, []string{d.t("sum.status"), d.t("sum.clauses")}, st)
}

// gaps is the section on what the run could not check, when it has gaps.
func (d *doc) gaps() {
	f, rep := d.f, d.rep
	if len(rep.Gaps) == 0 {
		return
	}
	f.AddPage()
	d.heading(d.t("gaps.heading"), 0)
	d.para(d.t("gaps.intro"), 10)
	var rows [][]string
	for i, g := range rep.Gaps {
		if i == MaxGapRows {
			break
		}
		pg := g.Page
		if pg == "" {
			pg = d.t("gaps.run")
		}
		rows = append(rows, []string{pg, report.GapText(d.lang, g.Kind), report.GapDetail(d.lang, g)})
	}
	f.SetFont(font, "B", 10)
	f.MultiCell(contentW, 6, d.t("gaps.caption"), "", "L", false)
	d.table([]float64{58, 62, contentW - 120}, []string{d.t("gaps.page"), d.t("gaps.kind"), d.t("gaps.detail")}, rows)
	if more := len(rep.Gaps) - len(rows); more > 0 {
		d.para(d.t("gaps.more", more), 9)
	}
}

func (d *doc) enTable() {
	f, rep := d.f, d.rep
	f.AddPage()
	d.heading(d.t("en.heading"), 0)
	d.para(d.t("doc.presumption"), 9)
	var rows [][]string
	for _, c := range rep.Clauses {
		id := c.ID
		if c.Edition != "V3.2.1" {
			id += " (" + c.Edition + ")"
		}
		n := ""
		if c.Issues > 0 {
			n = strconv.Itoa(c.Issues)
		}
		rows = append(rows, []string{id, c.Title, c.SC, c.Level, report.StatusText(d.lang, c.Status), n})
	}
	d.table([]float64{28, 52, 15, 13, 48, contentW - 156},
		[]string{d.t("en.clause"), d.t("en.title"), d.t("en.sc"), d.t("en.level"), d.t("en.result"), d.t("en.issues")}, rows)
}

func (d *doc) issues() {
	f, rep := d.f, d.rep
	f.AddPage()
	d.heading(d.t("issues.heading"), 0)
	if len(rep.Rules) == 0 {
		d.para(d.t("issues.none"), 10)
		return
	}
	for _, g := range rep.Rules {
		ri := g.Rule
		d.heading(report.RuleTitle(ri, d.lang)+" ("+ri.ID+")", 1)
		refs := []string{report.ImpactText(d.lang, ri.Impact) + " · " + report.OutcomeText(d.lang, string(g.Outcome)) + " · " +
			d.t("issues.count", len(g.Issues), g.Occur)}
		if len(ri.WCAG) > 0 {
			refs = append(refs, "WCAG 2.2: "+strings.Join(ri.WCAG, ", "))
		}
		if len(ri.EN) > 0 {
			var en []string
			for _, id := range ri.EN {
				en = append(en, en301549.Label(id))
			}
			refs = append(refs, "EN 301 549: "+strings.Join(en, ", "))
		}
		if len(ri.Legal) > 0 {
			refs = append(refs, d.t("issues.legal")+": "+strings.Join(ri.Legal, "; "))
		}
		d.para(strings.Join(refs, "\n"), 9.5)
		if h := report.In(d.lang, ri.Help, ri.HelpSV); h != "" {
			d.para(d.t("issues.fix")+": "+h, 10)
		}
		if m := report.In(d.lang, ri.Manual, ri.ManualSV); m != "" && g.Outcome == rules.CantTell {
			d.para(d.t("issues.check")+": "+m, 10)
		}
		for k, is := range g.Issues {
			if k == MaxIssuesPerRule {
				d.para(d.t("issues.truncated", len(g.Issues)-k), 9)
				break
			}
			d.issue(is)
		}
	}
}

func (d *doc) issue(is *report.Issue) {
	f := d.f
	if f.GetY() > pageH-margin-50 {
		f.AddPage()
	}
	f.SetDrawColor(160, 160, 160)
	f.Line(margin, f.GetY(), pageW-margin, f.GetY())
	f.Ln(2)
	f.SetFont(font, "B", 10)
	f.MultiCell(contentW, 5, report.OutcomeText(d.lang, string(is.Outcome))+": "+is.Message, "", "L", false)
	f.SetFont(font, "", 9)
	f.MultiCell(contentW, 4.5, d.t("issues.occur", len(is.Occurrences), len(is.Pages))+" · "+is.Code+" · "+is.Fingerprint, "", "L", false)
	if tg := is.Example.Target; tg != nil {
		if tg.Selector != "" {
			f.MultiCell(contentW, 4.5, d.t("issues.selector")+": "+tg.Selector, "", "L", false)
		}
		if tg.Snippet != "" {
			f.SetFillColor(245, 245, 245)
			f.MultiCell(contentW, 4.5, tg.Snippet, "1", "L", true)
		}
		if tg.Screenshot != "" && d.shot > 0 {
			if b := report.Shot(d.rep.Opt.AssetDir, tg, ShotWidth, 75); b != nil {
				d.shot -= len(b)
				d.nimg++
				name := "shot" + strconv.Itoa(d.nimg)
				info := f.RegisterImageOptionsReader(name, gofpdf.ImageOptions{ImageType: "JPG"}, bytes.NewReader(b))
				if info != nil && f.Ok() {
					w := min(120.0, info.Width()*0.2646)
					h := w * info.Height() / info.Width()
					if f.GetY()+h > pageH-margin-6 {
						f.AddPage()
					}
					f.Ln(1)
					f.ImageOptions(name, margin, f.GetY(), w, h, true, gofpdf.ImageOptions{ImageType: "JPG"}, 0, "")
					f.Ln(1)
				}
			}
		}
	}
	pages := is.Pages
	more := 0
	if len(pages) > MaxPagesListed {
		more = len(pages) - MaxPagesListed
		pages = pages[:MaxPagesListed]
	}
	f.SetFont(font, "", 8.5)
	f.MultiCell(contentW, 4.2, d.t("issues.pages", len(is.Pages))+":\n"+strings.Join(pages, "\n"), "", "L", false)
	if more > 0 {
		f.MultiCell(contentW, 4.2, d.t("issues.more", more), "", "L", false)
	}
	f.Ln(2)
}

func (d *doc) manual() {
	f, rep := d.f, d.rep
	f.AddPage()
	d.heading(d.t("manual.heading"), 0)
	d.para(d.t("manual.intro"), 10)
	for _, m := range rep.Manual {
		c := m.Criterion
		if f.GetY() > pageH-margin-25 {
			f.AddPage()
		}
		f.SetFont(font, "B", 10)
		f.MultiCell(contentW, 5, c.ID+" "+c.Title+" ("+c.Level+") — "+report.StatusText(d.lang, c.Status), "", "L", false)
		f.SetFont(font, "", 9.5)
		for _, w := range m.What {
			f.MultiCell(contentW, 4.8, "• "+w, "", "L", false)
		}
		f.Ln(1.5)
	}
}

// table draws a table with a header row repeated on each page; cells wrap.
func (d *doc) table(widths []float64, head []string, rows [][]string) {
	f := d.f
	const lh = 4.6
	draw := func(cells []string, header bool) {
		style := ""
		if header {
			style = "B"
		}
		f.SetFont(font, style, 9)
		lines := 1
		split := make([][]string, len(cells))
		for i, c := range cells {
			split[i] = f.SplitText(c, widths[i]-2)
			if len(split[i]) == 0 {
				split[i] = []string{""}
			}
			lines = max(lines, len(split[i]))
		}
		h := float64(lines)*lh + 1.5
		if f.GetY()+h > pageH-margin-4 {
			f.AddPage()
			if !header {
				drawHead(f, widths, head, lh)
			}
		}
		x, y := margin, f.GetY()
		for i := range cells {
			if header {
				f.SetFillColor(232, 237, 243)
				f.Rect(x, y, widths[i], h, "FD")
			} else {
				f.Rect(x, y, widths[i], h, "D")
			}
			f.SetXY(x+1, y+0.75)
			f.MultiCell(widths[i]-2, lh, strings.Join(split[i], "\n"), "", "L", false)
			x += widths[i]
		}
		f.SetXY(margin, y+h)
	}
	f.SetDrawColor(118, 118, 118)
	draw(head, true)
	for _, r := range rows {
		draw(r, false)
	}
}

func drawHead(f *gofpdf.Fpdf, widths []float64, head []string, lh float64) {
	f.SetFont(font, "B", 9)
	x, y := margin, f.GetY()
	h := lh + 1.5
	for i, c := range head {
		f.SetFillColor(232, 237, 243)
		f.Rect(x, y, widths[i], h, "FD")
		f.SetXY(x+1, y+0.75)
		f.CellFormat(widths[i]-2, lh, c, "", 0, "L", false, 0, "")
		x += widths[i]
	}
	f.SetXY(margin, y+h)
	f.SetFont(font, "", 9)
}

// xmp is the XMP metadata packet: title, creator and the language
// (dc:language), which gofpdf has no setter for.
func xmp(rep *report.Report) []byte {
	esc := func(s string) string {
		r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
		return r.Replace(s)
	}
	return []byte(`<?xpacket begin="` + "\ufeff" + `" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">` + esc(rep.Title) + `</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Granska ` + esc(rep.Version) + `</rdf:li></rdf:Seq></dc:creator>
<dc:language><rdf:Bag><rdf:li>` + rep.Lang + `</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>Granska ` + esc(rep.Version) + `</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`)
}

// setLang adds /Lang to the document catalogue, which gofpdf does not
// write. The catalogue is gofpdf's last object before the cross-reference
// table, so only the startxref offset moves.
func setLang(pdf []byte, lang string) []byte {
	const cat = "/Type /Catalog"
	i := bytes.LastIndex(pdf, []byte(cat))
	x := bytes.LastIndex(pdf, []byte("\nxref\n"))
	s := bytes.LastIndex(pdf, []byte("startxref\n"))
	if i < 0 || x < i || s < x {
		return pdf
	}
	ins := []byte("\n/Lang (" + lang + ")")
	rest := pdf[s+len("startxref\n"):]
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		return pdf
	}
	off, err := strconv.Atoi(string(rest[:end]))
	if err != nil || off != x+1 {
		return pdf
	}
	var out bytes.Buffer
	out.Write(pdf[:i+len(cat)])
	out.Write(ins)
	out.Write(pdf[i+len(cat) : s+len("startxref\n")])
	out.WriteString(strconv.Itoa(off + len(ins)))
	out.Write(rest[end:])
	return out.Bytes()
}

// public is the public-sector section, when the run has one: the sample
// with each page's reasons and the kinds not found, the statement check
// by part of the model statement, and the documents checked.
func (d *doc) public() {
	run := d.rep.Run
	if run == nil || len(run.Sample)+len(run.Statements)+len(run.Documents) == 0 {
		return
	}
	d.f.AddPage()
	d.heading(d.t("public.heading"), 0)
	if len(run.Sample) > 0 {
		d.heading(d.t("public.sample"), 1)
		var rows [][]string
		for _, e := range run.Sample {
			u := d.t("public.notFound")
			if e.URL != nil {
				u = *e.URL
			}
			var why []string
			for _, r := range e.Reasons {
				why = append(why, d.t("reason."+r))
			}
			rows = append(rows, []string{u, strings.Join(why, ", ")})
		}
		d.table([]float64{contentW * 0.6, contentW * 0.4}, []string{d.t("pages.url"), d.t("public.reasons")}, rows)
	}
	for _, sc := range run.Statements {
		title := d.t("public.statement")
		if sc.URL != "" {
			title += ": " + sc.URL
		} else {
			title += ": " + d.t("public.status.none")
		}
		d.heading(title, 1)
		if sc.Statement != nil {
			status := d.t("public.status.none")
			if sc.Statement.Status != "" {
				status = d.t("public.status." + string(sc.Statement.Status))
			}
			d.para(d.t("public.status")+": "+status+". "+d.t("public.runDate", sc.RunDate), 10)
		}
		if len(sc.Findings) == 0 {
			d.para(d.t("public.statementOK"), 10)
			continue
		}
		var rows [][]string
		for _, fd := range sc.Findings {
			rows = append(rows, []string{d.t("part." + fd.Part), report.OutcomeText(d.lang, string(fd.Outcome)), d.msg(fd.Message, fd.MessageSV)})
		}
		d.table([]float64{45, 25, contentW - 70}, []string{d.t("public.part"), d.t("en.result"), d.t("public.finding")}, rows)
	}
	if len(run.Documents) > 0 {
		d.heading(d.t("public.documents"), 1)
		var rows [][]string
		for _, doc := range run.Documents {
			name := doc.URL
			if doc.Title != "" {
				name = doc.Title + " (" + doc.URL + ")"
			}
			if doc.Created != "" {
				name += ", " + doc.Created
			}
			status := d.t("doc.status." + string(doc.Status))
			if doc.Pages > 0 {
				status += ", " + d.t("public.pages", doc.Pages, doc.TaggedPages)
			}
			var found []string
			for _, fd := range doc.Findings {
				if fd.Outcome == rules.Passed {
					continue
				}
				line := report.OutcomeText(d.lang, string(fd.Outcome))
				if len(fd.EN) > 0 {
					line += " (EN 301 549 " + strings.Join(fd.EN, ", ") + ")"
				}
				found = append(found, "• "+line+": "+d.msg(fd.Message, fd.MessageSV))
			}
			rows = append(rows, []string{name, status, strings.Join(found, "\n")})
		}
		d.table([]float64{60, 40, contentW - 100}, []string{d.t("public.document"), d.t("public.docStatus"), d.t("public.finding")}, rows)
	}
}

// msg is a message in the report's language.
func (d *doc) msg(en, sv string) string {
	if d.lang == "sv" && sv != "" {
		return sv
	}
	return en
}
