package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/granska/granska/internal/standards/en301549"
	"github.com/granska/granska/internal/standards/wcag"
)

var (
	idPattern  = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	actPattern = regexp.MustCompile(`^[0-9a-z]{6}$`)
	codeSyntax = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// Families are the rule topics.
var Families = []string{"page", "names", "aria", "structure", "lang", "color", "focus", "keyboard", "layout", "forms", "consent", "media", "site"}

// Validate checks a rule's declaration: a slug ID, titles and help in both
// languages, WCAG criteria that exist and are not obsolete, EN 301 549
// clauses that mirror them, well-formed ACT ids, declared result codes with
// messages in both languages that use the same placeholders, and an
// implementation.
func Validate(r *Rule) error {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, fmt.Sprintf(f, a...)) }
	if !idPattern.MatchString(r.ID) {
		bad("id %q is not a slug", r.ID)
	}
	if !slices.Contains(Families, r.Family) {
		bad("family %q unknown", r.Family)
	}
	if r.Title.EN == "" || r.Title.SV == "" {
		bad("title needs English and Swedish")
	}
	if r.Help.EN == "" || r.Help.SV == "" {
		bad("help needs English and Swedish")
	}
	if r.Impact.Rank() == 0 {
		bad("impact %q unknown", r.Impact)
	}
	if len(r.WCAG) == 0 && len(r.Legal) == 0 {
		bad("maps to no WCAG criterion and no legal basis")
	}
	for _, sc := range r.WCAG {
		c, ok := wcag.Lookup(sc)
		if !ok {
			bad("WCAG %s does not exist", sc)
			continue
		}
		if c.Obsolete {
			bad("WCAG %s is obsolete", sc)
		}
	}
	for _, cl := range r.EN {
		c, ok := en301549.Lookup(cl)
		if !ok {
			bad("EN 301 549 clause %s does not exist", cl)
			continue
		}
		if c.SC != "" && !slices.Contains(r.WCAG, c.SC) {
			bad("EN clause %s mirrors WCAG %s, which the rule does not map", cl, c.SC)
		}
		if !strings.HasPrefix(cl, "9.") && c.SC == "" && len(r.WCAG) > 0 {
			// clauses 10/11 are allowed without a mirrored SC
			_ = c
		}
	}
	for _, a := range r.ACT {
		if !actPattern.MatchString(a) {
			bad("ACT id %q malformed", a)
		}
	}
	if r.Check == nil && (r.Applies == nil || r.Expect == nil) && r.Site == nil {
		bad("needs Check, Applies and Expect, or Site")
	}
	if s := r.Site; s != nil && (s.Judge == nil || len(s.Facts) == 0) {
		bad("Site needs Judge and the Facts it reads")
	}
	if s := r.Site; s != nil {
		for _, k := range s.Facts {
			if !idPattern.MatchString(strings.ReplaceAll(k.FactName(), ".", "-")) {
				bad("fact name %q is not a dotted slug", k.FactName())
			}
		}
	}
	if r.Check != nil && (r.Applies != nil || r.Expect != nil) {
		bad("has both Check and Applies/Expect")
	}
	if len(r.Codes) == 0 {
		bad("declares no result codes")
	}
	for code, t := range r.Codes {
		if !codeSyntax.MatchString(code) {
			bad("code %q is not a slug", code)
		}
		if t.EN == "" || t.SV == "" {
			bad("code %q needs English and Swedish messages", code)
		}
		if strings.Join(Placeholders(t.EN), ",") != strings.Join(Placeholders(t.SV), ",") {
			bad("code %q: English and Swedish use different placeholders", code)
		}
	}
	if r.Severity != "" && r.Severity != ViolationLikely && r.Severity != Risk && r.Severity != Info {
		bad("severity %q unknown", r.Severity)
	}
	if len(errs) > 0 {
		return fmt.Errorf("rule %s: %s", r.ID, strings.Join(errs, "; "))
	}
	return nil
}

// DeriveEN fills r.EN from r.WCAG when it is empty, with the clause that
// mirrors each criterion (V3.2.1, or V4.1.1 for the WCAG 2.2 additions).
func DeriveEN(r *Rule) {
	if len(r.EN) > 0 {
		return
	}
	for _, sc := range r.WCAG {
		if c, ok := en301549.ForSC(sc); ok {
			r.EN = append(r.EN, c.ID)
		}
	}
}
