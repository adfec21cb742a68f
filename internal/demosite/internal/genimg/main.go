// Command genimg draws the hero image of the bundled demo career site: a wind farm on a
// bright winter day in Norrbotten, with a pale sky on the left where the hero text sits.
//
// The pale sky is deliberate. The broken twin puts white text straight on it (a contrast
// failure over an image); the fixed twin puts the text on a solid dark panel.
//
// The output is deterministic (no randomness, no clock), so regenerating it gives the same
// pixels. Run from the module root:
//
//	go run ./internal/demosite/internal/genimg -out internal/demosite/site/static/img/hero.png
package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

const (
	width  = 1600
	height = 600
	ss     = 2 // supersampling factor per axis
)

type rgb struct{ r, g, b float64 }

func hex(v uint32) rgb {
	return rgb{float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)}
}

func mix(a, b rgb, t float64) rgb {
	t = math.Max(0, math.Min(1, t))
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// canvas is a supersampled RGB buffer.
type canvas struct {
	w, h int
	px   []rgb
}

func newCanvas(w, h int) *canvas { return &canvas{w: w, h: h, px: make([]rgb, w*h)} }

func (c *canvas) blend(x, y int, col rgb, alpha float64) {
	if x < 0 || y < 0 || x >= c.w || y >= c.h || alpha <= 0 {
		return
	}
	i := y*c.w + x
	c.px[i] = mix(c.px[i], col, alpha)
}

// fillFunc paints every sample inside the bounding box for which inside returns true.
func (c *canvas) fillFunc(x0, y0, x1, y1 float64, col rgb, alpha float64, inside func(x, y float64) bool) {
	for y := int(math.Floor(y0)); y <= int(math.Ceil(y1)); y++ {
		for x := int(math.Floor(x0)); x <= int(math.Ceil(x1)); x++ {
			if inside(float64(x)+0.5, float64(y)+0.5) {
				c.blend(x, y, col, alpha)
			}
		}
	}
}

func (c *canvas) triangle(ax, ay, bx, by, cx, cy float64, col rgb) {
	minX, maxX := math.Min(ax, math.Min(bx, cx)), math.Max(ax, math.Max(bx, cx))
	minY, maxY := math.Min(ay, math.Min(by, cy)), math.Max(ay, math.Max(by, cy))
	edge := func(px, py, qx, qy, x, y float64) float64 { return (qx-px)*(y-py) - (qy-py)*(x-px) }
	c.fillFunc(minX, minY, maxX, maxY, col, 1, func(x, y float64) bool {
		e1, e2, e3 := edge(ax, ay, bx, by, x, y), edge(bx, by, cx, cy, x, y), edge(cx, cy, ax, ay, x, y)
		return (e1 >= 0 && e2 >= 0 && e3 >= 0) || (e1 <= 0 && e2 <= 0 && e3 <= 0)
	})
}

// taper paints a segment from (ax,ay) to (bx,by) whose half-width goes from ra to rb.
func (c *canvas) taper(ax, ay, bx, by, ra, rb float64, col rgb) {
	r := math.Max(ra, rb)
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	c.fillFunc(math.Min(ax, bx)-r, math.Min(ay, by)-r, math.Max(ax, bx)+r, math.Max(ay, by)+r, col, 1,
		func(x, y float64) bool {
			t := ((x-ax)*dx + (y-ay)*dy) / l2
			t = math.Max(0, math.Min(1, t))
			px, py := ax+t*dx, ay+t*dy
			rad := ra + (rb-ra)*t
			return (x-px)*(x-px)+(y-py)*(y-py) <= rad*rad
		})
}

func (c *canvas) circle(cx, cy, r float64, col rgb) {
	c.fillFunc(cx-r, cy-r, cx+r, cy+r, col, 1, func(x, y float64) bool {
		return (x-cx)*(x-cx)+(y-cy)*(y-cy) <= r*r
	})
}

func main() {
	out := flag.String("out", "hero.png", "where to write the PNG")
	flag.Parse()
	img := draw()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genimg:", err)
		os.Exit(1)
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(f, img); err != nil {
		f.Close()
		fmt.Fprintln(os.Stderr, "genimg:", err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "genimg:", err)
		os.Exit(1)
	}
}

func draw() image.Image {
	W, H := float64(width*ss), float64(height*ss)
	c := newCanvas(width*ss, height*ss)
	s := float64(ss)
	horizon := 440 * s

	// Sky: a clear winter blue fading to almost white at the horizon, with a low sun
	// glow on the left where the hero text sits.
	top, low, glow := hex(0x8db6dd), hex(0xe9f1f8), hex(0xfcfdfe)
	sunX, sunY := 330*s, 170*s
	for y := 0; y < c.h; y++ {
		fy := float64(y)
		base := mix(top, low, math.Pow(fy/horizon, 0.8))
		for x := 0; x < c.w; x++ {
			d := math.Hypot(float64(x)-sunX, (fy-sunY)*1.35) / (560 * s)
			g := math.Max(0, 1-d)
			c.px[y*c.w+x] = mix(base, glow, g*g*(3-2*g))
		}
	}

	// Far fells: two soft blue-grey ridges.
	ridge := func(x float64, amp, off, f1, f2 float64) float64 {
		return off - amp*(0.55*math.Sin(x*f1+1.3)+0.3*math.Sin(x*f2+0.4)+0.15*math.Sin(x*f1*3.1))
	}
	far, near := hex(0xcdd9e5), hex(0xb4c5d6)
	for x := 0; x < c.w; x++ {
		fx := float64(x) / s
		y1 := ridge(fx, 34, 392, 0.0042, 0.011) * s
		y2 := ridge(fx+900, 22, 418, 0.0061, 0.017) * s
		for y := int(y1); y < int(horizon)+4; y++ {
			// A little snow on the upper slopes of the far ridge.
			col := far
			if float64(y) < y1+6*s {
				col = mix(far, hex(0xf2f6fa), 0.6)
			}
			c.blend(x, y, col, 1)
		}
		for y := int(y2); y < int(horizon)+4; y++ {
			c.blend(x, y, near, 1)
		}
	}

	// Snow field with gentle drifts.
	snowHi, snowLo, drift := hex(0xf6f9fc), hex(0xdfe7ef), hex(0xcfdae5)
	for y := int(horizon); y < c.h; y++ {
		fy := float64(y)
		t := (fy - horizon) / (H - horizon)
		for x := 0; x < c.w; x++ {
			fx := float64(x)
			col := mix(snowHi, snowLo, t*0.9)
			wave := math.Sin(fx/(170*s)+fy/(38*s)) * math.Sin(fx/(430*s)-1.1)
			if wave > 0.55 {
				col = mix(col, drift, (wave-0.55)*0.9)
			}
			c.px[y*c.w+x] = col
		}
	}

	// Spruce forest along the horizon, denser and taller towards the right.
	spruceDark, spruceLight := hex(0x2c4638), hex(0x3d5c4a)
	for i := 0; i < 260; i++ {
		fi := float64(i)
		x := (fi*6.17 + 3*math.Sin(fi*1.7)) * s
		if x > W {
			break
		}
		hgt := (18 + 10*math.Abs(math.Sin(fi*2.3)) + 16*(x/W)) * s
		base := horizon + (2+2*math.Sin(fi*0.9))*s
		col := spruceDark
		if i%3 == 0 {
			col = spruceLight
		}
		w := hgt * 0.32
		for k := 0; k < 3; k++ {
			fk := float64(k)
			ty := base - hgt*(0.35+fk*0.3)
			c.triangle(x, ty-hgt*0.35, x-w*(1-fk*0.22), base-hgt*fk*0.3, x+w*(1-fk*0.22), base-hgt*fk*0.3, col)
		}
	}

	// Wind turbines on the right, receding into the distance.
	type turbine struct{ x, base, h, rot float64 }
	turbines := []turbine{
		{1420, 472, 330, 0.35},
		{1215, 458, 262, 1.2},
		{1040, 449, 205, 0.8},
		{905, 444, 150, 1.9},
		{800, 441, 108, 0.2},
	}
	towerLit, towerShade, bladeCol := hex(0xfafbfc), hex(0xaebccb), hex(0xf3f6f9)
	edge := hex(0x8797a8)
	for _, t := range turbines {
		x, base, h := t.x*s, t.base*s, t.h*s
		hubY := base - h
		bw, tw := h*0.028, h*0.012
		// Tower: a shaded edge, then the lit body slightly to the left.
		c.taper(x, base, x, hubY, bw+1.2*s, tw+1.2*s, edge)
		c.taper(x, base, x, hubY, bw, tw, towerShade)
		c.taper(x-bw*0.25, base, x-tw*0.25, hubY, bw*0.7, tw*0.7, towerLit)
		// Nacelle and hub.
		c.taper(x-h*0.04, hubY, x+h*0.07, hubY, h*0.022+1*s, h*0.022+1*s, edge)
		c.taper(x-h*0.04, hubY, x+h*0.07, hubY, h*0.022, h*0.022, towerLit)
		// Three blades, 120 degrees apart.
		blade := h * 0.52
		for k := 0; k < 3; k++ {
			a := t.rot + float64(k)*2*math.Pi/3
			ex, ey := x+blade*math.Sin(a), hubY-blade*math.Cos(a)
			c.taper(x, hubY, ex, ey, h*0.019+1*s, 1*s, edge)
			c.taper(x, hubY, ex, ey, h*0.016, 0.5*s, bladeCol)
		}
		c.circle(x, hubY, h*0.026+1*s, edge)
		c.circle(x, hubY, h*0.026, towerLit)
	}

	// Downsample the supersampled buffer.
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	n := float64(ss * ss)
	for y := 0; y < height; y++ {
		for x := 0; x < width; x++ {
			var r, g, b float64
			for dy := 0; dy < ss; dy++ {
				for dx := 0; dx < ss; dx++ {
					p := c.px[(y*ss+dy)*c.w+x*ss+dx]
					r, g, b = r+p.r, g+p.g, b+p.b
				}
			}
			img.SetRGBA(x, y, color.RGBA{uint8(r/n + 0.5), uint8(g/n + 0.5), uint8(b/n + 0.5), 255})
		}
	}
	return img
}
