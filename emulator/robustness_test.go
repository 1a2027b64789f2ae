package emulator_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/codes"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// The robustness tests send malformed requests and check that every one
// gets the envelope (RESP-1, RESP-2, RESP-4, RESP-5, RESP-6) with the code
// the contract prefers: never a panic, a 5xx, a transport error or a hang.

var rbUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// rbNow is the emulator's fixed clock in these tests (AUTH-4 windows are
// measured from it, and v1 replays are remembered against it).
var rbNow = time.Unix(1_700_000_000, 0)

const rbGoodID = "postgres-zzzzzzzz" // well formed, never created

// envelopeProblems checks an answer against RESP-1, -2, -4 (UUID), -5 and
// -6 and returns its error code ("" for a success) and what is wrong with it.
func envelopeProblems(status int, h http.Header, body []byte) (code string, problems []string) {
	bad := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	if status != http.StatusOK {
		bad("RESP-5: HTTP status %d, want 200", status)
	}
	if ct := h.Get("Content-Type"); ct != "application/json" {
		bad("RESP-6: Content-Type %q", ct)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		bad("RESP-1: the body is not a JSON object: %v", err)
		return "", problems
	}
	if len(top) != 1 || top["Response"] == nil {
		bad("RESP-1: want exactly one member, Response; got %d", len(top))
	}
	var resp map[string]json.RawMessage
	if err := json.Unmarshal(top["Response"], &resp); err != nil || resp == nil {
		bad("RESP-1: Response is not an object")
		return "", problems
	}
	var requestID string
	if err := json.Unmarshal(resp["RequestId"], &requestID); err != nil || !rbUUID.MatchString(requestID) {
		bad("RESP-4: RequestId %s is not a UUID string", resp["RequestId"])
	}
	if got := h.Get("X-TC-RequestId"); got != requestID {
		bad("RESP-4: X-TC-RequestId %q differs from the body's %q", got, requestID)
	}
	raw, isError := resp["Error"]
	if !isError {
		return "", problems
	}
	if len(resp) != 2 {
		keys := make([]string, 0, len(resp))
		for k := range resp {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		bad("RESP-2: an error's Response holds %v, want only Error and RequestId", keys)
	}
	var e map[string]json.RawMessage
	if err := json.Unmarshal(raw, &e); err != nil {
		bad("RESP-2: Error is not an object")
		return "", problems
	}
	var message string
	if err := json.Unmarshal(e["Code"], &code); err != nil || code == "" {
		bad("RESP-2: Error.Code %s is not a non-empty string", e["Code"])
	}
	if err := json.Unmarshal(e["Message"], &message); err != nil || message == "" {
		bad("RESP-2: Error.Message %s is not a non-empty string", e["Message"])
	}
	if len(e) != 2 {
		bad("RESP-2: Error holds %d members, want Code and Message", len(e))
	}
	if code == "" {
		code = "(missing)"
	}
	return code, problems
}

// assertEnvelope asserts that an answer is the envelope with code want (""
// for a success).
func assertEnvelope(t *testing.T, status int, h http.Header, body []byte, want, reason string) {
	t.Helper()
	code, problems := envelopeProblems(status, h, body)
	assert.Empty(t, problems, "%s; body: %.300s", reason, body)
	assert.Equal(t, want, code, "%s; body: %.300s", reason, body)
}

// rbEnv is an emulator on a loopback port with a fixed clock, and the
// means of building requests for it.
type rbEnv struct {
	srv  *emulator.Server
	c    *client.Client
	hc   *http.Client
	cred signer.Credential
}

func newRBEnv(t *testing.T) *rbEnv {
	t.Helper()
	clock := func() time.Time { return rbNow }
	srv := emulator.Start(emulator.WithClock(clock), emulator.WithRateLimit(0))
	t.Cleanup(srv.Close)
	hc := &http.Client{Timeout: 5 * time.Second}
	cred := signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey}
	return &rbEnv{
		srv:  srv,
		hc:   hc,
		cred: cred,
		c:    &client.Client{BaseURL: srv.URL, Credential: cred, Region: "ap-guangzhou", HTTP: hc, Now: clock},
	}
}

// do sends hr and returns the answer.
func (e *rbEnv) do(t *testing.T, hr *http.Request) (int, http.Header, []byte) {
	t.Helper()
	resp, err := e.hc.Do(hr)
	require.NoError(t, err, "a transport error breaks RESP-5/PARAM-4")
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, body
}

// build returns the signed request the project's client makes of req.
func (e *rbEnv) build(t *testing.T, req client.Request) *http.Request {
	t.Helper()
	hr, err := e.c.Build(context.Background(), req)
	require.NoError(t, err)
	return hr
}

// plain returns an unsigned request.
func (e *rbEnv) plain(t *testing.T, method, target string, header http.Header, body []byte) *http.Request {
	t.Helper()
	hr, err := http.NewRequest(method, e.srv.URL+target, bytes.NewReader(body))
	require.NoError(t, err)
	if body == nil {
		hr.Body, hr.ContentLength = http.NoBody, 0
	}
	for k, vs := range header {
		hr.Header[k] = vs
	}
	return hr
}

// signedGET returns a TC3 GET of InitDBInstances whose query is rawQuery
// exactly as given, correctly signed: the canonical query is the query as
// sent (§2.1), so any malformation survives authentication.
func (e *rbEnv) signedGET(t *testing.T, rawQuery string) *http.Request {
	t.Helper()
	hr, err := http.NewRequest(http.MethodGet, e.srv.URL+"/?"+rawQuery, nil)
	require.NoError(t, err)
	require.Equal(t, rawQuery, hr.URL.RawQuery, "the query must travel as given")
	hr.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hr.Header.Set("X-TC-Action", "InitDBInstances")
	hr.Header.Set("X-TC-Version", "2017-03-12")
	hr.Header.Set("X-TC-Region", "ap-guangzhou")
	signer.SignRequestTC3(hr, nil, e.cred, "postgres", rbNow)
	return hr
}

func rbInit(overrides map[string]any, omit ...string) map[string]any {
	p := map[string]any{"DBInstanceIdSet": []string{rbGoodID}, "AdminName": "dbadmin", "AdminPassword": "A8b!C2d#E4f&", "Charset": "UTF8"}
	for k, v := range overrides {
		p[k] = v
	}
	for _, k := range omit {
		delete(p, k)
	}
	return p
}

// tc3Body is a TC3 JSON POST of InitDBInstances carrying body, signed over
// exactly those bytes.
func tc3Body(body string) client.Request {
	return client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Body: []byte(body)}
}

func tc3Init(p map[string]any) client.Request {
	return client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: p}
}

func setAuthorization(f func(string) string) func(*http.Request, []byte) []byte {
	return func(r *http.Request, _ []byte) []byte {
		r.Header.Set("Authorization", f(r.Header.Get("Authorization")))
		return nil
	}
}

type rbCase struct {
	name   string
	req    func(t *testing.T, e *rbEnv) *http.Request
	code   string // "" for a success
	reason string
}

// viaClient is a case built by the project's signing client.
func viaClient(req client.Request) func(*testing.T, *rbEnv) *http.Request {
	return func(t *testing.T, e *rbEnv) *http.Request { return e.build(t, req) }
}

func TestMalformedRequestsGetTheEnvelope(t *testing.T) {
	e := newRBEnv(t)
	invalidUTF8 := `{"DBInstanceIdSet":["` + rbGoodID + `"],"AdminName":"db` + "\xff\xfe" + `","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`
	garbageTC3 := http.Header{"Authorization": {"TC3-HMAC-SHA256 garbage"}}

	cases := []rbCase{
		// PARAM-4: a TC3 body that is not one JSON object, signed correctly.
		{name: "bad JSON", req: viaClient(tc3Body(`{"DBInstanceIdSet":`)), code: "InvalidParameter", reason: "PARAM-4"},
		{name: "JSON array", req: viaClient(tc3Body(`["` + rbGoodID + `"]`)), code: "InvalidParameter", reason: "PARAM-4"},
		{name: "JSON string", req: viaClient(tc3Body(`"InitDBInstances"`)), code: "InvalidParameter", reason: "PARAM-4"},
		{name: "JSON null", req: viaClient(tc3Body(`null`)), code: "InvalidParameter", reason: "PARAM-4"},
		{name: "JSON number", req: viaClient(tc3Body(`1`)), code: "InvalidParameter", reason: "PARAM-4"},
		{name: "empty body", req: viaClient(tc3Body(``)), code: "InvalidParameter", reason: "PARAM-4"},
		{name: "trailing garbage", req: viaClient(tc3Body(`{"Charset":"UTF8"} x`)), code: "InvalidParameter", reason: "PARAM-4"},
		{name: "two objects", req: viaClient(tc3Body(`{} {}`)), code: "InvalidParameter", reason: "PARAM-4"},
		{name: "invalid UTF-8", req: viaClient(tc3Body(invalidUTF8)), code: "InvalidParameter", reason: "PARAM-4"},

		// PARAM-2: wrong JSON types.
		{name: "id set as a string", req: viaClient(tc3Init(rbInit(map[string]any{"DBInstanceIdSet": rbGoodID}))), code: "InvalidParameter", reason: "PARAM-2"},
		{name: "id set of numbers", req: viaClient(tc3Init(rbInit(map[string]any{"DBInstanceIdSet": []any{1}}))), code: "InvalidParameter", reason: "PARAM-2"},
		{name: "id set null", req: viaClient(tc3Init(rbInit(map[string]any{"DBInstanceIdSet": nil}))), code: "InvalidParameter", reason: "PARAM-2"},
		{name: "id set an object", req: viaClient(tc3Init(rbInit(map[string]any{"DBInstanceIdSet": map[string]any{"0": rbGoodID}}))), code: "InvalidParameter", reason: "PARAM-2"},
		{name: "AdminName a number", req: viaClient(tc3Init(rbInit(map[string]any{"AdminName": 5}))), code: "InvalidParameter", reason: "PARAM-2"},
		{name: "AdminName null", req: viaClient(tc3Init(rbInit(map[string]any{"AdminName": nil}))), code: "InvalidParameter", reason: "PARAM-2"},
		{name: "AdminName an object", req: viaClient(tc3Init(rbInit(map[string]any{"AdminName": map[string]any{}}))), code: "InvalidParameter", reason: "PARAM-2"},
		{name: "AdminPassword a boolean", req: viaClient(tc3Init(rbInit(map[string]any{"AdminPassword": true}))), code: "InvalidParameter", reason: "PARAM-2"},
		{name: "Charset an array", req: viaClient(tc3Init(rbInit(map[string]any{"Charset": []string{"UTF8"}}))), code: "InvalidParameter", reason: "PARAM-2"},
		{name: "TC3 GET id set without index", req: viaClient(client.Request{Style: wire.StyleTC3GET, Action: "InitDBInstances", Params: rbInit(map[string]any{"DBInstanceIdSet": rbGoodID})}),
			code: "InvalidParameter", reason: "PARAM-2, TRANS-4: a flattened array needs indices"},

		// PARAM-1, PARAM-3 and empty values.
		{name: "missing DBInstanceIdSet", req: viaClient(tc3Init(rbInit(nil, "DBInstanceIdSet"))), code: "MissingParameter", reason: "PARAM-1"},
		{name: "missing AdminName", req: viaClient(tc3Init(rbInit(nil, "AdminName"))), code: "MissingParameter", reason: "PARAM-1"},
		{name: "missing AdminPassword", req: viaClient(tc3Init(rbInit(nil, "AdminPassword"))), code: "MissingParameter", reason: "PARAM-1"},
		{name: "missing Charset", req: viaClient(tc3Init(rbInit(nil, "Charset"))), code: "MissingParameter", reason: "PARAM-1"},
		{name: "v1 missing Charset", req: viaClient(client.Request{Style: wire.StyleV1GET, Action: "InitDBInstances", Params: rbInit(nil, "Charset")}), code: "MissingParameter", reason: "PARAM-1"},
		{name: "extra parameter", req: viaClient(tc3Init(rbInit(map[string]any{"DryRun": true}))), code: "UnknownParameter", reason: "PARAM-3"},
		{name: "v1 extra parameter", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "InitDBInstances", Params: rbInit(map[string]any{"Foo": "1"})}), code: "UnknownParameter", reason: "PARAM-3"},
		{name: "empty AdminName", req: viaClient(tc3Init(rbInit(map[string]any{"AdminName": ""}))), code: "InvalidParameterValue.InvalidAccountError", reason: "PARAM-NAME-1"},
		{name: "empty AdminPassword", req: viaClient(tc3Init(rbInit(map[string]any{"AdminPassword": ""}))), code: "InvalidParameterValue.InvalidPasswordLengthError", reason: "PARAM-PWD-1"},
		{name: "empty Charset", req: viaClient(tc3Init(rbInit(map[string]any{"Charset": ""}))), code: "InvalidParameterValue.InvalidCharset", reason: "PARAM-CHARSET-1"},
		{name: "v1 empty AdminName", req: viaClient(client.Request{Style: wire.StyleV1GET, Action: "InitDBInstances", Params: rbInit(map[string]any{"AdminName": ""})}), code: "InvalidParameterValue.InvalidAccountError", reason: "PARAM-NAME-1"},
		{name: "empty id set", req: viaClient(tc3Init(rbInit(map[string]any{"DBInstanceIdSet": []string{}}))), code: "InvalidParameterValue.InvalidParameterValueError", reason: "PARAM-IDS-1"},
		{name: "well-formed request, absent id", req: viaClient(tc3Init(rbInit(nil))), code: "ResourceNotFound.InstanceNotFoundError", reason: "INST-1: the control case"},

		// TRANS-5: size limits, at and beyond them.
		{name: "GET target above 32 KiB", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodGet, "/?x="+strings.Repeat("a", 32<<10), nil, nil)
		}, code: "RequestSizeLimitExceeded", reason: "TRANS-5"},
		{name: "TC3 GET target above 32 KiB", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodGet, "/?x="+strings.Repeat("a", 32<<10), garbageTC3, nil)
		}, code: "RequestSizeLimitExceeded", reason: "TRANS-5: checked before authentication"},
		{name: "GET target of exactly 32 KiB", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodGet, "/?x="+strings.Repeat("a", 32<<10-len("/?x=")), nil, nil)
		}, code: "AuthFailure.InvalidAuthorization", reason: "TRANS-5: at the limit the request is read (and is unsigned, AUTH-2)"},
		{name: "v1 form above 1 MiB", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodPost, "/", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, []byte("x="+strings.Repeat("a", 1<<20)))
		}, code: "RequestSizeLimitExceeded", reason: "TRANS-5"},
		{name: "v1 form of exactly 1 MiB", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodPost, "/", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, []byte("x="+strings.Repeat("a", 1<<20-2)))
		}, code: "AuthFailure.InvalidAuthorization", reason: "TRANS-5: at the limit the form is read (and is unsigned, AUTH-2)"},
		{name: "TC3 body of exactly 10 MiB", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodPost, "/", http.Header{"Content-Type": {"application/json"}, "Authorization": garbageTC3["Authorization"]}, bytes.Repeat([]byte(" "), 10<<20))
		}, code: "AuthFailure.InvalidAuthorization", reason: "TRANS-5: at the limit the body is read, then AUTH-2"},

		// TRANS-2: other methods.
		{name: "PUT", req: func(t *testing.T, e *rbEnv) *http.Request { return e.plain(t, http.MethodPut, "/", nil, []byte("{}")) }, code: "UnsupportedProtocol", reason: "TRANS-2"},
		{name: "DELETE", req: func(t *testing.T, e *rbEnv) *http.Request { return e.plain(t, http.MethodDelete, "/", nil, nil) }, code: "UnsupportedProtocol", reason: "TRANS-2"},
		{name: "PATCH", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodPatch, "/", nil, []byte("{}"))
		}, code: "UnsupportedProtocol", reason: "TRANS-2"},
		{name: "OPTIONS", req: func(t *testing.T, e *rbEnv) *http.Request { return e.plain(t, http.MethodOptions, "/", nil, nil) }, code: "UnsupportedProtocol", reason: "TRANS-2"},
		{name: "TRACE", req: func(t *testing.T, e *rbEnv) *http.Request { return e.plain(t, http.MethodTrace, "/", nil, nil) }, code: "UnsupportedProtocol", reason: "TRANS-2"},
		{name: "made-up method", req: func(t *testing.T, e *rbEnv) *http.Request { return e.plain(t, "FROB", "/", nil, nil) }, code: "UnsupportedProtocol", reason: "TRANS-2"},
		{name: "signed PUT", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Tamper: func(r *http.Request, _ []byte) []byte { r.Method = http.MethodPut; return nil }}), code: "UnsupportedProtocol", reason: "TRANS-2"},

		// AUTH-2: unsigned or badly signed.
		{name: "unsigned GET", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodGet, "/?Action=DescribeDBInstances&Version=2017-03-12&Region=ap-guangzhou", nil, nil)
		}, code: "AuthFailure.InvalidAuthorization", reason: "AUTH-2: neither Authorization nor Signature"},
		{name: "unsigned JSON POST", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Tamper: func(r *http.Request, _ []byte) []byte { r.Header.Del("Authorization"); return nil }}),
			code: "AuthFailure.InvalidAuthorization", reason: "AUTH-2: neither Authorization nor Signature; §2 authentication precedes TRANS-3"},
		{name: "unsigned form POST", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "DescribeDBInstances",
			Body: []byte("Action=DescribeDBInstances&Version=2017-03-12&Region=ap-guangzhou")}), code: "AuthFailure.InvalidAuthorization", reason: "AUTH-2"},
		{name: "another algorithm", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Tamper: setAuthorization(func(a string) string { return strings.Replace(a, "TC3-HMAC-SHA256", "HMAC-SHA256", 1) })}),
			code: "AuthFailure.InvalidAuthorization", reason: "AUTH-2"},
		{name: "garbage Authorization", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Tamper: setAuthorization(func(string) string { return "garbage, , ,Signature=" })}),
			code: "AuthFailure.InvalidAuthorization", reason: "AUTH-2"},
		{name: "algorithm alone", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Tamper: setAuthorization(func(string) string { return "TC3-HMAC-SHA256" })}),
			code: "AuthFailure.InvalidAuthorization", reason: "AUTH-2"},
		{name: "SignedHeaders without host", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Tamper: setAuthorization(func(a string) string {
				return strings.Replace(a, "SignedHeaders=content-type;host", "SignedHeaders=content-type", 1)
			})}),
			code: "AuthFailure.InvalidAuthorization", reason: "AUTH-2"},
		{name: "SignedHeaders without content-type", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Tamper: setAuthorization(func(a string) string {
				return strings.Replace(a, "SignedHeaders=content-type;host", "SignedHeaders=host", 1)
			})}),
			code: "AuthFailure.InvalidAuthorization", reason: "AUTH-2"},

		// AUTH-3..5.
		{name: "unknown SecretId", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Credential: &signer.Credential{SecretID: "AKIDunknown", SecretKey: "k"}}), code: "AuthFailure.SecretIdNotFound", reason: "AUTH-3"},
		{name: "wrong SecretKey", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Credential: &signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: "wrong"}}), code: "AuthFailure.SignatureFailure", reason: "AUTH-5"},
		{name: "body changed after signing", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Tamper: func(*http.Request, []byte) []byte { return []byte(`{"Limit":1}`) }}), code: "AuthFailure.SignatureFailure", reason: "AUTH-5"},
		{name: "missing X-TC-Timestamp", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances", Omit: []string{"Timestamp"}}),
			code: "MissingParameter", reason: "AUTH-4"},
		{name: "non-integer timestamp", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances", Common: map[string]string{"Timestamp": "1700000000.5"}}),
			code: "InvalidParameter", reason: "AUTH-4"},
		{name: "huge timestamp", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances", Common: map[string]string{"Timestamp": "99999999999999999999999"}}),
			code: "InvalidParameter", reason: "AUTH-4: not an integer the server can hold"},
		{name: "timestamp 301 s behind", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances", Time: rbNow.Add(-301 * time.Second)}),
			code: "AuthFailure.SignatureExpire", reason: "AUTH-4"},
		{name: "timestamp 301 s ahead", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances", Time: rbNow.Add(301 * time.Second)}),
			code: "AuthFailure.SignatureExpire", reason: "AUTH-4"},
		{name: "timestamp 300 s behind", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances", Time: rbNow.Add(-300 * time.Second)}),
			code: "", reason: "AUTH-4: only more than 300 s is refused"},
		{name: "v1 timestamp 301 s behind", req: viaClient(client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Time: rbNow.Add(-301 * time.Second)}),
			code: "AuthFailure.SignatureExpire", reason: "AUTH-V1-3, AUTH-4"},

		// COMMON-1..4.
		{name: "missing X-TC-Action", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: rbInit(nil), Omit: []string{"Action"}}),
			code: "MissingParameter", reason: "COMMON-1"},
		{name: "unknown action", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DropDBInstances"}), code: "InvalidAction", reason: "COMMON-1"},
		{name: "action in lower case", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "initdbinstances", Params: rbInit(nil)}), code: "InvalidAction", reason: "COMMON-1: case-sensitive"},
		{name: "missing version", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances", Omit: []string{"Version"}}), code: "MissingParameter", reason: "COMMON-2"},
		{name: "wrong version", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances", Common: map[string]string{"Version": "2017-03-13"}}), code: "NoSuchVersion", reason: "COMMON-2"},
		{name: "missing region", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: rbInit(nil), Omit: []string{"Region"}}), code: "MissingParameter", reason: "COMMON-3"},
		{name: "region ap-mars", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: rbInit(nil), Common: map[string]string{"Region": "ap-mars"}}), code: "UnsupportedRegion", reason: "COMMON-3"},
		{name: "v1 region ap-mars", req: viaClient(client.Request{Style: wire.StyleV1GET, Action: "InitDBInstances", Params: rbInit(nil), Common: map[string]string{"Region": "ap-mars"}}), code: "UnsupportedRegion", reason: "COMMON-3"},
		{name: "v1 missing action", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "InitDBInstances", Params: rbInit(nil), Omit: []string{"Action"}}), code: "MissingParameter", reason: "COMMON-1"},
		{name: "language fr-FR", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances", Common: map[string]string{"Language": "fr-FR"}}), code: "InvalidParameterValue", reason: "COMMON-4"},

		// TRANS-3: content types of a TC3 POST.
		{name: "text/plain", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: rbInit(nil), ContentType: "text/plain"}), code: "InvalidParameter", reason: "TRANS-3"},
		{name: "multipart/form-data", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: rbInit(nil), ContentType: "multipart/form-data; boundary=xyz"}), code: "InvalidParameter", reason: "TRANS-3"},
		{name: "JSON in latin1", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: rbInit(nil), ContentType: "application/json; charset=latin1"}), code: "InvalidParameter", reason: "TRANS-3"},
		{name: "form content type on TC3", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: rbInit(nil), ContentType: "application/x-www-form-urlencoded"}), code: "InvalidParameter", reason: "TRANS-3"},
		{name: "unparsable content type", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: rbInit(nil), ContentType: "application/json; ;"}), code: "InvalidParameter", reason: "TRANS-3"},
		{name: "JSON in UTF-8", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: rbInit(nil), ContentType: "application/json; charset=UTF-8"}),
			code: "ResourceNotFound.InstanceNotFoundError", reason: "TRANS-3: a UTF-8 charset is allowed, so the request reaches INST-1"},
		{name: "v1 form sent as text/plain", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "DescribeDBInstances", ContentType: "text/plain"}),
			code: "AuthFailure.InvalidAuthorization", reason: "AUTH-2: a non-form body carries no Signature parameter, and §2 comes before TRANS-3"},
		{name: "v1 form in latin1", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "DescribeDBInstances", ContentType: "application/x-www-form-urlencoded; charset=latin1"}),
			code: "InvalidParameter", reason: "TRANS-3"},
		{name: "v1 form in UTF-8", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "DescribeDBInstances", ContentType: "application/x-www-form-urlencoded; charset=UTF-8"}),
			code: "", reason: "TRANS-3: a UTF-8 charset is allowed"},

		// AUTH-V1-1.
		{name: "v1 missing Nonce", req: viaClient(client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Omit: []string{"Nonce"}}), code: "MissingParameter", reason: "AUTH-V1-1"},
		{name: "v1 missing SecretId", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "DescribeDBInstances", Omit: []string{"SecretId"}}), code: "MissingParameter", reason: "AUTH-V1-1"},
		{name: "v1 missing Timestamp", req: viaClient(client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Omit: []string{"Timestamp"}}), code: "MissingParameter", reason: "AUTH-V1-1"},
		{name: "v1 Nonce -1", req: viaClient(client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Common: map[string]string{"Nonce": "-1"}}), code: "InvalidParameter", reason: "AUTH-V1-1"},
		{name: "v1 Nonce 0", req: viaClient(client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Common: map[string]string{"Nonce": "0"}}), code: "InvalidParameter", reason: "AUTH-V1-1"},
		{name: "v1 Nonce abc", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "DescribeDBInstances", Common: map[string]string{"Nonce": "abc"}}), code: "InvalidParameter", reason: "AUTH-V1-1"},
		{name: "v1 POST with its parameters in the query", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "DescribeDBInstances",
			Tamper: func(r *http.Request, body []byte) []byte { r.URL.RawQuery = string(body); return []byte{} }}),
			code: "AuthFailure.InvalidAuthorization", reason: "TRANS-3: a v1 POST's query is not read, so the request is unsigned (AUTH-2)"},
		{name: "v1 POST ignores its query", req: viaClient(client.Request{Style: wire.StyleV1Form, Action: "DescribeDBInstances",
			Tamper: func(r *http.Request, _ []byte) []byte { r.URL.RawQuery = "Limit=0&Signature=x&Foo=%zz"; return nil }}),
			code: "", reason: "TRANS-3: a v1 POST's query is not read"},
		{name: "v1 bad escape in query", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodGet, "/?Action=DescribeDBInstances&Signature=%zz", nil, nil)
		}, code: "InvalidParameter", reason: "TRANS-4, PARAM-4"},
		{name: "v1 duplicated name in form", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.plain(t, http.MethodPost, "/", http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, []byte("Signature=a&Signature=b"))
		}, code: "InvalidParameter", reason: "TRANS-4, PARAM-4"},

		// TRANS-4: flattening errors in a correctly signed TC3 GET.
		{name: "index 1 without 0", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.signedGET(t, "DBInstanceIdSet.1="+rbGoodID+"&AdminName=dbadmin&AdminPassword=A8b%21C2d%23E4f%26&Charset=UTF8")
		}, code: "InvalidParameter", reason: "TRANS-4"},
		{name: "name both value and array", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.signedGET(t, "DBInstanceIdSet=x&DBInstanceIdSet.0="+rbGoodID+"&AdminName=dbadmin&AdminPassword=A8b%21C2d%23E4f%26&Charset=UTF8")
		}, code: "InvalidParameter", reason: "TRANS-4"},
		{name: "empty segment", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.signedGET(t, "DBInstanceIdSet..0="+rbGoodID+"&AdminName=dbadmin&AdminPassword=A8b%21C2d%23E4f%26&Charset=UTF8")
		}, code: "InvalidParameter", reason: "TRANS-4"},
		{name: "index with a leading zero", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.signedGET(t, "DBInstanceIdSet.00="+rbGoodID+"&AdminName=dbadmin&AdminPassword=A8b%21C2d%23E4f%26&Charset=UTF8")
		}, code: "InvalidParameter", reason: "TRANS-4"},
		{name: "bad %-escape", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.signedGET(t, "DBInstanceIdSet.0="+rbGoodID+"&AdminName=db%zzadmin&AdminPassword=A8b%21C2d%23E4f%26&Charset=UTF8")
		}, code: "InvalidParameter", reason: "TRANS-4"},
		{name: "escaped invalid UTF-8", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.signedGET(t, "DBInstanceIdSet.0="+rbGoodID+"&AdminName=db%FFadmin&AdminPassword=A8b%21C2d%23E4f%26&Charset=UTF8")
		}, code: "InvalidParameter", reason: "PARAM-4"},
		{name: "duplicated name", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.signedGET(t, "DBInstanceIdSet.0="+rbGoodID+"&AdminName=dbadmin&AdminName=other&AdminPassword=A8b%21C2d%23E4f%26&Charset=UTF8")
		}, code: "InvalidParameter", reason: "TRANS-4"},
		{name: "well-formed signed GET", req: func(t *testing.T, e *rbEnv) *http.Request {
			return e.signedGET(t, "DBInstanceIdSet.0="+rbGoodID+"&AdminName=dbadmin&AdminPassword=A8b%21C2d%23E4f%26&Charset=UTF8")
		}, code: "ResourceNotFound.InstanceNotFoundError", reason: "INST-1: the control case of the hand-signed queries"},

		// TRANS-1: other paths, after authentication.
		{name: "path /foo", req: viaClient(client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances",
			Tamper: func(r *http.Request, _ []byte) []byte { r.URL.Path = "/foo"; return nil }}), code: "InvalidAction", reason: "TRANS-1"},
		{name: "v1 path /foo", req: viaClient(client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances",
			Tamper: func(r *http.Request, _ []byte) []byte { r.URL.Path = "/foo"; return nil }}), code: "InvalidAction", reason: "TRANS-1"},
		{name: "unsigned path /foo", req: func(t *testing.T, e *rbEnv) *http.Request { return e.plain(t, http.MethodGet, "/foo", nil, nil) },
			code: "AuthFailure.InvalidAuthorization", reason: "TRANS-1: the path is checked after authentication"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, h, body := e.do(t, tc.req(t, e))
			assertEnvelope(t, status, h, body, tc.code, tc.reason)
		})
	}
}

func TestHEADGetsHeadersOnly(t *testing.T) {
	e := newRBEnv(t)
	resp, err := e.hc.Head(e.srv.URL + "/")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode, "RESP-5")
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"), "RESP-6")
	assert.Regexp(t, rbUUID, resp.Header.Get("X-TC-RequestId"), "RESP-4")
	assert.Empty(t, body, "a HEAD answer has no body")
}

// TestV1Replay is AUTH-V1-4: a (SecretId, Nonce, Timestamp) triple is
// accepted once within the window.
func TestV1Replay(t *testing.T) {
	e := newRBEnv(t)
	fixed := map[string]string{"Nonce": "424242"}
	for _, tc := range []struct {
		name   string
		req    client.Request
		code   string
		reason string
	}{
		{name: "first use", req: client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Common: fixed}, code: "", reason: "AUTH-V1-4: a new triple"},
		{name: "same request again", req: client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Common: fixed}, code: "AuthFailure.SignatureFailure", reason: "AUTH-V1-4"},
		{name: "same triple, other request", req: client.Request{Style: wire.StyleV1Form, Action: "DescribeDBInstances", Params: map[string]any{"Limit": 5}, Common: fixed},
			code: "AuthFailure.SignatureFailure", reason: "AUTH-V1-4: the triple, not the request, is remembered"},
		{name: "same nonce, other timestamp", req: client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Common: fixed, Time: rbNow.Add(-time.Second)},
			code: "", reason: "AUTH-V1-4: another triple"},
		{name: "other nonce", req: client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Common: map[string]string{"Nonce": "424243"}}, code: "", reason: "AUTH-V1-4: another triple"},
		{name: "bad signature does not burn the triple", req: client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Common: map[string]string{"Nonce": "77"},
			Credential: &signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: "wrong"}}, code: "AuthFailure.SignatureFailure", reason: "AUTH-V1-3"},
		{name: "after a bad signature", req: client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances", Common: map[string]string{"Nonce": "77"}},
			code: "", reason: "AUTH-V1-4: only a triple that passed the signature check is remembered"},
	} {
		status, h, body := e.do(t, e.build(t, tc.req))
		assertEnvelope(t, status, h, body, tc.code, tc.name+": "+tc.reason)
	}
}

// rawConn opens a connection to the emulator with a deadline.
func rawConn(t *testing.T, e *rbEnv, d time.Duration) *net.TCPConn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", e.srv.Endpoint, time.Second)
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	require.NoError(t, conn.SetDeadline(time.Now().Add(d)))
	return conn.(*net.TCPConn)
}

// readAnswer reads one HTTP answer from conn.
func readAnswer(t *testing.T, r *bufio.Reader) (int, http.Header, []byte, error) {
	t.Helper()
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, body, err
}

// TestOversizedBodies sends bodies beyond the TRANS-5 limits that net/http
// would not send as such: a Content-Length the body never fills, and
// chunked streams with no length at all. The emulator must answer
// RequestSizeLimitExceeded without reading the stream to its end.
func TestOversizedBodies(t *testing.T) {
	e := newRBEnv(t)
	head := func(contentType, authorization, framing string) string {
		h := "POST / HTTP/1.1\r\nHost: " + e.srv.Endpoint + "\r\nContent-Type: " + contentType + "\r\n"
		if authorization != "" {
			h += "Authorization: " + authorization + "\r\n"
		}
		return h + framing + "\r\n"
	}
	const tc3Auth = "TC3-HMAC-SHA256 Credential=" + emulator.DefaultSecretID + "/2023-11-14/postgres/tc3_request, SignedHeaders=content-type;host, Signature=00"

	t.Run("TC3 Content-Length above 10 MiB", func(t *testing.T) {
		conn := rawConn(t, e, 5*time.Second)
		start := time.Now()
		_, err := io.WriteString(conn, head("application/json", tc3Auth, "Content-Length: "+strconv.Itoa(10<<20+1)+"\r\n")+`{"DBInstanceIdSet":[`)
		require.NoError(t, err)
		status, h, body, err := readAnswer(t, bufio.NewReader(conn))
		require.NoError(t, err, "the answer comes before the body")
		assertEnvelope(t, status, h, body, "RequestSizeLimitExceeded", "TRANS-5")
		assert.Less(t, time.Since(start), 2*time.Second)
	})
	t.Run("v1 Content-Length above 1 MiB", func(t *testing.T) {
		conn := rawConn(t, e, 5*time.Second)
		_, err := io.WriteString(conn, head("application/x-www-form-urlencoded", "", "Content-Length: "+strconv.Itoa(1<<20+1)+"\r\n")+"Action=")
		require.NoError(t, err)
		status, h, body, err := readAnswer(t, bufio.NewReader(conn))
		require.NoError(t, err)
		assertEnvelope(t, status, h, body, "RequestSizeLimitExceeded", "TRANS-5")
	})

	for _, tc := range []struct {
		name, contentType, authorization string
		limit                            int
		reason                           string
	}{
		{name: "TC3 chunked above 10 MiB", contentType: "application/json", authorization: tc3Auth, limit: 10 << 20, reason: "TRANS-5: a TC3 body is cut at 10 MiB"},
		{name: "v1 chunked above 1 MiB", contentType: "application/x-www-form-urlencoded", limit: 1 << 20, reason: "TRANS-5: a v1 body is cut at 1 MiB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := rawConn(t, e, 5*time.Second)
			_, err := io.WriteString(conn, head(tc.contentType, tc.authorization, "Transfer-Encoding: chunked\r\n"))
			require.NoError(t, err)
			// Stream far more than the limit and the socket buffers can
			// hold; the writer stops at the first write error, once the
			// answer is read and the connection closed.
			total := tc.limit + 64<<20
			written := make(chan int, 1)
			go func() {
				chunk := []byte(fmt.Sprintf("%x\r\n%s\r\n", 64<<10, bytes.Repeat([]byte("a"), 64<<10)))
				n := 0
				for n < total {
					if _, err := conn.Write(chunk); err != nil {
						break
					}
					n += 64 << 10
				}
				written <- n
			}()
			start := time.Now()
			status, h, body, err := readAnswer(t, bufio.NewReader(conn))
			elapsed := time.Since(start)
			conn.Close() // stops the writer if it is still blocked
			n := <-written
			require.NoError(t, err)
			assertEnvelope(t, status, h, body, "RequestSizeLimitExceeded", tc.reason)
			assert.Less(t, elapsed, 3*time.Second, "the answer comes quickly")
			assert.Less(t, n, total, "the server stopped reading: a body is never read unboundedly")
		})
	}
}

// TestTruncatedBody: a body shorter than its Content-Length, after which the
// client stops writing. The server answers or hangs up promptly, and keeps
// serving.
func TestTruncatedBody(t *testing.T) {
	e := newRBEnv(t)
	const req = "POST / HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n" +
		"Authorization: TC3-HMAC-SHA256 Credential=x/2023-11-14/postgres/tc3_request, SignedHeaders=content-type;host, Signature=00\r\n" +
		"Content-Length: 100\r\n\r\n{\"DBInstan"

	t.Run("half-close", func(t *testing.T) {
		conn := rawConn(t, e, 3*time.Second)
		_, err := fmt.Fprintf(conn, req, e.srv.Endpoint)
		require.NoError(t, err)
		require.NoError(t, conn.CloseWrite())
		status, h, body, err := readAnswer(t, bufio.NewReader(conn))
		var ne net.Error
		require.False(t, errors.As(err, &ne) && ne.Timeout(), "the server hangs on a truncated body")
		if err == nil {
			assertEnvelope(t, status, h, body, "InvalidParameter", "TRANS-3: the body could not be read")
		} else {
			t.Logf("the server hung up without an answer: %v", err)
		}
	})
	t.Run("close", func(t *testing.T) {
		conn := rawConn(t, e, 3*time.Second)
		_, err := fmt.Fprintf(conn, req, e.srv.Endpoint)
		require.NoError(t, err)
		require.NoError(t, conn.Close())
	})
	t.Run("still serving", func(t *testing.T) {
		status, h, body := e.do(t, e.build(t, client.Request{Style: wire.StyleTC3JSON, Action: "DescribeDBInstances"}))
		assertEnvelope(t, status, h, body, "", "the server survives truncated bodies")
	})
	t.Run("in process", func(t *testing.T) {
		// The same failure seen by the handler: a body that breaks off.
		em, err := emulator.New()
		require.NoError(t, err)
		r := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(strings.NewReader(`{"DBInstan`), iotest.ErrReader(io.ErrUnexpectedEOF)))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential=x/2023-11-14/postgres/tc3_request, SignedHeaders=content-type;host, Signature=00")
		r.ContentLength = 100
		rec := httptest.NewRecorder()
		em.ServeHTTP(rec, r)
		assertEnvelope(t, rec.Code, rec.Header(), rec.Body.Bytes(), "InvalidParameter", "TRANS-3: the body could not be read")
	})
}

// TestRandomRequests sends 2000 requests generated from a fixed seed, some
// random bytes and some correctly signed requests with random parameters
// or a random change after signing, straight to the handler. Every answer
// is the envelope with a documented code (RESP-1..7).
func TestRandomRequests(t *testing.T) {
	const n = 2000
	clock := func() time.Time { return rbNow }
	em, err := emulator.New(emulator.WithClock(clock), emulator.WithRateLimit(0), emulator.WithSeed(7))
	require.NoError(t, err)
	rnd := rand.New(rand.NewPCG(20240601, 1))
	c := &client.Client{
		BaseURL:    "http://example.com",
		Credential: signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey},
		Region:     "ap-guangzhou",
		Now:        clock,
	}
	seen := map[string]int{}
	for i := range n {
		r, desc := randomRequest(t, rnd, c)
		rec := httptest.NewRecorder()
		func() {
			defer func() {
				if p := recover(); p != nil {
					t.Fatalf("request %d (%s) panicked: %v", i, desc, p)
				}
			}()
			em.ServeHTTP(rec, r)
		}()
		code, problems := envelopeProblems(rec.Code, rec.Header(), rec.Body.Bytes())
		if len(problems) > 0 || (code != "" && !codes.Documented(code)) {
			t.Fatalf("request %d (%s): code %q, problems %v; body %.300s", i, desc, code, problems, rec.Body.Bytes())
		}
		seen[code]++
	}
	t.Logf("codes over %d random requests: %v", n, seen)
	assert.GreaterOrEqual(t, len(seen), 12, "the generator should reach many checks, got %v", seen)
}

var (
	rbMethods      = []string{"GET", "POST", "POST", "POST", "GET", "PUT", "HEAD", "DELETE", "OPTIONS", "get", "P\x00ST", ""}
	rbContentTypes = []string{"", "application/json", "application/json; charset=utf-8", "application/json; charset=latin1",
		"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", ";;;", "application/json; charset=\"", "\xff"}
	rbPaths   = []string{"/", "/", "/", "/foo", "//", "/%2F", "/?", ""}
	rbActions = []string{"InitDBInstances", "CreateDBInstances", "DescribeDBInstances", "", "Init", "initdbinstances"}
	rbValues  = []any{nil, true, 0, -1, 1.5, 1e300, "", "x", "UTF8", "LATIN1", "dbadmin", "A8b!C2d#E4f&", rbGoodID,
		"postgres-", "\xff", "\x00", strings.Repeat("é", 40), []any{}, []any{rbGoodID}, []any{1, nil}, []any{[]any{}},
		map[string]any{}, map[string]any{"Name": "db-instance-id", "Values": []any{rbGoodID}}, []any{map[string]any{"Name": "db-instance-status", "Values": []any{"init"}}}}
	rbNames = []string{"DBInstanceIdSet", "AdminName", "AdminPassword", "Charset", "Filters", "Limit", "Offset",
		"SpecCode", "Storage", "InstanceCount", "Period", "Zone", "Foo", "DBInstanceIdSet.0", ""}
)

func pick[T any](rnd *rand.Rand, list []T) T { return list[rnd.IntN(len(list))] }

func randomBytes(rnd *rand.Rand, max int) []byte {
	b := make([]byte, rnd.IntN(max+1))
	for i := range b {
		switch rnd.IntN(4) {
		case 0:
			b[i] = byte(rnd.IntN(256))
		default:
			b[i] = pick(rnd, []byte(`{}[]":,.0123456789abcxyzAZ=&%+ \`+"\n\x00"))
		}
	}
	return b
}

func randomParams(rnd *rand.Rand) map[string]any {
	p := map[string]any{}
	if rnd.IntN(3) == 0 {
		p = rbInit(nil)
	}
	for range rnd.IntN(4) {
		name := pick(rnd, rbNames)
		if rnd.IntN(4) == 0 {
			delete(p, name)
		} else {
			p[name] = pick(rnd, rbValues)
		}
	}
	return p
}

// randomRequest returns a server-side request and a short description.
func randomRequest(t *testing.T, rnd *rand.Rand, c *client.Client) (*http.Request, string) {
	t.Helper()
	if rnd.IntN(2) == 0 {
		return signedRandomRequest(t, rnd, c)
	}
	method := pick(rnd, rbMethods)
	target := pick(rnd, rbPaths)
	if rnd.IntN(2) == 0 {
		target += "?" + string(randomBytes(rnd, 80))
	}
	body := randomBytes(rnd, 200)
	r := &http.Request{
		Method:     method,
		RequestURI: target,
		Host:       "example.com",
		Proto:      "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header:        http.Header{},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		RemoteAddr:    "192.0.2.1:1234",
	}
	u, err := url.ParseRequestURI(target)
	if err != nil {
		u = &url.URL{Path: "/", RawQuery: strings.TrimPrefix(target, "/?")}
	}
	r.URL = u
	switch rnd.IntN(5) {
	case 0:
		r.ContentLength = -1
	case 1:
		r.ContentLength = rnd.Int64N(1 << 40)
	}
	if ct := pick(rnd, rbContentTypes); ct != "" {
		r.Header.Set("Content-Type", ct)
	}
	if rnd.IntN(2) == 0 {
		r.Header.Set("Authorization", pick(rnd, []string{
			"TC3-HMAC-SHA256 " + string(randomBytes(rnd, 60)),
			"TC3-HMAC-SHA256 Credential=" + emulator.DefaultSecretID + "/2023-11-14/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + string(randomBytes(rnd, 64)),
			"TC3-HMAC-SHA256 Credential=" + emulator.DefaultSecretID + "/2023-11-14/postgres/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=ab",
			string(randomBytes(rnd, 40)),
		}))
	}
	for _, name := range []string{"X-TC-Action", "X-TC-Version", "X-TC-Region", "X-TC-Timestamp", "X-TC-Language", "X-TC-Token", "X-TC-Content-SHA256"} {
		switch rnd.IntN(4) {
		case 0:
			r.Header.Set(name, string(randomBytes(rnd, 20)))
		case 1:
			r.Header.Set(name, pick(rnd, []string{"InitDBInstances", "2017-03-12", "ap-guangzhou", "1700000000", "en-US", "UNSIGNED-PAYLOAD", ""}))
		}
	}
	return r, fmt.Sprintf("random %q %q", method, target)
}

// signedRandomRequest builds a correctly signed request in a random style
// with random parameters, then perhaps changes one thing after signing.
func signedRandomRequest(t *testing.T, rnd *rand.Rand, c *client.Client) (*http.Request, string) {
	t.Helper()
	style := pick(rnd, wire.Styles())
	req := client.Request{Style: style, Action: pick(rnd, rbActions), Params: randomParams(rnd)}
	if rnd.IntN(4) == 0 {
		req.Body = randomBytes(rnd, 120)
	}
	if rnd.IntN(5) == 0 {
		req.Common = map[string]string{pick(rnd, []string{"Version", "Region", "Language", "Timestamp", "Nonce", "SecretId", "SignatureMethod", "Token"}): string(randomBytes(rnd, 12))}
	}
	if rnd.IntN(6) == 0 {
		req.Omit = []string{pick(rnd, []string{"Action", "Version", "Region", "Timestamp", "Nonce", "SecretId"})}
	}
	if rnd.IntN(6) == 0 {
		req.Time = rbNow.Add(time.Duration(rnd.IntN(1200)-600) * time.Second)
	}
	hr, err := c.Build(context.Background(), req)
	if err != nil { // parameters the client cannot flatten: send the JSON instead
		req.Style, req.Body = wire.StyleTC3JSON, nil
		hr, err = c.Build(context.Background(), req)
	}
	require.NoError(t, err)
	var body []byte
	if hr.Body != nil {
		body, err = io.ReadAll(hr.Body)
		require.NoError(t, err)
	}
	target := hr.URL.RequestURI()
	switch rnd.IntN(6) {
	case 0: // flip a byte of the body
		if len(body) > 0 {
			body[rnd.IntN(len(body))] ^= byte(1 + rnd.IntN(255))
		}
	case 1: // change the query
		target += pick(rnd, []string{"&", "&x=1", "&DBInstanceIdSet.0=" + rbGoodID, "%", "&&="})
	case 2: // change a header
		hr.Header.Set(pick(rnd, []string{"Content-Type", "X-TC-Action", "X-TC-Region", "X-TC-Timestamp", "Authorization"}), string(randomBytes(rnd, 30)))
	}
	r := httptest.NewRequest(hr.Method, "http://example.com/", bytes.NewReader(body))
	r.RequestURI = target
	u, err := url.ParseRequestURI(target)
	if err != nil {
		u = &url.URL{Path: "/", RawQuery: strings.TrimPrefix(target, "/?")}
	}
	r.URL = u
	r.Header = hr.Header
	return r, fmt.Sprintf("signed %s %s", style, req.Action)
}
