package wad

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/granska/granska/rules"
)

// StatementCheck is the statement found on a site and what was found wrong
// with it. It is stored in results.json as "statement".
type StatementCheck struct {
	// URL is the statement's address; "" when none was found.
	URL string `json:"url"`
	// LinkedFrom counts the audited pages that link to it, of Pages.
	LinkedFrom int        `json:"linkedFrom"`
	Pages      int        `json:"pages"`
	Statement  *Statement `json:"statement,omitempty"`
	// Findings are failed and cantTell judgements, each naming the part of
	// the model statement it concerns; Passed the parts found in order.
	Findings []Finding `json:"findings"`
	Passed   []string  `json:"passed,omitempty"`
	// RunDate is the date the dates were judged against: the run's.
	RunDate string `json:"runDate"`
}

// Finding is one judgement of the statement.
type Finding struct {
	Part      string        `json:"part"`
	Outcome   rules.Outcome `json:"outcome"`
	Code      string        `json:"code"`
	Message   string        `json:"message"`
	MessageSV string        `json:"messageSv"`
	// Criteria are the WCAG criteria concerned (failed in the audit).
	Criteria []string `json:"criteria,omitempty"`
}

// AuditFacts is what the audit found that the statement is judged against.
type AuditFacts struct {
	// RunDate is the run's start: the "now" of the date checks, never the
	// wall clock at judging time.
	RunDate time.Time
	// Failed lists the WCAG A/AA success criteria with failed outcomes.
	Failed []string
	// Pages is the number of audited pages; LinkedFrom how many of them
	// link to the statement.
	Pages, LinkedFrom int
	// Sweden: the enforcement procedure is DIGG's reporting form.
	Sweden bool
}

// MaxStatementAge is how old the latest date of a statement may be: the
// model statement's recital (3) asks for a review at least annually, as
// does DIGG.
const MaxStatementAge = 365 * 24 * time.Hour

// CheckStatement judges a statement (nil when none was found) against the
// model statement and against the audit.
func CheckStatement(url string, st *Statement, a AuditFacts) StatementCheck {
	sc := StatementCheck{URL: url, Statement: st, Findings: []Finding{}, RunDate: a.RunDate.UTC().Format("2006-01-02"),
		Pages: a.Pages, LinkedFrom: a.LinkedFrom}
	failed := slices.Clone(a.Failed)
	slices.SortFunc(failed, compareCriteria)
	add := func(part string, o rules.Outcome, code string, crit []string, args ...string) {
		m := statementMessages[code]
		sc.Findings = append(sc.Findings, Finding{Part: part, Outcome: o, Code: code, Criteria: crit,
			Message: fill(m[0], args), MessageSV: fill(m[1], args)})
	}
	pass := func(part string) {
		if !slices.Contains(sc.Passed, part) {
			sc.Passed = append(sc.Passed, part)
		}
	}
	if st == nil {
		add(PartOpening, rules.Failed, "not-found", nil)
		return sc
	}
	if a.Pages > 0 && a.LinkedFrom < a.Pages {
		add(PartAccessibleFrom, rules.CantTell, "not-linked-everywhere", nil, strconv.Itoa(a.Pages-a.LinkedFrom), strconv.Itoa(a.Pages))
	} else if a.Pages > 0 {
		pass(PartAccessibleFrom)
	}
	// Compliance status.
	switch {
	case st.Status == "":
		add(PartStatus, rules.Failed, "no-status", nil)
	case len(st.Statuses) > 1 && slices.Contains(st.Statuses, StatusFully):
		add(PartStatus, rules.CantTell, "ambiguous-status", nil, strings.Join(st.Statuses, ", "))
	}
	if st.Status == StatusFully && len(failed) > 0 {
		add(PartStatus, rules.Failed, "claims-full", failed, strings.Join(failed, ", "))
	} else if st.Status != "" {
		pass(PartStatus)
	}
	// Non-accessible content.
	if st.Status == StatusPartially || st.Status == StatusNot {
		switch {
		case !st.NonAccessible:
			add(PartNonAccessible, rules.Failed, "no-non-accessible", nil)
		case len(st.Reasons) == 0:
			add(PartNonAccessible, rules.CantTell, "no-reasons", nil)
		default:
			pass(PartNonAccessible)
		}
	}
	if st.Status != StatusFully && len(failed) > 0 {
		var missing []string
		for _, c := range failed {
			if !slices.Contains(st.Criteria, c) {
				missing = append(missing, c)
			}
		}
		if len(missing) > 0 {
			add(PartNonAccessible, rules.CantTell, "unlisted-criteria", missing, strings.Join(missing, ", "))
		}
	}
	// Preparation: dates and method.
	latest := max(st.Prepared, st.Reviewed)
	for _, d := range st.Dates {
		latest = max(latest, d)
	}
	switch {
	case latest == "":
		add(PartPreparation, rules.Failed, "no-date", nil)
	default:
		t, _ := time.Parse("2006-01-02", latest)
		if !a.RunDate.IsZero() && a.RunDate.Sub(t) > MaxStatementAge {
			add(PartPreparation, rules.Failed, "outdated", nil, latest, sc.RunDate)
		}
		if st.Reviewed == "" {
			add(PartPreparation, rules.CantTell, "no-review-date", nil)
		}
	}
	if st.Method == "" {
		add(PartPreparation, rules.Failed, "no-method", nil)
	}
	if latest != "" && st.Method != "" && st.Reviewed != "" {
		pass(PartPreparation)
	}
	// Feedback and contact.
	if len(st.Feedback) == 0 {
		add(PartFeedback, rules.Failed, "no-feedback", nil)
	}
	if len(st.Contact) == 0 {
		add(PartFeedback, rules.Failed, "no-contact", nil)
	}
	if len(st.Feedback) > 0 && len(st.Contact) > 0 {
		pass(PartFeedback)
	}
	// Enforcement.
	switch {
	case st.Enforcement == "":
		add(PartEnforcement, rules.Failed, "no-enforcement", nil)
	case !st.EnforcementLinked:
		add(PartEnforcement, rules.Failed, "enforcement-not-linked", nil, st.Enforcement)
	case a.Sweden && !strings.Contains(strings.ToLower(st.Enforcement), "digg.se"):
		add(PartEnforcement, rules.CantTell, "enforcement-not-digg", nil, st.Enforcement)
	default:
		pass(PartEnforcement)
	}
	return sc
}

func fill(s string, args []string) string {
	for i, a := range args {
		s = strings.ReplaceAll(s, "{"+strconv.Itoa(i)+"}", a)
	}
	return s
}

// statementMessages by code: English, Swedish.
var statementMessages = map[string][2]string{
	"not-found": {"No accessibility statement was found (linked from the home page or the audited pages, or at a usual address). Directive 2016/2102 Art. 7 requires one.",
		"Ingen tillgänglighetsredogörelse hittades (länkad från startsidan eller de granskade sidorna, eller på en vanlig adress). DOS-lagen 13 § kräver en."},
	"not-linked-everywhere": {"{0} of {1} audited pages do not link to the statement; it should be reachable from every page.",
		"{0} av {1} granskade sidor länkar inte till redogörelsen; den bör nås från varje sida."},
	"no-status": {"The statement says nothing about compliance: it must say whether the site is fully, partially or not compliant.",
		"Redogörelsen anger ingen efterlevnadsstatus: den ska säga om webbplatsen är helt, delvis eller inte förenlig med kraven."},
	"ambiguous-status": {"The statement claims more than one compliance status ({0}): which one applies?",
		"Redogörelsen anger mer än en efterlevnadsstatus ({0}): vilken gäller?"},
	"claims-full": {"The statement claims full compliance, but the audit found failures of WCAG {0}.",
		"Redogörelsen anger att webbplatsen är helt förenlig, men granskningen hittade brister mot WCAG {0}."},
	"no-non-accessible": {"The site is not fully compliant, but the statement lists no content that is not accessible.",
		"Webbplatsen är inte helt förenlig, men redogörelsen listar inget innehåll som inte är tillgängligt."},
	"no-reasons": {"The statement lists content that is not accessible but gives no reason (non-compliance, disproportionate burden or outside the scope): check each item.",
		"Redogörelsen listar otillgängligt innehåll men anger inget skäl (bristande förenlighet, oskäligt betungande anpassning eller utanför lagens tillämpningsområde): kontrollera varje punkt."},
	"unlisted-criteria": {"The audit fails WCAG {0}, which the statement does not name: does it describe this content in other words?",
		"Granskningen hittade brister mot WCAG {0}, som redogörelsen inte nämner: beskriver den innehållet med andra ord?"},
	"no-date": {"The statement gives no date of preparation or review.", "Redogörelsen anger inget datum för när den upprättades eller senast sågs över."},
	"outdated": {"The statement's latest date, {0}, is more than a year before the audit ({1}): it must be reviewed at least yearly.",
		"Redogörelsens senaste datum, {0}, är mer än ett år före granskningen ({1}): den ska ses över minst en gång om året."},
	"no-review-date": {"The statement gives no date of its last review: check when it was last reviewed.",
		"Redogörelsen anger inget datum för senaste översyn: kontrollera när den senast sågs över."},
	"no-method": {"The statement does not say how it was prepared (self-assessment or a third party).",
		"Redogörelsen anger inte hur webbplatsen bedömts (egen bedömning eller tredje part)."},
	"no-feedback": {"The statement has no feedback mechanism (a link to a form or a form) for reporting problems and requesting content.",
		"Redogörelsen saknar meddelandefunktion (en länk till ett formulär eller ett formulär) för att rapportera brister och begära innehåll."},
	"no-contact": {"The statement gives no contact details (e-mail or phone).", "Redogörelsen saknar kontaktuppgifter (e-post eller telefon)."},
	"no-enforcement": {"The statement does not describe the enforcement procedure or link to it.",
		"Redogörelsen beskriver inte hur man anmäler till tillsynsmyndigheten och länkar inte dit."},
	"enforcement-not-linked": {"The statement names the enforcement procedure (\"{0}\") but does not link to it.",
		"Redogörelsen nämner tillsynen (\"{0}\") men länkar inte till den."},
	"enforcement-not-digg": {"The enforcement link ({0}) is not DIGG's reporting form (digg.se/tdosanmalan): is it the right procedure?",
		"Länken om tillsyn ({0}) går inte till Diggs anmälningsfunktion (digg.se/tdosanmalan): är det rätt förfarande?"},
}
