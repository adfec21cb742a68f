// Package reporttest builds synthetic, deterministic results for the
// report writers' tests: a fixed rule set, shared components failing on
// every page (a cookie banner, a navigation link), page-specific failures,
// cannot-tell outcomes, a page that could not be audited, gaps (a safety
// net that ran out, a keyboard walk cut short, a frame not captured, crawl
// bounds reached, a URL that could not be fetched), Swedish text with
// å ä ö, and screenshot crops on disk.
package reporttest

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/report"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

// Clock is the fixed time of the synthetic run and of the golden reports.
var Clock = time.Date(2026, 10, 5, 9, 30, 0, 0, time.UTC)

// Version is the tool version the golden reports print.
const Version = "0.0.0-test"

// Rules is the fixed catalogue of the synthetic run.
var Rules = []result.RuleInfo{
	{ID: "image-alt", Family: "names", Title: "Images have a text alternative", TitleSV: "Bilder har ett textalternativ",
		WCAG: []string{"1.1.1"}, EN: []string{"9.1.1.1"}, ACT: []string{"23a2a8"}, Impact: "critical",
		Help: "Give the image an alt attribute that says what it shows, or alt=\"\" when it is decoration.", HelpSV: "Ge bilden ett alt-attribut som säger vad den visar, eller alt=\"\" när den är dekoration.",
		Manual: "Check that each text alternative describes the image.", ManualSV: "Kontrollera att varje textalternativ beskriver bilden."},
	{ID: "link-name", Family: "names", Title: "Links have an accessible name", TitleSV: "Länkar har ett tillgängligt namn",
		WCAG: []string{"2.4.4", "4.1.2"}, EN: []string{"9.2.4.4", "9.4.1.2"}, ACT: []string{"c487ae"}, Impact: "serious",
		Help: "Put text in the link, or an aria-label that says where it goes.", HelpSV: "Ge länken text, eller en aria-label som säger vart den leder."},
	{ID: "text-contrast", Family: "color", Title: "Text has enough contrast", TitleSV: "Text har tillräcklig kontrast",
		WCAG: []string{"1.4.3"}, EN: []string{"9.1.4.3"}, ACT: []string{"afw4f7"}, Impact: "serious",
		Help: "Darken the text or lighten the background to 4.5:1 (3:1 for large text).", HelpSV: "Gör texten mörkare eller bakgrunden ljusare till 4,5:1 (3:1 för stor text).",
		Manual: "Check text over images and gradients with a colour picker.", ManualSV: "Kontrollera text över bilder och övertoningar med en färgväljare."},
	{ID: "target-size", Family: "layout", Title: "Targets are at least 24 by 24 pixels", TitleSV: "Klickytor är minst 24 × 24 pixlar",
		WCAG: []string{"2.5.8"}, EN: []string{"9.2.5.8"}, Impact: "moderate",
		Help: "Make the target at least 24 × 24 CSS pixels, or space it from others.", HelpSV: "Gör klickytan minst 24 × 24 CSS-pixlar, eller ge den avstånd till andra."},
	{ID: "html-lang", Family: "lang", Title: "The page has a valid language", TitleSV: "Sidan har ett giltigt språk",
		WCAG: []string{"3.1.1"}, EN: []string{"9.3.1.1"}, ACT: []string{"b5c3f8"}, Impact: "serious",
		Help: "Set lang on the html element.", HelpSV: "Sätt lang på html-elementet."},
	{ID: "consent-prechecked", Family: "consent", Title: "Consent boxes are not pre-ticked", TitleSV: "Samtyckesrutor är inte förkryssade",
		Legal: []string{"GDPR Art. 4(11)", "CJEU C-673/17 Planet49"}, Severity: "violation-likely", Impact: "",
		Help: "Leave consent checkboxes unticked.", HelpSV: "Lämna samtyckesrutor okryssade."},
	{ID: "video-captions", Family: "media", Title: "Videos have captions", TitleSV: "Videor har undertexter",
		WCAG: []string{"1.2.2"}, EN: []string{"9.1.2.2"}, Impact: "critical",
		Help: "Add a captions track.", HelpSV: "Lägg till ett undertextspår.",
		Manual: "Watch the video with captions on and check they are accurate.", ManualSV: "Titta på videon med undertexter och kontrollera att de stämmer."},
}

func rule(id string) result.RuleInfo {
	for _, r := range Rules {
		if r.ID == id {
			return r
		}
	}
	panic("reporttest: no rule " + id)
}

func outcome(ruleID string, o rules.Outcome, code, msg, msgSV, sel, snippet, shot, fp string, box *page.Rect) result.Outcome {
	r := rule(ruleID)
	out := result.Outcome{Rule: ruleID, Outcome: o, Code: code, Message: msg, MessageSV: msgSV,
		ACT: r.ACT, WCAG: r.WCAG, EN: r.EN, Impact: r.Impact, Severity: r.Severity, Fingerprint: fp}
	if sel != "" {
		out.Target = &result.Target{Selector: sel, XPath: "/html/body", Snippet: snippet, Box: box, Screenshot: shot}
	}
	if out.WCAG == nil {
		out.WCAG = []string{}
	}
	if out.EN == nil {
		out.EN = []string{}
	}
	return out
}

// Run returns a synthetic run of n pages (n ≥ 1).
func Run(n int) *result.Run {
	run := &result.Run{
		Schema: result.Schema, Tool: result.Tool{Name: "granska", Version: Version, Chrome: "Chromium 140"},
		Started: Clock.Add(-2 * time.Minute), Finished: Clock, Complete: true,
		Start:   []string{"https://jobb.example.se/"},
		Options: result.Options{Crawl: true, Viewport: "1280x800"},
		Rules:   Rules,
		Crawl: &result.Crawl{Discovered: n + 3, Audited: n, Templates: []result.Template{
			{Key: "/", URLs: 1, Audited: []string{"https://jobb.example.se/"}},
			{Key: "/jobb/{id}", URLs: n, Audited: []string{"https://jobb.example.se/jobb/1"}},
		},
			Truncated: []string{"max-pages", "template:/jobb/{id}"},
			Failures: []result.Failure{
				{URL: "https://jobb.example.se/gammal", Status: 404},
				{URL: "https://jobb.example.se/sok?q=lärare", Status: 503},
			}},
	}
	banner := &page.Rect{X: 100, Y: 700, W: 120, H: 40}
	for i := 0; i < n; i++ {
		u := "https://jobb.example.se/"
		title := "Lediga jobb – Öppna tjänster på Åre kommun"
		if i > 0 {
			u = fmt.Sprintf("https://jobb.example.se/jobb/%d", i)
			title = fmt.Sprintf("Tjänst %d – Lärare i svenska, Växjö", i)
		}
		p := result.Page{URL: u, FinalURL: u, Status: 200, Title: title, Lang: "sv", Outcomes: []result.Outcome{}}
		if i == 2 {
			p = result.Page{URL: u, Error: "capture: page did not load: net::ERR_CONNECTION_RESET", Outcomes: []result.Outcome{}}
			run.Pages = append(run.Pages, p)
			continue
		}
		// Shared: the cookie banner's accept button has too little contrast
		// on every page; the logo link has no name on every page.
		p.Outcomes = append(p.Outcomes,
			outcome("text-contrast", rules.Failed, "insufficient-ratio",
				"Text contrast is 3.2:1; it needs 4.5:1.", "Textkontrasten är 3,2:1; den behöver vara 4,5:1.",
				"#cookie-banner > button.accept", `<button class="accept">Godkänn alla</button>`, "shots/banner.jpg", "a1b2c3d4e5f60718", banner),
			outcome("link-name", rules.Failed, "no-name",
				"The link has no accessible name.", "Länken saknar tillgängligt namn.",
				"header > a.logo", `<a class="logo" href="/"><img src="logo.svg"></a>`, "", "0f1e2d3c4b5a6978", &page.Rect{X: 10, Y: 10, W: 40, H: 40}),
			outcome("text-contrast", rules.CantTell, "bg-image",
				"The text is over a background image; check the contrast by hand.", "Texten ligger över en bakgrundsbild; kontrollera kontrasten manuellt.",
				".hero h1", `<h1>Jobba hos oss i Åre, Älvdalen och Växjö</h1>`, "", "5566778899aabbcc", nil),
		)
		if i%3 == 1 {
			fp := fmt.Sprintf("%016x", 0xdead0000+i)
			p.Outcomes = append(p.Outcomes, outcome("image-alt", rules.Failed, "no-alt",
				"The image has no text alternative.", "Bilden saknar textalternativ.",
				fmt.Sprintf("main img:nth-of-type(%d)", i%5+1), fmt.Sprintf(`<img src="/bilder/%d.jpg">`, i), "shots/photo.jpg", fp,
				&page.Rect{X: float64(40 + i%60), Y: 300, W: 1000, H: 500}))
		}
		if i%4 == 0 {
			p.Outcomes = append(p.Outcomes, outcome("target-size", rules.Failed, "too-small",
				"The target is 16 × 16 px; it needs 24 × 24 px.", "Klickytan är 16 × 16 px; den behöver vara 24 × 24 px.",
				"footer a.share", `<a class="share" href="#">↗</a>`, "", "ffeeddccbbaa9988", nil))
		}
		if i == 0 {
			p.Outcomes = append(p.Outcomes, outcome("consent-prechecked", rules.Failed, "prechecked",
				"The consent box for the talent pool is ticked in advance.", "Samtyckesrutan för talangbanken är förkryssad.",
				"#talangbank", `<input type="checkbox" id="talangbank" checked>`, "", "1234123412341234", nil))
		}
		switch i {
		case 1:
			p.Gaps = []page.Gap{
				{Kind: page.GapWalk, Node: -1, Detail: "keyboard walk stopped (budget) after 41 stops of 57 computed"},
				{Kind: page.GapTimeout, Node: -1, Detail: "keyboard walk: safety net of 30s ran out after 41 stops; a run problem, not a finding"},
			}
		case 3:
			p.Gaps = []page.Gap{{Kind: page.GapFrame, Node: 12, Detail: "https://video.example.com/embed/åre: cross-origin frame"}}
		}
		p.Summary = summarise(p.Outcomes, i)
		run.Pages = append(run.Pages, p)
	}
	return run
}

func summarise(os []result.Outcome, i int) []result.RuleCount {
	m := map[string]*result.RuleCount{}
	for _, r := range Rules {
		m[r.ID] = &result.RuleCount{Rule: r.ID}
	}
	for _, o := range os {
		switch o.Outcome {
		case rules.Failed:
			m[o.Rule].Failed++
		case rules.CantTell:
			m[o.Rule].CantTell++
		}
	}
	m["html-lang"].Passed = 1
	m["image-alt"].Passed += 2
	m["link-name"].Passed += 5
	m["text-contrast"].Passed += 12
	m["target-size"].Passed += 3
	m["video-captions"].Inapplicable = true
	var out []result.RuleCount
	for _, r := range Rules {
		out = append(out, *m[r.ID])
	}
	return out
}

// WriteShots writes the screenshot crops the run refers to under dir.
func WriteShots(dir string) error {
	if err := os.MkdirAll(filepath.Join(dir, "shots"), 0o755); err != nil {
		return err
	}
	img := image.NewRGBA(image.Rect(0, 0, 136, 56))
	for y := 0; y < 56; y++ {
		for x := 0; x < 136; x++ {
			c := color.RGBA{0xf4, 0xf4, 0xf4, 0xff}
			if x >= 8 && x < 128 && y >= 8 && y < 48 {
				c = color.RGBA{0x7a, 0xb8, 0xff, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	if err := writeJPEG(filepath.Join(dir, "shots", "banner.jpg"), img); err != nil {
		return err
	}
	// A photo-like crop as large as the audit makes them (1200 × 600 at
	// most), with detail that JPEG cannot squeeze away.
	big := image.NewRGBA(image.Rect(0, 0, 1116, 516))
	seed := uint32(7)
	for y := 0; y < 516; y++ {
		for x := 0; x < 1116; x++ {
			seed = seed*1664525 + 1013904223
			n := uint8(seed >> 27)
			big.Set(x, y, color.RGBA{uint8(x/5) + n, uint8(y/3) + n, uint8((x+y)/8) + n, 0xff})
		}
	}
	return writeJPEG(filepath.Join(dir, "shots", "photo.jpg"), big)
}

func writeJPEG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 80}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Update rewrites golden files instead of comparing with them.
var Update = flag.Bool("update", false, "rewrite the report golden files in testdata/report")

// Root returns the module root (the folder with go.mod) above the working
// directory.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("reporttest: no go.mod above the working directory")
		}
		dir = up
	}
}

// Golden compares got with testdata/report/name, or rewrites it with
// -update.
func Golden(t testing.TB, name string, got []byte) {
	t.Helper()
	path := filepath.Join(Root(t), "testdata", "report", name)
	if *Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from the golden file at line %d:\ngot:  %.300s\nwant: %.300s\n(run with -update if the change is intended)", name, i+1, g, w)
			}
		}
	}
}

// Report builds the report of the synthetic run of n pages with the fixed
// clock and version, its screenshots written under a temporary folder.
func Report(t testing.TB, n int, lang string) *report.Report {
	t.Helper()
	dir := t.TempDir()
	if err := WriteShots(dir); err != nil {
		t.Fatal(err)
	}
	return report.Build(Run(n), report.Options{Lang: lang, Now: Clock, Version: Version, AssetDir: dir})
}
