package aria

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// statusWords are the stems of status wording — success and confirmation,
// progress, errors, results — in English, Swedish, Danish, Norwegian and
// German. A status message reports the outcome of an action or the state
// of a process (WCAG 4.1.3's definition); these are the words such reports
// are made of.
var statusWords = dom.NewPhrases(
	// success, confirmation
	"saved", "sparad*", "sparat", "sparats", "gemt", "lagret", "lagra*", "gespeichert",
	"added", "tillagd*", "lagts till", "lagt till", "tilføjet", "tilføyd", "lagt til", "hinzugefügt",
	"copied", "kopierad*", "kopierat", "kopieret", "kopiert",
	"removed", "deleted", "borttagen", "borttaget", "tagits bort", "raderad*", "fjernet", "slettet", "entfernt", "gelöscht",
	"sent", "submitted", "skickad*", "skickat", "skickats", "sendt", "gesendet", "versendet", "verschickt",
	"thank you", "thanks", "tack", "tak", "takk", "danke",
	"success*", "lyckad*", "lyckades", "lykkedes", "erfolgreich",
	"updated", "uppdaterad*", "uppdaterat", "opdateret", "oppdatert", "aktualisiert",
	"subscribed", "registered", "registrerad*", "registreret", "registrert", "registriert",
	"confirmed", "bekräftad*", "bekræftet", "bekreftet", "bestätigt",
	"done", "klart", "färdig*", "fertig", "applied",
	// progress
	"loading", "laddar", "hämtar", "henter", "indlæser", "laster", "lädt", "wird geladen",
	"please wait", "vänta", "vent venligst", "vennligst vent", "bitte warten",
	"processing", "bearbetar", "behandlar", "uploading", "laddar upp", "sending", "skickar",
	"searching", "söker", "søger", "søker", "suche",
	// errors
	"error", "fel", "fejl", "feil", "fehler", "failed", "misslyckad*", "misslyckades",
	"mislykkedes", "mislyktes", "fehlgeschlagen", "could not", "couldn't", "unable to",
	"kunde inte", "kunne ikke", "konnte nicht", "try again", "försök igen", "prøv igen",
	"prøv igjen", "erneut",
	// results
	"result*", "resultat*", "ergebnis*", "träff*", "treff*", "hits", "found", "hittade*",
	"hittades", "fundet", "funnet", "gefunden", "showing", "visar", "viser", "zeige*",
	"matches", "matching",
)

// statusMax is the longest text taken for a status message, in runes: a
// status is a short report, not a passage of content.
const statusMax = 160

// countChange reports whether after differs from before only in its
// numbers ("Showing 10 of 45 jobs" → "Showing 20 of 45 jobs", "3 saved" →
// "4 saved"): a count that changed, a result of the action.
func countChange(before, after string) bool {
	if before == "" || before == after {
		return false
	}
	skel := func(s string) (string, bool) {
		var b strings.Builder
		digits, in := false, false
		for _, r := range s {
			if unicode.IsDigit(r) {
				digits = true
				if !in {
					b.WriteByte('#')
				}
				in = true
				continue
			}
			in = false
			b.WriteRune(r)
		}
		return b.String(), digits
	}
	a, da := skel(before)
	b, db := skel(after)
	return da && db && a == b
}

// statusKind names why text is taken for a status message: "count" for a
// changed count worded as a status ("Showing 20 of 45 jobs"), "wording"
// for status wording, "number" for a bare count that changed ("2 / 5" of a
// carousel: a position, perhaps not a status); "" for none.
func statusKind(x page.ClickText) string {
	if utf8.RuneCountInString(x.Text) > statusMax {
		return ""
	}
	worded := statusWords.Has(dom.Fold(x.Text))
	switch {
	case countChange(x.Before, x.Text) && worded:
		return "count"
	case worded:
		return "wording"
	case countChange(x.Before, x.Text):
		return "number"
	}
	return ""
}

// announced reports whether assistive technology is told about text in
// live region kind: a region that was there before the click, or an alert
// (announced when added).
func announced(x page.ClickText) bool {
	return x.Live != "" && (!x.LiveAdded || x.Live == "alert" || x.Live == "alertdialog")
}

// clickOf returns the click probe of button i.
func clickOf(p *page.Page, i int) (page.ClickProbe, bool) {
	for _, c := range p.Probes.Clicks {
		if c.Button == i {
			return c, true
		}
	}
	return page.ClickProbe{}, false
}

// shownTexts are the texts a click made appear or change outside the
// clicked control.
func shownTexts(c page.ClickProbe) []page.ClickText {
	var out []page.ClickText
	for _, x := range c.Texts {
		if !x.InControl && strings.TrimSpace(x.Text) != "" {
			out = append(out, x)
		}
	}
	return out
}

// fewChanges is the most elements whose text a click may change for its
// text to be taken for a message rather than content it loaded.
const fewChanges = 3

// StatusMessage is WCAG 4.1.3 tested for real, after the capture clicked
// the page's in-place buttons one at a time (page.ClickProbe): a click that
// shows a short report of its outcome — a confirmation, progress, an error
// or a result count — in text outside any live region (role=status, alert,
// log, progressbar, aria-live) and without moving focus tells only those
// who see the change (F103). Text the click put in a region it added at
// the same moment may not be announced either; other short new text leaves
// a question.
var StatusMessage = &rules.Rule{
	ID:     "status-message",
	Family: "aria",
	Title:  rules.Text{EN: "Status messages after an action are announced", SV: "Statusmeddelanden efter en åtgärd läses upp"},
	Help: rules.Text{
		EN: "Put the message in an element with role=\"status\" (or role=\"alert\" for an error, aria-live=\"polite\" otherwise) that is in the page before the message is written into it; do not move focus for it.",
		SV: "Lägg meddelandet i ett element med role=\"status\" (eller role=\"alert\" för ett fel, annars aria-live=\"polite\") som finns på sidan innan meddelandet skrivs in i det; flytta inte fokus för det.",
	},
	Manual: rules.Text{
		EN: "Activate the button with a screen reader running: is the result (the confirmation, error, progress or new count) read out without moving focus?",
		SV: "Aktivera knappen med skärmläsare igång: läses resultatet (bekräftelsen, felet, förloppet eller det nya antalet) upp utan att fokus flyttas?",
	},
	WCAG:   []string{"4.1.3"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"announced":     {EN: "Activating \"{button}\" showed \"{message}\" in a live region ({live}).", SV: "När ”{button}” aktiverades visades ”{message}” i en levande region ({live})."},
		"not-announced": {EN: "Activating \"{button}\" showed \"{message}\" ({why}), but not in a live region and without moving focus: a screen reader user is not told.", SV: "När ”{button}” aktiverades visades ”{message}” ({why}), men inte i en levande region och utan att fokus flyttades: en skärmläsaranvändare får inte veta det."},
		"region-added":  {EN: "Activating \"{button}\" showed \"{message}\" in a live region ({live}) that the same click added: screen readers often announce only changes to a region that was already there. Is it read out?", SV: "När ”{button}” aktiverades visades ”{message}” i en levande region ({live}) som samma klick lade till: skärmläsare läser ofta bara upp ändringar i en region som redan fanns. Läses det upp?"},
		"new-text":      {EN: "Activating \"{button}\" showed \"{message}\" outside any live region: is it a status message (a result, confirmation, progress or error)? If so, it must be announced without moving focus.", SV: "När ”{button}” aktiverades visades ”{message}” utanför levande regioner: är det ett statusmeddelande (ett resultat, en bekräftelse, ett förlopp eller ett fel)? I så fall måste det läsas upp utan att fokus flyttas."},
	},
	Applies: func(c *rules.Ctx) []int {
		var out []int
		for _, k := range c.Page.Probes.Clicks {
			if k.Button < 0 || k.Error != "" || k.Navigated || k.Dialog || k.FocusMoved {
				continue
			}
			if _, ok := judgeClick(k); ok {
				out = append(out, k.Button)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, i int) rules.Result {
		k, _ := clickOf(c.Page, i)
		r, _ := judgeClick(k)
		button := dom.Clip(k.Name, 60)
		msg := dom.Clip(r.text.Text, 120)
		switch r.code {
		case "announced":
			return rules.Pass(i, r.code, "button", button, "message", msg, "live", r.text.Live)
		case "region-added":
			return rules.Cant(i, r.code, "button", button, "message", msg, "live", r.text.Live)
		case "not-announced":
			why := "a status in its wording"
			if r.kind == "count" {
				why = "a count that changed from \"" + dom.Clip(r.text.Before, 60) + "\""
			}
			return rules.Fail(i, r.code, "button", button, "message", msg, "why", why)
		}
		return rules.Cant(i, "new-text", "button", button, "message", msg)
	},
}

// clickVerdict is what a click's texts amount to.
type clickVerdict struct {
	code string
	kind string
	text page.ClickText
}

// judgeClick decides on one click: false when it showed nothing that can
// be a status message (no text outside the control, or content loaded
// without a status among it).
func judgeClick(k page.ClickProbe) (clickVerdict, bool) {
	texts := shownTexts(k)
	if len(texts) == 0 {
		return clickVerdict{}, false
	}
	// A status announced anywhere answers for the click.
	for _, x := range texts {
		if announced(x) && (statusKind(x) != "" || len(texts) <= fewChanges) {
			return clickVerdict{code: "announced", text: x}, true
		}
	}
	for _, x := range texts {
		if x.Live != "" && statusKind(x) != "" {
			return clickVerdict{code: "region-added", text: x}, true
		}
	}
	few := k.Added <= fewChanges
	for _, x := range texts {
		if x.Live != "" {
			continue
		}
		switch kind := statusKind(x); {
		case kind == "count", kind == "wording" && few:
			return clickVerdict{code: "not-announced", kind: kind, text: x}, true
		case kind != "":
			return clickVerdict{code: "new-text", text: x}, true
		}
	}
	// Other short text: a question, when it is a message and not content
	// the click revealed or loaded.
	if k.Added <= 2 {
		for _, x := range texts {
			if x.Live == "" && utf8.RuneCountInString(x.Text) <= 80 {
				return clickVerdict{code: "new-text", text: x}, true
			}
		}
	}
	return clickVerdict{}, false
}
