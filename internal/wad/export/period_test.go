package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"testing"
	"time"

	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/rules"
)

func TestBuildPeriod(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 11, d, 3, 0, 0, 0, time.UTC) }
	failing := Build(sampleRun())
	// A second site whose latest run found no failure and no statement.
	clean := sampleRun()
	clean.Start = []string{"http://bibliotek.test/"}
	for i := range clean.Pages {
		clean.Pages[i].URL = "http://bibliotek.test/" + clean.Pages[i].URL[len("http://kommun.test/"):]
		for j := range clean.Pages[i].Outcomes {
			clean.Pages[i].Outcomes[j].Outcome = rules.Passed
		}
	}
	clean.Sample, clean.Documents, clean.Statements = nil, nil, nil
	in := []PeriodInput{
		{ID: 1, Name: "Kommunen", URLs: []string{"http://kommun.test/"}, LatestRun: 12, Latest: failing, Runs: []PeriodRun{
			{ID: 11, Finished: day(2), Failed: 5, FailedWCAG: map[string]int{"1.1.1": 3, "2.4.7": 1}},
			{ID: 12, Finished: day(9), Failed: 3, FailedWCAG: map[string]int{"1.1.1": 3}}}},
		{ID: 2, Name: "Biblioteket", URLs: []string{"http://bibliotek.test/"}, LatestRun: 21, Latest: Build(clean), Runs: []PeriodRun{
			{ID: 21, Finished: day(3)}}},
		{ID: 3, Name: "Arkivet", URLs: []string{"http://arkiv.test/"}}, // no run in the period
	}
	p := BuildPeriod("Kommunen", day(1), day(30), in)
	tot := p.Totals
	if tot.Sites != 3 || tot.SitesMonitored != 2 || tot.SitesNotMonitored != 1 || tot.SitesNonCompliant != 1 || tot.SitesNoFailures != 1 ||
		tot.SitesStatement != 1 || tot.SitesStatementBad != 1 || tot.Runs != 3 || tot.Documents != 2 || tot.DocumentsFailing != 1 {
		t.Errorf("totals %+v", tot)
	}
	if got := p.Sites[0].RunsFailed; got["1.1.1"] != 2 || got["2.4.7"] != 1 {
		t.Errorf("runs failed per criterion %v, want 1.1.1 in both runs and 2.4.7 in one", got)
	}
	if p.Sites[2].Hosts == nil || len(p.Sites[2].Hosts) != 0 || p.Sites[2].LatestRun != 0 {
		t.Errorf("site without runs: %+v", p.Sites[2])
	}
	crit := map[string]GroupRequirement{}
	for _, g := range p.Criteria {
		crit[g.ID] = g
	}
	if g := crit["1.1.1"]; g.SitesFailed != 1 || g.SitesNoFailures != 1 || g.Level != "A" || g.Title == "" {
		t.Errorf("1.1.1 over the group: %+v", g)
	}
	if g := crit["1.4.3"]; g.SitesCantTell != 1 || g.SitesNoFailures != 1 {
		t.Errorf("1.4.3 over the group: %+v", g)
	}
	if g := crit["2.4.7"]; g.SitesNotTested != 2 {
		t.Errorf("2.4.7 (no rule in the runs) over the group: %+v", g)
	}
	clauses := map[string]GroupRequirement{}
	for _, g := range p.Clauses {
		clauses[g.ID] = g
	}
	if g := clauses["10.3.1.1"]; g.SitesFailed != 1 || g.SitesNoFailures != 1 {
		t.Errorf("10.3.1.1 over the group: %+v", g)
	}
	sc, err := wad.CheckSample("SE", wad.PeriodOf(day(1)), p.Totals.SitesMonitored)
	if err != nil {
		t.Fatal(err)
	}
	p.Country = &sc

	var buf bytes.Buffer
	if err := p.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back["schema"] != PeriodSchema || back["from"] != "2026-11-01T03:00:00Z" {
		t.Errorf("json %v: %.300s", err, buf.String())
	}
	buf.Reset()
	if err := p.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	sections := map[string]int{}
	var minimum []string
	for _, r := range rows[1:] {
		if len(r) != len(PeriodCSVHeader) || r[0] != "Kommunen" {
			t.Fatalf("row %v", r)
		}
		sections[r[3]]++
		if r[3] == "group-minimum" && r[4] == "simplified websites" {
			minimum = r
		}
	}
	if sections["group-count"] != 12 || sections["run"] != 3 || sections["group-criterion"] != len(p.Criteria) || sections["sample"] != 3 || sections["group-minimum"] != 3 {
		t.Errorf("sections %v", sections)
	}
	// Sweden, period 6: 75 + 30 × 10.522 → 391, two monitored.
	if minimum == nil || minimum[8] != "short 389" || minimum[11] != "2" {
		t.Errorf("simplified minimum row %v", minimum)
	}
}
