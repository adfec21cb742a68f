package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// sqlStore implements Store over database/sql for both dialects: the SQL
// is shared (numbered $N placeholders, which modernc.org/sqlite binds by
// ordinal too), and the few differences are switched on s.dialect. For
// SQLite, w is the single writer connection and r a pool of query-only
// readers (WAL lets them read while w writes); for Postgres both are the
// same pool.
//
// Other files of this package (web*.go) may add queries with s.r (reads),
// s.tx (writes) and s.wrap (errors).
type sqlStore struct {
	dialect string
	w, r    *sql.DB
	now     func() time.Time
}

func (s *sqlStore) Dialect() string { return s.dialect }

func (s *sqlStore) Close() error {
	var err error
	if s.r != nil && s.r != s.w {
		err = s.r.Close()
	}
	if s.w != nil {
		err = errors.Join(err, s.w.Close())
	}
	return err
}

// tx runs fn in one write transaction, committed when fn returns nil.
func (s *sqlStore) tx(ctx context.Context, op string, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap(op, err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return s.wrap(op, err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap(op, err)
	}
	return nil
}

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(...any) error }

// collect runs a read query and scans every row with scan.
func collect[T any](ctx context.Context, s *sqlStore, op string, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, s.wrap(op, err)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, s.wrap(op, err)
		}
		out = append(out, v)
	}
	return out, s.wrap(op, rows.Err())
}

// micro is t in microseconds since 1970 UTC, 0 for the zero time.
func micro(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMicro()
}

// fromMicro is the inverse of micro.
func fromMicro(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return time.UnixMicro(us).UTC()
}

func (s *sqlStore) stamp() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs, maps and slices are marshalled
	}
	return string(b)
}

// limitClause is " LIMIT n OFFSET m" for positive values. Without a limit
// an offset needs one of "all rows": SQLite spells it -1, Postgres ALL.
func (s *sqlStore) limitClause(limit, offset int) string {
	var b strings.Builder
	switch {
	case limit > 0:
		fmt.Fprintf(&b, " LIMIT %d", limit)
	case offset > 0 && s.dialect == Postgres:
		b.WriteString(" LIMIT ALL")
	case offset > 0:
		b.WriteString(" LIMIT -1")
	}
	if offset > 0 {
		fmt.Fprintf(&b, " OFFSET %d", offset)
	}
	return b.String()
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

// ---- organisations ----

func (s *sqlStore) CreateOrg(ctx context.Context, name string) (Org, error) {
	o := Org{Name: strings.TrimSpace(name), Created: s.stamp()}
	if o.Name == "" {
		return Org{}, s.wrap("create organisation", invalid("empty name"))
	}
	err := s.tx(ctx, "create organisation", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO orgs (name, created) VALUES ($1, $2) RETURNING id`, o.Name, micro(o.Created)).Scan(&o.ID)
	})
	return o, err
}

func (s *sqlStore) Org(ctx context.Context, id int64) (Org, error) {
	o, err := scanOrg(s.r.QueryRowContext(ctx, `SELECT id, name, created FROM orgs WHERE id = $1`, id))
	return o, s.wrap(fmt.Sprintf("organisation %d", id), err)
}

func (s *sqlStore) Orgs(ctx context.Context) ([]Org, error) {
	return collect(ctx, s, "organisations", scanOrg, `SELECT id, name, created FROM orgs ORDER BY name, id`)
}

func scanOrg(row scanner) (Org, error) {
	var o Org
	var c int64
	err := row.Scan(&o.ID, &o.Name, &c)
	o.Created = fromMicro(c)
	return o, err
}

// ---- users ----

func (s *sqlStore) CreateUser(ctx context.Context, u User) (User, error) {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if !strings.Contains(u.Email, "@") {
		return User{}, s.wrap("create user", invalid("e-mail %q has no @", u.Email))
	}
	if u.PasswordHash == "" {
		return User{}, s.wrap("create user", invalid("no password hash"))
	}
	u.Created = s.stamp()
	err := s.tx(ctx, "create user", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO users (email, name, password_hash, created) VALUES ($1, $2, $3, $4) RETURNING id`,
			u.Email, u.Name, u.PasswordHash, micro(u.Created)).Scan(&u.ID)
	})
	if err != nil {
		return User{}, err
	}
	return u, nil
}

const userCols = `id, email, name, password_hash, created`

func scanUser(row scanner) (User, error) {
	var u User
	var c int64
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.PasswordHash, &c)
	u.Created = fromMicro(c)
	return u, err
}

func (s *sqlStore) User(ctx context.Context, id int64) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = $1`, id))
	return u, s.wrap(fmt.Sprintf("user %d", id), err)
}

func (s *sqlStore) UserByEmail(ctx context.Context, email string) (User, error) {
	u, err := scanUser(s.r.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE email = $1`, strings.ToLower(strings.TrimSpace(email))))
	return u, s.wrap("user by e-mail", err)
}

func (s *sqlStore) SetPassword(ctx context.Context, userID int64, hash string) error {
	if hash == "" {
		return s.wrap("set password", invalid("no password hash"))
	}
	return s.tx(ctx, "set password", func(tx *sql.Tx) error {
		return affected1(tx.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID))
	})
}

// affected1 turns "no row changed" into ErrNotFound.
func affected1(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

func (s *sqlStore) SetRole(ctx context.Context, orgID, userID int64, role Role) error {
	if !role.Valid() {
		return s.wrap("set role", invalid("role %q is not viewer, editor or admin", role))
	}
	return s.tx(ctx, "set role", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3)
			ON CONFLICT (org_id, user_id) DO UPDATE SET role = excluded.role`, orgID, userID, string(role))
		return err
	})
}

func (s *sqlStore) RemoveMember(ctx context.Context, orgID, userID int64) error {
	return s.tx(ctx, "remove member", func(tx *sql.Tx) error {
		return affected1(tx.ExecContext(ctx, `DELETE FROM memberships WHERE org_id = $1 AND user_id = $2`, orgID, userID))
	})
}

func (s *sqlStore) memberships(ctx context.Context, op, where string, arg int64, order string) ([]Membership, error) {
	return collect(ctx, s, op, func(row scanner) (Membership, error) {
		var m Membership
		err := row.Scan(&m.OrgID, &m.UserID, &m.Role)
		return m, err
	}, `SELECT org_id, user_id, role FROM memberships WHERE `+where+` = $1 ORDER BY `+order, arg)
}

func (s *sqlStore) Memberships(ctx context.Context, userID int64) ([]Membership, error) {
	return s.memberships(ctx, "memberships", "user_id", userID, "org_id")
}

func (s *sqlStore) Members(ctx context.Context, orgID int64) ([]Membership, error) {
	return s.memberships(ctx, "members", "org_id", orgID, "user_id")
}

// ---- sessions ----

func (s *sqlStore) CreateSession(ctx context.Context, se Session) error {
	if se.IDHash == "" || se.UserID == 0 || se.Expires.IsZero() {
		return s.wrap("create session", invalid("session needs an id hash, a user and an expiry"))
	}
	if se.Created.IsZero() {
		se.Created = s.stamp()
	}
	return s.tx(ctx, "create session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, csrf, created, expires) VALUES ($1, $2, $3, $4, $5)`,
			se.IDHash, se.UserID, se.CSRF, micro(se.Created), micro(se.Expires))
		return err
	})
}

func (s *sqlStore) Session(ctx context.Context, idHash string, now time.Time) (Session, error) {
	var se Session
	var c, e int64
	err := s.r.QueryRowContext(ctx, `SELECT id_hash, user_id, csrf, created, expires FROM sessions WHERE id_hash = $1 AND expires > $2`,
		idHash, micro(now)).Scan(&se.IDHash, &se.UserID, &se.CSRF, &c, &e)
	se.Created, se.Expires = fromMicro(c), fromMicro(e)
	return se, s.wrap("session", err)
}

func (s *sqlStore) DeleteSession(ctx context.Context, idHash string) error {
	return s.tx(ctx, "delete session", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
		return err
	})
}

func (s *sqlStore) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := s.tx(ctx, "delete expired sessions", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires <= $1`, micro(now))
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	return int(n), err
}

// ---- tokens ----

func (s *sqlStore) CreateToken(ctx context.Context, t Token) (Token, error) {
	if t.Hash == "" || t.OrgID == 0 {
		return Token{}, s.wrap("create token", invalid("token needs a hash and an organisation"))
	}
	if !t.Role.Valid() {
		return Token{}, s.wrap("create token", invalid("role %q is not viewer, editor or admin", t.Role))
	}
	t.Created, t.LastUsed = s.stamp(), time.Time{}
	err := s.tx(ctx, "create token", func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO tokens (org_id, name, hash, role, created) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			t.OrgID, t.Name, t.Hash, string(t.Role), micro(t.Created)).Scan(&t.ID)
	})
	if err != nil {
		return Token{}, err
	}
	return t, nil
}

const tokenCols = `id, org_id, name, hash, role, created, last_used`

func scanToken(row scanner) (Token, error) {
	var t Token
	var c, l int64
	err := row.Scan(&t.ID, &t.OrgID, &t.Name, &t.Hash, &t.Role, &c, &l)
	t.Created, t.LastUsed = fromMicro(c), fromMicro(l)
	return t, err
}

func (s *sqlStore) TokenByHash(ctx context.Context, hash string, now time.Time) (Token, error) {
	var t Token
	err := s.tx(ctx, "token", func(tx *sql.Tx) error {
		if err := affected1(tx.ExecContext(ctx, `UPDATE tokens SET last_used = $1 WHERE hash = $2`, micro(now), hash)); err != nil {
			return err
		}
		var err error
		t, err = scanToken(tx.QueryRowContext(ctx, `SELECT `+tokenCols+` FROM tokens WHERE hash = $1`, hash))
		return err
	})
	return t, err
}

func (s *sqlStore) Tokens(ctx context.Context, orgID int64) ([]Token, error) {
	return collect(ctx, s, "tokens", scanToken, `SELECT `+tokenCols+` FROM tokens WHERE org_id = $1 ORDER BY id`, orgID)
}

func (s *sqlStore) DeleteToken(ctx context.Context, id int64) error {
	return s.tx(ctx, "delete token", func(tx *sql.Tx) error {
		return affected1(tx.ExecContext(ctx, `DELETE FROM tokens WHERE id = $1`, id))
	})
}

// ---- sites ----

// URLKey is the form of a start URL that makes two sites the same:
// scheme and host lower-cased, default port and fragment dropped, an empty
// path as "/". It returns ErrInvalid for anything but an absolute http or
// https URL with a host.
func URLKey(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", invalid("malformed URL %q: %v", raw, err)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", invalid("URL %q: only http and https URLs can be audited", raw)
	}
	if u.Hostname() == "" || u.Opaque != "" {
		return "", invalid("URL %q has no host", raw)
	}
	if u.User != nil {
		return "", invalid("URL %q: credentials in URLs are not stored", raw)
	}
	host := strings.ToLower(u.Hostname())
	if p := u.Port(); p != "" && !(u.Scheme == "http" && p == "80") && !(u.Scheme == "https" && p == "443") {
		host += ":" + p
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	u.Host, u.Fragment, u.RawFragment = host, "", ""
	if u.Path == "" {
		u.Path = "/"
	}
	return u.String(), nil
}

func (s *sqlStore) checkSite(st *Site) (string, error) {
	st.Name = strings.TrimSpace(st.Name)
	if len(st.URLs) == 0 {
		return "", invalid("a site needs at least one start URL")
	}
	var key string
	for i, u := range st.URLs {
		k, err := URLKey(u)
		if err != nil {
			return "", err
		}
		st.URLs[i] = strings.TrimSpace(u)
		if i == 0 {
			key = k
		}
	}
	if st.Name == "" {
		st.Name = key
	}
	if st.Retain < 0 {
		return "", invalid("retain %d is negative", st.Retain)
	}
	st.Group = strings.TrimSpace(st.Group)
	if len(st.Group) > MaxGroupLen || !utf8.ValidString(st.Group) || strings.ContainsFunc(st.Group, unicode.IsControl) {
		return "", invalid("group %.40q: at most %d bytes of text without control characters", st.Group, MaxGroupLen)
	}
	for _, a := range st.Alerts {
		switch a.Kind {
		case AlertWebhook:
			if _, err := URLKey(a.Address); err != nil {
				return "", invalid("webhook %q: %v", a.Address, err)
			}
		case AlertEmail:
			if !strings.Contains(a.Address, "@") || strings.ContainsAny(a.Address, "\r\n<>,; ") {
				return "", invalid("e-mail address %q", a.Address)
			}
		default:
			return "", invalid("alert kind %q is not webhook or email", a.Kind)
		}
	}
	return key, nil
}

func (s *sqlStore) CreateSite(ctx context.Context, st Site) (Site, error) {
	st.URLs = slices.Clone(st.URLs)
	key, err := s.checkSite(&st)
	if err != nil {
		return Site{}, s.wrap("create site", err)
	}
	st.Created = s.stamp()
	st.Updated = st.Created
	err = s.tx(ctx, "create site", func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sites WHERE org_id = $1 AND url_key = $2`, st.OrgID, key).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: the organisation monitors %s already", ErrDuplicate, key)
		}
		return tx.QueryRowContext(ctx, `INSERT INTO sites (org_id, name, url_key, urls, scope, sample, schedule, lang, public_sector, alerts, retain, next_run, created, updated, site_group)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			st.OrgID, st.Name, key, mustJSON(st.URLs), mustJSON(st.Scope), mustJSON(st.Sample), st.Schedule, st.Lang, b2i(st.PublicSector),
			mustJSON(st.Alerts), st.Retain, micro(st.NextRun), micro(st.Created), micro(st.Updated), st.Group).Scan(&st.ID)
	})
	if err != nil {
		return Site{}, err
	}
	return st, nil
}

func (s *sqlStore) UpdateSite(ctx context.Context, st Site) (Site, error) {
	st.URLs = slices.Clone(st.URLs)
	key, err := s.checkSite(&st)
	if err != nil {
		return Site{}, s.wrap("update site", err)
	}
	st.Updated = s.stamp()
	err = s.tx(ctx, "update site", func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sites WHERE org_id = (SELECT org_id FROM sites WHERE id = $1) AND url_key = $2 AND id <> $1`, st.ID, key).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("%w: the organisation monitors %s already", ErrDuplicate, key)
		}
		if err := affected1(tx.ExecContext(ctx, `UPDATE sites SET name = $1, url_key = $2, urls = $3, scope = $4, sample = $5, schedule = $6, lang = $7,
			public_sector = $8, alerts = $9, retain = $10, next_run = $11, updated = $12, site_group = $14 WHERE id = $13`,
			st.Name, key, mustJSON(st.URLs), mustJSON(st.Scope), mustJSON(st.Sample), st.Schedule, st.Lang, b2i(st.PublicSector),
			mustJSON(st.Alerts), st.Retain, micro(st.NextRun), micro(st.Updated), st.ID, st.Group)); err != nil {
			return err
		}
		var err error
		st, err = scanSite(tx.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE id = $1`, st.ID))
		return err
	})
	if err != nil {
		return Site{}, err
	}
	return st, nil
}

const siteCols = `id, org_id, name, urls, scope, sample, schedule, lang, public_sector, alerts, retain, next_run, created, updated, site_group`

func scanSite(row scanner) (Site, error) {
	var st Site
	var urls, scope, sample, alerts string
	var ps int
	var next, c, u int64
	if err := row.Scan(&st.ID, &st.OrgID, &st.Name, &urls, &scope, &sample, &st.Schedule, &st.Lang, &ps, &alerts, &st.Retain, &next, &c, &u, &st.Group); err != nil {
		return Site{}, err
	}
	st.PublicSector = ps != 0
	st.NextRun, st.Created, st.Updated = fromMicro(next), fromMicro(c), fromMicro(u)
	for _, f := range []struct {
		s string
		v any
	}{{urls, &st.URLs}, {scope, &st.Scope}, {sample, &st.Sample}, {alerts, &st.Alerts}} {
		if err := json.Unmarshal([]byte(f.s), f.v); err != nil {
			return Site{}, fmt.Errorf("site %d: %w", st.ID, err)
		}
	}
	return st, nil
}

func (s *sqlStore) Site(ctx context.Context, id int64) (Site, error) {
	st, err := scanSite(s.r.QueryRowContext(ctx, `SELECT `+siteCols+` FROM sites WHERE id = $1`, id))
	return st, s.wrap(fmt.Sprintf("site %d", id), err)
}

func (s *sqlStore) Sites(ctx context.Context, orgID int64) ([]Site, error) {
	return collect(ctx, s, "sites", scanSite, `SELECT `+siteCols+` FROM sites WHERE $1 = 0 OR org_id = $1 ORDER BY name, id`, orgID)
}

func (s *sqlStore) GroupSites(ctx context.Context, orgID int64, group string) ([]Site, error) {
	return collect(ctx, s, "group sites", scanSite, `SELECT `+siteCols+` FROM sites WHERE org_id = $1 AND site_group = $2 ORDER BY name, id`, orgID, group)
}

func (s *sqlStore) DeleteSite(ctx context.Context, id int64) error {
	return s.tx(ctx, "delete site", func(tx *sql.Tx) error {
		return affected1(tx.ExecContext(ctx, `DELETE FROM sites WHERE id = $1`, id))
	})
}

func (s *sqlStore) SetNextRun(ctx context.Context, siteID int64, next time.Time) error {
	return s.tx(ctx, "set next run", func(tx *sql.Tx) error {
		return affected1(tx.ExecContext(ctx, `UPDATE sites SET next_run = $1 WHERE id = $2`, micro(next), siteID))
	})
}

func (s *sqlStore) SiteSummaries(ctx context.Context, orgID int64, spark int) ([]SiteSummary, error) {
	sites, err := s.Sites(ctx, orgID)
	if err != nil {
		return nil, err
	}
	idx := map[int64]int{}
	out := make([]SiteSummary, len(sites))
	for i, st := range sites {
		out[i].Site = st
		idx[st.ID] = i
	}
	const op = "site summaries"
	// The latest run of each site, and the latest done one.
	for _, q := range []struct {
		where string
		set   func(*SiteSummary, Run)
	}{
		{"", func(ss *SiteSummary, r Run) { ss.Last = r }},
		{"AND r2.status = 'done'", func(ss *SiteSummary, r Run) { ss.LastDone = r }},
	} {
		// One index lookup per site (runs_site, runs_spark).
		rows, err := s.r.QueryContext(ctx, `SELECT `+runCols+` FROM runs WHERE id IN (
			SELECT (SELECT max(r2.id) FROM runs r2 WHERE r2.site_id = s.id `+q.where+`) FROM sites s WHERE $1 = 0 OR s.org_id = $1)`, orgID)
		if err != nil {
			return nil, s.wrap(op, err)
		}
		for rows.Next() {
			r, err := scanRun(rows)
			if err != nil {
				rows.Close()
				return nil, s.wrap(op, err)
			}
			if i, ok := idx[r.SiteID]; ok {
				q.set(&out[i], r)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, s.wrap(op, err)
		}
	}
	if spark <= 0 {
		return out, nil
	}
	// Per site, a range of the covering index runs_spark: one window
	// query over every run would read each run's row, counts and all.
	for i := range out {
		spk, err := collect(ctx, s, op, func(row scanner) (int, error) {
			var n int
			return n, row.Scan(&n)
		}, `SELECT failed FROM runs WHERE site_id = $1 AND status = 'done' ORDER BY id DESC LIMIT $2`, out[i].Site.ID, spark)
		if err != nil {
			return nil, err
		}
		slices.Reverse(spk)
		out[i].Sparkline = spk
	}
	return out, nil
}

// ---- runs ----

const runCols = `id, site_id, status, trigger_kind, slot, reason, queued, started, finished, counts, evidence_bytes, pruned`

func scanRun(row scanner) (Run, error) {
	var r Run
	var slot, q, st, fin int64
	var counts string
	var pruned int
	if err := row.Scan(&r.ID, &r.SiteID, &r.Status, &r.Trigger, &slot, &r.Reason, &q, &st, &fin, &counts, &r.EvidenceBytes, &pruned); err != nil {
		return Run{}, err
	}
	r.Slot, r.Queued, r.Started, r.Finished = fromMicro(slot), fromMicro(q), fromMicro(st), fromMicro(fin)
	r.Pruned = pruned != 0
	if err := json.Unmarshal([]byte(counts), &r.Counts); err != nil {
		return Run{}, fmt.Errorf("run %d: counts: %w", r.ID, err)
	}
	return r, nil
}

func (s *sqlStore) CreateRun(ctx context.Context, siteID int64, trigger string, slot time.Time) (Run, error) {
	r, err := s.newRun(siteID, trigger, slot)
	if err != nil {
		return Run{}, s.wrap("create run", err)
	}
	var active Run
	err = s.tx(ctx, "create run", func(tx *sql.Tx) error {
		active, err = s.insertRun(ctx, sqlRowQuery(tx), &r)
		return err
	})
	if err != nil {
		if active.ID != 0 {
			return active, err
		}
		return Run{}, err
	}
	return r, nil
}

// newRun checks a run's trigger and returns the queued run to insert.
func (s *sqlStore) newRun(siteID int64, trigger string, slot time.Time) (Run, error) {
	switch trigger {
	case TriggerSchedule, TriggerManual, TriggerAPI:
	default:
		return Run{}, invalid("trigger %q", trigger)
	}
	r := Run{SiteID: siteID, Status: StatusQueued, Trigger: trigger, Slot: slot.UTC().Truncate(time.Microsecond), Queued: s.stamp()}
	if slot.IsZero() {
		r.Slot = time.Time{}
	}
	return r, nil
}

// insertRun inserts r (setting its ID) in a transaction, unless the site
// has an active run (ErrConflict, and that run is returned) or ran r's
// slot already (ErrDuplicate).
func (s *sqlStore) insertRun(ctx context.Context, q rowQuery, r *Run) (Run, error) {
	a, err := scanRun(q(ctx, `SELECT `+runCols+` FROM runs WHERE site_id = $1 AND status IN ('queued', 'running')`, r.SiteID))
	if err == nil {
		return a, fmt.Errorf("%w: site %d has run %d %s", ErrConflict, r.SiteID, a.ID, a.Status)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return Run{}, err
	}
	if !r.Slot.IsZero() {
		var n int
		if err := q(ctx, `SELECT count(*) FROM runs WHERE site_id = $1 AND slot = $2`, r.SiteID, micro(r.Slot)).Scan(&n); err != nil {
			return Run{}, err
		}
		if n > 0 {
			return Run{}, fmt.Errorf("%w: site %d ran its slot %s already", ErrDuplicate, r.SiteID, r.Slot.Format(time.RFC3339))
		}
	}
	return Run{}, q(ctx, `INSERT INTO runs (site_id, status, trigger_kind, slot, reason, queued, started, finished, counts, evidence_bytes, pruned)
		VALUES ($1, 'queued', $2, $3, '', $4, 0, 0, '{"pages":0,"failed":0,"cantTell":0}', 0, 0) RETURNING id`,
		r.SiteID, r.Trigger, micro(r.Slot), micro(r.Queued)).Scan(&r.ID)
}

func (s *sqlStore) StartRun(ctx context.Context, runID int64) (Run, error) {
	var r Run
	err := s.tx(ctx, "start run", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE runs SET status = 'running', started = $1 WHERE id = $2 AND status = 'queued'`, micro(s.stamp()), runID)
		if err := affected1(res, err); errors.Is(err, ErrNotFound) {
			if _, err := scanRun(tx.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE id = $1`, runID)); err != nil {
				return err
			}
			return fmt.Errorf("%w: run %d is not queued", ErrConflict, runID)
		} else if err != nil {
			return err
		}
		r, err = scanRun(tx.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE id = $1`, runID))
		return err
	})
	return r, err
}

func (s *sqlStore) FailRun(ctx context.Context, runID int64, reason string, c Counts) error {
	if reason == "" {
		reason = "failed"
	}
	return s.tx(ctx, "fail run", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE runs SET status = 'failed', reason = $1, counts = $2, failed = $3, finished = $4 WHERE id = $5 AND status IN ('queued', 'running')`,
			reason, mustJSON(c), c.Failed, micro(s.stamp()), runID)
		if err := affected1(res, err); errors.Is(err, ErrNotFound) {
			if _, err := scanRun(tx.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE id = $1`, runID)); err != nil {
				return err
			}
			return fmt.Errorf("%w: run %d has finished already", ErrConflict, runID)
		} else {
			return err
		}
	})
}

func (s *sqlStore) Run(ctx context.Context, id int64) (Run, error) {
	r, err := scanRun(s.r.QueryRowContext(ctx, `SELECT `+runCols+` FROM runs WHERE id = $1`, id))
	return r, s.wrap(fmt.Sprintf("run %d", id), err)
}

func (s *sqlStore) runs(ctx context.Context, op, q string, args ...any) ([]Run, error) {
	return collect(ctx, s, op, scanRun, q, args...)
}

func (s *sqlStore) Runs(ctx context.Context, siteID int64, limit int) ([]Run, error) {
	return s.runs(ctx, "runs", `SELECT `+runCols+` FROM runs WHERE site_id = $1 ORDER BY id DESC`+s.limitClause(limit, 0), siteID)
}

func (s *sqlStore) DoneRuns(ctx context.Context, siteID int64, from, to time.Time) ([]Run, error) {
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return nil, s.wrap("done runs", invalid("the period %s to %s is empty", from.Format(time.RFC3339), to.Format(time.RFC3339)))
	}
	end := int64(math.MaxInt64)
	if !to.IsZero() {
		end = micro(to)
	}
	return s.runs(ctx, "done runs", `SELECT `+runCols+` FROM runs WHERE site_id = $1 AND status = 'done' AND finished >= $2 AND finished < $3 ORDER BY finished, id`,
		siteID, micro(from), end)
}

func (s *sqlStore) ActiveRuns(ctx context.Context) ([]Run, error) {
	return s.runs(ctx, "active runs", `SELECT `+runCols+` FROM runs WHERE status IN ('queued', 'running') ORDER BY id`)
}

func (s *sqlStore) Trend(ctx context.Context, siteID int64, limit int) ([]TrendPoint, error) {
	rs, err := s.runs(ctx, "trend", `SELECT `+runCols+` FROM runs WHERE site_id = $1 AND status IN ('done', 'failed') ORDER BY id DESC`+s.limitClause(limit, 0), siteID)
	if err != nil {
		return nil, err
	}
	out := make([]TrendPoint, len(rs))
	for i, r := range rs {
		out[len(rs)-1-i] = TrendPoint{RunID: r.ID, Status: r.Status, Finished: r.Finished, Counts: r.Counts}
	}
	return out, nil
}

// ---- the page journal ----

// runActive fails with ErrConflict unless the run is queued or running.
func runActive(ctx context.Context, tx *sql.Tx, runID int64) error {
	var st Status
	if err := tx.QueryRowContext(ctx, `SELECT status FROM runs WHERE id = $1`, runID).Scan(&st); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: run %d", ErrNotFound, runID)
		}
		return err
	}
	if !st.Active() {
		return fmt.Errorf("%w: run %d is %s", ErrConflict, runID, st)
	}
	return nil
}

func (s *sqlStore) AddPage(ctx context.Context, p PageRecord) (PageRecord, error) {
	if p.URL == "" {
		return PageRecord{}, s.wrap("add page", invalid("page without URL"))
	}
	p.Recorded = s.stamp()
	var res any
	if p.Result != nil {
		res = string(p.Result)
	}
	err := s.tx(ctx, "add page", func(tx *sql.Tx) error {
		if err := runActive(ctx, tx, p.RunID); err != nil {
			return err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO pages (run_id, url, template, status, error, failed, cant_tell, result, recorded)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			p.RunID, p.URL, p.Template, p.Status, p.Error, p.Failed, p.CantTell, res, micro(p.Recorded)).Scan(&p.Seq)
		if sentinel(err) == ErrDuplicate {
			return fmt.Errorf("%w: run %d has page %s already: %w", ErrDuplicate, p.RunID, p.URL, err)
		}
		return err
	})
	if err != nil {
		return PageRecord{}, err
	}
	return p, nil
}

func (s *sqlStore) Pages(ctx context.Context, runID int64) ([]PageRecord, error) {
	return collect(ctx, s, "pages", func(row scanner) (PageRecord, error) {
		var p PageRecord
		var res sql.NullString
		var rec int64
		err := row.Scan(&p.Seq, &p.RunID, &p.URL, &p.Template, &p.Status, &p.Error, &p.Failed, &p.CantTell, &res, &rec)
		if res.Valid {
			p.Result = json.RawMessage(res.String)
		}
		p.Recorded = fromMicro(rec)
		return p, err
	}, `SELECT id, run_id, url, template, status, error, failed, cant_tell, result, recorded FROM pages WHERE run_id = $1 ORDER BY id`, runID)
}

func (s *sqlStore) PageURLs(ctx context.Context, runID int64) ([]string, error) {
	return collect(ctx, s, "page URLs", func(row scanner) (string, error) {
		var u string
		return u, row.Scan(&u)
	}, `SELECT url FROM pages WHERE run_id = $1 ORDER BY id`, runID)
}

func (s *sqlStore) SetRunState(ctx context.Context, runID int64, name string, data []byte) error {
	if name == "" {
		return s.wrap("set run state", invalid("empty name"))
	}
	if data == nil {
		data = []byte{}
	}
	return s.tx(ctx, "set run state", func(tx *sql.Tx) error {
		if err := runActive(ctx, tx, runID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO run_state (run_id, name, data) VALUES ($1, $2, $3)
			ON CONFLICT (run_id, name) DO UPDATE SET data = excluded.data`, runID, name, data)
		return err
	})
}

func (s *sqlStore) RunState(ctx context.Context, runID int64, name string) ([]byte, error) {
	var data []byte
	err := s.r.QueryRowContext(ctx, `SELECT data FROM run_state WHERE run_id = $1 AND name = $2`, runID, name).Scan(&data)
	return data, s.wrap("run state "+name, err)
}

// ---- evidence ----

// checkBlobName accepts slash-separated relative names without "..".
func checkBlobName(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || path.Clean(name) != name || strings.HasPrefix(name, "../") || name == ".." || strings.ContainsAny(name, "\\\x00") {
		return invalid("blob name %q must be a clean relative path", name)
	}
	return nil
}

func (s *sqlStore) PutBlob(ctx context.Context, runID int64, name, contentType string, data []byte) error {
	if err := checkBlobName(name); err != nil {
		return s.wrap("put blob", err)
	}
	if data == nil {
		data = []byte{}
	}
	return s.tx(ctx, "put blob "+name, func(tx *sql.Tx) error {
		var pruned int
		if err := tx.QueryRowContext(ctx, `SELECT pruned FROM runs WHERE id = $1`, runID).Scan(&pruned); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%w: run %d", ErrNotFound, runID)
			}
			return err
		}
		if pruned != 0 {
			return fmt.Errorf("%w: the evidence of run %d was pruned", ErrConflict, runID)
		}
		var old int64
		if err := tx.QueryRowContext(ctx, `SELECT size FROM blobs WHERE run_id = $1 AND name = $2`, runID, name).Scan(&old); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO blobs (run_id, name, content_type, size, data, created) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (run_id, name) DO UPDATE SET content_type = excluded.content_type, size = excluded.size, data = excluded.data, created = excluded.created`,
			runID, name, contentType, int64(len(data)), data, micro(s.stamp())); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE runs SET evidence_bytes = evidence_bytes + $1 WHERE id = $2`, int64(len(data))-old, runID)
		return err
	})
}

func (s *sqlStore) OpenBlob(ctx context.Context, runID int64, name string) ([]byte, Blob, error) {
	b := Blob{RunID: runID, Name: name}
	var data []byte
	var c int64
	err := s.r.QueryRowContext(ctx, `SELECT content_type, size, data, created FROM blobs WHERE run_id = $1 AND name = $2`, runID, name).Scan(&b.ContentType, &b.Size, &data, &c)
	if err != nil {
		return nil, Blob{}, s.wrap(fmt.Sprintf("blob %d/%s", runID, name), err)
	}
	b.Created = fromMicro(c)
	return data, b, nil
}

func (s *sqlStore) Blobs(ctx context.Context, runID int64) ([]Blob, error) {
	return collect(ctx, s, "blobs", func(row scanner) (Blob, error) {
		b := Blob{RunID: runID}
		var c int64
		err := row.Scan(&b.Name, &b.ContentType, &b.Size, &c)
		b.Created = fromMicro(c)
		return b, err
	}, `SELECT name, content_type, size, created FROM blobs WHERE run_id = $1 ORDER BY name`, runID)
}

func (s *sqlStore) PruneEvidence(ctx context.Context, siteID int64, keep int) (int64, error) {
	if keep < 0 {
		return 0, s.wrap("prune evidence", invalid("keep %d is negative", keep))
	}
	var freed int64
	err := s.tx(ctx, "prune evidence", func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, pruned FROM runs WHERE site_id = $1 AND status IN ('done', 'failed') ORDER BY id DESC`, siteID)
		if err != nil {
			return err
		}
		var ids []int64
		for k := 0; rows.Next(); k++ {
			var id int64
			var pruned int
			if err := rows.Scan(&id, &pruned); err != nil {
				rows.Close()
				return err
			}
			if k >= keep && pruned == 0 {
				ids = append(ids, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			var b, p sql.NullInt64
			if err := tx.QueryRowContext(ctx, `SELECT (SELECT sum(size) FROM blobs WHERE run_id = $1), (SELECT sum(length(result)) FROM pages WHERE run_id = $1)`, id).Scan(&b, &p); err != nil {
				return err
			}
			freed += b.Int64 + p.Int64
			for _, q := range []string{
				`DELETE FROM blobs WHERE run_id = $1`,
				`DELETE FROM run_state WHERE run_id = $1`,
				`UPDATE pages SET result = NULL WHERE run_id = $1 AND result IS NOT NULL`,
				`UPDATE runs SET pruned = 1, evidence_bytes = 0 WHERE id = $1`,
			} {
				if _, err := tx.ExecContext(ctx, q, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return freed, err
}

// ---- findings and issues ----

const findingCols = `run_id, fingerprint, rule, code, outcome, impact, wcag, en, message, message_sv, selector, snippet, crop, occurrences, pages, state`

func scanFinding(row scanner) (Finding, error) {
	var f Finding
	var wcag, en, pages string
	if err := row.Scan(&f.RunID, &f.Fingerprint, &f.Rule, &f.Code, &f.Outcome, &f.Impact, &wcag, &en, &f.Message, &f.MessageSV,
		&f.Selector, &f.Snippet, &f.Crop, &f.Occurrences, &pages, &f.State); err != nil {
		return Finding{}, err
	}
	for _, x := range []struct {
		s string
		v *[]string
	}{{wcag, &f.WCAG}, {en, &f.EN}, {pages, &f.Pages}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return Finding{}, fmt.Errorf("finding %s: %w", f.Fingerprint, err)
		}
	}
	return f, nil
}

func (s *sqlStore) Findings(ctx context.Context, runID int64) ([]Finding, error) {
	return collect(ctx, s, "findings", scanFinding, `SELECT `+findingCols+` FROM findings WHERE run_id = $1 ORDER BY fingerprint`, runID)
}

// sharesPage reports whether two sorted page lists have a page in common.
func sharesPage(a, b []string) bool {
	for _, p := range a {
		if _, ok := slices.BinarySearch(b, p); ok {
			return true
		}
	}
	return false
}

// nonNil makes JSON lists [] rather than null.
func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

func (s *sqlStore) FinishRun(ctx context.Context, runID int64, rep RunReport) ([]Finding, error) {
	fs := make([]Finding, len(rep.Findings))
	copy(fs, rep.Findings)
	seen := map[string]bool{}
	for i := range fs {
		f := &fs[i]
		if f.Fingerprint == "" {
			return nil, s.wrap("finish run", invalid("finding %d has no fingerprint", i))
		}
		if seen[f.Fingerprint] {
			return nil, s.wrap("finish run", invalid("fingerprint %s listed twice", f.Fingerprint))
		}
		seen[f.Fingerprint] = true
		f.RunID = runID
		f.Pages = slices.Clone(f.Pages)
		sort.Strings(f.Pages)
		f.Pages = slices.Compact(f.Pages)
		if f.Crop != "" {
			if err := checkBlobName(f.Crop); err != nil {
				return nil, s.wrap("finish run", err)
			}
		}
	}
	sort.Slice(fs, func(i, j int) bool { return fs[i].Fingerprint < fs[j].Fingerprint })
	counts := rep.Counts
	counts.Issues = len(fs)
	counts.Lifecycle = map[IssueState]int{}
	err := s.tx(ctx, "finish run", func(tx *sql.Tx) error {
		var siteID int64
		var st Status
		if err := tx.QueryRowContext(ctx, `SELECT site_id, status FROM runs WHERE id = $1`, runID).Scan(&siteID, &st); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("%w: run %d", ErrNotFound, runID)
			}
			return err
		}
		if st != StatusRunning {
			return fmt.Errorf("%w: run %d is %s, not running", ErrConflict, runID, st)
		}
		// What this run audited: the report's list, else the journal.
		audited := map[string]bool{}
		if rep.Audited != nil {
			for _, u := range rep.Audited {
				audited[u] = true
			}
		} else {
			rows, err := tx.QueryContext(ctx, `SELECT url FROM pages WHERE run_id = $1 AND error = ''`, runID)
			if err != nil {
				return err
			}
			for rows.Next() {
				var u string
				if err := rows.Scan(&u); err != nil {
					rows.Close()
					return err
				}
				audited[u] = true
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for _, f := range fs {
			for _, p := range f.Pages {
				audited[p] = true
			}
		}
		// The site's known issues, with the finding they were last seen as.
		type known struct {
			id                   int64
			fp                   string
			state                IssueState
			rule, code, selector string
			pages                []string
		}
		prev := map[string]*known{}
		rows, err := tx.QueryContext(ctx, `SELECT i.id, i.fingerprint, i.state, f.rule, f.code, f.selector, f.pages FROM issues i
			JOIN findings f ON f.run_id = i.last_seen AND f.issue_id = i.id WHERE i.site_id = $1`, siteID)
		if err != nil {
			return err
		}
		for rows.Next() {
			k := &known{}
			var pages string
			if err := rows.Scan(&k.id, &k.fp, &k.state, &k.rule, &k.code, &k.selector, &pages); err != nil {
				rows.Close()
				return err
			}
			json.Unmarshal([]byte(pages), &k.pages)
			prev[k.fp] = k
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// An unknown fingerprint continues a known issue this run did not
		// see when both are the same component: same rule and result
		// code, same element selector, a page in common. (A fix elsewhere
		// on an element, such as an added attribute, changes its shape
		// and so the fingerprint.)
		cont := map[string]*known{}
		var open []*known
		for _, k := range prev {
			if !seen[k.fp] && k.state != StateFixed {
				open = append(open, k)
			}
		}
		sort.Slice(open, func(i, j int) bool { return open[i].fp < open[j].fp })
		for _, f := range fs {
			if _, ok := prev[f.Fingerprint]; ok || f.Selector == "" {
				continue
			}
			for i, k := range open {
				if k != nil && k.rule == f.Rule && k.code == f.Code && k.selector == f.Selector && sharesPage(k.pages, f.Pages) {
					cont[f.Fingerprint] = k
					open[i] = nil
					break
				}
			}
		}
		continued := map[string]bool{}
		for i := range fs {
			f := &fs[i]
			k, ok := prev[f.Fingerprint]
			if c := cont[f.Fingerprint]; c != nil {
				k, ok = c, true
				continued[c.fp] = true
			}
			var prevState IssueState
			if ok {
				prevState = k.state
			}
			f.State, _ = Transition(prevState, ok, true, true)
			counts.Lifecycle[f.State]++
			var id int64
			if ok {
				id = k.id
				if _, err := tx.ExecContext(ctx, `UPDATE issues SET fingerprint = $1, rule = $2, impact = $3, state = $4, state_run = $5, last_seen = $5 WHERE id = $6`,
					f.Fingerprint, f.Rule, f.Impact, string(f.State), runID, id); err != nil {
					return err
				}
			} else if err := tx.QueryRowContext(ctx, `INSERT INTO issues (site_id, fingerprint, rule, impact, state, state_run, first_seen, last_seen)
				VALUES ($1, $2, $3, $4, $5, $6, $6, $6) RETURNING id`, siteID, f.Fingerprint, f.Rule, f.Impact, string(f.State), runID).Scan(&id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO findings (`+findingCols+`, issue_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
				runID, f.Fingerprint, f.Rule, f.Code, f.Outcome, f.Impact, mustJSON(nonNil(f.WCAG)), mustJSON(nonNil(f.EN)), f.Message, f.MessageSV,
				f.Selector, f.Snippet, f.Crop, f.Occurrences, mustJSON(nonNil(f.Pages)), string(f.State), id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO issue_events (issue_id, run_id, state) VALUES ($1, $2, $3)`, id, runID, string(f.State)); err != nil {
				return err
			}
		}
		// Known issues this run did not see.
		fps := make([]string, 0, len(prev))
		for fp := range prev {
			if !seen[fp] && !continued[fp] {
				fps = append(fps, fp)
			}
		}
		sort.Strings(fps)
		for _, fp := range fps {
			k := prev[fp]
			onAudited := len(k.pages) == 0
			for _, p := range k.pages {
				onAudited = onAudited || audited[p]
			}
			next, changed := Transition(k.state, true, false, onAudited)
			if !changed {
				continue
			}
			counts.Lifecycle[next]++
			if _, err := tx.ExecContext(ctx, `UPDATE issues SET state = $1, state_run = $2 WHERE id = $3`, string(next), runID, k.id); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO issue_events (issue_id, run_id, state) VALUES ($1, $2, $3)`, k.id, runID, string(next)); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE runs SET status = 'done', reason = '', finished = $1, counts = $2, failed = $3 WHERE id = $4`, micro(s.stamp()), mustJSON(counts), counts.Failed, runID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return fs, nil
}

const issueCols = `i.id, i.site_id, i.fingerprint, i.state, i.state_run, i.first_seen, i.last_seen, ` +
	`f.run_id, f.fingerprint, f.rule, f.code, f.outcome, f.impact, f.wcag, f.en, f.message, f.message_sv, f.selector, f.snippet, f.crop, f.occurrences, f.pages, f.state`

const issueFrom = ` FROM issues i JOIN findings f ON f.run_id = i.last_seen AND f.issue_id = i.id`

func scanIssue(row scanner) (Issue, error) {
	var is Issue
	var f Finding
	var wcag, en, pages string
	if err := row.Scan(&is.ID, &is.SiteID, &is.Fingerprint, &is.State, &is.StateRun, &is.FirstSeen, &is.LastSeen,
		&f.RunID, &f.Fingerprint, &f.Rule, &f.Code, &f.Outcome, &f.Impact, &wcag, &en, &f.Message, &f.MessageSV,
		&f.Selector, &f.Snippet, &f.Crop, &f.Occurrences, &pages, &f.State); err != nil {
		return Issue{}, err
	}
	for _, x := range []struct {
		s string
		v *[]string
	}{{wcag, &f.WCAG}, {en, &f.EN}, {pages, &f.Pages}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return Issue{}, fmt.Errorf("issue %s: %w", is.Fingerprint, err)
		}
	}
	is.Last = f
	return is, nil
}

func (s *sqlStore) Issues(ctx context.Context, siteID int64, flt IssueFilter) ([]Issue, error) {
	if flt.State != "" && !flt.State.Valid() {
		return nil, s.wrap("issues", invalid("state %q is not new, recurring, fixed or reopened", flt.State))
	}
	q := `SELECT ` + issueCols + issueFrom + ` WHERE i.site_id = $1`
	args := []any{siteID}
	add := func(cond string, v any) {
		args = append(args, v)
		q += fmt.Sprintf(" AND "+cond, len(args))
	}
	if flt.State != "" {
		add("i.state = $%d", string(flt.State))
	}
	if flt.Run != 0 {
		add("i.state_run = $%d", flt.Run)
	}
	if flt.Rule != "" {
		add("i.rule = $%d", flt.Rule)
	}
	if flt.Impact != "" {
		add("i.impact = $%d", flt.Impact)
	}
	if flt.Outcome != "" {
		add("f.outcome = $%d", flt.Outcome)
	}
	q += ` ORDER BY CASE i.impact WHEN 'critical' THEN 0 WHEN 'serious' THEN 1 WHEN 'moderate' THEN 2 WHEN 'minor' THEN 3 ELSE 4 END, i.rule, i.fingerprint`
	q += s.limitClause(flt.Limit, flt.Offset)
	return collect(ctx, s, "issues", scanIssue, q, args...)
}

func (s *sqlStore) Issue(ctx context.Context, siteID int64, fingerprint string) (Issue, error) {
	is, err := scanIssue(s.r.QueryRowContext(ctx, `SELECT `+issueCols+issueFrom+` WHERE i.site_id = $1 AND i.fingerprint = $2`, siteID, fingerprint))
	if errors.Is(err, sql.ErrNoRows) {
		// A fingerprint the issue had in an earlier run.
		is, err = scanIssue(s.r.QueryRowContext(ctx, `SELECT `+issueCols+issueFrom+` WHERE i.site_id = $1 AND i.id =
			(SELECT issue_id FROM findings WHERE fingerprint = $2 AND run_id IN (SELECT id FROM runs WHERE site_id = $1) ORDER BY run_id DESC LIMIT 1)`, siteID, fingerprint))
	}
	return is, s.wrap("issue "+fingerprint, err)
}

func (s *sqlStore) IssueHistory(ctx context.Context, siteID int64, fingerprint string) ([]Sighting, error) {
	is, err := s.Issue(ctx, siteID, fingerprint)
	if err != nil {
		return nil, err
	}
	const op = "issue history"
	type done struct {
		ID       int64
		Finished time.Time
	}
	runs, err := collect(ctx, s, op, func(row scanner) (done, error) {
		var d done
		var fin int64
		err := row.Scan(&d.ID, &fin)
		d.Finished = fromMicro(fin)
		return d, err
	}, `SELECT id, finished FROM runs WHERE site_id = $1 AND status = 'done' AND id >= $2 ORDER BY id`, siteID, is.FirstSeen)
	if err != nil {
		return nil, err
	}
	fs, err := collect(ctx, s, op, scanFinding, `SELECT `+findingCols+` FROM findings WHERE issue_id = $1`, is.ID)
	if err != nil {
		return nil, err
	}
	found := map[int64]Finding{}
	for _, f := range fs {
		found[f.RunID] = f
	}
	type event struct {
		run   int64
		state IssueState
	}
	evs, err := collect(ctx, s, op, func(row scanner) (event, error) {
		var e event
		return e, row.Scan(&e.run, &e.state)
	}, `SELECT run_id, state FROM issue_events WHERE issue_id = $1`, is.ID)
	if err != nil {
		return nil, err
	}
	events := map[int64]IssueState{}
	for _, e := range evs {
		events[e.run] = e.state
	}
	var out []Sighting
	var state IssueState
	for _, r := range runs {
		sg := Sighting{RunID: r.ID, Finished: r.Finished}
		if st, ok := events[r.ID]; ok {
			state = st
		}
		if f, ok := found[r.ID]; ok {
			sg.Seen, sg.Finding = true, f
		}
		sg.State = state
		out = append(out, sg)
	}
	return out, nil
}
