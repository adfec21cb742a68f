// Package granska is the root of the Granska module. It holds only what must live at
// the module root: the embedded bundled demo career site (testdata/site), which an
// embed directive cannot reach from a package below testdata's parent.
package granska

import "embed"

// SiteFS holds the bundled demo career site: page templates, data files, static
// assets and the barrier manifest, all under the "testdata/site" prefix. It is
// rendered and served by package audit/demosite.
//
//go:embed testdata/site
var SiteFS embed.FS
