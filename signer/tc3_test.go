package signer_test

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

const (
	testSecretID  = "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE"
	testSecretKey = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
	initBody      = `{"DBInstanceIdSet":["postgres-6fego161"],"AdminName":"dbadmin","AdminPassword":"A8b!C2d#E4f&","Charset":"UTF8"}`
)

var (
	testCred = signer.Credential{SecretID: testSecretID, SecretKey: testSecretKey}
	// signTime is 2026-03-01T23:59:30Z, thirty seconds before a UTC date change.
	signTime = time.Date(2026, 3, 1, 23, 59, 30, 0, time.UTC)
)

// newClientRequest builds an unsigned client-side request as a caller of
// SignRequestTC3 does.
func newClientRequest(t *testing.T, method, target, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	require.NoError(t, err)
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	} else {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("X-TC-Action", "InitDBInstances")
	req.Header.Set("X-TC-Version", "2017-03-12")
	req.Header.Set("X-TC-Region", "ap-guangzhou")
	return req
}

// serverView returns the request as a server receives it: written to the
// wire and read back, so Host, header keys and the query are what
// net/http's server hands a handler.
func serverView(t *testing.T, req *http.Request, body string) (*http.Request, []byte) {
	t.Helper()
	req.Body = io.NopCloser(strings.NewReader(body))
	req.ContentLength = int64(len(body))
	var wire bytes.Buffer
	require.NoError(t, req.Write(&wire))
	r, err := http.ReadRequest(bufio.NewReader(&wire))
	require.NoError(t, err)
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	return r, b
}

// verify runs the server side of TC3 as the emulator does (AUTH-7 steps 1
// and 5): parse the header, rebuild the input, verify.
func verify(r *http.Request, body []byte, secretKey, service string) error {
	a, err := signer.ParseAuthorization(r.Header.Get("Authorization"))
	if err != nil {
		return err
	}
	ts, err := strconv.ParseInt(r.Header.Get("X-TC-Timestamp"), 10, 64)
	if err != nil {
		return err
	}
	in := signer.TC3InputFromRequest(r, body, a.SignedHeaders, service, ts)
	return signer.VerifyTC3(a, secretKey, in)
}

// TestTC3RoundTrip signs client-side requests and verifies their server
// view, then breaks one signed element at a time (AUTH-1, AUTH-5, AUTH-8).
func TestTC3RoundTrip(t *testing.T) {
	type request struct {
		method, target, body string
		unsigned             string // X-TC-Content-SHA256 value, "" for none
		extra                []string
	}
	post := request{method: http.MethodPost, target: "http://127.0.0.1:9000/", body: initBody}
	get := request{method: http.MethodGet, target: "http://postgres.tencentcloudapi.com/?AdminName=dbadmin&Charset=UTF8&DBInstanceIdSet.0=postgres-6fego161"}
	unsigned := post
	unsigned.unsigned = signer.UnsignedPayload
	otherHash := post
	otherHash.unsigned = "unsigned-payload"
	withAction := post
	withAction.extra = []string{"X-TC-Action", "x-tc-timestamp", "Host"}

	tests := []struct {
		reason  string
		req     request
		tamper  func(r *http.Request, body []byte) (*http.Request, []byte)
		service string // server's service, "postgres" when empty
		want    error
	}{
		{reason: "TC3 POST JSON verifies", req: post},
		{reason: "TC3 GET with query verifies", req: get},
		{reason: "AUTH-8: UNSIGNED-PAYLOAD verifies", req: unsigned},
		{reason: "AUTH-1: extra signed headers verify", req: withAction},
		{
			reason: "AUTH-5: one byte of the body changed",
			req:    post,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				b = bytes.Clone(b)
				b[len(b)-3] = 'X'
				return r, b
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason: "AUTH-8: with UNSIGNED-PAYLOAD the body is not signed",
			req:    unsigned,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				return r, []byte(`{"DBInstanceIdSet":["postgres-00000000"]}`)
			},
		},
		{
			reason: "AUTH-8: another value of X-TC-Content-SHA256 is ignored, the body stays signed",
			req:    otherHash,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				return r, []byte(`{"DBInstanceIdSet":["postgres-00000000"]}`)
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason: "AUTH-8: adding UNSIGNED-PAYLOAD after signing changes the payload hash",
			req:    post,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				r.Header.Set(signer.HeaderContentSHA256, signer.UnsignedPayload)
				return r, b
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason: "AUTH-1: host is signed with its port",
			req:    post,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				r.Host = "127.0.0.1:9001"
				return r, b
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason: "AUTH-1: content-type is signed (a charset parameter makes another value)",
			req:    post,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				r.Header.Set("Content-Type", "application/json")
				return r, b
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason: "AUTH-1: header values are lower-cased and trimmed before signing",
			req:    post,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				r.Header.Set("Content-Type", "  Application/JSON; charset=UTF-8 ")
				return r, b
			},
		},
		{
			reason: "AUTH-1: an extra signed header is covered",
			req:    withAction,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				r.Header.Set("X-TC-Action", "DescribeDBInstances")
				return r, b
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason: "an unsigned header may change",
			req:    withAction,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				r.Header.Set("X-TC-Region", "ap-beijing")
				return r, b
			},
		},
		{
			reason: "AUTH-5: the timestamp is in the string to sign",
			req:    post,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				r.Header.Set("X-TC-Timestamp", strconv.FormatInt(signTime.Unix()-1, 10))
				return r, b
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason: "AUTH-5: a timestamp on the next UTC day does not match the scope date",
			req:    post,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				r.Header.Set("X-TC-Timestamp", strconv.FormatInt(signTime.Unix()+60, 10))
				return r, b
			},
			want: signer.ErrScopeDate,
		},
		{
			reason: "AUTH-5: the signature changed",
			req:    post,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				h := r.Header.Get("Authorization")
				last := h[len(h)-1]
				r.Header.Set("Authorization", h[:len(h)-1]+string("01"[(last-'0'+1)%2]))
				return r, b
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason: "AUTH-5: the signature in upper-case hex is not the scheme's lower-case hex",
			req:    post,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				h := r.Header.Get("Authorization")
				i := strings.LastIndex(h, "=")
				r.Header.Set("Authorization", h[:i+1]+strings.ToUpper(h[i+1:]))
				return r, b
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason: "AUTH-5: the query of a GET is signed",
			req:    get,
			tamper: func(r *http.Request, b []byte) (*http.Request, []byte) {
				r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "UTF8", "LATIN1", 1)
				return r, b
			},
			want: signer.ErrSignatureMismatch,
		},
		{
			reason:  "AUTH-5: the scope service must be the server's (postgres), not cvm",
			req:     post,
			service: "cvm",
			want:    signer.ErrScopeService,
		},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			req := newClientRequest(t, tc.req.method, tc.req.target, tc.req.body)
			if tc.req.unsigned != "" {
				req.Header.Set(signer.HeaderContentSHA256, tc.req.unsigned)
			}
			res := signer.SignRequestTC3(req, []byte(tc.req.body), testCred, "postgres", signTime, tc.req.extra...)
			assert.Equal(t, res.Authorization, req.Header.Get("Authorization"))
			assert.Equal(t, strconv.FormatInt(signTime.Unix(), 10), req.Header.Get("X-TC-Timestamp"))
			assert.Empty(t, req.Header.Values("X-TC-Token"), "no token for a permanent key")
			assert.Equal(t, "2026-03-01", res.Date)

			r, body := serverView(t, req, tc.req.body)
			if tc.tamper != nil {
				r, body = tc.tamper(r, body)
			}
			service := tc.service
			if service == "" {
				service = "postgres"
			}
			err := verify(r, body, testSecretKey, service)
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.want)
			for _, other := range []error{signer.ErrSignatureMismatch, signer.ErrScopeDate, signer.ErrScopeService, signer.ErrMalformedAuthorization} {
				if other != tc.want {
					assert.NotErrorIs(t, err, other)
				}
			}
		})
	}
}

// TestTC3WrongKey: a signature made with another key does not verify (AUTH-5).
func TestTC3WrongKey(t *testing.T) {
	req := newClientRequest(t, http.MethodPost, "http://127.0.0.1:9000/", initBody)
	signer.SignRequestTC3(req, []byte(initBody), testCred, "postgres", signTime)
	r, body := serverView(t, req, initBody)
	require.ErrorIs(t, verify(r, body, testSecretKey+"x", "postgres"), signer.ErrSignatureMismatch)
}

// TestSignRequestTC3Details checks what SignRequestTC3 derives from the
// request: the token header, the host, the signed header list and the
// payload hash.
func TestSignRequestTC3Details(t *testing.T) {
	t.Run("a temporary key sends X-TC-Token", func(t *testing.T) {
		req := newClientRequest(t, http.MethodPost, "http://127.0.0.1:9000/", initBody)
		cred := testCred
		cred.Token = "session-token"
		res := signer.SignRequestTC3(req, []byte(initBody), cred, "postgres", signTime, "X-TC-Token")
		assert.Equal(t, "session-token", req.Header.Get("X-TC-Token"))
		assert.Equal(t, "content-type;host;x-tc-token", res.SignedHeaders)
		assert.Contains(t, res.CanonicalRequest, "\nx-tc-token:session-token\n")
	})
	t.Run("AUTH-1: r.Host overrides the URL's host", func(t *testing.T) {
		req := newClientRequest(t, http.MethodPost, "http://127.0.0.1:9000/", initBody)
		req.Host = "postgres.tencentcloudapi.com"
		res := signer.SignRequestTC3(req, []byte(initBody), testCred, "postgres", signTime)
		assert.Contains(t, res.CanonicalRequest, "\nhost:postgres.tencentcloudapi.com\n")
	})
	t.Run("multiple values of a header are joined with commas", func(t *testing.T) {
		req := newClientRequest(t, http.MethodPost, "http://127.0.0.1:9000/", initBody)
		req.Header.Add("X-Custom", "a")
		req.Header.Add("X-Custom", "B")
		res := signer.SignRequestTC3(req, []byte(initBody), testCred, "postgres", signTime, "x-custom")
		assert.Contains(t, res.CanonicalRequest, "\nx-custom:a,b\n")
		r, body := serverView(t, req, initBody)
		require.NoError(t, verify(r, body, testSecretKey, "postgres"))
	})
	t.Run("a header set under a non-canonical key is found", func(t *testing.T) {
		req := newClientRequest(t, http.MethodPost, "http://127.0.0.1:9000/", initBody)
		req.Header["x-tc-action"] = []string{"InitDBInstances"}
		res := signer.SignRequestTC3(req, []byte(initBody), testCred, "postgres", signTime, "X-TC-ACTION")
		assert.Contains(t, res.CanonicalRequest, "\nx-tc-action:initdbinstances\n")
	})
	t.Run("GET ignores the body and signs the raw query", func(t *testing.T) {
		req := newClientRequest(t, http.MethodGet, "http://127.0.0.1:9000/?B=2&A=%2F1", "")
		res := signer.SignRequestTC3(req, []byte("ignored"), testCred, "postgres", signTime)
		assert.Equal(t, "GET\n/\nB=2&A=%2F1\ncontent-type:application/x-www-form-urlencoded\nhost:127.0.0.1:9000\n\ncontent-type;host\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", res.CanonicalRequest)
	})
	t.Run("AUTH-8 hashes the literal UNSIGNED-PAYLOAD", func(t *testing.T) {
		req := newClientRequest(t, http.MethodPost, "http://127.0.0.1:9000/", initBody)
		req.Header.Set(signer.HeaderContentSHA256, signer.UnsignedPayload)
		res := signer.SignRequestTC3(req, []byte(initBody), testCred, "postgres", signTime)
		assert.Equal(t, "438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96", res.HashedPayload)
	})
	t.Run("POST ignores the query", func(t *testing.T) {
		req := newClientRequest(t, http.MethodPost, "http://127.0.0.1:9000/?A=1", initBody)
		res := signer.SignRequestTC3(req, []byte(initBody), testCred, "postgres", signTime)
		assert.True(t, strings.HasPrefix(res.CanonicalRequest, "POST\n/\n\ncontent-type:"), res.CanonicalRequest)
	})
}

// TestTC3OverHTTP sends signed requests to a real net/http server, whose
// handler verifies them: the end-to-end view of r.Host and the headers.
func TestTC3OverHTTP(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		if err := verify(r, body, testSecretKey, "postgres"); err != nil {
			http.Error(w, "refused", http.StatusForbidden)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()

	for _, method := range []string{http.MethodPost, http.MethodGet} {
		t.Run(method, func(t *testing.T) {
			body := initBody
			target := srv.URL + "/"
			if method == http.MethodGet {
				body = ""
				target += "?DBInstanceIdSet.0=postgres-6fego161&AdminName=dbadmin"
			}
			req := newClientRequest(t, method, target, body)
			signer.SignRequestTC3(req, []byte(body), testCred, "postgres", time.Now(), "x-tc-action")
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode)
		})
	}
}

// TestVerifyTC3Input covers VerifyTC3 on hand-built inputs and
// Authorization values.
func TestVerifyTC3Input(t *testing.T) {
	in := signer.TC3Input{
		Method:        http.MethodPost,
		Headers:       map[string]string{"content-type": "application/json", "host": "127.0.0.1:9000"},
		SignedHeaders: []string{"content-type", "host"},
		Payload:       []byte(initBody),
		Service:       "postgres",
		Timestamp:     signTime.Unix(),
	}
	res := signer.SignTC3(testSecretID, testSecretKey, in)
	good, err := signer.ParseAuthorization(res.Authorization)
	require.NoError(t, err)
	require.NoError(t, signer.VerifyTC3(good, testSecretKey, in))

	noList := in
	noList.SignedHeaders = nil
	require.NoError(t, signer.VerifyTC3(good, testSecretKey, noList), "nil SignedHeaders falls back to the header's list")

	pre := in
	pre.HashedPayload = res.HashedPayload
	pre.Payload = nil
	require.NoError(t, signer.VerifyTC3(good, testSecretKey, pre), "a precomputed payload hash stands for the body")

	tests := []struct {
		reason string
		edit   func(a *signer.Authorization)
		want   error
	}{
		{"AUTH-2: the scope must end in tc3_request", func(a *signer.Authorization) { a.Terminator = "tc2_request" }, signer.ErrMalformedAuthorization},
		{"AUTH-2: a hand-built Authorization with another algorithm", func(a *signer.Authorization) { a.Algorithm = "HMAC-SHA1" }, signer.ErrUnsupportedAlgorithm},
		{"AUTH-5: scope date one day early", func(a *signer.Authorization) { a.Date = "2026-02-28" }, signer.ErrScopeDate},
		{"AUTH-5: scope date in another format", func(a *signer.Authorization) { a.Date = "20260301" }, signer.ErrScopeDate},
		{"AUTH-5: scope service cvm", func(a *signer.Authorization) { a.Service = "cvm" }, signer.ErrScopeService},
		{"AUTH-5: truncated signature", func(a *signer.Authorization) { a.Signature = a.Signature[:63] }, signer.ErrSignatureMismatch},
		{"AUTH-5: empty signature", func(a *signer.Authorization) { a.Signature = "" }, signer.ErrSignatureMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			a := good
			tc.edit(&a)
			err := signer.VerifyTC3(a, testSecretKey, in)
			require.ErrorIs(t, err, tc.want)
		})
	}
}

// TestErrorsHoldNoSecrets: no error of the package repeats the key, the
// computed signature or the one sent (STYLE.md rule 7, SAFE-2).
func TestErrorsHoldNoSecrets(t *testing.T) {
	in := signer.TC3Input{
		Method:        http.MethodPost,
		Headers:       map[string]string{"content-type": "application/json", "host": "127.0.0.1:9000"},
		SignedHeaders: []string{"content-type", "host"},
		Payload:       []byte(initBody),
		Service:       "postgres",
		Timestamp:     signTime.Unix(),
	}
	res := signer.SignTC3(testSecretID, testSecretKey, in)
	good, err := signer.ParseAuthorization(res.Authorization)
	require.NoError(t, err)
	const sent = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

	var errs []error
	for _, edit := range []func(a *signer.Authorization){
		func(a *signer.Authorization) { a.Signature = sent },
		func(a *signer.Authorization) { a.Terminator = "x" },
		func(a *signer.Authorization) { a.Date = "2000-01-01" },
		func(a *signer.Authorization) { a.Service = "cvm" },
		func(a *signer.Authorization) { a.Algorithm = "X" },
	} {
		a := good
		edit(&a)
		errs = append(errs, signer.VerifyTC3(a, testSecretKey, in))
	}
	for _, h := range []string{
		"HMAC-SHA1 Credential=" + testSecretID + "/2026-03-01/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + sent,
		"TC3-HMAC-SHA256 Credential=" + testSecretID + "/2026-03-01/postgres/tc3_request, SignedHeaders=content-type, Signature=" + sent,
		"TC3-HMAC-SHA256 Credential=" + testSecretID + "/2026-03-01/postgres/tc3_request, SignedHeaders=content-type;host, Signature=" + sent + " x",
		"TC3-HMAC-SHA256 Credential=" + testSecretID + ", Signature=" + sent,
		testSecretKey,
	} {
		_, err := signer.ParseAuthorization(h)
		errs = append(errs, err)
	}
	params := map[string]string{"Action": "InitDBInstances"}
	signer.SignV1(params, "GET", "127.0.0.1:9000", testCred, signTime, 1, signer.HmacSHA256)
	v1sig := params["Signature"]
	params["Action"] = "Other"
	errs = append(errs, signer.VerifyV1(testSecretKey, "GET", "127.0.0.1:9000", params))
	params["Signature"] = sent
	errs = append(errs, signer.VerifyV1(testSecretKey, "GET", "127.0.0.1:9000", params))

	for _, err := range errs {
		require.Error(t, err)
		msg := err.Error()
		for _, secret := range []string{testSecretKey, res.Signature, sent, v1sig, testSecretID} {
			assert.NotContains(t, msg, secret)
		}
		assert.True(t, isSentinel(err), "%v wraps no sentinel", err)
	}
}

func isSentinel(err error) bool {
	for _, s := range []error{signer.ErrMalformedAuthorization, signer.ErrUnsupportedAlgorithm, signer.ErrMissingSignedHeader, signer.ErrScopeDate, signer.ErrScopeService, signer.ErrSignatureMismatch} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}
