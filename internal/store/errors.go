package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// wrap names the operation and maps a driver error to the package's
// sentinels (keeping the driver's error in the chain and the message).
func (s *sqlStore) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if s := sentinel(err); s != nil && !errors.Is(err, s) {
		err = fmt.Errorf("%w: %w", s, err)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// sentinel is the package error a driver error means, nil if none.
func sentinel(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	for _, s := range []error{ErrNotFound, ErrDuplicate, ErrConflict, ErrInvalid, ErrTooNew, ErrBusy, ErrReadOnly, ErrDiskFull} {
		if errors.Is(err, s) {
			return s
		}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return ErrDuplicate
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return ErrInvalid
		}
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return ErrBusy
		case sqlite3.SQLITE_READONLY:
			return ErrReadOnly
		case sqlite3.SQLITE_FULL:
			return ErrDiskFull
		}
		return nil
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return ErrDuplicate
		case "23503", "23514", "23502", "22P02":
			return ErrInvalid
		case "53100":
			return ErrDiskFull
		case "25006":
			return ErrReadOnly
		case "55P03", "40001", "40P01":
			return ErrBusy
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return nil
	}
	return nil
}
