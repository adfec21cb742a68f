package loadtest

import (
	"reflect"
	"testing"
	"time"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/result"
	"github.com/granska/granska/rules"
)

func TestDiff(t *testing.T) {
	a := []string{"a", "b", "b", "d"}
	b := []string{"b", "c", "d", "e"}
	want := []string{"- a", "- b", "+ c", "+ e"}
	if got := Diff(a, b); !reflect.DeepEqual(got, want) {
		t.Errorf("Diff = %q, want %q", got, want)
	}
	if got := Diff(a, a); got != nil {
		t.Errorf("Diff(a, a) = %q, want none", got)
	}
}

func TestOutcomesIgnoreHostAndOrder(t *testing.T) {
	run := func(host string, rev bool) *result.Run {
		ps := []result.Page{
			{URL: host + "/jobb/", Outcomes: []result.Outcome{{Rule: "image-alt", Outcome: rules.Failed, Code: "no-name", Target: &result.Target{XPath: "/html/body/img"}}}},
			{URL: host + "/?q=1", Gaps: []page.Gap{{Kind: page.GapTimeout, Node: -1, Detail: "x"}}},
		}
		if rev {
			ps[0], ps[1] = ps[1], ps[0]
		}
		return &result.Run{Pages: ps}
	}
	a, b := Outcomes(run("http://127.0.0.1:1", false)), Outcomes(run("http://127.0.0.1:2", true))
	if d := Diff(a, b); len(d) != 0 {
		t.Errorf("differences: %q", d)
	}
	want := []string{"/?q=1 gap timeout -1 x", "/jobb image-alt failed no-name /html/body/img"}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("Outcomes = %q, want %q", a, want)
	}
}

func TestHogStops(t *testing.T) {
	stop := Hog(2, time.Minute)
	stop() // returns once every goroutine has ended
	stop = Hog(1, time.Millisecond)
	time.Sleep(5 * time.Millisecond)
	stop()
}
