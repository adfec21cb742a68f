// Package netguard keeps a server that fetches URLs users type in from
// reaching addresses it must not: loopback, private networks, link-local
// addresses and the cloud metadata endpoints (server-side request forgery).
//
// A Guard is applied at three places, so that neither the address a user
// typed, nor a redirect, nor a crawled link gets past it:
//
//   - Check, before a site is stored or a run starts: the URL's host is
//     resolved and refused when any of its addresses is blocked (the
//     dashboard and API answer 422 with the reason).
//   - Control, the net.Dialer hook: every connection the engine's HTTP
//     client opens (crawl, robots.txt, sitemaps, redirects) is checked
//     against the address actually dialled, after DNS, so DNS rebinding
//     does not get through either. Client returns such a client; pass it
//     as the engine's crawl client.
//   - Proxy, a forward proxy on loopback that dials through Control: the
//     browser that renders pages is started with ChromeFlags(proxyAddr),
//     so its navigations, redirects and subresources go through the guard.
//
// With AllowPrivate every address is allowed (the demo and the tests,
// which serve sites on loopback, pass it explicitly).
package netguard

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrBlocked is wrapped by every error that refuses an address.
var ErrBlocked = errors.New("netguard: address not allowed")

// ErrURL is wrapped by errors about a URL that cannot be checked at all
// (not http or https, no host, does not resolve).
var ErrURL = errors.New("netguard: invalid URL")

// BlockedError names the host, the address it resolved to and why that
// address is refused. It wraps ErrBlocked.
type BlockedError struct {
	Host   string     // as written in the URL or dialled
	Addr   netip.Addr // the refused address
	Reason Reason
}

func (e *BlockedError) Error() string {
	if e.Host == "" || e.Host == e.Addr.String() {
		return fmt.Sprintf("address %s is %s and not allowed (start the server with --allow-private to allow it)", e.Addr, e.Reason)
	}
	return fmt.Sprintf("host %s resolves to %s, which is %s and not allowed (start the server with --allow-private to allow it)", e.Host, e.Addr, e.Reason)
}

// Unwrap returns ErrBlocked.
func (e *BlockedError) Unwrap() error { return ErrBlocked }

// Reason is why an address is blocked.
type Reason string

// The reasons, as shown to users.
const (
	Loopback    Reason = "a loopback address"
	Private     Reason = "a private-network address"
	LinkLocal   Reason = "a link-local address"
	Metadata    Reason = "a cloud metadata address"
	Unspecified Reason = "an unspecified address"
	Shared      Reason = "a carrier-grade NAT (shared) address"
	Multicast   Reason = "a multicast or broadcast address"
	Reserved    Reason = "a reserved address"
)

// metadata are the cloud providers' instance metadata endpoints that are
// not already link-local (169.254.169.254 is, and is named as metadata).
var metadata = []netip.Prefix{
	netip.MustParsePrefix("169.254.169.254/32"),     // AWS, GCP, Azure, OpenStack, …
	netip.MustParsePrefix("169.254.170.2/32"),       // AWS ECS task metadata
	netip.MustParsePrefix("100.100.100.200/32"),     // Alibaba Cloud
	netip.MustParsePrefix("fd00:ec2::254/128"),      // AWS IPv6
	netip.MustParsePrefix("192.0.0.192/32"),         // Oracle Cloud
	netip.MustParsePrefix("fd20:ce::254/128"),       // GCP IPv6
	netip.MustParsePrefix("168.63.129.16/32"),       // Azure wire server
	netip.MustParsePrefix("169.254.169.123/32"),     // AWS time sync
	netip.MustParsePrefix("fe80::a9fe:a9fe/128"),    // 169.254.169.254 as IPv6 link-local
	netip.MustParsePrefix("::ffff:a9fe:a9fe/128"),   // mapped (unmapped first, kept for clarity)
	netip.MustParsePrefix("64:ff9b::a9fe:a9fe/128"), // NAT64 of 169.254.169.254
}

var (
	shared   = netip.MustParsePrefix("100.64.0.0/10")
	nat64    = netip.MustParsePrefix("64:ff9b::/96")
	nat64loc = netip.MustParsePrefix("64:ff9b:1::/48")
	sixto4   = netip.MustParsePrefix("2002::/16")
	reserved = []netip.Prefix{
		netip.MustParsePrefix("0.0.0.0/8"),
		netip.MustParsePrefix("192.0.0.0/24"),
		netip.MustParsePrefix("192.0.2.0/24"),
		netip.MustParsePrefix("198.18.0.0/15"),
		netip.MustParsePrefix("198.51.100.0/24"),
		netip.MustParsePrefix("203.0.113.0/24"),
		netip.MustParsePrefix("240.0.0.0/4"),
		netip.MustParsePrefix("100::/64"),
		netip.MustParsePrefix("2001:db8::/32"),
		netip.MustParsePrefix("2001::/23"),
	}
)

// Classify returns why addr is blocked, or "" when it is a public address.
// IPv4-mapped, NAT64 and 6to4 IPv6 addresses are judged by the IPv4
// address they carry.
func Classify(addr netip.Addr) Reason {
	addr = addr.Unmap()
	for _, p := range metadata {
		if p.Contains(addr) {
			return Metadata
		}
	}
	if addr.Is6() {
		if nat64.Contains(addr) || nat64loc.Contains(addr) {
			b := addr.As16()
			if r := Classify(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})); r != "" {
				return r
			}
		}
		if sixto4.Contains(addr) {
			b := addr.As16()
			if r := Classify(netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})); r != "" {
				return r
			}
		}
	}
	switch {
	case !addr.IsValid(), addr.IsUnspecified():
		return Unspecified
	case addr.IsLoopback():
		return Loopback
	case addr.IsLinkLocalUnicast():
		return LinkLocal
	case addr.IsPrivate():
		return Private
	case shared.Contains(addr):
		return Shared
	case addr.IsMulticast(), addr.IsLinkLocalMulticast(), addr.IsInterfaceLocalMulticast(),
		addr == netip.AddrFrom4([4]byte{255, 255, 255, 255}):
		return Multicast
	}
	for _, p := range reserved {
		if p.Contains(addr) {
			return Reserved
		}
	}
	return ""
}

// Guard decides which addresses may be fetched. The zero value blocks
// every non-public address and resolves with net.DefaultResolver.
type Guard struct {
	// AllowPrivate allows every address (--allow-private).
	AllowPrivate bool
	// Allow, when set, allows an address and port that would be blocked
	// (an operator's exception for one intranet host).
	Allow func(netip.AddrPort) bool
	// Resolver resolves host names in Check; nil means net.DefaultResolver.
	Resolver *net.Resolver
}

// Blocked returns a *BlockedError when ap may not be connected to, or nil.
func (g *Guard) Blocked(host string, ap netip.AddrPort) error {
	if g == nil || g.AllowPrivate {
		return nil
	}
	r := Classify(ap.Addr())
	if r == "" || (g.Allow != nil && g.Allow(netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()))) {
		return nil
	}
	return &BlockedError{Host: host, Addr: ap.Addr().Unmap(), Reason: r}
}

// Check parses raw, which must be an absolute http or https URL, resolves
// its host and returns a *BlockedError (wrapping ErrBlocked) when any of
// its addresses is blocked. A URL that cannot be parsed or resolved wraps
// ErrURL. Check is what the dashboard and API call before storing a site.
func (g *Guard) Check(ctx context.Context, raw string) error {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%w: %q is not an http or https URL", ErrURL, raw)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("%w: %q has no host", ErrURL, raw)
	}
	if u.User != nil {
		return fmt.Errorf("%w: %q carries a user name or password; give the site's public URL", ErrURL, raw)
	}
	port := uint16(80)
	if u.Scheme == "https" {
		port = 443
	}
	if p := u.Port(); p != "" {
		var n int
		if _, err := fmt.Sscanf(p, "%d", &n); err != nil || n <= 0 || n > 65535 {
			return fmt.Errorf("%w: %q has an invalid port", ErrURL, raw)
		}
		port = uint16(n)
	}
	if g == nil || g.AllowPrivate {
		return nil
	}
	if a, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return g.Blocked(host, netip.AddrPortFrom(a.WithZone(""), port))
	}
	res := g.Resolver
	if res == nil {
		res = net.DefaultResolver
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	addrs, err := res.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("%w: host %s does not resolve: %v", ErrURL, host, err)
	}
	for _, a := range addrs {
		if err := g.Blocked(host, netip.AddrPortFrom(a, port)); err != nil {
			return err
		}
	}
	return nil
}

// Control is a net.Dialer Control function: it refuses a connection to
// a blocked address after the name has been resolved, which covers
// redirects, crawled links and DNS answers that change between Check and
// the fetch.
func (g *Guard) Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: cannot parse dialled address %q", ErrBlocked, address)
	}
	return g.Blocked("", ap)
}

// Dialer returns a net.Dialer whose connections pass through Control.
func (g *Guard) Dialer() *net.Dialer {
	return &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: g.Control}
}

// Transport returns an http.Transport that dials through Control and
// ignores proxy settings from the environment (a proxy would dial on our
// behalf, past the guard).
func (g *Guard) Transport() *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.Proxy = nil
	tr.DialContext = g.Dialer().DialContext
	return tr
}

// Client returns an http.Client that dials through Control and follows at
// most 10 redirects, each of which is dialled through the guard too. Give
// it to the engine's crawler (crawl.Config.Client).
func (g *Guard) Client() *http.Client {
	return &http.Client{Transport: g.Transport(), Timeout: 60 * time.Second}
}
