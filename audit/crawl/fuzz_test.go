package crawl

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
)

var urlSeeds = []string{
	"https://Example.se:443/a/./b/../c/?utm_source=x&b=2&a=1#frag",
	"http://www.example.se/jobb/123-ux-designer/",
	"https://x.se/p;jsessionid=ABC/q?PHPSESSID=1&page=02",
	"https://räksmörgås.se/%7e%2f%zz?q=a+b&q=%41",
	"http://[::1]:8080/kalender/2026/11/23",
	"mailto:a@b", "javascript:alert(1)", "//cdn.x/y.pdf", "?page=2", "../../", "",
	"http://x.se/%2e%2E/a", "HTTP://X.SE:80", "https://x.se/a//b///", "https://x.se/?&&=&a", "http://a:0/",
}

func FuzzNormalize(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s)
	}
	base, _ := url.Parse("https://example.se/dir/page?x=1")
	f.Fuzz(func(t *testing.T, raw string) {
		for _, b := range []*url.URL{nil, base} {
			n, err := Normalize(raw, b)
			if err != nil {
				continue
			}
			if !strings.HasPrefix(n, "http://") && !strings.HasPrefix(n, "https://") {
				t.Fatalf("Normalize(%q) = %q: not http(s)", raw, n)
			}
			if strings.Contains(n, "#") {
				t.Fatalf("Normalize(%q) = %q: fragment kept", raw, n)
			}
			again, err := Normalize(n, nil)
			if err != nil || again != n {
				t.Fatalf("not idempotent: %q → %q → %q (%v)", raw, n, again, err)
			}
			pu, err := url.Parse(n)
			if err != nil || pu.Host == "" {
				t.Fatalf("Normalize(%q) = %q does not parse back: %v", raw, n, err)
			}
			if p := pu.EscapedPath(); p != "/" && strings.HasSuffix(p, "/") {
				t.Fatalf("Normalize(%q) = %q keeps a trailing slash", raw, n)
			}
		}
	})
}

func FuzzTemplateKey(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		k := TemplateKey(raw)
		if k == "" {
			return
		}
		if !strings.HasPrefix(k, "/") {
			t.Fatalf("TemplateKey(%q) = %q", raw, k)
		}
		n, err := Normalize(raw, nil)
		if err != nil {
			t.Fatalf("TemplateKey(%q) = %q for a URL Normalize rejects: %v", raw, k, err)
		}
		if k2 := TemplateKey(n); k2 != k {
			t.Fatalf("TemplateKey(%q) = %q but TemplateKey(Normalize) = %q", raw, k, k2)
		}
		// Grouping a key with itself never fails and keeps its length.
		g := groupShapes(map[string]shape{k: parseShape("", k)})
		if strings.Count(g[k], "/") != strings.Count(k, "/") {
			t.Fatalf("group of %q = %q", k, g[k])
		}
	})
}

func FuzzParseSitemap(f *testing.F) {
	f.Add([]byte(testURLSet))
	f.Add([]byte(testIndex))
	f.Add(gz(testIndex))
	f.Add([]byte("https://x.se/a\nhttps://x.se/b\n"))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><urlset><url><loc>x</loc></url></urlset>`))
	f.Add([]byte(`<urlset><url><loc><![CDATA[https://x.se/c]]></loc></url><url><url><loc>y</loc></url></url></urlset>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, _ := parseSitemap(bytes.NewReader(b), 20)
		if len(doc.Locs) > 20 {
			t.Fatalf("%d locs, limit 20", len(doc.Locs))
		}
		for _, l := range doc.Locs {
			if l == "" || len(l) > maxLocLen {
				t.Fatalf("bad loc %q", l)
			}
		}
	})
}

func FuzzParsePage(f *testing.F) {
	f.Add([]byte(`<title>Kontakt</title><base href="/x/"><a href="a">A <img alt="b"></a><form action="/s"><input name="q"></form><input name="o">`))
	f.Add([]byte(`<a href=x><a href=y>nested</a><area href=z alt=Z><svg><title>t</title></svg><title>real</title>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pf := parsePage(b)
		if len(pf.links) > maxLinksPerPage || len(pf.forms) > maxFormsPerPage {
			t.Fatalf("%d links, %d forms", len(pf.links), len(pf.forms))
		}
		for _, fm := range pf.forms {
			if len(fm.fields) == 0 {
				t.Fatalf("form without fields kept: %+v", fm)
			}
		}
	})
}
