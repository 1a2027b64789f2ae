package signer_test

// Native fuzz targets of the signer (CONTRACT §2). The file is
// self-contained, so that ClusterFuzzLite can build each target from it
// alone. f.Add holds a few literal seeds; the full seed set, read from the
// spec by package fuzz, is committed under testdata/fuzz/<FuzzName>/ (this
// file does not import package fuzz: the spec loader it links would double
// the fuzzer's cost per execution).

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

// Parts of a signature that the sign/verify targets change, chosen by the
// fuzzed selector modulo fzNumParts. fuzz/targets.go writes its seeds with
// the same numbers.
const (
	fzPartNone      byte = iota // no change: the signature must verify
	fzPartBody                  // one byte of the body (TC3), of a parameter value (v1)
	fzPartHeader                // one byte of a signed header value (TC3), the method (v1)
	fzPartTimestamp             // one byte of the timestamp's decimal text
	fzPartSignature             // one byte of the signature
	fzPartQuery                 // one byte of the query (TC3), of a parameter name (v1)
	fzPartHost                  // one byte of the host
	fzNumParts
)

const (
	fzSecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE" // the API documents' example key
	fzSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	fzHost      = "postgres.tencentcloudapi.com"
	fzBody      = `{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"testuser","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`
)

// fzFlip changes the byte at pos (modulo the length) of s, or appends one
// when s is empty. The result always differs from s.
func fzFlip(s string, pos uint16, flip byte) string {
	if flip == 0 {
		flip = 1
	}
	if s == "" {
		return string([]byte{flip})
	}
	b := []byte(s)
	b[int(pos)%len(b)] ^= flip
	return string(b)
}

// fzCanonicalValue is a signed header value as AUTH-1 reads it: trimmed and
// lower-cased. Every character is lowered as Unicode lowers it; a byte that
// is not part of a UTF-8 character has no case and stays as sent, so two
// values that differ in such a byte are different values.
func fzCanonicalValue(v string) string {
	v = strings.TrimSpace(v)
	var b []byte
	for len(v) > 0 {
		r, n := utf8.DecodeRuneInString(v)
		if r == utf8.RuneError && n == 1 {
			b = append(b, v[0])
		} else {
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
		v = v[n:]
	}
	return string(b)
}

func fzIsToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// FuzzTC3SignVerify: what SignTC3 signs, ParseAuthorization reads back and
// VerifyTC3 accepts (AUTH-1, AUTH-2, AUTH-5); and one changed byte of the
// body (POST), of a signed header value, of the timestamp, of the signature,
// of the query (GET) or of the host makes it fail, unless the change is
// one the scheme does not see (case or surrounding space of a header value,
// the body or query of a method that does not sign it).
func FuzzTC3SignVerify(f *testing.F) {
	for part := range fzNumParts {
		f.Add(fzSecretID, fzSecretKey, false, fzHost, "application/json", "X-TC-Action:InitDBInstances", "", []byte(fzBody), int64(1551113065), part, uint16(7), byte(1))
		f.Add(fzSecretID, fzSecretKey, true, fzHost+":443", "application/x-www-form-urlencoded", "", "Limit=10&Offset=0", []byte(nil), int64(1551113065), part, uint16(3), byte(0x20))
	}
	f.Add("id,with, commas", "k", false, "127.0.0.1:9000", " Application/JSON; charset=UTF-8 ", "x-tc-region: AP-Guangzhou ", "", []byte("{}"), int64(0), fzPartHeader, uint16(0), byte(0x20))
	f.Fuzz(func(t *testing.T, secretID, secretKey string, get bool, host, contentType, extra, query string, body []byte, ts int64, part byte, pos uint16, flip byte) {
		method := http.MethodPost
		if get {
			method = http.MethodGet
		}
		headers := map[string]string{"Content-Type": contentType, "Host": host}
		names := []string{"Content-Type", "Host"}
		if name, value, ok := strings.Cut(extra, ":"); ok && fzIsToken(name) {
			if l := strings.ToLower(name); l != "content-type" && l != "host" {
				headers[name] = value
				names = append(names, name)
			}
		}
		in := signer.TC3Input{
			Method: method, Query: query, Headers: headers, SignedHeaders: names,
			Payload: body, Service: "postgres", Timestamp: ts,
		}
		res := signer.SignTC3(secretID, secretKey, in)
		a, err := signer.ParseAuthorization(res.Authorization)
		if secretID == "" || strings.Contains(secretID, "/") {
			if err == nil {
				t.Fatalf("a SecretId %q that the syntax cannot carry was parsed from %q", secretID, res.Authorization)
			}
			return
		}
		if err != nil {
			t.Fatalf("ParseAuthorization(SignTC3(...)): %v\n%q", err, res.Authorization)
		}
		if a.SecretID != secretID || a.Service != "postgres" || a.Signature != res.Signature || a.Date != res.Date {
			t.Fatalf("parsed %+v from %q", a, res.Authorization)
		}
		if len(res.Signature) != 64 || strings.ToLower(res.Signature) != res.Signature {
			t.Fatalf("signature %q is not 64 lower-case hex digits", res.Signature)
		}
		in.SignedHeaders = a.SignedHeaders
		if err := signer.VerifyTC3(a, secretKey, in); err != nil {
			t.Fatalf("VerifyTC3 of a fresh signature: %v", err)
		}

		mustVerify := true
		changed := in
		changed.Headers = make(map[string]string, len(headers))
		for k, v := range headers {
			changed.Headers[k] = v
		}
		changedAuth := a
		what := ""
		switch part % fzNumParts {
		case fzPartNone:
			return
		case fzPartBody:
			changed.Payload = []byte(fzFlip(string(body), pos, flip))
			mustVerify = get // a GET signs the hash of ""
			what = "body"
		case fzPartHeader, fzPartHost:
			name := "Host"
			if part%fzNumParts == fzPartHeader {
				name = names[int(pos)%len(names)]
			}
			old := headers[name]
			changed.Headers[name] = fzFlip(old, pos/3, flip)
			mustVerify = fzCanonicalValue(old) == fzCanonicalValue(changed.Headers[name])
			what = fmt.Sprintf("header %s: %q -> %q", name, old, changed.Headers[name])
		case fzPartTimestamp:
			text := fzFlip(strconv.FormatInt(ts, 10), pos, flip)
			ts2, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				return // a server refuses an unparsable timestamp before any signature check (AUTH-4)
			}
			changed.Timestamp = ts2
			mustVerify = ts2 == ts
			what = "timestamp " + text
		case fzPartSignature:
			changedAuth.Signature = fzFlip(a.Signature, pos, flip)
			mustVerify = false
			what = "signature"
		case fzPartQuery:
			changed.Query = fzFlip(query, pos, flip)
			mustVerify = !get // a POST signs the query as ""
			what = "query"
		}
		err = signer.VerifyTC3(changedAuth, secretKey, changed)
		switch {
		case mustVerify && err != nil:
			t.Fatalf("a change the scheme does not see (%s) failed verification: %v", what, err)
		case !mustVerify && err == nil:
			t.Fatalf("a changed %s still verifies", what)
		case err != nil && !errors.Is(err, signer.ErrSignatureMismatch) && !errors.Is(err, signer.ErrScopeDate):
			t.Fatalf("a changed %s: %v, want a signature or scope-date mismatch (AUTH-5)", what, err)
		}
	})
}

// fzV1StringToSign is AUTH-V1-2 written again from the contract's words:
// Method + Host + "/" + "?" + every parameter but Signature, sorted by name
// in byte order, as name=value joined with &, values raw.
func fzV1StringToSign(method, host string, params map[string]string) string {
	names := make([]string, 0, len(params))
	for k := range params {
		if k != "Signature" {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	pairs := make([]string, len(names))
	for i, k := range names {
		pairs[i] = k + "=" + params[k]
	}
	return method + host + "/?" + strings.Join(pairs, "&")
}

// FuzzV1SignVerify: what SignV1 signs VerifyV1 accepts (AUTH-V1-2); one
// changed byte of a parameter's name or value, of the timestamp, of the
// signature, of the host, or another method, makes it fail, unless the
// string to sign of AUTH-V1-2 (built here independently) stays the same.
func FuzzV1SignVerify(f *testing.F) {
	params := "Action=InitDBInstances\nVersion=2017-03-12\nRegion=ap-guangzhou\nDBInstanceIdSet.0=postgres-6fego161\nAdminName=testuser\nAdminPassword=A8b!C2d#E4f&\nCharset=UTF8"
	for part := range fzNumParts {
		f.Add(fzSecretKey, false, fzHost, params, true, int64(1551113065), int64(11886), part, uint16(5), byte(1))
		f.Add(fzSecretKey, true, "127.0.0.1:9000", params, false, int64(1551113065), int64(1), part, uint16(40), byte(0x20))
	}
	f.Add("", false, "", "", false, int64(0), int64(0), fzPartNone, uint16(0), byte(0))
	f.Fuzz(func(t *testing.T, secretKey string, post bool, host, params string, useSHA256 bool, ts, nonce int64, part byte, pos uint16, flip byte) {
		method := http.MethodGet
		if post {
			method = http.MethodPost
		}
		m := make(map[string]string)
		for _, line := range strings.Split(params, "\n") {
			if line == "" {
				continue
			}
			k, v, _ := strings.Cut(line, "=")
			m[k] = v
		}
		sigMethod := signer.HmacSHA1
		if useSHA256 {
			sigMethod = signer.HmacSHA256
		}
		cred := signer.Credential{SecretID: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", SecretKey: secretKey}
		sig := signer.SignV1(m, method, host, cred, time.Unix(ts, 0), nonce, sigMethod)
		if m["Signature"] != sig || m["Timestamp"] != strconv.FormatInt(ts, 10) || m["Nonce"] != strconv.FormatInt(nonce, 10) || m["SignatureMethod"] != sigMethod {
			t.Fatalf("SignV1 set %v", m)
		}
		sts := fzV1StringToSign(method, host, m)
		if got := signer.V1StringToSign(method, host, m); got != sts {
			t.Fatalf("V1StringToSign = %q, want %q (AUTH-V1-2)", got, sts)
		}
		if got := signer.V1Sign(secretKey, sts, sigMethod); got != sig {
			t.Fatalf("V1Sign = %q, SignV1 = %q", got, sig)
		}
		if err := signer.VerifyV1(secretKey, method, host, m); err != nil {
			t.Fatalf("VerifyV1 of a fresh signature: %v", err)
		}

		changed := make(map[string]string, len(m))
		for k, v := range m {
			changed[k] = v
		}
		cmethod, chost := method, host
		names := make([]string, 0, len(m))
		for k := range m {
			if k != "Signature" {
				names = append(names, k)
			}
		}
		slices.Sort(names)
		name := names[int(pos)%len(names)]
		what := ""
		switch part % fzNumParts {
		case fzPartNone:
			return
		case fzPartBody: // a parameter's value
			changed[name] = fzFlip(m[name], pos/7, flip)
			what = "value of " + name
		case fzPartQuery: // a parameter's name
			nn := fzFlip(name, pos/7, flip)
			delete(changed, name)
			changed[nn] = m[name]
			what = "name " + name + " -> " + nn
		case fzPartHeader: // the method
			cmethod = map[string]string{http.MethodGet: http.MethodPost, http.MethodPost: http.MethodGet}[method]
			what = "method"
		case fzPartTimestamp:
			changed["Timestamp"] = fzFlip(m["Timestamp"], pos, flip)
			what = "timestamp"
		case fzPartSignature:
			changed["Signature"] = fzFlip(sig, pos, flip)
			what = "signature"
		case fzPartHost:
			chost = fzFlip(host, pos, flip)
			what = "host"
		}
		same := fzV1StringToSign(cmethod, chost, changed) == sts &&
			changed["Signature"] == sig && (changed["SignatureMethod"] == signer.HmacSHA256) == useSHA256
		err := signer.VerifyV1(secretKey, cmethod, chost, changed)
		switch {
		case same && err != nil:
			t.Fatalf("a change that leaves the string to sign as it was (%s) failed: %v", what, err)
		case !same && err == nil:
			t.Fatalf("a changed %s still verifies", what)
		case err != nil && !errors.Is(err, signer.ErrSignatureMismatch):
			t.Fatalf("a changed %s: %v, want ErrSignatureMismatch", what, err)
		}
	})
}

// FuzzAuthorizationRoundTrip: ParseAuthorization never panics; an error
// wraps one of its sentinels and does not repeat the header (it holds the
// SecretId and the signature); what it accepts has the shape VerifyTC3
// relies on and reads back the same once written in canonical form.
func FuzzAuthorizationRoundTrip(f *testing.F) {
	good := "TC3-HMAC-SHA256 Credential=" + fzSecretID + "/2019-02-25/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + strings.Repeat("ab", 32)
	f.Add(good)
	f.Add(strings.ReplaceAll(good, ", ", ","))
	f.Add(strings.Replace(good, "content-type;host", "Content-Type;HOST;x-tc-action", 1))
	f.Add(strings.Replace(good, fzSecretID, "id,with, commas", 1))
	f.Add(strings.Replace(good, "TC3-HMAC-SHA256", "TC3-HMAC-SHA1", 1))
	f.Add("TC3-HMAC-SHA256 Credential=a/b/c/d, SignedHeaders=content-type;;host, Signature=x")
	f.Add("")
	f.Fuzz(func(t *testing.T, h string) {
		a, err := signer.ParseAuthorization(h)
		if err != nil {
			if !errors.Is(err, signer.ErrMalformedAuthorization) && !errors.Is(err, signer.ErrUnsupportedAlgorithm) && !errors.Is(err, signer.ErrMissingSignedHeader) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			if len(h) >= 16 && strings.Contains(err.Error(), h) {
				t.Fatalf("the error repeats the header: %v", err)
			}
			return
		}
		if a.Algorithm != signer.AlgorithmTC3 || a.SecretID == "" || strings.Contains(a.SecretID, "/") {
			t.Fatalf("accepted %q as %+v", h, a)
		}
		for _, p := range []string{a.Date, a.Service, a.Terminator} {
			if !fzIsToken(p) {
				t.Fatalf("credential part %q of %q is not a token", p, h)
			}
		}
		if a.Signature == "" || strings.ContainsAny(a.Signature, " \t,") {
			t.Fatalf("signature %q accepted from %q", a.Signature, h)
		}
		for _, n := range a.SignedHeaders {
			if !fzIsToken(n) || n != strings.ToLower(n) {
				t.Fatalf("signed header %q accepted from %q", n, h)
			}
		}
		if !slices.Contains(a.SignedHeaders, "content-type") || !slices.Contains(a.SignedHeaders, "host") {
			t.Fatalf("accepted %q without content-type and host (AUTH-1)", h)
		}
		canonical := fmt.Sprintf("%s Credential=%s/%s/%s/%s, SignedHeaders=%s, Signature=%s",
			a.Algorithm, a.SecretID, a.Date, a.Service, a.Terminator, strings.Join(a.SignedHeaders, ";"), a.Signature)
		b, err := signer.ParseAuthorization(canonical)
		if err != nil {
			t.Fatalf("the canonical form %q of an accepted header is refused: %v", canonical, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("%q parsed as %+v, its canonical form %q as %+v", h, a, canonical, b)
		}
	})
}

// FuzzTC3FromRequest: for any request, SignRequestTC3 then
// TC3InputFromRequest with the signed header list and VerifyTC3 agree, as a
// client and the emulator use them (AUTH-1, AUTH-8); nothing panics.
func FuzzTC3FromRequest(f *testing.F) {
	hdrs := "Content-Type: application/json\nX-TC-Action: InitDBInstances\nX-TC-Content-SHA256: UNSIGNED-PAYLOAD"
	f.Add("POST", "http://"+fzHost+"/", hdrs, "content-type;host", []byte(fzBody), int64(1551113065))
	f.Add("POST", "http://"+fzHost+"/", hdrs, "Content-Type;Host;X-TC-Action;x-tc-timestamp", []byte(fzBody), int64(1551113065))
	f.Add("GET", "http://127.0.0.1:9000/?Limit=10&Offset=0", "Content-Type: application/x-www-form-urlencoded", "content-type;host", []byte(nil), int64(1551113065))
	f.Add("", "/?a=b", "Host: x\nContent-Type: a\nContent-Type: b", "content-type;host;missing", []byte("x"), int64(0))
	f.Fuzz(func(t *testing.T, method, target, headers, signed string, body []byte, ts int64) {
		req, err := http.NewRequest(method, target, bytes.NewReader(body))
		if err != nil {
			return
		}
		for _, line := range strings.Split(headers, "\n") {
			k, v, _ := strings.Cut(line, ":")
			req.Header.Add(k, strings.TrimLeft(v, " "))
		}
		var extra []string
		tokens := true
		for _, n := range strings.Split(signed, ";") {
			if strings.EqualFold(strings.TrimSpace(n), "authorization") {
				continue // the header the signature goes into cannot sign itself
			}
			extra = append(extra, n)
			tokens = tokens && fzIsToken(strings.TrimSpace(n))
		}
		cred := signer.Credential{SecretID: "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", SecretKey: "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"}
		res := signer.SignRequestTC3(req, body, cred, "postgres", time.Unix(ts, 0), extra...)
		if got := req.Header.Get("Authorization"); got != res.Authorization {
			t.Fatalf("Authorization header %q, result %q", got, res.Authorization)
		}
		if got := req.Header.Get("X-TC-Timestamp"); got != strconv.FormatInt(ts, 10) {
			t.Fatalf("X-TC-Timestamp %q, want %d", got, ts)
		}
		a, err := signer.ParseAuthorization(res.Authorization)
		if err != nil {
			if tokens {
				t.Fatalf("every signed name is a token, yet %q does not parse: %v", res.Authorization, err)
			}
			return
		}
		in := signer.TC3InputFromRequest(req, body, a.SignedHeaders, "postgres", ts)
		if want := req.Method; in.Method != want && !(want == "" && in.Method == http.MethodGet) {
			t.Fatalf("input method %q for a %q request", in.Method, want)
		}
		if in.Query != req.URL.RawQuery {
			t.Fatalf("input query %q, request %q", in.Query, req.URL.RawQuery)
		}
		for _, n := range a.SignedHeaders {
			if _, ok := in.Headers[n]; !ok {
				t.Fatalf("signed header %q missing from the input", n)
			}
		}
		if req.Header.Get(signer.HeaderContentSHA256) == signer.UnsignedPayload {
			sum := sha256.Sum256([]byte(signer.UnsignedPayload))
			if in.HashedPayload != hex.EncodeToString(sum[:]) {
				t.Fatalf("UNSIGNED-PAYLOAD: hashed payload %q (AUTH-8)", in.HashedPayload)
			}
		}
		if err := signer.VerifyTC3(a, cred.SecretKey, in); err != nil {
			t.Fatalf("the request as signed does not verify: %v\n%s", err, res.CanonicalRequest)
		}
	})
}
