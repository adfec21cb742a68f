package demosite

import (
	"bytes"
	"fmt"
	"slices"
)

// NewChanged returns the site of the given twin with the markup of one
// template changed (a comment added before </body>, so every page of that
// template differs from the last visit while what it shows and how it
// behaves stay the same), as a site looks after one template was edited.
// Re-audit tests use it: exactly that template's pages must be audited
// again. template is one of the templates' names ("job", "jobs", "home",
// "contact", …).
func NewChanged(twin Twin, template string) (*Site, error) {
	if !slices.Contains(pageNames, template) {
		return nil, fmt.Errorf("demosite: no template %q", template)
	}
	s, err := New(twin)
	if err != nil {
		return nil, err
	}
	s.changed = template
	return s, nil
}

// change edits the rendered page of template name when it is the changed
// one.
func (s *Site) change(name string, html []byte) []byte {
	if s.changed == "" || s.changed != name {
		return html
	}
	return bytes.Replace(html, []byte("</body>"), []byte("<!-- revised: the "+name+" template changed -->\n</body>"), 1)
}
