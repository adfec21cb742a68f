package wad

import (
	"slices"
	"strings"
	"testing"
)

// text builds a Text from lines: "# " starts a heading, "[text](href)" a
// link line.
func text(lines ...string) Text {
	var t Text
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "# "):
			t.Blocks = append(t.Blocks, Block{Heading: 2, Text: l[2:]})
		case strings.HasPrefix(l, "[") && strings.Contains(l, "]("):
			i := strings.Index(l, "](")
			t.Links = append(t.Links, Link{Text: l[1:i], Href: strings.TrimSuffix(l[i+2:], ")")})
			t.Blocks = append(t.Blocks, Block{Text: l[1:i]})
		case l == "<form>":
			t.Forms++
		default:
			t.Blocks = append(t.Blocks, Block{Text: l})
		}
	}
	return t
}

func TestParseStatus(t *testing.T) {
	cases := []struct {
		name, want string
		lines      []string
	}{
		{"sv model partially", StatusPartially, []string{"# Hur tillgänglig är webbplatsen?", "Vi är medvetna om att delar av webbplatsen inte är helt tillgängliga.", "# Efterlevnadsstatus", "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service."}},
		{"sv meets requirements", StatusFully, []string{"Kommunens webbplats uppfyller samtliga krav i lagen om tillgänglighet till digital offentlig service."}},
		{"sv does not live up to", StatusNot, []string{"# Status", "Tyvärr lever webbplatsen inte upp till kraven i DOS-lagen i nuläget."}},
		{"sv follows with exceptions", StatusPartially, []string{"Vår webbplats följer kraven i WCAG 2.1 nivå AA, med undantag för det som listas nedan."}},
		{"sv aspiration skipped", StatusPartially, []string{"Vi strävar efter att webbplatsen ska vara helt förenlig med lagen.", "I dag är den bara till viss del förenlig med lagen."}},
		{"en fully", StatusFully, []string{"# Compliance status", "This website is fully compliant with the Web Accessibility Directive."}},
		{"en conforms", StatusFully, []string{"The careers portal conforms to WCAG 2.1 level AA."}},
		{"en partly meets", StatusPartially, []string{"Our site meets most of the requirements of EN 301 549."}},
		{"en non-compliance", StatusNot, []string{"# How accessible this website is", "This website is not compliant with the accessibility regulations."}},
		{"en committed skipped", "", []string{"We are committed to making our website accessible.", "Contact us if you find a problem."}},
		{"en meets needs not a claim", "", []string{"The service meets the needs of job seekers across the region."}},
		{"status heading preferred", StatusPartially, []string{"Some PDF files are not compliant with WCAG.", "# Compliance status", "This website is partially compliant with the Directive."}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st := Parse(text(c.lines...))
			if st.Status != c.want {
				t.Errorf("status %q (from %q), want %q", st.Status, st.StatusText, c.want)
			}
		})
	}
}

func TestParseParts(t *testing.T) {
	sv := Parse(text(
		"# Innehåll som inte är tillgängligt",
		"Flera formulär saknar etiketter, vilket strider mot 1.3.1 och 9.4.1.2.",
		"Kartan är undantagen eftersom den omfattas inte av lagen.",
		"Att tillgängliggöra gamla filmer vore oskäligt betungande.",
		"Du kan beställa en tillgänglig version av dokumenten.",
		"# Hur vi testat webbplatsen",
		"Vi har själva testat webbplatsen. Redogörelsen upprättades den 3 mars 2023 och uppdaterades senast 2025-02-14.",
		"# Återkoppling",
		"[Använd vår meddelandefunktion](/sv/synpunkter)",
		"Du når oss också på tillganglighet@kommun.example eller telefon 08-123 456 78.",
		"# Tillsyn",
		"Myndigheten för digital förvaltning har tillsyn över lagen.",
		"[Anmäl till Digg](https://www.digg.se/tdosanmalan)",
	))
	want := Statement{NonAccessible: true, Reasons: []string{ReasonBurden, ReasonNonCompliance, ReasonOutOfScope}, Alternatives: true,
		Criteria: []string{"1.3.1", "4.1.2"}, Prepared: "2023-03-03", Reviewed: "2025-02-14", Method: "self-assessment",
		Feedback: []string{"/sv/synpunkter"}, Contact: []string{"tillganglighet@kommun.example", "08-123 456 78"},
		Enforcement: "https://www.digg.se/tdosanmalan", EnforcementLinked: true}
	compare(t, "sv", sv, want)

	en := Parse(text(
		"# Preparation of this statement",
		"This statement was first written on March 5, 2021. An independent audit by an accessibility consultancy was carried out.",
		"It was last reviewed on 12 January 2022.",
		"# Feedback",
		"<form>",
		"# If you are not happy",
		"[Complain to the enforcement body](https://equality.example/complaints)",
	))
	want = Statement{Prepared: "2021-03-05", Reviewed: "2022-01-12", Method: "third-party", Feedback: []string{"form"},
		Enforcement: "https://equality.example/complaints", EnforcementLinked: true}
	compare(t, "en", en, want)

	bare := Parse(text("Tillgänglighetsredogörelse för Norrsken. Sidan gjordes 2024-01-01."))
	if bare.Prepared != "2024-01-01" || bare.Reviewed != "" || bare.Enforcement != "" || len(bare.Feedback) != 0 {
		t.Errorf("bare: %+v", bare)
	}
}

func compare(t *testing.T, name string, got, want Statement) {
	t.Helper()
	if got.NonAccessible != want.NonAccessible || !slices.Equal(got.Reasons, want.Reasons) || got.Alternatives != want.Alternatives ||
		!slices.Equal(got.Criteria, want.Criteria) || got.Prepared != want.Prepared || got.Reviewed != want.Reviewed ||
		got.Method != want.Method || !slices.Equal(got.Feedback, want.Feedback) || !slices.Equal(got.Contact, want.Contact) ||
		got.Enforcement != want.Enforcement || got.EnforcementLinked != want.EnforcementLinked {
		t.Errorf("%s:\n got %+v\nwant %+v", name, got, want)
	}
}

func TestFindDates(t *testing.T) {
	for in, want := range map[string]string{
		"2024-5-7": "2024-05-07", "7 maj 2024": "2024-05-07", "7. maj 2024": "2024-05-07", "may 7, 2024": "2024-05-07",
		"7th may 2024": "2024-05-07", "07.05.2024": "2024-05-07", "31 februari 2024": "", "2024-13-01": "",
	} {
		ds := findDates(in)
		got := ""
		if len(ds) > 0 {
			got = ds[0].date
		}
		if got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

func TestParseStatusDescriptive(t *testing.T) {
	st := Parse(text("This statement describes how the site complies with the Swedish Act on accessibility.",
		"Redogörelsen beskriver hur webbplatsen uppfyller lagen.", "# Compliance status", "The site is not compliant with the Act."))
	if st.Status != StatusNot || len(st.Statuses) != 1 {
		t.Errorf("status %q, statuses %v", st.Status, st.Statuses)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("Webbplatsen är delvis förenlig med lagen. Uppdaterad 2025-13-40 och 31 februari 2024.", "mailto:a@b", "https://www.digg.se/x")
	f.Add("This site fully complies with WCAG 2.1 (9.1.4.3) as of March 5, 2021.", "tel:+46", "")
	f.Fuzz(func(t *testing.T, body, href1, href2 string) {
		st := Parse(Text{Blocks: []Block{{Heading: 2, Text: "Status"}, {Text: body}}, Links: []Link{{Href: href1, Text: body}, {Href: href2, Text: "anmäl"}}})
		for _, d := range append(st.Dates, st.Prepared, st.Reviewed) {
			if d != "" && len(d) != 10 {
				t.Fatalf("date %q", d)
			}
		}
		CheckStatement("u", &st, AuditFacts{})
	})
}
