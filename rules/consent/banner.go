package consent

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/css"
	"github.com/granska/granska/rules/internal/dom"
)

// Banner is a cookie banner: a dialog, region or fixed container whose text
// speaks of cookies and that holds an accept control, or the root of a
// known consent platform.
type Banner struct {
	Node   int
	Dialog int // the element with role dialog/alertdialog (the banner or inside it), -1 when none
	Modal  bool
	Fixed  bool
	Text   string // folded
	// Controls are the banner's first layer: its rendered buttons and
	// links, classified by name.
	Controls []BannerControl
}

// BannerControl is a button or link of a banner.
type BannerControl struct {
	Node int
	Kind string // accept, reject, settings, close, info, other
	Name string // as shown
	Link bool   // role=link
}

// Find returns the first control of the kind, nil when none.
func (b *Banner) Find(kind string) *BannerControl {
	for k := range b.Controls {
		if b.Controls[k].Kind == kind {
			return &b.Controls[k]
		}
	}
	return nil
}

func findBanners(p *page.Page) []Banner {
	var out []Banner
	vw := float64(p.Viewport.Width)
	vh := float64(p.Viewport.Height)
	dom.Elements(p, func(i int) {
		for _, b := range out {
			if p.IsAncestor(b.Node, i) {
				return
			}
		}
		if !p.Rendered(i) {
			return
		}
		tag := p.Tag(i)
		if tag == "html" || tag == "body" || tag == "main" || tag == "form" {
			return
		}
		role := dom.Role(p, i)
		pos := p.Style(i, "position")
		box, _ := p.Box(i)
		fixed := (pos == "fixed" || pos == "sticky") && (vw <= 0 || box.W >= vw*0.1)
		cmp := isCMPRoot(p, i)
		if !(role == "dialog" || role == "alertdialog" || role == "region" || fixed || cmp) {
			return
		}
		raw := p.Text(i)
		if len(raw) > 4000 || raw == "" {
			return
		}
		t := dom.Fold(raw)
		if !cookieNouns.Has(t) {
			return
		}
		b := Banner{Node: i, Dialog: -1, Fixed: fixed || fixedInside(p, i, vw), Text: t}
		b.Controls = bannerControls(p, i)
		if b.Find("accept") == nil && !cmp {
			return
		}
		if role == "dialog" || role == "alertdialog" {
			b.Dialog = i
		} else {
			p.Descendants(i, func(d int) bool {
				if b.Dialog < 0 && p.IsElement(d) {
					if r := dom.Role(p, d); r == "dialog" || r == "alertdialog" {
						b.Dialog = d
					}
				}
				return b.Dialog < 0
			})
		}
		modal := false
		for _, x := range []int{i, b.Dialog} {
			if x >= 0 && (page.Lower(attr(p, x, "aria-modal")) == "true" || p.AXProp(x, "modal") == "true") {
				modal = true
			}
		}
		if fixed && vw > 0 && vh > 0 && box.W >= vw*0.9 && box.H >= vh*0.9 {
			modal = true
		}
		b.Modal = modal
		out = append(out, b)
	})
	return out
}

// fixedInside reports whether a rendered descendant of i is fixed or
// sticky and at least a tenth of the viewport wide: a banner whose wrapper
// sits in the flow while its panel floats over the page.
func fixedInside(p *page.Page, i int, vw float64) bool {
	found := false
	p.Descendants(i, func(d int) bool {
		if found || !p.IsElement(d) {
			return !found
		}
		if pos := p.Style(d, "position"); (pos == "fixed" || pos == "sticky") && p.Rendered(d) {
			box, _ := p.Box(d)
			found = vw <= 0 || box.W >= vw*0.1
		}
		return !found
	})
	return found
}

func isCMPRoot(p *page.Page, i int) bool {
	id, _ := p.Attr(i, "id")
	cls := " " + attr(p, i, "class") + " "
	for _, s := range cmpRoots {
		if strings.HasPrefix(s, "#") && id != "" && id == s[1:] {
			return true
		}
		if strings.HasPrefix(s, ".") && strings.Contains(cls, " "+s[1:]+" ") {
			return true
		}
	}
	return false
}

// bannerControls lists and classifies the rendered buttons and links of a
// banner.
func bannerControls(p *page.Page, b int) []BannerControl {
	var out []BannerControl
	p.Descendants(b, func(d int) bool {
		if !p.IsElement(d) || !p.Rendered(d) {
			return p.IsElement(d) && p.Nodes[d].Layout != nil
		}
		r := dom.Role(p, d)
		if r != "button" && r != "link" {
			return true
		}
		name := strings.TrimSpace(p.AXName(d))
		out = append(out, BannerControl{Node: d, Kind: classifyLabel(name, r == "link"), Name: name, Link: r == "link"})
		return false
	})
	return out
}

// classifyLabel sorts a banner control by its name. Reject wording is tried
// first ("godkänn inte" is not an accept).
func classifyLabel(name string, isLink bool) string {
	t := dom.Fold(name)
	if t == "" {
		return "other"
	}
	if len([]rune(t)) > 60 {
		if isLink && (privacyNouns.Has(t) || cookieNouns.Has(t)) {
			return "info"
		}
		return "other"
	}
	switch {
	case rejectLabels.Has(t):
		return "reject"
	case settingsLabels.Has(t) || settingsStems.Has(t):
		return "settings"
	case acceptLabels.Has(t):
		return "accept"
	case closeLabels.Equal(t):
		return "close"
	case isLink && (privacyNouns.Has(t) || cookieNouns.Has(t)):
		return "info"
	}
	return "other"
}

func bannerTargets(c *rules.Ctx, keep func(b *Banner) bool) []int {
	var out []int
	for k := range Analyze(c).Banners {
		b := &Analyze(c).Banners[k]
		if keep == nil || keep(b) {
			out = append(out, b.Node)
		}
	}
	return out
}

func bannerOf(c *rules.Ctx, i int) *Banner {
	a := Analyze(c)
	for k := range a.Banners {
		if a.Banners[k].Node == i {
			return &a.Banners[k]
		}
	}
	return nil
}

func names(cs []BannerControl, kind string) string {
	var out []string
	for _, x := range cs {
		if kind == "" || x.Kind == kind {
			out = append(out, "\""+short(x.Name, 40)+"\"")
		}
	}
	return strings.Join(out, ", ")
}

// RejectMissing is K2: accept without reject on the first layer.
var RejectMissing = &rules.Rule{
	ID:     "banner-reject-missing",
	Family: "consent",
	Title:  rules.Text{EN: "Cookie banners offer reject beside accept", SV: "Kakbanners erbjuder neka bredvid godkänn"},
	Help: rules.Text{
		EN: "Put a \"Reject all\" (or \"Necessary only\") button on the same layer as \"Accept all\", as easy to use. \"Settings\" is not a reject.",
		SV: "Lägg en knapp ”Neka alla” (eller ”Endast nödvändiga”) på samma nivå som ”Godkänn alla”, lika lätt att använda. ”Inställningar” är inget nej.",
	},
	Manual:   rules.Text{EN: "Check whether one of the banner's controls refuses all non-essential cookies in one step.", SV: "Kontrollera om någon av bannerns kontroller nekar alla icke nödvändiga kakor i ett steg."},
	Legal:    []string{lawEPrivacy5_3, lawLEK, lawTaskforce + " (type A)", lawArt7_3},
	Severity: rules.ViolationLikely,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"has-reject":   {EN: "The banner has \"{reject}\" beside \"{accept}\".", SV: "Bannern har ”{reject}” bredvid ”{accept}”."},
		"no-reject":    {EN: "The banner offers \"{accept}\" but no way to reject on the same layer (its controls: {controls}).", SV: "Bannern erbjuder ”{accept}” men inget sätt att neka på samma nivå (dess kontroller: {controls})."},
		"unclassified": {EN: "The banner offers \"{accept}\"; check whether one of {controls} rejects.", SV: "Bannern erbjuder ”{accept}”; kontrollera om någon av {controls} nekar."},
	},
	Applies: func(c *rules.Ctx) []int {
		return bannerTargets(c, func(b *Banner) bool { return b.Find("accept") != nil })
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		b := bannerOf(c, i)
		acc := b.Find("accept")
		if r := b.Find("reject"); r != nil {
			return rules.Pass(i, "has-reject", "reject", short(r.Name, 40), "accept", short(acc.Name, 40)).With(r.Node, acc.Node)
		}
		if b.Find("other") != nil {
			return rules.Cant(i, "unclassified", "accept", short(acc.Name, 40), "controls", names(b.Controls, "other")).With(acc.Node)
		}
		return rules.Fail(i, "no-reject", "accept", short(acc.Name, 40), "controls", names(b.Controls, "")).With(acc.Node)
	},
}

// RejectLink is K3: reject demoted to a link inside the text while accept
// is a button.
var RejectLink = &rules.Rule{
	ID:     "banner-reject-link",
	Family: "consent",
	Title:  rules.Text{EN: "Reject is not hidden as a link in the banner text", SV: "Neka är inte gömt som en länk i bannerns text"},
	Help: rules.Text{
		EN: "Make reject a button of the same kind as accept, next to it, not a link inside a paragraph.",
		SV: "Gör neka till en knapp av samma slag som godkänn, bredvid den, inte en länk inne i ett stycke.",
	},
	Manual:   rules.Text{EN: "Compare how easy reject and accept are to find.", SV: "Jämför hur lätt det är att hitta neka och godkänn."},
	Legal:    []string{lawTaskforce + " (type C, deceptive link design)", lawArt7_3},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"button":      {EN: "Reject (\"{reject}\") is a control of its own.", SV: "Neka (”{reject}”) är en egen kontroll."},
		"inline-link": {EN: "Reject (\"{reject}\") is a link inside the text \"{text}\", while accept (\"{accept}\") is a button.", SV: "Neka (”{reject}”) är en länk inne i texten ”{text}”, medan godkänn (”{accept}”) är en knapp."},
	},
	Applies: func(c *rules.Ctx) []int {
		return bannerTargets(c, func(b *Banner) bool { return b.Find("accept") != nil && b.Find("reject") != nil })
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		b := bannerOf(c, i)
		acc, rej := b.Find("accept"), b.Find("reject")
		if rej.Link && !acc.Link {
			par := p.ParentElement(rej.Node)
			pt := p.Text(par)
			if len([]rune(pt)) > len([]rune(p.Text(rej.Node)))+20 {
				return rules.Fail(rej.Node, "inline-link", "reject", short(rej.Name, 40), "text", short(pt, 120), "accept", short(acc.Name, 40)).With(acc.Node)
			}
		}
		return rules.Pass(rej.Node, "button", "reject", short(rej.Name, 40))
	},
}

// Asymmetry is K4: accept and reject measured on the rendered page.
var Asymmetry = &rules.Rule{
	ID:     "banner-asymmetry",
	Family: "consent",
	Title:  rules.Text{EN: "Reject is as visible as accept", SV: "Neka syns lika tydligt som godkänn"},
	Help: rules.Text{
		EN: "Give reject the same size, fill, font and contrast as accept.",
		SV: "Ge neka samma storlek, fyllning, teckensnitt och kontrast som godkänn.",
	},
	Manual:   rules.Text{EN: "Compare the two buttons: would a hurried visitor see both?", SV: "Jämför knapparna: skulle en stressad besökare se båda?"},
	WCAG:     []string{"1.4.3"},
	Legal:    []string{lawTaskforce + " (types D and E, deceptive colours and contrast)", lawArt7_3},
	Severity: rules.Risk,
	Impact:   rules.Serious,
	Params:   map[string]float64{"area": 2, "font": 1.25, "normal": 4.5, "large": 3},
	Codes: map[string]rules.Text{
		"symmetric":    {EN: "Reject and accept look alike (contrast {contrast}:1, area ratio {area}, font ratio {font}).", SV: "Neka och godkänn ser likadana ut (kontrast {contrast}:1, ytförhållande {area}, teckenförhållande {font})."},
		"low-contrast": {EN: "Reject (\"{reject}\") has text contrast {contrast}:1, below {min}:1.", SV: "Neka (”{reject}”) har textkontrast {contrast}:1, under {min}:1."},
		"unfilled":     {EN: "Accept (\"{accept}\") is a filled button, reject (\"{reject}\") is not.", SV: "Godkänn (”{accept}”) är en fylld knapp, neka (”{reject}”) är det inte."},
		"smaller":      {EN: "Accept is {area} times the area of reject (\"{reject}\").", SV: "Godkänn har {area} gånger så stor yta som neka (”{reject}”)."},
		"smaller-font": {EN: "Accept's text is {font} times the size of reject's (\"{reject}\").", SV: "Godkänns text är {font} gånger så stor som nekas (”{reject}”)."},
		"unmeasured":   {EN: "The colours or boxes of accept and reject could not be measured.", SV: "Färger eller storlek på godkänn och neka kunde inte mätas."},
	},
	Applies: func(c *rules.Ctx) []int {
		return bannerTargets(c, func(b *Banner) bool { return b.Find("accept") != nil && b.Find("reject") != nil })
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		b := bannerOf(c, i)
		acc, rej := b.Find("accept"), b.Find("reject")
		ab, ok1 := p.Box(acc.Node)
		rb, ok2 := p.Box(rej.Node)
		if !ok1 || !ok2 || ab.Empty() || rb.Empty() {
			return rules.Cant(rej.Node, "unmeasured").With(acc.Node)
		}
		contrast, large, okc := textContrast(p, rej.Node)
		if !okc {
			return rules.Cant(rej.Node, "unmeasured").With(acc.Node)
		}
		area := (ab.W * ab.H) / (rb.W * rb.H)
		af, _ := css.Px(p.Style(acc.Node, "font-size"))
		rf, _ := css.Px(p.Style(rej.Node, "font-size"))
		font := 1.0
		if rf > 0 {
			font = af / rf
		}
		args := []string{"accept", short(acc.Name, 40), "reject", short(rej.Name, 40), "contrast", round2(contrast), "area", round2(area), "font", round2(font)}
		min := c.Param("normal")
		if large {
			min = c.Param("large")
		}
		switch {
		case contrast < min:
			return rules.Fail(rej.Node, "low-contrast", append(args, "min", round2(min))...).With(acc.Node)
		case filled(p, acc.Node, b.Node) && !filled(p, rej.Node, b.Node):
			return rules.Fail(rej.Node, "unfilled", args...).With(acc.Node)
		case area >= c.Param("area"):
			return rules.Fail(rej.Node, "smaller", args...).With(acc.Node)
		case font >= c.Param("font"):
			return rules.Fail(rej.Node, "smaller-font", args...).With(acc.Node)
		}
		return rules.Pass(rej.Node, "symmetric", args...).With(acc.Node)
	},
}

// textContrast returns the contrast of element el's text against its
// blended background, and whether the text is large.
func textContrast(p *page.Page, el int) (float64, bool, bool) {
	fg, err := css.Parse(p.Style(el, "color"))
	if err != nil {
		return 0, false, false
	}
	bg, _, ok := dom.Backdrop(p, el)
	if !ok {
		return 0, false, false
	}
	// The blended background sits on the element holding the text: prefer
	// a child's, where the name is in a span.
	p.Descendants(el, func(d int) bool {
		if l := p.Nodes[d].Layout; l != nil && l.BG != "" && p.IsElement(d) {
			if c, err := css.Parse(l.BG); err == nil {
				bg = c.Over(css.White)
			}
			if c, err := css.Parse(p.Style(d, "color")); err == nil {
				fg = c
			}
			return false
		}
		return true
	})
	if l := p.Nodes[el].Layout; l != nil && l.TextOpacity > 0 && l.TextOpacity < 1 {
		fg = fg.WithAlpha(l.TextOpacity)
	}
	bgo := bg.Over(css.White)
	size, _ := css.Px(p.Style(el, "font-size"))
	return css.Contrast(fg.Over(bgo), bgo), css.LargeText(size, css.Weight(p.Style(el, "font-weight"))), true
}

// filled reports whether element el paints a background that differs from
// the banner's, or a border, i.e. it looks like a button.
func filled(p *page.Page, el, banner int) bool {
	own, err := css.Parse(p.Style(el, "background-color"))
	if err == nil && own.A > 0.05 {
		bb := p.Style(banner, "background-color")
		if bc, err := css.Parse(bb); err != nil || bc != own {
			return true
		}
	}
	w, _ := css.Px(p.Style(el, "border-top-width"))
	st := p.Style(el, "border-top-style")
	return w >= 1 && st != "none" && st != "hidden"
}

func round2(f float64) string {
	n := int(f*100 + 0.5)
	s := strconv.Itoa(n / 100)
	frac := n % 100
	if frac == 0 {
		return s
	}
	if frac%10 == 0 {
		return s + "." + strconv.Itoa(frac/10)
	}
	if frac < 10 {
		return s + ".0" + strconv.Itoa(frac)
	}
	return s + "." + strconv.Itoa(frac)
}

// ImpliedConsent is K7: "by continuing to browse you agree".
var ImpliedConsent = &rules.Rule{
	ID:     "banner-implied-consent",
	Family: "consent",
	Title:  rules.Text{EN: "Continuing to browse is not taken as consent", SV: "Att fortsätta surfa räknas inte som samtycke"},
	Help: rules.Text{
		EN: "Ask for a click on accept or reject; scrolling, browsing on or closing the banner is not consent.",
		SV: "Be om ett klick på godkänn eller neka; att skrolla, surfa vidare eller stänga bannern är inte samtycke.",
	},
	Manual:   rules.Text{EN: "Read the banner text: is consent assumed from using the site?", SV: "Läs bannerns text: antas samtycke av att webbplatsen används?"},
	Legal:    []string{lawEDPB0520 + " para. 86, example 16 (scrolling is never consent)", lawRecital32, lawEPrivacy5_3},
	Severity: rules.ViolationLikely,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"explicit":      {EN: "The banner does not assume consent from browsing.", SV: "Bannern antar inte samtycke av att man surfar vidare."},
		"implied":       {EN: "The banner takes browsing as consent: \"{text}\".", SV: "Bannern räknar surfande som samtycke: ”{text}”."},
		"maybe-implied": {EN: "The banner says \"{text}\": check whether it takes browsing as consent.", SV: "Bannern säger ”{text}”: kontrollera om den räknar surfande som samtycke."},
	},
	Applies: func(c *rules.Ctx) []int { return bannerTargets(c, nil) },
	Expect: func(c *rules.Ctx, i int) rules.Result {
		b := bannerOf(c, i)
		for _, s := range sentences(b.Text) {
			if !impliedPhrase.Has(s) {
				continue
			}
			if consentVerbs.Has(s) {
				return rules.Fail(i, "implied", "text", short(s, 160))
			}
			return rules.Cant(i, "maybe-implied", "text", short(s, 160))
		}
		return rules.Pass(i, "explicit")
	},
}

// CookieWall is K8: a modal banner with no way to refuse.
var CookieWall = &rules.Rule{
	ID:     "banner-cookie-wall",
	Family: "consent",
	Title:  rules.Text{EN: "The site can be used without accepting cookies", SV: "Webbplatsen går att använda utan att godkänna kakor"},
	Help: rules.Text{
		EN: "Do not block the site until cookies are accepted: offer reject (or continue without accepting) in the blocking banner.",
		SV: "Blockera inte webbplatsen tills kakor godkänns: erbjud neka (eller fortsätt utan att godkänna) i den blockerande bannern.",
	},
	Manual:   rules.Text{EN: "Check whether the site can be used without accepting.", SV: "Kontrollera om webbplatsen går att använda utan att godkänna."},
	Legal:    []string{lawEDPB0520 + " paras. 38–41, example 6a (cookie walls)", lawArt7_4},
	Severity: rules.ViolationLikely,
	Impact:   rules.Critical,
	Codes: map[string]rules.Text{
		"way-out":      {EN: "The blocking banner offers \"{reject}\".", SV: "Den blockerande bannern erbjuder ”{reject}”."},
		"wall":         {EN: "The banner blocks the page and offers only {controls}.", SV: "Bannern blockerar sidan och erbjuder bara {controls}."},
		"unclassified": {EN: "The banner blocks the page; check whether one of {controls} lets the visitor in without accepting.", SV: "Bannern blockerar sidan; kontrollera om någon av {controls} släpper in besökaren utan att godkänna."},
	},
	Applies: func(c *rules.Ctx) []int { return bannerTargets(c, func(b *Banner) bool { return b.Modal }) },
	Expect: func(c *rules.Ctx, i int) rules.Result {
		b := bannerOf(c, i)
		if r := b.Find("reject"); r != nil {
			return rules.Pass(i, "way-out", "reject", short(r.Name, 40))
		}
		if b.Find("other") != nil || b.Find("close") != nil {
			return rules.Cant(i, "unclassified", "controls", names(b.Controls, ""))
		}
		return rules.Fail(i, "wall", "controls", names(b.Controls, ""))
	},
}
