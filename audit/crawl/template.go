package crawl

import (
	"net/url"
	"slices"
	"strings"
)

// Placeholders in template keys.
const (
	phID    = "{id}"
	phSlug  = "{slug}"
	phNum   = "{n}"
	phValue = "{v}"
)

// slugSiblings is the number of distinct slug-like values one path position
// must take under the same parent before it is grouped as {slug}.
const slugSiblings = 5

// TemplateKey returns the shape of a URL: its path with id-like segments
// replaced by {id}, and its query reduced to its sorted keys with values
// replaced by {n} (digits) or {v} (anything else):
//
//	https://x.se/jobs/123-ux-designer      → /jobs/{id}
//	https://x.se/calendar/2026/11/23       → /calendar/{id}/{id}/{id}
//	https://x.se/p/7f9c2ba4e88f827d.html   → /p/{id}.html
//	https://x.se/jobs?page=2&q=ux          → /jobs?page={n}&q={v}
//
// A segment is id-like when it is all digits, a UUID, hex of 8 or more
// characters with a digit, a slug starting with a number and a separator
// (123-ux-designer, 2026-11-23), a slug ending in a separator and 3 or more
// digits (report-2024), or a token of 16 or more letters and digits mixed.
// Host and scheme are not part of the key. TemplateKey is a pure function of
// its argument; the crawler additionally groups slug siblings (see the
// package documentation). A URL that cannot be parsed gives "".
func TemplateKey(u string) string {
	n, err := Normalize(u, nil)
	if err != nil {
		return ""
	}
	pu, err := url.Parse(n)
	if err != nil {
		return ""
	}
	return shapeOf(pu.EscapedPath(), pu.RawQuery)
}

func shapeOf(escPath, rawQuery string) string {
	var b strings.Builder
	b.Grow(len(escPath) + 8)
	segs := strings.Split(strings.TrimPrefix(escPath, "/"), "/")
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(segmentShape(s))
	}
	if q := queryShape(rawQuery); q != "" {
		b.WriteByte('?')
		b.WriteString(q)
	}
	return b.String()
}

func segmentShape(seg string) string {
	if seg == "" {
		return ""
	}
	stem, ext := splitExt(seg)
	if isIDLike(stem) {
		return phID + ext
	}
	return seg
}

// splitExt splits "name.html" into "name" and ".html" when the extension
// is 1–5 letters or digits with at least one letter.
func splitExt(s string) (string, string) {
	i := strings.LastIndexByte(s, '.')
	if i <= 0 || len(s)-i-1 < 1 || len(s)-i-1 > 5 {
		return s, ""
	}
	letter := false
	for j := i + 1; j < len(s); j++ {
		c := s[j]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			letter = true
		case isDigit(c):
		default:
			return s, ""
		}
	}
	if !letter {
		return s, ""
	}
	return s[:i], s[i:]
}

func isSep(c byte) bool { return c == '-' || c == '_' || c == '.' || c == '+' }

func isHex(c byte) bool {
	_, ok := unhex(c)
	return ok
}

func isIDLike(s string) bool {
	if s == "" {
		return false
	}
	var digits, letters, hex, other int
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case isDigit(c):
			digits++
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
			letters++
		default:
			other++
		}
		if isHex(c) {
			hex++
		}
	}
	if digits == len(s) {
		return true
	}
	if isUUID(s) {
		return true
	}
	if len(s) >= 8 && hex == len(s) && digits > 0 {
		return true
	}
	lead := 0
	for lead < len(s) && isDigit(s[lead]) {
		lead++
	}
	if lead > 0 && lead < len(s)-1 && isSep(s[lead]) {
		return true
	}
	trail := 0
	for trail < len(s) && isDigit(s[len(s)-1-trail]) {
		trail++
	}
	if trail >= 3 && trail < len(s)-1 && isSep(s[len(s)-1-trail]) {
		return true
	}
	return len(s) >= 16 && other == 0 && digits >= 2 && letters >= 2
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !isHex(c) {
			return false
		}
	}
	return true
}

// queryShape reduces a canonical raw query to its keys with value shapes.
func queryShape(raw string) string {
	if raw == "" {
		return ""
	}
	var parts []string
	for p := range strings.SplitSeq(raw, "&") {
		if p == "" {
			continue
		}
		k, v, hasEq := strings.Cut(p, "=")
		switch {
		case !hasEq || v == "":
			// key alone
		case allDigits(v):
			k += "=" + phNum
		default:
			k += "=" + phValue
		}
		parts = append(parts, k)
	}
	slices.Sort(parts)
	parts = slices.Compact(parts)
	return strings.Join(parts, "&")
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isLocale reports whether a path segment looks like a language prefix:
// "en", "sv", "en-gb", "sv_se", "zh-hans".
func isLocale(s string) bool {
	if len(s) != 2 && !(len(s) >= 5 && len(s) <= 7 && (s[2] == '-' || s[2] == '_')) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 2 {
			continue
		}
		if c := s[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	return true
}

// isSlugLike reports whether a literal segment may be merged into {slug}:
// lower-case letters, digits, percent-escapes (non-ASCII letters) and
// separators, not a placeholder.
func isSlugLike(s string) bool {
	if s == "" || strings.HasPrefix(s, "{") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			i += 2
		case 'a' <= c && c <= 'z' || isDigit(c) || isSep(c):
		default:
			return false
		}
	}
	return true
}

// shape is a template key split for grouping.
type shape struct {
	host  string // "" unless the crawl spans several hosts
	segs  []string
	query string
}

func parseShape(host, key string) shape {
	p, q, _ := strings.Cut(key, "?")
	return shape{host: host, segs: strings.Split(strings.TrimPrefix(p, "/"), "/"), query: q}
}

func (s shape) String() string {
	var b strings.Builder
	b.WriteString(s.host)
	for _, seg := range s.segs {
		b.WriteByte('/')
		b.WriteString(seg)
	}
	if s.query != "" {
		b.WriteByte('?')
		b.WriteString(s.query)
	}
	return b.String()
}

// groupShapes maps each shape key (host-qualified when several hosts are
// crawled) to its template group key. At each path position, from the
// left, the literal slug-like values found under one parent prefix are
// replaced by {slug} when there are at least slugSiblings of them, unless
// the parent prefix is empty or made only of locale segments. The result
// depends only on the set of keys, never on their order.
func groupShapes(keys map[string]shape) map[string]string {
	items := make([]*shape, 0, len(keys))
	names := make([]string, 0, len(keys))
	for k, s := range keys {
		c := s
		c.segs = slices.Clone(s.segs)
		items = append(items, &c)
		names = append(names, k)
	}
	maxLen := 0
	for _, it := range items {
		maxLen = max(maxLen, len(it.segs))
	}
	for i := 1; i < maxLen; i++ {
		values := map[string]map[string]struct{}{}
		parentOf := func(it *shape) (string, bool) {
			if len(it.segs) <= i {
				return "", false
			}
			root := true
			for _, s := range it.segs[:i] {
				if !isLocale(s) {
					root = false
					break
				}
			}
			if root || !isSlugLike(it.segs[i]) {
				return "", false
			}
			return it.host + "/" + strings.Join(it.segs[:i], "/"), true
		}
		for _, it := range items {
			p, ok := parentOf(it)
			if !ok {
				continue
			}
			set := values[p]
			if set == nil {
				set = map[string]struct{}{}
				values[p] = set
			}
			if len(set) < slugSiblings {
				set[it.segs[i]] = struct{}{}
			}
		}
		for _, it := range items {
			if p, ok := parentOf(it); ok && len(values[p]) >= slugSiblings {
				it.segs[i] = phSlug
			}
		}
	}
	out := make(map[string]string, len(items))
	for i, it := range items {
		out[names[i]] = it.String()
	}
	return out
}
