package emulator_test

// Native fuzz targets of the emulator's HTTP handler, served in process
// (httptest.NewRecorder, no network) with a fixed clock that is also the
// signing time. Every answer must be the envelope of CONTRACT §7 with HTTP
// 200 and a documented code (RESP-1..7), never a panic and never a
// server-side code for a client's fault. Each target keeps one emulator for
// the whole run of a fuzz worker and builds a new one only when an answer
// changed its state, so that an input's outcome does not depend on the
// inputs before it.
//
// The file is self-contained (ClusterFuzzLite builds each target from it
// alone). f.Add holds a few literal seeds; the full set, read from the spec
// by package fuzz, is committed under testdata/fuzz/<FuzzName>/. The file
// imports fuzz/inproc, not package fuzz, whose spec loader would add to the
// instrumented code the fuzzer scans after every execution.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/codes"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/fuzz/inproc"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

const (
	fzRegion    = "ap-guangzhou"
	fzOtherID   = "AKIDfuzzOtherAccountEXAMPLE"
	fzOtherKey  = "fuzzOtherAccountSecretKeyEXAMPLE"
	fzBaseURL   = "http://postgres.tencentcloudapi.com"
	fzUnixNow   = 1_700_000_000
	fzMaxReuses = 4096 // executions before the emulator is built anew (its v1 replay cache grows)
)

func fzClock() time.Time { return time.Unix(fzUnixNow, 0) }

// fzHarness is one emulator with three instances in status init for the
// default account and one for another account, and a client signing at the
// emulator's time.
type fzHarness struct {
	emu    *emulator.Emulator
	mine   []string
	other  string
	client *client.Client
	uses   int
	dirty  bool
}

func fzNewHarness() *fzHarness {
	h := &fzHarness{}
	h.reset()
	return h
}

func (h *fzHarness) reset() {
	e, err := emulator.New(
		emulator.WithCredential(emulator.DefaultSecretID, emulator.DefaultSecretKey),
		emulator.WithCredential(fzOtherID, fzOtherKey),
		emulator.WithClock(fzClock),
		emulator.WithRateLimit(0),
		emulator.WithSeed(1),
	)
	if err != nil {
		panic(err) // fixed options: a programmer's mistake
	}
	h.emu = e
	h.mine = e.CreateInstances(emulator.DefaultSecretID, fzRegion, 3)
	h.other = e.CreateInstances(fzOtherID, fzRegion, 1)[0]
	h.client = &client.Client{
		BaseURL:    fzBaseURL,
		Credential: signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey},
		Region:     fzRegion,
		Now:        fzClock,
	}
	h.uses, h.dirty = 0, false
}

// next makes the harness ready for one execution.
func (h *fzHarness) next() {
	if h.dirty || h.uses >= fzMaxReuses {
		h.reset()
	}
	h.uses++
}

// check applies the properties every answer must have and returns it.
// what describes the input for a failure message; it is called only then.
func (h *fzHarness) check(t *testing.T, rec *httptest.ResponseRecorder, what func() string) *inproc.Answer {
	t.Helper()
	body := rec.Body.Bytes()
	ans, err := inproc.CheckEnvelope(rec.Code, rec.Header(), body)
	if err != nil {
		t.Fatalf("%s: the answer breaks the envelope:\n%v\nbody: %.400s", what(), err, body)
	}
	if info, ok := codes.Lookup(ans.Code); ok && info.ServerSide {
		t.Fatalf("%s: server-side code %s with no fault injected (RESP-5)", what(), ans.Code)
	}
	if ans.Success() {
		h.dirty = true
	}
	return ans
}

// The selectors of FuzzHandlerSigned, taken modulo their lengths.
var (
	fzActions   = []string{"InitDBInstances", "CreateDBInstances", "DescribeDBInstances", "initdbinstances", ""}
	fzRegions   = []string{fzRegion, "ap-beijing", "ap-mars", ""}
	fzLanguages = []string{"", "en-US", "zh-CN", "fr-FR"}
	fzV1Common  = []string{"Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature", "SignatureMethod", "Token", "Language", "RequestClient"}
)

// fzSubstitute replaces the placeholders "$0", "$1", "$2" (the caller's
// instances in status init) and "$x" (another account's) in string leaves.
func (h *fzHarness) fzSubstitute(v any) any {
	switch x := v.(type) {
	case string:
		if len(x) == 2 && x[0] == '$' {
			if x[1] == 'x' {
				return h.other
			}
			if x[1] >= '0' && x[1] <= '9' {
				return h.mine[int(x[1]-'0')%len(h.mine)]
			}
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = h.fzSubstitute(e)
		}
	case map[string]any:
		for k, e := range x {
			x[k] = h.fzSubstitute(e)
		}
	}
	return v
}

// FuzzHandlerSigned builds a request from fuzzed parameters (a JSON object,
// or for the TC3 JSON style any body) with package client, in any of the
// four styles, signed correctly at the emulator's time, so that the input
// reaches parameter validation and instance state rather than stopping at
// authentication. Beyond the envelope: a correctly signed request never
// gets an AuthFailure code, and a successful InitDBInstances answers
// exactly the ids asked for (INST-5) and leaves each running (INST-4).
func FuzzHandlerSigned(f *testing.F) {
	valid := `{"DBInstanceIdSet":["$0","$1"],"AdminName":"testuser","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`
	for style := range byte(4) {
		f.Add(style, byte(0), byte(0), byte(0), []byte(valid))
		f.Add(style, byte(0), byte(0), byte(1), []byte(`{"DBInstanceIdSet":["$0","$x"],"AdminName":"Pg_x","AdminPassword":"Aa1!aaa","Charset":"utf8"}`))
		f.Add(style, byte(1), byte(0), byte(0), []byte(`{"SpecCode":"pg.it.medium4","Storage":10,"InstanceCount":2,"Period":1,"Zone":"ap-guangzhou-3","TagList":[{"TagKey":"k","TagValue":"v"}]}`))
		f.Add(style, byte(2), byte(0), byte(0), []byte(`{"Filters":[{"Name":"db-instance-id","Values":["$0"]}],"Limit":10}`))
	}
	f.Add(byte(0), byte(0), byte(1), byte(2), []byte(valid))
	f.Add(byte(0), byte(3), byte(2), byte(3), []byte(valid))
	f.Add(byte(0), byte(0), byte(0), byte(0), []byte(`{"a":`))
	h := fzNewHarness()
	f.Fuzz(func(t *testing.T, style, action, region, lang byte, params []byte) {
		h.next()
		st := wire.Styles()[int(style)%len(wire.Styles())]
		req := client.Request{Style: st, Action: fzActions[int(action)%len(fzActions)], Common: map[string]string{}}
		var tree map[string]any
		dec := json.NewDecoder(bytes.NewReader(params))
		dec.UseNumber()
		if err := dec.Decode(&tree); err != nil || dec.More() || tree == nil {
			if st != wire.StyleTC3JSON {
				return // only a JSON body can carry what is not an object
			}
			req.Body = params
		} else {
			h.fzSubstitute(tree)
			if st == wire.StyleV1GET || st == wire.StyleV1Form {
				for _, k := range fzV1Common {
					delete(tree, k)
				}
			}
			req.Params = tree
		}
		if r := fzRegions[int(region)%len(fzRegions)]; r != "" {
			req.Common["Region"] = r
		} else {
			req.Omit = []string{"Region"}
		}
		if l := fzLanguages[int(lang)%len(fzLanguages)]; l != "" {
			req.Common["Language"] = l
		}
		hr, err := h.client.Build(context.Background(), req)
		if err != nil {
			return // a tree Flatten cannot write (null, a number in an array of objects …)
		}
		rec := inproc.Serve(h.emu, hr)
		what := func() string { return fmt.Sprintf("%s %s %.200q", st, req.Action, params) }
		ans := h.check(t, rec, what)
		if strings.HasPrefix(ans.Code, "AuthFailure") {
			t.Fatalf("%s: a correctly signed request got %s", what(), ans.Code)
		}
		if !ans.Success() || req.Action != "InitDBInstances" {
			return
		}
		var asked []string
		list, _ := tree["DBInstanceIdSet"].([]any)
		for _, e := range list {
			if id, ok := e.(string); ok && !slices.Contains(asked, id) {
				asked = append(asked, id)
			}
		}
		got := slices.Clone(ans.IDs)
		slices.Sort(got)
		slices.Sort(asked)
		if !slices.Equal(got, asked) {
			t.Fatalf("%s: answered DBInstanceIdSet %q, asked for %q (INST-5)", what(), ans.IDs, asked)
		}
		for _, id := range asked {
			inst, ok := h.emu.Instance(id)
			if !ok || inst.Status == emulator.StatusInit || inst.Region != fzRegion {
				t.Fatalf("%s: after success instance %s is %+v (INST-4)", what(), id, inst)
			}
		}
	})
}

// fzView is what a signature covers in a request, and what the emulator
// must see unchanged for the request to succeed: two requests with equal
// views are the same request to the signature.
type fzView map[string]string

// fzViewOf reads the signed parts of a server-side request. Header values
// signed by TC3 are compared as AUTH-1 signs them (trimmed, lower-cased)
// and the Authorization header as parsed, since a change of case in its
// header names is no change; a v1 request's parameters as decoded.
func fzViewOf(r *http.Request, body []byte, readErr error, tc3 bool) fzView {
	v := fzView{"method": r.Method, "path": r.URL.Path}
	if readErr != nil {
		v["body-error"] = readErr.Error()
	}
	if !tc3 {
		v["host"] = r.Host
		raw := r.URL.RawQuery
		if r.Method != http.MethodGet {
			raw = string(body)
		}
		params, err := wire.ParseQuery(raw)
		if err != nil {
			v["params"] = "unparsable: " + err.Error()
		} else {
			v["params"] = wire.Encode(params)
		}
		return v
	}
	if r.Method == http.MethodGet {
		v["query"] = r.URL.RawQuery
	} else {
		v["body"] = string(body)
	}
	v["content-type"] = strings.ToLower(strings.TrimSpace(strings.Join(r.Header.Values("Content-Type"), ",")))
	v["host"] = strings.ToLower(strings.TrimSpace(r.Host))
	if a, err := signer.ParseAuthorization(r.Header.Get("Authorization")); err == nil {
		v["credential"] = strings.Join([]string{a.SecretID, a.Date, a.Service, a.Terminator, strings.Join(a.SignedHeaders, ";")}, "/")
		v["signature"] = a.Signature
	} else {
		v["credential"] = "unparsable: " + r.Header.Get("Authorization")
	}
	ts := strings.Join(r.Header.Values("X-Tc-Timestamp"), ",")
	if n, err := strconv.ParseInt(ts, 10, 64); err == nil {
		ts = strconv.FormatInt(n, 10)
	} else {
		ts = "unparsable: " + ts
	}
	v["timestamp"] = ts
	v["token"] = strings.Join(r.Header.Values("X-Tc-Token"), ",")
	v["unsigned-payload"] = strconv.FormatBool(r.Header.Get("X-Tc-Content-Sha256") == signer.UnsignedPayload)
	return v
}

func (v fzView) diff(w fzView) []string {
	var keys []string
	for k := range v {
		if v[k] != w[k] {
			keys = append(keys, k)
		}
	}
	for k := range w {
		if _, ok := v[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// fzReadRequest parses raw as a server would, reading the body whole.
func fzReadRequest(raw []byte) (*http.Request, []byte, error, bool) {
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, nil, nil, false
	}
	body, readErr := io.ReadAll(r.Body)
	var rd io.Reader = bytes.NewReader(body)
	if readErr != nil {
		rd = io.MultiReader(rd, fzErrReader{readErr})
	}
	r.Body = io.NopCloser(rd)
	r.RemoteAddr = "192.0.2.1:40000"
	return r, body, readErr, true
}

type fzErrReader struct{ err error }

func (e fzErrReader) Read([]byte) (int, error) { return 0, e.err }

// FuzzHandlerTamper builds a valid, correctly signed InitDBInstances
// request in one of the four styles, writes it as HTTP/1.1 bytes, changes
// up to four bytes (each change three fuzz bytes: position high, low, new
// byte), reads it back as a server would and serves it. A request whose
// signed parts changed must be refused (an AuthFailure code or another
// error), never served; a change of the body alone or of the signature
// alone is AuthFailure.SignatureFailure (AUTH-5); the untouched request
// succeeds.
func FuzzHandlerTamper(f *testing.F) {
	for style := range byte(4) {
		f.Add(style, byte(1), []byte{})
		f.Add(style, byte(2), []byte{0, 0, 'P'})
		f.Add(style, byte(1), []byte{0x01, 0x00, 'x', 0xff, 0xf0, 'A'})
	}
	h := fzNewHarness()
	f.Fuzz(func(t *testing.T, style, count byte, mutations []byte) {
		h.next()
		st := wire.Styles()[int(style)%len(wire.Styles())]
		tc3 := st == wire.StyleTC3JSON || st == wire.StyleTC3GET
		ids := make([]any, 1+int(count)%len(h.mine))
		for i := range ids {
			ids[i] = h.mine[i]
		}
		hr, err := h.client.Build(context.Background(), client.Request{Style: st, Action: "InitDBInstances", Params: map[string]any{
			"DBInstanceIdSet": ids, "AdminName": "testuser", "AdminPassword": "A8b!C2d#E4f&", "Charset": "UTF8",
		}})
		if err != nil {
			t.Fatalf("building a valid request: %v", err)
		}
		var wire1 bytes.Buffer
		if err := hr.Write(&wire1); err != nil {
			t.Fatalf("writing the request: %v", err)
		}
		orig := wire1.Bytes()
		raw := bytes.Clone(orig)
		for i := 0; i+2 < len(mutations) && i < 12; i += 3 {
			pos := (int(mutations[i])<<8 | int(mutations[i+1])) % len(raw)
			raw[pos] = mutations[i+2]
		}
		r0, body0, err0, _ := fzReadRequest(orig)
		r, body, readErr, ok := fzReadRequest(raw)
		if !ok {
			return // a server's HTTP layer refuses it before any handler
		}
		want := fzViewOf(r0, body0, err0, tc3)
		got := fzViewOf(r, body, readErr, tc3)
		changed := want.diff(got)
		rec := inproc.Serve(h.emu, r)
		what := func() string {
			return fmt.Sprintf("%s request changed to %q (signed parts changed: %v)", st, raw, changed)
		}
		ans := h.check(t, rec, what)
		switch {
		case bytes.Equal(raw, orig) && !ans.Success():
			t.Fatalf("the untouched %s request got %s", st, ans.Code)
		case len(changed) > 0 && ans.Success():
			t.Fatalf("%s: served", what())
		case tc3 && len(changed) == 1 && (changed[0] == "body" || changed[0] == "signature") && ans.Code != codes.AuthSignatureFailure:
			t.Fatalf("%s: %s, want %s (AUTH-5)", what(), ans.Code, codes.AuthSignatureFailure)
		}
	})
}

// FuzzHandlerRaw serves any bytes that parse as an HTTP/1.1 request. None
// can be served, since none carries a valid signature; each gets the
// envelope.
func FuzzHandlerRaw(f *testing.F) {
	f.Add([]byte("POST / HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nX-TC-Action: InitDBInstances\r\nX-TC-Timestamp: 1700000000\r\nAuthorization: TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2023-11-14/postgres/tc3_request, SignedHeaders=content-type;host, Signature=00\r\nContent-Length: 2\r\n\r\n{}"))
	f.Add([]byte("GET /?Action=InitDBInstances&SecretId=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE&Timestamp=1700000000&Nonce=1&Signature=x HTTP/1.1\r\nHost: h\r\n\r\n"))
	f.Add([]byte("DELETE / HTTP/1.1\r\nHost: h\r\n\r\n"))
	h := fzNewHarness()
	f.Fuzz(func(t *testing.T, raw []byte) {
		h.next()
		r, _, _, ok := fzReadRequest(raw)
		if !ok {
			return
		}
		rec := inproc.Serve(h.emu, r)
		ans := h.check(t, rec, func() string { return fmt.Sprintf("%.300q", raw) })
		if ans.Success() {
			t.Fatalf("%q: an unsigned or forged request was served", raw)
		}
	})
}
