package emulator

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tencentdb-kit/initdb-conform/codes"
	"github.com/tencentdb-kit/initdb-conform/rules"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// fail is an error answer: a code and, when a contract rule was broken, the
// rule and a value-free reason for the message.
type fail struct {
	code   string
	rule   string
	reason string
}

func failCode(code, rule, reason string) *fail { return &fail{code: code, rule: rule, reason: reason} }

func failRule(v *rules.Violation) *fail {
	return &fail{code: v.Code, rule: v.Rule, reason: v.Reason}
}

// call is one request as the handler comes to know it.
type call struct {
	style    wire.Style
	body     []byte
	params   map[string]string // v1: every parameter; TC3 GET: the query
	account  string
	action   string
	region   string
	language string
}

// v1Common are the parameter names a v1 request uses for common parameters;
// every other parameter belongs to the action.
var v1Common = map[string]bool{
	"Action": true, "Version": true, "Region": true, "Timestamp": true, "Nonce": true,
	"SecretId": true, "Signature": true, "SignatureMethod": true, "Token": true,
	"Language": true, "RequestClient": true,
}

// ServeHTTP answers one request. Every answer is the envelope with HTTP 200
// (RESP-5), a fresh RequestId also sent as X-TC-RequestId (RESP-4), and
// Content-Type application/json (RESP-6).
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	c := &call{}
	result, f := e.serve(r, c)
	code := writeEnvelope(w, result, f, c.language)
	if e.logger != nil {
		e.logger.Info("request", "action", c.action, "style", string(c.style), "code", code,
			"latency", time.Since(start).Round(time.Microsecond))
	}
}

// serve runs the checks in the contract's order: method (TRANS-2), size
// (TRANS-5), authentication (§2, AUTH-7 order), path (TRANS-1), content type
// (TRANS-3), common parameters (§3), then the action.
func (e *Emulator) serve(r *http.Request, c *call) (map[string]any, *fail) {
	// The language only chooses the messages; it is validated with the
	// other common parameters (COMMON-4).
	c.language = r.Header.Get("X-TC-Language")
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		return nil, failCode(codes.UnsupportedProtocol, "TRANS-2", "only GET and POST are supported")
	}
	tc3 := r.Header.Get("Authorization") != ""
	if f := e.readRequest(r, c, tc3); f != nil {
		return nil, f
	}
	if c.style == wire.StyleV1GET || c.style == wire.StyleV1Form {
		c.language = c.params["Language"]
	}
	if f := e.authenticate(r, c, tc3); f != nil {
		return nil, f
	}
	if r.URL.Path != "/" {
		return nil, failCode(codes.InvalidAction, "TRANS-1", "the only endpoint path is /")
	}
	if c.style == wire.StyleTC3JSON {
		if mt, ok := wire.MediaType(r.Header.Get("Content-Type")); mt != wire.ContentJSON || !ok {
			return nil, failCode(codes.InvalidParameter, "TRANS-3", "a TC3 POST must be application/json")
		}
	}
	var action, version, region, language string
	if c.style == wire.StyleTC3JSON || c.style == wire.StyleTC3GET {
		action, version = r.Header.Get("X-TC-Action"), r.Header.Get("X-TC-Version")
		region, language = r.Header.Get("X-TC-Region"), r.Header.Get("X-TC-Language")
	} else {
		action, version = c.params["Action"], c.params["Version"]
		region, language = c.params["Region"], c.params["Language"]
	}
	c.action = action
	if v := rules.CheckAction(action); v != nil {
		return nil, failRule(v)
	}
	if v := rules.CheckVersion(version); v != nil {
		return nil, failRule(v)
	}
	if v := rules.CheckRegion(region); v != nil {
		return nil, failRule(v)
	}
	if v := rules.CheckLanguage(language); v != nil {
		return nil, failRule(v)
	}
	c.region = region
	params, f := actionParams(r, c)
	if f != nil {
		return nil, f
	}
	switch action {
	case rules.ActionInit:
		return e.initDBInstances(r, c, params)
	case rules.ActionCreate:
		return e.createDBInstances(r, c, params)
	default:
		return e.describeDBInstances(r, c, params)
	}
}

// readRequest applies TRANS-5 and finds the style. The body is read through
// a limit one byte above the style's maximum, so an oversized body is never
// held whole in memory.
func (e *Emulator) readRequest(r *http.Request, c *call, tc3 bool) *fail {
	tooBig := failCode(codes.RequestSizeLimitExceeded, "TRANS-5", "the request is larger than the limit")
	if r.Method == http.MethodGet {
		if len(r.RequestURI) > rules.MaxGetTarget {
			return tooBig
		}
		if tc3 {
			c.style = wire.StyleTC3GET
			return nil
		}
		c.style = wire.StyleV1GET
		params, err := wire.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return decodeFail(err)
		}
		c.params = params
		return nil
	}
	limit := int64(rules.MaxV1Body)
	if tc3 {
		limit = rules.MaxTC3Body
	}
	if r.ContentLength > limit {
		return tooBig
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return failCode(codes.InvalidParameter, "TRANS-3", "the request body could not be read")
	}
	if int64(len(body)) > limit {
		return tooBig
	}
	c.body = body
	if tc3 {
		c.style = wire.StyleTC3JSON
		return nil
	}
	// Without an Authorization header only a v1 form can be signed: a body
	// of any other type carries no Signature parameter (a POST's query is
	// not read), so the request is unsigned, and authentication comes
	// before the content type (§2, AUTH-2 before TRANS-3).
	mt, ok := wire.MediaType(r.Header.Get("Content-Type"))
	if mt != wire.ContentForm {
		return failCode(codes.AuthInvalidAuthorization, "AUTH-2", "the request is not signed: a POST needs an Authorization header (TC3) or a v1 form with a Signature")
	}
	if !ok {
		return failCode(codes.InvalidParameter, "TRANS-3", "a v1 form must be application/x-www-form-urlencoded with no parameter but a UTF-8 charset")
	}
	c.style = wire.StyleV1Form
	params, err := wire.ParseQuery(string(body))
	if err != nil {
		return decodeFail(err)
	}
	c.params = params
	return nil
}

func decodeFail(err error) *fail {
	rule := "PARAM-4"
	if errors.Is(err, wire.ErrFlattening) {
		rule = "TRANS-4"
	}
	return failCode(codes.InvalidParameter, rule, err.Error())
}

// authenticate applies §2 in the AUTH-7 order and sets c.account.
func (e *Emulator) authenticate(r *http.Request, c *call, tc3 bool) *fail {
	if tc3 {
		return e.authTC3(r, c)
	}
	if _, signed := c.params["Signature"]; !signed {
		return failCode(codes.AuthInvalidAuthorization, "AUTH-2", "the request is not signed")
	}
	return e.authV1(r, c)
}

func (e *Emulator) authTC3(r *http.Request, c *call) *fail {
	a, err := signer.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return failCode(codes.AuthInvalidAuthorization, "AUTH-2", "the Authorization header is not a valid TC3-HMAC-SHA256 authorization")
	}
	k, f := e.lookup(a.SecretID, r.Header.Get("X-TC-Token"))
	if f != nil {
		return f
	}
	ts, f := e.checkTimestamp(r.Header.Get("X-TC-Timestamp"))
	if f != nil {
		return f
	}
	in := signer.TC3InputFromRequest(r, c.body, a.SignedHeaders, rules.Service, ts)
	if err := signer.VerifyTC3(a, k.cred.SecretKey, in); err != nil {
		return failCode(codes.AuthSignatureFailure, "AUTH-5", "the signature does not match the request")
	}
	c.account = k.account
	return nil
}

func (e *Emulator) authV1(r *http.Request, c *call) *fail {
	for _, name := range []string{"SecretId", "Timestamp", "Nonce", "Signature"} {
		if c.params[name] == "" {
			return failCode(codes.MissingParameter, "AUTH-V1-1", "the "+name+" parameter is missing")
		}
	}
	if n, err := strconv.ParseInt(c.params["Nonce"], 10, 64); err != nil || n <= 0 {
		return failCode(codes.InvalidParameter, "AUTH-V1-1", "Nonce must be a positive integer")
	}
	k, f := e.lookup(c.params["SecretId"], c.params["Token"])
	if f != nil {
		return f
	}
	ts, f := e.checkTimestamp(c.params["Timestamp"])
	if f != nil {
		return f
	}
	if err := signer.VerifyV1(k.cred.SecretKey, r.Method, r.Host, c.params); err != nil {
		return failCode(codes.AuthSignatureFailure, "AUTH-V1-3", "the signature does not match the request")
	}
	triple := c.params["SecretId"] + "\x00" + c.params["Nonce"] + "\x00" + c.params["Timestamp"]
	if !e.replays.firstUse(triple, ts, e.now(), rules.TimestampWindow) {
		return failCode(codes.AuthSignatureFailure, "AUTH-V1-4", "the SecretId, Nonce and Timestamp were used before")
	}
	c.account = k.account
	return nil
}

// lookup finds the key (AUTH-3) and checks its token (AUTH-6).
func (e *Emulator) lookup(secretID, token string) (key, *fail) {
	k, ok := e.keys[secretID]
	if !ok {
		return key{}, failCode(codes.AuthSecretIDNotFound, "AUTH-3", "the SecretId does not exist")
	}
	if token != k.cred.Token {
		return key{}, failCode(codes.AuthTokenFailure, "AUTH-6", "the token does not belong to this key")
	}
	return k, nil
}

// checkTimestamp applies AUTH-4: an integer within the window of the
// server's clock.
func (e *Emulator) checkTimestamp(text string) (int64, *fail) {
	if text == "" {
		return 0, failCode(codes.MissingParameter, "AUTH-4", "the Timestamp is missing")
	}
	ts, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return 0, failCode(codes.InvalidParameter, "AUTH-4", "the Timestamp must be an integer")
	}
	skew := e.now().Sub(time.Unix(ts, 0))
	if ts > 1<<40 || ts < -(1<<40) || skew > rules.TimestampWindow || skew < -rules.TimestampWindow {
		return 0, failCode(codes.AuthSignatureExpire, "AUTH-4", "the Timestamp is more than 300 seconds from the server's time")
	}
	return ts, nil
}

// actionParams decodes the action's parameters for the style.
func actionParams(r *http.Request, c *call) (rules.Params, *fail) {
	switch c.style {
	case wire.StyleTC3JSON:
		obj, err := wire.DecodeJSON(c.body)
		if err != nil {
			return rules.Params{}, failCode(codes.InvalidParameter, "PARAM-4", err.Error())
		}
		return rules.Params{Values: obj}, nil
	case wire.StyleTC3GET:
		flat, err := wire.ParseQuery(r.URL.RawQuery)
		if err != nil {
			return rules.Params{}, decodeFail(err)
		}
		return unflatten(flat)
	default:
		flat := make(map[string]string, len(c.params))
		for k, v := range c.params {
			if !v1Common[k] {
				flat[k] = v
			}
		}
		return unflatten(flat)
	}
}

func unflatten(flat map[string]string) (rules.Params, *fail) {
	tree, err := wire.Unflatten(flat)
	if err != nil {
		return rules.Params{}, decodeFail(err)
	}
	return rules.Params{Values: tree, StringLeaves: true}, nil
}

// headerFault reads the fault header, when honoured.
func (e *Emulator) headerFault(r *http.Request) string {
	if !e.faultHeader {
		return ""
	}
	code := strings.TrimSpace(r.Header.Get(FaultHeader))
	if code == "" || !codes.Documented(code) {
		return ""
	}
	return code
}
