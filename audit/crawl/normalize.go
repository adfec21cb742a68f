package crawl

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/idna"
)

// Errors returned by Normalize.
var (
	ErrUnsupportedScheme = errors.New("crawl: not an http(s) URL")
	ErrBadURL            = errors.New("crawl: malformed URL")
)

// dropParams are query keys (lower-cased) removed by Normalize: click and
// campaign trackers and session ids. Keys starting with "utm_" go too.
var dropParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true, "msclkid": true,
	"yclid": true, "twclid": true, "igshid": true, "mc_cid": true, "mc_eid": true,
	"_hsenc": true, "_hsmi": true, "mkt_tok": true,
	"phpsessid": true, "jsessionid": true, "sessionid": true, "session_id": true,
	"sessid": true, "aspsessionid": true, "cfid": true, "cftoken": true,
}

// Normalize resolves raw against base (nil when raw must be absolute) and
// returns the canonical form used everywhere in this package:
//
//   - only http and https are accepted (mailto:, javascript:, tel:, data:
//     and other schemes give ErrUnsupportedScheme);
//   - scheme and host are lower-cased, a trailing dot on the host and the
//     default port (80, 443) are removed, user info is dropped;
//   - the fragment is dropped;
//   - percent-encoding is canonical: unreserved characters are decoded,
//     other escapes upper-cased, bytes not allowed in a path or query
//     encoded; dot segments and repeated slashes are removed;
//   - trailing slashes are stripped from every path but "/" (the package's
//     one trailing-slash policy);
//   - ";jsessionid=..." path parameters, utm_* and the click-id and
//     session-id query keys in dropParams are removed, the remaining query
//     pairs are sorted by key, then value, and an empty query is dropped.
//
// Normalize is idempotent: Normalize(Normalize(x)) == Normalize(x).
func Normalize(raw string, base *url.URL) (string, error) {
	raw = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.Trim(raw, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
	ref, err := url.Parse(fixPercent(raw))
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrBadURL, errors.Unwrap(err))
	}
	if ref.Scheme != "" {
		if s := strings.ToLower(ref.Scheme); s != "http" && s != "https" {
			return "", fmt.Errorf("%w: scheme %q", ErrUnsupportedScheme, s)
		}
	}
	var u *url.URL
	switch {
	case base != nil:
		u = base.ResolveReference(ref)
	case ref.Scheme == "":
		return "", fmt.Errorf("%w: relative URL %q without a base", ErrBadURL, raw)
	default:
		u = ref
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", fmt.Errorf("%w: scheme %q", ErrUnsupportedScheme, scheme)
	}
	if u.Opaque != "" {
		return "", fmt.Errorf("%w: %q has no host", ErrBadURL, raw)
	}
	host, err := canonicalHost(scheme, u)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(raw) + 8)
	b.WriteString(scheme)
	b.WriteString("://")
	b.WriteString(host)
	b.WriteString(canonicalPath(u.EscapedPath()))
	if q := canonicalQuery(u.RawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String(), nil
}

func canonicalHost(scheme string, u *url.URL) (string, error) {
	h := strings.ToLower(u.Hostname())
	if strings.HasPrefix(h, ".") || strings.Contains(h, "..") {
		return "", fmt.Errorf("%w: invalid host %q", ErrBadURL, h)
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" {
		return "", fmt.Errorf("%w: no host", ErrBadURL)
	}
	for i := 0; i < len(h); i++ {
		if c := h[i]; c <= ' ' || c == 0x7f || c == '\\' || c == '%' {
			return "", fmt.Errorf("%w: invalid host %q", ErrBadURL, h)
		}
	}
	port := u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return "", fmt.Errorf("%w: invalid port %q", ErrBadURL, port)
		}
		port = strconv.Itoa(n)
		if (scheme == "http" && n == 80) || (scheme == "https" && n == 443) {
			port = ""
		}
	}
	if strings.Contains(h, ":") {
		if net.ParseIP(h) == nil {
			return "", fmt.Errorf("%w: invalid host %q", ErrBadURL, h)
		}
		h = "[" + h + "]"
	}
	if !isASCII(h) {
		a, err := idna.Lookup.ToASCII(h)
		if err != nil || a == "" || !isASCII(a) {
			return "", fmt.Errorf("%w: invalid international host name %q", ErrBadURL, h)
		}
		h = strings.ToLower(a)
	}
	host := h
	if port != "" {
		host += ":" + port
	}
	return host, nil
}

const upperhex = "0123456789ABCDEF"

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// canonicalEscape re-encodes s: escapes of unreserved bytes are decoded,
// other escapes upper-cased, a stray '%' becomes %25, and bytes for which
// keep is false are percent-encoded.
func canonicalEscape(s string, keep func(byte) bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' {
			if i+2 < len(s) {
				h, ok1 := unhex(s[i+1])
				l, ok2 := unhex(s[i+2])
				if ok1 && ok2 {
					d := h<<4 | l
					if isUnreserved(d) {
						b.WriteByte(d)
					} else {
						b.WriteByte('%')
						b.WriteByte(upperhex[d>>4])
						b.WriteByte(upperhex[d&15])
					}
					i += 2
					continue
				}
			}
			b.WriteString("%25")
			continue
		}
		if keep(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(upperhex[c>>4])
		b.WriteByte(upperhex[c&15])
	}
	return b.String()
}

func keepInPath(c byte) bool {
	return isUnreserved(c) || strings.IndexByte("!$&'()*+,;=:@/", c) >= 0
}

func keepInQuery(c byte) bool {
	return isUnreserved(c) || strings.IndexByte("!$'()*+,;:@/?", c) >= 0
}

// canonicalPath returns the canonical escaped form of an escaped path:
// jsessionid path parameters removed, escapes canonical, dot segments and
// repeated slashes removed, no trailing slash but for "/".
func canonicalPath(p string) string {
	if i := indexFold(p, ";jsessionid="); i >= 0 {
		rest := p[i+1:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			p = p[:i] + rest[j:]
		} else {
			p = p[:i]
		}
	}
	// A literal '?' or '#' cannot be in an escaped path; encode them.
	p = canonicalEscape(p, keepInPath)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	p = path.Clean(p)
	if p == "." {
		p = "/"
	}
	return p
}

func indexFold(s, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		if strings.EqualFold(s[i:i+n], sub) {
			return i
		}
	}
	return -1
}

type qpair struct{ k, v string }

// canonicalQuery parses a raw query into pairs, drops tracking and session
// keys and returns the canonical encoding with the pairs sorted.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var pairs []qpair
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, hasEq := strings.Cut(part, "=")
		k = canonicalEscape(k, keepInQuery)
		if dropKey(k) {
			continue
		}
		if hasEq {
			v = "=" + canonicalEscape(v, func(c byte) bool { return c == '=' || keepInQuery(c) })
		}
		pairs = append(pairs, qpair{k, v})
	}
	slices.SortFunc(pairs, func(a, b qpair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteString(p.v)
	}
	return b.String()
}

func dropKey(k string) bool {
	if dk, err := url.QueryUnescape(k); err == nil {
		k = dk
	}
	k = strings.ToLower(strings.TrimSpace(k))
	return strings.HasPrefix(k, "utm_") || dropParams[k]
}

// Compare orders URLs naturally: runs of digits compare by numeric value,
// so ?page=2 sorts before ?page=10; ties fall back to byte order. It is the
// order in which the crawler admits URLs and breaks ties when sampling.
func Compare(a, b string) int {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		ca, cb := a[i], b[j]
		if isDigit(ca) && isDigit(cb) {
			si, sj := i, j
			for i < len(a) && isDigit(a[i]) {
				i++
			}
			for j < len(b) && isDigit(b[j]) {
				j++
			}
			na := strings.TrimLeft(a[si:i], "0")
			nb := strings.TrimLeft(b[sj:j], "0")
			if len(na) != len(nb) {
				if len(na) < len(nb) {
					return -1
				}
				return 1
			}
			if c := strings.Compare(na, nb); c != 0 {
				return c
			}
			continue
		}
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
		i++
		j++
	}
	switch {
	case len(a)-i < len(b)-j:
		return -1
	case len(a)-i > len(b)-j:
		return 1
	}
	return strings.Compare(a, b)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// fixPercent encodes every '%' that does not start a valid escape, as
// browsers do, so that url.Parse accepts the link.
func fixPercent(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' {
			if i+2 < len(s) {
				_, ok1 := unhex(s[i+1])
				_, ok2 := unhex(s[i+2])
				if ok1 && ok2 {
					b.WriteByte('%')
					continue
				}
			}
			b.WriteString("%25")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
