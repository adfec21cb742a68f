package main

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/granska/granska/report/reporttest"
	"github.com/granska/granska/result"
)

// granska statement prints the draft (Markdown) and exits 0; granska
// export prints the run per site as JSON or CSV.
func TestStatementAndExport(t *testing.T) {
	run := reporttest.Run(4)
	u := run.Pages[0].URL
	run.Sample = []result.SampleEntry{{URL: &u, Reasons: []string{"start", "home"}}, {URL: nil, Reasons: []string{"login"}}}
	path := saveRun(t, t.TempDir(), run)

	code, out := granska(t, "statement", path)
	if code != 0 || !strings.HasPrefix(out, "# Tillgänglighetsredogörelse") || !strings.Contains(out, "## Efterlevnadsstatus") {
		t.Errorf("statement: exit %d\n%s", code, out)
	}
	code, out = granska(t, "statement", path, "--lang", "en")
	if code != 0 || !strings.HasPrefix(out, "# Accessibility statement") || !strings.Contains(out, "## Enforcement procedure") {
		t.Errorf("statement --lang en: exit %d\n%s", code, out)
	}
	if code, out = granska(t, "statement", path, "--lang", "de"); code != exitUsage {
		t.Errorf("--lang de: exit %d: %s", code, out)
	}
	if code, out = granska(t, "statement", "/nonexistent/results.json"); code != exitUsage {
		t.Errorf("missing file: exit %d: %s", code, out)
	}

	code, out = granska(t, "export", path)
	var ex struct {
		Schema string
		Sites  []struct {
			Sample []struct {
				URL *string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &ex); code != 0 || err != nil || ex.Schema != "granska.wad-export/1" || len(ex.Sites) == 0 || len(ex.Sites[0].Sample) != 2 {
		t.Errorf("export json: exit %d, %v: %.300s", code, err, out)
	}
	code, out = granska(t, "export", path, "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) < 10 || rows[0][0] != "site" {
		t.Errorf("export csv: exit %d, %v", code, err)
	}

	// Two runs and a country: two sites monitored against Sweden's minimum.
	other := reporttest.Run(2)
	for i := range other.Pages {
		other.Pages[i].URL = strings.Replace(other.Pages[i].URL, "://", "://annan.", 1)
	}
	other.Start = []string{other.Pages[0].URL}
	path2 := saveRun(t, t.TempDir(), other)
	code, out = granska(t, "export", path, path2, "--country", "se", "--period", "3")
	var withCountry struct {
		Sites   []json.RawMessage
		Country struct {
			Country   string
			Monitored int
			Short     int
			Minimums  []struct{ Number int }
		}
	}
	if err := json.Unmarshal([]byte(out), &withCountry); code != 0 || err != nil || len(withCountry.Sites) != 2 || withCountry.Country.Country != "SE" ||
		withCountry.Country.Monitored != 2 || withCountry.Country.Minimums[0].Number != 391 || withCountry.Country.Short != 389 {
		t.Errorf("export --country: exit %d, %v: %.400s", code, err, out)
	}
	code, out = granska(t, "export", path, "--country", "SE", "--format", "csv")
	if code != 0 || !strings.Contains(out, "SE,minimum,simplified websites,") {
		t.Errorf("export csv --country: exit %d: %s", code, out)
	}
	for _, bad := range [][]string{{"--country", "XX"}, {"--period", "2"}, {"--format", "xml"}} {
		if code, out := granska(t, append([]string{"export", path}, bad...)...); code != exitUsage {
			t.Errorf("export %v: exit %d: %s", bad, code, out)
		}
	}
}
