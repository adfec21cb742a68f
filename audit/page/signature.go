package page

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"slices"
	"strings"
)

// AssetSignature hashes what makes the main document's elements look and
// behave as they do apart from their own markup: the style sheets it links,
// its style elements, the scripts it loads and its inline scripts (data
// blocks such as JSON-LD left out). Pages of one site that share their CSS
// and script have the same signature.
func (p *Page) AssetSignature() string {
	h := sha1.New()
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.Type != ElementNode || n.Doc != 0 {
			continue
		}
		switch n.Name {
		case "link":
			if rel, _ := p.Attr(i, "rel"); strings.Contains(Lower(rel), "stylesheet") {
				href, _ := p.Attr(i, "href")
				media, _ := p.Attr(i, "media")
				fmt.Fprintf(h, "L%s\x00%s\x00", href, media)
			}
		case "style":
			fmt.Fprintf(h, "S%s\x00", p.rawText(i))
		case "script":
			if src, ok := p.Attr(i, "src"); ok {
				fmt.Fprintf(h, "J%s\x00", src)
			} else if scriptType(p, i) {
				fmt.Fprintf(h, "I%s\x00", p.rawText(i))
			}
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// rawText is the text of an element's child text nodes, as the source has
// it (the text of a style or script element).
func (p *Page) rawText(i int) string {
	var b strings.Builder
	for _, c := range p.Children(i) {
		if p.Nodes[c].Type == TextNode {
			b.WriteString(p.Nodes[c].Value)
		}
	}
	return b.String()
}

// scriptType reports whether a script element's type makes it run.
func scriptType(p *Page, i int) bool {
	t, ok := p.Attr(i, "type")
	if !ok {
		return true
	}
	switch strings.TrimSpace(Lower(t)) {
	case "", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript":
		return true
	}
	return false
}

// ElementSignature hashes what decides how an element is drawn, given the
// page's AssetSignature: its path, its ancestors' tags and attributes, its
// own subtree (markup and text: a figure's image, a link's label), its
// siblings' tags, its size and its computed styles. Two elements with the
// same signature on pages with the same assets look the same, focused or
// not, but for what script does differently on each page. What their
// neighbours hold is left out: a crop's margin may show other text beside
// the element.
func (p *Page) ElementSignature(i int) string {
	h := sha1.New()
	fmt.Fprintf(h, "%dx%d\x00%s\x00", p.Viewport.Width, p.Viewport.Height, p.XPath(i))
	openTag(h, p, i)
	p.Ancestors(i, func(a int) bool {
		openTag(h, p, a)
		return true
	})
	if par := p.Nodes[i].Parent; par >= 0 {
		for _, c := range p.Children(par) {
			if p.IsElement(c) {
				fmt.Fprintf(h, "<%s", p.Tag(c))
			}
		}
	}
	fmt.Fprint(h, "\x00")
	p.subtree(h, i)
	if l := p.Nodes[i].Layout; l != nil {
		fmt.Fprintf(h, "%g %g %s %s\x00", math.Round(l.Box.W*2)/2, math.Round(l.Box.H*2)/2, l.BG, strings.Join(l.Styles, "\x01"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// subtree writes the markup under node i: each element's tag and
// attributes, each text, in document order.
func (p *Page) subtree(h hash.Hash, i int) {
	for _, c := range p.Children(i) {
		switch n := &p.Nodes[c]; n.Type {
		case ElementNode:
			openTag(h, p, c)
			p.subtree(h, c)
			fmt.Fprintf(h, "</%s>", n.Name)
		case TextNode:
			fmt.Fprintf(h, "%s\x00", n.Value)
		}
	}
}

// openTag writes an element's tag and its attributes, sorted by name.
func openTag(h hash.Hash, p *Page, i int) {
	a := p.Nodes[i].Attrs
	pairs := make([]string, 0, len(a)/2)
	for k := 0; k+1 < len(a); k += 2 {
		pairs = append(pairs, Lower(a[k])+"="+a[k+1])
	}
	slices.Sort(pairs)
	fmt.Fprintf(h, "<%s %s>", p.Nodes[i].Name, strings.Join(pairs, "\x01"))
}
