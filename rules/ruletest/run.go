package ruletest

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// Main runs a family's tests and then ends the shared browser. Call it from
// the family's TestMain:
//
//	func TestMain(m *testing.M) { ruletest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	chrometest.Close()
	os.Exit(code)
}

// Run is a rule family's fixture test, as analysistest.Run is an analyzer's:
// it replays every fixture under dir (the family's testdata folder) through
// the whole catalogue and checks the outcomes against the fixtures'
// expectations both ways. With -update it first captures missing or stale
// snapshots in Chromium (-recapture: all of them). Unless -short, it also
// captures every fixture again in real Chromium and checks that the live
// capture gives the outcomes of the stored snapshot, so snapshots cannot
// drift from the browser.
//
// Fixture URLs are normalised to http://fixture.test/FAMILY/NAME.html, the
// family being the name of the test's package folder.
func Run(t *testing.T, dir string) {
	t.Helper()
	fixtures := Find(t, dir)
	if len(fixtures) == 0 {
		t.Fatalf("no fixtures under %s", dir)
	}
	host := fixtureHost + "/" + family(t)
	if *Update || *Recapture {
		capture := func(ctx context.Context, url string) (*page.Page, error) {
			return chrometest.Capture(t, url, capture.Options{})
		}
		captureAt(t, dir, host, fixtures, capture, *Recapture)
	}
	set := catalog.Rules()
	t.Run("replay", func(t *testing.T) {
		for _, f := range fixtures {
			t.Run(f.Name, func(t *testing.T) {
				p := Load(t, f)
				if len(Expectations(t, p)) == 0 {
					t.Fatal("fixture states no expectations (data-expect)")
				}
				Check(t, p, set)
			})
		}
	})
	if testing.Short() {
		return
	}
	t.Run("live", func(t *testing.T) {
		chrometest.Pool(t)
		srv := Serve(dir)
		defer srv.Close()
		for _, f := range fixtures {
			t.Run(f.Name, func(t *testing.T) {
				stored := Load(t, f)
				live, err := chrometest.Capture(t, srv.URL+"/"+filepath.ToSlash(f.Name)+".html", capture.Options{})
				if err != nil {
					t.Fatal(err)
				}
				normalizeTo(live, srv.URL, host)
				if got, want := Outcomes(live, set), Outcomes(stored, set); !reflect.DeepEqual(got, want) {
					t.Errorf("live capture and snapshot disagree:\nlive:     %v\nsnapshot: %v", got, want)
				}
				// The live page also meets the fixture's expectations.
				Check(t, live, set)
			})
		}
	})
}

// family is the name of the folder of the package under test.
func family(t testing.TB) string {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Base(wd)
}

// Outcomes summarises a page's failed, cantTell and passed findings as
// comparable strings ("failed rule/code xpath").
func Outcomes(p *page.Page, set []*rules.Rule) []string {
	set = RulesFor(nopTB{}, p, set)
	fs, _ := rules.Run(context.Background(), p, set, rules.Options{})
	sfs, _ := rules.RunStates(context.Background(), p, set, rules.Options{})
	fs = append(fs, sfs...)
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
