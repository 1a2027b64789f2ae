package signer

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"testing"

	"pgregory.net/rapid"
)

// TestHMACMatchesStdlib checks the stack HMAC against crypto/hmac, with
// keys on both sides of the block size and messages on both sides of the
// stack buffer.
func TestHMACMatchesStdlib(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		prefix := rapid.SampledFrom([]string{"", "TC3"}).Draw(t, "prefix")
		key := rapid.SliceOfN(rapid.Byte(), 0, 3*blockSize).Draw(t, "key")
		msg := rapid.SliceOfN(rapid.Byte(), 0, 2*stackMsg).Draw(t, "msg")
		full := append([]byte(prefix), key...)

		k256 := newMacKey(macSHA256, prefix, key)
		want := hmac.New(sha256.New, full)
		want.Write(msg)
		got := hmacSHA256(&k256, msg)
		if !hmac.Equal(got[:], want.Sum(nil)) {
			t.Fatalf("HMAC-SHA256 differs from crypto/hmac")
		}
		if got2 := hmacSHA256(&k256, string(msg)); got2 != got {
			t.Fatalf("string and []byte messages differ")
		}

		k1 := newMacKey(macSHA1, prefix, string(key))
		want = hmac.New(sha1.New, full)
		want.Write(msg)
		got1 := hmacSHA1(&k1, msg)
		if !hmac.Equal(got1[:], want.Sum(nil)) {
			t.Fatalf("HMAC-SHA1 differs from crypto/hmac")
		}
	})
}

// TestPayloadHashConstants checks the two precomputed payload hashes.
func TestPayloadHashConstants(t *testing.T) {
	for s, want := range map[string]string{"": emptyPayloadHash, UnsignedPayload: unsignedPayloadHash} {
		sum := sha256.Sum256([]byte(s))
		var got [64]byte
		const digits = "0123456789abcdef"
		for i, b := range sum {
			got[2*i], got[2*i+1] = digits[b>>4], digits[b&15]
		}
		if string(got[:]) != want {
			t.Errorf("hex(SHA256(%q)) = %s, constant says %s", s, got, want)
		}
	}
}
