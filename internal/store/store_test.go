package store_test

import (
	"testing"

	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/store/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) string { return t.TempDir() + "/granska.db" })
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) string { return pgtest.DSN(t) })
}
