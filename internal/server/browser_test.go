package server

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/browser"
	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/internal/store"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// seedRun records a finished run of site with findings (as the monitor
// would), with a report and a crop as evidence.
func seedRun(t *testing.T, st store.Store, siteID int64, findings []store.Finding) store.Run {
	t.Helper()
	ctx := context.Background()
	run, err := st.CreateRun(ctx, siteID, store.TriggerManual, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.StartRun(ctx, run.ID); err != nil {
		t.Fatal(err)
	}
	c := store.Counts{Pages: 4, ByImpact: map[string]int{}, ByPrinciple: map[string]int{}, ByWCAG: map[string]int{}, ByEN: map[string]int{},
		Templates: []store.TemplateCount{{Key: "/", Pages: 1}, {Key: "/jobb/{id}", Pages: 3}}}
	for i, f := range findings {
		if f.Outcome == "cantTell" {
			c.CantTell += f.Occurrences
			continue
		}
		c.Failed += f.Occurrences
		c.ByImpact[f.Impact] += f.Occurrences
		for _, w := range f.WCAG {
			c.ByWCAG[w] += f.Occurrences
			c.ByPrinciple[w[:1]] += f.Occurrences
			c.ByEN["9."+w] += f.Occurrences
		}
		c.Templates[i%2].Failed += f.Occurrences
	}
	var buf bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := 0; x < 40; x++ {
		img.Set(x, 10, color.RGBA{200, 0, 0, 255})
	}
	_ = png.Encode(&buf, img)
	for i := range findings {
		findings[i].Crop = "crops/" + findings[i].Fingerprint + ".png"
		if err := st.PutBlob(ctx, run.ID, findings[i].Crop, "image/png", buf.Bytes()); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.PutBlob(ctx, run.ID, store.BlobReportHTML, "text/html; charset=utf-8", []byte("<!DOCTYPE html><title>r</title><p>report</p>")); err != nil {
		t.Fatal(err)
	}
	if err := st.PutBlob(ctx, run.ID, store.BlobReportPDF, "application/pdf", []byte("%PDF-1.4\n%%EOF\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := st.FinishRun(ctx, run.ID, store.RunReport{Counts: c, Findings: findings}); err != nil {
		t.Fatal(err)
	}
	run, err = st.Run(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// hostile is text with script in every form page content can carry.
const hostile = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"><svg onload="window.__pwned=3"></svg>"'><iframe src="javascript:window.__pwned=4"></iframe>`

// seedDashboard fills the store with a site of three runs (an issue
// fixed, one recurring, one new, one reopened) and a site whose every
// text is hostile markup. It returns the pages to visit.
func seedDashboard(t *testing.T, e *env) []string {
	t.Helper()
	ctx := context.Background()
	site, err := e.st.CreateSite(ctx, store.Site{OrgID: e.org.ID, Name: "Norrsken Energi", URLs: []string{"https://norrsken.example/sv/", "https://norrsken.example/en/"},
		Schedule: "weekly", Lang: "sv", PublicSector: true, Group: "Norrsken Energi AB", Sample: store.Sample{Crawl: true}})
	if err != nil {
		t.Fatal(err)
	}
	f := func(fp, rule, impact, wcag string, n int) store.Finding {
		return store.Finding{Fingerprint: fp, Rule: rule, Code: "no-name", Outcome: "failed", Impact: impact, WCAG: []string{wcag}, EN: []string{"9." + wcag},
			Message: "The element has no accessible name", MessageSV: "Elementet saknar tillgängligt namn", Selector: "main > img", Snippet: `<img src="hero.png">`,
			Occurrences: n, Pages: []string{"https://norrsken.example/sv/", "https://norrsken.example/sv/jobb/1"}}
	}
	seedRun(t, e.st, site.ID, []store.Finding{f("a", "image-alt", "critical", "1.1.1", 4), f("b", "text-contrast", "serious", "1.4.3", 6), f("c", "link-name", "serious", "2.4.4", 2)})
	seedRun(t, e.st, site.ID, []store.Finding{f("b", "text-contrast", "serious", "1.4.3", 5), f("d", "form-field-name", "critical", "4.1.2", 1)})
	last := seedRun(t, e.st, site.ID, []store.Finding{f("a", "image-alt", "critical", "1.1.1", 2), f("b", "text-contrast", "serious", "1.4.3", 3),
		{Fingerprint: "e", Rule: "text-contrast", Code: "bg-image", Outcome: "cantTell", Impact: "serious", WCAG: []string{"1.4.3"}, Occurrences: 2, Pages: []string{"https://norrsken.example/en/"}}})
	putResults(t, e.st, last.ID, publicResult("https://norrsken.example/sv/"))

	evil, err := e.st.CreateSite(ctx, store.Site{OrgID: e.org.ID, Name: hostile, URLs: []string{"https://evil.example/" + url.PathEscape(hostile)}, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	evilRun := seedRun(t, e.st, evil.ID, []store.Finding{{Fingerprint: "x<script>1</script>", Rule: "image-alt" + hostile, Code: hostile, Outcome: "failed", Impact: "critical",
		WCAG: []string{"1.1.1"}, Message: hostile, MessageSV: hostile, Selector: hostile, Snippet: hostile, Occurrences: 1,
		Pages: []string{"javascript:window.__pwned=5", "https://evil.example/?q=" + url.QueryEscape(hostile), "data:text/html,<script>window.__pwned=6</script>"}}})
	evilRes := publicResult("javascript:window.__pwned=7;//")
	evilRes.Sample[0].Reasons = []string{hostile}
	evilRes.Documents[0].Title, evilRes.Documents[0].Findings[0].Message, evilRes.Documents[0].Findings[0].MessageSV = hostile, hostile, hostile
	putResults(t, e.st, evilRun.ID, evilRes)

	return []string{
		"/login?anon=1",
		"/",
		"/sites/new",
		fmt.Sprintf("/sites/%d", site.ID),
		fmt.Sprintf("/sites/%d?state=new#issues", site.ID),
		fmt.Sprintf("/sites/%d?state=fixed#issues", site.ID),
		fmt.Sprintf("/sites/%d?state=reopened#issues", site.ID),
		fmt.Sprintf("/sites/%d/runs/%d", site.ID, last.ID),
		fmt.Sprintf("/sites/%d/issues/a", site.ID),
		fmt.Sprintf("/sites/%d/issues/c", site.ID),
		fmt.Sprintf("/sites/%d", evil.ID),
		fmt.Sprintf("/sites/%d/runs/%d", evil.ID, evilRun.ID),
		fmt.Sprintf("/sites/%d/issues/%s", evil.ID, url.PathEscape("x<script>1</script>")),
		"/sites/999999",
	}
}

// withSession serves e's dashboard with the session cookie of role added
// to every request (but for URLs with anon=1), as a logged-in browser.
func withSession(t *testing.T, e *env, role store.Role) *httptest.Server {
	c, csrf := e.login(role)
	u, _ := url.Parse(e.http.URL)
	var cookie string
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == sessionCookie {
			cookie = ck.Name + "=" + ck.Value
		}
	}
	if cookie == "" {
		t.Fatal("no session cookie")
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("anon") == "" {
			r.Header.Add("Cookie", cookie)
		}
		if r.URL.Query().Get("errors") != "" {
			// The add-site form as an invalid submission shows it.
			form := url.Values{"csrf": {csrf}, "urls": {"http://127.0.0.1:9/\nnot a url"}, "include": {"(["}, "maxpages": {"many"},
				"schedule": {"every tuesday"}, "email": {"not an address"}, "webhook": {"ftp://x/"}, "group": {"a\x00b"}}
			r.Method = http.MethodPost
			r.URL.Path, r.URL.RawQuery = "/sites", ""
			r.Body = io.NopCloser(strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		e.srv.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func newBrowser(t *testing.T) *browser.Pool {
	t.Helper()
	chrometest.Require(t)
	pool, err := browser.New(context.Background(), browser.Config{Tabs: 1})
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// TestDashboardAccessible audits every dashboard page, in Swedish and
// English, with Granska's own rules in real Chromium: no failed outcome.
func TestDashboardAccessible(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	pool := newBrowser(t)
	forEachStore(t, func(t *testing.T, dsn string) {
		e := newEnv(t, dsn)
		paths := seedDashboard(t, e)
		// The add-site form with its errors shown.
		paths = append(paths, "/sites/new?errors=1")
		srv := withSession(t, e, store.RoleAdmin)
		set := catalog.Default()
		for _, lang := range []string{"en", "sv"} {
			for _, p := range paths {
				u := srv.URL + "/lang/" + lang + "?back=" + url.QueryEscape(p)
				var pg *result.Page
				err := pool.Do(context.Background(), func(tab context.Context) error {
					cp, err := capture.Capture(tab, u, capture.Options{})
					if err != nil {
						return err
					}
					fs, errs := rules.Run(context.Background(), cp, set, rules.Options{})
					for _, re := range errs {
						t.Errorf("%s %s: rule error %s: %v", lang, p, re.Rule, re.Err)
					}
					rp := result.FromFindings(cp, set, fs, errs, false)
					pg = &rp
					return nil
				})
				if err != nil {
					t.Fatalf("%s %s: %v", lang, p, err)
				}
				failed, cant := 0, 0
				for _, o := range pg.Outcomes {
					sel := ""
					if o.Target != nil {
						sel = o.Target.Selector
					}
					switch o.Outcome {
					case rules.Failed:
						failed++
						t.Errorf("%s %s fails %s/%s on %s: %s", lang, p, o.Rule, o.Code, sel, o.Message)
					case rules.CantTell:
						cant++
					}
				}
				t.Logf("%s %s: %d failed, %d cannot tell", lang, p, failed, cant)
			}
		}
	})
}

// TestNothingExecutes shows every dashboard page of a site whose every
// text is hostile markup in real Chromium: no script ran, and the page
// holds no script element, event handler attribute or javascript: link.
func TestNothingExecutes(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test")
	}
	pool := newBrowser(t)
	e := newEnv(t, dsns[0](t))
	paths := seedDashboard(t, e)
	srv := withSession(t, e, store.RoleAdmin)
	const probe = `(() => {
		const bad = [];
		if (window.__pwned !== undefined) bad.push("executed " + window.__pwned);
		for (const el of document.querySelectorAll("*")) {
			if (el.tagName === "SCRIPT" || el.tagName === "IFRAME") bad.push("element " + el.tagName);
			for (const a of el.attributes) {
				if (a.name.startsWith("on")) bad.push("handler " + a.name);
				if (/^\s*(javascript|data):/i.test(a.value) && (a.name === "href" || a.name === "src")) bad.push("url " + a.value);
			}
		}
		return bad.join("; ");
	})()`
	sawHostile := 0
	for _, p := range paths {
		err := pool.Do(context.Background(), func(tab context.Context) error {
			if err := chromedp.Do(tab, chromedp.Navigate(srv.URL+p)); err != nil {
				return err
			}
			time.Sleep(200 * time.Millisecond) // let any onload/onerror fire
			bad, err := chromedp.Run(tab, chromedp.Evaluate[string](probe))
			if err != nil {
				return err
			}
			if bad != "" {
				t.Errorf("%s: %s", p, bad)
			}
			text, err := chromedp.Run(tab, chromedp.Evaluate[string]("document.body.innerText"))
			if err != nil {
				return err
			}
			if strings.Contains(text, "window.__pwned") {
				sawHostile++ // shown as text, as it should be
			}
			return nil
		})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
	}
	if sawHostile < 3 {
		t.Errorf("the hostile text was shown as text on %d pages, want at least 3 (sites list, site, issue)", sawHostile)
	}
}
