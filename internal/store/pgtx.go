package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// RunTxCreator is implemented by the Postgres store: CreateRunTx creates a
// run as CreateRun does (same checks, same errors) and calls fn with the
// run inside the same pgx transaction before it commits, so whatever fn
// writes (internal/queue inserts the run's River job) exists if and only
// if the run row does. An error from fn rolls both back and is returned.
//
// The SQLite store implements it too and returns ErrInvalid: a job queue
// in the same transaction needs Postgres.
type RunTxCreator interface {
	CreateRunTx(ctx context.Context, siteID int64, trigger string, slot time.Time, fn func(ctx context.Context, tx pgx.Tx, r Run) error) (Run, error)
}

var _ RunTxCreator = (*sqlStore)(nil)

// rowQuery runs a query that returns at most one row, in a transaction of
// either driver (database/sql or pgx).
type rowQuery func(ctx context.Context, q string, args ...any) scanner

func sqlRowQuery(tx *sql.Tx) rowQuery {
	return func(ctx context.Context, q string, args ...any) scanner { return tx.QueryRowContext(ctx, q, args...) }
}

func (s *sqlStore) CreateRunTx(ctx context.Context, siteID int64, trigger string, slot time.Time, fn func(ctx context.Context, tx pgx.Tx, r Run) error) (Run, error) {
	if s.dialect != Postgres {
		return Run{}, s.wrap("create run", invalid("a run created with its job needs the Postgres store"))
	}
	r, err := s.newRun(siteID, trigger, slot)
	if err != nil {
		return Run{}, s.wrap("create run", err)
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return Run{}, s.wrap("create run", err)
	}
	defer conn.Close()
	var active Run
	// The pgx connection under database/sql: the run row and fn's writes
	// go in one pgx transaction on it.
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("driver connection is a %T, not pgx", dc)
		}
		tx, err := sc.Conn().Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx)) // no-op after Commit
		q := func(ctx context.Context, q string, args ...any) scanner { return tx.QueryRow(ctx, q, args...) }
		if active, err = s.insertRun(ctx, q, &r); err != nil {
			return err
		}
		if err := fn(ctx, tx, r); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
	if err != nil {
		if active.ID != 0 {
			return active, s.wrap("create run", err)
		}
		return Run{}, s.wrap("create run", err)
	}
	return r, nil
}
