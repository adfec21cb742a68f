package login

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/goccy/go-yaml"
)

// ErrForm is wrapped by errors about form-login steps, read or run.
var ErrForm = errors.New("login: form login")

// Step is one declarative form-login step; exactly one field is set.
// Fill is "FIELD=VALUE" where FIELD is the field's label or accessible
// name, or a CSS selector; Click names a button or link (its text,
// accessible name or value) or is a CSS selector. WaitURL waits until the
// tab's URL contains it; WaitSelector until the selector matches.
type Step struct {
	Goto         string `yaml:"goto,omitempty" json:"goto,omitempty"`
	Fill         string `yaml:"fill,omitempty" json:"fill,omitempty"`
	Click        string `yaml:"click,omitempty" json:"click,omitempty"`
	WaitURL      string `yaml:"wait-url,omitempty" json:"wait-url,omitempty"`
	WaitSelector string `yaml:"wait-selector,omitempty" json:"wait-selector,omitempty"`
}

// Form is a form login: steps run once in a browser tab before the crawl;
// the cookies it ends with go with every request (see [Form.Run]).
type Form struct {
	Steps []Step `yaml:"steps" json:"steps"`
}

// RedactedValue stands for a fill value given in clear, which run.json
// does not record.
const RedactedValue = "[redacted]"

// varsOnly matches a value made only of ${VAR} references: no secret.
var varsOnly = regexp.MustCompile(`^(\$\{[A-Za-z_][A-Za-z0-9_]*\})+$`)

// Redacted returns the form as run.json records it: each fill value that
// is not made only of ${VAR} references is replaced by [RedactedValue]
// (the variables are expanded when the login runs, so a resumed run can
// log in again from them); nil for nil.
func (f *Form) Redacted() *Form {
	if f == nil {
		return nil
	}
	out := &Form{Steps: append([]Step(nil), f.Steps...)}
	for i, s := range out.Steps {
		if field, value, ok := strings.Cut(s.Fill, "="); ok && !varsOnly.MatchString(value) {
			out.Steps[i].Fill = field + "=" + RedactedValue
		}
	}
	return out
}

// Replayable reports an error, naming the field, when a fill value of
// the form (one read back from run.json) was redacted.
func (f *Form) Replayable() error {
	for i, s := range f.Steps {
		if field, value, ok := strings.Cut(s.Fill, "="); ok && value == RedactedValue {
			return fmt.Errorf("%w: step %d fills %q with a value given in clear, which is not stored: give it as ${VAR}", ErrForm, i+1, strings.TrimSpace(field))
		}
	}
	return nil
}

// FormFromFlags builds the steps of --login-url, --login-fill (repeatable)
// and --login-submit: go to the URL, fill each field, click the button and
// wait until the page has navigated away.
func FormFromFlags(loginURL string, fills []string, submit string) (*Form, error) {
	if loginURL == "" {
		if len(fills) > 0 || submit != "" {
			return nil, fmt.Errorf("%w: --login-fill and --login-submit need --login-url", ErrForm)
		}
		return nil, nil
	}
	if submit == "" {
		return nil, fmt.Errorf("%w: --login-url needs --login-submit 'BUTTON NAME'", ErrForm)
	}
	f := &Form{Steps: []Step{{Goto: loginURL}}}
	for _, s := range fills {
		f.Steps = append(f.Steps, Step{Fill: s})
	}
	f.Steps = append(f.Steps, Step{Click: submit})
	return f, f.check()
}

// NewForm returns the form login of the steps, checked as LoadForm
// checks a file's.
func NewForm(steps []Step) (*Form, error) {
	if len(steps) == 0 {
		return nil, fmt.Errorf("%w: no steps", ErrForm)
	}
	f := &Form{Steps: steps}
	return f, f.check()
}

// LoadForm reads a --login FILE: YAML with a list of steps.
func LoadForm(path string) (*Form, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrForm, err)
	}
	var f Form
	if err := yaml.UnmarshalWithOptions(b, &f, yaml.Strict()); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrForm, path, err)
	}
	if len(f.Steps) == 0 {
		return nil, fmt.Errorf("%w: %s: no steps", ErrForm, path)
	}
	return &f, f.check()
}

func (f *Form) check() error {
	for i, s := range f.Steps {
		n := 0
		for _, v := range []string{s.Goto, s.Fill, s.Click, s.WaitURL, s.WaitSelector} {
			if v != "" {
				n++
			}
		}
		if n != 1 {
			return fmt.Errorf("%w: step %d: want exactly one of goto, fill, click, wait-url, wait-selector", ErrForm, i+1)
		}
		if s.Fill != "" {
			if k, _, ok := strings.Cut(s.Fill, "="); !ok || strings.TrimSpace(k) == "" {
				return fmt.Errorf("%w: step %d: fill wants 'FIELD=VALUE'", ErrForm, i+1)
			}
		}
	}
	return nil
}

// StepTimeout bounds each step's wait for a field, a button, a navigation
// or a wait-url/wait-selector condition.
const StepTimeout = 15 * time.Second

// Run runs the steps in tabCtx (a chromedp tab context), values expanded
// from ${VAR}, and returns the cookies the tab holds at the end. No value
// is logged; errors name the step, never its value.
func (f *Form) Run(tabCtx context.Context) ([]Cookie, error) {
	var out []Cookie
	err := chromedp.Do(tabCtx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for i, s := range f.Steps {
			if err := runStep(ctx, t, s); err != nil {
				return fmt.Errorf("%w: step %d: %v", ErrForm, i+1, err)
			}
		}
		r, err := cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{})
		if err != nil {
			return fmt.Errorf("%w: reading cookies: %v", ErrForm, err)
		}
		for _, c := range r.Cookies {
			out = append(out, Cookie{Name: c.Name, Value: c.Value})
		}
		return nil
	}))
	return out, err
}

// findJS returns a JS function expression that finds the element named by
// q: a field (label, aria-label, aria-labelledby, placeholder, name) or a
// button/link (text, aria-label, value, title), else a CSS selector.
const findJS = `function(q, kind) {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim().toLowerCase();
  const want = norm(q);
  const fields = 'input:not([type=hidden]),textarea,select';
  const buttons = 'button,input[type=submit],input[type=button],input[type=image],a[href],[role=button]';
  const names = el => {
    const n = [el.getAttribute('aria-label'), el.getAttribute('title')];
    const lb = el.getAttribute('aria-labelledby');
    if (lb) n.push(lb.split(/\s+/).map(id => { const e = document.getElementById(id); return e ? e.textContent : ''; }).join(' '));
    if (el.labels) for (const l of el.labels) n.push(l.textContent);
    if (kind === 'field') n.push(el.getAttribute('placeholder'), el.getAttribute('name'), el.id);
    else n.push(el.textContent, el.value, el.getAttribute('alt'));
    return n.map(norm).filter(Boolean);
  };
  const all = [...document.querySelectorAll(kind === 'field' ? fields : buttons)];
  let el = all.find(e => names(e).includes(want)) || all.find(e => names(e).some(n => n.startsWith(want)));
  if (!el) { try { el = document.querySelector(q); } catch (e) {} }
  return el || null;
}`

func runStep(ctx context.Context, t *chromedp.Target, s Step) error {
	switch {
	case s.Goto != "":
		u, err := Expand(s.Goto)
		if err != nil {
			return err
		}
		_, err = chromedp.Navigate(u)(ctx, t)
		return err
	case s.Fill != "":
		v, err := Expand(s.Fill)
		if err != nil {
			return err
		}
		field, value, _ := strings.Cut(v, "=")
		field = strings.TrimSpace(field)
		return poll(ctx, t, "field "+quote(field), fmt.Sprintf(`(() => {
  const el = (%s)(%s, 'field');
  if (!el) return false;
  el.focus();
  const set = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value');
  if (set && set.set) set.set.call(el, %s); else el.value = %s;
  el.dispatchEvent(new Event('input', {bubbles: true}));
  el.dispatchEvent(new Event('change', {bubbles: true}));
  return true;
})()`, findJS, jsString(field), jsString(value), jsString(value)))
	case s.Click != "":
		name, err := Expand(s.Click)
		if err != nil {
			return err
		}
		before, err := chromedp.Location()(ctx, t)
		if err != nil {
			return err
		}
		if err := poll(ctx, t, "button "+quote(name), fmt.Sprintf(`(() => {
  const el = (%s)(%s, 'button');
  if (!el) return false;
  setTimeout(() => el.click(), 0);
  return true;
})()`, findJS, jsString(name))); err != nil {
			return err
		}
		// A submit navigates: wait for the next document (a click that
		// stays on the page, as in a single-page app, ends at the timeout
		// without error; follow it with wait-url or wait-selector).
		wctx, cancel := context.WithTimeout(ctx, StepTimeout)
		defer cancel()
		for {
			loc, err := chromedp.Location()(wctx, t)
			state, err2 := chromedp.Evaluate[string](`document.readyState`)(wctx, t)
			if err == nil && err2 == nil && loc != before && state == "complete" {
				return nil
			}
			if wctx.Err() != nil {
				return nil
			}
			time.Sleep(100 * time.Millisecond)
		}
	case s.WaitURL != "":
		return poll(ctx, t, "URL containing "+quote(s.WaitURL), fmt.Sprintf(`location.href.includes(%s) && document.readyState === 'complete'`, jsString(s.WaitURL)))
	case s.WaitSelector != "":
		return poll(ctx, t, "selector "+quote(s.WaitSelector), fmt.Sprintf(`(() => { try { return !!document.querySelector(%s); } catch (e) { return false; } })()`, jsString(s.WaitSelector)))
	}
	return errors.New("empty step")
}

// poll evaluates expr until it returns true, for up to StepTimeout.
func poll(ctx context.Context, t *chromedp.Target, what, expr string) error {
	wctx, cancel := context.WithTimeout(ctx, StepTimeout)
	defer cancel()
	for {
		if ok, err := chromedp.Evaluate[bool](expr)(wctx, t); err == nil && ok {
			return nil
		}
		if wctx.Err() != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("no %s within %s", what, StepTimeout)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// quote quotes a field or button name for an error; names are not
// secrets (values are, and never appear in errors).
func quote(s string) string { return fmt.Sprintf("%q", s) }
