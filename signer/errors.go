package signer

import "errors"

// Sentinel errors. Every error this package returns wraps exactly one of
// them, so a server maps it to an error code with errors.Is. No message ever
// holds a secret key, a token or a signature (STYLE.md rule 7).
var (
	// ErrMalformedAuthorization: the Authorization header cannot be parsed,
	// or its credential scope does not end in "tc3_request" (AUTH-2).
	ErrMalformedAuthorization = errors.New("signer: malformed Authorization header")

	// ErrUnsupportedAlgorithm: the Authorization header names an algorithm
	// other than TC3-HMAC-SHA256 (AUTH-2).
	ErrUnsupportedAlgorithm = errors.New("signer: unsupported signature algorithm")

	// ErrMissingSignedHeader: SignedHeaders lacks content-type or host (AUTH-1, AUTH-2).
	ErrMissingSignedHeader = errors.New("signer: content-type and host must be signed")

	// ErrScopeDate: the credential scope's date is not the UTC date of the
	// request timestamp (AUTH-5).
	ErrScopeDate = errors.New("signer: credential scope date does not match the timestamp")

	// ErrScopeService: the credential scope's service is not the one the
	// server expects (AUTH-5).
	ErrScopeService = errors.New("signer: credential scope service does not match")

	// ErrSignatureMismatch: the signature does not match the request (AUTH-5,
	// AUTH-V1-3).
	ErrSignatureMismatch = errors.New("signer: signature does not match")
)
