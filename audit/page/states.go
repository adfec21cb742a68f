package page

// DialogProbe is what happened when the capture opened the page's dialogs.
// The probe is bounded by a count of states (MaxStates), never by time;
// Truncated says triggers were left unopened.
type DialogProbe struct {
	States    []DialogState `json:"states,omitempty"`
	MaxStates int           `json:"maxStates"`
	Truncated bool          `json:"truncated,omitempty"`
	Error     string        `json:"error,omitempty"`
}

// DialogState is one trigger activated (focused, then clicked).
type DialogState struct {
	Trigger int `json:"trigger"` // the button or link, -1 when not joined
	// Dialog is the dialog that was named (aria-controls, href) or that
	// appeared, -1 when it was created after the snapshot.
	Dialog int  `json:"dialog"`
	Opened bool `json:"opened"`
	// FocusInside: focus was in the dialog once it opened; FocusOnTrigger:
	// focus stayed on the trigger.
	FocusInside    bool `json:"focusInside"`
	FocusOnTrigger bool `json:"focusOnTrigger"`
	Modal          bool `json:"modal,omitempty"`
	// After Escape: whether the dialog closed, whether focus came back to
	// the trigger, or was lost to the document body.
	ClosedByEscape bool `json:"closedByEscape"`
	FocusReturned  bool `json:"focusReturned"`
	FocusLost      bool `json:"focusLost"`
}

// DialogProbe returns the revealed-states probe (Probes.Dialogs), nil when
// it did not run. The error is always nil; it is kept for callers written
// when the probe was raw JSON.
func (p *Page) DialogProbe() (*DialogProbe, error) { return p.Probes.Dialogs, nil }

// ContextChange is what the keyboard walk saw happen when an element took
// focus by a real Tab press, beyond focus moving to it (WCAG 3.2.1).
type ContextChange struct {
	// Node is the element whose taking focus set it off (where focus
	// landed first), -1 when not joined to the capture.
	Node int `json:"node"`
	// Navigated is the address the main document was sent to (the walk
	// held the request back, so the page stayed).
	Navigated string `json:"navigated,omitempty"`
	// NewWindow: script asked for a new window or tab (window.open, which
	// the walk recorded and did not open); WindowURL is what it named.
	NewWindow bool   `json:"newWindow,omitempty"`
	WindowURL string `json:"windowUrl,omitempty"`
	// FocusMovedTo is where script moved focus on to, outside the element
	// (the stop's own node), when it did; FocusLost: script took focus
	// away to the document.
	FocusMoved bool `json:"focusMoved,omitempty"`
	FocusLost  bool `json:"focusLost,omitempty"`
	// Handled: the element (or, for focusin, an ancestor) has a focus
	// handler of its own, so the change came from taking focus there.
	Handled bool `json:"handled,omitempty"`
	// Dialog is a dialog that became shown, -1 when none or not joined;
	// DialogShown says one did; DialogModal that it was modal or took
	// focus.
	Dialog      int  `json:"dialog"`
	DialogShown bool `json:"dialogShown,omitempty"`
	DialogModal bool `json:"dialogModal,omitempty"`
}

// Any reports whether anything changed.
func (c *ContextChange) Any() bool {
	return c != nil && (c.Navigated != "" || c.NewWindow || c.FocusMoved || c.FocusLost || c.DialogShown)
}

// RevealedState is what one control revealed when the capture activated
// it (a menu button, a disclosure, a <details> summary): the whole page
// captured again in that state, so the ordinary rules run on it. The
// capture opens at most a count of states per page, never bounded by time.
type RevealedState struct {
	// Name identifies the state in findings: "kind: trigger's name".
	Name string `json:"name"`
	Kind string `json:"kind"` // "menu", "disclosure", "details", "popup" (listbox, tree or grid)
	// Trigger is the control in the page as captured (-1 when not joined).
	Trigger int `json:"trigger"`
	// Page is the page in the revealed state; Revealed are the nodes of
	// Page (indexes into Page.Nodes) in the revealed region that the page
	// as captured did not render.
	Page     *Page `json:"page"`
	Revealed []int `json:"revealed"`
	// Restored: the control closed the region again afterwards.
	Restored bool `json:"restored"`
	// Keyboard is the state opened again by keyboard and walked with Tab
	// (and arrow keys in a composite widget); nil when not walked.
	Keyboard *StateKeyboard `json:"keyboard,omitempty"`
}

// StateKeyboard is what a keyboard user met in a revealed state: the
// capture focused the control, opened it with Enter (Space when Enter did
// nothing), pressed Tab from there up to a count, and, when the region is
// a composite widget (menu, listbox, tree, grid), the down arrow up to a
// count; then Escape. Node indexes are into the state's Page.
type StateKeyboard struct {
	// OpenedBy is the key that opened the region: "Enter", "Space", or ""
	// when neither did.
	OpenedBy string `json:"openedBy,omitempty"`
	// FocusMoved: opening moved focus into the region.
	FocusMoved bool `json:"focusMoved,omitempty"`
	// Reached are the region's elements that took focus, or that
	// aria-activedescendant pointed at, during the Tab and arrow walks.
	Reached []int `json:"reached,omitempty"`
	// Tabs is how many Tab presses were made; Ended how the Tab walk
	// ended: "past" (focus went beyond the region in document order, back
	// to the control, or round the page to a stop already seen),
	// "trapped" (focus came back to a stop of
	// the region without leaving it), "cut" (the count ran out first).
	Tabs  int    `json:"tabs"`
	Ended string `json:"ended"`
	// Arrows: the down arrow moved focus or the active descendant within
	// the region (a composite widget that manages its own focus).
	Arrows bool `json:"arrows,omitempty"`
	// After Escape: whether the region closed, and whether focus came back
	// to the control.
	EscapeClosed   bool `json:"escapeClosed,omitempty"`
	EscapeReturned bool `json:"escapeReturned,omitempty"`
}
