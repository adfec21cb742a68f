package demosite

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

// NewChanged alters the markup of its template's pages only.
func TestNewChanged(t *testing.T) {
	s, err := NewChanged(Broken, "job")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	for path, want := range map[string]bool{"/sv/jobb/101-ux-designer": true, "/sv/": false, "/sv/jobb": false, "/en/contact": false} {
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if got := strings.Contains(string(b), "<!-- revised: the job template changed -->"); got != want {
			t.Errorf("%s: changed %v, want %v", path, got, want)
		}
	}
	if _, err := NewChanged(Broken, "nope"); err == nil {
		t.Error("an unknown template was accepted")
	}
}
