package capture

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"

	"github.com/granska/granska/audit/page"
)

// A ProbeCache keeps the form probe's outcomes of a run's pages, so that a
// form every page repeats (a job site's application form under each ad) is
// submitted once, not on each page. A submission costs the page's reaction
// and, for reports, loading the page again and running the rules twice
// (Options.BeforeProbe). An outcome is reused only for a form with the
// same signature (page.ElementSignature: its markup, attributes, texts,
// place and layout) on a page with the same scripts and styles
// (page.AssetSignature), whose live regions and the elements the form's
// fields point to (aria-describedby, aria-errormessage) outside the form
// have the same signatures too; the reused outcome names the page it was
// measured on (FormProbe.From). Outcomes that focus an element outside
// the form, or that ran into an error or a safety net, are not kept.
// Safe for concurrent use.
type ProbeCache struct {
	mu sync.Mutex
	m  map[string]*probeEntry
}

// probeCacheMax bounds the entries; beyond it, nothing more is kept.
const probeCacheMax = 10_000

// NewProbeCache returns an empty cache.
func NewProbeCache() *ProbeCache { return &ProbeCache{m: map[string]*probeEntry{}} }

// probeEntry is a probe's outcome with its nodes given as positions in the
// form's subtree (0 the form, k the k-th descendant in document order,
// -1 none), so that it maps onto another page's copy of the form.
type probeEntry struct {
	from  string
	fp    page.FormProbe
	nodes int // descendants of the form, a check on the mapping
}

func (c *ProbeCache) get(key string) (*probeEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	return e, ok
}

func (c *ProbeCache) put(key string, e *probeEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[key]; !ok && len(c.m) < probeCacheMax {
		c.m[key] = e
	}
}

// formNodes is the form and its descendants in document order.
func formNodes(p *page.Page, form int) []int {
	out := []int{form}
	p.Descendants(form, func(d int) bool {
		out = append(out, d)
		return true
	})
	return out
}

// probeKey identifies a form probe's outcome: the page's assets, the
// form's signature, and the signatures of what outside the form the
// reaction may show in (live regions, the fields' descriptions).
func probeKey(p *page.Page, form int, fields []int) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s\x00%s\x00", p.AssetSignature(), p.ElementSignature(form))
	outside := func(i int) bool { return i != form && !p.IsAncestor(form, i) }
	for _, f := range fields {
		for _, a := range []string{"aria-describedby", "aria-errormessage"} {
			v, _ := p.Attr(f, a)
			for _, id := range strings.Fields(v) {
				if e, ok := p.ElementByID(f, id); ok && outside(e) {
					fmt.Fprintf(h, "D%s\x00", p.ElementSignature(e))
				} else if !ok {
					fmt.Fprintf(h, "M%s\x00", id)
				}
			}
		}
	}
	for i := range p.Nodes {
		if !p.IsElement(i) || p.Nodes[i].Doc != 0 || !outside(i) {
			continue
		}
		role, _ := p.Attr(i, "role")
		switch page.Lower(strings.TrimSpace(role)) {
		case "alert", "status", "log", "alertdialog":
		default:
			if !p.HasAttr(i, "aria-live") {
				continue
			}
		}
		fmt.Fprintf(h, "L%s\x00", p.ElementSignature(i))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// entryOf turns a probe's outcome on page p into a cache entry, or nil
// when it must not be reused.
func entryOf(p *page.Page, fp *page.FormProbe, gaps []page.Gap) *probeEntry {
	if fp.Error != "" {
		return nil
	}
	nodes := formNodes(p, fp.Form)
	pos := make(map[int]int, len(nodes))
	for k, n := range nodes {
		pos[n] = k
	}
	rel := func(i int) (int, bool) {
		if i < 0 {
			return -1, true
		}
		k, ok := pos[i]
		return k, ok
	}
	e := &probeEntry{from: p.URL, fp: *fp, nodes: len(nodes)}
	e.fp.Fields = append([]page.ProbeField(nil), fp.Fields...)
	ok := true
	var good bool
	if e.fp.Form, good = rel(fp.Form); !good {
		ok = false
	}
	if e.fp.Submit, good = rel(fp.Submit); !good {
		ok = false
	}
	if e.fp.Focus, good = rel(fp.Focus); !good {
		ok = false // focus moved outside the form: not reused
	}
	for k := range e.fp.Fields {
		if e.fp.Fields[k].Node, good = rel(e.fp.Fields[k].Node); !good {
			ok = false
		}
	}
	for _, g := range gaps {
		if g.Kind == page.GapTimeout || g.Kind == page.GapProbe {
			ok = false // a safety net or a failure is this page's problem
		}
	}
	if !ok {
		return nil
	}
	return e
}

// apply maps the entry onto form on page p; false when the form's subtree
// does not match.
func (e *probeEntry) apply(p *page.Page, form int) (*page.FormProbe, bool) {
	nodes := formNodes(p, form)
	if len(nodes) != e.nodes {
		return nil, false
	}
	abs := func(k int) int {
		if k < 0 {
			return -1
		}
		return nodes[k]
	}
	fp := e.fp
	fp.Form, fp.Submit, fp.Focus = abs(fp.Form), abs(fp.Submit), abs(fp.Focus)
	fp.Fields = append([]page.ProbeField(nil), e.fp.Fields...)
	for k := range fp.Fields {
		fp.Fields[k].Node = abs(fp.Fields[k].Node)
	}
	fp.From = e.from
	return &fp, true
}
