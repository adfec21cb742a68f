package login

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestLoadForm(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	f, err := LoadForm(write("ok.yaml", "steps:\n  - goto: https://example.se/login\n  - fill: 'E-post=${USER}'\n  - click: Logga in\n  - wait-url: /mina-sidor\n  - wait-selector: '#konto'\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Steps) != 5 || f.Steps[1].Fill != "E-post=${USER}" || f.Steps[4].WaitSelector != "#konto" {
		t.Errorf("steps: %+v", f.Steps)
	}
	for name, body := range map[string]string{
		"empty.yaml":   "steps: []\n",
		"two.yaml":     "steps:\n  - goto: /a\n    click: b\n",
		"fill.yaml":    "steps:\n  - fill: no-equals\n",
		"unknown.yaml": "steps:\n  - press: Enter\n",
	} {
		if _, err := LoadForm(write(name, body)); !errors.Is(err, ErrForm) {
			t.Errorf("%s: err %v, want ErrForm", name, err)
		}
	}
}

func TestFormFromFlags(t *testing.T) {
	if f, err := FormFromFlags("", nil, ""); f != nil || err != nil {
		t.Errorf("no flags: %v %v", f, err)
	}
	if _, err := FormFromFlags("", []string{"a=b"}, ""); !errors.Is(err, ErrForm) {
		t.Errorf("fill without url: %v", err)
	}
	if _, err := FormFromFlags("http://127.0.0.1/login", []string{"a=b"}, ""); !errors.Is(err, ErrForm) {
		t.Errorf("no submit: %v", err)
	}
	f, err := FormFromFlags("http://127.0.0.1/login", []string{"E-post=x", "#pw=y"}, "Logga in")
	if err != nil || len(f.Steps) != 4 || f.Steps[3].Click != "Logga in" {
		t.Errorf("flags: %+v %v", f, err)
	}
}
