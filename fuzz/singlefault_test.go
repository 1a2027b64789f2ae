package fuzz_test

import (
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// The single-fault test generates a valid InitDBInstances request, breaks
// exactly one thing in it, and checks that the emulator answers a code of
// the family CONTRACT.md names for what was broken, and changes no
// instance. The generators are written from the contract's words, not from
// package rules, and so are the families.

const (
	lower   = "abcdefghijklmnopqrstuvwxyz"
	upper   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	digits  = "0123456789"
	symbols = "()`~!@#$%^&*-+=_|{}[]:;'<>,.?/" // PARAM-PWD-2's list
)

// validName draws a name PARAM-NAME-1 accepts: 1 to 16 of letters, digits
// and _, not beginning with a digit, not postgres, not beginning with pg_ or
// (reserved by later documents) tencentdb_, in any case.
func validName() *rapid.Generator[string] {
	return rapid.StringMatching(`[A-Za-z_][A-Za-z0-9_]{0,15}`).Filter(func(s string) bool {
		l := strings.ToLower(s)
		return l != "postgres" && !strings.HasPrefix(l, "pg_") && !strings.HasPrefix(l, "tencentdb_")
	})
}

// password draws n characters of the given classes with at least one of
// each, beginning with '/' if slashFirst and otherwise not.
func password(t *rapid.T, n int, classes []string, slashFirst bool) string {
	b := make([]byte, n)
	from := make([]string, n) // the class each character was drawn from
	all := strings.Join(classes, "")
	for i := range b {
		b[i], from[i] = all[rapid.IntRange(0, len(all)-1).Draw(t, "pwdChar")], all
	}
	// One of each class at distinct positions.
	pos := rapid.Permutation(seq(n)).Draw(t, "classPositions")
	for i, c := range classes {
		b[pos[i]], from[pos[i]] = c[rapid.IntRange(0, len(c)-1).Draw(t, "classChar")], c
	}
	if slashFirst {
		b[0] = '/'
	} else if b[0] == '/' {
		// Another character of the same class: '/' is only ever a symbol.
		rest := strings.ReplaceAll(from[0], "/", "")
		b[0] = rest[rapid.IntRange(0, len(rest)-1).Draw(t, "firstChar")]
	}
	return string(b)
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// validPassword draws a password PARAM-PWD-1 and -2 accept.
func validPassword(t *rapid.T) string {
	return password(t, rapid.IntRange(8, 32).Draw(t, "pwdLen"), []string{lower, upper, digits, symbols}, false)
}

// fault is one thing broken in a valid request, and the codes the contract
// accepts for it (nil: none, the request must succeed).
type fault struct {
	name   string
	family []string
	// param marks a fault in the action's parameters, which ORDER-1 has
	// checked before any instance is looked up: its family stays the same
	// when the ids name no instance.
	param bool
	// apply changes the request; params are the action's parameters.
	apply func(t *rapid.T, req *client.Request, params map[string]any)
	// only restricts the fault to some styles (nil: any).
	only []wire.Style
}

var jsonOnly = []wire.Style{wire.StyleTC3JSON}

func setParam(name string, gen func(*rapid.T) any) func(*rapid.T, *client.Request, map[string]any) {
	return func(t *rapid.T, _ *client.Request, p map[string]any) { p[name] = gen(t) }
}

func str(g *rapid.Generator[string]) func(*rapid.T) any {
	return func(t *rapid.T) any { return g.Draw(t, "value") }
}

func randomCase(t *rapid.T, s string) string {
	b := []byte(s)
	for i, c := range b {
		if rapid.Bool().Draw(t, "upper") {
			b[i] = byte(strings.ToUpper(string(c))[0])
		}
	}
	return string(b)
}

// faults lists the single faults, with CONTRACT's families written out.
func faults() []fault {
	withMissing := func(family []string) []string { return append([]string{"MissingParameter"}, family...) }
	return []fault{
		{name: "none", family: nil, apply: func(*rapid.T, *client.Request, map[string]any) {}},

		// PARAM-1: a required parameter left out.
		{name: "missing parameter", param: true, family: []string{"MissingParameter"}, apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			delete(p, rapid.SampledFrom([]string{"DBInstanceIdSet", "AdminName", "AdminPassword", "Charset"}).Draw(t, "param"))
		}},
		// PARAM-2: the wrong JSON type (only a JSON body has types).
		{name: "wrong type", param: true, family: []string{"InvalidParameter", "InvalidParameter.*"}, only: jsonOnly, apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			name := rapid.SampledFrom([]string{"DBInstanceIdSet", "AdminName", "AdminPassword", "Charset"}).Draw(t, "param")
			values := []any{nil, 12, true, map[string]any{"a": "b"}, []any{"x"}}
			if name == "DBInstanceIdSet" {
				values = []any{nil, 12, "postgres-6fego161", map[string]any{}, []any{1}}
			}
			p[name] = rapid.SampledFrom(values).Draw(t, "value")
		}},
		// PARAM-3: a parameter the action does not define.
		{name: "unknown parameter", param: true, family: []string{"UnknownParameter"}, apply: setParam("Extra", str(rapid.StringMatching(`[a-z]{1,8}`)))},

		// PARAM-IDS-1: no id, or more than 100.
		{name: "no id", param: true, family: []string{"MissingParameter", "InvalidParameter*", "InvalidParameterValue*"}, apply: setParam("DBInstanceIdSet", func(*rapid.T) any { return []any{} })},
		{name: "101 ids", param: true, family: []string{"InvalidParameterValue*"}, apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			ids := p["DBInstanceIdSet"].([]any)
			for len(ids) <= 100 {
				ids = append(ids, ids[len(ids)%len(ids)])
			}
			p["DBInstanceIdSet"] = ids
		}},
		// PARAM-IDS-2: an id of another shape; INST-1: a well-formed id that
		// names no instance.
		{name: "malformed id", param: true, family: append([]string{"InvalidParameter*", "InvalidParameterValue*"}, inst1Codes...), apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			bad := rapid.OneOf(
				rapid.StringMatching(`postgres-[a-z0-9]{0,7}`),
				rapid.StringMatching(`postgres-[a-z0-9]{9,12}`),
				rapid.StringMatching(`postgres-[A-Z][a-z0-9]{7}`),
				rapid.StringMatching(`[a-z]{3,8}-[a-z0-9]{8}`).Filter(func(s string) bool { return !strings.HasPrefix(s, "postgres-") }),
			).Draw(t, "id")
			p["DBInstanceIdSet"] = append(p["DBInstanceIdSet"].([]any), bad)
		}},
		{name: "absent id", family: inst1Codes, apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			p["DBInstanceIdSet"] = append(p["DBInstanceIdSet"].([]any), "postgres-"+rapid.StringMatching(`[a-z0-9]{8}`).Draw(t, "suffix"))
		}},

		// PARAM-NAME-1, each rule broken once.
		{name: "name too long", param: true, family: accountCodes, apply: setParam("AdminName", str(rapid.StringMatching(`[a-z][a-z0-9_]{16,24}`)))},
		{name: "name empty", param: true, family: withMissing(accountCodes), apply: setParam("AdminName", func(*rapid.T) any { return "" })},
		{name: "name postgres", param: true, family: accountCodes, apply: setParam("AdminName", func(t *rapid.T) any { return randomCase(t, "postgres") })},
		{name: "name pg_", param: true, family: accountCodes, apply: setParam("AdminName", func(t *rapid.T) any {
			return randomCase(t, "pg_") + rapid.StringMatching(`[a-z0-9_]{0,13}`).Draw(t, "tail")
		})},
		{name: "name digit first", param: true, family: accountCodes, apply: setParam("AdminName", str(rapid.StringMatching(`[0-9][a-z0-9_]{0,15}`)))},
		{name: "name bad character", param: true, family: accountCodes, apply: setParam("AdminName", func(t *rapid.T) any {
			name := rapid.StringMatching(`[a-z][a-z0-9_]{1,14}`).Draw(t, "name")
			i := rapid.IntRange(1, len(name)-1).Draw(t, "at")
			return name[:i] + rapid.SampledFrom([]string{"-", " ", ".", "é", "$", "中"}).Draw(t, "bad") + name[i:]
		})},

		// PARAM-PWD-1: the wrong length, whatever else.
		{name: "password too short", param: true, family: []string{"InvalidParameterValue.InvalidPasswordLengthError"}, apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			p["AdminPassword"] = password(t, rapid.IntRange(4, 7).Draw(t, "len"), []string{lower, upper, digits, symbols}, false)
		}},
		{name: "password too long", param: true, family: []string{"InvalidParameterValue.InvalidPasswordLengthError"}, apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			p["AdminPassword"] = password(t, rapid.IntRange(33, 40).Draw(t, "len"), []string{lower, upper, digits, symbols}, false)
		}},
		{name: "password empty", param: true, family: withMissing([]string{"InvalidParameterValue.InvalidPasswordLengthError"}), apply: setParam("AdminPassword", func(*rapid.T) any { return "" })},
		// PARAM-PWD-2: a class missing, or a leading slash.
		{name: "password class missing", param: true, family: []string{"InvalidParameterValue.InvalidPasswordValueError"}, apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			classes := []string{lower, upper, digits, symbols}
			drop := rapid.IntRange(0, 3).Draw(t, "drop")
			classes = append(classes[:drop:drop], classes[drop+1:]...)
			p["AdminPassword"] = password(t, rapid.IntRange(8, 32).Draw(t, "len"), classes, false)
		}},
		{name: "password leading slash", param: true, family: []string{"InvalidParameterValue.InvalidPasswordValueError"}, apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			p["AdminPassword"] = password(t, rapid.IntRange(8, 32).Draw(t, "len"), []string{lower, upper, digits, symbols}, true)
		}},
		// PARAM-PWD-3: a character outside the classes, at the right length.
		{name: "password bad character", param: true, family: passwordCodes, apply: func(t *rapid.T, _ *client.Request, p map[string]any) {
			pwd := []rune(validPassword(t))
			pwd[rapid.IntRange(1, len(pwd)-1).Draw(t, "at")] = rapid.SampledFrom([]rune{' ', '"', '\\', 'é', '\t', '中', '\x7f'}).Draw(t, "bad")
			p["AdminPassword"] = string(pwd)
		}},

		// PARAM-CHARSET-1 and -2.
		{name: "charset", param: true, family: charsetCodes, apply: setParam("Charset", str(rapid.SampledFrom([]string{"utf8", "latin1", "Utf8", "GBK", "UTF-8", " UTF8", "SQL_ASCII"})))},
		{name: "charset empty", param: true, family: withMissing(charsetCodes), apply: setParam("Charset", func(*rapid.T) any { return "" })},

		// COMMON-1..4 (the emulator answers the SHOULD code).
		{name: "unknown action", family: []string{"InvalidAction"}, apply: func(t *rapid.T, r *client.Request, _ map[string]any) {
			r.Action = rapid.SampledFrom([]string{"initDBInstances", "InitDBInstance", "InitDbInstances"}).Draw(t, "action")
		}},
		{name: "wrong version", family: []string{"NoSuchVersion"}, apply: func(t *rapid.T, r *client.Request, _ map[string]any) {
			r.Common["Version"] = rapid.SampledFrom([]string{"2017-03-13", "2019-07-14", "v1"}).Draw(t, "version")
		}},
		{name: "no region", family: []string{"MissingParameter"}, apply: func(_ *rapid.T, r *client.Request, _ map[string]any) { r.Omit = append(r.Omit, "Region") }},
		{name: "unsupported region", family: []string{"UnsupportedRegion"}, apply: func(t *rapid.T, r *client.Request, _ map[string]any) {
			r.Common["Region"] = rapid.SampledFrom([]string{"ap-mumbai", "us-east-1", "AP-GUANGZHOU"}).Draw(t, "region")
		}},
		{name: "bad language", family: []string{"InvalidParameterValue"}, apply: func(t *rapid.T, r *client.Request, _ map[string]any) {
			r.Common["Language"] = rapid.SampledFrom([]string{"fr-FR", "zh-cn", "en"}).Draw(t, "language")
		}},

		// AUTH-3, AUTH-4, AUTH-5 (and AUTH-V1-3).
		{name: "unknown SecretId", family: []string{"AuthFailure.SecretIdNotFound", "AuthFailure.InvalidSecretId"}, apply: func(t *rapid.T, r *client.Request, _ map[string]any) {
			r.Credential = &signer.Credential{SecretID: "AKID" + rapid.StringMatching(`[A-Za-z0-9]{8,32}`).Draw(t, "id"), SecretKey: emulator.DefaultSecretKey}
		}},
		{name: "wrong SecretKey", family: []string{"AuthFailure.SignatureFailure"}, apply: func(t *rapid.T, r *client.Request, _ map[string]any) {
			r.Credential = &signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: rapid.StringMatching(`[A-Za-z0-9]{32}`).Filter(func(s string) bool { return s != emulator.DefaultSecretKey }).Draw(t, "key")}
		}},
		{name: "expired timestamp", family: []string{"AuthFailure.SignatureExpire"}, apply: func(t *rapid.T, r *client.Request, _ map[string]any) {
			skew := rapid.IntRange(301, 100000).Draw(t, "skew")
			if rapid.Bool().Draw(t, "future") {
				skew = -skew
			}
			r.Time = clock().Add(-time.Duration(skew) * time.Second)
		}},
	}
}

// singleFault is the property: a valid request with one fault gets a code
// of the fault's family and changes nothing; without a fault it succeeds.
func singleFault(t *rapid.T) {
	e := newEmulator(t, rapid.Uint64().Draw(t, "seed"))
	mine := e.CreateInstances(emulator.DefaultSecretID, region, 3)
	style := styles.Draw(t, "style")
	var applicable []fault
	for _, f := range faults() {
		if f.only == nil || (len(f.only) == 1 && f.only[0] == style) {
			applicable = append(applicable, f)
		}
	}
	f := rapid.SampledFrom(applicable).Draw(t, "fault")
	ids := rapid.SliceOfN(rapid.SampledFrom(mine), 1, 3).Draw(t, "ids")
	if f.param && rapid.Bool().Draw(t, "absentIDs") {
		// ORDER-1: a malformed request is refused as such even when its
		// (well-formed) ids name no instance.
		ids = rapid.SliceOfN(rapid.StringMatching(`postgres-[a-z0-9]{8}`).Filter(func(id string) bool {
			_, exists := e.Instance(id)
			return !exists
		}), 1, 3).Draw(t, "absent")
	}
	req := initRequest(style, ids, validName().Draw(t, "name"), validPassword(t), rapid.SampledFrom([]string{"UTF8", "LATIN1"}).Draw(t, "charset"))
	req.Common = map[string]string{}
	f.apply(t, &req, req.Params)
	ans := send(t, e, newClient(emulator.DefaultSecretID, emulator.DefaultSecretKey), req)
	expect(t, ans, "fault "+f.name, f.family)
	for _, id := range mine {
		inst, _ := e.Instance(id)
		changed := inst.Status != emulator.StatusInit
		asked := false
		for _, x := range ids {
			asked = asked || x == id
		}
		if want := f.family == nil && asked; changed != want {
			t.Fatalf("fault %s: instance %s is %s afterwards (INST-3, INST-4)", f.name, id, inst.Status)
		}
	}
}

// TestSingleFault runs the single-fault property; -rapid.checks=N raises
// the count.
func TestSingleFault(t *testing.T) {
	rapid.Check(t, singleFault)
}

// FuzzSingleFault lets the native fuzzer choose the draws of the
// single-fault property (run it with -fuzzminimizetime=100x).
func FuzzSingleFault(f *testing.F) {
	addSeeds(f, "FuzzSingleFault")
	f.Fuzz(rapid.MakeFuzz(singleFault))
}
