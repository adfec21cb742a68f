package capture

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

// maxHashed bounds the bodies hashed (a body crosses the DevTools
// connection to be hashed); maxResources the responses recorded.
const (
	maxHashed    = 4 << 20
	maxResources = 300
)

// resRecorder records responses from navigation until the snapshot.
type resRecorder struct {
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	byID   map[network.RequestID]*page.Resource
	order  []network.RequestID
	over   bool
}

// startResources subscribes to response events; call it before
// navigating. It returns nil when opt.Resources is not set.
func startResources(ctx context.Context, t *chromedp.Target, opt *Options) *resRecorder {
	if opt.Resources == nil {
		return nil
	}
	rctx, cancel := context.WithCancel(ctx)
	r := &resRecorder{cancel: cancel, done: make(chan struct{}), byID: map[network.RequestID]*page.Resource{}}
	responses := cdp.Events(rctx, t, network.ResponseReceived)
	go func() {
		defer close(r.done)
		for ev, err := range responses {
			if err != nil {
				return
			}
			resp := ev.Response
			if resp == nil || !strings.HasPrefix(resp.URL, "http") {
				continue
			}
			r.mu.Lock()
			if len(r.order) >= maxResources {
				r.over = true
			} else if _, ok := r.byID[ev.RequestID]; !ok {
				r.byID[ev.RequestID] = &page.Resource{URL: resp.URL, Type: string(ev.Type), Status: int(resp.Status),
					ETag: header(resp.Headers, "ETag"), LastModified: header(resp.Headers, "Last-Modified")}
				r.order = append(r.order, ev.RequestID)
			}
			r.mu.Unlock()
		}
	}()
	return r
}

func (r *resRecorder) stop() {
	if r == nil {
		return
	}
	r.cancel()
	<-r.done
}

// finish stops recording, hashes the bodies of the responses and
// hands the resources, sorted by URL, to report; over says that more were
// loaded than recorded (a re-audit then cannot rely on them).
func (r *resRecorder) finish(ctx context.Context, t *chromedp.Target, report func([]page.Resource, bool)) {
	if r == nil {
		return
	}
	r.stop()
	out := make([]page.Resource, 0, len(r.order))
	seen := map[string]bool{}
	for _, id := range r.order {
		res := *r.byID[id]
		if seen[res.URL] {
			continue
		}
		seen[res.URL] = true
		// Also where loadingFinished has not arrived yet (a favicon on a
		// busy machine): Chromium may have the body all the same, and
		// without a hash or validators the next run cannot reuse the page.
		// The body arrives decoded (cdproto undoes the base64).
		if b, err := cdp.Call(ctx, t, network.GetResponseBody, network.GetResponseBodyParams{RequestID: id}); err == nil && len(b.Body) <= maxHashed {
			sum := sha256.Sum256(b.Body)
			res.SHA256 = hex.EncodeToString(sum[:])
		}
		out = append(out, res)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].URL < out[b].URL })
	report(out, r.over)
}

// header reads a response header by name, case-insensitively.
func header(h network.Headers, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			return fmt.Sprint(v)
		}
	}
	return ""
}
