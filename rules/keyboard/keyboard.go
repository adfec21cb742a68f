// Package keyboard holds rules about keyboard operation: reachability and
// operability (2.1.1), keyboard traps (2.1.2) and character key shortcuts
// (2.1.4).
package keyboard

import "github.com/granska/granska/rules"

// Rules are the keyboard rules.
var Rules = []*rules.Rule{}
