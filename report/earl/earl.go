// Package earl writes a run as EARL in JSON-LD, the format of W3C ACT
// implementation reports: per page (a TestSubject), one assertion per
// failed or cannot-tell target with a CSS selector pointer, and one per
// rule that passed or was inapplicable on the page as a whole.
package earl

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/granska/granska/internal/standards/wcag"
	"github.com/granska/granska/report"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// context is inline so the file is self-contained JSON-LD.
var context = map[string]any{
	"@vocab":      "http://www.w3.org/ns/earl#",
	"earl":        "http://www.w3.org/ns/earl#",
	"dct":         "http://purl.org/dc/terms/",
	"doap":        "http://usefulinc.com/ns/doap#",
	"ptr":         "http://www.w3.org/2009/pointers#",
	"sch":         "https://schema.org/",
	"WCAG22":      "https://www.w3.org/TR/WCAG22/#",
	"ACT":         "https://www.w3.org/WAI/standards-guidelines/act/rules/",
	"title":       "dct:title",
	"description": "dct:description",
	"date":        "dct:date",
	"source":      "dct:source",
	"isPartOf":    map[string]any{"@id": "dct:isPartOf", "@type": "@id"},
	"assertions":  map[string]any{"@reverse": "earl:subject"},
	"assertedBy":  map[string]any{"@id": "earl:assertedBy", "@type": "@id"},
	"outcome":     map[string]any{"@id": "earl:outcome", "@type": "@id"},
	"mode":        map[string]any{"@id": "earl:mode", "@type": "@id"},
	"test":        map[string]any{"@id": "earl:test"},
	"result":      map[string]any{"@id": "earl:result"},
	"pointer":     map[string]any{"@id": "earl:pointer"},
	"info":        map[string]any{"@id": "earl:info"},
}

type doc struct {
	Context map[string]any `json:"@context"`
	Graph   []any          `json:"@graph"`
}

type assertor struct {
	ID      string            `json:"@id"`
	Type    []string          `json:"@type"`
	Name    string            `json:"doap:name"`
	Release map[string]string `json:"doap:release"`
	Home    string            `json:"doap:homepage"`
}

type subject struct {
	Type       []string    `json:"@type"`
	Source     string      `json:"source"`
	Title      string      `json:"title,omitempty"`
	Date       string      `json:"date,omitempty"`
	Assertions []assertion `json:"assertions"`
}

type assertion struct {
	Type       string   `json:"@type"`
	AssertedBy string   `json:"assertedBy"`
	Mode       string   `json:"mode"`
	Test       testCase `json:"test"`
	Result     testRes  `json:"result"`
}

type testCase struct {
	Type     string   `json:"@type"`
	ID       string   `json:"@id,omitempty"`
	Title    string   `json:"title"`
	IsPartOf []string `json:"isPartOf,omitempty"`
}

type testRes struct {
	Type        string   `json:"@type"`
	Outcome     string   `json:"outcome"`
	Description string   `json:"description,omitempty"`
	Info        string   `json:"info,omitempty"`
	Pointer     *pointer `json:"pointer,omitempty"`
}

type pointer struct {
	Type       string `json:"@type"`
	Expression string `json:"ptr:expression"`
}

const assertorID = "_:granska"

// Write writes the report's run as EARL JSON-LD.
func Write(w io.Writer, rep *report.Report) error {
	r := rep.Run
	d := doc{Context: context}
	d.Graph = append(d.Graph, assertor{ID: assertorID, Type: []string{"earl:Assertor", "earl:Software", "doap:Project"},
		Name: "Granska", Release: map[string]string{"doap:revision": rep.Version}, Home: "https://github.com/granska/granska"})
	date := ""
	if !r.Finished.IsZero() {
		date = r.Finished.UTC().Format("2006-01-02T15:04:05Z")
	}
	for _, p := range r.Pages {
		if p.Error != "" {
			continue
		}
		s := subject{Type: []string{"earl:TestSubject", "sch:WebPage"}, Source: p.URL, Title: p.Title, Date: date, Assertions: []assertion{}}
		byRule := map[string][]result.Outcome{}
		for _, o := range p.Outcomes {
			byRule[o.Rule] = append(byRule[o.Rule], o)
		}
		for _, sum := range p.Summary {
			tc := test(report.RuleInfo(r, sum.Rule))
			listed := false
			for _, o := range byRule[sum.Rule] {
				if o.Outcome != rules.Failed && o.Outcome != rules.CantTell {
					continue
				}
				listed = true
				tr := testRes{Type: "TestResult", Outcome: "earl:" + string(o.Outcome), Description: o.Message, Info: o.Code}
				if o.Target != nil && o.Target.Selector != "" {
					tr.Pointer = &pointer{Type: "ptr:CSSSelectorPointer", Expression: o.Target.Selector}
				}
				s.Assertions = append(s.Assertions, assertion{Type: "Assertion", AssertedBy: assertorID, Mode: "earl:automatic", Test: tc, Result: tr})
			}
			if listed || sum.Failed > 0 || sum.CantTell > 0 {
				continue
			}
			oc := "earl:inapplicable"
			if sum.Passed > 0 {
				oc = "earl:passed"
			}
			s.Assertions = append(s.Assertions, assertion{Type: "Assertion", AssertedBy: assertorID, Mode: "earl:automatic", Test: tc,
				Result: testRes{Type: "TestResult", Outcome: oc}})
		}
		d.Graph = append(d.Graph, s)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(d)
}

func test(ri result.RuleInfo) testCase {
	tc := testCase{Type: "TestCase", ID: "https://github.com/granska/granska/rules#" + ri.ID, Title: ri.ID + ": " + ri.Title}
	for _, sc := range ri.WCAG {
		if c, ok := wcag.Lookup(sc); ok && c.URL != "" {
			// The Understanding URL ends in the criterion's slug, which is
			// also its anchor in WCAG 2.2.
			slug := c.URL[strings.LastIndexByte(c.URL, '/')+1:]
			tc.IsPartOf = append(tc.IsPartOf, "WCAG22:"+strings.TrimSuffix(slug, ".html"))
		}
	}
	for _, a := range ri.ACT {
		tc.IsPartOf = append(tc.IsPartOf, "ACT:"+a)
	}
	return tc
}
