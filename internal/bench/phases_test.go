package bench

import (
	"context"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// TestPhases prints where a capture and the rules spend their time on each
// bench page (GRANSKA_PHASES=1; a diagnostic, not a timed assertion).
func TestPhases(t *testing.T) {
	if os.Getenv("GRANSKA_PHASES") == "" {
		t.Skip("set GRANSKA_PHASES=1")
	}
	srv := server()
	defer srv.Close()
	p := pool(&testing.B{})
	defer p.Close()
	for _, size := range Sizes {
		p.Do(context.Background(), func(tab context.Context) error {
			pg, err := capture.Capture(tab, srv.URL+"/"+size.Name, capture.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s timings %+v", size.Name, pg.Timings)
			if n := len(pg.Focus.Stops); n > 0 {
				px := 0
				for _, st := range pg.Focus.Stops {
					if st.Indicator.Pixels != nil {
						px++
					}
				}
				t.Logf("%s walk: %d stops (%s), %d compared as pixels, %.1f ms a stop", size.Name, n, pg.Focus.Ended, px, pg.Timings.Walk/float64(n))
			}
			type rt struct {
				id string
				d  time.Duration
			}
			var rts []rt
			for _, r := range catalog.Default() {
				t0 := time.Now()
				rules.Run(context.Background(), pg, []*rules.Rule{r}, rules.Options{})
				rts = append(rts, rt{r.ID, time.Since(t0)})
			}
			sort.Slice(rts, func(a, b int) bool { return rts[a].d > rts[b].d })
			for _, x := range rts[:5] {
				t.Logf("  rule %s %s", x.id, x.d)
			}
			return nil
		})
	}
}
