package crawl

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func siteConfig(s *testSite) Config {
	return Config{
		Start:            []string{s.url("/")},
		PageTimeout:      time.Second, // only /seg, which never answers, times out
		Parallelism:      4,
		MaxPerTemplate:   12,
		MaxQueryVariants: 5,
	}
}

func discover(t testing.TB, cfg Config) *Crawler {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := c.Discover(ctx); err != nil {
		t.Fatalf("Discover: %v", err)
	}
	return c
}

func targetByPath(ts []Target, s *testSite, p string) *Target {
	u, _ := Normalize(s.url(p), nil)
	for i := range ts {
		if ts[i].URL == u {
			return &ts[i]
		}
	}
	return nil
}

func TestDiscoverSite(t *testing.T) {
	t.Parallel()
	s := newTestSite(t)
	c := discover(t, siteConfig(s))
	sum := c.Summary()
	sample := c.Sample()

	// What must never be requested.
	for _, p := range []string{"/privat/hemlig", "/privat/lista", "/ej-granska", "/dokument/arsredovisning.pdf",
		"/dokument/policy.docx", "/bild.png", "/kalender/2026/12/05", "/jobb?page=5", "/kedja/12"} {
		if n := s.hitCount(p); n != 0 {
			t.Errorf("%s requested %d times, want 0", p, n)
		}
	}
	// Normalisation: tracking and session parameters never cause a second fetch.
	s.mu.Lock()
	if len(s.badAgents) > 0 {
		t.Errorf("requests without the Granska User-Agent: %q", s.badAgents)
	}
	for u, n := range s.hits {
		if n > 1 && u != s.url("/") { // "/" is also probed for a start redirect
			t.Errorf("%s requested %d times", u, n)
		}
		if strings.Contains(u, "utm_") || strings.Contains(u, "fbclid") || strings.Contains(u, "PHPSESSID") || strings.Contains(u, "jsessionid") {
			t.Errorf("requested a URL with tracking or session parameters: %s", u)
		}
	}
	s.mu.Unlock()
	for _, p := range []string{"/endast-i-sitemap", "/jobb", "/ladda-ner?id=5", "/sok?q=test", "/butik", "/kalender/2026/12/04", "/jobb?page=4"} {
		if n := s.hitCount(p); n != 1 {
			t.Errorf("%s requested %d times, want 1", p, n)
		}
	}

	// Documents.
	docs := map[string]Document{}
	for _, d := range sum.Documents {
		docs[strings.TrimPrefix(d.URL, s.srv.URL)] = d
	}
	for p, typ := range map[string]string{"/dokument/arsredovisning.pdf": "pdf", "/dokument/policy.docx": "docx",
		"/ladda-ner?id=5": "pdf", "/dokument/tillganglighetsplan.pdf": "pdf", "https://cdn.example.org/broschyr.pdf": "pdf"} {
		d, ok := docs[p]
		if !ok || d.Type != typ {
			t.Errorf("document %s = %+v, want type %s", p, d, typ)
		}
	}
	if d := docs["https://cdn.example.org/broschyr.pdf"]; d.InScope {
		t.Errorf("external document in scope: %+v", d)
	}
	if d := docs["/ladda-ner?id=5"]; d.Status != 200 || d.ContentType != "application/pdf" {
		t.Errorf("document by content type = %+v", d)
	}

	// Errors.
	errs := map[string]FetchError{}
	for _, e := range sum.Errors {
		errs[strings.TrimPrefix(e.URL, s.srv.URL)] = e
	}
	for p, want := range map[string]FetchError{
		"/saknas":   {Status: 404, Code: CodeHTTPStatus},
		"/trasig":   {Status: 500, Code: CodeHTTPStatus},
		"/seg":      {Status: 0, Code: CodeTimeout},
		"/loop-a":   {Status: 302, Code: CodeRedirectLoop},
		"/loop-b":   {Status: 302, Code: CodeRedirectLoop},
		"/kedja/11": {Status: 302, Code: CodeTooManyRedirects},
	} {
		got, ok := errs[p]
		if !ok || got.Status != want.Status || got.Code != want.Code {
			t.Errorf("error for %s = %+v, want status %d code %s", p, got, want.Status, want.Code)
		}
	}

	// Exclusions and limits.
	ex := sum.Excluded
	if ex.Robots != 3 || ex.NonHTTP != 3 || ex.Assets != 1 || ex.OutOfScope != 2 || ex.QueryVariants == 0 || ex.TemplateCap == 0 {
		t.Errorf("excluded = %+v", ex)
	}
	if !sum.Truncated.QueryVariants || !slices.Contains(sum.Truncated.Templates, "/kalender/{id}/{id}/{id}") || sum.RobotsIgnored {
		t.Errorf("truncated = %+v, robotsIgnored = %v", sum.Truncated, sum.RobotsIgnored)
	}

	// Sitemaps and robots.
	sm := map[string]SitemapFile{}
	for _, f := range sum.Sitemaps {
		sm[strings.TrimPrefix(f.URL, s.srv.URL)] = f
	}
	if f := sm["/sitemap_index.xml.gz"]; !f.Index || f.Sitemaps != 2 {
		t.Errorf("sitemap index = %+v", f)
	}
	if f := sm["/sitemap-jobb.xml.gz"]; f.URLs != 13 {
		t.Errorf("gzipped sitemap = %+v", f)
	}
	if f := sm["/sitemap.xml"]; f.Status != 404 {
		t.Errorf("default sitemap = %+v", f)
	}
	if len(sum.Robots) != 1 || len(sum.Robots[0].Sitemaps) != 1 {
		t.Errorf("robots = %+v", sum.Robots)
	}

	// Templates.
	tm := map[string]TemplateSummary{}
	for _, ts := range sum.Templates {
		tm[ts.Template] = ts
	}
	if ts := tm["/jobb/{id}"]; ts.URLs != 12 || len(ts.Sampled) < 3 {
		t.Errorf("job template = %+v", ts)
	}
	if ts := tm["/nyheter/{slug}"]; ts.URLs != 5 || len(ts.Sampled) != 3 { // hackathon-2025 is /nyheter/{id}
		t.Errorf("news template = %+v", ts)
	}
	if ts := tm["/kalender/{id}/{id}/{id}"]; !ts.Capped || ts.Pages != 12 || ts.URLs != 13 {
		t.Errorf("calendar template = %+v", ts)
	}
	for _, p := range []string{"/om-oss", "/kontakt", "/integritetspolicy", "/en"} {
		if _, ok := tm[p]; !ok {
			t.Errorf("no template %s (top-level pages must not merge)", p)
		}
	}

	// Sample.
	want := map[string][]string{
		"/":                           {ReasonStart, ReasonForm},
		"/integritetspolicy":          {ReasonPrivacy},
		"/cookies":                    {ReasonPrivacy},
		"/en/privacy-policy":          {ReasonPrivacy},
		"/tillganglighet":             {ReasonStatement},
		"/en/accessibility-statement": {ReasonStatement},
		"/kontakt":                    {ReasonContact, ReasonForm},
		"/en/contact":                 {ReasonContact, ReasonForm},
		"/jobb/101-ux-designer/ansok": {ReasonForm, ReasonTemplate},
		"/jobb/101-ux-designer":       {ReasonTemplate},
		"/endast-i-sitemap":           {ReasonTemplate},
		"/nyheter/arets-arbetsgivare": {ReasonTemplate},
		"/kalender/2026/11/23":        {ReasonTemplate},
	}
	for p, reasons := range want {
		tg := targetByPath(sample, s, p)
		if tg == nil {
			t.Errorf("%s not sampled", p)
			continue
		}
		if !slices.Equal(tg.Reasons, reasons) {
			t.Errorf("%s reasons = %q, want %q", p, tg.Reasons, reasons)
		}
	}
	for _, p := range []string{"/saknas", "/seg", "/ladda-ner?id=5", "/loop-a", "/gammal-sida"} {
		if targetByPath(sample, s, p) != nil {
			t.Errorf("%s sampled; only HTML pages fetched with 2xx may be", p)
		}
	}
	// The job list's filter and pagination states are one page type:
	// PerTemplate pages in all, the list itself first.
	var jobList []string
	for _, tg := range sample {
		if family(tg.Template) == "/jobb" {
			jobList = append(jobList, strings.TrimPrefix(tg.URL, s.srv.URL))
		}
	}
	if len(jobList) != DefaultPerTemplate || jobList[0] != "/jobb" {
		t.Errorf("job list family sampled as %q, want /jobb and %d of its states", jobList, DefaultPerTemplate-1)
	}
	if f := tm["/jobb?ort={v}"].Family; f != "/jobb" || tm["/jobb"].Family != "" {
		t.Errorf("families: /jobb?ort={v} in %q, /jobb in %q", f, tm["/jobb"].Family)
	}
	if sum.Sampled != len(sample) || len(sample) > 60 {
		t.Errorf("sampled %d of %d pages", len(sample), sum.Pages)
	}
	if _, err := json.Marshal(sum); err != nil {
		t.Fatal(err)
	}
	if testing.Verbose() {
		for _, tg := range sample {
			t.Logf("sample: %-45s %-28s d=%d %v", strings.TrimPrefix(tg.URL, s.srv.URL), tg.Template, tg.Depth, tg.Reasons)
		}
	}
	if t.Failed() {
		b, _ := json.MarshalIndent(struct {
			S Summary
			T []Target
		}{sum, sample}, "", " ")
		t.Logf("%s", b)
	}
}

// TestDeterministic crawls the same site twice, with link order shuffled
// on every response and different Parallelism, and requires the same
// sample and summary.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	s := newTestSite(t)
	s.shuffle = true
	run := func(p int) []byte {
		cfg := siteConfig(s)
		cfg.Parallelism = p
		c := discover(t, cfg)
		b, err := json.MarshalIndent(struct {
			Sample  []Target
			Summary Summary
		}{c.Sample(), c.Summary()}, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := run(1), run(6)
	if string(a) != string(b) {
		t.Errorf("sample or summary differ between Parallelism 1 and 6:\n%s", firstDiff(string(a), string(b)))
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			lo := max(0, i-5)
			return "line " + al[i] + "\n vs  " + bl[i] + "\ncontext:\n" + strings.Join(al[lo:min(len(al), i+5)], "\n")
		}
	}
	return "lengths differ"
}

func TestAddLinks(t *testing.T) {
	t.Parallel()
	s := newTestSite(t)
	c := discover(t, siteConfig(s))
	before := c.Summary().Pages
	n := c.AddLinks(s.url("/app"), []string{"/app/steg-1", s.url("/app/steg-2?utm_source=x"), "#x", "mailto:a@b", "/app/steg-1", "https://example.org/"})
	if n != 2 {
		t.Fatalf("AddLinks added %d, want 2", n)
	}
	if c.Summary().Pending != 2 {
		t.Errorf("pending = %d, want 2", c.Summary().Pending)
	}
	if err := c.Discover(context.Background()); err != nil {
		t.Fatal(err)
	}
	sum := c.Summary()
	if sum.Pages != before+2 || s.hitCount("/app/steg-2") != 1 {
		t.Errorf("pages %d → %d; /app/steg-2 hits %d", before, sum.Pages, s.hitCount("/app/steg-2"))
	}
	tg := targetByPath(c.Sample(), s, "/app/steg-1")
	if tg == nil || tg.Depth != 2 || tg.Template != "/app/steg-1" {
		t.Errorf("target = %+v", tg)
	}
}

func TestScope(t *testing.T) {
	t.Parallel()
	s := newTestSite(t)
	cfg := siteConfig(s)
	cfg.PathPrefix = "/en/"
	cfg.Start = []string{s.url("/en")}
	cfg.Exclude = []string{`/contact$`}
	c := discover(t, cfg)
	for _, tg := range c.Sample() {
		p := strings.TrimPrefix(tg.URL, s.srv.URL)
		if p != "/en" && !strings.HasPrefix(p, "/en/") || p == "/en/contact" {
			t.Errorf("out of scope page sampled: %s", p)
		}
	}
	if s.hitCount("/jobb") != 0 || s.hitCount("/en/contact") != 0 || s.hitCount("/en/jobs") != 1 {
		t.Errorf("hits /jobb %d /en/contact %d /en/jobs %d", s.hitCount("/jobb"), s.hitCount("/en/contact"), s.hitCount("/en/jobs"))
	}
	if c.Summary().Excluded.Pattern == 0 {
		t.Errorf("excluded = %+v", c.Summary().Excluded)
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	s := newTestSite(t)
	cfg := siteConfig(s)
	cfg.MaxDepth = 1
	cfg.MaxPages = 20
	c := discover(t, cfg)
	sum := c.Summary()
	if sum.Discovered != 20 || !sum.Truncated.MaxPages || !sum.Truncated.MaxDepth {
		t.Errorf("discovered %d, truncated %+v", sum.Discovered, sum.Truncated)
	}
	for _, tg := range c.Sample() {
		if tg.Depth > 1 {
			t.Errorf("page beyond MaxDepth sampled: %+v", tg)
		}
	}
}

func TestIgnoreRobots(t *testing.T) {
	t.Parallel()
	s := newTestSite(t)
	cfg := siteConfig(s)
	cfg.IgnoreRobots = true
	cfg.MaxDepth = 1
	c := discover(t, cfg)
	sum := c.Summary()
	if !sum.RobotsIgnored || sum.Excluded.Robots != 0 || s.hitCount("/privat/hemlig") != 1 {
		t.Errorf("robotsIgnored %v, excluded %+v, /privat/hemlig hits %d", sum.RobotsIgnored, sum.Excluded, s.hitCount("/privat/hemlig"))
	}
	if len(sum.Sitemaps) == 0 {
		t.Error("sitemaps not read with IgnoreRobots")
	}
}

func TestAll(t *testing.T) {
	t.Parallel()
	s := newTestSite(t)
	cfg := siteConfig(s)
	cfg.All = true
	c := discover(t, cfg)
	if got, want := len(c.Sample()), c.Summary().Pages; got != want {
		t.Errorf("All sampled %d of %d pages", got, want)
	}
}

func TestStartFailed(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	c, err := New(Config{Start: []string{srv.URL}})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Discover(context.Background())
	if !errors.Is(err, ErrStartFailed) {
		t.Fatalf("Discover = %v, want ErrStartFailed", err)
	}
	if !strings.Contains(err.Error(), "robots.txt") {
		// robots.txt answers 503 too, which disallows everything.
		t.Errorf("error does not explain: %v", err)
	}
}

// TestStartRedirectHost starts on localhost, which redirects to 127.0.0.1:
// the second host joins the scope.
func TestStartRedirectHost(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Host, "localhost") {
			http.Redirect(w, r, srv.URL+r.URL.Path, http.StatusMovedPermanently)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<title>Hem</title><a href="/a">A</a>`))
	}))
	defer srv.Close()
	start := strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	c := discover(t, Config{Start: []string{start}, IgnoreRobots: true})
	sum := c.Summary()
	if len(sum.Hosts) != 2 || sum.Pages != 2 {
		t.Fatalf("hosts %q, pages %d", sum.Hosts, sum.Pages)
	}
	sample := c.Sample()
	if len(sample) == 0 || !strings.HasPrefix(sample[0].URL, srv.URL) || !slices.Contains(sample[0].Reasons, ReasonStart) {
		t.Errorf("sample = %+v", sample)
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{
		{},
		{Start: []string{"mailto:x@y"}},
		{Start: []string{"https://x.se"}, Include: []string{"("}},
		{Start: []string{"https://x.se"}, Parallelism: -1},
	} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded", cfg)
		}
	}
	if _, err := New(Config{}); !errors.Is(err, ErrNoStart) {
		t.Errorf("New without start = %v", err)
	}
}

// TestDelay checks that requests to one host are spaced by at least Delay
// (a lower bound, which load can only widen).
func TestDelay(t *testing.T) {
	t.Parallel()
	const delay = 40 * time.Millisecond
	var mu sync.Mutex
	var starts, ends []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" || r.URL.Path == "/sitemap.xml" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a><a href="/d">d</a>`))
		mu.Lock()
		ends = append(ends, time.Now())
		mu.Unlock()
	}))
	defer srv.Close()
	discover(t, Config{Start: []string{srv.URL}, Delay: delay, Parallelism: 1})
	mu.Lock()
	defer mu.Unlock()
	// The first page request is the start redirect probe, outside colly.
	if len(starts) != 6 {
		t.Fatalf("%d page requests, want 6", len(starts))
	}
	for i := 2; i < len(starts); i++ {
		if gap := starts[i].Sub(ends[i-1]); gap < delay {
			t.Errorf("request %d started %v after the previous one ended, want at least %v", i, gap, delay)
		}
	}
}
