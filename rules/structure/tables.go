package structure

import (
	"strconv"
	"strings"

	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/rules"
	"github.com/granska/granska/rules/internal/dom"
)

// tableCell is one cell of a table model, placed on the grid.
type tableCell struct {
	node             int
	row, col         int
	rowspan, colspan int
}

// tableModel is a table's cells on a grid: the HTML table model for a table
// element, rows and cells by role for an ARIA table.
type tableModel struct {
	el    int
	cells []tableCell
	index map[int]int // node -> index in cells
}

func semanticTable(p *page.Page, i int) bool {
	switch dom.Role(p, i) {
	case "table", "grid", "treegrid":
		return true
	}
	return false
}

func cellRole(r string) bool {
	switch r {
	case "cell", "gridcell", "columnheader", "rowheader":
		return true
	}
	return false
}

func spanAttr(p *page.Page, i int, name string, max int) int {
	v, ok := p.Attr(i, name)
	if !ok {
		return 1
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 {
		return 1
	}
	if n > max {
		n = max
	}
	return n
}

// buildTable models the table element or ARIA table at el.
func buildTable(p *page.Page, el int) *tableModel {
	t := &tableModel{el: el, index: map[int]int{}}
	var rows [][]int
	if p.Tag(el) == "table" {
		for _, ch := range p.Children(el) {
			if !p.IsElement(ch) {
				continue
			}
			switch p.Tag(ch) {
			case "tr":
				rows = append(rows, htmlCells(p, ch))
			case "thead", "tbody", "tfoot":
				for _, r := range p.Children(ch) {
					if p.IsElement(r) && p.Tag(r) == "tr" {
						rows = append(rows, htmlCells(p, r))
					}
				}
			}
		}
	} else {
		for _, r := range ariaDescendants(p, el, "row", semanticTable) {
			rows = append(rows, ariaDescendants(p, r, "", func(p *page.Page, i int) bool { return dom.Role(p, i) == "row" }))
		}
	}
	occupied := map[[2]int]bool{}
	for r, cells := range rows {
		col := 0
		for _, c := range cells {
			for occupied[[2]int{r, col}] {
				col++
			}
			cs, rs := 1, 1
			if p.Tag(el) == "table" {
				cs, rs = spanAttr(p, c, "colspan", 1000), spanAttr(p, c, "rowspan", 65534)
			}
			for dr := 0; dr < rs; dr++ {
				for dc := 0; dc < cs; dc++ {
					occupied[[2]int{r + dr, col + dc}] = true
				}
			}
			t.index[c] = len(t.cells)
			t.cells = append(t.cells, tableCell{c, r, col, rs, cs})
			col += cs
		}
	}
	return t
}

func htmlCells(p *page.Page, tr int) []int {
	var out []int
	for _, c := range p.Children(tr) {
		if p.IsElement(c) && (p.Tag(c) == "td" || p.Tag(c) == "th") {
			out = append(out, c)
		}
	}
	return out
}

// ariaDescendants returns the descendants of el with the role (any cell
// role when role is ""), not looking inside elements for which stop is
// true (a nested table, the next row).
func ariaDescendants(p *page.Page, el int, role string, stop func(*page.Page, int) bool) []int {
	var out []int
	p.Descendants(el, func(d int) bool {
		if p.Nodes[d].Type == page.DocumentNode || !p.IsElement(d) {
			return p.Nodes[d].Type != page.DocumentNode
		}
		r := dom.Role(p, d)
		if (role == "" && cellRole(r)) || (role != "" && r == role) {
			out = append(out, d)
			return false
		}
		return !stop(p, d)
	})
	return out
}

// tableOf returns the nearest ancestor of a cell that is a table element
// (for HTML cells) or a semantic table.
func nearestTable(p *page.Page, i int, htmlOnly bool) int {
	for a := p.Nodes[i].Parent; a >= 0; a = p.Nodes[a].Parent {
		if p.Nodes[a].Type == page.DocumentNode {
			return -1
		}
		if !p.IsElement(a) {
			continue
		}
		if htmlOnly {
			if p.Tag(a) == "table" {
				return a
			}
		} else if semanticTable(p, a) {
			return a
		}
	}
	return -1
}

// model returns the table model of el, built once per page for every table
// element and semantic table.
func model(c *rules.Ctx, el int) *tableModel {
	all := c.Memo("structure.tables", func() any {
		p := c.Page
		m := map[int]*tableModel{}
		for i := range p.Nodes {
			if p.IsElement(i) && (p.Tag(i) == "table" || semanticTable(p, i)) {
				m[i] = buildTable(p, i)
			}
		}
		return m
	}).(map[int]*tableModel)
	if t, ok := all[el]; ok {
		return t
	}
	return &tableModel{el: el, index: map[int]int{}}
}

// TableHeadersAttr checks that the headers attribute of a cell names other
// cells of the same table (ACT a25f45).
var TableHeadersAttr = &rules.Rule{
	ID:     "table-headers-attr",
	Family: "structure",
	Title:  rules.Text{EN: "Headers attributes refer to cells of the same table", SV: "headers-attribut hänvisar till celler i samma tabell"},
	Help: rules.Text{
		EN: "List in headers only the ids of header cells (th) of the same table, and not the cell's own id.",
		SV: "Ange i headers bara id för rubrikceller (th) i samma tabell, och inte cellens eget id.",
	},
	WCAG:   []string{"1.3.1"},
	ACT:    []string{"a25f45"},
	Impact: rules.Serious,
	Codes: map[string]rules.Text{
		"headers-ok":     {EN: "Every id in headers names another cell of the table.", SV: "Varje id i headers anger en annan cell i tabellen."},
		"self-reference": {EN: "headers names the cell itself (\"{id}\").", SV: "headers anger cellen själv (”{id}”)."},
		"missing-id":     {EN: "headers names \"{id}\", which no element has.", SV: "headers anger ”{id}”, som inget element har."},
		"not-in-table":   {EN: "headers names \"{id}\", which is not a cell of this table.", SV: "headers anger ”{id}”, som inte är en cell i den här tabellen."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) || !p.HasAttr(i, "headers") || (p.Tag(i) != "td" && p.Tag(i) != "th") {
				continue
			}
			t := nearestTable(p, i, true)
			if t < 0 || !semanticTable(p, t) || !p.InAXTree(t) || !dom.Visible(p, t) {
				continue
			}
			if _, ok := model(c, t).index[i]; ok {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, cell int) rules.Result {
		p := c.Page
		v, _ := p.Attr(cell, "headers")
		t := model(c, nearestTable(p, cell, true))
		self, _ := p.Attr(cell, "id")
		for _, id := range strings.Fields(v) {
			if id == self {
				return rules.Fail(cell, "self-reference", "id", id)
			}
			ref, ok := p.ElementByID(cell, id)
			if !ok {
				return rules.Fail(cell, "missing-id", "id", id)
			}
			if _, in := t.index[ref]; !in {
				return rules.Fail(cell, "not-in-table", "id", id).With(ref)
			}
		}
		return rules.Pass(cell, "headers-ok")
	},
}

// TableHeaderCells checks that every column or row header of a table is
// the header of at least one cell (ACT d0f69e).
var TableHeaderCells = &rules.Rule{
	ID:     "table-header-cells",
	Family: "structure",
	Title:  rules.Text{EN: "Table header cells have cells they head", SV: "Rubrikceller i tabeller har celler som de är rubrik för"},
	Help: rules.Text{
		EN: "Make sure each header cell has data cells in its column or row, or refer to it with headers; a th that heads nothing should be a td.",
		SV: "Se till att varje rubrikcell har dataceller i sin kolumn eller rad, eller hänvisa till den med headers; en th som inte är rubrik för något bör vara en td.",
	},
	Manual: rules.Text{
		EN: "Check that the header is meant to head the cells of its column or row.",
		SV: "Kontrollera att rubriken är avsedd som rubrik för cellerna i sin kolumn eller rad.",
	},
	WCAG:   []string{"1.3.1"},
	ACT:    []string{"d0f69e"},
	Impact: rules.Moderate,
	Codes: map[string]rules.Text{
		"has-cells":    {EN: "The header heads {count} cell(s).", SV: "Rubriken är rubrik för {count} cell(er)."},
		"only-headers": {EN: "The table has only header cells: check whether it is a data table and what its headers head.", SV: "Tabellen har bara rubrikceller: kontrollera om det är en datatabell och vad rubrikerna är rubrik för."},
		"no-cells":     {EN: "The {role} \"{name}\" is not the header of any cell.", SV: "Rubrikcellen ({role}) ”{name}” är inte rubrik för någon cell."},
	},
	Applies: func(c *rules.Ctx) []int {
		p := c.Page
		var out []int
		for i := range p.Nodes {
			if !p.IsElement(i) {
				continue
			}
			if r := dom.Role(p, i); r != "columnheader" && r != "rowheader" {
				continue
			}
			if !p.InAXTree(i) || !dom.Visible(p, i) {
				continue
			}
			t := nearestTable(p, i, false)
			if t < 0 || !p.InAXTree(t) {
				continue
			}
			if _, ok := model(c, t).index[i]; ok {
				out = append(out, i)
			}
		}
		return out
	},
	Expect: func(c *rules.Ctx, h int) rules.Result {
		p := c.Page
		t := model(c, nearestTable(p, h, false))
		hc := t.cells[t.index[h]]
		role := dom.Role(p, h)
		id, _ := p.Attr(h, "id")
		n := 0
		for _, cell := range t.cells {
			if cell.node == h || !cellRole(dom.Role(p, cell.node)) {
				continue
			}
			if hv, ok := p.Attr(cell.node, "headers"); ok && t.el >= 0 && p.Tag(t.el) == "table" {
				for _, tok := range strings.Fields(hv) {
					if id != "" && tok == id {
						n++
						break
					}
				}
				continue
			}
			switch role {
			case "columnheader":
				if cell.row > hc.row && overlap(cell.col, cell.colspan, hc.col, hc.colspan) {
					n++
				}
			case "rowheader":
				if cell.col > hc.col && overlap(cell.row, cell.rowspan, hc.row, hc.rowspan) {
					n++
				}
			}
		}
		if n == 0 {
			data := false
			for _, cell := range t.cells {
				if r := dom.Role(p, cell.node); r == "cell" || r == "gridcell" {
					data = true
					break
				}
			}
			if !data {
				// ACT d0f69e notes that a table of header cells only may
				// still meet 1.3.1: not certain enough to fail.
				return rules.Cant(h, "only-headers")
			}
			return rules.Fail(h, "no-cells", "role", role, "name", p.AXName(h))
		}
		return rules.Pass(h, "has-cells", "count", strconv.Itoa(n))
	},
}

func overlap(a, an, b, bn int) bool { return a < b+bn && b < a+an }
