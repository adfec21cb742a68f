package catalog

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/granska/granska/internal/standards/wcag"
)

// FailureStatus says how far Granska checks one of WCAG's documented
// failures.
type FailureStatus string

// The statuses, from most to least checked.
const (
	// Covered: the named rules and codes detect the failure wherever its
	// test procedure can be decided or asked from a page (failed where
	// certain, cantTell with a concrete question where a person decides).
	Covered FailureStatus = "covered"
	// Partly: one part is checked (the note says which), another is not.
	Partly FailureStatus = "partly"
	// Open: automatable from what a capture sees, but no rule checks it
	// yet (the note says what it would need).
	Open FailureStatus = "not yet checked"
	// Manual: not automatable; the note says why.
	Manual FailureStatus = "not automatable"
	// Retired: obsolete in WCAG 2.2, or about a technology the web no
	// longer has.
	Retired FailureStatus = "obsolete or not applicable"
)

// FailureStatuses lists the statuses in report order.
var FailureStatuses = []FailureStatus{Covered, Partly, Open, Manual, Retired}

// Detector is a rule and the result codes of it that detect a failure
// (failed or cantTell).
type Detector struct {
	Rule  string
	Codes []string
}

// FailureCheck is Granska's answer for one documented failure.
type FailureCheck struct {
	Key       string // wcag.Failure.Key: "F65", "F47-blink"
	Status    FailureStatus
	Detectors []Detector // for Covered and Partly
	// Note: for Partly what is and is not checked; for Open what a check
	// needs; for Manual why a person must judge; for Retired why.
	Note string
}

func d(rule string, codes ...string) Detector { return Detector{Rule: rule, Codes: codes} }

// failureChecks is decided from each failure's test procedure in the WCAG
// 2.2 Techniques and from the rules' code: a failure is Covered only when
// the named codes fire on what the procedure looks for.
var failureChecks = []FailureCheck{
	{"F1", Covered, []Detector{d("reading-order", "above", "before")}, "Content whose visual order differs from the code order is asked about; whether the meaning changes is a person's call."},
	{"F2", Partly, []Detector{d("heading-styled", "looks-like-heading"), d("table-structure", "visual-headers")}, "Headings and table headers shown only by style are found; emphasis or other meaning carried by bold, italics or size alone is not."},
	{"F3", Covered, []Detector{d("background-image-info", "bg-image")}, "Background images on elements with no text or name are asked about."},
	{"F4", Retired, nil, "Obsolete: browsers no longer blink text-decoration: blink."},
	{"F7", Retired, nil, "Applets and plug-in objects are no longer run by browsers."},
	{"F8", Manual, nil, "Whether captions hold all dialogue and important sounds needs a person to listen and read along."},
	{"F9", Open, nil, "3.2.5 (AAA): blur handlers that navigate or submit could be found as change-on-input finds change handlers; no AAA rule does yet."},
	{"F10", Partly, []Detector{d("keyboard-trap", "trapped")}, "Focus traps the keyboard walk meets in the page are found; traps inside embedded content of other formats the walk cannot enter are not."},
	{"F12", Manual, nil, "Needs a session to expire during a task and a fresh login, to see whether the entered data survive."},
	{"F13", Manual, nil, "Whether a text alternative carries what the image's colours tell needs a person to compare them."},
	{"F14", Covered, []Detector{d("sensory-instructions", "sensory-reference")}, "Instructions that refer to shape, place or sound are asked about."},
	{"F15", Partly, []Detector{d("aria-required-attr", "missing"), d("aria-role-valid", "invalid"), d("aria-attr-valid-value", "invalid")}, "Custom controls with an invalid role, missing required states or invalid values fail; whether states change when the control is used is not checked."},
	{"F16", Covered, []Detector{d("pause-stop-hide", "marquee-no-control", "moving-no-control", "marquee", "animation")}, "Scrolling or moving content with nothing named to pause it fails; other endless animations are asked about."},
	{"F19", Manual, nil, "Fails a conformance requirement: only a person can tell which version of a page is the conforming alternative."},
	{"F20", Manual, nil, "Needs the non-text content to change and a person to judge whether the new text alternative still fits it."},
	{"F22", Covered, []Detector{d("link-new-window", "no-warning")}, "Links that open a new window without saying so fail (an optional AAA rule)."},
	{"F23", Covered, []Detector{d("audio-control", "no-control", "autoplays")}, "Sound that plays by itself with no control fails; other autoplaying sound is asked about."},
	{"F24", Open, nil, "Needs the author's declared colours per element; the capture keeps computed colours, where inherited and default ones look alike."},
	{"F25", Partly, []Detector{d("page-title", "placeholder-title", "empty-title", "no-title")}, "Missing and empty titles, editors' and starter kits' default titles and bare file names fail; whether any other title says what the page is needs a person."},
	{"F26", Partly, []Detector{d("sensory-instructions", "sensory-reference")}, "Text that points to a symbol by its look is asked about; a symbol that alone carries meaning is not found."},
	{"F30", Partly, []Detector{d("image-alt-meaningful", "file-name", "placeholder", "vague")}, "File names and placeholder words as image alternatives fail; text alternatives of media are not checked for this."},
	{"F31", Covered, []Detector{d("consistent-identification-site", "renamed", "check-names")}, "Controls that lead to the same target under different names across the crawled pages fail or are asked about."},
	{"F32", Covered, []Detector{d("spaced-letters", "spaced-word")}, "Four or more single letters spaced in one case are asked about; alphabet runs and text in pre, code and mathematics are left alone."},
	{"F33", Partly, []Detector{d("table-faked", "text-columns")}, "pre text lined up in columns with spaces is asked about; other elements styled white-space: pre are not seen (the capture does not record white-space)."},
	{"F34", Partly, []Detector{d("table-faked", "text-columns")}, "pre text lined up as a table with spaces is asked about; other elements styled white-space: pre are not seen (the capture does not record white-space)."},
	{"F36", Partly, []Detector{d("change-on-input", "navigates", "change-handler")}, "Selects, boxes and fields whose change handler submits fail, or are asked about; submitting from an input handler on a text field is not."},
	{"F37", Covered, []Detector{d("change-on-input", "navigates", "change-handler")}, "A change handler that opens a window fails; other change handlers are asked about."},
	{"F38", Covered, []Detector{d("image-alt", "no-name"), d("image-decorative-hidden", "exposed")}, "Images with no alt, and decorative images still exposed, fail."},
	{"F39", Covered, []Detector{d("image-alt-meaningful", "placeholder", "decorative-has-alt")}, "Alternatives such as \"spacer\" or \"image\" fail; decorative images with an alt are asked about."},
	{"F40", Covered, []Detector{d("meta-refresh", "delayed"), d("meta-refresh-no-exception", "delayed")}, "A meta refresh that redirects after a delay fails."},
	{"F41", Covered, []Detector{d("meta-refresh", "delayed"), d("meta-refresh-no-exception", "delayed")}, "A meta refresh that reloads the page after a delay fails."},
	{"F42", Partly, []Detector{d("keyboard-operable", "not-focusable", "maybe-mouse"), d("control-role", "no-role")}, "Clickable elements the keyboard cannot reach fail or are asked about, and focusable ones without a role fail; whether an element with role link also follows its link on Enter is not tried."},
	{"F43", Partly, []Detector{d("table-structure", "layout-headers"), d("list-structure", "bad-child", "text-child")}, "Header cells in page-layout tables and malformed lists are found; other structure used for looks needs a person."},
	{"F44", Covered, []Detector{d("focus-order", "positive-tabindex", "jumps-back")}, "Positive tabindex and focus that jumps back up the page are asked about."},
	{"F46", Covered, []Detector{d("table-structure", "layout-data-markup", "layout-headers")}, "Layout tables with th, caption or summary fail or are asked about."},
	{"F47", Partly, []Detector{d("pause-stop-hide", "marquee", "animation")}, "CSS animations that repeat and blink elements are asked about; blinking by script is not watched."},
	{"F47-blink", Retired, nil, "Obsolete: browsers no longer render the blink element blinking (pause-stop-hide still asks about it)."},
	{"F48", Covered, []Detector{d("table-faked", "text-columns")}, "pre elements whose lines are lined up in columns (three lines or more) are asked about; code listings are left alone."},
	{"F49", Manual, nil, "Whether a layout table reads in a sensible order when linearised needs a person."},
	{"F50", Open, nil, "Needs the capture to watch visibility or opacity toggled by a timer; it watches text changes and animations only."},
	{"F52", Open, nil, "Needs the capture to record window.open during load; it records it only during the keyboard walk."},
	{"F54", Partly, []Detector{d("keyboard-operable", "not-focusable", "maybe-mouse")}, "Click, down and up handlers on elements the keyboard cannot reach are found; functions behind mouseover alone are not."},
	{"F55", Covered, []Detector{d("on-focus-change", "walk-focus-lost", "walk-lost-ask")}, "The keyboard walk sees focus taken away on arrival."},
	{"F58", Manual, nil, "The server redirects after its own time-out; a capture would have to wait as long to see it."},
	{"F59", Covered, []Detector{d("control-role", "no-role")}, "Elements the author put in the tab order that react to clicks but have only a structural role fail."},
	{"F60", Open, nil, "3.2.5 (AAA): input handlers that open windows could be found as change-on-input finds change handlers; no AAA rule does yet."},
	{"F61", Manual, nil, "Whether an automatic update replaces the main content, and whether it can be turned off, needs a person."},
	{"F63", Partly, []Detector{d("link-purpose", "generic", "generic-no-context")}, "Generic links with no context fail and others are asked about; whether the context relates to the link needs a person."},
	{"F65", Covered, []Detector{d("image-alt", "no-name", "area-no-name"), d("image-button-name", "no-name")}, "img, area and input type=image without a text alternative fail."},
	{"F66", Covered, []Detector{d("consistent-navigation-site", "links-reordered", "blocks-reordered")}, "Repeated navigation in another order on another crawled page is asked about."},
	{"F67", Manual, nil, "Whether a long description gives the same information as the content needs a person."},
	{"F68", Covered, []Detector{d("form-field-name", "no-name"), d("button-name", "no-name"), d("link-name", "no-name")}, "Fields, buttons and links with no accessible name fail."},
	{"F69", Partly, []Detector{d("resize-text", "clipped", "behind-control")}, "Text cut off by its container at 200% fails; text that overlaps other content or goes off screen is not measured."},
	{"F70", Retired, nil, "Obsolete with 4.1.1 in WCAG 2.2."},
	{"F71", Partly, []Detector{d("text-look-alikes", "look-alikes", "mixed-script")}, "Words in mathematical, circled or squared letters fail unless named in plain text, and words mixing Latin and Cyrillic letters are asked about; other look-alikes (upside-down or Greek letters) are not found."},
	{"F72", Covered, []Detector{d("text-look-alikes", "ascii-art")}, "pre blocks of three lines or more drawn mostly with symbols are asked about unless they have a text alternative."},
	{"F73", Covered, []Detector{d("link-distinguishable", "no-cue", "colour-only")}, "Links told apart from text by colour alone fail below 3:1 and are asked about above."},
	{"F74", Manual, nil, "Whether media is an alternative to text, and labelled as such, needs a person."},
	{"F75", Partly, []Detector{d("media-captions", "no-track", "player")}, "Videos with no captions track are asked about; whether the media says more than the text beside it needs a person."},
	{"F77", Retired, nil, "Obsolete with 4.1.1 in WCAG 2.2 (idref-exists still fails references to a duplicated id)."},
	{"F78", Covered, []Detector{d("focus-visible", "no-indicator"), d("non-text-contrast", "focus-weak", "focus-pixels-low")}, "A focus indicator removed or too weak against its surroundings fails or is asked about."},
	{"F79", Manual, nil, "Whether assistive technology is told where focus is in a custom widget needs a screen reader check."},
	{"F80", Open, nil, "Needs a control's size compared at 100% and 200% zoom; resize-text measures clipped text nodes, not the value inside a field."},
	{"F81", Partly, []Detector{d("error-not-colour-only", "colour-only", "invalid-only", "summary-only"), d("error-state-colour", "red-border")}, "Errors shown only by colour after the probe submits a form (every data form, up to 4 a page) fail; a field served with a red border and no text tied to it is asked about; required fields marked only by colour are not checked."},
	{"F82", Partly, []Detector{d("placeholder-label", "placeholder-only")}, "Parts named only by a placeholder are asked about; parts with no name at all fail form-field-name (see F86), reported under 4.1.2."},
	{"F83", Covered, []Detector{d("text-contrast", "backdrop-fail", "backdrop-mixed", "bg-image")}, "Text over a background image is measured against the pixels behind it, or asked about."},
	{"F84", Partly, nil, "link-purpose finds \"click here\" and \"more\" links, but reports them under 2.4.4; 2.4.9 (AAA) has no rule of its own."},
	{"F85", Covered, []Detector{d("dialog-focus", "focus-not-moved", "focus-stayed-near")}, "A dialog that leaves focus on its trigger while it sits elsewhere in the code fails."},
	{"F86", Covered, []Detector{d("form-field-name", "no-name")}, "Each part of a multi-part field with no name fails."},
	{"F87", Retired, nil, "Obsolete in WCAG 2.2 (css-generated-content still asks about text CSS inserts)."},
	{"F88", Open, nil, "1.4.8 (AAA): justified text could be found from computed text-align; no AAA rule does yet."},
	{"F89", Covered, []Detector{d("link-name", "no-name")}, "A link whose only content is an image without alt has no name and fails."},
	{"F90", Partly, []Detector{d("table-headers-attr", "missing-id", "not-in-table", "self-reference")}, "headers naming missing cells, cells of another table or the cell itself fail; headers naming a wrong but existing cell need a person."},
	{"F91", Covered, []Detector{d("table-structure", "no-headers", "visual-headers", "empty-header", "complex-headers"), d("table-header-cells", "no-cells")}, "Data tables without marked-up headers fail or are asked about."},
	{"F92", Partly, []Detector{d("table-structure", "layout-data-markup")}, "Tables made presentational despite their header markup fail; lists, headings and other semantic elements with role presentation are not checked."},
	{"F93", Covered, []Detector{d("audio-control", "no-control", "autoplays")}, "Autoplaying media with sound and nothing to pause it fails; others are asked about."},
	{"F94", Open, nil, "Needs font sizes measured at two zoom levels (viewport-unit text does not grow); resize-text measures clipping only."},
	{"F95", Partly, []Detector{d("hover-content", "shows-on-hover", "tooltip")}, "Content that appears on hover is found and asked about; moving the pointer onto it is not tried."},
	{"F96", Covered, []Detector{d("label-in-name", "not-contained", "near-match")}, "Visible labels missing from the accessible name fail."},
	{"F97", Covered, []Detector{d("orientation", "locked")}, "Content turned a quarter turn to keep one orientation fails."},
	{"F98", Open, nil, "2.5.6 (AAA): touch-only listeners are recorded, but no AAA rule judges them yet."},
	{"F99", Partly, []Detector{d("char-key-shortcuts", "key-listener")}, "Pages that listen for keys on the whole document are asked about; the keys are not pressed."},
	{"F100", Open, nil, "A message asking to turn the device could be recognised from its wording in the languages Granska reads, as a question; orientation finds the lock itself (F97)."},
	{"F101", Covered, []Detector{d("pointer-cancellation", "down-only")}, "Controls that act on press with no release handler are asked about."},
	{"F102", Open, nil, "Needs the text at 320 px compared with the text at full width; reflow measures horizontal scrolling only."},
	{"F103", Partly, []Detector{d("consent-error-announced", "not-announced"), d("status-message", "not-announced", "region-added", "new-text")}, "A consent error shown but not announced fails; so does a status worded as one that appears outside a live region after a button acting in place is clicked (up to 4 a page), and other new text is asked about. Status messages after typing, timers or server pushes are not watched."},
	{"F104", Partly, []Detector{d("text-spacing", "clipped")}, "Text cut off with the WCAG spacing applied is asked about; text that overlaps other content is not measured."},
	{"F105", Covered, []Detector{d("pointer-gestures", "path-listener", "page-gestures")}, "Elements that follow the pointer's path are asked about."},
	{"F106", Covered, []Detector{d("motion-actuation", "motion-listener")}, "Pages that listen for device motion are asked about."},
	{"F107", Partly, []Detector{d("autocomplete-valid", "invalid-token", "wrong-for-type")}, "Invalid tokens and tokens the input type cannot hold fail; a valid token for another purpose of the same type is not found."},
	{"F108", Covered, []Detector{d("dragging", "may-drag"), d("cv-upload-operable", "drag-only")}, "Drag-only file zones fail; other dragging is asked about."},
	{"F109", Covered, []Detector{d("auth-paste-blocked", "paste-blocked", "paste-handler", "paste-listener")}, "Password fields that block paste fail or are asked about."},
	{"F110", Covered, []Detector{d("focus-not-obscured", "hidden"), d("banner-focus-obscured", "obscures")}, "Focused elements entirely covered by a fixed layer fail."},
	{"F111", Covered, []Detector{d("button-name", "no-name"), d("link-name", "no-name"), d("form-field-name", "no-name")}, "Controls with no accessible name fail."},
	{"F113", Manual, nil, "Whether pauses in the dialogue were used for audio description needs a person to watch."},
}

// FailureChecks returns Granska's answer for every documented failure, in
// number order.
func FailureChecks() []FailureCheck {
	out := make([]FailureCheck, len(failureChecks))
	copy(out, failureChecks)
	sort.Slice(out, func(a, b int) bool { return wcag.FailureCompare(out[a].Key, out[b].Key) < 0 })
	return out
}

// FailuresOf returns the keys of the failures a rule helps detect (Covered
// or Partly), in number order.
func FailuresOf(rule string) []string {
	var out []string
	for _, f := range FailureChecks() {
		for _, dt := range f.Detectors {
			if dt.Rule == rule {
				out = append(out, f.Key)
				break
			}
		}
	}
	return out
}

// FailureTotals counts the failures per status.
func FailureTotals() map[FailureStatus]int {
	n := map[FailureStatus]int{}
	for _, f := range failureChecks {
		n[f.Status]++
	}
	return n
}

// WriteFailures writes the catalogue of WCAG's documented failures as
// Markdown (docs/failures.md): totals per status, then one row per failure
// with its criteria, status, the rules and codes that detect it, and the
// note.
func WriteFailures(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# WCAG's documented failures\n\nGenerated from the code by `go test ./rules/catalog -run FailuresDoc -update`; do not edit by hand.\n")
	b.WriteString("Each of the failures (F-numbered techniques) of WCAG 2.2 and what Granska does about it; titles are in our own words.\n")
	b.WriteString("`granska explain RULE` lists the failures a rule checks. See also the [rule catalogue](rules.md).\n\n")
	totals := FailureTotals()
	b.WriteString("| status | failures |\n| --- | --- |\n")
	for _, s := range FailureStatuses {
		fmt.Fprintf(&b, "| %s | %d |\n", s, totals[s])
	}
	fmt.Fprintf(&b, "| total | %d |\n\n", len(failureChecks))
	b.WriteString("Covered: the rules and codes named detect the failure, failed where certain and cantTell with a question where a person decides. ")
	b.WriteString("Partly: the note says what is checked and what is not. Not yet checked: automatable from a capture, but no rule does it yet.\n\n")
	b.WriteString("| failure | WCAG 2.2 | what fails | status | rules and codes | note |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, fc := range FailureChecks() {
		f, ok := wcag.LookupFailure(fc.Key)
		if !ok {
			return fmt.Errorf("failure %s is not in the WCAG table", fc.Key)
		}
		title := f.Title
		if f.Obsolete {
			title += " *(obsolete)*"
		}
		sc := strings.Join(f.Criteria, ", ")
		if f.ID == "F19" {
			sc = "conformance"
		}
		var det []string
		for _, dt := range fc.Detectors {
			det = append(det, fmt.Sprintf("`%s` (%s)", dt.Rule, strings.Join(dt.Codes, ", ")))
		}
		fmt.Fprintf(&b, "| [%s](%s) | %s | %s | %s | %s | %s |\n", fc.Key, f.URL(), sc, title, fc.Status, strings.Join(det, "; "), fc.Note)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
