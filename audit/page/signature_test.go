package page

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// fromHTML builds a page model of a document's elements and text (no
// layout), enough for signatures.
func fromHTML(t *testing.T, src string) *Page {
	t.Helper()
	root, err := html.Parse(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	p := &Page{Schema: Schema}
	var add func(n *html.Node, parent int)
	add = func(n *html.Node, parent int) {
		idx := parent
		switch n.Type {
		case html.DocumentNode:
			p.Nodes = append(p.Nodes, Node{Parent: -1, Type: DocumentNode, Name: "#document"})
			idx = len(p.Nodes) - 1
		case html.ElementNode:
			var attrs []string
			for _, a := range n.Attr {
				attrs = append(attrs, a.Key, a.Val)
			}
			p.Nodes = append(p.Nodes, Node{Parent: parent, Type: ElementNode, Name: n.Data, Attrs: attrs})
			idx = len(p.Nodes) - 1
		case html.TextNode:
			p.Nodes = append(p.Nodes, Node{Parent: parent, Type: TextNode, Name: "#text", Value: n.Data})
			return
		default:
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			add(c, idx)
		}
	}
	add(root, -1)
	return p
}

func byID(t *testing.T, p *Page, id string) int {
	t.Helper()
	for i := range p.Nodes {
		if v, ok := p.Attr(i, "id"); ok && v == id {
			return i
		}
	}
	t.Fatalf("no #%s", id)
	return -1
}

const sigBase = `<!doctype html><html lang="sv"><head>
<link rel="stylesheet" href="/site.css"><style>a:focus{outline:0}</style>
<script src="/app.js"></script><script>var lang='sv';</script>
<script type="application/ld+json">{"title":"%s"}</script>
</head><body class="%s"><header><nav><a id="home" href="/">Hem</a><a href="/jobb">Jobb</a></nav></header>
<main><h1>%s</h1></main></body></html>`

func sigPage(t *testing.T, title, bodyClass string, edit func(string) string) *Page {
	src := strings.Replace(sigBase, `{"title":"%s"}`, `{"title":"`+title+`"}`, 1)
	src = strings.Replace(src, `<body class="%s">`, `<body class="`+bodyClass+`">`, 1)
	src = strings.Replace(src, `<h1>%s</h1>`, `<h1>`+title+`</h1>`, 1)
	if edit != nil {
		src = edit(src)
	}
	return fromHTML(t, src)
}

// Two job pages of one site share their assets and their header link,
// although their data blocks and content differ; a change to their CSS,
// script or the link's ancestors makes them differ.
func TestSignatures(t *testing.T) {
	a := sigPage(t, "UX-designer", "site", nil)
	b := sigPage(t, "Drifttekniker", "site", nil)
	if a.AssetSignature() != b.AssetSignature() {
		t.Error("pages differing only in content and JSON-LD have different asset signatures")
	}
	if a.ElementSignature(byID(t, a, "home")) != b.ElementSignature(byID(t, b, "home")) {
		t.Error("the same header link on two pages has different signatures")
	}
	if a.ElementSignature(byID(t, a, "home")) == a.ElementSignature(byID(t, a, "home")+2) {
		t.Error("two different links have the same signature")
	}
	for name, edit := range map[string]func(string) string{
		"linked style sheet": func(s string) string { return strings.Replace(s, "/site.css", "/other.css", 1) },
		"style element":      func(s string) string { return strings.Replace(s, "outline:0", "outline:2px solid", 1) },
		"script source":      func(s string) string { return strings.Replace(s, "/app.js", "/app2.js", 1) },
		"inline script":      func(s string) string { return strings.Replace(s, "lang='sv'", "lang='en'", 1) },
	} {
		c := sigPage(t, "UX-designer", "site", edit)
		if c.AssetSignature() == a.AssetSignature() {
			t.Errorf("a changed %s leaves the asset signature unchanged", name)
		}
	}
	c := sigPage(t, "UX-designer", "site dark", nil)
	if c.ElementSignature(byID(t, c, "home")) == a.ElementSignature(byID(t, a, "home")) {
		t.Error("a changed class on an ancestor leaves the link's signature unchanged")
	}
	d := sigPage(t, "UX-designer", "site", func(s string) string {
		return strings.Replace(s, `href="/">Hem`, `href="/" aria-current="page">Hem`, 1)
	})
	if d.ElementSignature(byID(t, d, "home")) == a.ElementSignature(byID(t, a, "home")) {
		t.Error("a changed attribute on the link leaves its signature unchanged")
	}
	// What is drawn inside the element counts.
	e := sigPage(t, "UX-designer", "site", func(s string) string { return strings.Replace(s, `>Hem</a>`, `>Startsida</a>`, 1) })
	if e.ElementSignature(byID(t, e, "home")) == a.ElementSignature(byID(t, a, "home")) {
		t.Error("the link's changed text leaves its signature unchanged")
	}
	fig := func(src string) *Page {
		return fromHTML(t, `<!doctype html><html><body><main><figure id="f"><img src="`+src+`" alt=""></figure></main></body></html>`)
	}
	f1, f2 := fig("/a.jpg"), fig("/b.jpg")
	if f1.ElementSignature(byID(t, f1, "f")) == f2.ElementSignature(byID(t, f2, "f")) {
		t.Error("figures holding different images have the same signature")
	}
}
