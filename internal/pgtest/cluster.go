package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// Cluster is a private Postgres server of one test, run by pg_ctl, for
// tests that stop or restart the server (never the shared one of DSN or
// GRANSKA_TEST_POSTGRES, which other tests of the binary use).
type Cluster struct {
	// DSN is the URL of the cluster's database "granska".
	DSN    string
	pgCtl  string
	dir    string
	data   string
	cred   *syscall.Credential
	port   int
	logged string
}

// Private starts a new cluster for t in a temporary directory (initdb,
// pg_ctl start on a free port of 127.0.0.1) and stops it (immediate
// shutdown) and removes it when t ends. It skips t where Postgres is
// missing (fails under CI=true). A test binary killed before its cleanup
// leaves the server running: pg_ctl detaches it.
func Private(t testing.TB) *Cluster {
	t.Helper()
	c, err := startCluster()
	if err != nil {
		if errors.Is(err, ErrMissing) && os.Getenv("CI") != "true" {
			t.Skipf("skipping: %v", err)
		}
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(c.stop)
	return c
}

// initData makes a temporary directory (the postgres OS user's under
// root) with a new database cluster in its folder "data".
func initData(prefix string) (dir, data string, cred *syscall.Credential, err error) {
	initdb, err := bin("initdb")
	if err != nil {
		return "", "", nil, err
	}
	dir, err = os.MkdirTemp("", prefix)
	if err != nil {
		return "", "", nil, fmt.Errorf("pgtest: %w", err)
	}
	if cred, err = credential(dir); err != nil {
		os.RemoveAll(dir)
		return "", "", nil, err
	}
	data = filepath.Join(dir, "data")
	cmd := exec.Command(initdb, "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", "", nil, fmt.Errorf("pgtest: initdb: %v: %s", err, out)
	}
	return dir, data, cred, nil
}

func startCluster() (*Cluster, error) {
	pgCtl, err := bin("pg_ctl")
	if err != nil {
		return nil, err
	}
	dir, data, cred, err := initData("granska-pgc-")
	if err != nil {
		return nil, err
	}
	c := &Cluster{pgCtl: pgCtl, dir: dir, data: data, cred: cred, logged: filepath.Join(dir, "postgres.log")}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	c.port = l.Addr().(*net.TCPAddr).Port
	l.Close()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100 -c shared_buffers=32MB", c.port, dir)
	if out, err := c.command(pgCtl, "start", "-D", c.data, "-w", "-t", "60", "-l", c.logged, "-o", opts).CombinedOutput(); err != nil {
		log, _ := os.ReadFile(c.logged)
		os.RemoveAll(dir)
		return nil, fmt.Errorf("pgtest: pg_ctl start: %v: %s %s", err, out, log)
	}
	admin := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		c.stop()
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE granska`); err != nil {
		c.stop()
		return nil, fmt.Errorf("pgtest: create database: %w", err)
	}
	c.DSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/granska?sslmode=disable", c.port)
	return c, nil
}

// command runs a Postgres binary as the postgres OS user under root.
func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.Dir = c.dir
	return cmd
}

// Restart restarts the server with pg_ctl restart (fast shutdown: every
// client connection is terminated) and returns once it accepts
// connections again, on the same port.
func (c *Cluster) Restart() error {
	if out, err := c.command(c.pgCtl, "restart", "-D", c.data, "-m", "fast", "-w", "-t", "60", "-l", c.logged).CombinedOutput(); err != nil {
		return fmt.Errorf("pgtest: pg_ctl restart: %v: %s", err, out)
	}
	return nil
}

func (c *Cluster) stop() {
	c.command(c.pgCtl, "stop", "-D", c.data, "-m", "immediate", "-w", "-t", "30").Run()
	os.RemoveAll(c.dir)
}
