package e2e

import (
	"context"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/wad/export"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// The sample of Decision (EU) 2018/1524 finds every required kind on the
// demo site, in both twins (the crawl alone; no browser).
func TestPublicSample(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	oracle, err := demosite.Public()
	if err != nil {
		t.Fatal(err)
	}
	for _, twin := range []demosite.Twin{demosite.Broken, demosite.Fixed} {
		srv := httptest.NewServer(demosite.Handler(twin))
		c, err := crawl.New(crawl.Config{Start: []string{srv.URL + "/"}, Sample: crawl.SampleWAD})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		if err := c.Discover(ctx); err != nil {
			t.Fatalf("%s: %v", twin, err)
		}
		cancel()
		s := c.WAD()
		found := map[string]bool{}
		for _, p := range append(s.Pages, s.Documents...) {
			for _, r := range p.Reasons {
				found[r] = true
			}
		}
		for _, k := range oracle.Sample {
			if !found[k] {
				t.Errorf("%s twin: no %s page in the sample (missing %v)", twin, k, s.Missing)
			}
		}
		if len(s.Missing) > 0 {
			t.Errorf("%s twin: missing kinds %v", twin, s.Missing)
		}
		if !found[crawl.ReasonRandom] {
			t.Errorf("%s twin: no random pages", twin)
		}
		c.Close()
		srv.Close()
	}
}

// The statement check and the document checks find on the broken twin what
// the manifest's "public" part lists, and nothing failed on the fixed twin.
func TestPublicStatementAndDocuments(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	oracle, err := demosite.Public()
	if err != nil {
		t.Fatal(err)
	}
	// The page rules only: the cross-page rules judge a whole site, and
	// this audit sees six of its pages.
	var pageRules []*rules.Rule
	for _, r := range catalog.Default() {
		if r.Family != "site" {
			pageRules = append(pageRules, r)
		}
	}
	for _, twin := range []demosite.Twin{demosite.Broken, demosite.Fixed} {
		srv := httptest.NewServer(demosite.Handler(twin))
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		// Only the statements and the help pages (which link the PDFs).
		run, err := audit.Run(ctx, audit.Config{
			URLs: []string{srv.URL + "/"}, Crawl: true, Out: t.TempDir(),
			CrawlConfig: crawl.Config{Sample: crawl.SampleWAD, Include: []string{`/(sv|en)/?$`, `/(sv|en)/(tillganglighetsredogorelse|accessibility-statement|hjalp|help)$`, `/dokument/`}},
			Rules:       pageRules, RuleOptions: rules.Options{PublicSector: true}, CheckDocuments: true,
		})
		cancel()
		if err != nil {
			t.Fatalf("%s twin: %v", twin, err)
		}
		got := map[string][]string{}
		for _, sc := range run.Statements {
			var fs []string
			for _, f := range sc.Findings {
				fs = append(fs, f.Part+"/"+string(f.Outcome)+":"+f.Code)
				if twin == demosite.Fixed && f.Outcome == rules.Failed {
					t.Errorf("fixed twin %s: %s: %s", pathOf(sc.URL), f.Code, f.Message)
				}
			}
			got[pathOf(sc.URL)] = fs
		}
		for _, st := range oracle.Statements {
			fs, ok := got[st.Page]
			if !ok {
				t.Errorf("%s twin: statement %s not checked (checked: %v)", twin, st.Page, got)
				continue
			}
			if twin == demosite.Broken {
				for _, want := range st.Broken {
					if !slices.Contains(fs, want) {
						t.Errorf("broken twin %s: want %s, got %v", st.Page, want, fs)
					}
				}
			}
		}
		docs := map[string]document.Report{}
		for _, d := range run.Documents {
			docs[pathOf(d.URL)] = d
		}
		for _, od := range oracle.Documents {
			d, ok := docs[od.Path]
			if !ok {
				t.Errorf("%s twin: %s not checked", twin, od.Path)
				continue
			}
			var fs []string
			for _, f := range d.Findings {
				fs = append(fs, f.Check+"/"+string(f.Outcome)+":"+f.Code)
			}
			if twin == demosite.Fixed {
				if d.Status != document.StatusChecked || slices.ContainsFunc(d.Findings, func(f document.Finding) bool { return f.Outcome != rules.Passed }) {
					t.Errorf("fixed twin %s: %s %v", od.Path, d.Status, fs)
				}
				continue
			}
			if d.Status != od.Status {
				t.Errorf("broken twin %s: status %s, want %s", od.Path, d.Status, od.Status)
			}
			for _, want := range od.Broken {
				if !slices.Contains(fs, want) {
					t.Errorf("broken twin %s: want %s, got %v", od.Path, want, fs)
				}
			}
		}
		// The draft names the failures per criterion and never claims
		// full compliance; the export counts the documents.
		draft := export.Draft(run, "sv")
		if strings.Contains(draft, "**helt förenlig**") {
			t.Errorf("%s twin: the draft claims full compliance", twin)
		}
		ex := export.Build(run)
		if len(ex.Sites) != 1 || ex.Sites[0].Counts.Documents != len(oracle.Documents) || !ex.Sites[0].Counts.StatementFound {
			t.Errorf("%s twin: export counts %+v", twin, ex.Sites[0].Counts)
		}
		srv.Close()
	}
}
