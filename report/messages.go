package report

import (
	"fmt"
	"sort"
)

// msg is one catalogue entry in English and Swedish.
type msg struct{ en, sv string }

// catalogue holds every text the human-readable reports print. Keys are
// stable; a test checks that each has both languages.
var catalogue = map[string]msg{
	"doc.title":      {"Accessibility report", "Tillgänglighetsrapport"},
	"doc.subtitle":   {"WCAG 2.2 and EN 301 549, automated audit", "WCAG 2.2 och EN 301 549, automatiserad granskning"},
	"doc.generated":  {"Generated %s by Granska %s", "Skapad %s av Granska %s"},
	"doc.skip":       {"Skip to the issues", "Hoppa till bristerna"},
	"doc.toc":        {"Contents", "Innehåll"},
	"doc.site":       {"Website", "Webbplats"},
	"doc.start":      {"Start URLs", "Start-URL:er"},
	"doc.period":     {"Audit run", "Granskningen kördes"},
	"doc.incomplete": {"The run did not complete: the results cover only the pages audited before it stopped.", "Körningen avslutades inte: resultatet omfattar bara sidorna som hann granskas."},
	"doc.disclaimer": {
		"This report is the result of automated testing. Automation finds many barriers but cannot decide every requirement: “No failures found” never means that a requirement is met, and every criterion needs a manual check before an accessibility statement is written.",
		"Rapporten är resultatet av automatiserad testning. Automatiska tester hittar många hinder men kan inte avgöra alla krav: ”Inga fel hittade” betyder aldrig att ett krav är uppfyllt, och varje kriterium behöver kontrolleras manuellt innan en tillgänglighetsredogörelse skrivs.",
	},
	"doc.presumption": {
		"EN 301 549 V3.2.1 gives presumption of conformity with the Web Accessibility Directive (in Sweden, DOS-lagen and MDFFS 2019:2). V4.1.1, aligned with WCAG 2.2 and published on 2 September 2026, was not yet cited in the Official Journal of the EU as of September 2026; its clause numbers for the WCAG 2.2 additions are marked V4.1.1.",
		"EN 301 549 V3.2.1 ger presumtion om överensstämmelse med webbtillgänglighetsdirektivet (i Sverige DOS-lagen och MDFFS 2019:2). V4.1.1, anpassad till WCAG 2.2 och publicerad den 2 september 2026, var i september 2026 ännu inte citerad i EU:s officiella tidning; dess klausulnummer för tilläggen i WCAG 2.2 är märkta V4.1.1.",
	},

	"sum.heading":     {"Summary", "Sammanfattning"},
	"sum.pages":       {"Pages audited", "Granskade sidor"},
	"sum.pagesFailed": {"Pages that could not be audited", "Sidor som inte kunde granskas"},
	"sum.templates":   {"Page templates sampled", "Sidmallar i urvalet"},
	"sum.failIssues":  {"Issues found (failures)", "Hittade brister"},
	"sum.failOccur":   {"Occurrences of failures", "Förekomster av brister"},
	"sum.cantIssues":  {"Things to check by hand", "Saker att kontrollera manuellt"},
	"sum.coverage":    {"Criteria tested automatically", "Kriterier som testats automatiskt"},
	"sum.coverageOf":  {"%d of %d", "%d av %d"},
	"sum.byImpact":    {"Failures by impact", "Brister efter allvarlighetsgrad"},
	"sum.byStatus":    {"EN 301 549 clauses by result", "EN 301 549-klausuler efter resultat"},
	"sum.impact":      {"Impact", "Allvarlighetsgrad"},
	"sum.issues":      {"Issues", "Brister"},
	"sum.occur":       {"Occurrences", "Förekomster"},
	"sum.status":      {"Result", "Resultat"},
	"sum.clauses":     {"Clauses", "Klausuler"},
	"sum.measure":     {"Measure", "Mått"},
	"sum.value":       {"Value", "Värde"},

	"en.heading": {"EN 301 549 clause 9: web content", "EN 301 549 klausul 9: webbinnehåll"},
	"en.caption": {"Result per EN 301 549 clause, with the WCAG 2.2 success criterion it requires", "Resultat per klausul i EN 301 549, med det framgångskriterium i WCAG 2.2 som den kräver"},
	"en.clause":  {"Clause", "Klausul"},
	"en.title":   {"Title", "Rubrik"},
	"en.sc":      {"WCAG", "WCAG"},
	"en.level":   {"Level", "Nivå"},
	"en.edition": {"Edition", "Utgåva"},
	"en.result":  {"Result", "Resultat"},
	"en.issues":  {"Issues", "Brister"},

	"wcag.heading": {"WCAG 2.2 success criteria", "Framgångskriterier i WCAG 2.2"},
	"wcag.caption": {"Result per WCAG 2.2 success criterion, Level A and AA", "Resultat per framgångskriterium i WCAG 2.2, nivå A och AA"},
	"wcag.sc":      {"Criterion", "Kriterium"},
	"wcag.rules":   {"Rules", "Regler"},

	"status.fails":           {"Fails", "Brister"},
	"status.cannotTell":      {"Cannot tell", "Kan inte avgöras"},
	"status.noFailuresFound": {"No failures found — manual check needed", "Inga fel hittade — manuell kontroll behövs"},
	"status.notApplicable":   {"Not applicable", "Ej tillämpligt"},
	"status.notTested":       {"Not tested", "Ej testat"},

	"outcome.failed":   {"Failed", "Underkänd"},
	"outcome.cantTell": {"Cannot tell", "Kan inte avgöras"},

	"impact.critical": {"Critical", "Kritisk"},
	"impact.serious":  {"Serious", "Allvarlig"},
	"impact.moderate": {"Moderate", "Måttlig"},
	"impact.minor":    {"Minor", "Mindre"},
	"impact.unknown":  {"Not graded", "Ej graderad"},

	"issues.heading":   {"Issues by rule", "Brister per regel"},
	"issues.none":      {"No failed or cannot-tell outcomes were found on the pages audited.", "Inga underkända eller oavgjorda utfall hittades på de granskade sidorna."},
	"issues.fix":       {"How to fix", "Så åtgärdar du"},
	"issues.check":     {"What to check", "Vad som ska kontrolleras"},
	"issues.element":   {"Element", "Element"},
	"issues.html":      {"HTML", "HTML"},
	"issues.shot":      {"Screenshot of the element, outlined: %s", "Skärmbild av elementet, inringat: %s"},
	"issues.noShot":    {"Screenshot left out to keep the report small; it is in the output folder.", "Skärmbilden är utelämnad för att hålla rapporten liten; den finns i utdatamappen."},
	"issues.pages":     {"Pages affected (%d)", "Berörda sidor (%d)"},
	"issues.occur":     {"%d occurrences on %d pages", "%d förekomster på %d sidor"},
	"issues.more":      {"and %d more pages (all are in the CSV export)", "och %d sidor till (alla finns i CSV-exporten)"},
	"issues.refs":      {"References", "Referenser"},
	"issues.legal":     {"Legal basis", "Rättslig grund"},
	"issues.count":     {"%d issues, %d occurrences", "%d brister, %d förekomster"},
	"issues.rule":      {"Rule", "Regel"},
	"issues.selector":  {"Selector", "Selektor"},
	"issues.code":      {"Result code", "Resultatkod"},
	"issues.truncated": {"%d more issues of this rule are in the CSV and SARIF exports.", "%d fler brister för denna regel finns i CSV- och SARIF-exporterna."},

	"filter.heading":  {"Filter the issues", "Filtrera bristerna"},
	"filter.outcome":  {"Outcome", "Utfall"},
	"filter.impact":   {"Impact", "Allvarlighetsgrad"},
	"filter.text":     {"Rule, criterion or text contains", "Regel, kriterium eller text innehåller"},
	"filter.showing":  {"Showing %s of %s rules.", "Visar %s av %s regler."},
	"filter.reset":    {"Show all", "Visa alla"},
	"filter.noscript": {"The filters need JavaScript; without it every issue is shown.", "Filtren kräver JavaScript; utan det visas alla brister."},

	"manual.heading": {"Manual checks", "Manuella kontroller"},
	"manual.intro":   {"Automation cannot decide these criteria. Check each by hand on a sample of pages, including the ones listed under the issues.", "Automatiska tester kan inte avgöra de här kriterierna. Kontrollera vart och ett manuellt på ett urval av sidor, även de som listas under bristerna."},
	"manual.generic": {"Not covered by automated rules: test it by hand with the WCAG Understanding document.", "Täcks inte av automatiska regler: testa manuellt med hjälp av WCAG:s Understanding-dokument."},
	"manual.read":    {"Understanding %s", "Understanding %s"},

	"pages.heading":      {"Pages audited", "Granskade sidor"},
	"pages.caption":      {"Pages, with failures and things to check per page", "Sidor, med brister och saker att kontrollera per sida"},
	"pages.url":          {"Page", "Sida"},
	"pages.title":        {"Title", "Rubrik"},
	"pages.failed":       {"Failures", "Brister"},
	"pages.cant":         {"To check", "Att kontrollera"},
	"pages.error":        {"Not audited: %s", "Inte granskad: %s"},
	"pages.more":         {"%d more pages are in the CSV export.", "%d sidor till finns i CSV-exporten."},
	"pages.evidence":     {"Evidence of %s, %s:", "Bevis från %s, %s:"},
	"pages.evidenceShot": {"screenshot of the whole page", "skärmbild av hela sidan"},

	"gaps.heading": {"What the run could not check", "Vad granskningen inte kunde kontrollera"},
	"gaps.intro": {
		"Here the run fell short: a wait ran out, a frame could not be read, a bound was reached. The findings say nothing about what was not checked, so check these pages or parts by hand, or audit them again.",
		"Här räckte granskningen inte till: en väntan tog slut, en ram kunde inte läsas, en gräns nåddes. Resultatet säger inget om det som inte kontrollerades, så kontrollera de här sidorna eller delarna manuellt, eller granska dem igen.",
	},
	"gaps.caption":              {"Gaps of the run, per page (the whole run last)", "Luckor i granskningen, per sida (hela körningen sist)"},
	"gaps.page":                 {"Page", "Sida"},
	"gaps.kind":                 {"What was not checked", "Vad som inte kontrollerades"},
	"gaps.detail":               {"Detail (as recorded)", "Detalj (som den registrerades)"},
	"gaps.run":                  {"The whole run", "Hela körningen"},
	"gaps.count":                {"Gaps in the run (what could not be checked)", "Luckor i granskningen (det som inte kunde kontrolleras)"},
	"gaps.more":                 {"%d more gaps are in the JSON result.", "%d luckor till finns i JSON-resultatet."},
	"gaps.reused":               {"(from the earlier run whose outcomes were reused)", "(från den tidigare körning vars utfall återanvändes)"},
	"gaps.junit":                {"run can check every page fully", "granskningen kan kontrollera varje sida helt"},
	"gap.timeout":               {"A safety net ran out: the page was captured as it was, so outcomes that depend on it may be incomplete", "En säkerhetsgräns löpte ut: sidan fångades som den var, så utfall som beror på den kan vara ofullständiga"},
	"gap.walk-truncated":        {"The keyboard walk stopped before it came round: focus checks cover only the stops reached", "Tangentbordsgenomgången stoppade innan den gått runt: fokuskontrollerna gäller bara de stopp som nåddes"},
	"gap.walk-failed":           {"The keyboard walk could not run: keyboard and focus were not checked", "Tangentbordsgenomgången kunde inte köras: tangentbord och fokus kontrollerades inte"},
	"gap.frame-not-captured":    {"A frame's content could not be captured: it was not checked", "En rams innehåll kunde inte fångas: det kontrollerades inte"},
	"gap.frame-ax-missing":      {"A frame's accessibility tree is missing: names and roles inside it were not checked", "En rams tillgänglighetsträd saknas: namn och roller i den kontrollerades inte"},
	"gap.variant-failed":        {"A viewport variant (reflow, zoom, text spacing, orientation) could not be captured", "En visningsvariant (omflöde, zoom, textavstånd, orientering) kunde inte fångas"},
	"gap.screenshot-failed":     {"Pixels could not be measured everywhere: some colour and focus checks are incomplete", "Pixlar kunde inte mätas överallt: vissa färg- och fokuskontroller är ofullständiga"},
	"gap.network-incomplete":    {"Not every request or cookie was recorded", "Alla förfrågningar eller kakor registrerades inte"},
	"gap.not-html":              {"The response was not HTML: it was not audited as a page", "Svaret var inte HTML: det granskades inte som en sida"},
	"gap.http-error":            {"The page answered with an HTTP error", "Sidan svarade med ett HTTP-fel"},
	"gap.probe-failed":          {"The form submission probe could not run: error handling was not checked", "Provet av formulärets inskickning kunde inte köras: felhanteringen kontrollerades inte"},
	"gap.clicks-truncated":      {"Not every in-place button was clicked: status messages after the others were not checked", "Alla knappar som verkar på plats klickades inte: statusmeddelanden efter de övriga kontrollerades inte"},
	"gap.generated-incomplete":  {"Generated content (::before, ::after) was recorded only in part", "Genererat innehåll (::before, ::after) registrerades bara delvis"},
	"gap.animations-incomplete": {"Animations were recorded only in part", "Animationer registrerades bara delvis"},
	"gap.bound-reached":         {"A bound of the crawl was reached: pages beyond it were not audited", "En gräns för genomsökningen nåddes: sidor bortom den granskades inte"},
	"gap.fetch-failed":          {"A URL could not be fetched: it was not audited", "En URL kunde inte hämtas: den granskades inte"},
	"gap.run-error":             {"The run recorded an error", "Körningen registrerade ett fel"},
	"bound.max-pages":           {"the page limit (--max-pages)", "sidgränsen (--max-pages)"},
	"bound.max-depth":           {"the link depth limit (--max-depth)", "länkdjupsgränsen (--max-depth)"},
	"bound.query-variants":      {"the limit on query-string variants of a page", "gränsen för frågesträngsvarianter av en sida"},
	"bound.sitemaps":            {"the limit on sitemap files read", "gränsen för antal lästa webbplatskartor"},
	"bound.template":            {"the limit on URLs per page template, for %s", "gränsen för URL:er per sidmall, för %s"},

	"pdf.page": {"Page %d of %s", "Sida %d av %s"},

	"public.heading":              {"Public sector: sample, accessibility statement and documents", "Offentlig sektor: urval, tillgänglighetsredogörelse och dokument"},
	"public.sample":               {"The sample and why each page was chosen (Decision (EU) 2018/1524)", "Urvalet och varför varje sida valdes (beslut (EU) 2018/1524)"},
	"public.reasons":              {"Why", "Varför"},
	"public.notFound":             {"Not found", "Hittades inte"},
	"public.statement":            {"Accessibility statement", "Tillgänglighetsredogörelse"},
	"public.status":               {"Compliance status stated", "Angiven efterlevnadsstatus"},
	"public.status.fully":         {"fully compliant", "helt förenlig"},
	"public.status.partially":     {"partially compliant", "delvis förenlig"},
	"public.status.not":           {"not compliant", "inte förenlig"},
	"public.status.none":          {"none found", "ingen hittad"},
	"public.runDate":              {"Dates judged against the audit's date, %s.", "Datum bedömda mot granskningens datum, %s."},
	"public.statementFindings":    {"What the statement check found, by part of the model statement (Decision (EU) 2018/1523)", "Vad kontrollen av redogörelsen hittade, per del av mallen (beslut (EU) 2018/1523)"},
	"public.statementOK":          {"The check found nothing missing in the statement; read it against the audit by hand.", "Kontrollen hittade inget som saknas i redogörelsen; läs den mot granskningen manuellt."},
	"public.part":                 {"Part", "Del"},
	"public.finding":              {"Finding", "Resultat"},
	"public.documents":            {"Documents (EN 301 549 clause 10)", "Dokument (EN 301 549 avsnitt 10)"},
	"public.document":             {"Document", "Dokument"},
	"public.docStatus":            {"Checked", "Granskat"},
	"public.pages":                {"%d pages, %d tagged", "%d sidor, %d taggade"},
	"doc.status.checked":          {"checked", "granskat"},
	"doc.status.encrypted":        {"encrypted: not checked", "krypterat: inte granskat"},
	"doc.status.malformed":        {"unreadable: not checked", "oläsbart: inte granskat"},
	"doc.status.not-pdf":          {"not a PDF: not checked", "ingen PDF: inte granskat"},
	"doc.status.too-large":        {"too large: not checked", "för stort: inte granskat"},
	"doc.status.fetch-error":      {"could not be fetched", "kunde inte hämtas"},
	"doc.status.skipped":          {"beyond the run's bound: not checked", "utanför körningens gräns: inte granskat"},
	"part.opening":                {"Opening", "Inledning"},
	"part.compliance-status":      {"Compliance status", "Efterlevnadsstatus"},
	"part.non-accessible-content": {"Non-accessible content", "Innehåll som inte är tillgängligt"},
	"part.preparation":            {"Preparation of the statement", "Hur webbplatsen testats"},
	"part.feedback-contact":       {"Feedback and contact", "Återkoppling och kontakt"},
	"part.enforcement-procedure":  {"Enforcement procedure", "Tillsyn"},
	"part.accessible-from":        {"Where it is published", "Var den publiceras"},
	"reason.start":                {"start page", "startsida"},
	"reason.home":                 {"home page", "hemsida"},
	"reason.login":                {"login", "inloggning"},
	"reason.sitemap":              {"sitemap", "webbplatskarta"},
	"reason.contact":              {"contact", "kontakt"},
	"reason.help":                 {"help", "hjälp"},
	"reason.legal":                {"legal information", "juridisk information"},
	"reason.privacy":              {"privacy notice", "integritetspolicy"},
	"reason.statement":            {"accessibility statement", "tillgänglighetsredogörelse"},
	"reason.feedback":             {"feedback mechanism", "meddelandefunktion"},
	"reason.form":                 {"a distinct form", "ett eget formulär"},
	"reason.process":              {"a step of a process (form)", "ett steg i en process (formulär)"},
	"reason.service":              {"a type of service (section of the site)", "en typ av tjänst (del av webbplatsen)"},
	"reason.layout":               {"a distinct layout (page template)", "en egen layout (sidmall)"},
	"reason.template-sample":      {"a page of its template", "en sida av sin mall"},
	"reason.random":               {"chosen at random", "slumpvis vald"},
	"reason.document":             {"downloadable document", "nedladdningsbart dokument"},
	"reason.all":                  {"every page", "alla sidor"},
	"reason.listed":               {"listed", "angiven"},
}

// T returns a catalogue text in the language, formatted with args. An
// unknown key returns the key itself, so a gap shows rather than panics.
func T(lang, key string, args ...any) string {
	m, ok := catalogue[key]
	if !ok {
		return key
	}
	s := m.en
	if lang == "sv" && m.sv != "" {
		s = m.sv
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Keys returns the catalogue keys, sorted (for tests and tools).
func Keys() []string {
	var out []string
	for k := range catalogue {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Missing returns keys whose English or Swedish text is empty.
func Missing() []string {
	var out []string
	for _, k := range Keys() {
		if m := catalogue[k]; m.en == "" || m.sv == "" {
			out = append(out, k)
		}
	}
	return out
}

// StatusText names a status in the language.
func StatusText(lang string, s Status) string { return T(lang, "status."+string(s)) }

// ImpactText names an impact in the language.
func ImpactText(lang, impact string) string {
	if impact == "" {
		impact = "unknown"
	}
	return T(lang, "impact."+impact)
}

// OutcomeText names an outcome in the language.
func OutcomeText(lang, outcome string) string { return T(lang, "outcome."+outcome) }

// advice says what to test by hand for criteria that automation covers
// poorly or not at all, keyed by criterion.
var advice = map[string]msg{
	"1.2.1":  {"Give prerecorded audio a transcript and prerecorded video a transcript or audio track.", "Ge förinspelat ljud en textversion och förinspelad video en textversion eller ett ljudspår."},
	"1.2.2":  {"Check that prerecorded video with sound has accurate, synchronised captions.", "Kontrollera att förinspelad video med ljud har korrekta, synkroniserade undertexter."},
	"1.2.3":  {"Check that prerecorded video has audio description or a full text alternative.", "Kontrollera att förinspelad video har syntolkning eller ett fullständigt textalternativ."},
	"1.2.4":  {"Check that live video with sound has captions.", "Kontrollera att direktsänd video med ljud har undertexter."},
	"1.2.5":  {"Check that prerecorded video has audio description.", "Kontrollera att förinspelad video har syntolkning."},
	"1.3.2":  {"Read the page with a screen reader or with CSS off: the reading order must keep the meaning.", "Läs sidan med skärmläsare eller utan CSS: läsordningen ska bevara betydelsen."},
	"1.3.3":  {"Check that instructions do not rely on shape, colour, size, position or sound alone.", "Kontrollera att instruktioner inte bara bygger på form, färg, storlek, placering eller ljud."},
	"1.4.1":  {"Check that colour is never the only way to convey information, such as required fields or errors.", "Kontrollera att färg aldrig är det enda sättet att förmedla information, till exempel obligatoriska fält eller fel."},
	"1.4.2":  {"Check that audio playing on its own for more than 3 seconds can be paused or muted.", "Kontrollera att ljud som spelas automatiskt längre än 3 sekunder kan pausas eller stängas av."},
	"1.4.5":  {"Look for images of text and replace them with real text.", "Leta efter bilder av text och ersätt dem med riktig text."},
	"1.4.13": {"Check that content shown on hover or focus can be dismissed, hovered and stays until dismissed.", "Kontrollera att innehåll som visas vid hovring eller fokus kan stängas, hovras över och ligger kvar tills det stängs."},
	"2.1.1":  {"Use every function with the keyboard alone: menus, dialogs, forms, uploads and custom widgets.", "Använd alla funktioner med enbart tangentbord: menyer, dialoger, formulär, uppladdningar och egna komponenter."},
	"2.1.2":  {"Tab into and out of every component, including embedded players and dialogs.", "Tabba in i och ut ur varje komponent, även inbäddade spelare och dialoger."},
	"2.2.1":  {"Check that time limits can be turned off, adjusted or extended.", "Kontrollera att tidsgränser kan stängas av, justeras eller förlängas."},
	"2.2.2":  {"Check that moving, blinking or auto-updating content can be paused, stopped or hidden.", "Kontrollera att rörligt, blinkande eller automatiskt uppdaterat innehåll kan pausas, stoppas eller döljas."},
	"2.3.1":  {"Check that nothing flashes more than three times a second.", "Kontrollera att inget blinkar mer än tre gånger per sekund."},
	"2.4.3":  {"Tab through the page: the focus order must follow the meaning and operation of the page.", "Tabba genom sidan: fokusordningen ska följa sidans innehåll och funktion."},
	"2.4.5":  {"Check that pages can be found in more than one way (menu, search, site map).", "Kontrollera att sidor kan hittas på mer än ett sätt (meny, sök, webbplatskarta)."},
	"2.4.6":  {"Read headings and labels: they must describe their topic or purpose.", "Läs rubriker och etiketter: de ska beskriva ämne eller syfte."},
	"2.5.1":  {"Check that multipoint or path gestures have a single-pointer alternative.", "Kontrollera att flerpunkts- eller rörelsegester har ett alternativ med en pekare."},
	"2.5.2":  {"Check that actions fire on release and can be cancelled.", "Kontrollera att åtgärder utlöses när pekaren släpps och kan avbrytas."},
	"2.5.4":  {"Check that motion-operated functions have another way to operate them.", "Kontrollera att funktioner som styrs med rörelse även kan användas på annat sätt."},
	"2.5.7":  {"Check that dragging has a single-pointer alternative.", "Kontrollera att dragrörelser har ett alternativ med en pekare."},
	"3.2.1":  {"Move focus through the page: focus alone must not change context.", "Flytta fokus genom sidan: fokus får inte ensamt ändra sammanhang."},
	"3.2.2":  {"Change form fields: input alone must not change context without warning.", "Ändra formulärfält: inmatning får inte ändra sammanhang utan förvarning."},
	"3.2.3":  {"Compare navigation across pages: it must repeat in the same order.", "Jämför navigeringen mellan sidor: den ska upprepas i samma ordning."},
	"3.2.4":  {"Check that components with the same function are identified the same way across pages.", "Kontrollera att komponenter med samma funktion benämns likadant på alla sidor."},
	"3.2.6":  {"Check that help mechanisms appear in the same relative order on every page.", "Kontrollera att hjälpfunktioner finns i samma inbördes ordning på varje sida."},
	"3.3.1":  {"Submit forms with errors: each error must be identified and described in text.", "Skicka formulär med fel: varje fel ska identifieras och beskrivas i text."},
	"3.3.3":  {"Check that error messages suggest how to correct the input.", "Kontrollera att felmeddelanden föreslår hur inmatningen rättas."},
	"3.3.4":  {"Check that legal, financial or data submissions can be reversed, checked or confirmed.", "Kontrollera att juridiska, ekonomiska eller datainskickningar kan ångras, kontrolleras eller bekräftas."},
	"3.3.7":  {"Check that information already entered in a process is not asked for again.", "Kontrollera att uppgifter som redan angetts i en process inte efterfrågas igen."},
	"3.3.8":  {"Check that logging in needs no cognitive function test, or offers an alternative.", "Kontrollera att inloggning inte kräver ett kognitivt funktionstest, eller erbjuder ett alternativ."},
	"4.1.3":  {"Trigger status messages (search results, form saved): a screen reader must announce them.", "Utlös statusmeddelanden (sökresultat, formulär sparat): en skärmläsare ska läsa upp dem."},
}

func scAdvice(sc, lang string) string {
	m, ok := advice[sc]
	if !ok {
		return ""
	}
	if lang == "sv" {
		return m.sv
	}
	return m.en
}
