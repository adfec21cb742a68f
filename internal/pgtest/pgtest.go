// Package pgtest gives a test binary a real Postgres server.
//
// DSN returns the URL of a fresh, empty database for one test. The first
// call starts one server for the whole test binary: the Debian package's
// initdb and postgres (/usr/lib/postgresql/*/bin, or on PATH) in a
// temporary directory, listening on a free port of 127.0.0.1 only, run as
// the "postgres" OS user when the test runs as root (Postgres refuses to
// run as root). When GRANSKA_TEST_POSTGRES is set to a DSN (CI may start
// its own server), that server is used instead and nothing is started.
//
// Where Postgres is not installed the test is skipped with the reason;
// under CI=true it fails, so CI cannot pass without testing Postgres.
//
// A package using DSN calls Main from TestMain so the server stops when
// the tests end; the server also gets SIGTERM if the test binary dies.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// EnvDSN names the environment variable with an existing server's DSN.
const EnvDSN = "GRANSKA_TEST_POSTGRES"

var (
	once    sync.Once
	srv     *Server
	srvErr  error
	skipped bool
	dbSeq   atomic.Int64
)

// Server is a Postgres server for tests: started by this package, or the
// one EnvDSN names.
type Server struct {
	// Admin is a DSN of the server's maintenance database as superuser.
	Admin string
	dir   string
	cmd   *exec.Cmd
	done  chan error
}

// ErrMissing says Postgres's server binaries were not found.
var ErrMissing = errors.New("pgtest: postgres server binaries not found (install Debian's postgresql package)")

// Main runs the tests and stops the server this package started.
func Main(m *testing.M) {
	code := m.Run()
	if srv != nil {
		srv.Stop()
	}
	os.Exit(code)
}

// DSN returns a fresh database on the test server for t, dropped when t
// ends; it skips t where Postgres is missing (fails under CI=true).
func DSN(t testing.TB) string {
	t.Helper()
	s := Require(t)
	name := fmt.Sprintf("granska_test_%d_%d", os.Getpid(), dbSeq.Add(1))
	db, err := sql.Open("pgx", s.Admin)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := db.ExecContext(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", s.Admin)
		if err != nil {
			return
		}
		defer db.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		db.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	})
	u, err := url.Parse(s.Admin)
	if err != nil {
		t.Fatalf("pgtest: admin DSN: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// Require returns the test binary's server, starting it on first use; it
// skips t where Postgres is missing (fails under CI=true).
func Require(t testing.TB) *Server {
	t.Helper()
	once.Do(func() {
		if dsn := os.Getenv(EnvDSN); dsn != "" {
			srv = &Server{Admin: dsn}
			return
		}
		srv, srvErr = Start()
	})
	if srvErr != nil {
		if errors.Is(srvErr, ErrMissing) && os.Getenv("CI") != "true" {
			t.Skipf("skipping: %v", srvErr)
		}
		t.Fatalf("pgtest: %v", srvErr)
	}
	return srv
}

// bin finds a Postgres server binary: the newest Debian version first.
func bin(name string) (string, error) {
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
	sort.Slice(matches, func(i, j int) bool { return version(matches[i]) > version(matches[j]) })
	if len(matches) > 0 {
		return matches[0], nil
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", ErrMissing
}

func version(p string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(p))))
	return n
}

// Start initialises and starts a new server in a temporary directory.
// Stop stops it and removes the directory.
func Start() (*Server, error) {
	postgres, err := bin("postgres")
	if err != nil {
		return nil, err
	}
	dir, data, cred, err := initData("granska-pg-")
	if err != nil {
		return nil, err
	}
	var lastErr error
	for range 3 {
		s, err := launch(postgres, dir, data, cred)
		if err == nil {
			return s, nil
		}
		lastErr = err
	}
	os.RemoveAll(dir)
	return nil, lastErr
}

// credential is the postgres OS user's when running as root (and makes
// dir theirs), nil otherwise.
func credential(dir string) (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pgtest: running as root needs the postgres OS user: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if err := os.Chown(dir, uid, gid); err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
}

// launch starts postgres on a free loopback port and waits until it
// accepts connections.
func launch(postgres, dir, data string, cred *syscall.Credential) (*Server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	s := &Server{dir: dir, done: make(chan error, 1),
		Admin: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)}
	logf, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	s.cmd = exec.Command(postgres, "-D", data, "-p", strconv.Itoa(port), "-k", dir,
		"-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=32MB")
	s.cmd.Stdout, s.cmd.Stderr = logf, logf
	// Pdeathsig belongs to the thread that forks: start from a locked
	// thread that stays alive as long as the server.
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread()
		s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGTERM}
		if err := s.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		s.done <- s.cmd.Wait()
		logf.Close()
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("pgtest: start postgres: %w", err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		db, _ := sql.Open("pgx", s.Admin)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := db.PingContext(ctx)
		cancel()
		db.Close()
		if err == nil {
			return s, nil
		}
		select {
		case werr := <-s.done:
			log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
			return nil, fmt.Errorf("pgtest: postgres exited (%v): %s", werr, strings.TrimSpace(string(log)))
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("pgtest: postgres did not accept connections: %w", err)
		}
	}
}

// Stop shuts a started server down (fast shutdown) and removes its
// directory; for a server named by EnvDSN it does nothing.
func (s *Server) Stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
	os.RemoveAll(s.dir)
}
