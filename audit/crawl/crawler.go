package crawl

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
	"github.com/temoto/robotstxt"
)

// maxRedirects is the longest redirect chain followed from one URL.
const maxRedirects = 10

// maxRobotsBytes is the most of a robots.txt file that is read.
const maxRobotsBytes = 512 << 10

// Crawler discovers a site and chooses the pages to audit. Its methods are
// safe for concurrent use, but Discover calls are serialised; links added
// with AddLinks while Discover runs are considered at its next level.
type Crawler struct {
	s    *settings
	col  *colly.Collector
	http *http.Client // robots.txt, sitemaps, start redirects
	// textOut holds the URLs of links dropped for their text
	// (ExcludeLinkText), which AddLinks, given URLs only, must not add.
	textOut sync.Map
	scope   atomic.Pointer[scope]
	isStart map[string]bool

	discover sync.Mutex // one Discover at a time

	mu      sync.Mutex // guards everything below
	st      *state
	robots  map[string]*robotstxt.RobotsData // parsed st.robots, by origin
	limited map[string]bool                  // hosts with a colly LimitRule
	store   *store                           // nil without StateDir
	err     error                            // sticky persistence error
}

// New returns a Crawler for cfg. With a StateDir, the directory must not
// already hold a crawl (see Load); it is created if needed.
func New(cfg Config) (*Crawler, error) {
	s, err := cfg.compile()
	if err != nil {
		return nil, err
	}
	c, err := newCrawler(s)
	if err != nil {
		return nil, err
	}
	c.seed()
	if cfg.StateDir != "" {
		st, err := createStore(cfg.StateDir, cfg)
		if err != nil {
			return nil, err
		}
		c.store = st
		if err := c.checkpoint(); err != nil {
			st.close()
			return nil, err
		}
	}
	return c, nil
}

func newCrawler(s *settings) (*Crawler, error) {
	c := &Crawler{
		s:       s,
		st:      newState(),
		robots:  map[string]*robotstxt.RobotsData{},
		limited: map[string]bool{},
		isStart: map[string]bool{},
	}
	var base http.Client
	if s.Client != nil {
		base = *s.Client
	} else {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = max(s.Parallelism, 2)
		base.Transport = tr
	}
	if base.Timeout == 0 {
		base.Timeout = s.PageTimeout
	}
	if base.Jar == nil {
		jar, err := cookiejar.New(nil)
		if err != nil {
			return nil, err
		}
		base.Jar = jar
	}
	pages := base
	// Every status is a response (colly would otherwise call 203 and 204
	// errors); transport failures alone reach OnError.
	c.col = colly.NewCollector(colly.UserAgent(s.UserAgent), colly.AllowURLRevisit(), colly.IgnoreRobotsTxt(), colly.ParseHTTPErrorResponse())
	c.col.SetClient(&pages)
	// Redirects are never followed inside a request: the crawler admits
	// the Location like a link (see the package documentation).
	c.col.SetRedirectHandler(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })
	c.col.OnResponseHeaders(onHeaders)
	c.col.OnResponse(onResponse)
	c.col.OnError(onError)

	other := base
	other.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return http.ErrUseLastResponse
		}
		return nil
	}
	c.http = &other
	hosts := map[string]bool{}
	for _, u := range s.starts {
		pu, _ := url.Parse(u)
		hosts[hostKey(pu)] = true
		c.isStart[u] = true
	}
	c.scope.Store(&scope{hosts: hosts, subdomain: s.AllowSubdomains, s: s})
	return c, nil
}

func (c *Crawler) seed() {
	for _, u := range c.s.starts {
		if _, ok := c.st.entries[u]; !ok {
			c.st.entries[u] = &entry{stage: stageCandidate, flags: flagStart}
		}
	}
}

// Close releases the state directory's journal. The crawler must not be
// used afterwards.
func (c *Crawler) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.store == nil {
		return nil
	}
	err := c.store.close()
	c.store = nil
	return err
}

// Save writes a snapshot of the crawl state to StateDir now and starts a
// new journal. Discover already saves between levels at least every 30
// seconds and when it returns, and every change is journaled as it
// happens, so Save is only needed to compact the journal. Without a
// StateDir it does nothing.
func (c *Crawler) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.checkpointLocked()
}

// Discover fetches the site over HTTP, level by level from the start URLs,
// the sitemaps and any links added with AddLinks, until nothing in scope is
// left to fetch or the context ends. It may be called again after AddLinks.
// It returns ctx.Err() when the context ends (the state is saved first),
// an error wrapping ErrStartFailed when no start URL yielded an HTML page,
// and otherwise nil: fetch failures are results, listed in Summary.
func (c *Crawler) Discover(ctx context.Context) error {
	c.discover.Lock()
	defer c.discover.Unlock()
	if err := c.stickyErr(); err != nil {
		return err
	}
	c.col.Context = ctx
	c.mu.Lock()
	pre := c.st.preflight
	c.mu.Unlock()
	if !pre {
		c.preflight(ctx)
		if err := c.checkpoint(); err != nil {
			return err
		}
	}
	for ctx.Err() == nil {
		d, ok := c.nextDepth()
		if !ok {
			break
		}
		if err := c.admit(ctx, d); err != nil {
			break
		}
		c.fetchLevel(ctx, d)
		if time.Since(c.lastSave()) > checkpointEvery {
			if err := c.checkpoint(); err != nil {
				return err
			}
		}
	}
	if err := c.checkpoint(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return c.startFailure()
}

func (c *Crawler) stickyErr() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// nextDepth returns the lowest depth holding a candidate or a queued URL.
func (c *Crawler) nextDepth() (int32, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, ok := int32(0), false
	for _, e := range c.st.entries {
		if e.stage != stageDone && (!ok || e.depth < d) {
			d, ok = e.depth, true
		}
	}
	return d, ok
}

// admit moves the candidates at depth d into the frontier, in natural URL
// order, applying robots.txt and the limits; the rest are excluded.
func (c *Crawler) admit(ctx context.Context, d int32) error {
	c.mu.Lock()
	var cands []string
	origins := map[string]bool{}
	for u, e := range c.st.entries {
		if e.stage == stageCandidate && e.depth == d {
			cands = append(cands, u)
			if !c.s.IgnoreRobots {
				if o := originOf(u); c.st.robots[o] == nil {
					origins[o] = true
				}
			}
		}
	}
	c.mu.Unlock()
	slices.SortFunc(cands, Compare)
	for _, o := range slices.Sorted(maps.Keys(origins)) {
		c.fetchRobots(ctx, o)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.st
	tcap, qcap := c.s.templateCap(), c.s.queryCap()
	ev := &event{T: evAdmit}
	for o := range origins {
		if r := st.robots[o]; r != nil {
			ev.Robots = append(ev.Robots, r)
		}
	}
	slices.SortFunc(ev.Robots, func(a, b *robotsRec) int { return strings.Compare(a.Origin, b.Origin) })
	// Decisions are made on copies of the counters, then recorded as
	// one event, so that replaying the journal makes the same ones.
	admitted := st.admitted
	tmpl, query := map[string]int{}, map[string]int{}
	for _, u := range cands {
		e := st.entries[u]
		if e == nil || e.stage != stageCandidate || e.depth != d {
			continue
		}
		pu, err := url.Parse(u)
		if err != nil {
			ev.Dropped = append(ev.Dropped, dropRec{U: u, R: exInvalid})
			continue
		}
		if !c.s.IgnoreRobots && !c.robotsAllow(pu) {
			ev.Dropped = append(ev.Dropped, dropRec{U: u, R: exRobots})
			continue
		}
		ck, pk := capKey(pu), pathKey(u)
		if e.flags&flagStart == 0 {
			var r exclReason
			switch {
			case pu.RawQuery != "" && st.queryCount[pk]+query[pk] >= qcap:
				r = exQueryVariants
			case st.tmplCount[ck]+tmpl[ck] >= tcap:
				r = exTemplateCap
			case admitted >= c.s.MaxPages:
				r = exMaxPages
			}
			if r != 0 {
				ev.Dropped = append(ev.Dropped, dropRec{U: u, R: r})
				continue
			}
		}
		ev.Admitted = append(ev.Admitted, u)
		admitted++
		tmpl[ck]++
		if pu.RawQuery != "" {
			query[pk]++
		}
	}
	c.recordLocked(ev)
	return nil
}

// fetchLevel fetches every queued URL at depth d with Parallelism workers.
func (c *Crawler) fetchLevel(ctx context.Context, d int32) {
	c.mu.Lock()
	var urls []string
	for u, e := range c.st.entries {
		if e.stage == stageQueued && e.depth == d {
			urls = append(urls, u)
		}
	}
	c.mu.Unlock()
	slices.SortFunc(urls, Compare)
	ch := make(chan string)
	var wg sync.WaitGroup
	for range min(c.s.Parallelism, max(len(urls), 1)) {
		wg.Go(func() {
			for u := range ch {
				c.fetchOne(ctx, u)
			}
		})
	}
feed:
	for _, u := range urls {
		select {
		case ch <- u:
		case <-ctx.Done():
			break feed
		}
	}
	close(ch)
	wg.Wait()
}

func (c *Crawler) fetchOne(ctx context.Context, u string) {
	c.mu.Lock()
	e := c.st.entries[u]
	if e == nil || e.stage != stageQueued {
		c.mu.Unlock()
		return
	}
	in := fetchInput{url: u, depth: e.depth, hops: e.hops, flags: e.flags, cue: e.linkCue}
	if host := hostOf(u); !c.limited[host] {
		c.limited[host] = true
		_ = c.col.Limit(&colly.LimitRule{
			DomainRegexp: "^" + regexp.QuoteMeta(host) + "$",
			Parallelism:  c.s.Parallelism,
			Delay:        c.s.Delay,
		})
	}
	c.mu.Unlock()
	ev := c.fetch(ctx, in)
	if ev != nil && ev.Kind == kindRedirect && ev.Location == u && ev.rawLocation != "" && ev.rawLocation != in.url {
		// The server spells the same resource its own way (/sv → /sv/,
		// a reordered query): fetch its spelling, which is also the right
		// base for the page's relative links, and record the result under
		// the normalised URL.
		in2 := in
		in2.url = ev.rawLocation
		if ev2 := c.fetch(ctx, in2); ev2 != nil {
			ev2.URL = u
			ev = ev2
		}
	}
	if ev != nil && ev.Kind == kindRedirect && ev.Location == u {
		// A redirect to itself usually sets a cookie first; try once more.
		ev = c.fetch(ctx, in)
		if ev != nil && ev.Kind == kindRedirect && ev.Location == u {
			ev.Kind, ev.Code, ev.Message = kindError, CodeRedirectLoop, "the page redirects to itself"
		}
	}
	if ev == nil {
		return
	}
	c.record(ev)
}

// record journals an event and applies it to the state.
func (c *Crawler) record(ev *event) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.recordLocked(ev)
}

// maxJournal is the journal size beyond which a snapshot is written.
const maxJournal = 32 << 20

func (c *Crawler) recordLocked(ev *event) int {
	if c.store != nil && c.err == nil {
		if err := c.store.append(ev); err != nil {
			c.err = fmt.Errorf("crawl: saving state: %w", err)
		}
	}
	n := c.st.apply(ev, c.s.MaxDepth)
	if c.store != nil && c.store.written > maxJournal {
		c.checkpointLocked()
	}
	return n
}

// fetchInput is what a worker needs to know about the URL it fetches.
type fetchInput struct {
	url   string
	depth int32
	hops  uint8
	flags uint8
	cue   cueScores
}

// fetchState is filled by the colly callbacks for one request.
type fetchState struct {
	status      int
	contentType string
	location    string
	body        []byte
	err         error
	aborted     bool
}

const stateKey = "granska.fetch"

func stateOf(ctx *colly.Context) *fetchState {
	if ctx == nil {
		return nil
	}
	fs, _ := ctx.GetAny(stateKey).(*fetchState)
	return fs
}

func onHeaders(r *colly.Response) {
	fs := stateOf(r.Ctx)
	if fs == nil {
		return
	}
	fs.status = r.StatusCode
	if r.Headers != nil {
		fs.contentType = r.Headers.Get("Content-Type")
		fs.location = r.Headers.Get("Location")
	}
	if r.StatusCode >= 200 && r.StatusCode < 300 && fs.contentType != "" && !isHTMLType(fs.contentType) {
		// Documents and other non-HTML bodies are never downloaded.
		fs.aborted = true
		r.Request.Abort()
	}
}

func onResponse(r *colly.Response) {
	if fs := stateOf(r.Ctx); fs != nil {
		fs.status = r.StatusCode
		fs.body = r.Body
	}
}

func onError(r *colly.Response, err error) {
	fs := stateOf(r.Ctx)
	if fs == nil {
		return
	}
	if r.StatusCode != 0 {
		fs.status = r.StatusCode
	}
	if errors.Is(err, colly.ErrAbortedAfterHeaders) && fs.aborted {
		return
	}
	fs.err = err
}

// Stable error codes in Summary.Errors.
const (
	CodeHTTPStatus       = "http-status"        // the server answered 4xx or 5xx
	CodeTimeout          = "timeout"            // no complete answer within PageTimeout
	CodeNetwork          = "network"            // connection refused, DNS, TLS, reset ...
	CodeRedirectLoop     = "redirect-loop"      // a redirect chain comes back to itself
	CodeTooManyRedirects = "too-many-redirects" // more than 10 redirects in a row
	CodeBadRedirect      = "bad-redirect"       // a redirect without a usable Location
	CodeBadContent       = "bad-content"        // the body could not be decoded
)

// fetch requests one URL through colly and turns the outcome into an
// event. It returns nil when the context ended first (the URL stays
// queued).
func (c *Crawler) fetch(ctx context.Context, in fetchInput) *event {
	fs := &fetchState{}
	cctx := colly.NewContext()
	cctx.Put(stateKey, fs)
	reqErr := c.col.Request(http.MethodGet, in.url, nil, cctx, nil)
	if fs.err == nil && reqErr != nil && !fs.aborted {
		fs.err = reqErr
	}
	if ctx.Err() != nil && (fs.status == 0 || fs.err != nil) {
		return nil // interrupted: the URL stays queued
	}
	ev := &event{T: evFetch, URL: in.url, Depth: in.depth, Status: fs.status}
	base, _ := url.Parse(in.url)
	switch {
	case fs.status == 0:
		ev.Kind, ev.Code, ev.Message = kindError, CodeNetwork, errMessage(fs.err)
		if isTimeout(fs.err) {
			ev.Code = CodeTimeout
			ev.Message = fmt.Sprintf("no complete answer within %s", c.s.PageTimeout)
		}
	case fs.status >= 300 && fs.status < 400 && fs.location != "":
		c.redirect(ev, in, base, fs.location)
	case fs.status >= 300 && fs.status < 400:
		ev.Kind, ev.Code, ev.Message = kindError, CodeBadRedirect, "redirect without a Location header"
	case fs.status >= 400:
		ev.Kind, ev.Code, ev.Message = kindError, CodeHTTPStatus, http.StatusText(fs.status)
	case fs.err != nil && !fs.aborted:
		ev.Kind, ev.Code, ev.Message = kindError, CodeBadContent, errMessage(fs.err)
		if isTimeout(fs.err) {
			ev.Code = CodeTimeout
			ev.Message = fmt.Sprintf("no complete answer within %s", c.s.PageTimeout)
		}
	default:
		ct := fs.contentType
		if ct == "" {
			ct = http.DetectContentType(fs.body)
		}
		switch {
		case isHTMLType(ct):
			ev.Kind = kindPage
			c.page(ev, in, base, fs.body)
		case documentType(ct) != "":
			ev.Kind, ev.ContentType = kindDocument, ct
		default:
			ev.Kind, ev.ContentType = kindOther, ct
		}
	}
	return ev
}

func errMessage(err error) string {
	if err == nil {
		return "no response"
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return err.Error()
}

func isTimeout(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// redirect records a 3xx answer and admits its target like a link at the
// same depth, carrying the start flag and link cues along.
func (c *Crawler) redirect(ev *event, in fetchInput, base *url.URL, location string) {
	target, err := Normalize(location, base)
	if err != nil {
		ev.Kind, ev.Code, ev.Message = kindError, CodeBadRedirect, fmt.Sprintf("unusable Location %q", location)
		return
	}
	ev.Kind, ev.Location = kindRedirect, target
	if raw, err := base.Parse(strings.TrimSpace(location)); err == nil {
		raw.Fragment = ""
		ev.rawLocation = raw.String()
	}
	if target == in.url {
		return
	}
	if int(in.hops)+1 > maxRedirects {
		ev.Kind, ev.Code, ev.Message = kindError, CodeTooManyRedirects, fmt.Sprintf("more than %d redirects in a row", maxRedirects)
		return
	}
	c.classify(ev, in.url, target, in.depth, in.flags, in.hops+1, in.cue)
}

// page extracts what the crawler keeps from an HTML page.
func (c *Crawler) page(ev *event, in fetchInput, base *url.URL, body []byte) {
	pf := parsePage(body)
	if pf.base != "" {
		if b, err := base.Parse(strings.TrimSpace(pf.base)); err == nil && (b.Scheme == "http" || b.Scheme == "https") {
			base = b
		}
	}
	ev.TitleCue = scoreText(pf.title)
	pageShape := shapeOf(mustParse(in.url).EscapedPath(), mustParse(in.url).RawQuery)
	for _, f := range pf.forms {
		key := pageShape
		if a := strings.TrimSpace(f.action); a != "" && !f.orphan {
			if n, err := Normalize(a, base); err == nil {
				pu := mustParse(n)
				key = shapeOf(pu.EscapedPath(), pu.RawQuery)
			} else {
				key = "?"
			}
		}
		fp := f.fingerprint(key)
		if !slices.Contains(ev.Forms, fp) {
			ev.Forms = append(ev.Forms, fp)
		}
	}
	seen := map[string]int{}
	for _, l := range pf.links {
		href := strings.TrimSpace(l.href)
		if href == "" || href[0] == '#' {
			continue
		}
		n, err := Normalize(href, base)
		if err != nil {
			ev.Excl = append(ev.Excl, exclFor(href, err))
			continue
		}
		if n == in.url {
			continue
		}
		if c.s.textExcluded(l.text) {
			c.textOut.Store(n, true) // AddLinks must not bring it back
			continue
		}
		cue := scoreText(l.text)
		if i, ok := seen[n]; ok {
			if i >= 0 {
				ev.Links[i].C.merge(cue)
			}
			continue
		}
		before := len(ev.Links)
		c.classify(ev, in.url, n, in.depth+1, 0, 0, cue)
		if len(ev.Links) > before {
			seen[n] = before
		} else {
			seen[n] = -1
		}
	}
}

func exclFor(raw string, err error) exclRec {
	if errors.Is(err, ErrUnsupportedScheme) {
		return exclRec{H: hashURL("nonhttp:" + strings.ToLower(strings.TrimSpace(raw))), R: exNonHTTP}
	}
	return exclRec{H: hashURL("invalid:" + raw), R: exInvalid}
}

func mustParse(u string) *url.URL {
	pu, err := url.Parse(u)
	if err != nil {
		return &url.URL{Path: "/"}
	}
	return pu
}

// classify sorts one normalised URL found on page from into a document,
// an exclusion or a link, and adds it to ev.
func (c *Crawler) classify(ev *event, from, n string, depth int32, flags, hops uint8, cue cueScores) {
	pu, err := url.Parse(n)
	if err != nil {
		ev.Excl = append(ev.Excl, exclRec{H: hashURL(n), R: exInvalid})
		return
	}
	sc := c.scope.Load()
	ext := extOf(pu.Path)
	if t := documentExt[ext]; t != "" {
		ev.Docs = append(ev.Docs, docRec{U: n, T: t, In: sc.check(n, pu) == 0, From: from})
		return
	}
	if assetExt[ext] {
		ev.Excl = append(ev.Excl, exclRec{H: hashURL(n), R: exAsset})
		return
	}
	if !c.isStart[n] {
		if r := sc.check(n, pu); r != 0 {
			ev.Excl = append(ev.Excl, exclRec{H: hashURL(n), R: r})
			return
		}
	}
	ev.Links = append(ev.Links, linkRec{U: n, D: depth, F: flags, H: hops, C: cue})
}

// AddLinks feeds links found in the rendered DOM of page from. They are
// normalised and scoped like links found over HTTP, at depth(from)+1, and
// discovered by the next Discover call. It returns how many URLs were new.
func (c *Crawler) AddLinks(from string, links []string) int {
	fromN, err := Normalize(from, nil)
	if err != nil {
		return 0
	}
	base := mustParse(fromN)
	c.mu.Lock()
	depth := int32(0)
	if e := c.st.entries[fromN]; e != nil {
		depth = e.depth
	}
	c.mu.Unlock()
	ev := &event{T: evAdd, URL: fromN, Depth: depth}
	seen := map[string]bool{}
	for _, l := range links {
		l = strings.TrimSpace(l)
		if l == "" || l[0] == '#' {
			continue
		}
		n, err := Normalize(l, base)
		if err != nil {
			ev.Excl = append(ev.Excl, exclFor(l, err))
			continue
		}
		if _, out := c.textOut.Load(n); n == fromN || seen[n] || out {
			continue
		}
		seen[n] = true
		c.classify(ev, fromN, n, depth+1, 0, 0, cueScores{})
	}
	return c.record(ev)
}

// startFailure returns an ErrStartFailed error when no start URL (or the
// target of its redirects) was fetched as an HTML page.
func (c *Crawler) startFailure() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var first string
	for _, u := range slices.SortedFunc(maps.Keys(c.st.entries), Compare) {
		e := c.st.entries[u]
		if e.flags&flagStart == 0 {
			continue
		}
		if e.stage == stageDone && e.kind == kindPage {
			return nil
		}
		if first == "" && e.stage == stageDone && e.kind == kindError {
			msg := e.info.code
			if e.info.message != "" {
				msg += ": " + e.info.message
			}
			first = fmt.Sprintf("%s (%s)", u, msg)
		}
	}
	for _, u := range c.s.starts {
		h := hashURL(u)
		if r, ok := c.st.excluded[h]; ok && r == exRobots && first == "" {
			why := "disallowed by robots.txt"
			if rr := c.st.robots[originOf(u)]; rr != nil && rr.Status >= 500 {
				why = fmt.Sprintf("robots.txt answered %d, which forbids crawling the site", rr.Status)
			}
			first = u + " (" + why + "; set IgnoreRobots to crawl it anyway)"
		}
	}
	if first == "" {
		first = strings.Join(c.s.starts, ", ")
	}
	return fmt.Errorf("%w: %s", ErrStartFailed, first)
}

// originOf returns scheme://host of a normalised URL.
func originOf(u string) string {
	scheme, _, _ := strings.Cut(u, "://")
	return scheme + "://" + hostOf(u)
}

// hostOf returns the host (and port) of a normalised URL.
func hostOf(u string) string {
	_, rest, _ := strings.Cut(u, "://")
	host, _, _ := strings.Cut(rest, "/")
	host, _, _ = strings.Cut(host, "?")
	return host
}

// pathKey is the URL without its query.
func pathKey(u string) string {
	p, _, _ := strings.Cut(u, "?")
	return p
}

// capKey is the key MaxPerTemplate counts by: host and URL shape.
func capKey(pu *url.URL) string {
	return pu.Host + shapeOf(pu.EscapedPath(), pu.RawQuery)
}

func hashURL(s string) uint64 {
	h := fnv.New64a()
	io.WriteString(h, s)
	return h.Sum64()
}

// textExcluded reports whether a link's text matches ExcludeLinkText.
func (s *settings) textExcluded(text string) bool {
	for _, re := range s.excludeText {
		if re.MatchString(text) {
			return true
		}
	}
	return false
}
