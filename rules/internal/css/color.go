// Package css parses the CSS values Chrome reports in computed styles
// (colours, lengths, font weights) and computes WCAG contrast.
package css

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Color is an sRGB colour with alpha, channels 0..255 and alpha 0..1.
type Color struct {
	R, G, B float64
	A       float64
}

// ErrColor is returned for colour syntax that Parse does not read.
var ErrColor = errors.New("css: unsupported colour")

// Parse reads a computed colour: rgb(), rgba(), #rgb[a], #rrggbb[aa],
// "transparent", or color(srgb r g b / a). Other colour spaces (oklch,
// display-p3, ...) give ErrColor.
func Parse(s string) (Color, error) {
	if v, ok := parsed.Load(s); ok {
		r := v.(parseResult)
		return r.c, r.err
	}
	c, err := parse(s)
	if parsedN.Load() < maxParsed {
		if _, loaded := parsed.LoadOrStore(s, parseResult{c, err}); !loaded {
			parsedN.Add(1)
		}
	}
	return c, err
}

// parsed caches Parse: a page writes its few colours on every element, and
// rules read them for every text and every ancestor. Parse is a pure
// function of its input, so the cache changes no result; it stops growing
// at maxParsed distinct inputs.
var (
	parsed  sync.Map // string -> parseResult
	parsedN atomic.Int64
)

const maxParsed = 1 << 14

type parseResult struct {
	c   Color
	err error
}

func parse(s string) (Color, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	switch {
	case s == "transparent":
		return Color{}, nil
	case strings.HasPrefix(s, "#"):
		return parseHex(s[1:])
	case strings.HasPrefix(s, "rgb(") || strings.HasPrefix(s, "rgba("):
		inner := s[strings.IndexByte(s, '(')+1:]
		if !strings.HasSuffix(inner, ")") {
			return Color{}, fmt.Errorf("%w: %q", ErrColor, s)
		}
		return parseRGB(strings.TrimSuffix(inner, ")"), s)
	case strings.HasPrefix(s, "color(srgb "):
		inner := strings.TrimSuffix(strings.TrimPrefix(s, "color(srgb "), ")")
		parts, alpha := splitAlpha(inner)
		if len(parts) != 3 {
			return Color{}, fmt.Errorf("%w: %q", ErrColor, s)
		}
		var c Color
		for i, p := range parts {
			f, err := strconv.ParseFloat(p, 64)
			if err != nil {
				return Color{}, fmt.Errorf("%w: %q", ErrColor, s)
			}
			v := clamp(f, 0, 1) * 255
			switch i {
			case 0:
				c.R = v
			case 1:
				c.G = v
			case 2:
				c.B = v
			}
		}
		c.A = 1
		if alpha != "" {
			a, err := parseAlpha(alpha)
			if err != nil {
				return Color{}, fmt.Errorf("%w: %q", ErrColor, s)
			}
			c.A = a
		}
		return c, nil
	}
	return Color{}, fmt.Errorf("%w: %q", ErrColor, s)
}

func splitAlpha(s string) ([]string, string) {
	alpha := ""
	if i := strings.IndexByte(s, '/'); i >= 0 {
		alpha = strings.TrimSpace(s[i+1:])
		s = s[:i]
	}
	return strings.Fields(s), alpha
}

func parseRGB(inner, orig string) (Color, error) {
	var parts []string
	alpha := ""
	if strings.Contains(inner, ",") {
		for _, p := range strings.Split(inner, ",") {
			parts = append(parts, strings.TrimSpace(p))
		}
		if len(parts) == 4 {
			alpha, parts = parts[3], parts[:3]
		}
	} else {
		parts, alpha = splitAlpha(inner)
	}
	if len(parts) != 3 {
		return Color{}, fmt.Errorf("%w: %q", ErrColor, orig)
	}
	var ch [3]float64
	for i, p := range parts {
		var f float64
		var err error
		if strings.HasSuffix(p, "%") {
			f, err = strconv.ParseFloat(strings.TrimSuffix(p, "%"), 64)
			f = f * 255 / 100
		} else {
			f, err = strconv.ParseFloat(p, 64)
		}
		if err != nil || math.IsNaN(f) {
			return Color{}, fmt.Errorf("%w: %q", ErrColor, orig)
		}
		ch[i] = clamp(f, 0, 255)
	}
	c := Color{R: ch[0], G: ch[1], B: ch[2], A: 1}
	if alpha != "" {
		a, err := parseAlpha(alpha)
		if err != nil {
			return Color{}, fmt.Errorf("%w: %q", ErrColor, orig)
		}
		c.A = a
	}
	return c, nil
}

func parseAlpha(s string) (float64, error) {
	if strings.HasSuffix(s, "%") {
		f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
		return clamp(f/100, 0, 1), err
	}
	f, err := strconv.ParseFloat(s, 64)
	if math.IsNaN(f) {
		return 0, ErrColor
	}
	return clamp(f, 0, 1), err
}

func parseHex(h string) (Color, error) {
	if len(h) == 3 || len(h) == 4 {
		var b strings.Builder
		for _, c := range h {
			b.WriteRune(c)
			b.WriteRune(c)
		}
		h = b.String()
	}
	if len(h) != 6 && len(h) != 8 {
		return Color{}, fmt.Errorf("%w: #%s", ErrColor, h)
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return Color{}, fmt.Errorf("%w: #%s", ErrColor, h)
	}
	if len(h) == 6 {
		v = v<<8 | 0xff
	}
	return Color{R: float64(v >> 24 & 0xff), G: float64(v >> 16 & 0xff), B: float64(v >> 8 & 0xff), A: float64(v&0xff) / 255}, nil
}

func clamp(f, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, f)) }

// Over composites c over the opaque background bg.
func (c Color) Over(bg Color) Color {
	a := c.A
	return Color{R: c.R*a + bg.R*(1-a), G: c.G*a + bg.G*(1-a), B: c.B*a + bg.B*(1-a), A: 1}
}

// WithAlpha returns c with its alpha multiplied by f.
func (c Color) WithAlpha(f float64) Color { c.A *= f; return c }

// Hex returns #rrggbb (alpha ignored).
func (c Color) Hex() string {
	r := func(f float64) int { return int(math.Round(clamp(f, 0, 255))) }
	return fmt.Sprintf("#%02x%02x%02x", r(c.R), r(c.G), r(c.B))
}

// Luminance is the WCAG relative luminance of an opaque colour.
func (c Color) Luminance() float64 {
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is the WCAG contrast ratio of two opaque colours, 1..21.
func Contrast(a, b Color) float64 {
	la, lb := a.Luminance(), b.Luminance()
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// White and Black are the opaque extremes.
var (
	White = Color{255, 255, 255, 1}
	Black = Color{0, 0, 0, 1}
)

// Px parses a CSS pixel length ("16px", "16"); ok is false otherwise.
func Px(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "px"), 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// Weight parses a computed font-weight ("400", "bold").
func Weight(s string) float64 {
	switch strings.TrimSpace(s) {
	case "normal", "":
		return 400
	case "bold":
		return 700
	case "bolder":
		return 700
	case "lighter":
		return 300
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return 400
	}
	return f
}

// LargeText reports whether text of the size (CSS px) and weight is large
// scale text in WCAG's sense: at least 18 pt, or 14 pt bold (1 pt = 4/3 px).
func LargeText(sizePx, weight float64) bool {
	return sizePx >= 24-0.01 || (sizePx >= 18.66 && weight >= 700)
}
