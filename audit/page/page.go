// Package page defines the page model: everything Granska captures from one
// rendered page in one viewport, in a form that rules can read without a
// browser and that round-trips through JSON.
//
// A Page holds the flattened DOM (documents of same-process frames and shadow
// roots included) in document order. Node i is Nodes[i]; a node refers to its
// parent by index. Element nodes that have a layout object carry a Layout with
// their box, the computed styles named in Page.StyleProps, their paint order
// and the blended background colour Chrome computed. Nodes the browser put in
// the accessibility tree carry an AX with the role, name and states Chrome
// computed. Focus holds the keyboard walk. What could not be captured is listed
// in Gaps, so rules can answer cantTell instead of passed.
//
// The model is read-only once captured; the query methods (Children, Attr,
// Style, Text, Selector, ...) build their indexes lazily and are safe for
// concurrent use.
package page

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
)

// Schema names the version of the page model's JSON form. It changes when a
// field changes meaning or is removed; adding a field keeps it.
const Schema = "granska.page/1"

// NodeType is the DOM nodeType.
type NodeType int

// DOM node types used in the model.
const (
	ElementNode  NodeType = 1
	TextNode     NodeType = 3
	CommentNode  NodeType = 8
	DocumentNode NodeType = 9
	DoctypeNode  NodeType = 10
	FragmentNode NodeType = 11 // shadow roots and template contents
)

// Page is one captured page in one viewport.
type Page struct {
	Schema      string    `json:"schema"`
	URL         string    `json:"url"`
	FinalURL    string    `json:"finalUrl"`
	Status      int       `json:"status"`
	ContentType string    `json:"contentType,omitempty"`
	Title       string    `json:"title"`
	Lang        string    `json:"lang"`
	Viewport    Viewport  `json:"viewport"`
	Timings     Timings   `json:"timings"`
	StyleProps  []string  `json:"styleProps"`
	Nodes       []Node    `json:"nodes"`
	Documents   []Doc     `json:"documents"`
	Focus       FocusWalk `json:"focus"`
	// Variants are re-layouts of the same page under other conditions
	// (320 CSS px wide, 200% text, WCAG text spacing).
	Variants []Variant `json:"variants,omitempty"`
	// Network is what the page did over the network and in cookies before any
	// interaction (fresh profile), for consent rules.
	Network    *Network `json:"network,omitempty"`
	Screenshot *Image   `json:"screenshot,omitempty"`
	// Probes are results of scripted interactions made during capture
	// (for example submitting a form empty).
	Probes Probes `json:"probes,omitzero"`
	// States are what the page hides behind its controls (menus,
	// disclosures), each opened and captured in full (states.go).
	States []RevealedState `json:"states,omitempty"`
	// Backdrops are the pixels behind text drawn over images or gradients,
	// measured with the text made transparent.
	Backdrops []Backdrop `json:"backdrops,omitempty"`
	// PageEvents are the event types listened for on window and document
	// (keydown, blur, ...), for rules on shortcuts and traps.
	PageEvents []string `json:"pageEvents,omitempty"`
	// Motion is what moves or changes by itself after the page settled.
	Motion *Motion `json:"motion,omitempty"`
	// Generated is the text CSS ::before and ::after insert (generated.go).
	Generated []Generated `json:"generated,omitempty"`
	// Animations are endless or long running animations (generated.go).
	Animations []Animation `json:"animations,omitempty"`
	Gaps       []Gap       `json:"gaps,omitempty"`

	once sync.Once
	idx  *index
	more derived // derived.go
}

// Viewport is the emulated window.
type Viewport struct {
	Width  int     `json:"width"`
	Height int     `json:"height"`
	Scale  float64 `json:"scale"`
	Mobile bool    `json:"mobile,omitempty"`
	// ScrollWidth and ScrollHeight are the document's scrollable size.
	ScrollWidth  float64 `json:"scrollWidth"`
	ScrollHeight float64 `json:"scrollHeight"`
}

// Timings are the capture's phases in milliseconds.
type Timings struct {
	Load     float64 `json:"load"`
	Settle   float64 `json:"settle"`
	Snapshot float64 `json:"snapshot"`
	AXTree   float64 `json:"axTree"`
	Walk     float64 `json:"walk"`
	Variants float64 `json:"variants,omitempty"`
	// Pixels is the time spent on backdrop and focus-indicator pixels,
	// Listeners on event listener queries.
	Pixels    float64 `json:"pixels,omitempty"`
	Listeners float64 `json:"listeners,omitempty"`
	Shot      float64 `json:"screenshot,omitempty"`
	// Extras is the whole of listeners, pixels, motion and variants;
	// Probe the form-submission probe.
	Extras float64 `json:"extras,omitempty"`
	Probe  float64 `json:"probe,omitempty"`
	// Forms, Dialogs, States and Clicks split Probe: the form probe, the
	// dialogs opened, the revealed states (with their keyboard walks) and
	// the click probe.
	Forms   float64 `json:"forms,omitempty"`
	Dialogs float64 `json:"dialogs,omitempty"`
	States  float64 `json:"states,omitempty"`
	Clicks  float64 `json:"clicks,omitempty"`
	Total   float64 `json:"total"`
}

// Node is one DOM node.
type Node struct {
	Parent  int      `json:"parent"` // -1 for the root document
	Type    NodeType `json:"type"`
	Name    string   `json:"name"`            // lower-case tag name; "#text", "#document", "::before"
	Value   string   `json:"value,omitempty"` // text of text and comment nodes
	Attrs   []string `json:"attrs,omitempty"` // name, value, name, value, ...
	Backend int64    `json:"backend"`
	Doc     int      `json:"doc"` // index of the document node this node belongs to
	// Shadow is "open" or "closed" on shadow root fragments.
	Shadow string `json:"shadow,omitempty"`
	Pseudo string `json:"pseudo,omitempty"`
	// ContentDoc is the index of the document node an iframe/frame/object
	// renders, 0 when none was captured.
	ContentDoc int     `json:"contentDoc,omitempty"`
	Clickable  bool    `json:"clickable,omitempty"` // has click listeners or navigates on click
	InputValue *string `json:"inputValue,omitempty"`
	Checked    bool    `json:"checked,omitempty"`
	Selected   bool    `json:"selected,omitempty"`
	CurrentSrc string  `json:"currentSrc,omitempty"`
	// Events are the event types with listeners on the element (queried
	// for candidates only: clickable, draggable or pointer-cursor elements
	// that are not natively operable), sorted.
	Events []string `json:"events,omitempty"`
	Layout *Layout  `json:"layout,omitempty"`
	AX     *AX      `json:"ax,omitempty"`
}

// Rect is a box in CSS pixels, in document coordinates unless said otherwise.
type Rect struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// Empty reports whether the rect has no area.
func (r Rect) Empty() bool { return r.W <= 0 || r.H <= 0 }

// Intersect returns the overlap of r and o.
func (r Rect) Intersect(o Rect) Rect {
	x0, y0 := max(r.X, o.X), max(r.Y, o.Y)
	x1, y1 := min(r.X+r.W, o.X+o.W), min(r.Y+r.H, o.Y+o.H)
	if x1 <= x0 || y1 <= y0 {
		return Rect{}
	}
	return Rect{x0, y0, x1 - x0, y1 - y0}
}

// Contains reports whether o lies inside r.
func (r Rect) Contains(o Rect) bool {
	return o.X >= r.X && o.Y >= r.Y && o.X+o.W <= r.X+r.W && o.Y+o.H <= r.Y+r.H
}

// Layout is what the layout tree says of a node.
type Layout struct {
	Box Rect `json:"box"`
	// Styles are the computed values of Page.StyleProps, in that order.
	Styles []string `json:"styles,omitempty"`
	Paint  int      `json:"paint,omitempty"`
	// Client is the element's client rect (inside borders, without
	// scrollbars), Scroll its scroll rect (scroll offsets and the size of
	// its scrollable content).
	Client *Rect `json:"client,omitempty"`
	Scroll *Rect `json:"scroll,omitempty"`
	// BG is the background colour Chrome blended from all overlapping
	// elements' background colours (not images).
	BG string `json:"bg,omitempty"`
	// TextOpacity is the combined opacity applied to the node's text.
	TextOpacity     float64 `json:"textOpacity,omitempty"`
	StackingContext bool    `json:"stackingContext,omitempty"`
	// TextBoxes are the line boxes of a text node.
	TextBoxes []Rect `json:"textBoxes,omitempty"`
}

// AX is what Chrome's accessibility tree says of a node.
type AX struct {
	Role string `json:"role"`
	Name string `json:"name,omitempty"`
	// NameFrom is where the name came from: "aria-labelledby", "aria-label",
	// "label" (a related element), "contents", "title", "alt",
	// "placeholder", "figcaption", "caption", "legend", ... or "".
	NameFrom       string   `json:"nameFrom,omitempty"`
	Description    string   `json:"description,omitempty"`
	Value          string   `json:"value,omitempty"`
	Ignored        bool     `json:"ignored,omitempty"`
	IgnoredReasons []string `json:"ignoredReasons,omitempty"`
	// Props are the other AX properties as strings (focusable, focused,
	// disabled, hidden, required, invalid, checked, expanded, level, ...).
	Props map[string]string `json:"props,omitempty"`
	// Children are the node indexes of the AX children that map to DOM
	// nodes, in AX order (aria-owns applied).
	Children []int `json:"children,omitempty"`
}

// Doc is one captured document: the main one or a frame's.
type Doc struct {
	Node    int    `json:"node"` // index of the document node
	URL     string `json:"url"`
	Title   string `json:"title,omitempty"`
	Lang    string `json:"lang,omitempty"` // content language header
	FrameID string `json:"frameId,omitempty"`
	Owner   int    `json:"owner"` // the frame element, -1 for the main document
	// AXCaptured tells whether the accessibility tree of this document was
	// captured.
	AXCaptured bool `json:"axCaptured"`
}

// FocusWalk is the keyboard walk: the sequential focus order computed from
// the capture, and the stops reached by real Tab key presses.
type FocusWalk struct {
	// Order is the sequential focus navigation order derived from the DOM
	// (tabindex, document order, focusability, rendering).
	Order []int `json:"order"`
	// Stops are focus stops reached with real Tab presses, in order.
	Stops []FocusStop `json:"stops"`
	// Complete is true when the walk came back to the start, so Stops is
	// the whole sequential focus order.
	Complete bool `json:"complete"`
	// Ended says why the walk stopped: "wrapped", "max-stops", "budget",
	// "trap", "no-focusable", "error".
	Ended  string `json:"ended"`
	Detail string `json:"detail,omitempty"`
	// Trap is set when focus cycled inside a part of the page.
	Trap *Trap `json:"trap,omitempty"`
}

// FocusStop is one place the Tab key put focus.
type FocusStop struct {
	Node int `json:"node"` // -1 when the focused node could not be joined to the capture
	// Box is the focused element's box in viewport coordinates at that
	// moment (after the browser scrolled it into view).
	Box Rect `json:"box"`
	// Covered is the share (0..1) of sample points of Box that other
	// content (not the element, its descendants or ancestors) covers;
	// CoveredBy is that content's node, -1 if none or not joined.
	Covered   float64 `json:"covered"`
	CoveredBy int     `json:"coveredBy"`
	// InViewport is false when the focused element is outside the viewport
	// even after focus scrolled the page.
	InViewport bool `json:"inViewport"`
	// Indicator is the evidence of a visible focus indicator.
	Indicator Indicator `json:"indicator"`
	// Key is the key that reached this stop ("Tab", "Shift+Tab").
	Key string `json:"key,omitempty"`
	// Scripted is set when the walk reached the stop by focusing the next
	// element of the computed focus order by script instead of pressing
	// Tab, which it does where no script listens for keys (the same
	// outcome at a tenth of the cost).
	Scripted bool `json:"scripted,omitempty"`
	// Change is what taking focus here set off beyond focus moving (WCAG
	// 3.2.1), as the walk saw it; nil when nothing (states.go).
	Change *ContextChange `json:"change,omitempty"`
}

// Indicator compares a focus stop focused and unfocused.
type Indicator struct {
	// Changes are the computed styles of the element, its parent or its
	// ::before/::after that differ when it is focused.
	Changes []StyleChange `json:"changes,omitempty"`
	// Pixels is set when the stop's region was compared as pixels.
	Pixels *PixelDiff `json:"pixels,omitempty"`
}

// PixelDiff compares the pixels of a region around a focused element with
// the same region unfocused.
type PixelDiff struct {
	Area    int `json:"area"`    // pixels compared
	Changed int `json:"changed"` // pixels that differ
	// Contrast is the highest contrast ratio between a changed pixel's
	// focused and unfocused colours.
	Contrast float64 `json:"contrast"`
	// From is set when the comparison was not made on this page but
	// reused from the page it names, where an element with the same
	// signature (ElementSignature, AssetSignature) was compared.
	From string `json:"from,omitempty"`
}

// Trap is focus that cycles within a part of the page.
type Trap struct {
	Nodes []int `json:"nodes"` // the stops of the cycle
	// Escaped names the key that got focus out ("Shift+Tab", "Escape"), or
	// "" when nothing did.
	Escaped string `json:"escaped"`
	// Instructed is true when Escaped is a key combination named in the
	// page's text (such as "Ctrl+M"), not a standard navigation key.
	Instructed bool `json:"instructed,omitempty"`
}

// Variant is the page re-laid out under another condition.
type Variant struct {
	Name     string  `json:"name"` // "reflow-320", "zoom-200", "text-spacing"
	Width    int     `json:"width"`
	Height   int     `json:"height"`
	Zoom     float64 `json:"zoom,omitempty"`
	ScrollW  float64 `json:"scrollWidth"`
	ScrollH  float64 `json:"scrollHeight"`
	Overflow []Over  `json:"overflow,omitempty"`
	Clipped  []Over  `json:"clipped,omitempty"`
	// Rotated are elements whose rotation differs between portrait and
	// landscape (variant "orientation").
	Rotated []Rotation `json:"rotated,omitempty"`
	// Truncated is true when the lists were capped.
	Truncated bool `json:"truncated,omitempty"`
}

// Rotation is an element's rotation (degrees, clockwise, 0..360) in each
// orientation.
type Rotation struct {
	Node      int     `json:"node"`
	Portrait  float64 `json:"portrait"`
	Landscape float64 `json:"landscape"`
}

// Backdrop summarises the pixels behind one text node (the text, its
// decorations and shadows made transparent).
type Backdrop struct {
	Node int  `json:"node"` // the text node
	Box  Rect `json:"box"`  // the region measured, document coordinates
	// Pixels is how many pixels were measured; Hist counts them by
	// relative luminance in BackdropBins equal steps of its square root.
	Pixels int   `json:"pixels"`
	Hist   []int `json:"hist"`
	// Lightest and Darkest are the extreme colours seen (#rrggbb).
	Lightest string `json:"lightest"`
	Darkest  string `json:"darkest"`
	// Channels, per bin of Hist, are the smallest and the largest red,
	// green and blue values (8-bit sRGB: r, g, b, then R, G, B) of the
	// pixels counted in it; zero for an empty bin. They bound the colours
	// behind the text, which translucent text is blended with.
	Channels [][6]uint8 `json:"channels,omitempty"`
}

// BackdropBins is the length of Backdrop.Hist.
const BackdropBins = 32

// Motion is content that moves or changes by itself.
type Motion struct {
	// Animations are elements with a running CSS animation or transition
	// that repeats without end or lasts more than 5 s.
	Animations []int `json:"animations,omitempty"`
	// Changed are elements whose text changed in a short watch after the
	// page settled.
	Changed []int `json:"changed,omitempty"`
	// Marquees are marquee and blink elements.
	Marquees []int `json:"marquees,omitempty"`
	// Updating are elements whose text a repeating timer (setInterval, or
	// a setTimeout that sets itself again) removed or replaced, or showed
	// or hid (its hidden, class, style or aria-hidden changed), while the
	// page was watched or when the watch ran the timer's next tick: a timer
	// that the page started by itself, not in answer to the user, and that
	// was still running afterwards.
	Updating []int `json:"updating,omitempty"`
	// WatchedMs is how long the page was watched for changes.
	WatchedMs float64 `json:"watchedMs"`
}

// Over is one element that overflows the viewport or clips its text in a
// variant.
type Over struct {
	Node int  `json:"node"`
	Box  Rect `json:"box"`
	// Need is the width/height the content needs, Have what it gets.
	Need float64 `json:"need"`
	Have float64 `json:"have"`
}

// Network records requests and cookies seen before any user interaction.
type Network struct {
	Requests []Request `json:"requests,omitempty"`
	Cookies  []Cookie  `json:"cookies,omitempty"`
}

// Request is one network request the page made.
type Request struct {
	URL        string `json:"url"`
	Type       string `json:"type"`
	ThirdParty bool   `json:"thirdParty,omitempty"`
}

// Cookie is one cookie present after load.
type Cookie struct {
	Name       string `json:"name"`
	Domain     string `json:"domain"`
	ThirdParty bool   `json:"thirdParty,omitempty"`
	Session    bool   `json:"session,omitempty"`
	Expires    int64  `json:"expires,omitempty"` // seconds since the epoch, 0 for session cookies
}

// Image is an encoded image (PNG or JPEG) with its place on the page.
type Image struct {
	Format string  `json:"format"`
	Data   []byte  `json:"data"` // base64 in JSON
	Box    Rect    `json:"box"`
	Scale  float64 `json:"scale"`
}

// Gap is something the capture could not see.
type Gap struct {
	Kind   string `json:"kind"` // see the Gap* constants
	Node   int    `json:"node"` // the node concerned, -1 for the page
	Detail string `json:"detail,omitempty"`
}

// Gap kinds.
const (
	GapFrame      = "frame-not-captured" // a frame's document is not in the capture (cross-origin, failed)
	GapFrameAX    = "frame-ax-missing"   // a frame's accessibility tree is missing
	GapTimeout    = "timeout"            // a wait ran out (the page may still have been changing)
	GapWalk       = "walk-truncated"     // the keyboard walk stopped before it wrapped around
	GapWalkFailed = "walk-failed"        // the keyboard walk could not run
	GapVariant    = "variant-failed"     // a viewport variant could not be captured
	GapScreenshot = "screenshot-failed"
	GapNetwork    = "network-incomplete"
	GapNotHTML    = "not-html"
	GapHTTPError  = "http-error"
	// GapLoginExpired: the site showed its login page in place of the
	// page, after the run's one re-login too; the page was not audited.
	GapLoginExpired = "login-expired"
)

// GapFrameNotLoaded: a frame's document had not finished loading when the
// page was captured (Node is the frame element), so what is inside it may
// be partial.
const GapFrameNotLoaded = "frame-not-loaded"

// GapStates: the page has more menus and disclosures than the capture
// opens (a count per page); those beyond it were not audited open.
const GapStates = "states-truncated"

// Read decodes a page from JSON and checks its schema.
func Read(r io.Reader) (*Page, error) {
	var p Page
	dec := json.NewDecoder(r)
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("page: decode: %w", err)
	}
	if p.Schema != Schema {
		return nil, fmt.Errorf("page: schema %q, want %q: capture the page again with this version", p.Schema, Schema)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Write encodes the page as JSON.
func (p *Page) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(p)
}

// Validate checks the structural invariants rules rely on: parents precede
// children, indexes are in range, styles match StyleProps.
func (p *Page) Validate() error {
	for i, n := range p.Nodes {
		if n.Parent >= i || n.Parent < -1 || (n.Parent == -1 && i != 0 && n.Type != DocumentNode) {
			return fmt.Errorf("page: node %d: bad parent %d", i, n.Parent)
		}
		if n.Doc < 0 || n.Doc >= len(p.Nodes) {
			return fmt.Errorf("page: node %d: bad document %d", i, n.Doc)
		}
		if len(n.Attrs)%2 != 0 {
			return fmt.Errorf("page: node %d: odd attribute list", i)
		}
		if n.ContentDoc < 0 || n.ContentDoc >= len(p.Nodes) {
			return fmt.Errorf("page: node %d: bad content document %d", i, n.ContentDoc)
		}
		if n.Layout != nil && len(n.Layout.Styles) != 0 && len(n.Layout.Styles) != len(p.StyleProps) {
			return fmt.Errorf("page: node %d: %d styles for %d properties", i, len(n.Layout.Styles), len(p.StyleProps))
		}
		if n.AX != nil {
			for _, c := range n.AX.Children {
				if c < 0 || c >= len(p.Nodes) {
					return fmt.Errorf("page: node %d: bad AX child %d", i, c)
				}
			}
		}
	}
	for _, s := range p.Focus.Order {
		if s < 0 || s >= len(p.Nodes) {
			return fmt.Errorf("page: focus order: bad node %d", s)
		}
	}
	for _, s := range p.Focus.Stops {
		if s.Node < -1 || s.Node >= len(p.Nodes) {
			return fmt.Errorf("page: focus stop: bad node %d", s.Node)
		}
	}
	return p.validateExtras()
}

// HasGap reports whether the capture recorded a gap of the kind.
func (p *Page) HasGap(kind string) bool {
	for _, g := range p.Gaps {
		if g.Kind == kind {
			return true
		}
	}
	return false
}

// UnloadedFrame returns the frame element (iframe or frame) around node i
// whose document had not finished loading when the page was captured (a
// GapFrameNotLoaded gap), the outermost one when frames nest, or -1 when
// i is in no such frame.
func (p *Page) UnloadedFrame(i int) int {
	if i < 0 || i >= len(p.Nodes) {
		return -1
	}
	var frames map[int]bool
	for _, g := range p.Gaps {
		if g.Kind == GapFrameNotLoaded && g.Node >= 0 && g.Node < len(p.Nodes) {
			if frames == nil {
				frames = map[int]bool{}
			}
			frames[g.Node] = true
		}
	}
	if frames == nil {
		return -1
	}
	out := -1
	for d := p.Nodes[i].Doc; d > 0; {
		owner := -1
		for _, doc := range p.Documents {
			if doc.Node == d {
				owner = doc.Owner
				break
			}
		}
		if owner < 0 {
			break
		}
		if frames[owner] {
			out = owner
		}
		d = p.Nodes[owner].Doc
	}
	return out
}

// AddGap records a gap.
func (p *Page) AddGap(kind string, node int, detail string) {
	p.Gaps = append(p.Gaps, Gap{Kind: kind, Node: node, Detail: detail})
}

// Lower is strings.ToLower for ASCII, as HTML compares attribute values.
func Lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

// StyleChange is one computed style that differs between a focused element
// and the same element unfocused.
type StyleChange struct {
	On     string `json:"on"` // "self", "parent", "label" (the element that labels it), "::before", "::after"
	Prop   string `json:"prop"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// validateExtras checks the node indexes of backdrops, variants, traps and
// motion.
func (p *Page) validateExtras() error {
	bad := func(i int) bool { return i < -1 || i >= len(p.Nodes) }
	for _, b := range p.Backdrops {
		if bad(b.Node) || b.Node < 0 {
			return fmt.Errorf("page: backdrop: bad node %d", b.Node)
		}
		if len(b.Hist) != 0 && len(b.Hist) != BackdropBins {
			return fmt.Errorf("page: backdrop: %d bins, want %d", len(b.Hist), BackdropBins)
		}
		if len(b.Channels) != 0 && len(b.Channels) != BackdropBins {
			return fmt.Errorf("page: backdrop: %d channel ranges, want %d", len(b.Channels), BackdropBins)
		}
	}
	for _, v := range p.Variants {
		for _, o := range append(append([]Over{}, v.Overflow...), v.Clipped...) {
			if bad(o.Node) {
				return fmt.Errorf("page: variant %s: bad node %d", v.Name, o.Node)
			}
		}
		for _, r := range v.Rotated {
			if bad(r.Node) {
				return fmt.Errorf("page: variant %s: bad node %d", v.Name, r.Node)
			}
		}
	}
	if t := p.Focus.Trap; t != nil {
		for _, n := range t.Nodes {
			if bad(n) {
				return fmt.Errorf("page: trap: bad node %d", n)
			}
		}
	}
	if m := p.Motion; m != nil {
		for _, l := range [][]int{m.Animations, m.Changed, m.Marquees, m.Updating} {
			for _, n := range l {
				if bad(n) || n < 0 {
					return fmt.Errorf("page: motion: bad node %d", n)
				}
			}
		}
	}
	return p.validateGenerated()
}

// VisibleChange reports whether style changes at a focus stop draw
// something: an outline or border that is present when focused, or any
// change of colour, background, shadow, decoration, opacity, filter or
// transform.
func VisibleChange(cs []StyleChange) bool {
	for _, c := range cs {
		switch {
		case strings.HasPrefix(c.Prop, "outline"):
			if outlineShown(cs, c.On) {
				return true
			}
		case strings.HasPrefix(c.Prop, "border"):
			if !strings.HasSuffix(c.Prop, "-width") || strings.TrimSpace(c.After) != "0px" {
				return true
			}
		case c.Prop == "content":
			return true
		default:
			return true
		}
	}
	return false
}

func outlineShown(cs []StyleChange, on string) bool {
	style, width := "", ""
	for _, c := range cs {
		if c.On != on {
			continue
		}
		switch c.Prop {
		case "outline-style":
			style = c.After
		case "outline-width":
			width = c.After
		}
	}
	// Unchanged parts keep their unfocused values, which we do not have
	// here: be generous only when the changed part shows an outline.
	if style == "none" || width == "0px" {
		return false
	}
	return style != "" || width != ""
}
