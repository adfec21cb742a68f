package crawl

import (
	"maps"
	"slices"
	"strings"
)

// Summary says what the crawl found. It is JSON-serialisable with stable
// field names, and, like Sample, a function of the crawl state only.
type Summary struct {
	// Start lists the normalised start URLs.
	Start []string `json:"start"`
	// Hosts lists the hosts in scope (without "www."), start redirects
	// included.
	Hosts []string `json:"hosts"`
	// RobotsIgnored is true when robots.txt rules were not applied.
	RobotsIgnored bool `json:"robotsIgnored"`
	// Discovered counts URLs admitted to the frontier; Fetched those
	// fetched; Pages the HTML pages fetched with a 2xx status; Pending
	// those found but not fetched yet (Discover was interrupted or links
	// were added since).
	Discovered int `json:"discovered"`
	Fetched    int `json:"fetched"`
	Pages      int `json:"pages"`
	Redirects  int `json:"redirects"`
	Pending    int `json:"pending"`
	// Sampled counts the pages Sample returns.
	Sampled int `json:"sampled"`
	// Templates lists the page templates, by key.
	Templates []TemplateSummary `json:"templates"`
	// Documents lists non-web documents to check (EN 301 549 clause 10).
	Documents []Document `json:"documents"`
	// Errors lists the URLs whose fetch failed, by URL.
	Errors []FetchError `json:"errors"`
	// Robots lists the robots.txt files read.
	Robots []RobotsFile `json:"robots"`
	// Sitemaps lists the sitemap files read.
	Sitemaps []SitemapFile `json:"sitemaps"`
	// Excluded counts distinct URLs found but not fetched, by reason.
	Excluded Excluded `json:"excluded"`
	// Truncated says which limits cut the crawl short.
	Truncated Truncated `json:"truncated"`
}

// TemplateSummary describes one template (a group of URLs of one shape).
type TemplateSummary struct {
	Template string `json:"template"`
	// URLs counts the URLs the template stands for: its pages plus those
	// not fetched because of MaxPerTemplate.
	URLs int `json:"urls"`
	// Pages counts its HTML pages fetched.
	Pages int `json:"pages"`
	// Examples lists up to three of its pages (by depth, then URL).
	Examples []string `json:"examples"`
	// Sampled lists its pages in the sample.
	Sampled []string `json:"sampled"`
	// Capped is true when MaxPerTemplate stopped its discovery.
	Capped bool `json:"capped"`
	// Family is the template without its query, for a template of
	// query-string variants, which share the family's sampled pages.
	Family string `json:"family,omitempty"`
}

// Document is a non-web document found on the site.
type Document struct {
	URL  string `json:"url"`
	Type string `json:"type"`
	// ContentType is set when the type was found by fetching the URL's
	// headers; Status is then its HTTP status (0 when found by extension
	// without a request).
	ContentType string `json:"contentType,omitempty"`
	Status      int    `json:"status,omitempty"`
	// InScope is false for documents linked from the site but hosted
	// elsewhere.
	InScope bool `json:"inScope"`
	// FoundOn lists up to three pages (or sitemaps) that link to it.
	FoundOn []string `json:"foundOn,omitempty"`
}

// FetchError is a URL that could not be fetched as a page.
type FetchError struct {
	URL string `json:"url"`
	// Status is the HTTP status, 0 when there was no answer.
	Status int `json:"status"`
	// Code is one of the Code constants.
	Code string `json:"code"`
	// Message is for people.
	Message string `json:"message"`
	// Start is true for a start URL.
	Start bool `json:"start,omitempty"`
}

// RobotsFile is a robots.txt that was read.
type RobotsFile struct {
	URL      string   `json:"url"`
	Status   int      `json:"status"`
	Error    string   `json:"error,omitempty"`
	Sitemaps []string `json:"sitemaps,omitempty"`
}

// SitemapFile is a sitemap or sitemap index that was read.
type SitemapFile struct {
	URL       string `json:"url"`
	Status    int    `json:"status"`
	Index     bool   `json:"index"`
	URLs      int    `json:"urls"`
	Sitemaps  int    `json:"sitemaps"`
	Truncated bool   `json:"truncated"`
	Error     string `json:"error,omitempty"`
}

// Excluded counts distinct URLs found but not fetched, by reason.
type Excluded struct {
	OutOfScope    int `json:"outOfScope"`    // another host
	Pattern       int `json:"pattern"`       // PathPrefix, Include, Exclude
	Robots        int `json:"robots"`        // disallowed by robots.txt
	Depth         int `json:"depth"`         // beyond MaxDepth
	MaxPages      int `json:"maxPages"`      // MaxPages reached
	TemplateCap   int `json:"templateCap"`   // MaxPerTemplate reached
	QueryVariants int `json:"queryVariants"` // MaxQueryVariants reached
	NonHTTP       int `json:"nonHttp"`       // mailto:, tel:, javascript: ...
	Assets        int `json:"assets"`        // images, media, scripts ...
	Invalid       int `json:"invalid"`       // malformed URLs
}

// Truncated says which limits cut the crawl short.
type Truncated struct {
	MaxPages      bool     `json:"maxPages"`
	MaxDepth      bool     `json:"maxDepth"`
	QueryVariants bool     `json:"queryVariants"`
	Sitemaps      bool     `json:"sitemaps"`
	Templates     []string `json:"templates"` // template keys capped by MaxPerTemplate
}

// Summary returns what the crawl found so far.
func (c *Crawler) Summary() Summary {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.st
	sum := Summary{
		Start:         slices.Clone(c.s.starts),
		Hosts:         slices.Clone(st.hosts),
		RobotsIgnored: c.s.IgnoreRobots,
		Templates:     []TemplateSummary{},
		Documents:     []Document{},
		Errors:        []FetchError{},
		Robots:        []RobotsFile{},
		Sitemaps:      []SitemapFile{},
	}
	if len(sum.Hosts) == 0 {
		for h := range c.scope.Load().hosts {
			sum.Hosts = append(sum.Hosts, h)
		}
		slices.Sort(sum.Hosts)
	}
	sample := c.sampleLocked()
	sum.Sampled = len(sample)
	sampled := map[string]bool{}
	for _, t := range sample {
		sampled[t.URL] = true
	}
	pages, groupOf := c.groups()
	tmpl := map[string]*TemplateSummary{}
	get := func(g string) *TemplateSummary {
		t := tmpl[g]
		if t == nil {
			t = &TemplateSummary{Template: g, Examples: []string{}, Sampled: []string{}}
			if f := family(g); f != g {
				t.Family = f
			}
			tmpl[g] = t
		}
		return t
	}
	for _, p := range pages {
		t := get(p.group)
		t.URLs++
		t.Pages++
		if len(t.Examples) < 3 {
			t.Examples = append(t.Examples, p.url)
		}
		if sampled[p.url] {
			t.Sampled = append(t.Sampled, p.url)
		}
	}
	capped := map[string]bool{}
	for ck, n := range st.overflow {
		t := get(groupOf[ck])
		t.URLs += n
		t.Capped = true
		capped[t.Template] = true
	}
	for _, g := range slices.Sorted(maps.Keys(tmpl)) {
		sum.Templates = append(sum.Templates, *tmpl[g])
	}
	sum.Truncated.Templates = slices.Sorted(maps.Keys(capped))
	if sum.Truncated.Templates == nil {
		sum.Truncated.Templates = []string{}
	}

	for _, u := range slices.SortedFunc(maps.Keys(st.entries), Compare) {
		e := st.entries[u]
		if e.stage != stageCandidate {
			sum.Discovered++
		}
		if e.stage != stageDone {
			sum.Pending++
			continue
		}
		sum.Fetched++
		switch e.kind {
		case kindPage:
			sum.Pages++
		case kindRedirect:
			sum.Redirects++
		case kindDocument:
			sum.Documents = append(sum.Documents, Document{URL: u, Type: documentType(e.info.contentType), ContentType: e.info.contentType, Status: int(e.status), InScope: true})
		case kindError:
			sum.Errors = append(sum.Errors, FetchError{URL: u, Status: int(e.status), Code: e.info.code, Message: e.info.message, Start: e.flags&flagStart != 0})
		}
	}
	sum.Errors = append(sum.Errors, c.redirectLoops()...)
	slices.SortFunc(sum.Errors, func(a, b FetchError) int { return Compare(a.URL, b.URL) })
	for u, d := range st.docs {
		sum.Documents = append(sum.Documents, Document{URL: u, Type: d.typ, InScope: d.inScope, FoundOn: slices.Clone(d.foundOn)})
	}
	slices.SortFunc(sum.Documents, func(a, b Document) int { return Compare(a.URL, b.URL) })
	if len(sum.Documents) > maxDocs {
		sum.Documents = sum.Documents[:maxDocs]
	}

	for _, o := range slices.Sorted(maps.Keys(st.robots)) {
		r := st.robots[o]
		rf := RobotsFile{URL: o + "/robots.txt", Status: r.Status, Error: r.Err}
		if rd := c.robots[o]; rd != nil {
			rf.Sitemaps = slices.Clone(rd.Sitemaps)
		}
		sum.Robots = append(sum.Robots, rf)
	}
	for _, sm := range st.sitemaps {
		sum.Sitemaps = append(sum.Sitemaps, SitemapFile{URL: sm.URL, Status: sm.Status, Index: sm.Index, URLs: sm.URLs, Sitemaps: sm.Sitemaps, Truncated: sm.Truncated, Error: sm.Err})
	}

	ex := &sum.Excluded
	for _, r := range st.excluded {
		switch r {
		case exOutOfScope:
			ex.OutOfScope++
		case exPattern:
			ex.Pattern++
		case exRobots:
			ex.Robots++
		case exDepth:
			ex.Depth++
		case exMaxPages:
			ex.MaxPages++
		case exTemplateCap:
			ex.TemplateCap++
		case exQueryVariants:
			ex.QueryVariants++
		case exNonHTTP:
			ex.NonHTTP++
		case exAsset:
			ex.Assets++
		case exInvalid:
			ex.Invalid++
		}
	}
	sum.Truncated.MaxPages = ex.MaxPages > 0
	sum.Truncated.MaxDepth = ex.Depth > 0
	sum.Truncated.QueryVariants = ex.QueryVariants > 0
	sum.Truncated.Sitemaps = st.sitemapsTruncated
	return sum
}

// redirectLoops reports redirects whose chain, followed through fetched
// redirects, comes back to a URL already in it. The caller holds c.mu.
func (c *Crawler) redirectLoops() []FetchError {
	var out []FetchError
	for u, e := range c.st.entries {
		if e.stage != stageDone || e.kind != kindRedirect {
			continue
		}
		seen := map[string]bool{u: true}
		next := e.info.location
		for range maxRedirects + 1 {
			n := c.st.entries[next]
			if n == nil || n.stage != stageDone || n.kind != kindRedirect {
				break
			}
			if seen[next] {
				out = append(out, FetchError{URL: u, Status: int(e.status), Code: CodeRedirectLoop,
					Message: "redirects in a loop: " + strings.Join(loopPath(c.st.entries, u), " → "),
					Start:   e.flags&flagStart != 0})
				break
			}
			seen[next] = true
			next = n.info.location
		}
	}
	return out
}

func loopPath(entries map[string]*entry, u string) []string {
	path := []string{u}
	seen := map[string]bool{u: true}
	for range maxRedirects + 1 {
		e := entries[path[len(path)-1]]
		if e == nil || e.info == nil {
			break
		}
		path = append(path, e.info.location)
		if seen[e.info.location] {
			break
		}
		seen[e.info.location] = true
	}
	return path
}
