package site_test

import (
	"testing"

	"github.com/granska/granska/rules/ruletest"
)

func TestMain(m *testing.M) { ruletest.Main(m) }

// TestFixtures checks the family's site fixtures (testdata/SITE/*.html):
// the facts each page yields and the outcomes the site rules give it.
func TestFixtures(t *testing.T) { ruletest.RunSites(t, "testdata") }
