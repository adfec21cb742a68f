package capture

import (
	"strings"

	"github.com/chromedp/cdproto/accessibility"
	"github.com/chromedp/cdproto/domsnapshot"

	"github.com/granska/granska/audit/page"
)

// StyleProps are the computed styles captured for every laid-out element:
// what the rules read, no more (the snapshot's cost grows with them).
var StyleProps = []string{
	"display", "visibility", "opacity", "position", "overflow-x", "overflow-y",
	"color", "background-color", "background-image", "font-size", "font-weight", "font-style", "font-family",
	"line-height", "letter-spacing", "word-spacing", "text-shadow",
	"text-decoration-line", "text-decoration-color", "text-transform",
	"outline-style", "outline-width", "outline-color", "outline-offset", "box-shadow",
	"border-top-width", "border-top-style", "border-top-color",
	"border-right-width", "border-right-style", "border-right-color",
	"border-bottom-width", "border-bottom-style", "border-bottom-color",
	"border-left-width", "border-left-style", "border-left-color",
	"cursor", "pointer-events", "clip", "clip-path", "transform", "filter",
}

// indicatorProps are the styles compared focused vs unfocused.
var indicatorProps = []string{
	"outline-style", "outline-width", "outline-color", "box-shadow",
	"border-top-width", "border-top-color", "border-bottom-width", "border-bottom-color",
	"border-left-color", "border-right-color", "background-color", "background-image",
	"color", "text-decoration-line", "opacity", "text-shadow", "filter", "transform",
}

// docLocal is one snapshot document before flattening.
type docLocal struct {
	nodes    []page.Node
	children [][]int
	content  map[int]int // local node -> document index it renders
}

// fromSnapshot flattens the snapshot's documents into one node list in
// document order (a frame's document placed under its frame element), with
// parents before children.
func fromSnapshot(res *domsnapshot.CaptureSnapshotResult, props []string) ([]page.Node, []page.Doc) {
	str := func(i int64) string {
		if i < 0 || int(i) >= len(res.Strings) {
			return ""
		}
		return res.Strings[i]
	}
	docs := make([]docLocal, len(res.Documents))
	for d, ds := range res.Documents {
		nt := ds.Nodes
		if nt == nil {
			continue
		}
		n := len(nt.ParentIndex)
		dl := docLocal{nodes: make([]page.Node, n), children: make([][]int, n), content: map[int]int{}}
		for i := 0; i < n; i++ {
			nd := &dl.nodes[i]
			nd.Parent = int(nt.ParentIndex[i])
			if i < len(nt.NodeType) {
				nd.Type = page.NodeType(nt.NodeType[i])
			}
			if i < len(nt.NodeName) {
				nd.Name = str(int64(nt.NodeName[i]))
				if nd.Type == page.ElementNode {
					nd.Name = page.Lower(nd.Name)
				}
			}
			if i < len(nt.NodeValue) && (nd.Type == page.TextNode || nd.Type == page.CommentNode) {
				nd.Value = str(int64(nt.NodeValue[i]))
			}
			if i < len(nt.BackendNodeID) {
				nd.Backend = int64(nt.BackendNodeID[i])
			}
			if i < len(nt.Attributes) && len(nt.Attributes[i]) > 0 {
				a := nt.Attributes[i]
				nd.Attrs = make([]string, len(a))
				for k, s := range a {
					nd.Attrs[k] = str(s)
				}
			}
			if nd.Parent >= 0 && nd.Parent < n {
				dl.children[nd.Parent] = append(dl.children[nd.Parent], i)
			}
		}
		rareStr(nt.ShadowRootType, func(i int, v int64) {
			if dl.nodes[i].Type == page.FragmentNode {
				dl.nodes[i].Shadow = str(v)
			}
		}, n)
		rareStr(nt.PseudoType, func(i int, v int64) { dl.nodes[i].Pseudo = "::" + str(v) }, n)
		rareStr(nt.TextValue, func(i int, v int64) { s := str(v); dl.nodes[i].InputValue = &s }, n)
		rareStr(nt.InputValue, func(i int, v int64) { s := str(v); dl.nodes[i].InputValue = &s }, n)
		rareStr(nt.CurrentSourceURL, func(i int, v int64) { dl.nodes[i].CurrentSrc = str(v) }, n)
		rareBool(nt.InputChecked, func(i int) { dl.nodes[i].Checked = true }, n)
		rareBool(nt.OptionSelected, func(i int) { dl.nodes[i].Selected = true }, n)
		rareBool(nt.IsClickable, func(i int) { dl.nodes[i].Clickable = true }, n)
		if cd := nt.ContentDocumentIndex; cd != nil {
			for k, i := range cd.Index {
				if int(i) < n && k < len(cd.Value) {
					dl.content[int(i)] = int(cd.Value[k])
				}
			}
		}
		if lt := ds.Layout; lt != nil {
			// One array holds the styles of every laid-out node of the
			// document, each node's capped to its own part.
			styles := make([]string, 0, len(lt.NodeIndex)*len(props))
			stacking := map[int]bool{}
			if lt.StackingContexts != nil {
				for _, k := range lt.StackingContexts.Index {
					stacking[int(k)] = true
				}
			}
			for k, ni := range lt.NodeIndex {
				i := int(ni)
				if i < 0 || i >= n || dl.nodes[i].Layout != nil {
					continue
				}
				l := &page.Layout{}
				if k < len(lt.Bounds) {
					l.Box = rect(lt.Bounds[k])
				}
				if k < len(lt.Styles) && len(lt.Styles[k]) == len(props) {
					from := len(styles)
					for _, v := range lt.Styles[k] {
						styles = append(styles, str(v))
					}
					l.Styles = styles[from:len(styles):len(styles)]
				}
				if k < len(lt.PaintOrders) {
					l.Paint = int(lt.PaintOrders[k])
				}
				if k < len(lt.ClientRects) && len(lt.ClientRects[k]) == 4 {
					r := rect(lt.ClientRects[k])
					l.Client = &r
				}
				if k < len(lt.ScrollRects) && len(lt.ScrollRects[k]) == 4 {
					r := rect(lt.ScrollRects[k])
					l.Scroll = &r
				}
				if k < len(lt.BlendedBackgroundColors) {
					l.BG = str(int64(lt.BlendedBackgroundColors[k]))
				}
				if k < len(lt.TextColorOpacities) {
					l.TextOpacity = lt.TextColorOpacities[k]
				}
				l.StackingContext = stacking[k]
				dl.nodes[i].Layout = l
			}
			if tb := ds.TextBoxes; tb != nil {
				for k, li := range tb.LayoutIndex {
					if int(li) >= len(lt.NodeIndex) || k >= len(tb.Bounds) {
						continue
					}
					i := int(lt.NodeIndex[li])
					if i >= 0 && i < n && dl.nodes[i].Layout != nil {
						dl.nodes[i].Layout.TextBoxes = append(dl.nodes[i].Layout.TextBoxes, rect(tb.Bounds[k]))
					}
				}
			}
		}
		docs[d] = dl
	}

	// Flatten depth-first from the main document.
	total := 0
	for _, dl := range docs {
		total += len(dl.nodes)
	}
	var out []page.Node
	if total > 0 {
		out = make([]page.Node, 0, total)
	}
	var outDocs []page.Doc
	placed := make([]bool, len(docs))
	var walk func(d, i, parent, docNode int)
	walk = func(d, i, parent, docNode int) {
		nd := docs[d].nodes[i]
		g := len(out)
		nd.Parent = parent
		if nd.Type == page.DocumentNode {
			docNode = g
		}
		nd.Doc = docNode
		nd.ContentDoc = 0
		out = append(out, nd)
		for _, c := range docs[d].children[i] {
			walk(d, c, g, docNode)
		}
		if cd, ok := docs[d].content[i]; ok && cd > 0 && cd < len(docs) && !placed[cd] && len(docs[cd].nodes) > 0 {
			placed[cd] = true
			root := len(out)
			out[g].ContentDoc = root
			ds := res.Documents[cd]
			outDocs = append(outDocs, page.Doc{Node: root, Owner: g, URL: str(int64(ds.DocumentURL)), Title: str(int64(ds.Title)), Lang: str(int64(ds.ContentLanguage)), FrameID: str(int64(ds.FrameID))})
			walk(cd, 0, g, root)
		}
	}
	if len(docs) > 0 && len(docs[0].nodes) > 0 {
		placed[0] = true
		ds := res.Documents[0]
		outDocs = append(outDocs, page.Doc{Node: 0, Owner: -1, URL: str(int64(ds.DocumentURL)), Title: str(int64(ds.Title)), Lang: str(int64(ds.ContentLanguage)), FrameID: str(int64(ds.FrameID))})
		walk(0, 0, -1, 0)
	}
	// Frames are documents too, but the main document comes first.
	return out, outDocs
}

func rect(r domsnapshot.Rectangle) page.Rect {
	if len(r) < 4 {
		return page.Rect{}
	}
	return page.Rect{X: r[0], Y: r[1], W: r[2], H: r[3]}
}

func rareStr(d *domsnapshot.RareStringData, fn func(i int, v int64), n int) {
	if d == nil {
		return
	}
	for k, i := range d.Index {
		if int(i) < n && k < len(d.Value) {
			fn(int(i), int64(d.Value[k]))
		}
	}
}

func rareBool(d *domsnapshot.RareBooleanData, fn func(i int), n int) {
	if d == nil {
		return
	}
	for _, i := range d.Index {
		if int(i) < n {
			fn(int(i))
		}
	}
}

// joinAX attaches Chrome's accessibility nodes to the DOM nodes by backend
// node id.
func joinAX(p *page.Page, nodes []*accessibility.Node) {
	byAX := make(map[accessibility.NodeID]int, len(nodes))
	for _, a := range nodes {
		if a.BackendDOMNodeID == 0 {
			continue
		}
		if i, ok := p.ByBackend(int64(a.BackendDOMNodeID)); ok {
			byAX[a.NodeID] = i
		}
	}
	for _, a := range nodes {
		i, ok := byAX[a.NodeID]
		if !ok {
			continue
		}
		ax := &page.AX{
			Role:        axString(a.Role),
			Name:        axString(a.Name),
			Description: axString(a.Description),
			Value:       axString(a.Value),
			Ignored:     a.Ignored,
			NameFrom:    nameFrom(a.Name),
		}
		for _, r := range a.IgnoredReasons {
			if r != nil {
				ax.IgnoredReasons = append(ax.IgnoredReasons, string(r.Name))
			}
		}
		if len(a.Properties) > 0 {
			ax.Props = make(map[string]string, len(a.Properties))
			for _, pr := range a.Properties {
				if pr != nil {
					ax.Props[string(pr.Name)] = axString(pr.Value)
				}
			}
		}
		for _, c := range a.ChildIDs {
			if ci, ok := byAX[c]; ok {
				ax.Children = append(ax.Children, ci)
			}
		}
		p.Nodes[i].AX = ax
	}
}

// axString renders an AX value as a string: strings as they are, other
// JSON values (booleans, numbers, node lists) as their JSON text.
func axString(v *accessibility.Value) string {
	if v == nil || len(v.Value) == 0 {
		if v != nil && len(v.RelatedNodes) > 0 {
			// idref values: name the related nodes by their text.
			var parts []string
			for _, r := range v.RelatedNodes {
				if r != nil {
					parts = append(parts, r.Text)
				}
			}
			return strings.Join(parts, " ")
		}
		return ""
	}
	raw := string(v.Value)
	if len(raw) >= 2 && raw[0] == '"' {
		return unquote(raw)
	}
	return raw
}

// unquote decodes a JSON string literal.
func unquote(raw string) string {
	var s string
	if err := jsonUnmarshal([]byte(raw), &s); err != nil {
		return strings.Trim(raw, `"`)
	}
	return s
}

// nameFrom returns where Chrome took the accessible name from.
func nameFrom(v *accessibility.Value) string {
	if v == nil {
		return ""
	}
	for _, s := range v.Sources {
		if s == nil || s.Superseded || s.Value == nil {
			continue
		}
		if axString(s.Value) == "" && len(s.Value.RelatedNodes) == 0 {
			continue
		}
		switch {
		case s.Attribute != "":
			return s.Attribute
		case s.NativeSource != "":
			return string(s.NativeSource)
		default:
			return string(s.Type)
		}
	}
	return ""
}
