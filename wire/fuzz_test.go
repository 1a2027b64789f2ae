package wire_test

// Native fuzz targets of request decoding (TRANS-3, TRANS-4, PARAM-4):
// nothing panics, every refusal is one of the package's errors, and
// decoding then encoding gives back what was decoded. The file is
// self-contained (ClusterFuzzLite builds each target from it alone); f.Add
// holds a few literal seeds and the full set, read from the spec by package
// fuzz, is committed under testdata/fuzz/<FuzzName>/. Importing package
// fuzz here would link the spec loader and halve the execution rate.

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/tencentdb-kit/initdb-conform/wire"
)

const fzBody = `{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"testuser","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`

// FuzzDecodeJSON: DecodeJSON accepts exactly the UTF-8 bodies that are one
// JSON object (PARAM-4), names the reason of every refusal, and what it
// returns encodes and decodes to itself, numbers kept as written.
func FuzzDecodeJSON(f *testing.F) {
	for _, b := range []string{fzBody, `{"Limit": 12345678901234567890, "A": ["x"]}`, `{} {}`, `[]`, "{\"a\":\"\xff\"}", `{"a":"\ud800"}`, ""} {
		f.Add([]byte(b))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		obj, err := wire.DecodeJSON(body)
		trimmed := bytes.TrimLeft(body, " \t\r\n")
		isObject := utf8.Valid(body) && json.Valid(body) && len(trimmed) > 0 && trimmed[0] == '{'
		switch {
		case !utf8.Valid(body):
			if !errors.Is(err, wire.ErrNotUTF8) {
				t.Fatalf("%q is not UTF-8: err %v", body, err)
			}
			return
		case isObject != (err == nil):
			t.Fatalf("%q: one JSON object %v, DecodeJSON error %v", body, isObject, err)
		case err != nil:
			if want := wire.ErrInvalidJSON; json.Valid(body) {
				want = wire.ErrNotObject
				if !errors.Is(err, want) {
					t.Fatalf("%q: err %v, want %v", body, err, want)
				}
			} else if !errors.Is(err, want) {
				t.Fatalf("%q: err %v, want %v", body, err, want)
			}
			return
		}
		again, err := json.Marshal(obj)
		if err != nil {
			t.Fatalf("re-encoding %q: %v", body, err)
		}
		back, err := wire.DecodeJSON(again)
		if err != nil {
			t.Fatalf("%q re-encoded as %q does not decode: %v", body, again, err)
		}
		if !reflect.DeepEqual(obj, back) {
			t.Fatalf("%q decodes to %#v, re-encoded to %#v", body, obj, back)
		}
	})
}

// FuzzParseQuery: ParseQuery refuses with ErrQuery, ErrNotUTF8 or
// ErrDuplicate, and what it accepts Encode writes back in a form it parses
// to the same map (TRANS-4).
func FuzzParseQuery(f *testing.F) {
	for _, q := range []string{"DBInstanceIdSet.0=postgres-6fego161&AdminPassword=A8b%21C2d%23E4f%26", "a=1&b=%2F+x&&c=", "a=1&a=2", "a=%zz", "a=%ff", "=1", "a%3Bb=1"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		m, err := wire.ParseQuery(raw)
		if err != nil {
			if !errors.Is(err, wire.ErrQuery) && !errors.Is(err, wire.ErrNotUTF8) && !errors.Is(err, wire.ErrDuplicate) {
				t.Fatalf("%q: error %v is none of the package's", raw, err)
			}
			return
		}
		for k, v := range m {
			if k == "" || !utf8.ValidString(k) || !utf8.ValidString(v) {
				t.Fatalf("%q: accepted the pair %q=%q", raw, k, v)
			}
		}
		enc := wire.Encode(m)
		if strings.Contains(enc, "+") || strings.Contains(enc, " ") {
			t.Fatalf("Encode wrote %q: a space must be %%20 (TRANS-4)", enc)
		}
		back, err := wire.ParseQuery(enc)
		if err != nil {
			t.Fatalf("%q parsed, re-encoded as %q does not: %v", raw, enc, err)
		}
		if !reflect.DeepEqual(m, back) {
			t.Fatalf("%q parsed as %q, re-encoded as %q parsed as %q", raw, m, enc, back)
		}
	})
}

// FuzzUnflatten: for any flat map that Unflatten accepts,
// Flatten(Unflatten(m)) == m; a refusal is ErrFlattening. The map is read
// from raw as name=value pairs separated by &, taken literally.
func FuzzUnflatten(f *testing.F) {
	for _, q := range []string{
		"DBInstanceIdSet.0=postgres-6fego161&DBInstanceIdSet.1=postgres-lnp6j617&AdminName=testuser",
		"Filters.0.Name=db-instance-id&Filters.0.Values.0=a&Filters.1.Name=db-instance-status&Filters.1.Values.0=init",
		"A.1=x", "A=x&A.0=y", "A.0=x&A.B=y", "A.01=x&A.0=y", "A..0=x", "0=x", "A.1234567=x",
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		flat := make(map[string]string)
		for _, pair := range strings.Split(raw, "&") {
			if pair == "" {
				continue
			}
			k, v, _ := strings.Cut(pair, "=")
			flat[k] = v
		}
		tree, err := wire.Unflatten(flat)
		if err != nil {
			if !errors.Is(err, wire.ErrFlattening) {
				t.Fatalf("%q: error %v is not ErrFlattening", flat, err)
			}
			return
		}
		back, err := wire.Flatten(tree)
		if err != nil {
			t.Fatalf("Flatten(Unflatten(%q)): %v", flat, err)
		}
		if !reflect.DeepEqual(flat, back) {
			t.Fatalf("Flatten(Unflatten(%q)) = %q", flat, back)
		}
	})
}

// fzTree builds a parameter tree with string leaves from fuzz bytes. The
// root is an object; an object is a count byte (mod 4; 1 to 3 below the
// root) and that many members, each a name up to a 0 byte and a value; a
// value is a kind byte (mod 3: string, array, object) and then a string up
// to a 0 byte, or a count byte (1 to 3) and that many values, or an object.
// Names are made into names a query can carry: UTF-8, no '.' or ';', not
// empty and not an array index. Containers are never empty, since Flatten
// leaves no trace of an empty one.
type fzTree struct {
	data []byte
}

func (b *fzTree) byte() byte {
	if len(b.data) == 0 {
		return 0
	}
	c := b.data[0]
	b.data = b.data[1:]
	return c
}

func (b *fzTree) text() string {
	i := bytes.IndexByte(b.data, 0)
	if i < 0 {
		i = len(b.data)
	}
	s := string(b.data[:i])
	b.data = b.data[min(i+1, len(b.data)):]
	return strings.ToValidUTF8(s, "?")
}

func (b *fzTree) name() string {
	s := strings.NewReplacer(".", "_", ";", "_").Replace(b.text())
	if s == "" || fzIsIndex(s) {
		s = "n" + s
	}
	return s
}

func fzIsIndex(s string) bool {
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

func (b *fzTree) object(n, depth int) map[string]any {
	m := make(map[string]any, n)
	for range n {
		name := b.name()
		m[name] = b.value(depth + 1)
	}
	return m
}

func (b *fzTree) value(depth int) any {
	kind := b.byte() % 3
	if depth >= 4 {
		kind = 0
	}
	switch kind {
	case 1:
		arr := make([]any, 1+int(b.byte()%3))
		for i := range arr {
			arr[i] = b.value(depth + 1)
		}
		return arr
	case 2:
		return b.object(1+int(b.byte()%3), depth)
	}
	return b.text()
}

// FuzzTreeRoundTrip: for any tree of string leaves,
// Unflatten(ParseQuery(Encode(Flatten(tree)))) == tree (TRANS-4).
func FuzzTreeRoundTrip(f *testing.F) {
	f.Add([]byte("\x01DBInstanceIdSet\x00\x01\x01\x00postgres-6fego161\x00\x00postgres-lnp6j617\x00"))
	f.Add([]byte("\x01Filters\x00\x01\x00\x02\x01Name\x00\x00db-instance-id\x00Values\x00\x01\x00\x00x\x00"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &fzTree{data: data}
		tree := b.object(int(b.byte()%4), 0)
		flat, err := wire.Flatten(tree)
		if err != nil {
			t.Fatalf("Flatten(%#v): %v", tree, err)
		}
		enc := wire.Encode(flat)
		parsed, err := wire.ParseQuery(enc)
		if err != nil {
			t.Fatalf("Encode(Flatten(%#v)) = %q does not parse: %v", tree, enc, err)
		}
		back, err := wire.Unflatten(parsed)
		if err != nil {
			t.Fatalf("Unflatten(%q): %v", parsed, err)
		}
		if !reflect.DeepEqual(tree, back) {
			t.Fatalf("%#v went through %q and came back as %#v", tree, enc, back)
		}
	})
}

// FuzzMediaType: MediaType never panics; what it accepts is a lower-case
// type whose only parameter, if any, is a charset naming UTF-8 (TRANS-3).
func FuzzMediaType(f *testing.F) {
	for _, ct := range []string{"application/json", "Application/JSON; Charset=UTF-8", "application/json; charset=latin1", "application/json; boundary=x", "application/x-www-form-urlencoded", "", "a/b; c"} {
		f.Add(ct)
	}
	f.Fuzz(func(t *testing.T, ct string) {
		mt, ok := wire.MediaType(ct)
		if !ok {
			return
		}
		want, params, err := mime.ParseMediaType(ct)
		if err != nil || mt != want || mt != strings.ToLower(mt) || mt == "" {
			t.Fatalf("MediaType(%q) = %q, mime says %q, %v", ct, mt, want, err)
		}
		for k, v := range params {
			if k != "charset" || (!strings.EqualFold(v, "utf-8") && !strings.EqualFold(v, "utf8")) {
				t.Fatalf("MediaType(%q) accepted the parameter %s=%s", ct, k, v)
			}
		}
	})
}
