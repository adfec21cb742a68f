package dom

import (
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules/internal/css"
)

// Backdrop returns the opaque colour behind element el's content: Chrome's
// blended background colour where the snapshot has one (it accounts for
// overlapping elements too), else the element's and its ancestors'
// background colours composited up to the first opaque one, over white (the
// canvas). Chrome gives blended colours only for some elements (not, for
// example, for a paragraph whose text is split by inline children), so
// walking up to an ancestor's blended value would skip opaque backgrounds in
// between. Backgrounds that are images or gradients are not colours: see
// the contrast rules for those. ok is false when a colour cannot be parsed.
func Backdrop(p *page.Page, el int) (c css.Color, raw string, ok bool) {
	var layers []css.Color // translucent backgrounds, nearest first
	for x := el; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			break
		}
		if n.Type != page.ElementNode || n.Layout == nil || n.Pseudo != "" {
			continue
		}
		if n.Layout.BG != "" {
			base, err := css.Parse(n.Layout.BG)
			if err != nil {
				return css.Color{}, n.Layout.BG, false
			}
			return composite(layers, base.Over(css.White)), n.Layout.BG, true
		}
		rawBG := p.Style(x, "background-color")
		if rawBG == "" {
			continue // no computed style captured: nothing painted here
		}
		own, err := css.Parse(rawBG)
		if err != nil {
			return css.Color{}, p.Style(x, "background-color"), false
		}
		if own.A >= 1 {
			return composite(layers, own), p.Style(x, "background-color"), true
		}
		if own.A > 0 {
			layers = append(layers, own)
		}
	}
	return composite(layers, css.White), "white", true
}

// composite paints layers (nearest first) over an opaque base.
func composite(layers []css.Color, base css.Color) css.Color {
	for k := len(layers) - 1; k >= 0; k-- {
		base = layers[k].Over(base)
	}
	return base
}
