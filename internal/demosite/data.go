package demosite

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// jobsPerPage is the page size of the job list.
const jobsPerPage = 5

type localized map[string]string

type jobSection struct {
	Heading    string   `json:"heading"`
	Paragraphs []string `json:"paragraphs"`
	List       []string `json:"list"`
}

type jobContact struct {
	Name  string    `json:"name"`
	Role  localized `json:"role"`
	Phone string    `json:"phone"`
	Email string    `json:"email"`
}

type job struct {
	ID        int                     `json:"id"`
	Slug      localized               `json:"slug"`
	Title     localized               `json:"title"`
	Location  string                  `json:"location"`
	Area      string                  `json:"area"`
	Extent    localized               `json:"extent"`
	Remote    bool                    `json:"remote"`
	Published string                  `json:"published"`
	Deadline  string                  `json:"deadline"`
	Contact   jobContact              `json:"contact"`
	Summary   localized               `json:"summary"`
	Body      map[string][]jobSection `json:"body"`
}

type location struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

type area struct {
	Key string `json:"key"`
	SV  string `json:"sv"`
	EN  string `json:"en"`
}

func (a area) label(lang string) string {
	if lang == "sv" {
		return a.SV
	}
	return a.EN
}

type country struct {
	Code, Dial, SV, EN string
}

type siteData struct {
	Locations []location `json:"locations"`
	Areas     []area     `json:"areas"`
	Jobs      []*job     `json:"jobs"`
	jobs      []*job     // sorted, newest first
	countries []country
}

var (
	onceData    sync.Once
	onceDataVal *siteData
	onceDataErr error
)

// siteDataOnce loads the data of the embedded site once, for the package-level helpers.
func siteDataOnce() (*siteData, error) {
	onceData.Do(func() {
		sub, err := fs.Sub(siteFS, root)
		if err != nil {
			onceDataErr = err
			return
		}
		onceDataVal, onceDataErr = loadData(sub)
	})
	return onceDataVal, onceDataErr
}

func loadData(fsys fs.FS) (*siteData, error) {
	raw, err := fs.ReadFile(fsys, "data/jobs.json")
	if err != nil {
		return nil, err
	}
	var d siteData
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("data/jobs.json: %w", err)
	}
	seen := map[int]bool{}
	for _, j := range d.Jobs {
		if seen[j.ID] {
			return nil, fmt.Errorf("data/jobs.json: job %d listed twice", j.ID)
		}
		seen[j.ID] = true
		if !j.hasLang("sv") {
			return nil, fmt.Errorf("data/jobs.json: job %d has no Swedish ad", j.ID)
		}
		for _, date := range []string{j.Published, j.Deadline} {
			if _, err := time.Parse(time.DateOnly, date); err != nil {
				return nil, fmt.Errorf("data/jobs.json: job %d: %w", j.ID, err)
			}
		}
		if d.area(j.Area).Key == "" || d.locationName(j.Location) == "" {
			return nil, fmt.Errorf("data/jobs.json: job %d: unknown area %q or location %q", j.ID, j.Area, j.Location)
		}
	}
	d.jobs = append([]*job(nil), d.Jobs...)
	sort.SliceStable(d.jobs, func(a, b int) bool { return d.jobs[a].Published > d.jobs[b].Published })

	d.countries, err = loadCountries(fsys)
	if err != nil {
		return nil, err
	}
	return &d, nil
}

func loadCountries(fsys fs.FS) ([]country, error) {
	raw, err := fs.ReadFile(fsys, "data/countries.tsv")
	if err != nil {
		return nil, err
	}
	var out []country
	sc := bufio.NewScanner(bytes.NewReader(raw))
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if len(f) != 4 || len(f[0]) != 2 || f[1] == "" || f[2] == "" || f[3] == "" {
			return nil, fmt.Errorf("data/countries.tsv:%d: want code, dial code, Swedish and English name", line)
		}
		out = append(out, country{Code: f[0], Dial: f[1], SV: f[2], EN: f[3]})
	}
	return out, sc.Err()
}

func (j *job) hasLang(lang string) bool {
	return j.Title[lang] != "" && j.Slug[lang] != "" && len(j.Body[lang]) > 0
}

func (j *job) path(lang string) string {
	seg := map[string]string{"sv": "/sv/jobb/", "en": "/en/jobs/"}[lang]
	return seg + strconv.Itoa(j.ID) + "-" + j.Slug[lang]
}

func (j *job) applyPath(lang string) string {
	seg := map[string]string{"sv": "/sv/ansok/", "en": "/en/apply/"}[lang]
	return seg + strconv.Itoa(j.ID)
}

func (d *siteData) job(id string) *job {
	n, err := strconv.Atoi(id)
	if err != nil {
		return nil
	}
	for _, j := range d.jobs {
		if j.ID == n {
			return j
		}
	}
	return nil
}

func (d *siteData) jobsIn(lang string) []*job {
	var out []*job
	for _, j := range d.jobs {
		if j.hasLang(lang) {
			out = append(out, j)
		}
	}
	return out
}

func (d *siteData) area(key string) area {
	for _, a := range d.Areas {
		if a.Key == key {
			return a
		}
	}
	return area{}
}

func (d *siteData) locationName(key string) string {
	for _, l := range d.Locations {
		if l.Key == key {
			return l.Name
		}
	}
	return ""
}

// sitemapPaths lists the indexable pages: per language the home page, the job list,
// every job ad, the privacy policy, the accessibility statement and the contact page.
// Application forms and filtered or paged lists are reachable by links but not listed.
func (d *siteData) sitemapPaths() []string {
	var out []string
	for _, l := range []struct{ lang, jobs, privacy, statement, contact string }{
		{"sv", "/sv/jobb", "/sv/integritetspolicy", "/sv/tillganglighetsredogorelse", "/sv/kontakt"},
		{"en", "/en/jobs", "/en/privacy-policy", "/en/accessibility-statement", "/en/contact"},
	} {
		out = append(out, "/"+l.lang+"/", l.jobs)
		for _, j := range d.jobsIn(l.lang) {
			out = append(out, j.path(l.lang))
		}
		out = append(out, l.privacy, l.statement, l.contact)
		for _, ip := range infoPages {
			out = append(out, "/"+l.lang+"/"+ip.slug(l.lang))
		}
	}
	return out
}

// lastMod is the sitemap date of a page: the publication date of a job ad, the date of
// the latest ad for a list or home page, and a fixed revision date for the others.
func (d *siteData) lastMod(p string) string {
	for _, j := range d.jobs {
		if p == j.path("sv") || p == j.path("en") {
			return j.Published
		}
	}
	switch p {
	case "/sv/", "/en/", "/sv/jobb", "/en/jobs":
		return d.jobs[0].Published
	case "/sv/integritetspolicy", "/en/privacy-policy":
		return "2026-09-01"
	case "/sv/tillganglighetsredogorelse", "/en/accessibility-statement":
		return "2026-10-05"
	}
	return "2026-08-24"
}

var monthsSV = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"}

// longDate formats an ISO date as "13 december 2026" or "13 December 2026".
func longDate(iso, lang string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	if lang == "sv" {
		return strconv.Itoa(t.Day()) + " " + monthsSV[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("2 January 2006")
}

type contactView struct {
	Name, Role, Phone, PhoneHref, Email string
}

type jobView struct {
	ID                      int
	Title, URL, ApplyURL    string
	Location, LocationKey   string
	Area, AreaKey, Extent   string
	Remote                  bool
	Published, PublishedISO string
	Deadline, DeadlineISO   string
	Summary                 string
	Sections                []jobSection
	Contact                 contactView
}

func (j *job) view(d *siteData, lang string) jobView {
	role := j.Contact.Role[lang]
	if role == "" {
		role = j.Contact.Role["sv"]
	}
	return jobView{
		ID:           j.ID,
		Title:        j.Title[lang],
		URL:          j.path(lang),
		ApplyURL:     j.applyPath(lang),
		Location:     d.locationName(j.Location),
		LocationKey:  j.Location,
		Area:         d.area(j.Area).label(lang),
		AreaKey:      j.Area,
		Extent:       j.Extent[lang],
		Remote:       j.Remote,
		Published:    longDate(j.Published, lang),
		PublishedISO: j.Published,
		Deadline:     longDate(j.Deadline, lang),
		DeadlineISO:  j.Deadline,
		Summary:      j.Summary[lang],
		Sections:     j.Body[lang],
		Contact: contactView{
			Name:      j.Contact.Name,
			Role:      role,
			Phone:     j.Contact.Phone,
			PhoneHref: "tel:+46" + strings.TrimPrefix(strings.ReplaceAll(j.Contact.Phone, " ", ""), "0"),
			Email:     j.Contact.Email,
		},
	}
}

type option struct {
	Value, Label string
	Selected     bool
}

type pageLink struct {
	N       int
	URL     string
	Current bool
}

type listView struct {
	Action         string
	Q, Ort, Omrade string
	Distans        bool
	Filtered       bool
	Locations      []option
	Areas          []option
	Jobs           []jobView
	Total          int
	Page, Pages    int
	Links          []pageLink
	Prev, Next     string
	PrevN, NextN   int
}

// list filters and pages the job list. It reports false for a page number that does
// not exist, so that an endless ?page=N space ends in 404s.
func (d *siteData) list(lang string, q url.Values) (*listView, bool) {
	action := map[string]string{"sv": "/sv/jobb", "en": "/en/jobs"}[lang]
	v := &listView{
		Action:  action,
		Q:       strings.TrimSpace(q.Get("q")),
		Ort:     q.Get("ort"),
		Omrade:  q.Get("omrade"),
		Distans: q.Get("distans") == "1",
	}
	if len(v.Q) > 100 {
		v.Q = v.Q[:100]
	}
	v.Filtered = v.Q != "" || v.Ort != "" || v.Omrade != "" || v.Distans
	v.Locations = append(v.Locations, option{Value: "", Label: map[string]string{"sv": "Alla orter", "en": "All locations"}[lang], Selected: v.Ort == ""})
	for _, l := range d.Locations {
		v.Locations = append(v.Locations, option{Value: l.Key, Label: l.Name, Selected: v.Ort == l.Key})
	}
	v.Areas = append(v.Areas, option{Value: "", Label: map[string]string{"sv": "Alla områden", "en": "All areas"}[lang], Selected: v.Omrade == ""})
	for _, a := range d.Areas {
		v.Areas = append(v.Areas, option{Value: a.Key, Label: a.label(lang), Selected: v.Omrade == a.Key})
	}

	needle := strings.ToLower(v.Q)
	var hits []*job
	for _, j := range d.jobsIn(lang) {
		if v.Ort != "" && j.Location != v.Ort {
			continue
		}
		if v.Omrade != "" && j.Area != v.Omrade {
			continue
		}
		if v.Distans && !j.Remote {
			continue
		}
		if needle != "" && !strings.Contains(strings.ToLower(j.Title[lang]+" "+j.Summary[lang]), needle) {
			continue
		}
		hits = append(hits, j)
	}
	v.Total = len(hits)
	v.Pages = max(1, (len(hits)+jobsPerPage-1)/jobsPerPage)
	v.Page = 1
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > v.Pages {
			return nil, false
		}
		v.Page = n
	}
	start := (v.Page - 1) * jobsPerPage
	for _, j := range hits[start:min(len(hits), start+jobsPerPage)] {
		v.Jobs = append(v.Jobs, j.view(d, lang))
	}
	pageURL := func(n int) string {
		u := url.Values{}
		if v.Q != "" {
			u.Set("q", v.Q)
		}
		if v.Ort != "" {
			u.Set("ort", v.Ort)
		}
		if v.Omrade != "" {
			u.Set("omrade", v.Omrade)
		}
		if v.Distans {
			u.Set("distans", "1")
		}
		if n > 1 {
			u.Set("page", strconv.Itoa(n))
		}
		if len(u) == 0 {
			return action
		}
		return action + "?" + u.Encode()
	}
	if v.Pages > 1 {
		for n := 1; n <= v.Pages; n++ {
			v.Links = append(v.Links, pageLink{N: n, URL: pageURL(n), Current: n == v.Page})
		}
	}
	if v.Page > 1 {
		v.Prev, v.PrevN = pageURL(v.Page-1), v.Page-1
	}
	if v.Page < v.Pages {
		v.Next, v.NextN = pageURL(v.Page+1), v.Page+1
	}
	return v, true
}

type countryView struct {
	Code, Dial, Name string
	Selected         bool
}

// countriesIn returns the countries sorted by their name in lang, Sweden selected.
func (d *siteData) countriesIn(lang string) []countryView {
	out := make([]countryView, 0, len(d.countries))
	for _, c := range d.countries {
		name := c.EN
		if lang == "sv" {
			name = c.SV
		}
		out = append(out, countryView{Code: c.Code, Dial: c.Dial, Name: name, Selected: c.Code == "SE"})
	}
	sort.SliceStable(out, func(a, b int) bool { return collationKey(out[a].Name, lang) < collationKey(out[b].Name, lang) })
	return out
}

// collationKey is a small stand-in for a real collator: Swedish sorts å, ä and ö after
// z (in that order) and treats é and ü as e and y; English folds the diacritics away.
func collationKey(s, lang string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch r {
		case 'å':
			if lang == "sv" {
				r = '{'
			} else {
				r = 'a'
			}
		case 'ä':
			if lang == "sv" {
				r = '|'
			} else {
				r = 'a'
			}
		case 'ö':
			if lang == "sv" {
				r = '}'
			} else {
				r = 'o'
			}
		case 'á', 'à', 'â', 'ã':
			r = 'a'
		case 'é', 'è', 'ê':
			r = 'e'
		case 'í':
			r = 'i'
		case 'ó', 'ô':
			r = 'o'
		case 'ü':
			if lang == "sv" {
				r = 'y'
			} else {
				r = 'u'
			}
		case 'ç':
			r = 'c'
		case 'ñ':
			r = 'n'
		case '’', '\'', '.', '(', ')':
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
