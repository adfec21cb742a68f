// Package all gathers every rule of Granska into one catalogue, fills in
// the EN 301 549 clauses that rules leave to be derived from their WCAG
// criteria, and validates the catalogue when first used.
package catalog

import (
	"fmt"
	"sort"
	"sync"

	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/aria"
	"github.com/granska/granska/rules/color"
	"github.com/granska/granska/rules/consent"
	"github.com/granska/granska/rules/focus"
	"github.com/granska/granska/rules/forms"
	"github.com/granska/granska/rules/keyboard"
	"github.com/granska/granska/rules/lang"
	"github.com/granska/granska/rules/layout"
	"github.com/granska/granska/rules/media"
	"github.com/granska/granska/rules/names"
	"github.com/granska/granska/rules/site"
	"github.com/granska/granska/rules/structure"
)

var (
	once    sync.Once
	catalog []*rules.Rule
	byID    map[string]*rules.Rule
	initErr error
)

func load() {
	groups := [][]*rules.Rule{
		structure.Rules,
		lang.Rules,
		names.Rules,
		aria.Rules,
		forms.Rules,
		color.Rules,
		focus.Rules,
		keyboard.Rules,
		layout.Rules,
		media.Rules,
		consent.Rules,
		site.Rules,
	}
	byID = map[string]*rules.Rule{}
	for _, g := range groups {
		for _, r := range g {
			rules.DeriveEN(r)
			if _, dup := byID[r.ID]; dup {
				initErr = fmt.Errorf("rules: duplicate rule id %q", r.ID)
				continue
			}
			byID[r.ID] = r
			catalog = append(catalog, r)
		}
	}
	sort.Slice(catalog, func(a, b int) bool { return catalog[a].ID < catalog[b].ID })
}

// Rules returns every rule, sorted by ID.
func Rules() []*rules.Rule {
	once.Do(load)
	return catalog
}

// Default returns the rules that run unless asked otherwise (all but the
// optional ones).
func Default() []*rules.Rule {
	var out []*rules.Rule
	for _, r := range Rules() {
		if !r.Optional {
			out = append(out, r)
		}
	}
	return out
}

// Lookup returns a rule by ID.
func Lookup(id string) (*rules.Rule, bool) {
	once.Do(load)
	r, ok := byID[id]
	return r, ok
}

// Err reports a catalogue that could not be assembled (duplicate ids).
func Err() error {
	once.Do(load)
	return initErr
}

// Select returns the rules named by ids (all default rules when ids is
// empty), plus the optional ones named; unknown ids are an error.
func Select(ids []string, include []string) ([]*rules.Rule, error) {
	if len(ids) == 0 {
		set := Default()
		for _, id := range include {
			r, ok := Lookup(id)
			if !ok {
				return nil, fmt.Errorf("unknown rule %q (see 'granska rules')", id)
			}
			if r.Optional {
				set = append(set, r)
			}
		}
		sort.Slice(set, func(a, b int) bool { return set[a].ID < set[b].ID })
		return set, nil
	}
	var out []*rules.Rule
	for _, id := range append(ids, include...) {
		r, ok := Lookup(id)
		if !ok {
			return nil, fmt.Errorf("unknown rule %q (see 'granska rules')", id)
		}
		out = append(out, r)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ID < out[b].ID })
	return out, nil
}
