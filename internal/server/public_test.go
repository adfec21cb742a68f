package server

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// publicResult is a public-sector run: a sample with reasons and a kind
// not found, a statement checked, a document with a finding.
func publicResult(start string) *result.Run {
	u := func(s string) *string { return &s }
	st := wad.Parse(wad.Text{Blocks: []wad.Block{{Text: "Webbplatsen är helt förenlig med lagen."}}})
	run := &result.Run{Schema: result.Schema, Tool: result.Tool{Name: "granska", Version: "test"},
		Started: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC), Complete: true, Start: []string{start},
		Options: result.Options{Sample: "wad", PublicSector: true},
		Pages:   []result.Page{{URL: start}},
		Sample:  []result.SampleEntry{{URL: u(start), Reasons: []string{"start", "home"}}, {URL: nil, Reasons: []string{"login"}}},
		Documents: []document.Report{{URL: start + "taxa.pdf", Status: document.StatusChecked, Title: "Taxa", Pages: 2,
			Findings: []document.Finding{{Check: "pdf-lang", Outcome: rules.Failed, Code: "no-lang", EN: []string{"10.3.1.1"}, Message: "No language.", MessageSV: "Inget språk."}}}},
	}
	run.Statements = []wad.StatementCheck{wad.CheckStatement(start+"tillganglighet", &st, wad.AuditFacts{RunDate: run.Started, Failed: []string{"1.1.1"}, Sweden: true})}
	return run
}

// putResults stores res as the run's results.json, as the monitor does.
func putResults(t testing.TB, st store.Store, runID int64, res *result.Run) {
	t.Helper()
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutBlob(context.Background(), runID, store.BlobResults, "application/json", b); err != nil {
		t.Fatal(err)
	}
}

// The run page shows the sample, the statement findings and the documents
// from the stored results.json, in both languages, and the export
// downloads as JSON and CSV.
func TestRunPublicAndExport(t *testing.T) {
	e := newEnv(t, dsns[0](t))
	ctx := context.Background()
	site, err := e.st.CreateSite(ctx, store.Site{OrgID: e.org.ID, Name: "Kommun", URLs: []string{"https://kommun.example/"}, PublicSector: true})
	if err != nil {
		t.Fatal(err)
	}
	run := seedRun(t, e.st, site.ID, nil)
	putResults(t, e.st, run.ID, publicResult("https://kommun.example/"))
	c, _ := e.login(store.RoleViewer)
	page := fmt.Sprintf("/sites/%d/runs/%d", site.ID, run.ID)
	for lang, want := range map[string][]string{
		"en": {"Public sector: sample", "start page, home page", "Not found", "login", "Compliance status", "Taxa", "No language.", "export/json", "export/csv"},
		"sv": {"Offentlig sektor: urval", "startsida, hemsida", "Hittades inte", "inloggning", "Efterlevnadsstatus", "Inget språk."},
	} {
		e.get(c, "/lang/"+lang+"?back=/")
		resp, body := e.get(c, page)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", lang, resp.StatusCode)
		}
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: run page lacks %q", lang, w)
			}
		}
		if strings.Count(body, "<caption>") < 3 {
			t.Errorf("%s: %d captioned tables, want 3", lang, strings.Count(body, "<caption>"))
		}
	}
	resp, body := e.get(c, page+"/export/json")
	var ex map[string]any
	if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &ex) != nil || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("export json: %d %q %.200s", resp.StatusCode, resp.Header.Get("Content-Disposition"), body)
	}
	resp, body = e.get(c, page+"/export/csv")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || strings.Count(body, "\n") < 2 {
		t.Errorf("export csv: %d %q %.200s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if resp, _ := e.get(c, page+"/export/xml"); resp.StatusCode != 404 {
		t.Errorf("export xml: %d, want 404", resp.StatusCode)
	}
	// A run without results.json has no export.
	bare := seedRun(t, e.st, site.ID, nil)
	if resp, _ := e.get(c, fmt.Sprintf("/sites/%d/runs/%d/export/json", site.ID, bare.ID)); resp.StatusCode != 404 {
		t.Errorf("export of a run without results: %d, want 404", resp.StatusCode)
	}
}

// The site's sample method "wad" round-trips through the API's JSON and
// the add-site form; another method is a 422 naming it.
func TestSampleMethodAPI(t *testing.T) {
	e := newEnv(t, dsns[0](t))
	code, b := e.api("POST", "/api/v1/sites", "editor", map[string]any{"url": "http://93.184.216.34/", "sample": map[string]any{"crawl": true, "method": "wad"}})
	var site SiteJSON
	if code != 201 || json.Unmarshal(b, &site) != nil || site.Sample.Method != "wad" {
		t.Fatalf("create with wad: %d %s", code, b)
	}
	code, b = e.api("GET", fmt.Sprintf("/api/v1/sites/%d", site.ID), "viewer", nil)
	var got SiteJSON
	if code != 200 || json.Unmarshal(b, &got) != nil || got.Sample.Method != "wad" {
		t.Errorf("get: %d %s", code, b)
	}
	code, b = e.api("POST", "/api/v1/sites", "editor", map[string]any{"url": "http://93.184.216.34/", "sample": map[string]any{"method": "random"}})
	if code != 422 || !strings.Contains(string(b), "random") {
		t.Errorf("create with another method: %d %s, want 422 naming it", code, b)
	}
	c, csrf := e.login(store.RoleEditor)
	_, body := e.get(c, "/sites/new")
	if !strings.Contains(body, `name="wad"`) {
		t.Fatalf("the add-site form has no wad sample")
	}
	resp, body := e.post(c, "/sites", map[string][]string{"csrf": {csrf}, "name": {"Kommun"}, "urls": {"http://93.184.216.35/"}, "crawl": {"1"}, "wad": {"1"}, "schedule": {"weekly"}})
	if resp.StatusCode != 303 {
		t.Fatalf("form: %d %.300s", resp.StatusCode, body)
	}
	sites, err := e.st.Sites(context.Background(), e.org.ID)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, s := range sites {
		found = found || (s.Name == "Kommun" && s.Sample.Method == "wad")
	}
	if !found {
		t.Errorf("the form's site has no wad sample: %+v", sites)
	}
}
