package queue_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/store"
)

// openQueue opens the store, a pool and a queue on the database dsn, with
// an organisation.
func openQueue(t *testing.T, dsn string) (store.Store, *pgxpool.Pool, *queue.Queue, store.Org) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	pool, err := queue.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	q, err := queue.NewQueue(pool, st)
	if err != nil {
		t.Fatal(err)
	}
	org, err := st.CreateOrg(ctx, "Org")
	if err != nil {
		t.Fatal(err)
	}
	return st, pool, q, org
}

// dbOnly is a store, a pool and a queue on a fresh database with one
// site (on a port nothing listens on), no browser.
func dbOnly(t *testing.T) (store.Store, *pgxpool.Pool, *queue.Queue, store.Site) {
	t.Helper()
	st, pool, q, org := openQueue(t, pgtest.DSN(t))
	site, err := st.CreateSite(context.Background(), store.Site{OrgID: org.ID, Name: "S", URLs: []string{"http://127.0.0.1:9/"}})
	if err != nil {
		t.Fatal(err)
	}
	return st, pool, q, site
}

// jobs lists the run IDs of the run jobs, in job order.
func jobs(t *testing.T, pool *pgxpool.Pool) []int64 {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT (args->>'run_id')::bigint FROM river_job WHERE kind = $1 ORDER BY id`, queue.Kind)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// A run and its job are written in one transaction: when the transaction
// aborts after the job's insert, neither exists; when it commits, both.
func TestRunAndJobInOneTransaction(t *testing.T) {
	st, pool, q, site := dbOnly(t)
	ctx := context.Background()
	client, err := river.NewClient(riverpgxv5.New(pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	tc := st.(store.RunTxCreator)
	boom := errors.New("boom")
	_, err = tc.CreateRunTx(ctx, site.ID, store.TriggerManual, time.Time{}, func(ctx context.Context, tx pgx.Tx, r store.Run) error {
		if _, err := client.InsertTx(ctx, tx, queue.ArgsOf(r), nil); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("aborted create: %v, want boom", err)
	}
	if runs, _ := st.Runs(ctx, site.ID, 0); len(runs) != 0 || len(jobs(t, pool)) != 0 {
		t.Fatalf("after the abort: %d runs, jobs %v; want neither", len(runs), jobs(t, pool))
	}

	r, err := q.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if got := jobs(t, pool); len(got) != 1 || got[0] != r.ID {
		t.Fatalf("jobs %v, want one for run %d", got, r.ID)
	}
	// A second run while the first is active: the store's conflict, and
	// no job is left behind.
	if a, err := q.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{}); !errors.Is(err, store.ErrConflict) || a.ID != r.ID {
		t.Fatalf("second run: %v (run %d), want ErrConflict with run %d", err, a.ID, r.ID)
	}
	if got := jobs(t, pool); len(got) != 1 {
		t.Fatalf("jobs %v after the conflict, want one", got)
	}
	// The rescue finds the job and adds none; a run created without a
	// job (before --workers) gets one, once.
	if err := st.FailRun(ctx, r.ID, "test", store.Counts{}); err != nil {
		t.Fatal(err)
	}
	bare, err := st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := q.Rescue(ctx, []store.Run{r, bare}); err != nil {
			t.Fatal(err)
		}
	}
	if got := jobs(t, pool); len(got) != 2 || got[1] != bare.ID {
		t.Fatalf("jobs %v after the rescue, want runs %d and %d", got, r.ID, bare.ID)
	}
}

// A schedule slot gets one run and one job: the second create of the
// same slot is refused (ErrDuplicate) and writes nothing.
func TestSlotRunOnce(t *testing.T) {
	st, pool, q, site := dbOnly(t)
	ctx := context.Background()
	slot := time.Date(2026, 12, 6, 3, 0, 0, 0, time.UTC)
	r, err := q.CreateRun(ctx, site.ID, store.TriggerSchedule, slot)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.FailRun(ctx, r.ID, "test", store.Counts{}); err != nil {
		t.Fatal(err)
	}
	if _, err := q.CreateRun(ctx, site.ID, store.TriggerSchedule, slot); !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second run of the slot: %v, want ErrDuplicate", err)
	}
	runs, _ := st.Runs(ctx, site.ID, 0)
	if got := jobs(t, pool); len(runs) != 1 || len(got) != 1 || got[0] != r.ID {
		t.Fatalf("%d runs, jobs %v; want one of each", len(runs), got)
	}
	if a := queue.ArgsOf(r); a.Key != "site/"+itoa(site.ID)+"/slot/2026-12-06T03:00:00Z" {
		t.Errorf("slot job key %q", a.Key)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
