package focus_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/focus"
	"github.com/granska/granska/rules/ruletest"
)

// A focus loss the walk records on an element it also saw take focus and
// keep it is not the element's doing (the Tab past the end of a page whose
// only stop is that element, while the browser moved focus out of the
// page): no failure. The same loss on an element that never kept focus
// still fails.
func TestLossOnElementThatKeptFocus(t *testing.T) {
	p := ruletest.Load(t, ruletest.Fixture{
		Name: "walk-context",
		HTML: filepath.Join("testdata", "walk-context.html"),
		Snap: filepath.Join("testdata", "walk-context.page.json"),
	})
	byID := func(id string) int {
		for i := range p.Nodes {
			if v, ok := p.Attr(i, "id"); ok && v == id && p.IsElement(i) {
				return i
			}
		}
		t.Fatalf("no #%s", id)
		return -1
	}
	next, blur := byID("hash"), byID("blur")
	kept := false
	for _, st := range p.Focus.Stops {
		kept = kept || (st.Node == next && !st.Change.Any())
	}
	if !kept {
		t.Fatal("the fixture's walk has no plain stop at #hash")
	}
	p.Focus.Stops = append(p.Focus.Stops, page.FocusStop{Node: -1, CoveredBy: -1, Key: "Tab",
		Change: &page.ContextChange{Node: next, FocusLost: true, Handled: true, Dialog: -1}})

	fs, errs := rules.Run(context.Background(), p, []*rules.Rule{focus.OnFocus}, rules.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	lost := map[int]bool{}
	for _, f := range fs {
		if f.Outcome == rules.Failed && f.Code == "walk-focus-lost" {
			lost[f.Target] = true
		}
	}
	if lost[next] {
		t.Error("#hash kept focus on its own stop, yet the later loss failed it")
	}
	if !lost[blur] {
		t.Error("#blur, whose handler takes focus away, no longer fails walk-focus-lost")
	}
}
