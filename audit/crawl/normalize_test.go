package crawl

import (
	"errors"
	"net/url"
	"slices"
	"testing"
)

func TestNormalize(t *testing.T) {
	base, _ := url.Parse("https://Example.se/jobb/lista/?x=1#top")
	cases := []struct {
		raw, base, want string
		err             error
	}{
		{raw: "HTTP://WWW.Example.SE:80/a/b/", want: "http://www.example.se/a/b"},
		{raw: "https://example.se:443", want: "https://example.se/"},
		{raw: "https://example.se:8443/", want: "https://example.se:8443/"},
		{raw: "https://example.se/a#frag", want: "https://example.se/a"},
		{raw: "https://example.se/?b=2&a=1&a=0", want: "https://example.se/?a=0&a=1&b=2"},
		{raw: "https://example.se/p?utm_source=x&utm_medium=y&id=3&fbclid=z&gclid=q&msclkid=m", want: "https://example.se/p?id=3"},
		{raw: "https://example.se/p?UTM_Campaign=x", want: "https://example.se/p"},
		{raw: "https://example.se/p?PHPSESSID=abc&page=2", want: "https://example.se/p?page=2"},
		{raw: "https://example.se/p;jsessionid=ABC123", want: "https://example.se/p"},
		{raw: "https://example.se/a/;jsessionid=ABC/b", want: "https://example.se/a/b"},
		{raw: "https://example.se/a/./b/../c//d/", want: "https://example.se/a/c/d"},
		{raw: "https://example.se/%7euser/%2fx%2F", want: "https://example.se/~user/%2Fx%2F"},
		{raw: "https://example.se/a b/ä", want: "https://example.se/a%20b/%C3%A4"},
		{raw: "https://example.se/100%", want: "https://example.se/100%25"},
		{raw: "https://user:pw@example.se/", want: "https://example.se/"},
		{raw: "https://example.se/s?q=a+b&q2=a%20b", want: "https://example.se/s?q=a+b&q2=a%20b"},
		{raw: "https://example.se/s?", want: "https://example.se/s"},
		{raw: "https://räksmörgås.se/", want: "https://xn--rksmrgs-5wao1o.se/"},
		{raw: "http://[::1]:8080/x", want: "http://[::1]:8080/x"},
		{raw: "  https://example.se/a\n ", want: "https://example.se/a"},
		{raw: "../om-oss/", base: "x", want: "https://example.se/jobb/om-oss"},
		{raw: "?page=2", base: "x", want: "https://example.se/jobb/lista?page=2"},
		{raw: "//cdn.example.se/x.pdf", base: "x", want: "https://cdn.example.se/x.pdf"},
		{raw: "", base: "x", want: "https://example.se/jobb/lista?x=1"},
		{raw: "mailto:info@example.se", err: ErrUnsupportedScheme},
		{raw: "javascript:void(0)", base: "x", err: ErrUnsupportedScheme},
		{raw: "tel:+4612345", base: "x", err: ErrUnsupportedScheme},
		{raw: "data:text/html,hi", base: "x", err: ErrUnsupportedScheme},
		{raw: "ftp://example.se/", err: ErrUnsupportedScheme},
		{raw: "/relative", err: ErrBadURL},
		{raw: "http:///nohost", err: ErrBadURL},
		{raw: "http://example.se:99999/", err: ErrBadURL},
	}
	for _, c := range cases {
		var b *url.URL
		if c.base != "" {
			b = base
		}
		got, err := Normalize(c.raw, b)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("Normalize(%q) error = %v, want %v", c.raw, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", c.raw, got, err, c.want)
			continue
		}
		again, err := Normalize(got, nil)
		if err != nil || again != got {
			t.Errorf("Normalize not idempotent: %q → %q → %q (%v)", c.raw, got, again, err)
		}
	}
}

func TestCompare(t *testing.T) {
	in := []string{"/p?page=10", "/p?page=2", "/p?page=1", "/a", "/p?page=02", "/b10", "/b9"}
	slices.SortFunc(in, Compare)
	want := []string{"/a", "/b9", "/b10", "/p?page=1", "/p?page=02", "/p?page=2", "/p?page=10"}
	if !slices.Equal(in, want) {
		t.Errorf("sorted = %q, want %q", in, want)
	}
}
