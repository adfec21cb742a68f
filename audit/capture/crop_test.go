package capture_test

import (
	"bytes"
	"context"
	"fmt"
	"image/jpeg"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/internal/chrometest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	chrometest.Close()
	os.Exit(code)
}

// cropPage has solid boxes in distinct colours at fractional positions:
// two in the first screen, the rest further down, one at the foot of the
// page (where the page cannot scroll a box to the top), and a fixed header
// that must not show in crops taken scrolled down.
const cropPage = `<!doctype html><html lang="en"><title>Crops</title>
<style>
body{margin:0;background:#fff}
header{position:fixed;top:0;left:0;right:0;height:60px;background:#000}
div.b{position:absolute;left:100.4px;width:120px;height:40px}
</style>
<header></header>
<div class="b" id="a" style="top:100.3px;background:#ff0000"></div>
<div class="b" id="b" style="top:500.6px;background:#00ff00"></div>
<div class="b" id="c" style="top:1000.6px;background:#0000ff"></div>
<div class="b" id="d" style="top:1320.7px;background:#ffff00"></div>
<div class="b" id="e" style="top:1900.5px;background:#ff00ff"></div>
<div style="height:1960px"></div>
`

// TestCropBands crops boxes in the first screen, further down and at the
// foot of the page, and checks each crop's size and that it shows its box:
// the box's colour at the crop's centre, the page's white at its corner.
func TestCropBands(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, cropPage)
	}))
	defer srv.Close()
	colours := map[string][3]uint32{"a": {255, 0, 0}, "b": {0, 255, 0}, "c": {0, 0, 255}, "d": {255, 255, 0}, "e": {255, 0, 255}}
	err := chrometest.Pool(t).Do(context.Background(), func(tab context.Context) error {
		p, err := capture.Capture(tab, srv.URL, capture.Options{Walk: capture.WalkOptions{Disabled: true}})
		if err != nil {
			return err
		}
		ids := map[int]string{}
		var nodes []int
		for i := range p.Nodes {
			if id, ok := p.Attr(i, "id"); ok && p.Tag(i) == "div" {
				ids[i] = id
				nodes = append(nodes, i)
			}
		}
		if len(nodes) != len(colours) {
			t.Fatalf("found %d boxes, want %d", len(nodes), len(colours))
		}
		const margin = 8
		got := capture.Crop(tab, p, nodes, margin)
		for _, n := range nodes {
			id := ids[n]
			img, ok := got[n]
			if !ok {
				t.Errorf("%s: no crop", id)
				continue
			}
			im, err := jpeg.Decode(bytes.NewReader(img.Data))
			if err != nil {
				t.Fatalf("%s: %v", id, err)
			}
			b := im.Bounds()
			if b.Dx() < 120+2*margin-1 || b.Dx() > 120+2*margin+1 || b.Dy() < 40+2*margin-1 || b.Dy() > 40+2*margin+1 {
				t.Errorf("%s: crop is %dx%d, want about %dx%d", id, b.Dx(), b.Dy(), 120+2*margin, 40+2*margin)
			}
			near := func(x, y int, want [3]uint32) bool {
				r, g, bl, _ := im.At(b.Min.X+x, b.Min.Y+y).RGBA()
				return absDiff(r>>8, want[0]) < 40 && absDiff(g>>8, want[1]) < 40 && absDiff(bl>>8, want[2]) < 40
			}
			if !near(b.Dx()/2, b.Dy()/2, colours[id]) {
				t.Errorf("%s: the crop's centre is not the box's colour", id)
			}
			if !near(2, b.Dy()-3, [3]uint32{255, 255, 255}) {
				t.Errorf("%s: the crop's lower corner is not the page's white (box misplaced, or the fixed header shows)", id)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func absDiff(a, b uint32) float64 { return math.Abs(float64(a) - float64(b)) }
