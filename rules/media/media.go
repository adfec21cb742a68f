// Package media holds rules about moving and appearing content: content on
// hover or focus (1.4.13) and pause, stop, hide (2.2.2).
package media

import "github.com/granska/granska/rules"

// Rules are the media rules.
var Rules = []*rules.Rule{}
