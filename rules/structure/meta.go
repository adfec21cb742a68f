package structure

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// firstRefresh returns, per captured document, the first meta element with
// http-equiv="refresh" whose content the HTML parser accepts, and its delay
// in seconds (ACT bc659a, bisz58 applicability).
func firstRefresh(c *rules.Ctx) map[int]int {
	return c.Memo("structure.refresh", func() any {
		p := c.Page
		out := map[int]int{}
		if dom.ErrorPage(p) {
			return out
		}
		seen := map[int]bool{}
		for i := range p.Nodes {
			if !p.IsElement(i) || p.Tag(i) != "meta" || seen[p.Nodes[i].Doc] || dom.InSVG(p, i) {
				continue
			}
			if v, _ := p.Attr(i, "http-equiv"); page.Lower(strings.TrimSpace(v)) != "refresh" {
				continue
			}
			content, ok := p.Attr(i, "content")
			if !ok {
				continue
			}
			if delay, ok := RefreshDelay(content); ok {
				out[i] = delay
				seen[p.Nodes[i].Doc] = true
			}
		}
		return out
	}).(map[int]int)
}

// RefreshDelay parses a meta refresh content value as the HTML standard's
// shared declarative refresh steps do, returning the delay in seconds and
// whether the value is valid. Delays too large for an int are clamped.
func RefreshDelay(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	isSpace := func(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\f' || b == '\r' }
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	delay := 0
	if i == start {
		if i >= len(s) || s[i] != '.' {
			return 0, false
		}
	} else {
		n, err := strconv.Atoi(s[start:i])
		if err != nil {
			n = int(^uint(0) >> 1)
		}
		delay = n
	}
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	if i < len(s) && s[i] != ';' && s[i] != ',' && !isSpace(s[i]) {
		return 0, false
	}
	return delay, true
}

var refreshCodes = map[string]rules.Text{
	"redirect":   {EN: "The page redirects at once (delay 0), which is not a timed refresh.", SV: "Sidan dirigerar om direkt (fördröjning 0), vilket inte är en tidsstyrd uppdatering."},
	"long-delay": {EN: "The refresh comes after {delay} seconds, more than 20 hours.", SV: "Uppdateringen sker efter {delay} sekunder, mer än 20 timmar."},
	"delayed":    {EN: "The page refreshes or redirects by itself after {delay} seconds.", SV: "Sidan uppdateras eller dirigeras om av sig själv efter {delay} sekunder."},
}

func refreshTargets(c *rules.Ctx) []int {
	m := firstRefresh(c)
	out := make([]int, 0, len(m))
	for i := range c.Page.Nodes {
		if _, ok := m[i]; ok {
			out = append(out, i)
		}
	}
	return out
}

// MetaRefresh checks that a meta refresh does not reload or redirect the
// page after a delay the user cannot adjust (ACT bc659a, SC 2.2.1: a
// delay over 20 hours is allowed).
var MetaRefresh = &rules.Rule{
	ID:     "meta-refresh",
	Family: "structure",
	Title:  rules.Text{EN: "The page does not refresh or redirect after a delay", SV: "Sidan uppdateras eller dirigeras inte om efter en fördröjning"},
	Help: rules.Text{
		EN: "Remove the timed <meta http-equiv=\"refresh\">: redirect on the server, or let the user choose when to reload (a button), so no one loses their place or their unsent application.",
		SV: "Ta bort den tidsstyrda <meta http-equiv=\"refresh\">: dirigera om på servern, eller låt användaren själv välja när sidan laddas om (en knapp), så att ingen tappar bort sig eller sin osända ansökan.",
	},
	WCAG:   []string{"2.2.1"},
	ACT:    []string{"bc659a"},
	Impact: rules.Critical,
	Codes:  refreshCodes,
	Applies: func(c *rules.Ctx) []int {
		return refreshTargets(c)
	},
	Expect: func(c *rules.Ctx, meta int) rules.Result {
		d := firstRefresh(c)[meta]
		switch {
		case d == 0:
			return rules.Pass(meta, "redirect")
		case d > int(c.Param("max-delay")):
			return rules.Pass(meta, "long-delay", "delay", strconv.Itoa(d))
		}
		return rules.Fail(meta, "delayed", "delay", strconv.Itoa(d))
	},
	Params: map[string]float64{"max-delay": 72000},
}

// MetaRefreshNoException is the AAA form of MetaRefresh: any delayed
// refresh fails, however long (ACT bisz58; SC 2.2.4 and 3.2.5).
var MetaRefreshNoException = &rules.Rule{
	ID:       "meta-refresh-no-exception",
	Family:   "structure",
	Title:    rules.Text{EN: "The page never refreshes or redirects after a delay (AAA)", SV: "Sidan uppdateras eller dirigeras aldrig om efter en fördröjning (AAA)"},
	Help:     MetaRefresh.Help,
	WCAG:     []string{"2.2.4", "3.2.5"},
	ACT:      []string{"bisz58"},
	Impact:   rules.Moderate,
	Optional: true,
	Codes:    refreshCodes,
	Applies: func(c *rules.Ctx) []int {
		return refreshTargets(c)
	},
	Expect: func(c *rules.Ctx, meta int) rules.Result {
		if d := firstRefresh(c)[meta]; d != 0 {
			return rules.Fail(meta, "delayed", "delay", strconv.Itoa(d))
		}
		return rules.Pass(meta, "redirect")
	},
}

// ViewportProps parses a meta viewport content value into lower-cased
// key/value pairs, as browsers do: pairs separated by commas, semicolons or
// white space, key and value by "=" with optional white space around it.
func ViewportProps(s string) map[string]string {
	out := map[string]string{}
	sep := func(b byte) bool {
		return b == ',' || b == ';' || b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'
	}
	ws := func(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' }
	s = page.Lower(s)
	i := 0
	for i < len(s) {
		for i < len(s) && sep(s[i]) {
			i++
		}
		k := i
		for i < len(s) && !sep(s[i]) && s[i] != '=' {
			i++
		}
		key := s[k:i]
		j := i
		for j < len(s) && ws(s[j]) {
			j++
		}
		val := ""
		if j < len(s) && s[j] == '=' {
			j++
			for j < len(s) && ws(s[j]) {
				j++
			}
			v := j
			for j < len(s) && !sep(s[j]) {
				j++
			}
			val = s[v:j]
			i = j
		}
		if key != "" {
			out[key] = val
		}
		if i == k {
			i++
		}
	}
	return out
}

// viewportNumber translates a viewport value to a number as the CSS
// Device Adaptation translation does: yes 1, no 0, device-width and
// device-height 10, a leading number, anything else 0.
func viewportNumber(v string) float64 {
	switch v {
	case "yes":
		return 1
	case "no":
		return 0
	case "device-width", "device-height":
		return 10
	}
	end := 0
	for end < len(v) && (v[end] >= '0' && v[end] <= '9' || v[end] == '.' || (end == 0 && (v[end] == '-' || v[end] == '+'))) {
		end++
	}
	for end > 0 {
		if f, err := strconv.ParseFloat(v[:end], 64); err == nil {
			return f
		}
		end--
	}
	return 0
}

// MetaViewportZoom checks that a meta viewport does not stop users from
// zooming (ACT b4f0c3).
var MetaViewportZoom = &rules.Rule{
	ID:     "meta-viewport-zoom",
	Family: "structure",
	Title:  rules.Text{EN: "The viewport allows zooming", SV: "Viewport tillåter zoomning"},
	Help: rules.Text{
		EN: "Remove user-scalable=no and any maximum-scale below 2 from <meta name=\"viewport\">, e.g. content=\"width=device-width, initial-scale=1\".",
		SV: "Ta bort user-scalable=no och maximum-scale under 2 från <meta name=\"viewport\">, till exempel content=\"width=device-width, initial-scale=1\".",
	},
	WCAG:   []string{"1.4.4", "1.4.10"},
	ACT:    []string{"b4f0c3"},
	Impact: rules.Critical,
	Params: map[string]float64{"min-max-scale": 2},
	Codes: map[string]rules.Text{
		"zoom-allowed":  {EN: "The viewport lets users zoom.", SV: "Viewport låter användaren zooma."},
		"not-scalable":  {EN: "user-scalable={value} stops users from zooming.", SV: "user-scalable={value} hindrar användaren från att zooma."},
		"max-scale-low": {EN: "maximum-scale={value} limits zoom to less than {min} times.", SV: "maximum-scale={value} begränsar zoomningen till mindre än {min} gånger."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		if dom.ErrorPage(p) {
			return nil
		}
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || p.Tag(i) != "meta" || dom.InSVG(p, i) {
				continue
			}
			if n, _ := p.Attr(i, "name"); page.Lower(strings.TrimSpace(n)) != "viewport" {
				continue
			}
			content, ok := p.Attr(i, "content")
			if !ok {
				continue
			}
			props := ViewportProps(content)
			_, us := props["user-scalable"]
			_, ms := props["maximum-scale"]
			if us || ms {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, meta int) rules.Result {
		content, _ := c.Page.Attr(meta, "content")
		props := ViewportProps(content)
		if v, ok := props["user-scalable"]; ok {
			if n := viewportNumber(v); n > -1 && n < 1 {
				return rules.Fail(meta, "not-scalable", "value", v)
			}
		}
		if v, ok := props["maximum-scale"]; ok {
			min := c.Param("min-max-scale")
			if n := viewportNumber(v); n >= 0 && n < min {
				return rules.Fail(meta, "max-scale-low", "value", v, "min", strconv.FormatFloat(min, 'g', -1, 64))
			}
		}
		return rules.Pass(meta, "zoom-allowed")
	},
}
