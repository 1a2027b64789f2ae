package signer_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

const goodSig = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"

// TestParseAuthorization covers the syntax of AUTH-2.
func TestParseAuthorization(t *testing.T) {
	good := signer.Authorization{
		Algorithm:     signer.AlgorithmTC3,
		SecretID:      "AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE",
		Date:          "2019-02-25",
		Service:       "cvm",
		Terminator:    "tc3_request",
		SignedHeaders: []string{"content-type", "host"},
		Signature:     goodSig,
	}
	with := func(edit func(a *signer.Authorization)) signer.Authorization {
		a := good
		a.SignedHeaders = append([]string(nil), good.SignedHeaders...)
		edit(&a)
		return a
	}
	tests := []struct {
		reason string
		in     string
		want   signer.Authorization
		err    error
	}{
		{
			reason: "the header as the SDKs send it",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + goodSig,
			want:   good,
		},
		{
			reason: "no space after the commas",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request,SignedHeaders=content-type;host,Signature=" + goodSig,
			want:   good,
		},
		{
			reason: "extra spaces after the commas are tolerated",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request,    SignedHeaders=content-type;host,   Signature=" + goodSig,
			want:   good,
		},
		{
			reason: "header names are lower-cased and kept in the order listed",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=X-TC-Action;Host;Content-Type, Signature=" + goodSig,
			want:   with(func(a *signer.Authorization) { a.SignedHeaders = []string{"x-tc-action", "host", "content-type"} }),
		},
		{
			reason: "a SecretId may hold any character but '/', commas and spaces included",
			in:     "TC3-HMAC-SHA256 Credential=AKID****, SignedHeaders=x y/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + goodSig,
			want:   with(func(a *signer.Authorization) { a.SecretID = "AKID****, SignedHeaders=x y" }),
		},
		{
			reason: "the terminator is checked by VerifyTC3, not by the parser",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc2_request, SignedHeaders=content-type;host, Signature=" + goodSig,
			want:   with(func(a *signer.Authorization) { a.Terminator = "tc2_request" }),
		},
		{reason: "AUTH-2: empty header", in: "", err: signer.ErrMalformedAuthorization},
		{reason: "AUTH-2: garbage", in: "garbage", err: signer.ErrMalformedAuthorization},
		{reason: "AUTH-2: garbage with a space", in: "{not a header} at all", err: signer.ErrMalformedAuthorization},
		{reason: "AUTH-2: the algorithm alone", in: "TC3-HMAC-SHA256", err: signer.ErrMalformedAuthorization},
		{reason: "AUTH-2: the algorithm and a space", in: "TC3-HMAC-SHA256 ", err: signer.ErrMalformedAuthorization},
		{
			reason: "AUTH-2: another algorithm",
			in:     "HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + goodSig,
			err:    signer.ErrUnsupportedAlgorithm,
		},
		{
			reason: "AUTH-2: the algorithm name is case-sensitive",
			in:     "tc3-hmac-sha256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + goodSig,
			err:    signer.ErrUnsupportedAlgorithm,
		},
		{reason: "AUTH-2: HTTP Basic", in: "Basic dXNlcjpwYXNz", err: signer.ErrUnsupportedAlgorithm},
		{
			reason: "AUTH-1: SignedHeaders lacks host",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;x-tc-action, Signature=" + goodSig,
			err:    signer.ErrMissingSignedHeader,
		},
		{
			reason: "AUTH-1: SignedHeaders lacks content-type",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=host, Signature=" + goodSig,
			err:    signer.ErrMissingSignedHeader,
		},
		{
			reason: "AUTH-2: empty signature",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=",
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: no Signature field",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host",
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: no SignedHeaders field",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: no Credential field",
			in:     "TC3-HMAC-SHA256 SignedHeaders=content-type;host, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: fields out of order",
			in:     "TC3-HMAC-SHA256 SignedHeaders=content-type;host, Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: a fourth field",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + goodSig + ", Extra=1",
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: credential scope without a terminator",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm, SignedHeaders=content-type;host, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: credential scope with a fifth part",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request/x, SignedHeaders=content-type;host, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: empty SecretId",
			in:     "TC3-HMAC-SHA256 Credential=/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: empty service",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25//tc3_request, SignedHeaders=content-type;host, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: two spaces after the algorithm (strict outside the commas)",
			in:     "TC3-HMAC-SHA256  Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: a space before a comma",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host , Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: a space around '='",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature= " + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: an empty header name in the list",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;;host, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: an empty list",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
		{
			reason: "AUTH-2: a list separated by commas, not semicolons",
			in:     "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type,host, Signature=" + goodSig,
			err:    signer.ErrMalformedAuthorization,
		},
	}
	for _, tc := range tests {
		t.Run(tc.reason, func(t *testing.T) {
			got, err := signer.ParseAuthorization(tc.in)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				if tc.err != signer.ErrMalformedAuthorization {
					assert.NotErrorIs(t, err, signer.ErrMalformedAuthorization)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// FuzzParseAuthorization: the parser never panics, and what it accepts has
// the shape VerifyTC3 relies on.
func FuzzParseAuthorization(f *testing.F) {
	f.Add("TC3-HMAC-SHA256 Credential=AKID/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=" + goodSig)
	f.Add("TC3-HMAC-SHA256 Credential=a,b/c/d/e,SignedHeaders=Host;Content-Type,Signature=x")
	f.Add("HMAC-SHA1 x")
	f.Add("")
	f.Fuzz(func(t *testing.T, h string) {
		a, err := signer.ParseAuthorization(h)
		if err != nil {
			if !isSentinel(err) {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		if a.Algorithm != signer.AlgorithmTC3 || a.SecretID == "" || a.Signature == "" {
			t.Fatalf("accepted %q as %+v", h, a)
		}
		for _, p := range []string{a.SecretID, a.Date, a.Service, a.Terminator} {
			if p == "" || strings.Contains(p, "/") {
				t.Fatalf("bad credential part %q in %q", p, h)
			}
		}
		var ct, host bool
		for _, n := range a.SignedHeaders {
			if n != strings.ToLower(n) || n == "" {
				t.Fatalf("bad signed header %q", n)
			}
			ct = ct || n == "content-type"
			host = host || n == "host"
		}
		if !ct || !host {
			t.Fatalf("accepted %q without content-type and host", h)
		}
	})
}
