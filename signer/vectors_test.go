package signer_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

// vectorFile is the layout of testdata/tc3.json and testdata/v1.json. It is
// decoded with DisallowUnknownFields, and every key of Expected must be one
// the test checks, so that a field added to the vectors cannot be skipped
// silently.
type vectorFile[In any] struct {
	Note  string `json:"note"`
	Cases []struct {
		Name            string            `json:"name"`
		Source          string            `json:"source"`
		PublishedFields []string          `json:"published_fields"`
		Inputs          In                `json:"inputs"`
		Expected        map[string]string `json:"expected"`
	} `json:"cases"`
}

type tc3Inputs struct {
	SecretID      string            `json:"secret_id"`
	SecretKey     string            `json:"secret_key"`
	Timestamp     int64             `json:"timestamp"`
	Service       string            `json:"service"`
	Method        string            `json:"method"`
	Query         string            `json:"query"`
	Headers       map[string]string `json:"headers"`
	SignedHeaders string            `json:"signed_headers"`
	Payload       string            `json:"payload"`
}

type v1Inputs struct {
	Method          string            `json:"method"`
	Host            string            `json:"host"`
	Params          map[string]string `json:"params"`
	SecretKey       string            `json:"secret_key"`
	StringToSign    string            `json:"string_to_sign"`
	SignatureMethod string            `json:"signature_method"`
}

func loadVectors[In any](t *testing.T, path string) vectorFile[In] {
	t.Helper()
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	var f vectorFile[In]
	require.NoError(t, dec.Decode(&f), "%s: unknown or mistyped field", path)
	require.NotEmpty(t, f.Cases, "%s has no cases", path)
	for _, c := range f.Cases {
		for _, p := range c.PublishedFields {
			require.Contains(t, c.Expected, p, "%s: published field %q has no expected value", c.Name, p)
		}
	}
	return f
}

// TestTC3Vectors checks every intermediate of SignTC3 against the published
// TC3 vectors (CONTRACT.md §2.1).
func TestTC3Vectors(t *testing.T) {
	f := loadVectors[tc3Inputs](t, "testdata/tc3.json")
	for _, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			in := c.Inputs
			input := signer.TC3Input{
				Method:        in.Method,
				Query:         in.Query,
				Headers:       in.Headers,
				SignedHeaders: strings.Split(in.SignedHeaders, ";"),
				Payload:       []byte(in.Payload),
				Service:       in.Service,
				Timestamp:     in.Timestamp,
			}
			got := signer.SignTC3(in.SecretID, in.SecretKey, input)
			fields := map[string]string{
				"hashed_payload":           got.HashedPayload,
				"canonical_request":        got.CanonicalRequest,
				"hashed_canonical_request": got.HashedCanonicalRequest,
				"string_to_sign":           got.StringToSign,
				"secret_date":              hex.EncodeToString(got.SecretDate),
				"secret_service":           hex.EncodeToString(got.SecretService),
				"secret_signing":           hex.EncodeToString(got.SecretSigning),
				"signature":                got.Signature,
				"authorization":            got.Authorization,
			}
			checkExpected(t, c.Expected, fields)
			assert.Equal(t, in.SignedHeaders, got.SignedHeaders)

			// The published header verifies against the same input.
			a, err := signer.ParseAuthorization(c.Expected["authorization"])
			require.NoError(t, err)
			assert.Equal(t, in.SecretID, a.SecretID)
			require.NoError(t, signer.VerifyTC3(a, in.SecretKey, input))

			// Signed-header names and map keys in any case give the same signature.
			upper := input
			upper.Headers = map[string]string{}
			for k, v := range in.Headers {
				upper.Headers[strings.ToUpper(k)] = v
			}
			upper.SignedHeaders = slices.Clone(input.SignedHeaders)
			slices.Reverse(upper.SignedHeaders)
			upper.SignedHeaders[0] = strings.ToUpper(upper.SignedHeaders[0])
			assert.Equal(t, got.Authorization, signer.SignTC3(in.SecretID, in.SecretKey, upper).Authorization)
		})
	}
}

// TestV1Vectors checks V1StringToSign, V1Sign and VerifyV1 against the
// published v1 vectors (CONTRACT.md §2.2).
func TestV1Vectors(t *testing.T) {
	f := loadVectors[v1Inputs](t, "testdata/v1.json")
	for _, c := range f.Cases {
		t.Run(c.Name, func(t *testing.T) {
			in := c.Inputs
			fields := map[string]string{}
			sts := in.StringToSign
			if in.Params != nil {
				sts = signer.V1StringToSign(in.Method, in.Host, in.Params)
				fields["string_to_sign"] = sts
			} else {
				require.NotEmpty(t, sts, "a case without params must give string_to_sign as input")
			}
			sig := signer.V1Sign(in.SecretKey, sts, in.SignatureMethod)
			fields["signature"] = sig
			fields["signature_urlencoded"] = url.QueryEscape(sig)
			checkExpected(t, c.Expected, fields)

			if in.Params != nil {
				// VerifyV1 reads the method from the parameters, as a server does.
				params := maps(in.Params)
				if in.SignatureMethod != signer.HmacSHA1 {
					params["SignatureMethod"] = in.SignatureMethod
				}
				params["Signature"] = c.Expected["signature"]
				require.NoError(t, signer.VerifyV1(in.SecretKey, in.Method, in.Host, params))
			}
		})
	}
}

// checkExpected compares every expected field with the computed one, and
// fails on an expected field the test does not compute.
func checkExpected(t *testing.T, expected, got map[string]string) {
	t.Helper()
	for name, want := range expected {
		g, ok := got[name]
		if !assert.True(t, ok, "expected field %q is not checked by this test: teach the test about it", name) {
			continue
		}
		assert.Equal(t, want, g, "field %s", name)
	}
}

func maps(m map[string]string) map[string]string {
	c := make(map[string]string, len(m)+2)
	for k, v := range m {
		c[k] = v
	}
	return c
}
