package crawl

import (
	"testing"

	"github.com/granska/granska/internal/cue"
)

// The crawl samples the pages the rules look for by the same words: before
// internal/cue the crawl did not know /datenschutz or /sekretesspolicy, which
// the site rules took for privacy notices.
func TestCuesShareTheRulesWords(t *testing.T) {
	for _, w := range cue.PrivacyPaths {
		if got := pathCues("https://site.test/" + w + "/"); got[cuePrivacy] != 2 {
			t.Errorf("privacy path %q: score %d, want 2 (strong)", w, got[cuePrivacy])
		}
	}
	for _, w := range cue.StatementPaths {
		if got := pathCues("https://site.test/" + w); got[cueStatement] != 2 {
			t.Errorf("statement path %q: score %d, want 2 (strong)", w, got[cueStatement])
		}
	}
	for _, w := range cue.StatementTopicPaths {
		if got := pathCues("https://site.test/" + w); got[cueStatement] != 1 {
			t.Errorf("topic path %q: score %d, want 1 (weak)", w, got[cueStatement])
		}
	}
	for _, s := range []string{"/de/datenschutz", "/sekretesspolicy", "/personvern"} {
		if got := pathCues("https://site.test" + s); got[cuePrivacy] != 2 {
			t.Errorf("%s: privacy score %d, want 2", s, got[cuePrivacy])
		}
	}
}
