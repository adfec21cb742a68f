package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"

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
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	for _, s := range []error{ErrNotFound, ErrDuplicate, ErrConflict, ErrInvalid, ErrTooNew, ErrBusy, ErrReadOnly, ErrDiskFull, ErrUnavailable} {
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
		case "57P01", "57P02", "57P03":
			return ErrUnavailable
		}
		if strings.HasPrefix(pe.Code, "08") {
			return ErrUnavailable
		}
		return nil
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return nil // the caller's deadline, which is also a net.Error
	}
	if unavailable(err) {
		return ErrUnavailable
	}
	return nil
}

// unavailable says err is a connection that broke or could not be made.
func unavailable(err error) bool {
	var ce *pgconn.ConnectError
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, pgconn.ErrConnClosed) || errors.As(err, &ce) || errors.As(err, &ne) ||
		strings.Contains(err.Error(), "conn closed") // pgconn's lock error on a closed connection is unexported
}
