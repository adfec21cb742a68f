package page

import "fmt"

// Generated is text that a CSS ::before or ::after rule inserts on an
// element (content: "…", attr(), counters), which the DOM holds nowhere.
type Generated struct {
	Node   int    `json:"node"`   // the element the pseudo-element belongs to
	Pseudo string `json:"pseudo"` // "::before" or "::after"
	// Content is the computed content value; Text the text it inserts
	// (quoted strings decoded, attr() resolved, a counter as "#").
	Content string `json:"content"`
	Text    string `json:"text"`
}

// GapGenerated is recorded when generated content could not be captured,
// or only in part.
const GapGenerated = "generated-incomplete"

// validateGenerated checks the node indexes of generated content.
func (p *Page) validateGenerated() error {
	for _, g := range p.Generated {
		if g.Node < 0 || g.Node >= len(p.Nodes) {
			return fmt.Errorf("page: generated content: bad node %d", g.Node)
		}
		if g.Pseudo != "::before" && g.Pseudo != "::after" {
			return fmt.Errorf("page: generated content: bad pseudo-element %q", g.Pseudo)
		}
	}
	return nil
}
