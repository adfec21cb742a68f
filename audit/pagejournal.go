package audit

import (
	"context"

	"github.com/granska/granska/result"
)

// PageJournal keeps a run's page journal outside the output folder, as the
// monitoring server keeps it in its database (so a run killed mid-way
// continues from it, on this machine or another). Config.Journal set, the
// engine records each finished page there as well as in Out/pages.jsonl,
// and on Resume takes the pages already done from it instead of the file.
type PageJournal interface {
	// Finished returns the pages an earlier, interrupted attempt of the
	// run recorded; Resume skips them.
	Finished(ctx context.Context) ([]result.Page, error)
	// Record stores one finished page (audited or failed). The engine
	// records a URL at most once per run; a store that refuses a second
	// record of a URL (a unique constraint) makes that a guarantee. An
	// error is logged and the run goes on: the page then counts as not
	// journalled, and a resumed run audits it again.
	Record(ctx context.Context, p result.Page) error
}

// journalled returns the pages cfg.Journal has, by URL.
func journalled(ctx context.Context, j PageJournal) (map[string]result.Page, error) {
	prev, err := j.Finished(ctx)
	if err != nil {
		return nil, err
	}
	done := make(map[string]result.Page, len(prev))
	for _, p := range prev {
		done[p.URL] = p
	}
	return done, nil
}

// record hands a finished page to cfg.Journal, if any.
func (e *engine) record(ctx context.Context, rp result.Page) {
	if e.cfg.Journal == nil {
		return
	}
	if err := e.cfg.Journal.Record(ctx, rp); err != nil {
		e.cfg.Logf("journal %s: %v", rp.URL, err)
	}
}
