// Package inproc serves requests to an http.Handler in process (no
// network) and checks each answer against the envelope of CONTRACT §7. The
// emulator's fuzz targets and the rapid property tests use it; it imports
// nothing heavier than the handler under test, so that the fuzz binaries
// that link it stay small (the fuzzer's cost per execution grows with the
// instrumented code it links).
package inproc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"

	"github.com/tencentdb-kit/initdb-conform/codes"
)

// Answer is one response of a handler served in process.
type Answer struct {
	Status    int
	Header    http.Header
	Body      []byte
	Code      string   // Response.Error.Code; "" for a success
	RequestID string   // Response.RequestId
	IDs       []string // Response.DBInstanceIdSet of a success, if any
	Response  map[string]json.RawMessage
}

// Success reports whether the answer is a success envelope.
func (a *Answer) Success() bool { return a.Code == "" }

// Serve hands r to h in process and records the answer; nothing goes over
// a network. A request built for a client (as client.Client.Build returns
// it, RequestURI empty) is first made into what net/http's server would
// hand a handler: the request target becomes RequestURI, the URL keeps only
// path and query, and Host comes from the URL when the request sets none. A
// server-side request (from http.ReadRequest) is served as it is.
func Serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	sr := r
	if r.RequestURI == "" {
		sr = r.Clone(r.Context())
		if sr.Host == "" && r.URL != nil {
			sr.Host = r.URL.Host
		}
		if r.URL != nil {
			sr.URL = &url.URL{Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
			sr.RequestURI = r.URL.RequestURI()
		}
		sr.Proto, sr.ProtoMajor, sr.ProtoMinor = "HTTP/1.1", 1, 1
		if sr.Body == nil {
			sr.Body = http.NoBody
		}
		sr.RemoteAddr = "192.0.2.1:40000"
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, sr)
	return rec
}

// CheckEnvelope reads an answer and checks it against CONTRACT §7 as every
// response must meet it: HTTP 200 (RESP-5, which a 5xx breaks at MUST
// level), Content-Type application/json (RESP-6), a JSON object with one
// member Response holding a non-empty RequestId also sent as X-TC-RequestId
// (RESP-1, RESP-4), and for an error a documented Error.Code with a
// non-empty Message and nothing else but RequestId (RESP-2, RESP-7). The
// error joins every problem found; the Answer is filled as far as the body
// could be read.
func CheckEnvelope(status int, h http.Header, body []byte) (*Answer, error) {
	a := &Answer{Status: status, Header: h, Body: body}
	var problems []error
	bad := func(format string, args ...any) { problems = append(problems, fmt.Errorf(format, args...)) }
	if status != http.StatusOK {
		bad("RESP-5: HTTP status %d, want 200", status)
	}
	if ct := h.Get("Content-Type"); ct != "application/json" {
		bad("RESP-6: Content-Type %q, want application/json", ct)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		bad("RESP-1: the body is not a JSON object: %v", err)
		return a, errors.Join(problems...)
	}
	if len(top) != 1 || top["Response"] == nil {
		bad("RESP-1: the body must have exactly one member, Response; it has %d", len(top))
	}
	if err := json.Unmarshal(top["Response"], &a.Response); err != nil || a.Response == nil {
		bad("RESP-1: Response is not an object")
		return a, errors.Join(problems...)
	}
	if err := json.Unmarshal(a.Response["RequestId"], &a.RequestID); err != nil || a.RequestID == "" {
		bad("RESP-1: RequestId %s is not a non-empty string", a.Response["RequestId"])
	}
	if got := h.Get("X-TC-RequestId"); got != a.RequestID {
		bad("RESP-4: X-TC-RequestId %q differs from the body's %q", got, a.RequestID)
	}
	raw, isError := a.Response["Error"]
	if !isError {
		if ids, ok := a.Response["DBInstanceIdSet"]; ok {
			if err := json.Unmarshal(ids, &a.IDs); err != nil {
				bad("RESP-3: DBInstanceIdSet is not an array of strings")
			}
		}
		return a, errors.Join(problems...)
	}
	if len(a.Response) != 2 {
		keys := make([]string, 0, len(a.Response))
		for k := range a.Response {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		bad("RESP-2: an error's Response holds %v, want only Error and RequestId", keys)
	}
	var e struct {
		Code, Message *string
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		bad("RESP-2: Error must be an object of Code and Message: %v", err)
	}
	if e.Code == nil || *e.Code == "" {
		bad("RESP-2: Error.Code is missing or empty")
		a.Code = "(missing)"
	} else {
		a.Code = *e.Code
		if !codes.Documented(a.Code) {
			bad("RESP-7: Error.Code %q is not documented", a.Code)
		}
	}
	if e.Message == nil || *e.Message == "" {
		bad("RESP-2: Error.Message is missing or empty")
	}
	return a, errors.Join(problems...)
}

// ServeAndCheck serves r in process and checks the answer's envelope.
func ServeAndCheck(h http.Handler, r *http.Request) (*Answer, error) {
	rec := Serve(h, r)
	return CheckEnvelope(rec.Code, rec.Header(), rec.Body.Bytes())
}
