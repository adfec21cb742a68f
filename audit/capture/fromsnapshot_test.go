package capture

import (
	"encoding/json"
	"os"
	"runtime"
	"testing"
	"time"

	jsonv2 "github.com/chromedp/cdproto/cdp/jsonv2"
	"github.com/chromedp/cdproto/domsnapshot"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// dumpedSnapshot decodes the snapshot dumped in GRANSKA_SNAPSHOT_JSON (by
// TestSnapshotCost with GRANSKA_SNAPCOST_DUMP=DIR); it skips without one.
func dumpedSnapshot(tb testing.TB) *domsnapshot.CaptureSnapshotResult {
	tb.Helper()
	raw, err := os.ReadFile(os.Getenv("GRANSKA_SNAPSHOT_JSON"))
	if err != nil {
		tb.Skip(err)
	}
	var snap domsnapshot.CaptureSnapshotResult
	if err := jsonv2.Unmarshal(raw, &snap, chromedp.DefaultUnmarshalOptions); err != nil {
		tb.Fatal(err)
	}
	return &snap
}

// BenchmarkFromSnapshotDump builds the page model's nodes from a dumped
// snapshot (GRANSKA_SNAPSHOT_JSON, written by TestSnapshotCost with
// GRANSKA_SNAPCOST_DUMP=DIR); skipped without one.
func BenchmarkFromSnapshotDump(b *testing.B) {
	snap := dumpedSnapshot(b)
	for b.Loop() {
		fromSnapshot(snap, StyleProps)
	}
}

// TestFromSnapshotSame checks on a dumped snapshot (GRANSKA_SNAPSHOT_JSON)
// that fromSnapshot builds what refFromSnapshot, its version before the
// preallocation, built: the same nodes and documents, as JSON.
func TestFromSnapshotSame(t *testing.T) {
	snap := dumpedSnapshot(t)
	n1, d1 := fromSnapshot(snap, StyleProps)
	n2, d2 := refFromSnapshot(snap, StyleProps)
	a, _ := json.Marshal(struct {
		N []page.Node
		D []page.Doc
	}{n1, d1})
	b, _ := json.Marshal(struct {
		N []page.Node
		D []page.Doc
	}{n2, d2})
	if string(a) != string(b) {
		t.Fatal("differs")
	}
	t.Logf("%d nodes, %d bytes: same", len(n1), len(a))
}

// refFromSnapshot is fromSnapshot before its output was preallocated (the
// reference of TestFromSnapshotSame): it flattens the snapshot's documents into one node list in
// document order (a frame's document placed under its frame element), with
// parents before children.
func refFromSnapshot(res *domsnapshot.CaptureSnapshotResult, props []string) ([]page.Node, []page.Doc) {
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
					l.Styles = make([]string, len(props))
					for s, v := range lt.Styles[k] {
						l.Styles[s] = str(v)
					}
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
	var out []page.Node
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

// TestFromSnapshotCost times fromSnapshot against refFromSnapshot on a
// dumped snapshot (GRANSKA_SNAPSHOT_JSON, from TestSnapshotCost with
// GRANSKA_SNAPCOST_DUMP), interleaved, 6 pairs: Go CPU and wall.
func TestFromSnapshotCost(t *testing.T) {
	snap := dumpedSnapshot(t)
	var sum [2][2]float64
	for r := 0; r < 12; r++ {
		arm := (r + r/2) % 2
		runtime.GC()
		g0, w0 := goCPU(), time.Now()
		if arm == 0 {
			fromSnapshot(snap, StyleProps)
		} else {
			refFromSnapshot(snap, StyleProps)
		}
		sum[arm][0] += ms(goCPU() - g0)
		sum[arm][1] += ms(time.Since(w0))
	}
	t.Logf("mean of 6 (ms) Go CPU / wall: now %.1f / %.1f, before %.1f / %.1f", sum[0][0]/6, sum[0][1]/6, sum[1][0]/6, sum[1][1]/6)
}
