package ariaspec

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestSource(t *testing.T) {
	if s := Source(); !strings.HasPrefix(s, "aria-query@") || len(s) <= len("aria-query@") {
		t.Errorf("Source() = %q, want aria-query@VERSION", s)
	}
}

func mustRole(t *testing.T, name string) Role {
	t.Helper()
	r, ok := LookupRole(name)
	if !ok {
		t.Fatalf("LookupRole(%q) not found", name)
	}
	return r
}

func mustAttr(t *testing.T, name string) Attribute {
	t.Helper()
	a, ok := LookupAttr(name)
	if !ok {
		t.Fatalf("LookupAttr(%q) not found", name)
	}
	return a
}

func TestLookupRole(t *testing.T) {
	b := mustRole(t, "button")
	if b.Abstract || !b.Widget || !b.NameRequired || !b.ChildrenPresentational {
		t.Errorf("button = %+v", b)
	}
	if !reflect.DeepEqual(b.NameFrom, []string{"author", "contents"}) {
		t.Errorf("button NameFrom = %v", b.NameFrom)
	}
	if !reflect.DeepEqual(b.Superclasses, []string{"command"}) {
		t.Errorf("button Superclasses = %v", b.Superclasses)
	}
	if !b.Is("widget") || !b.Is("command") || !b.Is("button") || b.Is("landmark") {
		t.Error("button Is: wrong ancestry")
	}

	if r, ok := LookupRole("  BUTTON\t"); !ok || r.Name != "button" {
		t.Errorf("LookupRole with case and spaces = %v, %v", r.Name, ok)
	}
	for _, name := range []string{"", "foo", "aria-button", "button link"} {
		if _, ok := LookupRole(name); ok {
			t.Errorf("LookupRole(%q) found", name)
		}
	}

	if r := mustRole(t, "roletype"); !r.Abstract || len(r.Ancestors) != 0 {
		t.Errorf("roletype = %+v", r)
	}
	if r := mustRole(t, "checkbox"); !reflect.DeepEqual(r.Required, []string{"aria-checked"}) {
		t.Errorf("checkbox Required = %v", r.Required)
	}
	if r := mustRole(t, "heading"); !reflect.DeepEqual(r.Required, []string{"aria-level"}) || r.Implicit["aria-level"] != "2" {
		t.Errorf("heading Required = %v, Implicit = %v", r.Required, r.Implicit)
	}
	if r := mustRole(t, "combobox"); !reflect.DeepEqual(r.Required, []string{"aria-controls", "aria-expanded"}) {
		t.Errorf("combobox Required = %v", r.Required)
	}
	if r := mustRole(t, "generic"); !reflect.DeepEqual(r.Prohibited, []string{"aria-label", "aria-labelledby"}) ||
		!reflect.DeepEqual(r.NameFrom, []string{"prohibited"}) {
		t.Errorf("generic Prohibited = %v, NameFrom = %v", r.Prohibited, r.NameFrom)
	}
	if r := mustRole(t, "listitem"); !reflect.DeepEqual(r.RequiredContext, []string{"directory", "list"}) {
		t.Errorf("listitem RequiredContext = %v", r.RequiredContext)
	}
	if r := mustRole(t, "list"); !reflect.DeepEqual(r.RequiredOwned, []string{"listitem"}) {
		t.Errorf("list RequiredOwned = %v", r.RequiredOwned)
	}
	if r := mustRole(t, "listbox"); !reflect.DeepEqual(r.RequiredOwned, []string{"group > option", "option"}) {
		t.Errorf("listbox RequiredOwned = %v", r.RequiredOwned)
	}
	if r := mustRole(t, "banner"); !r.Is("landmark") || r.Widget {
		t.Errorf("banner: landmark %v widget %v", r.Is("landmark"), r.Widget)
	}
	if r := mustRole(t, "separator"); r.Widget {
		t.Error("separator is a widget; the package doc says the taxonomy makes it structure")
	}
	for _, name := range []string{"directory", "doc-biblioentry", "doc-endnote"} {
		if !mustRole(t, name).Deprecated {
			t.Errorf("%s not deprecated", name)
		}
	}
	if mustRole(t, "list").Deprecated {
		t.Error("list deprecated")
	}
	if r := mustRole(t, "mark"); r.Draft != "1.3" {
		t.Errorf("mark Draft = %q", r.Draft)
	}
	if r := mustRole(t, "doc-toc"); r.Module != "dpub-aria" || !r.Is("navigation") {
		t.Errorf("doc-toc = %+v", r)
	}
	if r := mustRole(t, "graphics-symbol"); r.Module != "graphics-aria" {
		t.Errorf("graphics-symbol Module = %q", r.Module)
	}
}

// none is empty in aria-query; the generator copies presentation.
func TestNoneIsPresentation(t *testing.T) {
	none, pres := mustRole(t, "none"), mustRole(t, "presentation")
	none.Name = pres.Name
	if !reflect.DeepEqual(none, pres) {
		t.Errorf("none = %+v\npresentation = %+v", none, pres)
	}
	if !pres.Is("structure") || Allowed("none", "aria-label") || !Allowed("none", "aria-hidden") {
		t.Error("none/presentation: wrong ancestry or attributes")
	}
}

// The table is internally consistent: every name a role refers to is defined,
// required attributes are supported, and supported ones are not prohibited.
func TestRoleInvariants(t *testing.T) {
	all := Roles()
	if len(all) < 80 {
		t.Fatalf("only %d roles", len(all))
	}
	if !slices.IsSortedFunc(all, func(a, b Role) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Roles() not sorted by name")
	}
	isRole := func(n string) bool { _, ok := LookupRole(n); return ok }
	isAttr := func(n string) bool { _, ok := LookupAttr(n); return ok }
	for _, r := range all {
		for _, lists := range [][]string{r.Required, r.Supported, r.Prohibited} {
			for _, a := range lists {
				if !isAttr(a) {
					t.Errorf("role %s names undefined attribute %q", r.Name, a)
				}
			}
		}
		for a := range r.Implicit {
			if !isAttr(a) {
				t.Errorf("role %s: implicit value for undefined attribute %q", r.Name, a)
			}
		}
		for _, a := range r.Required {
			if !slices.Contains(r.Supported, a) {
				t.Errorf("role %s requires %s but does not support it", r.Name, a)
			}
			if !r.Abstract && !Allowed(r.Name, a) {
				t.Errorf("Allowed(%s, %s) = false for a required attribute", r.Name, a)
			}
		}
		for _, a := range r.Prohibited {
			if slices.Contains(r.Supported, a) || Allowed(r.Name, a) {
				t.Errorf("role %s both supports and prohibits %s", r.Name, a)
			}
		}
		for _, n := range slices.Concat(r.Superclasses, r.Ancestors, r.RequiredContext) {
			if !isRole(n) {
				t.Errorf("role %s names undefined role %q", r.Name, n)
			}
		}
		for _, chain := range r.RequiredOwned {
			for _, n := range strings.Split(chain, " > ") {
				if !isRole(n) {
					t.Errorf("role %s: required owned %q names undefined role %q", r.Name, chain, n)
				}
			}
		}
		for _, s := range r.Superclasses {
			if !slices.Contains(r.Ancestors, s) {
				t.Errorf("role %s: superclass %s not among ancestors", r.Name, s)
			}
		}
		if r.Name != "roletype" && !slices.Contains(r.Ancestors, "roletype") {
			t.Errorf("role %s does not descend from roletype: %v", r.Name, r.Ancestors)
		}
		if r.Widget != r.Is("widget") {
			t.Errorf("role %s: Widget %v but Is(widget) %v", r.Name, r.Widget, r.Is("widget"))
		}
		// A role supports what its superclasses support, unless it
		// prohibits it.
		for _, s := range r.Superclasses {
			sup := mustRole(t, s)
			for _, a := range sup.Supported {
				if !slices.Contains(r.Supported, a) && !slices.Contains(r.Prohibited, a) {
					t.Errorf("role %s drops %s inherited from %s", r.Name, a, s)
				}
			}
		}
		for _, a := range Attributes() {
			if a.Global && !slices.Contains(r.Prohibited, a.Name) && !Allowed(r.Name, a.Name) {
				t.Errorf("global %s not allowed on %s", a.Name, r.Name)
			}
		}
		for _, nf := range r.NameFrom {
			if nf != "author" && nf != "contents" && nf != "prohibited" {
				t.Errorf("role %s: NameFrom %q", r.Name, nf)
			}
		}
	}
}

// The ARIA 1.2 states and properties, from the specification's list.
var aria12Attributes = []string{
	"aria-activedescendant", "aria-atomic", "aria-autocomplete", "aria-busy", "aria-checked",
	"aria-colcount", "aria-colindex", "aria-colspan", "aria-controls", "aria-current",
	"aria-describedby", "aria-details", "aria-disabled", "aria-dropeffect", "aria-errormessage",
	"aria-expanded", "aria-flowto", "aria-grabbed", "aria-haspopup", "aria-hidden",
	"aria-invalid", "aria-keyshortcuts", "aria-label", "aria-labelledby", "aria-level",
	"aria-live", "aria-modal", "aria-multiline", "aria-multiselectable", "aria-orientation",
	"aria-owns", "aria-placeholder", "aria-posinset", "aria-pressed", "aria-readonly",
	"aria-relevant", "aria-required", "aria-roledescription", "aria-rowcount", "aria-rowindex",
	"aria-rowspan", "aria-selected", "aria-setsize", "aria-sort", "aria-valuemax",
	"aria-valuemin", "aria-valuenow", "aria-valuetext",
}

func TestAttributes(t *testing.T) {
	for _, n := range aria12Attributes {
		if a := mustAttr(t, n); a.Draft != "" {
			t.Errorf("%s: Draft %q, want ARIA 1.2", n, a.Draft)
		}
	}
	for _, a := range Attributes() {
		if a.Draft == "" && !slices.Contains(aria12Attributes, a.Name) {
			t.Errorf("%s is not an ARIA 1.2 attribute but has no Draft", a.Name)
		}
		if (a.Type == Token || a.Type == TokenList) != (len(a.Values) > 0) {
			t.Errorf("%s: type %s with values %v", a.Name, a.Type, a.Values)
		}
		for _, v := range a.Values {
			if v != strings.ToLower(v) || !ValidValue(a.Name, v) {
				t.Errorf("%s: value %q not lower case or not valid", a.Name, v)
			}
		}
	}

	types := map[string]ValueType{
		"aria-busy": TrueFalse, "aria-modal": TrueFalse,
		"aria-expanded": TrueFalseUndefined, "aria-hidden": TrueFalseUndefined, "aria-selected": TrueFalseUndefined,
		"aria-checked": Tristate, "aria-pressed": Tristate,
		"aria-activedescendant": IDReference, "aria-errormessage": IDReference, "aria-details": IDReferenceList,
		"aria-colindextext": String, "aria-rowindextext": String,
		"aria-controls": IDReferenceList, "aria-labelledby": IDReferenceList, "aria-owns": IDReferenceList,
		"aria-level": Integer, "aria-posinset": Integer, "aria-colcount": Integer,
		"aria-valuenow": Number, "aria-valuemin": Number,
		"aria-label": String, "aria-valuetext": String, "aria-keyshortcuts": String,
		"aria-live": Token, "aria-current": Token, "aria-invalid": Token, "aria-haspopup": Token, "aria-orientation": Token,
		"aria-relevant": TokenList, "aria-dropeffect": TokenList,
	}
	for n, want := range types {
		if got := mustAttr(t, n).Type; got != want {
			t.Errorf("%s: type %q, want %q", n, got, want)
		}
	}
	if v := mustAttr(t, "aria-live").Values; !reflect.DeepEqual(v, []string{"assertive", "off", "polite"}) {
		t.Errorf("aria-live values = %v", v)
	}
	if v := mustAttr(t, "aria-current").Values; !reflect.DeepEqual(v, []string{"date", "false", "location", "page", "step", "time", "true"}) {
		t.Errorf("aria-current values = %v", v)
	}

	var deprecated, globalDep []string
	for _, a := range Attributes() {
		if a.Deprecated {
			deprecated = append(deprecated, a.Name)
		}
		if a.GlobalUseDeprecated {
			globalDep = append(globalDep, a.Name)
			if a.Global {
				t.Errorf("%s: global use deprecated but Global", a.Name)
			}
		}
	}
	if !reflect.DeepEqual(deprecated, []string{"aria-dropeffect", "aria-grabbed"}) {
		t.Errorf("deprecated = %v", deprecated)
	}
	if !reflect.DeepEqual(globalDep, []string{"aria-disabled", "aria-errormessage", "aria-haspopup", "aria-invalid"}) {
		t.Errorf("global use deprecated = %v", globalDep)
	}
	if _, ok := LookupAttr("aria-foo"); ok {
		t.Error("aria-foo found")
	}
	if a, ok := LookupAttr(" ARIA-Label "); !ok || a.Name != "aria-label" {
		t.Errorf("LookupAttr case-insensitive: %v %v", a.Name, ok)
	}
}

func TestIsGlobal(t *testing.T) {
	for attr, want := range map[string]bool{
		"aria-label": true, "aria-labelledby": true, "aria-describedby": true, "aria-hidden": true,
		"aria-live": true, "aria-owns": true, "aria-roledescription": true, "aria-dropeffect": true,
		"aria-description": true, // ARIA 1.3 draft, global there
		"aria-disabled":    false, "aria-invalid": false, "aria-haspopup": false, "aria-errormessage": false,
		"aria-checked": false, "aria-level": false, "aria-foo": false, "": false,
	} {
		if got := IsGlobal(attr); got != want {
			t.Errorf("IsGlobal(%q) = %v, want %v", attr, got, want)
		}
	}
}

func TestAllowed(t *testing.T) {
	cases := []struct {
		role, attr string
		want       bool
	}{
		{"button", "aria-pressed", true},
		{"button", "aria-expanded", true},
		{"button", "aria-disabled", true},
		{"button", "aria-label", true},
		{"button", "aria-checked", false},
		{"checkbox", "aria-checked", true},
		{"link", "aria-checked", false},
		{"menuitemradio", "aria-checked", true},  // required, via checkbox
		{"menuitemradio", "aria-posinset", true}, // inherited through menuitem
		{"slider", "aria-valuenow", true},
		{"slider", "aria-orientation", true},
		{"heading", "aria-level", true},
		{"heading", "aria-invalid", false}, // global use deprecated in ARIA 1.2
		{"textbox", "aria-invalid", true},
		{"generic", "aria-label", false}, // prohibited although global
		{"generic", "aria-hidden", true},
		{"paragraph", "aria-labelledby", false},
		{"", "aria-label", true}, // no role: globals only
		{"", "aria-pressed", false},
		{"foo", "aria-hidden", true}, // unknown role: ignored, globals only
		{"foo", "aria-checked", false},
		{"range", "aria-valuenow", false}, // abstract: as if no role
		{"range", "aria-hidden", true},
		{"BUTTON", "ARIA-PRESSED", true},
		{"button", "aria-foo", false},
		{"", "", false},
	}
	for _, c := range cases {
		if got := Allowed(c.role, c.attr); got != c.want {
			t.Errorf("Allowed(%q, %q) = %v, want %v", c.role, c.attr, got, c.want)
		}
	}
}

// Cases derived from the ARIA 1.2 value types and the HTML microsyntaxes its
// value-type mapping points to (enumerated keywords, valid integer, valid
// floating-point number, space-separated tokens).
func TestValidValue(t *testing.T) {
	cases := []struct {
		attr, value string
		want        bool
	}{
		// Empty or whitespace-only values mean "absent" for every type.
		{"aria-hidden", "", true},
		{"aria-level", "   ", true},
		{"aria-relevant", "\t\n", true},

		// true/false
		{"aria-busy", "true", true},
		{"aria-busy", "false", true},
		{"aria-busy", "TRUE", true},
		{"aria-busy", "False", true},
		{"aria-busy", " true ", true},
		{"aria-busy", "undefined", false},
		{"aria-busy", "mixed", false},
		{"aria-busy", "yes", false},
		{"aria-busy", "1", false},
		{"aria-busy", "true false", false},
		{"aria-busy", "falſe", false}, // long s: not an ASCII case-insensitive match

		// true/false/undefined
		{"aria-hidden", "true", true},
		{"aria-hidden", "undefined", true},
		{"aria-expanded", "Undefined", true},
		{"aria-expanded", "mixed", false},
		{"aria-hidden", "rtue", false},

		// tristate
		{"aria-checked", "mixed", true},
		{"aria-checked", "MIXED", true},
		{"aria-checked", "undefined", true},
		{"aria-pressed", "false", true},
		{"aria-checked", "partial", false},
		{"aria-pressed", "on", false},

		// token
		{"aria-live", "polite", true},
		{"aria-live", "Assertive", true},
		{"aria-live", "rude", false},
		{"aria-live", "polite off", false},
		{"aria-current", "page", true},
		{"aria-current", "true", true},
		{"aria-current", "section", false},
		{"aria-invalid", "spelling", true},
		{"aria-haspopup", "dialog", true},
		{"aria-haspopup", "popup", false},
		{"aria-orientation", "undefined", true},
		{"aria-autocomplete", "both", true},
		{"aria-sort", "other", true},

		// token list
		{"aria-relevant", "additions text", true},
		{"aria-relevant", "additions\ttext\nremovals", true},
		{"aria-relevant", "all", true},
		{"aria-relevant", "ADDITIONS", true},
		{"aria-relevant", "additions removed", false},
		{"aria-relevant", "additions,text", false},
		{"aria-dropeffect", "copy move", true},

		// ID reference
		{"aria-activedescendant", "opt1", true},
		{"aria-activedescendant", " opt1 ", true},
		{"aria-activedescendant", "opt1 opt2", false},
		{"aria-errormessage", "err-1", true},

		// ID reference list
		{"aria-labelledby", "a", true},
		{"aria-labelledby", "a b  c", true},
		{"aria-describedby", "a\nb", true},

		// integer
		{"aria-level", "1", true},
		{"aria-level", "10", true},
		{"aria-colcount", "-1", true},
		{"aria-level", "+1", false},
		{"aria-level", "1.0", false},
		{"aria-level", "1e2", false},
		{"aria-level", "one", false},
		{"aria-level", "1 2", false},
		{"aria-level", "٣", false}, // not an ASCII digit

		// number
		{"aria-valuenow", "0", true},
		{"aria-valuenow", "-3.5", true},
		{"aria-valuenow", ".5", true},
		{"aria-valuenow", "1e3", true},
		{"aria-valuenow", "1.5E-2", true},
		{"aria-valuenow", "2e+10", true},
		{"aria-valuenow", "1.", false},
		{"aria-valuenow", "+1", false},
		{"aria-valuenow", "0x10", false},
		{"aria-valuenow", "1e", false},
		{"aria-valuenow", "NaN", false},
		{"aria-valuenow", "Infinity", false},
		{"aria-valuenow", "1,5", false},
		{"aria-valuenow", "--1", false},

		// string
		{"aria-label", "Anything at all", true},
		{"aria-valuetext", "small", true},

		// unknown attribute; attribute names match case-insensitively
		{"aria-foo", "true", false},
		{"ARIA-HIDDEN", "true", true},
	}
	for _, c := range cases {
		if got := ValidValue(c.attr, c.value); got != c.want {
			t.Errorf("ValidValue(%q, %q) = %v, want %v", c.attr, c.value, got, c.want)
		}
	}
}

func TestElementRoles(t *testing.T) {
	hasRole := func(element, role string) bool {
		for _, e := range ElementRoles(element) {
			if e.Element != element {
				t.Errorf("ElementRoles(%q) returned a %q row", element, e.Element)
			}
			if slices.Contains(e.Roles, role) {
				return true
			}
		}
		return false
	}
	for el, role := range map[string]string{
		"h1": "heading", "nav": "navigation", "main": "main", "button": "button",
		"ul": "list", "table": "table", "textarea": "textbox", "input": "checkbox",
	} {
		if !hasRole(el, role) {
			t.Errorf("no %s row for <%s>", role, el)
		}
	}
	var checkbox bool
	for _, e := range ElementRoles("INPUT") {
		for _, a := range e.Attributes {
			if a.Name == "type" && a.Value == "checkbox" && slices.Equal(e.Roles, []string{"checkbox"}) {
				checkbox = true
			}
		}
	}
	if !checkbox {
		t.Error(`no <input type="checkbox"> row`)
	}
	if got := ElementRoles("blink"); got != nil {
		t.Errorf("ElementRoles(blink) = %v", got)
	}
	for _, e := range ElementRoles("img") {
		for _, r := range e.Roles {
			if _, ok := LookupRole(r); !ok {
				t.Errorf("<img> row names undefined role %q", r)
			}
		}
	}
}

// Callers get copies: changing one does not change the table.
func TestCopies(t *testing.T) {
	r := mustRole(t, "heading")
	r.Supported[0] = "changed"
	r.Implicit["aria-level"] = "9"
	r2 := mustRole(t, "heading")
	if r2.Supported[0] == "changed" || r2.Implicit["aria-level"] != "2" {
		t.Error("LookupRole returned shared slices or maps")
	}
	a := mustAttr(t, "aria-live")
	a.Values[0] = "changed"
	if mustAttr(t, "aria-live").Values[0] == "changed" {
		t.Error("LookupAttr returned a shared slice")
	}
	e := ElementRoles("input")
	e[0].Roles[0] = "changed"
	if ElementRoles("input")[0].Roles[0] == "changed" {
		t.Error("ElementRoles returned shared slices")
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	defer func() {
		// Restore the embedded tables for other tests.
		if err := load(rawData); err != nil {
			t.Fatal(err)
		}
	}()
	for name, data := range map[string]string{
		"not json":       `{`,
		"no header":      `{"roles":[],"attributes":[]}`,
		"unknown type":   `{"source":{"package":"p","version":"1"},"attributes":[{"name":"aria-x","type":"bool"}]}`,
		"token, no vals": `{"source":{"package":"p","version":"1"},"attributes":[{"name":"aria-x","type":"token"}]}`,
		"unsorted roles": `{"source":{"package":"p","version":"1"},"roles":[{"name":"b"},{"name":"a"}]}`,
		"unsorted lists": `{"source":{"package":"p","version":"1"},"roles":[{"name":"a","supported":["z","a"]}]}`,
	} {
		if err := load([]byte(data)); err == nil {
			t.Errorf("%s: load accepted it", name)
		}
	}
}
