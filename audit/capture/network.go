package capture

import (
	"context"
	"net"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// ConsentOptions switches the capture extensions the consent rules use.
// The zero value records the network and runs the probes.
type ConsentOptions struct {
	// NoNetwork skips recording requests and cookies before interaction
	// (Page.Network). It costs one Network.getCookies call per page.
	NoNetwork bool
	// NoProbes skips the interaction probes (Page.Probes): submitting the
	// forms that collect data empty, and clicking the in-place buttons
	// (clickstatus.go). They run only on pages whose snapshot has such a
	// form or button.
	NoProbes bool
	// ProbeBudget bounds the probes of one page, default 3 s.
	ProbeBudget time.Duration
	// ProbeCache, when set, shares the form probe's outcomes between the
	// pages of a run (probecache.go).
	ProbeCache *ProbeCache
	// MaxRequests bounds the requests recorded per page, default 500.
	MaxRequests int
}

// netRecorder records the requests a page makes from navigation until
// finish, before any interaction.
type netRecorder struct {
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	reqs   []page.Request
	urls   map[string]bool
	max    int
	over   bool
}

// startNetwork subscribes to request events; call it before navigating.
// It returns nil when recording is switched off.
func startNetwork(ctx context.Context, t *chromedp.Target, opt *Options) *netRecorder {
	if opt.Consent.NoNetwork {
		return nil
	}
	max := opt.Consent.MaxRequests
	if max <= 0 {
		max = 500
	}
	rctx, cancel := context.WithCancel(ctx)
	r := &netRecorder{cancel: cancel, done: make(chan struct{}), urls: map[string]bool{}, max: max}
	events := cdp.Events(rctx, t, network.RequestWillBeSent)
	go func() {
		defer close(r.done)
		for ev, err := range events {
			if err != nil {
				return
			}
			if ev.Request == nil || strings.HasPrefix(ev.Request.URL, "data:") {
				continue
			}
			r.mu.Lock()
			if len(r.reqs) >= r.max {
				r.over = true
			} else if !r.urls[ev.Request.URL] {
				r.urls[ev.Request.URL] = true
				r.reqs = append(r.reqs, page.Request{URL: ev.Request.URL, Type: string(ev.Type)})
			}
			r.mu.Unlock()
		}
	}()
	return r
}

// stop ends the subscription; finish calls it, and capture defers it for
// the paths that return early.
func (r *netRecorder) stop() {
	if r == nil {
		return
	}
	r.cancel()
	<-r.done
}

// finish stops recording and stores the requests and the cookies present
// now (before any interaction) in p.Network, marking third parties against
// the page's site.
func (r *netRecorder) finish(ctx context.Context, t *chromedp.Target, p *page.Page) {
	if r == nil {
		return
	}
	r.stop()
	r.mu.Lock()
	reqs := r.reqs
	over := r.over
	r.mu.Unlock()

	pageURL := p.FinalURL
	if pageURL == "" {
		pageURL = p.URL
	}
	site := siteOf(hostOf(pageURL))
	n := &page.Network{}
	origins := map[string]bool{pageURL: true}
	for _, q := range reqs {
		q.ThirdParty = siteOf(hostOf(q.URL)) != site
		n.Requests = append(n.Requests, q)
		if u, err := url.Parse(q.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
			origins[u.Scheme+"://"+u.Host+"/"] = true
		}
	}
	for _, d := range p.Documents {
		if strings.HasPrefix(d.URL, "http") {
			origins[d.URL] = true
		}
	}
	urls := make([]string, 0, len(origins))
	for u := range origins {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	res, err := cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{URLs: urls})
	if err != nil {
		p.AddGap(page.GapNetwork, -1, "cookies: "+err.Error())
	} else {
		for _, c := range res.Cookies {
			if c == nil {
				continue
			}
			ck := page.Cookie{Name: c.Name, Domain: c.Domain, Session: c.Session,
				ThirdParty: siteOf(strings.TrimPrefix(c.Domain, ".")) != site}
			if !c.Session && c.Expires > 0 {
				ck.Expires = int64(c.Expires)
			}
			n.Cookies = append(n.Cookies, ck)
		}
		sort.Slice(n.Cookies, func(a, b int) bool {
			if n.Cookies[a].Name != n.Cookies[b].Name {
				return n.Cookies[a].Name < n.Cookies[b].Name
			}
			return n.Cookies[a].Domain < n.Cookies[b].Domain
		})
	}
	if over {
		p.AddGap(page.GapNetwork, -1, "more requests than recorded")
	}
	p.Network = n
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// siteOf approximates a host's site (registrable domain) by its last two
// labels, or three under a two-letter second level such as co.uk; IP
// addresses and single labels are their own site.
func siteOf(host string) string {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "" || net.ParseIP(host) != nil {
		return host
	}
	labels := strings.Split(host, ".")
	if len(labels) <= 2 {
		return host
	}
	n := 2
	if sl := labels[len(labels)-2]; len(sl) <= 3 && (sl == "co" || sl == "com" || sl == "org" || sl == "net" || sl == "ac" || sl == "gov") && len(labels[len(labels)-1]) == 2 {
		n = 3
	}
	return strings.Join(labels[len(labels)-n:], ".")
}
