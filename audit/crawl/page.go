package crawl

import (
	"bytes"
	"hash/fnv"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// rawLink is a link as found in a page, before normalisation.
type rawLink struct {
	href string
	text string
}

// pageFacts is what the crawler keeps from one fetched HTML page.
type pageFacts struct {
	title string
	base  string
	links []rawLink
	forms []formShape
}

// formShape describes one form (or the fields found outside any form).
type formShape struct {
	orphan bool
	method string
	action string
	fields []string // "type:name"
}

const (
	maxLinksPerPage = 5000
	maxFormsPerPage = 16
	maxLinkText     = 200
)

// parsePage extracts the title, <base href>, links (a and area) with their
// text, and forms from an HTML document. It streams the tokens and never
// builds a tree; its work is linear in len(body).
func parsePage(body []byte) pageFacts {
	var pf pageFacts
	z := html.NewTokenizer(bytes.NewReader(body))
	var (
		inTitle, titleDone bool
		svgDepth           int
		link               *rawLink
		linkText           strings.Builder
		form               *formShape
		orphan             formShape
		attrs              attrList
	)
	orphan.orphan = true
	endLink := func() {
		if link == nil {
			return
		}
		if link.text == "" {
			link.text = strings.Join(strings.Fields(linkText.String()), " ")
		}
		if len(pf.links) < maxLinksPerPage {
			pf.links = append(pf.links, *link)
		}
		link = nil
		linkText.Reset()
	}
	endForm := func() {
		if form == nil {
			return
		}
		if len(form.fields) > 0 && len(pf.forms) < maxFormsPerPage {
			pf.forms = append(pf.forms, *form)
		}
		form = nil
	}
	addField := func(typ, name string) {
		if form != nil {
			form.fields = append(form.fields, typ+":"+name)
		} else if len(orphan.fields) < 64 {
			orphan.fields = append(orphan.fields, typ+":"+name)
		}
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			endLink()
			endForm()
			if len(orphan.fields) > 0 && len(pf.forms) < maxFormsPerPage {
				pf.forms = append(pf.forms, orphan)
			}
			return pf
		case html.TextToken:
			if inTitle && !titleDone {
				if len(pf.title) < maxLinkText {
					pf.title += string(z.Text())
				}
			} else if link != nil && linkText.Len() < maxLinkText {
				linkText.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Svg, atom.Title, atom.Base, atom.A, atom.Area, atom.Img,
				atom.Form, atom.Input, atom.Select, atom.Textarea:
			default:
				continue
			}
			attrs = attrs[:0]
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				attrs = append(attrs, attr{string(k), string(v)})
			}
			switch a {
			case atom.Svg:
				if tt == html.StartTagToken {
					svgDepth++
				}
			case atom.Title:
				if svgDepth == 0 && !titleDone && tt == html.StartTagToken {
					inTitle = true
				}
			case atom.Base:
				if href, ok := attrs.lookup("href"); ok && pf.base == "" {
					pf.base = href
				}
			case atom.A, atom.Area:
				endLink()
				href, ok := attrs.lookup("href")
				if !ok {
					break
				}
				l := rawLink{href: href}
				if v := strings.TrimSpace(attrs.get("aria-label")); v != "" {
					l.text = v
				} else if a == atom.Area {
					l.text = strings.TrimSpace(attrs.get("alt"))
				}
				if a == atom.Area || tt == html.SelfClosingTagToken {
					if l.text == "" {
						l.text = strings.TrimSpace(attrs.get("title"))
					}
					if len(pf.links) < maxLinksPerPage {
						pf.links = append(pf.links, l)
					}
					break
				}
				link = &l
			case atom.Img:
				if link != nil && linkText.Len() < maxLinkText {
					linkText.WriteString(" " + attrs.get("alt") + " ")
				}
			case atom.Form:
				if form == nil {
					form = &formShape{method: strings.ToLower(attrs.get("method")), action: attrs.get("action")}
				}
			case atom.Input:
				typ := strings.ToLower(strings.TrimSpace(attrs.get("type")))
				if typ == "" {
					typ = "text"
				}
				switch typ {
				case "hidden", "submit", "button", "reset", "image":
				default:
					addField(typ, attrs.get("name"))
				}
			case atom.Select, atom.Textarea:
				addField(a.String(), attrs.get("name"))
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.Svg:
				if svgDepth > 0 {
					svgDepth--
				}
			case atom.Title:
				if inTitle {
					inTitle = false
					titleDone = true
				}
			case atom.A:
				endLink()
			case atom.Form:
				endForm()
			}
		}
	}
}

type attr struct{ k, v string }

type attrList []attr

func (l attrList) lookup(k string) (string, bool) {
	for _, a := range l {
		if a.k == k {
			return a.v, true
		}
	}
	return "", false
}

func (l attrList) get(k string) string {
	v, _ := l.lookup(k)
	return v
}

// fingerprint identifies a form by its method, the shape of its action
// (actionKey) and its sorted fields.
func (f formShape) fingerprint(actionKey string) uint64 {
	fields := slices.Clone(f.fields)
	slices.Sort(fields)
	h := fnv.New64a()
	if f.orphan {
		h.Write([]byte("orphan\x00"))
	} else {
		h.Write([]byte("form\x00" + f.method + "\x00" + actionKey + "\x00"))
	}
	for _, fl := range fields {
		h.Write([]byte(fl))
		h.Write([]byte{0})
	}
	return h.Sum64()
}
