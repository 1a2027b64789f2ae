// Package wire turns the bytes of an API 3.0 request into parameters and
// back: the flattening of arrays and objects into `Name.N` and `Name.N.Field`
// (TRANS-4), the JSON body of TC3 POST requests (PARAM-4), and the content
// types of the four request styles (TRANS-3). It knows nothing of signatures
// or of the rules of any one action.
package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Errors of decoding. Each is answered InvalidParameter by the emulator.
var (
	ErrNotObject   = errors.New("the body is not a JSON object")
	ErrInvalidJSON = errors.New("the body is not valid JSON")
	ErrNotUTF8     = errors.New("the request is not valid UTF-8")
	ErrFlattening  = errors.New("the flattened parameter names are inconsistent")
	ErrQuery       = errors.New("the query or form is malformed")
	ErrDuplicate   = errors.New("a parameter is given more than once")
)

// Style is one of the four request styles of TRANS-3.
type Style string

// The request styles.
const (
	StyleTC3JSON Style = "tc3-post-json" // POST, application/json, TC3-HMAC-SHA256
	StyleTC3GET  Style = "tc3-get"       // GET, query, TC3-HMAC-SHA256
	StyleV1GET   Style = "v1-get"        // GET, every parameter in the query, v1
	StyleV1Form  Style = "v1-post-form"  // POST, form body, v1
)

// Styles lists the four styles.
func Styles() []Style { return []Style{StyleTC3JSON, StyleTC3GET, StyleV1GET, StyleV1Form} }

// Content types of the request styles.
const (
	ContentJSON = "application/json"
	ContentForm = "application/x-www-form-urlencoded"
)

// MediaType returns the lower-cased media type of a Content-Type header and
// whether its parameters are acceptable for this API: none, or a charset
// naming UTF-8 in any case (TRANS-3).
func MediaType(contentType string) (mediaType string, ok bool) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", false
	}
	for k, v := range params {
		if k != "charset" {
			return mt, false
		}
		if cs := strings.ToLower(v); cs != "utf-8" && cs != "utf8" {
			return mt, false
		}
	}
	return mt, true
}

// DecodeJSON decodes a TC3 POST body: it must be valid UTF-8 and one JSON
// object (PARAM-4). Numbers are kept as json.Number so that integers are not
// rounded through float64.
func DecodeJSON(body []byte) (map[string]any, error) {
	if !utf8.Valid(body) {
		return nil, ErrNotUTF8
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, ErrInvalidJSON
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, ErrInvalidJSON // trailing data after the object
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, ErrNotObject
	}
	return obj, nil
}

// ParseQuery parses a query string or form body into single values. Unlike
// url.ParseQuery it refuses a name given twice (the v1 string to sign would
// be ambiguous) and values that are not UTF-8.
func ParseQuery(raw string) (map[string]string, error) {
	out := make(map[string]string)
	for raw != "" {
		var pair string
		pair, raw, _ = strings.Cut(raw, "&")
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		k, err1 := url.QueryUnescape(k)
		v, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil || strings.Contains(k, ";") || k == "" {
			return nil, ErrQuery
		}
		if !utf8.ValidString(k) || !utf8.ValidString(v) {
			return nil, ErrNotUTF8
		}
		if _, dup := out[k]; dup {
			return nil, fmt.Errorf("%w: %s", ErrDuplicate, k)
		}
		out[k] = v
	}
	return out, nil
}

// Unflatten builds a tree from flattened names: `A.0=x&A.1=y` gives
// A: ["x","y"]; `F.0.Name=n&F.0.Values.0=v` gives F: [{Name: n, Values: [v]}].
// A numeric segment is an array index; indices must run 0..n-1 without gaps
// or leading zeros, and no name may be both a leaf and a container.
func Unflatten(flat map[string]string) (map[string]any, error) {
	root := make(map[string]any)
	keys := make([]string, 0, len(flat))
	for k := range flat {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		segs := strings.Split(k, ".")
		for _, s := range segs {
			if s == "" {
				return nil, fmt.Errorf("%w: empty segment in %q", ErrFlattening, k)
			}
		}
		if isIndex(segs[0]) {
			return nil, fmt.Errorf("%w: %q begins with an index", ErrFlattening, k)
		}
		if err := insert(root, segs, flat[k]); err != nil {
			return nil, fmt.Errorf("%w: %s", ErrFlattening, err.Error())
		}
	}
	return finish(root)
}

// node is a container under construction: objects are maps, arrays are
// maps of index to value until finish turns them into slices.
type arrayNode map[int]any

func isIndex(s string) bool {
	if s == "" || len(s) > 6 || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func insert(container any, segs []string, value string) error {
	seg := segs[0]
	// get and set reach the slot seg names in an object or an array.
	var get func() (any, bool)
	var set func(any)
	switch c := container.(type) {
	case map[string]any:
		if isIndex(seg) {
			return fmt.Errorf("index %s under an object", seg)
		}
		get = func() (any, bool) { v, ok := c[seg]; return v, ok }
		set = func(v any) { c[seg] = v }
	case arrayNode:
		if !isIndex(seg) {
			return fmt.Errorf("field %s under an array", seg)
		}
		i, _ := strconv.Atoi(seg)
		get = func() (any, bool) { v, ok := c[i]; return v, ok }
		set = func(v any) { c[i] = v }
	default:
		return errors.New("unexpected container")
	}
	existing, ok := get()
	if len(segs) == 1 {
		if ok {
			return fmt.Errorf("%s is both a value and a container", seg)
		}
		set(value)
		return nil
	}
	var next any = map[string]any{}
	if isIndex(segs[1]) {
		next = arrayNode{}
	}
	if !ok {
		set(next)
		existing = next
	}
	return descend(existing, next, segs[1:], value)
}

func descend(existing, want any, segs []string, value string) error {
	switch existing.(type) {
	case map[string]any:
		if _, ok := want.(map[string]any); !ok {
			return errors.New("a name is used both as an object and as an array")
		}
	case arrayNode:
		if _, ok := want.(arrayNode); !ok {
			return errors.New("a name is used both as an array and as an object")
		}
	default:
		return errors.New("a name is both a value and a container")
	}
	return insert(existing, segs, value)
}

func finish(v any) (map[string]any, error) {
	out, err := finishValue(v)
	if err != nil {
		return nil, err
	}
	return out.(map[string]any), nil
}

func finishValue(v any) (any, error) {
	switch c := v.(type) {
	case map[string]any:
		for k, e := range c {
			f, err := finishValue(e)
			if err != nil {
				return nil, err
			}
			c[k] = f
		}
		return c, nil
	case arrayNode:
		arr := make([]any, len(c))
		for i := range arr {
			e, ok := c[i]
			if !ok {
				return nil, fmt.Errorf("%w: array indices must run from 0 without gaps", ErrFlattening)
			}
			f, err := finishValue(e)
			if err != nil {
				return nil, err
			}
			arr[i] = f
		}
		return arr, nil
	}
	return v, nil
}

// Flatten is the inverse of Unflatten: strings, json.Numbers, booleans,
// arrays and objects become `Name.N.Field=value` pairs. Empty arrays and
// objects leave no trace, as in the official SDKs.
func Flatten(tree map[string]any) (map[string]string, error) {
	out := make(map[string]string)
	for k, v := range tree {
		if err := flattenInto(out, k, v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func flattenInto(out map[string]string, prefix string, v any) error {
	switch x := v.(type) {
	case string:
		out[prefix] = x
	case json.Number:
		out[prefix] = x.String()
	case bool:
		out[prefix] = strconv.FormatBool(x)
	case int:
		out[prefix] = strconv.Itoa(x)
	case int64:
		out[prefix] = strconv.FormatInt(x, 10)
	case uint64:
		out[prefix] = strconv.FormatUint(x, 10)
	case []string:
		for i, e := range x {
			out[prefix+"."+strconv.Itoa(i)] = e
		}
	case []any:
		for i, e := range x {
			if err := flattenInto(out, prefix+"."+strconv.Itoa(i), e); err != nil {
				return err
			}
		}
	case map[string]any:
		for k, e := range x {
			if err := flattenInto(out, prefix+"."+k, e); err != nil {
				return err
			}
		}
	default:
		return fmt.Errorf("wire: cannot flatten %s of type %T", prefix, v)
	}
	return nil
}

// Encode writes params as a query string: sorted by name, values escaped
// with upper-case %XY (TRANS-4), spaces as %20 so that the same string works
// in a query and in a form body.
func Encode(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escape(k))
		b.WriteByte('=')
		b.WriteString(escape(params[k]))
	}
	return b.String()
}

func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
