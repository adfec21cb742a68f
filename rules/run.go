package rules

import (
	"context"
	"fmt"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/granska/granska/audit/page"
)

// Options configures Run.
type Options struct {
	// Params override rule thresholds: rule id -> param -> value.
	Params map[string]map[string]float64
	// Timeout bounds one rule on one page; default 10 s.
	Timeout time.Duration
	// PublicSector says the audited site belongs to a public body, which
	// must publish an accessibility statement (DOS law, WAD); site rules
	// read it (Site.PublicSector).
	PublicSector bool
}

// Finding is one result of one rule.
type Finding struct {
	Rule *Rule
	Result
	// State names the revealed state the finding was made in (an open
	// menu or disclosure, see RunStates); "" for the page as captured.
	State string
}

// RuleError is a rule that failed to run on a page (panic, timeout, bad
// result). It is reported, and the other rules' outcomes stand.
type RuleError struct {
	Rule string `json:"rule"`
	Err  string `json:"error"`
}

// Error implements error.
func (e RuleError) Error() string { return e.Rule + ": " + e.Err }

// Run runs the rules over the page and returns their findings in rule
// order, targets in document order. A rule with no targets yields one
// inapplicable finding for the page.
func Run(ctx context.Context, p *page.Page, set []*Rule, opt Options) ([]Finding, []RuleError) {
	if opt.Timeout <= 0 {
		opt.Timeout = 10 * time.Second
	}
	m := newMemo()
	var out []Finding
	var errs []RuleError
	for _, r := range set {
		if ctx.Err() != nil {
			errs = append(errs, RuleError{Rule: r.ID, Err: ctx.Err().Error()})
			continue
		}
		c := &Ctx{Page: p, Rule: r, params: opt.Params[r.ID], memo: m}
		res, err := runOne(ctx, c, opt.Timeout)
		if err != nil {
			errs = append(errs, RuleError{Rule: r.ID, Err: err.Error()})
			continue
		}
		for _, x := range res {
			out = append(out, Finding{Rule: r, Result: x})
		}
	}
	return out, errs
}

// RunStates runs the rules over each revealed state of the page
// (page.RevealedState: a menu or disclosure the capture opened) and returns
// the failures on the nodes that state revealed, as findings on the page as
// captured (targets joined by backend node id; a node the state created is
// not reported) marked with the state's name. Only failures are kept: the
// walk is not run in a state, so the questions a state would raise are
// those of the walk's absence. An element revealed by two states is
// reported once, for the first.
func RunStates(ctx context.Context, p *page.Page, set []*Rule, opt Options) ([]Finding, []RuleError) {
	var out []Finding
	var errs []RuleError
	seen := map[string]bool{}
	for _, st := range p.States {
		if st.Page == nil || len(st.Revealed) == 0 {
			continue
		}
		in := make(map[int]bool, len(st.Revealed))
		for _, i := range st.Revealed {
			in[i] = true
		}
		base := func(i int) int {
			if i < 0 || i >= len(st.Page.Nodes) {
				return -1
			}
			if b, ok := p.ByBackend(st.Page.Nodes[i].Backend); ok {
				return b
			}
			return -1
		}
		fs, es := Run(ctx, st.Page, set, opt)
		for _, e := range es {
			e.Err = st.Name + ": " + e.Err
			errs = append(errs, e)
		}
		for _, f := range fs {
			if f.Outcome != Failed || !in[f.Target] {
				continue
			}
			if f.Rule.Family == "color" && scrolledOut(st.Page, f.Target) {
				continue // its pixels at capture are not what scrolling it into view shows
			}
			t := base(f.Target)
			key := f.Rule.ID + "/" + f.Code + "/" + strconv.Itoa(t)
			if t < 0 || seen[key] {
				continue
			}
			seen[key] = true
			var rel []int
			for _, r := range f.Related {
				if b := base(r); b >= 0 {
					rel = append(rel, b)
				}
			}
			f.Target, f.Related, f.State = t, rel, st.Name
			out = append(out, f)
		}
	}
	return out, errs
}

// runOne runs one rule with a timeout and panic recovery. A rule that
// overruns is abandoned (its goroutine finishes in the background).
func runOne(ctx context.Context, c *Ctx, timeout time.Duration) ([]Result, error) {
	type ret struct {
		res []Result
		err error
	}
	ch := make(chan ret, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil {
				ch <- ret{err: fmt.Errorf("panic: %v\n%s", v, firstLines(debug.Stack(), 12))}
			}
		}()
		res, err := evaluate(c)
		ch <- ret{res, err}
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-ch:
		return r.res, r.err
	case <-t.C:
		return nil, fmt.Errorf("timed out after %s", timeout)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func evaluate(c *Ctx) ([]Result, error) {
	r := c.Rule
	var res []Result
	switch {
	case r.Check != nil:
		res = r.Check(c)
	case r.Applies != nil && r.Expect != nil:
		targets := r.Applies(c)
		res = make([]Result, 0, len(targets))
		for _, t := range targets {
			x := r.Expect(c, t)
			if x.Target == 0 && t != 0 {
				x.Target = t
			}
			res = append(res, x)
		}
	case r.Site != nil:
		// judged across pages by JudgeSite
	default:
		return nil, fmt.Errorf("rule has neither Check nor Applies+Expect")
	}
	for _, x := range res {
		if !x.Outcome.Valid() {
			return nil, fmt.Errorf("invalid outcome %q", x.Outcome)
		}
		if _, ok := r.Codes[x.Code]; !ok {
			return nil, fmt.Errorf("undeclared result code %q", x.Code)
		}
		if x.Target < -1 || x.Target >= len(c.Page.Nodes) {
			return nil, fmt.Errorf("target %d out of range", x.Target)
		}
	}
	for k, x := range res {
		if x.Outcome != Failed {
			continue
		}
		if f := c.Page.UnloadedFrame(x.Target); f >= 0 {
			res[k] = Result{Target: x.Target, Outcome: CantTell, Code: CodeFrameNotLoaded,
				Args: map[string]string{"code": x.Code}, Related: append(slices.Clone(x.Related), f)}
		}
	}
	if len(res) == 0 {
		res = []Result{{Target: -1, Outcome: Inapplicable, Code: CodeInapplicable}}
	}
	sort.SliceStable(res, func(a, b int) bool { return res[a].Target < res[b].Target })
	return res, nil
}

// CodeFrameNotLoaded is the result code a failure becomes when its target
// lies in a frame whose document had not finished loading when the page
// was captured (page.GapFrameNotLoaded): what failed may only be missing
// yet, so it is a question (cantTell), never a failure. Args["code"] keeps
// the rule's own code. Every rule implicitly declares it.
const CodeFrameNotLoaded = "frame-not-loaded"

// frameworkCodes are the messages of the codes the framework gives on any
// rule's behalf.
var frameworkCodes = map[string]Text{
	CodeFrameNotLoaded: {
		EN: "This is inside a frame that had not finished loading when the page was captured ({code}): does it still fail once the frame has loaded?",
		SV: "Detta finns i en ram som inte hade laddats klart när sidan fångades ({code}): brister det fortfarande när ramen har laddats?",
	},
}

// CodeInapplicable is the result code of a rule with no targets on a page.
// Every rule implicitly declares it.
const CodeInapplicable = "inapplicable"

func firstLines(b []byte, n int) string {
	lines := 0
	for i, c := range b {
		if c == '\n' {
			lines++
			if lines == n {
				return string(b[:i])
			}
		}
	}
	return string(b)
}

func newMemo() *page.Memo { return &page.Memo{} }

// scrolledOut reports whether node i of a revealed state lies wholly
// outside the box of an ancestor that scrolls or clips its overflow (an
// option far down a popup's list): it is not on screen in the state, and
// the colours measured at its place belong to what lies there.
func scrolledOut(p *page.Page, i int) bool {
	b, ok := p.Box(i)
	if !ok || b.Empty() {
		return false
	}
	out := false
	p.Ancestors(i, func(a int) bool {
		if !p.IsElement(a) {
			return true
		}
		clips := func(v string) bool { return v == "auto" || v == "scroll" || v == "hidden" || v == "clip" }
		if !clips(p.Style(a, "overflow-x")) && !clips(p.Style(a, "overflow-y")) {
			return true
		}
		if ab, ok := p.Box(a); ok && b.Intersect(ab).Empty() {
			out = true
		}
		return !out
	})
	return out
}
