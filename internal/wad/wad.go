// Package wad is Granska's knowledge of public-sector monitoring under the
// Web Accessibility Directive (EU) 2016/2102 (in Sweden the DOS law, lag
// 2018:1937, supervised by DIGG):
//
//   - the structured sample of pages that Commission Implementing Decision
//     (EU) 2018/1524, Annex I, asks a monitoring body to check ([Kinds]);
//   - the accessibility statement of Commission Implementing Decision (EU)
//     2018/1523 (the model statement) and DIGG's regulation MDFFS 2019:2 6 §:
//     reading what a statement says ([Parse]), judging it and judging it
//     against what the audit found ([CheckStatement]), and drafting one from
//     a run ([Draft]);
//   - the export of a run per site, per WCAG criterion and EN 301 549
//     clause, with the counts a national monitoring report needs ([Export]).
//
// Everything here is pure: it reads texts and results, never the network or
// the clock (the run's own date is the "now" of every date check).
package wad

// Parts of the model statement (Decision 2018/1523, Annex; MDFFS 2019:2
// 6 §). Every statement finding names the part it concerns.
const (
	PartOpening        = "opening"                // the body, the site(s) it covers, the law
	PartStatus         = "compliance-status"      // fully / partially / not compliant
	PartNonAccessible  = "non-accessible-content" // what is not accessible, why, alternatives
	PartPreparation    = "preparation"            // dates prepared and reviewed, the method
	PartFeedback       = "feedback-contact"       // the feedback mechanism and contact details
	PartEnforcement    = "enforcement-procedure"  // link to the enforcement procedure
	PartAccessibleFrom = "accessible-from"        // reachable from the home page or every page
)

// PartNames names the parts in English and Swedish, as the model statement
// and DIGG's template head them.
var PartNames = map[string][2]string{
	PartOpening:        {"Opening: who and what the statement covers", "Inledning: vem och vad redogörelsen gäller"},
	PartStatus:         {"Compliance status", "Efterlevnadsstatus"},
	PartNonAccessible:  {"Non-accessible content", "Innehåll som inte är tillgängligt"},
	PartPreparation:    {"Preparation of this accessibility statement", "Hur vi testat webbplatsen"},
	PartFeedback:       {"Feedback and contact information", "Återkoppling och kontaktuppgifter"},
	PartEnforcement:    {"Enforcement procedure", "Tillsyn"},
	PartAccessibleFrom: {"Where the statement is published", "Var redogörelsen publiceras"},
}

// Compliance statuses of the model statement.
const (
	StatusFully     = "fully"
	StatusPartially = "partially"
	StatusNot       = "not"
)
