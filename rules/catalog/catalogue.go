package catalog

import (
	"fmt"
	"io"
	"strings"

	"github.com/granska/granska/internal/standards/en301549"
	"github.com/granska/granska/rules"
)

// WriteCatalogue writes the rule catalogue as Markdown (docs/rules.md),
// grouped by family: id, title, WCAG criteria, EN 301 549 clauses (with
// their edition when not V3.2.1), ACT rules, legal basis and impact.
func WriteCatalogue(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Rule catalogue\n\nGenerated from the code by `go test ./rules/catalog -run Catalogue -update`; do not edit by hand.\n")
	b.WriteString("`granska rules` prints the same; `granska explain RULE` shows one rule in full.\n")
	b.WriteString("[failures.md](failures.md) maps WCAG's documented failures (F1–F113) to these rules.\n")
	byFamily := map[string][]*rules.Rule{}
	for _, r := range Rules() {
		byFamily[r.Family] = append(byFamily[r.Family], r)
	}
	total := 0
	for _, fam := range rules.Families {
		rs := byFamily[fam]
		if len(rs) == 0 {
			continue
		}
		total += len(rs)
		fmt.Fprintf(&b, "\n## %s\n\n| rule | title | WCAG 2.2 | EN 301 549 | ACT | legal basis | impact |\n| --- | --- | --- | --- | --- | --- | --- |\n", fam)
		for _, r := range rs {
			title := r.Title.EN
			if r.Optional {
				title += " *(optional)*"
			}
			var en []string
			for _, c := range r.EN {
				en = append(en, en301549.Label(c))
			}
			impact := string(r.Impact)
			if r.Severity != "" {
				impact += ", " + string(r.Severity)
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s |\n", r.ID, title,
				strings.Join(r.WCAG, ", "), strings.Join(en, ", "), strings.Join(r.ACT, ", "), strings.Join(r.Legal, "; "), impact)
		}
	}
	fmt.Fprintf(&b, "\n%d rules.\n", total)
	_, err := io.WriteString(w, b.String())
	return err
}
