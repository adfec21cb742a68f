// Package ariaspec holds the WAI-ARIA 1.2 role and attribute tables that the
// ARIA rules check pages against: which roles exist, what each role requires,
// supports and prohibits, which attributes are global, and what value each
// attribute takes.
//
// The tables are generated from the npm package aria-query (the version is in
// the header of aria.json, see [Source]); `go generate` regenerates them with
// gen/gen.sh. aria-query also carries the DPUB-ARIA (doc-*) and Graphics-ARIA
// (graphics-*) roles, and a few roles and attributes from the ARIA 1.3 draft;
// those are kept and marked (Role.Module, Role.Draft, Attribute.Draft).
//
// What the tables do not say, because aria-query does not carry it:
//   - Deprecation. The generator adds it from the specifications, as listed in
//     aria.json's "overrides": the directory role (ARIA 1.2), doc-biblioentry
//     and doc-endnote (DPUB-ARIA 1.1), aria-dropeffect and aria-grabbed
//     (deprecated since ARIA 1.1), and the global use of aria-disabled,
//     aria-errormessage, aria-haspopup and aria-invalid (ARIA 1.2).
//   - The role none: aria-query leaves it empty; ARIA 1.2 makes it a synonym
//     of presentation, and the generator copies presentation's row.
//   - Limits beyond the value type: aria-level, aria-posinset, aria-colindex
//     and the like must be at least 1, aria-posinset at most aria-setsize,
//     aria-valuenow within aria-valuemin..aria-valuemax. [ValidValue] checks
//     the value type only.
//   - The ARIA 1.3 draft's additions that aria-query 5.3.2 lacks: the
//     attributes aria-colindextext and aria-rowindextext (on cell and row and
//     their subclasses), aria-details as an ID reference list, and the roles
//     image (a synonym of img), comment and suggestion. The generator adds
//     them, marked Draft "1.3", so pages written to ARIA 1.3 are not reported
//     for using them.
//   - Attribute defaults and the state/property distinction.
//   - Which roles an HTML element may take (ARIA in HTML) and when a separator
//     is a widget (ARIA 1.2: when it is focusable; Role.Widget follows the
//     taxonomy only, so separator is not a widget here).
//   - The accessible name itself: rules read the name Chrome computes.
//
// [ElementRoles] lists the implicit roles aria-query gives common HTML
// elements. Many rows carry conditions in words ("scoped to the body
// element") that the table does not evaluate; for a real element prefer the
// role in the accessibility tree captured with the page.
//
// Names are matched after trimming ASCII whitespace and lower-casing ASCII
// letters, as HTML does for attribute names and browsers do for role tokens.
// Every function returns copies; callers may modify what they get.
package ariaspec

//go:generate sh gen/gen.sh

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
)

//go:embed aria.json
var rawData []byte

// ValueType is an ARIA 1.2 attribute value type, named as the specification
// names it.
type ValueType string

// The ARIA 1.2 value types.
const (
	TrueFalse          ValueType = "true/false"
	TrueFalseUndefined ValueType = "true/false/undefined"
	Tristate           ValueType = "tristate"
	IDReference        ValueType = "ID reference"
	IDReferenceList    ValueType = "ID reference list"
	Integer            ValueType = "integer"
	Number             ValueType = "number"
	String             ValueType = "string"
	Token              ValueType = "token"
	TokenList          ValueType = "token list"
)

// Role is one role of the WAI-ARIA taxonomy.
type Role struct {
	Name string
	// Module is "aria", "dpub-aria" (doc-* roles) or "graphics-aria"
	// (graphics-* roles).
	Module string
	// Draft is "1.3" for a role from the ARIA 1.3 working draft (mark), ""
	// for a role of a published Recommendation.
	Draft string
	// Abstract roles are taxonomy only; authors must not use them.
	Abstract   bool
	Deprecated bool
	// Superclasses are the direct superclass roles; Ancestors are all of
	// them up to roletype. Both sorted.
	Superclasses []string
	Ancestors    []string
	// RequiredContext lists the roles one of which must own this role
	// (ARIA "required context role").
	RequiredContext []string
	// RequiredOwned lists the required owned elements; an entry
	// "group > option" means an option owned through a group.
	RequiredOwned []string
	// Required lists the states and properties the role requires.
	Required []string
	// Supported lists every state and property the role supports: its own,
	// inherited, ARIA 1.2 global and required ones, less the prohibited
	// ones. Use [Allowed] to include the ARIA 1.3 draft globals.
	Supported []string
	// Prohibited lists the states and properties authors must not use on
	// the role, global ones included (aria-label on generic).
	Prohibited []string
	// Implicit maps a state or property to the value the role implies when
	// it is absent (heading: aria-level "2").
	Implicit map[string]string
	// NameFrom holds "author", "contents" and/or "prohibited".
	NameFrom []string
	// NameRequired says the role must have an accessible name.
	NameRequired           bool
	ChildrenPresentational bool
	// Widget says the role descends from widget in the taxonomy (an
	// interactive role, progressbar included).
	Widget bool
}

// Is reports whether r is the role name or descends from it:
// LookupRole("banner") Is "landmark".
func (r Role) Is(name string) bool {
	name = normalize(name)
	if r.Name == name {
		return true
	}
	return contains(r.Ancestors, name)
}

// Attribute is one ARIA state or property.
type Attribute struct {
	Name string
	Type ValueType
	// Values are the allowed tokens, lower case and sorted, for Token and
	// TokenList types; nil for other types.
	Values []string
	// Global attributes are supported on every role unless the role
	// prohibits them. The ARIA 1.3 draft attributes are global, as that
	// draft defines them.
	Global bool
	// GlobalUseDeprecated marks aria-disabled, aria-errormessage,
	// aria-haspopup and aria-invalid: global in ARIA 1.1, deprecated on
	// roles that do not list them in ARIA 1.2. They are not Global here.
	GlobalUseDeprecated bool
	// Deprecated marks attributes authors should no longer use
	// (aria-dropeffect, aria-grabbed).
	Deprecated bool
	// Draft is "1.3" for an attribute from the ARIA 1.3 working draft, ""
	// for an ARIA 1.2 attribute.
	Draft string
}

// ElementRole is one row of aria-query's HTML element to implicit role map.
type ElementRole struct {
	Element string
	// Attributes the element must carry for the row to apply.
	Attributes []ElementAttr
	// Constraints are conditions in words, not evaluated here.
	Constraints []string
	Roles       []string
}

// ElementAttr is an attribute condition of an [ElementRole] row: the
// attribute has Value when Value is not empty, and meets each constraint
// ("set": present, "undefined": absent, ">1": a number above 1).
type ElementAttr struct {
	Name        string
	Value       string
	Constraints []string
}

type dataFile struct {
	Source struct {
		Package string `json:"package"`
		Version string `json:"version"`
	} `json:"source"`
	Roles []struct {
		Name                   string            `json:"name"`
		Module                 string            `json:"module"`
		Draft                  string            `json:"draft"`
		Abstract               bool              `json:"abstract"`
		Deprecated             bool              `json:"deprecated"`
		Superclasses           []string          `json:"superclasses"`
		Ancestors              []string          `json:"ancestors"`
		RequiredContext        []string          `json:"required_context"`
		RequiredOwned          []string          `json:"required_owned"`
		Required               []string          `json:"required"`
		Supported              []string          `json:"supported"`
		Prohibited             []string          `json:"prohibited"`
		Implicit               map[string]string `json:"implicit"`
		NameFrom               []string          `json:"name_from"`
		NameRequired           bool              `json:"name_required"`
		ChildrenPresentational bool              `json:"children_presentational"`
		Widget                 bool              `json:"widget"`
	} `json:"roles"`
	Attributes []struct {
		Name                string   `json:"name"`
		Type                string   `json:"type"`
		Values              []string `json:"values"`
		Global              bool     `json:"global"`
		GlobalUseDeprecated bool     `json:"global_use_deprecated"`
		Deprecated          bool     `json:"deprecated"`
		Draft               string   `json:"draft"`
	} `json:"attributes"`
	ElementRoles []struct {
		Element    string `json:"element"`
		Attributes []struct {
			Name        string   `json:"name"`
			Value       string   `json:"value"`
			Constraints []string `json:"constraints"`
		} `json:"attributes"`
		Constraints []string `json:"constraints"`
		Roles       []string `json:"roles"`
	} `json:"element_roles"`
}

var (
	sourcePackage, sourceVersion string
	roles                        []Role
	roleIndex                    map[string]int
	attrs                        []Attribute
	attrIndex                    map[string]int
	elementRoles                 []ElementRole
)

func init() {
	if err := load(rawData); err != nil {
		panic("ariaspec: embedded aria.json: " + err.Error())
	}
}

func load(b []byte) error {
	var d dataFile
	if err := json.Unmarshal(b, &d); err != nil {
		return err
	}
	if d.Source.Package == "" || d.Source.Version == "" {
		return fmt.Errorf("no source header")
	}
	sourcePackage, sourceVersion = d.Source.Package, d.Source.Version

	roles = make([]Role, 0, len(d.Roles))
	roleIndex = make(map[string]int, len(d.Roles))
	for _, r := range d.Roles {
		if _, dup := roleIndex[r.Name]; dup {
			return fmt.Errorf("role %q twice", r.Name)
		}
		if !slices.IsSorted(r.Ancestors) || !slices.IsSorted(r.Supported) || !slices.IsSorted(r.Prohibited) {
			return fmt.Errorf("role %q: ancestors, supported and prohibited must be sorted", r.Name)
		}
		if len(roles) > 0 && roles[len(roles)-1].Name >= r.Name {
			return fmt.Errorf("roles not sorted by name at %q", r.Name)
		}
		roleIndex[r.Name] = len(roles)
		roles = append(roles, Role{
			Name: r.Name, Module: r.Module, Draft: r.Draft,
			Abstract: r.Abstract, Deprecated: r.Deprecated,
			Superclasses: r.Superclasses, Ancestors: r.Ancestors,
			RequiredContext: r.RequiredContext, RequiredOwned: r.RequiredOwned,
			Required: r.Required, Supported: r.Supported, Prohibited: r.Prohibited,
			Implicit: r.Implicit, NameFrom: r.NameFrom, NameRequired: r.NameRequired,
			ChildrenPresentational: r.ChildrenPresentational, Widget: r.Widget,
		})
	}

	attrs = make([]Attribute, 0, len(d.Attributes))
	attrIndex = make(map[string]int, len(d.Attributes))
	for _, a := range d.Attributes {
		if _, dup := attrIndex[a.Name]; dup {
			return fmt.Errorf("attribute %q twice", a.Name)
		}
		t := ValueType(a.Type)
		switch t {
		case TrueFalse, TrueFalseUndefined, Tristate, IDReference, IDReferenceList,
			Integer, Number, String, Token, TokenList:
		default:
			return fmt.Errorf("attribute %q: unknown value type %q", a.Name, a.Type)
		}
		var values []string
		if t == Token || t == TokenList {
			if len(a.Values) == 0 {
				return fmt.Errorf("attribute %q: %s without values", a.Name, t)
			}
			values = a.Values
		}
		if len(attrs) > 0 && attrs[len(attrs)-1].Name >= a.Name {
			return fmt.Errorf("attributes not sorted by name at %q", a.Name)
		}
		attrIndex[a.Name] = len(attrs)
		attrs = append(attrs, Attribute{
			Name: a.Name, Type: t, Values: values, Global: a.Global,
			GlobalUseDeprecated: a.GlobalUseDeprecated, Deprecated: a.Deprecated, Draft: a.Draft,
		})
	}

	elementRoles = make([]ElementRole, 0, len(d.ElementRoles))
	for _, e := range d.ElementRoles {
		er := ElementRole{Element: e.Element, Constraints: e.Constraints, Roles: e.Roles}
		for _, a := range e.Attributes {
			er.Attributes = append(er.Attributes, ElementAttr{Name: a.Name, Value: a.Value, Constraints: a.Constraints})
		}
		elementRoles = append(elementRoles, er)
	}
	return nil
}

// Source names the package and version the tables were generated from, as
// "aria-query@5.3.2".
func Source() string { return sourcePackage + "@" + sourceVersion }

// LookupRole returns the role with the given name.
func LookupRole(name string) (Role, bool) {
	i, ok := roleIndex[normalize(name)]
	if !ok {
		return Role{}, false
	}
	return roles[i].clone(), true
}

// Roles returns every role, sorted by name.
func Roles() []Role {
	out := make([]Role, len(roles))
	for i, r := range roles {
		out[i] = r.clone()
	}
	return out
}

// LookupAttr returns the state or property with the given name
// ("aria-checked").
func LookupAttr(name string) (Attribute, bool) {
	i, ok := attrIndex[normalize(name)]
	if !ok {
		return Attribute{}, false
	}
	return attrs[i].clone(), true
}

// Attributes returns every state and property, sorted by name.
func Attributes() []Attribute {
	out := make([]Attribute, len(attrs))
	for i, a := range attrs {
		out[i] = a.clone()
	}
	return out
}

// IsGlobal reports whether attr is a global state or property: one every role
// supports unless it prohibits it. It is false for unknown attributes and for
// those whose global use ARIA 1.2 deprecated (Attribute.GlobalUseDeprecated).
func IsGlobal(attr string) bool {
	i, ok := attrIndex[normalize(attr)]
	return ok && attrs[i].Global
}

// Allowed reports whether attr may be used on an element with the given role:
// the attribute is known, not prohibited on the role, and either global or
// supported by the role (inherited support included). For "", an unknown role
// or an abstract one, only global attributes are allowed: ARIA has user
// agents treat such an element as if it had no role.
func Allowed(role, attr string) bool {
	attr = normalize(attr)
	ai, ok := attrIndex[attr]
	if !ok {
		return false
	}
	ri, ok := roleIndex[normalize(role)]
	if !ok || roles[ri].Abstract {
		return attrs[ai].Global
	}
	r := &roles[ri]
	if contains(r.Prohibited, attr) {
		return false
	}
	return attrs[ai].Global || contains(r.Supported, attr)
}

// ElementRoles returns aria-query's implicit-role rows for an HTML element
// name ("input"), in the package's order. Rows are alternatives that depend
// on attributes and context; see [ElementRole].
func ElementRoles(element string) []ElementRole {
	element = normalize(element)
	var out []ElementRole
	for _, e := range elementRoles {
		if e.Element == element {
			out = append(out, e.clone())
		}
	}
	return out
}

// ValidValue reports whether value is a valid value for attr under the ARIA
// 1.2 value type of attr. It is false for unknown attributes.
//
// The rules, from ARIA 1.2 and the HTML column of its value-type mapping:
//   - Leading and trailing ASCII whitespace is ignored, and a value that is
//     then empty is valid for every type: ARIA lets authors write "" for a
//     supported attribute and has user agents treat it as absent. Whether
//     the role requires the attribute is the caller's question.
//   - true/false, true/false/undefined, tristate and token values are HTML
//     enumerated keywords, matched ASCII case-insensitively: "TRUE" is valid.
//     tristate takes true, false, mixed and undefined.
//   - A token list is one or more allowed tokens separated by ASCII
//     whitespace.
//   - An ID reference is one token without whitespace; an ID reference list
//     is one or more tokens separated by ASCII whitespace. Whether the IDs
//     exist in the page is not checked.
//   - integer follows HTML's valid integer (-?[0-9]+), number HTML's valid
//     floating-point number (-?, digits and/or .digits, optional exponent):
//     "+1", "1.", "0x10" and "1e" are not valid.
//   - A string is always valid.
//
// Note that HTML itself does not trim enumerated attribute values, so a
// browser may ignore aria-hidden=" true" that ValidValue accepts; and some
// assistive technologies mishandle values that are not lower case (see ACT
// rule 6a7281, accessibility support).
func ValidValue(attr, value string) bool {
	i, ok := attrIndex[normalize(attr)]
	if !ok {
		return false
	}
	a := &attrs[i]
	v := strings.Trim(value, asciiSpace)
	if v == "" {
		return true
	}
	switch a.Type {
	case String:
		return true
	case TrueFalse:
		return oneOf(v, "true", "false")
	case TrueFalseUndefined:
		return oneOf(v, "true", "false", "undefined")
	case Tristate:
		return oneOf(v, "true", "false", "mixed", "undefined")
	case Token:
		return oneOf(v, a.Values...)
	case TokenList:
		for _, t := range splitSpace(v) {
			if !oneOf(t, a.Values...) {
				return false
			}
		}
		return true
	case IDReference:
		return !strings.ContainsAny(v, asciiSpace)
	case IDReferenceList:
		return len(splitSpace(v)) > 0
	case Integer:
		return integerRE.MatchString(v)
	case Number:
		return numberRE.MatchString(v)
	}
	return false
}

// asciiSpace is HTML's ASCII whitespace: tab, LF, FF, CR and space.
const asciiSpace = "\t\n\f\r "

var (
	integerRE = regexp.MustCompile(`^-?[0-9]+$`)
	numberRE  = regexp.MustCompile(`^-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$`)
)

func splitSpace(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(asciiSpace, r) })
}

// oneOf reports whether v equals one of the lower-case words, ASCII
// case-insensitively. strings.EqualFold would also fold non-ASCII letters
// (the long s "ſ" matches "s"), which HTML keyword matching does not.
func oneOf(v string, words ...string) bool {
	for _, w := range words {
		if asciiEqualFold(v, w) {
			return true
		}
	}
	return false
}

func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if asciiLower(a[i]) != asciiLower(b[i]) {
			return false
		}
	}
	return true
}

func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + ('a' - 'A')
	}
	return c
}

func normalize(s string) string {
	s = strings.Trim(s, asciiSpace)
	b := []byte(s)
	for i, c := range b {
		b[i] = asciiLower(c)
	}
	return string(b)
}

func contains(sorted []string, s string) bool {
	_, ok := slices.BinarySearch(sorted, s)
	return ok
}

func (r Role) clone() Role {
	c := r
	c.Superclasses = slices.Clone(r.Superclasses)
	c.Ancestors = slices.Clone(r.Ancestors)
	c.RequiredContext = slices.Clone(r.RequiredContext)
	c.RequiredOwned = slices.Clone(r.RequiredOwned)
	c.Required = slices.Clone(r.Required)
	c.Supported = slices.Clone(r.Supported)
	c.Prohibited = slices.Clone(r.Prohibited)
	c.NameFrom = slices.Clone(r.NameFrom)
	c.Implicit = maps.Clone(r.Implicit)
	return c
}

func (a Attribute) clone() Attribute {
	c := a
	c.Values = slices.Clone(a.Values)
	return c
}

func (e ElementRole) clone() ElementRole {
	c := e
	c.Constraints = slices.Clone(e.Constraints)
	c.Roles = slices.Clone(e.Roles)
	c.Attributes = slices.Clone(e.Attributes)
	for i := range c.Attributes {
		c.Attributes[i].Constraints = slices.Clone(c.Attributes[i].Constraints)
	}
	return c
}
