package report

import (
	"strconv"
	"strings"

	"github.com/granska/granska/result"
)

// Gap is something the run could not check, so a reader knows where the
// findings are incomplete: a page's capture gap (a safety net that ran
// out, a keyboard walk cut short, a frame not captured), a bound of the
// crawl that was reached, a URL the crawl could not fetch, or an error of
// the run. A gap is never a finding about the site.
type Gap struct {
	// Page is the page concerned; "" for the whole run.
	Page string
	// Kind is a page.Gap* kind, or GapBound, GapFetch or GapRunError.
	Kind string
	// Detail is what the run recorded (English, as the engine wrote it).
	Detail string
	// Reused marks a gap of a page whose outcomes a re-audit took from an
	// earlier run: the gap is that run's.
	Reused bool
}

// Run-level gap kinds (page gap kinds are audit/page's Gap* constants).
const (
	GapBound    = "bound-reached" // the crawl stopped at one of its bounds
	GapFetch    = "fetch-failed"  // the crawl could not fetch a URL
	GapRunError = "run-error"     // the run recorded an error
)

// Gaps lists the run's gaps: each page's in the run's page order (in the
// order the capture recorded them, repeats dropped), then the crawl's
// bounds reached, the URLs it could not fetch (no answer, a server error,
// a timeout or rate limit) and the run's errors. Pages that
// could not be audited at all are not gaps here: reports list them with
// their error.
func Gaps(run *result.Run) []Gap {
	var out []Gap
	seen := map[Gap]bool{}
	add := func(g Gap) {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	for _, p := range run.Pages {
		for _, g := range p.Gaps {
			add(Gap{Page: p.URL, Kind: g.Kind, Detail: g.Detail, Reused: p.Reused != nil})
		}
	}
	if c := run.Crawl; c != nil {
		for _, t := range c.Truncated {
			add(Gap{Kind: GapBound, Detail: t})
		}
		for _, f := range c.Failures {
			// A 4xx is the site's answer (the page is not there), not
			// something the run could not check.
			if f.Status >= 400 && f.Status < 500 && f.Status != 408 && f.Status != 429 {
				continue
			}
			d := f.Error
			if f.Status != 0 {
				d = strings.TrimSpace("HTTP " + strconv.Itoa(f.Status) + " " + d)
			}
			add(Gap{Page: f.URL, Kind: GapFetch, Detail: d})
		}
	}
	for _, e := range run.Errors {
		add(Gap{Kind: GapRunError, Detail: e})
	}
	return out
}

// GapText says in the language what a gap kind means for the findings.
// An unknown kind (from a newer engine) is named as it is.
func GapText(lang, kind string) string {
	if _, ok := catalogue["gap."+kind]; ok {
		return T(lang, "gap."+kind)
	}
	return kind
}

// GapDetail is a gap's detail for a reader: a crawl bound in words (the
// crawl records its bounds as "max-pages", "max-depth", "query-variants",
// "sitemaps" and "template:KEY"), anything else as the engine wrote it,
// with a note when the gap is an earlier run's.
func GapDetail(lang string, g Gap) string {
	d := g.Detail
	if g.Kind == GapBound {
		if k, ok := strings.CutPrefix(d, "template:"); ok {
			d = T(lang, "bound.template", k)
		} else if _, ok := catalogue["bound."+d]; ok {
			d = T(lang, "bound."+d)
		}
	}
	if g.Reused {
		if d != "" {
			d += " "
		}
		d += T(lang, "gaps.reused")
	}
	return d
}
