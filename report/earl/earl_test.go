package earl_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/granska/granska/report/earl"
	"github.com/granska/granska/report/reporttest"
)

func TestGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := earl.Write(&buf, reporttest.Report(t, 6, "en")); err != nil {
		t.Fatal(err)
	}
	reporttest.Golden(t, "earl.jsonld", buf.Bytes())
	var doc struct {
		Context map[string]any   `json:"@context"`
		Graph   []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Context["earl"] != "http://www.w3.org/ns/earl#" || len(doc.Graph) != 1+5 {
		t.Fatalf("context or graph wrong: %d nodes", len(doc.Graph))
	}
	outcomes := map[string]int{}
	for _, n := range doc.Graph[1:] {
		for _, a := range n["assertions"].([]any) {
			outcomes[a.(map[string]any)["result"].(map[string]any)["outcome"].(string)]++
		}
	}
	for _, o := range []string{"earl:failed", "earl:cantTell", "earl:passed", "earl:inapplicable"} {
		if outcomes[o] == 0 {
			t.Errorf("no %s assertion: %v", o, outcomes)
		}
	}
}
