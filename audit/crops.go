package audit

import (
	"context"
	"crypto/sha1"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/atomicfile"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// crop saves screenshot crops of failed and cantTell targets. A crop is
// named by what it shows (cropName): one that an earlier page of the run
// already saved is attached without being taken again, and a new one is
// taken only while one of the node's issues has fewer than CropsPerIssue.
func (e *engine) crop(tab context.Context, p *page.Page, rp *result.Page) {
	var nodes []int
	idx := map[int][]int{}        // node -> outcome indexes
	perReason := map[string]int{} // rule/code -> crops
	for k, o := range rp.Outcomes {
		if o.Target == nil || o.Outcome == rules.Passed || o.Outcome == rules.Inapplicable {
			continue
		}
		n := o.Target.Node
		if n < 0 || n >= len(p.Nodes) {
			continue
		}
		if _, ok := idx[n]; !ok {
			reason := o.Rule + "/" + o.Code
			if len(nodes) >= e.cfg.MaxCrops || perReason[reason] >= e.cfg.CropsPerReason {
				continue
			}
			perReason[reason]++
			nodes = append(nodes, n)
		}
		idx[n] = append(idx[n], k)
	}
	if len(nodes) == 0 {
		return
	}
	assets := p.AssetSignature()
	names := map[int]string{}
	var need []int
	e.mu.Lock()
	for _, n := range nodes {
		names[n] = cropName(p, n, assets)
		if e.shots[names[n]] {
			continue
		}
		wanted := false
		for _, k := range idx[n] {
			wanted = wanted || e.issueCrops[rp.Outcomes[k].Fingerprint] < e.cfg.CropsPerIssue
		}
		if wanted {
			for _, k := range idx[n] {
				e.issueCrops[rp.Outcomes[k].Fingerprint]++
			}
			need = append(need, n)
		}
	}
	e.mu.Unlock()
	for n, img := range capture.CropWith(tab, p, need, 8, e.cfg.Capture.Levers) {
		if atomicfile.Write(filepath.Join(e.cfg.Out, names[n]), func(w io.Writer) error {
			_, err := w.Write(img.Data)
			return err
		}) == nil {
			e.mu.Lock()
			e.shots[names[n]] = true
			e.mu.Unlock()
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, n := range nodes {
		if !e.shots[names[n]] {
			continue
		}
		for _, k := range idx[n] {
			rp.Outcomes[k].Target.Screenshot = names[n]
		}
	}
}

// cropName names the crop of node n by what it shows: the page's assets,
// the element's signature and its box on the page. Below the first screen,
// where crops hide fixed content, the box's height on the page does not
// change the picture (a footer on a longer page) and is left out.
func cropName(p *page.Page, n int, assets string) string {
	b, _ := p.Box(n)
	y := b.Y
	if vh := float64(p.Viewport.Height); vh > 0 && b.Y+b.H > vh {
		y = -1
	}
	h := sha1.Sum(fmt.Appendf(nil, "%s|%s|%.0f,%.0f,%.0f,%.0f", assets, p.ElementSignature(n), b.X, y, b.W, b.H))
	return fmt.Sprintf("shots/%x.jpg", h[:8])
}

// loadShots records the crops an interrupted run saved: crops are written
// whole (renamed into place) and named by what they show, so they serve
// this run too.
func (e *engine) loadShots() {
	des, err := os.ReadDir(filepath.Join(e.cfg.Out, "shots"))
	if err != nil {
		return
	}
	for _, d := range des {
		if strings.HasSuffix(d.Name(), ".jpg") {
			e.shots["shots/"+d.Name()] = true
		}
	}
}
