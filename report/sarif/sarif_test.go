package sarif_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/report"
	"github.com/granska/granska/report/reporttest"
	"github.com/granska/granska/report/sarif"
)

func TestGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := sarif.Write(&buf, reporttest.Report(t, 6, "en")); err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "results.sarif", buf.Bytes())
}

// TestSchema validates the output against the SARIF 2.1.0 JSON schema in
// testdata/report, with the small validator below.
func TestSchema(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(reporttest.Root(t), "testdata", "report", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := sarif.Write(&buf, reporttest.Report(t, 6, "sv")); err != nil {
		t.Fatal(err)
	}
	var doc any
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	v := &validator{root: schema}
	v.check(schema, doc, "$")
	for _, e := range v.errs {
		t.Error(e)
	}
	// The validator itself must catch a broken log.
	bad := map[string]any{"version": "2.0", "runs": []any{map[string]any{"tool": map[string]any{"driver": map[string]any{}}}}}
	v2 := &validator{root: schema}
	v2.check(schema, roundTrip(t, bad), "$")
	if len(v2.errs) < 2 {
		t.Errorf("validator missed errors in a broken log: %v", v2.errs)
	}
}

func roundTrip(t *testing.T, x any) any {
	b, _ := json.Marshal(x)
	var out any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&out); err != nil {
		t.Fatal(err)
	}
	return out
}

// validator checks the JSON Schema (draft-04) keywords the SARIF schema
// uses: $ref, type, properties, additionalProperties, required, enum,
// items, minItems, uniqueItems, minimum, maximum, pattern, anyOf, oneOf
// and the uri, uri-reference and date-time formats.
type validator struct {
	root map[string]any
	errs []string
}

func (v *validator) fail(path, format string, a ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, a...))
}

func (v *validator) resolve(s map[string]any) map[string]any {
	for {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		name := strings.TrimPrefix(ref, "#/definitions/")
		s = v.root["definitions"].(map[string]any)[name].(map[string]any)
	}
}

func typeOf(x any) string {
	switch x := x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		if _, err := x.Int64(); err == nil {
			return "integer"
		}
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "?"
}

func (v *validator) check(s map[string]any, x any, path string) {
	s = v.resolve(s)
	if ty, ok := s["type"]; ok {
		var tys []string
		switch ty := ty.(type) {
		case string:
			tys = []string{ty}
		case []any:
			for _, e := range ty {
				tys = append(tys, e.(string))
			}
		}
		got := typeOf(x)
		ok := false
		for _, want := range tys {
			if want == got || want == "number" && got == "integer" {
				ok = true
			}
		}
		if !ok {
			v.fail(path, "type %s, want %v", got, tys)
			return
		}
	}
	if en, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range en {
			if fmt.Sprint(e) == fmt.Sprint(x) {
				found = true
			}
		}
		if !found {
			v.fail(path, "%v not in %v", x, en)
		}
	}
	for _, kw := range []string{"anyOf", "oneOf"} {
		if alts, ok := s[kw].([]any); ok {
			n := 0
			for _, alt := range alts {
				sub := &validator{root: v.root}
				sub.check(alt.(map[string]any), x, path)
				if len(sub.errs) == 0 {
					n++
				}
			}
			if n == 0 || kw == "oneOf" && n != 1 {
				v.fail(path, "%s: %d alternatives match", kw, n)
			}
		}
	}
	switch x := x.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asList(s["required"]) {
			if _, ok := x[r]; !ok {
				v.fail(path, "missing required %q", r)
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if ps, ok := props[k].(map[string]any); ok {
				v.check(ps, x[k], path+"."+k)
				continue
			}
			switch ap := s["additionalProperties"].(type) {
			case bool:
				if !ap {
					v.fail(path, "property %q not allowed", k)
				}
			case map[string]any:
				v.check(ap, x[k], path+"."+k)
			}
		}
	case []any:
		if m, ok := s["minItems"].(float64); ok && float64(len(x)) < m {
			v.fail(path, "%d items, want at least %v", len(x), m)
		}
		if u, _ := s["uniqueItems"].(bool); u {
			seen := map[string]bool{}
			for _, e := range x {
				b, _ := json.Marshal(e)
				if seen[string(b)] {
					v.fail(path, "duplicate item %s", b)
				}
				seen[string(b)] = true
			}
		}
		if it, ok := s["items"].(map[string]any); ok {
			for i, e := range x {
				v.check(it, e, fmt.Sprintf("%s[%d]", path, i))
			}
		}
	case json.Number:
		f, _ := x.Float64()
		if m, ok := s["minimum"].(float64); ok && f < m {
			v.fail(path, "%v below minimum %v", f, m)
		}
		if m, ok := s["maximum"].(float64); ok && f > m {
			v.fail(path, "%v above maximum %v", f, m)
		}
	case string:
		if p, ok := s["pattern"].(string); ok && !regexp.MustCompile(p).MatchString(x) {
			v.fail(path, "%q does not match %s", x, p)
		}
		switch s["format"] {
		case "uri":
			if u, err := url.Parse(x); err != nil || !u.IsAbs() {
				v.fail(path, "%q is not an absolute URI", x)
			}
		case "uri-reference":
			if _, err := url.Parse(x); err != nil {
				v.fail(path, "%q is not a URI reference", x)
			}
		case "date-time":
			if _, err := time.Parse(time.RFC3339, x); err != nil {
				v.fail(path, "%q is not a date-time", x)
			}
		}
	}
}

func asList(x any) []string {
	var out []string
	if l, ok := x.([]any); ok {
		for _, e := range l {
			out = append(out, e.(string))
		}
	}
	return out
}

// TestGapsAsNotifications: each gap of the run is a tool execution
// notification of the invocation, with its kind as descriptor, the page as
// location (none for the whole run) and a level by kind.
func TestGapsAsNotifications(t *testing.T) {
	rep := reporttest.Report(t, 6, "sv")
	rep.Gaps = append(rep.Gaps, report.Gap{Kind: report.GapRunError, Detail: "site rules: panic"})
	var buf bytes.Buffer
	if err := sarif.Write(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Invocations []struct {
				Notifications []struct {
					Level   string `json:"level"`
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
					Descriptor struct {
						ID string `json:"id"`
					} `json:"descriptor"`
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI string `json:"uri"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"toolExecutionNotifications"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	ns := doc.Runs[0].Invocations[0].Notifications
	if len(ns) != len(rep.Gaps) || len(ns) != 7 {
		t.Fatalf("%d notifications for %d gaps, want 7", len(ns), len(rep.Gaps))
	}
	for i, n := range ns {
		g := rep.Gaps[i]
		uri := ""
		if len(n.Locations) > 0 {
			uri = n.Locations[0].PhysicalLocation.ArtifactLocation.URI
		}
		if n.Descriptor.ID != g.Kind || uri != g.Page || !strings.Contains(n.Message.Text, report.GapDetail("en", g)) {
			t.Errorf("notification %d = %+v for gap %+v", i, n, g)
		}
		want := map[string]string{report.GapBound: "note", report.GapRunError: "error"}[g.Kind]
		if want == "" {
			want = "warning"
		}
		if n.Level != want {
			t.Errorf("notification %d (%s) has level %s, want %s", i, g.Kind, n.Level, want)
		}
	}
	if !strings.Contains(ns[1].Message.Text, "A safety net ran out") {
		t.Errorf("timeout notification: %q", ns[1].Message.Text)
	}
}
