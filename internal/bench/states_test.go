package bench

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/loadtest"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// TestStatesDemo audits both twins of the demo site as `granska demo`
// does (crawl, 2 tabs) with every outcome listed (passed and inapplicable
// included) and the page models saved, and reports the run's wall time
// and the revealed states' time (page.Timings.States) summed over the
// pages. With GRANSKA_STATES_OUT=DIR it writes DIR/<twin>.outcomes (one
// outcome or gap a line, sorted), DIR/<twin>.states (each revealed
// state and its keyboard walk) and DIR/<twin>.timings, so that two
// builds (main and a branch) can be run one after the other and their
// outcomes compared with diff. Skipped unless GRANSKA_STATES_DEMO is set:
// it takes minutes.
func TestStatesDemo(t *testing.T) {
	if os.Getenv("GRANSKA_STATES_DEMO") == "" {
		t.Skip("set GRANSKA_STATES_DEMO=1 (and GRANSKA_STATES_OUT=DIR to keep the outcomes)")
	}
	dir := os.Getenv("GRANSKA_STATES_OUT")
	for _, tw := range []struct {
		name string
		twin demosite.Twin
	}{{"fixed", demosite.Fixed}, {"broken", demosite.Broken}} {
		srv := httptest.NewServer(demosite.Handler(tw.twin))
		out := t.TempDir()
		t0 := time.Now()
		run, err := audit.Run(context.Background(), audit.Config{
			URLs: []string{srv.URL + "/"}, Crawl: true, Out: out, AllOutcomes: true, SavePages: true,
			Rules: catalog.Default(), RuleOptions: rules.Options{PublicSector: true},
		})
		wall := time.Since(t0)
		srv.Close()
		if err != nil {
			if os.Getenv("CI") != "true" && run == nil {
				t.Skip(err)
			}
			t.Fatal(err)
		}
		times, err := statesTimings(filepath.Join(out, "pages"))
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		var lines, states []string
		for _, pt := range times {
			sum += pt.ms
			lines = append(lines, fmt.Sprintf("%s\t%.0f", pt.path, pt.ms))
			states = append(states, pt.states...)
		}
		outcomes := loadtest.Outcomes(run)
		t.Logf("%s twin: %d pages, wall %.1f s, revealed states %.1f s in all (%.0f ms a page), %d outcomes and gaps",
			tw.name, len(times), wall.Seconds(), sum/1000, sum/float64(max(1, len(times))), len(outcomes))
		if dir == "" {
			continue
		}
		lines = append(lines, fmt.Sprintf("total\t%.0f", sum), fmt.Sprintf("wall\t%.0f", float64(wall.Milliseconds())))
		if err := os.WriteFile(filepath.Join(dir, tw.name+".outcomes"), []byte(strings.Join(outcomes, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, tw.name+".states"), []byte(strings.Join(states, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, tw.name+".timings"), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type pageTime struct {
	path   string
	ms     float64
	states []string // each revealed state and its keyboard walk
}

// statesTimings reads the saved page models in dir and returns each
// page's revealed-states time, sorted by path.
func statesTimings(dir string) ([]pageTime, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.page.json"))
	if err != nil {
		return nil, err
	}
	var out []pageTime
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			return nil, err
		}
		p, err := page.Read(r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		pt := pageTime{path: loadtest.PathOf(p.URL), ms: p.Timings.States}
		for _, st := range p.States {
			line := fmt.Sprintf("%s %s revealed=%d", pt.path, st.Name, len(st.Revealed))
			if kb := st.Keyboard; kb != nil {
				line += fmt.Sprintf(" opened=%s moved=%v ended=%s tabs=%d arrows=%v reached=%v esc=%v/%v",
					kb.OpenedBy, kb.FocusMoved, kb.Ended, kb.Tabs, kb.Arrows, kb.Reached, kb.EscapeClosed, kb.EscapeReturned)
			}
			pt.states = append(pt.states, line)
		}
		out = append(out, pt)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no page models in %s", dir)
	}
	slices.SortFunc(out, func(a, b pageTime) int { return strings.Compare(a.path, b.path) })
	return out, nil
}
