package login

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The crawl's transport sends the credentials to the start hosts and to
// no other host.
func TestTransportScope(t *testing.T) {
	t.Setenv("LOGIN_TEST_PW", "s3cret")
	c, err := Parse([]string{"X-Token: a b"}, []string{"sid=42"}, "anna:${LOGIN_TEST_PW}")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	handler := func(name string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			u, p, _ := r.BasicAuth()
			ck, _ := r.Cookie("sid")
			v := ""
			if ck != nil {
				v = ck.Value
			}
			seen[name] = u + ":" + p + "|" + r.Header.Get("X-Token") + "|" + v
		})
	}
	site := httptest.NewServer(handler("site"))
	defer site.Close()
	other := httptest.NewServer(handler("other"))
	defer other.Close()
	c.Scope([]string{site.URL + "/start"})
	cl := &http.Client{Transport: c.Transport(nil)}
	for _, u := range []string{site.URL + "/x", other.URL + "/y"} {
		resp, err := cl.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if seen["site"] != "anna:s3cret|a b|42" {
		t.Errorf("start host got %q", seen["site"])
	}
	if seen["other"] != ":||" {
		t.Errorf("another host got credentials: %q", seen["other"])
	}
	if got := strings.Join(c.Secrets(), ","); !strings.Contains(got, "s3cret") || !strings.Contains(got, "a b") || !strings.Contains(got, "42") {
		t.Errorf("secrets %q", got)
	}
	r := c.Redacted()
	if r.BasicAuth != "anna:[redacted]" || r.Headers[0] != "X-Token: [redacted]" || r.Cookies[0] != "sid=[redacted]" {
		t.Errorf("redacted %+v", r)
	}
}

func TestExpand(t *testing.T) {
	t.Setenv("LOGIN_TEST_A", "x")
	if s, err := Expand("a${LOGIN_TEST_A}b$HOME"); err != nil || s != "axb$HOME" {
		t.Errorf("%q %v", s, err)
	}
	if _, err := Expand("${LOGIN_TEST_NOPE_UNSET}"); !errors.Is(err, ErrValue) {
		t.Errorf("unset variable: %v", err)
	}
	if c, _ := Parse(nil, nil, ""); !c.Empty() || c.Redacted() != nil {
		t.Error("nothing given must send nothing")
	}
}
