package e2e

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/internal/chrometest"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/catalog"
)

// The corpus (testdata/corpus) is the team's own set of single-barrier
// pages, written in words and markup unlike the rule fixtures: each file
// is a pair, a page with one barrier and its clean look-alike, which
// differ only where the file says <!--barrier-->A<!--clean-->B<!--end-->
// (either part may be missing). The barrier's success criterion is in
// <meta name="granska-corpus" content="SC">.
//
// TestCorpus captures both variants of every pair in Chromium, runs the
// non-optional rules (and the optional ones of an AAA page's criterion), and reports recall (the barrier page has a failed
// or cantTell finding at its criterion) and false findings (any failed
// outcome on a clean page, which the test does not allow). Run with -v to
// see each pair. Pages named o-* are the second set, written in the
// styles other authors use (framework markup, CMS output, class soup, old
// table layouts) rather than ours.
func TestCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("end to end")
	}
	chrometest.Require(t)
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus pages: %v", err)
	}
	sort.Strings(files)
	// GRANSKA_CORPUS narrows a run to the pages whose name starts with it
	// (for working on one group); the recall floor applies to full runs.
	only := os.Getenv("GRANSKA_CORPUS")
	if only != "" {
		files = slices.DeleteFunc(files, func(f string) bool { return !strings.HasPrefix(filepath.Base(f), only) })
	}
	srv := httptest.NewServer(pairHandler(filepath.Join("testdata", "corpus"), "", "corpus.css"))
	t.Cleanup(srv.Close)

	// The default rule set, and per page the optional (AAA) rules that
	// check the page's own criterion: a barrier at an AAA criterion is
	// judged by the rules a user turns on for it.
	var base, optional []*rules.Rule
	for _, r := range catalog.Rules() {
		if r.Optional {
			optional = append(optional, r)
		} else {
			base = append(base, r)
		}
	}
	found, questions, falses, cleanQuestions := 0, 0, 0, 0
	var missed []string
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := corpusSC(string(src))
		if sc == "" {
			t.Errorf("%s: no <meta name=\"granska-corpus\" content=\"SC\">", name)
			continue
		}
		set := slices.Clone(base)
		for _, r := range optional {
			if slices.Contains(r.WCAG, sc) {
				set = append(set, r)
			}
		}
		bad := corpusFindings(t, srv.URL+"/"+name+".html?v=barrier", set)
		hits := atSC(bad, sc)
		switch {
		case len(hits) == 0:
			missed = append(missed, name+" ("+sc+")")
			t.Logf("MISSED %s at %s (found instead: %s)", name, sc, strings.Join(bad, "; "))
		default:
			found++
			if !slices.ContainsFunc(hits, func(s string) bool { return strings.HasPrefix(s, "failed ") }) {
				questions++
			}
			t.Logf("found  %s at %s: %s", name, sc, strings.Join(hits, "; "))
		}
		clean := corpusFindings(t, srv.URL+"/"+name+".html?v=clean", set)
		for _, c := range atSC(clean, sc) {
			if strings.HasPrefix(c, "cantTell ") {
				cleanQuestions++
				t.Logf("clean %s still asks at %s: %s", name, sc, c)
			}
		}
		for _, c := range clean {
			if strings.HasPrefix(c, "failed ") {
				falses++
				t.Errorf("clean %s: false finding %s", name, c)
			}
		}
	}
	t.Logf("corpus: %d of %d barriers found at their criterion (%.0f%%; %d only as cantTell); %d failed findings on the clean look-alikes, %d cantTell at the barrier's criterion",
		found, len(files), 100*float64(found)/float64(len(files)), questions, falses, cleanQuestions)
	if len(missed) > 0 {
		t.Logf("missed: %s", strings.Join(missed, ", "))
	}
	if only == "" && found < corpusRecallFloor {
		t.Errorf("recall fell: %d found, the floor is %d", found, corpusRecallFloor)
	}
}

// corpusRecallFloor is the number of corpus barriers found when the
// corpus was last measured; a change that finds fewer is a regression.
const corpusRecallFloor = 106

var (
	corpusMeta = regexp.MustCompile(`<meta name="granska-corpus" content="([^"]+)">`)
	corpusPart = regexp.MustCompile(`(?s)<!--(barrier|clean)-->(.*?)(?:<!--clean-->(.*?))?<!--end-->`)
)

func corpusSC(src string) string {
	if m := corpusMeta.FindStringSubmatch(src); m != nil {
		return m[1]
	}
	return ""
}

// corpusVariant renders one variant ("barrier" or "clean") of a pair.
func corpusVariant(src, v string) string {
	return corpusPart.ReplaceAllStringFunc(src, func(m string) string {
		g := corpusPart.FindStringSubmatch(m)
		switch {
		case g[1] == "clean":
			if v == "clean" {
				return g[2]
			}
			return ""
		case v == "barrier":
			return g[2]
		}
		return g[3]
	})
}

// pairHandler serves the pages of dir as ?v=barrier or ?v=clean (with no
// v: def, or 404 when def is empty), and the shared files named in
// assets; any other path is 404. The corpus and the widget pages share it.
func pairHandler(dir, def string, assets ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Base(r.URL.Path)
		if slices.Contains(assets, strings.TrimPrefix(r.URL.Path, "/")) {
			http.ServeFile(w, r, filepath.Join(dir, name))
			return
		}
		v := r.URL.Query().Get("v")
		if v == "" {
			v = def
		}
		if !strings.HasSuffix(name, ".html") || (v != "barrier" && v != "clean") {
			http.NotFound(w, r)
			return
		}
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, corpusVariant(string(src), v))
	})
}

// corpusFindings captures url and returns its failed and cantTell
// findings as "OUTCOME rule/code [SCs]".
func corpusFindings(t *testing.T, url string, set []*rules.Rule) []string {
	t.Helper()
	p, err := chrometest.Capture(t, url, capture.Options{})
	if err != nil {
		t.Fatalf("%s: %v", url, err)
	}
	fs, errs := rules.Run(context.Background(), p, set, rules.Options{})
	for _, e := range errs {
		t.Errorf("%s: rule error %v", url, e)
	}
	var out []string
	for _, f := range fs {
		if f.Outcome == rules.Failed || f.Outcome == rules.CantTell {
			out = append(out, fmt.Sprintf("%s %s/%s [%s]", f.Outcome, f.Rule.ID, f.Code, strings.Join(f.Rule.WCAG, " ")))
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// atSC keeps the findings whose rule maps to success criterion sc.
func atSC(fs []string, sc string) []string {
	var out []string
	for _, f := range fs {
		if i := strings.Index(f, "["); i >= 0 && slices.Contains(strings.Fields(strings.Trim(f[i:], "[]")), sc) {
			out = append(out, f)
		}
	}
	return out
}
