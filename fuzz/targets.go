package fuzz

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Target is one native fuzz target of the module.
type Target struct {
	Dir  string // package directory relative to the module root: "signer"
	Func string // the FuzzXxx function
	// Name is the target's name outside Go: the libFuzzer binary that
	// ClusterFuzzLite builds and the stem of its <Name>_seed_corpus.zip.
	Name string
	// Rapid marks a rapid.MakeFuzz bridge. Its argument is rapid's choice
	// stream, which OSS-Fuzz's Go helper cannot hand to it (the bridge takes
	// the standard *testing.T), so it runs only under `go test -fuzz`.
	Rapid bool
	seeds func(*Values) [][]any
}

// Targets lists the fuzz targets of this harness. fuzz's own tests check
// that each is a FuzzXxx function of its package's fuzz_test.go (of a test
// file of this package, for the rapid bridges), that its seed files are
// committed, and that .clusterfuzzlite/build.sh builds every native one. The
// nightly runner does not read the list: it fuzzes whatever `go test -list`
// finds, so a target added elsewhere runs too.
func Targets() []Target {
	return []Target{
		{Dir: "signer", Func: "FuzzTC3SignVerify", Name: "signer_tc3_sign_verify", seeds: seedsTC3SignVerify},
		{Dir: "signer", Func: "FuzzV1SignVerify", Name: "signer_v1_sign_verify", seeds: seedsV1SignVerify},
		{Dir: "signer", Func: "FuzzAuthorizationRoundTrip", Name: "signer_authorization_round_trip", seeds: seedsParseAuthorization},
		{Dir: "signer", Func: "FuzzTC3FromRequest", Name: "signer_tc3_from_request", seeds: seedsTC3FromRequest},
		{Dir: "rules", Func: "FuzzAdminName", Name: "rules_admin_name", seeds: func(v *Values) [][]any { return strings1(v.Names) }},
		{Dir: "rules", Func: "FuzzAdminPassword", Name: "rules_admin_password", seeds: func(v *Values) [][]any { return strings1(v.Passwords) }},
		{Dir: "rules", Func: "FuzzCharset", Name: "rules_charset", seeds: func(v *Values) [][]any { return strings1(v.Charsets) }},
		{Dir: "rules", Func: "FuzzInstanceIDPattern", Name: "rules_instance_id_pattern", seeds: func(v *Values) [][]any { return strings1(v.InstanceIDs) }},
		{Dir: "rules", Func: "FuzzInstanceIDSet", Name: "rules_instance_id_set", seeds: seedsInstanceIDSet},
		{Dir: "rules", Func: "FuzzCheckInit", Name: "rules_check_init", seeds: seedsCheckInit},
		{Dir: "wire", Func: "FuzzDecodeJSON", Name: "wire_decode_json", seeds: seedsDecodeJSON},
		{Dir: "wire", Func: "FuzzParseQuery", Name: "wire_parse_query", seeds: seedsParseQuery},
		{Dir: "wire", Func: "FuzzUnflatten", Name: "wire_unflatten", seeds: seedsUnflatten},
		{Dir: "wire", Func: "FuzzTreeRoundTrip", Name: "wire_tree_round_trip", seeds: seedsTreeRoundTrip},
		{Dir: "wire", Func: "FuzzMediaType", Name: "wire_media_type", seeds: seedsMediaType},
		{Dir: "emulator", Func: "FuzzHandlerSigned", Name: "emulator_handler_signed", seeds: seedsHandlerSigned},
		{Dir: "emulator", Func: "FuzzHandlerTamper", Name: "emulator_handler_tamper", seeds: seedsHandlerTamper},
		{Dir: "emulator", Func: "FuzzHandlerRaw", Name: "emulator_handler_raw", seeds: seedsHandlerRaw},
		{Dir: "fuzz", Func: "FuzzEmulatorStateMachine", Name: "fuzz_emulator_state_machine", Rapid: true, seeds: seedsRapid},
		{Dir: "fuzz", Func: "FuzzSingleFault", Name: "fuzz_single_fault", Rapid: true, seeds: seedsRapid},
	}
}

// Seeds returns the seed inputs of the target named fn: the files under its
// testdata/fuzz/<fn>/ (written by TestSeedFiles) and the rules targets'
// f.Add calls. It panics on a name that is not in Targets, a programmer's
// mistake.
func Seeds(fn string) ([][]any, error) {
	i := slices.IndexFunc(Targets(), func(t Target) bool { return t.Func == fn })
	if i < 0 {
		panic(fmt.Sprintf("fuzz: no target %q", fn))
	}
	v, err := SpecValues()
	if err != nil {
		return nil, err
	}
	return Targets()[i].seeds(v), nil
}

func strings1(list []string) [][]any {
	out := make([][]any, len(list))
	for i, s := range list {
		out[i] = []any{s}
	}
	return out
}

// Parts of a signature that the sign/verify targets change: the numbers of
// fzpartNone … fzpartHost in signer/fuzz_test.go.
const (
	partNone byte = iota
	partBody
	partHeader
	partTimestamp
	partSignature
	partQuery
	partHost
	numParts
)

const (
	exampleSecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE" // the API documents' example key
	exampleSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	exampleTimestamp = int64(1551113065) // the TC3 worked example's
	exampleHost      = "postgres.tencentcloudapi.com"
)

func seedsTC3SignVerify(v *Values) [][]any {
	var out [][]any
	body := v.Bodies[0]
	for part := range numParts {
		out = append(out,
			[]any{exampleSecretID, exampleSecretKey, false, exampleHost, "application/json", "X-TC-Action:InitDBInstances", "", body, exampleTimestamp, part, uint16(7), byte(1)},
			[]any{exampleSecretID, exampleSecretKey, true, exampleHost + ":443", "application/x-www-form-urlencoded", "", "DBInstanceIdSet.0=" + v.ValidIDs[0] + "&AdminName=" + v.ValidName, []byte(nil), exampleTimestamp, part, uint16(3), byte(0x20)},
		)
	}
	out = append(out,
		[]any{"id,with, commas", "k", false, "127.0.0.1:9000", " Application/JSON; charset=UTF-8 ", "x-tc-region: AP-Guangzhou ", "", []byte("{}"), int64(0), partHeader, uint16(0), byte(0x20)},
		[]any{"x", strings.Repeat("k", 65), false, "h", "application/json", "X-Tc-Timestamp:1", "", []byte{0xff, 0}, int64(253402300799), partTimestamp, uint16(0), byte(1)},
		[]any{"x", "", true, "h", "a", "", "a=%20&b", []byte(nil), int64(-1), partQuery, uint16(1), byte(0x80)},
		[]any{"x", "k", false, "h", "application/json\xff", "", "", []byte("x"), int64(1), partHeader, uint16(16), byte(1)},
	)
	return out
}

func seedsV1SignVerify(v *Values) [][]any {
	params := strings.Join([]string{
		"Action=InitDBInstances", "Version=2017-03-12", "Region=ap-guangzhou",
		"DBInstanceIdSet.0=" + v.ValidIDs[0], "AdminName=" + v.ValidName,
		"AdminPassword=" + v.ValidPwd, "Charset=UTF8",
	}, "\n")
	var out [][]any
	for part := range numParts {
		out = append(out,
			[]any{exampleSecretKey, false, exampleHost, params, true, exampleTimestamp, int64(11886), part, uint16(5), byte(1)},
			[]any{exampleSecretKey, true, "127.0.0.1:9000", params, false, exampleTimestamp, int64(1), part, uint16(40), byte(0x20)},
		)
	}
	out = append(out,
		[]any{"", false, "", "", false, int64(0), int64(0), partNone, uint16(0), byte(0)},
		[]any{"k", true, "h", "a=1&b=2\nb=\n=x\nSignature=old", true, int64(-5), int64(-1), partQuery, uint16(2), byte(3)},
	)
	return out
}

func seedsParseAuthorization(*Values) [][]any {
	good := "TC3-HMAC-SHA256 Credential=" + exampleSecretID + "/2019-02-25/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + strings.Repeat("ab", 32)
	return strings1([]string{
		good,
		strings.Replace(good, ", ", ",", -1),
		strings.Replace(good, "content-type;host", "content-type;host;x-tc-action", 1),
		strings.Replace(good, "content-type;host", "Content-Type;HOST", 1),
		strings.Replace(good, "content-type;host", "host", 1),
		strings.Replace(good, "TC3-HMAC-SHA256", "TC3-HMAC-SHA1", 1),
		strings.Replace(good, exampleSecretID, "id,with, commas", 1),
		strings.Replace(good, exampleSecretID, "", 1),
		strings.Replace(good, "/tc3_request", "/tc3_request/x", 1),
		"TC3-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=content-type;;host, Signature=x",
		"TC3-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=content-type;host, Signature=",
		"TC3-HMAC-SHA256  Credential=a/b/c/d, SignedHeaders=content-type;host, Signature=x",
		"TC3-HMAC-SHA256",
		"",
		"Basic dXNlcjpwYXNz",
	})
}

func seedsTC3FromRequest(v *Values) [][]any {
	hdrs := "Content-Type: application/json\nX-TC-Action: InitDBInstances\nX-TC-Timestamp: 1551113065\nX-TC-Content-SHA256: UNSIGNED-PAYLOAD"
	return [][]any{
		{"POST", "http://" + exampleHost + "/", hdrs, "content-type;host", v.Bodies[0], exampleTimestamp},
		{"POST", "http://" + exampleHost + "/", hdrs, "Content-Type;Host;X-TC-Action;x-tc-timestamp", v.Bodies[0], exampleTimestamp},
		{"GET", "http://127.0.0.1:9000/?Limit=10&Offset=0", "Content-Type: application/x-www-form-urlencoded", "content-type;host", []byte(nil), exampleTimestamp},
		{"", "/?a=b", "Host: x\nContent-Type: a\nContent-Type: b", "content-type;host;missing", []byte("x"), int64(0)},
		{"PUT", "//h/%zz", "A:\n:\nB", " host ;CONTENT-TYPE", []byte{0}, int64(-1)},
	}
}

func seedsInstanceIDSet(v *Values) [][]any {
	var out [][]any
	for _, n := range v.IDCounts {
		out = append(out, []any{strings.Join(v.ValidIDs, ","), byte(n)})
	}
	out = append(out,
		[]any{v.ValidIDs[0] + "," + v.ValidIDs[0], byte(0)},
		[]any{v.ValidIDs[0] + ",postgres-ABC", byte(0)},
		[]any{"", byte(0)},
		[]any{"", byte(1)},
	)
	return out
}

// initBody is a JSON InitDBInstances body with one parameter replaced (or,
// with value nil and del true, left out).
func initBody(v *Values, name string, value any, del bool) []byte {
	m := map[string]any{
		"DBInstanceIdSet": v.ValidIDs[:1],
		"AdminName":       v.ValidName,
		"AdminPassword":   v.ValidPwd,
		"Charset":         "UTF8",
	}
	if del {
		delete(m, name)
	} else if name != "" {
		m[name] = value
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // only plain values are marshalled
	}
	return b
}

// initFaults are InitDBInstances bodies that each break one rule of
// CONTRACT §4 with a value taken from Values.
func initFaults(v *Values) [][]byte {
	var out [][]byte
	out = append(out, v.Bodies...)
	for _, n := range v.Names {
		out = append(out, initBody(v, "AdminName", n, false))
	}
	for _, p := range v.Passwords {
		out = append(out, initBody(v, "AdminPassword", p, false))
	}
	for _, c := range v.Charsets {
		out = append(out, initBody(v, "Charset", c, false))
	}
	for _, id := range v.InstanceIDs {
		out = append(out, initBody(v, "DBInstanceIdSet", []string{id}, false))
	}
	for _, n := range v.IDCounts {
		ids := make([]string, n)
		for i := range ids {
			ids[i] = v.ValidIDs[i%len(v.ValidIDs)]
		}
		out = append(out, initBody(v, "DBInstanceIdSet", ids, false))
	}
	for _, p := range []string{"DBInstanceIdSet", "AdminName", "AdminPassword", "Charset"} {
		out = append(out, initBody(v, p, nil, true), initBody(v, p, nil, false), initBody(v, p, 12, false), initBody(v, p, map[string]any{}, false))
	}
	out = append(out,
		initBody(v, "DBInstanceIdSet", v.ValidIDs[0], false),
		initBody(v, "DBInstanceIdSet", []any{1}, false),
		initBody(v, "Extra", "x", false),
		initBody(v, "Region", "ap-guangzhou", false),
		[]byte(`[]`), []byte(`"x"`), []byte(`null`), []byte(`{}`), []byte(`{"AdminName":"a","AdminName":"b"}`),
	)
	return out
}

func seedsCheckInit(v *Values) [][]any {
	var out [][]any
	for _, b := range initFaults(v) {
		out = append(out, []any{b})
	}
	return out
}

func seedsDecodeJSON(v *Values) [][]any {
	out := seedsCheckInit(v)[:len(v.Bodies)]
	for _, s := range []string{
		`{"Limit": 12345678901234567890, "A": ["x"]}`, `{"a":1e400}`, `{"a":-0.0}`, `{} `, ` {}`,
		`{} {}`, `{"a":`, `[]`, `"x"`, `null`, ``, "{\"a\":\"\xff\"}", `{"a":"\ud800"}`, "\ufeff{}",
		`{"a":{"b":[[],{}]}}`,
	} {
		out = append(out, []any{[]byte(s)})
	}
	return out
}

func seedsParseQuery(v *Values) [][]any {
	return strings1([]string{
		"Action=InitDBInstances&Version=2017-03-12&DBInstanceIdSet.0=" + v.ValidIDs[0] + "&AdminPassword=A8b%21C2d%23E4f%26",
		"a=1&b=%2F+x&&c=", "a=1&a=2", "a=%zz", "a=%ff", "=1", "a", "a;b=1", "a%3Bb=1", "%41=%42", "a=b=c", "&&&", "",
	})
}

func seedsUnflatten(v *Values) [][]any {
	return strings1([]string{
		"DBInstanceIdSet.0=" + v.ValidIDs[0] + "&DBInstanceIdSet.1=" + v.ValidIDs[1] + "&AdminName=" + v.ValidName,
		"Filters.0.Name=db-instance-id&Filters.0.Values.0=a&Filters.0.Values.1=b&Filters.1.Name=db-instance-status&Filters.1.Values.0=init",
		"A.1=x", "A.0=x&A.2=y", "A=x&A.0=y", "A.0=x&A.0.B=y", "A.0=x&A.B=y", "A.01=x&A.0=y", "A..0=x", "A.=x", "0=x",
		"A.1234567=x", "A.999999=x", "A.0=&A.1=", "A.10=x&A.2=y",
	})
}

func seedsTreeRoundTrip(v *Values) [][]any {
	// The byte format is fzTree's in wire/fuzz_test.go.
	return [][]any{
		{[]byte("\x01DBInstanceIdSet\x00\x01\x01\x00" + v.ValidIDs[0] + "\x00\x00" + v.ValidIDs[len(v.ValidIDs)-1] + "\x00")},
		{[]byte("\x01Filters\x00\x01\x00\x02\x01Name\x00\x00db-instance-id\x00Values\x00\x01\x00\x00x\x00")},
		{[]byte("\x03A\x00\x00x\x00B\x00\x00\x00C\x00\x00y")},
		{[]byte("\x02AdminPassword\x00\x00A8b!C2d#E4f& %+=\x00Zh\x00\x00\xe4\xb8\xad")},
		{[]byte{}},
	}
}

func seedsMediaType(*Values) [][]any {
	return strings1([]string{
		"application/json", "application/json; charset=utf-8", "Application/JSON; Charset=UTF-8",
		"application/json; charset=latin1", "application/json; boundary=x", "application/x-www-form-urlencoded",
		"", "text/plain", "multipart/form-data; boundary=x", "application/json;charset=\"utf-8\"", "a/b; c", "/",
	})
}

// Emulator fuzz targets: the style, action, region and language selectors
// are taken modulo the length of their lists in emulator/fuzz_test.go.
// Strings "$0", "$1", "$2" in parameters stand for the caller's instances in
// status init and "$x" for another account's.
func seedsHandlerSigned(v *Values) [][]any {
	var out [][]any
	add := func(action byte, params []byte) {
		for style := range byte(4) {
			out = append(out, []any{style, action, byte(0), byte(0), params})
		}
	}
	valid := initBody(v, "DBInstanceIdSet", []string{"$0", "$1"}, false)
	add(0, valid)
	add(0, initBody(v, "DBInstanceIdSet", []string{"$0", "$x"}, false))
	add(0, initBody(v, "DBInstanceIdSet", []string{"$0", "$0"}, false))
	for _, b := range initFaults(v) {
		out = append(out, []any{byte(len(out) % 4), byte(0), byte(0), byte(0), b})
	}
	add(1, []byte(`{"SpecCode":"pg.it.medium4","Storage":10,"InstanceCount":2,"Period":1,"Zone":"ap-guangzhou-3","ProjectId":0,"TagList":[{"TagKey":"k","TagValue":"v"}]}`))
	add(1, []byte(`{"SpecCode":"pg.it.medium4","Storage":10,"InstanceCount":101,"Period":1,"Zone":"z"}`))
	add(2, []byte(`{"Filters":[{"Name":"db-instance-id","Values":["$0"]},{"Name":"db-instance-status","Values":["init"]}],"Limit":10,"Offset":0}`))
	add(2, []byte(`{"Limit":0}`))
	add(2, []byte(`{"Filters":[{"Name":"zone","Values":["x"]}]}`))
	add(3, valid)
	out = append(out,
		[]any{byte(0), byte(0), byte(1), byte(0), valid}, // another region: INST-1
		[]any{byte(0), byte(0), byte(2), byte(1), valid}, // an unsupported region
		[]any{byte(2), byte(0), byte(0), byte(2), valid}, // English messages
		[]any{byte(3), byte(0), byte(0), byte(3), valid}, // an unknown language
		[]any{byte(0), byte(0), byte(0), byte(0), []byte(`{"a":`)},
		[]any{byte(0), byte(0), byte(0), byte(0), []byte(`[]`)},
	)
	return out
}

func seedsHandlerTamper(*Values) [][]any {
	var out [][]any
	for style := range byte(4) {
		out = append(out,
			[]any{style, byte(1), []byte{}},
			[]any{style, byte(2), []byte{0, 0, 'P'}},
			[]any{style, byte(1), []byte{0, 5, '/'}},
			[]any{style, byte(1), []byte{0x01, 0x00, 'x', 0x02, 0x00, 'y'}},
			[]any{style, byte(1), []byte{0xff, 0xf0, 'A'}},
		)
	}
	return out
}

func seedsHandlerRaw(v *Values) [][]any {
	body := string(v.Bodies[0])
	return [][]any{
		{[]byte("POST / HTTP/1.1\r\nHost: " + exampleHost + "\r\nContent-Type: application/json\r\nX-TC-Action: InitDBInstances\r\nX-TC-Version: 2017-03-12\r\nX-TC-Region: ap-guangzhou\r\nX-TC-Timestamp: 1700000000\r\nAuthorization: TC3-HMAC-SHA256 Credential=" + exampleSecretID + "/2023-11-14/postgres/tc3_request, SignedHeaders=content-type;host, Signature=00\r\nContent-Length: " + fmt.Sprint(len(body)) + "\r\n\r\n" + body)},
		{[]byte("GET /?Action=InitDBInstances&Version=2017-03-12&Region=ap-guangzhou&SecretId=" + exampleSecretID + "&Timestamp=1700000000&Nonce=1&Signature=x&DBInstanceIdSet.0=" + v.ValidIDs[0] + " HTTP/1.1\r\nHost: h\r\n\r\n")},
		{[]byte("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 9\r\n\r\nSignature")},
		{[]byte("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 0\r\n\r\n")},
		{[]byte("DELETE / HTTP/1.1\r\nHost: h\r\n\r\n")},
		{[]byte("GET /x?a=%zz HTTP/1.1\r\nHost: h\r\nAuthorization: Basic x\r\n\r\n")},
		{[]byte("POST / HTTP/1.1\r\nHost: h\r\nAuthorization: TC3-HMAC-SHA256 x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")},
	}
}

func seedsRapid(*Values) [][]any {
	return [][]any{{[]byte{}}, {[]byte{0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff}}}
}
