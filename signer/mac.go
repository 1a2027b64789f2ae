package signer

import (
	"crypto/sha1"
	"crypto/sha256"
)

// HMAC (RFC 2104) over the one-shot sha1.Sum and sha256.Sum256, with its
// buffers on the stack. crypto/hmac costs six allocations per key (the HMAC
// value, two hash states, two pads, the sum), and TC3 derives four keys per
// request; these helpers cost none for the message sizes the two schemes
// produce. mac_test.go checks them against crypto/hmac on random keys and
// messages. MACs are still compared with hmac.Equal.

// blockSize is the block size of SHA-1 and of SHA-256, hence the HMAC key width.
const blockSize = 64

// stackMsg is the longest message hmacSum hashes without a heap buffer; a
// string to sign of either scheme for a typical request is well below it.
const stackMsg = 1024

// macHash selects the hash function of an HMAC.
type macHash uint8

const (
	macSHA1 macHash = iota
	macSHA256
)

// macKey is an HMAC key brought to one block: zero-padded, or first hashed
// when longer than a block (RFC 2104 §2).
type macKey [blockSize]byte

// newMacKey returns the block key of prefix+key; the prefix spares the caller
// a concatenation for TC3's "TC3"+SecretKey.
func newMacKey[K ~string | ~[]byte](h macHash, prefix string, key K) (k macKey) {
	if len(prefix)+len(key) <= blockSize {
		n := copy(k[:], prefix)
		copy(k[n:], key)
		return k
	}
	long := make([]byte, 0, len(prefix)+len(key))
	long = append(long, prefix...)
	long = append(long, key...)
	if h == macSHA1 {
		s := sha1.Sum(long)
		copy(k[:], s[:])
	} else {
		s := sha256.Sum256(long)
		copy(k[:], s[:])
	}
	return k
}

// hmacSHA256 returns HMAC-SHA256(key, msg).
func hmacSHA256[M ~string | ~[]byte](k *macKey, msg M) [sha256.Size]byte {
	var stack [blockSize + stackMsg]byte
	inner := sha256.Sum256(padded(&stack, k, 0x36, msg))
	var outer [blockSize + sha256.Size]byte
	pad(outer[:blockSize], k, 0x5c)
	copy(outer[blockSize:], inner[:])
	return sha256.Sum256(outer[:])
}

// hmacSHA1 returns HMAC-SHA1(key, msg).
func hmacSHA1[M ~string | ~[]byte](k *macKey, msg M) [sha1.Size]byte {
	var stack [blockSize + stackMsg]byte
	inner := sha1.Sum(padded(&stack, k, 0x36, msg))
	var outer [blockSize + sha1.Size]byte
	pad(outer[:blockSize], k, 0x5c)
	copy(outer[blockSize:], inner[:])
	return sha1.Sum(outer[:])
}

// padded returns (key XOR p) || msg, in stack when it fits.
func padded[M ~string | ~[]byte](stack *[blockSize + stackMsg]byte, k *macKey, p byte, msg M) []byte {
	buf := stack[:]
	if n := blockSize + len(msg); n > len(stack) {
		buf = make([]byte, n)
	}
	pad(buf[:blockSize], k, p)
	n := copy(buf[blockSize:], msg)
	return buf[:blockSize+n]
}

// pad writes key XOR p into dst, which is one block long.
func pad(dst []byte, k *macKey, p byte) {
	for i, b := range k {
		dst[i] = b ^ p
	}
}
