package queue

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// This file is the per-page host limit shared by every worker of a
// database: at most PerHost pages of one host in flight at once, over
// all workers and runs (audit.Config.PageGate).
//
// A slot is a leased row (host, slot 0..PerHost-1) in granska_host_slot,
// not an advisory lock, because a page slot is taken and given back
// about once a second per tab and must not outlive its holder:
//   - An advisory session lock needs a connection held for as long as the
//     page, one per tab, and it only goes when Postgres notices the
//     connection is dead: at once for a killed process on a live machine,
//     but after TCP keepalive (hours by default) for a machine that
//     vanished from the network. A lease expires Lease after its last
//     renewal whatever happened to its holder.
//   - Advisory locks are lost when Postgres restarts while the workers
//     still believe they hold them; a lease row is committed and survives.
//   - Expiry is judged by Postgres's clock (now()), so the workers' clocks
//     do not matter.
//
// The price: a slot a dead worker held stays taken up to Lease, and a
// holder cut off from Postgres for longer than Lease loses its lease
// while its page goes on (logged), so for that moment one page more may
// be in flight.
//
// Waiters queue in arrival order (granska_host_wait, a sequence number
// per wait): a free slot goes to the oldest live waiter of the host, so a
// run whose tabs give a slot back and ask again at once cannot starve
// another run of the same host. A waiter renews its place on every poll;
// a dead waiter's place lapses after 20 polls (4 s by default).
// DefaultLease is how long a page slot stays taken after its holder's
// last renewal when GateConfig.Lease is 0.
const DefaultLease = 30 * time.Second

// GateConfig configures a HostGate.
type GateConfig struct {
	// PerHost bounds the pages of one host in flight over every HostGate
	// on the database; 0 means 2. Every worker must use the same value
	// (each tries slots 0..PerHost-1: a larger value lets its holder in
	// beside the others' full set).
	PerHost int
	// Lease is how long a slot stays taken after its last renewal (a
	// holder renews every Lease/3 while the page runs); 0 means
	// DefaultLease.
	Lease time.Duration
	// Holder names the holder in the table, for people reading it; ""
	// means hostname-pid.
	Holder string
	// Poll is how often a waiter tries again; 0 means 200 ms.
	Poll   time.Duration
	Logger *slog.Logger
}

// HostGate hands out page slots of hosts, leased in Postgres.
type HostGate struct {
	pool *pgxpool.Pool
	cfg  GateConfig
}

// NewHostGate returns a gate on pool, whose database Migrate has
// prepared.
func NewHostGate(pool *pgxpool.Pool, cfg GateConfig) (*HostGate, error) {
	if pool == nil {
		return nil, errors.New("queue: host gate needs a pool")
	}
	if cfg.PerHost <= 0 {
		cfg.PerHost = 2
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultLease
	}
	if cfg.Lease < 300*time.Millisecond {
		return nil, fmt.Errorf("queue: host slot lease %v is shorter than 300 ms", cfg.Lease)
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 200 * time.Millisecond
	}
	cfg.Holder = cmp.Or(cfg.Holder, processName())
	cfg.Logger = cmp.Or(cfg.Logger, slog.New(slog.DiscardHandler))
	return &HostGate{pool: pool, cfg: cfg}, nil
}

// processName names this process: hostname-pid.
func processName() string {
	h, _ := os.Hostname()
	return fmt.Sprintf("%s-%d", h, os.Getpid())
}

// hostSlotsDDL creates the slots' and the waiters' tables.
var hostSlotsDDL = []string{
	`CREATE TABLE IF NOT EXISTS granska_host_slot (host text NOT NULL, slot integer NOT NULL,
		token text NOT NULL, holder text NOT NULL, taken timestamptz NOT NULL, expires timestamptz NOT NULL,
		PRIMARY KEY (host, slot))`,
	`CREATE TABLE IF NOT EXISTS granska_host_wait (token text PRIMARY KEY, host text NOT NULL,
		seq bigserial NOT NULL, holder text NOT NULL, expires timestamptz NOT NULL)`,
	`CREATE INDEX IF NOT EXISTS granska_host_wait_host ON granska_host_wait (host, seq)`,
}

// migrateHostSlots creates the host slots' tables (Migrate calls it).
func migrateHostSlots(ctx context.Context, pool *pgxpool.Pool) error {
	for _, q := range hostSlotsDDL {
		if _, err := pool.Exec(ctx, q); err != nil {
			return fmt.Errorf("queue: host slots tables: %w", err)
		}
	}
	return nil
}

// Acquire waits until one of host's PerHost slots is free or its lease
// has expired and no older waiter of host is still waiting, takes it, and
// keeps renewing it until release is called (release is idempotent; it
// gives the slot back). It has the signature of audit.Config.PageGate.
// It returns ctx's error when ctx ends first, and the database's error
// when Postgres could not be reached for Lease.
func (g *HostGate) Acquire(ctx context.Context, host string) (release func(), err error) {
	token, err := newToken()
	if err != nil {
		return nil, err
	}
	queued := false
	defer func() {
		if queued {
			dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			g.pool.Exec(dctx, `DELETE FROM granska_host_wait WHERE token = $1`, token) // else it lapses
		}
	}()
	var failing time.Time // since when every try failed; zero while Postgres answers
	for {
		slot, err := g.try(ctx, host, token, &queued)
		switch {
		case err == nil && slot >= 0:
			return g.hold(host, slot, token), nil
		case err == nil:
			failing = time.Time{}
		case ctx.Err() != nil:
			return nil, ctx.Err()
		default:
			// Postgres away (a restart): try again for as long as a
			// lease lasts, then give up on this page.
			if failing.IsZero() {
				failing = time.Now()
			} else if time.Since(failing) > g.cfg.Lease {
				return nil, fmt.Errorf("queue: host slot: %w", err)
			}
			g.cfg.Logger.Warn("host slot: try again", "host", host, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(g.cfg.Poll):
		}
	}
}

// try queues the waiter (once) or renews its place, then takes the first
// free (or expired) slot of host if no older live waiter is ahead, and
// returns it, or -1 when it must wait.
func (g *HostGate) try(ctx context.Context, host, token string, queued *bool) (int, error) {
	wait := (20 * g.cfg.Poll).Milliseconds()
	if _, err := g.pool.Exec(ctx, `INSERT INTO granska_host_wait (token, host, holder, expires)
		VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
		ON CONFLICT (token) DO UPDATE SET expires = excluded.expires`, token, host, g.cfg.Holder, wait); err != nil {
		return -1, err
	}
	*queued = true
	for slot := range g.cfg.PerHost {
		rows, err := g.pool.Query(ctx, `INSERT INTO granska_host_slot AS s (host, slot, token, holder, taken, expires)
			SELECT $1, $2, $3, $4, now(), now() + $5 * interval '1 millisecond'
			WHERE NOT EXISTS (SELECT 1 FROM granska_host_wait w, granska_host_wait me
				WHERE me.token = $3 AND w.host = $1 AND w.seq < me.seq AND w.expires > now())
			ON CONFLICT (host, slot) DO UPDATE SET token = excluded.token, holder = excluded.holder,
				taken = excluded.taken, expires = excluded.expires
			WHERE s.expires < now()
			RETURNING slot`, host, slot, token, g.cfg.Holder, g.cfg.Lease.Milliseconds())
		if err != nil {
			return -1, err
		}
		got := rows.Next()
		rows.Close()
		if err := rows.Err(); err != nil {
			return -1, err
		}
		if got {
			return slot, nil
		}
	}
	return -1, nil
}

// hold renews the lease of (host, slot, token) every Lease/3 until the
// returned release is called, which deletes it.
func (g *HostGate) hold(host string, slot int, token string) func() {
	stop := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(g.cfg.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				ctx, cancel := context.WithTimeout(context.Background(), g.cfg.Lease/3)
				tag, err := g.pool.Exec(ctx, `UPDATE granska_host_slot SET expires = now() + $4 * interval '1 millisecond'
					WHERE host = $1 AND slot = $2 AND token = $3`, host, slot, token, g.cfg.Lease.Milliseconds())
				cancel()
				switch {
				case err != nil:
					g.cfg.Logger.Warn("host slot: renewal failed", "host", host, "slot", slot, "err", err)
				case tag.RowsAffected() == 0:
					g.cfg.Logger.Warn("host slot: lease lost (not renewed in time): another page of the host may be in flight",
						"host", host, "slot", slot)
					return
				}
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			close(stop)
			<-stopped
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if _, err := g.pool.Exec(ctx, `DELETE FROM granska_host_slot WHERE host = $1 AND slot = $2 AND token = $3`,
				host, slot, token); err != nil {
				// The lease expires on its own.
				g.cfg.Logger.Warn("host slot: release failed", "host", host, "slot", slot, "err", err)
			}
		})
	}
}

// newToken names one taking of a slot, so only its taker renews or
// releases it.
func newToken() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("queue: host slot token: %w", err)
	}
	return hex.EncodeToString(b), nil
}
