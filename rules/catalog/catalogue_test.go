package catalog

import (
	"bytes"
	"os"
	"testing"

	"flag"
)

const catalogueDoc = "../../docs/rules.md"

// TestCatalogueDoc keeps docs/rules.md true to the code (-update rewrites
// it).
var update = flag.Bool("update", false, "rewrite docs/rules.md and docs/failures.md")

func TestCatalogueDoc(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCatalogue(&b); err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(catalogueDoc, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(catalogueDoc)
	if err != nil || !bytes.Equal(got, b.Bytes()) {
		t.Fatalf("docs/rules.md is out of date with the rules: run 'go test ./rules/catalog -run CatalogueDoc -update'")
	}
}
