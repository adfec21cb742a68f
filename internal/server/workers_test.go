package server

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/store"
)

// The workers' status is behind the API's tokens (viewer and up) and the
// dashboard's sessions, and lists only the jobs of the caller's sites.
// Real Postgres, real River jobs and heartbeat rows.
func TestWorkersStatus(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	pool, err := queue.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	e := newEnv(t, dsn, func(c *Config) {
		c.Queue = func(ctx context.Context) (queue.Status, error) { return queue.ReadStatus(ctx, pool) }
	})
	q, err := queue.NewQueue(pool, e.st)
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.st.CreateOrg(ctx, "Other")
	if err != nil {
		t.Fatal(err)
	}
	var runs []store.Run
	for _, org := range []int64{e.org.ID, other.ID} {
		s, err := e.st.CreateSite(ctx, store.Site{OrgID: org, Name: "S", URLs: []string{"https://example.org/"}})
		if err != nil {
			t.Fatal(err)
		}
		r, err := q.CreateRun(ctx, s.ID, store.TriggerManual, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, r)
	}
	// Both jobs failed once (as a worker's error leaves them), and one
	// worker has reported.
	if _, err := pool.Exec(ctx, `UPDATE river_job SET state = 'retryable', attempt = 1, attempted_at = now(), scheduled_at = now() + interval '1 hour' WHERE kind = $1`, queue.Kind); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `INSERT INTO granska_worker (id, hostname, pid, started, seen, running) VALUES ('w-test', 'h', 1, now(), now(), 0)`); err != nil {
		t.Fatal(err)
	}

	if code, _ := e.api("GET", "/api/v1/workers", "", nil); code != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", code)
	}
	if code, _ := e.api("GET", "/api/v1/workers", "not-a-token", nil); code != http.StatusUnauthorized {
		t.Errorf("with a bad token: %d, want 401", code)
	}
	code, body := e.api("GET", "/api/v1/workers", string(store.RoleViewer), nil)
	if code != http.StatusOK {
		t.Fatalf("viewer: %d %s", code, body)
	}
	var st queue.Status
	if err := json.Unmarshal(body, &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Workers) != 1 || st.Workers[0].ID != "w-test" || !st.Workers[0].Alive || st.Depth["retryable"] != 2 {
		t.Errorf("status %+v: want the worker and two retryable jobs", st)
	}
	if len(st.Jobs) != 1 || st.Jobs[0].RunID != runs[0].ID {
		t.Errorf("jobs %+v: want only the job of run %d (the token's organisation)", st.Jobs, runs[0].ID)
	}

	// The dashboard: a login first, then the page.
	c := e.client()
	if resp, _ := e.get(c, "/workers"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("dashboard without a session: %d %s, want a redirect to the login", resp.StatusCode, resp.Header.Get("Location"))
	}
	c, _ = e.login(store.RoleViewer)
	resp, page := e.get(c, "/workers")
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "w-test") || !strings.Contains(page, "retryable") {
		t.Errorf("dashboard /workers: %d\n%s", resp.StatusCode, page)
	}
	if _, home := e.get(c, "/"); !strings.Contains(home, `href="/workers"`) {
		t.Errorf("the navigation of a server with workers does not link /workers")
	}

	// A server without workers has no such status.
	plain := newEnv(t, dsn)
	if code, _ := plain.api("GET", "/api/v1/workers", string(store.RoleViewer), nil); code != http.StatusNotFound {
		t.Errorf("server without workers: %d, want 404", code)
	}
	pc, _ := plain.login(store.RoleViewer)
	if _, home := plain.get(pc, "/"); strings.Contains(home, `href="/workers"`) {
		t.Errorf("the navigation of a server without workers links /workers, which answers 404")
	}
}
