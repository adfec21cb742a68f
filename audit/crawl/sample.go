package crawl

import (
	"cmp"
	"maps"
	"net/url"
	"slices"
	"strings"
)

// Reasons a page is in the sample.
const (
	ReasonStart     = "start"           // a start URL (or where it redirects)
	ReasonForm      = "form"            // the page chosen for a distinct form
	ReasonPrivacy   = "privacy"         // privacy policy, cookies, personal data
	ReasonStatement = "statement"       // accessibility statement
	ReasonContact   = "contact"         // contact page
	ReasonTemplate  = "template-sample" // one of PerTemplate pages of its template
	ReasonAll       = "all"             // Config.All: every page in scope
)

// maxCuePages bounds the pages sampled for each of privacy, statement and
// contact.
const maxCuePages = 6

// Target is a page to audit.
type Target struct {
	URL      string   `json:"url"`
	Template string   `json:"template"`
	Reasons  []string `json:"reasons"`
	Depth    int      `json:"depth"`
}

// pageRef is an eligible page as the sampler sees it.
type pageRef struct {
	url   string
	e     *entry
	group string
	cues  [numCues]int
}

// groups computes the template group of every admitted URL with an HTML
// page or an overflow count. The caller holds c.mu.
func (c *Crawler) groups() (pages []*pageRef, groupOf map[string]string) {
	st := c.st
	hosts := map[string]bool{}
	for u, e := range st.entries {
		if e.stage == stageDone && e.kind == kindPage {
			pu := mustParse(u)
			hosts[pu.Host] = true
			pages = append(pages, &pageRef{url: u, e: e})
		}
	}
	multi := len(hosts) > 1
	shapes := map[string]shape{}
	keyOf := func(pu *url.URL) string {
		ck := capKey(pu)
		if _, ok := shapes[ck]; !ok {
			h := ""
			if multi {
				h = pu.Host
			}
			shapes[ck] = parseShape(h, shapeOf(pu.EscapedPath(), pu.RawQuery))
		}
		return ck
	}
	cks := make([]string, len(pages))
	for i, p := range pages {
		cks[i] = keyOf(mustParse(p.url))
	}
	for ck := range st.overflow {
		host, rest := splitCapKey(ck)
		if _, ok := shapes[ck]; !ok {
			h := ""
			if multi {
				h = host
			}
			shapes[ck] = parseShape(h, rest)
		}
	}
	groupOf = groupShapes(shapes)
	for i, p := range pages {
		p.group = groupOf[cks[i]]
		pc := pathCues(p.url)
		for k := range numCues {
			p.cues[k] = int(pc[k]) + int(p.e.titleCue[k]) + int(p.e.linkCue[k])
		}
	}
	slices.SortFunc(pages, func(a, b *pageRef) int {
		if c := cmp.Compare(a.e.depth, b.e.depth); c != 0 {
			return c
		}
		return Compare(a.url, b.url)
	})
	return pages, groupOf
}

// splitCapKey splits "host/path?query" into host and the shape.
func splitCapKey(ck string) (string, string) {
	for i := 0; i < len(ck); i++ {
		if ck[i] == '/' {
			return ck[:i], ck[i:]
		}
	}
	return ck, "/"
}

// Sample returns the pages to audit, ordered by depth, then URL. It is a
// function of the crawl state only: the same site gives the same sample
// whatever the order of discovery, the Parallelism, or an interruption and
// Load in between. See the package documentation for the rules.
func (c *Crawler) Sample() []Target {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sampleLocked()
}

func (c *Crawler) sampleLocked() []Target {
	if c.s.Sample == SampleWAD {
		return c.wadSampleLocked().Pages
	}
	pages, _ := c.groups()
	sm := newSampler(pages)
	for _, p := range pages {
		if p.e.flags&flagStart != 0 {
			sm.add(p, ReasonStart)
		}
	}
	for k := range numDefaultCues {
		sm.cue(k, maxCuePages)
	}
	for _, p := range pages {
		if sm.chosen[p.url] == nil && sm.perFamily[family(p.group)] < c.s.PerTemplate {
			sm.add(p, ReasonTemplate)
		}
	}
	sm.forms(ReasonForm)
	if c.s.All {
		for _, p := range pages {
			if sm.chosen[p.url] == nil {
				sm.add(p, ReasonAll)
			}
		}
	}
	return sm.targets()
}

// sampler collects the chosen pages and their reasons.
type sampler struct {
	pages     []*pageRef
	chosen    map[string]*Target
	perFamily map[string]int
}

func newSampler(pages []*pageRef) *sampler {
	return &sampler{pages: pages, chosen: map[string]*Target{}, perFamily: map[string]int{}}
}

func (sm *sampler) add(p *pageRef, reason string) {
	t := sm.chosen[p.url]
	if t == nil {
		t = &Target{URL: p.url, Template: p.group, Depth: int(p.e.depth)}
		sm.chosen[p.url] = t
		sm.perFamily[family(p.group)]++
	}
	if !slices.Contains(t.Reasons, reason) {
		t.Reasons = append(t.Reasons, reason)
	}
}

// cue adds the pages that cue k marks strongly, the strongest first, one
// per family (the contact page, not also each of its prefilled variants
// ?amne=...) and at most maxFams. It reports whether it found one.
func (sm *sampler) cue(k, maxFams int) bool {
	var cands []*pageRef
	for _, p := range sm.pages {
		if p.cues[k] >= 2 {
			cands = append(cands, p)
		}
	}
	slices.SortStableFunc(cands, func(a, b *pageRef) int { return cmp.Compare(b.cues[k], a.cues[k]) })
	fams := map[string]bool{}
	for _, p := range cands {
		if len(fams) == maxFams {
			break
		}
		if f := family(p.group); !fams[f] {
			fams[f] = true
			sm.add(p, cueReasons[k])
		}
	}
	return len(fams) > 0
}

// forms adds a page for each distinct form: one already chosen where there
// is one, else the first.
func (sm *sampler) forms(reason string) {
	forms := map[uint64]bool{}
	for _, p := range sm.pages {
		for _, f := range p.e.forms {
			forms[f] = true
		}
	}
	for _, f := range slices.Sorted(maps.Keys(forms)) {
		var pick *pageRef
		for _, p := range sm.pages {
			if slices.Contains(p.e.forms, f) && sm.chosen[p.url] != nil {
				pick = p
				break
			}
		}
		if pick == nil {
			for _, p := range sm.pages {
				if slices.Contains(p.e.forms, f) {
					pick = p
					break
				}
			}
		}
		sm.add(pick, reason)
	}
}

// targets returns the chosen pages in the pages' order (depth, then URL),
// each with its reasons in reasonRank order.
func (sm *sampler) targets() []Target {
	out := make([]Target, 0, len(sm.chosen))
	for _, p := range sm.pages {
		if t := sm.chosen[p.url]; t != nil {
			slices.SortFunc(t.Reasons, func(a, b string) int { return cmp.Compare(reasonRank[a], reasonRank[b]) })
			out = append(out, *t)
		}
	}
	return out
}

// family is a template without its query: the query-string variants of a
// page (filters, sorting, pagination, prefilled forms) are states of one
// page type and share its PerTemplate pages, as WCAG-EM samples page states.
func family(group string) string {
	if i := strings.IndexByte(group, '?'); i >= 0 {
		return group[:i]
	}
	return group
}

var reasonRank = map[string]int{
	ReasonStart: 0, ReasonHome: 1, ReasonLogin: 2, ReasonSitemap: 3, ReasonContact: 4, ReasonHelp: 5,
	ReasonLegal: 6, ReasonPrivacy: 7, ReasonStatement: 8, ReasonFeedback: 9,
	ReasonForm: 10, ReasonProcess: 11, ReasonService: 12, ReasonLayout: 13, ReasonTemplate: 14, ReasonRandom: 15, ReasonAll: 16,
}
