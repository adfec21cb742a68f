// Package focus holds rules read from the keyboard walk: focus visible
// (2.4.7), focus not obscured (2.4.11, 2.4.12) and focus order (2.4.3).
package focus

import "github.com/granska/granska/rules"

// Rules are the focus rules.
var Rules = []*rules.Rule{}
