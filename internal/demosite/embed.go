package demosite

import "embed"

// siteFS holds the bundled demo career site: page templates, data files, static
// assets, the barrier manifest and the reviewed known misses, all under root.
//
//go:embed site
var siteFS embed.FS

// root is the directory of the site inside siteFS.
const root = "site"
