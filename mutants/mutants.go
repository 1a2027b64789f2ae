// Package mutants holds faulty targets: the emulator wrapped in middleware
// (or configured) so that it breaks exactly one rule of CONTRACT.md. Running
// the conformance suite against each shows that the suite catches a broken
// server, and for the right reason: mutants_test.go requires every run to
// fail with a result that names the broken rule, while the unmodified
// emulator passes. The share of mutants caught is the suite's mutation
// score (README.md).
//
// Middleware rewrites requests before they reach the emulator (to make it
// accept what it should refuse, signing the changed request again with the
// account's key, which it knows) or rewrites the emulator's answers after
// it. It only ever re-signs requests whose signature was right, so that no
// mutant accepts a bad signature as a side effect.
package mutants

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/codes"
	"github.com/tencentdb-kit/initdb-conform/emulator"
	"github.com/tencentdb-kit/initdb-conform/rules"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// The second account of the emulator under the mutants, the one the
// conform CLI's in-process run uses, so that the isolation cases run.
const (
	SecondSecretID  = "AKIDconformSecondAccountEXAMPLE00000"
	SecondSecretKey = "conformSecondAccountKeyEXAMPLE00"
)

// Mutant is a target that breaks one rule of the contract.
type Mutant struct {
	Name  string   // "accepts-bad-signature"
	Area  string   // contract area, as conformance.Areas() spells it
	Rules []string // the rule ids it breaks
	// Level is "MUST" or "SHOULD": a SHOULD mutant must be caught under
	// Strict (warn), a MUST one by the default run (fail).
	Level string
	// Wrap is the middleware around the emulator's handler.
	Wrap func(h http.Handler) http.Handler
	// Options are emulator options the mutant needs, applied after the
	// ones of the run (a mutant may be a configuration, not middleware).
	Options []emulator.Option
}

// All returns the mutants for an emulator serving two accounts: the
// documents' example key (emulator.DefaultSecretID) and SecondSecretID.
func All() []Mutant {
	return For(
		signer.Credential{SecretID: emulator.DefaultSecretID, SecretKey: emulator.DefaultSecretKey},
		signer.Credential{SecretID: SecondSecretID, SecretKey: SecondSecretKey},
	)
}

// For returns the mutants for an emulator serving the accounts of creds:
// the middleware signs the requests it changes with these keys.
func For(creds ...signer.Credential) []Mutant {
	k := newKeyring(creds)
	return []Mutant{
		otherMethodsInvalidRequest(), acceptsAnyContentType(k), ignoresGetSizeLimit(),
		acceptsBadSignature(k), ignoresTimestampWindow(k), unknownSecretIDSignatureFailure(k),
		ignoresStrayToken(k), acceptsV1Replay(k),
		acceptsUnknownRegion(k), ignoresLanguage(k),
		acceptsUpperCasePostgres(k), passwordLengthGenericCode(k), passwordFormatAsValueError(k), badJSON500(k),
		acceptsLowerCaseCharset(k), ignoresUnknownParameter(k),
		partialInit(k), reinitAllowed(k), dropsLastID(k),
		noRateLimit(), globalRateLimit(k),
		dropsRequestID(k), errorWithoutMessage(k), successIDsRenamed(k), constantRequestID(k), requestIDNotUUID(k),
		errorsHTTP400(k), textPlainContentType(k), undocumentedCode(k),
	}
}

// ---- Transport ----

// otherMethodsInvalidRequest breaks TRANS-2: PUT, DELETE, PATCH … get the
// envelope with InvalidRequest (a documented code, HTTP 200) instead of
// UnsupportedProtocol.
func otherMethodsInvalidRequest() Mutant {
	return Mutant{Name: "other-methods-invalid-request", Area: "Transport", Rules: []string{"TRANS-2"}, Level: "MUST",
		Wrap: recode(nil, codes.UnsupportedProtocol, "InvalidRequest")}
}

// acceptsAnyContentType breaks TRANS-3: a correctly signed TC3 POST of any
// content type (text/plain, multipart, JSON in latin1) is served as JSON.
// The middleware sets Content-Type to application/json and signs again.
func acceptsAnyContentType(k keyring) Mutant {
	return Mutant{Name: "accepts-any-content-type", Area: "Transport", Rules: []string{"TRANS-3"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onRequest(h, k, func(q *request) bool {
				if q.style != wire.StyleTC3JSON || !q.authentic {
					return false
				}
				if mt, ok := wire.MediaType(q.r.Header.Get("Content-Type")); mt == wire.ContentJSON && ok {
					return false
				}
				q.r.Header.Set("Content-Type", wire.ContentJSON)
				return true
			})
		}}
}

// ignoresGetSizeLimit breaks TRANS-5: a GET whose request target is over
// 32 KiB is served (the middleware hides the length of the request target
// from the emulator's check), so the oversized v1 GET is judged on its
// parameters instead of refused with RequestSizeLimitExceeded.
func ignoresGetSizeLimit() Mutant {
	return Mutant{Name: "ignores-get-size-limit", Area: "Transport", Rules: []string{"TRANS-5"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet && len(r.RequestURI) > rules.MaxGetTarget {
					r.RequestURI = r.URL.Path
				}
				h.ServeHTTP(w, r)
			})
		}}
}

// ---- Authentication ----

// acceptsBadSignature breaks AUTH-5: a TC3 request with a well-formed
// Authorization for a known SecretId and an integer timestamp is served
// whatever its signature (wrong key, body or signed header changed after
// signing, credential scope of another date or service): the middleware
// signs it again with the right key.
func acceptsBadSignature(k keyring) Mutant {
	return Mutant{Name: "accepts-bad-signature", Area: "Authentication", Rules: []string{"AUTH-5"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onRequest(h, k, func(q *request) bool {
				_, ok := q.timestamp()
				return q.tc3() && !q.authentic && q.cred.SecretKey != "" && ok
			})
		}}
}

// ignoresTimestampWindow breaks AUTH-4: a correctly signed request (TC3 or
// v1) whose timestamp is more than 300 s from the server's time is served:
// the middleware moves the timestamp to now and signs again.
func ignoresTimestampWindow(k keyring) Mutant {
	return Mutant{Name: "ignores-timestamp-window", Area: "Authentication", Rules: []string{"AUTH-4"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onRequest(h, k, func(q *request) bool {
				ts, ok := q.timestamp()
				if !q.authentic || !ok {
					return false
				}
				now := time.Now()
				if d := now.Sub(time.Unix(ts, 0)); d <= rules.TimestampWindow && d >= -rules.TimestampWindow {
					return false
				}
				q.setCommon("Timestamp", itoa(now.Unix()))
				return true
			})
		}}
}

// unknownSecretIDSignatureFailure breaks AUTH-3: an unknown SecretId is
// answered AuthFailure.SignatureFailure instead of
// AuthFailure.SecretIdNotFound.
func unknownSecretIDSignatureFailure(k keyring) Mutant {
	return Mutant{Name: "unknown-secret-id-signature-failure", Area: "Authentication", Rules: []string{"AUTH-3"}, Level: "MUST",
		Wrap: recode(k, codes.AuthSecretIDNotFound, codes.AuthSignatureFailure)}
}

// ignoresStrayToken breaks AUTH-6 (SHOULD): an X-TC-Token sent with a
// permanent key is ignored (the middleware drops the header when it is not
// signed) instead of refused with AuthFailure.TokenFailure.
func ignoresStrayToken(k keyring) Mutant {
	return Mutant{Name: "ignores-stray-token", Area: "Authentication", Rules: []string{"AUTH-6"}, Level: "SHOULD",
		Wrap: func(h http.Handler) http.Handler {
			return onRequest(h, k, func(q *request) bool {
				if q.tc3() && q.cred.SecretKey != "" && q.cred.Token == "" && !q.signedHeader("X-TC-Token") {
					q.r.Header.Del("X-TC-Token")
				}
				return false
			})
		}}
}

// acceptsV1Replay breaks AUTH-V1-4 (SHOULD): a v1 request sent twice with
// the same SecretId, Nonce and Timestamp is served both times. The
// middleware gives every correctly signed v1 request a nonce of its own and
// signs it again, so the emulator never sees a triple twice.
func acceptsV1Replay(k keyring) Mutant {
	return Mutant{Name: "accepts-v1-replay", Area: "Authentication", Rules: []string{"AUTH-V1-4"}, Level: "SHOULD",
		Wrap: func(h http.Handler) http.Handler {
			var nonce atomic.Int64
			nonce.Store(time.Now().UnixNano() % 1_000_000_000)
			return onRequest(h, k, func(q *request) bool {
				// Only a valid nonce is replaced: one that breaks
				// AUTH-V1-1 must still be refused.
				if n, err := strconv.ParseInt(q.common("Nonce"), 10, 64); !q.v1() || !q.authentic || err != nil || n <= 0 {
					return false
				}
				q.setCommon("Nonce", itoa(nonce.Add(1)))
				return true
			})
		}}
}

// ---- Common parameters ----

// acceptsUnknownRegion breaks COMMON-3: a region where PostgreSQL is not
// offered (ap-mars) is served as ap-guangzhou instead of refused with
// UnsupportedRegion. A missing region is still refused.
func acceptsUnknownRegion(k keyring) Mutant {
	return Mutant{Name: "accepts-unknown-region", Area: "Common parameters", Rules: []string{"COMMON-3"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onRequest(h, k, func(q *request) bool {
				region := q.common("Region")
				if region == "" || rules.CheckRegion(region) == nil || !q.authentic {
					return false
				}
				q.setCommon("Region", "ap-guangzhou")
				return q.v1() || q.signedHeader("X-TC-Region")
			})
		}}
}

// ignoresLanguage breaks COMMON-4 (SHOULD): messages are Chinese whatever
// the Language; the middleware turns en-US into zh-CN.
func ignoresLanguage(k keyring) Mutant {
	return Mutant{Name: "ignores-language", Area: "Common parameters", Rules: []string{"COMMON-4"}, Level: "SHOULD",
		Wrap: func(h http.Handler) http.Handler {
			return onRequest(h, k, func(q *request) bool {
				if q.common("Language") != "en-US" || (q.v1() && !q.authentic) {
					return false
				}
				q.setCommon("Language", "zh-CN")
				return q.v1() || q.signedHeader("X-TC-Language")
			})
		}}
}

// ---- Parameters ----

// acceptsUpperCasePostgres breaks PARAM-NAME-1: the reserved name is
// compared case-sensitively, so POSTGRES (or Postgres) is accepted as
// AdminName; postgres itself is still refused. The middleware renames it
// dbadmin and signs again.
func acceptsUpperCasePostgres(k keyring) Mutant {
	return Mutant{Name: "accepts-upper-case-postgres", Area: "Parameters", Rules: []string{"PARAM-NAME-1"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onRequest(h, k, func(q *request) bool {
				name, ok := q.param("AdminName")
				if !ok || !q.authentic || !strings.EqualFold(name, "postgres") || name == "postgres" {
					return false
				}
				q.setParam("AdminName", "dbadmin")
				return true
			})
		}}
}

// passwordLengthGenericCode breaks PARAM-PWD-1: a password of the wrong
// length is refused with InvalidParameter instead of
// InvalidParameterValue.InvalidPasswordLengthError.
func passwordLengthGenericCode(k keyring) Mutant {
	return Mutant{Name: "password-length-generic-code", Area: "Parameters", Rules: []string{"PARAM-PWD-1"}, Level: "MUST",
		Wrap: recode(k, codes.InvalidPasswordLength, codes.InvalidParameter)}
}

// passwordFormatAsValueError breaks PARAM-PWD-3 (SHOULD): a password with
// a character outside the four classes (space, ", \, non-ASCII, control) is
// refused with InvalidParameterValue.InvalidPasswordValueError, a code of
// the password family (so the MUST part holds) but not the preferred
// InvalidParameterValue.InvalidPasswordFormat.
func passwordFormatAsValueError(k keyring) Mutant {
	return Mutant{Name: "password-format-as-value-error", Area: "Parameters", Rules: []string{"PARAM-PWD-3"}, Level: "SHOULD",
		Wrap: recode(k, codes.InvalidPasswordFormat, codes.InvalidPasswordValue)}
}

// badJSON500 breaks PARAM-4 and its other face, the MUST part of RESP-5: a
// TC3 body that is not a JSON object gets HTTP 500 and InternalError, as
// from a server whose decoder error escapes as a crash.
func badJSON500(k keyring) Mutant {
	return Mutant{Name: "bad-json-500", Area: "Parameters", Rules: []string{"PARAM-4", "RESP-5"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(q *request, a *answer) {
				// q.obj is nil when the body does not decode as a JSON object.
				if q == nil || q.style != wire.StyleTC3JSON || q.obj != nil || a.code() != codes.InvalidParameter {
					return
				}
				a.status = http.StatusInternalServerError
				a.setCode(codes.InternalError)
			})
		}}
}

// acceptsLowerCaseCharset breaks PARAM-CHARSET-2 (SHOULD): Charset utf8 or
// latin1 is accepted as UTF8 or LATIN1; the middleware upper-cases it and
// signs again.
func acceptsLowerCaseCharset(k keyring) Mutant {
	return Mutant{Name: "accepts-lower-case-charset", Area: "Parameters", Rules: []string{"PARAM-CHARSET-2"}, Level: "SHOULD",
		Wrap: func(h http.Handler) http.Handler {
			return onRequest(h, k, func(q *request) bool {
				cs, ok := q.param("Charset")
				if !ok || !q.authentic || (cs != "utf8" && cs != "latin1") {
					return false
				}
				q.setParam("Charset", strings.ToUpper(cs))
				return true
			})
		}}
}

// initParams are the parameters InitDBInstances defines.
var initParams = []string{"DBInstanceIdSet", "AdminName", "AdminPassword", "Charset"}

// v1Common are the common parameters of a v1 request.
var v1Common = []string{"Action", "Version", "Region", "Timestamp", "Nonce", "SecretId", "Signature",
	"SignatureMethod", "Token", "Language", "RequestClient"}

// ignoresUnknownParameter breaks PARAM-3 (SHOULD): a parameter that
// InitDBInstances does not define is ignored instead of refused with
// UnknownParameter. The middleware removes such parameters from correctly
// signed requests and signs them again.
func ignoresUnknownParameter(k keyring) Mutant {
	return Mutant{Name: "ignores-unknown-parameter", Area: "Parameters", Rules: []string{"PARAM-3"}, Level: "SHOULD",
		Wrap: func(h http.Handler) http.Handler {
			return onRequest(h, k, func(q *request) bool {
				if !q.authentic || q.action() != rules.ActionInit {
					return false
				}
				known := func(name string) bool {
					base, _, _ := strings.Cut(name, ".")
					return slices.Contains(initParams, base) || (q.v1() && slices.Contains(v1Common, name))
				}
				for name := range q.obj {
					if !known(name) {
						delete(q.obj, name)
						q.edited = true
					}
				}
				for name := range q.flat {
					if !known(name) {
						delete(q.flat, name)
						q.edited = true
					}
				}
				return q.edited
			})
		}}
}

// ---- Instances ----

// partialInit breaks INST-3: when a request for several instances is
// refused for one of them (INST-1 or INST-2), the others are initialised
// all the same: the middleware sends the emulator one request per id,
// signed with the caller's key, then passes the refusal on.
func partialInit(k keyring) Mutant {
	return Mutant{Name: "partial-init", Area: "Instances", Rules: []string{"INST-3"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(q *request, a *answer) {
				switch a.code() {
				case codes.InstanceNotFound, codes.InstanceStatusLimit:
				default:
					return
				}
				if q == nil || !q.authentic || q.action() != rules.ActionInit || len(q.ids()) < 2 {
					return
				}
				params := map[string]any{}
				for _, name := range []string{"AdminName", "AdminPassword", "Charset"} {
					v, ok := q.param(name)
					if !ok {
						return
					}
					params[name] = v
				}
				c := &client.Client{BaseURL: "http://" + q.r.Host, Credential: q.cred, Region: q.common("Region")}
				for _, id := range q.ids() {
					params["DBInstanceIdSet"] = []string{id}
					one, err := c.Build(q.r.Context(), client.Request{Style: wire.StyleTC3JSON, Action: rules.ActionInit, Params: params})
					if err != nil {
						return
					}
					one.RequestURI = one.URL.RequestURI()
					one.RemoteAddr = q.r.RemoteAddr
					serve(h, one)
				}
			})
		}}
}

// reinitAllowed breaks INST-4: initialising an instance that is no longer
// in init succeeds again; the middleware turns the INST-2 refusal into the
// success answer for the requested ids.
func reinitAllowed(k keyring) Mutant {
	return Mutant{Name: "re-init-allowed", Area: "Instances", Rules: []string{"INST-4"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(q *request, a *answer) {
				if q == nil || q.action() != rules.ActionInit || a.code() != codes.InstanceStatusLimit {
					return
				}
				a.succeed(distinct(q.ids()))
			})
		}}
}

// dropsLastID breaks INST-5: the success answer of InitDBInstances loses
// the last id of its DBInstanceIdSet (an off-by-one when it is copied).
func dropsLastID(k keyring) Mutant {
	return Mutant{Name: "drops-last-id", Area: "Instances", Rules: []string{"INST-5"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(q *request, a *answer) {
				if q == nil || q.action() != rules.ActionInit || a.code() != "" {
					return
				}
				if ids, ok := a.env["DBInstanceIdSet"].([]any); ok && len(ids) > 0 {
					a.env["DBInstanceIdSet"] = ids[:len(ids)-1]
				}
			})
		}}
}

// ---- Rate limit ----

// noRateLimit breaks RATE-1: the emulator is configured without a rate
// limit, so a burst of 2N requests in one second is served whole.
func noRateLimit() Mutant {
	return Mutant{Name: "no-rate-limit", Area: "Rate limit", Rules: []string{"RATE-1"}, Level: "MUST",
		Wrap:    func(h http.Handler) http.Handler { return h },
		Options: []emulator.Option{emulator.WithRateLimit(0)}}
}

// globalRateLimit breaks RATE-1: the limit of N InitDBInstances requests a
// second is kept for all accounts together, not per account, so a burst of
// one account refuses another's requests. The emulator's own limit is off;
// the middleware's sliding window counts correctly signed InitDBInstances
// requests of every account.
func globalRateLimit(k keyring) Mutant {
	return Mutant{Name: "global-rate-limit", Area: "Rate limit", Rules: []string{"RATE-1"}, Level: "MUST",
		Options: []emulator.Option{emulator.WithRateLimit(0)},
		Wrap: func(h http.Handler) http.Handler {
			var mu sync.Mutex
			var served []time.Time
			allow := func(now time.Time) bool {
				mu.Lock()
				defer mu.Unlock()
				for len(served) > 0 && !served[0].After(now.Add(-time.Second)) {
					served = served[1:]
				}
				if len(served) >= rules.DefaultRateLimit {
					return false
				}
				served = append(served, now)
				return true
			}
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				q, ok := readRequest(r, k)
				if ok && q.authentic && q.action() == rules.ActionInit && !allow(time.Now()) {
					writeError(w, codes.RequestLimitExceeded, "请求的次数超过了频率限制。")
					return
				}
				h.ServeHTTP(w, r)
			})
		}}
}

// ---- Responses ----

// dropsRequestID breaks RESP-1: no Response.RequestId in any answer (the
// X-TC-RequestId header is kept).
func dropsRequestID(k keyring) Mutant {
	return Mutant{Name: "drops-request-id", Area: "Responses", Rules: []string{"RESP-1"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(_ *request, a *answer) { delete(a.env, "RequestId") })
		}}
}

// errorWithoutMessage breaks RESP-2: an error's Message is empty.
func errorWithoutMessage(k keyring) Mutant {
	return Mutant{Name: "error-without-message", Area: "Responses", Rules: []string{"RESP-2"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(_ *request, a *answer) {
				if e, ok := a.env["Error"].(map[string]any); ok {
					e["Message"] = ""
				}
			})
		}}
}

// successIDsRenamed breaks RESP-3: the success answer of InitDBInstances
// carries its ids as InstanceIdSet, not DBInstanceIdSet.
func successIDsRenamed(k keyring) Mutant {
	return Mutant{Name: "success-ids-renamed", Area: "Responses", Rules: []string{"RESP-3"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(q *request, a *answer) {
				if q == nil || q.action() != rules.ActionInit || a.code() != "" {
					return
				}
				if ids, ok := a.env["DBInstanceIdSet"]; ok {
					delete(a.env, "DBInstanceIdSet")
					a.env["InstanceIdSet"] = ids
				}
			})
		}}
}

// constantRequestID breaks RESP-4: every answer has the same RequestId
// (a UUID, in the body and the X-TC-RequestId header alike).
func constantRequestID(k keyring) Mutant {
	const id = "5d1b4d2e-9c0a-4f4e-8a55-6f1f4d6c2b10"
	return Mutant{Name: "constant-request-id", Area: "Responses", Rules: []string{"RESP-4"}, Level: "MUST",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(_ *request, a *answer) {
				a.env["RequestId"] = id
				a.header.Set("X-TC-RequestId", id)
			})
		}}
}

// requestIDNotUUID breaks RESP-4 (SHOULD): RequestIds are unique but not
// UUIDs ("req-1", "req-2" …), in the body and the header alike.
func requestIDNotUUID(k keyring) Mutant {
	return Mutant{Name: "request-id-not-uuid", Area: "Responses", Rules: []string{"RESP-4"}, Level: "SHOULD",
		Wrap: func(h http.Handler) http.Handler {
			var n atomic.Int64
			return onAnswer(h, k, func(_ *request, a *answer) {
				id := "req-" + itoa(n.Add(1))
				a.env["RequestId"] = id
				a.header.Set("X-TC-RequestId", id)
			})
		}}
}

// errorsHTTP400 breaks RESP-5 (SHOULD): errors are answered with HTTP 400
// (the envelope is unchanged), not 200.
func errorsHTTP400(k keyring) Mutant {
	return Mutant{Name: "errors-http-400", Area: "Responses", Rules: []string{"RESP-5"}, Level: "SHOULD",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(_ *request, a *answer) {
				if a.code() != "" {
					a.status = http.StatusBadRequest
				}
			})
		}}
}

// textPlainContentType breaks RESP-6 (SHOULD): answers are sent as
// text/plain; charset=utf-8 (the body is unchanged JSON).
func textPlainContentType(k keyring) Mutant {
	return Mutant{Name: "text-plain-content-type", Area: "Responses", Rules: []string{"RESP-6"}, Level: "SHOULD",
		Wrap: func(h http.Handler) http.Handler {
			return onAnswer(h, k, func(_ *request, a *answer) {
				a.header.Set("Content-Type", "text/plain; charset=utf-8")
			})
		}}
}

// undocumentedCode breaks RESP-7: MissingParameter is answered as
// MissingParam, a code in neither the action's nor the common table.
func undocumentedCode(k keyring) Mutant {
	return Mutant{Name: "undocumented-code", Area: "Responses", Rules: []string{"RESP-7"}, Level: "MUST",
		Wrap: recode(k, codes.MissingParameter, "MissingParam")}
}

// recode is the middleware of the mutants that answer one code as another.
func recode(k keyring, from, to string) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return onAnswer(h, k, func(_ *request, a *answer) {
			if a.code() == from {
				a.setCode(to)
			}
		})
	}
}

// distinct returns ids without repeats, in first-seen order.
func distinct(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}
