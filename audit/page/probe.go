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
	// OtherForms are the page's other data-collecting forms, submitted
	// empty one after another under the same rules as FormSubmit (for
	// how each shows its errors), in document order.
	OtherForms []*FormProbe `json:"other-forms,omitempty"`
	// Clicks is the click probe: in-place buttons clicked one at a time
	// with the DOM watched for status messages (WCAG 4.1.3).
	Clicks []ClickProbe `json:"clicks,omitempty"`
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

// ClickProbe is what the page showed when one of its in-place buttons
// (type=button, role=button, a submit button of a form with no action)
// was clicked: the page was loaded again before the click, so each click
// starts from the page as captured, and every request it caused to another
// origin, every non-GET request and every navigation was stopped.
type ClickProbe struct {
	Button int    `json:"button"` // the control clicked (a snapshot node)
	Name   string `json:"name,omitempty"`
	// Navigated is set when the click asked for another document (held
	// back): the click changed context, it showed no status.
	Navigated bool `json:"navigated,omitempty"`
	// FocusMoved is set when focus left the control for another element
	// (content given focus is announced by that).
	FocusMoved bool `json:"focusMoved,omitempty"`
	// Dialog is set when a dialog opened.
	Dialog bool `json:"dialog,omitempty"`
	// Blocked counts the requests the sandbox stopped.
	Blocked int `json:"blocked,omitempty"`
	// Added counts the elements whose visible text appeared or changed;
	// Texts holds the first of them.
	Added int         `json:"added,omitempty"`
	Texts []ClickText `json:"texts,omitempty"`
	// Error says why the click could not be made.
	Error string `json:"error,omitempty"`
}

// ClickText is an element whose visible text appeared or changed after a
// click.
type ClickText struct {
	Node   int    `json:"node"`             // the element in the snapshot, -1 when the click created it
	Text   string `json:"text"`             // its text after the click
	Before string `json:"before,omitempty"` // its visible text before ("" when it was hidden or new)
	// Live is the role or aria-live value of the live region it is in
	// ("" for none); LiveAdded is set when that region was itself added
	// by the click (assistive technology may not announce it).
	Live      string `json:"live,omitempty"`
	LiveAdded bool   `json:"liveAdded,omitempty"`
	// InControl is set for text inside the clicked control (its own
	// label changed, like "Save" becoming "Saved").
	InControl bool `json:"inControl,omitempty"`
}

// GapClicks: the page has more in-place buttons than the capture clicks
// (a count per page), or a click could not be made as captured.
const GapClicks = "clicks-truncated"

// Forms returns every submitted form's probe: FormSubmit first, then
// OtherForms.
func (pr *Probes) Forms() []*FormProbe {
	var out []*FormProbe
	if pr.FormSubmit != nil {
		out = append(out, pr.FormSubmit)
	}
	return append(out, pr.OtherForms...)
}

// FieldProbe returns the probe that recorded field i and its record.
func (pr *Probes) FieldProbe(i int) (*FormProbe, ProbeField, bool) {
	for _, fp := range pr.Forms() {
		if f, ok := fp.Field(i); ok {
			return fp, f, true
		}
	}
	return nil, ProbeField{}, false
}
