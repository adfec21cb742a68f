// Package html writes the report people read: one self-contained HTML file
// (styles, script and screenshots inline; no external requests) with a
// summary for a manager, the EN 301 549 table, the issues grouped by rule
// with how to fix them, the element's HTML and an outlined screenshot, the
// pages affected, keyboard-operable filters, the manual-check list and the
// WCAG table. All text comes from the report's message catalogue, in
// Swedish or English. The report is meant to meet WCAG 2.2 AA itself; a
// test audits it with Granska.
package html

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"image/jpeg"
	"io"
	"regexp"
	"strings"

	"github.com/granska/granska/internal/standards/en301549"
	"github.com/granska/granska/internal/standards/wcag"
	"github.com/granska/granska/report"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

var (
	//go:embed report.tmpl
	tmplText string
	//go:embed style.css
	css string
	//go:embed filter.js
	js string
)

// Limits that keep a report of a large site usable. Everything left out
// is in the CSV and SARIF exports.
const (
	// MaxIssuesPerRule is how many issues of one rule are shown.
	MaxIssuesPerRule = 100
	// MaxPagesPerIssue is how many affected pages an issue lists.
	MaxPagesPerIssue = 500
	// MaxPageRows is how many rows the pages table has.
	MaxPageRows = 2000
	// MaxGapRows is how many rows the gaps table has.
	MaxGapRows = 1000
	// ShotWidth is the width screenshots are scaled down to.
	ShotWidth = 480
	// ShotBudget is the most bytes of JPEG embedded in one report; later
	// issues say their screenshot is in the output folder.
	ShotBudget = 8 << 20
)

type view struct {
	R            *report.Report
	Lang         string
	CSS          template.CSS
	JS           template.JS
	Generated    string
	Coverage     string
	WCAGCaption  string
	ClauseStatus []statusCount
	Impacts      []string
	Groups       []group
	Pages        []pageRow
	MorePages    int
	Gaps         []gapRow
	MoreGaps     int
	Print        bool
}

type statusCount struct {
	Status report.Status
	N      int
}

type group struct {
	ID, Title, Impact, Outcome, Outcomes, Search string
	Count                                        string
	WCAG                                         []wcag.Criterion
	EN, ACT, Legal                               []string
	Help, Manual                                 string
	Issues                                       []issue
	More                                         int
}

type issue struct {
	Outcome, Message, Count, Selector, Code, Fingerprint, Snippet string
	Shot                                                          template.URL
	ShotAlt                                                       string
	ShotW, ShotH                                                  int
	ShotOmitted                                                   bool
	Pages                                                         []string
	NPages                                                        int
	MorePages                                                     int
	Open                                                          bool
}

type pageRow struct {
	URL, Title, Lang, Error string
	Failed, Cant            int
	// Evidence, when kept (audit --evidence): the files relative to the
	// report and when they were taken.
	Evidence *result.Evidence
}

// gapRow is one gap of the run; URL is "" for the whole run.
type gapRow struct {
	URL, Kind, Detail string
}

var langRE = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// Write renders the report as one HTML document.
func Write(w io.Writer, rep *report.Report) error { return write(w, rep, false) }

// RenderPrint renders the report for printing: every issue and page list
// expanded, as a printed page cannot be clicked.
func RenderPrint(rep *report.Report) ([]byte, error) {
	var buf bytes.Buffer
	err := write(&buf, rep, true)
	return buf.Bytes(), err
}

func write(w io.Writer, rep *report.Report, print bool) error {
	lang := rep.Lang
	funcs := template.FuncMap{
		"t":       func(key string, args ...any) string { return report.T(lang, key, args...) },
		"status":  func(s report.Status) string { return report.StatusText(lang, s) },
		"impact":  func(s string) string { return report.ImpactText(lang, s) },
		"outcome": func(s any) string { return report.OutcomeText(lang, fmt.Sprint(s)) },
		"join":    strings.Join,
	}
	t, err := template.New("report").Funcs(funcs).Parse(tmplText)
	if err != nil {
		return err
	}
	v := build(rep)
	v.Print = print
	var buf bytes.Buffer
	if err := t.Execute(&buf, v); err != nil {
		return err
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Render returns the HTML report as bytes (for printing to PDF).
func Render(rep *report.Report) ([]byte, error) {
	var buf bytes.Buffer
	err := Write(&buf, rep)
	return buf.Bytes(), err
}

func build(rep *report.Report) *view {
	lang := rep.Lang
	v := &view{R: rep, Lang: lang, CSS: template.CSS(css), JS: template.JS(js),
		Generated: report.T(lang, "doc.generated", date(rep, lang), rep.Version),
		Coverage:  report.T(lang, "sum.coverageOf", rep.Tested, rep.InScope),
	}
	v.WCAGCaption = report.T(lang, "wcag.caption")
	if rep.Opt.AAA {
		v.WCAGCaption = strings.Replace(v.WCAGCaption, "A and AA", "A, AA and AAA", 1)
		v.WCAGCaption = strings.Replace(v.WCAGCaption, "A och AA", "A, AA och AAA", 1)
	}
	for _, s := range report.Statuses {
		v.ClauseStatus = append(v.ClauseStatus, statusCount{s, rep.ClauseCounts[s]})
	}
	seenImp := map[string]bool{}
	budget := ShotBudget
	type shot struct {
		uri  template.URL
		w, h int
	}
	cache := map[string]shot{} // by file and box: one crop can serve several issues
	for _, g := range rep.Rules {
		ri := g.Rule
		imp := ri.Impact
		if imp == "" {
			imp = "unknown"
		}
		seenImp[imp] = true
		gv := group{ID: ri.ID, Title: report.RuleTitle(ri, lang), Impact: imp, Outcome: string(g.Outcome),
			Count: report.T(lang, "issues.count", len(g.Issues), g.Occur),
			EN:    labels(ri.EN), ACT: ri.ACT, Legal: ri.Legal,
			Help: report.In(lang, ri.Help, ri.HelpSV), Manual: report.In(lang, ri.Manual, ri.ManualSV)}
		outs := map[rules.Outcome]bool{}
		for _, is := range g.Issues {
			outs[is.Outcome] = true
		}
		var os []string
		for _, o := range []rules.Outcome{rules.Failed, rules.CantTell} {
			if outs[o] {
				os = append(os, string(o))
			}
		}
		gv.Outcomes = strings.Join(os, " ")
		for _, sc := range ri.WCAG {
			if c, ok := wcag.Lookup(sc); ok {
				gv.WCAG = append(gv.WCAG, c)
			} else {
				gv.WCAG = append(gv.WCAG, wcag.Criterion{ID: sc})
			}
		}
		gv.Search = strings.ToLower(strings.Join([]string{ri.ID, gv.Title, ri.Title, strings.Join(ri.WCAG, " "), strings.Join(ri.EN, " "), strings.Join(ri.Legal, " ")}, " "))
		for k, is := range g.Issues {
			if k == MaxIssuesPerRule {
				gv.More = len(g.Issues) - k
				break
			}
			iv := issue{Outcome: string(is.Outcome), Message: is.Message, Code: is.Code, Fingerprint: is.Fingerprint,
				Count:  report.T(lang, "issues.occur", len(is.Occurrences), len(is.Pages)),
				NPages: len(is.Pages), Open: len(g.Issues) == 1}
			if tg := is.Example.Target; tg != nil {
				iv.Selector, iv.Snippet = tg.Selector, tg.Snippet
				if tg.Screenshot != "" {
					key := fmt.Sprint(tg.Screenshot, tg.Box)
					if sh, ok := cache[key]; ok {
						iv.Shot, iv.ShotW, iv.ShotH = sh.uri, sh.w, sh.h
						iv.ShotAlt = report.T(lang, "issues.shot", tg.Selector)
					} else if budget > 0 {
						if b := report.Shot(rep.Opt.AssetDir, tg, ShotWidth, 70); b != nil {
							budget -= len(b)
							iv.Shot, iv.ShotW, iv.ShotH = dataURI(b)
							iv.ShotAlt = report.T(lang, "issues.shot", tg.Selector)
							cache[key] = shot{iv.Shot, iv.ShotW, iv.ShotH}
						}
					} else {
						iv.ShotOmitted = true
					}
				}
			}
			iv.Pages = is.Pages
			if len(iv.Pages) > MaxPagesPerIssue {
				iv.MorePages = len(iv.Pages) - MaxPagesPerIssue
				iv.Pages = iv.Pages[:MaxPagesPerIssue]
			}
			gv.Issues = append(gv.Issues, iv)
		}
		v.Groups = append(v.Groups, gv)
	}
	for _, k := range []string{"critical", "serious", "moderate", "minor", "unknown"} {
		if seenImp[k] {
			v.Impacts = append(v.Impacts, k)
		}
	}
	for i, g := range rep.Gaps {
		if i == MaxGapRows {
			v.MoreGaps = len(rep.Gaps) - i
			break
		}
		v.Gaps = append(v.Gaps, gapRow{URL: g.Page, Kind: report.GapText(lang, g.Kind), Detail: report.GapDetail(lang, g)})
	}
	for i, p := range rep.Run.Pages {
		if i == MaxPageRows {
			v.MorePages = len(rep.Run.Pages) - i
			break
		}
		row := pageRow{URL: p.URL, Title: p.Title, Error: p.Error, Evidence: p.Evidence}
		if langRE.MatchString(p.Lang) && !strings.EqualFold(primary(p.Lang), lang) {
			row.Lang = p.Lang
		}
		for _, s := range p.Summary {
			row.Failed += s.Failed
			row.Cant += s.CantTell
		}
		v.Pages = append(v.Pages, row)
	}
	return v
}

func primary(tag string) string {
	if i := strings.IndexByte(tag, '-'); i >= 0 {
		return tag[:i]
	}
	return tag
}

func labels(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = en301549.Label(id)
	}
	return out
}

func dataURI(b []byte) (template.URL, int, int) {
	w, h := 0, 0
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(b)); err == nil {
		w, h = cfg.Width, cfg.Height
	}
	return template.URL("data:image/jpeg;base64," + base64.StdEncoding.EncodeToString(b)), w, h
}

var months = [2][12]string{
	{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"},
}

func date(rep *report.Report, lang string) string {
	t := rep.Now
	if lang == "sv" {
		return fmt.Sprintf("%d %s %d", t.Day(), months[1][t.Month()-1], t.Year())
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[0][t.Month()-1], t.Year())
}

// Date formats the report's date in its language ("5 October 2026",
// "5 oktober 2026"), for the other human-readable formats.
func Date(rep *report.Report) string { return date(rep, rep.Lang) }
