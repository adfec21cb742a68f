package capture

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/granska/granska/audit/page"
)

//go:embed js/formprobe.js
var formProbeJS string

// PersonalForms returns the forms (form elements and role=form) of the
// snapshot that collect personal data: a field for a name, e-mail, phone,
// address, birth date or personal identity number (by type or
// autocomplete), or a file upload. Capture probes only these.
func PersonalForms(p *page.Page) []int {
	var out []int
	for i := range p.Nodes {
		if !p.IsElement(i) {
			continue
		}
		role, _ := p.Attr(i, "role")
		if p.Tag(i) != "form" && page.Lower(strings.TrimSpace(role)) != "form" {
			continue
		}
		found := false
		p.Descendants(i, func(d int) bool {
			if found {
				return false
			}
			if p.IsElement(d) && personalField(p, d) {
				found = true
			}
			return true
		})
		if found {
			out = append(out, i)
		}
	}
	return out
}

var personalAutocomplete = map[string]bool{
	"name": true, "given-name": true, "family-name": true, "additional-name": true,
	"email": true, "tel": true, "tel-national": true, "tel-local": true,
	"street-address": true, "address-line1": true, "postal-code": true,
	"bday": true, "bday-day": true, "bday-month": true, "bday-year": true,
}

// personalField reports whether element d is a field for personal data.
func personalField(p *page.Page, d int) bool {
	switch p.Tag(d) {
	case "input":
		t, _ := p.Attr(d, "type")
		switch page.Lower(strings.TrimSpace(t)) {
		case "email", "tel", "file":
			return true
		}
	case "select", "textarea":
	default:
		return false
	}
	if ac, ok := p.Attr(d, "autocomplete"); ok {
		for _, tok := range strings.Fields(page.Lower(ac)) {
			if personalAutocomplete[tok] {
				return true
			}
		}
	}
	for _, a := range []string{"name", "id"} {
		v, _ := p.Attr(d, a)
		v = page.Lower(v)
		if strings.Contains(v, "personnummer") || strings.Contains(v, "personal_number") {
			return true
		}
	}
	return false
}

// formTarget is a form the probe submits, with the fields it records and
// the control it clicks (-1: requestSubmit).
type formTarget struct {
	form, submit int
	fields       []int
	personal     bool // one of PersonalForms
}

// probeTargets lists the rendered forms that collect data, in document
// order: first the personal-data forms (PersonalForms), then the other
// forms with a required field; each with its required fields, checkboxes
// and switches (a form with none of those is left out) and its first
// rendered submit control. A form with the same signature as one listed
// (page.ElementSignature) is listed once.
func probeTargets(p *page.Page) []formTarget {
	forms := PersonalForms(p)
	personal := len(forms)
	listed := map[int]bool{}
	for _, f := range forms {
		listed[f] = true
	}
	for i := range p.Nodes {
		if p.IsElement(i) && p.Tag(i) == "form" && !listed[i] {
			forms = append(forms, i)
		}
	}
	var out []formTarget
	seen := map[string]bool{}
	for k, f := range forms {
		if !p.Rendered(f) {
			continue
		}
		var fs []int
		sub := -1
		required := false
		p.Descendants(f, func(d int) bool {
			if !p.IsElement(d) {
				return true
			}
			tag := p.Tag(d)
			typ, _ := p.Attr(d, "type")
			typ = page.Lower(strings.TrimSpace(typ))
			role, _ := p.Attr(d, "role")
			switch {
			case tag == "button" && (typ == "" || typ == "submit"), tag == "input" && (typ == "submit" || typ == "image"):
				if sub < 0 && p.Rendered(d) {
					sub = d
				}
			case tag == "input" && typ == "checkbox", strings.Contains(role, "checkbox"), strings.Contains(role, "switch"):
				fs = append(fs, d)
			case tag == "input" || tag == "select" || tag == "textarea":
				if typ == "hidden" {
					break
				}
				if p.HasAttr(d, "required") || page.Lower(attr(p, d, "aria-required")) == "true" {
					fs = append(fs, d)
					required = true
				}
			}
			return true
		})
		sig := p.ElementSignature(f)
		if len(fs) == 0 || k >= personal && !required || seen[sig] {
			continue
		}
		seen[sig] = true
		out = append(out, formTarget{form: f, submit: sub, fields: fs, personal: k < personal})
	}
	return out
}

func attr(p *page.Page, i int, name string) string { v, _ := p.Attr(i, name); return v }

// probeResult is what formprobe.js returns.
type probeResult struct {
	Error  string `json:"error"`
	Fields []struct {
		Invalid         string   `json:"invalid"`
		Valid           bool     `json:"valid"`
		Message         string   `json:"message"`
		Described       string   `json:"described"`
		DescribedBefore string   `json:"describedBefore"`
		InvalidEvent    bool     `json:"invalidEvent"`
		Nearby          string   `json:"nearby"`
		Restyled        []string `json:"restyled"`
		Marks           []string `json:"marks"`
	} `json:"fields"`
	Live     []string `json:"live"`
	NewText  []string `json:"newText"`
	FocusTag string   `json:"focusTag"`
	TimedOut bool     `json:"timedOut"`
}

// probeWaitMax is the safety net of the wait for the page's reaction to a
// submission; the wait itself ends when the page has nothing scheduled.
const probeWaitMax = 8 * time.Second

// MaxOtherForms bounds the forms the probe submits besides the first: a
// count, never a time; forms beyond it are reported as a GapProbe gap.
const MaxOtherForms = 3

// probeForm submits the page's data-collecting forms (probeTargets) as they
// are (empty), one after another, and records what the page did: the
// first personal-data form in p.Probes.FormSubmit, the others in
// p.Probes.OtherForms. Every request the page makes meanwhile is
// intercepted: a navigation is answered with 204 No Content (the page
// stays), any other request fails, so no data leaves the machine. It runs
// after the snapshot, the walk and the extras: it changes the page.
func probeForm(ctx context.Context, t *chromedp.Target, p *page.Page, opt *Options) {
	if opt.Consent.NoProbes {
		return
	}
	ts := probeTargets(p)
	if len(ts) == 0 {
		return
	}
	if len(ts) > 1+MaxOtherForms {
		p.AddGap(page.GapProbe, -1, fmt.Sprintf("%d forms collect data; the first %d in document order were submitted", len(ts), 1+MaxOtherForms))
		ts = ts[:1+MaxOtherForms]
	}
	before := opt.BeforeProbe
	for k, ft := range ts {
		fp := probeOne(ctx, t, p, opt, ft, &before)
		if fp == nil {
			return
		}
		if k == 0 && ft.personal {
			p.Probes.FormSubmit = fp
		} else {
			p.Probes.OtherForms = append(p.Probes.OtherForms, fp)
		}
	}
}

// probeOne submits one form, or reuses the outcome of a form with the same
// signature submitted on another page of the run (ProbeCache). before, when
// set, is called before the first real submission and then cleared. Nil
// when ctx ended.
func probeOne(ctx context.Context, t *chromedp.Target, p *page.Page, opt *Options, ft formTarget, before *func(context.Context, *page.Page)) (out *page.FormProbe) {
	form, fields, submit := ft.form, ft.fields, ft.submit
	cache := opt.Consent.ProbeCache
	var key string
	if cache != nil {
		key = probeKey(p, form, fields)
		if e, ok := cache.get(key); ok {
			if fp, ok := e.apply(p, form); ok {
				// Not submitted here: the page stays as captured.
				return fp
			}
		}
	}
	gaps := len(p.Gaps)
	if cache != nil {
		defer func() {
			if out != nil {
				if e := entryOf(p, out, p.Gaps[gaps:]); e != nil {
					cache.put(key, e)
				}
			}
		}()
	}
	if *before != nil {
		(*before)(ctx, p)
		*before = nil
	}
	budget := opt.Consent.ProbeBudget
	if budget <= 0 {
		budget = 15 * time.Second
	}
	pctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()
	fp := page.FormProbe{Form: form, Submit: submit, Focus: -1}
	if err := runFormProbe(pctx, t, p, &fp, fields); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		fp.Error = err.Error()
		p.AddGap(page.GapProbe, form, "form submission probe: "+err.Error())
	}
	for _, q := range fp.Requests {
		if q.Type == string(network.ResourceTypeDocument) || q.Type == string(network.ResourceTypeXHR) ||
			q.Type == string(network.ResourceTypeFetch) || (q.Method != "" && q.Method != "GET") {
			fp.Sent = true
		}
	}
	for _, f := range fp.Fields {
		fp.Native = fp.Native || (f.InvalidEvent && !fp.Sent)
	}
	return &fp
}

func runFormProbe(ctx context.Context, t *chromedp.Target, p *page.Page, fp *page.FormProbe, fields []int) error {
	const group = "granska-probe"
	defer cdp.Call(context.WithoutCancel(ctx), t, cdpruntime.ReleaseObjectGroup, cdpruntime.ReleaseObjectGroupParams{ObjectGroup: group})

	resolve := func(i int) (cdpruntime.RemoteObjectID, error) {
		r, err := cdp.Call(ctx, t, dom.ResolveNode, dom.ResolveNodeParams{BackendNodeID: cdp.BackendNodeID(p.Nodes[i].Backend), ObjectGroup: group})
		if err != nil || r.Object == nil {
			return "", fmt.Errorf("resolve node %d: %v", i, err)
		}
		return r.Object.ObjectID, nil
	}
	formObj, err := resolve(fp.Form)
	if err != nil {
		return err
	}
	// The page's reaction is waited for by what it scheduled (formprobe.js);
	// probeWaitMax is the safety net.
	args := []*cdpruntime.CallArgument{{Value: []byte("150")}, {Value: []byte(strconv.Itoa(int(probeWaitMax.Milliseconds())))}}
	if fp.Submit >= 0 {
		o, err := resolve(fp.Submit)
		if err != nil {
			return err
		}
		args = append(args, &cdpruntime.CallArgument{ObjectID: o})
	} else {
		args = append(args, &cdpruntime.CallArgument{Value: []byte("null")})
	}
	for _, f := range fields {
		o, err := resolve(f)
		if err != nil {
			return err
		}
		args = append(args, &cdpruntime.CallArgument{ObjectID: o})
	}

	// Intercept everything from here on.
	var mu sync.Mutex
	stop, err := interceptAll(ctx, t, func(ictx context.Context, ev *fetch.EventRequestPaused) {
		q := page.ProbeRequest{Type: string(ev.ResourceType)}
		if ev.Request != nil {
			q.URL, q.Method = ev.Request.URL, ev.Request.Method
		}
		if ev.ResourceType == network.ResourceTypeDocument {
			// 204 keeps the page where it is.
			_, _ = cdp.Call(ictx, t, fetch.FulfillRequest, fetch.FulfillRequestParams{RequestID: ev.RequestID, ResponseCode: 204})
		} else {
			_, _ = cdp.Call(ictx, t, fetch.FailRequest, fetch.FailRequestParams{RequestID: ev.RequestID, ErrorReason: network.ErrorReasonBlockedByClient})
		}
		mu.Lock()
		fp.Requests = append(fp.Requests, q)
		mu.Unlock()
	})
	if err != nil {
		return err
	}
	defer stop()

	rv, await := true, true
	r, err := cdp.Call(ctx, t, cdpruntime.CallFunctionOn, cdpruntime.CallFunctionOnParams{
		FunctionDeclaration: formProbeJS,
		ObjectID:            formObj,
		Arguments:           args,
		ReturnByValue:       &rv,
		AwaitPromise:        &await,
		ObjectGroup:         group,
	})
	if err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	if r.ExceptionDetails != nil {
		return fmt.Errorf("submit: %s", r.ExceptionDetails.Text)
	}
	var res probeResult
	if r.Result != nil && len(r.Result.Value) > 0 {
		if err := jsonUnmarshal(r.Result.Value, &res); err != nil {
			return fmt.Errorf("submit: %w", err)
		}
	}
	// Focus after the submission, joined to the snapshot.
	if found, backend, err := active(ctx, t, group); err == nil && found {
		if i, ok := p.ByBackend(backend); ok {
			fp.Focus = i
		}
	}
	fp.FocusTag = res.FocusTag
	for k, f := range res.Fields {
		if k >= len(fields) {
			break
		}
		fp.Fields = append(fp.Fields, page.ProbeField{
			Node: fields[k], Invalid: f.Invalid, Valid: f.Valid, Message: f.Message,
			Described: f.Described, DescribedBefore: f.DescribedBefore,
			InvalidEvent: f.InvalidEvent, Nearby: f.Nearby,
			Restyled: f.Restyled, Marks: f.Marks,
		})
	}
	fp.Live, fp.NewText = res.Live, res.NewText
	if res.TimedOut {
		p.AddGap(page.GapTimeout, fp.Form, safetyNet("form probe: the page kept changing or waiting", probeWaitMax, len(fields)))
	}
	if res.Error != "" {
		fp.Error = res.Error
	}
	return nil
}

// interceptAll pauses every request of the tab from now on and hands each
// to handle, which must continue, fulfil or fail it (with the context it
// is given). stop ends the interception and waits for handle to return.
func interceptAll(ctx context.Context, t *chromedp.Target, handle func(ictx context.Context, ev *fetch.EventRequestPaused)) (stop func(), err error) {
	ictx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	paused := cdp.Events(ictx, t, fetch.RequestPaused)
	if _, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*"}}}); err != nil {
		cancel()
		return nil, fmt.Errorf("intercept: %w", err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ev, err := range paused {
			if err != nil {
				return
			}
			handle(ictx, &ev)
		}
	}()
	return func() {
		_, _ = cdp.Call(context.WithoutCancel(ctx), t, fetch.Disable, cdp.Empty{})
		cancel()
		wg.Wait()
	}, nil
}
