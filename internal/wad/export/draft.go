package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/granska/granska/audit/document"
	"github.com/granska/granska/internal/standards/wcag"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// draftText is the draft's fixed text in one language. Placeholders in
// [brackets] are what only the public body can write.
type draftText struct {
	title, opening, appliesTo                      string
	statusHead, statusFails, statusNone            string
	nonAccHead, nonCompHead, nonCompIntro, onPages string
	docsHead, burdenHead, burden, scopeHead, scope string
	beforeWAD, prepHead, prep, method, reviewed    string
	feedbackHead, feedback, enforcementHead        string
	enforcement, note, noneFound                   string
	notMet                                         string
}

var draftTexts = map[string]draftText{
	"sv": {
		title:           "Tillgänglighetsredogörelse",
		opening:         "[Organisationens namn] står bakom den här webbplatsen. Vi vill att så många som möjligt ska kunna använda den. Den här redogörelsen beskriver hur webbplatsen uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, som genomför direktiv (EU) 2016/2102, vilka kända brister som finns och hur du kan rapportera problem till oss.",
		appliesTo:       "Redogörelsen gäller",
		statusHead:      "Efterlevnadsstatus",
		statusFails:     "Webbplatsen är **delvis förenlig** med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan. [Välj \"inte förenlig\" om de flesta krav inte uppfylls.]",
		statusNone:      "[Välj: helt förenlig / delvis förenlig / inte förenlig.] En automatisk granskning hittade inga brister, men den visar inte att kraven uppfylls: kraven som inte kan testas automatiskt måste granskas manuellt innan ni anger \"helt förenlig\".",
		nonAccHead:      "Innehåll som inte är tillgängligt",
		nonCompHead:     "Bristande förenlighet med lagen",
		nonCompIntro:    "Följande brister hittades vid granskningen, ordnade efter kriterium i WCAG 2.1 och avsnitt i EN 301 549:",
		onPages:         "brister på %d av de granskade sidorna, till exempel %s",
		docsHead:        "Dokument",
		burdenHead:      "Oskäligt betungande anpassning",
		burden:          "[Beskriv innehåll som ni bedömt vara oskäligt betungande att tillgängliggöra, med bedömningen enligt 12 § och tillgängliga alternativ. Ta bort avsnittet om det inte finns något.]",
		scopeHead:       "Innehåll som inte omfattas av lagen",
		scope:           "[Beskriv innehåll som inte omfattas av lagen enligt 9 §, till exempel dokument publicerade före den 23 september 2018 som inte behövs för pågående administrativa processer.]",
		beforeWAD:       "Dokument som enligt sina metadata skapades före den 23 september 2018 (kontrollera om de behövs i pågående processer):",
		prepHead:        "Hur vi testat webbplatsen",
		prep:            "Redogörelsen upprättades den [datum]. Den bygger på en granskning med %s %s den %s av %d sidor, valda enligt urvalet i genomförandebeslut (EU) 2018/1524, och %d dokument.",
		method:          "[Ange metod: egen bedömning (självskattning) eller bedömning av tredje part.]",
		reviewed:        "Redogörelsen sågs senast över den [datum].",
		feedbackHead:    "Återkoppling och kontaktuppgifter",
		feedback:        "Om du upptäcker problem som inte beskrivs här, eller om du behöver innehåll i ett tillgängligt format, kan du meddela oss via [länk till meddelandefunktionen]. Du kan också kontakta oss på [e-post] eller [telefon].",
		enforcementHead: "Tillsyn",
		enforcement:     "Myndigheten för digital förvaltning (Digg) har ansvaret för tillsyn över lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du [göra en anmälan till Digg](https://www.digg.se/tdosanmalan).",
		note:            "Utkast skapat av Granska från en automatisk granskning. Redigera texten i hakparenteser; en automatisk granskning hittar inte alla brister.",
		noneFound:       "[Granskningen hittade inga brister. Lägg till brister som den manuella granskningen hittar.]",
		notMet:          "Krav som inte uppfylls",
	},
	"en": {
		title:           "Accessibility statement",
		opening:         "[Name of the public sector body] is committed to making its website accessible, in accordance with [national legislation] transposing Directive (EU) 2016/2102 of the European Parliament and of the Council.",
		appliesTo:       "This accessibility statement applies to",
		statusHead:      "Compliance status",
		statusFails:     "This website is **partially compliant** with [national legislation] due to the non-compliances listed below. [Choose \"not compliant\" if most requirements are not met.]",
		statusNone:      "[Choose: fully compliant / partially compliant / not compliant.] An automated audit found no failures, which does not show compliance: the requirements automated tests cannot decide must be reviewed by a person before you state \"fully compliant\".",
		nonAccHead:      "Non-accessible content",
		nonCompHead:     "Non-compliance with the accessibility regulations",
		nonCompIntro:    "The audit found these failures, by WCAG 2.1 success criterion and EN 301 549 clause:",
		onPages:         "fails on %d of the pages audited, for example %s",
		docsHead:        "Documents",
		burdenHead:      "Disproportionate burden",
		burden:          "[Describe content you have assessed as a disproportionate burden to make accessible, with the assessment and the accessible alternatives. Remove this section if there is none.]",
		scopeHead:       "Content that is not within the scope of the applicable legislation",
		scope:           "[Describe content outside the scope, for example office documents published before 23 September 2018 that are not needed for active administrative processes.]",
		beforeWAD:       "Documents whose metadata says they were created before 23 September 2018 (check whether active processes need them):",
		prepHead:        "Preparation of this accessibility statement",
		prep:            "This statement was prepared on [date]. It is based on an audit made with %s %s on %s of %d pages, sampled as Implementing Decision (EU) 2018/1524 describes, and %d documents.",
		method:          "[State the method: self-assessment, or assessment by a third party.]",
		reviewed:        "The statement was last reviewed on [date].",
		feedbackHead:    "Feedback and contact information",
		feedback:        "If you find a problem not described here, or need content in an accessible format, tell us through [link to the feedback mechanism]. You can also contact [e-mail] or [phone].",
		enforcementHead: "Enforcement procedure",
		enforcement:     "[Name of the enforcement body] is responsible for enforcing [national legislation]. If you are not happy with how we respond to your feedback, [contact the enforcement body](URL).",
		note:            "Draft made by Granska from an automated audit. Edit the text in brackets; an automated audit does not find every failure.",
		noneFound:       "[The audit found no failures. Add the failures a manual review finds.]",
		notMet:          "Not met",
	},
}

// Draft writes a draft accessibility statement (Markdown) from a run, in
// the structure of the model statement of Decision (EU) 2018/1523 and, in
// Swedish, DIGG's headings. lang is "sv" or "en" (anything else is
// English). The failures are listed per WCAG criterion with their EN
// 301 549 clause, in plain language from the rules' titles; what only the
// body can write is a [placeholder]. It never states full compliance.
func Draft(run *result.Run, lang string) string {
	t, ok := draftTexts[lang]
	if !ok {
		lang, t = "en", draftTexts["en"]
	}
	ex := Build(run)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n> %s\n\n%s\n\n", t.title, t.note, t.opening)
	var hosts []string
	for _, u := range run.Start {
		hosts = append(hosts, u)
	}
	fmt.Fprintf(&b, "%s %s.\n\n", t.appliesTo, strings.Join(hosts, ", "))
	fails := false
	for _, s := range ex.Sites {
		fails = fails || s.Counts.NonCompliance
	}
	fmt.Fprintf(&b, "## %s\n\n", t.statusHead)
	if fails {
		b.WriteString(t.statusFails + "\n\n")
	} else {
		b.WriteString(t.statusNone + "\n\n")
	}
	fmt.Fprintf(&b, "## %s\n\n### %s\n\n", t.nonAccHead, t.nonCompHead)
	titles := ruleTitles(run, lang)
	listed := false
	for _, s := range ex.Sites {
		for _, r := range s.Criteria {
			if r.Status != StatusFails {
				continue
			}
			if !listed {
				b.WriteString(t.nonCompIntro + "\n\n")
				listed = true
			}
			title := r.Title
			if lang == "sv" {
				if c, ok := wcag.Lookup(r.ID); ok && c.TitleSV != "" {
					title = c.TitleSV
				}
			}
			var what []string
			for _, id := range r.Rules {
				if tt := titles[id]; tt != "" {
					what = append(what, tt)
				}
			}
			fmt.Fprintf(&b, "- **%s %s** (WCAG %s, EN 301 549 %s): %s. %s: %s.\n", r.ID, title, r.Level, r.EN,
				fmt.Sprintf(t.onPages, r.Pages, r.Example), t.notMet, lowerFirst(strings.Join(what, "; ")))
		}
	}
	if !listed {
		b.WriteString(t.noneFound + "\n")
	}
	b.WriteString("\n")
	docs := 0
	var old []string
	var docLines []string
	for _, d := range run.Documents {
		if d.Status == document.StatusChecked {
			docs++
		}
		if d.BeforeWAD {
			old = append(old, d.URL)
		}
		var probs []string
		for _, f := range d.Findings {
			if f.Outcome == rules.Failed {
				msg := f.Message
				if lang == "sv" {
					msg = f.MessageSV
				}
				probs = append(probs, fmt.Sprintf("%s (EN 301 549 %s)", strings.TrimSuffix(msg, "."), strings.Join(f.EN, ", ")))
			}
		}
		if len(probs) > 0 {
			name := d.Title
			if name == "" {
				name = d.URL
			}
			docLines = append(docLines, fmt.Sprintf("- %s (%s): %s.", name, d.URL, strings.Join(probs, "; ")))
		}
	}
	if len(docLines) > 0 {
		fmt.Fprintf(&b, "#### %s\n\n%s\n\n", t.docsHead, strings.Join(docLines, "\n"))
	}
	fmt.Fprintf(&b, "### %s\n\n%s\n\n### %s\n\n%s\n\n", t.burdenHead, t.burden, t.scopeHead, t.scope)
	if len(old) > 0 {
		slices.Sort(old)
		fmt.Fprintf(&b, "%s\n\n", t.beforeWAD)
		for _, u := range old {
			fmt.Fprintf(&b, "- %s\n", u)
		}
		b.WriteString("\n")
	}
	pages := 0
	for _, s := range ex.Sites {
		pages += s.Counts.PagesAudited
	}
	fmt.Fprintf(&b, "## %s\n\n%s %s %s\n\n", t.prepHead,
		fmt.Sprintf(t.prep, run.Tool.Name, run.Tool.Version, run.Started.UTC().Format("2006-01-02"), pages, docs), t.method, t.reviewed)
	fmt.Fprintf(&b, "## %s\n\n%s\n\n## %s\n\n%s\n", t.feedbackHead, t.feedback, t.enforcementHead, t.enforcement)
	return b.String()
}

// ruleTitles are the rules' titles in lang, by id.
func ruleTitles(run *result.Run, lang string) map[string]string {
	out := map[string]string{}
	for _, r := range run.Rules {
		if lang == "sv" && r.TitleSV != "" {
			out[r.ID] = r.TitleSV
		} else {
			out[r.ID] = r.Title
		}
	}
	return out
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if len(r) > 1 && r[1] >= 'A' && r[1] <= 'Z' {
		return s // an acronym: "ARIA …"
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}
