package client_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

var (
	cred = signer.Credential{SecretID: "AKIDclient", SecretKey: "client-key"}
	when = time.Unix(1_700_000_000, 0)
)

func newClient() *client.Client {
	return &client.Client{BaseURL: "http://127.0.0.1:9000", Credential: cred, Region: "ap-guangzhou", Now: func() time.Time { return when }}
}

var params = map[string]any{"DBInstanceIdSet": []string{"postgres-6fego161", "postgres-lnp6j617"}, "AdminName": "dbadmin"}

// Each style's request verifies with the signer as a server would see it.
func TestBuildSignsEveryStyle(t *testing.T) {
	c := newClient()
	for _, style := range wire.Styles() {
		hr, err := c.Build(context.Background(), client.Request{Style: style, Action: "InitDBInstances", Params: params})
		require.NoError(t, err, style)
		body, _ := io.ReadAll(hr.Body)
		switch style {
		case wire.StyleTC3JSON, wire.StyleTC3GET:
			a, err := signer.ParseAuthorization(hr.Header.Get("Authorization"))
			require.NoError(t, err, style)
			in := signer.TC3InputFromRequest(hr, body, a.SignedHeaders, "postgres", when.Unix())
			assert.NoError(t, signer.VerifyTC3(a, cred.SecretKey, in), style)
			assert.Equal(t, "InitDBInstances", hr.Header.Get("X-TC-Action"))
			assert.Equal(t, "2017-03-12", hr.Header.Get("X-TC-Version"))
			assert.Equal(t, "1700000000", hr.Header.Get("X-TC-Timestamp"))
		default:
			raw := hr.URL.RawQuery
			if style == wire.StyleV1Form {
				raw = string(body)
				assert.Equal(t, "application/x-www-form-urlencoded", hr.Header.Get("Content-Type"))
			}
			q, err := wire.ParseQuery(raw)
			require.NoError(t, err, style)
			assert.NoError(t, signer.VerifyV1(cred.SecretKey, hr.Method, hr.URL.Host, q), style)
			assert.Equal(t, "postgres-lnp6j617", q["DBInstanceIdSet.1"], "TRANS-4")
			assert.Equal(t, "HmacSHA256", q["SignatureMethod"])
		}
	}
}

// Overrides apply before signing (the request still verifies) except the
// timestamp and token, which are set after it on purpose.
func TestOverridesAndOmissions(t *testing.T) {
	c := newClient()
	hr, err := c.Build(context.Background(), client.Request{Style: wire.StyleTC3JSON, Action: "InitDBInstances", Params: params,
		Common: map[string]string{"Region": "ap-mars", "Timestamp": "soon"}, Omit: []string{"Version"}})
	require.NoError(t, err)
	assert.Equal(t, "ap-mars", hr.Header.Get("X-TC-Region"))
	assert.Equal(t, "soon", hr.Header.Get("X-TC-Timestamp"))
	assert.Empty(t, hr.Header.Values("X-TC-Version"))

	hr, err = c.Build(context.Background(), client.Request{Style: wire.StyleV1GET, Action: "InitDBInstances", Params: params, Omit: []string{"Nonce"}})
	require.NoError(t, err)
	q, _ := wire.ParseQuery(hr.URL.RawQuery)
	_, hasNonce := q["Nonce"]
	assert.False(t, hasNonce)
	assert.NoError(t, signer.VerifyV1(cred.SecretKey, "GET", hr.URL.Host, q), "omitted before signing")
}

func TestNoncesDiffer(t *testing.T) {
	c := newClient()
	seen := map[string]bool{}
	for i := 0; i < 50; i++ {
		hr, err := c.Build(context.Background(), client.Request{Style: wire.StyleV1GET, Action: "DescribeDBInstances"})
		require.NoError(t, err)
		n := hr.URL.Query().Get("Nonce")
		assert.False(t, seen[n], "AUTH-V1-4: a nonce is never reused")
		seen[n] = true
	}
}

func TestSendParsesTheEnvelope(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"Response":{"Error":{"Code":"InvalidAction","Message":"no"},"RequestId":"r-1"}}`)
	}))
	defer srv.Close()
	c := newClient()
	c.BaseURL = srv.URL
	resp, err := c.Send(context.Background(), client.Request{Style: wire.StyleTC3JSON, Action: "X"})
	require.NoError(t, err)
	assert.Equal(t, "InvalidAction", resp.Code)
	assert.Equal(t, "r-1", resp.RequestID)
	assert.NoError(t, resp.ParseErr)

	bad := client.Parse(500, nil, []byte("oops"))
	assert.Error(t, bad.ParseErr)
	assert.Error(t, client.Parse(200, nil, []byte(`{"x":1}`)).ParseErr)
}

func TestIsLoopback(t *testing.T) {
	for url, want := range map[string]bool{
		"http://127.0.0.1:9000": true, "http://localhost": true, "http://[::1]:80": true,
		"https://postgres.tencentcloudapi.com": false, "http://10.0.0.1": false, "::bad": false,
	} {
		assert.Equal(t, want, client.IsLoopback(url), url)
	}
}
