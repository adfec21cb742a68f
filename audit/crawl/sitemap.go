package crawl

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Sitemap limits (the sitemaps protocol allows 50,000 URLs and 50 MB
// uncompressed per file).
const (
	maxSitemapLocs  = 50000
	maxSitemapBytes = 50 << 20
	maxSitemapFiles = 100
	maxSitemapNest  = 3
	maxLocLen       = 4096
)

// sitemapDoc is a parsed sitemap file: either a <urlset> (Index false)
// whose Locs are pages, or a <sitemapindex> whose Locs are sitemaps.
type sitemapDoc struct {
	Index     bool
	Locs      []string
	Truncated bool // more than the limit of locs, or more than maxSitemapBytes
}

var errNotSitemap = errors.New("crawl: not a sitemap")

// parseSitemap reads an XML sitemap or sitemap index, gzipped or not, or a
// plain-text sitemap (one URL per line). At most maxLocs <loc> values are
// kept and at most maxSitemapBytes of (decompressed) input are read; what
// was read before an XML error is returned with the error.
func parseSitemap(r io.Reader, maxLocs int) (sitemapDoc, error) {
	var doc sitemapDoc
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return doc, fmt.Errorf("crawl: gzipped sitemap: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	lr := &io.LimitedReader{R: br, N: maxSitemapBytes}
	br = bufio.NewReader(lr)
	// Skip a BOM and leading space to see what kind of file this is.
	for {
		c, _, err := br.ReadRune()
		if err != nil {
			return doc, errNotSitemap
		}
		if c == '\uFEFF' || c == ' ' || c == '\t' || c == '\r' || c == '\n' {
			continue
		}
		br.UnreadRune()
		if c != '<' {
			return parseTextSitemap(br, lr, maxLocs)
		}
		break
	}
	d := xml.NewDecoder(br)
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	var (
		stack  []string
		inLoc  bool
		loc    bytes.Buffer
		rooted bool
	)
	for {
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				if lr.N <= 0 {
					doc.Truncated = true
				}
				if !rooted {
					return doc, errNotSitemap
				}
				return doc, nil
			}
			if lr.N <= 0 {
				doc.Truncated = true
			}
			return doc, fmt.Errorf("crawl: sitemap: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if len(stack) == 0 {
				switch name {
				case "sitemapindex":
					doc.Index, rooted = true, true
				case "urlset":
					rooted = true
				default:
					return doc, errNotSitemap
				}
			}
			if len(stack) < 64 {
				stack = append(stack, name)
			} else {
				return doc, fmt.Errorf("crawl: sitemap nested too deep")
			}
			if name == "loc" && len(stack) == 3 && (stack[1] == "url" || stack[1] == "sitemap") {
				inLoc = true
				loc.Reset()
			}
		case xml.CharData:
			if inLoc && loc.Len() <= maxLocLen {
				loc.Write(t)
			}
		case xml.EndElement:
			if inLoc {
				inLoc = false
				if s := strings.TrimSpace(loc.String()); s != "" && len(s) <= maxLocLen {
					if len(doc.Locs) >= maxLocs {
						doc.Truncated = true
						return doc, nil
					}
					doc.Locs = append(doc.Locs, s)
				}
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
	}
}

func parseTextSitemap(br *bufio.Reader, lr *io.LimitedReader, maxLocs int) (sitemapDoc, error) {
	var doc sitemapDoc
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 4096), maxLocLen+2)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		l := strings.ToLower(line)
		if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
			if line != "" && len(doc.Locs) == 0 {
				return doc, errNotSitemap
			}
			continue
		}
		if len(doc.Locs) >= maxLocs {
			doc.Truncated = true
			return doc, nil
		}
		doc.Locs = append(doc.Locs, line)
	}
	if err := sc.Err(); err != nil {
		return doc, fmt.Errorf("crawl: text sitemap: %w", err)
	}
	if lr.N <= 0 {
		doc.Truncated = true
	}
	if len(doc.Locs) == 0 {
		return doc, errNotSitemap
	}
	return doc, nil
}
