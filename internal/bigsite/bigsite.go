// Package bigsite serves a synthetic site of about 5,000 URLs for crawl
// tests and benchmarks: 100 job list pages with 40 jobs each, 20 news list
// pages with 25 articles (slugs), 400 people (UUIDs), 40 info pages (slugs)
// and a few single pages. Every page has the same header (navigation and a
// search form), its links, and a body the caller chooses.
package bigsite

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// The site's size.
const (
	JobPages  = 100
	JobsPer   = 40
	NewsPages = 20
	NewsPer   = 25
	People    = 400
	Info      = 40
	// URLs counts every URL of the site.
	URLs = 1 + JobPages + JobPages*JobsPer + NewsPages + NewsPages*NewsPer + 1 + People + Info + 4
)

// Lorem is a body of about 3 kB of text.
var Lorem = strings.Repeat("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\n", 20)

var words = []string{"alfa", "bravo", "charlie", "delta", "eko", "foxtrot", "golf", "hotell", "india", "juliett", "kilo", "lima", "mike", "november", "oskar", "papa", "quebec", "romeo", "sierra", "tango"}

func slug(i int) string {
	return words[i%20] + "-" + words[(i/20)%20] + "-" + words[(i/400)%20]
}

func uuid(i int) string {
	return fmt.Sprintf("%08x-0000-4000-8000-%012x", i*2654435761%(1<<32), i)
}

// listPage returns the links of page ?page=N of a paged list: its items,
// the next page and, with back, the previous one. It reports false past
// the last page.
func listPage(r *http.Request, path string, pages, per int, back bool, item func(int) string) ([]string, bool) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = max(n, 1)
	if n > pages {
		return nil, false
	}
	var links []string
	for i := (n - 1) * per; i < n*per; i++ {
		links = append(links, item(i))
	}
	if n < pages {
		links = append(links, path+"?page="+strconv.Itoa(n+1))
	}
	switch {
	case back && n > 2:
		links = append(links, path+"?page="+strconv.Itoa(n-1))
	case back && n == 2:
		links = append(links, path)
	}
	return links, true
}

// Handler serves the site with body (HTML) in every page's main element,
// after the page's links.
func Handler(body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		serve(w, r, body)
	})
}

func serve(w http.ResponseWriter, r *http.Request, body string) {
	p := r.URL.Path
	if p == "/robots.txt" {
		w.Write([]byte("User-agent: *\nDisallow:\n"))
		return
	}
	var links []string
	switch {
	case p == "/":
		for i := range Info {
			links = append(links, "/info/"+words[i%20]+"-"+words[i/20])
		}
	case p == "/jobs", p == "/news":
		var ok bool
		if p == "/jobs" {
			links, ok = listPage(r, "/jobs", JobPages, JobsPer, true, func(i int) string { return fmt.Sprintf("/jobs/%d-%s", 1000+i, slug(i)) })
		} else {
			links, ok = listPage(r, "/news", NewsPages, NewsPer, false, func(i int) string { return "/news/" + slug(i) })
		}
		if !ok {
			http.NotFound(w, r)
			return
		}
	case p == "/people":
		for i := range People {
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
</nav><form role="search" action="/search"><input type="search" name="q" aria-label="Search"></form></header><main>`)
	for _, l := range links {
		fmt.Fprintf(&b, "<a href=%q>%s</a>\n", l, l)
	}
	b.WriteString(body)
	b.WriteString("</main></body></html>")
	w.Write([]byte(b.String()))
}
