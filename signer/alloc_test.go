//go:build !race

package signer_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

// TestAllocations guards the allocation counts the benchmarks report: the
// signer's strings, and nothing else. (The race detector changes counts, so
// this file is left out of -race builds.)
func TestAllocations(t *testing.T) {
	in := benchTC3Input()
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() {
		signer.SignTC3(testSecretID, testSecretKey, in)
	}), 4.0, "SignTC3: canonical request, string to sign, Authorization, derived keys")

	res := signer.SignTC3(testSecretID, testSecretKey, in)
	a, err := signer.ParseAuthorization(res.Authorization)
	assert.NoError(t, err)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		if err := signer.VerifyTC3(a, testSecretKey, in); err != nil {
			t.Fatal(err)
		}
	}), "VerifyTC3")

	params := v1Params()
	signer.SignV1(params, http.MethodPost, benchHost, testCred, signTime, 1, signer.HmacSHA256)
	assert.Zero(t, testing.AllocsPerRun(100, func() {
		if err := signer.VerifyV1(testSecretKey, http.MethodPost, benchHost, params); err != nil {
			t.Fatal(err)
		}
	}), "VerifyV1")
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() {
		sink = signer.V1Sign(testSecretKey, "GET/?A=1", signer.HmacSHA256)
	}), 1.0, "V1Sign: the signature")
	assert.LessOrEqual(t, testing.AllocsPerRun(100, func() {
		sink = signer.V1StringToSign(http.MethodPost, benchHost, params)
	}), 1.0, "V1StringToSign: the string")
}
