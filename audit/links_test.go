package audit

import (
	"slices"
	"testing"

	"github.com/granska/granska/audit/page"
)

// The crawler follows links as the browser resolves them: against <base
// href>, without fragments, http(s) only.
func TestLinksHonourBase(t *testing.T) {
	p := &page.Page{URL: "https://site.test/jobb/lista", FinalURL: "https://site.test/jobb/lista",
		Documents: []page.Doc{{Node: 0, URL: "https://site.test/jobb/lista", Owner: -1}}}
	p.Nodes = []page.Node{
		{Parent: -1, Type: page.DocumentNode, Name: "#document"},
		{Parent: 0, Type: page.ElementNode, Name: "html"},
		{Parent: 1, Type: page.ElementNode, Name: "head"},
		{Parent: 2, Type: page.ElementNode, Name: "base", Attrs: []string{"href", "/sv/"}},
		{Parent: 1, Type: page.ElementNode, Name: "a", Attrs: []string{"href", "kontakt#form"}},
		{Parent: 1, Type: page.ElementNode, Name: "area", Attrs: []string{"href", "https://other.test/x"}},
		{Parent: 1, Type: page.ElementNode, Name: "a", Attrs: []string{"href", "mailto:a@b.se"}},
		{Parent: 1, Type: page.ElementNode, Name: "a", Attrs: []string{"href", "ftp://site.test/f"}},
		{Parent: 1, Type: page.ElementNode, Name: "a", Attrs: []string{"href", "/sv/kontakt"}},
	}
	got := Links(p)
	want := []string{"https://site.test/sv/kontakt", "https://other.test/x"}
	if !slices.Equal(got, want) {
		t.Errorf("Links = %q, want %q", got, want)
	}
}
