package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/granska/granska/internal/store"
)

// SeedStats says what Seed wrote.
type SeedStats struct {
	Org      store.Org
	Sites    []store.Site
	Runs     int
	Findings int
}

// Seed fills st with synthetic monitoring history: one organisation,
// sites sites (https://siteN.example/, weekly), and runs done runs per
// site, a week apart, whose findings come from a pool of 120 fingerprints
// per site: each run sees a drifting subset (issues fixed, new ones,
// some reopened), on 20 pages of 4 templates, with counts by impact, WCAG
// principle and criterion, EN clause and template as a real run has.
// The page journal and evidence blobs are not seeded. Same arguments,
// same data: the generator is seeded by the site's index.
func Seed(ctx context.Context, st store.Store, sites, runs int) (SeedStats, error) {
	var out SeedStats
	org, err := st.CreateOrg(ctx, fmt.Sprintf("Seed %d×%d", sites, runs))
	if err != nil {
		return out, err
	}
	out.Org = org
	impacts := []string{"critical", "serious", "moderate", "minor"}
	crit := []struct{ wcag, en string }{
		{"1.1.1", "9.1.1.1"}, {"1.3.1", "9.1.3.1"}, {"1.4.3", "9.1.4.3"}, {"2.1.1", "9.2.1.1"},
		{"2.4.4", "9.2.4.4"}, {"2.4.7", "9.2.4.7"}, {"3.1.1", "9.3.1.1"}, {"3.3.2", "9.3.3.2"}, {"4.1.2", "9.4.1.2"},
	}
	templates := []string{"/", "/jobb/{id}", "/om/{slug}", "/ansok/{id}"}
	base := time.Date(2025, 1, 6, 3, 0, 0, 0, time.UTC)
	for si := range sites {
		r := rand.New(rand.NewPCG(uint64(si)+1, 14))
		site, err := st.CreateSite(ctx, store.Site{OrgID: org.ID, Name: fmt.Sprintf("Site %03d", si),
			URLs: []string{fmt.Sprintf("https://site%03d.example/", si)}, Schedule: "weekly", Lang: "sv",
			PublicSector: si%2 == 0, Sample: store.Sample{Crawl: true, MaxPages: 20}})
		if err != nil {
			return out, err
		}
		out.Sites = append(out.Sites, site)
		pages := make([]string, 20)
		for i := range pages {
			pages[i] = fmt.Sprintf("https://site%03d.example/p%02d", si, i)
		}
		// Each fingerprint has a fixed rule and place; whether a run
		// sees it drifts over time.
		type issue struct {
			fp, rule string
			impact   int
			crit     int
			pages    []string
			on       bool
		}
		pool := make([]issue, 120)
		for i := range pool {
			k := r.IntN(len(pages))
			n := 1 + r.IntN(4)
			pool[i] = issue{fp: fmt.Sprintf("%04x%012x", si, i), rule: fmt.Sprintf("rule-%02d", r.IntN(40)),
				impact: r.IntN(len(impacts)), crit: r.IntN(len(crit)), pages: pages[k:min(k+n, len(pages))], on: r.IntN(3) == 0}
		}
		for ri := range runs {
			slot := base.Add(time.Duration(ri) * 7 * 24 * time.Hour)
			run, err := st.CreateRun(ctx, site.ID, store.TriggerSchedule, slot)
			if err != nil {
				return out, err
			}
			if _, err := st.StartRun(ctx, run.ID); err != nil {
				return out, err
			}
			c := store.Counts{Pages: len(pages), ByImpact: map[string]int{}, ByPrinciple: map[string]int{}, ByWCAG: map[string]int{}, ByEN: map[string]int{}}
			tpl := map[string]*store.TemplateCount{}
			var fs []store.Finding
			for i := range pool {
				if r.IntN(10) == 0 { // one in ten changes each week
					pool[i].on = !pool[i].on
				}
				is := pool[i]
				if !is.on {
					continue
				}
				cr := crit[is.crit]
				occ := len(is.pages) * (1 + r.IntN(3))
				outcome := "failed"
				if is.impact == 3 && r.IntN(2) == 0 {
					outcome = "cantTell"
					c.CantTell += occ
				} else {
					c.Failed += occ
					c.ByImpact[impacts[is.impact]] += occ
					c.ByPrinciple[cr.wcag[:1]] += occ
					c.ByWCAG[cr.wcag] += occ
					c.ByEN[cr.en] += occ
				}
				t := templates[i%len(templates)]
				if tpl[t] == nil {
					tpl[t] = &store.TemplateCount{Key: t}
				}
				if outcome == "failed" {
					tpl[t].Failed += occ
				} else {
					tpl[t].CantTell += occ
				}
				fs = append(fs, store.Finding{Fingerprint: is.fp, Rule: is.rule, Code: "code", Outcome: outcome,
					Impact: impacts[is.impact], WCAG: []string{cr.wcag}, EN: []string{cr.en},
					Message: "Synthetic finding " + is.fp, MessageSV: "Syntetiskt fynd " + is.fp,
					Selector: "main > div:nth-child(2) > a", Snippet: `<a href="/x">…</a>`, Occurrences: occ, Pages: is.pages})
			}
			keys := make([]string, 0, len(tpl))
			for k := range tpl {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				tpl[k].Pages = len(pages) / len(templates)
				c.Templates = append(c.Templates, *tpl[k])
			}
			if _, err := st.FinishRun(ctx, run.ID, store.RunReport{Counts: c, Findings: fs, Audited: pages}); err != nil {
				return out, err
			}
			out.Runs++
			out.Findings += len(fs)
		}
	}
	return out, nil
}
