package spec_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/spec"
)

// contractRuleIDs is every rule id of CONTRACT.md, copied from it.
var contractRuleIDs = []string{
	"TRANS-1", "TRANS-2", "TRANS-3", "TRANS-4", "TRANS-5", "TRANS-6",
	"AUTH-1", "AUTH-2", "AUTH-3", "AUTH-4", "AUTH-5", "AUTH-6", "AUTH-7", "AUTH-8",
	"AUTH-V1-1", "AUTH-V1-2", "AUTH-V1-3", "AUTH-V1-4",
	"COMMON-1", "COMMON-2", "COMMON-3", "COMMON-4", "COMMON-5",
	"ORDER-1",
	"PARAM-1", "PARAM-2", "PARAM-3", "PARAM-4",
	"PARAM-IDS-1", "PARAM-IDS-2", "PARAM-IDS-3",
	"PARAM-NAME-1",
	"PARAM-PWD-1", "PARAM-PWD-2", "PARAM-PWD-3",
	"PARAM-CHARSET-1", "PARAM-CHARSET-2",
	"INST-1", "INST-2", "INST-3", "INST-4", "INST-5",
	"RATE-1", "RATE-2",
	"RESP-1", "RESP-2", "RESP-3", "RESP-4", "RESP-5", "RESP-6", "RESP-7",
	"SAFE-1", "SAFE-2", "SAFE-3",
}

// shouldRules are the rules CONTRACT.md marks SHOULD and nothing stronger.
var shouldRules = []string{
	"TRANS-6", "AUTH-6", "AUTH-7", "AUTH-8", "AUTH-V1-4", "COMMON-4", "COMMON-5",
	"ORDER-1", "PARAM-3", "PARAM-IDS-3", "PARAM-CHARSET-2", "RESP-6",
}

// actionCodes is the error-code table of the seed page (CONTRACT section 9).
var actionCodes = []string{
	"AuthFailure.UnauthorizedOperation", "FailedOperation.CamSigAndAuthError",
	"FailedOperation.DatabaseAccessError", "FailedOperation.FailedOperationError",
	"FailedOperation.FlowCreateError", "InternalError.DBError", "InternalError.SystemError",
	"InvalidParameter", "InvalidParameter.ParameterCheckError",
	"InvalidParameterValue.CharsetNotFoundError", "InvalidParameterValue.InstanceNotExist",
	"InvalidParameterValue.InvalidAccountError", "InvalidParameterValue.InvalidAccountFormat",
	"InvalidParameterValue.InvalidCharset", "InvalidParameterValue.InvalidParameterValueError",
	"InvalidParameterValue.InvalidPasswordFormat", "InvalidParameterValue.InvalidPasswordLengthError",
	"InvalidParameterValue.InvalidPasswordValueError", "InvalidParameterValue.ParameterCharacterLimitError",
	"InvalidParameterValue.ParameterCharacterPreLimitError", "InvalidParameterValue.ParameterHandleError",
	"OperationDenied.CamDeniedError", "OperationDenied.InstanceAccessDeniedError",
	"OperationDenied.InstanceStatusLimitOpError", "ResourceNotFound.InstanceNotFoundError",
	"ResourceUnavailable.InvalidInstanceStatus",
}

// sdkCodes are the four more codes the official Go SDK lists (CONTRACT section 9).
var sdkCodes = []string{
	"InternalError.InternalHttpServerError", "InvalidParameterValue.DecryptPasswordFailed",
	"InvalidParameterValue.InvalidAccountNameError",
	"InvalidParameterValue.InvalidAccountNameFormatError",
}

// commonCodes is the common error-code table (CONTRACT section 9).
var commonCodes = []string{
	"ActionOffline", "AuthFailure.InvalidAuthorization",
	"AuthFailure.InvalidSecretId", "AuthFailure.MFAFailure", "AuthFailure.SecretIdNotFound",
	"AuthFailure.SignatureExpire", "AuthFailure.SignatureFailure", "AuthFailure.TokenFailure",
	"AuthFailure.UnauthorizedOperation", "DryRunOperation", "FailedOperation", "InternalError",
	"InvalidAction", "InvalidParameter", "InvalidParameterValue", "InvalidRequest",
	"IpInBlacklist", "IpNotInWhitelist", "LimitExceeded", "MissingParameter", "NoSuchProduct",
	"NoSuchVersion", "RequestLimitExceeded", "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
	"RequestLimitExceeded.IPLimitExceeded", "RequestLimitExceeded.UinLimitExceeded",
	"RequestSizeLimitExceeded", "ResourceInUse", "ResourceInsufficient", "ResourceNotFound",
	"ResourceUnavailable", "ResponseSizeLimitExceeded", "ServiceUnavailable",
	"UnauthorizedOperation", "UnknownParameter", "UnsupportedOperation", "UnsupportedProtocol",
	"UnsupportedRegion",
}

// rulesNamingCodes are the rules of sections 1-7 whose text names an error
// code by name.
var rulesNamingCodes = []string{
	"TRANS-1", "TRANS-2", "TRANS-3", "TRANS-5",
	"AUTH-2", "AUTH-3", "AUTH-4", "AUTH-5", "AUTH-6",
	"AUTH-V1-1", "AUTH-V1-3", "AUTH-V1-4",
	"COMMON-1", "COMMON-2", "COMMON-3", "COMMON-4",
	"PARAM-1", "PARAM-2", "PARAM-3", "PARAM-4",
	"PARAM-IDS-1", "PARAM-IDS-2",
	"PARAM-NAME-1", "PARAM-PWD-1", "PARAM-PWD-2", "PARAM-PWD-3",
	"PARAM-CHARSET-1", "PARAM-CHARSET-2",
	"INST-1", "INST-2", "INST-4", "RATE-1",
}

func TestLoadValidates(t *testing.T) {
	doc, err := spec.Load()
	require.NoError(t, err)
	assert.Equal(t, "3.0.3", doc.OpenAPI, "3.0.x so that kin-openapi validates the whole document")

	again, err := spec.Load()
	require.NoError(t, err)
	assert.Same(t, doc, again, "the document is loaded once and shared")

	b := spec.Bytes()
	require.NotEmpty(t, b)
	b[0] ^= 0xff
	assert.NotEqual(t, b[0], spec.Bytes()[0], "Bytes returns a copy")

	root := doc.Paths.Find("/")
	require.NotNil(t, root, "TRANS-1: the one path /")
	assert.Len(t, doc.Paths.Map(), 1, "TRANS-1: no other path")
	assert.NotNil(t, root.Get, "TRANS-2: GET")
	assert.NotNil(t, root.Post, "TRANS-2: POST")
	assert.Len(t, root.Operations(), 2, "TRANS-2: only GET and POST")
	require.NotNil(t, root.Post.RequestBody)
	assert.ElementsMatch(t,
		[]string{"application/json", "application/x-www-form-urlencoded"},
		keys(root.Post.RequestBody.Value.Content), "TRANS-3: the two POST styles")
}

func TestRulesMatchContract(t *testing.T) {
	rules, err := spec.Rules()
	require.NoError(t, err)
	assert.ElementsMatch(t, contractRuleIDs, keys(rules), "x-tc-rules holds exactly the contract's rule ids")
	for id, r := range rules {
		assert.Equal(t, id, r.ID)
		want := spec.LevelMust
		if slices.Contains(shouldRules, id) {
			want = spec.LevelShould
		}
		assert.Equal(t, want, r.Level, "%s: level", id)
		for _, p := range r.AlsoAccepts {
			assert.True(t, p == "*" || (strings.HasSuffix(p, ".*") && len(p) > 2), "%s: also_accepts %q is a family", id, p)
		}
	}
}

func TestErrorCodesMatchContract(t *testing.T) {
	codes, err := spec.ErrorCodes()
	require.NoError(t, err)

	want := map[string][]string{}
	for _, table := range []struct {
		name  string
		codes []string
	}{{spec.TableAction, actionCodes}, {spec.TableSDK, sdkCodes}, {spec.TableCommon, commonCodes}} {
		for _, c := range table.codes {
			want[c] = append(want[c], table.name)
		}
	}
	got := map[string][]string{}
	for _, c := range codes {
		_, dup := got[c.Code]
		assert.False(t, dup, "%s listed once", c.Code)
		got[c.Code] = c.Tables
		assert.NotEmpty(t, c.Description, "%s: description", c.Code)
	}
	assert.ElementsMatch(t, keys(want), keys(got), "x-tc-error-codes holds exactly the three tables' codes")
	for code, tables := range want {
		assert.ElementsMatch(t, tables, got[code], "%s: tables", code)
	}
	assert.Len(t, codes, 26+4+38-2, "InvalidParameter and AuthFailure.UnauthorizedOperation are in two tables")
}

func TestErrorCodeRulesAreContractRules(t *testing.T) {
	codes, err := spec.ErrorCodes()
	require.NoError(t, err)
	rules, err := spec.Rules()
	require.NoError(t, err)
	for _, c := range codes {
		for _, id := range c.Rules {
			assert.Contains(t, rules, id, "%s: rule %s exists", c.Code, id)
		}
		for _, id := range c.PreferredFor {
			assert.Contains(t, c.Rules, id, "%s: preferred_for %s is among its rules", c.Code, id)
		}
		assert.Equal(t, len(c.Rules) == 0, c.ServerSide, "%s: server_side exactly when no rule names it", c.Code)
	}

	named := map[string]bool{}
	for _, c := range codes {
		for _, id := range c.Rules {
			named[id] = true
		}
	}
	for _, id := range rulesNamingCodes {
		assert.True(t, named[id], "%s names an error code, so some code references it", id)
	}
	for id := range named {
		assert.Contains(t, rulesNamingCodes, id, "%s is referenced by a code but does not name one", id)
	}
}

// TestPreferredCodes checks the SHOULD code of each rule against the
// contract's text, copied here literally.
func TestPreferredCodes(t *testing.T) {
	codes, err := spec.ErrorCodes()
	require.NoError(t, err)
	preferred := map[string][]string{}
	accepted := map[string][]string{}
	for _, c := range codes {
		for _, id := range c.PreferredFor {
			preferred[id] = append(preferred[id], c.Code)
		}
		for _, id := range c.Rules {
			accepted[id] = append(accepted[id], c.Code)
		}
	}
	for _, tc := range []struct {
		rule      string
		preferred []string
		accepted  []string
		reason    string
	}{
		{"TRANS-1", []string{"InvalidAction"}, nil, "other paths: InvalidAction"},
		{"TRANS-2", []string{"UnsupportedProtocol"}, nil, "other methods"},
		{"TRANS-3", []string{"InvalidParameter", "AuthFailure.InvalidAuthorization"}, []string{"MissingParameter"}, "other content type; unsigned breaks AUTH-2"},
		{"TRANS-5", []string{"RequestSizeLimitExceeded"}, nil, "size limits"},
		{"AUTH-2", []string{"AuthFailure.InvalidAuthorization"}, nil, "bad Authorization"},
		{"AUTH-3", []string{"AuthFailure.SecretIdNotFound"}, []string{"AuthFailure.InvalidSecretId"}, "unknown SecretId"},
		{"AUTH-4", []string{"AuthFailure.SignatureExpire", "MissingParameter", "InvalidParameter"}, nil, "timestamp"},
		{"AUTH-5", []string{"AuthFailure.SignatureFailure"}, nil, "signature mismatch"},
		{"AUTH-6", []string{"AuthFailure.TokenFailure"}, nil, "token"},
		{"AUTH-V1-1", []string{"MissingParameter", "InvalidParameter"}, nil, "v1 parameters"},
		{"AUTH-V1-3", []string{"AuthFailure.SecretIdNotFound", "AuthFailure.SignatureExpire", "AuthFailure.SignatureFailure"}, []string{"AuthFailure.InvalidSecretId"}, "AUTH-3..5 codes"},
		{"AUTH-V1-4", []string{"AuthFailure.SignatureFailure"}, nil, "replay"},
		{"COMMON-1", []string{"InvalidAction", "MissingParameter"}, nil, "Action"},
		{"COMMON-2", []string{"MissingParameter", "NoSuchVersion"}, nil, "Version"},
		{"COMMON-3", []string{"MissingParameter", "UnsupportedRegion"}, nil, "Region"},
		{"COMMON-4", []string{"InvalidParameterValue"}, nil, "Language"},
		{"PARAM-1", []string{"MissingParameter"}, nil, "required"},
		{"PARAM-2", []string{"InvalidParameter"}, nil, "wrong type"},
		{"PARAM-3", []string{"UnknownParameter"}, nil, "unknown parameter"},
		{"PARAM-4", []string{"InvalidParameter"}, nil, "not an object"},
		{"PARAM-IDS-1", nil, []string{"MissingParameter"}, "no SHOULD code; families in also_accepts"},
		{"PARAM-IDS-2", []string{"ResourceNotFound.InstanceNotFoundError"}, []string{"InvalidParameterValue.InstanceNotExist"}, "malformed id"},
		{"PARAM-NAME-1", []string{"InvalidParameterValue.InvalidAccountError"}, []string{
			"InvalidParameterValue.InvalidAccountFormat", "InvalidParameterValue.InvalidAccountNameError",
			"InvalidParameterValue.InvalidAccountNameFormatError", "MissingParameter"}, "account family; empty name"},
		{"PARAM-PWD-1", []string{"InvalidParameterValue.InvalidPasswordLengthError"}, []string{"MissingParameter"}, "length; empty password"},
		{"PARAM-PWD-2", []string{"InvalidParameterValue.InvalidPasswordValueError"}, nil, "classes"},
		{"PARAM-PWD-3", []string{"InvalidParameterValue.InvalidPasswordFormat"}, []string{
			"InvalidParameterValue.InvalidPasswordLengthError", "InvalidParameterValue.InvalidPasswordValueError"}, "password family"},
		{"PARAM-CHARSET-1", nil, []string{"InvalidParameterValue.InvalidCharset", "InvalidParameterValue.CharsetNotFoundError", "MissingParameter"}, "two equal codes; empty charset"},
		{"PARAM-CHARSET-2", nil, []string{"InvalidParameterValue.InvalidCharset", "InvalidParameterValue.CharsetNotFoundError"}, "the PARAM-CHARSET-1 codes"},
		{"INST-1", []string{"ResourceNotFound.InstanceNotFoundError"}, []string{"InvalidParameterValue.InstanceNotExist"}, "missing instance"},
		{"INST-2", []string{"OperationDenied.InstanceStatusLimitOpError"}, []string{"ResourceUnavailable.InvalidInstanceStatus"}, "status"},
		{"INST-4", []string{"OperationDenied.InstanceStatusLimitOpError"}, []string{"ResourceUnavailable.InvalidInstanceStatus"}, "second init"},
		{"RATE-1", []string{"RequestLimitExceeded"}, nil, "rate limit"},
	} {
		t.Run(tc.rule, func(t *testing.T) {
			assert.ElementsMatch(t, tc.preferred, preferred[tc.rule], tc.reason)
			assert.ElementsMatch(t, append(slices.Clone(tc.preferred), tc.accepted...), accepted[tc.rule], tc.reason)
		})
	}
}

func TestActions(t *testing.T) {
	actions, err := spec.Actions()
	require.NoError(t, err)
	assert.Equal(t, map[string]spec.Action{
		"InitDBInstances":     {Name: "InitDBInstances", Request: "InitDBInstancesRequest", Response: "InitDBInstancesResponse"},
		"CreateDBInstances":   {Name: "CreateDBInstances", Request: "CreateDBInstancesRequest", Response: "CreateDBInstancesResponse"},
		"DescribeDBInstances": {Name: "DescribeDBInstances", Request: "DescribeDBInstancesRequest", Response: "DescribeDBInstancesResponse"},
	}, actions)

	// The helper schemas' own examples validate (kin-openapi checks them too).
	for _, a := range actions {
		for _, name := range []string{a.Request, a.Response} {
			s, err := spec.Schema(name)
			require.NoError(t, err)
			if s.Example != nil {
				assert.NoError(t, s.VisitJSON(normalize(t, s.Example)), "%s example", name)
			}
		}
	}

	create, err := spec.Schema("CreateDBInstancesRequest")
	require.NoError(t, err)
	assert.Error(t, create.VisitJSON(jsonValue(t, `{"InstanceCount":101}`)), "InstanceCount is 1-100")
	assert.Error(t, create.VisitJSON(jsonValue(t, `{"InstanceCount":0}`)), "InstanceCount is 1-100")
	assert.Error(t, create.VisitJSON(jsonValue(t, `{"InstanceCount":"2"}`)), "types are checked")
}

func TestSchemaUnknown(t *testing.T) {
	_, err := spec.Schema("NoSuchSchema")
	assert.Error(t, err)
}

// validRequest is the seed's second example with a valid password (the
// seed's testuser%40123 breaks PARAM-PWD-2).
const validRequest = `{
  "DBInstanceIdSet": ["postgres-6fego161", "postgres-lnp6j617"],
  "AdminName": "testuser",
  "AdminPassword": "A8b!C2d#E4f&",
  "Charset": "UTF8"
}`

func TestRequestSchema(t *testing.T) {
	schema, err := spec.Schema("InitDBInstancesRequest")
	require.NoError(t, err)

	for _, body := range []string{
		validRequest,
		`{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"testuser","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`,
		`{"DBInstanceIdSet":["postgres-6fego161","postgres-6fego161"],"AdminName":"_x","AdminPassword":"A8b!C2d#E4f&","Charset":"LATIN1"}`,
	} {
		assert.NoError(t, schema.VisitJSON(jsonValue(t, body)), body)
	}

	ids := func(n int) []any {
		out := make([]any, n)
		for i := range out {
			out[i] = fmt.Sprintf("postgres-%08d", i)
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		mutate func(map[string]any)
		reason string // the contract rule the value breaks
		rule   string // the rule the failing keyword names
	}{
		{"no ids", set("DBInstanceIdSet", []any{}), "PARAM-IDS-1: 1 to 100 ids", "PARAM-IDS-1"},
		{"101 ids", set("DBInstanceIdSet", ids(101)), "PARAM-IDS-1: at most 100 ids", "PARAM-IDS-1"},
		{"malformed id", set("DBInstanceIdSet", []any{"postgres-ABC"}), "PARAM-IDS-2: postgres- and 8 of [a-z0-9]", "PARAM-IDS-2"},
		{"id upper case", set("DBInstanceIdSet", []any{"postgres-6FEGO161"}), "PARAM-IDS-2: lower case only", "PARAM-IDS-2"},
		{"ids a string", set("DBInstanceIdSet", "postgres-6fego161"), "PARAM-2: a string for the array", "PARAM-2"},
		{"id a number", set("DBInstanceIdSet", []any{1}), "PARAM-2: a number in the array", "PARAM-2"},
		{"name 17 chars", set("AdminName", strings.Repeat("a", 17)), "PARAM-NAME-1: at most 16 characters", "PARAM-NAME-1"},
		{"name empty", set("AdminName", ""), "PARAM-NAME-1: an empty name is a present value", "PARAM-NAME-1"},
		{"name digit first", set("AdminName", "1abc"), "PARAM-NAME-1: does not begin with a digit", "PARAM-NAME-1"},
		{"name hyphen", set("AdminName", "test-user"), "PARAM-NAME-1: letters, digits and _", "PARAM-NAME-1"},
		{"name postgres", set("AdminName", "postgres"), "PARAM-NAME-1: not postgres", "PARAM-NAME-1"},
		{"name POSTGRES", set("AdminName", "POSTGRES"), "PARAM-NAME-1: case-insensitive", "PARAM-NAME-1"},
		{"name pg_ prefix", set("AdminName", "pg_admin"), "PARAM-NAME-1: does not begin with pg_", "PARAM-NAME-1"},
		{"name Pg_ prefix", set("AdminName", "Pg_x"), "PARAM-NAME-1: case-insensitive", "PARAM-NAME-1"},
		{"name a number", set("AdminName", 12), "PARAM-2: a number for a string", "PARAM-2"},
		{"name null", set("AdminName", nil), "PARAM-2: null", "PARAM-2"},
		{"password 7 chars", set("AdminPassword", "A8b!C2d"), "PARAM-PWD-1: at least 8 characters", "PARAM-PWD-1"},
		{"password 33 chars", set("AdminPassword", "A8b!C2d#"+strings.Repeat("x", 25)), "PARAM-PWD-1: at most 32 characters", "PARAM-PWD-1"},
		{"password empty", set("AdminPassword", ""), "PARAM-PWD-1: an empty password is a present value", "PARAM-PWD-1"},
		{"password space", set("AdminPassword", "A8b! C2d#E4f"), "PARAM-PWD-3: a space is outside the classes", "PARAM-PWD-3"},
		{"password quote", set("AdminPassword", `A8b!"C2d#E4f`), `PARAM-PWD-3: " is outside the classes`, "PARAM-PWD-3"},
		{"password backslash", set("AdminPassword", `A8b!\C2d#E4f`), `PARAM-PWD-3: \ is outside the classes`, "PARAM-PWD-3"},
		{"password non-ASCII", set("AdminPassword", "A8b!éC2d#E4f"), "PARAM-PWD-3: non-ASCII is outside the classes", "PARAM-PWD-3"},
		{"password control", set("AdminPassword", "A8b!\tC2d#E4f"), "PARAM-PWD-3: a control character", "PARAM-PWD-3"},
		{"password leading slash", set("AdminPassword", "/A8b!C2d#E4f"), "PARAM-PWD-2: does not begin with /", "PARAM-PWD-2"},
		{"password seed example", set("AdminPassword", "testuser%40123"), "PARAM-PWD-2: the seed's password has no upper-case letter", "PARAM-PWD-2"},
		{"password no lower", set("AdminPassword", "A8B!C2D#E4F&"), "PARAM-PWD-2: a lower-case letter", "PARAM-PWD-2"},
		{"password no digit", set("AdminPassword", "Aab!Ccd#Eef&"), "PARAM-PWD-2: a digit", "PARAM-PWD-2"},
		{"password no symbol", set("AdminPassword", "A8bxC2dyE4fz"), "PARAM-PWD-2: a symbol", "PARAM-PWD-2"},
		{"charset lower case", set("Charset", "utf8"), "PARAM-CHARSET-2: utf8 is refused", "PARAM-CHARSET-1"},
		{"charset latin1", set("Charset", "latin1"), "PARAM-CHARSET-2: latin1 is refused", "PARAM-CHARSET-1"},
		{"charset other", set("Charset", "GBK"), "PARAM-CHARSET-1: UTF8 or LATIN1", "PARAM-CHARSET-1"},
		{"charset empty", set("Charset", ""), "PARAM-CHARSET-1: an empty charset is a present value", "PARAM-CHARSET-1"},
		{"charset object", set("Charset", map[string]any{}), "PARAM-2: an object for a string", "PARAM-2"},
		{"extra property", set("Extra", "x"), "PARAM-3: a parameter the action does not define", "PARAM-3"},
		{"common parameter in body", set("Region", "ap-guangzhou"), "PARAM-3: common parameters are not body parameters", "PARAM-3"},
		{"missing ids", del("DBInstanceIdSet"), "PARAM-1: DBInstanceIdSet is required", "PARAM-1"},
		{"missing name", del("AdminName"), "PARAM-1: AdminName is required", "PARAM-1"},
		{"missing password", del("AdminPassword"), "PARAM-1: AdminPassword is required", "PARAM-1"},
		{"missing charset", del("Charset"), "PARAM-1: Charset is required", "PARAM-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body := jsonValue(t, validRequest).(map[string]any)
			tc.mutate(body)
			err := schema.VisitJSON(normalize(t, body))
			require.Error(t, err, tc.reason)
			assert.Contains(t, spec.RulesOf(err), tc.rule, tc.reason)
		})
	}

	for _, body := range []string{`[]`, `"x"`, `1`, `null`} {
		err := schema.VisitJSON(jsonValue(t, body))
		require.Error(t, err, "PARAM-4: a body that is not a JSON object")
		assert.Contains(t, spec.RulesOf(err), "PARAM-4", body)
	}
}

func TestAdminNameAccepted(t *testing.T) {
	schema, err := spec.Schema("AdminName")
	require.NoError(t, err)
	for _, name := range []string{
		"a", "_", "_1", "testuser", "Test_User_9", strings.Repeat("a", 16),
		"postgres1", "postgre", "xpostgres", "pgadmin", "p_g", "pg", "tencentdb_x",
	} {
		assert.NoError(t, schema.VisitJSON(name), "PARAM-NAME-1 accepts %q", name)
	}
}

func TestAdminPasswordSymbols(t *testing.T) {
	schema, err := spec.Schema("AdminPassword")
	require.NoError(t, err)
	// Every symbol of PARAM-PWD-2, as the contract lists them.
	for _, sym := range "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/" {
		pw := "Aa1" + string(sym) + "bbbb"
		assert.NoError(t, schema.VisitJSON(pw), "PARAM-PWD-2: %q is a symbol", sym)
	}
	assert.NoError(t, schema.VisitJSON("Aa1!"+strings.Repeat("b", 28)), "PARAM-PWD-1: 32 characters")
	assert.NoError(t, schema.VisitJSON("a/A1bbbb"), "PARAM-PWD-2: / later than first is fine")
}

func TestLengthsCountCodePoints(t *testing.T) {
	// The schemas' minLength/maxLength count code points in kin-openapi, as
	// the contract counts characters.
	s := openapi3.NewStringSchema().WithMinLength(3).WithMaxLength(3)
	assert.NoError(t, s.VisitJSON("ééé"))
	assert.NoError(t, s.VisitJSON("日本語"))
}

func TestResponseSchemas(t *testing.T) {
	success, err := spec.Schema("InitDBInstancesResponse")
	require.NoError(t, err)
	failure, err := spec.Schema("ErrorResponse")
	require.NoError(t, err)
	result, err := spec.Schema("InitDBInstancesResult")
	require.NoError(t, err)

	for _, body := range []string{
		`{"Response":{"RequestId":"98fe67de-f7a7-4285-b1f2-40c2a2a3495e","DBInstanceIdSet":["postgres-6fego161"]}}`,
		`{"Response":{"RequestId":"5b895b34-5448-4c55-9ad1-a61427c15837","DBInstanceIdSet":["postgres-lnp6j617","postgres-6fego161"]}}`,
	} {
		v := jsonValue(t, body)
		assert.NoError(t, success.VisitJSON(v), "seed example: %s", body)
		assert.NoError(t, result.VisitJSON(v), "seed example: %s", body)
		assert.Error(t, failure.VisitJSON(v), "a success is not an error")
	}

	errorBody := `{"Response":{"Error":{"Code":"ResourceNotFound.InstanceNotFoundError","Message":"The instance does not exist."},"RequestId":"3c1e7f0a-95d2-4b6e-8f47-0a9d2c5b7e13"}}`
	assert.NoError(t, failure.VisitJSON(jsonValue(t, errorBody)))
	assert.NoError(t, result.VisitJSON(jsonValue(t, errorBody)))
	assert.Error(t, success.VisitJSON(jsonValue(t, errorBody)), "an error is not a success")

	for _, tc := range []struct {
		name   string
		schema *openapi3.Schema
		body   string
		reason string
		rule   string
	}{
		{"error with extra field", failure,
			`{"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":"r","DBInstanceIdSet":[]}}`,
			"RESP-2: nothing at Response level but Error and RequestId", "RESP-2"},
		{"error empty code", failure,
			`{"Response":{"Error":{"Code":"","Message":"x"},"RequestId":"r"}}`, "RESP-2: Code is non-empty", "RESP-2"},
		{"error no message", failure,
			`{"Response":{"Error":{"Code":"InternalError"},"RequestId":"r"}}`, "RESP-2: Message is required", "RESP-2"},
		{"error numeric code", failure,
			`{"Response":{"Error":{"Code":1,"Message":"x"},"RequestId":"r"}}`, "RESP-2: Code is a string", "RESP-2"},
		{"error without RequestId", failure,
			`{"Response":{"Error":{"Code":"InternalError","Message":"x"}}}`, "RESP-2: RequestId is required", "RESP-2"},
		{"error RequestId number", failure,
			`{"Response":{"Error":{"Code":"InternalError","Message":"x"},"RequestId":1}}`, "RESP-1: RequestId is a string", "RESP-1"},
		{"no envelope", failure, `{"Error":{"Code":"InternalError","Message":"x"}}`, "RESP-1: the Response object", "RESP-1"},
		{"success with Error", success,
			`{"Response":{"DBInstanceIdSet":["postgres-6fego161"],"RequestId":"r","Error":{"Code":"x","Message":"y"}}}`,
			"RESP-3: a success has no Error", "RESP-3"},
		{"success without ids", success, `{"Response":{"RequestId":"r"}}`, "RESP-3: DBInstanceIdSet is required", "RESP-3"},
		{"success ids not strings", success, `{"Response":{"RequestId":"r","DBInstanceIdSet":[1]}}`, "RESP-3: an array of strings", "RESP-3"},
		{"success without RequestId", success, `{"Response":{"DBInstanceIdSet":[]}}`, "RESP-3: RequestId is required", "RESP-3"},
		{"not an object", result, `[]`, "RESP-1: a JSON object", "RESP-1"},
		{"mixture", result,
			`{"Response":{"DBInstanceIdSet":[],"RequestId":"r","Error":{"Code":"x","Message":"y"}}}`,
			"RESP-2, RESP-3: neither envelope", "RESP-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.schema.VisitJSON(jsonValue(t, tc.body))
			require.Error(t, err, tc.reason)
			assert.Contains(t, spec.RulesOf(err), tc.rule, tc.reason)
		})
	}
}

// TestDocumentExamples validates every example of the InitDBInstances
// operations against its schema: the seed's examples with a valid password.
func TestDocumentExamples(t *testing.T) {
	doc, err := spec.Load()
	require.NoError(t, err)
	root := doc.Paths.Find("/")
	n := 0
	for mt, media := range root.Post.RequestBody.Value.Content {
		for name, ex := range media.Examples {
			assert.NoError(t, media.Schema.Value.VisitJSON(normalize(t, ex.Value.Value)), "%s %s", mt, name)
			n++
		}
	}
	resp := root.Post.Responses.Status(200)
	require.NotNil(t, resp)
	for name, ex := range resp.Value.Content["application/json"].Examples {
		assert.NoError(t, resp.Value.Content["application/json"].Schema.Value.VisitJSON(normalize(t, ex.Value.Value)), name)
		n++
	}
	assert.Equal(t, 6, n, "three request and three response examples")

	single := root.Post.RequestBody.Value.Content["application/json"].Examples["single"].Value.Value
	assert.Equal(t, map[string]any{
		"DBInstanceIdSet": []any{"postgres-6fego161"},
		"AdminName":       "testuser",
		"AdminPassword":   "A8b!C2d#E4f&",
		"Charset":         "UTF8",
	}, normalize(t, single))
}

// TestExtensionsNameKnownRules walks every schema, parameter and security
// scheme and checks that x-tc-rules and x-tc-keyword-rules name contract
// rules and x-tc-required-in-styles names declared styles.
func TestExtensionsNameKnownRules(t *testing.T) {
	doc, err := spec.Load()
	require.NoError(t, err)
	rules, err := spec.Rules()
	require.NoError(t, err)

	var styles []struct {
		ID string `json:"id"`
	}
	b, err := json.Marshal(doc.Extensions["x-tc-request-styles"])
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &styles))
	var styleIDs []string
	for _, s := range styles {
		styleIDs = append(styleIDs, s.ID)
	}
	assert.ElementsMatch(t, []string{"tc3-json-post", "tc3-get", "v1-get", "v1-form-post"}, styleIDs, "TRANS-3")

	checkExt := func(where string, ext map[string]any) {
		if list, ok := ext["x-tc-rules"]; ok {
			items, ok := list.([]any)
			require.True(t, ok, "%s: x-tc-rules is a list", where)
			for _, id := range items {
				assert.Contains(t, rules, id, "%s: x-tc-rules", where)
			}
		}
		if m, ok := ext["x-tc-keyword-rules"]; ok {
			kw, ok := m.(map[string]any)
			require.True(t, ok, "%s: x-tc-keyword-rules is a map", where)
			for k, id := range kw {
				assert.Contains(t, rules, id, "%s: x-tc-keyword-rules[%s]", where, k)
			}
		}
		if list, ok := ext["x-tc-required-in-styles"]; ok {
			for _, s := range list.([]any) {
				assert.Contains(t, styleIDs, s, "%s: x-tc-required-in-styles", where)
			}
		}
	}

	seen := map[*openapi3.Schema]bool{}
	var walk func(where string, ref *openapi3.SchemaRef)
	walk = func(where string, ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		checkExt(where, s.Extensions)
		for name, p := range s.Properties {
			walk(where+"/"+name, p)
		}
		walk(where+"/items", s.Items)
		walk(where+"/not", s.Not)
		walk(where+"/additionalProperties", s.AdditionalProperties.Schema)
		for i, sub := range slices.Concat(s.AllOf, s.AnyOf, s.OneOf) {
			walk(fmt.Sprintf("%s/xOf/%d", where, i), sub)
		}
	}
	for name, s := range doc.Components.Schemas {
		walk(name, s)
	}
	for name, p := range doc.Components.Parameters {
		checkExt("parameter "+name, p.Value.Extensions)
		assert.NotEmpty(t, p.Value.Description, "parameter %s", name)
	}
	for name, s := range doc.Components.SecuritySchemes {
		checkExt("security scheme "+name, s.Value.Extensions)
	}
	assert.NotEmpty(t, seen)
}

// TestHeaderParametersOptional: a header is required by a style, never by
// the operation (the styles share operations).
func TestHeaderParametersOptional(t *testing.T) {
	doc, err := spec.Load()
	require.NoError(t, err)
	for name, p := range doc.Components.Parameters {
		if p.Value.In == openapi3.ParameterInHeader {
			assert.False(t, p.Value.Required, name)
		}
	}
	region, err := spec.Schema("Region")
	require.NoError(t, err)
	assert.Len(t, region.Enum, 18, "COMMON-3: the 18 PostgreSQL regions")
}

func TestAuthorizationPattern(t *testing.T) {
	doc, err := spec.Load()
	require.NoError(t, err)
	tc3 := doc.Components.SecuritySchemes["TC3"].Value
	assert.Equal(t, "Authorization", tc3.Name)
	pattern, ok := tc3.Extensions["x-tc-pattern"].(string)
	require.True(t, ok)
	re, err := regexp.Compile(pattern)
	require.NoError(t, err, "the pattern is RE2")

	sig := strings.Repeat("0123456789abcdef", 4)
	for _, tc := range []struct {
		header string
		ok     bool
		reason string
	}{
		{"TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2021-11-16/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + sig, true, "AUTH-1: the SDK's shape"},
		{"TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2021-11-16/postgres/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=" + sig, true, "AUTH-1: more signed headers"},
		{"HMAC-SHA256 Credential=AKIDEXAMPLE/2021-11-16/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + sig, false, "AUTH-2: another algorithm"},
		{"TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2021-11-16/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + sig, false, "AUTH-5: another service"},
		{"TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2021-11-16/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + strings.ToUpper(sig), false, "AUTH-2: lower-case hex"},
		{"TC3-HMAC-SHA256 Credential=AKIDEXAMPLE/2021-11-16/postgres/tc3_request, Signature=" + sig, false, "AUTH-2: no SignedHeaders"},
	} {
		assert.Equal(t, tc.ok, re.MatchString(tc.header), tc.reason)
	}
}

// TestConcurrentValidation shares the loaded document between goroutines;
// run with -race (older kin-openapi releases raced on lazily compiled
// patterns).
func TestConcurrentValidation(t *testing.T) {
	schema, err := spec.Schema("InitDBInstancesRequest")
	require.NoError(t, err)
	good := jsonValue(t, validRequest)
	bad := jsonValue(t, `{"DBInstanceIdSet":["postgres-ABC"],"AdminName":"pg_x","AdminPassword":"short","Charset":"utf8"}`)
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Go(func() {
			v := good
			if i%2 == 1 {
				v = bad
			}
			if err := schema.VisitJSON(v, openapi3.MultiErrors()); (err != nil) != (i%2 == 1) {
				errs[i] = fmt.Errorf("goroutine %d: unexpected result %v", i, err)
			}
			if _, err := spec.ErrorCodes(); err != nil {
				errs[i] = err
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		assert.NoError(t, err)
	}
}

func TestRulesOfMultiErrors(t *testing.T) {
	schema, err := spec.Schema("InitDBInstancesRequest")
	require.NoError(t, err)
	err = schema.VisitJSON(jsonValue(t,
		`{"DBInstanceIdSet":[],"AdminName":"pg_x","AdminPassword":"A8b! C2d#E4f","Charset":"utf8","X":1}`),
		openapi3.MultiErrors())
	require.Error(t, err)
	assert.Subset(t, spec.RulesOf(err),
		[]string{"PARAM-IDS-1", "PARAM-NAME-1", "PARAM-PWD-3", "PARAM-CHARSET-1", "PARAM-3"})
	assert.Empty(t, spec.RulesOf(nil))
	assert.Empty(t, spec.RulesOf(fmt.Errorf("not a schema error")))
}

func set(key string, value any) func(map[string]any) {
	return func(m map[string]any) { m[key] = value }
}

func del(key string) func(map[string]any) {
	return func(m map[string]any) { delete(m, key) }
}

func jsonValue(t testing.TB, s string) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal([]byte(s), &v), s)
	return v
}

// normalize turns a Go value into what encoding/json decodes it to, the
// form kin-openapi's VisitJSON expects.
func normalize(t testing.TB, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return jsonValue(t, string(b))
}

func keys[M ~map[string]V, V any](m M) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
