package signer_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	postgres "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/postgres/v20170312"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

const cannedSuccess = `{"Response":{"DBInstanceIdSet":["postgres-6fego161"],"RequestId":"x"}}`

// cannedTransport answers every request with a fixed body, without a
// network; it reads the request body, as a real transport does.
type cannedTransport struct{ body []byte }

func (c cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		_, _ = io.Copy(io.Discard, r.Body)
		_ = r.Body.Close()
	}
	return cannedResponse(r, c.body), nil
}

func cannedResponse(r *http.Request, body []byte) *http.Response {
	return &http.Response{
		Status:        "200 OK",
		StatusCode:    http.StatusOK,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       r,
	}
}

// verifyingTransport verifies each request with this package, as the
// emulator would, and answers success or an AuthFailure envelope.
type verifyingTransport struct {
	t   *testing.T
	got []error
}

func (v *verifyingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(r.Body)
	require.NoError(v.t, err)
	host := r.Host
	if host == "" {
		host = r.URL.Host
	}
	if r.Header.Get("Authorization") != "" {
		err = verify(r, body, testSecretKey, "postgres")
	} else {
		values := r.URL.Query()
		if r.Method == http.MethodPost {
			values, err = url.ParseQuery(string(body))
			require.NoError(v.t, err)
		}
		params := map[string]string{}
		for k := range values {
			params[k] = values.Get(k)
		}
		err = signer.VerifyV1(testSecretKey, r.Method, host, params)
	}
	v.got = append(v.got, err)
	if err != nil {
		return cannedResponse(r, []byte(`{"Response":{"Error":{"Code":"AuthFailure.SignatureFailure","Message":"x"},"RequestId":"x"}}`)), nil
	}
	return cannedResponse(r, []byte(cannedSuccess)), nil
}

func newSDKClient(t testing.TB, signMethod, reqMethod string, unsignedPayload bool, token string, rt http.RoundTripper) *postgres.Client {
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = "postgres.tencentcloudapi.com"
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.HttpProfile.ReqMethod = reqMethod
	cpf.SignMethod = signMethod
	cpf.UnsignedPayload = unsignedPayload
	cred := common.NewTokenCredential(testSecretID, testSecretKey, token)
	client, err := postgres.NewClient(cred, "ap-guangzhou", cpf)
	require.NoError(t, err)
	client.WithHttpTransport(rt)
	return client
}

func newSDKRequest() *postgres.InitDBInstancesRequest {
	req := postgres.NewInitDBInstancesRequest()
	req.DBInstanceIdSet = common.StringPtrs([]string{"postgres-6fego161"})
	req.AdminName = common.StringPtr("dbadmin")
	req.AdminPassword = common.StringPtr("A8b!C2d#E4f&")
	req.Charset = common.StringPtr("UTF8")
	return req
}

// TestSDKInterop verifies what the official Go SDK signs: TC3 by POST and
// GET, with and without UNSIGNED-PAYLOAD (AUTH-8), and v1 with both methods.
func TestSDKInterop(t *testing.T) {
	tests := []struct {
		reason, signMethod, reqMethod string
		unsigned                      bool
		token                         string
	}{
		{"TC3 POST", signer.AlgorithmTC3, http.MethodPost, false, ""},
		{"TC3 POST with a temporary key", signer.AlgorithmTC3, http.MethodPost, false, "tok"},
		{"TC3 GET", signer.AlgorithmTC3, http.MethodGet, false, ""},
		{"AUTH-8: TC3 POST with UNSIGNED-PAYLOAD", signer.AlgorithmTC3, http.MethodPost, true, ""},
		{"v1 HmacSHA256 POST", signer.HmacSHA256, http.MethodPost, false, ""},
		{"v1 HmacSHA1 POST", signer.HmacSHA1, http.MethodPost, false, ""},
		{"v1 HmacSHA256 GET", signer.HmacSHA256, http.MethodGet, false, ""},
		{"v1 HmacSHA1 GET with a temporary key", signer.HmacSHA1, http.MethodGet, false, "tok"},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			rt := &verifyingTransport{t: t}
			client := newSDKClient(t, tc.signMethod, tc.reqMethod, tc.unsigned, tc.token, rt)
			resp, err := client.InitDBInstances(newSDKRequest())
			require.Len(t, rt.got, 1)
			require.NoError(t, rt.got[0])
			require.NoError(t, err)
			assert.Equal(t, "postgres-6fego161", *resp.Response.DBInstanceIdSet[0])
		})
	}
}

// initDBInstancesRequest is the action's JSON body.
type initDBInstancesRequest struct {
	DBInstanceIdSet []string
	AdminName       string
	AdminPassword   string
	Charset         string
}

var initRequest = initDBInstancesRequest{
	DBInstanceIdSet: []string{"postgres-6fego161"},
	AdminName:       "dbadmin",
	AdminPassword:   "A8b!C2d#E4f&",
	Charset:         "UTF8",
}

// initDBInstancesResponse is the envelope of the action's answer.
type initDBInstancesResponse struct {
	Response struct {
		DBInstanceIdSet []string
		RequestId       string
		Error           *struct{ Code, Message string }
	}
}

// TestInitBody: the benchmarks' JSON body is initBody (json.Marshal writes
// '&' as \u0026, the same JSON value).
func TestInitBody(t *testing.T) {
	b, err := json.Marshal(initRequest)
	require.NoError(t, err)
	assert.JSONEq(t, initBody, string(b))
}
