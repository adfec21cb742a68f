package css

import (
	"errors"
	"math"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in   string
		want Color
	}{
		{"rgb(255, 0, 0)", Color{255, 0, 0, 1}},
		{"rgba(0, 0, 0, 0.5)", Color{0, 0, 0, 0.5}},
		{"rgb(10 20 30 / 25%)", Color{10, 20, 30, 0.25}},
		{"#fff", Color{255, 255, 255, 1}},
		{"#00000080", Color{0, 0, 0, 128.0 / 255}},
		{"transparent", Color{}},
		{"color(srgb 1 0 0.5)", Color{255, 0, 127.5, 1}},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if math.Abs(got.R-c.want.R) > 0.01 || math.Abs(got.G-c.want.G) > 0.01 || math.Abs(got.B-c.want.B) > 0.01 || math.Abs(got.A-c.want.A) > 0.01 {
			t.Errorf("Parse(%q) = %+v, want %+v", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"oklch(0.5 0.1 20)", "rgb(1,2)", "#12", "red", "rgb(a,b,c)"} {
		if _, err := Parse(bad); !errors.Is(err, ErrColor) {
			t.Errorf("Parse(%q) error = %v, want ErrColor", bad, err)
		}
	}
}

func TestContrast(t *testing.T) {
	if got := Contrast(Black, White); math.Abs(got-21) > 1e-9 {
		t.Errorf("black/white = %v", got)
	}
	grey, _ := Parse("rgb(119, 119, 119)")
	if got := Contrast(grey, White); math.Abs(got-4.48) > 0.01 {
		t.Errorf("#777 on white = %.3f, want 4.48", got)
	}
	half := Black.WithAlpha(0.5).Over(White)
	if half.Hex() != "#808080" {
		t.Errorf("50%% black over white = %s", half.Hex())
	}
}

func TestLargeText(t *testing.T) {
	if !LargeText(24, 400) || LargeText(23, 400) || !LargeText(18.67, 700) || LargeText(18.67, 600) {
		t.Error("large text thresholds wrong")
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"rgb(1,2,3)", "rgba(1, 2, 3, .5)", "#abc", "color(srgb 1 1 1 / 50%)", "rgb(1 2 3 / 4%)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		if c.A < 0 || c.A > 1 || c.R < 0 || c.R > 255 || c.G < 0 || c.G > 255 || c.B < 0 || c.B > 255 {
			t.Fatalf("Parse(%q) out of range: %+v", s, c)
		}
		if r := Contrast(c.Over(White), Black); r < 1 || r > 21.0001 || math.IsNaN(r) {
			t.Fatalf("contrast out of range: %v", r)
		}
	})
}
