// Package alert tells people when a monitored site gets worse: a finished
// run that brings new (or reopened) WCAG A/AA issues, a run whose failed
// outcomes reach a target's threshold, or a run that failed. Alerts go to
// the site's targets (store.AlertTarget): a webhook, which receives JSON
// that Slack's and Microsoft Teams' incoming webhooks display as it is
// (a "text" field, with the details as structured fields beside it), or
// an e-mail over SMTP.
//
// Decide is pure (what to send for a run); Notifier.RunFinished decides
// and delivers, and is the hook the monitor calls once a run ended.
package alert

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/granska/granska/internal/standards/wcag"
	"github.com/granska/granska/internal/store"
)

// Kinds of alert.
const (
	KindNewIssues = "new-issues" // new or reopened A/AA issues
	KindThreshold = "threshold"  // failed outcomes reached the threshold
	KindFailed    = "run-failed" // the run could not complete
)

// Alert is one message for one target about one run.
type Alert struct {
	Kind   string
	Target store.AlertTarget
	Site   store.Site
	Run    store.Run
	// Issues are the new or reopened A/AA issues (KindNewIssues), sorted
	// by impact then rule then fingerprint.
	Issues []store.Finding
	// URL links the run's page in the dashboard ("" when the server has
	// no public base URL).
	URL string
}

// Decide returns the alerts a finished run (done or failed) triggers for
// each of the site's targets, in target order, kinds in the order failed,
// new issues, threshold. findings are the run's findings with the State
// FinishRun gave them. A queued or running run triggers nothing.
func Decide(site store.Site, run store.Run, findings []store.Finding, runURL string) []Alert {
	var out []Alert
	var fresh []store.Finding
	for _, f := range findings {
		if f.Outcome == "failed" && (f.State == store.StateNew || f.State == store.StateReopened) && levelAorAA(f.WCAG) {
			fresh = append(fresh, f)
		}
	}
	slices.SortFunc(fresh, func(a, b store.Finding) int {
		return cmp.Or(cmp.Compare(impactRank(a.Impact), impactRank(b.Impact)), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Fingerprint, b.Fingerprint))
	})
	for _, t := range site.Alerts {
		a := Alert{Target: t, Site: site, Run: run, URL: runURL}
		switch run.Status {
		case store.StatusFailed:
			a.Kind = KindFailed
			out = append(out, a)
		case store.StatusDone:
			if len(fresh) > 0 {
				n := a
				n.Kind, n.Issues = KindNewIssues, fresh
				out = append(out, n)
			}
			if t.Threshold > 0 && run.Counts.Failed >= t.Threshold {
				n := a
				n.Kind = KindThreshold
				out = append(out, n)
			}
		}
	}
	return out
}

// levelAorAA reports whether any of the criteria is Level A or AA.
func levelAorAA(ids []string) bool {
	for _, id := range ids {
		if c, ok := wcag.Lookup(id); ok && (c.Level == "A" || c.Level == "AA") {
			return true
		}
	}
	return false
}

func impactRank(s string) int {
	switch s {
	case "critical":
		return 0
	case "serious":
		return 1
	case "moderate":
		return 2
	case "minor":
		return 3
	}
	return 4
}

// maxListed bounds the issues named in one message; the rest are counted.
const maxListed = 10

// Subject is the alert's one-line summary in lang ("sv" or English).
func (a Alert) Subject(lang string) string {
	sv := lang == "sv"
	name := oneLine(a.Site.Name)
	switch a.Kind {
	case KindFailed:
		if sv {
			return fmt.Sprintf("Granska: körning %d av %s misslyckades", a.Run.ID, name)
		}
		return fmt.Sprintf("Granska: run %d of %s failed", a.Run.ID, name)
	case KindNewIssues:
		if sv {
			return fmt.Sprintf("Granska: %d nya problem (WCAG A/AA) på %s", len(a.Issues), name)
		}
		return fmt.Sprintf("Granska: %d new WCAG A/AA issues on %s", len(a.Issues), name)
	case KindThreshold:
		if sv {
			return fmt.Sprintf("Granska: %s har %d fel, gränsen är %d", name, a.Run.Counts.Failed, a.Target.Threshold)
		}
		return fmt.Sprintf("Granska: %s has %d failures, the threshold is %d", name, a.Run.Counts.Failed, a.Target.Threshold)
	}
	return "Granska: " + name
}

// Text is the alert's plain-text body in lang: the subject, the details
// and the link to the run.
func (a Alert) Text(lang string) string {
	sv := lang == "sv"
	var b strings.Builder
	b.WriteString(a.Subject(lang))
	b.WriteString("\n\n")
	switch a.Kind {
	case KindFailed:
		reason := oneLine(a.Run.Reason)
		if reason == "" {
			reason = "?"
		}
		if sv {
			fmt.Fprintf(&b, "Orsak: %s\n", reason)
		} else {
			fmt.Fprintf(&b, "Reason: %s\n", reason)
		}
	case KindNewIssues:
		for i, f := range a.Issues {
			if i == maxListed {
				if sv {
					fmt.Fprintf(&b, "… och %d till\n", len(a.Issues)-maxListed)
				} else {
					fmt.Fprintf(&b, "… and %d more\n", len(a.Issues)-maxListed)
				}
				break
			}
			msg := f.Message
			if sv && f.MessageSV != "" {
				msg = f.MessageSV
			}
			fmt.Fprintf(&b, "- [%s] %s (WCAG %s): %s — %d\n", f.Impact, f.Rule, strings.Join(f.WCAG, ", "), oneLine(msg), len(f.Pages))
		}
	}
	if sv {
		fmt.Fprintf(&b, "Sidor: %d, fel: %d, kan inte avgöra: %d\n", a.Run.Counts.Pages, a.Run.Counts.Failed, a.Run.Counts.CantTell)
	} else {
		fmt.Fprintf(&b, "Pages: %d, failed: %d, cannot tell: %d\n", a.Run.Counts.Pages, a.Run.Counts.Failed, a.Run.Counts.CantTell)
	}
	if a.URL != "" {
		b.WriteString(a.URL)
		b.WriteString("\n")
	}
	return b.String()
}

// oneLine folds line breaks and control characters into spaces, so page
// or user text cannot add lines (or headers) to a message.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 }), " ")
}
