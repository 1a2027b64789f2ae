package signer_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

// The benchmarks sign a typical InitDBInstances request. The SDK keeps its
// TC3 signer unexported, so the SDK* and Ours*Request* pairs compare whole
// calls: build the request, sign it, send it through the same canned
// transport and decode the answer.

const benchHost = "postgres.tencentcloudapi.com"

func benchTC3Input() signer.TC3Input {
	return signer.TC3Input{
		Method:        http.MethodPost,
		Headers:       map[string]string{"content-type": "application/json", "host": benchHost},
		SignedHeaders: []string{"content-type", "host"},
		Payload:       []byte(initBody),
		Service:       "postgres",
		Timestamp:     signTime.Unix(),
	}
}

func BenchmarkSignTC3(b *testing.B) {
	in := benchTC3Input()
	b.ReportAllocs()
	for b.Loop() {
		signer.SignTC3(testSecretID, testSecretKey, in)
	}
}

// BenchmarkVerifyTC3 is the emulator's work per request once the body is
// read: parse, build the input, verify.
func BenchmarkVerifyTC3(b *testing.B) {
	body := []byte(initBody)
	req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:9000/", bytes.NewReader(body))
	require.NoError(b, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", "InitDBInstances")
	signer.SignRequestTC3(req, body, testCred, "postgres", signTime)
	r, body := serverView(&testing.T{}, req, initBody)
	ts := signTime.Unix()
	b.ReportAllocs()
	for b.Loop() {
		a, err := signer.ParseAuthorization(r.Header.Get("Authorization"))
		if err != nil {
			b.Fatal(err)
		}
		in := signer.TC3InputFromRequest(r, body, a.SignedHeaders, "postgres", ts)
		if err := signer.VerifyTC3(a, testSecretKey, in); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignV1(b *testing.B) {
	for _, method := range []string{signer.HmacSHA256, signer.HmacSHA1} {
		b.Run(method, func(b *testing.B) {
			params := v1Params()
			b.ReportAllocs()
			for b.Loop() {
				signer.SignV1(params, http.MethodPost, benchHost, testCred, signTime, 11886, method)
			}
		})
	}
}

func BenchmarkVerifyV1(b *testing.B) {
	for _, method := range []string{signer.HmacSHA256, signer.HmacSHA1} {
		b.Run(method, func(b *testing.B) {
			params := v1Params()
			signer.SignV1(params, http.MethodPost, benchHost, testCred, signTime, 11886, method)
			b.ReportAllocs()
			for b.Loop() {
				if err := signer.VerifyV1(testSecretKey, http.MethodPost, benchHost, params); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// v1RawStringToSign is the string to sign of the v1 request the SDK sends.
var v1RawStringToSign = func() string {
	p := v1Params()
	p["Language"] = "zh-CN"
	p["RequestClient"] = "SDK_GO_1.3.214"
	signer.SignV1(p, http.MethodPost, benchHost, testCred, signTime, 11886, signer.HmacSHA256)
	return signer.V1StringToSign(http.MethodPost, benchHost, p)
}()

var sink string

func BenchmarkSDKSignV1Raw(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = common.Sign(v1RawStringToSign, testSecretKey, signer.HmacSHA256)
	}
}

func BenchmarkV1SignRaw(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sink = signer.V1Sign(testSecretKey, v1RawStringToSign, signer.HmacSHA256)
	}
}

func BenchmarkSDKRequestTC3(b *testing.B) {
	client := newSDKClient(b, signer.AlgorithmTC3, http.MethodPost, false, "", cannedTransport{[]byte(cannedSuccess)})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.InitDBInstances(newSDKRequest()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOursRequestTC3(b *testing.B) {
	client := &http.Client{Transport: cannedTransport{[]byte(cannedSuccess)}}
	b.ReportAllocs()
	for b.Loop() {
		if err := oursRequestTC3(client, testCred, time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSDKRequestV1(b *testing.B) {
	client := newSDKClient(b, signer.HmacSHA256, http.MethodPost, false, "", cannedTransport{[]byte(cannedSuccess)})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := client.InitDBInstances(newSDKRequest()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkOursRequestV1(b *testing.B) {
	client := &http.Client{Transport: cannedTransport{[]byte(cannedSuccess)}}
	b.ReportAllocs()
	var nonce int64
	for b.Loop() {
		nonce++
		if err := oursRequestV1(client, testCred, time.Now(), nonce); err != nil {
			b.Fatal(err)
		}
	}
}

// oursRequestTC3 is what the SDK's InitDBInstances does over TC3, with this
// package: marshal, build, sign, send, decode.
func oursRequestTC3(client *http.Client, cred signer.Credential, now time.Time) error {
	body, err := json.Marshal(initRequest)
	if err != nil {
		return err
	}
	req, err := http.NewRequest(http.MethodPost, "http://"+benchHost+"/", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header["Content-Type"] = []string{"application/json"}
	req.Header["X-Tc-Action"] = []string{"InitDBInstances"}
	req.Header["X-Tc-Version"] = []string{"2017-03-12"}
	req.Header["X-Tc-Region"] = []string{"ap-guangzhou"}
	req.Header["X-Tc-Language"] = []string{"zh-CN"}
	signer.SignRequestTC3(req, body, cred, "postgres", now)
	return send(client, req)
}

// oursRequestV1 is what the SDK's InitDBInstances does over v1 by POST.
func oursRequestV1(client *http.Client, cred signer.Credential, now time.Time, nonce int64) error {
	params := map[string]string{
		"Action":            "InitDBInstances",
		"Version":           "2017-03-12",
		"Region":            "ap-guangzhou",
		"Language":          "zh-CN",
		"DBInstanceIdSet.0": initRequest.DBInstanceIdSet[0],
		"AdminName":         initRequest.AdminName,
		"AdminPassword":     initRequest.AdminPassword,
		"Charset":           initRequest.Charset,
	}
	signer.SignV1(params, http.MethodPost, benchHost, cred, now, nonce, signer.HmacSHA256)
	form := make(url.Values, len(params))
	for k, v := range params {
		form[k] = []string{v}
	}
	req, err := http.NewRequest(http.MethodPost, "http://"+benchHost+"/", bytes.NewBufferString(form.Encode()))
	if err != nil {
		return err
	}
	req.Header["Content-Type"] = []string{"application/x-www-form-urlencoded"}
	return send(client, req)
}

func send(client *http.Client, req *http.Request) error {
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var out initDBInstancesResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return err
	}
	if out.Response.Error != nil {
		return errors.New("error " + out.Response.Error.Code)
	}
	if len(out.Response.DBInstanceIdSet) != 1 {
		return errors.New("bad response: " + strconv.Itoa(len(out.Response.DBInstanceIdSet)) + " ids")
	}
	return nil
}

// TestOursRequests: the benchmarks' own requests verify, so the pairs
// compare requests that a server accepts.
func TestOursRequests(t *testing.T) {
	rt := &verifyingTransport{t: t}
	client := &http.Client{Transport: rt}
	require.NoError(t, oursRequestTC3(client, testCred, time.Now()))
	require.NoError(t, oursRequestV1(client, testCred, time.Now(), 1))
	require.Len(t, rt.got, 2)
	require.NoError(t, errors.Join(rt.got...))
}
