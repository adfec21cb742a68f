package capture

import (
	"fmt"
	"math"
	"sync"

	"github.com/granska/granska/audit/page"
)

// A PixelCache keeps the focus-indicator pixel comparisons of a run's pages,
// so that an element every page repeats (a site's header links) is
// compared once, not on each page: a comparison costs two screenshots,
// about 60 ms here. A comparison is reused only for an element with the
// same signature on a page with the same assets (page.ElementSignature,
// page.AssetSignature) at the same place and equally covered, and the
// reused result names the page it was made on (PixelDiff.From). Safe for
// concurrent use.
type PixelCache struct {
	mu sync.Mutex
	m  map[string]page.PixelDiff
}

// pixelCacheMax bounds the entries; beyond it, nothing more is kept.
const pixelCacheMax = 50_000

// NewPixelCache returns an empty cache.
func NewPixelCache() *PixelCache { return &PixelCache{m: map[string]page.PixelDiff{}} }

func (c *PixelCache) get(key string) (page.PixelDiff, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := c.m[key]
	return d, ok
}

func (c *PixelCache) put(key string, d page.PixelDiff) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) < pixelCacheMax {
		c.m[key] = d
	}
}

// pixelKey identifies a focus stop's comparison: the page's assets, the
// element's signature, where the stop's box lies in the viewport and how
// much of it is covered.
func pixelKey(p *page.Page, st *page.FocusStop, assets string) string {
	r := func(f float64) float64 { return math.Round(f) }
	return fmt.Sprintf("%s|%s|%g,%g,%g,%g|%.2f", assets, p.ElementSignature(st.Node), r(st.Box.X), r(st.Box.Y), r(st.Box.W), r(st.Box.H), st.Covered)
}
