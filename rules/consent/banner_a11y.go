package consent

import (
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Trackers is K1: tracking cookies or requests to tracking hosts before
// any interaction, read from Page.Network (a fresh profile; the capture
// records until the page is settled, before its keyboard walk).
var Trackers = &rules.Rule{
	ID:     "banner-trackers-before-consent",
	Family: "consent",
	Title:  rules.Text{EN: "No tracking before consent", SV: "Ingen spårning före samtycke"},
	Help: rules.Text{
		EN: "Load analytics and advertising tags only after the visitor has accepted them; before that, set only strictly necessary cookies.",
		SV: "Ladda analys- och annonstaggar först när besökaren har godkänt dem; sätt innan dess bara nödvändiga kakor.",
	},
	Manual:   rules.Text{EN: "Open the page in a private window without clicking anything, and look at its cookies and requests.", SV: "Öppna sidan i ett privat fönster utan att klicka på något, och titta på dess kakor och anrop."},
	Legal:    []string{lawEPrivacy5_3, lawLEK, lawPlanet49, lawTaskforce + " (type G, essential cookies misclassified)"},
	Severity: rules.ViolationLikely,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"clean":             {EN: "No tracking cookies or tracker requests before any interaction ({cookies} cookies, {requests} requests seen).", SV: "Inga spårningskakor eller spårningsanrop före någon interaktion ({cookies} kakor, {requests} anrop sedda)."},
		"tracking":          {EN: "Before any interaction the page set tracking cookies ({cookies}) and called tracker hosts ({hosts}).", SV: "Innan besökaren gjort något satte sidan spårningskakor ({cookies}) och anropade spårningstjänster ({hosts})."},
		"tracking-cookies":  {EN: "Before any interaction the page set tracking cookies ({cookies}).", SV: "Innan besökaren gjort något satte sidan spårningskakor ({cookies})."},
		"tracking-requests": {EN: "Before any interaction the page called tracker hosts ({hosts}).", SV: "Innan besökaren gjort något anropade sidan spårningstjänster ({hosts})."},
		"not-captured":      {EN: "The page has a cookie banner, but the capture did not record cookies and requests.", SV: "Sidan har en kakbanner, men insamlingen registrerade inte kakor och anrop."},
	},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		n := p.Network
		if n == nil {
			if len(Analyze(c).Banners) > 0 {
				return []rules.Result{rules.Cant(-1, "not-captured")}
			}
			return nil
		}
		var cookies, hosts []string
		seen := map[string]bool{}
		for _, ck := range n.Cookies {
			if trackerCookie(ck.Name) && !seen["c"+ck.Name] {
				seen["c"+ck.Name] = true
				cookies = append(cookies, ck.Name)
			}
		}
		for _, q := range n.Requests {
			if h := trackerHost(q.URL); h != "" && !seen["h"+h] {
				seen["h"+h] = true
				hosts = append(hosts, h)
			}
		}
		if len(cookies) == 0 && len(hosts) == 0 {
			return []rules.Result{rules.Pass(-1, "clean", "cookies", strconv.Itoa(len(n.Cookies)), "requests", strconv.Itoa(len(n.Requests)))}
		}
		sort.Strings(cookies)
		sort.Strings(hosts)
		cs, hs := strings.Join(cookies, ", "), strings.Join(hosts, ", ")
		switch {
		case len(hosts) == 0:
			return []rules.Result{rules.Fail(-1, "tracking-cookies", "cookies", cs)}
		case len(cookies) == 0:
			return []rules.Result{rules.Fail(-1, "tracking-requests", "hosts", hs)}
		}
		return []rules.Result{rules.Fail(-1, "tracking", "cookies", cs, "hosts", hs)}
	},
}

func trackerCookie(name string) bool {
	for _, t := range trackerCookies {
		if strings.HasSuffix(t, "*") {
			if strings.HasPrefix(name, t[:len(t)-1]) {
				return true
			}
		} else if name == t {
			return true
		}
	}
	return false
}

// trackerHost returns the tracker host entry a request URL matches, "".
func trackerHost(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	hp := host + u.EscapedPath()
	for _, t := range trackerHosts {
		if strings.Contains(t, "/") {
			if strings.HasPrefix(hp, t) || strings.Contains(hp, "."+t) {
				return t
			}
			continue
		}
		if host == t || strings.HasSuffix(host, "."+t) {
			return t
		}
	}
	return ""
}

// DialogName is K11(d): a banner dialog has an accessible name.
var DialogName = &rules.Rule{
	ID:     "banner-dialog-name",
	Family: "consent",
	Title:  rules.Text{EN: "A cookie dialog has an accessible name", SV: "En kakdialog har ett tillgängligt namn"},
	Help: rules.Text{
		EN: "Name the dialog after its heading with aria-labelledby (or aria-label), so screen readers say what it is about.",
		SV: "Ge dialogen namn efter sin rubrik med aria-labelledby (eller aria-label), så att skärmläsare säger vad den handlar om.",
	},
	WCAG:     []string{"4.1.2"},
	Legal:    []string{lawArt7_2},
	Severity: rules.Risk,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"named":   {EN: "The cookie dialog is named \"{name}\".", SV: "Kakdialogen heter ”{name}”."},
		"no-name": {EN: "The cookie dialog has no accessible name.", SV: "Kakdialogen saknar tillgängligt namn."},
	},
	Applies: func(c *rules.Ctx) []int {
		var out []int
		for _, b := range Analyze(c).Banners {
			if b.Dialog >= 0 {
				out = append(out, b.Dialog)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		if n := strings.TrimSpace(c.Page.AXName(i)); n != "" {
			return rules.Pass(i, "named", "name", short(n, 80))
		}
		return rules.Fail(i, "no-name")
	},
}

// BannerKeyboard is K11(a): the banner's controls are reachable with Tab,
// focus enters a modal banner, and focus is not trapped in it.
var BannerKeyboard = &rules.Rule{
	ID:     "banner-keyboard",
	Family: "consent",
	Title:  rules.Text{EN: "The cookie banner can be used with the keyboard", SV: "Kakbannern går att använda med tangentbordet"},
	Help: rules.Text{
		EN: "Put the banner early in the focus order (or move focus into it when it is modal), make its buttons focusable, and let Tab and Escape leave it.",
		SV: "Lägg bannern tidigt i fokusordningen (eller flytta fokus in i den när den är modal), gör knapparna fokuserbara och låt Tab och Escape lämna den.",
	},
	Manual:   rules.Text{EN: "Load the page and press Tab: do you reach the banner's buttons, and can you leave?", SV: "Ladda sidan och tryck Tab: når du bannerns knappar, och kan du lämna dem?"},
	WCAG:     []string{"2.1.1", "2.1.2", "2.4.3"},
	Legal:    []string{lawArt7_3},
	Severity: rules.Risk,
	Impact:   rules.Critical,
	Codes: map[string]rules.Text{
		"reachable":       {EN: "Tab reaches the banner's controls (stop {stop}).", SV: "Tab når bannerns kontroller (stopp {stop})."},
		"not-reachable":   {EN: "Tab went through the whole page without reaching the banner's controls.", SV: "Tab gick igenom hela sidan utan att nå bannerns kontroller."},
		"not-walked":      {EN: "The keyboard walk stopped before reaching the banner ({ended}).", SV: "Tangentbordsvandringen slutade innan den nådde bannern ({ended})."},
		"focus-not-moved": {EN: "The banner is modal but the first Tab stop is outside it, on \"{first}\".", SV: "Bannern är modal men första tabbstoppet ligger utanför den, på ”{first}”."},
		"trap":            {EN: "Focus is trapped in the banner: neither Shift+Tab nor Escape leaves it.", SV: "Fokus fastnar i bannern: varken Shift+Tab eller Escape tar sig ut."},
	},
	Applies: func(c *rules.Ctx) []int { return bannerTargets(c, nil) },
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		b := bannerOf(c, i)
		in := func(n int) bool { return n >= 0 && (n == i || p.IsAncestor(i, n)) }
		f := &p.Focus
		if f.Trap != nil && f.Trap.Escaped == "" {
			all := len(f.Trap.Nodes) > 0
			for _, n := range f.Trap.Nodes {
				all = all && in(n)
			}
			if all {
				return rules.Fail(i, "trap")
			}
		}
		if b.Modal && len(f.Stops) > 0 && !in(f.Stops[0].Node) {
			first := "?"
			if f.Stops[0].Node >= 0 {
				first = short(p.Snippet(f.Stops[0].Node, 60), 60)
			}
			return rules.Fail(i, "focus-not-moved", "first", first)
		}
		for k, s := range f.Stops {
			if in(s.Node) {
				return rules.Pass(i, "reachable", "stop", strconv.Itoa(k+1))
			}
		}
		if f.Complete {
			return rules.Fail(i, "not-reachable")
		}
		ended := f.Ended
		if ended == "" {
			ended = "not run"
		}
		return rules.Cant(i, "not-walked", "ended", ended)
	},
}

// BannerObscures is K11(b): a sticky banner hides the focused element
// entirely (WCAG 2.4.11).
var BannerObscures = &rules.Rule{
	ID:     "banner-focus-obscured",
	Family: "consent",
	Title:  rules.Text{EN: "The cookie banner does not hide the focused element", SV: "Kakbannern döljer inte det fokuserade elementet"},
	Help: rules.Text{
		EN: "Keep focused content visible while the banner is open: place the banner in the flow (top of the page), reserve room for it, or scroll focused elements clear of it.",
		SV: "Håll fokuserat innehåll synligt medan bannern är öppen: lägg bannern i flödet (överst på sidan), reservera plats för den eller skrolla fokuserade element fria från den.",
	},
	Manual:   rules.Text{EN: "Tab through the page with the banner open: is the focused element ever hidden behind it?", SV: "Tabba genom sidan med bannern öppen: döljs det fokuserade elementet någon gång bakom den?"},
	WCAG:     []string{"2.4.11"},
	Legal:    []string{lawArt7_2},
	Severity: rules.Risk,
	Impact:   rules.Serious,
	Codes: map[string]rules.Text{
		"clear":      {EN: "No Tab stop was hidden behind the banner ({n} stops).", SV: "Inget tabbstopp doldes bakom bannern ({n} stopp)."},
		"obscures":   {EN: "The banner entirely hides the focused element \"{focused}\" ({count} stops hidden).", SV: "Bannern döljer helt det fokuserade elementet ”{focused}” ({count} stopp dolda)."},
		"not-walked": {EN: "The page was not walked with the keyboard, so hidden focus could not be checked.", SV: "Sidan gicks inte igenom med tangentbordet, så dolt fokus kunde inte kontrolleras."},
	},
	Applies: func(c *rules.Ctx) []int { return bannerTargets(c, func(b *Banner) bool { return b.Fixed }) },
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		stops := p.Focus.Stops
		if len(stops) == 0 {
			return rules.Cant(i, "not-walked")
		}
		var hidden []int
		for _, s := range stops {
			if s.Covered >= 0.99 && s.CoveredBy >= 0 && (s.CoveredBy == i || p.IsAncestor(i, s.CoveredBy)) && s.Node >= 0 {
				hidden = append(hidden, s.Node)
			}
		}
		if len(hidden) > 0 {
			return rules.Fail(i, "obscures", "focused", short(p.Snippet(hidden[0], 60), 60), "count", strconv.Itoa(len(hidden))).With(hidden...)
		}
		return rules.Pass(i, "clear", "n", strconv.Itoa(len(stops)))
	},
}

// BannerTargetSize is K12: the banner's buttons are at least 24×24 or
// spaced.
var BannerTargetSize = &rules.Rule{
	ID:     "banner-target-size",
	Family: "consent",
	Title:  rules.Text{EN: "Cookie banner buttons are large enough", SV: "Kakbannerns knappar är stora nog"},
	Help: rules.Text{
		EN: "Make accept, reject and settings at least 24 by 24 CSS pixels, or space them apart.",
		SV: "Gör godkänn, neka och inställningar minst 24 gånger 24 CSS-pixlar, eller ge dem avstånd.",
	},
	WCAG:     []string{"2.5.8"},
	Legal:    []string{lawTaskforce + " (types D and E)"},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Params:   map[string]float64{"min": 24},
	Codes:    targetCodes,
	Applies: func(c *rules.Ctx) []int {
		var out []int
		for _, b := range Analyze(c).Banners {
			for _, x := range b.Controls {
				if x.Kind == "accept" || x.Kind == "reject" || x.Kind == "settings" {
					out = append(out, x.Node)
				}
			}
		}
		slices.Sort(out)
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result { return targetSize(c, i, c.Param("min")) },
}

// withdrawLink names a persistent way back to the cookie choice.
var withdrawLink = dom.NewPhrases("cookieinställningar", "ändra samtycke", "ändra cookieinställningar", "hantera kakor",
	"kakinställningar", "inställningar för kakor", "cookie settings", "manage consent", "change consent", "privacy settings",
	"cookie preferences", "manage cookies", "cookies")

// WithdrawMissing is K9 as far as one page shows it: besides the banner,
// the page offers a persistent control to change the cookie choice.
var WithdrawMissing = &rules.Rule{
	ID:     "banner-withdraw-missing",
	Family: "consent",
	Title:  rules.Text{EN: "Cookie consent can be changed later", SV: "Samtycket till kakor går att ändra i efterhand"},
	Help: rules.Text{
		EN: "Offer a persistent link or button (for example \"Cookie settings\" in the footer) that reopens the cookie choice.",
		SV: "Erbjud en beständig länk eller knapp (till exempel ”Cookieinställningar” i sidfoten) som öppnar kakvalet igen.",
	},
	Manual:   rules.Text{EN: "Accept cookies, then look for a way to change the choice on every page.", SV: "Godkänn kakor och leta sedan efter ett sätt att ändra valet på varje sida."},
	Legal:    []string{lawArt7_3, lawTaskforce + " (type H)"},
	Severity: rules.Risk,
	Impact:   rules.Moderate,
	Codes: map[string]rules.Text{
		"has-link":   {EN: "\"{name}\" reopens the cookie choice.", SV: "”{name}” öppnar kakvalet igen."},
		"no-link":    {EN: "Apart from the banner, nothing on the page lets the visitor change the cookie choice later.", SV: "Utöver bannern finns inget på sidan som låter besökaren ändra kakvalet senare."},
		"maybe-icon": {EN: "No named control changes the cookie choice; check whether one of the unnamed controls ({n}) does.", SV: "Ingen namngiven kontroll ändrar kakvalet; kontrollera om någon av de namnlösa kontrollerna ({n}) gör det."},
	},
	Applies: func(c *rules.Ctx) []int { return bannerTargets(c, nil) },
	Expect: func(c *rules.Ctx, i int) rules.Result {
		p := c.Page
		unnamed := 0
		var found int = -1
		dom.Elements(p, func(d int) {
			if found >= 0 || d == i || p.IsAncestor(i, d) || !p.InAXTree(d) {
				return
			}
			r := dom.Role(p, d)
			if r != "button" && r != "link" {
				return
			}
			name := dom.Fold(p.AXName(d))
			if name == "" {
				unnamed++
				return
			}
			if withdrawLink.Has(name) && !IsPrivacyHref(attr(p, d, "href")) {
				found = d
			}
		})
		if found >= 0 {
			return rules.Pass(i, "has-link", "name", short(p.AXName(found), 60)).With(found)
		}
		if unnamed > 0 {
			return rules.Cant(i, "maybe-icon", "n", strconv.Itoa(unnamed))
		}
		return rules.Fail(i, "no-link")
	},
}
