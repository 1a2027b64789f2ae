package signer

import (
	"net/textproto"
	"testing"

	"pgregory.net/rapid"
)

// TestAppendDate checks the UTC date of the credential scope, around a day
// change and outside four-digit years.
func TestAppendDate(t *testing.T) {
	for ts, want := range map[int64]string{
		1551113065:   "2019-02-25",
		1772409599:   "2026-03-01",
		1772409600:   "2026-03-02",
		0:            "1970-01-01",
		-1:           "1969-12-31",
		253402300800: "10000-01-01",
	} {
		if got := string(appendDate(nil, ts)); got != want {
			t.Errorf("appendDate(%d) = %s, want %s", ts, got, want)
		}
	}
}

// TestCanonicalKey checks appendCanonicalKey against net/textproto.
func TestCanonicalKey(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.StringOfN(rapid.SampledFrom([]rune("aZ-_x Tc.é1")), 0, 20, -1).Draw(t, "key")
		if got, want := string(appendCanonicalKey(nil, k)), textproto.CanonicalMIMEHeaderKey(k); got != want {
			t.Fatalf("appendCanonicalKey(%q) = %q, textproto gives %q", k, got, want)
		}
	})
}
