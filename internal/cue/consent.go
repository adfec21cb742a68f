package cue

// The words of a cookie banner that the capture needs before any rule runs:
// it opens a banner's second layer (audit/capture/reveal.go) and the
// consent rules (rules/consent) read the same lists, so both know the same
// buttons. Same form as the names above.

// CookieNames speak of cookies or similar storage: a layer whose text has
// one is a cookie banner.
var CookieNames = []string{"kakor", "kaka", "kakorna", "cookie*", "kakfil*", "informasjonskapsl*", "eväste*",
	"spårning*", "tracking", "trackers", "similar technologies", "local storage"}

// ConsentSettingsNames name a banner button that opens more choices (its
// second layer): settings, preferences, customising, managing, details.
// Stems in Swedish, English, Danish, Norwegian and German.
var ConsentSettingsNames = []string{
	"inställning*", "cookieinställning*", "kakinställning*", "anpassa*", "hantera*", "välj kakor", "välj själv", "välj vilka*",
	"visa detaljer", "visa mer", "fler val", "mer information om kakor", "mer information om cookies", "läs mer om kakor",
	"setting*", "cookie setting*", "preference*", "customi*", "manage*", "let me choose", "more options", "show details",
	"show purposes", "choose cookies", "more information about cookies",
	"indstilling*", "tilpas*", "administrer*", "vis detaljer", "flere valg", "vælg selv",
	"innstilling*", "tilpass*", "vis mer", "velg selv",
	"einstellung*", "anpassen", "verwalten", "details anzeigen", "mehr optionen", "weitere optionen", "individuell*", "auswählen",
}

// ConsentCommitNames are words of a banner button that records a choice
// (accept, reject, save, confirm): such a button is never pressed to open
// a second layer, even when it also says "settings".
var ConsentCommitNames = []string{
	"spara*", "godkänn*", "acceptera*", "bekräfta*", "avvisa*", "neka*", "avböj*", "tillåt*",
	"save*", "accept*", "confirm*", "reject*", "decline*", "deny", "allow*", "agree*", "submit",
	"gem*", "godkend*", "accepter*", "afvis*", "tillad*", "lagre*", "godta*", "aksepter*", "avvis*", "tillat*",
	"speicher*", "akzeptier*", "bestätig*", "ablehn*", "zulassen", "erlauben", "zustimm*",
}
