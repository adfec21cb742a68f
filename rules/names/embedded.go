package names

import (
	"path"
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/standards/ariaspec"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// markedDecorative reports whether the element is marked as decorative in
// ACT's sense: its first valid role token is none or presentation, or it is
// an img with alt="" and no valid explicit role.
func markedDecorative(p *page.Page, i int) bool {
	r := dom.FirstRole(p, i)
	if dom.Presentational(r) {
		return true
	}
	if r == "" && p.Tag(i) == "img" {
		if alt, ok := p.Attr(i, "alt"); ok && alt == "" {
			return true
		}
	}
	return false
}

// ImageDecorativeHidden checks that elements marked as decorative (alt="",
// role="none" or role="presentation") are not exposed to assistive
// technology all the same, as they are when they are focusable or carry a
// name or a global ARIA attribute (ACT 46ca7f).
var ImageDecorativeHidden = &rules.Rule{
	ID:     "image-decorative-hidden",
	Family: "names",
	Title:  rules.Text{EN: "Elements marked as decorative are not exposed", SV: "Element markerade som dekorativa exponeras inte"},
	Help: rules.Text{
		EN: "Either the element is decorative: remove its aria-label, aria-labelledby, title and tabindex; or it is not: remove alt=\"\" or role=\"none\"/\"presentation\" and give it a name.",
		SV: "Antingen är elementet dekorativt: ta bort aria-label, aria-labelledby, title och tabindex; eller så är det inte det: ta bort alt=\"\" eller role=\"none\"/\"presentation\" och ge det ett namn.",
	},
	Manual: rules.Text{EN: "Check whether the element is decorative or conveys information.", SV: "Kontrollera om elementet är dekorativt eller förmedlar information."},
	WCAG:   []string{"1.1.1"},
	ACT:    []string{"46ca7f"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"hidden":  {EN: "The decorative element is not exposed to assistive technology.", SV: "Det dekorativa elementet exponeras inte för hjälpmedel."},
		"exposed": {EN: "The element is marked as decorative but exposed as {role} \"{name}\": the browser ignores role none/presentation when an element is focusable or has a name or global ARIA attributes.", SV: "Elementet är markerat som dekorativt men exponeras som {role} ”{name}”: webbläsaren struntar i role none/presentation när ett element är fokuserbart eller har namn eller globala ARIA-attribut."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if (p.Nodes[i].AX != nil || p.Nodes[i].Layout != nil) && markedDecorative(p, i) {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		if !p.InAXTree(i) {
			return rules.Pass(i, "hidden")
		}
		role := dom.Role(p, i)
		name := strings.TrimSpace(p.AXName(i))
		if !conflictResolved(c, i) {
			// ARIA keeps role none/presentation unless the element is
			// focusable or has a global ARIA attribute; where Chrome
			// exposes it all the same (an object element), assistive
			// technology given the page as specified would not.
			return rules.Pass(i, "hidden")
		}
		switch {
		case role == "" || dom.Presentational(role) || p.Role(i) == "IframePresentational":
			return rules.Pass(i, "hidden")
		case role == "generic" && name == "":
			// A generic container without a name conveys nothing.
			return rules.Pass(i, "hidden")
		}
		return rules.Fail(i, "exposed", "role", role, "name", name)
	},
}

// conflictResolved reports whether ARIA's presentational roles conflict
// resolution makes the browser ignore role none/presentation (or alt=""):
// the element is focusable or has a global ARIA state or property.
func conflictResolved(c *rules.Ctx, i int) bool {
	p := c.Page
	if p.AXProp(i, "focusable") == "true" || dom.SeqFocusable(c, i) {
		return true
	}
	for _, a := range dom.ARIAAttrs(p, i) {
		if spec, ok := ariaspec.LookupAttr(a); ok && spec.Global && a != "aria-hidden" {
			return true
		}
	}
	return false
}

// svgRoles are the explicit roles that make an SVG element an image that
// needs a name (ACT 7d6734).
var svgRoles = map[string]bool{"img": true, "graphics-document": true, "graphics-symbol": true}

// SVGImgName checks that SVG elements with an explicit image role have a
// non-empty accessible name (ACT 7d6734).
var SVGImgName = &rules.Rule{
	ID:     "svg-img-name",
	Family: "names",
	Title:  rules.Text{EN: "SVG images have a text alternative", SV: "SVG-bilder har ett textalternativ"},
	Help: rules.Text{
		EN: "Give the svg (or the SVG element with role img, graphics-document or graphics-symbol) a <title> as its first child, or aria-label; use aria-hidden=\"true\" instead of a role if it is decorative.",
		SV: "Ge svg-elementet (eller SVG-elementet med role img, graphics-document eller graphics-symbol) en <title> som första barn, eller aria-label; använd aria-hidden=\"true\" i stället för en roll om det är dekorativt.",
	},
	Manual: rules.Text{EN: "Check that each text alternative describes the graphic's content or function.", SV: "Kontrollera att varje textalternativ beskriver grafikens innehåll eller funktion."},
	WCAG:   []string{"1.1.1"},
	ACT:    []string{"7d6734"},
	Impact: rules.Serious,
	Codes:  nameCodes(noun{"SVG image", "SVG-bilden"}),
	Applies: inTree(func(c *rules.Ctx, i int) bool {
		p := c.Page
		return dom.InSVG(p, i) && p.Tag(i) != "foreignobject" && svgRoles[dom.FirstRole(p, i)] && !insideForeignObject(p, i)
	}),
	Expect: hasName,
}

// insideForeignObject reports whether an element inside an svg is HTML
// content of a foreignObject.
func insideForeignObject(p *page.Page, i int) bool {
	for x := p.Nodes[i].Parent; x >= 0; x = p.Nodes[x].Parent {
		switch p.Nodes[x].Name {
		case "foreignobject", "foreignObject":
			return true
		case "svg":
			return false
		}
	}
	return false
}

// IframeName checks that iframes have a non-empty accessible name (ACT
// cae760). Iframes taken out of the focus order with a negative tabindex
// are left out, as ACT does.
var IframeName = &rules.Rule{
	ID:     "iframe-name",
	Family: "names",
	Title:  rules.Text{EN: "Frames have an accessible name", SV: "Ramar har ett tillgängligt namn"},
	Help: rules.Text{
		EN: "Give each iframe a title attribute that says what it holds (\"Map of the office\", \"Video: a day at work\").",
		SV: "Ge varje iframe ett title-attribut som säger vad den innehåller (”Karta över kontoret”, ”Video: en dag på jobbet”).",
	},
	Manual: rules.Text{EN: "Check that each frame's name describes its content.", SV: "Kontrollera att varje rams namn beskriver dess innehåll."},
	WCAG:   []string{"4.1.2"},
	ACT:    []string{"cae760"},
	Impact: rules.Serious,
	Codes:  nameCodes(noun{"frame", "Ramen"}),
	Applies: inTree(func(c *rules.Ctx, i int) bool {
		p := c.Page
		if p.Tag(i) != "iframe" || p.Role(i) != "Iframe" {
			return false
		}
		if v, ok := p.Attr(i, "tabindex"); ok {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n < 0 {
				return false
			}
		}
		return true
	}),
	Expect: hasName,
}

// imageExt are file extensions of image resources.
var imageExt = map[string]bool{
	".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".svg": true, ".webp": true,
	".avif": true, ".bmp": true, ".ico": true, ".apng": true, ".tif": true, ".tiff": true,
}

// objectKind says what an object element renders: "media" (Chrome built a
// media document for audio or video), "image", "document" (an HTML or
// other page) or "fallback" (its fallback content is rendered), or "" when
// the capture does not tell.
func objectKind(p *page.Page, i int) string {
	if d := p.Nodes[i].ContentDoc; d > 0 {
		media := false
		p.Descendants(d, func(x int) bool {
			if p.IsElement(x) && (p.Tag(x) == "video" || p.Tag(x) == "audio") {
				if v, ok := p.Attr(x, "name"); ok && v == "media" {
					media = true
				}
			}
			return !media
		})
		if media {
			return "media"
		}
		if root := p.DocElement(d); root >= 0 && p.Tag(root) == "svg" {
			return "image" // an SVG image is rendered as a document
		}
		return "document"
	}
	fallback := false
	p.Descendants(i, func(x int) bool {
		if p.Nodes[x].Layout != nil {
			fallback = true
		}
		return !fallback
	})
	if fallback {
		return "fallback"
	}
	t, _ := p.Attr(i, "type")
	t = strings.ToLower(strings.TrimSpace(t))
	switch {
	case strings.HasPrefix(t, "image/"):
		return "image"
	case strings.HasPrefix(t, "audio/"), strings.HasPrefix(t, "video/"):
		return "media"
	}
	data, _ := p.Attr(i, "data")
	data = strings.TrimSpace(data)
	if strings.HasPrefix(strings.ToLower(data), "data:image/") {
		return "image"
	}
	if k := strings.IndexAny(data, "?#"); k >= 0 {
		data = data[:k]
	}
	if imageExt[strings.ToLower(path.Ext(data))] {
		return "image"
	}
	return ""
}

// ObjectName checks that object elements that render an image, audio or
// video have a non-empty accessible name (ACT 8fc3b6).
var ObjectName = &rules.Rule{
	ID:     "object-name",
	Family: "names",
	Title:  rules.Text{EN: "Embedded objects have a text alternative", SV: "Inbäddade objekt har ett textalternativ"},
	Help: rules.Text{
		EN: "Give the <object> an aria-label, aria-labelledby or title that says what the image, audio or video is; fallback content inside the object does not name it.",
		SV: "Ge <object> en aria-label, aria-labelledby eller title som säger vad bilden, ljudet eller videon är; reservinnehåll inuti objektet namnger det inte.",
	},
	Manual: rules.Text{EN: "Check that the name describes the embedded content.", SV: "Kontrollera att namnet beskriver det inbäddade innehållet."},
	WCAG:   []string{"1.1.1"},
	ACT:    []string{"8fc3b6"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"has-name":     {EN: "The object is named \"{name}\".", SV: "Objektet heter ”{name}”."},
		"no-name":      {EN: "The object ({kind}) has no accessible name.", SV: "Objektet ({kind}) saknar tillgängligt namn."},
		"unknown-type": {EN: "The object has no accessible name, and the capture does not tell whether it renders an image, audio or video.", SV: "Objektet saknar tillgängligt namn, och fångsten visar inte om det återger en bild, ljud eller video."},
	},
	Applies: inTree(func(c *rules.Ctx, i int) bool {
		p := c.Page
		if p.Tag(i) != "object" || p.Role(i) != "PluginObject" || dom.Presentational(dom.FirstRole(p, i)) {
			return false
		}
		k := objectKind(p, i)
		return k == "media" || k == "image" || k == ""
	}),
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		name := strings.TrimSpace(p.AXName(i))
		if name != "" {
			return rules.Pass(i, "has-name", "name", name)
		}
		k := objectKind(p, i)
		if k == "" {
			return rules.Cant(i, "unknown-type")
		}
		return rules.Fail(i, "no-name", "kind", k)
	},
}
