// Package client builds, signs and sends API 3.0 requests in any of the four
// request styles (TRANS-3), and reads the envelope of the answer. It is the
// suite's and the fuzz harness's way of talking to a target, so it can also
// build requests that are wrong on purpose: common parameters overridden or
// left out, a raw body, extra signed headers, or any change after signing.
package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tencentdb-kit/initdb-conform/rules"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// Client sends requests to one target.
type Client struct {
	BaseURL    string // "http://127.0.0.1:9000" or "https://postgres.tencentcloudapi.com"
	Credential signer.Credential
	Region     string
	Language   string           // "" sends none
	HTTP       *http.Client     // nil: http.DefaultClient
	Now        func() time.Time // nil: time.Now
	V1Method   string           // v1 SignatureMethod: HmacSHA256 (default) or HmacSHA1
	nonce      atomic.Int64
}

// Request is one call. Only Style, Action and Params are needed for a
// well-formed request; the other fields make it wrong on purpose.
type Request struct {
	Style  wire.Style
	Action string
	Params map[string]any // the action's parameters

	// Common overrides common parameters by name (Action, Version, Region,
	// Language, Timestamp, Nonce, Token, SecretId, SignatureMethod,
	// RequestClient); Omit leaves them out. Both apply before signing.
	Common map[string]string
	Omit   []string
	// Credential replaces the client's key for this request.
	Credential *signer.Credential
	// Time is the signing time; zero means the client's clock.
	Time time.Time
	// Body replaces the encoded parameters of a POST; ContentType replaces
	// the style's content type.
	Body        []byte
	ContentType string
	// Header adds headers before signing; SignHeaders names the extra ones
	// a TC3 signature covers.
	Header      http.Header
	SignHeaders []string
	// Tamper changes the signed request before it is sent; it may replace
	// the body by returning new bytes (nil keeps the body).
	Tamper func(r *http.Request, body []byte) []byte
}

// Response is the target's answer.
type Response struct {
	Status    int
	Header    http.Header
	Body      []byte
	Envelope  map[string]any // Response object; nil when the body is not the envelope
	RequestID string
	Code      string // Error.Code, "" on success
	Message   string
	ParseErr  error // why the body is not the envelope
}

// Send builds, signs and sends req, and reads the answer. A transport error
// is returned as an error; any HTTP answer is a Response.
func (c *Client) Send(ctx context.Context, req Request) (*Response, error) {
	hr, err := c.Build(ctx, req)
	if err != nil {
		return nil, err
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(hr)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	if err != nil {
		return nil, fmt.Errorf("client: reading the answer: %w", err)
	}
	return Parse(resp.StatusCode, resp.Header, body), nil
}

// Parse reads an answer's body as the envelope.
func Parse(status int, h http.Header, body []byte) *Response {
	r := &Response{Status: status, Header: h, Body: body}
	var env struct {
		Response map[string]any
	}
	if err := json.Unmarshal(body, &env); err != nil {
		r.ParseErr = fmt.Errorf("the body is not JSON: %w", err)
		return r
	}
	if env.Response == nil {
		r.ParseErr = errors.New(`the body has no "Response" object`)
		return r
	}
	r.Envelope = env.Response
	r.RequestID, _ = env.Response["RequestId"].(string)
	if e, ok := env.Response["Error"].(map[string]any); ok {
		r.Code, _ = e["Code"].(string)
		r.Message, _ = e["Message"].(string)
	}
	return r
}

// Build returns the signed HTTP request for req, unsent.
func (c *Client) Build(ctx context.Context, req Request) (*http.Request, error) {
	cred := c.Credential
	if req.Credential != nil {
		cred = *req.Credential
	}
	t := req.Time
	if t.IsZero() {
		if c.Now != nil {
			t = c.Now()
		} else {
			t = time.Now()
		}
	}
	common := map[string]string{
		"Action":    req.Action,
		"Version":   rules.Version,
		"Region":    c.Region,
		"Timestamp": strconv.FormatInt(t.Unix(), 10),
	}
	if c.Language != "" {
		common["Language"] = c.Language
	}
	if cred.Token != "" {
		common["Token"] = cred.Token
	}
	switch req.Style {
	case wire.StyleTC3JSON, wire.StyleTC3GET:
		return c.buildTC3(ctx, req, cred, t, common)
	case wire.StyleV1GET, wire.StyleV1Form:
		common["SecretId"] = cred.SecretID
		common["Nonce"] = strconv.FormatInt(c.nextNonce(t), 10)
		common["SignatureMethod"] = c.V1Method
		if common["SignatureMethod"] == "" {
			common["SignatureMethod"] = signer.HmacSHA256
		}
		return c.buildV1(ctx, req, cred, common)
	}
	return nil, fmt.Errorf("client: unknown style %q", req.Style)
}

// nextNonce gives distinct positive nonces, so that two v1 requests in one
// second are never taken for a replay (AUTH-V1-4).
func (c *Client) nextNonce(t time.Time) int64 {
	n := c.nonce.Add(1)
	return (t.UnixNano()/1000)%1_000_000_000 + n
}

func applyOverrides(common map[string]string, req Request) {
	for k, v := range req.Common {
		common[k] = v
	}
	for _, k := range req.Omit {
		delete(common, k)
	}
}

func (c *Client) buildTC3(ctx context.Context, req Request, cred signer.Credential, t time.Time, common map[string]string) (*http.Request, error) {
	applyOverrides(common, req)
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("client: target URL: %w", err)
	}
	u.Path = "/"
	var body []byte
	method, contentType := http.MethodPost, wire.ContentJSON
	if req.Style == wire.StyleTC3GET {
		method, contentType = http.MethodGet, wire.ContentForm
		flat, err := wire.Flatten(req.Params)
		if err != nil {
			return nil, err
		}
		u.RawQuery = wire.Encode(flat)
	} else if req.Body != nil {
		body = req.Body
	} else {
		params := req.Params
		if params == nil {
			params = map[string]any{}
		}
		if body, err = json.Marshal(params); err != nil {
			return nil, fmt.Errorf("client: encoding parameters: %w", err)
		}
	}
	if req.ContentType != "" {
		contentType = req.ContentType
	}
	hr, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if method == http.MethodGet {
		hr.Body, hr.ContentLength = http.NoBody, 0
	}
	hr.Header.Set("Content-Type", contentType)
	for _, name := range []string{"Action", "Version", "Region", "Language", "RequestClient"} {
		if v, ok := common[name]; ok {
			hr.Header.Set("X-TC-"+name, v)
		}
	}
	for k, vs := range req.Header {
		hr.Header[http.CanonicalHeaderKey(k)] = vs
	}
	// The signer sets the timestamp and token headers from the signing
	// time and key; overrides of those are applied after it, so that a
	// request can carry a timestamp other than the one it was signed at.
	signer.SignRequestTC3(hr, body, cred, rules.Service, t, req.SignHeaders...)
	for _, name := range []string{"Timestamp", "Token"} {
		if v, ok := req.Common[name]; ok {
			hr.Header.Set("X-TC-"+name, v)
		}
	}
	for _, name := range req.Omit {
		if name == "Timestamp" || name == "Token" {
			hr.Header.Del("X-TC-" + name)
		}
	}
	return finish(hr, body, req)
}

func (c *Client) buildV1(ctx context.Context, req Request, cred signer.Credential, common map[string]string) (*http.Request, error) {
	flat, err := wire.Flatten(req.Params)
	if err != nil {
		return nil, err
	}
	for k, v := range common {
		flat[k] = v
	}
	for k, v := range req.Common {
		flat[k] = v
	}
	for _, k := range req.Omit {
		delete(flat, k)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return nil, fmt.Errorf("client: target URL: %w", err)
	}
	u.Path = "/"
	method := http.MethodGet
	if req.Style == wire.StyleV1Form {
		method = http.MethodPost
	}
	flat["Signature"] = signer.V1Sign(cred.SecretKey, signer.V1StringToSign(method, u.Host, flat), flat["SignatureMethod"])
	encoded := wire.Encode(flat)
	var body []byte
	if method == http.MethodGet {
		u.RawQuery = encoded
	} else if req.Body != nil {
		body = req.Body
	} else {
		body = []byte(encoded)
	}
	hr, err := http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if method == http.MethodGet {
		hr.Body, hr.ContentLength = http.NoBody, 0
	} else {
		ct := wire.ContentForm
		if req.ContentType != "" {
			ct = req.ContentType
		}
		hr.Header.Set("Content-Type", ct)
	}
	for k, vs := range req.Header {
		hr.Header[http.CanonicalHeaderKey(k)] = vs
	}
	return finish(hr, body, req)
}

func finish(hr *http.Request, body []byte, req Request) (*http.Request, error) {
	if req.Tamper == nil {
		return hr, nil
	}
	if nb := req.Tamper(hr, body); nb != nil {
		hr.Body = io.NopCloser(bytes.NewReader(nb))
		hr.ContentLength = int64(len(nb))
	}
	return hr, nil
}

// Host returns the host:port of the client's target.
func (c *Client) Host() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return ""
	}
	return u.Host
}

// IsLoopback reports whether a target URL names a loopback host.
func IsLoopback(target string) bool {
	u, err := url.Parse(target)
	if err != nil {
		return false
	}
	h := u.Hostname()
	return h == "localhost" || h == "::1" || strings.HasPrefix(h, "127.")
}
