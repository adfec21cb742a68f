package login

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// Callers that find the same session expired at once share one re-login;
// a session that expires again is not renewed a second time.
func TestSessionRenewOnce(t *testing.T) {
	var logins atomic.Int32
	c := &Credentials{}
	c.SetSession([]Cookie{{Name: "sess", Value: "one"}})
	s := &Session{Form: &Form{Steps: []Step{{Goto: "http://127.0.0.1:1/login"}}}, Creds: c,
		Login: func(context.Context) ([]Cookie, error) {
			logins.Add(1)
			return []Cookie{{Name: "sess", Value: "two"}}, nil
		}}
	gen := c.Generation()
	var wg sync.WaitGroup
	var retries atomic.Int32
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.Renew(context.Background(), gen) {
				retries.Add(1)
			}
		}()
	}
	wg.Wait()
	if logins.Load() != 1 || retries.Load() != 8 {
		t.Errorf("%d logins and %d retries, want 1 and 8", logins.Load(), retries.Load())
	}
	if s.Renew(context.Background(), c.Generation()) {
		t.Error("a second expiry was renewed: the login runs again once per run")
	}
	if logins.Load() != 1 {
		t.Errorf("%d logins after the second expiry, want 1", logins.Load())
	}
	if got := c.Secrets(); len(got) != 2 || got[0] != "one" || got[1] != "two" {
		t.Errorf("secrets %v, want every session cookie value", got)
	}
}

// The crawl's transport renews a session redirected to the login page and
// sends the request again with the new cookie, to the start hosts only.
func TestSessionTransport(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			io.WriteString(w, "login form")
			return
		}
		if c, err := r.Cookie("sess"); err != nil || c.Value != "fresh" {
			http.Redirect(w, r, "/login?next="+r.URL.Path, http.StatusFound)
			return
		}
		io.WriteString(w, "private")
	}))
	defer srv.Close()
	c := &Credentials{}
	c.SetSession([]Cookie{{Name: "sess", Value: "stale"}})
	c.Scope([]string{srv.URL + "/"})
	logins := 0
	s := &Session{Form: &Form{Steps: []Step{{Goto: srv.URL + "/login"}}}, Creds: c,
		Login: func(context.Context) ([]Cookie, error) {
			logins++
			return []Cookie{{Name: "sess", Value: "fresh"}}, nil
		}}
	client := &http.Client{Transport: s.Transport(nil)}
	for range 2 {
		resp, err := client.Get(srv.URL + "/privat")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "private" {
			t.Errorf("got %q, want the private page", b)
		}
	}
	if logins != 1 {
		t.Errorf("%d logins, want 1", logins)
	}
}

func TestIsLoginPage(t *testing.T) {
	f := &Form{Steps: []Step{{Goto: "http://127.0.0.1:8080/konto/login"}, {Click: "Logga in"}}}
	for u, want := range map[string]bool{
		"http://127.0.0.1:8080/konto/login":             true,
		"http://127.0.0.1:8080/konto/login/?next=/jobb": true,
		"http://127.0.0.1:8080/konto/login-hjalp":       false,
		"http://127.0.0.1:8081/konto/login":             false,
		"":                                              false,
	} {
		if got := f.IsLoginPage(u); got != want {
			t.Errorf("IsLoginPage(%q) = %v, want %v", u, got, want)
		}
	}
}
