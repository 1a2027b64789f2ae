package signer_test

import (
	"net/http"
	"strings"
	"testing"

	"pgregory.net/rapid"

	"github.com/tencentdb-kit/initdb-conform/signer"
)

var tokenRunes = []rune("abcXYZ019-_.!#$%&'*+^`|~")

// TestTC3SignParseVerify: whatever SignTC3 produces, ParseAuthorization reads
// back and VerifyTC3 accepts; a changed body does not verify.
func TestTC3SignParseVerify(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		secretID := rapid.StringMatching(`[^/]{1,40}`).Draw(t, "secretID")
		secretKey := rapid.String().Draw(t, "secretKey")
		service := rapid.StringOfN(rapid.SampledFrom(tokenRunes), 1, 20, -1).Draw(t, "service")
		method := rapid.SampledFrom([]string{http.MethodGet, http.MethodPost}).Draw(t, "method")
		headers := map[string]string{
			"Content-Type": rapid.String().Draw(t, "contentType"),
			"host":         rapid.String().Draw(t, "host"),
		}
		names := []string{"content-type", "Host"}
		for i, n := range rapid.SliceOfNDistinct(rapid.StringOfN(rapid.SampledFrom(tokenRunes), 1, 12, -1), 0, 10, strings.ToLower).Draw(t, "extra") {
			if l := strings.ToLower(n); l == "content-type" || l == "host" {
				continue
			}
			headers[n] = rapid.String().Draw(t, "value"+string(rune('0'+i)))
			names = append(names, n)
		}
		in := signer.TC3Input{
			Method:        method,
			Query:         rapid.String().Draw(t, "query"),
			Headers:       headers,
			SignedHeaders: names,
			Payload:       rapid.SliceOf(rapid.Byte()).Draw(t, "payload"),
			Service:       service,
			Timestamp:     rapid.Int64Range(0, 253402300799).Draw(t, "timestamp"),
		}
		res := signer.SignTC3(secretID, secretKey, in)
		a, err := signer.ParseAuthorization(res.Authorization)
		if err != nil {
			t.Fatalf("ParseAuthorization(%q): %v", res.Authorization, err)
		}
		if a.SecretID != secretID || a.Service != service || a.Signature != res.Signature {
			t.Fatalf("parsed %+v from %q", a, res.Authorization)
		}
		in.SignedHeaders = a.SignedHeaders
		if err := signer.VerifyTC3(a, secretKey, in); err != nil {
			t.Fatalf("VerifyTC3: %v", err)
		}
		if method == http.MethodPost {
			in.Payload = append(in.Payload, 'x')
			if err := signer.VerifyTC3(a, secretKey, in); err == nil {
				t.Fatalf("a changed body verified")
			}
		}
	})
}
