package crawl

import (
	"bytes"
	"compress/gzip"
	"errors"
	"slices"
	"strings"
	"testing"
)

func gz(s string) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.Bytes()
}

const testURLSet = `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://x.se/</loc><lastmod>2026-01-01</lastmod></url>
  <url><loc>
    https://x.se/jobb?a=1&amp;b=2
  </loc></url>
  <url><loc></loc></url>
</urlset>`

const testIndex = `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://x.se/sitemap-1.xml</loc></sitemap>
  <sitemap><loc>https://x.se/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>`

func TestParseSitemap(t *testing.T) {
	cases := []struct {
		name  string
		in    []byte
		index bool
		locs  []string
		err   error
	}{
		{"urlset", []byte(testURLSet), false, []string{"https://x.se/", "https://x.se/jobb?a=1&b=2"}, nil},
		{"index", []byte(testIndex), true, []string{"https://x.se/sitemap-1.xml", "https://x.se/sitemap-2.xml.gz"}, nil},
		{"gzipped index", gz(testIndex), true, []string{"https://x.se/sitemap-1.xml", "https://x.se/sitemap-2.xml.gz"}, nil},
		{"bom", append([]byte("\uFEFF"), testURLSet...), false, []string{"https://x.se/", "https://x.se/jobb?a=1&b=2"}, nil},
		{"latin1", []byte(`<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url><loc>https://x.se/r` + "\xe4" + `k</loc></url></urlset>`), false, []string{"https://x.se/räk"}, nil},
		{"text", []byte("https://x.se/a\n\nhttps://x.se/b\r\n"), false, []string{"https://x.se/a", "https://x.se/b"}, nil},
		{"html", []byte("<html><body>404</body></html>"), false, nil, errNotSitemap},
		{"empty", nil, false, nil, errNotSitemap},
		{"garbage", []byte("hello world"), false, nil, errNotSitemap},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := parseSitemap(bytes.NewReader(c.in), 100)
			if !errors.Is(err, c.err) {
				t.Fatalf("err = %v, want %v", err, c.err)
			}
			if doc.Index != c.index || !slices.Equal(doc.Locs, c.locs) {
				t.Errorf("got index=%v locs=%q, want index=%v locs=%q", doc.Index, doc.Locs, c.index, c.locs)
			}
		})
	}
}

func TestParseSitemapLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("<urlset>")
	for range 50 {
		b.WriteString("<url><loc>https://x.se/p</loc></url>")
	}
	b.WriteString("</urlset>")
	doc, err := parseSitemap(strings.NewReader(b.String()), 10)
	if err != nil || len(doc.Locs) != 10 || !doc.Truncated {
		t.Errorf("got %d locs, truncated=%v, err=%v; want 10, true, nil", len(doc.Locs), doc.Truncated, err)
	}
}
