package conformance

import (
	"strings"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// The code families of CONTRACT §4, written out literally.
var (
	accountFamily = []string{"InvalidParameterValue.InvalidAccountError", "InvalidParameterValue.InvalidAccountFormat",
		"InvalidParameterValue.InvalidAccountNameError", "InvalidParameterValue.InvalidAccountNameFormatError"}
	passwordFamily = []string{"InvalidParameterValue.InvalidPasswordFormat", "InvalidParameterValue.InvalidPasswordLengthError",
		"InvalidParameterValue.InvalidPasswordValueError"}
	charsetCodes = []string{"InvalidParameterValue.InvalidCharset", "InvalidParameterValue.CharsetNotFoundError"}
)

// valueCase is one bad (or boundary) value of one parameter.
type valueCase struct {
	rule, slug, title string
	level             Level
	param             string
	value             any
	want              func(x *exec) expect
}

func must(codes ...string) func(*exec) expect { return func(*exec) expect { return accept(codes...) } }

func paramCases() []tcase {
	const area = "Parameters"
	var out []tcase
	valid := func(x *exec) expect { return x.ok() }
	account := func(*exec) expect {
		return accept(accountFamily...).prefer("InvalidParameterValue.InvalidAccountError")
	}
	pwdLength := must("InvalidParameterValue.InvalidPasswordLengthError")
	pwdValue := must("InvalidParameterValue.InvalidPasswordValueError")
	pwdFormat := func(*exec) expect {
		return accept(passwordFamily...).prefer("InvalidParameterValue.InvalidPasswordFormat")
	}
	charset := must(charsetCodes...)

	values := []valueCase{
		{"PARAM-NAME-1", "sixteen-characters", "an AdminName of 16 characters is accepted", MUST, "AdminName", "abcdefghijklmnop", valid},
		{"PARAM-NAME-1", "underscore-first", "an AdminName beginning with _ is accepted", MUST, "AdminName", "_admin9", valid},
		{"PARAM-NAME-1", "postgres-prefix", "postgres1 (only postgres itself is reserved) is accepted", MUST, "AdminName", "postgres1", valid},
		{"PARAM-NAME-1", "seventeen-characters", "an AdminName of 17 characters is refused", MUST, "AdminName", "abcdefghijklmnopq", account},
		{"PARAM-NAME-1", "empty", "an empty AdminName is refused", MUST, "AdminName", "", func(*exec) expect {
			return accept(append(accountFamily, "MissingParameter")...).prefer("InvalidParameterValue.InvalidAccountError")
		}},
		{"PARAM-NAME-1", "postgres", "AdminName postgres is refused", MUST, "AdminName", "postgres", account},
		{"PARAM-NAME-1", "POSTGRES", "AdminName POSTGRES is refused (case-insensitive)", MUST, "AdminName", "POSTGRES", account},
		{"PARAM-NAME-1", "pg-prefix", "AdminName pg_admin is refused", MUST, "AdminName", "pg_admin", account},
		{"PARAM-NAME-1", "Pg-prefix", "AdminName Pg_x is refused (case-insensitive)", MUST, "AdminName", "Pg_x", account},
		{"PARAM-NAME-1", "digit-first", "AdminName 1admin is refused", MUST, "AdminName", "1admin", account},
		{"PARAM-NAME-1", "hyphen", "AdminName db-admin is refused", MUST, "AdminName", "db-admin", account},
		{"PARAM-NAME-1", "non-ascii", "AdminName dbädmin is refused", MUST, "AdminName", "dbädmin", account},

		{"PARAM-PWD-1", "eight-characters", "a password of 8 characters is accepted", MUST, "AdminPassword", "Aa1!bcde", valid},
		{"PARAM-PWD-1", "thirty-two-characters", "a password of 32 characters is accepted", MUST, "AdminPassword", "Aa1!" + strings.Repeat("b", 28), valid},
		{"PARAM-PWD-1", "seven-characters", "a password of 7 characters is refused", MUST, "AdminPassword", "Aa1!bcd", pwdLength},
		{"PARAM-PWD-1", "thirty-three-characters", "a password of 33 characters is refused", MUST, "AdminPassword", "Aa1!" + strings.Repeat("b", 29), pwdLength},
		{"PARAM-PWD-1", "empty", "an empty password is refused", MUST, "AdminPassword", "", func(*exec) expect {
			return accept("InvalidParameterValue.InvalidPasswordLengthError", "MissingParameter").prefer("InvalidParameterValue.InvalidPasswordLengthError")
		}},
		{"PARAM-PWD-2", "seed-example", "the seed's example password testuser@123 (no upper case) is refused", MUST, "AdminPassword", "testuser@123", pwdValue},
		{"PARAM-PWD-2", "no-upper", "a password without an upper-case letter is refused", MUST, "AdminPassword", "aa1!bcdef", pwdValue},
		{"PARAM-PWD-2", "no-lower", "a password without a lower-case letter is refused", MUST, "AdminPassword", "AA1!BCDEF", pwdValue},
		{"PARAM-PWD-2", "no-digit", "a password without a digit is refused", MUST, "AdminPassword", "Aab!bcdef", pwdValue},
		{"PARAM-PWD-2", "no-symbol", "a password without a symbol is refused", MUST, "AdminPassword", "Aa1bbcdef", pwdValue},
		{"PARAM-PWD-2", "leading-slash", "a password beginning with / is refused", MUST, "AdminPassword", "/Aa1!bcdef", pwdValue},
		{"PARAM-PWD-3", "space", "a password with a space is refused", SHOULD, "AdminPassword", "Aa1! bcdef", pwdFormat},
		{"PARAM-PWD-3", "double-quote", `a password with " is refused`, SHOULD, "AdminPassword", `Aa1!"bcdef`, pwdFormat},
		{"PARAM-PWD-3", "backslash", `a password with \ is refused`, SHOULD, "AdminPassword", `Aa1!\bcdef`, pwdFormat},
		{"PARAM-PWD-3", "non-ascii", "a password with é is refused", SHOULD, "AdminPassword", "Aa1!ébcdef", pwdFormat},
		{"PARAM-PWD-3", "control", "a password with a tab is refused", SHOULD, "AdminPassword", "Aa1!\tbcdef", pwdFormat},
		{"PARAM-PWD-3", "characters-not-bytes", "24 characters of 44 bytes: the length counts characters, the é is what is wrong", SHOULD, "AdminPassword", "Aa1!" + strings.Repeat("é", 20), pwdFormat},

		{"PARAM-CHARSET-1", "latin1", "Charset LATIN1 is accepted", MUST, "Charset", "LATIN1", valid},
		{"PARAM-CHARSET-1", "utf-8", "Charset UTF-8 is refused", MUST, "Charset", "UTF-8", charset},
		{"PARAM-CHARSET-1", "gbk", "Charset GBK is refused", MUST, "Charset", "GBK", charset},
		{"PARAM-CHARSET-1", "empty", "an empty Charset is refused", MUST, "Charset", "", must(append(charsetCodes, "MissingParameter")...)},
		{"PARAM-CHARSET-2", "utf8-lower", "Charset utf8 (lower case) is refused", SHOULD, "Charset", "utf8", charset},
		{"PARAM-CHARSET-2", "latin1-lower", "Charset latin1 (lower case) is refused", SHOULD, "Charset", "latin1", charset},

		{"PARAM-IDS-2", "upper-case", "an id with upper case cannot exist", MUST, "DBInstanceIdSet", []string{"postgres-6FEGO161"}, idShape},
		{"PARAM-IDS-2", "short", "an id of 7 characters after postgres- cannot exist", MUST, "DBInstanceIdSet", []string{"postgres-6fego16"}, idShape},
		{"PARAM-IDS-2", "other-product", "a mysql id cannot exist", MUST, "DBInstanceIdSet", []string{"cdb-6fego161"}, idShape},
		{"PARAM-IDS-1", "empty", "an empty DBInstanceIdSet is refused", MUST, "DBInstanceIdSet", []string{}, must("MissingParameter", "InvalidParameter*", "InvalidParameterValue*")},
		{"PARAM-IDS-1", "over-hundred", "101 ids are refused", MUST, "DBInstanceIdSet", nil, must("InvalidParameterValue*")},
	}
	for _, vc := range values {
		for _, style := range []wire.Style{tc3JSON, v1GET} {
			// An empty array cannot be flattened: in a query it is a missing parameter.
			if vc.slug == "empty" && vc.param == "DBInstanceIdSet" && style != tc3JSON {
				continue
			}
			out = append(out, one(vc.rule+"/"+vc.slug+"/"+string(style), vc.title, area, vc.level, []string{vc.rule},
				func(x *exec) (client.Request, expect) {
					req := initReq(style, nil)
					switch {
					case vc.param == "DBInstanceIdSet" && vc.value == nil:
						req.Params = initParams(x.absentIDs(101))
						x.absent = false // an INST-1 answer here is a failure, not inconclusive
					case vc.param == "DBInstanceIdSet":
						req.Params = with(initParams(nil), "DBInstanceIdSet", vc.value)
					default:
						req.Params = with(initParams(x.ids(1)), vc.param, vc.value)
					}
					return req, vc.want(x)
				}))
		}
	}
	for _, name := range []string{"DBInstanceIdSet", "AdminName", "AdminPassword", "Charset"} {
		for _, style := range []wire.Style{tc3JSON, v1Form} {
			out = append(out, one("PARAM-1/missing-"+strings.ToLower(name)+"/"+string(style), "a request without "+name+" is refused", area, MUST, []string{"PARAM-1"},
				func(x *exec) (client.Request, expect) {
					return client.Request{Style: style, Action: "InitDBInstances", Params: with(initParams(x.ids(1)), name, absentParam)}, accept("MissingParameter")
				}))
		}
	}
	wrongType := accept("InvalidParameter", "InvalidParameter.*")
	for _, tc := range []struct {
		slug, param string
		value       any
	}{
		{"ids-as-string", "DBInstanceIdSet", "postgres-6fego161"},
		{"ids-of-numbers", "DBInstanceIdSet", []int{1, 2}},
		{"ids-as-object", "DBInstanceIdSet", map[string]any{"0": "postgres-6fego161"}},
		{"name-as-number", "AdminName", 42},
		{"name-null", "AdminName", nil},
		{"password-as-object", "AdminPassword", map[string]any{}},
		{"password-as-bool", "AdminPassword", true},
		{"charset-as-array", "Charset", []string{"UTF8"}},
	} {
		out = append(out, one("PARAM-2/"+tc.slug, tc.param+" of the wrong JSON type is refused", area, MUST, []string{"PARAM-2"},
			func(x *exec) (client.Request, expect) {
				params := initParams(x.ids(1))
				if tc.param == "DBInstanceIdSet" {
					params = initParams(nil)
				}
				return client.Request{Style: tc3JSON, Action: "InitDBInstances", Params: with(params, tc.param, tc.value)}, wrongType
			}))
	}
	out = append(out, one("PARAM-2/array-for-string/v1-get", "AdminName.0 (an array where a string is due) is refused", area, MUST, []string{"PARAM-2"},
		func(x *exec) (client.Request, expect) {
			return initReqWith(v1GET, x.ids(1), "AdminName", []string{"dbadmin"}), wrongType
		}))
	for _, style := range []wire.Style{tc3JSON, v1GET} {
		out = append(out, one("PARAM-3/unknown-parameter/"+string(style), "a parameter the action does not define is refused", area, SHOULD, []string{"PARAM-3"},
			func(x *exec) (client.Request, expect) {
				return initReqWith(style, x.ids(1), "AdminNames", "dbadmin"), accept("UnknownParameter")
			}))
	}
	for _, tc := range []struct{ slug, body string }{
		{"array", `[]`}, {"string", `"InitDBInstances"`}, {"not-json", `DBInstanceIdSet=postgres-6fego161`},
		{"truncated", `{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":`}, {"empty", ``},
	} {
		out = append(out, tcase{id: "PARAM-4/body-" + tc.slug, title: "a TC3 body that is not a JSON object (" + tc.slug + ") gets the error envelope, never a 5xx",
			area: area, rules: []string{"PARAM-4"}, level: MUST, run: func(x *exec) {
				resp := x.send(x.r.c1, client.Request{Style: tc3JSON, Action: "InitDBInstances", Body: []byte(tc.body)}, true)
				x.judge(resp, accept("*").prefer("InvalidParameter"))
				if resp != nil && resp.Status >= 500 {
					x.failf("PARAM-4: HTTP %d for a body the client got wrong", resp.Status)
				}
			}})
	}
	out = append(out, one("ORDER-1/parameters-before-instances", "a bad password with ids that do not exist is refused for the password", area, SHOULD, []string{"ORDER-1"},
		func(x *exec) (client.Request, expect) {
			return initReqWith(tc3JSON, x.r.absentIDs(1), "AdminPassword", "short"), accept("InvalidParameterValue.InvalidPasswordLengthError")
		}))
	return out
}

// idShape is what PARAM-IDS-2 accepts for an id that cannot exist.
func idShape(*exec) expect {
	return accept("ResourceNotFound.InstanceNotFoundError", "InvalidParameterValue.InstanceNotExist", "InvalidParameter*", "InvalidParameterValue*").
		prefer("ResourceNotFound.InstanceNotFoundError")
}

func initReqWith(style wire.Style, ids []string, name string, value any) client.Request {
	return client.Request{Style: style, Action: "InitDBInstances", Params: with(initParams(ids), name, value)}
}
