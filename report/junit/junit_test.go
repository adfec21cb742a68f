package junit_test

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/granska/granska/report/junit"
	"github.com/granska/granska/report/reporttest"
)

func TestGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := junit.Write(&buf, reporttest.Report(t, 6, "en")); err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "junit.xml", buf.Bytes())

	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name    string    `xml:"name,attr"`
				Failure *struct{} `xml:"failure"`
				Skipped *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Suites) != 7 || doc.Errors != 1 {
		t.Errorf("%d suites, %d errors; want a suite per page, one for the run's gaps, and the failed page as an error", len(doc.Suites), doc.Errors)
	}
	if doc.Failures == 0 {
		t.Error("no failures")
	}
	// video-captions is inapplicable everywhere; text-contrast both failed
	// and could not tell (a failure wins); nothing here is only cantTell,
	// so check the skipped mapping on a run that has one.
	for _, c := range doc.Suites[0].Cases {
		if strings.HasPrefix(c.Name, "text-contrast") && c.Failure == nil {
			t.Error("text-contrast with a failure is not a failure")
		}
	}
}

func TestCantTellIsSkipped(t *testing.T) {
	rep := reporttest.Report(t, 2, "en")
	for i := range rep.Run.Pages {
		p := &rep.Run.Pages[i]
		var keep = p.Outcomes[:0]
		for _, o := range p.Outcomes {
			if o.Outcome == "cantTell" {
				keep = append(keep, o)
			}
		}
		p.Outcomes = keep
		for j := range p.Summary {
			p.Summary[j].Failed = 0
		}
	}
	var buf bytes.Buffer
	if err := junit.Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, `<skipped message="cannot tell: bg-image: The text is over a background image; check the contrast by hand.">`) || strings.Contains(s, "<failure") {
		t.Errorf("cantTell is not skipped with its reason:\n%s", s)
	}
}

// TestGapsSkipped: a page the run could not fully check has a skipped
// testcase listing its gaps; the whole run's gaps are a last suite "run".
func TestGapsSkipped(t *testing.T) {
	var buf bytes.Buffer
	if err := junit.Write(&buf, reporttest.Report(t, 6, "en")); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Skipped int `xml:"skipped,attr"`
		Suites  []struct {
			Name    string `xml:"name,attr"`
			Skipped int    `xml:"skipped,attr"`
			Cases   []struct {
				Classname string `xml:"classname,attr"`
				Skipped   *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	gaps := map[string]string{}
	total := 0
	for _, s := range doc.Suites {
		total += s.Skipped
		for _, c := range s.Cases {
			if c.Classname == "granska.gaps" {
				if c.Skipped == nil {
					t.Errorf("%s: the gaps testcase is not skipped", s.Name)
					continue
				}
				gaps[s.Name] = c.Skipped.Message + "\n" + c.Skipped.Text
			}
		}
	}
	if total != doc.Skipped {
		t.Errorf("skipped %d in the suites, %d in all", total, doc.Skipped)
	}
	if len(gaps) != 3 {
		t.Fatalf("gaps testcases in %d suites, want 3 (two pages and the run): %v", len(gaps), gaps)
	}
	for suite, want := range map[string][]string{
		"https://jobb.example.se/jobb/1": {"not fully checked (2 gaps): walk-truncated", "timeout: A safety net ran out", "after 41 stops"},
		"https://jobb.example.se/jobb/3": {"not fully checked (1 gaps): frame-not-captured"},
		"run":                            {"bound-reached", "the page limit (--max-pages)", "fetch-failed", "HTTP 503", "https://jobb.example.se/sok?q=lärare"},
	} {
		for _, w := range want {
			if !strings.Contains(gaps[suite], w) {
				t.Errorf("%s: gaps lack %q:\n%s", suite, w, gaps[suite])
			}
		}
	}
	if last := doc.Suites[len(doc.Suites)-1]; last.Name != "run" {
		t.Errorf("last suite %q, want the run's", last.Name)
	}
}
