// Package sarif writes a run as SARIF 2.1.0 for code-scanning tools
// (GitHub code scanning, GitLab, IDEs): one result per failed or
// cannot-tell occurrence, the page URL as the artifact, the element's
// selector as a logical location, the Granska fingerprint as a partial
// fingerprint, and the WCAG and EN 301 549 references in properties. What
// the run could not check (report.Gaps) is in the invocation's
// toolExecutionNotifications, so a gate that reads the results can tell a
// clean page from one that was not fully checked.
package sarif

import (
	"encoding/json"
	"io"
	"sort"
	"strings"

	"github.com/granska/granska/report"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// Schema is the SARIF schema URI the log names.
const Schema = "https://json.schemastore.org/sarif-2.1.0.json"

// FingerprintKey names Granska's fingerprint in partialFingerprints.
const FingerprintKey = "granskaFingerprint/v1"

type log struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []run  `json:"runs"`
}

type run struct {
	Tool        tool         `json:"tool"`
	Invocations []invocation `json:"invocations"`
	Artifacts   []artifact   `json:"artifacts"`
	Results     []res        `json:"results"`
	Properties  props        `json:"properties,omitempty"`
}

type tool struct {
	Driver driver `json:"driver"`
}

type driver struct {
	Name           string       `json:"name"`
	Version        string       `json:"version"`
	InformationURI string       `json:"informationUri"`
	Rules          []descriptor `json:"rules"`
}

type text struct {
	Text string `json:"text"`
}

type descriptor struct {
	ID                   string  `json:"id"`
	Name                 string  `json:"name"`
	ShortDescription     text    `json:"shortDescription"`
	FullDescription      *text   `json:"fullDescription,omitempty"`
	Help                 *text   `json:"help,omitempty"`
	HelpURI              string  `json:"helpUri,omitempty"`
	DefaultConfiguration config  `json:"defaultConfiguration"`
	Properties           ruleTag `json:"properties"`
}

type config struct {
	Level string `json:"level"`
}

type ruleTag struct {
	Tags   []string `json:"tags"`
	WCAG   []string `json:"wcag,omitempty"`
	EN     []string `json:"en301549,omitempty"`
	ACT    []string `json:"act,omitempty"`
	Legal  []string `json:"legal,omitempty"`
	Impact string   `json:"impact,omitempty"`
	Family string   `json:"family,omitempty"`
}

type invocation struct {
	ExecutionSuccessful bool           `json:"executionSuccessful"`
	StartTimeUTC        string         `json:"startTimeUtc,omitempty"`
	EndTimeUTC          string         `json:"endTimeUtc,omitempty"`
	Notifications       []notification `json:"toolExecutionNotifications,omitempty"`
}

// notification is one gap of the run (SARIF §3.58).
type notification struct {
	Level      string     `json:"level"`
	Message    text       `json:"message"`
	Descriptor descRef    `json:"descriptor"`
	Locations  []location `json:"locations,omitempty"`
	Properties props      `json:"properties,omitempty"`
}

type descRef struct {
	ID string `json:"id"`
}

type artifactLocation struct {
	URI   string `json:"uri"`
	Index *int   `json:"index,omitempty"`
}

type artifact struct {
	Location artifactLocation `json:"location"`
	Roles    []string         `json:"roles"`
	MimeType string           `json:"mimeType"`
}

type res struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Kind                string            `json:"kind"`
	Level               string            `json:"level"`
	Message             text              `json:"message"`
	Locations           []location        `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          props             `json:"properties"`
}

type location struct {
	PhysicalLocation physical  `json:"physicalLocation"`
	LogicalLocations []logical `json:"logicalLocations,omitempty"`
}

type physical struct {
	ArtifactLocation artifactLocation `json:"artifactLocation"`
}

type logical struct {
	FullyQualifiedName string `json:"fullyQualifiedName"`
	Kind               string `json:"kind"`
}

type props map[string]any

// level maps an impact to a SARIF level for failures.
func level(impact string) string {
	switch rules.Impact(impact) {
	case rules.Critical, rules.Serious:
		return "error"
	case rules.Moderate, rules.Minor:
		return "warning"
	}
	return "warning"
}

// Write writes the report's run as a SARIF 2.1.0 log.
func Write(w io.Writer, rep *report.Report) error {
	r := rep.Run
	infos := append([]result.RuleInfo(nil), r.Rules...)
	sort.Slice(infos, func(a, b int) bool { return infos[a].ID < infos[b].ID })
	idx := map[string]int{}
	d := driver{Name: "Granska", Version: rep.Version, InformationURI: "https://github.com/granska/granska", Rules: []descriptor{}}
	addRule := func(ri result.RuleInfo) {
		idx[ri.ID] = len(d.Rules)
		tags := []string{"accessibility"}
		for _, sc := range ri.WCAG {
			tags = append(tags, "wcag"+strings.ReplaceAll(sc, ".", ""))
		}
		for _, en := range ri.EN {
			tags = append(tags, "EN-301-549-"+en)
		}
		if ri.Family != "" {
			tags = append(tags, ri.Family)
		}
		ds := descriptor{ID: ri.ID, Name: name(ri.ID), ShortDescription: text{ri.Title}, HelpURI: report.HelpURI(ri),
			DefaultConfiguration: config{Level: level(ri.Impact)},
			Properties:           ruleTag{Tags: tags, WCAG: ri.WCAG, EN: ri.EN, ACT: ri.ACT, Legal: ri.Legal, Impact: ri.Impact, Family: ri.Family}}
		if ri.Help != "" {
			ds.Help = &text{ri.Help}
			ds.FullDescription = &text{ri.Title + ". " + ri.Help}
		}
		d.Rules = append(d.Rules, ds)
	}
	for _, ri := range infos {
		addRule(ri)
	}
	out := run{Tool: tool{Driver: d}, Artifacts: []artifact{}, Results: []res{}}
	inv := invocation{ExecutionSuccessful: r.Complete}
	if !r.Started.IsZero() {
		inv.StartTimeUTC = r.Started.UTC().Format("2006-01-02T15:04:05Z")
	}
	if !r.Finished.IsZero() {
		inv.EndTimeUTC = r.Finished.UTC().Format("2006-01-02T15:04:05Z")
	}
	inv.Notifications = notifications(rep)
	out.Invocations = []invocation{inv}
	for _, p := range r.Pages {
		if p.Error != "" {
			continue
		}
		ai := len(out.Artifacts)
		out.Artifacts = append(out.Artifacts, artifact{Location: artifactLocation{URI: p.URL}, Roles: []string{"analysisTarget"}, MimeType: "text/html"})
		for _, o := range p.Outcomes {
			if o.Outcome != rules.Failed && o.Outcome != rules.CantTell {
				continue
			}
			ri, ok := idx[o.Rule]
			if !ok {
				addRule(report.RuleInfo(r, o.Rule))
				ri = idx[o.Rule]
				out.Tool.Driver.Rules = d.Rules
			}
			rs := res{RuleID: o.Rule, RuleIndex: ri, Message: text{o.Message},
				PartialFingerprints: map[string]string{FingerprintKey: o.Fingerprint},
				Properties:          props{"outcome": string(o.Outcome), "code": o.Code}}
			if o.Outcome == rules.Failed {
				rs.Kind, rs.Level = "fail", level(o.Impact)
			} else {
				rs.Kind, rs.Level = "review", "none"
			}
			a := ai
			loc := location{PhysicalLocation: physical{ArtifactLocation: artifactLocation{URI: p.URL, Index: &a}}}
			if o.Target != nil {
				loc.LogicalLocations = []logical{{FullyQualifiedName: o.Target.Selector, Kind: "element"}}
				rs.Properties["snippet"] = o.Target.Snippet
				rs.Properties["xpath"] = o.Target.XPath
			}
			rs.Locations = []location{loc}
			if len(o.WCAG) > 0 {
				rs.Properties["wcag"] = o.WCAG
			}
			if len(o.EN) > 0 {
				rs.Properties["en301549"] = o.EN
			}
			if o.Impact != "" {
				rs.Properties["impact"] = o.Impact
			}
			if o.MessageSV != "" {
				rs.Properties["messageSv"] = o.MessageSV
			}
			out.Results = append(out.Results, rs)
		}
	}
	out.Tool.Driver.Rules = d.Rules
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	return enc.Encode(log{Schema: Schema, Version: "2.1.0", Runs: []run{out}})
}

// notifications are the run's gaps: an error the run recorded is an
// error, a crawl bound reached a note, anything else (a safety net that
// ran out, a frame not captured, a URL not fetched) a warning. The
// descriptor is the gap kind; the text is English, as SARIF viewers show
// one language.
func notifications(rep *report.Report) []notification {
	var out []notification
	for _, g := range rep.Gaps {
		n := notification{Level: "warning", Descriptor: descRef{ID: g.Kind},
			Message:    text{report.GapText("en", g.Kind)},
			Properties: props{"gapKind": g.Kind}}
		switch g.Kind {
		case report.GapRunError:
			n.Level = "error"
		case report.GapBound:
			n.Level = "note"
		}
		if d := report.GapDetail("en", g); d != "" {
			n.Message.Text += " — " + d
			n.Properties["detail"] = g.Detail
		}
		if g.Reused {
			n.Properties["reused"] = true
		}
		if g.Page != "" {
			n.Locations = []location{{PhysicalLocation: physical{ArtifactLocation: artifactLocation{URI: g.Page}}}}
		}
		out = append(out, n)
	}
	return out
}

// name turns a rule id into the PascalCase name SARIF viewers show.
func name(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
