package catalog

import (
	"bytes"
	"os"
	"testing"

	"github.com/granska/granska/rules/ruletest"
)

const catalogueDoc = "../../docs/rules.md"

// TestCatalogueDoc keeps docs/rules.md true to the code (-update rewrites
// it).
func TestCatalogueDoc(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCatalogue(&b); err != nil {
		t.Fatal(err)
	}
	if *ruletest.Update {
		if err := os.WriteFile(catalogueDoc, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(catalogueDoc)
	if err != nil || !bytes.Equal(got, b.Bytes()) {
		t.Fatalf("docs/rules.md is out of date with the rules: run 'go test ./rules/catalog -run CatalogueDoc -update'")
	}
}
