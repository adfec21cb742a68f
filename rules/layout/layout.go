// Package layout holds rules that need the page laid out under other
// conditions or measured: reflow (1.4.10), resize text (1.4.4), text
// spacing (1.4.12), orientation (1.3.4), target size (2.5.8) and dragging
// movements (2.5.7).
package layout

import (
	"fmt"
	"strings"

	"github.com/granska/granska/rules"
)

// Rules are the layout rules.
var Rules = []*rules.Rule{TextSpacing, ResizeText, Reflow, Orientation, TargetSize, Dragging}

func round(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}
