package monitor

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/granska/granska/internal/store"
)

// This file is the hook for executing runs outside the monitor's own loop
// (internal/queue's workers): Config.CreateRun creates a run with its
// job, Config.Enqueue hands the active runs to the queue instead of
// executing them, and Execute runs one of them in another process.

// ErrNothingAudited is a run that audited no page (its site could not be
// reached), left active by Execute with retry for a later attempt.
var ErrNothingAudited = errors.New("monitor: no page audited")

// Execute runs the run runID in this process (queued, or running and
// left by a process that died: continued from its page journal), without
// Start. It returns nil once the run is done or failed (a failed audit is
// a result), ctx's error when interrupted, and an error when the run is
// still active for another reason, so a queue retries it. With retry (a
// queue's attempt that is not its last), a run that audited no page (the
// site down) is left running and the error wraps ErrNothingAudited;
// without, it is failed with the reason. The caller must make sure no
// other process executes the same run at once.
func (m *Monitor) Execute(ctx context.Context, runID int64, retry bool) error {
	r, err := m.st.Run(ctx, runID)
	if err != nil {
		return fmt.Errorf("monitor: run %d: %w", runID, err)
	}
	if !r.Status.Active() {
		return nil
	}
	m.mu.Lock()
	if m.work == "" {
		m.work = m.cfg.WorkDir
		if m.work == "" {
			dir, err := os.MkdirTemp("", "granska-work-")
			if err != nil {
				m.mu.Unlock()
				return fmt.Errorf("monitor: work folder: %w", err)
			}
			m.work = dir
		} else if err := os.MkdirAll(m.work, 0o700); err != nil {
			m.mu.Unlock()
			return fmt.Errorf("monitor: work folder: %w", err)
		}
	}
	m.mu.Unlock()
	if err := m.execute(ctx, r, retry); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if r, err = m.st.Run(ctx, runID); err != nil {
		return fmt.Errorf("monitor: run %d: %w", runID, err)
	}
	if r.Status.Active() {
		return fmt.Errorf("monitor: run %d still %s after executing", runID, r.Status)
	}
	return nil
}

// Fail ends the active run runID as failed with reason, as a run that
// failed in this monitor (OnFinish is told), for a queue that gives up
// on it. A run that is no longer active is left as it is.
func (m *Monitor) Fail(ctx context.Context, runID int64, reason string) error {
	r, err := m.st.Run(ctx, runID)
	if err != nil {
		return fmt.Errorf("monitor: run %d: %w", runID, err)
	}
	if !r.Status.Active() {
		return nil
	}
	site, err := m.st.Site(ctx, r.SiteID)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("monitor: run %d: %w", runID, err)
	}
	m.fail(ctx, site, r, reason, r.Counts)
	return nil
}

// HostOf is the host a site's pages are fetched from (its first start
// URL, lower case): the key of the per-host page limit.
func HostOf(site store.Site) string { return hostOf(site) }
