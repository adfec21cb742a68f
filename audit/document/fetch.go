package document

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// ErrNotHTTP is returned for a document URL that is not http or https.
var ErrNotHTTP = errors.New("document: not an http(s) URL")

// Link is a document to check and the page that linked it.
type Link struct {
	URL  string
	From string
}

// IsPDF says whether a URL or Content-Type names a PDF.
func IsPDF(rawURL, contentType string) bool {
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(contentType)), "application/pdf") {
		return true
	}
	u, err := url.Parse(rawURL)
	return err == nil && strings.HasSuffix(strings.ToLower(u.Path), ".pdf")
}

// CheckAll fetches and checks the documents, in URL order, at most
// opt.MaxDocuments of them; the rest are reported as skipped so the bound
// shows as a gap. Which documents are checked depends only on the list,
// never on timing. client nil means http.DefaultClient.
func CheckAll(ctx context.Context, client *http.Client, links []Link, opt Options) []Report {
	opt = opt.withDefaults()
	if client == nil {
		client = http.DefaultClient
	}
	links = slices.Clone(links)
	slices.SortFunc(links, func(a, b Link) int { return strings.Compare(a.URL, b.URL) })
	links = slices.CompactFunc(links, func(a, b Link) bool { return a.URL == b.URL })
	out := make([]Report, 0, len(links))
	for i, l := range links {
		if i >= opt.MaxDocuments || ctx.Err() != nil {
			out = append(out, Report{URL: l.URL, From: l.From, Status: StatusSkipped, Findings: []Finding{}})
			continue
		}
		data, err := Fetch(ctx, client, l.URL, opt.MaxBytes)
		var rep Report
		switch {
		case errors.Is(err, errTooLarge):
			rep = Report{URL: l.URL, Status: StatusTooLarge, Error: err.Error(), Findings: []Finding{}}
		case err != nil:
			rep = Report{URL: l.URL, Status: StatusFetch, Error: err.Error(), Findings: []Finding{}}
		default:
			rep = Check(l.URL, data, opt)
		}
		rep.From = l.From
		out = append(out, rep)
	}
	return out
}

var errTooLarge = errors.New("document: larger than the bound")

// Fetch downloads a document, at most maxBytes of it.
func Fetch(ctx context.Context, client *http.Client, rawURL string, maxBytes int64) ([]byte, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("%w: %s", ErrNotHTTP, rawURL)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/pdf,*/*;q=0.5")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("document: fetch %s: %w", rawURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 400 {
		return nil, fmt.Errorf("document: fetch %s: status %d", rawURL, resp.StatusCode)
	}
	if resp.ContentLength > maxBytes {
		return nil, fmt.Errorf("%w: %d bytes, bound %d", errTooLarge, resp.ContentLength, maxBytes)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("document: read %s: %w", rawURL, err)
	}
	if int64(len(data)) > maxBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, maxBytes)
	}
	return data, nil
}
