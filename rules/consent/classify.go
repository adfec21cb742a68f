package consent

import (
	"sort"
	"strings"
	"unicode"

	"github.com/granska/granska/rules/internal/stem"
)

// The purpose classifier: what a consent box, a cookie setting or a form
// is for. It reads stems (rules/internal/stem), not phrases, so it holds on
// wording nobody here wrote: a purpose is recognised from the concepts a
// sentence combines ("future" with "job" is a talent pool however it is
// phrased: "framtida tjänster", "future openings", "kommende stillinger"),
// in Swedish and English, and where cheap Danish, Norwegian, Finnish and
// German. Each purpose gets a score in [0, 1] (a noisy-or of the weights
// of the cues that matched) and the evidence it used.
//
// The evaluation set in testdata/eval/phrasings.tsv measures it
// (TestPurposeEval); tune on the tuning part only.

// Purpose clusters.
const (
	purposeApplication     = "application"
	purposeTalentPool      = "talent_pool"
	purposeMarketing       = "marketing" // marketing and newsletters
	purposeJobAlerts       = "job_alerts"
	purposeStatistics      = "analytics"
	purposeThirdParty      = "third_party"
	purposeRetention       = "retention"
	purposePersonalisation = "personalisation"
	purposeProfiling       = "profiling"
)

// purposeOrder lists the clusters in a stable order.
var purposeOrder = []string{purposeApplication, purposeTalentPool, purposeMarketing, purposeJobAlerts,
	purposeStatistics, purposeThirdParty, purposeRetention, purposePersonalisation, purposeProfiling}

// purposeThreshold is the score from which a purpose counts as named.
const purposeThreshold = 0.5

// optionalPurpose reports whether a purpose is not necessary for applying.
// Retention says how long data are kept; it is not a purpose of its own.
func optionalPurpose(id string) bool { return id != purposeApplication && id != purposeRetention }

// Concepts: stems of one meaning across languages. See stem.Set for the
// pattern syntax; "*x*" matches inside compounds.
var (
	cFuture = stem.NewSet("framtid*", "*framtid*", "kommande", "future", "upcoming", "later", "senare", "fremtid*",
		"kommende", "senere", "künftig*", "zukünftig*", "tulevai*", "tulevi*", "myöhemm*")
	cJob = stem.NewSet("tjänst*", "*tjänst", "*tjänster", "jobb*", "*jobb", "*jobben", "job", "jobs", "*jobs", "position*", "role", "roles",
		"roll", "rollen", "roller", "vacanc*", "opening*", "opportunit*", "befattning*", "stilling*", "*stilling*", "stelle*", "*stelle", "*stellen",
		"työpaik*", "tehtäv*", "uppdrag*", "assignment*", "career*", "karriär*", "karriere*", "ura", "uran", "uraa", "uralle", "rekryteringar", "recruitments",
		"openings", "ledig", "ledigt", "lediga", "ledige", "vacant", "anställning*", "employment", "ansættelse*", "arbeit*", "workplace*", "arbetsgivare", "jobmulighed*", "jobbmulighet*", "tjenest*")
	cKeep = stem.NewSet("spara*", "sparas", "lagra*", "behåll*", "keep*", "kept", "retain*", "store*", "storing", "save*", "saving", "hold*",
		"gem*", "opbevar*", "lagre*", "lagr*", "behold*", "oppbevar*", "speicher*", "aufbewahr*", "säilyt*", "tallenn*", "arkiv*", "archiv*")
	cData = stem.NewSet("cv", "cv:t", "cv'n", "resume", "résumé", "cvs", "uppgift*", "*uppgifter", "data", "details", "information", "profil*", "profile*",
		"ansökan", "ansökningen", "application", "applications", "oplysning*", "opplysning*", "ansøgning*", "søknad*", "daten", "unterlagen",
		"bewerbung*", "tiedo*", "hakemu*", "meritförteckning*", "personuppgift*", "*uppgifter")
	cContact = stem.NewSet("kontakt*", "contact*", "höra av", "hör av", "reach out", "get in touch", "ring*", "call", "approach*",
		"kontakte*", "henvend*", "kontaktier*", "ansprech*", "yhtey*", "headhunt*")
	cOther = stem.NewSet("liknande", "similar", "andra", "annan", "annat", "another", "anden", "andet", "annen", "anderer", "övriga", "other", "relevant*", "passande", "matchande", "lignende", "andre",
		"ähnlich*", "weitere*", "anderen", "andere", "muita", "muihin", "vastaav*", "samankaltai*", "suitable", "lämpliga", "further")
	cConsider = stem.NewSet("överväg*", "consider*", "komma i fråga", "ta med mig", "include me", "bedöm*", "assess*", "overvej*", "vurder*", "berücksichtig*", "huomioi*")
	cAlert    = stem.NewSet("*bevakning*", "*bevaka*", "bevaka*", "*jobbagent*", "*jobagent*", "job alert*", "jobalert*", "*jobalert*", "alert*", "*varsel",
		"*varsling*", "*alarm", "*alarme", "*vahti*", "*jobbtips*", "*jobtips*", "jobbnotis*", "*jobbmejl*", "*jobmail*", "stellenalarm*", "*agent")
	cNotify = stem.NewSet("tipsa*", "tips mig", "tips meg", "tip me", "notify*", "notification*", "notis*", "meddela*", "avisera*", "underrätta*", "varsl*", "let me know", "tell me",
		"keep me posted", "inform me", "informera mig", "give me a heads", "benachrichtig*", "ilmoit*", "underret*", "gi meg beskjed", "giv mig besked")
	cSend = stem.NewSet("skicka*", "send", "sends", "sent", "mejla*", "maila*", "e-mail*", "email*", "e mail", "e-posta", "mail", "mails", "receive*",
		"få", "erhålla", "tilsend*", "sende", "sendt", "sendes", "modtage", "motta", "zusend*", "erhalt*", "lähet*", "saada", "vastaanott*", "sms*", "text me",
		"keep me updated", "keep me informed", "håll mig uppdaterad", "hålla mig uppdaterad", "hold mig opdateret", "hold meg oppdatert", "stay updated", "stay in the loop")
	cNew = stem.NewSet("ny", "nya", "nytt", "new", "nye", "neue*", "uusi*", "uude*", "latest", "senaste", "published", "publicer*", "matching", "match*",
		"som passar", "as soon", "när det", "when", "once", "veröffentlich*", "julkais*", "dukker op", "dukker opp", "lediga", "open", "available", "ledige", "offene", "avoimi*")
	cSubscribe  = stem.NewSet("prenumer*", "subscri*", "abonner*", "abonnier*", "tilaa*", "tilaan", "sign up", "signup", "sign me up", "anmäl*", "registrer*")
	cNewsletter = stem.NewSet("*nyhetsbrev*", "*newsletter*", "*nyhedsbrev*", "*uutiskirje*", "news letter*", "*nyhetsmejl*", "*mailinglist*",
		"mailing list", "*utskick*")
	cMarketing = stem.NewSet("*marknadsför*", "*marketing*", "*markedsfør*", "*markkinoin*", "werb*", "*werbung*", "reklam*", "*reklam*", "advertis*",
		"annonsering*", "annonser", "annonskak*", "retarget*", "remarketing", "riktade", "riktad", "target*", "promot*", "direct mail*", "sales", "säljande", "kommerciel*", "commercial*", "kaupallis*", "mainon*", "mainos*")
	cOffers = stem.NewSet("erbjudand*", "offers", "special offer*", "tilbud*", "angebote", "sonderangebot*", "tarjou*", "kampanj*", "campaign*", "rabatt*",
		"discount*", "deals", "aktion*")
	cNews = stem.NewSet("nyheter", "nyhet", "news", "nyt", "nytt", "nyheder", "neuigkeit*", "uutis*", "updates", "uppdatering*", "inspiration*",
		"tips", "trends", "insights", "evenemang*", "event*", "inbjud*", "invitation*", "invite*", "arrangement*", "veranstaltung*", "tapahtum*",
		"webinar*", "seminar*", "magazine", "tidning*", "blogg*", "produkter", "products", "product", "produkt*", "tuottei*", "palvelui*")
	cAnalytics = stem.NewSet("statisti*", "*statistik*", "*statistic*", "analy*", "*analys*", "*analyse*", "*analytics*", "tilast*", "*tilasto*", "heatmap*",
		"analytisk*", "analytische*")
	cMeasure = stem.NewSet("mät*", "*mätning*", "measur*", "måle", "måler", "måling*", "*måling*", "messen", "messung*", "*messung*", "mittaa*", "mittau*",
		"trafik*", "traffic", "*trafik*", "besøgstal*", "reichweite*")
	cVisitor = stem.NewSet("besökar*", "visitor*", "besøgend*", "besøkend*", "besucher*", "kävijä*", "users", "användarna", "nutzer*", "brugerne", "brukerne")
	cUse     = stem.NewSet("använder", "använt", "uses", "use", "used", "interact*", "navigat*", "bruger", "bruker", "nutzen", "käyttä*", "rör sig", "browse*", "klick*", "click*")
	cImprove = stem.NewSet("förbättr*", "improve*", "forbedr*", "verbesser*", "paranta*", "optimi*", "utveckla*", "develop*")
	cSite    = stem.NewSet("webbplats*", "*webbplats*", "website*", "site", "sites", "sajt*", "hemsida*", "hjemmeside*", "nettsted*", "nettside*",
		"webseite*", "*webseite*", "verkkosivu*", "sivusto*", "web", "app", "platform*", "plattform*")
	cPerformance = stem.NewSet("prestanda*", "performance", "ydeevne", "ytelse*", "leistung*", "suorituskyk*")
	cThird       = stem.NewSet("tredje part*", "*tredjepart*", "tredje man", "third part*", "third-part*", "tredjemand", "dritte", "dritten", "drittanbieter*",
		"*drittanbieter*", "kolmas*", "kolmansi*", "kolmannel*", "kolmannen", "external*", "externa", "extern*", "ulkopuoli*", "eksterne")
	cPartner = stem.NewSet("*partner*", "samarbetsföretag*", "affiliat*", "*koncern*", "group compan*", "sister compan*", "systerbolag*",
		"dotterbolag*", "moderbolag*", "other compan*", "andra företag", "andra bolag", "andre virksomheder", "andre selskaper", "anderen unternehmen",
		"muille yrityksille", "*konsernin*", "*konserni*", "*konsern*", "*konzern*", "*rekryteringsföretag*", "*bemanningsföretag*", "recruitment agenc*",
		"staffing agenc*", "rekrutteringsbureau*", "rekrutteringsbyrå*", "vikarbyrå*", "advertisers", "annonsörer", "annoncører", "annonsører", "werbepartner*")
	// cRecipient are those data can be shared with: partners, and also
	// clients and employers (a recruitment agency's), and social networks.
	cRecipient = cPartner.Join(stem.NewSet("kunder", "customers", "client", "clients", "kunden", "asiakka*", "employers", "arbetsgivare", "arbejdsgivere",
		"arbeidsgivere", "arbeitgeber*", "työnantaj*", "social media", "sociala medier", "sosiale medier", "sociale medier", "soziale* medien", "sosiaalise*"))
	cShare = stem.NewSet("dela med*", "delas med", "delar med", "delas", "share*", "sharing", "dele", "deles", "deler", "delt", "teilen", "geteilt", "weitergeb*",
		"weitergabe", "übermitt*", "jaeta*", "jakaa", "luovut*", "lämna ut", "lämnas ut", "lämnar ut", "disclos*", "transfer*", "överför*", "overfør*",
		"videregiv*", "videregit*", "utlever*", "pass on", "passed on", "forward*", "vidarebefordr*", "sell", "sold", "sälj*", "säljs", "sælg*", "selg*", "verkauf*", "provide to")
	cRetainNoun = stem.NewSet("lagringstid*", "*lagringstid*", "retention", "retention period", "opbevaringsperiode*", "*oppbevaringstid*", "speicherdauer",
		"aufbewahrungsfrist*", "säilytysaika*", "*säilytysaika*", "gallringsfrist*", "storage period", "storage limitation")
	cDelete = stem.NewSet("radera*", "raderas", "gallra*", "gallr*", "delet*", "erase*", "erasure", "tas bort", "removed", "remove", "slet*", "slettet",
		"lösch*", "gelöscht", "poist*", "anonymis*", "anonymiz*", "anonymiser*", "destroy*", "förstör*")
	cUntil     = stem.NewSet("tills", "until", "indtil", "inntil", "längst", "högst", "maximum", "max", "upp till", "up to", "bis", "enintään", "kauintaan", "därefter", "thereafter", "after")
	cAppNoun   = stem.NewSet("ansökan", "ansökningen", "ansökningar", "*ansökan", "ansökningshandling*", "application", "applications", "ansøgning*", "søknad*", "søknaden", "bewerbung*", "hakemu*", "candidacy", "kandidatur")
	cRecruit   = stem.NewSet("rekryter*", "recruit*", "rekrutter*", "rekrutering*", "rekrytoin*", "hiring", "urval*", "*urvalsprocess*", "selection process", "auswahlverfahren*", "valintaprosess*", "ansættelsesproces*", "ansettelsesprosess*", "tillsättning*")
	cInterview = stem.NewSet("intervju*", "interview*", "haastattel*", "vorstellungsgespräch*", "samtal*")
	cApplyVerb = stem.NewSet("ansök*", "söker", "sökt", "apply*", "applied", "ansøg*", "søke*", "søker", "bewerb*", "haen", "haet")
	cThisJob   = stem.NewSet("this position", "this role", "this job", "this vacancy", "the position", "the role", "den här tjänsten", "denna tjänst", "den aktuella*", "aktuell tjänst", "tjänsten jag söker", "för tjänsten", "tjänsten du söker", "the job i", "the position i", "the role i", "denne stilling", "stillingen", "diese stelle", "dieser stelle", "tähän tehtävään", "tämän tehtävän", "current recruitment", "aktuella rekrytering*", "this recruitment", "denna rekrytering", "den här rekryteringen", "denne rekruttering", "stillingen jeg søger", "stillingen jeg søker", "this specific")
	cPoolNoun  = stem.NewSet("*talangbank*", "*talangpool*", "*talangdatabas*", "*kandidatbank*", "*kandidatdatabas*", "*kandidatregist*", "*kandidatpool*", "talent pool*",
		"talent communit*", "talent network*", "talent bank*", "talent database*", "candidate database*", "candidate pool*", "*talentpool*", "*talentbank*", "*talentnetværk*",
		"*talentnettverk*", "*talentpulje*", "*kandidatpulje*", "*bewerberpool*", "*kandidatenpool*", "*talentpool*", "*kykypankki*", "*osaajapankki*", "*talenttipankki*",
		"*rekrytointipankki*", "cv bank*", "cv database*", "*cv-bank*", "*cvbank*", "*cv-databas*", "*talentcommunity*", "candidate network*", "*kandidatnätverk*")
	cOpenApp = stem.NewSet("öppen ansökan", "öppna ansökan", "*spontanansökan*", "open application", "unsolicited application", "speculative application", "general application",
		"*initiativansøgning*", "uopfordret ansøgning", "åpen søknad", "*initiativbewerbung*", "avoin hakemus", "spontaneous application", "spontanansøgning*")
	// cCookie: a text about cookies speaks of "other sites" and "job ads",
	// never of a talent pool.
	cCookie      = stem.NewSet("*kakor*", "kaka*", "*kakan", "cookie*", "*cookie*", "*cookies", "eväste*", "*evästeet*", "informasjonskapsl*", "*informasjonskapsler*")
	cCV          = stem.NewSet("cv", "cv:t", "cvs", "resume", "résumé", "meritförteckning*", "lebenslauf*", "ansiolutte*")
	cOnFile      = stem.NewSet("on file", "for later", "för senare", "i arkivet", "in our database", "i vår databas", "i vårt register", "in our system", "i vårt system", "i vores database", "i vår database")
	cPersonalise = stem.NewSet("personalis*", "personaliz*", "personanpass*", "personalisier*", "personoi*", "tailor*", "skräddarsy*", "tilpas*", "individuell*", "individual*", "anpassa*", "anpassad*", "anpassat")
	cRelevant    = stem.NewSet("relevant*", "relevanta", "intressant*", "interesting", "interessant*", "kiinnostav*")
	cAdContent   = stem.NewSet("annonser", "ads", "advert*", "innehåll*", "content", "indhold", "innhold", "inhalt*", "sisältö*", "rekommendation*", "recommendation*", "anbefaling*", "empfehlung*", "suosituks*", "offers", "erbjudanden", "reklam*", "werbung", "mainokset")
	cProfiling   = stem.NewSet("profiler*", "profiling", "profilbildung", "profiloin*", "automated decision*", "automatiserat beslut*", "automatiserade beslut*", "automatiska beslut*",
		"automatisk* beslut*", "automatiske afgørelse*", "automatiserte avgjørelse*", "automatisierte entscheidung*", "automaattinen päätö*", "automated processing", "automatiserad behandling", "scoring", "poängsätt*")
)

// Consent and request wording, and the nouns that cluster around consent.
var (
	cConsentVerb = stem.NewSet("samtyck*", "godkänn*", "medge*", "accepter*", "tillåt*", "går med på", "bekräfta*", "consent*", "agree*", "accept", "accepts",
		"accepted", "allow", "authoris*", "authoriz*", "opt in", "opt-in", "permit*", "permission", "samtykk*", "godkend*", "godkjenn*", "einwillig*",
		"zustimm*", "einverstanden", "erlaube*", "suostu*", "hyväksy*", "sallin", "i confirm", "jeg accepterer", "jeg aksepterer", "akzeptier*")
	cRequest = stem.NewSet("jag vill", "jag önskar", "i want", "i'd like", "i would like", "i wish", "yes please", "ja tack", "yes", "ja", "kyllä", "send me",
		"skicka mig", "keep me", "contact me", "kontakta mig", "notify me", "jeg vil", "jeg ønsker", "ich möchte", "ich will", "haluan", "sign me up",
		"count me in", "include me", "add me", "lägg till mig", "keep my", "spara mina", "spara mitt", "spara min", "save my", "store my", "email me",
		"mejla mig", "maila mig", "send mig", "send meg", "kontakt mig", "kontakt meg", "kontaktieren sie mich", "ota minuun", "please", "gärna", "gerne")
	cPrivacy = stem.NewSet("*integritetspolicy*", "*integritetsmeddelande*", "*personuppgiftspolicy*", "personuppgift*", "dataskydd*", "*dataskydd*", "gdpr", "sekretesspolicy*",
		"integritet", "integriteten", "privacy*", "data protection", "personal data", "personal information", "how we use your data", "personoplysning*",
		"persondata*", "*persondatapolitik*", "personopplysning*", "personvern*", "*personvernerklæring*", "datenschutz*", "*datenschutz*", "henkilötie*",
		"tietosuoja*", "*tietosuoja*", "databeskyttelse*", "privatliv*", "*privatlivspolitik*", "dataskyddsförordning*")
	cRead = stem.NewSet("läst", "have read", "i've read", "tagit del", "tagit del av", "read and understood", "understand", "understood", "förstår", "förstått",
		"är medveten", "am aware", "læst", "lest", "gelesen", "zur kenntnis", "lukenut", "olen tutustunut", "kenntnis")
	cTerms = stem.NewSet("villkor*", "*villkor*", "avtal*", "terms", "terms and conditions", "conditions", "vilkår*", "*vilkår*", "betingelse*",
		"*bedingung*", "agb", "ehdot", "*ehdot", "ehto*", "käyttöehto*")
)

// cue is one way a text names a purpose: every concept in all occurs in
// the text (a word may serve two concepts). A cue with yield counts only
// when the purpose yield has not been named by its own cues: "future jobs"
// is a talent pool unless the text is about job alerts ("e-mail me future
// jobs"). A cue with unless does not count in a text that matches it:
// "we analyse your application" is not web analytics.
type cue struct {
	name   string
	all    []*stem.Set
	weight float64
	yield  []string
	unless stem.Set // the cue does not count in a text that also matches unless
}

// objectOf are the purposes of which "my application" is only the object
// (kept in a pool, shared, deleted): the application words then name what
// is kept or shared, not processing for the application.
var objectOf = []string{purposeTalentPool, purposeThirdParty, purposeRetention}

var purposeCues = map[string][]cue{
	purposeApplication: {
		{name: "this-position", all: []*stem.Set{&cThisJob}, weight: 0.8},
		{name: "application", all: []*stem.Set{&cAppNoun}, weight: 0.7, yield: objectOf},
		{name: "recruitment", all: []*stem.Set{&cRecruit}, weight: 0.7, yield: objectOf},
		{name: "apply", all: []*stem.Set{&cApplyVerb}, weight: 0.5, yield: objectOf},
		{name: "interview", all: []*stem.Set{&cInterview}, weight: 0.4, yield: objectOf},
	},
	purposeTalentPool: {
		{name: "pool", all: []*stem.Set{&cPoolNoun}, weight: 0.95},
		{name: "open-application", all: []*stem.Set{&cOpenApp}, weight: 0.9},
		{name: "keep-future", all: []*stem.Set{&cKeep, &cFuture}, weight: 0.9},
		{name: "keep-on-file", all: []*stem.Set{&cKeep, &cOnFile}, weight: 0.8},
		{name: "contact-other-job", all: []*stem.Set{&cContact, &cOther, &cJob}, weight: 0.9},
		{name: "contact-future", all: []*stem.Set{&cContact, &cFuture}, weight: 0.85},
		{name: "contact-other", all: []*stem.Set{&cContact, &cOther}, weight: 0.7, yield: []string{purposeJobAlerts}},
		{name: "consider-other", all: []*stem.Set{&cConsider, &cOther}, weight: 0.8},
		{name: "consider-future", all: []*stem.Set{&cConsider, &cFuture}, weight: 0.8},
		{name: "future-job", all: []*stem.Set{&cFuture, &cJob}, weight: 0.8, yield: []string{purposeJobAlerts}, unless: cCookie},
		{name: "other-job", all: []*stem.Set{&cOther, &cJob}, weight: 0.6, yield: []string{purposeJobAlerts}, unless: cCookie},
		{name: "keep-data", all: []*stem.Set{&cKeep, &cData}, weight: 0.4},
		{name: "keep-job", all: []*stem.Set{&cKeep, &cJob}, weight: 0.6, unless: cThisJob.Join(cSend)},
		{name: "contact-job", all: []*stem.Set{&cContact, &cJob}, weight: 0.45, yield: []string{purposeJobAlerts}},
	},
	purposeJobAlerts: {
		{name: "alert", all: []*stem.Set{&cAlert}, weight: 0.9},
		{name: "notify-new-job", all: []*stem.Set{&cNotify, &cJob}, weight: 0.85},
		{name: "send-new-job", all: []*stem.Set{&cSend, &cNew, &cJob}, weight: 0.9},
		{name: "send-job", all: []*stem.Set{&cSend, &cJob}, weight: 0.65, yield: []string{purposeMarketing}},
		{name: "notify-new", all: []*stem.Set{&cNotify, &cNew}, weight: 0.6},
		{name: "subscribe-job", all: []*stem.Set{&cSubscribe, &cJob}, weight: 0.85},
	},
	purposeMarketing: {
		{name: "newsletter", all: []*stem.Set{&cNewsletter}, weight: 0.95},
		{name: "marketing", all: []*stem.Set{&cMarketing}, weight: 0.9},
		{name: "offers", all: []*stem.Set{&cOffers}, weight: 0.75},
		{name: "send-news", all: []*stem.Set{&cSend, &cNews}, weight: 0.75, yield: []string{purposeJobAlerts}},
		{name: "news", all: []*stem.Set{&cNews}, weight: 0.35, yield: []string{purposeJobAlerts}},
		{name: "subscribe", all: []*stem.Set{&cSubscribe}, weight: 0.4, yield: []string{purposeJobAlerts}},
	},
	purposeStatistics: {
		{name: "analytics", all: []*stem.Set{&cAnalytics}, weight: 0.9, unless: cAppNoun.Join(cCV)},
		{name: "measure", all: []*stem.Set{&cMeasure}, weight: 0.75, unless: cAppNoun.Join(cCV)},
		{name: "how-visitors-use", all: []*stem.Set{&cVisitor, &cUse}, weight: 0.75},
		{name: "improve-site", all: []*stem.Set{&cImprove, &cSite}, weight: 0.6},
		{name: "performance", all: []*stem.Set{&cPerformance}, weight: 0.55},
	},
	purposeThirdParty: {
		{name: "third-party", all: []*stem.Set{&cThird}, weight: 0.9},
		{name: "share-partner", all: []*stem.Set{&cShare, &cRecipient}, weight: 0.9},
		{name: "partner", all: []*stem.Set{&cPartner}, weight: 0.6},
		{name: "share", all: []*stem.Set{&cShare}, weight: 0.35},
	},
	purposeRetention: {
		{name: "retention-period", all: []*stem.Set{&cRetainNoun}, weight: 0.9},
		{name: "delete", all: []*stem.Set{&cDelete}, weight: 0.75},
		{name: "keep-until", all: []*stem.Set{&cKeep, &cUntil}, weight: 0.6},
	},
	purposePersonalisation: {
		{name: "personalise", all: []*stem.Set{&cPersonalise}, weight: 0.7},
		{name: "relevant-content", all: []*stem.Set{&cRelevant, &cAdContent}, weight: 0.6},
	},
	purposeProfiling: {
		{name: "profiling", all: []*stem.Set{&cProfiling}, weight: 0.9},
	},
}

// durationCue is the weight of a stated period ("12 månader", "två år",
// "for 6 months"), which names retention.
const durationCue = 0.8

// Evidence is one cue that matched.
type Evidence struct {
	Purpose string
	Cue     string  // the cue's name
	Words   string  // the words that matched, joined with " + "
	From    string  // where the text came from: name, row, nearby, group, context
	Weight  float64 // the cue's weight after the source's discount
}

// Score is a purpose with its score.
type Score struct {
	Purpose string
	Score   float64
}

// Classification is what a text (or a control with its context) is for.
type Classification struct {
	// Scores are the purposes with a score above zero, in purposeOrder.
	Scores []Score
	// Evidence are the cues that matched, in purposeOrder then cue order.
	Evidence []Evidence
	// Consent is the consent verb found ("samtycker", "agree"), Request a
	// request phrase ("jag vill", "send me"), Privacy a privacy word,
	// Terms a terms word; "" when none.
	// Read is an acknowledgement ("I have read").
	Consent, Request, Privacy, Terms, Read string
}

// Score returns the score of purpose id.
func (c *Classification) Score(id string) float64 {
	for _, s := range c.Scores {
		if s.Purpose == id {
			return s.Score
		}
	}
	return 0
}

// Purposes returns the purposes scored at or above the threshold, in
// purposeOrder.
func (c *Classification) Purposes() []string {
	var out []string
	for _, s := range c.Scores {
		if s.Score >= purposeThreshold {
			out = append(out, s.Purpose)
		}
	}
	return out
}

// source is one text a classification reads, with the discount its
// evidence gets (1 for the control's own name).
type source struct {
	from   string
	text   string
	weight float64
}

// classifyText classifies one text as a control's own words.
func classifyText(text string) Classification {
	return classifySources([]source{{from: string(FromName), text: text, weight: 1}})
}

// classifySources classifies texts together: each cue is matched within
// one text (concepts combine inside a sentence, not across a page), and a
// purpose's score is the noisy-or of its cues' weights times the text's
// weight.
func classifySources(srcs []source) Classification {
	var c Classification
	words := make([][]string, len(srcs))
	for k, s := range srcs {
		words[k] = stem.Words(s.text)
	}
	type match struct {
		ev    Evidence
		yield []string
	}
	// Concepts serve several cues: match each once per text.
	memo := make([]map[*stem.Set]conceptHit, len(srcs))
	for k := range memo {
		memo[k] = map[*stem.Set]conceptHit{}
	}
	var ms []match
	for _, id := range purposeOrder {
		for _, q := range purposeCues[id] {
			for k, s := range srcs {
				if q.unless.Len() > 0 && q.unless.Has(words[k]) {
					continue
				}
				if ws, ok := matchAll(q.all, words[k], memo[k]); ok {
					ms = append(ms, match{Evidence{Purpose: id, Cue: q.name, Words: ws, From: s.from, Weight: q.weight * s.weight}, q.yield})
					break
				}
			}
		}
		if id == purposeRetention {
			for k, s := range srcs {
				if d := duration(words[k]); d != "" {
					ms = append(ms, match{Evidence{Purpose: id, Cue: "period", Words: d, From: s.from, Weight: durationCue * s.weight}, nil})
					break
				}
			}
		}
	}
	// A yielding cue counts unless a purpose it yields to is named firmly:
	// by cues that yield to nothing, or by yielding cues whose own targets
	// are not named by such cues (two rounds settle every chain the cue
	// table has).
	noisyOr := func(keep func(m match) bool) map[string]float64 {
		out := map[string]float64{}
		for _, m := range ms {
			if keep(m) {
				out[m.ev.Purpose] = 1 - (1-out[m.ev.Purpose])*(1-m.ev.Weight)
			}
		}
		return out
	}
	// A cue yields to a purpose named at least as firmly as its own (on a
	// tie, to the one earlier in purposeOrder), so two cues that yield to
	// each other do not both vanish.
	rank := map[string]int{}
	for k, id := range purposeOrder {
		rank[id] = k
	}
	yielded := func(m match, named map[string]float64) bool {
		own := named[m.ev.Purpose]
		for _, y := range m.yield {
			if named[y] >= purposeThreshold && (named[y] > own || (named[y] == own && rank[y] < rank[m.ev.Purpose])) {
				return true
			}
		}
		return false
	}
	base := noisyOr(func(m match) bool { return len(m.yield) == 0 })
	firm := noisyOr(func(m match) bool { return !yielded(m, base) })
	score := map[string]float64{}
	for _, m := range ms {
		if yielded(m, firm) {
			continue
		}
		c.Evidence = append(c.Evidence, m.ev)
		score[m.ev.Purpose] = 1 - (1-score[m.ev.Purpose])*(1-m.ev.Weight)
	}
	for _, id := range purposeOrder {
		if s := score[id]; s > 0 {
			c.Scores = append(c.Scores, Score{Purpose: id, Score: float64(int(s*1000+0.5)) / 1000})
		}
	}
	for k := range srcs {
		if srcs[k].weight < 1 {
			continue // consent wording counts only in the control's own text
		}
		first := func(dst *string, set stem.Set) {
			if h, ok := set.Find(words[k]); ok && *dst == "" {
				*dst = h.Text
			}
		}
		first(&c.Consent, cConsentVerb)
		first(&c.Request, cRequest)
		first(&c.Privacy, cPrivacy)
		first(&c.Terms, cTerms)
		first(&c.Read, cRead)
	}
	return c
}

// conceptHit is a concept's match in one text, memoised.
type conceptHit struct {
	text string
	ok   bool
}

// matchAll reports whether every set matches in words, and the words
// matched; memo holds the sets already matched in words.
func matchAll(sets []*stem.Set, words []string, memo map[*stem.Set]conceptHit) (string, bool) {
	var got []string
	for _, s := range sets {
		h, seen := memo[s]
		if !seen {
			hit, ok := s.Find(words)
			h = conceptHit{hit.Text, ok}
			memo[s] = h
		}
		if !h.ok {
			return "", false
		}
		got = append(got, h.text)
	}
	return strings.Join(got, " + "), true
}

// Period words for duration: units of time and small numbers written out.
var (
	cTimeUnit = stem.NewSet("månad*", "manad*", "month*", "år", "åren", "year*", "dag", "dagar", "days", "day", "vecka", "veckor", "week*", "måned*", "monat*",
		"monate*", "jahr*", "jahre*", "kuukau*", "vuo*", "vuotta", "uke*", "uger", "år.", "months'", "päivä*")
	cNumberWord = stem.NewSet("ett", "en", "ett", "två", "tre", "fyra", "sex", "tolv", "arton", "tjugofyra", "one", "two", "three", "four", "six", "twelve",
		"eighteen", "twenty-four", "to", "seks", "tolv", "atten", "zwei", "drei", "sechs", "zwölf", "yksi", "kaksi", "kolme", "kuusi", "kaksitoista",
		"ein", "einem", "einen", "a", "an", "et", "én", "ett")
)

// duration returns the words of a stated period ("12 månader", "two
// years", "24 months"), "" when none: a number (digits or written out)
// followed by a unit of time.
func duration(words []string) string {
	for k := 0; k+1 < len(words); k++ {
		w := words[k]
		num := w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
		if !num && !(cNumberWord.Has(words[k:k+1]) && k+1 < len(words)) {
			continue
		}
		if cTimeUnit.Has(words[k+1 : k+2]) {
			// "en dag" alone is a weak period: require a digit or a number
			// other than an article when the unit is a day.
			if !num && (w == "en" || w == "a" || w == "an" || w == "et" || w == "ein" || w == "einem" || w == "einen") && !cPeriodLong.Has(words[k+1:k+2]) {
				continue
			}
			return w + " " + words[k+1]
		}
	}
	return ""
}

var cPeriodLong = stem.NewSet("år", "year", "years", "jahr", "jahre", "vuosi", "vuoden")

// Service: what a form is for, read from its context (its name, the
// heading above it, its submit button, its action URL). A consent box
// whose purposes are all the form's own service is the request itself (a
// newsletter box on a newsletter form), not an optional extra.

// serviceOf returns the purposes the form context names as its service,
// sorted in purposeOrder. A bare "subscribe" names a subscription without
// saying to what: it counts as both marketing and job alerts.
func serviceOf(context string) []string {
	c := classifySources([]source{{from: "context", text: context, weight: 1}})
	var out []string
	for _, s := range c.Scores {
		if s.Score >= purposeThreshold && s.Purpose != purposeRetention {
			out = append(out, s.Purpose)
		}
	}
	if contains(out, purposeApplication) {
		// An application form is for the application (and, for an open
		// application, a place among future candidates), whatever the
		// job's title says ("Apply: Marketing manager").
		keep := []string{purposeApplication}
		if contains(out, purposeTalentPool) {
			keep = append(keep, purposeTalentPool)
		}
		return keep
	}
	if !contains(out, purposeMarketing) && !contains(out, purposeJobAlerts) && cSubscribe.Has(stem.Words(context)) {
		out = append(out, purposeMarketing, purposeJobAlerts)
	}
	return sortPurposes(out)
}

// isService reports whether every optional purpose of ps is in service,
// and at least one is.
func isService(ps, service []string) bool {
	n := 0
	for _, p := range ps {
		if !optionalPurpose(p) {
			continue
		}
		if !contains(service, p) {
			return false
		}
		n++
	}
	return n > 0
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func sortPurposes(ps []string) []string {
	rank := map[string]int{}
	for k, id := range purposeOrder {
		rank[id] = k
	}
	out := append([]string(nil), ps...)
	sort.SliceStable(out, func(a, b int) bool { return rank[out[a]] < rank[out[b]] })
	// drop repeats
	w := 0
	for k := range out {
		if k == 0 || out[k] != out[k-1] {
			out[w] = out[k]
			w++
		}
	}
	return out[:w]
}
