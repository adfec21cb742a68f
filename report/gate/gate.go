// Package gate decides whether a run fails a CI build: a Policy says which
// issues gate (outcome kinds, an impact threshold, the WCAG levels in
// scope), and a Baseline of known issues, by fingerprint, lets only new
// ones fail. Cannot-tell outcomes never gate unless the policy names them.
package gate

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/granska/granska/internal/standards/wcag"
	"github.com/granska/granska/report"
	"github.com/granska/granska/rules"
)

// ErrPolicy is returned for a --fail-on value that cannot be parsed.
var ErrPolicy = errors.New("gate: bad --fail-on")

// Scope is which rules can gate, by the WCAG level of their criteria.
type Scope string

// Scopes.
const (
	ScopeA   Scope = "a"   // rules mapped to a Level A criterion
	ScopeAA  Scope = "aa"  // Level A or AA (the default)
	ScopeAAA Scope = "aaa" // Level A, AA or AAA
	ScopeAny Scope = "any" // every rule, consent and best-practice rules too
)

// Policy says which issues fail the build.
type Policy struct {
	// Outcomes that gate; failed only by default. CantTell gates only when
	// listed.
	Outcomes []rules.Outcome
	// MinImpact is the least impact that gates; "" means any.
	MinImpact rules.Impact
	Scope     Scope
	// Never turns the gate off ("none").
	Never bool
}

// Default is the gate without --fail-on: any failed outcome of a rule
// mapped to a WCAG Level A or AA criterion.
func Default() Policy { return Policy{Outcomes: []rules.Outcome{rules.Failed}, Scope: ScopeAA} }

// Syntax documents Parse for --help.
const Syntax = `comma-separated: outcomes (failed, cantTell), an impact threshold
(critical, serious, moderate, minor: that impact or worse), the WCAG scope
(a, aa, aaa, any: every rule), or none; default "failed,aa"`

// Parse reads a --fail-on value: a comma-separated list of outcome kinds
// (failed, cantTell), at most one impact threshold (critical, serious,
// moderate, minor), at most one scope (a, aa, aaa, any), or "none". Unset
// parts keep the default: failed, any impact, scope aa.
func Parse(s string) (Policy, error) {
	p := Default()
	if strings.TrimSpace(s) == "" {
		return p, nil
	}
	var outs []rules.Outcome
	seenImpact, seenScope := false, false
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '+' }) {
		switch t := strings.ToLower(tok); t {
		case "none", "never", "off":
			p.Never = true
		case "failed", "fail", "failures":
			outs = appendOnce(outs, rules.Failed)
		case "canttell", "cant-tell", "cannot-tell", "review":
			outs = appendOnce(outs, rules.CantTell)
		case "critical", "serious", "moderate", "minor":
			if seenImpact {
				return p, fmt.Errorf("%w: two impact thresholds in %q", ErrPolicy, s)
			}
			seenImpact = true
			p.MinImpact = rules.Impact(t)
		case "a", "aa", "aaa", "any", "all":
			if seenScope {
				return p, fmt.Errorf("%w: two scopes in %q", ErrPolicy, s)
			}
			seenScope = true
			if t == "all" {
				t = "any"
			}
			p.Scope = Scope(t)
		default:
			return p, fmt.Errorf("%w: unknown %q (use %s)", ErrPolicy, tok, "failed, cantTell, critical, serious, moderate, minor, a, aa, aaa, any or none")
		}
	}
	if len(outs) > 0 {
		p.Outcomes = outs
	}
	return p, nil
}

func appendOnce(s []rules.Outcome, o rules.Outcome) []rules.Outcome {
	for _, x := range s {
		if x == o {
			return s
		}
	}
	return append(s, o)
}

// String gives the policy in Parse's syntax.
func (p Policy) String() string {
	if p.Never {
		return "none"
	}
	var parts []string
	for _, o := range p.Outcomes {
		parts = append(parts, string(o))
	}
	if p.MinImpact != "" {
		parts = append(parts, string(p.MinImpact))
	}
	parts = append(parts, string(p.Scope))
	return strings.Join(parts, ",")
}

// Gates reports whether an issue fails the build under the policy,
// baseline aside.
func (p Policy) Gates(is *report.Issue) bool {
	if p.Never {
		return false
	}
	ok := false
	for _, o := range p.Outcomes {
		if is.Outcome == o {
			ok = true
		}
	}
	if !ok {
		return false
	}
	if p.MinImpact != "" && rules.Impact(is.Impact).Rank() < p.MinImpact.Rank() {
		return false
	}
	return p.inScope(is.WCAG)
}

func (p Policy) inScope(scs []string) bool {
	if p.Scope == ScopeAny {
		return true
	}
	for _, sc := range scs {
		c, ok := wcag.Lookup(sc)
		if !ok {
			continue
		}
		switch {
		case c.Level == "A":
			return true
		case c.Level == "AA" && (p.Scope == ScopeAA || p.Scope == ScopeAAA || p.Scope == ""):
			return true
		case c.Level == "AAA" && p.Scope == ScopeAAA:
			return true
		}
	}
	return false
}

// Verdict is the gate's decision on a run.
type Verdict struct {
	Policy Policy
	// Gating are the issues that fail the build (new ones, when there is a
	// baseline).
	Gating []*report.Issue
	// Known gate under the policy but are in the baseline.
	Known []*report.Issue
	// Fixed are baseline entries that no longer match any issue.
	Fixed []Entry
}

// Failed reports whether the build fails (exit code 1).
func (v Verdict) Failed() bool { return len(v.Gating) > 0 }

// Evaluate applies the policy, and the baseline when b is not nil, to the
// de-duplicated issues of a run.
func Evaluate(issues []*report.Issue, p Policy, b *Baseline) Verdict {
	v := Verdict{Policy: p}
	known := map[string]bool{}
	if b != nil {
		for _, e := range b.Entries {
			known[e.Fingerprint] = true
		}
	}
	present := map[string]bool{}
	for _, is := range issues {
		present[is.Fingerprint] = true
		if !p.Gates(is) {
			continue
		}
		if known[is.Fingerprint] {
			v.Known = append(v.Known, is)
		} else {
			v.Gating = append(v.Gating, is)
		}
	}
	if b != nil {
		for _, e := range b.Entries {
			if !present[e.Fingerprint] {
				v.Fixed = append(v.Fixed, e)
			}
		}
	}
	return v
}

// WriteText summarises the verdict for the terminal.
func (v Verdict) WriteText(w io.Writer) {
	if v.Policy.Never {
		fmt.Fprintln(w, "gate: off (--fail-on none)")
		return
	}
	occ := 0
	for _, is := range v.Gating {
		occ += len(is.Occurrences)
	}
	fmt.Fprintf(w, "gate (%s): %d gating issues (%d occurrences)", v.Policy, len(v.Gating), occ)
	if len(v.Known) > 0 || len(v.Fixed) > 0 {
		fmt.Fprintf(w, "; baseline: %d known, %d fixed", len(v.Known), len(v.Fixed))
	}
	fmt.Fprintln(w)
	for i, is := range v.Gating {
		if i == 20 {
			fmt.Fprintf(w, "  … and %d more\n", len(v.Gating)-20)
			break
		}
		sel := ""
		if is.Example.Target != nil {
			sel = " " + is.Example.Target.Selector
		}
		fmt.Fprintf(w, "  %s %s/%s%s on %d pages (%s)\n", is.Fingerprint, is.Rule, is.Code, sel, len(is.Pages), is.Impact)
	}
	for _, e := range v.Fixed {
		fmt.Fprintf(w, "  fixed: %s %s/%s %s\n", e.Fingerprint, e.Rule, e.Code, e.Selector)
	}
}
