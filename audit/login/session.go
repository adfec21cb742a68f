package login

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/runtime"
)

// ErrExpired is wrapped by the error of a page whose session expired and
// could not be renewed: the site answered with its login page, again
// after the one re-login of the run, or the re-login failed.
var ErrExpired = errors.New("login: the session expired")

// Session is the live session of a form login. A request that finds it
// expired — redirected to the login page, or served the login form in
// place of the page asked for ([Session.Expired]) — asks [Session.Renew]
// to run the login again. The login runs again at most once per run; the
// callers that find the session expired meanwhile wait for that one
// re-login and then retry with its cookies.
type Session struct {
	Form  *Form
	Creds *Credentials
	// Login runs the form in a browser tab and returns the cookies it
	// ends with.
	Login func(ctx context.Context) ([]Cookie, error)
	// Logf receives diagnostics (never a value); nil discards them.
	Logf func(format string, args ...any)

	mu      sync.Mutex
	renewed bool
	failed  error
}

// LoginURL is the form's login page: the URL of its first goto step,
// expanded; "" when it has none (or it names a variable not set).
func (f *Form) LoginURL() string {
	for _, s := range f.Steps {
		if s.Goto != "" {
			u, err := Expand(s.Goto)
			if err != nil {
				return ""
			}
			return u
		}
	}
	return ""
}

// samePage reports whether a and b are the same page: scheme, host and
// path alike (the query and fragment are ignored: a login page often
// carries where to return to).
func samePage(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	if err1 != nil || err2 != nil || a == "" || b == "" {
		return false
	}
	pa, pb := strings.TrimSuffix(ua.Path, "/"), strings.TrimSuffix(ub.Path, "/")
	return strings.EqualFold(ua.Scheme, ub.Scheme) && strings.EqualFold(ua.Host, ub.Host) && pa == pb
}

// IsLoginPage reports whether u is the form's login page.
func (f *Form) IsLoginPage(u string) bool {
	l := f.LoginURL()
	return l != "" && samePage(l, u)
}

// Expired reports whether the page asked for as requested, which the
// tab s shows as final (its URL after redirects), is the login page in
// its place: redirected to the login URL, or showing the login form
// (every field the fill steps name and the button the click steps name,
// found as the login finds them). The login page asked for itself is
// never expired: it is audited like any other page.
func (s *Session) Expired(ctx context.Context, tab cdp.Session, requested, final string) (bool, error) {
	if s.Form.IsLoginPage(requested) {
		return false, nil
	}
	if s.Form.IsLoginPage(final) {
		return true, nil
	}
	return s.Form.Showing(ctx, tab)
}

// Showing reports whether the document in tab holds the login form: each
// field a fill step names and each button a click step names is found
// the way the login finds them. A form without fill or click steps is
// never found.
func (f *Form) Showing(ctx context.Context, tab cdp.Session) (bool, error) {
	var finds []string
	for _, st := range f.Steps {
		switch {
		case st.Fill != "":
			v, err := Expand(st.Fill)
			if err != nil {
				return false, nil
			}
			field, _, _ := strings.Cut(v, "=")
			finds = append(finds, fmt.Sprintf("!!(%s)(%s, 'field')", findJS, jsString(strings.TrimSpace(field))))
		case st.Click != "":
			name, err := Expand(st.Click)
			if err != nil {
				return false, nil
			}
			finds = append(finds, fmt.Sprintf("!!(%s)(%s, 'button')", findJS, jsString(name)))
		}
	}
	if len(finds) == 0 {
		return false, nil
	}
	r, err := cdp.Call(ctx, tab, runtime.Evaluate, runtime.EvaluateParams{Expression: strings.Join(finds, " && "), ReturnByValue: ptr(true)})
	if err != nil {
		return false, fmt.Errorf("%w: looking for the login form: %v", ErrForm, err)
	}
	if r.ExceptionDetails != nil {
		return false, fmt.Errorf("%w: looking for the login form: %s", ErrForm, r.ExceptionDetails.Text)
	}
	return string(r.Result.Value) == "true", nil
}

func ptr[T any](v T) *T { return &v }

// Renew runs the login again after a caller found the session of
// generation seen ([Credentials.Generation]) expired, and reports whether
// the caller should retry with the session now held. A session renewed
// since seen is not renewed again (retry: true); the login runs again at
// most once per Session, serialised (callers wait), and a login that
// fails, or a second expiry, leaves false: the caller records the page
// as not audited ([ErrExpired]).
func (s *Session) Renew(ctx context.Context, seen int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Creds.Generation() != seen {
		return s.failed == nil
	}
	if s.renewed {
		return false
	}
	s.renewed = true
	s.logf("login: the session expired; logging in again (once per run)")
	cookies, err := s.Login(ctx)
	if err == nil && len(cookies) == 0 {
		err = fmt.Errorf("%w: the login ended with no cookies", ErrForm)
	}
	if err != nil {
		s.failed = err
		s.logf("login: logging in again failed: %v", err)
		return false
	}
	s.Creds.SetSession(cookies)
	s.logf("login: logged in again (%d cookies)", len(cookies))
	return true
}

func (s *Session) logf(format string, args ...any) {
	if s.Logf != nil {
		s.Logf(format, args...)
	}
}

// Transport wraps the credentials' transport (base: see
// [Credentials.Transport]) so that a request redirected to the login page
// renews the session and is sent once more; when the session cannot be
// renewed the redirect is returned as it came. Requests with a body are
// not sent again.
func (s *Session) Transport(base http.RoundTripper) http.RoundTripper {
	return &renewTransport{s: s, base: s.Creds.Transport(base)}
}

type renewTransport struct {
	s    *Session
	base http.RoundTripper
}

func (t *renewTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	gen := t.s.Creds.Generation()
	resp, err := t.base.RoundTrip(r)
	if err != nil || r.Body != nil || !t.s.Creds.inScope(r.URL) || t.s.Form.IsLoginPage(r.URL.String()) {
		return resp, err
	}
	if resp.StatusCode < 300 || resp.StatusCode > 399 {
		return resp, nil
	}
	loc, lerr := resp.Location()
	if lerr != nil || !t.s.Form.IsLoginPage(loc.String()) || !t.s.Renew(r.Context(), gen) {
		return resp, nil
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return t.base.RoundTrip(r)
}
