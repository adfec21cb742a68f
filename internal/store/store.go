// Package store is the monitoring server's database: organisations, users,
// sessions and API tokens; sites and their schedules; runs with their page
// journal, findings, evidence blobs and counts; and each issue's lifecycle
// across runs (new, recurring, fixed, reopened).
//
// Store is the one interface the server, the scheduler and (later) remote
// workers use. Open picks the implementation from the DSN: a file path or
// "file:" URI is SQLite (modernc.org/sqlite, pure Go, WAL, one writer), a
// "postgres://" or "postgresql://" URL is Postgres (pgx v5). Both share one
// schema of plain SQL, applied by numbered, embedded migrations at Open:
//
//	st, err := store.Open(ctx, "granska.db")        // or "postgres://…"
//	defer st.Close()
//
// Contracts every implementation keeps (the shared test suite in
// internal/store/storetest checks them on both dialects):
//   - IDs are positive int64, assigned by the store; 0 means "none".
//   - Times are stored and returned in UTC, truncated to the microsecond.
//   - Lists are returned in a documented, stable order, never map order.
//   - Lookups of something absent return an error wrapping ErrNotFound;
//     a violated uniqueness (an e-mail, a site, a page of a run, a second
//     active run of a site) wraps ErrDuplicate or ErrConflict. Errors from
//     a locked, read-only or full database wrap ErrBusy, ErrReadOnly or
//     ErrDiskFull. A failed call changes nothing: every write is one
//     transaction.
//   - Secrets are never stored in the clear: the store keeps the hashes
//     its caller computed (passwords, session ids, API tokens).
package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Sentinel errors; the store wraps them with what was asked.
var (
	// ErrNotFound: no such row (or a session that expired).
	ErrNotFound = errors.New("store: not found")
	// ErrDuplicate: a unique key exists already (a user's e-mail, a site's
	// start URL in its organisation, a page URL in a run).
	ErrDuplicate = errors.New("store: already exists")
	// ErrConflict: the row is not in a state that allows the change (a run
	// started twice, a second queued or running run for one site).
	ErrConflict = errors.New("store: conflicting state")
	// ErrInvalid: a value fails validation (empty name, bad role, malformed
	// URL); the message says which.
	ErrInvalid = errors.New("store: invalid value")
	// ErrTooNew: the database was migrated by a newer Granska; this binary
	// refuses to open it rather than misread it.
	ErrTooNew = errors.New("store: database schema is newer than this granska")
	// ErrBusy: the database is locked by another writer past the timeout.
	ErrBusy = errors.New("store: database is locked")
	// ErrReadOnly: the database (file, folder or server) refuses writes.
	ErrReadOnly = errors.New("store: database is read-only")
	// ErrDiskFull: the disk or quota is full; nothing was written.
	ErrDiskFull = errors.New("store: disk full")
	// ErrUnavailable is a lost or refused database connection (the
	// server restarting, the network): trying again later may succeed.
	// Whether the failed statement took effect is unknown.
	ErrUnavailable = errors.New("store: database unavailable")
)

// Role is a user's or a token's role in one organisation. Each role can
// do what the one before it can: viewer reads; editor adds and changes
// sites and starts runs; admin manages users, tokens and the organisation.
type Role string

// The roles, weakest first.
const (
	RoleViewer Role = "viewer"
	RoleEditor Role = "editor"
	RoleAdmin  Role = "admin"
)

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Allows reports whether r is at least min. An invalid role allows nothing.
func (r Role) Allows(min Role) bool { return r.rank() > 0 && r.rank() >= min.rank() }

func (r Role) rank() int {
	switch r {
	case RoleViewer:
		return 1
	case RoleEditor:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Org is an organisation: the unit that owns sites, users' roles and tokens.
type Org struct {
	ID      int64
	Name    string
	Created time.Time
}

// User is a person who logs in to the dashboard. Email is unique (compared
// case-insensitively: the store lower-cases it). PasswordHash is the
// caller's encoded hash (argon2id or bcrypt), never the password.
type User struct {
	ID           int64
	Email        string
	Name         string
	PasswordHash string
	Created      time.Time
}

// Membership is a user's role in an organisation; a user has at most one
// role per organisation.
type Membership struct {
	OrgID  int64
	UserID int64
	Role   Role
}

// Session is a logged-in browser. IDHash is the hash of the cookie value
// (the store never sees the cookie); CSRF is the session's form token.
// Session returns ErrNotFound once Expires has passed.
type Session struct {
	IDHash  string
	UserID  int64
	CSRF    string
	Created time.Time
	Expires time.Time
}

// Token is an API token of one organisation with one role. Hash is the
// hash of the secret the user was shown once; Name is a label.
type Token struct {
	ID       int64
	OrgID    int64
	Name     string
	Hash     string
	Role     Role
	Created  time.Time
	LastUsed time.Time // zero when never used
}

// Scope says which URLs of a site a run may visit (audit.CrawlConfig).
type Scope struct {
	Subdomains   bool     `json:"subdomains,omitempty"`
	PathPrefix   string   `json:"pathPrefix,omitempty"`
	Include      []string `json:"include,omitempty"`
	Exclude      []string `json:"exclude,omitempty"`
	IgnoreRobots bool     `json:"ignoreRobots,omitempty"`
}

// Sample says how many pages a run audits (audit.CrawlConfig). Crawl false
// audits the start URLs only. Zero values take the engine's defaults.
type Sample struct {
	Crawl       bool `json:"crawl"`
	MaxPages    int  `json:"maxPages,omitempty"`
	MaxDepth    int  `json:"maxDepth,omitempty"`
	PerTemplate int  `json:"perTemplate,omitempty"`
	All         bool `json:"all,omitempty"`
	// Method is crawl.Config.Sample: "" for the sample per template,
	// "wad" for the sample of Decision (EU) 2018/1524 (public sector).
	Method string `json:"method,omitempty"`
}

// Alert kinds.
const (
	AlertWebhook = "webhook"
	AlertEmail   = "email"
)

// AlertTarget is where a site's alerts go. Kind is AlertWebhook (Address
// is an https or http URL) or AlertEmail (Address is an e-mail address).
// Threshold, when positive, also alerts when a run's failed outcomes
// reach it.
type AlertTarget struct {
	Kind      string `json:"kind"`
	Address   string `json:"address"`
	Threshold int    `json:"threshold,omitempty"`
}

// MaxGroupLen bounds Site.Group in bytes.
const MaxGroupLen = 200

// Site is a website monitored on a schedule. URLs are the start URLs
// (absolute http or https, at least one); the first one, normalised, is
// unique in its organisation (CreateSite returns ErrDuplicate). Schedule
// is "" (manual runs only), a name such as "daily" or "weekly", "@every
// 6h", or a five-field cron expression; the store keeps it as given and
// the monitor package validates it. NextRun is the scheduler's next slot
// (zero: none), kept here so a restart knows what it missed.
type Site struct {
	ID           int64
	OrgID        int64
	Name         string
	URLs         []string
	Scope        Scope
	Sample       Sample
	Schedule     string
	Lang         string // the language the site is expected to be in (BCP 47), "" unknown
	PublicSector bool
	// Group is the organisation the site belongs to, such as the public
	// body that publishes it ("" none): the unit of the export of a group
	// of sites over a period. It is free text, at most MaxGroupLen bytes,
	// without control characters, compared exactly.
	Group  string
	Alerts []AlertTarget
	// Retain is how many runs' evidence to keep for this site (0: the
	// server default). Summaries are kept forever.
	Retain  int
	NextRun time.Time
	Created time.Time
	Updated time.Time
}

// Status is a run's state: queued → running → done or failed. A queued
// run may also go to failed (cancelled); done and failed are final.
type Status string

// The run states.
const (
	StatusQueued  Status = "queued"
	StatusRunning Status = "running"
	StatusDone    Status = "done"
	StatusFailed  Status = "failed"
)

// Active reports whether s is queued or running.
func (s Status) Active() bool { return s == StatusQueued || s == StatusRunning }

// Triggers: why a run was started.
const (
	TriggerSchedule = "schedule"
	TriggerManual   = "manual"
	TriggerAPI      = "api"
)

// Counts summarise a run. Failed and CantTell count outcomes (as
// result.Run.Tally); Pages counts pages audited and PageErrors pages that
// could not be audited. The maps are keyed by impact ("critical",
// "serious", "moderate", "minor"), WCAG principle ("1".."4"), WCAG success
// criterion ("1.4.3") and EN 301 549 clause ("9.1.4.3") and count failed
// outcomes; Issues counts distinct failed or cantTell fingerprints and
// Lifecycle those issues by the state the run gave them (FinishRun fills
// it in). Readers must sort keys before showing them.
type Counts struct {
	Pages       int                `json:"pages"`
	PageErrors  int                `json:"pageErrors,omitempty"`
	Failed      int                `json:"failed"`
	CantTell    int                `json:"cantTell"`
	Passed      int                `json:"passed,omitempty"`
	Issues      int                `json:"issues,omitempty"`
	ByImpact    map[string]int     `json:"byImpact,omitempty"`
	ByPrinciple map[string]int     `json:"byPrinciple,omitempty"`
	ByWCAG      map[string]int     `json:"byWcag,omitempty"`
	ByEN        map[string]int     `json:"byEn,omitempty"`
	Templates   []TemplateCount    `json:"templates,omitempty"`
	Lifecycle   map[IssueState]int `json:"lifecycle,omitempty"`
}

// TemplateCount is one URL template's share of a run, sorted by Key.
type TemplateCount struct {
	Key      string `json:"key"`
	Pages    int    `json:"pages"`
	Failed   int    `json:"failed"`
	CantTell int    `json:"cantTell"`
}

// Run is one audit of a site. Slot is the schedule slot it was started
// for (zero for manual runs); (SiteID, Slot) is unique for scheduled runs
// so that a slot never runs twice. Reason says why a run failed (or was
// cancelled). EvidenceBytes is the size of the run's blobs; Pruned is set
// once the retention policy removed them (the summary stays).
type Run struct {
	ID            int64
	SiteID        int64
	Status        Status
	Trigger       string
	Slot          time.Time
	Reason        string
	Queued        time.Time
	Started       time.Time // zero until running
	Finished      time.Time // zero until done or failed
	Counts        Counts
	EvidenceBytes int64
	Pruned        bool
}

// PageRecord is one finished page of a run: the page journal. (RunID, URL)
// is unique by a database constraint, so a page is never recorded twice in
// a run; AddPage returns ErrDuplicate for the second. Result is the page's
// result.Page as JSON; it is dropped (nil) when the run's evidence is
// pruned, URL, Template, Status and the counts stay.
type PageRecord struct {
	RunID    int64
	Seq      int64 // assigned by the store, increasing in order of recording
	URL      string
	Template string
	Status   int    // HTTP status
	Error    string // set when the page could not be audited
	Failed   int
	CantTell int
	Result   json.RawMessage
	Recorded time.Time
}

// IssueState is an issue's place in its lifecycle after a run:
//   - new: seen in this run, never seen before;
//   - recurring: seen in this run and in the previous run that audited it;
//   - fixed: not seen in this run although a page it was last seen on was
//     audited, after being seen before;
//   - reopened: seen in this run after being fixed.
//
// Only done runs move the lifecycle; a failed run changes no issue. An
// issue none of whose last pages were audited in a run keeps its state.
type IssueState string

// The lifecycle states.
const (
	StateNew       IssueState = "new"
	StateRecurring IssueState = "recurring"
	StateFixed     IssueState = "fixed"
	StateReopened  IssueState = "reopened"
)

// Valid reports whether s is one of the four states.
func (s IssueState) Valid() bool {
	return s == StateNew || s == StateRecurring || s == StateFixed || s == StateReopened
}

// Finding is one issue as a run saw it: the fingerprint the CI baseline
// uses (result.Fingerprint; report.Dedupe groups by it), with the pages it
// was on in that run. FinishRun takes the run's findings; Findings reads
// them back, sorted by Fingerprint.
type Finding struct {
	RunID       int64
	Fingerprint string
	Rule        string
	Code        string
	Outcome     string // "failed" or "cantTell"
	Impact      string
	WCAG        []string
	EN          []string
	Message     string
	MessageSV   string
	Selector    string
	Snippet     string
	// Crop names a blob of the run (PutBlob) showing an example; "" none.
	Crop        string
	Occurrences int
	Pages       []string // sorted
	// State is the issue's lifecycle state this run set (FinishRun fills
	// it in; its input is ignored).
	State IssueState
}

// Issue is a site's issue across runs, keyed by (SiteID, Fingerprint).
// Fingerprint is the one it was last seen with: a finding whose
// fingerprint is unknown continues an issue the run did not see when both
// are the same component (rule, result code and element selector equal,
// a page in common), as when a fix on an element adds an attribute and so
// changes its shape; Issue finds an issue by any fingerprint it had.
// State is its lifecycle state after StateRun, the latest done run that
// changed or confirmed it. FirstSeen and LastSeen are run IDs; Last holds
// the finding of LastSeen (rule, message, pages, crop).
type Issue struct {
	ID          int64
	SiteID      int64
	Fingerprint string
	State       IssueState
	StateRun    int64
	FirstSeen   int64
	LastSeen    int64
	Last        Finding
}

// IssueFilter selects a site's issues. Zero fields do not filter. Run
// selects issues whose state that run set (the "new since the previous
// run" view is {State: StateNew, Run: latest}). Results are sorted by
// impact (critical first), then rule, then fingerprint; Limit 0 means all.
type IssueFilter struct {
	State  IssueState
	Run    int64
	Rule   string
	Impact string
	// Outcome "failed" keeps barriers, "cantTell" the items a person must
	// review (by the issue's last finding); "" both.
	Outcome string
	Limit   int
	Offset  int
}

// Sighting is one done run's view of an issue, for its history: the
// state the run gave it and, when seen, the finding (Pages, crop).
type Sighting struct {
	RunID    int64
	Finished time.Time
	State    IssueState
	Seen     bool
	Finding  Finding // zero when not Seen
}

// TrendPoint is a finished run's counts, for charts.
type TrendPoint struct {
	RunID    int64
	Status   Status
	Finished time.Time
	Counts   Counts
}

// SiteSummary is one row of the dashboard's sites list: the site, its
// latest run of any status (ID 0: none), its latest done run, and the
// Failed counts of its last done runs for a sparkline, oldest first.
type SiteSummary struct {
	Site      Site
	Last      Run
	LastDone  Run
	Sparkline []int
}

// Blob is a named piece of a run's evidence (results.json, index.html,
// report.pdf, shots/….jpg). Names are slash-separated relative paths
// without "..", unique per run.
type Blob struct {
	RunID       int64
	Name        string
	ContentType string
	Size        int64
	Created     time.Time
}

// Blob names the runner stores for every done run (while its evidence is
// kept): the files of the audit's output folder under their own names, so
// that the HTML report's relative links ("shots/….jpg") resolve when the
// blobs of a run are served under one path. Crops and page screenshots
// are "shots/<file>"; Finding.Crop names one of them.
const (
	BlobResults    = "results.json"
	BlobReportHTML = "index.html"
	BlobReportPDF  = "report.pdf"
)

// RunReport is what a finished run records: its counts, its findings,
// and the URLs it audited (pages that could be audited, as in the
// journal); an issue last seen on a page not audited this run keeps its
// state. Audited nil means the run's journal (pages without Error), plus
// every page a finding names.
type RunReport struct {
	Counts   Counts
	Findings []Finding
	Audited  []string
}

// Store is the monitoring database. All methods are safe for concurrent
// use and honour ctx.
type Store interface {
	// Dialect is "sqlite" or "postgres".
	Dialect() string
	// Close releases the database; the Store must not be used after.
	Close() error

	// Organisations. CreateOrg's name must be non-empty and unique
	// (ErrDuplicate). Orgs are sorted by name.
	CreateOrg(ctx context.Context, name string) (Org, error)
	Org(ctx context.Context, id int64) (Org, error)
	Orgs(ctx context.Context) ([]Org, error)

	// Users. CreateUser assigns ID and Created; the e-mail is lower-cased
	// and unique (ErrDuplicate). SetPassword replaces the hash.
	CreateUser(ctx context.Context, u User) (User, error)
	User(ctx context.Context, id int64) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	SetPassword(ctx context.Context, userID int64, hash string) error
	// SetRole gives a user a role in an organisation (replacing any);
	// RemoveMember takes it away. Memberships lists a user's roles,
	// sorted by OrgID; Members an organisation's, sorted by UserID.
	SetRole(ctx context.Context, orgID, userID int64, role Role) error
	RemoveMember(ctx context.Context, orgID, userID int64) error
	Memberships(ctx context.Context, userID int64) ([]Membership, error)
	Members(ctx context.Context, orgID int64) ([]Membership, error)

	// Sessions. Session returns ErrNotFound for an unknown or expired
	// hash. DeleteExpiredSessions removes those expired before now and
	// says how many.
	CreateSession(ctx context.Context, s Session) error
	Session(ctx context.Context, idHash string, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, idHash string) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	// API tokens. CreateToken assigns ID and Created (Hash unique).
	// TokenByHash also records LastUsed = now. Tokens lists an
	// organisation's tokens by ID.
	CreateToken(ctx context.Context, t Token) (Token, error)
	TokenByHash(ctx context.Context, hash string, now time.Time) (Token, error)
	Tokens(ctx context.Context, orgID int64) ([]Token, error)
	DeleteToken(ctx context.Context, id int64) error

	// Sites. CreateSite validates (name, at least one absolute http(s)
	// URL, existing org; ErrInvalid) and assigns ID, Created, Updated.
	// UpdateSite replaces every field but ID, OrgID and Created.
	// DeleteSite removes the site with its runs, pages, findings, issues
	// and blobs. Sites lists an organisation's sites (orgID 0: all) by
	// name then ID. SetNextRun records the scheduler's next slot.
	CreateSite(ctx context.Context, s Site) (Site, error)
	UpdateSite(ctx context.Context, s Site) (Site, error)
	Site(ctx context.Context, id int64) (Site, error)
	Sites(ctx context.Context, orgID int64) ([]Site, error)
	// GroupSites lists the sites of organisation orgID whose Group is
	// group, in Sites order; none is not an error.
	GroupSites(ctx context.Context, orgID int64, group string) ([]Site, error)
	DeleteSite(ctx context.Context, id int64) error
	SetNextRun(ctx context.Context, siteID int64, next time.Time) error
	// SiteSummaries is the dashboard's sites list for an organisation
	// (0: all), in Sites order, with sparkline of up to spark done runs.
	SiteSummaries(ctx context.Context, orgID int64, spark int) ([]SiteSummary, error)

	// Runs. CreateRun queues a run; a site has at most one queued or
	// running run (ErrConflict, and the active run is returned with it),
	// and a scheduled slot runs once (ErrDuplicate). StartRun moves a
	// queued run to running (ErrConflict otherwise). FinishRun records
	// the report of a running run, marks it done and moves the site's
	// issue lifecycle, all in one transaction; the returned findings
	// carry their State. FailRun ends a queued or running run as failed
	// with its reason and whatever counts it had; issues do not move.
	CreateRun(ctx context.Context, siteID int64, trigger string, slot time.Time) (Run, error)
	StartRun(ctx context.Context, runID int64) (Run, error)
	FinishRun(ctx context.Context, runID int64, rep RunReport) ([]Finding, error)
	FailRun(ctx context.Context, runID int64, reason string, c Counts) error
	Run(ctx context.Context, id int64) (Run, error)
	// Runs lists a site's runs, newest first (by ID), at most limit
	// (0: all). ActiveRuns lists every queued or running run by ID: the
	// monitor resumes them at start.
	Runs(ctx context.Context, siteID int64, limit int) ([]Run, error)
	// DoneRuns lists a site's done runs that finished in [from, to),
	// oldest first; a zero from or to leaves that end open. An empty
	// period (from not before to) is ErrInvalid.
	DoneRuns(ctx context.Context, siteID int64, from, to time.Time) ([]Run, error)
	ActiveRuns(ctx context.Context) ([]Run, error)

	// The page journal. AddPage appends a finished page to a queued or
	// running run (ErrConflict for a finished one); a URL already in the
	// run is ErrDuplicate and changes nothing. Pages lists the journal by
	// Seq; PageURLs just the URLs (cheap, for resuming).
	AddPage(ctx context.Context, p PageRecord) (PageRecord, error)
	Pages(ctx context.Context, runID int64) ([]PageRecord, error)
	PageURLs(ctx context.Context, runID int64) ([]string, error)
	// SetRunState and RunState keep a running run's opaque engine state
	// by name (the crawl frontier), so that a run can continue elsewhere.
	// RunState returns ErrNotFound when none was saved.
	SetRunState(ctx context.Context, runID int64, name string, data []byte) error
	RunState(ctx context.Context, runID int64, name string) ([]byte, error)

	// Findings and issues. Findings lists a run's findings by
	// fingerprint. Issues lists a site's issues (see IssueFilter).
	// Issue finds one by fingerprint. IssueHistory lists every done run
	// of the site since the issue was first seen, oldest first.
	Findings(ctx context.Context, runID int64) ([]Finding, error)
	Issues(ctx context.Context, siteID int64, f IssueFilter) ([]Issue, error)
	Issue(ctx context.Context, siteID int64, fingerprint string) (Issue, error)
	IssueHistory(ctx context.Context, siteID int64, fingerprint string) ([]Sighting, error)

	// Trend lists a site's finished runs (done and failed), oldest first,
	// the last limit of them (0: all).
	Trend(ctx context.Context, siteID int64, limit int) ([]TrendPoint, error)

	// Evidence. PutBlob stores (or replaces) a named blob of a run and
	// adds its size to the run's EvidenceBytes; OpenBlob reads it back
	// (ErrNotFound after pruning); Blobs lists a run's blobs by name.
	PutBlob(ctx context.Context, runID int64, name, contentType string, data []byte) error
	OpenBlob(ctx context.Context, runID int64, name string) ([]byte, Blob, error)
	Blobs(ctx context.Context, runID int64) ([]Blob, error)
	// PruneEvidence applies the retention policy to one site: the blobs
	// and page results of all but its last keep finished runs are
	// deleted and those runs marked Pruned; run summaries, counts,
	// findings and issues stay. It returns the bytes freed.
	PruneEvidence(ctx context.Context, siteID int64, keep int) (int64, error)
}
