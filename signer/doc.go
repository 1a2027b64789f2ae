// Package signer signs and verifies Tencent Cloud API 3.0 requests, with
// signature v3 (TC3-HMAC-SHA256) and signature v1 (HmacSHA1, HmacSHA256).
//
// The conformance suite's client signs with it and the emulator verifies
// with it. It implements CONTRACT.md §2: the TC3 algorithm of §2.1 with
// AUTH-1 (content-type and host always signed; header values lower-cased
// and trimmed; host as sent, port included), the Authorization syntax and
// refusals of AUTH-2, the scope and signature checks of AUTH-5, and the
// UNSIGNED-PAYLOAD option of AUTH-8; and the v1 string to sign and
// signature of AUTH-V1-1 (method selection) and AUTH-V1-2.
//
// Everything that varies is a parameter: the credential, the service, the
// time, the payload hash. Nothing reads a clock or an environment variable,
// and the package holds no mutable state. SignTC3 hands back every
// intermediate (canonical request, string to sign, derived keys), so tests
// check each step against the published vectors in testdata. MACs are
// compared with hmac.Equal, and no error message holds a key, a token or a
// signature.
//
// # Signing
//
// A client builds its request, sets Content-Type and any X-TC-* headers,
// and calls SignRequestTC3, which adds X-TC-Timestamp, X-TC-Token and
// Authorization:
//
//	req, _ := http.NewRequest("POST", "https://postgres.tencentcloudapi.com/", bytes.NewReader(body))
//	req.Header.Set("Content-Type", "application/json")
//	req.Header.Set("X-TC-Action", "InitDBInstances")
//	signer.SignRequestTC3(req, body, cred, "postgres", time.Now())
//
// SignV1 does the same for a v1 parameter map.
//
// # Verifying
//
// A server checks in the order of AUTH-7, and only the first and the last
// steps are this package's:
//
//  1. Parse the Authorization header with ParseAuthorization (AUTH-2).
//  2. Look up the SecretId of the parsed header (AUTH-3): the caller's key store.
//  3. Check X-TC-Token against that key (AUTH-6): the caller's.
//  4. Check X-TC-Timestamp against the server clock, ±300 s (AUTH-4): the caller's.
//  5. Build the input with TC3InputFromRequest, from the body the caller
//     has read within its size limit, and call VerifyTC3 with the key
//     (AUTH-5, AUTH-8).
//
// For v1, steps 2 to 4 (and the replay check of AUTH-V1-4) are likewise the
// caller's; VerifyV1 is step 5.
package signer
