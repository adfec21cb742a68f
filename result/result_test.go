package result

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/granska/granska/audit/page"
)

// pageWith builds a tiny page: html > body > nav > a*, whose second link
// has a given id and text.
func pageWith(id string) *page.Page {
	p := &page.Page{Schema: page.Schema}
	add := func(parent int, t page.NodeType, name string, attrs ...string) int {
		p.Nodes = append(p.Nodes, page.Node{Parent: parent, Type: t, Name: name, Attrs: attrs})
		return len(p.Nodes) - 1
	}
	doc := add(-1, page.DocumentNode, "#document")
	html := add(doc, page.ElementNode, "html")
	body := add(html, page.ElementNode, "body")
	nav := add(body, page.ElementNode, "nav", "class", "main nav")
	add(nav, page.ElementNode, "a", "href", "/a", "class", "item")
	add(nav, page.ElementNode, "a", "href", "/b", "class", "item", "id", id)
	return p
}

// The fingerprint names a component, not an instance: positions, ids'
// values and text do not change it; the rule, code and element shape do.
func TestFingerprint(t *testing.T) {
	a, b := pageWith("job-101"), pageWith("job-202")
	fa, fb := Fingerprint("link-name", "no-name", a, 5), Fingerprint("link-name", "no-name", b, 5)
	if fa != fb {
		t.Errorf("same component, different fingerprints: %s %s", fa, fb)
	}
	if Fingerprint("link-name", "no-name", a, 4) == fa {
		t.Error("elements of different shape share a fingerprint")
	}
	if Fingerprint("image-alt", "no-name", a, 5) == fa || Fingerprint("link-name", "other", a, 5) == fa {
		t.Error("rule or code does not change the fingerprint")
	}
	if len(fa) != 16 {
		t.Errorf("fingerprint %q: want 16 hex digits", fa)
	}
}

func TestRoundTripAndSchema(t *testing.T) {
	r := &Run{Schema: Schema, Tool: Tool{Name: "granska", Version: "test"}, Pages: []Page{{URL: "http://x/", Status: 200, Outcomes: []Outcome{{Rule: "image-alt", Outcome: "failed", Code: "no-name"}}}}}
	path := filepath.Join(t.TempDir(), "results.json")
	if err := r.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	back, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Pages) != 1 || back.Pages[0].Outcomes[0].Code != "no-name" {
		t.Errorf("round trip lost data: %+v", back)
	}
	var buf bytes.Buffer
	r.Schema = "granska.result/0"
	r.Write(&buf)
	if _, err := Read(&buf); err == nil || !strings.Contains(err.Error(), "schema") {
		t.Errorf("an old schema was accepted: %v", err)
	}
}

// Write streams the pages; what it writes must be the JSON of the whole
// run, field for field, for runs with and without the optional parts.
func TestWriteIsTheRunsJSON(t *testing.T) {
	full := &Run{Schema: Schema, Tool: Tool{Name: "granska", Version: "test"}, Start: []string{"http://x/"},
		Rules: []RuleInfo{{ID: "image-alt"}},
		Pages: []Page{
			{URL: "http://x/", Status: 200, Outcomes: []Outcome{{Rule: "image-alt", Outcome: "failed", Code: "no-name", Message: "<img> & \"alt\""}}},
			{URL: "http://x/b", Error: "timeout"},
		},
		Crawl: &Crawl{}, Errors: []string{"stopped"}}
	for _, r := range []*Run{full, {Schema: Schema}, {Schema: Schema, Pages: []Page{}}} {
		var buf bytes.Buffer
		if err := r.Write(&buf); err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var got, exp any
		if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, buf.String())
		}
		json.Unmarshal(want, &exp)
		if !reflect.DeepEqual(got, exp) {
			t.Errorf("streamed JSON differs:\n%s\nwant %s", buf.String(), want)
		}
		if strings.Contains(buf.String(), `\u003c`) {
			t.Error("HTML escaped")
		}
	}
}
