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
// reason; H51, ARIA table roles), and preformatted text whose lines are
// lined up in columns with spaces (F33, F34, F48).
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
		"css-grid":     {EN: "{rows} rows of {cols} cells are laid out as a table by CSS (a {display} container), with a first row styled as headers, but without table semantics: is it a table?", SV: "{rows} rader med {cols} celler är utlagda som en tabell med CSS (en {display}-behållare), med en första rad formaterad som rubriker, men utan tabellsemantik: är det en tabell?"},
		"text-columns": {EN: "{rows} lines of preformatted text are lined up in {cols} columns with spaces: is it a table or text in columns? A screen reader reads it line by line across the columns, without headers (F33, F34, F48).", SV: "{rows} rader förformaterad text är uppställda i {cols} kolumner med mellanslag: är det en tabell eller text i spalter? En skärmläsare läser den rad för rad tvärs över kolumnerna, utan rubriker (F33, F34, F48)."},
		"div-grid":     {EN: "{rows} rows of {cols} aligned columns of text are laid out without table semantics: is it a table?", SV: "{rows} rader med {cols} linjerade kolumner text är utlagda utan tabellsemantik: är det en tabell?"},
	},
	Params: map[string]float64{"min-rows": 3},
	Check: func(c *rules.Ctx) []rules.Result {
		p := c.Page
		if !dom.HTMLContent(p) {
			return nil
		}
		var out []rules.Result
		dom.Elements(p, func(i int) {
			if preText(p, i) {
				if rows, cols := textColumns(dom.RawText(p, i), int(c.Param("min-rows"))); rows > 0 && dom.Visible(p, i) {
					out = append(out, rules.Cant(i, "text-columns", "rows", strconv.Itoa(rows), "cols", strconv.Itoa(cols)))
				}
				return
			}
			switch p.Tag(i) {
			case "table", "tbody", "thead", "tfoot", "tr", "ul", "ol", "dl", "select", "form", "nav", "menu":
				return
			}
			if !dom.Visible(p, i) || len(dom.ExplicitRoles(p, i)) > 0 || insideTableOrGrid(p, i) {
				return
			}
			rows, cols := gridRows(p, i, int(c.Param("min-rows")))
			if rows == nil {
				if n, cols, ok := cssGrid(p, i, int(c.Param("min-rows"))); ok {
					out = append(out, rules.Cant(i, "css-grid", "rows", strconv.Itoa(n), "cols", strconv.Itoa(cols), "display", p.Style(i, "display")))
				}
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

// cssGrid recognises a table drawn by CSS without row elements: a grid or
// flex container whose items (through display:contents wrappers) are
// short-text cells that the layout places in at least minRows rows of the
// same number (two or more) of cells, the columns' left edges lining up,
// and whose first row is styled as headers (bolder, another background,
// upper case or underlined where the next row is not). The header row is
// what tells a table from a grid of like items (cards, tags, logos),
// which has no row of labels for its columns.
func cssGrid(p *page.Page, el, minRows int) (rows, cols int, ok bool) {
	switch p.Style(el, "display") {
	case "grid", "inline-grid", "flex", "inline-flex":
	default:
		return 0, 0, false
	}
	var cells []int
	var collect func(n int) bool
	collect = func(n int) bool {
		for _, c := range p.Children(n) {
			if !p.IsElement(c) || p.Nodes[c].Pseudo != "" {
				continue
			}
			if len(dom.ExplicitRoles(p, c)) > 0 {
				return false
			}
			// A display:contents wrapper has no box (the capture may
			// record no style for it): its children are the items.
			if _, boxed := p.Box(c); p.Style(c, "display") == "contents" || !boxed && p.Style(c, "display") == "" {
				if !collect(c) {
					return false
				}
				continue
			}
			if dom.Visible(p, c) {
				cells = append(cells, c)
			}
		}
		return true
	}
	if !collect(el) || len(cells) < 2*minRows {
		return 0, 0, false
	}
	var grid [][]int
	var top float64
	for k, c := range cells {
		b, ok := p.Box(c)
		t := page.Collapse(p.Text(c))
		if !ok || b.Empty() || t == "" || utf8.RuneCountInString(t) > 60 || hasControl(p, c) || hasHeading(p, c) {
			return 0, 0, false
		}
		if k == 0 || b.Y > top+4 {
			grid = append(grid, nil)
			top = b.Y
		} else if math.Abs(b.Y-top) > 4 {
			return 0, 0, false
		}
		grid[len(grid)-1] = append(grid[len(grid)-1], c)
	}
	cols = len(grid[0])
	if len(grid) < minRows || cols < 2 {
		return 0, 0, false
	}
	for _, r := range grid {
		if len(r) != cols {
			return 0, 0, false
		}
		for k, c := range r {
			b, _ := p.Box(c)
			b0, _ := p.Box(grid[0][k])
			if math.Abs(b.X-b0.X) > 2 {
				return 0, 0, false
			}
		}
	}
	if !headerRow(p, grid[0], grid[1]) {
		return 0, 0, false
	}
	return len(grid), cols, true
}

// headerRow reports whether every cell of first is styled apart from the
// cell below it the way column headers are: bolder text, another
// background, upper case, or a bottom border the next row lacks.
func headerRow(p *page.Page, first, next []int) bool {
	for k, h := range first {
		d := next[k]
		th, td := firstText(p, h), firstText(p, d)
		bolder := p.StyleFloat(th, "font-weight") >= 600 && p.StyleFloat(td, "font-weight") < 600
		bg := p.Style(h, "background-color") != p.Style(d, "background-color")
		upper := p.Style(th, "text-transform") == "uppercase" && p.Style(td, "text-transform") != "uppercase"
		rule := p.StyleFloat(h, "border-bottom-width") > 0 && p.StyleFloat(d, "border-bottom-width") == 0
		if !bolder && !bg && !upper && !rule {
			return false
		}
	}
	return true
}

func hasHeading(p *page.Page, i int) bool {
	found := false
	p.Descendants(i, func(d int) bool {
		if p.IsElement(d) && (len(p.Tag(d)) == 2 && p.Tag(d)[0] == 'h' && p.Tag(d)[1] >= '1' && p.Tag(d)[1] <= '6' || dom.Role(p, d) == "heading") {
			found = true
		}
		return !found
	})
	return found
}

// preText reports whether the element is an outermost pre element that
// holds only text and inline formatting: not a code listing, where aligned
// columns are the code's own layout. (Other elements styled white-space:
// pre are not seen: the capture does not record white-space.)
func preText(p *page.Page, i int) bool {
	if p.Tag(i) != "pre" {
		return false
	}
	for a := p.ParentElement(i); a >= 0; a = p.ParentElement(a) {
		if p.Tag(a) == "pre" {
			return false
		}
	}
	plain := true
	p.Descendants(i, func(d int) bool {
		if d != i && p.IsElement(d) {
			switch p.Tag(d) {
			case "span", "b", "strong", "em", "i", "u", "br", "small", "mark", "abbr":
			default:
				plain = false
			}
		}
		return plain
	})
	return plain
}

// textColumns finds, in preformatted text, at least minRows consecutive
// lines split into the same number (two or more) of cells by runs of two
// or more spaces or a tab, each column lined up (its cells start, or end,
// at the same character) from line to line. It returns the largest such
// run's line and column counts, or 0, 0.
func textColumns(text string, minRows int) (rows, cols int) {
	type cell struct{ start, end int }
	split := func(line string) []cell {
		rs := []rune(strings.ReplaceAll(strings.TrimRight(line, " \t\r"), "\t", "    "))
		var cs []cell
		start := -1
		for k := 0; k <= len(rs); k++ {
			gap := k == len(rs) || rs[k] == ' ' && (k+1 == len(rs) || rs[k+1] == ' ')
			if gap && start >= 0 {
				cs = append(cs, cell{start, k})
				start = -1
			}
			if !gap && start < 0 && rs[k] != ' ' {
				start = k
			}
		}
		return cs
	}
	aligned := func(block [][]cell) bool {
		for c := 1; c < len(block[0]); c++ {
			starts, ends := true, true
			for _, l := range block[1:] {
				starts = starts && l[c].start == block[0][c].start
				ends = ends && l[c].end == block[0][c].end
			}
			if !starts && !ends {
				return false
			}
		}
		return true
	}
	var block [][]cell
	flush := func() {
		if len(block) >= minRows && len(block) > rows {
			rows, cols = len(block), len(block[0])
		}
		block = nil
	}
	for _, line := range strings.Split(text, "\n") {
		cs := split(line)
		if len(cs) < 2 {
			flush()
			continue
		}
		if len(block) > 0 && (len(cs) != len(block[0]) || !aligned(append(block[:1:1], cs))) {
			flush()
		}
		block = append(block, cs)
	}
	flush()
	return rows, cols
}
