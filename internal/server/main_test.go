package server

import (
	"testing"

	"github.com/granska/granska/internal/pgtest"
)

func init() {
	dsns = append(dsns, func(t testing.TB) string { return pgtest.DSN(t) })
}

// TestMain stops the test Postgres at the end. Browser tests start and
// close their own browser (pgtest.Main exits the process).
func TestMain(m *testing.M) {
	pgtest.Main(m)
}
