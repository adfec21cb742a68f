package consent

import (
	pagecue "github.com/granska/granska/internal/cue"
	"github.com/granska/granska/rules/internal/dom"
)

// Keyword lists in Swedish and English, after ../shared/reference/consent.md
// Appendix A (hand-built heuristics, not a legal source: tune them on real
// sites). Entries are folded (lower case, composed å ä ö); a trailing "*"
// matches the start of a word, which covers Swedish inflection
// ("integritetspolicy*" matches "integritetspolicyn").
var (
	consentVerbs = dom.NewPhrases(
		"samtyck*", "godkänn*", "medger", "medgiver", "accepter*", "tillåt*", "går med på", "bekräftar",
		"i consent", "consent*", "agree*", "i accept", "accept", "accepts", "allow", "i authorise", "i authorize",
		"opt in", "opt-in", "i confirm",
	)
	// privacyNouns: the names of a privacy notice, and the words for
	// personal data a consent text uses.
	privacyNouns = dom.NewPhrases(append([]string{"personuppgift*", "integritet", "integriteten", "personal information"}, pagecue.PrivacyNames...)...)
	terms        = dom.NewPhrases("villkor*", "användarvillkor*", "allmänna villkor", "avtal*",
		"terms", "terms and conditions", "terms of use", "terms of service", "conditions")
	withdraw = dom.NewPhrases("återkalla*", "dra tillbaka", "ta tillbaka", "ändra ditt samtycke", "när som helst",
		"withdraw*", "revoke", "change your consent", "at any time")
	bySubmit = dom.NewPhrases("genom att skicka", "genom att klicka", "när du skickar", "genom att ansöka", "genom att registrera",
		"by submitting", "by clicking", "by sending", "by applying", "by registering")

	cookieNouns  = dom.NewPhrases(append([]string{"lagring på din enhet"}, pagecue.CookieNames...)...)
	acceptLabels = dom.NewPhrases("godkänn*", "acceptera*", "tillåt alla", "tillåt kakor", "jag förstår", "ok", "okej",
		"accept*", "allow all", "allow cookies", "agree", "i agree", "got it", "yes", "i'm ok with that", "sounds good", "fine by me",
		"godkend*", "tillad alle", "tillat alle", "godta*", "jeg accepterer", "aksepter*", "hyväksy*", "salli kaikki", "akzeptier*", "alle akzeptieren",
		"zustimmen", "alle zulassen", "alle erlauben", "einverstanden")
	rejectLabels = dom.NewPhrases("neka*", "avvisa*", "avböj*", "tillåt inte", "godkänn inte", "acceptera inte",
		"endast nödvändiga", "bara nödvändiga", "enbart nödvändiga", "endast nödvändiga kakor", "använd endast nödvändiga kakor",
		"fortsätt utan att godkänna", "fortsätt utan att acceptera", "nej tack",
		"reject*", "decline*", "deny", "refuse", "do not accept", "don't accept", "necessary only", "only necessary",
		"essential only", "only essential", "strictly necessary only", "continue without accepting", "no thanks", "use necessary cookies only",
		"don't allow", "do not allow", "afvis*", "avvis*", "kun nødvendige", "bare nødvendige", "nej tak", "nei takk", "hylkää*", "vain välttämättömät",
		"ablehnen", "alle ablehnen", "nur notwendige", "nur erforderliche", "nicht zustimmen")
	settingsLabels = dom.NewPhrases("inställningar", "anpassa", "hantera", "hantera kakor", "cookieinställningar", "välj kakor",
		"välj själv", "visa detaljer", "mer information", "fler val", "läs mer",
		"settings", "customise", "customize", "manage", "manage cookies", "cookie settings", "preferences", "options",
		"more options", "show details", "learn more", "let me choose", "read more",
		"indstillinger", "innstillinger", "tilpas", "asetukset", "mukauta", "einstellungen", "anpassen", "individuelle einstellungen")
	// settingsStems are the stems the capture opens a banner's second
	// layer by (internal/cue), so a button it opens is one rules call
	// "settings".
	settingsStems = dom.NewPhrases(pagecue.ConsentSettingsNames...)
	closeLabels   = dom.NewPhrases("stäng", "close", "dismiss", "×", "x", "✕")
	impliedPhrase = dom.NewPhrases("genom att fortsätta", "fortsätter du att använda", "genom att använda webbplatsen",
		"genom att använda sajten", "genom att surfa vidare", "godkänner du att vi använder kakor",
		"by continuing", "by using this site", "by using this website", "by using our site", "by continuing to browse", "by browsing",
		"you agree to our use of cookies", "you consent to our use of cookies")
	vagueLink = dom.NewPhrases("här", "klicka här", "läs mer", "mer info", "mer information", "länk", "denna länk", "länken",
		"here", "click here", "read more", "more", "more info", "link", "this link", "learn more")
	cvLabels = dom.NewPhrases("cv", "meritförteckning", "personligt brev", "bifoga*", "ladda upp", "résumé", "resume", "cover letter", "attach*", "upload")
	// formatWords say which files are accepted or how large they may be.
	formatWords = dom.NewPhrases("pdf", "doc", "docx", "word", "rtf", "odt", "txt", "jpg", "png", "mb", "kb", "megabyte*",
		"filformat*", "format", "formats", "storlek", "size", "högst", "max*")
	requiredWords = dom.NewPhrases("obligatorisk*", "krävs", "måste fyllas i", "required", "mandatory")
	// selectCountry names a phone country picker.
	countryWords = dom.NewPhrases("land", "landsnummer", "landskod", "riktnummer", "country", "country code", "dial code")
)

// trackerCookies are cookie names (a trailing "*" is a prefix) set by common
// analytics and advertising tags.
var trackerCookies = []string{"_ga", "_gid", "_ga_*", "_gat", "_gat_*", "_gcl_*", "_fbp", "_fbc", "IDE", "test_cookie",
	"_hjSession*", "_hjid", "_hjSessionUser*", "li_sugr", "bcookie", "lidc", "_clck", "_clsk", "MUID", "_uetsid", "_uetvid",
	"__utma", "__utmb", "__utmz", "_pin_unauth", "_tt_*", "_ttp"}

// trackerHosts are hosts (and their subdomains) of common tracking tags.
var trackerHosts = []string{"google-analytics.com", "analytics.google.com", "googletagmanager.com", "doubleclick.net",
	"googleadservices.com", "facebook.net", "connect.facebook.net", "facebook.com/tr", "px.ads.linkedin.com", "snap.licdn.com",
	"static.hotjar.com", "script.hotjar.com", "clarity.ms", "bat.bing.com", "analytics.tiktok.com", "ads.linkedin.com"}

// cmpRoots are the root ids and classes of common consent platforms.
var cmpRoots = []string{"#onetrust-banner-sdk", "#onetrust-consent-sdk", "#CybotCookiebotDialog", "#usercentrics-root",
	".cky-consent-container", "#cookie-information-template-wrapper", "#coiOverlay", "#didomi-host", ".qc-cmp2-container",
	"#cmpbox", "#iubenda-cs-banner", "#truste-consent-track"}
