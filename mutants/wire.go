package mutants

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/tencentdb-kit/initdb-conform/rules"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// keyring maps a SecretId to its key: the accounts of the emulator under the
// mutant, which the middleware needs to re-sign the requests it changes.
type keyring map[string]signer.Credential

func newKeyring(creds []signer.Credential) keyring {
	k := make(keyring, len(creds))
	for _, c := range creds {
		k[c.SecretID] = c
	}
	return k
}

// request is an incoming request read into memory, with its signature
// checked against the keyring, so that a mutant can change it and sign it
// again. Only authentic requests are ever re-signed: a mutant that changes
// a request must not, as a side effect, accept a bad signature (AUTH-5).
type request struct {
	r     *http.Request
	body  []byte
	style wire.Style
	// flat: v1, every parameter; TC3 GET, the query. obj: TC3 POST, the
	// JSON body when it is an object.
	flat map[string]string
	obj  map[string]any
	auth signer.Authorization // TC3, when the header parses
	cred signer.Credential    // the SecretId's key; empty when unknown
	// authentic: the signature is right for the key, the timestamp aside.
	authentic bool
	edited    bool // flat or obj changed: re-encode before signing
}

// readRequest reads r (restoring its body for the next handler) and reports
// false for what the mutants leave alone: methods other than GET and POST,
// and requests over the size limits (TRANS-5), which are never read whole.
func readRequest(r *http.Request, keys keyring) (*request, bool) {
	q := &request{r: r}
	tc3 := r.Header.Get("Authorization") != ""
	switch r.Method {
	case http.MethodGet:
		if len(r.RequestURI) > rules.MaxGetTarget {
			return nil, false
		}
	case http.MethodPost:
		limit := int64(rules.MaxV1Body)
		if tc3 {
			limit = rules.MaxTC3Body
		}
		if r.ContentLength > limit {
			return nil, false
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
		if err != nil {
			return nil, false
		}
		if int64(len(body)) > limit {
			r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body), r.Body))
			return nil, false
		}
		q.body = body
		r.Body = io.NopCloser(bytes.NewReader(body))
	default:
		return nil, false
	}
	if tc3 {
		q.readTC3()
	} else {
		q.readV1(keys)
	}
	if q.style == wire.StyleTC3JSON || q.style == wire.StyleTC3GET {
		q.checkTC3(keys)
	}
	return q, true
}

func (q *request) readTC3() {
	if q.r.Method == http.MethodGet {
		q.style = wire.StyleTC3GET
		q.flat, _ = wire.ParseQuery(q.r.URL.RawQuery)
		return
	}
	q.style = wire.StyleTC3JSON
	q.obj, _ = wire.DecodeJSON(q.body)
}

func (q *request) checkTC3(keys keyring) {
	a, err := signer.ParseAuthorization(q.r.Header.Get("Authorization"))
	if err != nil {
		return
	}
	q.auth = a
	q.cred = keys[a.SecretID]
	ts, ok := q.timestamp()
	if q.cred.SecretKey == "" || !ok {
		return
	}
	in := signer.TC3InputFromRequest(q.r, q.body, a.SignedHeaders, rules.Service, ts)
	q.authentic = signer.VerifyTC3(a, q.cred.SecretKey, in) == nil
}

func (q *request) readV1(keys keyring) {
	raw := q.r.URL.RawQuery
	q.style = wire.StyleV1GET
	if q.r.Method == http.MethodPost {
		if mt, _ := wire.MediaType(q.r.Header.Get("Content-Type")); mt != wire.ContentForm {
			return
		}
		raw = string(q.body)
		q.style = wire.StyleV1Form
	}
	flat, err := wire.ParseQuery(raw)
	if err != nil || flat["Signature"] == "" {
		q.style = ""
		return
	}
	q.flat = flat
	q.cred = keys[flat["SecretId"]]
	if q.cred.SecretKey != "" {
		q.authentic = signer.VerifyV1(q.cred.SecretKey, q.r.Method, q.r.Host, flat) == nil
	}
}

func (q *request) tc3() bool { return q.style == wire.StyleTC3JSON || q.style == wire.StyleTC3GET }
func (q *request) v1() bool  { return q.style == wire.StyleV1GET || q.style == wire.StyleV1Form }

// common returns a common parameter: an X-TC-* header for TC3, a parameter
// for v1.
func (q *request) common(name string) string {
	if q.tc3() {
		return q.r.Header.Get("X-TC-" + name)
	}
	return q.flat[name]
}

// setCommon changes a common parameter; the caller signs again when it is
// signed (always for v1, for TC3 when the header is among SignedHeaders).
func (q *request) setCommon(name, value string) {
	if q.tc3() {
		q.r.Header.Set("X-TC-"+name, value)
		return
	}
	q.flat[name] = value
	q.edited = true
}

// signedHeader reports whether a TC3 request signs the header.
func (q *request) signedHeader(name string) bool {
	for _, h := range q.auth.SignedHeaders {
		if strings.EqualFold(h, name) {
			return true
		}
	}
	return false
}

func (q *request) action() string { return q.common("Action") }

func (q *request) timestamp() (int64, bool) {
	ts, err := strconv.ParseInt(q.common("Timestamp"), 10, 64)
	return ts, err == nil
}

// param returns a string parameter of the action.
func (q *request) param(name string) (string, bool) {
	if q.style == wire.StyleTC3JSON {
		s, ok := q.obj[name].(string)
		return s, ok
	}
	s, ok := q.flat[name]
	return s, ok
}

// setParam changes a string parameter of the action.
func (q *request) setParam(name, value string) {
	if q.style == wire.StyleTC3JSON {
		q.obj[name] = value
	} else {
		q.flat[name] = value
	}
	q.edited = true
}

// ids returns the DBInstanceIdSet as sent.
func (q *request) ids() []string {
	var out []string
	if q.style == wire.StyleTC3JSON {
		list, _ := q.obj["DBInstanceIdSet"].([]any)
		for _, v := range list {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	for i := 0; ; i++ {
		id, ok := q.flat["DBInstanceIdSet."+strconv.Itoa(i)]
		if !ok {
			return out
		}
		out = append(out, id)
	}
}

// sign writes the edits back into the request and signs it again with the
// SecretId's key, over the headers (TC3) or parameters (v1) it now has. It
// does nothing for a request whose key is unknown.
func (q *request) sign() {
	if q.cred.SecretKey == "" {
		return
	}
	r := q.r
	switch q.style {
	case wire.StyleTC3JSON:
		if q.edited {
			q.body, _ = json.Marshal(q.obj)
			q.setBody()
		}
		q.signTC3()
	case wire.StyleTC3GET:
		if q.edited {
			q.setQuery(wire.Encode(q.flat))
		}
		q.signTC3()
	case wire.StyleV1GET, wire.StyleV1Form:
		q.flat["Signature"] = signer.V1Sign(q.cred.SecretKey, signer.V1StringToSign(r.Method, r.Host, q.flat), q.flat["SignatureMethod"])
		if q.style == wire.StyleV1GET {
			q.setQuery(wire.Encode(q.flat))
		} else {
			q.body = []byte(wire.Encode(q.flat))
			q.setBody()
		}
	}
	q.edited = false
}

func (q *request) signTC3() {
	ts, ok := q.timestamp()
	if !ok || q.auth.SecretID == "" {
		return
	}
	in := signer.TC3InputFromRequest(q.r, q.body, q.auth.SignedHeaders, rules.Service, ts)
	q.r.Header.Set("Authorization", signer.SignTC3(q.cred.SecretID, q.cred.SecretKey, in).Authorization)
}

func (q *request) setBody() {
	q.r.Body = io.NopCloser(bytes.NewReader(q.body))
	q.r.ContentLength = int64(len(q.body))
	q.r.Header.Set("Content-Length", strconv.Itoa(len(q.body)))
}

func (q *request) setQuery(raw string) {
	q.r.URL.RawQuery = raw
	q.r.RequestURI = q.r.URL.RequestURI()
}

// answer is the emulator's response, buffered so that a mutant can change
// it before it is sent.
type answer struct {
	status int
	header http.Header
	body   []byte
	env    map[string]any // the "Response" object; nil when the body is not the envelope
}

// serve runs h on r and buffers its answer.
func serve(h http.Handler, r *http.Request) *answer {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	a := &answer{status: rec.Code, header: rec.Header().Clone(), body: rec.Body.Bytes()}
	var env struct{ Response map[string]any }
	if json.Unmarshal(a.body, &env) == nil {
		a.env = env.Response
	}
	return a
}

// code is the answer's error code, "" for a success or a body that is not
// the envelope.
func (a *answer) code() string {
	e, _ := a.env["Error"].(map[string]any)
	c, _ := e["Code"].(string)
	return c
}

func (a *answer) setCode(code string) {
	if e, ok := a.env["Error"].(map[string]any); ok {
		e["Code"] = code
	}
}

// succeed turns an error answer into the success envelope of
// InitDBInstances for ids, keeping the RequestId.
func (a *answer) succeed(ids []string) {
	if ids == nil {
		ids = []string{}
	}
	a.env = map[string]any{"DBInstanceIdSet": ids, "RequestId": a.env["RequestId"]}
}

// write sends the answer, the body re-encoded from env when there is one.
func (a *answer) write(w http.ResponseWriter) {
	body := a.body
	if a.env != nil {
		body, _ = json.Marshal(map[string]any{"Response": a.env})
	}
	h := w.Header()
	for k, vs := range a.header {
		if k != "Content-Length" {
			h[k] = vs
		}
	}
	w.WriteHeader(a.status)
	_, _ = w.Write(body)
}

// writeError answers the error envelope itself, as the emulator would.
func writeError(w http.ResponseWriter, code, message string) {
	id := uuid.NewString()
	(&answer{status: http.StatusOK, header: http.Header{"Content-Type": {"application/json"}, "X-Tc-Requestid": {id}},
		env: map[string]any{"Error": map[string]any{"Code": code, "Message": message}, "RequestId": id}}).write(w)
}

// onRequest is middleware that lets edit change each request the mutants
// can read; edit says whether it changed something that must be signed
// again. Requests it cannot read pass unchanged.
func onRequest(h http.Handler, keys keyring, edit func(q *request) (resign bool)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if q, ok := readRequest(r, keys); ok && edit(q) {
			q.sign()
		}
		h.ServeHTTP(w, r)
	})
}

// onAnswer is middleware that lets edit change each answer, seeing the
// request as it was read (nil when it could not be).
func onAnswer(h http.Handler, keys keyring, edit func(q *request, a *answer)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, ok := readRequest(r, keys)
		if !ok {
			q = nil
		}
		a := serve(h, r)
		if a.env != nil {
			edit(q, a)
		}
		a.write(w)
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
