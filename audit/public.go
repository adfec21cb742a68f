package audit

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/granska/granska/audit/crawl"
	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/internal/standards/wcag"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// sampleEntries is the result's "sample": each target with its reasons,
// the sampled documents, and a null URL for each required kind missing.
func sampleEntries(targets, docs []crawl.Target, missing []string) []result.SampleEntry {
	var out []result.SampleEntry
	for _, t := range append(slices.Clone(targets), docs...) {
		u := t.URL
		out = append(out, result.SampleEntry{URL: &u, Reasons: slices.Clone(t.Reasons)})
	}
	for _, k := range missing {
		out = append(out, result.SampleEntry{URL: nil, Reasons: []string{k}})
	}
	return out
}

// checkDocuments fetches and checks the PDFs the crawl listed in scope,
// within cfg.Documents' bounds; a document beyond them is listed as
// skipped.
func checkDocuments(ctx context.Context, cfg Config, sum crawl.Summary) []document.Report {
	var links []document.Link
	for _, d := range sum.Documents {
		if !d.InScope || (d.Type != "pdf" && !document.IsPDF(d.URL, d.ContentType)) {
			continue
		}
		from := ""
		if len(d.FoundOn) > 0 {
			from = d.FoundOn[0]
		}
		links = append(links, document.Link{URL: d.URL, From: from})
	}
	if len(links) == 0 {
		return nil
	}
	client := cfg.CrawlConfig.Client
	if client == nil {
		client = &http.Client{Timeout: crawl.DefaultPageTimeout}
	}
	return document.CheckAll(ctx, client, links, cfg.Documents)
}

// checkStatements checks each accessibility statement among the audited
// pages against the model statement and the audit. With none found it
// returns one check saying so.
func checkStatements(run *result.Run) []wad.StatementCheck {
	failed := failedCriteria(run)
	var out []wad.StatementCheck
	for _, p := range run.Pages {
		if p.StatementText == nil {
			continue
		}
		st := wad.Parse(*p.StatementText)
		sweden := strings.HasPrefix(strings.ToLower(p.StatementText.Lang), "sv") || strings.HasSuffix(hostOf(p.URL), ".se")
		out = append(out, wad.CheckStatement(p.URL, &st, wad.AuditFacts{RunDate: run.Started, Failed: failed, Sweden: sweden}))
	}
	if len(out) == 0 {
		out = append(out, wad.CheckStatement("", nil, wad.AuditFacts{RunDate: run.Started}))
	}
	return out
}

// failedCriteria lists the WCAG A and AA success criteria that some page
// fails.
func failedCriteria(run *result.Run) []string {
	seen := map[string]bool{}
	for _, p := range run.Pages {
		for _, o := range p.Outcomes {
			if o.Outcome != rules.Failed {
				continue
			}
			for _, sc := range o.WCAG {
				if c, ok := wcag.Lookup(sc); ok && (c.Level == "A" || c.Level == "AA") {
					seen[sc] = true
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for sc := range seen {
		out = append(out, sc)
	}
	slices.SortFunc(out, wcag.Compare)
	return out
}

func hostOf(u string) string {
	_, rest, _ := strings.Cut(u, "://")
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, ":")
	return strings.ToLower(host)
}
