package audit

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/granska/granska/result"
)

// Journal is the file in the output folder that records each finished page
// as one JSON line; Resume reads it.
const Journal = "pages.jsonl"

// readJournal reads the pages recorded by an earlier run. A torn last line
// (the process was killed mid-write) is ignored.
func readJournal(path string) ([]result.Page, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("audit: nothing to resume in %s: no %s", filepath.Dir(path), Journal)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []result.Page
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var p result.Page
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			continue
		}
		out = append(out, p)
	}
	return out, sc.Err()
}

// openJournal opens Out's journal for appending: on Resume it first reads
// the pages an earlier, interrupted run finished (by URL); otherwise it
// starts an empty one.
func openJournal(cfg Config) (map[string]result.Page, *os.File, error) {
	done := map[string]result.Page{}
	jpath := filepath.Join(cfg.Out, Journal)
	if cfg.Resume {
		prev, err := readJournal(jpath)
		if err != nil {
			return nil, nil, err
		}
		for _, p := range prev {
			done[p.URL] = p
		}
		cfg.Logf("resuming: %d pages already audited", len(done))
	} else {
		os.Remove(jpath)
	}
	jf, err := os.OpenFile(jpath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, nil, fmt.Errorf("audit: journal: %w", err)
	}
	return done, jf, nil
}
