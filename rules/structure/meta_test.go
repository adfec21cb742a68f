package structure

import "testing"

func TestRefreshDelay(t *testing.T) {
	for _, c := range []struct {
		in    string
		delay int
		ok    bool
	}{
		{"0; URL='https://example.com'", 0, true},
		{"30", 30, true},
		{"  5, https://w3.org", 5, true},
		{"72001; https://w3.org", 72001, true},
		{".5; url=/", 0, true},
		{"3.9 foo", 3, true},
		{"0: https://w3.org", 0, false},
		{"-00.12 foo", 0, false},
		{"; 30", 0, false},
		{"", 0, false},
		{"+5; https://w3.org", 0, false},
		{"foo; URL='https://w3.org'", 0, false},
	} {
		d, ok := RefreshDelay(c.in)
		if d != c.delay || ok != c.ok {
			t.Errorf("RefreshDelay(%q) = %d, %v; want %d, %v", c.in, d, ok, c.delay, c.ok)
		}
	}
}

func TestViewport(t *testing.T) {
	p := ViewportProps("width=device-width,initial-scale = 1 ; USER-SCALABLE=No maximum-scale")
	if p["width"] != "device-width" || p["initial-scale"] != "1" || p["user-scalable"] != "no" {
		t.Errorf("ViewportProps = %v", p)
	}
	if _, ok := p["maximum-scale"]; !ok {
		t.Errorf("ViewportProps lost a key without value: %v", p)
	}
	for in, want := range map[string]float64{"yes": 1, "no": 0, "device-width": 10, "2.0": 2, "1.5x": 1.5, "-1": -1, "invalid": 0} {
		if got := viewportNumber(in); got != want {
			t.Errorf("viewportNumber(%q) = %g, want %g", in, got, want)
		}
	}
}

func FuzzRefreshDelay(f *testing.F) {
	for _, s := range []string{"0; url=/", "30", "+5", ".", "99999999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := RefreshDelay(s); ok && d < 0 {
			t.Errorf("negative delay %d for %q", d, s)
		}
		ViewportProps(s)
		viewportNumber(s)
	})
}
