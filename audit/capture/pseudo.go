package capture

import (
	"context"
	_ "embed"
	"fmt"

	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

//go:embed js/pseudo.js
var pseudoJS string

// Bounds of the generated-content collector: the items recorded and the
// elements looked at. A page beyond them gets a gap, so rules that need
// the rest answer cantTell.
const (
	maxGenerated         = 200
	maxGeneratedElements = 20000
)

// generated records the text CSS ::before and ::after rules insert
// (page.Generated), which the DOM snapshot shows only as empty
// pseudo-element nodes. Failures and truncation become gaps.
func generated(ctx context.Context, t *chromedp.Target, p *page.Page) {
	var res struct {
		Items []struct {
			Pseudo  string `json:"pseudo"`
			Content string `json:"content"`
			Text    string `json:"text"`
		} `json:"items"`
		Truncated bool `json:"truncated"`
	}
	expr := fmt.Sprintf("(%s)(%d, %d)", pseudoJS, maxGenerated, maxGeneratedElements)
	if err := evalX(ctx, t, expr, &res); err != nil {
		p.AddGap(page.GapGenerated, -1, "generated content: "+err.Error())
		return
	}
	if res.Truncated {
		p.AddGap(page.GapGenerated, -1, fmt.Sprintf("generated content: stopped after %d items or %d elements", maxGenerated, maxGeneratedElements))
	}
	if len(res.Items) == 0 {
		return
	}
	nodes := keptNodes(ctx, t, p)
	for k, it := range res.Items {
		if k >= len(nodes) || nodes[k] < 0 {
			continue
		}
		p.Generated = append(p.Generated, page.Generated{Node: nodes[k], Pseudo: it.Pseudo, Content: it.Content, Text: it.Text})
	}
}
