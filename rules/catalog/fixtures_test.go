package catalog

import (
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/ruletest"
)

const fixtureRoot = "../../testdata/fixtures"

func TestMain(m *testing.M) {
	code := m.Run()
	chrometest.Close()
	os.Exit(code)
}

func capturer(t *testing.T) ruletest.Capturer {
	return func(ctx context.Context, url string) (*page.Page, error) {
		return chrometest.Capture(t, url, capture.Options{})
	}
}

// TestFixtures replays every fixture's snapshot through every rule, and
// checks outcomes against the fixture's expectations both ways. With
// -update it first recaptures snapshots in Chromium.
func TestFixtures(t *testing.T) {
	fixtures := ruletest.Find(t, fixtureRoot)
	if len(fixtures) == 0 {
		t.Fatal("no fixtures")
	}
	if *ruletest.Update || *ruletest.Recapture {
		ruletest.Capture(t, fixtureRoot, fixtures, capturer(t), *ruletest.Recapture)
	}
	set := Rules()
	for _, f := range fixtures {
		t.Run(f.Name, func(t *testing.T) {
			p := ruletest.Load(t, f)
			if len(ruletest.Expectations(t, p)) == 0 {
				t.Fatal("fixture states no expectations (data-expect)")
			}
			ruletest.Check(t, p, set)
		})
	}
}

// TestFixturesLive captures every fixture again in real Chromium and checks
// that the live capture gives the same outcomes as the stored snapshot:
// capture and replay agree, and the snapshots are not out of date with the
// browser.
func TestFixturesLive(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	chrometest.Pool(t)
	fixtures := ruletest.Find(t, fixtureRoot)
	srv := ruletest.Serve(fixtureRoot)
	defer srv.Close()
	set := Rules()
	for _, f := range fixtures {
		t.Run(f.Name, func(t *testing.T) {
			stored := ruletest.Load(t, f)
			live, err := chrometest.Capture(t, srv.URL+"/"+f.Name+".html", capture.Options{})
			if err != nil {
				t.Fatal(err)
			}
			ruletest.Normalize(live, srv.URL)
			if got, want := outcomes(live, set), outcomes(stored, set); !reflect.DeepEqual(got, want) {
				t.Errorf("live capture and snapshot disagree:\nlive:     %v\nsnapshot: %v", got, want)
			}
			// The live page also meets the fixture's expectations.
			ruletest.Check(t, live, set)
		})
	}
}

// outcomes summarises a page's findings as comparable strings.
func outcomes(p *page.Page, set []*rules.Rule) []string {
	set = ruletest.RulesFor(nopTB{}, p, set)
	fs, _ := rules.Run(context.Background(), p, set, rules.Options{})
	var out []string
	for _, f := range fs {
		if f.Outcome == rules.Inapplicable && f.Target < 0 {
			continue
		}
		sel := "page"
		if f.Target >= 0 {
			sel = result.NewTarget(p, f.Target).XPath
		}
		out = append(out, string(f.Outcome)+" "+f.Rule.ID+"/"+f.Code+" "+sel)
	}
	return out
}

type nopTB struct{ testing.TB }

func (nopTB) Helper()               {}
func (nopTB) Errorf(string, ...any) {}
