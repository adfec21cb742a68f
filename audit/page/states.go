package page

import (
	"encoding/json"
	"fmt"
)

// ProbeDialogs is the key in Page.Probes of the revealed-states probe: the
// page's dialog triggers activated one by one after everything else was
// captured, each dialog then sent Escape.
const ProbeDialogs = "dialogs"

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

// DialogProbe decodes the revealed-states probe, nil when it did not run.
func (p *Page) DialogProbe() (*DialogProbe, error) {
	raw, ok := p.Probes[ProbeDialogs]
	if !ok {
		return nil, nil
	}
	var dp DialogProbe
	if err := json.Unmarshal(raw, &dp); err != nil {
		return nil, fmt.Errorf("page: probe %s: %w", ProbeDialogs, err)
	}
	return &dp, nil
}
