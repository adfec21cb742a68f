package queue_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/internal/demosite"
	"github.com/granska/granska/internal/queue"
	"github.com/granska/granska/internal/store"
)

// A site that is down (a loopback port with nothing listening): its job
// fails every attempt, is retried with backoff and discarded after the
// last, and its run ends failed with the reason; the job queued behind
// it, on the same single worker, completes meanwhile.
func TestFailingJobDoesNotBlock(t *testing.T) {
	f := setup(t)
	ctx := context.Background()
	gone := httptest.NewServer(http.NotFoundHandler())
	url := gone.URL + "/"
	gone.Close()
	down, err := f.st.CreateSite(ctx, store.Site{OrgID: f.org.ID, Name: "Down", URLs: []string{url}})
	if err != nil {
		t.Fatal(err)
	}
	rd := f.queueRun(t, down)
	up := f.site(t, "Up", demosite.Handler(demosite.Broken), demoPaths[:2])
	ru := f.queueRun(t, up)
	worker(t, f.dsn, "w", "--retry-backoff", "300ms")
	f.wait(t, []store.Run{ru}, map[int64]int{ru.ID: 2})

	deadline := time.Now().Add(5 * time.Minute)
	var got store.Run
	for {
		if got, err = f.st.Run(ctx, rd.ID); err != nil {
			t.Fatal(err)
		}
		if !got.Status.Active() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the down site's run is still %s", got.Status)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if got.Status != store.StatusFailed || !strings.Contains(strings.ToLower(got.Reason), "refused") {
		t.Errorf("down site's run: %s %q, want failed with the reason (refused)", got.Status, got.Reason)
	}
	pool, err := queue.Open(ctx, f.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var st queue.Status
	for {
		// The worker records the job's end just after the run's.
		if st, err = queue.ReadStatus(ctx, pool); err != nil {
			t.Fatal(err)
		}
		if st.Depth["discarded"] == 1 || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if st.Depth["discarded"] != 1 || st.Depth["completed"] != 1 {
		t.Fatalf("queue depth %v, want one discarded and one completed job", st.Depth)
	}
	for _, j := range st.Jobs {
		if j.RunID == rd.ID && (j.State != "discarded" || j.Attempt != queue.MaxAttempts || !strings.Contains(strings.ToLower(j.LastErr), "refused")) {
			t.Errorf("down site's job: %+v, want discarded after %d attempts with the reason", j, queue.MaxAttempts)
		}
	}
	if s, _ := f.st.Run(ctx, ru.ID); !s.Finished.Before(got.Finished) {
		t.Errorf("the run queued behind the failing one finished at %v, after it (%v): it waited", s.Finished, got.Finished)
	}
}
