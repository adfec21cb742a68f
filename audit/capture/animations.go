package capture

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

//go:embed js/animations.js
var animationsJS string

// maxAnimations bounds the animations recorded per page; beyond it a gap
// says the list is cut.
const maxAnimations = 50

// animations records the page's endless or long running animations with
// their timing and animated properties (page.Animations). Failures and
// truncation become gaps.
func animations(ctx context.Context, t *chromedp.Target, p *page.Page) {
	var res struct {
		Items []struct {
			Duration   float64  `json:"duration"`
			Iterations float64  `json:"iterations"`
			EndTime    float64  `json:"endTime"`
			Props      []string `json:"props"`
		} `json:"items"`
		Truncated bool `json:"truncated"`
	}
	if err := evalX(ctx, t, fmt.Sprintf("(%s)(%d)", animationsJS, maxAnimations), &res); err != nil {
		p.AddGap(page.GapAnimations, -1, "animations: "+err.Error())
		return
	}
	if res.Truncated {
		p.AddGap(page.GapAnimations, -1, fmt.Sprintf("animations: stopped after %d", maxAnimations))
	}
	if len(res.Items) == 0 {
		return
	}
	nodes := keptNodes(ctx, t, p)
	for k, it := range res.Items {
		if k >= len(nodes) || nodes[k] < 0 {
			continue
		}
		p.Animations = append(p.Animations, page.Animation{Node: nodes[k], Duration: it.Duration, Iterations: it.Iterations, EndTime: it.EndTime, Props: it.Props})
	}
}
