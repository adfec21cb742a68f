package page

import (
	"net/url"
	"strconv"
	"strings"
)

// BaseURL returns the base URL of the document node doc, as HTML defines it:
// the href of the document's first <base> element that has one, resolved
// against the document's URL, else the document's URL (for the main
// document, the page's final URL). It returns nil when the page records no
// usable URL.
func (p *Page) BaseURL(doc int) *url.URL {
	var docURL string
	for _, d := range p.Documents {
		if d.Node == doc {
			docURL = d.URL
			break
		}
	}
	if doc == 0 || docURL == "" {
		docURL = firstNonEmpty(docURL, p.FinalURL, p.URL)
	}
	u, err := url.Parse(docURL)
	if err != nil || docURL == "" {
		return nil
	}
	if b, ok := p.ix().base[doc]; ok {
		h, _ := p.Attr(b, "href")
		if bu, err := u.Parse(strings.TrimSpace(h)); err == nil {
			return bu
		}
	}
	return u
}

// ResolveHref resolves a URL written in element i's document (an href or
// src) against that document's base URL, without its fragment. It returns
// false for an empty or fragment-only reference, for javascript:, mailto:,
// tel: and data: URLs, and for what does not parse.
func (p *Page) ResolveHref(i int, href string) (string, bool) {
	h := strings.TrimSpace(href)
	if h == "" || strings.HasPrefix(h, "#") {
		return "", false
	}
	if k := strings.IndexByte(h, ':'); k > 0 {
		switch strings.ToLower(h[:k]) {
		case "javascript", "mailto", "tel", "data":
			return "", false
		}
	}
	doc := 0
	if i >= 0 && i < len(p.Nodes) {
		doc = p.Nodes[i].Doc
	}
	base := p.BaseURL(doc)
	if base == nil {
		return "", false
	}
	u, err := base.Parse(h)
	if err != nil {
		return "", false
	}
	u.Fragment = ""
	return u.String(), true
}

// TabIndex returns element i's tabindex attribute as a number, and whether
// it has one that parses as an integer (HTML's rules: surrounding white
// space allowed).
func (p *Page) TabIndex(i int) (int, bool) {
	v, ok := p.Attr(i, "tabindex")
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	return n, err == nil
}

// NativelyFocusable reports whether HTML makes element i focusable without a
// tabindex: a or area with an href, button, select, textarea, iframe, an
// input that is not hidden, the summary of a details element, audio and
// video with controls, and contenteditable elements. It does not look at
// disabled, rendering or inertness: callers decide those.
func (p *Page) NativelyFocusable(i int) bool {
	switch p.Tag(i) {
	case "a", "area":
		return p.HasAttr(i, "href")
	case "button", "select", "textarea", "iframe":
		return true
	case "input":
		t, _ := p.Attr(i, "type")
		return Lower(t) != "hidden"
	case "summary":
		par := p.ParentElement(i)
		return par >= 0 && p.Tag(par) == "details"
	case "audio", "video":
		return p.HasAttr(i, "controls")
	}
	if v, ok := p.Attr(i, "contenteditable"); ok && Lower(v) != "false" {
		return true
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
