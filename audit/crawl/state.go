package crawl

import (
	"maps"
	"net/url"
	"slices"
)

// Stages of a URL in the frontier. Values are persisted.
const (
	stageCandidate uint8 = iota // found, not yet admitted
	stageQueued                 // admitted, not yet fetched
	stageDone                   // fetched (whatever the outcome)
)

// Kinds of fetch outcome. Values are persisted.
const (
	kindNone     uint8 = iota
	kindPage           // 2xx HTML
	kindDocument       // 2xx document by Content-Type
	kindOther          // 2xx anything else
	kindRedirect       // 3xx with a Location
	kindError          // 4xx, 5xx, timeout, network, redirect errors
)

// Entry flags. Values are persisted.
const (
	flagStart uint8 = 1 << iota // a start URL or the target of its redirects
)

// entry is the per-URL state, kept small: no body, no link list.
type entry struct {
	depth    int32
	status   int16
	stage    uint8
	kind     uint8
	flags    uint8
	hops     uint8 // redirects before this URL in a chain
	linkCue  cueScores
	titleCue cueScores
	forms    []uint64
	info     *entryInfo // redirects, errors and non-HTML only
}

type entryInfo struct {
	location    string
	code        string
	message     string
	contentType string
}

// docEntry is a document found by extension (not fetched).
type docEntry struct {
	typ     string
	inScope bool
	foundOn []string // the smallest few referrers, in Compare order
}

const maxFoundOn = 3

// robotsRec is a fetched robots.txt, persisted so that a resumed crawl
// applies the same rules.
type robotsRec struct {
	Origin string `json:"origin"`
	Status int    `json:"status,omitzero"`
	Body   string `json:"body,omitzero"`
	Err    string `json:"err,omitzero"`
}

// sitemapRec is the outcome of reading one sitemap file.
type sitemapRec struct {
	URL       string `json:"url"`
	Status    int    `json:"status,omitzero"`
	Index     bool   `json:"index,omitzero"`
	URLs      int    `json:"urls,omitzero"`
	Sitemaps  int    `json:"sitemaps,omitzero"`
	Truncated bool   `json:"truncated,omitzero"`
	Err       string `json:"err,omitzero"`
}

// state is everything the crawl knows. It is guarded by Crawler.mu.
type state struct {
	preflight         bool
	hosts             []string
	entries           map[string]*entry
	excluded          map[uint64]exclReason // hashes of URLs not admitted
	overflow          map[string]int        // capKey → URLs not fetched because of MaxPerTemplate
	docs              map[string]*docEntry
	robots            map[string]*robotsRec // by origin
	sitemaps          []*sitemapRec
	sitemapsTruncated bool

	// Derived from entries; rebuilt on load.
	admitted   int
	tmplCount  map[string]int // capKey → admitted URLs
	queryCount map[string]int // pathKey → admitted URLs with a query
}

func newState() *state {
	return &state{
		entries:    map[string]*entry{},
		excluded:   map[uint64]exclReason{},
		overflow:   map[string]int{},
		docs:       map[string]*docEntry{},
		robots:     map[string]*robotsRec{},
		tmplCount:  map[string]int{},
		queryCount: map[string]int{},
	}
}

// count records u as admitted in the derived counters.
func (st *state) count(u string, pu *url.URL) {
	st.admitted++
	st.tmplCount[capKey(pu)]++
	if pu.RawQuery != "" {
		st.queryCount[pathKey(u)]++
	}
}

// rebuild recomputes the derived counters from the entries.
func (st *state) rebuild() {
	st.admitted = 0
	clear(st.tmplCount)
	clear(st.queryCount)
	for u, e := range st.entries {
		if e.stage != stageCandidate {
			st.count(u, mustParse(u))
		}
	}
}

// drop removes a candidate and remembers why.
func (st *state) drop(u string, r exclReason) {
	delete(st.entries, u)
	st.excluded[hashURL(u)] = r
}

// Event types.
const (
	evFetch   = "fetch"
	evAdd     = "add"
	evSitemap = "sitemap"
	evAdmit   = "admit"
)

// dropRec is a candidate refused at admission.
type dropRec struct {
	U string     `json:"u"`
	R exclReason `json:"r"`
}

// linkRec is a URL found on a page, in a redirect or in a sitemap,
// already normalised and in scope.
type linkRec struct {
	U string    `json:"u"`
	D int32     `json:"d"`
	F uint8     `json:"f,omitzero"`
	H uint8     `json:"h,omitzero"`
	C cueScores `json:"c,omitzero"`
}

// docRec is a document found by extension.
type docRec struct {
	U    string `json:"u"`
	T    string `json:"t"`
	In   bool   `json:"in,omitzero"`
	From string `json:"from,omitzero"`
}

// exclRec is a URL that was found but is not to be admitted.
type exclRec struct {
	H uint64     `json:"h"`
	R exclReason `json:"r"`
}

// event is one change to the state: the admission of a level's
// candidates, a fetch outcome with what it found, links added by the
// engine, or a sitemap's URLs. Applying events is
// commutative and idempotent, which is what makes replaying a journal on
// top of a snapshot safe.
type event struct {
	T           string `json:"t"`
	URL         string `json:"u,omitzero"`
	Depth       int32  `json:"d,omitzero"`
	Status      int    `json:"s,omitzero"`
	Kind        uint8  `json:"k,omitzero"`
	Code        string `json:"code,omitzero"`
	Message     string `json:"msg,omitzero"`
	ContentType string `json:"ct,omitzero"`
	Location    string `json:"loc,omitzero"`
	// rawLocation is the redirect target as the server spelled it,
	// resolved but not normalised (not saved).
	rawLocation string
	TitleCue    cueScores `json:"tc,omitzero"`
	Forms       []uint64  `json:"fm,omitzero"`
	Links       []linkRec `json:"l,omitzero"`
	Docs        []docRec  `json:"docs,omitzero"`
	Excl        []exclRec `json:"x,omitzero"`
	// admit
	Admitted []string     `json:"admitted,omitzero"`
	Dropped  []dropRec    `json:"dropped,omitzero"`
	Robots   []*robotsRec `json:"robots,omitzero"`
}

// apply merges an event into the state and returns how many new
// candidates it brought.
func (st *state) apply(ev *event, maxDepth int) int {
	if ev.T == evFetch {
		e := st.entries[ev.URL]
		if e == nil {
			e = &entry{depth: ev.Depth}
			st.entries[ev.URL] = e
		}
		if e.stage == stageCandidate {
			st.count(ev.URL, mustParse(ev.URL))
		}
		e.stage = stageDone
		e.status = int16(ev.Status)
		e.kind = ev.Kind
		e.titleCue = ev.TitleCue
		e.forms = slices.Clone(ev.Forms)
		e.info = nil
		if ev.Location != "" || ev.Code != "" || ev.Message != "" || ev.ContentType != "" {
			e.info = &entryInfo{location: ev.Location, code: ev.Code, message: ev.Message, contentType: ev.ContentType}
		}
	}
	for _, r := range ev.Robots {
		if st.robots[r.Origin] == nil {
			st.robots[r.Origin] = r
		}
	}
	for _, u := range ev.Admitted {
		if e := st.entries[u]; e != nil && e.stage == stageCandidate {
			e.stage = stageQueued
			st.count(u, mustParse(u))
		}
	}
	for _, d := range ev.Dropped {
		if e := st.entries[d.U]; e != nil && e.stage == stageCandidate {
			st.drop(d.U, d.R)
			if d.R == exTemplateCap {
				st.overflow[capKey(mustParse(d.U))]++
			}
		}
	}
	n := 0
	for _, l := range ev.Links {
		if st.addCandidate(l, maxDepth) {
			n++
		}
	}
	for _, d := range ev.Docs {
		st.addDoc(d)
	}
	for _, x := range ev.Excl {
		if _, ok := st.excluded[x.H]; !ok {
			st.excluded[x.H] = x.R
		}
	}
	return n
}

// addCandidate merges a found link: a known URL gets the lower depth and
// the union of flags and cues; a new one becomes a candidate unless it was
// excluded for good or lies beyond MaxDepth.
func (st *state) addCandidate(l linkRec, maxDepth int) bool {
	if e := st.entries[l.U]; e != nil {
		if l.D < e.depth {
			e.depth = l.D
		}
		if e.stage == stageCandidate && l.H < e.hops {
			e.hops = l.H
		}
		e.flags |= l.F
		e.linkCue.merge(l.C)
		return false
	}
	h := hashURL(l.U)
	tooDeep := maxDepth > 0 && int(l.D) > maxDepth && l.F&flagStart == 0
	if r, ok := st.excluded[h]; ok {
		if r != exDepth || tooDeep {
			return false
		}
		delete(st.excluded, h)
	} else if tooDeep {
		st.excluded[h] = exDepth
		return false
	}
	st.entries[l.U] = &entry{depth: l.D, flags: l.F, hops: l.H, linkCue: l.C, stage: stageCandidate}
	return true
}

// maxDocs bounds the documents kept; the smallest in Compare order are
// kept, which makes the kept set independent of the order of discovery.
const maxDocs = 10000

func (st *state) addDoc(d docRec) {
	de := st.docs[d.U]
	if de == nil {
		de = &docEntry{typ: d.T}
		st.docs[d.U] = de
		if len(st.docs) > 2*maxDocs {
			keys := slices.SortedFunc(maps.Keys(st.docs), Compare)
			for _, k := range keys[maxDocs:] {
				delete(st.docs, k)
			}
			if st.docs[d.U] == nil {
				return
			}
		}
	}
	de.inScope = de.inScope || d.In
	if d.From != "" && !slices.Contains(de.foundOn, d.From) {
		de.foundOn = append(de.foundOn, d.From)
		slices.SortFunc(de.foundOn, Compare)
		if len(de.foundOn) > maxFoundOn {
			de.foundOn = de.foundOn[:maxFoundOn]
		}
	}
}
