// Package aria holds rules about WAI-ARIA use: roles, states and properties
// that exist, are allowed, have valid values and are complete, and ARIA that
// hides or nests interactive content.
package aria

import "github.com/granska/granska/rules"

// Rules are the ARIA rules.
var Rules = []*rules.Rule{}
