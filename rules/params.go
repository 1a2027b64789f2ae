package rules

import (
	"encoding/json"
	"slices"
	"sort"
	"strconv"

	"github.com/tencentdb-kit/initdb-conform/codes"
)

// Kind is the type of an action parameter.
type Kind int

// Parameter kinds the three actions use.
const (
	KindString Kind = iota
	KindInt
	KindUint
	KindStringArray
	KindObjectArray
)

func (k Kind) String() string {
	return [...]string{"string", "integer", "unsigned integer", "array of strings", "array of objects"}[k]
}

// Param declares one action parameter.
type Param struct {
	Name     string
	Kind     Kind
	Required bool
	Fields   []Param // of each object, for KindObjectArray
}

// Params is a decoded parameter tree. From a JSON body its leaves are typed
// (string, json.Number, bool, nil, []any, map[string]any); from a query or
// form, after unflattening, every leaf is a string and integers are parsed
// from their text.
type Params struct {
	Values       map[string]any
	StringLeaves bool
}

// InitParams are the parameters of InitDBInstances (seed page, PARAM-1).
var InitParams = []Param{
	{Name: "DBInstanceIdSet", Kind: KindStringArray, Required: true},
	{Name: "AdminName", Kind: KindString, Required: true},
	{Name: "AdminPassword", Kind: KindString, Required: true},
	{Name: "Charset", Kind: KindString, Required: true},
}

// Bind applies PARAM-3 (no unknown parameter), PARAM-1 (every required one
// present) and PARAM-2 (each of its declared kind), in that order, and
// returns the values converted: string, int64, uint64, []string or
// []map[string]any (each object bound by Fields).
func Bind(p Params, decl []Param) (map[string]any, *Violation) {
	names := make([]string, 0, len(p.Values))
	for name := range p.Values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !slices.ContainsFunc(decl, func(d Param) bool { return d.Name == name }) {
			return nil, violation("PARAM-3", codes.UnknownParameter, name, "the action does not define this parameter")
		}
	}
	for _, d := range decl {
		if _, ok := p.Values[d.Name]; !ok && d.Required {
			return nil, violation("PARAM-1", codes.MissingParameter, d.Name, "a required parameter is missing")
		}
	}
	out := make(map[string]any, len(p.Values))
	for _, d := range decl {
		raw, ok := p.Values[d.Name]
		if !ok {
			continue
		}
		v, ok := convert(raw, d, p.StringLeaves)
		if !ok {
			return nil, violation("PARAM-2", codes.InvalidParameter, d.Name, "the parameter must be of type "+d.Kind.String())
		}
		out[d.Name] = v
	}
	return out, nil
}

func convert(raw any, d Param, stringLeaves bool) (any, bool) {
	switch d.Kind {
	case KindString:
		s, ok := raw.(string)
		return s, ok
	case KindInt, KindUint:
		var text string
		switch v := raw.(type) {
		case string:
			if !stringLeaves {
				return nil, false
			}
			text = v
		case json.Number:
			text = v.String()
		default:
			return nil, false
		}
		if d.Kind == KindInt {
			n, err := strconv.ParseInt(text, 10, 64)
			return n, err == nil
		}
		n, err := strconv.ParseUint(text, 10, 64)
		return n, err == nil
	case KindStringArray:
		arr, ok := raw.([]any)
		if !ok {
			return nil, false
		}
		out := make([]string, len(arr))
		for i, e := range arr {
			if out[i], ok = e.(string); !ok {
				return nil, false
			}
		}
		return out, true
	case KindObjectArray:
		arr, ok := raw.([]any)
		if !ok {
			return nil, false
		}
		out := make([]map[string]any, len(arr))
		for i, e := range arr {
			obj, ok := e.(map[string]any)
			if !ok {
				return nil, false
			}
			bound, v := Bind(Params{Values: obj, StringLeaves: stringLeaves}, d.Fields)
			if v != nil {
				return nil, false
			}
			out[i] = bound
		}
		return out, true
	}
	return nil, false
}

// InitRequest is a valid InitDBInstances request.
type InitRequest struct {
	InstanceIDs   []string // duplicates removed (PARAM-IDS-3)
	AdminName     string
	AdminPassword string
	Charset       string
}

// CheckInit validates InitDBInstances parameters in the order of ORDER-1: the
// shape (PARAM-3, PARAM-1, PARAM-2), then each value (PARAM-IDS-1, -2,
// PARAM-NAME-1, PARAM-PWD-1..3, PARAM-CHARSET-1..2). No instance is looked up.
func CheckInit(p Params) (InitRequest, *Violation) {
	b, v := Bind(p, InitParams)
	if v != nil {
		return InitRequest{}, v
	}
	ids, v := CheckInstanceIDs(b["DBInstanceIdSet"].([]string))
	if v != nil {
		return InitRequest{}, v
	}
	req := InitRequest{
		InstanceIDs:   ids,
		AdminName:     b["AdminName"].(string),
		AdminPassword: b["AdminPassword"].(string),
		Charset:       b["Charset"].(string),
	}
	if v := CheckAdminName(req.AdminName); v != nil {
		return InitRequest{}, v
	}
	if v := CheckAdminPassword(req.AdminPassword); v != nil {
		return InitRequest{}, v
	}
	if v := CheckCharset(req.Charset); v != nil {
		return InitRequest{}, v
	}
	return req, nil
}
