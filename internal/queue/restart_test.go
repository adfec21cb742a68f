package queue_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/granska/granska/internal/bigsite"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/pgtest"
	"github.com/granska/granska/internal/store"
)

// serveProc is a "granska serve --workers" process.
type serveProc struct {
	url   string // the dashboard's base URL, with a trailing slash
	token string // an editor's API token
}

// startServe creates an editor token with "granska token create", starts
// "granska serve --workers" on a free loopback port and waits for its URL.
func startServe(t *testing.T, dsn string, extra ...string) *serveProc {
	t.Helper()
	out, err := exec.Command(binary(t), "token", "create", "--db", dsn, "--role", "editor").Output()
	if err != nil {
		t.Fatalf("granska token create: %v", err)
	}
	p := &serveProc{token: strings.TrimSpace(string(out))}
	args := append([]string{"serve", "--db", dsn, "--workers", "--allow-private", "--addr", "127.0.0.1:0"}, extra...)
	cmd := exec.Command(binary(t), args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	t.Cleanup(func() {
		once.Do(func() {
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			cmd.Wait()
		})
	})
	found := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`dashboard at (http://\S+/)`)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case p.url = <-found:
	case <-time.After(2 * time.Minute):
		t.Fatal("granska serve printed no dashboard URL")
	}
	return p
}

// api sends a request with the token and decodes a JSON answer into v.
func (p *serveProc) api(method, path string, body, v any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, p.url+strings.TrimPrefix(path, "/"), rd)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if v != nil {
		if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
			return resp.StatusCode, err
		}
	}
	return resp.StatusCode, nil
}

// serverStore opens the store of a server that startServe started, and
// returns it with the organisation "granska token create" made.
func serverStore(t *testing.T, dsn string) (store.Store, store.Org) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	orgs, err := st.Orgs(ctx)
	if err != nil || len(orgs) != 1 {
		t.Fatalf("orgs %v: %v", orgs, err)
	}
	return st, orgs[0]
}

type apiRun struct {
	ID     int64  `json:"id"`
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// Postgres restarts (pg_ctl restart, fast: every connection is cut) in
// the middle of a run that a server and two worker processes share: the
// server's API answers again, the workers reconnect, the run ends done,
// and every page is journalled once.
func TestPostgresRestartMidRun(t *testing.T) {
	chrometest.Require(t)
	c := pgtest.Private(t)
	ctx := context.Background()
	p := startServe(t, c.DSN)
	st, org := serverStore(t, c.DSN)
	var paths []string
	for i := 1; i <= 6; i++ {
		paths = append(paths, fmt.Sprintf("/jobs?page=%d", i), fmt.Sprintf("/news?page=%d", i))
	}
	f := &fixture{st: st, dsn: c.DSN, docs: &docs{n: map[string]int{}}, org: org}
	site := f.site(t, "Big", bigsite.Handler(bigsite.Lorem), paths)
	var run apiRun
	if code, err := p.api("POST", fmt.Sprintf("/api/v1/sites/%d/runs", site.ID), nil, &run); code != http.StatusAccepted || err != nil {
		t.Fatalf("POST runs: %d %v", code, err)
	}
	for i := range 2 {
		worker(t, c.DSN, fmt.Sprintf("w%d", i), "--rescue-after", "3s", "--retry-backoff", "200ms")
	}
	deadline := time.Now().Add(4 * time.Minute)
	for {
		got, _ := st.PageURLs(ctx, run.ID)
		if len(got) >= 2 {
			break
		}
		if r, _ := st.Run(ctx, run.ID); !r.Status.Active() {
			t.Fatalf("the run ended before the restart: %s %s", r.Status, r.Reason)
		}
		if time.Now().After(deadline) {
			t.Fatal("the workers journalled no page")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := c.Restart(); err != nil {
		t.Fatal(err)
	}
	t.Log("postgres restarted")
	deadline = time.Now().Add(6 * time.Minute)
	for {
		var got apiRun
		code, err := p.api("GET", fmt.Sprintf("/api/v1/runs/%d", run.ID), nil, &got)
		if err == nil && code == http.StatusOK && got.Status != "queued" && got.Status != "running" {
			if got.Status != "done" {
				t.Fatalf("run %d: %s (%s)", run.ID, got.Status, got.Reason)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("run %d not done through the API: %d %v %+v", run.ID, code, err, got)
		}
		time.Sleep(250 * time.Millisecond)
	}
	f.wait(t, []store.Run{{ID: run.ID}}, map[int64]int{run.ID: len(paths)})
}
