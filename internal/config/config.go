// Package config reads granska.yaml, the audit settings a team keeps next
// to its code: one or several named targets (start URLs, scope, sample,
// rules, gate, reports, viewport), each resolving to the command-line
// flags of "granska audit" it stands for. Flags given on the command line
// override the file; the file never holds anything a flag cannot say, so a
// file and the equivalent flags drive the same audit.
//
// [Load] is the entry point for other callers too (granska serve imports
// its sites with it). The file is parsed strictly: an unknown key or a
// value of the wrong type is an error naming the file, line and key.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// ErrConfig is wrapped by every error about the file's content.
var ErrConfig = errors.New("config: invalid file")

// ErrNoTarget is returned by [File.Target] for a name the file lacks.
var ErrNoTarget = errors.New("config: no such target")

// Target is one audit: the settings of one site or part of one. Every
// field is optional; an unset field leaves the flag's default.
type Target struct {
	// Name is the target's key under targets ("" for a file without
	// targets: its top-level settings are the one target).
	Name string `yaml:"-" json:"-"`
	// URLs are the start pages (with crawl) or the pages audited.
	URLs []string `yaml:"urls,omitempty"`
	// Crawl follows links from URLs (default true); false audits exactly
	// the URLs (--no-crawl).
	Crawl  *bool  `yaml:"crawl,omitempty"`
	Scope  Scope  `yaml:"scope,omitempty"`
	Sample Sample `yaml:"sample,omitempty"`
	Rules  Rules  `yaml:"rules,omitempty"`
	Gate   Gate   `yaml:"gate,omitempty"`
	Report Report `yaml:"report,omitempty"`
	// Viewport is the browser's viewport in CSS pixels.
	Viewport Viewport `yaml:"viewport,omitempty"`
	// PublicSector: the site is a public body's (--public-sector).
	PublicSector *bool `yaml:"public-sector,omitempty"`
	// Headers ('Name: value'), Cookies ('name=value') and BasicAuth
	// ('user:${VAR}') for the start hosts; ${VAR} is expanded from the
	// environment when the audit starts, so the file holds no secret.
	Headers   []string `yaml:"headers,omitempty"`
	Cookies   []string `yaml:"cookies,omitempty"`
	BasicAuth string   `yaml:"basic-auth,omitempty"`
	// Login is a form login run before the crawl.
	Login Login `yaml:"login,omitempty"`
}

// Login is a form login: the shorthand of the --login-url, --login-fill
// and --login-submit flags, or the full Steps of a --login FILE (not
// both). Values may name ${VAR}, expanded from the environment when the
// audit starts. A target's login replaces the shared one whole.
type Login struct {
	URL    string   `yaml:"url,omitempty"`    // --login-url
	Fill   []string `yaml:"fill,omitempty"`   // --login-fill 'FIELD=VALUE'
	Submit string   `yaml:"submit,omitempty"` // --login-submit
	// Steps are the login's steps, as a --login FILE's.
	Steps []LoginStep `yaml:"steps,omitempty"`
	// LogoutPattern: --logout-pattern.
	LogoutPattern string `yaml:"logout-pattern,omitempty"`
}

// LoginStep is one step of a form login; exactly one key is set (the
// meaning of each is audit/login.Step's).
type LoginStep struct {
	Goto         string `yaml:"goto,omitempty"`
	Fill         string `yaml:"fill,omitempty"`
	Click        string `yaml:"click,omitempty"`
	WaitURL      string `yaml:"wait-url,omitempty"`
	WaitSelector string `yaml:"wait-selector,omitempty"`
}

// IsSet reports whether the login says anything.
func (l Login) IsSet() bool {
	return l.URL != "" || l.Fill != nil || l.Submit != "" || l.Steps != nil || l.LogoutPattern != ""
}

// check returns the first problem as a key path under login and a message.
func (l Login) check() (key, msg string) {
	switch {
	case l.Steps != nil && (l.URL != "" || l.Fill != nil || l.Submit != ""):
		return "steps", "give steps or url, fill and submit, not both"
	case l.Steps == nil && l.URL == "" && (l.Fill != nil || l.Submit != ""):
		return "url", "fill and submit need the login page's url"
	case l.URL != "" && l.Submit == "":
		return "submit", "url needs submit: the name of the button that logs in"
	case l.Steps != nil && len(l.Steps) == 0:
		return "steps", "no steps"
	}
	for i, f := range l.Fill {
		if k, _, ok := strings.Cut(f, "="); !ok || strings.TrimSpace(k) == "" {
			return fmt.Sprintf("fill[%d]", i), "want 'FIELD=VALUE'"
		}
	}
	for i, st := range l.Steps {
		n := 0
		for _, v := range []string{st.Goto, st.Fill, st.Click, st.WaitURL, st.WaitSelector} {
			if v != "" {
				n++
			}
		}
		if n != 1 {
			return fmt.Sprintf("steps[%d]", i), "want exactly one of goto, fill, click, wait-url, wait-selector"
		}
		if st.Fill != "" {
			if k, _, ok := strings.Cut(st.Fill, "="); !ok || strings.TrimSpace(k) == "" {
				return fmt.Sprintf("steps[%d].fill", i), "want 'FIELD=VALUE'"
			}
		}
	}
	if l.LogoutPattern != "" {
		if _, err := regexp.Compile(l.LogoutPattern); err != nil {
			return "logout-pattern", err.Error()
		}
	}
	return "", ""
}

// Scope says which URLs the crawl may visit.
type Scope struct {
	Include      []string `yaml:"include,omitempty"`     // --include-url regular expressions
	Exclude      []string `yaml:"exclude,omitempty"`     // --exclude-url regular expressions
	PathPrefix   string   `yaml:"path-prefix,omitempty"` // --path-prefix
	Subdomains   *bool    `yaml:"subdomains,omitempty"`  // --subdomains
	MaxDepth     *int     `yaml:"max-depth,omitempty"`   // --max-depth
	IgnoreRobots *bool    `yaml:"ignore-robots,omitempty"`
}

// Sample says which of the pages found are audited.
type Sample struct {
	PerTemplate *int  `yaml:"per-template,omitempty"` // --per-template
	MaxPages    *int  `yaml:"max-pages,omitempty"`    // --max-pages
	All         *bool `yaml:"all,omitempty"`          // --all
}

// Rules selects the rules run.
type Rules struct {
	Only    []string `yaml:"only,omitempty"`    // --rules: exactly these
	Include []string `yaml:"include,omitempty"` // --include: optional rules added
}

// Gate says what fails the run.
type Gate struct {
	FailOn   string `yaml:"fail-on,omitempty"`  // --fail-on
	Baseline string `yaml:"baseline,omitempty"` // --baseline FILE (relative to the working directory)
}

// Report says what is written where.
type Report struct {
	Formats []string `yaml:"formats,omitempty"` // --format
	Lang    string   `yaml:"lang,omitempty"`    // --lang sv|en
	Out     string   `yaml:"out,omitempty"`     // --out
}

// Viewport is a width and height in CSS pixels.
type Viewport struct {
	Width  *int `yaml:"width,omitempty"`
	Height *int `yaml:"height,omitempty"`
}

// file is the document: either a target's keys at the top level, or
// named targets (with the top-level keys as their shared defaults).
type file struct {
	Target  `yaml:",inline"`
	Targets map[string]Target `yaml:"targets,omitempty"`
}

// File is a loaded configuration file.
type File struct {
	Path    string
	Targets []Target // sorted by name; one unnamed target when the file names none
}

// Setting is one flag the file sets: its name (without dashes) and its
// values (one for a scalar flag; a list flag takes them all).
type Setting struct {
	Flag   string
	Values []string
}

// Load reads and checks the file at path and returns its targets, sorted
// by name. Errors about the content wrap [ErrConfig] and name the path,
// line and key.
func Load(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(path, data)
}

// Parse is [Load] on data already read; path names it in errors.
func Parse(path string, data []byte) (*File, error) {
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.Strict())
	if err := dec.Decode(&f); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: %s: the file is empty", ErrConfig, path)
		}
		return nil, describe(path, data, err)
	}
	out := &File{Path: path}
	if len(f.Targets) == 0 {
		out.Targets = []Target{f.Target}
	} else {
		names := make([]string, 0, len(f.Targets))
		for n := range f.Targets {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			t := merge(f.Target, f.Targets[n])
			t.Name = n
			out.Targets = append(out.Targets, t)
		}
	}
	for _, t := range out.Targets {
		if key, msg := t.check(); key != "" {
			// The key where the file says it: the target's own, else the
			// shared one it inherits.
			own := "targets." + t.Name + "." + key
			if t.Name == "" {
				own = key
			}
			line, col := position(data, own)
			if line == 0 && t.Name != "" {
				line, col = position(data, key)
			}
			if line == 0 {
				return nil, fmt.Errorf("%w: %s: %s: %s", ErrConfig, path, own, msg)
			}
			return nil, fmt.Errorf("%w: %s:%d:%d: %s: %s", ErrConfig, path, line, col, own, msg)
		}
	}
	return out, nil
}

// Target returns the target called name. An empty name is allowed when the
// file has exactly one target.
func (f *File) Target(name string) (Target, error) {
	if name == "" {
		if len(f.Targets) == 1 {
			return f.Targets[0], nil
		}
		return Target{}, fmt.Errorf("%w: %s has %d targets (%s): choose one with --target", ErrNoTarget, f.Path, len(f.Targets), strings.Join(f.Names(), ", "))
	}
	for _, t := range f.Targets {
		if t.Name == name {
			return t, nil
		}
	}
	return Target{}, fmt.Errorf("%w: %q in %s (targets: %s)", ErrNoTarget, name, f.Path, strings.Join(f.Names(), ", "))
}

// Names lists the target names, sorted.
func (f *File) Names() []string {
	var out []string
	for _, t := range f.Targets {
		out = append(out, t.Name)
	}
	return out
}

// check returns the first problem of the target: the key path (within
// the target) and a message; "" when there is none.
func (t Target) check() (key, msg string) {
	if t.Report.Lang != "" && t.Report.Lang != "sv" && t.Report.Lang != "en" {
		return "report.lang", fmt.Sprintf("%q: use sv or en", t.Report.Lang)
	}
	for i, v := range []*int{t.Viewport.Width, t.Viewport.Height} {
		if v != nil && *v <= 0 {
			return "viewport." + []string{"width", "height"}[i], "must be positive"
		}
	}
	if k, m := t.Login.check(); k != "" {
		return "login." + k, m
	}
	return "", ""
}

// position returns the line and column of the value at the key path
// (scope.max-depth, login.steps[1]) in data, or of the nearest key above
// it that is there (a key missing is reported where it belongs); 0 when
// none is.
func position(data []byte, key string) (line, col int) {
	for k := key; k != ""; {
		if line, col = positionOf(data, k); line > 0 {
			return line, col
		}
		i := strings.LastIndexAny(k, ".[")
		if i < 0 {
			break
		}
		k = k[:i]
	}
	return 0, 0
}

func positionOf(data []byte, key string) (line, col int) {
	p, err := yaml.PathString("$." + key)
	if err != nil {
		return 0, 0
	}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return 0, 0
	}
	n, err := p.FilterFile(f)
	if err != nil || n == nil || n.GetToken() == nil || n.GetToken().Position == nil {
		return 0, 0
	}
	return n.GetToken().Position.Line, n.GetToken().Position.Column
}

// merge returns base with every field t sets replaced by t's.
func merge(base, t Target) Target {
	m := base
	set := func(dst *[]string, v []string) {
		if v != nil {
			*dst = v
		}
	}
	str := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&m.URLs, t.URLs)
	m.Crawl = pick(m.Crawl, t.Crawl)
	set(&m.Scope.Include, t.Scope.Include)
	set(&m.Scope.Exclude, t.Scope.Exclude)
	str(&m.Scope.PathPrefix, t.Scope.PathPrefix)
	m.Scope.Subdomains = pick(m.Scope.Subdomains, t.Scope.Subdomains)
	m.Scope.MaxDepth = pick(m.Scope.MaxDepth, t.Scope.MaxDepth)
	m.Scope.IgnoreRobots = pick(m.Scope.IgnoreRobots, t.Scope.IgnoreRobots)
	m.Sample.PerTemplate = pick(m.Sample.PerTemplate, t.Sample.PerTemplate)
	m.Sample.MaxPages = pick(m.Sample.MaxPages, t.Sample.MaxPages)
	m.Sample.All = pick(m.Sample.All, t.Sample.All)
	set(&m.Rules.Only, t.Rules.Only)
	set(&m.Rules.Include, t.Rules.Include)
	str(&m.Gate.FailOn, t.Gate.FailOn)
	str(&m.Gate.Baseline, t.Gate.Baseline)
	set(&m.Report.Formats, t.Report.Formats)
	str(&m.Report.Lang, t.Report.Lang)
	str(&m.Report.Out, t.Report.Out)
	m.Viewport.Width = pick(m.Viewport.Width, t.Viewport.Width)
	m.Viewport.Height = pick(m.Viewport.Height, t.Viewport.Height)
	m.PublicSector = pick(m.PublicSector, t.PublicSector)
	set(&m.Headers, t.Headers)
	set(&m.Cookies, t.Cookies)
	str(&m.BasicAuth, t.BasicAuth)
	if t.Login.IsSet() {
		m.Login = t.Login
	}
	return m
}

func pick[T any](base, over *T) *T {
	if over != nil {
		return over
	}
	return base
}

// Settings returns the flags of "granska audit" the target stands for,
// sorted by flag name; the start URLs are not among them (they are the
// command's arguments: [Target.URLs]), nor the login's Steps (a --login
// FILE's content: [Target.Login]).
func (t Target) Settings() []Setting {
	var out []Setting
	add := func(flag string, v ...string) { out = append(out, Setting{Flag: flag, Values: v}) }
	list := func(flag string, v []string) {
		if v != nil {
			add(flag, v...)
		}
	}
	str := func(flag, v string) {
		if v != "" {
			add(flag, v)
		}
	}
	boolean := func(flag string, v *bool) {
		if v != nil {
			add(flag, strconv.FormatBool(*v))
		}
	}
	integer := func(flag string, v *int) {
		if v != nil {
			add(flag, strconv.Itoa(*v))
		}
	}
	if t.Crawl != nil {
		add("no-crawl", strconv.FormatBool(!*t.Crawl))
	}
	list("include-url", t.Scope.Include)
	list("exclude-url", t.Scope.Exclude)
	str("path-prefix", t.Scope.PathPrefix)
	boolean("subdomains", t.Scope.Subdomains)
	integer("max-depth", t.Scope.MaxDepth)
	boolean("ignore-robots", t.Scope.IgnoreRobots)
	integer("per-template", t.Sample.PerTemplate)
	integer("max-pages", t.Sample.MaxPages)
	boolean("all", t.Sample.All)
	list("rules", t.Rules.Only)
	list("include", t.Rules.Include)
	str("fail-on", t.Gate.FailOn)
	str("baseline", t.Gate.Baseline)
	list("format", t.Report.Formats)
	str("lang", t.Report.Lang)
	str("out", t.Report.Out)
	integer("width", t.Viewport.Width)
	integer("height", t.Viewport.Height)
	boolean("public-sector", t.PublicSector)
	list("header", t.Headers)
	list("cookie", t.Cookies)
	str("basic-auth", t.BasicAuth)
	str("login-url", t.Login.URL)
	list("login-fill", t.Login.Fill)
	str("login-submit", t.Login.Submit)
	str("logout-pattern", t.Login.LogoutPattern)
	sort.Slice(out, func(i, j int) bool { return out[i].Flag < out[j].Flag })
	return out
}

// describe turns a decoder error into "path:line:col: key: message",
// finding the key from the node the error points at.
func describe(path string, data []byte, err error) error {
	var ye yaml.Error
	if !errors.As(err, &ye) || ye.GetToken() == nil || ye.GetToken().Position == nil {
		return fmt.Errorf("%w: %s: %v", ErrConfig, path, err)
	}
	tok, msg := ye.GetToken(), plain(ye.GetMessage())
	key := keyAt(data, tok.Position.Line, tok.Position.Column)
	if key != "" {
		key = " " + key + ":"
	}
	return fmt.Errorf("%w: %s:%d:%d:%s %s", ErrConfig, path, tok.Position.Line, tok.Position.Column, key, msg)
}

var (
	typeMsg    = regexp.MustCompile(`^cannot unmarshal (\S+) into Go .* of type (\S+)$`)
	unknownMsg = regexp.MustCompile(`^unknown field (".*")$`)
)

// plain words the decoder's message for a YAML author (no Go names).
func plain(msg string) string {
	if m := typeMsg.FindStringSubmatch(msg); m != nil {
		got := m[1]
		if strings.HasPrefix(got, "[]") {
			got = "list"
		} else if strings.HasPrefix(got, "map") {
			got = "mapping"
		}
		return "got " + got + ", want " + m[2]
	}
	if m := unknownMsg.FindStringSubmatch(msg); m != nil {
		return "unknown key " + m[1]
	}
	return msg
}

// keyAt returns the YAML path (targets.public.scope.max-depth) of the node
// at line and column, or "".
func keyAt(data []byte, line, col int) string {
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return ""
	}
	var best string
	for _, d := range f.Docs {
		ast.Walk(visitor(func(n ast.Node) {
			tk := n.GetToken()
			if tk == nil || tk.Position == nil {
				return
			}
			if tk.Position.Line == line && tk.Position.Column == col {
				if p := n.GetPath(); len(p) > len(best) {
					best = p
				}
			}
		}), d)
	}
	return strings.TrimPrefix(strings.TrimPrefix(best, "$"), ".")
}

type visitor func(ast.Node)

func (v visitor) Visit(n ast.Node) ast.Visitor {
	v(n)
	return v
}
