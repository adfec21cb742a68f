package act

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/rules/catalog"
)

// TestACT runs the W3C ACT test cases through every rule and prints the
// consistency table. It fails on any false positive (a failed outcome on
// a passed or inapplicable example) and on any rule error. The full report
// is written to $GRANSKA_ACT_REPORT when set.
func TestACT(t *testing.T) {
	if testing.Short() {
		t.Skip("browser suite")
	}
	dir, err := Dir()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v (CI=true requires the suite)", err)
		}
		t.Skipf("%v\n%s", err, HowToGet)
	}
	pool := chrometest.Pool(t)
	var only []string
	if s := os.Getenv("GRANSKA_ACT_RULES"); s != "" {
		only = strings.Split(s, ",")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Minute)
	defer cancel()
	rep, err := Run(ctx, Config{Dir: dir, Rules: catalog.Rules(), Only: only, Pool: pool,
		Capture: capture.Options{LoadTimeout: 10 * time.Second}})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.WriteTable(&b, true)
	t.Log("\n" + b.String())
	if path := os.Getenv("GRANSKA_ACT_REPORT"); path != "" {
		data, _ := json.MarshalIndent(rep, "", " ")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Error(err)
		}
	}
	for _, fp := range rep.FalsePositives() {
		t.Errorf("false positive on %s %s (%s, expected %s): %v", fp.RuleID, filepath.Base(fp.URLPath), fp.Title, fp.Expected, fp.Outcomes)
	}
	for _, rr := range rep.Rules {
		for _, c := range rr.Results {
			if c.Error != "" {
				t.Errorf("error on %s %s: %s", c.RuleID, filepath.Base(c.URLPath), c.Error)
			}
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	chrometest.Close()
	os.Exit(code)
}
