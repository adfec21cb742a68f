package gate_test

import (
	"errors"
	"testing"
	"time"

	"github.com/granska/granska/report"
	"github.com/granska/granska/report/gate"
	"github.com/granska/granska/report/reporttest"
	"github.com/granska/granska/rules"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]string{
		"":                      "failed,aa",
		"serious":               "failed,serious,aa",
		"failed,cantTell":       "failed,cantTell,aa",
		"cantTell":              "cantTell,aa",
		"critical,any":          "failed,critical,any",
		"none":                  "none",
		"a":                     "failed,a",
		"failed cantTell minor": "failed,cantTell,minor,aa",
	} {
		p, err := gate.Parse(in)
		if err != nil || p.String() != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, p, err, want)
		}
	}
	for _, bad := range []string{"sometimes", "serious,critical", "a,aa"} {
		if _, err := gate.Parse(bad); !errors.Is(err, gate.ErrPolicy) {
			t.Errorf("Parse(%q): %v, want ErrPolicy", bad, err)
		}
	}
}

func TestEvaluate(t *testing.T) {
	issues := report.Dedupe(reporttest.Run(6), "en")
	v := gate.Evaluate(issues, gate.Default(), nil)
	for _, is := range v.Gating {
		if is.Outcome != rules.Failed || is.Rule == "consent-prechecked" {
			t.Errorf("default gate let %s %s through", is.Rule, is.Outcome)
		}
	}
	if !v.Failed() {
		t.Fatal("default gate passes a run with WCAG A/AA failures")
	}
	b := gate.NewBaseline(issues, reporttest.Clock, "test")
	if v := gate.Evaluate(issues, gate.Default(), b); v.Failed() || len(v.Known) == 0 || len(v.Fixed) != 0 {
		t.Errorf("all known: %+v", v)
	}
	added, fixed := b.Update(issues[1:], reporttest.Clock.Add(time.Hour))
	if added != 0 || len(fixed) != 1 || fixed[0].Fingerprint != issues[0].Fingerprint {
		t.Errorf("update: %d added, %v fixed", added, fixed)
	}
}
