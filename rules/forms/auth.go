package forms

import (
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// pasteHandler returns the element (the field or an ancestor in its
// document) with an inline onpaste handler, and whether that handler
// certainly cancels the paste ("return false", preventDefault()).
func pasteHandler(p *page.Page, i int) (int, bool) {
	for x := i; x >= 0 && p.Nodes[x].Type != page.DocumentNode; x = p.Nodes[x].Parent {
		if !p.IsElement(x) {
			continue
		}
		for _, ev := range []string{"onpaste", "onbeforepaste"} {
			v, ok := p.Attr(x, ev)
			if !ok || strings.TrimSpace(v) == "" {
				continue
			}
			s := strings.ReplaceAll(page.Lower(v), " ", "")
			return x, strings.Contains(s, "returnfalse") || strings.Contains(s, "preventdefault()")
		}
	}
	return -1, false
}

// AuthPasteBlocked checks that password fields let users paste and let
// password managers fill them in (SC 3.3.8 Accessible Authentication:
// remembering or transcribing a password is a cognitive function test
// unless copy-paste and password managers work). Only inline handlers in
// the markup are visible to the rule; listeners added by script are not
// captured, so a field without one passes with that caveat.
var AuthPasteBlocked = &rules.Rule{
	ID:     "auth-paste-blocked",
	Family: "forms",
	Title:  rules.Text{EN: "Password fields allow paste and password managers", SV: "Lösenordsfält tillåter inklistring och lösenordshanterare"},
	Help: rules.Text{
		EN: "Remove the paste blocking (onpaste=\"return false\", preventDefault on paste) and autocomplete=\"off\" from password fields; use autocomplete=\"current-password\" or \"new-password\" so people can paste or let a password manager fill in the password.",
		SV: "Ta bort blockeringen av inklistring (onpaste=\"return false\", preventDefault vid paste) och autocomplete=\"off\" från lösenordsfält; använd autocomplete=\"current-password\" eller \"new-password\" så att man kan klistra in lösenordet eller låta en lösenordshanterare fylla i det.",
	},
	Manual: rules.Text{
		EN: "Copy a password and paste it into the field, and try filling it in with a password manager.",
		SV: "Kopiera ett lösenord och klistra in det i fältet, och prova att fylla i det med en lösenordshanterare.",
	},
	WCAG:   []string{"3.3.8"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"no-block-in-markup": {EN: "Nothing in the markup blocks paste or password managers (script listeners were not checked).", SV: "Inget i koden blockerar inklistring eller lösenordshanterare (skriptlyssnare har inte kontrollerats)."},
		"paste-blocked":      {EN: "The {handler} handler \"{code}\" cancels paste into the password field.", SV: "Hanteraren {handler} ”{code}” stoppar inklistring i lösenordsfältet."},
		"paste-handler":      {EN: "The password field has a paste handler (\"{code}\") that may block pasting.", SV: "Lösenordsfältet har en hanterare för inklistring (”{code}”) som kan blockera inklistring."},
		"paste-listener":     {EN: "A script listens for paste on the password field, which may block pasting.", SV: "Ett skript lyssnar efter inklistring i lösenordsfältet, vilket kan blockera inklistring."},
		"autocomplete-off":   {EN: "autocomplete=\"off\" on the password field asks password managers not to fill it in (most browsers ignore it for passwords).", SV: "autocomplete=\"off\" på lösenordsfältet ber lösenordshanterare att inte fylla i det (de flesta webbläsare struntar i det för lösenord)."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if p.IsElement(i) && p.Tag(i) == "input" && inputType(p, i) == "password" && !disabled(p, i) && (p.InAXTree(i) || dom.Visible(p, i)) {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, el int) rules.Result {
		p := c.Page
		if h, blocks := pasteHandler(p, el); h >= 0 {
			ev := "onpaste"
			code, ok := p.Attr(h, "onpaste")
			if !ok {
				ev = "onbeforepaste"
				code, _ = p.Attr(h, "onbeforepaste")
			}
			if blocks {
				return rules.Fail(el, "paste-blocked", "handler", ev, "code", strings.TrimSpace(code)).With(h)
			}
			return rules.Cant(el, "paste-handler", "code", strings.TrimSpace(code)).With(h)
		}
		for _, ev := range p.Nodes[el].Events {
			if ev == "paste" || ev == "beforepaste" {
				return rules.Cant(el, "paste-listener")
			}
		}
		if v, _ := p.Attr(el, "autocomplete"); page.Lower(strings.TrimSpace(v)) == "off" {
			return rules.Cant(el, "autocomplete-off")
		}
		return rules.Pass(el, "no-block-in-markup")
	},
}

var captchaWords = dom.NewPhrases("captcha", "recaptcha", "hcaptcha", "i'm not a robot", "i am not a robot", "jag är inte en robot",
	"are you human", "är du en människa", "type the characters", "enter the characters", "skriv tecknen", "ange tecknen", "skriv in tecknen")

// captchaEvidence says why an element looks like a CAPTCHA, "" when it
// does not.
func captchaEvidence(p *page.Page, i int) string {
	if !p.IsElement(i) {
		return ""
	}
	tag := p.Tag(i)
	if tag == "iframe" || tag == "script" {
		src, _ := p.Attr(i, "src")
		s := page.Lower(src)
		for _, k := range []string{"recaptcha", "hcaptcha", "challenges.cloudflare.com", "captcha"} {
			if strings.Contains(s, k) {
				if tag == "script" {
					return ""
				}
				return "frame:" + k
			}
		}
		return ""
	}
	for _, a := range []string{"class", "id"} {
		v, _ := p.Attr(i, a)
		for _, w := range strings.Fields(page.Lower(v)) {
			if w == "g-recaptcha" || w == "h-captcha" || w == "cf-turnstile" || w == "frc-captcha" || strings.HasSuffix(w, "captcha") {
				return a + ":" + w
			}
		}
	}
	if tag == "img" || tag == "input" {
		alt, _ := p.Attr(i, "alt")
		if captchaWords.Has(dom.Fold(alt + " " + p.AXName(i))) {
			return "label"
		}
	}
	return ""
}

// CaptchaAlternative asks for a check wherever a CAPTCHA appears: SC 3.3.8
// allows a cognitive function test only with an alternative method or a
// mechanism that helps (or object recognition, or personal content), which
// the page markup cannot show.
var CaptchaAlternative = &rules.Rule{
	ID:     "captcha-alternative",
	Family: "forms",
	Title:  rules.Text{EN: "CAPTCHAs have an alternative that needs no cognitive test", SV: "CAPTCHA har ett alternativ som inte kräver ett kognitivt test"},
	Help: rules.Text{
		EN: "Avoid CAPTCHAs that ask people to transcribe, solve or remember something; use a non-interactive check (e.g. a risk score or honeypot), or offer an alternative such as e-mail verification.",
		SV: "Undvik CAPTCHA som kräver att man skriver av, löser eller minns något; använd en kontroll utan interaktion (till exempel riskbedömning eller honeypot), eller erbjud ett alternativ som verifiering via e-post.",
	},
	Manual: rules.Text{
		EN: "Check whether the CAPTCHA asks for transcription, a puzzle or memory, and whether an alternative method without such a test is offered.",
		SV: "Kontrollera om CAPTCHA:n kräver avskrift, ett pussel eller att minnas något, och om ett alternativ utan sådant test erbjuds.",
	},
	WCAG:   []string{"3.3.8"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"captcha": {EN: "This looks like a CAPTCHA ({evidence}): check that it has an alternative without a cognitive function test.", SV: "Det här ser ut som en CAPTCHA ({evidence}): kontrollera att det finns ett alternativ utan kognitivt test."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if captchaEvidence(p, i) == "" {
				continue
			}
			// Report the outermost element only.
			inner := false
			p.Ancestors(i, func(a int) bool {
				if captchaEvidence(p, a) != "" {
					inner = true
					return false
				}
				return true
			})
			if !inner {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, el int) rules.Result {
		return rules.Cant(el, "captcha", "evidence", captchaEvidence(c.Page, el))
	},
}
