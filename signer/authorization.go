package signer

import (
	"fmt"
	"strings"
)

// Authorization is a parsed TC3 Authorization header.
type Authorization struct {
	Algorithm, SecretID, Date, Service, Terminator string   // Terminator = "tc3_request"
	SignedHeaders                                  []string // as listed, lower-cased
	Signature                                      string
}

// ParseAuthorization parses "TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=hex".
// It is tolerant of spaces after commas, strict otherwise. Errors wrap ErrMalformedAuthorization;
// an algorithm other than TC3-HMAC-SHA256 gives ErrUnsupportedAlgorithm; a SignedHeaders list lacking
// content-type or host gives ErrMissingSignedHeader. SecretID may contain any char except '/'.
//
// Strict means: one space after the algorithm; the three fields in that
// order, each once; no empty credential part, header name or signature;
// header names are HTTP tokens; the signature holds no space or comma. The
// terminator and the scope's date and service are not checked here but by
// VerifyTC3, which knows the request. No error repeats the header, which
// holds the SecretId and the signature.
func ParseAuthorization(h string) (Authorization, error) {
	var a Authorization
	alg, rest, ok := strings.Cut(h, " ")
	if !ok || !isToken(alg) {
		return a, fmt.Errorf("%w: want an algorithm, a space and the credential", ErrMalformedAuthorization)
	}
	if alg != AlgorithmTC3 {
		return a, fmt.Errorf("%w: only %s is accepted", ErrUnsupportedAlgorithm, AlgorithmTC3)
	}
	a.Algorithm = alg

	// Split from the right: the signature and the header list cannot hold a
	// comma, the SecretId can.
	i := strings.LastIndexByte(rest, ',')
	if i < 0 {
		return a, fmt.Errorf("%w: want Credential, SignedHeaders and Signature separated by commas", ErrMalformedAuthorization)
	}
	sigField := strings.TrimLeft(rest[i+1:], " ")
	rest = rest[:i]
	i = strings.LastIndexByte(rest, ',')
	if i < 0 {
		return a, fmt.Errorf("%w: want Credential, SignedHeaders and Signature separated by commas", ErrMalformedAuthorization)
	}
	shField := strings.TrimLeft(rest[i+1:], " ")
	credField := rest[:i]

	cred, ok := strings.CutPrefix(credField, "Credential=")
	if !ok {
		return a, fmt.Errorf("%w: Credential= must follow the algorithm", ErrMalformedAuthorization)
	}
	// ID/DATE/SERVICE/TERMINATOR: the ID cannot hold '/', so split from the left.
	var parts [4]string
	for j := range 3 {
		var found bool
		parts[j], cred, found = strings.Cut(cred, "/")
		if !found {
			return a, fmt.Errorf("%w: Credential must be SecretId/Date/Service/tc3_request", ErrMalformedAuthorization)
		}
	}
	parts[3] = cred
	for _, p := range parts {
		if p == "" || strings.IndexByte(p, '/') >= 0 {
			return a, fmt.Errorf("%w: Credential must be SecretId/Date/Service/tc3_request", ErrMalformedAuthorization)
		}
	}
	a.SecretID, a.Date, a.Service, a.Terminator = parts[0], parts[1], parts[2], parts[3]
	for _, p := range parts[1:] {
		if !isToken(p) {
			return a, fmt.Errorf("%w: malformed credential scope", ErrMalformedAuthorization)
		}
	}

	list, ok := strings.CutPrefix(shField, "SignedHeaders=")
	if !ok {
		return a, fmt.Errorf("%w: SignedHeaders= must follow the credential", ErrMalformedAuthorization)
	}
	names := strings.Split(list, ";")
	var hasContentType, hasHost bool
	for j, n := range names {
		if !isToken(n) {
			return a, fmt.Errorf("%w: SignedHeaders item %d is not a header name", ErrMalformedAuthorization, j+1)
		}
		n = strings.ToLower(n)
		names[j] = n
		hasContentType = hasContentType || n == "content-type"
		hasHost = hasHost || n == "host"
	}

	sig, ok := strings.CutPrefix(sigField, "Signature=")
	if !ok {
		return a, fmt.Errorf("%w: Signature= must follow SignedHeaders", ErrMalformedAuthorization)
	}
	if sig == "" || strings.ContainsAny(sig, " \t") {
		return a, fmt.Errorf("%w: empty or malformed signature", ErrMalformedAuthorization)
	}
	if !hasContentType || !hasHost {
		return a, fmt.Errorf("%w: SignedHeaders lacks content-type or host", ErrMissingSignedHeader)
	}
	a.SignedHeaders = names
	a.Signature = sig
	return a, nil
}

// isToken reports whether s is a non-empty HTTP token (RFC 9110 §5.6.2),
// the syntax of a header name.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isTokenByte(s[i]) {
			return false
		}
	}
	return true
}

func isTokenByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
