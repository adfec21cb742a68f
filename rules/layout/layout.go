// Package layout holds rules that need the page laid out under other
// conditions or measured: reflow (1.4.10), resize text (1.4.4), text
// spacing (1.4.12), orientation (1.3.4), target size (2.5.8), dragging
// movements (2.5.7), and what pointers and devices do: path gestures
// (2.5.1), actions on the down-event (2.5.2), motion actuation (2.5.4) and
// instructions by shape, place or sound (1.3.3).
package layout

import (
	"fmt"
	"strings"

	"github.com/granska/granska/rules"
)

// Rules are the layout rules.
var Rules = []*rules.Rule{
	TextSpacing, ResizeText, Reflow, Orientation, TargetSize, Dragging,
	PointerGestures, PointerCancellation, MotionActuation, SensoryInstructions,
}

func round(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}
