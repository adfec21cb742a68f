package structure_test

import (
	"testing"

	"github.com/granska/granska/rules/ruletest"
)

func TestMain(m *testing.M) { ruletest.Main(m) }

// TestFixtures checks the family's fixtures (testdata/*.html) against every rule.
func TestFixtures(t *testing.T) { ruletest.Run(t, "testdata") }
