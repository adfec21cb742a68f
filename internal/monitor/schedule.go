package monitor

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
)

// ErrSchedule is an invalid schedule.
var ErrSchedule = errors.New("monitor: invalid schedule")

// Schedule says when a site runs.
type Schedule interface {
	// Next is the first slot strictly after t.
	Next(t time.Time) time.Time
}

var named = map[string]string{
	"hourly": "@hourly", "daily": "@daily", "weekly": "@weekly", "monthly": "@monthly",
}

// ParseSchedule reads a site's schedule: "" (manual runs only: nil, nil),
// "hourly", "daily", "weekly" or "monthly" (also with a leading @), "@every
// DURATION" (at least 1m, such as "@every 6h"), or a five-field cron
// expression ("0 3 * * 1": Mondays at 03:00) in UTC, or with a leading
// "CRON_TZ=Europe/Stockholm ". Anything else wraps ErrSchedule with the
// parser's reason.
func ParseSchedule(s string) (Schedule, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, nil
	}
	if n, ok := named[strings.ToLower(strings.TrimPrefix(s, "@"))]; ok {
		s = n
	}
	if rest, ok := strings.CutPrefix(s, "@every "); ok {
		d, err := time.ParseDuration(strings.TrimSpace(rest))
		if err != nil {
			return nil, fmt.Errorf("%w %q: %v", ErrSchedule, s, err)
		}
		if d < time.Minute {
			return nil, fmt.Errorf("%w %q: an interval must be at least 1m", ErrSchedule, s)
		}
	}
	sch, err := cron.ParseStandard(s)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %v (use daily, weekly, @every 6h or a cron expression such as \"0 3 * * 1\")", ErrSchedule, s, err)
	}
	return utc{sch}, nil
}

// utc evaluates cron expressions without a CRON_TZ in UTC, not in the
// server's local zone, so a schedule means the same on every machine.
type utc struct{ s cron.Schedule }

func (u utc) Next(t time.Time) time.Time { return u.s.Next(t.UTC()).UTC() }
