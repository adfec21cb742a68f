// Package site holds rules that judge a whole site from per-page facts:
// a privacy policy and an accessibility statement reachable from every
// page, and what the statement must say.
package site

import "github.com/granska/granska/rules"

// Rules are the site rules.
var Rules = []*rules.Rule{}
