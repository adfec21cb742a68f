package crawl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"

	"github.com/temoto/robotstxt"
)

// preflight runs once per crawl, before the first level: it follows the
// start URLs' redirects (a start URL that redirects to another host brings
// that host into scope), reads robots.txt of the start origins and the
// sitemaps they list plus /sitemap.xml. When the context ends it returns
// without marking the preflight done, so a resumed crawl does it again.
func (c *Crawler) preflight(ctx context.Context) {
	sc := c.scope.Load()
	hosts := maps.Clone(sc.hosts)
	origins := map[string]bool{}
	for _, u := range c.s.starts {
		origins[originOf(u)] = true
		if final := c.finalURL(ctx, u); final != nil {
			if !sc.hostAllowed(final) {
				hosts[hostKey(final)] = true
			}
			if n, err := Normalize(final.String(), nil); err == nil {
				origins[originOf(n)] = true
			}
		}
	}
	if ctx.Err() != nil {
		return
	}
	c.setHosts(hosts)
	var sitemaps []string
	for _, o := range slices.Sorted(maps.Keys(origins)) {
		c.fetchRobots(ctx, o)
		c.mu.Lock()
		if rd := c.robots[o]; rd != nil {
			sitemaps = append(sitemaps, rd.Sitemaps...)
		}
		c.mu.Unlock()
		sitemaps = append(sitemaps, o+"/sitemap.xml")
	}
	c.readSitemaps(ctx, sitemaps)
	if ctx.Err() != nil {
		return
	}
	c.mu.Lock()
	c.st.preflight = true
	c.mu.Unlock()
}

func (c *Crawler) setHosts(hosts map[string]bool) {
	c.scope.Store(&scope{hosts: hosts, subdomain: c.s.AllowSubdomains, s: c.s})
	c.mu.Lock()
	c.st.hosts = slices.Sorted(maps.Keys(hosts))
	c.mu.Unlock()
}

// finalURL follows u's redirects (at most maxRedirects) and returns where
// they end, or nil.
func (c *Crawler) finalURL(ctx context.Context, u string) *url.URL {
	cl := *c.http
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return http.ErrUseLastResponse
		}
		return nil
	}
	resp, err := c.get(ctx, &cl, u)
	if err != nil {
		return nil
	}
	resp.Body.Close()
	return resp.Request.URL
}

func (c *Crawler) get(ctx context.Context, cl *http.Client, u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.s.UserAgent)
	return cl.Do(req)
}

// fetchRobots reads origin's robots.txt once and keeps it in the state.
func (c *Crawler) fetchRobots(ctx context.Context, origin string) {
	c.mu.Lock()
	_, done := c.st.robots[origin]
	c.mu.Unlock()
	if done {
		return
	}
	rec := &robotsRec{Origin: origin}
	resp, err := c.get(ctx, c.http, origin+"/robots.txt")
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		rec.Err = errMessage(err)
	} else {
		body, err := io.ReadAll(io.LimitReader(resp.Body, maxRobotsBytes))
		resp.Body.Close()
		if err != nil && ctx.Err() != nil {
			return
		}
		rec.Status = resp.StatusCode
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			rec.Body = string(body)
		}
	}
	c.mu.Lock()
	c.st.robots[origin] = rec
	c.robots[origin] = parseRobots(rec)
	c.mu.Unlock()
}

// parseRobots interprets a robots.txt record as temoto/robotstxt does:
// 2xx is parsed, 4xx allows everything, 5xx disallows everything. An
// unreachable or unparsable file allows everything (the pages themselves
// will show whether the host answers).
func parseRobots(rec *robotsRec) *robotstxt.RobotsData {
	allow, _ := robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
	if rec.Err != "" || rec.Status == 0 {
		return allow
	}
	rd, err := robotstxt.FromStatusAndBytes(rec.Status, []byte(rec.Body))
	if err != nil || rd == nil {
		return allow
	}
	return rd
}

// robotsAllow reports whether robots.txt lets the crawler fetch pu. The
// caller holds c.mu.
func (c *Crawler) robotsAllow(pu *url.URL) bool {
	rd := c.robots[pu.Scheme+"://"+pu.Host]
	if rd == nil {
		return true
	}
	p := pu.EscapedPath()
	if pu.RawQuery != "" {
		p += "?" + pu.RawQuery
	}
	return rd.TestAgent(p, c.s.UserAgent)
}

// readSitemaps reads sitemaps and sitemap indexes breadth-first (at most
// maxSitemapFiles files, nesting maxSitemapNest deep) and adds their URLs
// as candidates at depth 1.
func (c *Crawler) readSitemaps(ctx context.Context, list []string) {
	type item struct {
		u    string
		nest int
	}
	var queue []item
	seen := map[string]bool{}
	push := func(raw string, nest int) {
		n, err := Normalize(raw, nil)
		if err != nil || seen[n] {
			return
		}
		seen[n] = true
		queue = append(queue, item{n, nest})
	}
	for _, raw := range list {
		push(raw, 0)
	}
	budget := 2*c.s.MaxPages + 1000
	for files := 0; len(queue) > 0; files++ {
		if files == maxSitemapFiles {
			c.mu.Lock()
			c.st.sitemapsTruncated = true
			c.mu.Unlock()
			return
		}
		it := queue[0]
		queue = queue[1:]
		rec := &sitemapRec{URL: it.u}
		doc, status, err := c.getSitemap(ctx, it.u, max(budget, 1))
		if ctx.Err() != nil {
			return
		}
		rec.Status, rec.Index, rec.Truncated = status, doc.Index, doc.Truncated
		if err != nil {
			rec.Err = err.Error()
		}
		ev := &event{T: evSitemap}
		if doc.Index {
			rec.Sitemaps = len(doc.Locs)
			for _, l := range doc.Locs {
				if it.nest+1 <= maxSitemapNest {
					push(l, it.nest+1)
				}
			}
		} else {
			rec.URLs = len(doc.Locs)
			budget -= len(doc.Locs)
			for _, l := range doc.Locs {
				n, err := Normalize(l, nil)
				if err != nil {
					ev.Excl = append(ev.Excl, exclFor(l, err))
					continue
				}
				c.classify(ev, it.u, n, 1, 0, 0, cueScores{})
			}
		}
		c.mu.Lock()
		c.st.sitemaps = append(c.st.sitemaps, rec)
		if budget <= 0 || doc.Truncated {
			c.st.sitemapsTruncated = true
		}
		c.st.apply(ev, c.s.MaxDepth)
		c.mu.Unlock()
		if budget <= 0 {
			return
		}
	}
}

var errHTTPStatus = errors.New("http status")

func (c *Crawler) getSitemap(ctx context.Context, u string, maxLocs int) (sitemapDoc, int, error) {
	resp, err := c.get(ctx, c.http, u)
	if err != nil {
		return sitemapDoc{}, 0, errors.New(errMessage(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return sitemapDoc{}, resp.StatusCode, fmt.Errorf("%w %d %s", errHTTPStatus, resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	doc, err := parseSitemap(resp.Body, maxLocs)
	return doc, resp.StatusCode, err
}
