package server

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/internal/wad/export"
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

// The export of a group (an organisation such as a public body) over a
// period: the group's sites of the token's organisation only, per site
// the latest run's sample, statement check and documents, over the group
// per criterion how many sites fail; the period filters runs; a country
// adds the minimum sample check. On SQLite and Postgres.
func TestGroupExport(t *testing.T) {
	forEachStore(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		ctx := context.Background()
		mk := func(orgID int64, name, u, group string) store.Site {
			s, err := e.st.CreateSite(ctx, store.Site{OrgID: orgID, Name: name, URLs: []string{u}, PublicSector: true, Group: group})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		failing := mk(e.org.ID, "Kommunen", "https://kommun.example/", "Kommunen i Norr")
		clean := mk(e.org.ID, "Biblioteket", "https://bibliotek.example/", "Kommunen i Norr")
		unrun := mk(e.org.ID, "Arkivet", "https://arkiv.example/", "Kommunen i Norr")
		mk(e.org.ID, "Regionen", "https://region.example/", "Regionen")
		other, err := e.st.CreateOrg(ctx, fmt.Sprintf("Annan %d", time.Now().UnixNano()))
		if err != nil {
			t.Fatal(err)
		}
		mk(other.ID, "Annans", "https://annan.example/", "Kommunen i Norr")

		res := publicResult("https://kommun.example/")
		res.Rules = []result.RuleInfo{{ID: "image-alt", WCAG: []string{"1.1.1"}, EN: []string{"9.1.1.1"}}}
		res.Pages[0].Outcomes = []result.Outcome{{Rule: "image-alt", Outcome: rules.Failed, WCAG: []string{"1.1.1"}, EN: []string{"9.1.1.1"}}}
		old := seedRun(t, e.st, failing.ID, []store.Finding{{Fingerprint: "a", Rule: "image-alt", Outcome: "failed", Impact: "serious", WCAG: []string{"1.1.1"}, Occurrences: 1, Pages: []string{"https://kommun.example/"}}})
		putResults(t, e.st, old.ID, res)
		latest := seedRun(t, e.st, failing.ID, []store.Finding{{Fingerprint: "a", Rule: "image-alt", Outcome: "failed", Impact: "serious", WCAG: []string{"1.1.1"}, Occurrences: 1, Pages: []string{"https://kommun.example/"}}})
		putResults(t, e.st, latest.ID, res)
		cleanRes := publicResult("https://bibliotek.example/")
		cleanRes.Rules = res.Rules
		cleanRes.Statements, cleanRes.Documents = nil, nil
		cr := seedRun(t, e.st, clean.ID, nil)
		putResults(t, e.st, cr.ID, cleanRes)

		path := "/api/v1/orgs/" + url.PathEscape("Kommunen i Norr") + "/export/"
		code, b := e.api("GET", path+"json?from=2000-01-01&to=2100-12-31&country=se&period=6", "viewer", nil)
		var p export.Period
		if code != 200 || json.Unmarshal(b, &p) != nil {
			t.Fatalf("export: %d %.300s", code, b)
		}
		if len(p.Sites) != 3 || p.Sites[0].Name != "Arkivet" || p.Sites[1].Name != "Biblioteket" || p.Sites[2].Name != "Kommunen" {
			t.Fatalf("sites %+v, want this organisation's three of the group", p.Sites)
		}
		tot := p.Totals
		if tot.Sites != 3 || tot.SitesMonitored != 2 || tot.SitesNotMonitored != 1 || tot.SitesNonCompliant != 1 || tot.Runs != 3 ||
			tot.SitesStatement != 1 || tot.SitesStatementBad != 1 || tot.Documents != 1 || tot.DocumentsFailing != 1 {
			t.Errorf("totals %+v", tot)
		}
		k := p.Sites[2]
		if k.LatestRun != latest.ID || len(k.Runs) != 2 || k.RunsFailed["1.1.1"] != 2 || len(k.Hosts) != 1 ||
			len(k.Hosts[0].Sample) != 2 || len(k.Hosts[0].Statements) != 1 || len(k.Hosts[0].Documents) != 1 {
			t.Errorf("Kommunen: %+v", k)
		}
		if p.Sites[0].ID != unrun.ID || len(p.Sites[0].Runs) != 0 {
			t.Errorf("Arkivet: %+v", p.Sites[0])
		}
		var c111 *export.GroupRequirement
		for i := range p.Criteria {
			if p.Criteria[i].ID == "1.1.1" {
				c111 = &p.Criteria[i]
			}
		}
		if c111 == nil || c111.SitesFailed != 1 || c111.SitesNoFailures != 1 {
			t.Errorf("1.1.1 over the group: %+v", c111)
		}
		if p.Country == nil || p.Country.Country != "SE" || p.Country.Period != 6 || p.Country.Monitored != 2 || p.Country.Short != 389 {
			t.Errorf("country check %+v", p.Country)
		}

		// A period after the runs has none: nothing monitored.
		code, b = e.api("GET", path+"json?from=2100-01-01", "viewer", nil)
		p = export.Period{}
		if code != 200 || json.Unmarshal(b, &p) != nil || p.Totals.Runs != 0 || p.Totals.SitesMonitored != 0 || p.Totals.SitesNotMonitored != 3 {
			t.Errorf("later period: %d %+v", code, p.Totals)
		}
		for q, want := range map[string]int{
			"json?from=yesterday":                400,
			"json?from=2026-02-01&to=2026-01-01": 400,
			"json?country=XX&period=1":           400,
			"json?country=SE":                    200, // the period of the latest run
			"xml":                                404,
		} {
			if code, b := e.api("GET", path+q, "viewer", nil); code != want {
				t.Errorf("%s: %d %s, want %d", q, code, b, want)
			}
		}
		if code, _ := e.api("GET", "/api/v1/orgs/Ingen/export/json", "viewer", nil); code != 404 {
			t.Errorf("unknown group: %d, want 404", code)
		}
		if code, _ := e.api("GET", path+"json", "", nil); code != 401 {
			t.Errorf("no token: %d, want 401", code)
		}

		// The dashboard's download, as CSV, for a logged-in viewer.
		c, _ := e.login(store.RoleViewer)
		resp, body := e.get(c, "/orgs/"+url.PathEscape("Kommunen i Norr")+"/export/csv?to=2100-12-31&country=SE")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
			!strings.Contains(resp.Header.Get("Content-Disposition"), "granska-export-kommunen-i-norr.csv") {
			t.Fatalf("csv: %d %q %.300s", resp.StatusCode, resp.Header.Get("Content-Disposition"), body)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil || len(rows) < 10 || !slices.Equal(rows[0], export.PeriodCSVHeader) {
			t.Fatalf("csv rows: %v %v", err, rows[:min(len(rows), 2)])
		}
		sections := map[string]int{}
		for _, r := range rows[1:] {
			sections[r[3]]++
		}
		if sections["run"] != 3 || sections["group-minimum"] != 3 || sections["sample"] != 4 || sections["statement"] == 0 {
			t.Errorf("csv sections %v", sections)
		}
		if resp, _ := e.get(c, "/orgs/Regionen/export/json?from=nope"); resp.StatusCode != 400 {
			t.Errorf("dashboard bad date: %d, want 400", resp.StatusCode)
		}
	})
}

// A site's group round-trips through the API and the add-site form.
func TestSiteGroup(t *testing.T) {
	e := newEnv(t, dsns[0](t))
	code, b := e.api("POST", "/api/v1/sites", "editor", map[string]any{"url": "http://93.184.216.34/", "group": " Kommunen "})
	var site SiteJSON
	if code != 201 || json.Unmarshal(b, &site) != nil || site.Group != "Kommunen" {
		t.Fatalf("create with a group: %d %s", code, b)
	}
	if code, b := e.api("POST", "/api/v1/sites", "editor", map[string]any{"url": "http://93.184.216.36/", "group": "a\nb"}); code != 422 {
		t.Errorf("group with a line break: %d %s, want 422", code, b)
	}
	c, csrf := e.login(store.RoleEditor)
	if _, body := e.get(c, "/sites/new"); !strings.Contains(body, `name="group"`) {
		t.Fatal("the add-site form has no group field")
	}
	resp, body := e.post(c, "/sites", url.Values{"csrf": {csrf}, "urls": {"http://93.184.216.35/"}, "group": {"Regionen"}, "schedule": {"weekly"}})
	if resp.StatusCode != 303 {
		t.Fatalf("form: %d %.300s", resp.StatusCode, body)
	}
	sites, err := e.st.GroupSites(context.Background(), e.org.ID, "Regionen")
	if err != nil || len(sites) != 1 {
		t.Errorf("the form's site in its group: %v %+v", err, sites)
	}
}

// The site page links its group's export, with the group escaped.
func TestSitePageGroupLink(t *testing.T) {
	e := newEnv(t, dsns[0](t))
	site, err := e.st.CreateSite(context.Background(), store.Site{OrgID: e.org.ID, URLs: []string{"https://k.example/"}, Group: "Kommun/Förvaltning ?"})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := e.login(store.RoleViewer)
	_, body := e.get(c, fmt.Sprintf("/sites/%d", site.ID))
	want := `/orgs/Kommun%2FF%c3%b6rvaltning%20%3F/export/csv`
	if !strings.Contains(strings.ToLower(body), strings.ToLower(want)) {
		t.Errorf("site page lacks the group export link %s", want)
	}
	if resp, _ := e.get(c, want); resp.StatusCode != 200 {
		t.Errorf("the linked export: %d", resp.StatusCode)
	}
}
