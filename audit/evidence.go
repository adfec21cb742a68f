package audit

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/granska/granska/audit/capture"
	"github.com/granska/granska/audit/page"
	"github.com/granska/granska/internal/atomicfile"
	"github.com/granska/granska/result"
)

// evidence keeps the page's HTML and a full screenshot in OUT/evidence/
// when the page has failed or cantTell findings, and records them with the
// time and the versions in rp.Evidence. A failure to take them is recorded
// there, never fails the page.
func (e *engine) evidence(tab context.Context, p *page.Page, rp *result.Page) {
	if len(rp.Outcomes) == 0 {
		return
	}
	tool := "granska " + Version
	ev := &result.Evidence{Time: time.Now().UTC(), Tool: tool, Rules: map[string]string{}}
	for _, o := range rp.Outcomes {
		for _, r := range e.cfg.Rules {
			if r.ID == o.Rule {
				ev.Rules[r.ID] = result.RuleVersion(Version, result.NewRuleInfo(r))
			}
		}
	}
	rp.Evidence = ev
	html, shot, err := capture.Evidence(tab, p)
	if err != nil {
		ev.Error = err.Error()
	}
	dir := filepath.Join(e.cfg.Out, "evidence")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		ev.Error = err.Error()
		return
	}
	name := pageFileName(p.URL)
	write := func(file string, b []byte) string {
		if len(b) == 0 {
			return ""
		}
		rel := filepath.Join("evidence", file)
		if err := atomicfile.Write(filepath.Join(e.cfg.Out, rel), func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
			ev.Error = err.Error()
			return ""
		}
		return filepath.ToSlash(rel)
	}
	ev.HTML = write(name+".html", []byte(html))
	ev.Screenshot = write(name+".jpg", shot)
}
