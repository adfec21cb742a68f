package crawl

import (
	"cmp"
	"hash/fnv"
	"net/url"
	"slices"
	"strings"
)

// SampleWAD is Config.Sample for the sample of Commission Implementing
// Decision (EU) 2018/1524, Annex I (monitoring under the Web Accessibility
// Directive 2016/2102). In our words, the Annex asks a monitoring body to
// check, per website: the home page, login, sitemap, contact, help and
// legal-information pages; at least one page per type of service the site
// offers and the steps of its processes; the accessibility statement and
// the feedback mechanism; pages of clearly different look or content; at
// least one downloadable document where there is one; and, on top of that
// set, pages chosen at random amounting to at least 10% of it.
//
// The crawl knows a page's type of service and its layout only from its
// URL: a type of service is a section of the site (the first path segment
// after any language segment: /jobb, /nyheter, /tjanster), a layout is a
// URL template (the crawl's clustering of URLs into templates, so that
// /nyheter and /nyheter/{id} are two layouts of one section; its query
// variants are states of one layout). So the
// sample takes a page of every section and then a page of every template
// that no page chosen so far covers.
const SampleWAD = "wad"

// Reasons a page is in the sample of Decision 2018/1524 (besides start,
// contact, privacy and statement).
const (
	ReasonHome     = "home"     // the site's home page
	ReasonLogin    = "login"    // a login page
	ReasonSitemap  = "sitemap"  // a sitemap page (HTML, for people)
	ReasonHelp     = "help"     // help, FAQ
	ReasonLegal    = "legal"    // legal information: terms, privacy, copyright
	ReasonFeedback = "feedback" // the feedback mechanism of the statement
	ReasonService  = "service"  // a page of each type of service (section of the site)
	ReasonLayout   = "layout"   // a page of each layout (URL template) not yet covered
	ReasonProcess  = "process"  // a step of a process: a distinct form
	ReasonDocument = "document" // a downloadable document
	ReasonRandom   = "random"   // chosen at random, 10% on top of the rest
)

// WADRequired are the kinds Annex I asks for on every site; one not found
// is listed as missing so a person can look for it.
var WADRequired = []string{ReasonHome, ReasonLogin, ReasonSitemap, ReasonContact, ReasonHelp, ReasonLegal, ReasonStatement, ReasonFeedback}

// wadCuePages bounds the pages sampled per kind: a site in two languages
// has two statements, two contact pages.
const wadCuePages = 2

// WADSample is the sample of Decision 2018/1524 with what it lacks.
type WADSample struct {
	// Pages to audit, ordered by depth then URL, each with its reasons.
	Pages []Target
	// Documents chosen for the sample (at least one where the site links
	// any; PDFs first).
	Documents []Target
	// Missing lists the required kinds (WADRequired) no page was found for.
	Missing []string
}

// WAD returns the sample of Decision 2018/1524 Annex I. Like Sample it is a
// function of the crawl state only; the random pages are drawn by a hash of
// their URL, so the same site gives the same sample.
func (c *Crawler) WAD() WADSample {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wadSampleLocked()
}

func (c *Crawler) wadSampleLocked() WADSample {
	pages, _ := c.groups()
	sm := newSampler(pages)
	found := map[string]bool{}
	for _, p := range pages {
		if p.e.flags&flagStart != 0 {
			sm.add(p, ReasonStart)
		}
		if isHome(p.url) {
			sm.add(p, ReasonHome)
			found[ReasonHome] = true
		}
	}
	if !found[ReasonHome] {
		// The start pages are the home of the scope audited.
		for _, p := range pages {
			if p.e.flags&flagStart != 0 {
				sm.add(p, ReasonHome)
				found[ReasonHome] = true
			}
		}
	}
	for k := range numCues {
		if sm.cue(k, wadCuePages) {
			found[cueReasons[k]] = true
		}
	}
	sm.forms(ReasonProcess)
	// A page of each type of service: every section of the site.
	sections := map[string]bool{}
	for _, p := range pages {
		if sm.chosen[p.url] != nil {
			sections[section(p.url)] = true
		}
	}
	for _, p := range pages {
		if s := section(p.url); !sections[s] {
			sections[s] = true
			sm.add(p, ReasonService)
		}
	}
	// Pages of distinctly different layout: a page of every template no
	// chosen page has, the first in depth then URL order. Query variants
	// of a template (filters, sorting, pages of a list) are states of one
	// layout, as family says.
	for _, p := range pages {
		if sm.perFamily[family(p.group)] == 0 {
			sm.add(p, ReasonLayout)
		}
	}
	// Random pages: at least 10% of the structured sample, drawn from the
	// rest in the order of a hash of the URL.
	n := (len(sm.chosen) + 9) / 10
	var rest []*pageRef
	for _, p := range pages {
		if sm.chosen[p.url] == nil {
			rest = append(rest, p)
		}
	}
	slices.SortFunc(rest, func(a, b *pageRef) int {
		return cmp.Or(cmp.Compare(urlHash(a.url), urlHash(b.url)), Compare(a.url, b.url))
	})
	for _, p := range rest[:min(n, len(rest))] {
		sm.add(p, ReasonRandom)
	}
	out := WADSample{Pages: sm.targets()}
	for _, k := range WADRequired {
		if !found[k] {
			out.Missing = append(out.Missing, k)
		}
	}
	if d, ok := c.firstDocument(); ok {
		out.Documents = []Target{{URL: d, Reasons: []string{ReasonDocument}}}
	}
	return out
}

// isHome says whether u is a site's home page: the root, or a language
// root such as /sv or /en-gb.
func isHome(u string) bool {
	pu, err := url.Parse(u)
	if err != nil || pu.RawQuery != "" {
		return false
	}
	p := strings.Trim(pu.Path, "/")
	if p == "" {
		return true
	}
	if len(p) == 2 || (len(p) == 5 && p[2] == '-') {
		for _, r := range p {
			if (r < 'a' || r > 'z') && r != '-' {
				return false
			}
		}
		return true
	}
	return false
}

// section is a page's section of its site: host and first path segment,
// after a language segment (/sv/jobb/12 → host/jobb); the home page's
// section is the host alone.
func section(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return u
	}
	segs := strings.Split(strings.Trim(pu.EscapedPath(), "/"), "/")
	if len(segs) > 1 && isHome("/"+segs[0]) {
		segs = segs[1:]
	}
	return strings.ToLower(pu.Host) + "/" + segs[0]
}

func urlHash(u string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(u))
	return h.Sum64()
}

// firstDocument is the first in-scope document found, a PDF before other
// formats. The caller holds c.mu.
func (c *Crawler) firstDocument() (string, bool) {
	var pdfs, others []string
	for u, d := range c.st.docs {
		if !d.inScope {
			continue
		}
		if strings.EqualFold(d.typ, "pdf") {
			pdfs = append(pdfs, u)
		} else {
			others = append(others, u)
		}
	}
	for u, e := range c.st.entries {
		if e.stage == stageDone && e.kind == kindDocument && e.info != nil {
			if strings.Contains(e.info.contentType, "pdf") {
				pdfs = append(pdfs, u)
			} else {
				others = append(others, u)
			}
		}
	}
	for _, list := range [][]string{pdfs, others} {
		if len(list) > 0 {
			slices.SortFunc(list, Compare)
			return list[0], true
		}
	}
	return "", false
}
