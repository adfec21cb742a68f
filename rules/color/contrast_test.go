package color

import (
	"math"
	"testing"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/css"
)

// backdropOfColours builds a backdrop as the capture measures it: n pixels
// of each colour.
func backdropOfColours(n int, cs ...[3]uint8) *page.Backdrop {
	bd := &page.Backdrop{Hist: make([]int, page.BackdropBins), Channels: make([][6]uint8, page.BackdropBins), Darkest: "#000000", Lightest: "#ffffff"}
	for _, c := range cs {
		l := css.Color{R: float64(c[0]), G: float64(c[1]), B: float64(c[2]), A: 1}.Luminance()
		k := min(int(math.Sqrt(l)*page.BackdropBins), page.BackdropBins-1)
		ch := &bd.Channels[k]
		if bd.Hist[k] == 0 {
			*ch = [6]uint8{c[0], c[1], c[2], c[0], c[1], c[2]}
		}
		for j := range 3 {
			ch[j], ch[3+j] = min(ch[j], c[j]), max(ch[3+j], c[j])
		}
		bd.Hist[k] += n
		bd.Pixels += n
	}
	return bd
}

func TestFromBackdrop(t *testing.T) {
	white, black, grey := [3]uint8{255, 255, 255}, [3]uint8{0, 0, 0}, [3]uint8{128, 128, 128}
	tests := []struct {
		name string
		fg   css.Color
		bd   *page.Backdrop
		want rules.Outcome // "" for undecided
	}{
		// Translucent grey over half white, half black: 2.6:1 and 2.8:1.
		{"translucent fails on both", css.Color{R: 120, G: 120, B: 120, A: 0.7}, backdropOfColours(100, white, black), rules.Failed},
		// Translucent white over black and dark grey: 16.8:1 and 10:1.
		{"translucent passes on both", css.Color{R: 255, G: 255, B: 255, A: 0.9}, backdropOfColours(100, black, [3]uint8{51, 51, 51}), rules.Passed},
		// Translucent black over white (12.6:1) and black (1:1).
		{"translucent mixed", css.Color{A: 0.8}, backdropOfColours(100, white, black), rules.CantTell},
		// Mid grey text over mid grey pixels: the bin holds the text's
		// luminance, the pixels match it.
		{"opaque same colour", css.Color{R: 128, G: 128, B: 128, A: 1}, backdropOfColours(100, grey), rules.Failed},
		{"opaque over white and black", css.Color{R: 118, G: 118, B: 118, A: 1}, backdropOfColours(100, white), rules.Passed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, ok := fromBackdrop(nil, 1, tt.fg, tt.bd, 4.5, "normal")
			if !ok {
				t.Fatalf("undecided, want %s", tt.want)
			}
			if r.Outcome != tt.want {
				t.Errorf("got %s/%s %v, want %s", r.Outcome, r.Code, r.Args, tt.want)
			}
		})
	}
}

// Translucent text needs the pixels' channel ranges: without them (an
// older capture) there is no single colour to judge.
func TestFromBackdropTranslucentNeedsChannels(t *testing.T) {
	bd := backdropOfColours(100, [3]uint8{255, 255, 255}, [3]uint8{0, 0, 0})
	bd.Channels = nil
	if _, ok := fromBackdrop(nil, 1, css.Color{R: 120, G: 120, B: 120, A: 0.7}, bd, 4.5, "normal"); ok {
		t.Error("decided translucent text without channel ranges")
	}
	// Opaque text still decides from the bins alone.
	if r, ok := fromBackdrop(nil, 1, css.Color{R: 255, G: 255, B: 255, A: 1}, backdropOfColours(100, [3]uint8{0, 0, 0}), 4.5, "normal"); !ok || r.Outcome != rules.Passed {
		t.Errorf("opaque white on black: %v %v", r.Outcome, ok)
	}
}

func TestRatioBounds(t *testing.T) {
	for _, tt := range []struct{ t0, t1, p0, p1, worst, best float64 }{
		{0, 0, 1, 1, 21, 21},
		{1, 1, 0, 0, 21, 21},
		{0.2, 0.3, 0.25, 0.26, 1, (0.26 + 0.05) / (0.2 + 0.05)},
	} {
		w, b := ratioBounds(tt.t0, tt.t1, tt.p0, tt.p1)
		if math.Abs(w-tt.worst) > 1e-9 || math.Abs(b-tt.best) > 1e-9 {
			t.Errorf("ratioBounds(%v, %v, %v, %v) = %v, %v; want %v, %v", tt.t0, tt.t1, tt.p0, tt.p1, w, b, tt.worst, tt.best)
		}
	}
}
