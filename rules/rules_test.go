package rules_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/rules"
)

// Each case states its input and the rule and code the contract names for
// it, literally, so a wrong rule is caught here rather than agreed with.
func TestAdminName(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
		why  string
	}{
		{"dbadmin", true, "PARAM-NAME-1: letters"},
		{"a", true, "PARAM-NAME-1: one character"},
		{"abcdefghijklmnop", true, "PARAM-NAME-1: sixteen characters"},
		{"_x9", true, "PARAM-NAME-1: underscore first"},
		{"postgres1", true, "PARAM-NAME-1: only postgres itself is reserved"},
		{"pgadmin", true, "PARAM-NAME-1: pg without underscore"},
		{"", false, "PARAM-NAME-1: empty is a present value"},
		{"abcdefghijklmnopq", false, "PARAM-NAME-1: seventeen characters"},
		{"postgres", false, "PARAM-NAME-1: reserved"},
		{"POSTGRES", false, "PARAM-NAME-1: case-insensitive"},
		{"pg_x", false, "PARAM-NAME-1: pg_ prefix"},
		{"Pg_x", false, "PARAM-NAME-1: pg_ prefix, any case"},
		{"1abc", false, "PARAM-NAME-1: digit first"},
		{"db-admin", false, "PARAM-NAME-1: hyphen"},
		{"dbädmin", false, "PARAM-NAME-1: non-ASCII letter"},
		{"tencentdb_x", false, "PARAM-NAME-1: later documents reserve tencentdb_"},
	} {
		v := rules.CheckAdminName(tc.name)
		if tc.ok {
			assert.Nil(t, v, tc.why)
			continue
		}
		if assert.NotNil(t, v, tc.why) {
			assert.Equal(t, "PARAM-NAME-1", v.Rule, tc.why)
			assert.Equal(t, "InvalidParameterValue.InvalidAccountError", v.Code, tc.why)
		}
	}
}

func TestAdminPassword(t *testing.T) {
	for _, tc := range []struct {
		pwd, rule, code string
		why             string
	}{
		{"A8b!C2d#E4f&", "", "", "the contract's valid example"},
		{"Aa1!aaaa", "", "", "eight characters"},
		{"Aa1!" + strings.Repeat("a", 28), "", "", "thirty-two characters"},
		{"Aa1?/aaa", "", "", "a slash after the first character"},
		{"Aa1!aaa", "PARAM-PWD-1", "InvalidParameterValue.InvalidPasswordLengthError", "seven characters"},
		{"Aa1!" + strings.Repeat("a", 29), "PARAM-PWD-1", "InvalidParameterValue.InvalidPasswordLengthError", "thirty-three characters"},
		{"", "PARAM-PWD-1", "InvalidParameterValue.InvalidPasswordLengthError", "empty is a present value"},
		{"testuser%40123", "PARAM-PWD-2", "InvalidParameterValue.InvalidPasswordValueError", "the seed's example has no upper case"},
		{"/Aa1!aaaa", "PARAM-PWD-2", "InvalidParameterValue.InvalidPasswordValueError", "leading slash"},
		{"AAAA1111!!", "PARAM-PWD-2", "InvalidParameterValue.InvalidPasswordValueError", "no lower case"},
		{"aaaa1111!!", "PARAM-PWD-2", "InvalidParameterValue.InvalidPasswordValueError", "no upper case"},
		{"AAAAaaaa!!", "PARAM-PWD-2", "InvalidParameterValue.InvalidPasswordValueError", "no digit"},
		{"AAAAaaaa11", "PARAM-PWD-2", "InvalidParameterValue.InvalidPasswordValueError", "no symbol"},
		{"Aa1! aaaa", "PARAM-PWD-3", "InvalidParameterValue.InvalidPasswordFormat", "space"},
		{`Aa1!"aaaa`, "PARAM-PWD-3", "InvalidParameterValue.InvalidPasswordFormat", "double quote"},
		{`Aa1!\aaaa`, "PARAM-PWD-3", "InvalidParameterValue.InvalidPasswordFormat", "backslash"},
		{"Aa1!éaaaa", "PARAM-PWD-3", "InvalidParameterValue.InvalidPasswordFormat", "non-ASCII"},
		{"Aa1!\x00aaaa", "PARAM-PWD-3", "InvalidParameterValue.InvalidPasswordFormat", "control character"},
		{"Aa1!ééééé", "PARAM-PWD-3", "InvalidParameterValue.InvalidPasswordFormat", "length counts characters, not bytes: 9 characters, 14 bytes"},
		{"Aa1!" + strings.Repeat("é", 28), "PARAM-PWD-3", "InvalidParameterValue.InvalidPasswordFormat", "32 characters of 60 bytes is of the right length"},
	} {
		v := rules.CheckAdminPassword(tc.pwd)
		if tc.rule == "" {
			assert.Nil(t, v, tc.why)
			continue
		}
		if assert.NotNil(t, v, tc.why) {
			assert.Equal(t, tc.rule, v.Rule, tc.why)
			assert.Equal(t, tc.code, v.Code, tc.why)
			if tc.pwd != "" {
				assert.NotContains(t, v.Error(), tc.pwd, "a violation never repeats the password")
			}
		}
	}
}

func TestCharset(t *testing.T) {
	for _, tc := range []struct{ cs, rule string }{
		{"UTF8", ""}, {"LATIN1", ""},
		{"utf8", "PARAM-CHARSET-2"}, {"latin1", "PARAM-CHARSET-2"}, {"Utf8", "PARAM-CHARSET-2"},
		{"", "PARAM-CHARSET-1"}, {"UTF-8", "PARAM-CHARSET-1"}, {"GBK", "PARAM-CHARSET-1"}, {"UTF8 ", "PARAM-CHARSET-1"},
	} {
		v := rules.CheckCharset(tc.cs)
		if tc.rule == "" {
			assert.Nil(t, v, tc.cs)
			continue
		}
		if assert.NotNil(t, v, tc.cs) {
			assert.Equal(t, tc.rule, v.Rule, tc.cs)
			assert.Equal(t, "InvalidParameterValue.InvalidCharset", v.Code, tc.cs)
		}
	}
}

func TestInstanceIDs(t *testing.T) {
	many := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "postgres-6fego161"
		}
		return out
	}
	ids, v := rules.CheckInstanceIDs([]string{"postgres-6fego161", "postgres-lnp6j617", "postgres-6fego161"})
	require.Nil(t, v)
	assert.Equal(t, []string{"postgres-6fego161", "postgres-lnp6j617"}, ids, "PARAM-IDS-3: duplicates are one")

	_, v = rules.CheckInstanceIDs(many(100))
	assert.Nil(t, v, "PARAM-IDS-1: 100 ids, counted as sent")
	for _, tc := range []struct {
		ids        []string
		rule, code string
	}{
		{nil, "PARAM-IDS-1", "InvalidParameterValue.InvalidParameterValueError"},
		{many(101), "PARAM-IDS-1", "InvalidParameterValue.InvalidParameterValueError"},
		{[]string{"postgres-6FEGO161"}, "PARAM-IDS-2", "ResourceNotFound.InstanceNotFoundError"},
		{[]string{"postgres-6fego16"}, "PARAM-IDS-2", "ResourceNotFound.InstanceNotFoundError"},
		{[]string{"postgres-6fego1611"}, "PARAM-IDS-2", "ResourceNotFound.InstanceNotFoundError"},
		{[]string{"mysql-6fego161"}, "PARAM-IDS-2", "ResourceNotFound.InstanceNotFoundError"},
		{[]string{""}, "PARAM-IDS-2", "ResourceNotFound.InstanceNotFoundError"},
	} {
		_, v := rules.CheckInstanceIDs(tc.ids)
		if assert.NotNil(t, v, tc.rule) {
			assert.Equal(t, tc.rule, v.Rule)
			assert.Equal(t, tc.code, v.Code)
		}
	}
}

func TestInstanceIDWellFormedAgreesWithRegex(t *testing.T) {
	re := regexp.MustCompile(rules.InstanceIDRegex)
	for _, id := range []string{"postgres-6fego161", "postgres-", "postgres-abcdefgh", "postgres-ABCDEFGH", "postgres-abcdefg!", "xpostgres-abcdefgh", "postgres-abcdefghi", "postgres-0000000é"} {
		assert.Equal(t, re.MatchString(id), rules.InstanceIDWellFormed(id), id)
	}
}

func TestCommonParameters(t *testing.T) {
	for _, tc := range []struct {
		got        *rules.Violation
		rule, code string
	}{
		{rules.CheckAction(""), "COMMON-1", "MissingParameter"},
		{rules.CheckAction("initdbinstances"), "COMMON-1", "InvalidAction"},
		{rules.CheckAction("DeleteDBInstances"), "COMMON-1", "InvalidAction"},
		{rules.CheckVersion(""), "COMMON-2", "MissingParameter"},
		{rules.CheckVersion("2018-03-12"), "COMMON-2", "NoSuchVersion"},
		{rules.CheckRegion(""), "COMMON-3", "MissingParameter"},
		{rules.CheckRegion("ap-mars"), "COMMON-3", "UnsupportedRegion"},
		{rules.CheckRegion("AP-GUANGZHOU"), "COMMON-3", "UnsupportedRegion"},
		{rules.CheckLanguage("fr-FR"), "COMMON-4", "InvalidParameterValue"},
	} {
		if assert.NotNil(t, tc.got, tc.rule+" "+tc.code) {
			assert.Equal(t, tc.rule, tc.got.Rule)
			assert.Equal(t, tc.code, tc.got.Code)
		}
	}
	assert.Nil(t, rules.CheckAction("InitDBInstances"))
	assert.Nil(t, rules.CheckVersion("2017-03-12"))
	assert.Nil(t, rules.CheckRegion("ap-shanghai-fsi"))
	assert.Nil(t, rules.CheckLanguage(""))
	assert.Nil(t, rules.CheckLanguage("en-US"))
	assert.Len(t, rules.Regions(), 18)
}

func TestCheckInitShape(t *testing.T) {
	decode := func(s string) rules.Params {
		var m map[string]any
		dec := json.NewDecoder(strings.NewReader(s))
		dec.UseNumber()
		require.NoError(t, dec.Decode(&m))
		return rules.Params{Values: m}
	}
	good := `"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"dbadmin","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"`
	req, v := rules.CheckInit(decode("{" + good + "}"))
	require.Nil(t, v)
	assert.Equal(t, rules.InitRequest{InstanceIDs: []string{"postgres-6fego161"}, AdminName: "dbadmin", AdminPassword: "A8b!C2d#E4f&", Charset: "UTF8"}, req)
	for _, tc := range []struct {
		body, rule, code string
	}{
		{`{"AdminName":"dbadmin","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`, "PARAM-1", "MissingParameter"},
		{`{"DBInstanceIdSet":["postgres-6fego161"],"AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`, "PARAM-1", "MissingParameter"},
		{`{` + good + `,"Extra":1}`, "PARAM-3", "UnknownParameter"},
		{`{"DBInstanceIdSet":"postgres-6fego161","AdminName":"dbadmin","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`, "PARAM-2", "InvalidParameter"},
		{`{"DBInstanceIdSet":[1],"AdminName":"dbadmin","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`, "PARAM-2", "InvalidParameter"},
		{`{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":7,"AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`, "PARAM-2", "InvalidParameter"},
		{`{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":null,"AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`, "PARAM-2", "InvalidParameter"},
		{`{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"dbadmin","AdminPassword":{},"Charset":"UTF8"}`, "PARAM-2", "InvalidParameter"},
		{`{"DBInstanceIdSet":[],"AdminName":"dbadmin","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`, "PARAM-IDS-1", "InvalidParameterValue.InvalidParameterValueError"},
		{`{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`, "PARAM-NAME-1", "InvalidParameterValue.InvalidAccountError"},
		{`{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"dbadmin","AdminPassword":"","Charset":"UTF8"}`, "PARAM-PWD-1", "InvalidParameterValue.InvalidPasswordLengthError"},
		{`{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"dbadmin","AdminPassword":"A8b!C2d#E4f&","Charset":""}`, "PARAM-CHARSET-1", "InvalidParameterValue.InvalidCharset"},
	} {
		_, v := rules.CheckInit(decode(tc.body))
		if assert.NotNil(t, v, tc.body) {
			assert.Equal(t, tc.rule, v.Rule, tc.body)
			assert.Equal(t, tc.code, v.Code, tc.body)
		}
	}
}

func TestBindStringLeaves(t *testing.T) {
	p := rules.Params{StringLeaves: true, Values: map[string]any{
		"Limit": "10", "Offset": "x",
	}}
	_, v := rules.Bind(p, rules.DescribeParams)
	require.NotNil(t, v, "Offset=x is not an integer")
	assert.Equal(t, "PARAM-2", v.Rule)
	p.Values["Offset"] = "0"
	b, v := rules.Bind(p, rules.DescribeParams)
	require.Nil(t, v)
	assert.Equal(t, uint64(10), b["Limit"])
	_, v = rules.Bind(rules.Params{Values: map[string]any{"Limit": "10"}}, rules.DescribeParams)
	assert.NotNil(t, v, "in JSON a string is not an integer")
	assert.NotNil(t, rules.CheckInstanceCount(0))
	assert.NotNil(t, rules.CheckInstanceCount(101))
	assert.Nil(t, rules.CheckInstanceCount(100))
}
