package e2e

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/granska/granska/audit"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/loadtest"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules/catalog"
)

// auditDefault audits the broken twin at srv with the engine's defaults
// (the walk, variants, probe and pixels as `granska audit` runs them).
func auditDefault(t *testing.T, srv *httptest.Server) *result.Run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	run, err := audit.Run(ctx, audit.Config{
		URLs: []string{srv.URL + "/"}, Crawl: true, Out: t.TempDir(),
		CrawlConfig: audit.CrawlConfig{All: true},
		Rules:       catalog.Default(), PublicSector: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// The same site audited on a quiet machine and with every core saturated
// by a CPU hog gives the same outcomes, page by page, rule by rule,
// target by target, and the same gaps: nothing that decides what is
// checked depends on wall-clock time or load.
func TestFindingsUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	srv := httptest.NewServer(demosite.Handler(demosite.Broken))
	t.Cleanup(srv.Close)

	quiet := loadtest.Outcomes(auditDefault(t, srv))
	stop := loadtest.Hog(0, 10*time.Minute)
	loaded := loadtest.Outcomes(auditDefault(t, srv))
	stop()

	if len(quiet) < 500 {
		t.Errorf("only %d outcomes on the broken twin: the run did not audit the site", len(quiet))
	}
	d := loadtest.Diff(quiet, loaded)
	for _, l := range d {
		t.Errorf("quiet vs loaded: %s", l)
	}
	t.Logf("%d outcomes and gaps, %d differences", len(quiet), len(d))
}
