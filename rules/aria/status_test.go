package aria

import (
	"testing"

	"github.com/granska/granska/audit/page"
)

func TestStatusKind(t *testing.T) {
	for _, c := range []struct {
		before, text, want string
	}{
		{"Showing 10 of 45 jobs", "Showing 20 of 45 jobs", "count"},
		{"Visar 10 av 45 träffar", "Visar 20 av 45 träffar", "count"},
		{"2 / 5", "3 / 5", "number"},
		{"", "Sökningen är sparad.", "wording"},
		{"", "Link copied", "wording"},
		{"", "Lenken er kopiert", "wording"},
		{"", "Wird geladen …", "wording"},
		{"", "Vi kunde inte spara: försök igen.", "wording"},
		{"", "Svetsare, Umeå", ""},
		{"", "Tip: write your cover letter for the job you apply for.", ""},
		{"Showing 10 of 45 jobs", "Showing 10 of 45 jobs", "wording"},
	} {
		if got := statusKind(page.ClickText{Before: c.before, Text: c.text}); got != c.want {
			t.Errorf("statusKind(%q → %q) = %q, want %q", c.before, c.text, got, c.want)
		}
	}
}

func TestJudgeClick(t *testing.T) {
	msg := func(text, live string, added bool) page.ClickText {
		return page.ClickText{Node: -1, Text: text, Live: live, LiveAdded: added}
	}
	for _, c := range []struct {
		name  string
		click page.ClickProbe
		want  string // "" for not a target
	}{
		{"message outside", page.ClickProbe{Added: 1, Texts: []page.ClickText{msg("Saved to your jobs", "", false)}}, "not-announced"},
		{"message in status", page.ClickProbe{Added: 1, Texts: []page.ClickText{msg("Saved to your jobs", "status", false)}}, "announced"},
		{"status added with text", page.ClickProbe{Added: 1, Texts: []page.ClickText{msg("Saved to your jobs", "status", true)}}, "region-added"},
		{"alert added with text", page.ClickProbe{Added: 1, Texts: []page.ClickText{msg("Could not save", "alert", true)}}, "announced"},
		{"own label", page.ClickProbe{Added: 1, Texts: []page.ClickText{{Node: 3, Text: "Saved", InControl: true}}}, ""},
		{"list loaded", page.ClickProbe{Added: 6, Texts: []page.ClickText{msg("Welder", "", false), msg("Nurse", "", false)}}, ""},
		{"list loaded with a saved word", page.ClickProbe{Added: 6, Texts: []page.ClickText{msg("Welder", "", false), msg("Saved jobs sync", "", false)}}, "new-text"},
		{"bare counter", page.ClickProbe{Added: 3, Texts: []page.ClickText{{Node: 4, Before: "2 / 5", Text: "3 / 5"}}}, "new-text"},
		{"short other text", page.ClickProbe{Added: 1, Texts: []page.ClickText{msg("PDF or Word, at most 5 MB", "", false)}}, "new-text"},
	} {
		v, ok := judgeClick(c.click)
		if got := map[bool]string{true: v.code, false: ""}[ok]; got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
