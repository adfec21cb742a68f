package catalog

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/granska/granska/audit/capture"
)

// styleRead matches a computed style that Go code reads from the page
// model by a literal name: p.Style(i, "color"), focused(p, cs, on, n,
// "outline-color"), {"line-height", ...} in a property table.
var styleRead = regexp.MustCompile(`(?:Style|focused)\([^()]*?"([a-z-]+)"\)`)

// sideRead matches a border style read for each side: "border-"+side+"-width".
var sideRead = regexp.MustCompile(`Style\([^()]*?"border-"\s*\+\s*\w+\s*\+\s*"(-[a-z]+)"\)`)

// TestStylesCaptured keeps the snapshot's property list and the rules in
// step: the capture asks Chrome only for the styles rules read (its cost
// grows with each), and page.Style answers "" for any other, so a rule
// that reads a style the capture dropped would silently see nothing.
func TestStylesCaptured(t *testing.T) {
	have := map[string]bool{}
	for _, p := range capture.StyleProps {
		have[p] = true
	}
	used := map[string][]string{}
	for _, root := range []string{"..", filepath.Join("..", "..", "audit", "page"), filepath.Join("..", "..", "report")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range styleRead.FindAllStringSubmatch(string(src), -1) {
				if strings.HasPrefix(m[1], "-") {
					continue // the tail of a per-side name (sideRead)
				}
				used[m[1]] = append(used[m[1]], path)
			}
			for _, m := range sideRead.FindAllStringSubmatch(string(src), -1) {
				for _, side := range []string{"top", "right", "bottom", "left"} {
					prop := "border-" + side + m[1]
					used[prop] = append(used[prop], path)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(used) < 10 {
		t.Fatalf("found only %d styles read by rules: the pattern no longer matches the code", len(used))
	}
	for prop, where := range used {
		if !have[prop] {
			t.Errorf("%s reads the style %q, which the capture does not ask for (capture.StyleProps)", slices.Compact(where)[0], prop)
		}
	}
}
