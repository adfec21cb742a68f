package e2e

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/loadtest"
)

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

	quiet := loadtest.Outcomes(auditAll(t, srv, capture.Options{}))
	stop := loadtest.Hog(0, 10*time.Minute)
	loaded := loadtest.Outcomes(auditAll(t, srv, capture.Options{}))
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
