package structure

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// dataMarkup returns what in a table element is data-table markup (th,
// a non-empty caption, summary, scope, headers), "" if none.
func dataMarkup(p *page.Page, t int) string {
	if v, ok := p.Attr(t, "summary"); ok && strings.TrimSpace(v) != "" {
		return "summary"
	}
	found := ""
	p.Descendants(t, func(d int) bool {
		if found != "" || !p.IsElement(d) {
			return found == ""
		}
		if d != t && p.Tag(d) == "table" {
			return false // a nested table is judged on its own
		}
		switch p.Tag(d) {
		case "th":
			found = "th"
		case "caption":
			if strings.TrimSpace(p.Text(d)) != "" {
				found = "caption"
			}
		case "td":
			if p.HasAttr(d, "scope") || p.HasAttr(d, "headers") {
				found = "scope/headers"
			}
		}
		return found == ""
	})
	return found
}

// looksBold reports whether every cell's text is bold (font-weight 600 or
// more) or, where cells have backgrounds, whether they all share one that
// differs from the body cells' ("header-like" rows and columns).
func looksBold(p *page.Page, cells []int) bool {
	if len(cells) < 2 {
		return false
	}
	for _, c := range cells {
		if strings.TrimSpace(p.Text(c)) == "" {
			continue
		}
		w := textWeight(p, c)
		if w < 600 {
			return false
		}
	}
	return true
}

// textWeight is the font weight of the first visible text in el.
func textWeight(p *page.Page, el int) float64 { return firstTextStyle(p, el, "font-weight") }

// firstTextStyle is a numeric style (font-size, font-weight) of the first
// text in el, or of el when it has none.
func firstTextStyle(p *page.Page, el int, prop string) float64 {
	v := p.StyleFloat(el, prop)
	p.Descendants(el, func(d int) bool {
		if p.Nodes[d].Type == page.TextNode && strings.TrimSpace(p.Nodes[d].Value) != "" {
			if par := p.Nodes[d].Parent; par >= 0 {
				v = p.StyleFloat(par, prop)
			}
			return false
		}
		return true
	})
	return v
}

// TableStructure checks data tables for what makes their structure
// reach assistive technology (1.3.1; WCAG F46, F90, F91; H43, H51, H63):
// a table marked as layout that carries data-table markup fails, as do
// header cells that are only bold text and empty header cells; a data
// table without headers, nested tables, complex headers without scope or
// headers, and rows of different lengths ask a person.
var TableStructure = &rules.Rule{
	ID:     "table-structure",
	Family: "structure",
	Title:  rules.Text{EN: "Data tables have marked-up headers and a regular structure", SV: "Datatabeller har uppmärkta rubriker och en regelbunden struktur"},
	Help: rules.Text{
		EN: "Mark header cells with th (with scope=\"col\" or \"row\"; headers/id in complex tables), give every header text, keep one row per table row with the same number of columns, and do not use role=\"presentation\" on a table with data markup.",
		SV: "Märk upp rubrikceller med th (med scope=\"col\" eller \"row\"; headers/id i komplexa tabeller), ge varje rubrik text, håll samma antal kolumner i varje rad, och använd inte role=\"presentation\" på en tabell med datatabellsuppmärkning.",
	},
	Manual: rules.Text{
		EN: "Is this a data table? If so, can each data cell's row and column headers be found by a screen reader?",
		SV: "Är detta en datatabell? Kan i så fall en skärmläsare hitta varje datacells rad- och kolumnrubriker?",
	},
	WCAG:   []string{"1.3.1"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"table-ok":           {EN: "The table has header cells and rows of equal length.", SV: "Tabellen har rubrikceller och lika långa rader."},
		"layout-data-markup": {EN: "The table is marked as layout (role {role}) but has data-table markup ({markup}), which the role hides.", SV: "Tabellen är markerad som layout (role {role}) men har datatabellsuppmärkning ({markup}), som rollen döljer."},
		"visual-headers":     {EN: "The table has no header cells, but its first {where} looks like headers (bold): mark them up with th (role columnheader or rowheader in an ARIA table).", SV: "Tabellen saknar rubrikceller, men dess första {where} ser ut som rubriker (fetstil): märk upp dem med th (role columnheader eller rowheader i en ARIA-tabell)."},
		"no-headers":         {EN: "The table of {rows} rows and {cols} columns has no header cells: if it holds data, mark its headers with th.", SV: "Tabellen med {rows} rader och {cols} kolumner saknar rubrikceller: om den innehåller data, märk upp rubrikerna med th."},
		"empty-header":       {EN: "A header cell of the table is empty, so the cells it heads get no header.", SV: "En rubrikcell i tabellen är tom, så cellerna den är rubrik för får ingen rubrik."},
		"layout-headers":     {EN: "The table has data-table markup ({markup}), but its one or two rows of cells hold {what} blocks, as a page layout does: is it a layout table? If so, drop the th and caption and give it role=\"presentation\" (F46).", SV: "Tabellen har datatabellsuppmärkning ({markup}), men dess en eller två rader celler innehåller {what}-block, som en sidlayout: är det en layouttabell? Ta i så fall bort th och caption och ge den role=\"presentation\" (F46)."},
		"nested":             {EN: "The data table holds another table: check that the structure can be followed with a screen reader.", SV: "Datatabellen innehåller en annan tabell: kontrollera att strukturen går att följa med skärmläsare."},
		"complex-headers":    {EN: "The table has headers on several levels ({why}) without scope or headers attributes: check that each cell's headers are announced.", SV: "Tabellen har rubriker i flera nivåer ({why}) utan scope- eller headers-attribut: kontrollera att varje cells rubriker läses upp."},
		"layout":             {EN: "The table is a layout table without data-table markup.", SV: "Tabellen är en layouttabell utan datatabellsuppmärkning."},
		"too-small":          {EN: "The table has fewer than two rows or columns.", SV: "Tabellen har färre än två rader eller kolumner."},
		"title-not-caption":  {EN: "The table has no caption or name, and the bold text right above it, \"{title}\", looks like its title: if it is, make it the table's caption (or a heading).", SV: "Tabellen saknar caption och namn, och den feta texten direkt ovanför, ”{title}”, ser ut som dess rubrik: gör den i så fall till tabellens caption (eller en rubrik)."},
		"ragged-rows":        {EN: "The table's rows have different numbers of columns ({min} to {max}): check that no cell has moved under the wrong header.", SV: "Tabellens rader har olika antal kolumner ({min} till {max}): kontrollera att ingen cell hamnat under fel rubrik."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		dom.Elements(p, func(i int) {
			if dom.InSVG(p, i) || !dom.Visible(p, i) {
				return
			}
			// An element that says role="table" is a data table by its
			// author's word, whatever its tag (framework markup); grids
			// are widgets and are left to the widget rules.
			if p.Tag(i) == "table" || dom.Role(p, i) == "table" && slices.Contains(dom.ExplicitRoles(p, i), "table") {
				out = append(out, i)
			}
		})
		return out
	},
	Expect: func(c *rules.Ctx, t int) rules.Result {
		p := c.Page
		if r := dom.FirstRole(p, t); dom.Presentational(r) && !p.InAXTree(t) || dom.Presentational(r) && dom.Role(p, t) != "table" {
			if m := dataMarkup(p, t); m != "" {
				return rules.Fail(t, "layout-data-markup", "role", r, "markup", m)
			}
			return rules.NA(t, "layout")
		}
		if !semanticTable(p, t) {
			// Chrome took the table for layout (no th, few rows), but
			// a first row styled as column headers over rows of short
			// values is how a data table looks (F91's reason).
			if rows, cols, ok := headedTextRows(p, t); ok {
				return rules.Cant(t, "no-headers", "rows", strconv.Itoa(rows), "cols", strconv.Itoa(cols))
			}
			return rules.NA(t, "layout")
		}
		m := model(c, t)
		rows, cols := 0, 0
		width := map[int]int{}
		var headers []tableCell
		for _, cell := range m.cells {
			rows = max(rows, cell.row+cell.rowspan)
			cols = max(cols, cell.col+cell.colspan)
			for r := cell.row; r < cell.row+cell.rowspan; r++ {
				width[r] += cell.colspan
			}
			if p.Tag(cell.node) == "th" || dom.Role(p, cell.node) == "columnheader" || dom.Role(p, cell.node) == "rowheader" {
				headers = append(headers, cell)
			}
		}
		nested := false
		p.Descendants(t, func(d int) bool {
			if d != t && p.IsElement(d) && p.Tag(d) == "table" && dom.Visible(p, d) {
				nested = true
			}
			return !nested
		})
		if nested {
			return rules.Cant(t, "nested")
		}
		if len(headers) == 0 {
			if rows < 2 || cols < 2 {
				return rules.NA(t, "too-small")
			}
			var first, firstCol []int
			for _, cell := range m.cells {
				if cell.row == 0 {
					first = append(first, cell.node)
				}
				if cell.col == 0 {
					firstCol = append(firstCol, cell.node)
				}
			}
			switch {
			case looksBold(p, first) && !looksBold(p, cellsOfRow(m, 1)):
				return rules.Fail(t, "visual-headers", "where", "row")
			case looksBold(p, firstCol) && !looksBold(p, cellsOfCol(m, 1)):
				return rules.Fail(t, "visual-headers", "where", "column")
			}
			return rules.Cant(t, "no-headers", "rows", strconv.Itoa(rows), "cols", strconv.Itoa(cols))
		}
		for _, h := range headers {
			if h.row == 0 && h.col == 0 {
				continue // the corner of a two-way table may be empty
			}
			if strings.TrimSpace(p.AXName(h.node)) == "" && strings.TrimSpace(p.Text(h.node)) == "" && !p.HasAttr(h.node, "aria-label") {
				return rules.Fail(t, "empty-header").With(h.node)
			}
		}
		if what, ok := blockCells(p, m, headers); ok {
			return rules.Cant(t, "layout-headers", "what", what, "markup", dataMarkup(p, t))
		}
		if p.Tag(t) == "table" {
			hrows, hcols, spanned, scoped := map[int]bool{}, map[int]bool{}, false, true
			for _, h := range headers {
				if h.row > 0 && h.col > 0 {
					hrows[h.row], hcols[h.col] = true, true // an inner header
				}
				if h.col == 0 {
					hcols[0] = true
				}
				if h.row == 0 {
					hrows[0] = true
				}
				if h.rowspan > 1 || h.colspan > 1 {
					spanned = true
				}
				if !p.HasAttr(h.node, "scope") && !p.HasAttr(h.node, "id") {
					scoped = false
				}
			}
			why := ""
			switch {
			case len(hrows) > 1 && len(hcols) > 1:
				why = "header cells inside the table"
			case spanned && (len(hrows) > 1 || len(hcols) > 1):
				why = "headers spanning several columns or rows"
			}
			if why != "" && !scoped && !anyHeadersAttr(p, m) {
				return rules.Cant(t, "complex-headers", "why", why)
			}
		}
		lo, hi := cols, 0
		for r := 0; r < rows; r++ {
			lo, hi = min(lo, width[r]), max(hi, width[r])
		}
		if hi > lo && lo > 0 {
			return rules.Cant(t, "ragged-rows", "min", strconv.Itoa(lo), "max", strconv.Itoa(hi))
		}
		if title := titleAbove(p, t); title >= 0 {
			return rules.Cant(t, "title-not-caption", "title", clipText(page.Collapse(p.Text(title)), 60)).With(title)
		}
		return rules.Pass(t, "table-ok")
	},
}

// titleAbove returns the element right before table t that looks like
// its title, -1 if none: the table has no name of its own (no caption,
// aria-label or aria-labelledby), and the previous element is a short
// bold line of text that is not a heading (H39's reason: a title that
// only sits above the table is not tied to it).
func titleAbove(p *page.Page, t int) int {
	if strings.TrimSpace(p.AXName(t)) != "" {
		return -1
	}
	prev := -1
	if par := p.ParentElement(t); par >= 0 {
		for _, ch := range p.Children(par) {
			if ch == t {
				break
			}
			if p.IsElement(ch) {
				prev = ch
			} else if strings.TrimSpace(p.Nodes[ch].Value) != "" {
				prev = -1 // text between: not a block above
			}
		}
	}
	if prev < 0 || !dom.Visible(p, prev) || dom.Role(p, prev) == "heading" || insideList(p, prev) {
		return -1
	}
	switch p.Tag(prev) {
	case "p", "div", "span", "strong", "b":
	default:
		return -1
	}
	txt := page.Collapse(p.Text(prev))
	if w := len(strings.Fields(txt)); w == 0 || w > 15 || !hasLetter(txt) || strings.HasSuffix(txt, ".") {
		return -1
	}
	if textWeight(p, prev) < 600 {
		return -1
	}
	return prev
}

func cellsOfRow(m *tableModel, r int) []int {
	var out []int
	for _, c := range m.cells {
		if c.row == r {
			out = append(out, c.node)
		}
	}
	return out
}

func cellsOfCol(m *tableModel, col int) []int {
	var out []int
	for _, c := range m.cells {
		if c.col == col {
			out = append(out, c.node)
		}
	}
	return out
}

func anyHeadersAttr(p *page.Page, m *tableModel) bool {
	for _, c := range m.cells {
		if p.HasAttr(c.node, "headers") {
			return true
		}
	}
	return false
}

// headedTextRows reports a table element laid out as rows of short text
// (at least three rows of the same number, two or more, of cells, none
// holding a control or a nested table) whose first row is styled as
// headers where the second is not (headerRow).
func headedTextRows(p *page.Page, t int) (rows, cols int, ok bool) {
	if p.Tag(t) != "table" {
		return 0, 0, false
	}
	var grid [][]int
	var walk func(n int)
	walk = func(n int) {
		for _, c := range p.Children(n) {
			if !p.IsElement(c) {
				continue
			}
			switch p.Tag(c) {
			case "thead", "tbody", "tfoot":
				walk(c)
			case "tr":
				var cells []int
				for _, d := range p.Children(c) {
					if p.IsElement(d) && (p.Tag(d) == "td" || p.Tag(d) == "th") {
						cells = append(cells, d)
					}
				}
				grid = append(grid, cells)
			}
		}
	}
	walk(t)
	if len(grid) < 3 || len(grid[0]) < 2 {
		return 0, 0, false
	}
	for _, r := range grid {
		if len(r) != len(grid[0]) {
			return 0, 0, false
		}
		for _, c := range r {
			tx := page.Collapse(p.Text(c))
			if tx == "" || utf8.RuneCountInString(tx) > 60 || hasControl(p, c) || p.HasAttr(c, "colspan") || p.HasAttr(c, "rowspan") {
				return 0, 0, false
			}
		}
	}
	if !headerRow(p, grid[0], grid[1]) {
		return 0, 0, false
	}
	return len(grid), len(grid[0]), true
}

// blockCells reports a table of at most two rows of data cells, each of
// which holds a block (a paragraph, heading, list, form, section): the
// shape of a page laid out with a table, not of data. what names the
// first block tag.
func blockCells(p *page.Page, m *tableModel, headers []tableCell) (string, bool) {
	isHeader := map[int]bool{}
	for _, h := range headers {
		isHeader[h.node] = true
	}
	rows := map[int]bool{}
	what := ""
	n := 0
	for _, c := range m.cells {
		if isHeader[c.node] {
			continue
		}
		n++
		rows[c.row] = true
		found := ""
		for _, d := range p.Children(c.node) {
			if !p.IsElement(d) {
				continue
			}
			switch p.Tag(d) {
			case "p", "div", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "form", "section", "article", "figure", "blockquote":
				if disp := p.Style(d, "display"); disp != "inline" && disp != "none" && found == "" {
					found = p.Tag(d)
				}
			}
		}
		if found == "" {
			return "", false
		}
		if what == "" {
			what = found
		}
	}
	return what, n >= 2 && len(rows) <= 2
}
