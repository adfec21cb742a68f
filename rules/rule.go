// Package rules is Granska's rule framework: a rule is a declared value
// with its standards mapping as data (WCAG 2.2 success criteria, EN 301 549
// clauses, W3C ACT rule ids), an applicability function that picks its
// targets in the page model, and an expectation that gives each target an
// ACT/EARL outcome: passed, failed, cantTell or inapplicable, with a stable
// result code.
//
// Rules are pure: they see one page.Page and nothing else (no browser, no
// network, no disk, no clock). Run executes a set of rules over a page,
// turning a rule's panic or overrun into an error for that rule on that
// page, never a crash of the run.
//
// The rules themselves live in the topic packages under rules/ and are
// gathered by rules/catalog.
package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/granska/granska/audit/page"
)

// Outcome is an ACT/EARL outcome.
type Outcome string

// The four outcomes. CantTell means automation could not decide: it is never
// reported as a failure.
const (
	Passed       Outcome = "passed"
	Failed       Outcome = "failed"
	CantTell     Outcome = "cantTell"
	Inapplicable Outcome = "inapplicable"
)

// Valid reports whether o is one of the four outcomes.
func (o Outcome) Valid() bool {
	switch o {
	case Passed, Failed, CantTell, Inapplicable:
		return true
	}
	return false
}

// Impact is how badly a failure hurts users.
type Impact string

// Impacts, most severe first.
const (
	Critical Impact = "critical"
	Serious  Impact = "serious"
	Moderate Impact = "moderate"
	Minor    Impact = "minor"
)

// Rank orders impacts: critical 4 … minor 1, unknown 0.
func (i Impact) Rank() int {
	switch i {
	case Critical:
		return 4
	case Serious:
		return 3
	case Moderate:
		return 2
	case Minor:
		return 1
	}
	return 0
}

// Severity grades consent and privacy findings, which are legal risks
// rather than accessibility barriers.
type Severity string

// Severities of consent and privacy findings.
const (
	ViolationLikely Severity = "violation-likely"
	Risk            Severity = "risk"
	Info            Severity = "info"
)

// Text is a message in English and Swedish. Messages may contain
// placeholders such as {ratio}, filled from a Result's Args.
type Text struct {
	EN string `json:"en"`
	SV string `json:"sv"`
}

// In returns the text in the language ("sv" or anything else for English),
// falling back to English.
func (t Text) In(lang string) string {
	if strings.HasPrefix(lang, "sv") && t.SV != "" {
		return t.SV
	}
	return t.EN
}

// Rule is one check. Declare rules as package-level values; never reuse an
// ID, even after the rule is removed.
type Rule struct {
	ID     string // stable slug, e.g. "form-field-name"
	Family string // topic: names, aria, structure, lang, color, focus, keyboard, layout, forms, consent, media, site
	Title  Text
	// Help says how to fix a failure.
	Help Text
	// Manual says what a person should check when the rule cannot tell.
	Manual Text
	WCAG   []string // WCAG 2.2 success criteria, e.g. "4.1.2"
	// EN are EN 301 549 clauses; when empty they are derived from WCAG by
	// rules/catalog (9.X.Y.Z mirrors SC X.Y.Z).
	EN  []string
	ACT []string // W3C ACT rule ids this rule implements
	// Legal names the legal basis of consent and privacy rules
	// ("GDPR Art. 7(1)", "EDPB Guidelines 05/2020 §…").
	Legal    []string
	Impact   Impact
	Severity Severity // consent and privacy rules only
	// Optional rules (AAA, experimental) run only when asked for.
	Optional bool
	// Codes maps every result code the rule can give to its message.
	Codes map[string]Text
	// Params are thresholds with their defaults; options may override.
	Params map[string]float64

	// Applies returns the rule's targets in document order (ACT
	// applicability). A rule whose Applies returns none is inapplicable on
	// the page.
	Applies func(c *Ctx) []int
	// Expect gives one target its outcome (ACT expectation).
	Expect func(c *Ctx, target int) Result
	// Check, instead of Applies and Expect, gives all results of a rule
	// that judges the page as a whole. Return no results for
	// inapplicable.
	Check func(c *Ctx) []Result
	// Site, for a rule that judges the pages of a site together, declares
	// the facts it reads from each page and judges them after the crawl
	// (see SiteCheck). A rule with only Site is inapplicable on one page.
	Site *SiteCheck
}

// Result is one outcome of a rule for one target.
type Result struct {
	Target  int // node index, -1 for the page as a whole
	Outcome Outcome
	Code    string            // stable: tests assert on it
	Args    map[string]string // message placeholders
	Related []int             // other nodes involved (a label, a duplicate id, a covering element)
}

// Pass, Fail and Cant build results.
func Pass(target int, code string, args ...string) Result {
	return Result{Target: target, Outcome: Passed, Code: code, Args: kv(args)}
}

// Fail builds a failed result.
func Fail(target int, code string, args ...string) Result {
	return Result{Target: target, Outcome: Failed, Code: code, Args: kv(args)}
}

// Cant builds a cantTell result.
func Cant(target int, code string, args ...string) Result {
	return Result{Target: target, Outcome: CantTell, Code: code, Args: kv(args)}
}

// NA builds an inapplicable result for a target the rule's Applies chose
// but that turns out not to be in scope.
func NA(target int, code string) Result {
	return Result{Target: target, Outcome: Inapplicable, Code: code}
}

// With returns r with related nodes added.
func (r Result) With(related ...int) Result {
	r.Related = append(r.Related, related...)
	return r
}

func kv(a []string) map[string]string {
	if len(a) == 0 {
		return nil
	}
	m := make(map[string]string, len(a)/2)
	for i := 0; i+1 < len(a); i += 2 {
		m[a[i]] = a[i+1]
	}
	return m
}

// Message renders the message of a result code in the language.
func (r *Rule) Message(code, lang string, args map[string]string) string {
	t, ok := r.Codes[code]
	if !ok {
		if t, ok = frameworkCodes[code]; !ok {
			return code
		}
	}
	return Fill(t.In(lang), args)
}

// HasMessage reports whether code has a message: one of the rule's Codes
// or a code the framework gives on its behalf (CodeFrameNotLoaded).
func (r *Rule) HasMessage(code string) bool {
	if _, ok := r.Codes[code]; ok {
		return true
	}
	_, ok := frameworkCodes[code]
	return ok
}

var placeholder = regexp.MustCompile(`\{[a-zA-Z0-9_]+\}`)

// Fill replaces {name} placeholders with args.
func Fill(s string, args map[string]string) string {
	if len(args) == 0 {
		return s
	}
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := args[m[1:len(m)-1]]; ok {
			return v
		}
		return m
	})
}

// Placeholders returns the placeholder names in s.
func Placeholders(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllString(s, -1) {
		out = append(out, m[1:len(m)-1])
	}
	sort.Strings(out)
	return out
}

// Ctx is what a rule sees: the page, its own parameters and a memo shared
// by all rules on the page for facts computed once.
type Ctx struct {
	Page   *page.Page
	Rule   *Rule
	params map[string]float64
	memo   *page.Memo
}

// Param returns a threshold: the option's value if set, else the rule's
// default. It panics on an undeclared name (a programming error the rule
// tests catch).
func (c *Ctx) Param(name string) float64 {
	if v, ok := c.params[name]; ok {
		return v
	}
	v, ok := c.Rule.Params[name]
	if !ok {
		panic(fmt.Sprintf("rules: %s: undeclared param %q", c.Rule.ID, name))
	}
	return v
}

// Memo returns the value for key, computing it with fn once per page. Use it
// for facts several rules need (visible text, focusable elements, colours).
// Keys are package-qualified strings such as "dom.labels".
func (c *Ctx) Memo(key string, fn func() any) any {
	return c.memo.Get(key, fn)
}

// NewCtx returns a context for running one rule outside Run (tests, tools).
func NewCtx(p *page.Page, r *Rule) *Ctx {
	return &Ctx{Page: p, Rule: r, memo: newMemo()}
}
