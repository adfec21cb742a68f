package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// bigSite is a synthetic site of about 5,000 URLs: 100 job list pages
// with 40 jobs each, 20 news list pages with 25 articles (slugs), 400
// people (UUIDs), 40 info pages (slugs) and a few single pages. Pages
// are medium-sized (about 4 kB).
type bigSite struct {
	srv *httptest.Server
}

const (
	bigJobPages  = 100
	bigJobsPer   = 40
	bigNewsPages = 20
	bigNewsPer   = 25
	bigPeople    = 400
	bigInfo      = 40
	// bigURLs counts every URL of the site.
	bigURLs = 1 + bigJobPages + bigJobPages*bigJobsPer + bigNewsPages + bigNewsPages*bigNewsPer + 1 + bigPeople + bigInfo + 4
)

var words = []string{"alfa", "bravo", "charlie", "delta", "eko", "foxtrot", "golf", "hotell", "india", "juliett", "kilo", "lima", "mike", "november", "oskar", "papa", "quebec", "romeo", "sierra", "tango"}

func slug(i int) string {
	return words[i%20] + "-" + words[(i/20)%20] + "-" + words[(i/400)%20]
}

func uuid(i int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", i*2654435761%(1<<32), i)
}

var filler = strings.Repeat("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\n", 20)

func newBigSite(tb testing.TB) *bigSite {
	s := &bigSite{}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

func (s *bigSite) serve(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	if p == "/robots.txt" {
		w.Write([]byte("User-agent: *\nDisallow:\n"))
		return
	}
	var links []string
	switch {
	case p == "/":
		for i := range bigInfo {
			links = append(links, "/info/"+words[i%20]+"-"+words[i/20])
		}
	case p == "/jobs":
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		n = max(n, 1)
		if n > bigJobPages {
			http.NotFound(w, r)
			return
		}
		for i := (n - 1) * bigJobsPer; i < n*bigJobsPer; i++ {
			links = append(links, fmt.Sprintf("/jobs/%d-%s", 1000+i, slug(i)))
		}
		if n < bigJobPages {
			links = append(links, "/jobs?page="+strconv.Itoa(n+1))
		}
		if n > 2 {
			links = append(links, "/jobs?page="+strconv.Itoa(n-1))
		} else if n == 2 {
			links = append(links, "/jobs")
		}
	case p == "/news":
		n, _ := strconv.Atoi(r.URL.Query().Get("page"))
		n = max(n, 1)
		if n > bigNewsPages {
			http.NotFound(w, r)
			return
		}
		for i := (n - 1) * bigNewsPer; i < n*bigNewsPer; i++ {
			links = append(links, "/news/"+slug(i))
		}
		if n < bigNewsPages {
			links = append(links, "/news?page="+strconv.Itoa(n+1))
		}
	case p == "/people":
		for i := range bigPeople {
			links = append(links, "/people/"+uuid(i))
		}
	case strings.HasPrefix(p, "/jobs/"), strings.HasPrefix(p, "/news/"), strings.HasPrefix(p, "/people/"),
		strings.HasPrefix(p, "/info/"), p == "/about", p == "/contact", p == "/privacy", p == "/accessibility":
	default:
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><title>Page</title></head><body><header><nav>
<a href="/">Home</a> <a href="/jobs">Jobs</a> <a href="/news">News</a> <a href="/people">People</a> <a href="/about">About</a>
<a href="/contact">Contact us</a> <a href="/privacy">Privacy policy</a> <a href="/accessibility">Accessibility statement</a>
</nav><form role="search" action="/search"><input type="search" name="q"></form></header><main>`)
	for _, l := range links {
		fmt.Fprintf(&b, "<a href=%q>%s</a>\n", l, l)
	}
	b.WriteString(filler)
	b.WriteString("</main></body></html>")
	w.Write([]byte(b.String()))
}

func bigConfig(s *bigSite) Config {
	return Config{
		Start:            []string{s.srv.URL + "/"},
		Parallelism:      8,
		MaxPerTemplate:   -1,
		MaxQueryVariants: -1,
		PageTimeout:      10 * time.Second,
	}
}

func TestDiscover5000(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("5,000-URL site skipped in -short mode")
	}
	s := newBigSite(t)
	c := discover(t, bigConfig(s))
	sum := c.Summary()
	if sum.Discovered != bigURLs || sum.Pages != bigURLs || len(sum.Errors) != 0 {
		t.Fatalf("discovered %d, pages %d, errors %d; want %d", sum.Discovered, sum.Pages, len(sum.Errors), bigURLs)
	}
	tm := map[string]int{}
	for _, ts := range sum.Templates {
		tm[ts.Template] = ts.URLs
	}
	for k, n := range map[string]int{"/jobs/{id}": bigJobPages * bigJobsPer, "/news/{slug}": bigNewsPages * bigNewsPer,
		"/people/{id}": bigPeople, "/info/{slug}": bigInfo, "/jobs?page={n}": bigJobPages - 1, "/about": 1} {
		if tm[k] != n {
			t.Errorf("template %s has %d URLs, want %d", k, tm[k], n)
		}
	}
	if len(sum.Templates) > 15 || sum.Sampled > 30 {
		t.Errorf("%d templates, %d sampled", len(sum.Templates), sum.Sampled)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapInuse > 300<<20 {
		t.Errorf("heap in use %d MB after discovering %d URLs", ms.HeapInuse>>20, sum.Discovered)
	}
	t.Logf("%d URLs, %d templates, %d sampled, heap in use %.1f MB", sum.Discovered, len(sum.Templates), sum.Sampled, float64(ms.HeapInuse)/(1<<20))
}

// BenchmarkDiscover5000 discovers the 5,000-URL site with sampling and
// reports URLs per second and the Go heap.
func BenchmarkDiscover5000(b *testing.B) {
	s := newBigSite(b)
	var urls int
	var heap, sys uint64
	start := time.Now()
	for b.Loop() {
		c, err := New(bigConfig(s))
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Discover(context.Background()); err != nil {
			b.Fatal(err)
		}
		sum := c.Summary()
		urls += sum.Discovered
		if sum.Sampled == 0 {
			b.Fatal("empty sample")
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap, sys = max(heap, ms.HeapInuse), max(sys, ms.Sys)
		c.Close()
	}
	b.ReportMetric(float64(urls)/time.Since(start).Seconds(), "URLs/s")
	b.ReportMetric(float64(heap)/(1<<20), "HeapInuse-MB")
	b.ReportMetric(float64(sys)/(1<<20), "Sys-MB")
}
