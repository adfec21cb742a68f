// Package result is the serialisable record of a Granska run: the pages
// audited, each rule's outcomes on them with their standards mappings, what
// went wrong, and the tool's version. Its JSON form is versioned by Schema
// and documented in docs/results.md; other tools read it, so field names are
// stable.
package result

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/granska/granska/internal/atomicfile"

	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/wad"
	"github.com/granska/granska/rules"
)

// Schema is the version of the result format. It changes when a field is
// removed or changes meaning; new fields keep it. Version 2 adds re-audits
// (Run.Reaudit, Run.RulesKey, Page.Resources, Page.Reused): a page's
// outcomes may come from an earlier run, which matters to anyone who reads
// them as measured now. Read accepts version 1, a version 2 result without
// those fields.
const Schema = "granska.result/2"

// schemaV1 is the previous version, still read.
const schemaV1 = "granska.result/1"

// Run is one audit.
type Run struct {
	Schema   string    `json:"schema"`
	Tool     Tool      `json:"tool"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Complete is false when the run was interrupted or stopped early;
	// Resume in the output folder continues it.
	Complete bool     `json:"complete"`
	Start    []string `json:"start"`
	Options  Options  `json:"options"`
	// Rules describes every rule that ran, with its mappings.
	Rules []RuleInfo `json:"rules"`
	Pages []Page     `json:"pages"`
	// Crawl is the crawler's summary: templates, documents, fetch errors.
	Crawl *Crawl `json:"crawl,omitempty"`
	// Sample is what was sampled and why, one entry per sampled page or
	// document, plus an entry with a null URL for each kind the sample of
	// Decision (EU) 2018/1524 requires that was not found.
	Sample []SampleEntry `json:"sample,omitempty"`
	// Statements are the accessibility statements found and their checks
	// (public sector); one with an empty URL says none was found.
	Statements []wad.StatementCheck `json:"statements,omitempty"`
	// Documents are the linked PDFs checked against EN 301 549 clause 10.
	Documents []document.Report `json:"documents,omitempty"`
	Errors    []string          `json:"errors,omitempty"`
	// RulesKey identifies the rules and the options that decide outcomes
	// (reaudit.go): a re-audit reuses nothing from a run with another key.
	RulesKey string `json:"rulesKey,omitempty"`
	// Reaudit is set on a run made since an earlier one (--since).
	Reaudit *Reaudit `json:"reaudit,omitempty"`
}

// SampleEntry is one sampled page or document and why it was chosen; URL
// is nil for a required kind that was not found.
type SampleEntry struct {
	URL     *string  `json:"url"`
	Reasons []string `json:"reasons"`
}

// Tool names the program that made the result.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Chrome  string `json:"chrome,omitempty"`
}

// Options records what the run was asked to do.
type Options struct {
	Crawl        bool     `json:"crawl"`
	MaxPages     int      `json:"maxPages,omitempty"`
	IgnoreRobots bool     `json:"ignoreRobots,omitempty"`
	Viewport     string   `json:"viewport"`
	RuleIDs      []string `json:"rules,omitempty"`
	Lang         string   `json:"lang,omitempty"`
	// Sample is the crawl's sample: "" (per template) or "wad".
	Sample       string `json:"sample,omitempty"`
	PublicSector bool   `json:"publicSector,omitempty"`
}

// RuleInfo is a rule's catalogue entry as it was when the run was made.
type RuleInfo struct {
	ID       string   `json:"id"`
	Family   string   `json:"family"`
	Title    string   `json:"title"`
	TitleSV  string   `json:"titleSv"`
	WCAG     []string `json:"wcag"`
	EN       []string `json:"en"`
	ACT      []string `json:"act,omitempty"`
	Legal    []string `json:"legal,omitempty"`
	Impact   string   `json:"impact"`
	Severity string   `json:"severity,omitempty"`
	// Help says how to fix a failure; Manual what a person should check
	// when the rule cannot tell (English and Swedish). Reports render them.
	Help     string `json:"help,omitempty"`
	HelpSV   string `json:"helpSv,omitempty"`
	Manual   string `json:"manual,omitempty"`
	ManualSV string `json:"manualSv,omitempty"`
}

// Page is one audited page.
type Page struct {
	URL      string   `json:"url"`
	FinalURL string   `json:"finalUrl"`
	Status   int      `json:"status"`
	Title    string   `json:"title"`
	Lang     string   `json:"lang"`
	Template string   `json:"template,omitempty"`
	Reasons  []string `json:"reasons,omitempty"`
	// Error is set when the page could not be audited; it then has no
	// outcomes.
	Error    string      `json:"error,omitempty"`
	Timings  Timings     `json:"timings"`
	Gaps     []page.Gap  `json:"gaps,omitempty"`
	Outcomes []Outcome   `json:"outcomes"`
	Summary  []RuleCount `json:"summary"`
	// RuleErrors are rules that could not run on this page.
	RuleErrors []rules.RuleError `json:"ruleErrors,omitempty"`
	// Screenshot is a file in the output folder (the top of the page).
	Screenshot string `json:"screenshot,omitempty"`
	// Facts are the page's facts that site rules judge across pages, by
	// fact kind (rules.FactKind; the rule that reads a kind decodes it),
	// kept so a resumed run can judge the whole site.
	Facts map[string]json.RawMessage `json:"facts,omitempty"`
	// Resources are the responses the page loaded before it was captured,
	// with validators and body hashes, so a later run can tell whether the
	// page changed; ResourcesOver says it loaded more than were recorded.
	Resources     []page.Resource `json:"resources,omitempty"`
	ResourcesOver bool            `json:"resourcesOver,omitempty"`
	// Reused is set when the outcomes were not measured in this run but
	// taken from an earlier one, because the page and everything it loaded
	// were unchanged.
	Reused *Reused `json:"reused,omitempty"`
	// Links are the links the rendered page had (audit.Links), which a
	// re-audit that reuses the page feeds to its crawl instead.
	Links []string `json:"links,omitempty"`
	// StatementText is the text of a page that is an accessibility
	// statement, kept so the statement can be checked (and a resumed run
	// check it) against the whole audit.
	StatementText *wad.Text `json:"statementText,omitempty"`
	// Evidence is what shows how the page looked when it was judged
	// (audit --evidence); each finding's own crop is its Target.Screenshot.
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Evidence is kept per page on request, for a supervisor to stand behind
// the findings: the page's HTML as the browser held it, a screenshot of
// the whole page (files in the output folder), when, and with which tool
// and rule versions.
type Evidence struct {
	HTML       string    `json:"html"`
	Screenshot string    `json:"screenshot,omitempty"`
	Time       time.Time `json:"time"`
	Tool       string    `json:"tool"`
	// Rules maps each rule with a finding on the page to its version.
	Rules map[string]string `json:"rules"`
	Error string            `json:"error,omitempty"`
}

// RuleVersion identifies a rule as it ran: the tool's version and a hash of
// the rule's catalogue entry (mappings, texts, impact), so a rule whose
// definition changed between two builds of one version is told apart.
func RuleVersion(tool string, r RuleInfo) string {
	b, _ := json.Marshal(r)
	h := sha1.Sum(b)
	return tool + "+" + hex.EncodeToString(h[:])[:8]
}

// Timings are milliseconds.
type Timings struct {
	Load     float64 `json:"load"`
	Capture  float64 `json:"capture"`
	Snapshot float64 `json:"snapshot"`
	AXTree   float64 `json:"axTree"`
	Walk     float64 `json:"walk"`
	Rules    float64 `json:"rules"`
	// Crops is the time spent on screenshot crops of reported targets.
	Crops float64 `json:"crops,omitempty"`
	Total float64 `json:"total"`
}

// Outcome is one failed or cantTell outcome (or, with all outcomes
// requested, any outcome) of a rule for a target.
type Outcome struct {
	Rule        string            `json:"rule"`
	Outcome     rules.Outcome     `json:"outcome"`
	Code        string            `json:"code"`
	Message     string            `json:"message"`
	MessageSV   string            `json:"messageSv,omitempty"`
	Args        map[string]string `json:"args,omitempty"`
	ACT         []string          `json:"act,omitempty"`
	WCAG        []string          `json:"wcag"`
	EN          []string          `json:"en"`
	Impact      string            `json:"impact"`
	Severity    string            `json:"severity,omitempty"`
	Target      *Target           `json:"target,omitempty"`
	Related     []Target          `json:"related,omitempty"`
	Fingerprint string            `json:"fingerprint"`
	// State names the revealed state (an open menu or disclosure) the
	// outcome was found in; empty for the page as captured.
	State string `json:"state,omitempty"`
}

// Target locates an element on the page.
type Target struct {
	Selector string     `json:"selector"`
	XPath    string     `json:"xpath"`
	Snippet  string     `json:"snippet"`
	Box      *page.Rect `json:"box,omitempty"`
	// Screenshot is a crop of the element, a file in the output folder.
	Screenshot string `json:"screenshot,omitempty"`
	// Node is the element's index in the captured page model; it is not
	// serialised (-1 once read back).
	Node int `json:"-"`
}

// RuleCount summarises one rule on one page.
type RuleCount struct {
	Rule         string `json:"rule"`
	Passed       int    `json:"passed"`
	Failed       int    `json:"failed"`
	CantTell     int    `json:"cantTell"`
	Inapplicable bool   `json:"inapplicable,omitempty"`
}

// Crawl summarises what the crawler found.
type Crawl struct {
	Discovered    int        `json:"discovered"`
	Audited       int        `json:"audited"`
	RobotsIgnored bool       `json:"robotsIgnored,omitempty"`
	Templates     []Template `json:"templates,omitempty"`
	Documents     []Document `json:"documents,omitempty"`
	Failures      []Failure  `json:"failures,omitempty"`
	Truncated     []string   `json:"truncated,omitempty"`
}

// Template is a group of URLs of one shape.
type Template struct {
	Key     string   `json:"key"`
	URLs    int      `json:"urls"`
	Audited []string `json:"audited"`
	Example string   `json:"example,omitempty"`
	// Family is set on a template of query-string variants (/jobb?ort={v}):
	// the page (/jobb) whose sampled pages it shares.
	Family string `json:"family,omitempty"`
}

// Document is a non-HTML document found (EN 301 549 clause 10).
type Document struct {
	URL         string `json:"url"`
	ContentType string `json:"contentType,omitempty"`
	From        string `json:"from,omitempty"`
}

// Failure is a URL that could not be fetched during the crawl.
type Failure struct {
	URL    string `json:"url"`
	Status int    `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
}

// NewRuleInfo describes a rule.
func NewRuleInfo(r *rules.Rule) RuleInfo {
	return RuleInfo{ID: r.ID, Family: r.Family, Title: r.Title.EN, TitleSV: r.Title.SV,
		WCAG: r.WCAG, EN: r.EN, ACT: r.ACT, Legal: r.Legal, Impact: string(r.Impact), Severity: string(r.Severity),
		Help: r.Help.EN, HelpSV: r.Help.SV, Manual: r.Manual.EN, ManualSV: r.Manual.SV}
}

// Counts tallies outcomes.
type Counts struct {
	Failed, CantTell, Passed int
}

// FromFindings turns a rule run over a captured page into a result page:
// failed and cantTell outcomes per target, passed and inapplicable
// summarised (or listed when all is set).
func FromFindings(p *page.Page, set []*rules.Rule, fs []rules.Finding, errs []rules.RuleError, all bool) Page {
	rp := Page{
		URL: p.URL, FinalURL: p.FinalURL, Status: p.Status, Title: p.Title, Lang: p.Lang,
		Gaps: p.Gaps, RuleErrors: errs, Outcomes: []Outcome{},
		Timings: Timings{Load: p.Timings.Load, Capture: p.Timings.Total, Snapshot: p.Timings.Snapshot, AXTree: p.Timings.AXTree, Walk: p.Timings.Walk},
	}
	counts := map[string]*RuleCount{}
	for _, r := range set {
		counts[r.ID] = &RuleCount{Rule: r.ID}
	}
	for _, f := range fs {
		rc := counts[f.Rule.ID]
		if rc == nil {
			rc = &RuleCount{Rule: f.Rule.ID}
			counts[f.Rule.ID] = rc
		}
		switch f.Outcome {
		case rules.Passed:
			rc.Passed++
		case rules.Failed:
			rc.Failed++
		case rules.CantTell:
			rc.CantTell++
		case rules.Inapplicable:
			if f.Target == -1 {
				rc.Inapplicable = true
			}
		}
		if !all && (f.Outcome == rules.Passed || f.Outcome == rules.Inapplicable) {
			continue
		}
		rp.Outcomes = append(rp.Outcomes, NewOutcome(p, f))
	}
	for _, rc := range counts {
		rp.Summary = append(rp.Summary, *rc)
	}
	sort.Slice(rp.Summary, func(a, b int) bool { return rp.Summary[a].Rule < rp.Summary[b].Rule })
	return rp
}

// NewOutcome describes one finding with its target located on the page.
func NewOutcome(p *page.Page, f rules.Finding) Outcome {
	o := Outcome{
		Rule: f.Rule.ID, Outcome: f.Outcome, Code: f.Code,
		Message:   f.Rule.Message(f.Code, "en", f.Args),
		MessageSV: f.Rule.Message(f.Code, "sv", f.Args),
		Args:      f.Args, ACT: f.Rule.ACT, WCAG: f.Rule.WCAG, EN: f.Rule.EN,
		Impact: string(f.Rule.Impact), Severity: string(f.Rule.Severity),
		State: f.State,
	}
	if p != nil && f.Target >= 0 {
		t := NewTarget(p, f.Target)
		o.Target = &t
	}
	for _, r := range f.Related {
		if p != nil && r >= 0 && r < len(p.Nodes) {
			o.Related = append(o.Related, NewTarget(p, r))
		}
	}
	o.Fingerprint = Fingerprint(f.Rule.ID, f.Code, p, f.Target)
	return o
}

// NewTarget locates node i.
func NewTarget(p *page.Page, i int) Target {
	t := Target{Selector: p.Selector(i), XPath: p.XPath(i), Snippet: p.Snippet(i, 300), Node: i}
	if b, ok := p.Box(i); ok {
		t.Box = &b
	}
	return t
}

var nthRE = regexp.MustCompile(`\[\d+\]`)

// Fingerprint identifies "the same problem on the same component" across
// pages and runs: the rule, the result code, the element's path with
// positions dropped (/html/body/div/nav/a) and its HTML shape (tag and
// sorted attribute names, class tokens and role). It is stable across
// content changes such as text and ids that carry numbers.
func Fingerprint(rule, code string, p *page.Page, i int) string {
	h := sha1.New()
	fmt.Fprintf(h, "%s\x00%s\x00", rule, code)
	if i >= 0 {
		fmt.Fprintf(h, "%s\x00%s", nthRE.ReplaceAllString(p.XPath(i), ""), shape(p, i))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func shape(p *page.Page, i int) string {
	n := &p.Nodes[i]
	if n.Type != page.ElementNode {
		if n.Parent >= 0 {
			return "#text<" + shape(p, n.Parent)
		}
		return n.Name
	}
	names := p.AttrNames(i)
	sort.Strings(names)
	var b strings.Builder
	b.WriteString(n.Name)
	for _, a := range names {
		b.WriteString(" " + page.Lower(a))
	}
	if cls, ok := p.Attr(i, "class"); ok {
		toks := strings.Fields(cls)
		sort.Strings(toks)
		b.WriteString(" ." + strings.Join(toks, "."))
	}
	if role, ok := p.Attr(i, "role"); ok {
		b.WriteString(" role=" + role)
	}
	if t, ok := p.Attr(i, "type"); ok {
		b.WriteString(" type=" + t)
	}
	return b.String()
}

// Tally counts outcomes over all pages.
func (r *Run) Tally() Counts {
	var c Counts
	for _, p := range r.Pages {
		for _, s := range p.Summary {
			c.Failed += s.Failed
			c.CantTell += s.CantTell
			c.Passed += s.Passed
		}
	}
	return c
}

// Read decodes a result and checks its schema.
func Read(rd io.Reader) (*Run, error) {
	var r Run
	if err := json.NewDecoder(rd).Decode(&r); err != nil {
		return nil, fmt.Errorf("result: decode: %w", err)
	}
	if r.Schema != Schema && r.Schema != schemaV1 {
		return nil, fmt.Errorf("result: schema %q, want %q", r.Schema, Schema)
	}
	return &r, nil
}

// ReadFile reads a result file.
func ReadFile(path string) (*Run, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f)
}

// Write encodes the result as indented JSON.
//
// Pages are encoded one at a time, so writing a run of thousands of pages
// does not hold its whole JSON text (tens of megabytes, twice over with
// indentation) in memory.
func (r *Run) Write(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	put := func(v any) error {
		b, err := marshalIndent(v, " ")
		if err != nil {
			return err
		}
		_, err = bw.Write(b)
		return err
	}
	field := func(name string, v any, first bool) error {
		sep := ",\n "
		if first {
			sep = "{\n "
		}
		bw.WriteString(sep + strconv.Quote(name) + ": ")
		return put(v)
	}
	head := []struct {
		name string
		v    any
	}{{"schema", r.Schema}, {"tool", r.Tool}, {"started", r.Started}, {"finished", r.Finished},
		{"complete", r.Complete}, {"start", r.Start}, {"options", r.Options}, {"rules", r.Rules}}
	for k, f := range head {
		if err := field(f.name, f.v, k == 0); err != nil {
			return err
		}
	}
	if r.Pages == nil {
		bw.WriteString(",\n \"pages\": null")
	} else {
		bw.WriteString(",\n \"pages\": [")
		for k := range r.Pages {
			if k > 0 {
				bw.WriteString(",")
			}
			bw.WriteString("\n  ")
			b, err := marshalIndent(&r.Pages[k], "  ")
			if err != nil {
				return err
			}
			bw.Write(b)
		}
		if len(r.Pages) > 0 {
			bw.WriteString("\n ")
		}
		bw.WriteString("]")
	}
	if r.Crawl != nil {
		if err := field("crawl", r.Crawl, false); err != nil {
			return err
		}
	}
	tail := []struct {
		name string
		v    any
		set  bool
	}{{"sample", r.Sample, len(r.Sample) > 0}, {"statements", r.Statements, len(r.Statements) > 0}, {"documents", r.Documents, len(r.Documents) > 0}}
	for _, f := range tail {
		if f.set {
			if err := field(f.name, f.v, false); err != nil {
				return err
			}
		}
	}
	if len(r.Errors) > 0 {
		if err := field("errors", r.Errors, false); err != nil {
			return err
		}
	}
	if r.RulesKey != "" {
		if err := field("rulesKey", r.RulesKey, false); err != nil {
			return err
		}
	}
	if r.Reaudit != nil {
		if err := field("reaudit", r.Reaudit, false); err != nil {
			return err
		}
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// marshalIndent is json.MarshalIndent without HTML escaping, for a value
// that starts at the given indentation.
func marshalIndent(v any, prefix string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, " ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// WriteFile writes the result atomically (a temporary file renamed into
// place), so a reader never sees half a file.
func (r *Run) WriteFile(path string) error {
	return atomicfile.Write(path, r.Write)
}
