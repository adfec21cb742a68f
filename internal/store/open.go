package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Dialect names.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Options tune Open. The zero value is the default.
type Options struct {
	// BusyTimeout is how long a SQLite writer waits for the lock before
	// failing with ErrBusy; 0 means 5 s.
	BusyTimeout time.Duration
	// Readers is the number of SQLite reader connections; 0 means 4.
	Readers int
	// Now is the clock for Created fields; nil means time.Now.
	Now func() time.Time
	// SQLitePragmas are extra "name(value)" pragmas for every SQLite
	// connection (tests use max_page_count to fill the database).
	SQLitePragmas []string
}

// DialectOf says which implementation a DSN opens: Postgres for a
// "postgres://" or "postgresql://" URL, SQLite for anything else (a file
// path or a "file:" URI).
func DialectOf(dsn string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return Postgres
	}
	return SQLite
}

// Open opens (creating a SQLite file if need be) the database at dsn and
// migrates it to this binary's schema. A database whose schema is newer
// than this binary knows is refused with ErrTooNew and left unchanged.
func Open(ctx context.Context, dsn string) (Store, error) {
	return OpenOptions(ctx, dsn, Options{})
}

// OpenOptions is Open with options.
func OpenOptions(ctx context.Context, dsn string, opt Options) (Store, error) {
	if dsn == "" {
		return nil, fmt.Errorf("store: open: %w: empty database name", ErrInvalid)
	}
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = 5 * time.Second
	}
	if opt.Readers <= 0 {
		opt.Readers = 4
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	s := &sqlStore{dialect: DialectOf(dsn), now: opt.Now}
	var err error
	switch s.dialect {
	case Postgres:
		if s.w, err = sql.Open("pgx", dsn); err != nil {
			return nil, fmt.Errorf("store: open: %w", err)
		}
		s.w.SetMaxOpenConns(16)
		s.w.SetMaxIdleConns(4)
		s.r = s.w
	default:
		// One writer connection: SQLite allows one writer at a time, and
		// BEGIN IMMEDIATE (_txlock) takes the lock at the start so that a
		// transaction never fails half-way on an upgrade from read to write.
		if s.w, err = sql.Open("sqlite", sqliteDSN(dsn, opt, false)); err != nil {
			return nil, fmt.Errorf("store: open: %w", err)
		}
		s.w.SetMaxOpenConns(1)
		if s.r, err = sql.Open("sqlite", sqliteDSN(dsn, opt, true)); err != nil {
			s.w.Close()
			return nil, fmt.Errorf("store: open: %w", err)
		}
		s.r.SetMaxOpenConns(opt.Readers)
	}
	if err := s.w.PingContext(ctx); err != nil {
		s.Close()
		return nil, s.wrap("open", err)
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// sqliteDSN turns a path or file: URI into the driver's DSN with the
// pragmas every connection needs: WAL, a busy timeout, foreign keys, and
// for readers query_only.
func sqliteDSN(dsn string, opt Options, reader bool) string {
	if !strings.HasPrefix(dsn, "file:") {
		dsn = "file:" + (&url.URL{Path: dsn}).EscapedPath()
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout("+fmt.Sprint(opt.BusyTimeout.Milliseconds())+")")
	for _, p := range opt.SQLitePragmas {
		q.Add("_pragma", p)
	}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if reader {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + q.Encode()
}

// SchemaVersion is the newest migration this binary carries.
func SchemaVersion() int64 {
	var v int64
	for _, d := range []string{SQLite, Postgres} {
		ents, _ := fs.ReadDir(migrations, "migrations/"+d)
		for _, e := range ents {
			var n int64
			if _, err := fmt.Sscanf(e.Name(), "%d_", &n); err == nil && n > v {
				v = n
			}
		}
	}
	return v
}

// migrate applies the embedded migrations, refusing a newer database.
func (s *sqlStore) migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations/"+s.dialect)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	gd := goose.DialectSQLite3
	var opts []goose.ProviderOption
	if s.dialect == Postgres {
		gd = goose.DialectPostgres
		// Several processes (server, workers) may start at once: a
		// session advisory lock makes one of them migrate.
		lk, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("store: migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(lk))
	}
	p, err := goose.NewProvider(gd, s.w, sub, opts...)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	known := SchemaVersion()
	if have, err := s.dbVersion(ctx); err != nil {
		return err
	} else if have > known {
		return fmt.Errorf("%w: the database is at schema version %d, this granska knows up to %d: use a newer granska (the database was not changed)", ErrTooNew, have, known)
	}
	if _, err := p.Up(ctx); err != nil {
		return s.wrap("migrate", err)
	}
	return nil
}

// dbVersion is the highest applied migration, 0 for a new database.
func (s *sqlStore) dbVersion(ctx context.Context) (int64, error) {
	var exists bool
	q := `SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'`
	if s.dialect == Postgres {
		q = `SELECT to_regclass('goose_db_version') IS NOT NULL`
	}
	if err := s.w.QueryRowContext(ctx, q).Scan(&exists); err != nil {
		return 0, s.wrap("schema version", err)
	}
	if !exists {
		return 0, nil
	}
	var v sql.NullInt64
	if err := s.w.QueryRowContext(ctx, `SELECT max(version_id) FROM goose_db_version WHERE is_applied`).Scan(&v); err != nil {
		return 0, s.wrap("schema version", err)
	}
	return v.Int64, nil
}

var errClosed = errors.New("store: closed")
