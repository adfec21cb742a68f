package structure

import (
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// bypassFacts are what a page offers to skip repeated blocks.
type bypassFacts struct {
	main, heading, skip, nav int // first node of each kind, -1 if none
}

func findBypass(p *page.Page) bypassFacts {
	f := bypassFacts{-1, -1, -1, -1}
	for i := range p.Nodes {
		if !p.IsElement(i) || p.Nodes[i].Doc != 0 {
			continue
		}
		role := dom.Role(p, i)
		switch {
		case role == "main" && f.main < 0 && p.InAXTree(i):
			f.main = i
		case role == "heading" && f.heading < 0 && p.InAXTree(i) && dom.Visible(p, i) && strings.TrimSpace(p.AXName(i)) != "":
			f.heading = i
		case role == "navigation" && f.nav < 0 && p.InAXTree(i):
			f.nav = i
		case role == "link" && f.skip < 0 && skipLink(p, i):
			f.skip = i
		}
	}
	return f
}

// skipLink reports whether the element is a link to a place in the same
// page ("#main") whose target exists, and that the keyboard reaches.
func skipLink(p *page.Page, i int) bool {
	href, ok := p.Attr(i, "href")
	href = strings.TrimSpace(href)
	if !ok || !strings.HasPrefix(href, "#") || len(href) < 2 {
		return false
	}
	id := href[1:]
	if _, ok := p.ElementByID(i, id); !ok {
		found := false
		for j := range p.Nodes {
			if v, _ := p.Attr(j, "name"); p.IsElement(j) && p.Tag(j) == "a" && v == id {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return dom.Tabbable(p, i)
}

// landmarkRoles are the ARIA landmark roles. A region is a landmark only
// when it has a name.
var landmarkRoles = map[string]bool{
	"banner": true, "complementary": true, "contentinfo": true, "form": true,
	"main": true, "navigation": true, "region": true, "search": true,
}

// embeddedContent are elements that are content on their own, without text.
var embeddedContent = map[string]bool{
	"img": true, "svg": true, "video": true, "audio": true, "canvas": true,
	"iframe": true, "frame": true, "object": true, "embed": true, "input": true,
	"select": true, "textarea": true, "button": true, "meter": true, "progress": true,
}

// leadBlock is the navigation block a page starts with, and what follows
// it: the evidence ACT rules b40fd1, 047fe0 and cf77f2 call a block of
// repeated content followed by non-repeated content.
type leadBlock struct {
	block int          // the block's element
	inB   map[int]bool // nodes in the block
	after []int        // nodes after the block, in document order
	base  *url.URL     // what the main document's links resolve against
}

// bodyOrder lists the nodes of the main document's body in document order
// (the composed tree: shadow trees included, frames' documents not).
func bodyOrder(p *page.Page) []int {
	root := p.Root()
	if root < 0 {
		return nil
	}
	body := -1
	for _, c := range p.Children(root) {
		if p.IsElement(c) && p.Tag(c) == "body" {
			body = c
		}
	}
	if body < 0 {
		return nil
	}
	var out []int
	p.Descendants(body, func(d int) bool {
		n := &p.Nodes[d]
		if n.Type == page.DocumentNode || n.Pseudo != "" {
			return false
		}
		if n.Type == page.ElementNode {
			switch n.Name {
			case "script", "style", "template", "noscript", "head":
				return false
			}
		}
		out = append(out, d)
		return true
	})
	return out
}

// perceivable reports whether node i is content someone perceives: text
// that is visible or in the accessibility tree, or an embedded element
// (image, control, frame) that is, and not presentational. It errs on the
// side of content.
func perceivable(p *page.Page, i int) bool {
	n := &p.Nodes[i]
	switch n.Type {
	case page.TextNode:
		if strings.TrimSpace(n.Value) == "" {
			return false
		}
		return dom.Visible(p, i) || p.InAXTree(i)
	case page.ElementNode:
		if !embeddedContent[n.Name] {
			return false
		}
		if dom.Presentational(dom.Role(p, i)) && !dom.Visible(p, i) {
			return false
		}
		return dom.Visible(p, i) || p.InAXTree(i)
	}
	return false
}

// docURL is the URL links of the main document resolve against.
func docURL(p *page.Page) *url.URL {
	u := p.BaseURL(0)
	if u == nil || !u.IsAbs() {
		return nil
	}
	return u
}

// hrefOf resolves an a or area element's href; nil when it has none.
func hrefOf(p *page.Page, base *url.URL, i int) *url.URL {
	if t := p.Tag(i); (t != "a" && t != "area") || base == nil {
		return nil
	}
	h, ok := p.Attr(i, "href")
	if !ok {
		return nil
	}
	u, err := base.Parse(strings.TrimSpace(h))
	if err != nil {
		return nil
	}
	return u
}

// samePage reports whether the URL is the document itself, with or without
// a fragment, over http or https.
func samePage(base, u *url.URL) bool {
	web := func(s string) bool { return s == "http" || s == "https" }
	return web(u.Scheme) == web(base.Scheme) && u.Host == base.Host && u.Path == base.Path && u.RawQuery == base.RawQuery
}

// siteLink reports whether the URL leads to another web page of the same
// site (same host and port, another path or query): "distance 1" in the ACT
// definition of a block of repeated content.
func siteLink(base, u *url.URL) bool {
	return u != nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host == base.Host && !samePage(base, u)
}

// linkList reports whether the element is a list (ul, ol, menu) of at
// least two items whose visible text all sits in links.
func linkList(p *page.Page, i int) bool {
	switch p.Tag(i) {
	case "ul", "ol", "menu":
	default:
		return false
	}
	items := 0
	for _, c := range p.Children(i) {
		if p.IsElement(c) && p.Tag(c) == "li" {
			items++
		}
	}
	if items < 2 {
		return false
	}
	ok := true
	p.Descendants(i, func(d int) bool {
		if !ok {
			return false
		}
		n := &p.Nodes[d]
		if n.Type == page.ElementNode && n.Name == "a" {
			return false
		}
		if n.Type == page.ElementNode && embeddedContent[n.Name] && perceivable(p, d) {
			ok = false
		}
		if n.Type == page.TextNode && perceivable(p, d) {
			ok = false
		}
		return true
	})
	return ok
}

// navEntries counts the a elements of a block (links, and the unlinked
// "you are here" entry of a menu) and whether one leads to another page
// of the site.
func navEntries(p *page.Page, base *url.URL, b int) (entries int, site bool) {
	p.Descendants(b, func(d int) bool {
		if p.Nodes[d].Type == page.DocumentNode {
			return false
		}
		if p.IsElement(d) && p.Tag(d) == "a" && strings.TrimSpace(p.Text(d)+p.AXName(d)) != "" && perceivable(p, firstText(p, d)) {
			entries++
			if siteLink(base, hrefOf(p, base, d)) {
				site = true
			}
			return false
		}
		return true
	})
	return entries, site
}

// firstText returns the first non-blank text node or embedded element in
// the element, or the element itself.
func firstText(p *page.Page, i int) int {
	found := i
	done := false
	p.Descendants(i, func(d int) bool {
		if done {
			return false
		}
		n := &p.Nodes[d]
		if (n.Type == page.TextNode && strings.TrimSpace(n.Value) != "") || (n.Type == page.ElementNode && embeddedContent[n.Name]) {
			found, done = d, true
			return false
		}
		return n.Type != page.DocumentNode
	})
	return found
}

// navBlock reports whether element i is a navigation block: a navigation
// landmark, a list of links, or a banner landmark holding either, with at
// least minEntries entries and a link to another page of the site.
func navBlock(p *page.Page, base *url.URL, i int, minEntries int) bool {
	if !p.IsElement(i) {
		return false
	}
	role := dom.Role(p, i)
	kind := false
	switch {
	case role == "navigation" && p.InAXTree(i):
		kind = true
	case linkList(p, i):
		kind = true
	case role == "banner" && p.InAXTree(i):
		p.Descendants(i, func(d int) bool {
			if kind || p.Nodes[d].Type == page.DocumentNode {
				return false
			}
			if p.IsElement(d) && ((dom.Role(p, d) == "navigation" && p.InAXTree(d)) || linkList(p, d)) {
				kind = true
				return false
			}
			return true
		})
	}
	if !kind {
		return false
	}
	n, site := navEntries(p, base, i)
	return n >= minEntries && site
}

// findLeadBlock finds the navigation block that holds the first
// perceivable content of the page: the outermost one, so a banner with a
// menu is one block. ok is false when the page does not start with one.
func findLeadBlock(p *page.Page, minEntries int) (lb leadBlock, ok bool) {
	order := bodyOrder(p)
	first := -1
	for _, i := range order {
		if perceivable(p, i) {
			first = i
			break
		}
	}
	if first < 0 {
		return lb, false
	}
	base := docURL(p)
	if base == nil {
		return lb, false
	}
	block := -1
	for x := first; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode || (n.Type == page.ElementNode && n.Name == "body") {
			break
		}
		if navBlock(p, base, x, minEntries) {
			block = x
		}
	}
	if block < 0 {
		return lb, false
	}
	lb = leadBlock{block: block, inB: map[int]bool{block: true}, base: base}
	p.Descendants(block, func(d int) bool {
		lb.inB[d] = true
		return true
	})
	last := -1
	for pos, i := range order {
		if lb.inB[i] {
			last = pos
		}
	}
	lb.after = order[last+1:]
	return lb, true
}

// inLink reports whether the node is inside (or is) an a element or a
// button.
func inLink(p *page.Page, i int) bool {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			return false
		}
		if n.Type == page.ElementNode && (n.Name == "a" || n.Name == "button") {
			return true
		}
	}
	return false
}

// surelyUnseen reports whether an element is certainly not visible: it
// is clipped away (the "visually hidden" patterns), or its box, or when it
// has none the boxes of its content, lie wholly above the page, where no
// scrolling reaches. Content left of the page is not counted, since a
// right-to-left page scrolls there (and the capture does not record the
// direction), nor is transparency: content that fades in as it is scrolled
// to is seen.
func surelyUnseen(p *page.Page, i int) bool {
	if dom.ClippedAway(p, i) {
		return true
	}
	off := func(b page.Rect) bool { return b.Y+b.H <= 0 }
	if b, ok := p.Box(i); ok && !b.Empty() {
		return off(b)
	}
	boxes := 0
	unseen := true
	p.Descendants(i, func(d int) bool {
		n := &p.Nodes[d]
		if !unseen || n.Type == page.DocumentNode {
			return false
		}
		if n.Layout == nil {
			return true
		}
		bs := n.Layout.TextBoxes
		if len(bs) == 0 && !n.Layout.Box.Empty() {
			bs = []page.Rect{n.Layout.Box}
		}
		for _, b := range bs {
			boxes++
			if !off(b) {
				unseen = false
			}
		}
		return true
	})
	return unseen && boxes > 0
}

// ordinaryLink reports whether the element is a link that can only take
// the user elsewhere: to another page, to this page from the top (no
// fragment), or to mail or a phone; and that has no click script of its own.
// Such a link cannot skip or hide a block.
func ordinaryLink(p *page.Page, base *url.URL, i int) bool {
	u := hrefOf(p, base, i)
	if u == nil || p.HasAttr(i, "onclick") {
		return false
	}
	switch u.Scheme {
	case "mailto", "tel":
		return true
	case "http", "https":
	default:
		return false
	}
	if h, _ := p.Attr(i, "href"); strings.Contains(h, "#") && samePage(base, u) {
		return false
	}
	for _, e := range p.Nodes[i].Events {
		switch e {
		case "click", "keydown", "keyup", "keypress":
			return false
		}
	}
	return true
}

// verdict is what the page offers past its lead block.
type verdict struct {
	outcome rules.Outcome
	code    string
	related int
}

// judgeLeadBlock decides a page that starts with a navigation block and has
// no main landmark and no skip link. It fails the page only when every way
// past the block is certainly missing: no heading after it that could be
// seen, no landmark outside the block, no control other than links to
// other pages (a button or scripted link could skip or collapse the
// block), nothing in frames, and enough content after the block that it
// is the page's own.
func judgeLeadBlock(p *page.Page, lb leadBlock, ratio float64) verdict {
	// Headings after the block: one that is seen passes; one that might
	// be seen leaves the question open; hidden ones do not count.
	for _, i := range lb.after {
		if !p.IsElement(i) || dom.Role(p, i) != "heading" || !p.InAXTree(i) {
			continue
		}
		if dom.Visible(p, i) && strings.TrimSpace(p.AXName(i)) != "" {
			return verdict{rules.Passed, "headings", i}
		}
		if !surelyUnseen(p, i) {
			return verdict{rules.CantTell, "unclear-heading", i}
		}
	}
	unsure := verdict{rules.CantTell, "no-bypass", lb.block}
	// Frames are pages of their own whose content is not judged here.
	if p.HasGap(page.GapFrame) || p.HasGap(page.GapFrameAX) {
		return unsure
	}
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.Type == page.DocumentNode && i != 0 {
			return unsure
		}
		if n.Type != page.ElementNode || n.Doc != 0 || n.Pseudo != "" || lb.inB[i] {
			continue
		}
		role := dom.Role(p, i)
		if landmarkRoles[role] && p.InAXTree(i) && (role != "region" || strings.TrimSpace(p.AXName(i)) != "") {
			return verdict{rules.CantTell, "other-landmark", i}
		}
	}
	// Any control but a plain link to another page might skip or hide
	// the block, and so might anything else that listens for clicks.
	for _, i := range p.Focus.Order {
		if i < 0 || i >= len(p.Nodes) || p.Nodes[i].Doc != 0 || !ordinaryLink(p, lb.base, i) {
			return verdict{rules.CantTell, "possible-instrument", i}
		}
	}
	for i := range p.Nodes {
		n := &p.Nodes[i]
		if n.Type != page.ElementNode || n.Doc != 0 || n.Pseudo != "" {
			continue
		}
		switch n.Name {
		case "html", "body":
			continue
		case "summary", "details":
			return verdict{rules.CantTell, "possible-instrument", i}
		}
		if !n.Clickable && !p.HasAttr(i, "onclick") {
			continue
		}
		if link := enclosingA(p, i); link >= 0 && ordinaryLink(p, lb.base, link) {
			continue
		}
		return verdict{rules.CantTell, "possible-instrument", i}
	}
	// The content after the block must outweigh the block, so the block is
	// not the page's own content (a site map) followed by a footer.
	nav := navigationNodes(p)
	blockText := utf8.RuneCountInString(visibleText(p, lb.block))
	afterText := 0
	for _, i := range lb.after {
		if p.Nodes[i].Type != page.TextNode || nav[i] || inLink(p, i) || !perceivable(p, i) {
			continue
		}
		afterText += utf8.RuneCountInString(page.Collapse(p.Nodes[i].Value))
	}
	if afterText == 0 || float64(afterText) < ratio*float64(blockText) {
		return unsure
	}
	return verdict{rules.Failed, "no-mechanism", lb.block}
}

// navigationNodes are the nodes of the main document inside a navigation
// landmark or a list of links.
func navigationNodes(p *page.Page) map[int]bool {
	in := map[int]bool{}
	for i := range p.Nodes {
		if in[i] || !p.IsElement(i) || p.Nodes[i].Doc != 0 {
			continue
		}
		if (dom.Role(p, i) == "navigation" && p.InAXTree(i)) || linkList(p, i) {
			p.Descendants(i, func(d int) bool {
				in[d] = true
				return p.Nodes[d].Type != page.DocumentNode
			})
		}
	}
	return in
}

// visibleText is the element's visible text.
func visibleText(p *page.Page, i int) string {
	t, _ := dom.VisibleText(p, i)
	return t
}

// enclosingA returns the a element that is or holds node i, or -1.
func enclosingA(p *page.Page, i int) int {
	for x := i; x >= 0; x = p.Nodes[x].Parent {
		n := &p.Nodes[x]
		if n.Type == page.DocumentNode {
			return -1
		}
		if n.Type == page.ElementNode && (n.Name == "a" || n.Name == "area") {
			return x
		}
	}
	return -1
}

// BypassBlocks checks that a page with a navigation block gives keyboard
// and screen reader users a way past it: a main landmark, headings, or a
// skip link (SC 2.4.1; ACT cf77f2, b40fd1, 047fe0).
//
// One page cannot show what repeats across pages, so the rule fails a page
// only on firm evidence: the page starts with a navigation block (a
// navigation landmark, a list of links, or a banner holding one, with at
// least min-entries entries and a link to another page of the site),
// followed by more content than the block holds, and it has no way past
// the block at all: no landmark outside the block, no heading after it
// that can be seen, and no control but links to other pages (a button or a
// scripted link could skip or collapse the block, ACT 3e12e1 and ye5d6e).
// Such a page fails each of the ACT input rules b40fd1 (landmark), 047fe0
// (heading), ye5d6e and 3e12e1, and so the composite cf77f2. A page with
// a navigation block that falls short of that evidence is cantTell.
var BypassBlocks = &rules.Rule{
	ID:     "bypass-blocks",
	Family: "structure",
	Title:  rules.Text{EN: "Repeated blocks can be bypassed", SV: "Upprepade block går att hoppa förbi"},
	Help: rules.Text{
		EN: "Put the page's main content in <main>, start it with a heading, and add a \"Skip to content\" link first in the page.",
		SV: "Lägg sidans huvudinnehåll i <main>, inled det med en rubrik och lägg en länk ”Hoppa till innehållet” först på sidan.",
	},
	Manual: rules.Text{
		EN: "Check whether blocks of content repeat on several pages and whether a keyboard or screen reader user can skip them.",
		SV: "Kontrollera om innehållsblock upprepas på flera sidor och om den som använder tangentbord eller skärmläsare kan hoppa förbi dem.",
	},
	WCAG: []string{"2.4.1"},
	ACT:  []string{"cf77f2", "b40fd1", "047fe0"},
	// min-links: a page without landmarks, headings or skip links is
	// asked about only when it has this many links.
	// min-entries: a navigation block the page starts with is failed only
	// when it has this many entries (a single link is not a block).
	// content-ratio: ... and only when the text after it is at least this
	// many times the block's own text.
	Params: map[string]float64{"min-links": 5, "min-entries": 2, "content-ratio": 1},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"main-landmark":       {EN: "The page has a main landmark.", SV: "Sidan har ett main-landmärke."},
		"headings":            {EN: "The page has headings to navigate by.", SV: "Sidan har rubriker att navigera med."},
		"skip-link":           {EN: "The page has a link to skip to a part of the page.", SV: "Sidan har en länk för att hoppa till en del av sidan."},
		"no-bypass":           {EN: "The page has a navigation block but no main landmark, no heading and no skip link.", SV: "Sidan har ett navigeringsblock men inget main-landmärke, ingen rubrik och ingen länk för att hoppa förbi."},
		"no-mechanism":        {EN: "The page starts with a navigation block and offers no way past it: no landmark around the content that follows, no heading that starts it, and no link or control to skip or hide the block.", SV: "Sidan börjar med ett navigeringsblock och erbjuder inget sätt att ta sig förbi det: inget landmärke kring innehållet som följer, ingen rubrik som inleder det och ingen länk eller kontroll för att hoppa över eller dölja blocket."},
		"unclear-heading":     {EN: "The page starts with a navigation block and has no main landmark or skip link; the headings after the block may not be seen or have no name: check them.", SV: "Sidan börjar med ett navigeringsblock och har inget main-landmärke och ingen länk för att hoppa förbi; rubrikerna efter blocket kanske inte syns eller saknar namn: kontrollera dem."},
		"other-landmark":      {EN: "The page starts with a navigation block and has no main landmark, but another landmark follows the block: check whether it holds the page's own content.", SV: "Sidan börjar med ett navigeringsblock och har inget main-landmärke, men ett annat landmärke följer efter blocket: kontrollera om det rymmer sidans eget innehåll."},
		"possible-instrument": {EN: "The page starts with a navigation block and has no main landmark, heading or skip link after it, but it has a control that might skip or hide the block: check what it does.", SV: "Sidan börjar med ett navigeringsblock och har inget main-landmärke, ingen rubrik och ingen länk för att hoppa förbi det, men den har en kontroll som kanske hoppar över eller döljer blocket: kontrollera vad den gör."},
		"few-links":           {EN: "The page has too few links to have repeated navigation blocks.", SV: "Sidan har för få länkar för att ha upprepade navigeringsblock."},
		"no-structure":        {EN: "The page has no main landmark, no heading and no skip link: check whether it has repeated blocks to bypass.", SV: "Sidan har inget main-landmärke, ingen rubrik och ingen länk för att hoppa förbi: kontrollera om den har upprepade block."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		r := p.Root()
		if r < 0 || p.Tag(r) != "html" {
			return nil
		}
		// Pages with no focusable content and nothing that reads have
		// nothing to bypass.
		if len(p.Focus.Order) == 0 {
			return nil
		}
		return []int{r}
	},
	Expect: func(c *rules.Ctx, html int) rules.Result {
		p := c.Page
		f := findBypass(p)
		switch {
		case f.main >= 0:
			return rules.Pass(html, "main-landmark").With(f.main)
		case f.skip >= 0:
			return rules.Pass(html, "skip-link").With(f.skip)
		}
		if lb, ok := findLeadBlock(p, int(c.Param("min-entries"))); ok {
			v := judgeLeadBlock(p, lb, c.Param("content-ratio"))
			r := rules.Result{Target: html, Outcome: v.outcome, Code: v.code}
			if v.related >= 0 {
				r = r.With(v.related)
			}
			return r
		}
		switch {
		case f.heading >= 0:
			return rules.Pass(html, "headings").With(f.heading)
		case f.nav >= 0:
			return rules.Cant(html, "no-bypass").With(f.nav)
		}
		links := 0
		for _, n := range p.Focus.Order {
			if dom.Role(p, n) == "link" {
				links++
			}
		}
		if links < int(c.Param("min-links")) {
			return rules.NA(html, "few-links")
		}
		return rules.Cant(html, "no-structure")
	},
}
