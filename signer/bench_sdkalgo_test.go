package signer_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

// sdkTC3 transcribes the signing steps of the official Go SDK's
// sendWithSignatureV3 (tencentcloud-sdk-go common v1.3.214, client.go,
// Apache-2.0), which the SDK does not export: the signer-only baseline
// for BenchmarkSignTC3.
func sdkTC3(secID, secKey, service, host, contentType, payload, requestTimestamp string) string {
	canonicalHeaders := fmt.Sprintf("content-type:%s\nhost:%s\n", contentType, host)
	signedHeaders := "content-type;host"
	hashedRequestPayload := sdkSHA256hex(payload)
	canonicalRequest := fmt.Sprintf("%s\n%s\n%s\n%s\n%s\n%s",
		"POST", "/", "", canonicalHeaders, signedHeaders, hashedRequestPayload)
	algorithm := "TC3-HMAC-SHA256"
	timestamp, _ := strconv.ParseInt(requestTimestamp, 10, 64)
	t := time.Unix(timestamp, 0).UTC()
	date := t.Format("2006-01-02")
	credentialScope := fmt.Sprintf("%s/%s/tc3_request", date, service)
	hashedCanonicalRequest := sdkSHA256hex(canonicalRequest)
	string2sign := fmt.Sprintf("%s\n%s\n%s\n%s", algorithm, requestTimestamp, credentialScope, hashedCanonicalRequest)
	secretDate := sdkHMACSHA256(date, "TC3"+secKey)
	secretService := sdkHMACSHA256(service, secretDate)
	secretKey := sdkHMACSHA256("tc3_request", secretService)
	signature := hex.EncodeToString([]byte(sdkHMACSHA256(string2sign, secretKey)))
	return fmt.Sprintf("%s Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		algorithm, secID, credentialScope, signedHeaders, signature)
}

func sdkSHA256hex(s string) string {
	b := sha256.Sum256([]byte(s))
	return hex.EncodeToString(b[:])
}

func sdkHMACSHA256(s, key string) string {
	hashed := hmac.New(sha256.New, []byte(key))
	hashed.Write([]byte(s))
	return string(hashed.Sum(nil))
}

// TestSDKTranscription: the transcription signs as this package does, so
// the two benchmarks compare the same work.
func TestSDKTranscription(t *testing.T) {
	in := benchTC3Input()
	want := signer.SignTC3(testSecretID, testSecretKey, in).Authorization
	got := sdkTC3(testSecretID, testSecretKey, "postgres", benchHost, "application/json", initBody, strconv.FormatInt(in.Timestamp, 10))
	assert.Equal(t, want, got)
}

func BenchmarkSDKSignTC3Transcribed(b *testing.B) {
	ts := strconv.FormatInt(signTime.Unix(), 10)
	b.ReportAllocs()
	for b.Loop() {
		sink = sdkTC3(testSecretID, testSecretKey, "postgres", benchHost, "application/json", initBody, ts)
	}
}
