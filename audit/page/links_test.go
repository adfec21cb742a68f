package page

import "testing"

// pageWithBase is a main document at https://site.test/jobb/lista with a
// <base href="/sv/"> and one link.
func pageWithBase(base string) *Page {
	p := &Page{URL: "https://site.test/jobb/lista", FinalURL: "https://site.test/jobb/lista",
		Documents: []Doc{{Node: 0, URL: "https://site.test/jobb/lista", Owner: -1}}}
	p.Nodes = []Node{
		{Parent: -1, Type: DocumentNode, Name: "#document"},
		{Parent: 0, Type: ElementNode, Name: "html"},
		{Parent: 1, Type: ElementNode, Name: "head"},
		{Parent: 2, Type: ElementNode, Name: "base", Attrs: []string{"href", base}},
		{Parent: 1, Type: ElementNode, Name: "a", Attrs: []string{"href", "kontakt#form"}},
		{Parent: 1, Type: ElementNode, Name: "video", Attrs: []string{"controls", ""}},
	}
	return p
}

// Links were resolved three ways before, and only the crawler's honoured
// <base href>: the engine and the site rules took kontakt to be
// /jobb/kontakt on this page.
func TestResolveHrefHonoursBase(t *testing.T) {
	p := pageWithBase("/sv/")
	if got, ok := p.ResolveHref(4, "kontakt#form"); !ok || got != "https://site.test/sv/kontakt" {
		t.Errorf("with <base href=/sv/>: %q %v, want https://site.test/sv/kontakt", got, ok)
	}
	q := pageWithBase("")
	q.Nodes[3].Name = "meta"
	if got, _ := q.ResolveHref(4, "kontakt"); got != "https://site.test/jobb/kontakt" {
		t.Errorf("without base: %q, want https://site.test/jobb/kontakt", got)
	}
	for _, h := range []string{"", "#top", "javascript:void(0)", "mailto:a@b.se", "tel:+46", " JavaScript:x"} {
		if got, ok := q.ResolveHref(4, h); ok {
			t.Errorf("%q resolved to %q; want not a link target", h, got)
		}
	}
}

// capture's walk and the keyboard rules each had their own list of natively
// focusable elements; the walk's lacked audio and video with controls.
func TestNativelyFocusable(t *testing.T) {
	p := pageWithBase("/")
	if !p.NativelyFocusable(5) {
		t.Error("video with controls: not focusable")
	}
	p.Nodes[5].Attrs = nil
	if p.NativelyFocusable(5) {
		t.Error("video without controls: focusable")
	}
	if !p.NativelyFocusable(4) {
		t.Error("a with href: not focusable")
	}
}
