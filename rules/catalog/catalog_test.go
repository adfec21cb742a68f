package catalog

import (
	"slices"
	"testing"

	"github.com/granska/granska/internal/standards/en301549"
	"github.com/granska/granska/internal/standards/wcag"

	"github.com/granska/granska/rules"
)

// TestCatalogue validates every rule's declaration against the WCAG 2.2
// and EN 301 549 tables.
func TestCatalogue(t *testing.T) {
	if err := Err(); err != nil {
		t.Fatal(err)
	}
	if len(Rules()) == 0 {
		t.Fatal("no rules")
	}
	for _, r := range Rules() {
		if err := rules.Validate(r); err != nil {
			t.Error(err)
		}
		// Every A/AA criterion a rule maps has its EN 301 549 clause.
		for _, sc := range r.WCAG {
			c, _ := wcag.Lookup(sc)
			if c.Level == "AAA" {
				continue
			}
			if cl, ok := en301549.ForSC(sc); !ok || !contains(r.EN, cl.ID) {
				t.Errorf("rule %s: WCAG %s (%s) but no EN clause for it in %v", r.ID, sc, c.Level, r.EN)
			}
		}
	}
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
