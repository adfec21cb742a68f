package page

// Probes are the results of the scripted interactions of a capture; a
// probe that did not run is nil.
type Probes struct {
	// FormSubmit is the form-submission probe: a personal-data form
	// submitted empty in the browser, with every request it caused
	// intercepted so that nothing left the machine.
	FormSubmit *FormProbe `json:"form-submit,omitempty"`
	// Dialogs is the revealed-states probe: the page's dialog triggers
	// activated one by one after everything else was captured, each
	// dialog then sent Escape (states.go).
	Dialogs *DialogProbe `json:"dialogs,omitempty"`
}

// FormProbe is what the page did when one of its forms was submitted empty.
// Node indexes refer to the captured snapshot (taken before the probe); -1
// means the node was created by the page after the snapshot or could not be
// joined.
type FormProbe struct {
	Form   int `json:"form"`   // the form element
	Submit int `json:"submit"` // the control activated, -1 for form.requestSubmit()
	// Sent is true when the page tried to send the form (a navigation, fetch
	// or XHR was intercepted): nothing stopped an empty submission on the
	// client, so any error messages come from the server, unseen here.
	Sent     bool           `json:"sent"`
	Requests []ProbeRequest `json:"requests,omitempty"`
	Fields   []ProbeField   `json:"fields,omitempty"`
	Focus    int            `json:"focus"`              // the focused element after submitting, -1 for none or a new node
	FocusTag string         `json:"focusTag,omitempty"` // its tag and text, for a new node
	Live     []string       `json:"live,omitempty"`     // text that appeared in live regions (aria-live, role=alert/status)
	NewText  []string       `json:"newText,omitempty"`  // text that became visible in or around the form
	Native   bool           `json:"native,omitempty"`   // the browser's own constraint validation blocked the submission
	Error    string         `json:"error,omitempty"`    // why the probe could not run to the end
	// From is set when the form was not submitted on this page but the
	// probe's outcome reused from the page it names, where a form with
	// the same signature (markup, place, the page's scripts and styles)
	// was submitted in the same run.
	From string `json:"from,omitempty"`
}

// GapProbe records a probe that could not run (the form is then judged
// cantTell).
const GapProbe = "probe-failed"

// ProbeRequest is one request the probe intercepted.
type ProbeRequest struct {
	URL    string `json:"url"`
	Method string `json:"method"`
	Type   string `json:"type"`
}

// ProbeField is one required field, checkbox or switch of the probed form
// after the submission.
type ProbeField struct {
	Node int `json:"node"`
	// Invalid is the aria-invalid attribute after submitting ("" when
	// absent); Valid is the field's constraint validity.
	Invalid string `json:"invalid,omitempty"`
	Valid   bool   `json:"valid"`
	// Message is the browser's validationMessage.
	Message string `json:"message,omitempty"`
	// Described is the text of the elements aria-describedby and
	// aria-errormessage point to after submitting, DescribedBefore before.
	Described       string `json:"described,omitempty"`
	DescribedBefore string `json:"describedBefore,omitempty"`
	// InvalidEvent is true when the browser fired an invalid event on it.
	InvalidEvent bool `json:"invalidEvent,omitempty"`
	// Nearby is text that became visible in the field's row (its wrapper)
	// after submitting.
	Nearby string `json:"nearby,omitempty"`
	// Restyled lists the computed styles of the field that changed with
	// the submission, read with the field blurred: "border-top-color",
	// "background-image", ...; "label:color" and the like for its labels.
	Restyled []string `json:"restyled,omitempty"`
	// Marks are non-text cues that appeared in the field's row: "img:NAME"
	// for an image or icon ("img:" when it has no name) and
	// "content:VALUE" for generated content (::before, ::after).
	Marks []string `json:"marks,omitempty"`
}

// Field returns the probe's record of node i.
func (fp *FormProbe) Field(i int) (ProbeField, bool) {
	for _, f := range fp.Fields {
		if f.Node == i {
			return f, true
		}
	}
	return ProbeField{}, false
}
