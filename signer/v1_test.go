package signer_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

func v1Params() map[string]string {
	return map[string]string{
		"Action":            "InitDBInstances",
		"Version":           "2017-03-12",
		"Region":            "ap-guangzhou",
		"DBInstanceIdSet.0": "postgres-6fego161",
		"AdminName":         "dbadmin",
		"AdminPassword":     "A8b!C2d#E4f&",
		"Charset":           "UTF8",
	}
}

// TestV1RoundTrip signs with SignV1 and verifies with VerifyV1 for both
// methods, then tampers (AUTH-V1-1, AUTH-V1-2, AUTH-V1-3).
func TestV1RoundTrip(t *testing.T) {
	for _, method := range []string{signer.HmacSHA256, signer.HmacSHA1, ""} {
		t.Run("method="+method, func(t *testing.T) {
			params := v1Params()
			cred := testCred
			cred.Token = "tok"
			sig := signer.SignV1(params, http.MethodGet, "127.0.0.1:9000", cred, signTime, 11886, method)
			assert.Equal(t, sig, params["Signature"])
			assert.Equal(t, testSecretID, params["SecretId"])
			assert.Equal(t, strconv.FormatInt(signTime.Unix(), 10), params["Timestamp"])
			assert.Equal(t, "11886", params["Nonce"])
			assert.Equal(t, "tok", params["Token"])
			sm, ok := params["SignatureMethod"]
			assert.Equal(t, method != "", ok, "SignatureMethod is omitted when not given")
			assert.Equal(t, method, sm)
			wantLen := 28 // Base64 of 20 bytes: HmacSHA1 is the default (AUTH-V1-1)
			if method == signer.HmacSHA256 {
				wantLen = 44
			}
			assert.Len(t, sig, wantLen)
			sts := signer.V1StringToSign(http.MethodGet, "127.0.0.1:9000", params)
			assert.Equal(t, sig, signer.V1Sign(testSecretKey, sts, method))

			require.NoError(t, signer.VerifyV1(testSecretKey, http.MethodGet, "127.0.0.1:9000", params))

			tamper := []struct {
				reason string
				edit   func(p map[string]string) (method, host, key string)
			}{
				{"AUTH-V1-2: a value changed", func(p map[string]string) (string, string, string) {
					p["AdminName"] = "dbadmin2"
					return http.MethodGet, "127.0.0.1:9000", testSecretKey
				}},
				{"AUTH-V1-2: a parameter added", func(p map[string]string) (string, string, string) {
					p["Language"] = "en-US"
					return http.MethodGet, "127.0.0.1:9000", testSecretKey
				}},
				{"AUTH-V1-2: a parameter removed", func(p map[string]string) (string, string, string) {
					delete(p, "Token")
					return http.MethodGet, "127.0.0.1:9000", testSecretKey
				}},
				{"AUTH-V1-2: the method is signed", func(p map[string]string) (string, string, string) {
					return http.MethodPost, "127.0.0.1:9000", testSecretKey
				}},
				{"AUTH-V1-2: the host is signed with its port", func(p map[string]string) (string, string, string) {
					return http.MethodGet, "127.0.0.1:9001", testSecretKey
				}},
				{"AUTH-V1-1: the signature method is signed and selects the hash", func(p map[string]string) (string, string, string) {
					if p["SignatureMethod"] == signer.HmacSHA256 {
						p["SignatureMethod"] = signer.HmacSHA1
					} else {
						p["SignatureMethod"] = signer.HmacSHA256
					}
					return http.MethodGet, "127.0.0.1:9000", testSecretKey
				}},
				{"AUTH-V1-3: another key", func(p map[string]string) (string, string, string) {
					return http.MethodGet, "127.0.0.1:9000", testSecretKey + "x"
				}},
				{"AUTH-V1-3: the signature changed", func(p map[string]string) (string, string, string) {
					s := []byte(p["Signature"])
					s[0] ^= 1
					p["Signature"] = string(s)
					return http.MethodGet, "127.0.0.1:9000", testSecretKey
				}},
				{"AUTH-V1-3: undecodable Base64", func(p map[string]string) (string, string, string) {
					p["Signature"] = "!!!not base64!!!"
					return http.MethodGet, "127.0.0.1:9000", testSecretKey
				}},
				{"AUTH-V1-3: no padding", func(p map[string]string) (string, string, string) {
					s := p["Signature"]
					p["Signature"] = s[:len(s)-1]
					return http.MethodGet, "127.0.0.1:9000", testSecretKey
				}},
				{"AUTH-V1-1: no signature", func(p map[string]string) (string, string, string) {
					delete(p, "Signature")
					return http.MethodGet, "127.0.0.1:9000", testSecretKey
				}},
			}
			for _, tc := range tamper {
				t.Run(tc.reason, func(t *testing.T) {
					p := maps(params)
					m, host, key := tc.edit(p)
					require.ErrorIs(t, signer.VerifyV1(key, m, host, p), signer.ErrSignatureMismatch)
				})
			}
		})
	}
}

// TestV1StringToSign pins the details of AUTH-V1-2.
func TestV1StringToSign(t *testing.T) {
	tests := []struct {
		reason string
		params map[string]string
		want   string
	}{
		{"no parameters leaves the '?'", map[string]string{}, "GEThost/?"},
		{"Signature is left out", map[string]string{"Signature": "x", "A": "1"}, "GEThost/?A=1"},
		{"byte order: upper case before lower case, '.' before digits", map[string]string{"b": "1", "B": "2", "A.1": "3", "A0": "4"}, "GEThost/?A.1=3&A0=4&B=2&b=1"},
		{"values go in raw, not URL-encoded", map[string]string{"P": "a b&c=d/+%"}, "GEThost/?P=a b&c=d/+%"},
		{"empty values stay", map[string]string{"E": ""}, "GEThost/?E="},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			assert.Equal(t, tc.want, signer.V1StringToSign("GET", "host", tc.params))
		})
	}

	many := map[string]string{}
	for i := range 100 {
		many["K"+strconv.Itoa(1000+i)] = "v"
	}
	sts := signer.V1StringToSign("POST", "h", many)
	assert.Len(t, sts, len("POSTh/?")+100*len("K1000=v")+99, "more keys than the stack buffer holds")
}

// TestSignV1KeepsGivenMethod: with signatureMethod "" a SignatureMethod
// already in params decides the hash, as VerifyV1 will read it.
func TestSignV1KeepsGivenMethod(t *testing.T) {
	params := v1Params()
	params["SignatureMethod"] = signer.HmacSHA256
	params["Signature"] = "stale"
	sig := signer.SignV1(params, http.MethodPost, "h", testCred, signTime, 1, "")
	assert.Len(t, sig, 44)
	require.NoError(t, signer.VerifyV1(testSecretKey, http.MethodPost, "h", params))
}
