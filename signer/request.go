package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"
)

// TC3InputFromRequest builds the input from an HTTP request (server or client side) for the given
// signed headers; body is the full body already read (the function must not read r.Body).
// It applies AUTH-8 (X-TC-Content-SHA256: UNSIGNED-PAYLOAD). Timestamp and service passed in.
//
// The host header's value is r.Host, or r.URL.Host when r.Host is empty (a
// client-side request), port included (AUTH-1). Several values of one header
// are joined with ",". An empty r.Method means GET, as for http.Client.
func TC3InputFromRequest(r *http.Request, body []byte, signedHeaders []string, service string, timestamp int64) TC3Input {
	headers := make(map[string]string, len(signedHeaders))
	for _, n := range signedHeaders {
		headers[n] = requestHeader(r, n)
	}
	in := TC3Input{
		Method:        requestMethod(r),
		Query:         r.URL.RawQuery,
		Headers:       headers,
		SignedHeaders: signedHeaders,
		Payload:       body,
		Service:       service,
		Timestamp:     timestamp,
	}
	if unsignedPayload(r.Header) {
		in.HashedPayload = unsignedPayloadHash
	}
	return in
}

// VerifyTC3 checks a parsed Authorization against the input and key: the scope date must equal the
// UTC date of in.Timestamp (else ErrScopeDate), the scope service must equal in.Service (else
// ErrScopeService), the terminator "tc3_request" (else ErrMalformedAuthorization), and the
// signature must match, compared with hmac.Equal (else ErrSignatureMismatch). All these errors are
// sentinel values usable with errors.Is; messages never contain the key or the expected signature.
//
// The signature covers in.SignedHeaders, or a.SignedHeaders when that is nil;
// build in with TC3InputFromRequest(r, body, a.SignedHeaders, ...). The
// signature must be lower-case hex, as the scheme defines it.
func VerifyTC3(a Authorization, secretKey string, in TC3Input) error {
	if a.Algorithm != AlgorithmTC3 {
		return fmt.Errorf("%w: only %s is accepted", ErrUnsupportedAlgorithm, AlgorithmTC3)
	}
	if a.Terminator != Terminator {
		return fmt.Errorf("%w: credential scope does not end in %s", ErrMalformedAuthorization, Terminator)
	}
	var dateBuf [16]byte
	if date := appendDate(dateBuf[:0], in.Timestamp); a.Date != string(date) {
		return fmt.Errorf("%w: scope date %q, timestamp %d is on %s (UTC)", ErrScopeDate, a.Date, in.Timestamp, string(date))
	}
	if a.Service != in.Service {
		return fmt.Errorf("%w: scope service %q, want %q", ErrScopeService, a.Service, in.Service)
	}
	if in.SignedHeaders == nil {
		in.SignedHeaders = a.SignedHeaders
	}
	var hstack [8]tc3Header
	var crStack [crStackSize]byte
	var stsStack [stsStackSize]byte
	r := in.request(hstack[:0])
	out := r.compute(crStack[:0], stsStack[:0], secretKey, nil)
	var want [2 * sha256.Size]byte
	hex.Encode(want[:], out.signature[:])
	if !hmac.Equal([]byte(a.Signature), want[:]) {
		return ErrSignatureMismatch
	}
	return nil
}

// SignRequestTC3 signs a client-side *http.Request in place: sets X-TC-Timestamp (from t),
// X-TC-Token if cred.Token != "", and Authorization, signing content-type, host and any extra
// header names given. It reads body from the argument (the caller also sets req.Body).
// If req has header X-TC-Content-SHA256: UNSIGNED-PAYLOAD, AUTH-8 applies.
//
// Set every header to be signed before the call; X-TC-Timestamp and
// X-TC-Token, set by the call, may be among extraSigned. A name given twice
// is signed once.
func SignRequestTC3(req *http.Request, body []byte, cred Credential, service string, t time.Time, extraSigned ...string) TC3Result {
	if req.Header == nil {
		req.Header = make(http.Header)
	}
	ts := t.Unix()
	// Canonical keys, set directly: what Header.Set does, without
	// re-canonicalising the literal on every request.
	req.Header["X-Tc-Timestamp"] = []string{strconv.FormatInt(ts, 10)}
	if cred.Token != "" {
		req.Header["X-Tc-Token"] = []string{cred.Token}
	}

	var hstack [8]tc3Header
	hdrs := append(hstack[:0],
		tc3Header{"content-type", headerValue(req.Header, "content-type")},
		tc3Header{"host", requestHost(req)})
next:
	for _, e := range extraSigned {
		n := canonicalName(e)
		for _, h := range hdrs {
			if h.name == n {
				continue next
			}
		}
		hdrs = append(hdrs, tc3Header{n, requestHeader(req, n)})
	}
	sortHeaders(hdrs)

	r := tc3Request{
		method:    requestMethod(req),
		query:     req.URL.RawQuery,
		headers:   hdrs,
		payload:   body,
		service:   service,
		timestamp: ts,
	}
	if unsignedPayload(req.Header) {
		r.hashedPayload = unsignedPayloadHash
	}
	res := signTC3(cred.SecretID, cred.SecretKey, &r)
	req.Header["Authorization"] = []string{res.Authorization}
	return res
}

// requestMethod is r.Method, GET when empty.
func requestMethod(r *http.Request) string {
	if r.Method == "" {
		return http.MethodGet
	}
	return r.Method
}

// requestHeader is the value of header name as the request carries it.
func requestHeader(r *http.Request, name string) string {
	if strings.EqualFold(strings.TrimSpace(name), "host") {
		return requestHost(r)
	}
	return headerValue(r.Header, name)
}

// requestHost is the Host header as sent: r.Host, or r.URL.Host on a
// client-side request that leaves r.Host empty.
func requestHost(r *http.Request) string {
	if r.Host != "" || r.URL == nil {
		return r.Host
	}
	return r.URL.Host
}

// unsignedPayload reports whether AUTH-8 applies: X-TC-Content-SHA256 is
// exactly UNSIGNED-PAYLOAD. Any other value is ignored.
func unsignedPayload(h http.Header) bool {
	return headerValue(h, HeaderContentSHA256) == UnsignedPayload
}

// headerValue returns the values of header name in h joined with ",", or ""
// when absent. It finds the canonical key without allocating, and falls back
// to a case-insensitive scan for a client-side header set under a
// non-canonical key.
func headerValue(h http.Header, name string) string {
	name = strings.TrimSpace(name)
	var buf [64]byte
	var vs []string
	var ok bool
	if len(name) <= len(buf) {
		vs, ok = h[string(appendCanonicalKey(buf[:0], name))]
	} else {
		vs, ok = h[textproto.CanonicalMIMEHeaderKey(name)]
	}
	if !ok {
		for k, v := range h {
			if strings.EqualFold(k, name) {
				vs = v
				break
			}
		}
	}
	switch len(vs) {
	case 0:
		return ""
	case 1:
		return vs[0]
	}
	return strings.Join(vs, ",")
}

// appendCanonicalKey appends the canonical form of header key s, as
// textproto.CanonicalMIMEHeaderKey gives it: a key that is not a token stays
// as is; otherwise each letter is upper-cased after a hyphen or at the start
// and lower-cased elsewhere.
func appendCanonicalKey(dst []byte, s string) []byte {
	if !isToken(s) {
		return append(dst, s...)
	}
	upper := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
		upper = c == '-'
	}
	return dst
}
