// Package login carries what a site behind a login needs on every request:
// extra request headers, cookies and HTTP basic auth. [Parse] reads them
// from the command's values, expanding ${VAR} from Granska's own
// environment so that secrets never appear on the command line; the crawl
// gets them through [Credentials.Transport] and every browser tab through
// [Credentials.Apply], both only for the start URLs' hosts (the browser's
// extra headers excepted: see Apply). [Credentials.Secrets] lists the
// values to be kept out of every output, and [Credentials.Redacted] is what
// run.json records.
//
// A form login ([Form]: declarative steps run once in a browser tab)
// yields the session cookies, which then go as [Credentials.Cookies].
package login

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
)

// ErrValue is wrapped by errors about a --header, --cookie or
// --basic-auth value.
var ErrValue = errors.New("login: invalid value")

// Cookie is one cookie set for the start hosts.
type Cookie struct{ Name, Value string }

// Credentials are the headers, cookies and basic auth sent to the site.
// The zero value sends nothing.
type Credentials struct {
	Headers   http.Header
	Cookies   []Cookie
	BasicUser string
	BasicPass string
	// Hosts are the hosts (host:port) the credentials go to: the start
	// URLs' hosts. Set by [Credentials.Scope].
	Hosts map[string]bool

	// The form login's session cookies (see [Credentials.SetSession]),
	// sent beside Cookies; every value ever set, for Secrets.
	mu      sync.RWMutex
	session []Cookie
	gen     int
	spent   []string
}

// SetSession replaces the form login's session cookies, which go beside
// Cookies with every request from now on, and starts a new generation.
func (c *Credentials) SetSession(cookies []Cookie) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.session = append([]Cookie(nil), cookies...)
	c.gen++
	for _, k := range cookies {
		c.spent = append(c.spent, k.Value)
	}
}

// Generation counts the calls of SetSession: a request sent at one
// generation that finds the session expired asks to renew that one
// ([Session.Renew]).
func (c *Credentials) Generation() int {
	if c == nil {
		return 0
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.gen
}

// allCookies returns Cookies and the session's cookies.
func (c *Credentials) allCookies() []Cookie {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return append(append([]Cookie(nil), c.Cookies...), c.session...)
}

var varRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)\}`)

// Expand replaces each ${VAR} in s with the environment variable's value;
// a variable that is not set is an error (a secret silently empty would
// log in as nobody).
func Expand(s string) (string, error) {
	var missing []string
	out := varRef.ReplaceAllStringFunc(s, func(m string) string {
		name := m[2 : len(m)-1]
		v, ok := os.LookupEnv(name)
		if !ok {
			missing = append(missing, name)
		}
		return v
	})
	if len(missing) > 0 {
		return "", fmt.Errorf("%w: environment variable %s is not set", ErrValue, strings.Join(missing, ", "))
	}
	return out, nil
}

// Parse reads --header 'Name: value' (repeatable), --cookie 'name=value'
// (repeatable) and --basic-auth 'user:password' values, each after ${VAR}
// expansion.
func Parse(headers, cookies []string, basic string) (*Credentials, error) {
	c := &Credentials{}
	for _, h := range headers {
		v, err := Expand(h)
		if err != nil {
			return nil, fmt.Errorf("--header: %w", err)
		}
		name, val, ok := strings.Cut(v, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t\r\n") || strings.ContainsAny(val, "\r\n") {
			return nil, fmt.Errorf("%w: --header: want 'Name: value'", ErrValue)
		}
		if c.Headers == nil {
			c.Headers = http.Header{}
		}
		c.Headers.Add(name, strings.TrimSpace(val))
	}
	for _, s := range cookies {
		v, err := Expand(s)
		if err != nil {
			return nil, fmt.Errorf("--cookie: %w", err)
		}
		name, val, ok := strings.Cut(v, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " ;,\t\r\n") || strings.ContainsAny(val, ";\r\n") {
			return nil, fmt.Errorf("%w: --cookie: want 'name=value'", ErrValue)
		}
		c.Cookies = append(c.Cookies, Cookie{Name: name, Value: strings.TrimSpace(val)})
	}
	if basic != "" {
		v, err := Expand(basic)
		if err != nil {
			return nil, fmt.Errorf("--basic-auth: %w", err)
		}
		user, pass, ok := strings.Cut(v, ":")
		if !ok || user == "" {
			return nil, fmt.Errorf("%w: --basic-auth: want 'user:${PASSWORD_VAR}'", ErrValue)
		}
		c.BasicUser, c.BasicPass = user, pass
	}
	return c, nil
}

// Empty reports whether c sends nothing.
func (c *Credentials) Empty() bool {
	return c == nil || (len(c.Headers) == 0 && len(c.allCookies()) == 0 && c.BasicUser == "")
}

// Scope limits the credentials to the hosts of the start URLs.
func (c *Credentials) Scope(starts []string) {
	c.Hosts = map[string]bool{}
	for _, s := range starts {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			c.Hosts[strings.ToLower(u.Host)] = true
		}
	}
}

func (c *Credentials) inScope(u *url.URL) bool {
	return u != nil && c.Hosts[strings.ToLower(u.Host)]
}

// Secrets returns every value that must appear in no output: header
// values, cookie values, the basic-auth password and its encoded header.
func (c *Credentials) Secrets() []string {
	if c == nil {
		return nil
	}
	var out []string
	for _, vs := range c.Headers {
		out = append(out, vs...)
	}
	for _, k := range c.Cookies {
		out = append(out, k.Value)
	}
	c.mu.RLock()
	out = append(out, c.spent...)
	c.mu.RUnlock()
	if c.BasicUser != "" {
		out = append(out, c.BasicPass, c.basicHeader())
	}
	var keep []string
	for _, s := range out {
		if s != "" {
			keep = append(keep, s)
		}
	}
	sort.Strings(keep)
	return keep
}

func (c *Credentials) basicHeader() string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(c.BasicUser+":"+c.BasicPass))
}

// Redacted is what run.json records of the credentials: names only.
type Redacted struct {
	Headers   []string `json:"headers,omitempty"` // "Name: [redacted]"
	Cookies   []string `json:"cookies,omitempty"` // "name=[redacted]"
	BasicAuth string   `json:"basicAuth,omitempty"`
}

// Redacted returns the credentials with every value replaced; nil when
// there are none.
func (c *Credentials) Redacted() *Redacted {
	if c.Empty() {
		return nil
	}
	r := &Redacted{}
	for name := range c.Headers {
		r.Headers = append(r.Headers, name+": [redacted]")
	}
	sort.Strings(r.Headers)
	for _, k := range c.Cookies {
		r.Cookies = append(r.Cookies, k.Name+"=[redacted]")
	}
	if c.BasicUser != "" {
		r.BasicAuth = c.BasicUser + ":[redacted]"
	}
	return r
}

// Transport returns an http.RoundTripper that adds the headers, cookies
// and basic auth to requests for the start hosts and to no other; base
// nil means http.DefaultTransport.
func (c *Credentials) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{c: c, base: base}
}

type transport struct {
	c    *Credentials
	base http.RoundTripper
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	if !t.c.inScope(r.URL) {
		return t.base.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	for name, vs := range t.c.Headers {
		r.Header.Del(name)
		for _, v := range vs {
			r.Header.Add(name, v)
		}
	}
	for _, k := range t.c.allCookies() {
		r.AddCookie(&http.Cookie{Name: k.Name, Value: k.Value})
	}
	if t.c.BasicUser != "" {
		r.SetBasicAuth(t.c.BasicUser, t.c.BasicPass)
	}
	return t.base.RoundTrip(r)
}

// Apply prepares a browser tab before each page is loaded: the cookies are
// set for each start host (the browser sends them there only), and the
// headers and basic auth (as an Authorization header) are set with
// Network.setExtraHTTPHeaders, which Chromium sends with every request of
// the tab, other hosts' included: give --header and --basic-auth only for
// sites whose pages load nothing from hosts that must not see them.
func (c *Credentials) Apply(ctx context.Context, s cdp.Session) error {
	if c.Empty() {
		return nil
	}
	if cookies := c.allCookies(); len(cookies) > 0 {
		var params []*network.CookieParam
		hosts := make([]string, 0, len(c.Hosts))
		for h := range c.Hosts {
			hosts = append(hosts, h)
		}
		sort.Strings(hosts)
		for _, h := range hosts {
			for _, k := range cookies {
				// A cookie's scope is its host, whatever the scheme.
				params = append(params, &network.CookieParam{Name: k.Name, Value: k.Value, URL: "http://" + h + "/"})
			}
		}
		if _, err := cdp.Call(ctx, s, network.SetCookies, network.SetCookiesParams{Cookies: params}); err != nil {
			return fmt.Errorf("login: set cookies: %w", err)
		}
	}
	h := network.Headers{}
	for name, vs := range c.Headers {
		h[name] = strings.Join(vs, ", ")
	}
	if c.BasicUser != "" {
		h["Authorization"] = c.basicHeader()
	}
	if len(h) > 0 {
		if _, err := cdp.Call(ctx, s, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: h}); err != nil {
			return fmt.Errorf("login: set headers: %w", err)
		}
	}
	return nil
}
