package audit

import (
	"context"

	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// crawlSummary keeps what the result format reports of the crawl.
func crawlSummary(s crawl.Summary) *result.Crawl {
	out := &result.Crawl{Discovered: s.Discovered, Audited: s.Sampled, RobotsIgnored: s.RobotsIgnored}
	for _, t := range s.Templates {
		ex := ""
		if len(t.Examples) > 0 {
			ex = t.Examples[0]
		}
		out.Templates = append(out.Templates, result.Template{Key: t.Template, URLs: t.URLs, Audited: t.Sampled, Example: ex, Family: t.Family})
	}
	for _, d := range s.Documents {
		from := ""
		if len(d.FoundOn) > 0 {
			from = d.FoundOn[0]
		}
		out.Documents = append(out.Documents, result.Document{URL: d.URL, ContentType: firstNonEmpty(d.ContentType, d.Type), From: from})
	}
	for _, f := range s.Errors {
		out.Failures = append(out.Failures, result.Failure{URL: f.URL, Status: f.Status, Error: f.Message})
	}
	t := s.Truncated
	if t.MaxPages {
		out.Truncated = append(out.Truncated, "max-pages")
	}
	if t.MaxDepth {
		out.Truncated = append(out.Truncated, "max-depth")
	}
	if t.QueryVariants {
		out.Truncated = append(out.Truncated, "query-variants")
	}
	if t.Sitemaps {
		out.Truncated = append(out.Truncated, "sitemaps")
	}
	for _, k := range t.Templates {
		out.Truncated = append(out.Truncated, "template:"+k)
	}
	return out
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// applySiteRules judges the site rules of set over the facts of every page
// (rules.JudgeSite) and adds their outcomes to the pages they concern. Per
// page, site rules were inapplicable; here they get their real outcomes.
func applySiteRules(ctx context.Context, run *result.Run, set []*rules.Rule, opt rules.Options) {
	pages := make([]rules.SitePage, 0, len(run.Pages))
	index := map[string]int{}
	for k, p := range run.Pages {
		if p.Facts == nil {
			continue
		}
		pages = append(pages, rules.SitePage{URL: p.URL, Facts: p.Facts})
		index[p.URL] = k
	}
	fs, errs := rules.JudgeSite(ctx, pages, set, opt)
	for _, e := range errs {
		run.Errors = append(run.Errors, "site rule "+e.Error())
	}
	for _, f := range fs {
		p := &run.Pages[index[f.URL]]
		for s := range p.Summary {
			if p.Summary[s].Rule != f.Rule.ID {
				continue
			}
			rc := &p.Summary[s]
			rc.Inapplicable = false
			switch f.Outcome {
			case rules.Passed:
				rc.Passed++
			case rules.Failed:
				rc.Failed++
			case rules.CantTell:
				rc.CantTell++
			}
		}
		if f.Outcome == rules.Failed || f.Outcome == rules.CantTell {
			p.Outcomes = append(p.Outcomes, result.NewOutcome(nil, f.Finding))
		}
	}
}
