// Package consent holds rules about GDPR consent on career sites:
// application forms that collect personal data under consent, and cookie
// banners. They carry a legal basis (Rule.Legal) and a severity
// (violation-likely, risk, info) next to WCAG where a finding is also an
// accessibility failure.
//
// What a box is for comes from one purpose classifier (classify.go): stems
// and synonyms in Swedish and English (Danish, Norwegian, Finnish and
// German where cheap) combined into concepts ("future" with "job" is a
// talent pool), scored, with the evidence it used, read from the box's own
// words, its group's legend, and, for what the form itself is for, the
// form's name, heading, submit button and action. A box that names an
// optional purpose on a form that collects personal data asks for consent
// whatever its verb, and a request that is the form's own service (job
// alerts on a job-alert form) is neither bundling nor a condition. The
// evaluation set in testdata/eval measures it on a held-out part
// (TestPurposeEval). Banner buttons and notices use keyword lists
// (words.go, after consent.md Appendix A).
//
// Evidence is graded: a rule fails only when the words sit in the
// control's accessible name or in its own row, or when the finding is
// structural (a checked box, a required attribute, a missing fieldset, a
// measured size or contrast). Words found only in nearby text give
// cantTell with the text that triggered them.
//
// The heuristics' ids (F1–F17, K1–K12) are those of
// ../shared/reference/consent.md; each rule names the one it implements.
package consent

import "github.com/granska/granska/rules"

// Rules are the consent rules.
var Rules = []*rules.Rule{
	Prechecked, SwitchOn, Bundled, Conditional, ForApplication, Acknowledgement,
	NotAssociated, GroupLabel, NoticeMissing, PrivacyLink, WithdrawalInfo,
	BySubmission, ErrorAnnounced, TargetSize,
	CVUpload, FileFormats, PhoneCountry, RequiredMarked,
	Trackers, RejectMissing, RejectLink, Asymmetry, BannerPrechecked, ImpliedConsent, CookieWall,
	DialogName, BannerKeyboard, BannerObscures, BannerTargetSize, WithdrawMissing,
}
