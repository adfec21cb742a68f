package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// TestOutcomeDump writes every finding (passed and inapplicable included,
// with codes, arguments and related nodes) and the site facts of the whole
// default catalogue over every fixture page model of the repository
// (rules/**/testdata/*.page.json) and the bench pages, one JSON line per
// finding, to the file GRANSKA_OUTCOME_DUMP names. Two dumps, before and
// after a change meant to keep outcomes, must be identical (cmp). A
// diagnostic, skipped unless the variable is set.
func TestOutcomeDump(t *testing.T) {
	out := os.Getenv("GRANSKA_OUTCOME_DUMP")
	if out == "" {
		t.Skip("set GRANSKA_OUTCOME_DUMP=FILE")
	}
	var paths []string
	err := filepath.WalkDir(filepath.Join("..", "..", "rules"), func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".page.json") {
			paths = append(paths, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	set := catalog.Default()
	dump := func(name string, p *page.Page) {
		fs, errs := rules.Run(context.Background(), p, set, rules.Options{})
		sfs, serrs := rules.RunStates(context.Background(), p, set, rules.Options{})
		for _, x := range append(fs, sfs...) {
			b, _ := json.Marshal(struct {
				Page, Rule, State string
				rules.Result
			}{name, x.Rule.ID, x.State, x.Result})
			w.Write(append(b, '\n'))
		}
		for _, e := range append(errs, serrs...) {
			b, _ := json.Marshal(struct{ Page, Error string }{name, e.Error()})
			w.Write(append(b, '\n'))
		}
		facts, ferrs := rules.ExtractFacts(p, set, rules.Options{})
		b, _ := json.Marshal(struct {
			Page   string
			Facts  map[string]json.RawMessage
			Errors []rules.RuleError
		}{name, facts, ferrs})
		w.Write(append(b, '\n'))
	}
	for _, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var snap struct {
			Page *page.Page `json:"page"`
		}
		if err := json.Unmarshal(b, &snap); err != nil || snap.Page == nil {
			t.Fatalf("%s: not a fixture snapshot (%v)", path, err)
		}
		dump(path, snap.Page)
	}
	for _, size := range []string{"medium", "large"} {
		dump(size, benchModel(t, size))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d fixture pages and 2 bench pages dumped to %s", len(paths), out)
}
