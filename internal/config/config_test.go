package config

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func TestLoadExample(t *testing.T) {
	f, err := Load("testdata/granska.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Names(); !reflect.DeepEqual(got, []string{"mina-sidor", "public", "staging"}) {
		t.Fatalf("targets %v", got)
	}
	pub, err := f.Target("public")
	if err != nil {
		t.Fatal(err)
	}
	want := []Setting{
		{"baseline", []string{"granska-baseline.json"}},
		{"exclude-url", []string{`\?sort=`}},
		{"fail-on", []string{"serious"}},
		{"format", []string{"html", "sarif"}},
		{"height", []string{"800"}},
		{"lang", []string{"sv"}},
		{"max-pages", []string{"2000"}},
		{"path-prefix", []string{"/karriar"}},
		{"per-template", []string{"3"}},
		{"width", []string{"1280"}},
	}
	if got := pub.Settings(); !reflect.DeepEqual(got, want) {
		t.Errorf("public settings\n got %v\nwant %v", got, want)
	}
	st, _ := f.Target("staging")
	got := map[string][]string{}
	for _, s := range st.Settings() {
		got[s.Flag] = s.Values
	}
	// The target's own report.out and crawl; the shared lang and formats.
	if got["out"][0] != "granska-staging" || got["no-crawl"][0] != "true" || got["lang"][0] != "sv" || len(got["format"]) != 2 || got["include"][0] != "text-contrast-enhanced" {
		t.Errorf("staging settings %v", got)
	}
	if _, err := f.Target(""); !errors.Is(err, ErrNoTarget) {
		t.Errorf("no name with two targets: %v", err)
	}
	if _, err := f.Target("prod"); !errors.Is(err, ErrNoTarget) || !strings.Contains(err.Error(), "mina-sidor, public, staging") {
		t.Errorf("unknown target: %v", err)
	}
}

func TestErrorsNameLineAndKey(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"urls: [http://a.se]\nbogus: 1\n", `g.yaml:2:1: bogus: unknown key "bogus"`},
		{"targets:\n  pub:\n    scope:\n      max-depth: deep\n", `g.yaml:4:18: targets.pub.scope.max-depth: got string, want int`},
		{"targets:\n  pub:\n    scopes: {}\n", `g.yaml:3:5: targets.pub.scopes: unknown key "scopes"`},
		{"viewport:\n  width: wide\n", `g.yaml:2:10: viewport.width: got string, want int`},
		{"urls: 5\n", `g.yaml:1:7: urls:`},
		{"crawl: yes please\n", `g.yaml:1:8: crawl: got string, want bool`},
		{"report: {lang: de}\n", `g.yaml:1:16: report.lang: "de": use sv or en`},
		{"targets:\n  pub:\n    login:\n      steps:\n        - goto: http://a.se/login\n        - fill: E-post=x\n          click: Logga in\n", `g.yaml:6:15: targets.pub.login.steps[1]: want exactly one of`},
		{"login:\n  url: http://a.se/login\n  fill: ['E-post=${U}']\n", `g.yaml:2:6: login.submit: url needs submit`},
		{"login:\n  url: http://a.se/login\n  submit: Logga in\n  fill: [no-equals]\n", `g.yaml:4:10: login.fill[0]: want 'FIELD=VALUE'`},
		{"login:\n  url: http://a.se/login\n  submit: Logga in\n  steps: [{goto: http://a.se/}]\n", `login.steps: give steps or url`},
		{"login: {stepz: []}\n", `g.yaml:1:9: login.stepz: unknown key "stepz"`},
		{"login: {logout-pattern: '('}\n", `login.logout-pattern: error parsing regexp`},
		{"urls: [a]\nurls: [b]\n", `g.yaml:2:1: mapping key "urls" already defined`},
		{"", "empty"},
	} {
		_, err := Parse("g.yaml", []byte(c.yaml))
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.yaml, err, c.want)
		}
	}
}

// A login in the file: the shorthand stands for the --login-* flags; the
// steps are the target's own; a target's login replaces the shared one.
func TestLogin(t *testing.T) {
	f, err := Parse("g.yaml", []byte(`
login:
  url: https://example.se/login
  fill: ['E-postadress=${GRANSKA_USER}', 'Lösenord=${GRANSKA_PASSWORD}']
  submit: Logga in
  logout-pattern: '(?i)logga-ut'
targets:
  shared: {urls: [https://example.se/]}
  steps:
    urls: [https://example.se/]
    login:
      steps:
        - goto: https://example.se/login
        - fill: 'E-postadress=${GRANSKA_USER}'
        - click: Logga in
        - wait-url: /mina-sidor
`))
	if err != nil {
		t.Fatal(err)
	}
	sh, _ := f.Target("shared")
	got := map[string][]string{}
	for _, s := range sh.Settings() {
		got[s.Flag] = s.Values
	}
	want := map[string][]string{"login-url": {"https://example.se/login"}, "login-fill": {"E-postadress=${GRANSKA_USER}", "Lösenord=${GRANSKA_PASSWORD}"},
		"login-submit": {"Logga in"}, "logout-pattern": {"(?i)logga-ut"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("shorthand settings %v, want %v", got, want)
	}
	st, _ := f.Target("steps")
	if len(st.Settings()) != 0 || len(st.Login.Steps) != 4 || st.Login.Steps[3].WaitURL != "/mina-sidor" || st.Login.URL != "" {
		t.Errorf("steps target: settings %v, login %+v", st.Settings(), st.Login)
	}
}

func TestSingleTarget(t *testing.T) {
	f, err := Parse("g.yaml", []byte("urls: [http://127.0.0.1:1/]\ncrawl: true\n"))
	if err != nil {
		t.Fatal(err)
	}
	tg, err := f.Target("")
	if err != nil || tg.URLs[0] != "http://127.0.0.1:1/" {
		t.Fatalf("%v %v", tg, err)
	}
	if s := tg.Settings(); len(s) != 1 || s[0].Flag != "no-crawl" || s[0].Values[0] != "false" {
		t.Errorf("settings %v", s)
	}
}

// The JSON Schema accepts the example and the README's, rejects what Load
// rejects, and lists exactly the keys Target has.
func TestSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	sch, err := c.Compile("../../docs/granska.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	validate := func(src []byte) error {
		js, err := yaml.YAMLToJSON(src)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}
		return sch.Validate(inst)
	}
	ex, _ := os.ReadFile("testdata/granska.yaml")
	for name, src := range map[string][]byte{"example": ex, "README": readmeExample(t)} {
		if err := validate(src); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if _, err := Parse(name, src); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, bad := range []string{"bogus: 1\n", "targets: {a: {scope: {max-depth: x}}}\n", "report: {lang: de}\n",
		"login: {url: http://a.se/login}\n", "login: {steps: [{goto: http://a.se/login, click: Logga in}]}\n", "login: {steps: [{goto: a}], url: b, submit: c}\n"} {
		if validate([]byte(bad)) == nil {
			t.Errorf("schema accepts %q", bad)
		}
	}
	// Keys: the schema's target and the Go type agree, level by level.
	raw, _ := os.ReadFile("../../docs/granska.schema.json")
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	target := doc["$defs"].(map[string]any)["target"].(map[string]any)
	compareKeys(t, "target", reflect.TypeOf(Target{}), target)
}

func compareKeys(t *testing.T, where string, typ reflect.Type, schema map[string]any) {
	props, _ := schema["properties"].(map[string]any)
	var inGo, inSchema []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "" || name == "-" {
			continue
		}
		inGo = append(inGo, name)
		sub, _ := props[name].(map[string]any)
		switch {
		case sub == nil:
		case f.Type.Kind() == reflect.Struct:
			compareKeys(t, where+"."+name, f.Type, sub)
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Struct:
			items, _ := sub["items"].(map[string]any)
			compareKeys(t, where+"."+name+"[]", f.Type.Elem(), items)
		}
	}
	for k := range props {
		inSchema = append(inSchema, k)
	}
	sort.Strings(inGo)
	sort.Strings(inSchema)
	if !reflect.DeepEqual(inGo, inSchema) {
		t.Errorf("%s: Go keys %v, schema keys %v", where, inGo, inSchema)
	}
}

// readmeExample returns the yaml block after the README's "granska.yaml"
// example marker.
func readmeExample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)<!-- example: granska.yaml -->\\s*```yaml\n(.*?)```").FindSubmatch(b)
	if m == nil {
		t.Fatal("README: no yaml block after <!-- example: granska.yaml -->")
	}
	return m[1]
}
