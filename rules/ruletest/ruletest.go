// Package ruletest runs rules over fixture pages whose elements state what
// they expect, in the spirit of golang.org/x/tools/go/analysis/analysistest.
//
// A fixture is an HTML file. An element states the outcomes it expects with
// a data-expect attribute, a space-separated list of OUTCOME:RULE or
// OUTCOME:RULE/CODE:
//
//	<img src="a.png" data-expect="failed:image-alt/no-name">
//	<input aria-label="Namn" data-expect="passed:form-field-name">
//
// A result whose target is a text node is matched on the text's parent
// element; a page-level result on the html element. Failed and cantTell
// outcomes are checked both ways: every one expected must occur, and every
// one that occurs must be expected. Passed and inapplicable outcomes are
// checked only where stated. A fixture may limit the rules it checks with
// <meta name="granska-rules" content="rule-a rule-b">.
//
// Fixtures are captured with real Chromium once, into NAME.page.json beside
// NAME.html (go test -update; -recapture for all), and replayed without a browser. A snapshot
// records the hash of its HTML, so a stale one fails loudly.
package ruletest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
)

// Update captures the fixture snapshots that are missing or stale with real
// Chromium; Recapture captures all of them (after a change to capture).
var (
	Update    = flag.Bool("update", false, "capture missing or stale fixture snapshots with Chromium")
	Recapture = flag.Bool("recapture", false, "recapture every fixture snapshot with Chromium")
)

// Capturer captures a URL into a page model (a real browser in practice).
type Capturer func(ctx context.Context, url string) (*page.Page, error)

// Fixture is one fixture file.
type Fixture struct {
	Name string // path relative to the fixture root, without .html
	HTML string // path of the HTML file
	Snap string // path of the snapshot
}

// Find lists the fixtures under root (recursively), sorted.
func Find(t testing.TB, root string) []Fixture {
	t.Helper()
	var out []Fixture
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(path, ".html") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		out = append(out, Fixture{Name: strings.TrimSuffix(rel, ".html"), HTML: path, Snap: strings.TrimSuffix(path, ".html") + ".page.json"})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Name < out[b].Name })
	return out
}

// snapshot is a stored capture with the hash of the HTML it came from.
type snapshot struct {
	HTMLHash string     `json:"htmlHash"`
	Page     *page.Page `json:"page"`
}

func hashFile(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:]), nil
}

// Serve starts a loopback server for the fixture root; fixtures are served
// at /NAME.html so relative assets resolve.
func Serve(root string) *httptest.Server {
	return httptest.NewServer(http.FileServer(http.Dir(root)))
}

// Capture (re)captures every fixture whose snapshot is missing or stale,
// or every one with force.
func Capture(t *testing.T, root string, fixtures []Fixture, capture Capturer, force bool) {
	t.Helper()
	captureAt(t, root, fixtureHost, fixtures, capture, force)
}

// fixtureHost replaces the test server's address in snapshots.
const fixtureHost = "http://fixture.test"

func captureAt(t *testing.T, root, host string, fixtures []Fixture, capture Capturer, force bool) {
	t.Helper()
	srv := Serve(root)
	defer srv.Close()
	for _, f := range fixtures {
		h, err := hashFile(f.HTML)
		if err != nil {
			t.Fatal(err)
		}
		if !force {
			if s, err := readSnap(f.Snap); err == nil && s.HTMLHash == h {
				// Fresh: rewrite one stored on a single line in the
				// reviewable form, without recapturing.
				if raw, err := os.ReadFile(f.Snap); err == nil && !bytes.HasPrefix(raw, []byte("{\n")) {
					writeSnap(t, f.Snap, s)
				}
				continue
			}
		}
		p, err := capture(context.Background(), srv.URL+"/"+filepath.ToSlash(f.Name)+".html")
		if err != nil {
			t.Fatalf("%s: capture: %v", f.Name, err)
		}
		normalizeTo(p, srv.URL, host)
		writeSnap(t, f.Snap, &snapshot{HTMLHash: h, Page: p})
		t.Logf("captured %s", f.Snap)
	}
}

// Normalize makes a capture independent of the server's random port and of
// timing, so snapshots are stable in version control.
func Normalize(p *page.Page, base string) { normalizeTo(p, base, fixtureHost) }

func normalizeTo(p *page.Page, base, host string) {
	fix := func(s string) string { return strings.ReplaceAll(s, base, host) }
	p.URL, p.FinalURL = fix(p.URL), fix(p.FinalURL)
	for i := range p.Documents {
		p.Documents[i].URL = fix(p.Documents[i].URL)
	}
	for i := range p.Nodes {
		n := &p.Nodes[i]
		for k := 1; k < len(n.Attrs); k += 2 {
			n.Attrs[k] = fix(n.Attrs[k])
		}
		n.CurrentSrc = fix(n.CurrentSrc)
	}
	if p.Network != nil {
		for i := range p.Network.Requests {
			p.Network.Requests[i].URL = fix(p.Network.Requests[i].URL)
		}
	}
	if fp := p.Probes.FormSubmit; fp != nil {
		for i := range fp.Requests {
			fp.Requests[i].URL = fix(fp.Requests[i].URL)
		}
	}
	p.Timings = page.Timings{}
}

func readSnap(path string) (*snapshot, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s snapshot
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, err
	}
	if s.Page == nil || s.Page.Schema != page.Schema {
		return nil, fmt.Errorf("%s: old page schema: recapture with -update", path)
	}
	if err := s.Page.Validate(); err != nil {
		return nil, err
	}
	return &s, nil
}

// Load returns a fixture's snapshot, failing the test if it is missing or
// stale.
func Load(t testing.TB, f Fixture) *page.Page {
	t.Helper()
	s, err := readSnap(f.Snap)
	if err != nil {
		t.Fatalf("%s: no usable snapshot (%v): run 'go test ./rules/FAMILY -run Fixtures -update'", f.Name, err)
	}
	h, err := hashFile(f.HTML)
	if err != nil {
		t.Fatal(err)
	}
	if s.HTMLHash != h {
		t.Fatalf("%s: snapshot is stale (the HTML changed): run 'go test ./rules/FAMILY -run Fixtures -update'", f.Name)
	}
	return s.Page
}

// Expectation is one expected outcome.
type Expectation struct {
	Node    int
	Outcome rules.Outcome
	Rule    string
	Code    string // "" matches any code
}

// Expectations reads the data-expect attributes of the page.
func Expectations(t testing.TB, p *page.Page) []Expectation {
	t.Helper()
	var out []Expectation
	for i := range p.Nodes {
		v, ok := p.Attr(i, "data-expect")
		if !ok || !p.IsElement(i) {
			continue
		}
		for _, tok := range strings.Fields(v) {
			oc, rest, ok := strings.Cut(tok, ":")
			if !ok || !rules.Outcome(oc).Valid() {
				t.Errorf("node %s: bad data-expect token %q (want OUTCOME:RULE[/CODE])", p.Selector(i), tok)
				continue
			}
			rule, code, _ := strings.Cut(rest, "/")
			out = append(out, Expectation{Node: i, Outcome: rules.Outcome(oc), Rule: rule, Code: code})
		}
	}
	return out
}

// RulesFor returns the rules a fixture checks: those its granska-rules meta
// names, or the non-optional rules of set.
func RulesFor(t testing.TB, p *page.Page, set []*rules.Rule) []*rules.Rule {
	for i := range p.Nodes {
		if p.IsElement(i) && p.Tag(i) == "meta" {
			if n, _ := p.Attr(i, "name"); n == "granska-rules" {
				c, _ := p.Attr(i, "content")
				want := map[string]bool{}
				for _, id := range strings.Fields(c) {
					want[id] = true
				}
				var out []*rules.Rule
				for _, r := range set {
					if want[r.ID] {
						out = append(out, r)
						delete(want, r.ID)
					}
				}
				for id := range want {
					t.Errorf("granska-rules names unknown rule %q", id)
				}
				return out
			}
		}
	}
	var out []*rules.Rule
	for _, r := range set {
		if !r.Optional {
			out = append(out, r)
		}
	}
	return out
}

// anchor is the element a result is matched on.
func anchor(p *page.Page, target int) int {
	if target < 0 {
		return p.Root()
	}
	if p.Nodes[target].Type == page.TextNode {
		return p.ParentElement(target)
	}
	if p.Nodes[target].Type == page.DocumentNode {
		return p.DocElement(target)
	}
	return target
}

// Check runs the rules on the page and compares outcomes with the page's
// expectations, both ways.
func Check(t testing.TB, p *page.Page, set []*rules.Rule) {
	t.Helper()
	set = RulesFor(t, p, set)
	inSet := map[string]bool{}
	for _, r := range set {
		inSet[r.ID] = true
	}
	fs, errs := rules.Run(context.Background(), p, set, rules.Options{})
	sfs, serrs := rules.RunStates(context.Background(), p, set, rules.Options{})
	fs, errs = append(fs, sfs...), append(errs, serrs...)
	for _, e := range errs {
		t.Errorf("rule error: %v", e)
	}
	if miss := p.UnrecordedStyles(); len(miss) > 0 {
		t.Errorf("rules read computed styles the capture does not record: %v (add them to capture.StyleProps and recapture)", miss)
	}
	for _, f := range fs {
		checkMessage(t, f)
	}
	exps := Expectations(t, p)
	matched := make([]bool, len(exps))
	for _, f := range fs {
		a := anchor(p, f.Target)
		hit := false
		for k, e := range exps {
			if e.Node == a && e.Rule == f.Rule.ID && e.Outcome == f.Outcome && (e.Code == "" || e.Code == f.Code) {
				matched[k] = true
				hit = true
			}
		}
		if !hit && (f.Outcome == rules.Failed || f.Outcome == rules.CantTell) {
			where := "page"
			if a >= 0 {
				where = p.Selector(a)
			}
			t.Errorf("unexpected %s:%s/%s at %s: %s", f.Outcome, f.Rule.ID, f.Code, where, f.Rule.Message(f.Code, "en", f.Args))
		}
	}
	for k, e := range exps {
		if !inSet[e.Rule] {
			continue
		}
		if !matched[k] {
			got := []string{}
			for _, f := range fs {
				if anchor(p, f.Target) == e.Node && f.Rule.ID == e.Rule {
					got = append(got, string(f.Outcome)+"/"+f.Code)
				}
			}
			code := ""
			if e.Code != "" {
				code = "/" + e.Code
			}
			t.Errorf("missing %s:%s%s at %s (got %v)", e.Outcome, e.Rule, code, p.Selector(e.Node), got)
		}
	}
}

// placeholder is a {name} left in a rendered message.
var placeholder = regexp.MustCompile(`\{[a-zA-Z0-9_]+\}`)

// checkMessage fails when a result's code has no message, or when its
// message in English or Swedish keeps a placeholder its arguments did not
// fill.
func checkMessage(t testing.TB, f rules.Finding) {
	t.Helper()
	if !f.Rule.HasMessage(f.Code) {
		if f.Outcome == rules.Inapplicable {
			return // the framework's own "inapplicable" needs no message
		}
		t.Errorf("%s gave code %q, which has no message in its Codes", f.Rule.ID, f.Code)
		return
	}
	for _, lang := range []string{"en", "sv"} {
		if m := f.Rule.Message(f.Code, lang, f.Args); placeholder.MatchString(m) {
			t.Errorf("%s/%s: the %s message keeps a placeholder its arguments did not fill: %q (args %v)", f.Rule.ID, f.Code, lang, m, f.Args)
		}
	}
}

// writeSnap writes a snapshot in the reviewable form: one line per node.
func writeSnap(t testing.TB, path string, s *snapshot) {
	t.Helper()
	b, err := reviewable(s, snapDepth)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}
