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
