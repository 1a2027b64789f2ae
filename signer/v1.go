package signer

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"slices"
	"strconv"
	"time"
)

// V1StringToSign: Method + host + "/" + "?" + sorted name=value pairs except Signature.
//
// Names sort in byte order and values go in raw, not URL-encoded
// (AUTH-V1-2).
func V1StringToSign(method, host string, params map[string]string) string {
	var v v1Computation
	return string(v.stringToSign(method, host, params))
}

// V1Sign returns Base64(HMAC(key, stringToSign)), SHA-256 when method == "HmacSHA256", else SHA-1.
func V1Sign(secretKey, stringToSign, method string) string {
	sig, n := v1Signature(secretKey, stringToSign, method)
	return string(sig[:n])
}

// VerifyV1 recomputes the signature of params (method from params["SignatureMethod"]) and compares
// with params["Signature"] using hmac.Equal on the decoded bytes (or constant-time on the strings);
// ErrSignatureMismatch on mismatch (also on undecodable base64).
//
// It compares the standard Base64 strings in constant time, so a signature
// that decodes to the right MAC but is not the canonical encoding is refused
// too. httpMethod and host are as sent; the SecretId, Timestamp and Nonce
// checks of AUTH-V1-1, AUTH-3 and AUTH-4 are the caller's.
func VerifyV1(secretKey, httpMethod, host string, params map[string]string) error {
	var v v1Computation
	sts := v.stringToSign(httpMethod, host, params)
	want, n := v1Signature(secretKey, sts, params["SignatureMethod"])
	if !hmac.Equal([]byte(params["Signature"]), want[:n]) {
		return ErrSignatureMismatch
	}
	return nil
}

// SignV1 adds SecretId, Timestamp (from t), Nonce (given), SignatureMethod (given, "" = omit),
// Token (if cred.Token != ""), then Signature, to params (mutating it) and returns the signature.
//
// The hash is the one params["SignatureMethod"] names once set, as VerifyV1
// reads it: with signatureMethod "" a SignatureMethod already in params
// stands. A Signature already in params is replaced.
func SignV1(params map[string]string, httpMethod, host string, cred Credential, t time.Time, nonce int64, signatureMethod string) string {
	params["SecretId"] = cred.SecretID
	params["Timestamp"] = strconv.FormatInt(t.Unix(), 10)
	params["Nonce"] = strconv.FormatInt(nonce, 10)
	if signatureMethod != "" {
		params["SignatureMethod"] = signatureMethod
	}
	if cred.Token != "" {
		params["Token"] = cred.Token
	}
	var v v1Computation
	sts := v.stringToSign(httpMethod, host, params)
	b64, n := v1Signature(cred.SecretKey, sts, params["SignatureMethod"])
	sig := string(b64[:n])
	params["Signature"] = sig
	return sig
}

// base64Len is the padded Base64 length of the longer MAC, HMAC-SHA256.
const base64Len = (sha256.Size + 2) / 3 * 4

// v1Signature returns Base64(HMAC(key, sts)) in the first n bytes of sig.
// It returns an array, not a slice of a caller's buffer, so that the buffer
// stays on the stack wherever the caller is inlined.
func v1Signature[M ~string | ~[]byte](secretKey string, sts M, method string) (sig [base64Len]byte, n int) {
	if method == HmacSHA256 {
		k := newMacKey(macSHA256, "", secretKey)
		sum := hmacSHA256(&k, sts)
		base64.StdEncoding.Encode(sig[:], sum[:])
		return sig, base64.StdEncoding.EncodedLen(len(sum))
	}
	k := newMacKey(macSHA1, "", secretKey)
	sum := hmacSHA1(&k, sts)
	base64.StdEncoding.Encode(sig[:], sum[:])
	return sig, base64.StdEncoding.EncodedLen(len(sum))
}

// v1Computation holds the buffers of one v1 string to sign; its arrays keep
// a typical request off the heap.
type v1Computation struct {
	keyStack [32]string
	stsStack [1024]byte
}

// stringToSign builds the string to sign of AUTH-V1-2 in v's buffers.
func (v *v1Computation) stringToSign(method, host string, params map[string]string) []byte {
	keys := v.keyStack[:0]
	size := len(method) + len(host) + 2
	for k, val := range params {
		if k == "Signature" {
			continue
		}
		keys = append(keys, k)
		size += len(k) + len(val) + 2
	}
	slices.Sort(keys)
	b := v.stsStack[:0]
	if size > len(v.stsStack) {
		b = make([]byte, 0, size)
	}
	b = append(b, method...)
	b = append(b, host...)
	b = append(b, "/?"...)
	for i, k := range keys {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, k...)
		b = append(b, '=')
		b = append(b, params[k]...)
	}
	return b
}
