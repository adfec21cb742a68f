// Package junit writes a run as JUnit XML for CI systems (GitLab's JUnit
// report, Jenkins): a testsuite per page and a testcase per rule. A rule
// that failed on the page is a failure listing its occurrences; one that
// could not tell is skipped with the reason; a page that could not be
// audited is an error. What the run could not check (report.Gaps) is a
// skipped testcase "granska.gaps" in the page's suite, listing the gaps;
// the whole run's gaps (crawl bounds, URLs not fetched, run errors) are in
// a last suite named "run". CI systems show skipped tests, so a page that
// was not fully checked is not mistaken for a clean one.
package junit

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/granska/granska/report"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

type suites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Errors   int      `xml:"errors,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Time     string   `xml:"time,attr"`
	Suites   []suite  `xml:"testsuite"`
}

type suite struct {
	Name      string     `xml:"name,attr"`
	Tests     int        `xml:"tests,attr"`
	Failures  int        `xml:"failures,attr"`
	Errors    int        `xml:"errors,attr"`
	Skipped   int        `xml:"skipped,attr"`
	Time      string     `xml:"time,attr"`
	Timestamp string     `xml:"timestamp,attr,omitempty"`
	Props     *[]prop    `xml:"properties>property,omitempty"`
	Cases     []testcase `xml:"testcase"`
}

type prop struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type testcase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Time      string   `xml:"time,attr"`
	Failure   *problem `xml:"failure,omitempty"`
	Error     *problem `xml:"error,omitempty"`
	Skipped   *problem `xml:"skipped,omitempty"`
	SystemOut string   `xml:"system-out,omitempty"`
}

type problem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// Write writes the report's run as JUnit XML.
func Write(w io.Writer, rep *report.Report) error {
	r := rep.Run
	all := suites{Name: "Granska accessibility audit " + rep.Site, Time: secs(r.Finished.Sub(r.Started).Seconds())}
	ts := ""
	if !r.Started.IsZero() {
		ts = r.Started.UTC().Format("2006-01-02T15:04:05")
	}
	for _, p := range r.Pages {
		s := suite{Name: p.URL, Timestamp: ts, Time: secs(p.Timings.Total / 1000)}
		if p.Title != "" {
			s.Props = &[]prop{{Name: "title", Value: p.Title}}
		}
		if p.Error != "" {
			s.Cases = append(s.Cases, testcase{Name: "page can be audited", Classname: "granska.page", Time: "0",
				Error: &problem{Message: p.Error, Type: "error"}})
			s.Tests, s.Errors = 1, 1
		} else {
			s.Cases = cases(r, &p)
			if gc := gapCase(rep, p.URL); gc != nil {
				s.Cases = append(s.Cases, *gc)
			}
			for _, c := range s.Cases {
				s.Tests++
				switch {
				case c.Failure != nil:
					s.Failures++
				case c.Skipped != nil:
					s.Skipped++
				}
			}
		}
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Errors += s.Errors
		all.Skipped += s.Skipped
		all.Suites = append(all.Suites, s)
	}
	if gc := gapCase(rep, ""); gc != nil {
		all.Tests++
		all.Skipped++
		all.Suites = append(all.Suites, suite{Name: "run", Tests: 1, Skipped: 1, Timestamp: ts, Time: "0", Cases: []testcase{*gc}})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func cases(r *result.Run, p *result.Page) []testcase {
	byRule := map[string][]result.Outcome{}
	for _, o := range p.Outcomes {
		byRule[o.Rule] = append(byRule[o.Rule], o)
	}
	var out []testcase
	for _, s := range p.Summary {
		ri := report.RuleInfo(r, s.Rule)
		refs := strings.Join(append(append([]string{}, ri.WCAG...), ri.Legal...), ", ")
		name := s.Rule + ": " + ri.Title
		if refs != "" {
			name += " (" + refs + ")"
		}
		fam := ri.Family
		if fam == "" {
			fam = "rules"
		}
		tc := testcase{Name: name, Classname: "granska." + fam, Time: "0"}
		var fails, cants []string
		for _, o := range byRule[s.Rule] {
			line := o.Code + ": " + o.Message
			if o.Target != nil {
				line += "\n  " + o.Target.Selector + "\n  " + o.Target.Snippet
			}
			line += "\n  fingerprint " + o.Fingerprint
			switch o.Outcome {
			case rules.Failed:
				fails = append(fails, line)
			case rules.CantTell:
				cants = append(cants, line)
			}
		}
		nf := max(s.Failed, len(fails))
		nc := max(s.CantTell, len(cants))
		switch {
		case nf > 0:
			msg := fmt.Sprintf("%d failed", nf)
			if len(fails) > 0 {
				msg += ": " + firstLine(fails[0])
			}
			tc.Failure = &problem{Message: msg, Type: "failed", Text: strings.Join(fails, "\n")}
			if len(cants) > 0 {
				tc.SystemOut = "cannot tell:\n" + strings.Join(cants, "\n")
			}
		case nc > 0:
			msg := fmt.Sprintf("cannot tell (%d): check by hand", nc)
			if len(cants) > 0 {
				msg = "cannot tell: " + firstLine(cants[0])
			}
			tc.Skipped = &problem{Message: msg, Text: strings.Join(cants, "\n")}
		case s.Passed == 0:
			tc.SystemOut = "not applicable on this page"
		}
		out = append(out, tc)
	}
	return out
}

// gapCase is a skipped testcase listing the gaps of one page ("" for the
// whole run), or nil when there are none. Gaps of a page that could not
// be audited at all are not listed: its error says more.
func gapCase(rep *report.Report, page string) *testcase {
	var lines []string
	for _, g := range rep.Gaps {
		// A URL the crawl could not fetch has no suite of its own: it is
		// the run's.
		runs := g.Page == "" || g.Kind == report.GapFetch
		if page == "" && !runs || page != "" && (runs || g.Page != page) {
			continue
		}
		line := g.Kind + ": " + report.GapText("en", g.Kind)
		if d := report.GapDetail("en", g); d != "" {
			line += "\n  " + d
		}
		if page == "" && g.Page != "" {
			line += "\n  " + g.Page
		}
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		return nil
	}
	msg := fmt.Sprintf("not fully checked (%d gaps): %s", len(lines), firstLine(lines[0]))
	return &testcase{Name: report.T("en", "gaps.junit"), Classname: "granska.gaps", Time: "0",
		Skipped: &problem{Message: msg, Text: strings.Join(lines, "\n")}}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func secs(s float64) string {
	if s < 0 {
		s = 0
	}
	return fmt.Sprintf("%.3f", s)
}
