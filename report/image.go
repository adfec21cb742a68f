package report

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/jpeg"
	_ "image/png" // crops may be PNG
	"os"
	"path/filepath"
	"strings"

	"github.com/granska/granska/result"
)

// CropMargin is the margin in CSS pixels the audit leaves around an
// element's box when it crops a screenshot (audit.crop); the outline is
// drawn that far in from the crop's edges, unless the box touches the
// page's top or left edge.
const CropMargin = 8

// Outline is the colour the element is outlined in: a dark magenta with
// at least 3:1 against white and most page backgrounds.
var Outline = color.RGBA{0xb0, 0x00, 0x5a, 0xff}

// Shot reads the target's screenshot crop from dir, outlines the element
// and scales it down to at most maxW pixels wide, as a JPEG. It returns
// nil when the target has no screenshot or it cannot be read.
func Shot(dir string, t *result.Target, maxW, quality int) []byte {
	if t == nil || t.Screenshot == "" || dir == "" {
		return nil
	}
	name := filepath.Clean(filepath.FromSlash(t.Screenshot))
	if filepath.IsAbs(name) || strings.HasPrefix(name, "..") {
		return nil
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return nil
	}
	src, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	img := image.NewRGBA(src.Bounds())
	draw.Draw(img, img.Bounds(), src, src.Bounds().Min, draw.Src)
	if t.Box != nil && !t.Box.Empty() {
		x0 := t.Box.X - max(0, t.Box.X-CropMargin)
		y0 := t.Box.Y - max(0, t.Box.Y-CropMargin)
		r := image.Rect(int(x0), int(y0), int(x0+t.Box.W+0.5), int(y0+t.Box.H+0.5)).Add(img.Bounds().Min)
		strokeRect(img, r.Inset(-2), 3, Outline)
	}
	out := downscale(img, maxW)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: quality}); err != nil {
		return nil
	}
	return buf.Bytes()
}

// strokeRect draws a w-pixel frame inside r, clipped to the image.
func strokeRect(img *image.RGBA, r image.Rectangle, w int, c color.RGBA) {
	u := image.NewUniform(c)
	b := img.Bounds()
	for _, s := range []image.Rectangle{
		image.Rect(r.Min.X, r.Min.Y, r.Max.X, r.Min.Y+w),
		image.Rect(r.Min.X, r.Max.Y-w, r.Max.X, r.Max.Y),
		image.Rect(r.Min.X, r.Min.Y, r.Min.X+w, r.Max.Y),
		image.Rect(r.Max.X-w, r.Min.Y, r.Max.X, r.Max.Y),
	} {
		draw.Draw(img, s.Intersect(b), u, image.Point{}, draw.Over)
	}
}

// downscale shrinks img to at most maxW pixels wide by averaging boxes of
// source pixels; a narrower image is returned as it is.
func downscale(img *image.RGBA, maxW int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if maxW <= 0 || w <= maxW || w == 0 || h == 0 {
		return img
	}
	nw := maxW
	nh := max(1, h*nw/w)
	dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for y := 0; y < nh; y++ {
		sy0, sy1 := y*h/nh, max((y+1)*h/nh, y*h/nh+1)
		for x := 0; x < nw; x++ {
			sx0, sx1 := x*w/nw, max((x+1)*w/nw, x*w/nw+1)
			var r, g, bl, n uint32
			for sy := sy0; sy < sy1; sy++ {
				off := img.PixOffset(b.Min.X+sx0, b.Min.Y+sy)
				for sx := sx0; sx < sx1; sx++ {
					r += uint32(img.Pix[off])
					g += uint32(img.Pix[off+1])
					bl += uint32(img.Pix[off+2])
					n++
					off += 4
				}
			}
			o := dst.PixOffset(x, y)
			dst.Pix[o], dst.Pix[o+1], dst.Pix[o+2], dst.Pix[o+3] = uint8(r/n), uint8(g/n), uint8(bl/n), 0xff
		}
	}
	return dst
}
