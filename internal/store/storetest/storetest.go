// Package storetest is the test suite every store.Store implementation
// passes (Run), and a seeding helper for tests and benchmarks of the
// dashboard (Seed).
package storetest

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/internal/store"
)

// Run runs the suite; dsn returns a fresh, empty database per call.
func Run(t *testing.T, dsn func(t *testing.T) string) {
	open := func(t *testing.T) store.Store {
		t.Helper()
		st, err := store.Open(context.Background(), dsn(t))
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	t.Run("Accounts", func(t *testing.T) { testAccounts(t, open(t)) })
	t.Run("Sites", func(t *testing.T) { testSites(t, open(t)) })
	t.Run("Runs", func(t *testing.T) { testRuns(t, open(t)) })
	t.Run("Groups", func(t *testing.T) { testGroups(t, open(t)) })
	t.Run("Journal", func(t *testing.T) { testJournal(t, open(t)) })
	t.Run("Lifecycle", func(t *testing.T) { testLifecycle(t, open(t)) })
	t.Run("Continuation", func(t *testing.T) { testContinuation(t, open(t)) })
	t.Run("Evidence", func(t *testing.T) { testEvidence(t, open(t)) })
	t.Run("Summaries", func(t *testing.T) { testSummaries(t, open(t)) })
	t.Run("Migrations", func(t *testing.T) { testMigrations(t, dsn(t)) })
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: error %v, want %v", what, err, want)
	}
}

func testAccounts(t *testing.T, st store.Store) {
	ctx := context.Background()
	org := must[store.Org](t)(st.CreateOrg(ctx, "Myndigheten"))
	_, err := st.CreateOrg(ctx, "Myndigheten")
	wantErr(t, "duplicate organisation", err, store.ErrDuplicate)
	_, err = st.CreateOrg(ctx, " ")
	wantErr(t, "empty organisation", err, store.ErrInvalid)

	u := must[store.User](t)(st.CreateUser(ctx, store.User{Email: "Anna@Example.se", Name: "Anna", PasswordHash: "$argon2id$x"}))
	if u.ID == 0 || u.Email != "anna@example.se" {
		t.Errorf("CreateUser = %+v, want an id and the e-mail lower-cased", u)
	}
	_, err = st.CreateUser(ctx, store.User{Email: "ANNA@example.se", PasswordHash: "h"})
	wantErr(t, "duplicate e-mail", err, store.ErrDuplicate)
	got := must[store.User](t)(st.UserByEmail(ctx, "anna@EXAMPLE.se"))
	if got != u {
		t.Errorf("UserByEmail = %+v, want %+v", got, u)
	}
	_, err = st.UserByEmail(ctx, "nobody@example.se")
	wantErr(t, "unknown user", err, store.ErrNotFound)
	if err := st.SetPassword(ctx, u.ID, "$argon2id$y"); err != nil {
		t.Fatal(err)
	}
	if got := must[store.User](t)(st.User(ctx, u.ID)); got.PasswordHash != "$argon2id$y" {
		t.Errorf("password hash %q after SetPassword", got.PasswordHash)
	}

	wantErr(t, "bad role", st.SetRole(ctx, org.ID, u.ID, "owner"), store.ErrInvalid)
	wantErr(t, "role in unknown org", st.SetRole(ctx, org.ID+100, u.ID, store.RoleViewer), store.ErrInvalid)
	for _, r := range []store.Role{store.RoleViewer, store.RoleAdmin} {
		if err := st.SetRole(ctx, org.ID, u.ID, r); err != nil {
			t.Fatal(err)
		}
	}
	ms := must[[]store.Membership](t)(st.Memberships(ctx, u.ID))
	if want := []store.Membership{{OrgID: org.ID, UserID: u.ID, Role: store.RoleAdmin}}; !slices.Equal(ms, want) {
		t.Errorf("Memberships = %+v, want %+v", ms, want)
	}
	if !store.RoleAdmin.Allows(store.RoleEditor) || store.RoleViewer.Allows(store.RoleEditor) || store.Role("x").Allows(store.RoleViewer) {
		t.Error("Role.Allows does not order viewer < editor < admin")
	}

	now := time.Now().UTC()
	se := store.Session{IDHash: "h1", UserID: u.ID, CSRF: "c", Expires: now.Add(time.Hour)}
	if err := st.CreateSession(ctx, se); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "duplicate session", st.CreateSession(ctx, se), store.ErrDuplicate)
	if got := must[store.Session](t)(st.Session(ctx, "h1", now)); got.UserID != u.ID || got.CSRF != "c" {
		t.Errorf("Session = %+v", got)
	}
	_, err = st.Session(ctx, "h1", now.Add(2*time.Hour))
	wantErr(t, "expired session", err, store.ErrNotFound)
	if n := must[int](t)(st.DeleteExpiredSessions(ctx, now.Add(2*time.Hour))); n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, want 1", n)
	}

	tok := must[store.Token](t)(st.CreateToken(ctx, store.Token{OrgID: org.ID, Name: "ci", Hash: "th", Role: store.RoleEditor}))
	_, err = st.CreateToken(ctx, store.Token{OrgID: org.ID, Hash: "th", Role: store.RoleEditor})
	wantErr(t, "duplicate token hash", err, store.ErrDuplicate)
	used := now.Add(time.Minute).Truncate(time.Microsecond)
	got2 := must[store.Token](t)(st.TokenByHash(ctx, "th", used))
	if got2.ID != tok.ID || got2.Role != store.RoleEditor || !got2.LastUsed.Equal(used) {
		t.Errorf("TokenByHash = %+v, want token %d used at %v", got2, tok.ID, used)
	}
	_, err = st.TokenByHash(ctx, "nope", used)
	wantErr(t, "unknown token", err, store.ErrNotFound)
	if err := st.DeleteToken(ctx, tok.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.TokenByHash(ctx, "th", used)
	wantErr(t, "deleted token", err, store.ErrNotFound)
}

func newSite(t *testing.T, st store.Store, url string) (store.Org, store.Site) {
	t.Helper()
	ctx := context.Background()
	orgs := must[[]store.Org](t)(st.Orgs(ctx))
	var org store.Org
	if len(orgs) > 0 {
		org = orgs[0]
	} else {
		org = must[store.Org](t)(st.CreateOrg(ctx, "Org"))
	}
	return org, must[store.Site](t)(st.CreateSite(ctx, store.Site{OrgID: org.ID, URLs: []string{url}, Schedule: "weekly"}))
}

func testSites(t *testing.T, st store.Store) {
	ctx := context.Background()
	org := must[store.Org](t)(st.CreateOrg(ctx, "Kommunen"))
	in := store.Site{OrgID: org.ID, Name: "Karriär", URLs: []string{"https://Jobb.Example.se:443"}, Schedule: "@every 6h", Lang: "sv",
		PublicSector: true, Scope: store.Scope{PathPrefix: "/jobb", Exclude: []string{"/admin"}}, Sample: store.Sample{Crawl: true, MaxPages: 30},
		Alerts: []store.AlertTarget{{Kind: store.AlertWebhook, Address: "https://hooks.example/x"}, {Kind: store.AlertEmail, Address: "a11y@example.se", Threshold: 10}}}
	s := must[store.Site](t)(st.CreateSite(ctx, in))
	got := must[store.Site](t)(st.Site(ctx, s.ID))
	if got.Name != "Karriär" || !got.PublicSector || got.Scope.PathPrefix != "/jobb" || got.Sample.MaxPages != 30 || len(got.Alerts) != 2 ||
		got.Alerts[1].Threshold != 10 || got.Schedule != "@every 6h" || got.Lang != "sv" || !got.Created.Equal(s.Created) {
		t.Errorf("Site read back = %+v, want %+v", got, s)
	}
	for _, u := range []string{"https://jobb.example.se/", "HTTPS://JOBB.EXAMPLE.SE", "https://jobb.example.se/#top"} {
		_, err := st.CreateSite(ctx, store.Site{OrgID: org.ID, URLs: []string{u}})
		wantErr(t, "duplicate site "+u, err, store.ErrDuplicate)
	}
	for _, u := range []string{"", "jobb.example.se", "ftp://jobb.example.se/", "https://", "http://user:pw@x.example/", "https://exa mple.se/%zz"} {
		_, err := st.CreateSite(ctx, store.Site{OrgID: org.ID, URLs: []string{u}})
		wantErr(t, "malformed URL "+u, err, store.ErrInvalid)
	}
	_, err := st.CreateSite(ctx, store.Site{OrgID: org.ID, URLs: []string{"https://b.example/"}, Alerts: []store.AlertTarget{{Kind: "sms", Address: "1"}}})
	wantErr(t, "bad alert kind", err, store.ErrInvalid)
	_, err = st.CreateSite(ctx, store.Site{OrgID: org.ID + 99, URLs: []string{"https://b.example/"}})
	wantErr(t, "unknown organisation", err, store.ErrInvalid)

	b := must[store.Site](t)(st.CreateSite(ctx, store.Site{OrgID: org.ID, Name: "Alfa", URLs: []string{"https://b.example/"}}))
	sites := must[[]store.Site](t)(st.Sites(ctx, org.ID))
	if len(sites) != 2 || sites[0].ID != b.ID {
		t.Errorf("Sites not sorted by name: %+v", sites)
	}
	b.URLs = []string{"https://jobb.example.se"}
	_, err = st.UpdateSite(ctx, b)
	wantErr(t, "update to a duplicate", err, store.ErrDuplicate)
	b.URLs, b.Schedule = []string{"https://c.example/"}, "daily"
	b2 := must[store.Site](t)(st.UpdateSite(ctx, b))
	if b2.Schedule != "daily" || b2.URLs[0] != "https://c.example/" || !b2.Created.Equal(b.Created) {
		t.Errorf("UpdateSite = %+v", b2)
	}
	next := time.Date(2026, 1, 5, 3, 0, 0, 0, time.UTC)
	if err := st.SetNextRun(ctx, b.ID, next); err != nil {
		t.Fatal(err)
	}
	if got := must[store.Site](t)(st.Site(ctx, b.ID)); !got.NextRun.Equal(next) {
		t.Errorf("NextRun = %v, want %v", got.NextRun, next)
	}
	if err := st.DeleteSite(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	_, err = st.Site(ctx, b.ID)
	wantErr(t, "deleted site", err, store.ErrNotFound)
}

func testRuns(t *testing.T, st store.Store) {
	ctx := context.Background()
	_, site := newSite(t, st, "https://runs.example/")
	slot := time.Date(2026, 3, 2, 3, 0, 0, 0, time.UTC)
	r1 := must[store.Run](t)(st.CreateRun(ctx, site.ID, store.TriggerSchedule, slot))
	if r1.Status != store.StatusQueued || !r1.Slot.Equal(slot) {
		t.Errorf("CreateRun = %+v", r1)
	}
	active, err := st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{})
	wantErr(t, "second active run", err, store.ErrConflict)
	if active.ID != r1.ID {
		t.Errorf("conflict returned run %d, want the active %d", active.ID, r1.ID)
	}
	_, err = st.CreateRun(ctx, site.ID, "cron", time.Time{})
	wantErr(t, "bad trigger", err, store.ErrInvalid)
	r1 = must[store.Run](t)(st.StartRun(ctx, r1.ID))
	if r1.Status != store.StatusRunning || r1.Started.IsZero() {
		t.Errorf("StartRun = %+v", r1)
	}
	_, err = st.StartRun(ctx, r1.ID)
	wantErr(t, "start twice", err, store.ErrConflict)
	_, err = st.StartRun(ctx, 9999)
	wantErr(t, "start unknown", err, store.ErrNotFound)
	if got := must[[]store.Run](t)(st.ActiveRuns(ctx)); len(got) != 1 || got[0].ID != r1.ID {
		t.Errorf("ActiveRuns = %+v", got)
	}
	if err := st.FailRun(ctx, r1.ID, "dial tcp: connection refused", store.Counts{}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "fail twice", st.FailRun(ctx, r1.ID, "x", store.Counts{}), store.ErrConflict)
	got := must[store.Run](t)(st.Run(ctx, r1.ID))
	if got.Status != store.StatusFailed || got.Reason != "dial tcp: connection refused" || got.Finished.IsZero() {
		t.Errorf("failed run = %+v", got)
	}
	_, err = st.CreateRun(ctx, site.ID, store.TriggerSchedule, slot)
	wantErr(t, "slot twice", err, store.ErrDuplicate)
	r2 := must[store.Run](t)(st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{}))
	runs := must[[]store.Run](t)(st.Runs(ctx, site.ID, 0))
	if len(runs) != 2 || runs[0].ID != r2.ID {
		t.Errorf("Runs not newest first: %+v", runs)
	}
	if runs := must[[]store.Run](t)(st.Runs(ctx, site.ID, 1)); len(runs) != 1 {
		t.Errorf("Runs limit 1 = %d runs", len(runs))
	}
}

// Sites carry a group (the public body); GroupSites lists a group's sites
// within one organisation, and DoneRuns a site's done runs in a period.
func testGroups(t *testing.T, st store.Store) {
	ctx := context.Background()
	org := must[store.Org](t)(st.CreateOrg(ctx, "Tillsynen"))
	other := must[store.Org](t)(st.CreateOrg(ctx, "Annan"))
	mk := func(orgID int64, name, u, group string) store.Site {
		return must[store.Site](t)(st.CreateSite(ctx, store.Site{OrgID: orgID, Name: name, URLs: []string{u}, Group: group}))
	}
	b := mk(org.ID, "Bibliotek", "https://bibliotek.kommun.example/", "  Kommunen  ")
	a := mk(org.ID, "Anslag", "https://anslag.kommun.example/", "Kommunen")
	mk(org.ID, "Region", "https://region.example/", "Regionen")
	mk(org.ID, "Ingen", "https://ingen.example/", "")
	mk(other.ID, "Annans", "https://annan.kommun.example/", "Kommunen")
	if got := must[store.Site](t)(st.Site(ctx, b.ID)); got.Group != "Kommunen" {
		t.Errorf("Group read back %q, want it trimmed to %q", got.Group, "Kommunen")
	}
	got := must[[]store.Site](t)(st.GroupSites(ctx, org.ID, "Kommunen"))
	if len(got) != 2 || got[0].ID != a.ID || got[1].ID != b.ID {
		t.Errorf("GroupSites(Kommunen) = %+v, want Anslag then Bibliotek of this organisation only", got)
	}
	if got := must[[]store.Site](t)(st.GroupSites(ctx, org.ID, "kommunen")); len(got) != 0 {
		t.Errorf("GroupSites is exact, got %d sites for another case", len(got))
	}
	b.Group = "Regionen"
	if got := must[store.Site](t)(st.UpdateSite(ctx, b)); got.Group != "Regionen" {
		t.Errorf("UpdateSite group = %q", got.Group)
	}
	if got := must[[]store.Site](t)(st.GroupSites(ctx, org.ID, "Regionen")); len(got) != 2 {
		t.Errorf("GroupSites(Regionen) after the move = %d sites, want 2", len(got))
	}
	for _, g := range []string{"a\x00b", "rad\nbrytning", strings.Repeat("x", store.MaxGroupLen+1), "\xff"} {
		_, err := st.CreateSite(ctx, store.Site{OrgID: org.ID, URLs: []string{"https://bad.example/"}, Group: g})
		wantErr(t, "group "+g, err, store.ErrInvalid)
	}

	var runs []store.Run
	for range 3 {
		r, _ := finish(t, st, a.ID, nil, nil)
		runs = append(runs, r)
	}
	// A failed run is never in a period's runs.
	failed := must[store.Run](t)(st.CreateRun(ctx, a.ID, store.TriggerManual, time.Time{}))
	if err := st.FailRun(ctx, failed.ID, "unreachable", store.Counts{}); err != nil {
		t.Fatal(err)
	}
	ids := func(rs []store.Run) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	for _, c := range []struct {
		name     string
		from, to time.Time
		want     []int64
	}{
		{"open", time.Time{}, time.Time{}, ids(runs)},
		{"from the second", runs[1].Finished, time.Time{}, ids(runs[1:])},
		{"up to the second", time.Time{}, runs[1].Finished, ids(runs[:1])},
		{"the second only", runs[1].Finished, runs[2].Finished, ids(runs[1:2])},
	} {
		if runs[1].Finished.Equal(runs[2].Finished) || runs[0].Finished.Equal(runs[1].Finished) {
			t.Skip("two runs finished in the same microsecond")
		}
		got := must[[]store.Run](t)(st.DoneRuns(ctx, a.ID, c.from, c.to))
		if !slices.Equal(ids(got), c.want) {
			t.Errorf("DoneRuns %s = %v, want %v", c.name, ids(got), c.want)
		}
	}
	_, err := st.DoneRuns(ctx, a.ID, runs[2].Finished, runs[0].Finished)
	wantErr(t, "reversed period", err, store.ErrInvalid)
}

func testJournal(t *testing.T, st store.Store) {
	ctx := context.Background()
	_, site := newSite(t, st, "https://journal.example/")
	r := must[store.Run](t)(st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{}))
	must[store.Run](t)(st.StartRun(ctx, r.ID))
	p1 := must[store.PageRecord](t)(st.AddPage(ctx, store.PageRecord{RunID: r.ID, URL: "https://journal.example/", Failed: 2, Result: []byte(`{"url":"https://journal.example/"}`)}))
	_, err := st.AddPage(ctx, store.PageRecord{RunID: r.ID, URL: "https://journal.example/", Failed: 9})
	wantErr(t, "page twice", err, store.ErrDuplicate)
	p2 := must[store.PageRecord](t)(st.AddPage(ctx, store.PageRecord{RunID: r.ID, URL: "https://journal.example/b", Error: "timeout"}))
	if p2.Seq <= p1.Seq {
		t.Errorf("Seq %d after %d", p2.Seq, p1.Seq)
	}
	pages := must[[]store.PageRecord](t)(st.Pages(ctx, r.ID))
	if len(pages) != 2 || pages[0].Failed != 2 || string(pages[0].Result) != `{"url":"https://journal.example/"}` || pages[1].Error != "timeout" {
		t.Errorf("Pages = %+v (the duplicate must change nothing)", pages)
	}
	if err := st.SetRunState(ctx, r.ID, "crawl", []byte("v1")); err != nil {
		t.Fatal(err)
	}
	if err := st.SetRunState(ctx, r.ID, "crawl", []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if got := must[[]byte](t)(st.RunState(ctx, r.ID, "crawl")); string(got) != "v2" {
		t.Errorf("RunState = %q", got)
	}
	_, err = st.RunState(ctx, r.ID, "other")
	wantErr(t, "missing run state", err, store.ErrNotFound)
	must[[]store.Finding](t)(st.FinishRun(ctx, r.ID, store.RunReport{}))
	_, err = st.AddPage(ctx, store.PageRecord{RunID: r.ID, URL: "https://journal.example/c"})
	wantErr(t, "page of a finished run", err, store.ErrConflict)
	if urls := must[[]string](t)(st.PageURLs(ctx, r.ID)); !slices.Equal(urls, []string{"https://journal.example/", "https://journal.example/b"}) {
		t.Errorf("PageURLs = %q", urls)
	}
}

// finish runs one run of site with the given findings (fingerprint →
// pages) and audited pages, and returns the states it set.
func finish(t *testing.T, st store.Store, siteID int64, audited []string, fps map[string][]string) (store.Run, map[string]store.IssueState) {
	t.Helper()
	ctx := context.Background()
	r := must[store.Run](t)(st.CreateRun(ctx, siteID, store.TriggerManual, time.Time{}))
	must[store.Run](t)(st.StartRun(ctx, r.ID))
	var fs []store.Finding
	for fp, pages := range fps {
		fs = append(fs, store.Finding{Fingerprint: fp, Rule: "rule-" + fp, Outcome: "failed", Impact: "serious", WCAG: []string{"1.1.1"}, EN: []string{"9.1.1.1"}, Occurrences: len(pages), Pages: pages})
	}
	out := must[[]store.Finding](t)(st.FinishRun(ctx, r.ID, store.RunReport{Counts: store.Counts{Pages: len(audited), Failed: len(fs)}, Findings: fs, Audited: audited}))
	states := map[string]store.IssueState{}
	for _, f := range out {
		states[f.Fingerprint] = f.State
	}
	return must[store.Run](t)(st.Run(ctx, r.ID)), states
}

func testLifecycle(t *testing.T, st store.Store) {
	ctx := context.Background()
	_, site := newSite(t, st, "https://life.example/")
	p1, p2, p3 := "https://life.example/1", "https://life.example/2", "https://life.example/3"
	all := []string{p1, p2, p3}
	check := func(what string, got map[store.IssueState][]string, want map[store.IssueState][]string) {
		t.Helper()
		for _, s := range []store.IssueState{store.StateNew, store.StateRecurring, store.StateFixed, store.StateReopened} {
			if !slices.Equal(got[s], want[s]) {
				t.Errorf("%s: %s = %q, want %q", what, s, got[s], want[s])
			}
		}
	}
	byState := func(run int64) map[store.IssueState][]string {
		m := map[store.IssueState][]string{}
		for _, s := range []store.IssueState{store.StateNew, store.StateRecurring, store.StateFixed, store.StateReopened} {
			for _, is := range must[[]store.Issue](t)(st.Issues(ctx, site.ID, store.IssueFilter{State: s, Run: run})) {
				m[s] = append(m[s], is.Fingerprint)
			}
		}
		return m
	}
	r1, s1 := finish(t, st, site.ID, all, map[string][]string{"a": {p1}, "b": {p2}, "c": {p3}})
	check("run 1", byState(r1.ID), map[store.IssueState][]string{store.StateNew: {"a", "b", "c"}})
	if s1["a"] != store.StateNew {
		t.Errorf("FinishRun state of a = %q", s1["a"])
	}
	// A failed run moves nothing.
	rf := must[store.Run](t)(st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{}))
	if err := st.FailRun(ctx, rf.ID, "unreachable", store.Counts{}); err != nil {
		t.Fatal(err)
	}
	// Run 2: a recurs, b is fixed (p2 audited), c's page p3 was not
	// audited so c keeps its state, d is new.
	r2, _ := finish(t, st, site.ID, []string{p1, p2}, map[string][]string{"a": {p1}, "d": {p1}})
	check("run 2", byState(r2.ID), map[store.IssueState][]string{store.StateNew: {"d"}, store.StateRecurring: {"a"}, store.StateFixed: {"b"}})
	if is := must[store.Issue](t)(st.Issue(ctx, site.ID, "c")); is.State != store.StateNew || is.StateRun != r1.ID || is.LastSeen != r1.ID {
		t.Errorf("c, not audited in run 2 = %+v, want still new from run 1", is)
	}
	// Run 3: b reopens; a, c and d are fixed.
	r3, _ := finish(t, st, site.ID, all, map[string][]string{"b": {p2}})
	check("run 3", byState(r3.ID), map[store.IssueState][]string{store.StateReopened: {"b"}, store.StateFixed: {"a", "c", "d"}})
	got := must[store.Run](t)(st.Run(ctx, r3.ID))
	if got.Counts.Lifecycle[store.StateFixed] != 3 || got.Counts.Lifecycle[store.StateReopened] != 1 || got.Counts.Issues != 1 {
		t.Errorf("run 3 counts = %+v", got.Counts)
	}
	// Run 4: the same site fixed: nothing new, the last issue fixed.
	r4, s4 := finish(t, st, site.ID, all, nil)
	check("run 4", byState(r4.ID), map[store.IssueState][]string{store.StateFixed: {"b"}})
	if len(s4) != 0 {
		t.Errorf("run 4 findings %v", s4)
	}
	if n := len(must[[]store.Issue](t)(st.Issues(ctx, site.ID, store.IssueFilter{State: store.StateNew}))); n != 0 {
		t.Errorf("%d issues new after the fixed run", n)
	}
	if n := len(must[[]store.Issue](t)(st.Issues(ctx, site.ID, store.IssueFilter{State: store.StateFixed}))); n != 4 {
		t.Errorf("%d issues fixed after the fixed run, want 4", n)
	}
	hist := must[[]store.Sighting](t)(st.IssueHistory(ctx, site.ID, "b"))
	var states []store.IssueState
	for _, h := range hist {
		states = append(states, h.State)
	}
	if want := []store.IssueState{store.StateNew, store.StateFixed, store.StateReopened, store.StateFixed}; !slices.Equal(states, want) {
		t.Errorf("history of b = %v, want %v", states, want)
	}
	if !hist[2].Seen || hist[1].Seen || !slices.Equal(hist[2].Finding.Pages, []string{p2}) {
		t.Errorf("history of b sightings = %+v", hist)
	}
	// A run cannot list a fingerprint twice, and a finished run cannot
	// finish again; neither changes anything.
	r5 := must[store.Run](t)(st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{}))
	must[store.Run](t)(st.StartRun(ctx, r5.ID))
	_, err := st.FinishRun(ctx, r5.ID, store.RunReport{Findings: []store.Finding{{Fingerprint: "x"}, {Fingerprint: "x"}}})
	wantErr(t, "fingerprint twice", err, store.ErrInvalid)
	_, err = st.FinishRun(ctx, r4.ID, store.RunReport{})
	wantErr(t, "finish twice", err, store.ErrConflict)
	tr := must[[]store.TrendPoint](t)(st.Trend(ctx, site.ID, 0))
	if len(tr) != 5 || tr[0].RunID != r1.ID || tr[1].Status != store.StatusFailed || tr[4].RunID != r4.ID {
		t.Errorf("Trend = %+v", tr)
	}
	if tr := must[[]store.TrendPoint](t)(st.Trend(ctx, site.ID, 2)); len(tr) != 2 || tr[1].RunID != r4.ID {
		t.Errorf("Trend limit 2 = %+v", tr)
	}
}

func testEvidence(t *testing.T, st store.Store) {
	ctx := context.Background()
	_, site := newSite(t, st, "https://evidence.example/")
	var runs []store.Run
	for i := range 4 {
		r := must[store.Run](t)(st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{}))
		must[store.Run](t)(st.StartRun(ctx, r.ID))
		must[store.PageRecord](t)(st.AddPage(ctx, store.PageRecord{RunID: r.ID, URL: "https://evidence.example/", Result: []byte(`{"n":` + string(rune('0'+i)) + `}`)}))
		if err := st.PutBlob(ctx, r.ID, store.BlobResults, "application/json", []byte("results")); err != nil {
			t.Fatal(err)
		}
		if err := st.PutBlob(ctx, r.ID, "crops/a.png", "image/png", make([]byte, 1000)); err != nil {
			t.Fatal(err)
		}
		must[[]store.Finding](t)(st.FinishRun(ctx, r.ID, store.RunReport{Findings: []store.Finding{{Fingerprint: "f", Crop: "crops/a.png", Pages: []string{"https://evidence.example/"}}}}))
		runs = append(runs, must[store.Run](t)(st.Run(ctx, r.ID)))
	}
	if runs[0].EvidenceBytes != 1007 {
		t.Errorf("EvidenceBytes = %d, want 1007", runs[0].EvidenceBytes)
	}
	// Replacing a blob counts its new size only.
	if err := st.PutBlob(ctx, runs[0].ID, "crops/a.png", "image/png", make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	if r := must[store.Run](t)(st.Run(ctx, runs[0].ID)); r.EvidenceBytes != 17 {
		t.Errorf("EvidenceBytes after replace = %d, want 17", r.EvidenceBytes)
	}
	for _, name := range []string{"", "../x", "/etc/passwd", "a/../../b", "a//b"} {
		wantErr(t, "blob name "+name, st.PutBlob(ctx, runs[0].ID, name, "", nil), store.ErrInvalid)
	}
	data, b, err := st.OpenBlob(ctx, runs[3].ID, "crops/a.png")
	if err != nil || len(data) != 1000 || b.ContentType != "image/png" || b.Size != 1000 {
		t.Errorf("OpenBlob = %d bytes, %+v, %v", len(data), b, err)
	}
	if bl := must[[]store.Blob](t)(st.Blobs(ctx, runs[3].ID)); len(bl) != 2 || bl[0].Name != "crops/a.png" {
		t.Errorf("Blobs = %+v", bl)
	}
	freed := must[int64](t)(st.PruneEvidence(ctx, site.ID, 2))
	if want := int64(17 + 1007 + 2*len(`{"n":0}`)); freed != want { // blobs and page results of the two oldest runs
		t.Errorf("PruneEvidence freed %d bytes, want %d", freed, want)
	}
	if again := must[int64](t)(st.PruneEvidence(ctx, site.ID, 2)); again != 0 {
		t.Errorf("second PruneEvidence freed %d", again)
	}
	for i, r := range runs {
		got := must[store.Run](t)(st.Run(ctx, r.ID))
		_, _, err := st.OpenBlob(ctx, r.ID, store.BlobResults)
		pages := must[[]store.PageRecord](t)(st.Pages(ctx, r.ID))
		fs := must[[]store.Finding](t)(st.Findings(ctx, r.ID))
		if pruned := i < 2; got.Pruned != pruned || errors.Is(err, store.ErrNotFound) != pruned || (pages[0].Result == nil) != pruned {
			t.Errorf("run %d: pruned %v, blob error %v, page result %q", i, got.Pruned, err, pages[0].Result)
		}
		if len(pages) != 1 || len(fs) != 1 {
			t.Errorf("run %d: the summary must stay: %d pages, %d findings", i, len(pages), len(fs))
		}
	}
	wantErr(t, "blob of a pruned run", st.PutBlob(ctx, runs[0].ID, "x", "", nil), store.ErrConflict)
}

func testSummaries(t *testing.T, st store.Store) {
	ctx := context.Background()
	stats, err := Seed(ctx, st, 3, 5)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Runs != 15 || stats.Findings == 0 {
		t.Fatalf("Seed = %+v", stats)
	}
	sums := must[[]store.SiteSummary](t)(st.SiteSummaries(ctx, stats.Org.ID, 4))
	if len(sums) != 3 {
		t.Fatalf("%d summaries", len(sums))
	}
	for i, s := range sums {
		if s.Site.ID != stats.Sites[i].ID || s.Last.ID == 0 || s.LastDone.ID != s.Last.ID || len(s.Sparkline) != 4 {
			t.Errorf("summary %d = %+v", i, s)
		}
		tr := must[[]store.TrendPoint](t)(st.Trend(ctx, s.Site.ID, 4))
		for k := range tr {
			if tr[k].Counts.Failed != s.Sparkline[k] {
				t.Errorf("sparkline %v does not match the trend %+v", s.Sparkline, tr)
			}
		}
	}
	// The seeded lifecycle is consistent: every issue's state is what its
	// latest event says, and each run's lifecycle counts add up.
	for _, s := range stats.Sites {
		last := must[[]store.Run](t)(st.Runs(ctx, s.ID, 1))[0]
		n := 0
		for _, st := range []store.IssueState{store.StateNew, store.StateRecurring, store.StateReopened} {
			n += last.Counts.Lifecycle[st]
		}
		if n != last.Counts.Issues {
			t.Errorf("site %d: lifecycle %v does not add up to %d issues", s.ID, last.Counts.Lifecycle, last.Counts.Issues)
		}
	}
}

// rawDB opens the database behind dsn without the store.
func rawDB(t *testing.T, dsn string) *sql.DB {
	driver := "sqlite"
	if store.DialectOf(dsn) == store.Postgres {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func testMigrations(t *testing.T, dsn string) {
	ctx := context.Background()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	org := must[store.Org](t)(st.CreateOrg(ctx, "Kept"))
	st.Close()
	// Opening again migrates nothing and keeps the data.
	st, err = store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if got := must[store.Org](t)(st.Org(ctx, org.ID)); got.Name != "Kept" {
		t.Errorf("org after reopening = %+v", got)
	}
	st.Close()
	// A database migrated by a newer granska is refused, unchanged.
	db := rawDB(t, dsn)
	v := store.SchemaVersion() + 1
	if _, err := db.ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES ($1, $2)`, v, true); err != nil {
		t.Fatal(err)
	}
	_, err = store.Open(ctx, dsn)
	wantErr(t, "newer database", err, store.ErrTooNew)
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM orgs`).Scan(&n); err != nil || n != 1 {
		t.Errorf("orgs after refusing: %d, %v", n, err)
	}
}

// A finding with a new fingerprint on the same component (rule, code,
// selector, a page in common) continues the issue; with another result
// code it is a new issue and the old one is fixed.
func testContinuation(t *testing.T, st store.Store) {
	ctx := context.Background()
	_, site := newSite(t, st, "https://cont.example/")
	p := "https://cont.example/a"
	run := func(fs ...store.Finding) []store.Finding {
		r := must[store.Run](t)(st.CreateRun(ctx, site.ID, store.TriggerManual, time.Time{}))
		must[store.Run](t)(st.StartRun(ctx, r.ID))
		return must[[]store.Finding](t)(st.FinishRun(ctx, r.ID, store.RunReport{Findings: fs, Audited: []string{p}}))
	}
	f := func(fp, code string) store.Finding {
		return store.Finding{Fingerprint: fp, Rule: "label", Code: code, Outcome: "failed", Selector: "#q", Pages: []string{p}}
	}
	run(f("fp1", "no-name"))
	if got := run(f("fp2", "no-name")); got[0].State != store.StateRecurring {
		t.Errorf("same component, new fingerprint: %s, want recurring", got[0].State)
	}
	is := must[store.Issue](t)(st.Issue(ctx, site.ID, "fp1"))
	if is.Fingerprint != "fp2" || is.State != store.StateRecurring {
		t.Errorf("issue by its old fingerprint = %+v", is)
	}
	if h := must[[]store.Sighting](t)(st.IssueHistory(ctx, site.ID, "fp2")); len(h) != 2 || !h[0].Seen || h[0].Finding.Fingerprint != "fp1" {
		t.Errorf("history of the continued issue = %+v", h)
	}
	got := run(f("fp3", "empty-name"))
	if got[0].State != store.StateNew {
		t.Errorf("another result code: %s, want new", got[0].State)
	}
	if is := must[store.Issue](t)(st.Issue(ctx, site.ID, "fp2")); is.State != store.StateFixed {
		t.Errorf("the old issue = %s, want fixed", is.State)
	}
	if n := len(must[[]store.Issue](t)(st.Issues(ctx, site.ID, store.IssueFilter{Outcome: "cantTell"}))); n != 0 {
		t.Errorf("%d cantTell issues, want 0", n)
	}
}
