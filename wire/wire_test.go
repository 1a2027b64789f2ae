package wire_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/wire"
)

func TestUnflatten(t *testing.T) {
	got, err := wire.Unflatten(map[string]string{
		"DBInstanceIdSet.0": "postgres-6fego161", "DBInstanceIdSet.1": "postgres-lnp6j617",
		"AdminName":      "dbadmin",
		"Filters.0.Name": "db-instance-id", "Filters.0.Values.0": "a", "Filters.0.Values.1": "b",
		"Filters.1.Name": "db-instance-status", "Filters.1.Values.0": "init",
	})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"DBInstanceIdSet": []any{"postgres-6fego161", "postgres-lnp6j617"},
		"AdminName":       "dbadmin",
		"Filters": []any{
			map[string]any{"Name": "db-instance-id", "Values": []any{"a", "b"}},
			map[string]any{"Name": "db-instance-status", "Values": []any{"init"}},
		},
	}, got, "TRANS-4")
}

func TestUnflattenRefusesInconsistentNames(t *testing.T) {
	for _, tc := range []struct {
		flat   map[string]string
		reason string
	}{
		{map[string]string{"A.1": "x"}, "a gap: no index 0"},
		{map[string]string{"A.0": "x", "A.2": "y"}, "a gap in the middle"},
		{map[string]string{"A": "x", "A.0": "y"}, "a value and an array under one name"},
		{map[string]string{"A.0": "x", "A.0.B": "y"}, "a value and an object under one index"},
		{map[string]string{"A.0": "x", "A.B": "y"}, "an array and an object under one name"},
		{map[string]string{"A.01": "x", "A.0": "y"}, "a leading zero"},
		{map[string]string{"A..0": "x"}, "an empty segment"},
		{map[string]string{"A.": "x"}, "a trailing dot"},
		{map[string]string{"0": "x"}, "a name that is an index"},
	} {
		_, err := wire.Unflatten(tc.flat)
		assert.ErrorIs(t, err, wire.ErrFlattening, tc.reason)
	}
}

func TestFlattenRoundTrips(t *testing.T) {
	tree := map[string]any{
		"DBInstanceIdSet": []any{"postgres-6fego161", "postgres-lnp6j617"},
		"AdminPassword":   "A8b!C2d#E4f& %+=",
		"Limit":           json.Number("10"),
		"Filters":         []any{map[string]any{"Name": "db-instance-id", "Values": []any{"x"}}},
	}
	flat, err := wire.Flatten(tree)
	require.NoError(t, err)
	parsed, err := wire.ParseQuery(wire.Encode(flat))
	require.NoError(t, err)
	assert.Equal(t, flat, parsed, "Encode then ParseQuery")
	back, err := wire.Unflatten(parsed)
	require.NoError(t, err)
	tree["Limit"] = "10" // a query carries text
	assert.Equal(t, tree, back)
}

func TestEncodeUsesUpperCasePercent(t *testing.T) {
	assert.Equal(t, "AdminPassword=A8b%21C2d%23E4f%26%20%2F&Z=%E4%B8%AD", wire.Encode(map[string]string{"Z": "中", "AdminPassword": "A8b!C2d#E4f& /"}), "TRANS-4")
}

func TestParseQuery(t *testing.T) {
	got, err := wire.ParseQuery("a=1&b=%2F+x&&c=")
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "1", "b": "/ x", "c": ""}, got)
	_, err = wire.ParseQuery("a=1&a=2")
	assert.ErrorIs(t, err, wire.ErrDuplicate)
	_, err = wire.ParseQuery("a=%zz")
	assert.ErrorIs(t, err, wire.ErrQuery)
	_, err = wire.ParseQuery("a=%ff")
	assert.ErrorIs(t, err, wire.ErrNotUTF8)
	_, err = wire.ParseQuery("=1")
	assert.ErrorIs(t, err, wire.ErrQuery)
}

func TestDecodeJSON(t *testing.T) {
	obj, err := wire.DecodeJSON([]byte(`{"Limit": 12345678901234567890, "A": ["x"]}`))
	require.NoError(t, err)
	assert.Equal(t, json.Number("12345678901234567890"), obj["Limit"], "numbers are not rounded")
	for _, tc := range []struct {
		body string
		want error
	}{
		{`[]`, wire.ErrNotObject},
		{`"x"`, wire.ErrNotObject},
		{`null`, wire.ErrNotObject},
		{``, wire.ErrInvalidJSON},
		{`{"a":`, wire.ErrInvalidJSON},
		{`{} {}`, wire.ErrInvalidJSON},
		{"{\"a\":\"\xff\"}", wire.ErrNotUTF8},
	} {
		_, err := wire.DecodeJSON([]byte(tc.body))
		assert.ErrorIs(t, err, tc.want, "PARAM-4: %q", tc.body)
	}
}

func TestMediaType(t *testing.T) {
	for _, tc := range []struct {
		in   string
		mt   string
		ok   bool
		note string
	}{
		{"application/json", "application/json", true, "TRANS-3"},
		{"application/json; charset=utf-8", "application/json", true, "charset naming UTF-8"},
		{"Application/JSON; Charset=UTF-8", "application/json", true, "any case"},
		{"application/json; charset=latin1", "application/json", false, "another charset"},
		{"application/json; boundary=x", "application/json", false, "another parameter"},
		{"application/x-www-form-urlencoded", "application/x-www-form-urlencoded", true, "v1 form"},
		{"", "", false, "none"},
		{"text/plain", "text/plain", true, "parsed; the caller refuses the type"},
	} {
		mt, ok := wire.MediaType(tc.in)
		assert.Equal(t, tc.mt, mt, tc.note)
		assert.Equal(t, tc.ok, ok, tc.note)
	}
}
