package queue_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/granska/granska/internal/alert"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/store"
)

// A run that a worker process finishes gets the same alerts as a run in
// the server's own process: the server (granska serve --workers) posts
// the new issues to the site's webhook, once.
func TestWorkerRunAlerts(t *testing.T) {
	chrometest.Require(t)
	ctx := context.Background()
	dsn := pgtest.DSN(t)
	var mu sync.Mutex
	var got []alert.Payload
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var p alert.Payload
		if err := json.NewDecoder(r.Body).Decode(&p); err != nil {
			t.Errorf("webhook body: %v", err)
		}
		mu.Lock()
		got = append(got, p)
		mu.Unlock()
	}))
	defer hook.Close()
	p := startServe(t, dsn)
	st, org := serverStore(t, dsn)
	srv := httptest.NewServer(demosite.Handler(demosite.Broken))
	defer srv.Close()
	site, err := st.CreateSite(ctx, store.Site{OrgID: org.ID, Name: "Demo", URLs: []string{srv.URL + demoPaths[0], srv.URL + demoPaths[1]},
		Alerts: []store.AlertTarget{{Kind: store.AlertWebhook, Address: hook.URL + "/hook"}}})
	if err != nil {
		t.Fatal(err)
	}
	var run apiRun
	if code, err := p.api("POST", "/api/v1/sites/"+itoa(site.ID)+"/runs", nil, &run); code != http.StatusAccepted || err != nil {
		t.Fatalf("POST runs: %d %v", code, err)
	}
	worker(t, dsn, "w")
	pool, err := queue.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	// Wait for the run, then for the announcement's job to complete.
	deadline := time.Now().Add(6 * time.Minute)
	for {
		var state string
		err := pool.QueryRow(ctx, `SELECT state::text FROM river_job WHERE kind = $1 AND (args->>'run_id')::bigint = $2`, queue.FinishedKind, run.ID).Scan(&state)
		if err == nil && state == "completed" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the run's announcement: %q %v", state, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
	r, err := st.Run(ctx, run.ID)
	if err != nil || r.Status != store.StatusDone {
		t.Fatalf("run %d: %s %v", run.ID, r.Status, err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 {
		t.Fatalf("%d webhook posts, want one: %+v", len(got), got)
	}
	a := got[0]
	if a.Kind != alert.KindNewIssues || a.Run.ID != run.ID || a.Run.Status != "done" || len(a.Issues) == 0 || a.Site.ID != site.ID {
		t.Errorf("webhook payload %+v, want the new issues of run %d", a, run.ID)
	}
	for _, is := range a.Issues {
		if is.State != string(store.StateNew) {
			t.Errorf("issue %s in state %s, want new (the site's first run)", is.Fingerprint, is.State)
		}
	}
}
