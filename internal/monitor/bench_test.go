package monitor

import (
	"context"
	"net/http/httptest"
	"path"
	"sort"
	"strings"
	"testing"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/rules/catalog"
)

// BenchmarkDemoEvidence runs the whole demo site (crawled, broken twin)
// once per iteration through the monitor and reports the evidence one run
// stores (results.json, html and pdf reports, screenshots), in bytes per
// run and by kind: the figure the retention policy multiplies.
func BenchmarkDemoEvidence(b *testing.B) {
	chrometest.Require(b)
	ctx := context.Background()
	st, err := store.Open(ctx, b.TempDir()+"/granska.db")
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(demosite.Handler(demosite.Broken))
	defer srv.Close()
	org, _ := st.CreateOrg(ctx, "Org")
	site, err := st.CreateSite(ctx, store.Site{OrgID: org.ID, URLs: []string{srv.URL + "/"}, Sample: store.Sample{Crawl: true}})
	if err != nil {
		b.Fatal(err)
	}
	m, err := New(Config{Store: st, Rules: catalog.Default(), WorkDir: b.TempDir(), Browser: browser.Config{Tabs: 2}})
	if err != nil {
		b.Fatal(err)
	}
	m.Start(ctx)
	defer m.Stop(ctx)
	for range b.N {
		r, err := m.RunNow(ctx, site.ID, store.TriggerManual)
		if err != nil {
			b.Fatal(err)
		}
		if r, err = m.Wait(ctx, r.ID); err != nil || r.Status != store.StatusDone {
			b.Fatalf("run: %v %s %s", err, r.Status, r.Reason)
		}
		blobs, _ := st.Blobs(ctx, r.ID)
		kinds := map[string]int64{}
		for _, bl := range blobs {
			k := bl.Name
			if strings.Contains(k, "/") {
				k = path.Dir(k) + "/*" + path.Ext(k)
			}
			kinds[k] += bl.Size
		}
		var journal int64
		pages, _ := st.Pages(ctx, r.ID)
		for _, p := range pages {
			journal += int64(len(p.Result))
		}
		b.ReportMetric(float64(r.EvidenceBytes), "evidence-bytes/run")
		b.ReportMetric(float64(journal), "journal-bytes/run")
		b.ReportMetric(float64(r.Counts.Pages), "pages/run")
		names := make([]string, 0, len(kinds))
		for k := range kinds {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			b.Logf("%-14s %9d bytes", k, kinds[k])
		}
		b.Logf("run %d: %d pages, %d bytes of evidence in %d blobs, %d bytes of page journal", r.ID, r.Counts.Pages, r.EvidenceBytes, len(blobs), journal)
	}
}
