package wad

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/granska/granska/audit/page"
)

// Text is a statement page reduced to what the parser reads: its blocks of
// text in document order (headings marked) and its links.
type Text struct {
	URL    string  `json:"url"`
	Lang   string  `json:"lang,omitempty"`
	Title  string  `json:"title,omitempty"`
	Blocks []Block `json:"blocks"`
	Links  []Link  `json:"links,omitempty"`
	// Forms counts forms on the page (a feedback form in the statement).
	Forms int `json:"forms,omitempty"`
}

// Block is a heading or a run of text.
type Block struct {
	Heading int    `json:"heading,omitempty"` // 1–6 for h1–h6, 0 for text
	Text    string `json:"text"`
}

// Link is a link on the statement page.
type Link struct {
	Href string `json:"href"`
	Text string `json:"text"`
}

// blockTags end a run of text.
var blockTags = map[string]bool{"p": true, "li": true, "dt": true, "dd": true, "td": true, "th": true, "div": true,
	"section": true, "article": true, "main": true, "header": true, "footer": true, "nav": true, "aside": true,
	"ul": true, "ol": true, "dl": true, "table": true, "tr": true, "form": true, "blockquote": true, "address": true,
	"br": true, "body": true, "figure": true, "figcaption": true}

// TextFromPage reduces a captured page to a statement [Text]: the main
// content when the page marks one (main or role=main), else the body;
// hidden elements are skipped.
func TextFromPage(p *page.Page) Text {
	t := Text{URL: p.FinalURL, Lang: p.Lang, Title: p.Title}
	if t.URL == "" {
		t.URL = p.URL
	}
	root := p.Root()
	if root < 0 {
		return t
	}
	start := root
	p.Descendants(root, func(d int) bool {
		if start == root && p.IsElement(d) && (p.Tag(d) == "main" || attr(p, d, "role") == "main") {
			start = d
		}
		return start == root
	})
	base, _ := url.Parse(t.URL)
	var cur strings.Builder
	flush := func() {
		s := strings.Join(strings.Fields(cur.String()), " ")
		if s != "" {
			t.Blocks = append(t.Blocks, Block{Text: s})
		}
		cur.Reset()
	}
	var walk func(i int)
	walk = func(i int) {
		n := &p.Nodes[i]
		if n.Type == page.TextNode {
			cur.WriteString(n.Value)
			return
		}
		if !p.IsElement(i) {
			for _, c := range p.Children(i) {
				walk(c)
			}
			return
		}
		tag := p.Tag(i)
		switch tag {
		case "script", "style", "noscript", "template", "head", "svg":
			return
		}
		if !p.Rendered(i) {
			return
		}
		if tag == "form" {
			t.Forms++
		}
		if len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' {
			flush()
			if s := strings.Join(strings.Fields(p.Text(i)), " "); s != "" {
				t.Blocks = append(t.Blocks, Block{Heading: int(tag[1] - '0'), Text: s})
			}
			return
		}
		if tag == "a" {
			if href, ok := p.Attr(i, "href"); ok {
				txt := strings.Join(strings.Fields(p.Text(i)), " ")
				if txt == "" {
					txt = p.AXName(i)
				}
				t.Links = append(t.Links, Link{Href: absolute(base, href), Text: txt})
			}
		}
		if blockTags[tag] {
			flush()
		}
		for _, c := range p.Children(i) {
			walk(c)
		}
		if blockTags[tag] {
			flush()
		} else if tag != "a" && tag != "span" && tag != "strong" && tag != "em" && tag != "b" && tag != "i" && tag != "time" && tag != "abbr" && tag != "code" {
			cur.WriteString(" ")
		}
	}
	walk(start)
	flush()
	return t
}

func attr(p *page.Page, i int, name string) string {
	v, _ := p.Attr(i, name)
	return v
}

func absolute(base *url.URL, href string) string {
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return href
	}
	if base != nil && u.Scheme == "" {
		u = base.ResolveReference(u)
	}
	return u.String()
}

// Statement is what an accessibility statement says, as far as a reader
// can tell from its text.
type Statement struct {
	URL string `json:"url"`
	// Status is the compliance status claimed: fully, partially, not, or
	// "" when none was found. StatusText is the sentence it was read from;
	// Statuses every distinct status claimed (more than one is ambiguous).
	Status     string   `json:"status,omitempty"`
	StatusText string   `json:"statusText,omitempty"`
	Statuses   []string `json:"statuses,omitempty"`
	// NonAccessible is set when the statement lists content that is not
	// accessible; Reasons names the reasons it gives: non-compliance,
	// disproportionate-burden, out-of-scope.
	NonAccessible bool     `json:"nonAccessible,omitempty"`
	Reasons       []string `json:"reasons,omitempty"`
	Alternatives  bool     `json:"alternatives,omitempty"`
	// Criteria are the WCAG success criteria the statement names
	// ("1.4.3", also from EN clauses such as 9.1.4.3), sorted.
	Criteria []string `json:"criteria,omitempty"`
	// Prepared and Reviewed are dates (YYYY-MM-DD) the statement gives for
	// its preparation and its last review or update; Dates every date found.
	Prepared string   `json:"prepared,omitempty"`
	Reviewed string   `json:"reviewed,omitempty"`
	Dates    []string `json:"dates,omitempty"`
	// Method is how it was prepared: self-assessment or third-party.
	Method string `json:"method,omitempty"`
	// Feedback lists the feedback mechanisms: links to them, "form" for a
	// form on the page.
	Feedback []string `json:"feedback,omitempty"`
	// Contact lists e-mail addresses and phone numbers given.
	Contact []string `json:"contact,omitempty"`
	// Enforcement is the link to the enforcement procedure, or the words
	// naming it when there is no link (EnforcementLinked false).
	Enforcement       string `json:"enforcement,omitempty"`
	EnforcementLinked bool   `json:"enforcementLinked,omitempty"`
}

// fold lower-cases and turns typographic quotes and dashes into plain ones.
func fold(s string) string {
	s = strings.ToLower(s)
	return strings.NewReplacer("’", "'", "–", "-", "—", "-", "\u00a0", " ").Replace(s)
}

// Words that carry the compliance claim, in Swedish and English, as stems.
// A statement says "förenlig", "uppfyller kraven", "lever upp till",
// "följer", "compliant", "complies", "conforms", "meets the requirements".
var (
	complianceRE = regexp.MustCompile(`(?:^|\P{L})(förenlig\w*|överensstämmer|uppfyller|uppfylls|lever(?:\s+\pL+){0,3}?\s+upp\s+till|följer|efterlever|compliant|complian\w*|complies|comply|conform\w*|meets?|fulfil\w*|satisf\w+)\b`)
	partialRE    = regexp.MustCompile(`\b(delvis|delar\s+av|vissa|till\s+viss\s+del|inte\s+helt|inte\s+fullt\S*|ej\s+helt|i\s+huvudsak|partially|partly|in\s+part|some|most|not\s+(?:yet\s+)?(?:fully|entirely|completely|all)|with\s+(?:the\s+)?exceptions?|med\s+undantag|utom|except|brister)\b`)
	negRE        = regexp.MustCompile(`\b(inte|ej|icke|inga|ingen|not|no|non|fails?|does\s+not|doesn't|isn't|aren't)\b|\bnon-|\bnon\s*compliant\b|\boförenlig`)
	fullRE       = regexp.MustCompile(`\b(helt|fullt|fullständigt|fullständig|alla|samtliga|fully|full|completely|entirely|all|every)\b`)
	// describeRE marks a sentence about the statement, not a claim: "this
	// statement describes how the site complies", "hur webbplatsen
	// uppfyller".
	describeRE   = regexp.MustCompile(`\b(describes|explains|sets\s+out|beskriver|förklarar|redogör\s+för|how|hur|whether|huruvida|if\s+you|om\s+du)\b`)
	aspireRE     = regexp.MustCompile(`\b(ska|skall|strävar|arbetar\s+för|vill|vårt\s+mål|målet|aim|aims|strive\w*|committed|commitment|working\s+to(?:wards)?|will|intend\w*|goal|plan\w*)\b`)
	statusHeadRE = regexp.MustCompile(`(efterlevnad|förenlighet|status|compliance|conformance|hur\s+tillgänglig|how\s+accessible)`)
	criterionRE  = regexp.MustCompile(`\b(?:9\.)?([1-4])\.(\d{1,2})\.(\d{1,2})\b`)
)

// Reasons for content not being accessible (Decision 2018/1523: (a), (b),
// (c)).
const (
	ReasonNonCompliance = "non-compliance"
	ReasonBurden        = "disproportionate-burden"
	ReasonOutOfScope    = "out-of-scope"
)

var (
	nonAccessibleRE = regexp.MustCompile(`(inte\s+(?:är\s+)?tillgänglig|otillgänglig|brister|tillgänglighetsproblem|kända\s+problem|not\s+(?:yet\s+)?accessible|inaccessible|known\s+(?:issues|problems|limitations)|non-?accessible|barriers?|problems?\s+with)`)
	reasonREs       = map[string]*regexp.Regexp{
		ReasonNonCompliance: regexp.MustCompile(`(strider\s+mot|följer\s+inte|bristande\s+förenlighet|inte\s+förenlig\w*\s+med|uppfyller\s+inte|icke\s+förenlig|non-?compliance|not\s+compliant\s+with|does\s+not\s+(?:meet|comply|conform)|fails?\s+(?:to\s+meet|success\s+criteri))`),
		ReasonBurden:        regexp.MustCompile(`(oskäligt\s+betungande|orimligt\s+betungande|oproportionerlig\w*\s+börda|disproportionate\s+burden|unreasonable\s+burden)`),
		ReasonOutOfScope:    regexp.MustCompile(`(omfattas\s+inte|utanför\s+(?:lagens\s+)?tillämpningsområde|undantag\w*\s+från\s+lagen|not\s+(?:with)?in\s+(?:the\s+)?scope|outside\s+(?:the\s+)?scope|exempt\w*|not\s+covered\s+by)`),
	}
	alternativeRE = regexp.MustCompile(`(alternativ\w*|tillgänglig\s+version|beställa|begär\w*\s+(?:innehåll|en\s+version)|alternatives?|accessible\s+(?:format|version)|request\s+(?:an?\s+)?(?:accessible|alternative))`)
	preparedRE    = regexp.MustCompile(`(upprätta\w*|skapa\w*|utarbeta\w*|gjord\w*|skrev\w*|skriv\w*|publicera\w*|prepared|created|drawn\s+up|written|made|first\s+published|published)`)
	reviewedRE    = regexp.MustCompile(`(uppdatera\w*|granska\w*|ses\s+över|översyn|reviderad\w*|senast|reviewed|updated|revised|last\s+(?:checked|changed)|review)`)
	selfRE        = regexp.MustCompile(`(självskattning|självbedömning|egen\s+granskning|egen\s+bedömning|granskat\s+(?:den\s+|webbplatsen\s+)?själva|internt|intern\s+(?:granskning|bedömning|testning)|vi\s+har\s+(?:själva\s+)?(?:testat|granskat|bedömt)|self-?assess\w*|self-?evaluat\w*|in-?house|internal(?:ly)?\s+(?:review|assess|audit|test)|we\s+(?:tested|assessed|audited|evaluated)\s+(?:it\s+)?ourselves|our\s+own\s+(?:assessment|testing|review))`)
	thirdRE       = regexp.MustCompile(`(tredje\s+part|extern\s+(?:part|granskning|granskare|konsult|leverantör|bedömning)|externa\s+(?:granskare|konsulter|experter)|oberoende|third[-\s]party|external(?:ly)?\s+(?:audit|assess|review|evaluat|consult|expert|part|firm|compan)|independent(?:ly)?\s+(?:audit|assess|review|evaluat|expert|consult)|audited\s+by|assessed\s+by|evaluated\s+by)`)
	feedbackRE    = regexp.MustCompile(`(meddelandefunktion|återkoppling|synpunkt|rapportera|felanmäl|anmäl\w*\s+(?:brist|problem|fel)|kontaktformulär|tipsa\s+oss|feedback|report\s+(?:a|an|accessibility)\s+\w+|contact\s+form|let\s+us\s+know|tell\s+us|berätta\s+för\s+oss|kontakta\s+oss|contact\s+us)`)
	enforcementRE = regexp.MustCompile(`(tillsyn\w*|anmäl\w*\s+till\s+(?:myndigheten\s+för\s+digital\s+förvaltning|digg)|myndigheten\s+för\s+digital\s+förvaltning|digg\b|klagomål\s+till|enforcement|supervisory\s+(?:body|authority)|complain\w*\s+to|ombuds\w*|equality\s+body)`)
	emailRE       = regexp.MustCompile(`[\w.+-]+@[\w-]+(?:\.[\w-]+)+`)
	phoneRE       = regexp.MustCompile(`(?:\+\d{1,3}[\s-]?)?\(?0?\d{1,4}\)?(?:[\s-]\d{2,4}){2,4}`)
)

// enforcementHosts are sites of enforcement procedures: Sweden's DIGG (its
// reporting form is digg.se/tdosanmalan); others are recognised by words.
var enforcementHosts = []string{"digg.se"}

// Parse reads a statement. It depends on what the text means, not on the
// model's exact wording: a status is read from any sentence that makes a
// compliance claim (förenlig, uppfyller, följer, compliant, complies,
// conforms, meets) with its qualifier (helt, delvis, inte, fully, partly,
// not), skipping aspirations ("ska vara", "aims to be").
func Parse(t Text) Statement {
	st := Statement{URL: t.URL}
	underStatus := false
	type cand struct {
		status, text string
		headed       bool
	}
	var cands []cand
	var section string // the current heading, folded
	for _, b := range t.Blocks {
		f := fold(b.Text)
		if b.Heading > 0 {
			section = f
			underStatus = statusHeadRE.MatchString(f)
			if nonAccessibleRE.MatchString(f) {
				st.NonAccessible = true
			}
			continue
		}
		for _, s := range sentences(f) {
			if status := sentenceStatus(s); status != "" {
				cands = append(cands, cand{status, s, underStatus})
			}
			if nonAccessibleRE.MatchString(s) {
				st.NonAccessible = true
			}
			for r, re := range reasonREs {
				if re.MatchString(s) && !slices.Contains(st.Reasons, r) {
					st.Reasons = append(st.Reasons, r)
				}
			}
			if alternativeRE.MatchString(s) && (st.NonAccessible || strings.Contains(section, "alternativ")) {
				st.Alternatives = true
			}
			readDates(s, &st)
			if st.Method == "" {
				switch {
				case thirdRE.MatchString(s):
					st.Method = "third-party"
				case selfRE.MatchString(s):
					st.Method = "self-assessment"
				}
			}
			for _, m := range emailRE.FindAllString(s, -1) {
				st.Contact = appendOnce(st.Contact, m)
			}
			if strings.Contains(s, "tel") || strings.Contains(s, "phone") || strings.Contains(s, "ring") || strings.Contains(s, "call") {
				for _, m := range phoneRE.FindAllString(s, -1) {
					if digits(m) >= 7 {
						st.Contact = appendOnce(st.Contact, strings.TrimSpace(m))
					}
				}
			}
			if st.Enforcement == "" && enforcementRE.MatchString(s) {
				st.Enforcement = enforcementRE.FindString(s)
			}
		}
		for _, m := range criterionRE.FindAllStringSubmatch(f, -1) {
			st.Criteria = appendOnce(st.Criteria, m[1]+"."+m[2]+"."+m[3])
			// Criteria named under a heading about content that is not
			// accessible are failures of them: reason (a).
			if nonAccessibleRE.MatchString(section) && !slices.Contains(st.Reasons, ReasonNonCompliance) {
				st.Reasons = append(st.Reasons, ReasonNonCompliance)
			}
		}
	}
	slices.SortFunc(st.Criteria, compareCriteria)
	slices.Sort(st.Reasons)
	// The claim: the first one under a status heading, else the first.
	for _, c := range cands {
		st.Statuses = appendOnce(st.Statuses, c.status)
	}
	for _, c := range cands {
		if c.headed {
			st.Status, st.StatusText = c.status, c.text
			break
		}
	}
	if st.Status == "" && len(cands) > 0 {
		st.Status, st.StatusText = cands[0].status, cands[0].text
	}
	for _, l := range t.Links {
		lt, lh := fold(l.Text), strings.ToLower(l.Href)
		switch {
		case strings.HasPrefix(lh, "mailto:"):
			st.Contact = appendOnce(st.Contact, strings.TrimPrefix(l.Href[len("mailto:"):], "//"))
			if feedbackRE.MatchString(lt) {
				st.Feedback = appendOnce(st.Feedback, l.Href)
			}
		case strings.HasPrefix(lh, "tel:"):
			st.Contact = appendOnce(st.Contact, l.Href[len("tel:"):])
		case isEnforcementLink(lh, lt):
			if !st.EnforcementLinked {
				st.Enforcement, st.EnforcementLinked = l.Href, true
			}
		case feedbackRE.MatchString(lt) || strings.Contains(lh, "feedback") || strings.Contains(lh, "meddelande") || strings.Contains(lh, "synpunkt") || strings.Contains(lh, "aterkoppling"):
			st.Feedback = appendOnce(st.Feedback, l.Href)
		}
	}
	if t.Forms > 0 {
		st.Feedback = appendOnce(st.Feedback, "form")
	}
	// A single date with no word saying which is the preparation date.
	if st.Prepared == "" && st.Reviewed == "" && len(st.Dates) == 1 {
		st.Prepared = st.Dates[0]
	}
	return st
}

func isEnforcementLink(href, text string) bool {
	u, err := url.Parse(href)
	if err == nil {
		h := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
		for _, e := range enforcementHosts {
			if h == e || strings.HasSuffix(h, "."+e) {
				return true
			}
		}
	}
	return enforcementRE.MatchString(text) && !strings.HasPrefix(href, "mailto:")
}

// sentenceStatus is the compliance status a sentence claims, "" for none.
func sentenceStatus(s string) string {
	loc := complianceRE.FindStringSubmatchIndex(s)
	if loc == nil || aspireRE.MatchString(s) || describeRE.MatchString(s[:loc[2]]) {
		return ""
	}
	loc = loc[2:4]
	// "uppfyller" and "meets" make a claim only about requirements,
	// criteria, standards or law; "meets" in "meets our users" does not.
	verb := s[loc[0]:loc[1]]
	if strings.HasPrefix(verb, "uppfyll") || strings.HasPrefix(verb, "meet") || strings.HasPrefix(verb, "följer") ||
		strings.HasPrefix(verb, "fulfil") || strings.HasPrefix(verb, "satisf") || strings.HasPrefix(verb, "efterlever") {
		if !regexp.MustCompile(`(krav|lag|standard|wcag|en\s*301\s*549|kriteri|requirement|regulation|law|criteri|directive|direktiv|föreskrift)`).MatchString(s) {
			return ""
		}
	}
	switch {
	case partialRE.MatchString(s):
		return StatusPartially
	case negRE.MatchString(s):
		return StatusNot
	default:
		return StatusFully
	}
}

// sentences splits a folded text at sentence ends.
func sentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?' || s[i] == ';') && (i+1 == len(s) || s[i+1] == ' ') {
			// Not after a number (dates "5. mars", criteria "1.4.3. ").
			if s[i] == '.' && i > 0 && unicode.IsDigit(rune(s[i-1])) && i+2 < len(s) && unicode.IsDigit(rune(s[i+2])) {
				continue
			}
			out = append(out, strings.TrimSpace(s[start:i+1]))
			start = i + 1
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

var (
	months = map[string]int{"januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
		"augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
		"january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8, "october": 10,
		"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12}
	monthNames = `(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|january|february|march|may|june|july|august|october|jan|feb|mar|apr|jun|jul|aug|sept?|okt|oct|nov|dec)\.?`
	isoDateRE  = regexp.MustCompile(`\b((?:19|20)\d\d)-([01]?\d)-([0-3]?\d)\b`)
	dmyRE      = regexp.MustCompile(`\b([0-3]?\d)(?:\.|:e|:a|st|nd|rd|th)?\s+` + monthNames + `,?\s+((?:19|20)\d\d)\b`)
	mdyRE      = regexp.MustCompile(`\b` + monthNames + `\s+([0-3]?\d)(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b`)
	numDateRE  = regexp.MustCompile(`\b([0-3]?\d)[./]([01]?\d)[./]((?:19|20)\d\d)\b`)
)

type dated struct {
	pos  int
	date string
}

// findDates returns the dates in s, in order, as YYYY-MM-DD.
func findDates(s string) []dated {
	var out []dated
	addDate := func(pos, y, m, d int) {
		if m < 1 || m > 12 || d < 1 || d > 31 {
			return
		}
		t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d {
			return
		}
		out = append(out, dated{pos, t.Format("2006-01-02")})
	}
	for _, m := range isoDateRE.FindAllStringSubmatchIndex(s, -1) {
		addDate(m[0], atoi(s[m[2]:m[3]]), atoi(s[m[4]:m[5]]), atoi(s[m[6]:m[7]]))
	}
	for _, m := range dmyRE.FindAllStringSubmatchIndex(s, -1) {
		addDate(m[0], atoi(s[m[6]:m[7]]), months[strings.TrimSuffix(s[m[4]:m[5]], ".")], atoi(s[m[2]:m[3]]))
	}
	for _, m := range mdyRE.FindAllStringSubmatchIndex(s, -1) {
		addDate(m[0], atoi(s[m[6]:m[7]]), months[strings.TrimSuffix(s[m[2]:m[3]], ".")], atoi(s[m[4]:m[5]]))
	}
	for _, m := range numDateRE.FindAllStringSubmatchIndex(s, -1) {
		addDate(m[0], atoi(s[m[6]:m[7]]), atoi(s[m[4]:m[5]]), atoi(s[m[2]:m[3]]))
	}
	slices.SortFunc(out, func(a, b dated) int { return a.pos - b.pos })
	return out
}

// readDates classifies each date in sentence s by the nearest preceding
// word that says what it is: prepared or reviewed.
func readDates(s string, st *Statement) {
	for _, d := range findDates(s) {
		st.Dates = appendOnce(st.Dates, d.date)
		before := s[:d.pos]
		p := lastIndex(preparedRE, before)
		r := lastIndex(reviewedRE, before)
		if p < 0 && r < 0 {
			// "… 2024-05-01 och uppdaterades 2025-01-10": a word after the
			// date says it too.
			after := s[d.pos:]
			if pa, ra := firstIndex(preparedRE, after), firstIndex(reviewedRE, after); pa >= 0 || ra >= 0 {
				if ra >= 0 && (pa < 0 || ra < pa) {
					r = 0
				} else {
					p = 0
				}
			}
		}
		switch {
		case r > p:
			if d.date > st.Reviewed {
				st.Reviewed = d.date
			}
		case p >= 0:
			if st.Prepared == "" {
				st.Prepared = d.date
			}
		}
	}
}

func lastIndex(re *regexp.Regexp, s string) int {
	all := re.FindAllStringIndex(s, -1)
	if len(all) == 0 {
		return -1
	}
	return all[len(all)-1][0]
}

func firstIndex(re *regexp.Regexp, s string) int {
	if m := re.FindStringIndex(s); m != nil {
		return m[0]
	}
	return -1
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

func digits(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			n++
		}
	}
	return n
}

func appendOnce(list []string, s string) []string {
	if s == "" || slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// compareCriteria orders "1.4.3" before "1.4.10".
func compareCriteria(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		if d := atoi(as[i]) - atoi(bs[i]); d != 0 {
			return d
		}
	}
	return len(as) - len(bs)
}

// statementTitleRE matches the titles and first headings of accessibility
// statements in Swedish and English (and the neighbours' words).
var statementTitleRE = regexp.MustCompile(`(tillgänglighetsredogörelse|tillgänglighetsutlåtande|accessibility\s+statement|statement\s+on\s+accessibility|tillgänglighet\s+för\s+|om\s+tillgänglighet|tilgængelighedserklæring|tilgjengelighetserklæring|saavutettavuusseloste|erklärung\s+zur\s+barrierefreiheit)`)

// IsStatement says whether a page is an accessibility statement, by its
// title or its first heading.
func IsStatement(t Text) bool {
	if statementTitleRE.MatchString(fold(t.Title)) {
		return true
	}
	for _, b := range t.Blocks {
		if b.Heading > 0 {
			return statementTitleRE.MatchString(fold(b.Text))
		}
	}
	return false
}
