package crawl

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"time"
)

// Defaults for the zero values of [Config].
const (
	DefaultMaxPages         = 10000
	DefaultMaxPerTemplate   = 500
	DefaultMaxQueryVariants = 20
	DefaultParallelism      = 4
	DefaultPageTimeout      = 30 * time.Second
	DefaultPerTemplate      = 3
)

// DefaultUserAgent is the User-Agent sent when Config.UserAgent is empty.
var DefaultUserAgent = UserAgent("dev")

// UserAgent returns the User-Agent string that names Granska at version v,
// e.g. "Granska/1.2.0 (+accessibility audit)". robots.txt groups for
// "Granska" apply to it.
func UserAgent(v string) string {
	return "Granska/" + v + " (+accessibility audit)"
}

// Config says what to visit and how hard. The zero value of every field but
// Start is usable; see the Default constants. Config is JSON-serialisable
// (Client excepted) and is saved in StateDir so that [Load] resumes with it.
type Config struct {
	// Start lists the URLs the crawl starts from. They define the scope's
	// hosts and are always fetched and sampled (robots.txt permitting),
	// whatever PathPrefix, Include and Exclude say.
	Start []string `json:"start"`
	// AllowSubdomains puts subdomains of the start hosts in scope.
	AllowSubdomains bool `json:"allowSubdomains,omitempty"`
	// PathPrefix restricts the scope to a path subtree ("/en" matches /en
	// and /en/..., not /english).
	PathPrefix string `json:"pathPrefix,omitempty"`
	// Include, when not empty, keeps only URLs matching one of these
	// regular expressions (matched against the normalised URL).
	Include []string `json:"include,omitempty"`
	// Exclude drops URLs matching any of these regular expressions.
	Exclude []string `json:"exclude,omitempty"`
	// ExcludeLinkText drops links (of fetched pages) whose text matches
	// any of these regular expressions: a logged-in crawl's logout links.
	ExcludeLinkText []string `json:"excludeLinkText,omitempty"`
	// IgnoreRobots skips robots.txt rules (its Sitemap: lines are still
	// read); the summary records it.
	IgnoreRobots bool `json:"ignoreRobots,omitempty"`
	// MaxPages bounds the URLs admitted to the frontier (fetched or to be
	// fetched), documents found by Content-Type included. 0 means
	// DefaultMaxPages.
	MaxPages int `json:"maxPages,omitempty"`
	// MaxDepth bounds the link distance from the start pages (sitemap URLs
	// count as depth 1). 0 means no limit.
	MaxDepth int `json:"maxDepth,omitempty"`
	// MaxPerTemplate bounds the URLs of one URL shape ([TemplateKey]) that
	// are fetched; further ones are counted, not fetched. This is what ends
	// calendars and id spaces. 0 means DefaultMaxPerTemplate; negative means
	// no limit.
	MaxPerTemplate int `json:"maxPerTemplate,omitempty"`
	// MaxQueryVariants bounds the distinct query strings fetched for one
	// path (?page=N, filters, sort orders). 0 means
	// DefaultMaxQueryVariants; negative means no limit.
	MaxQueryVariants int `json:"maxQueryVariants,omitempty"`
	// Delay is the pause after each request to a host before that
	// request's slot is reused (colly's LimitRule.Delay).
	Delay time.Duration `json:"delay,omitempty"`
	// Parallelism is the number of concurrent requests (per host and in
	// all). 0 means DefaultParallelism.
	Parallelism int `json:"parallelism,omitempty"`
	// PageTimeout bounds one HTTP fetch, body included. 0 means
	// DefaultPageTimeout.
	PageTimeout time.Duration `json:"pageTimeout,omitempty"`
	// UserAgent is sent with every request and used to pick the robots.txt
	// group. Empty means DefaultUserAgent.
	UserAgent string `json:"userAgent,omitempty"`
	// PerTemplate is K, the pages sampled per template. 0 means
	// DefaultPerTemplate.
	PerTemplate int `json:"perTemplate,omitempty"`
	// All makes Sample return every page fetched in scope.
	All bool `json:"all,omitempty"`
	// Sample chooses the sample: "" for the structured sample above,
	// SampleWAD for the sample of Decision (EU) 2018/1524 Annex I (wad.go).
	Sample string `json:"sample,omitempty"`
	// StateDir is where the frontier and resume state live; "" keeps
	// everything in memory.
	StateDir string `json:"-"`
	// Client, when set, is used for every request (its CheckRedirect is
	// replaced in a copy; the caller's client is not modified). It is not
	// saved in StateDir.
	Client *http.Client `json:"-"`
}

// Errors returned by New, Load and Discover.
var (
	ErrNoStart     = errors.New("crawl: no start URL: give at least one http(s) URL")
	ErrConfig      = errors.New("crawl: invalid configuration")
	ErrStateExists = errors.New("crawl: state directory already holds a crawl: resume it with Load or choose an empty directory")
	ErrNoState     = errors.New("crawl: no crawl state in directory")
	ErrStartFailed = errors.New("crawl: no start page could be fetched")
)

// settings is a Config with defaults applied and patterns compiled.
type settings struct {
	Config
	include, exclude []*regexp.Regexp
	excludeText      []*regexp.Regexp
	prefix           string // canonical path prefix, "" for none
	starts           []string
}

func (cfg Config) compile() (*settings, error) {
	s := &settings{Config: cfg}
	if len(cfg.Start) == 0 {
		return nil, ErrNoStart
	}
	if s.MaxPages == 0 {
		s.MaxPages = DefaultMaxPages
	}
	if s.Sample != "" && s.Sample != SampleWAD {
		return nil, fmt.Errorf("%w: sample %q: want %q or none", ErrConfig, s.Sample, SampleWAD)
	}
	if s.MaxPages < 0 {
		return nil, fmt.Errorf("%w: maxPages must not be negative", ErrConfig)
	}
	if s.MaxDepth < 0 {
		return nil, fmt.Errorf("%w: maxDepth must not be negative (0 means no limit)", ErrConfig)
	}
	if s.MaxPerTemplate == 0 {
		s.MaxPerTemplate = DefaultMaxPerTemplate
	}
	if s.MaxQueryVariants == 0 {
		s.MaxQueryVariants = DefaultMaxQueryVariants
	}
	if s.Parallelism == 0 {
		s.Parallelism = DefaultParallelism
	}
	if s.Parallelism < 0 || s.Delay < 0 || s.PageTimeout < 0 {
		return nil, fmt.Errorf("%w: parallelism, delay and pageTimeout must not be negative", ErrConfig)
	}
	if s.PageTimeout == 0 {
		s.PageTimeout = DefaultPageTimeout
	}
	if s.UserAgent == "" {
		s.UserAgent = DefaultUserAgent
	}
	if s.PerTemplate == 0 {
		s.PerTemplate = DefaultPerTemplate
	}
	if s.PerTemplate < 0 {
		return nil, fmt.Errorf("%w: perTemplate must not be negative", ErrConfig)
	}
	for _, p := range cfg.Include {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("%w: include pattern %q: %v", ErrConfig, p, err)
		}
		s.include = append(s.include, re)
	}
	for _, p := range cfg.Exclude {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("%w: exclude pattern %q: %v", ErrConfig, p, err)
		}
		s.exclude = append(s.exclude, re)
	}
	for _, p := range cfg.ExcludeLinkText {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("%w: link text pattern %q: %v", ErrConfig, p, err)
		}
		s.excludeText = append(s.excludeText, re)
	}
	if cfg.PathPrefix != "" {
		s.prefix = canonicalPath(cfg.PathPrefix)
		if s.prefix == "/" {
			s.prefix = ""
		}
	}
	for _, raw := range cfg.Start {
		u, err := Normalize(raw, nil)
		if err != nil {
			return nil, fmt.Errorf("%w: start URL %q: %v", ErrConfig, raw, err)
		}
		s.starts = append(s.starts, u)
	}
	return s, nil
}

func (s *settings) templateCap() int {
	if s.MaxPerTemplate < 0 {
		return int(^uint(0) >> 1)
	}
	return s.MaxPerTemplate
}

func (s *settings) queryCap() int {
	if s.MaxQueryVariants < 0 {
		return int(^uint(0) >> 1)
	}
	return s.MaxQueryVariants
}
