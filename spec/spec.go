package spec

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// document is the embedded openapi.yaml; it is never written (Bytes hands out
// copies).
//
//go:embed openapi.yaml
var document []byte

// load is the only package-level state: the parsed document, built once and
// never changed afterwards.
var load = sync.OnceValues(func() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromData(document)
	if err != nil {
		return nil, fmt.Errorf("spec: load openapi.yaml: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("spec: validate openapi.yaml: %w", err)
	}
	return doc, nil
})

// Bytes returns a copy of the embedded OpenAPI document (YAML).
func Bytes() []byte {
	return bytes.Clone(document)
}

// Load returns the embedded document, loaded without external references and
// validated by kin-openapi. It is built on the first call and shared by all
// callers, which must not modify it (concurrent reads, including schema
// validation with VisitJSON, are safe).
func Load() (*openapi3.T, error) {
	return load()
}

// Schema returns components/schemas[name] of the document, such as
// "InitDBInstancesRequest", "InitDBInstancesResponse" or "ErrorResponse".
// The schema is shared and must not be modified.
func Schema(name string) (*openapi3.Schema, error) {
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	ref, ok := doc.Components.Schemas[name]
	if !ok || ref == nil || ref.Value == nil {
		return nil, fmt.Errorf("spec: no schema %q in components/schemas", name)
	}
	return ref.Value, nil
}

// Tables of x-tc-error-codes.
const (
	// TableAction is the error-code table of the InitDBInstances page.
	TableAction = "action"
	// TableSDK holds the codes the official Go SDK lists for the action
	// beyond the page's table.
	TableSDK = "sdk"
	// TableCommon is the table of common error codes of API 3.0.
	TableCommon = "common"
)

// ErrorCode is one entry of the document's x-tc-error-codes.
type ErrorCode struct {
	// Code is the error code, such as "AuthFailure.SignatureFailure".
	Code string `json:"code"`
	// Tables names the tables that list the code: TableAction, TableSDK,
	// TableCommon.
	Tables []string `json:"tables"`
	// Description is the table's English description of the code.
	Description string `json:"description"`
	// Rules are the ids of the CONTRACT rules that name this code, as their
	// preferred code or as an accepted one.
	Rules []string `json:"rules"`
	// PreferredFor is the subset of Rules for which this is the preferred
	// (SHOULD) code, or the only code the rule names.
	PreferredFor []string `json:"preferred_for"`
	// ServerSide is true when no rule names the code: a well-formed request
	// to a healthy server does not provoke it, and the emulator answers it
	// only under fault injection.
	ServerSide bool `json:"server_side"`
}

// ErrorCodes returns x-tc-error-codes: every documented error code, in the
// document's order (the action's table, the SDK's codes, the common table).
// Each call returns a fresh slice that the caller may modify.
func ErrorCodes() ([]ErrorCode, error) {
	var codes []ErrorCode
	if err := decodeExtension("x-tc-error-codes", &codes); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(codes))
	var errs []error
	for _, c := range codes {
		if c.Code == "" {
			errs = append(errs, errors.New("spec: x-tc-error-codes: an entry has no code"))
			continue
		}
		if seen[c.Code] {
			errs = append(errs, fmt.Errorf("spec: x-tc-error-codes: %s listed twice", c.Code))
		}
		seen[c.Code] = true
		if len(c.Tables) == 0 {
			errs = append(errs, fmt.Errorf("spec: x-tc-error-codes: %s: no table", c.Code))
		}
		for _, t := range c.Tables {
			if t != TableAction && t != TableSDK && t != TableCommon {
				errs = append(errs, fmt.Errorf("spec: x-tc-error-codes: %s: unknown table %q", c.Code, t))
			}
		}
		for _, id := range c.PreferredFor {
			if !slices.Contains(c.Rules, id) {
				errs = append(errs, fmt.Errorf("spec: x-tc-error-codes: %s: preferred_for %s is not among its rules", c.Code, id))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return codes, nil
}

// Rule levels of x-tc-rules.
const (
	LevelMust   = "MUST"
	LevelShould = "SHOULD"
)

// Rule is one entry of the document's top-level x-tc-rules: a rule of
// CONTRACT.md.
type Rule struct {
	// ID is the rule's id, such as "PARAM-NAME-1".
	ID string `json:"-"`
	// Level is LevelMust or LevelShould: the level of the rule's strongest
	// part when it has a SHOULD and a MUST part.
	Level string `json:"level"`
	// Section is the CONTRACT section, such as "4" or "2.1".
	Section string `json:"section"`
	// Summary is the rule in one line.
	Summary string `json:"summary"`
	// AlsoAccepts lists code families that the rule accepts beyond the codes
	// that name it in x-tc-error-codes: "X.*" is X itself or any code
	// beginning "X."; "*" is any error envelope.
	AlsoAccepts []string `json:"also_accepts,omitempty"`
}

// Rules returns x-tc-rules keyed by rule id. Each call returns a fresh map.
func Rules() (map[string]Rule, error) {
	var rules map[string]Rule
	if err := decodeExtension("x-tc-rules", &rules); err != nil {
		return nil, err
	}
	var errs []error
	for id, r := range rules {
		r.ID = id
		rules[id] = r
		if r.Level != LevelMust && r.Level != LevelShould {
			errs = append(errs, fmt.Errorf("spec: x-tc-rules: %s: level %q is neither MUST nor SHOULD", id, r.Level))
		}
		if r.Section == "" || r.Summary == "" {
			errs = append(errs, fmt.Errorf("spec: x-tc-rules: %s: section or summary missing", id))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return rules, nil
}

// Action is one entry of x-tc-actions: an action the emulator serves and the
// names of its schemas under components/schemas.
type Action struct {
	Name     string
	Request  string // such as "InitDBInstancesRequest"
	Response string // the success envelope, such as "InitDBInstancesResponse"
}

// Actions returns x-tc-actions keyed by action name: InitDBInstances and the
// helper actions CreateDBInstances and DescribeDBInstances. Every schema
// named exists in components/schemas.
func Actions() (map[string]Action, error) {
	type ref struct {
		Ref string `json:"$ref"`
	}
	var raw map[string]struct {
		Request  ref `json:"request"`
		Response ref `json:"response"`
	}
	if err := decodeExtension("x-tc-actions", &raw); err != nil {
		return nil, err
	}
	doc, err := Load()
	if err != nil {
		return nil, err
	}
	const prefix = "#/components/schemas/"
	actions := make(map[string]Action, len(raw))
	var errs []error
	for name, a := range raw {
		var schemas [2]string
		for i, r := range []string{a.Request.Ref, a.Response.Ref} {
			schema, ok := strings.CutPrefix(r, prefix)
			if !ok {
				errs = append(errs, fmt.Errorf("spec: x-tc-actions: %s: $ref %q is not under %s", name, r, prefix))
				continue
			}
			if _, ok := doc.Components.Schemas[schema]; !ok {
				errs = append(errs, fmt.Errorf("spec: x-tc-actions: %s: no schema %q", name, schema))
			}
			schemas[i] = schema
		}
		actions[name] = Action{Name: name, Request: schemas[0], Response: schemas[1]}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return actions, nil
}

// RulesOf returns the ids of the rules that a schema validation error
// breaks, sorted and without repeats, as the failing schemas'
// x-tc-keyword-rules name them. err is what (*openapi3.Schema).VisitJSON
// returned for a schema of this document; failures nested in allOf, anyOf,
// oneOf and MultiError are all looked at, and only the innermost failing
// schemas count. A value whose JSON type the failing schema does not allow
// is attributed to that schema's "type" rule whichever keyword kin-openapi
// reported (it checks enum, not and allOf before type). A failure that names
// no rule contributes nothing, so an empty result means the error cannot be
// attributed.
func RulesOf(err error) []string {
	var ids []string
	for _, se := range leafSchemaErrors(err) {
		field := se.SchemaField
		if wrongType(se.Schema, se.Value) {
			field = "type"
		}
		if id := keywordRule(se.Schema, field); id != "" {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// keywordRule maps a failing keyword to its rule. kin-openapi reports a
// property that additionalProperties: false refuses under "properties", and
// a JSON null against a non-nullable schema under "nullable".
func keywordRule(s *openapi3.Schema, field string) string {
	if s == nil {
		return ""
	}
	m, _ := s.Extensions["x-tc-keyword-rules"].(map[string]any)
	switch field {
	case "properties":
		field = "additionalProperties"
	case "nullable":
		field = "type"
	}
	id, _ := m[field].(string)
	return id
}

// wrongType reports whether s states a type and value, as encoding/json
// decodes it, is not of that type.
func wrongType(s *openapi3.Schema, value any) bool {
	if s == nil || s.Type == nil || len(*s.Type) == 0 {
		return false
	}
	var got []string
	switch v := value.(type) {
	case nil:
		return !s.Nullable && !s.Type.Includes(openapi3.TypeNull)
	case bool:
		got = []string{openapi3.TypeBoolean}
	case string:
		got = []string{openapi3.TypeString}
	case []any:
		got = []string{openapi3.TypeArray}
	case map[string]any:
		got = []string{openapi3.TypeObject}
	case float64:
		got = []string{openapi3.TypeNumber}
		if v == math.Trunc(v) {
			got = append(got, openapi3.TypeInteger)
		}
	case json.Number:
		got = []string{openapi3.TypeNumber}
		if _, err := v.Int64(); err == nil {
			got = append(got, openapi3.TypeInteger)
		}
	default:
		return false // not a decoded JSON value: make no claim
	}
	return !slices.ContainsFunc(got, s.Type.Includes)
}

// leafSchemaErrors returns the schema errors in err's tree that have no
// schema error beneath them.
func leafSchemaErrors(err error) []*openapi3.SchemaError {
	var leaves []*openapi3.SchemaError
	var walk func(error) bool // reports whether a schema error was found
	walk = func(err error) bool {
		switch e := err.(type) {
		case nil:
			return false
		case *openapi3.SchemaError:
			if !walk(e.Origin) {
				leaves = append(leaves, e)
			}
			return true
		case openapi3.MultiError:
			found := false
			for _, inner := range e {
				found = walk(inner) || found
			}
			return found
		case interface{ Unwrap() []error }:
			found := false
			for _, inner := range e.Unwrap() {
				found = walk(inner) || found
			}
			return found
		default:
			return walk(errors.Unwrap(err))
		}
	}
	walk(err)
	return leaves
}

// decodeExtension decodes the top-level extension name into v through JSON:
// kin-openapi keeps extensions as generic maps and slices.
func decodeExtension(name string, v any) error {
	doc, err := Load()
	if err != nil {
		return err
	}
	raw, ok := doc.Extensions[name]
	if !ok {
		return fmt.Errorf("spec: no %s extension", name)
	}
	b, err := json.Marshal(raw)
	if err != nil {
		return fmt.Errorf("spec: encode %s: %w", name, err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("spec: decode %s: %w", name, err)
	}
	return nil
}
