package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// The widget pages (testdata/widgets) are the team's own implementations
// of the WAI-ARIA Authoring Practices patterns, written to be correct:
// roles, states, names and keyboard interaction as the patterns describe
// them. Some pages also hold a broken twin in the corpus markers
// (<!--barrier-->broken<!--clean-->correct<!--end-->) with the criterion
// the barrier breaks in <meta name="granska-corpus" content="SC">: a
// missing name, a Tab trap, a slider no keyboard reaches, a wrong role.
//
// TestWidgets audits every correct page and every broken twin in one run
// of the real engine (revealed states and keyboard walk included) and
// requires no failed outcome on a correct page, and a failed or cantTell
// outcome at its criterion on each broken twin, so that a rule fixed for
// the widgets still finds the barrier. cantTell outcomes on the correct
// pages are allowed (each is a question a person answers) and listed.
func TestWidgets(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	dir := filepath.Join("testdata", "widgets")
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(files) < 30 {
		t.Fatalf("want at least 30 widget pages, have %d (%v)", len(files), err)
	}
	sort.Strings(files)
	srv := httptest.NewServer(pairHandler(dir, "clean", "widgets.css", "widgets.js"))
	t.Cleanup(srv.Close)

	broken := map[string]string{} // URL of a broken twin → its criterion
	var urls []string
	for _, f := range files {
		name := filepath.Base(f)
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		urls = append(urls, srv.URL+"/"+name)
		if strings.Contains(string(src), "<!--barrier-->") {
			sc := corpusSC(string(src))
			if sc == "" {
				t.Errorf("%s has a broken twin but no <meta name=\"granska-corpus\" content=\"SC\">", name)
				continue
			}
			u := srv.URL + "/" + name + "?v=barrier"
			broken[u] = sc
			urls = append(urls, u)
		}
	}
	if len(broken) < 10 {
		t.Errorf("want at least 10 broken twins, have %d", len(broken))
	}

	// The pages are separate demonstrations, not one site: the site rules
	// (navigation consistent across pages and the like) do not apply.
	var set []*rules.Rule
	for _, r := range catalog.Default() {
		if r.Site == nil {
			set = append(set, r)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	run, err := audit.Run(ctx, audit.Config{
		URLs: urls, Out: t.TempDir(), Rules: set,
		Capture: capture.Options{Walk: capture.WalkOptions{MaxStops: 300}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Pages) != len(urls) {
		t.Errorf("%d pages audited of %d", len(run.Pages), len(urls))
	}

	falses := map[string]int{} // rule/code → failed outcomes on correct pages
	questions := map[string]int{}
	found := 0
	for _, p := range run.Pages {
		name := pathOf(p.URL)
		if p.Error != "" {
			t.Errorf("%s: not audited: %s", name, p.Error)
			continue
		}
		if sc, ok := broken[p.URL]; ok {
			hits := widgetFindings(p.Outcomes, sc)
			if len(hits) == 0 {
				t.Errorf("broken twin %s: nothing found at %s (found instead: %s)", name, sc, strings.Join(widgetFindings(p.Outcomes, ""), "; "))
				continue
			}
			found++
			t.Logf("broken twin %s: found at %s: %s", name, sc, strings.Join(hits, "; "))
			continue
		}
		for _, o := range p.Outcomes {
			at := "page"
			if o.Target != nil {
				at = o.Target.Selector
			}
			if o.State != "" {
				at += " (in state " + o.State + ")"
			}
			switch o.Outcome {
			case rules.Failed:
				falses[o.Rule+"/"+o.Code]++
				t.Errorf("correct widget %s: false failure %s/%s at %s: %s", name, o.Rule, o.Code, at, o.Message)
			case rules.CantTell:
				questions[o.Rule+"/"+o.Code]++
				t.Logf("correct widget %s: cantTell %s/%s at %s: %s", name, o.Rule, o.Code, at, o.Message)
			}
		}
	}
	t.Logf("widgets: %d correct pages, false failures by rule: %s; cantTell by rule: %s; broken twins found %d of %d",
		len(files), countList(falses), countList(questions), found, len(broken))
}

// widgetFindings lists the failed and cantTell outcomes as "OUTCOME
// rule/code", only those whose rule maps to sc unless sc is empty.
func widgetFindings(outs []result.Outcome, sc string) []string {
	var out []string
	for _, o := range outs {
		if (o.Outcome == rules.Failed || o.Outcome == rules.CantTell) && (sc == "" || slices.Contains(o.WCAG, sc)) {
			out = append(out, fmt.Sprintf("%s %s/%s", o.Outcome, o.Rule, o.Code))
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// countList writes counts as "key n, key n" in key order, or "none".
func countList(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", k, m[k])
	}
	return b.String()
}
