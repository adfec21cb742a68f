package store_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/internal/store"
)

// The SQLite file refuses writes: a clear error, the data kept.
func TestSQLiteReadOnly(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "granska.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateOrg(ctx, "Kept"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	ro, err := store.Open(ctx, "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	_, err = ro.CreateOrg(ctx, "New")
	if !errors.Is(err, store.ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("write to a read-only database: %v, want ErrReadOnly", err)
	}
	if orgs, err := ro.Orgs(ctx); err != nil || len(orgs) != 1 || orgs[0].Name != "Kept" {
		t.Errorf("orgs = %+v, %v", orgs, err)
	}
}

// Another process holds the write lock past the timeout: ErrBusy, and the
// write succeeds once the lock is free.
func TestSQLiteLocked(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "granska.db")
	st, err := store.OpenOptions(ctx, path, store.Options{BusyTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	_, err = st.CreateOrg(ctx, "Waiting")
	if !errors.Is(err, store.ErrBusy) {
		t.Errorf("write while locked: %v, want ErrBusy", err)
	}
	conn.ExecContext(ctx, "ROLLBACK")
	conn.Close()
	if _, err := st.CreateOrg(ctx, "Waiting"); err != nil {
		t.Errorf("write after the lock is free: %v", err)
	}
}

// The database is full (max_page_count stands in for a full disk, which
// SQLite reports the same way): ErrDiskFull, the transaction rolled back,
// what was stored before still there.
func TestSQLiteFull(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "granska.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	org, _ := st.CreateOrg(ctx, "Org")
	site, err := st.CreateSite(ctx, store.Site{OrgID: org.ID, URLs: []string{"https://full.example/"}})
	if err != nil {
		t.Fatal(err)
	}
	run, _ := st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{})
	if err := st.PutBlob(ctx, run.ID, "a", "", []byte("kept")); err != nil {
		t.Fatal(err)
	}
	st.Close()
	var pages int
	db, _ := sql.Open("sqlite", path)
	db.QueryRow("PRAGMA page_count").Scan(&pages)
	db.Close()
	full, err := store.OpenOptions(ctx, path, store.Options{SQLitePragmas: []string{"max_page_count(" + strconv.Itoa(pages+2) + ")"}})
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	err = full.PutBlob(ctx, run.ID, "big", "", make([]byte, 1<<20))
	if !errors.Is(err, store.ErrDiskFull) {
		t.Errorf("write to a full database: %v, want ErrDiskFull", err)
	}
	data, _, err := full.OpenBlob(ctx, run.ID, "a")
	if err != nil || string(data) != "kept" {
		t.Errorf("blob stored before: %q, %v", data, err)
	}
	if r, _ := full.Run(ctx, run.ID); r.EvidenceBytes != 4 {
		t.Errorf("EvidenceBytes %d after the failed write, want 4", r.EvidenceBytes)
	}
}
