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

// validateGenerated checks the node indexes of generated content and
// animations.
func (p *Page) validateGenerated() error {
	for _, g := range p.Generated {
		if g.Node < 0 || g.Node >= len(p.Nodes) {
			return fmt.Errorf("page: generated content: bad node %d", g.Node)
		}
		if g.Pseudo != "::before" && g.Pseudo != "::after" {
			return fmt.Errorf("page: generated content: bad pseudo-element %q", g.Pseudo)
		}
	}
	for _, a := range p.Animations {
		if a.Node < 0 || a.Node >= len(p.Nodes) {
			return fmt.Errorf("page: animation: bad node %d", a.Node)
		}
	}
	return nil
}

// Animation is a running CSS animation or transition that repeats without
// end or lasts more than 5 seconds.
type Animation struct {
	Node       int     `json:"node"`       // the animated element
	Duration   float64 `json:"duration"`   // one iteration, ms
	Iterations float64 `json:"iterations"` // -1 for endless
	EndTime    float64 `json:"endTime"`    // ms, -1 for endless
	// Props are the CSS properties the keyframes change, sorted
	// ("transform", "opacity", "left", ...), with "transform:translate"
	// when a transform translates.
	Props []string `json:"props,omitempty"`
}

// Endless reports whether the animation never ends.
func (a Animation) Endless() bool { return a.Iterations < 0 || a.EndTime < 0 }

// GapAnimations is recorded when the animations could not be listed, or
// only in part.
const GapAnimations = "animations-incomplete"
