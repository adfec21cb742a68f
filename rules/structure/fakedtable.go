package structure

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// gridRows returns the rows of a container that lays out its children
// as a grid of text: at least minRows element children stacked one under
// the other, each holding the same number (two or more) of visible cells
// side by side whose left edges line up from row to row, each cell short
// text without controls. It returns the rows and the number of columns,
// or nil.
func gridRows(p *page.Page, el int, minRows int) ([]int, int) {
	var rows []int
	var lefts [][]float64
	cols := 0
	lastBottom := math.Inf(-1)
	for _, r := range p.Children(el) {
		if !p.IsElement(r) || !dom.Visible(p, r) {
			continue
		}
		if len(dom.ExplicitRoles(p, r)) > 0 || p.Tag(r) == "li" || p.Tag(r) == "tr" {
			return nil, 0
		}
		rb, ok := p.Box(r)
		if !ok || rb.Y < lastBottom-1 {
			return nil, 0
		}
		lastBottom = rb.Y + rb.H
		var xs []float64
		prevRight := math.Inf(-1)
		var top float64
		for _, cell := range p.Children(r) {
			if !p.IsElement(cell) || !dom.Visible(p, cell) {
				continue
			}
			cb, ok := p.Box(cell)
			if !ok || cb.X < prevRight-1 {
				return nil, 0
			}
			if len(xs) == 0 {
				top = cb.Y
			} else if math.Abs(cb.Y-top) > 4 {
				return nil, 0
			}
			t := page.Collapse(p.Text(cell))
			if t == "" || utf8.RuneCountInString(t) > 60 || hasControl(p, cell) {
				return nil, 0
			}
			prevRight = cb.X + cb.W
			xs = append(xs, cb.X)
		}
		if len(xs) < 2 || (cols != 0 && len(xs) != cols) {
			return nil, 0
		}
		cols = len(xs)
		rows = append(rows, r)
		lefts = append(lefts, xs)
	}
	if len(rows) < minRows {
		return nil, 0
	}
	for k := 1; k < len(lefts); k++ {
		for c := range lefts[k] {
			if math.Abs(lefts[k][c]-lefts[0][c]) > 2 {
				return nil, 0
			}
		}
	}
	return rows, cols
}

func hasControl(p *page.Page, el int) bool {
	found := false
	p.Descendants(el, func(d int) bool {
		if p.IsElement(d) {
			switch p.Tag(d) {
			case "input", "select", "textarea", "button", "img", "svg", "video", "iframe", "table":
				found = true
			}
		}
		return !found
	})
	return found
}

// TableFaked points out text laid out as a table (rows of cells whose
// columns line up) without table semantics, so screen reader users get
// the cells as a run of text without their headers (1.3.1; WCAG F91's
// reason; H51, ARIA table roles).
var TableFaked = &rules.Rule{
	ID:     "table-faked",
	Family: "structure",
	Title:  rules.Text{EN: "Tabular data is marked up as a table", SV: "Tabelldata är uppmärkt som en tabell"},
	Help: rules.Text{
		EN: "Mark up data in rows and columns with table, tr, th and td (or the ARIA table roles), so each cell can be read with its headers.",
		SV: "Märk upp data i rader och kolumner med table, tr, th och td (eller ARIA:s tabellroller), så att varje cell kan läsas med sina rubriker.",
	},
	Manual: rules.Text{
		EN: "Is this a table of data (each column the same kind of value)? If so, it needs table markup.",
		SV: "Är detta en tabell med data (varje kolumn samma sorts värde)? Då behöver den tabelluppmärkning.",
	},
	WCAG:   []string{"1.3.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"div-grid": {EN: "{rows} rows of {cols} aligned columns of text are laid out without table semantics: is it a table?", SV: "{rows} rader med {cols} linjerade kolumner text är utlagda utan tabellsemantik: är det en tabell?"},
	},
	Params: map[string]float64{"min-rows": 3},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		var out []rules.Result
		dom.Elements(p, func(i int) {
			switch p.Tag(i) {
			case "table", "tbody", "thead", "tfoot", "tr", "ul", "ol", "dl", "select", "form", "nav", "menu":
				return
			}
			if !dom.Visible(p, i) || len(dom.ExplicitRoles(p, i)) > 0 || insideTableOrGrid(p, i) {
				return
			}
			rows, cols := gridRows(p, i, int(c.Param("min-rows")))
			if rows == nil {
				return
			}
			out = append(out, rules.Cant(i, "div-grid", "rows", strconv.Itoa(len(rows)), "cols", strconv.Itoa(cols)))
		})
		return out
	},
}

func insideTableOrGrid(p *page.Page, i int) bool {
	for a := i; a >= 0; a = p.ParentElement(a) {
		if p.Tag(a) == "table" || strings.Contains(" table grid treegrid ", " "+dom.Role(p, a)+" ") && p.Tag(a) != "body" {
			return true
		}
	}
	return false
}
