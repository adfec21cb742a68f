package demosite

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
)

// Barrier is one seeded barrier of the broken twin, as listed in
// site/manifest.json.
type Barrier struct {
	// ID is a stable identifier such as "b07". Ids are never reused; see the
	// manifest's "retired" list for withdrawn ones.
	ID string `json:"id"`
	// Page is the path of the page that shows the barrier, e.g. "/sv/ansok/101".
	// A barrier in the shared layout appears on every page but is listed once.
	Page string `json:"page"`
	// Selector is a CSS selector that matches exactly the failing element in the broken
	// twin's page; "html" for page-level barriers (title, language, trackers).
	Selector string `json:"selector"`
	// Rule is the id of the rule that must find the barrier: a planned id from
	// docs/rule-ids.md or a consent or site rule proposed in the manifest.
	Rule string `json:"rule"`
	// WCAG lists the WCAG 2.2 success criteria the barrier fails; empty for findings
	// that are GDPR or ePrivacy risks only.
	WCAG []string `json:"wcag"`
	// Family is the rule family: page, lang, names, aria, structure, forms, color,
	// focus, keyboard, layout, consent or site.
	Family string `json:"family"`
	// Note says what is wrong and how the fixed twin repairs it.
	Note string `json:"note"`
	// FixedAbsent is true when the repair removes the element, so Selector matches
	// nothing in the fixed twin. Otherwise it matches the same element there.
	FixedAbsent bool `json:"fixedAbsent,omitempty"`
}

// manifestFile is the layout of manifest.json.
type manifestFile struct {
	About string `json:"about"`
	// ProposedRules maps the consent and site rule ids the manifest uses, which
	// docs/rule-ids.md does not list one by one, to what they check.
	ProposedRules map[string]string `json:"proposedRules"`
	// Retired maps barrier ids that were withdrawn to the reason. An id is never
	// reused, so that lists kept elsewhere (known misses, reports) stay true.
	Retired  map[string]string `json:"retired"`
	Barriers []Barrier         `json:"barriers"`
	Public   PublicOracle      `json:"public"`
}

// PublicOracle is what the public-sector checks (sample of Decision
// 2018/1524, statement check, clause-10 document checks) must find on the
// broken twin; the fixed twin has none of it.
type PublicOracle struct {
	About string `json:"about"`
	// Sample lists the kinds the WAD sample must find (reasons).
	Sample     []string `json:"sample"`
	Statements []struct {
		Page string `json:"page"`
		// Broken lists findings as part/outcome:code.
		Broken []string `json:"broken"`
	} `json:"statements"`
	Documents []struct {
		Path   string `json:"path"`
		Status string `json:"status"`
		// Broken lists findings as check/outcome:code.
		Broken []string `json:"broken"`
	} `json:"documents"`
}

// Public returns the manifest's public-sector oracle.
func Public() (PublicOracle, error) {
	m, err := readManifest()
	if err != nil {
		return PublicOracle{}, err
	}
	return m.Public, nil
}

// ErrManifest is returned (wrapped) when manifest.json is missing or malformed.
var ErrManifest = errors.New("demo site manifest")

// Manifest returns the seeded barriers of the broken twin, in manifest order.
func Manifest() ([]Barrier, error) {
	m, err := readManifest()
	if err != nil {
		return nil, err
	}
	return m.Barriers, nil
}

// ProposedRules returns the consent and site rule ids that the manifest uses beyond
// the per-rule list of docs/rule-ids.md, each with a one-line description.
func ProposedRules() (map[string]string, error) {
	m, err := readManifest()
	if err != nil {
		return nil, err
	}
	return m.ProposedRules, nil
}

func readManifest() (*manifestFile, error) {
	raw, err := fs.ReadFile(siteFS, root+"/manifest.json")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrManifest, err)
	}
	var m manifestFile
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrManifest, err)
	}
	seen := make(map[string]bool, len(m.Barriers))
	for i, b := range m.Barriers {
		if b.ID == "" || b.Page == "" || b.Selector == "" || b.Rule == "" || b.Family == "" || b.Note == "" {
			return nil, fmt.Errorf("%w: entry %d (%q) lacks a required field", ErrManifest, i, b.ID)
		}
		if seen[b.ID] || m.Retired[b.ID] != "" {
			return nil, fmt.Errorf("%w: id %q used twice or retired", ErrManifest, b.ID)
		}
		seen[b.ID] = true
	}
	return &m, nil
}
