package server

import (
	"fmt"
	"strconv"
	"strings"
)

// A chart is drawn as SVG by the templates from numbers computed here;
// no text reaches the SVG but through html/template. The same numbers are
// always shown in a table beside the chart.

// sparkline is a small line of one series.
type sparkline struct {
	W, H   int
	Points string // "x,y x,y …"
	Label  string // the accessible name, with the numbers
}

// newSparkline scales values into a w×h box with 2 px of padding.
func newSparkline(values []int, w, h int, label string) sparkline {
	return sparkline{W: w, H: h, Points: points(values, w, h, maxOf(values)), Label: label}
}

// series is one line of a chart with its legend.
type series struct {
	Key    string // message key of the legend
	Class  string // CSS class: colour and dash pattern
	Points string
	Values []int
}

// lineChart is several series over the same runs.
type lineChart struct {
	W, H   int
	Max    int
	Series []series
	Grid   []gridLine
	Label  string
}

type gridLine struct {
	Y     float64
	Value int
}

// newLineChart scales all series to one maximum so they compare.
func newLineChart(w, h int, label string, ss []series) lineChart {
	m := 0
	for _, s := range ss {
		m = max(m, maxOf(s.Values))
	}
	c := lineChart{W: w, H: h, Max: m, Label: label}
	for _, s := range ss {
		s.Points = points(s.Values, w, h, m)
		c.Series = append(c.Series, s)
	}
	if m > 0 {
		for _, v := range []int{0, m / 2, m} {
			c.Grid = append(c.Grid, gridLine{Y: y(v, h, m), Value: v})
		}
	}
	return c
}

func maxOf(vs []int) int {
	m := 0
	for _, v := range vs {
		m = max(m, v)
	}
	return m
}

const pad = 2.0

func y(v, h, m int) float64 {
	if m == 0 {
		return float64(h) - pad
	}
	return pad + (float64(h)-2*pad)*(1-float64(v)/float64(m))
}

// points lays out values left to right; one value is drawn as a flat
// line across the box.
func points(values []int, w, h, m int) string {
	if len(values) == 0 {
		return ""
	}
	if len(values) == 1 {
		values = []int{values[0], values[0]}
	}
	var b strings.Builder
	step := (float64(w) - 2*pad) / float64(len(values)-1)
	for i, v := range values {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.FormatFloat(pad+step*float64(i), 'f', 1, 64))
		b.WriteByte(',')
		b.WriteString(strconv.FormatFloat(y(v, h, m), 'f', 1, 64))
	}
	return b.String()
}

// numbers is "3, 5, 2" for an accessible name.
func numbers(vs []int) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = fmt.Sprint(v)
	}
	return strings.Join(parts, ", ")
}
