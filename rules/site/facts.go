package site

import (
	"regexp"
	"sort"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/cue"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// Facts is what the site rules need from one page.
type Facts struct {
	URL   string `json:"url"` // the page's final URL, the key of its findings
	Lang  string `json:"lang,omitempty"`
	HTML  bool   `json:"html"` // an HTML page that rendered (others are skipped)
	Title string `json:"title,omitempty"`
	// PrivacyLinks and StatementLinks are the page's links to what look like
	// a privacy notice and an accessibility statement (by name or href),
	// absolute and without fragment.
	PrivacyLinks   []Link `json:"privacyLinks,omitempty"`
	StatementLinks []Link `json:"statementLinks,omitempty"`
	// Statement is set when the page itself looks like an accessibility
	// statement (title or first heading).
	Statement *StatementFacts `json:"statement,omitempty"`
}

// Link is one link.
type Link struct {
	Href string `json:"href"`
	Name string `json:"name"`
	// Topic marks a link that names accessibility only as a topic
	// ("Tillgänglighet", /accessibility): it counts as a link to the
	// statement only where its target is a statement page.
	Topic bool `json:"topic,omitempty"`
}

// StatementFacts is what an accessibility statement page says.
type StatementFacts struct {
	Status      []string `json:"status,omitempty"` // compliance phrases found ("delvis förenlig")
	Date        string   `json:"date,omitempty"`   // the first date found
	Feedback    string   `json:"feedback,omitempty"`
	Enforcement string   `json:"enforcement,omitempty"`
}

var (
	privacyNames    = dom.NewPhrases(cue.PrivacyNames...)
	statementNames  = dom.NewPhrases(cue.StatementNames...)
	topicNames      = dom.NewPhrases(cue.StatementTopicNames...)
	statementTitles = dom.NewPhrases(cue.StatementTitles...)
	statusPhrases   = map[string]dom.Phrases{
		"fully":     dom.NewPhrases("helt förenlig", "fully compliant", "fullt förenlig"),
		"partially": dom.NewPhrases("delvis förenlig", "partially compliant", "partly compliant"),
		"not":       dom.NewPhrases("inte förenlig", "ej förenlig", "not compliant", "non-compliant", "noncompliant"),
	}
	feedbackNames = dom.NewPhrases("meddelandefunktion*", "återkoppling", "rapportera brist*", "rapportera problem", "kontakta oss",
		"kontaktformulär*", "feedback", "report a problem", "contact us", "contact form")
	enforcementWords = dom.NewPhrases("digg", "myndigheten för digital förvaltning", "tillsynsmyndighet*", "anmäl*",
		"enforcement procedure", "enforcement body", "complaint")
	dateRE = regexp.MustCompile(`\b(19|20)\d\d-[01]\d-[0-3]\d\b|\b[0-3]?\d (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|january|february|march|may|june|july|august|october|december) (19|20)\d\d\b|\b(january|february|march|april|may|june|july|august|september|october|november|december) [0-3]?\d, (19|20)\d\d\b`)
)

// Extract returns the site facts of one page. It is pure: it reads the page
// only.
func Extract(p *page.Page) Facts {
	f := Facts{URL: key(p.FinalURL, p.URL), Lang: p.Lang, Title: p.Title}
	root := p.Root()
	f.HTML = root >= 0 && !p.HasGap(page.GapNotHTML) && (p.Status == 0 || p.Status < 400)
	if root < 0 {
		return f
	}
	seenP, seenS := map[string]bool{}, map[string]bool{}
	var h1 string
	var feedback string
	dom.Elements(p, func(i int) {
		if h1 == "" && p.Tag(i) == "h1" {
			h1 = p.Text(i)
		}
		if dom.Role(p, i) != "link" && p.Tag(i) != "a" {
			return
		}
		href, ok := p.Attr(i, "href")
		if !ok {
			return
		}
		name := strings.TrimSpace(p.AXName(i))
		if name == "" {
			name = p.Text(i)
		}
		fn := dom.Fold(name)
		abs, _ := p.ResolveHref(i, href)
		low := strings.ToLower(href)
		if strings.HasPrefix(low, "mailto:") {
			if feedback == "" {
				feedback = href
			}
			return
		}
		if feedback == "" && feedbackNames.Has(fn) {
			feedback = name
		}
		if abs == "" {
			return
		}
		if (privacyNames.Has(fn) || cue.PathHas(href, cue.PrivacyPaths)) && !seenP[abs] {
			seenP[abs] = true
			f.PrivacyLinks = append(f.PrivacyLinks, Link{Href: abs, Name: name})
		}
		strong := statementNames.Has(fn) && !privacyNames.Has(fn) || cue.PathHas(href, cue.StatementPaths)
		weak := topicNames.Has(fn) && !privacyNames.Has(fn) || cue.PathHas(href, cue.StatementTopicPaths)
		if (strong || weak) && !seenS[abs] {
			seenS[abs] = true
			f.StatementLinks = append(f.StatementLinks, Link{Href: abs, Name: name, Topic: !strong})
		}
	})
	if statementTitles.Has(dom.Fold(p.Title)) || statementTitles.Has(dom.Fold(h1)) {
		f.Statement = statement(p, root, feedback)
	}
	return f
}

func statement(p *page.Page, root int, feedback string) *StatementFacts {
	t := dom.Fold(p.Text(root))
	s := &StatementFacts{}
	for _, k := range []string{"fully", "partially", "not"} {
		if h, ok := statusPhrases[k].Find(t); ok {
			// "inte förenlig" inside "delvis ... inte förenlig" lists
			// is common: keep each kind once.
			s.Status = append(s.Status, h.Text)
		}
	}
	if m := dateRE.FindString(t); m != "" {
		s.Date = m
	}
	// A feedback form on the page counts too.
	dom.Elements(p, func(i int) {
		if feedback == "" && p.Tag(i) == "form" {
			feedback = "form"
		}
	})
	s.Feedback = feedback
	if strings.Contains(t, "digg.se/tdosanmalan") {
		s.Enforcement = "digg.se/tdosanmalan"
	} else {
		dom.Elements(p, func(i int) {
			if s.Enforcement != "" || p.Tag(i) != "a" {
				return
			}
			href, _ := p.Attr(i, "href")
			if strings.Contains(strings.ToLower(href), "digg.se") {
				s.Enforcement = href
			}
		})
		if s.Enforcement == "" {
			if h, ok := enforcementWords.Find(t); ok {
				s.Enforcement = h.Text
			}
		}
	}
	return s
}

// key returns the URL a page's findings are keyed by.
func key(final, orig string) string {
	if final != "" {
		return final
	}
	return orig
}

// Options configures Evaluate.
type Options struct {
	// PublicSector says the site belongs to a public body, which must
	// publish an accessibility statement (DOS law, WAD). Without it the
	// statement rules run only when some page links to a statement.
	PublicSector bool
}

// Finding is the outcome of one site rule for one page.
type Finding struct {
	URL  string
	Rule *rules.Rule
	rules.Result
}

// Evaluate judges the site from the facts of all its pages (any order).
// Findings are sorted by URL, then rule id. Non-HTML pages are skipped.
func Evaluate(pages []Facts, opt Options) []Finding {
	var out []Finding
	var html []Facts
	for _, f := range pages {
		if f.HTML {
			html = append(html, f)
		}
	}
	sort.Slice(html, func(a, b int) bool { return html[a].URL < html[b].URL })

	// The targets of links from the site's pages.
	privacy := targetsOf(html, func(f Facts) []Link { return f.PrivacyLinks })
	isStatementURL := map[string]bool{}
	for _, f := range html {
		if f.Statement != nil {
			isStatementURL[f.URL] = true
		}
	}
	// A link that names accessibility only as a topic counts where it
	// leads to a statement page.
	stmts := targetsOf(html, func(f Facts) []Link {
		var out []Link
		for _, l := range f.StatementLinks {
			if !l.Topic || isStatementURL[l.Href] {
				out = append(out, l)
			}
		}
		return out
	})
	// A link "to the statement" counts only when its target is a statement
	// page we saw, or, when none was seen, any statement-looking link.
	stmtKnown := len(isStatementURL) > 0

	for _, f := range html {
		// G1
		switch {
		case privacy.has(f.URL) && len(f.PrivacyLinks) == 0:
			out = append(out, Finding{f.URL, PrivacyLinkSite, rules.Pass(-1, "is-policy")})
		case len(f.PrivacyLinks) > 0:
			out = append(out, Finding{f.URL, PrivacyLinkSite, rules.Pass(-1, "linked", "name", f.PrivacyLinks[0].Name)})
		case len(privacy.list) > 0:
			out = append(out, Finding{f.URL, PrivacyLinkSite, rules.Fail(-1, "not-linked", "href", privacy.best())})
		default:
			out = append(out, Finding{f.URL, PrivacyLinkSite, rules.Cant(-1, "none-found")})
		}
		// G2
		if opt.PublicSector || len(stmts.list) > 0 || stmtKnown {
			var to *Link
			for k, l := range f.StatementLinks {
				if !stmtKnown && !l.Topic || isStatementURL[l.Href] {
					to = &f.StatementLinks[k]
					break
				}
			}
			switch {
			case f.Statement != nil:
				out = append(out, Finding{f.URL, StatementLinkSite, rules.Pass(-1, "is-statement")})
			case to != nil:
				out = append(out, Finding{f.URL, StatementLinkSite, rules.Pass(-1, "linked", "name", to.Name)})
			case len(stmts.list) > 0:
				out = append(out, Finding{f.URL, StatementLinkSite, rules.Fail(-1, "not-linked", "href", stmts.best())})
			default:
				out = append(out, Finding{f.URL, StatementLinkSite, rules.Cant(-1, "none-found")})
			}
		}
		// G3
		if s := f.Statement; s != nil {
			out = append(out, Finding{f.URL, StatementContent, judgeStatement(s)})
		}
	}
	sort.SliceStable(out, func(a, b int) bool {
		if out[a].URL != out[b].URL {
			return out[a].URL < out[b].URL
		}
		return out[a].Rule.ID < out[b].Rule.ID
	})
	return out
}

func judgeStatement(s *StatementFacts) rules.Result {
	var missing []string
	if len(s.Status) == 0 {
		missing = append(missing, "compliance status (fully/partially/not compliant)")
	}
	if s.Date == "" {
		missing = append(missing, "date")
	}
	if s.Feedback == "" {
		missing = append(missing, "feedback route")
	}
	if s.Enforcement == "" {
		missing = append(missing, "enforcement procedure")
	}
	if len(missing) > 0 {
		return rules.Fail(-1, "missing", "missing", strings.Join(missing, ", "))
	}
	if len(s.Status) > 1 {
		return rules.Cant(-1, "several-status", "status", strings.Join(s.Status, ", "))
	}
	return rules.Pass(-1, "complete", "status", s.Status[0])
}

// linkTargets counts how many pages link to each target.
type linkTargets struct {
	count map[string]int
	list  []string
}

func targetsOf(pages []Facts, links func(Facts) []Link) linkTargets {
	t := linkTargets{count: map[string]int{}}
	for _, f := range pages {
		for _, l := range links(f) {
			if t.count[l.Href] == 0 {
				t.list = append(t.list, l.Href)
			}
			t.count[l.Href]++
		}
	}
	sort.Strings(t.list)
	return t
}

func (t linkTargets) has(u string) bool { return t.count[u] > 0 }

// best returns the most linked target.
func (t linkTargets) best() string {
	best := ""
	for _, u := range t.list {
		if best == "" || t.count[u] > t.count[best] {
			best = u
		}
	}
	return best
}
