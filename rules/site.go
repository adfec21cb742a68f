package rules

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime/debug"
	"sort"

	"github.com/granska/granska/audit/page"
)

// Cross-page rules work as go/analysis does with facts. A rule that judges
// a site rather than a page declares, in its Site field, the kinds of fact
// it reads. Each kind says how to extract its typed fact from one page
// (pure, as a rule is); the engine extracts the facts of every kind the
// rule set reads while a page is in memory (ExtractFacts), keeps them
// (JSON, by kind name, so a resumed run can judge the whole site), and
// after the crawl asks each site rule to judge the facts of all pages
// (JudgeSite). The engine knows no rule package and no fact type: a kind
// decodes its own facts, and a rule reads them typed (Fact.Of).
//
// Run over one page, a site rule is inapplicable (unless it also has a
// page check); its outcomes come from JudgeSite.

// FactKind is one kind of per-page fact. Its only implementation is Fact.
type FactKind interface {
	// FactName is the kind's stable name, the key its facts are stored
	// under in results and the journal.
	FactName() string
	extract(c *Ctx) (any, bool)
	decode(b []byte) (any, error)
}

// Fact is a kind of fact of type F that site rules extract from each page.
// Declare it as a package-level value; several rules may read one kind
// (it is extracted and stored once).
type Fact[F any] struct {
	// Name is stable and package-qualified, e.g. "site.links"; changing it
	// makes stored facts unreadable.
	Name string
	// Extract returns the page's fact, or false when the page has none. It
	// is pure: it reads the page (through the Ctx, whose Memo is shared
	// with the page's rules) and nothing else. F must round-trip through
	// encoding/json.
	Extract func(c *Ctx) (F, bool)
}

// FactName implements FactKind.
func (k *Fact[F]) FactName() string { return k.Name }

func (k *Fact[F]) extract(c *Ctx) (any, bool) { return k.Extract(c) }

func (k *Fact[F]) decode(b []byte) (any, error) {
	var f F
	err := json.Unmarshal(b, &f)
	return f, err
}

// PageFact is one page's fact.
type PageFact[F any] struct {
	URL  string // the page's URL as the run lists it
	Fact F
}

// Of returns the facts of this kind of every page that has one, in URL
// order. The rule reading them must list the kind in its Site.Facts.
func (k *Fact[F]) Of(s *Site) []PageFact[F] {
	var out []PageFact[F]
	for _, p := range s.pages {
		if v, ok := p.facts[k.Name]; ok {
			out = append(out, PageFact[F]{URL: p.url, Fact: v.(F)})
		}
	}
	return out
}

// SiteCheck is the cross-page part of a rule.
type SiteCheck struct {
	// Facts are the kinds of fact Judge reads.
	Facts []FactKind
	// Judge gives the rule's outcomes over the facts of all pages: any
	// number per page, each a page-level Result (Target -1) keyed by the
	// page's URL as PageFact gives it. It is pure, and its output must
	// not depend on the order pages were audited in.
	Judge func(s *Site) []SiteResult
}

// SiteResult is one outcome of a site rule for one page.
type SiteResult struct {
	URL string
	Result
}

// Site is what a site rule's Judge sees: the facts of the pages audited and
// the run's options.
type Site struct {
	Rule *Rule
	// PublicSector is Options.PublicSector.
	PublicSector bool
	pages        []sitePage
}

type sitePage struct {
	url   string
	facts map[string]any
}

// SitePage is one page's stored facts, as ExtractFacts returned them.
type SitePage struct {
	URL   string
	Facts map[string]json.RawMessage
}

// SiteFinding is one result of a site rule for one page.
type SiteFinding struct {
	URL string
	Finding
}

// FactKinds returns the kinds of fact the site rules of set read, each
// once, in name order.
func FactKinds(set []*Rule) []FactKind {
	seen := map[string]bool{}
	var out []FactKind
	for _, r := range set {
		if r.Site == nil {
			continue
		}
		for _, k := range r.Site.Facts {
			if !seen[k.FactName()] {
				seen[k.FactName()] = true
				out = append(out, k)
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].FactName() < out[b].FactName() })
	return out
}

// ExtractFacts returns the page's facts of every kind the site rules of set
// read, JSON-encoded by kind name; nil when there are none. A kind whose
// extraction panics is reported as an error of the first rule reading it
// and left out.
func ExtractFacts(p *page.Page, set []*Rule, opt Options) (map[string]json.RawMessage, []RuleError) {
	var out map[string]json.RawMessage
	var errs []RuleError
	m := newMemo()
	for _, k := range FactKinds(set) {
		r := readerOf(set, k)
		c := &Ctx{Page: p, Rule: r, params: opt.Params[r.ID], memo: m}
		v, ok, err := safeExtract(k, c)
		if err == nil && ok {
			var b []byte
			if b, err = json.Marshal(v); err == nil {
				if out == nil {
					out = map[string]json.RawMessage{}
				}
				out[k.FactName()] = b
			}
		}
		if err != nil {
			errs = append(errs, RuleError{Rule: r.ID, Err: fmt.Sprintf("fact %s: %v", k.FactName(), err)})
		}
	}
	return out, errs
}

func safeExtract(k FactKind, c *Ctx) (v any, ok bool, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("panic: %v\n%s", x, firstLines(debug.Stack(), 12))
		}
	}()
	v, ok = k.extract(c)
	return v, ok, nil
}

// readerOf returns the first rule of set that reads kind k.
func readerOf(set []*Rule, k FactKind) *Rule {
	for _, r := range set {
		if r.Site == nil {
			continue
		}
		for _, x := range r.Site.Facts {
			if x.FactName() == k.FactName() {
				return r
			}
		}
	}
	return nil
}

// JudgeSite runs the site rules of set over the stored facts of the site's
// pages (any order) and returns their findings sorted by page URL, then
// rule id. Facts that do not decode, and rules that panic, return an
// undeclared code or a URL of no page, are reported as errors; the other
// rules' findings stand.
func JudgeSite(ctx context.Context, pages []SitePage, set []*Rule, opt Options) ([]SiteFinding, []RuleError) {
	var errs []RuleError
	kinds := FactKinds(set)
	decoded := make([]sitePage, 0, len(pages))
	known := map[string]bool{}
	for _, p := range pages {
		sp := sitePage{url: p.URL, facts: map[string]any{}}
		known[p.URL] = true
		for _, k := range kinds {
			b, ok := p.Facts[k.FactName()]
			if !ok {
				continue
			}
			v, err := k.decode(b)
			if err != nil {
				errs = append(errs, RuleError{Rule: readerOf(set, k).ID, Err: fmt.Sprintf("fact %s of %s: %v", k.FactName(), p.URL, err)})
				continue
			}
			sp.facts[k.FactName()] = v
		}
		decoded = append(decoded, sp)
	}
	sort.SliceStable(decoded, func(a, b int) bool { return decoded[a].url < decoded[b].url })

	var out []SiteFinding
	for _, r := range set {
		if r.Site == nil {
			continue
		}
		if ctx.Err() != nil {
			errs = append(errs, RuleError{Rule: r.ID, Err: ctx.Err().Error()})
			continue
		}
		res, err := judge(r, &Site{Rule: r, PublicSector: opt.PublicSector, pages: decoded})
		if err == nil {
			for _, x := range res {
				if !known[x.URL] {
					err = fmt.Errorf("result for %q, which is no page of the site", x.URL)
					break
				}
			}
		}
		if err != nil {
			errs = append(errs, RuleError{Rule: r.ID, Err: err.Error()})
			continue
		}
		for _, x := range res {
			out = append(out, SiteFinding{URL: x.URL, Finding: Finding{Rule: r, Result: x.Result}})
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].URL != out[b].URL {
			return out[a].URL < out[b].URL
		}
		return out[a].Rule.ID < out[b].Rule.ID
	})
	return out, errs
}

func judge(r *Rule, s *Site) (res []SiteResult, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("panic: %v\n%s", x, firstLines(debug.Stack(), 12))
		}
	}()
	res = r.Site.Judge(s)
	for _, x := range res {
		if !x.Outcome.Valid() {
			return nil, fmt.Errorf("invalid outcome %q", x.Outcome)
		}
		if _, ok := r.Codes[x.Code]; !ok {
			return nil, fmt.Errorf("undeclared result code %q", x.Code)
		}
		if x.Target != -1 {
			return nil, fmt.Errorf("site result with target %d: site results are page-level (-1)", x.Target)
		}
	}
	return res, nil
}
