package crawl

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// Files in StateDir.
const (
	configFile   = "crawl.json"
	snapshotFile = "frontier.jsonl"
	journalFile  = "journal.jsonl"
	stateVersion = 1
)

// configRecord is the content of crawl.json.
type configRecord struct {
	Version int    `json:"version"`
	Config  Config `json:"config"`
}

// line is one line of frontier.jsonl or journal.jsonl; T says which
// field is set.
type line struct {
	T string `json:"t"`
	// head
	V                 int      `json:"v,omitzero"`
	Gen               uint64   `json:"gen,omitzero"`
	Preflight         bool     `json:"preflight,omitzero"`
	Hosts             []string `json:"hosts,omitzero"`
	SitemapsTruncated bool     `json:"sitemapsTruncated,omitzero"`
	// entries
	E *entryLine `json:"e,omitzero"`
	// excluded hashes, in chunks
	X []exclRec `json:"x,omitzero"`
	// overflow counts
	Overflow map[string]int `json:"overflow,omitzero"`
	// one document
	Doc *docLine `json:"doc,omitzero"`
	// one robots.txt
	Robots *robotsRec `json:"robots,omitzero"`
	// one sitemap
	Sitemap *sitemapRec `json:"sitemap,omitzero"`
	// journal events
	Ev *event `json:"ev,omitzero"`
}

type entryLine struct {
	U     string    `json:"u"`
	D     int32     `json:"d,omitzero"`
	St    uint8     `json:"st,omitzero"`
	K     uint8     `json:"k,omitzero"`
	S     int16     `json:"s,omitzero"`
	F     uint8     `json:"f,omitzero"`
	H     uint8     `json:"h,omitzero"`
	LC    cueScores `json:"lc,omitzero"`
	TC    cueScores `json:"tc,omitzero"`
	Forms []uint64  `json:"fm,omitzero"`
	Loc   string    `json:"loc,omitzero"`
	Code  string    `json:"code,omitzero"`
	Msg   string    `json:"msg,omitzero"`
	CT    string    `json:"ct,omitzero"`
}

type docLine struct {
	U       string   `json:"u"`
	T       string   `json:"t"`
	In      bool     `json:"in,omitzero"`
	FoundOn []string `json:"foundOn,omitzero"`
}

// checkpointEvery is how often, at most, Discover writes a snapshot
// between levels; the journal covers the time in between.
const checkpointEvery = 30 * time.Second

// store owns the files in StateDir.
type store struct {
	dir     string
	gen     uint64
	journal *os.File
	written int64     // journal bytes since the snapshot
	saved   time.Time // when the last snapshot was written
}

// lastSave returns when the last snapshot was written (the zero time
// without a StateDir, so that callers never wait for one).
func (c *Crawler) lastSave() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.store == nil {
		return time.Now()
	}
	return c.store.saved
}

// createStore prepares an empty StateDir for a new crawl.
func createStore(dir string, cfg Config) (*store, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("crawl: state directory: %w", err)
	}
	for _, f := range []string{configFile, snapshotFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return nil, fmt.Errorf("%w: %s", ErrStateExists, dir)
		}
	}
	rec := configRecord{Version: stateVersion, Config: cfg}
	err := writeAtomic(dir, configFile, func(w *bufio.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rec)
	})
	if err != nil {
		return nil, err
	}
	return &store{dir: dir}, nil
}

// writeAtomic writes name in dir through a temporary file, synced and
// renamed into place, so a reader sees the old or the new file, never a
// part.
func writeAtomic(dir, name string, write func(*bufio.Writer) error) error {
	f, err := os.CreateTemp(dir, name+".tmp*")
	if err != nil {
		return fmt.Errorf("crawl: saving state: %w", err)
	}
	tmp := f.Name()
	w := bufio.NewWriterSize(f, 64<<10)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("crawl: saving state: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

func (c *Crawler) checkpoint() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.checkpointLocked()
}

// checkpointLocked writes a snapshot with the next generation number and
// starts an empty journal of that generation. The caller holds c.mu.
func (c *Crawler) checkpointLocked() error {
	if c.store == nil {
		return c.err
	}
	if c.err != nil {
		return c.err
	}
	s := c.store
	gen := s.gen + 1
	st := c.st
	err := writeAtomic(s.dir, snapshotFile, func(w *bufio.Writer) error {
		enc := json.NewEncoder(w)
		if err := enc.Encode(line{T: "head", V: stateVersion, Gen: gen, Preflight: st.preflight, Hosts: st.hosts, SitemapsTruncated: st.sitemapsTruncated}); err != nil {
			return err
		}
		for _, u := range slices.SortedFunc(maps.Keys(st.entries), Compare) {
			e := st.entries[u]
			el := &entryLine{U: u, D: e.depth, St: e.stage, K: e.kind, S: e.status, F: e.flags, H: e.hops, LC: e.linkCue, TC: e.titleCue, Forms: e.forms}
			if e.info != nil {
				el.Loc, el.Code, el.Msg, el.CT = e.info.location, e.info.code, e.info.message, e.info.contentType
			}
			if err := enc.Encode(line{T: "e", E: el}); err != nil {
				return err
			}
		}
		hashes := slices.Sorted(maps.Keys(st.excluded))
		for len(hashes) > 0 {
			n := min(len(hashes), 1000)
			chunk := make([]exclRec, n)
			for i, h := range hashes[:n] {
				chunk[i] = exclRec{H: h, R: st.excluded[h]}
			}
			hashes = hashes[n:]
			if err := enc.Encode(line{T: "x", X: chunk}); err != nil {
				return err
			}
		}
		if len(st.overflow) > 0 {
			if err := enc.Encode(line{T: "overflow", Overflow: st.overflow}); err != nil {
				return err
			}
		}
		for _, u := range slices.SortedFunc(maps.Keys(st.docs), Compare) {
			d := st.docs[u]
			if err := enc.Encode(line{T: "doc", Doc: &docLine{U: u, T: d.typ, In: d.inScope, FoundOn: d.foundOn}}); err != nil {
				return err
			}
		}
		for _, o := range slices.Sorted(maps.Keys(st.robots)) {
			if err := enc.Encode(line{T: "robots", Robots: st.robots[o]}); err != nil {
				return err
			}
		}
		for _, sm := range st.sitemaps {
			if err := enc.Encode(line{T: "sitemap", Sitemap: sm}); err != nil {
				return err
			}
		}
		return enc.Encode(line{T: "end"})
	})
	if err != nil {
		c.err = err
		return err
	}
	if s.journal != nil {
		s.journal.Close()
		s.journal = nil
	}
	err = writeAtomic(s.dir, journalFile, func(w *bufio.Writer) error {
		return json.NewEncoder(w).Encode(line{T: "head", V: stateVersion, Gen: gen})
	})
	if err == nil {
		s.journal, err = os.OpenFile(filepath.Join(s.dir, journalFile), os.O_WRONLY|os.O_APPEND, 0)
	}
	if err != nil {
		c.err = fmt.Errorf("crawl: saving state: %w", err)
		return c.err
	}
	s.gen, s.written, s.saved = gen, 0, time.Now()
	return nil
}

// append writes one event to the journal in a single write.
func (s *store) append(ev *event) error {
	if s.journal == nil {
		return errors.New("journal not open")
	}
	b, err := json.Marshal(line{T: "ev", Ev: ev})
	if err != nil {
		return err
	}
	n, err := s.journal.Write(append(b, '\n'))
	s.written += int64(n)
	return err
}

func (s *store) close() error {
	if s.journal == nil {
		return nil
	}
	err := s.journal.Close()
	s.journal = nil
	return err
}

// Load resumes the crawl saved in stateDir: it reads the configuration
// saved by New, the last snapshot and the journal written after it (a
// torn last line, from a crash mid-write, is ignored), and returns a
// Crawler whose next Discover carries on without fetching again what was
// fetched. client, when not nil, replaces Config.Client (which is not
// saved). Load writes a fresh snapshot before returning.
func Load(stateDir string, client *http.Client) (*Crawler, error) {
	b, err := os.ReadFile(filepath.Join(stateDir, configFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %s has no %s", ErrNoState, stateDir, configFile)
	}
	if err != nil {
		return nil, fmt.Errorf("crawl: reading state: %w", err)
	}
	var rec configRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("crawl: reading state: %s: %w", configFile, err)
	}
	if rec.Version != stateVersion {
		return nil, fmt.Errorf("crawl: reading state: %s has version %d, this build reads %d", configFile, rec.Version, stateVersion)
	}
	cfg := rec.Config
	cfg.StateDir = stateDir
	cfg.Client = client
	s, err := cfg.compile()
	if err != nil {
		return nil, err
	}
	c, err := newCrawler(s)
	if err != nil {
		return nil, err
	}
	c.store = &store{dir: stateDir}
	gen, err := c.readSnapshot()
	if err != nil {
		return nil, err
	}
	if gen == 0 {
		c.seed()
	} else if err := c.replayJournal(gen); err != nil {
		return nil, err
	}
	c.store.gen = gen
	c.st.rebuild()
	if c.st.preflight {
		hosts := map[string]bool{}
		for _, h := range c.st.hosts {
			hosts[h] = true
		}
		c.scope.Store(&scope{hosts: hosts, subdomain: s.AllowSubdomains, s: s})
	}
	for o, r := range c.st.robots {
		c.robots[o] = parseRobots(r)
	}
	if err := c.checkpoint(); err != nil {
		return nil, err
	}
	return c, nil
}

// readSnapshot loads frontier.jsonl and returns its generation (0 when
// there is none).
func (c *Crawler) readSnapshot() (uint64, error) {
	f, err := os.Open(filepath.Join(c.store.dir, snapshotFile))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("crawl: reading state: %w", err)
	}
	defer f.Close()
	st := c.st
	var gen uint64
	ended := false
	err = readLines(f, func(l *line) error {
		switch l.T {
		case "head":
			if l.V != stateVersion {
				return fmt.Errorf("snapshot version %d, this build reads %d", l.V, stateVersion)
			}
			gen, st.preflight, st.hosts, st.sitemapsTruncated = l.Gen, l.Preflight, l.Hosts, l.SitemapsTruncated
		case "e":
			if l.E == nil {
				return errors.New("entry line without entry")
			}
			el := l.E
			e := &entry{depth: el.D, stage: el.St, kind: el.K, status: el.S, flags: el.F, hops: el.H, linkCue: el.LC, titleCue: el.TC, forms: el.Forms}
			if el.Loc != "" || el.Code != "" || el.Msg != "" || el.CT != "" {
				e.info = &entryInfo{location: el.Loc, code: el.Code, message: el.Msg, contentType: el.CT}
			}
			st.entries[el.U] = e
		case "x":
			for _, x := range l.X {
				st.excluded[x.H] = x.R
			}
		case "overflow":
			maps.Copy(st.overflow, l.Overflow)
		case "doc":
			if l.Doc != nil {
				st.docs[l.Doc.U] = &docEntry{typ: l.Doc.T, inScope: l.Doc.In, foundOn: l.Doc.FoundOn}
			}
		case "robots":
			if l.Robots != nil {
				st.robots[l.Robots.Origin] = l.Robots
			}
		case "sitemap":
			if l.Sitemap != nil {
				st.sitemaps = append(st.sitemaps, l.Sitemap)
			}
		case "end":
			ended = true
		}
		return nil
	}, false)
	if err == nil && !ended {
		err = errors.New("snapshot is incomplete")
	}
	if err != nil {
		return 0, fmt.Errorf("crawl: reading state: %s: %w", snapshotFile, err)
	}
	return gen, nil
}

// replayJournal applies the journal's events when the journal belongs to
// snapshot generation gen; an older journal is already in the snapshot.
func (c *Crawler) replayJournal(gen uint64) error {
	f, err := os.Open(filepath.Join(c.store.dir, journalFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("crawl: reading state: %w", err)
	}
	defer f.Close()
	var jgen uint64
	err = readLines(f, func(l *line) error {
		switch l.T {
		case "head":
			jgen = l.Gen
		case "ev":
			if jgen == gen && l.Ev != nil {
				c.st.apply(l.Ev, c.s.MaxDepth)
			}
		}
		return nil
	}, true)
	if err != nil {
		return fmt.Errorf("crawl: reading state: %s: %w", journalFile, err)
	}
	return nil
}

// readLines decodes JSON lines. With tolerateTorn, an undecodable last
// line (a write cut short by a crash) is ignored.
func readLines(r io.Reader, fn func(*line) error, tolerateTorn bool) error {
	br := bufio.NewReaderSize(r, 1<<20)
	for n := 1; ; n++ {
		b, err := br.ReadBytes('\n')
		if len(bytes.TrimSpace(b)) > 0 {
			var l line
			if jerr := json.Unmarshal(b, &l); jerr != nil {
				if tolerateTorn && (err == io.EOF || b[len(b)-1] != '\n') {
					return nil
				}
				return fmt.Errorf("line %d: %w", n, jerr)
			}
			if ferr := fn(&l); ferr != nil {
				return fmt.Errorf("line %d: %w", n, ferr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
