package signer

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Names fixed by the two signature schemes.
const (
	// AlgorithmTC3 is the algorithm of signature v3, the first word of its
	// Authorization header and the first line of its string to sign.
	AlgorithmTC3 = "TC3-HMAC-SHA256"
	// UnsignedPayload is the value of the X-TC-Content-SHA256 header that
	// exempts the body from the signature (AUTH-8).
	UnsignedPayload = "UNSIGNED-PAYLOAD"
	// HmacSHA1 is the default v1 SignatureMethod.
	HmacSHA1 = "HmacSHA1"
	// HmacSHA256 is the v1 SignatureMethod that selects HMAC-SHA256.
	HmacSHA256 = "HmacSHA256"
)

// Fixed parts of the TC3 scheme.
const (
	// Terminator ends every TC3 credential scope.
	Terminator = "tc3_request"
	// HeaderContentSHA256 is the header that, set to UnsignedPayload,
	// switches AUTH-8 on.
	HeaderContentSHA256 = "X-TC-Content-SHA256"

	// emptyPayloadHash is hex(SHA256("")), the payload hash of every GET.
	emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	// unsignedPayloadHash is hex(SHA256("UNSIGNED-PAYLOAD")) (AUTH-8).
	unsignedPayloadHash = "438d4109ef0d676b8c2c7ed13cdfcb418e494d53b843d4634ce3b1085f07bb96"
)

// Credential is a key pair, with the session token of a temporary key.
type Credential struct{ SecretID, SecretKey, Token string }

// TC3Input is everything a TC3 signature covers.
type TC3Input struct {
	Method        string            // "GET" or "POST" (as sent, upper-case expected); any method but GET is signed as POST is
	Query         string            // raw query as sent; used only when Method == "GET"
	Headers       map[string]string // signed header name (any case) -> value as sent; must hold every name in SignedHeaders
	SignedHeaders []string          // header names; lower-cased and sorted by the signer
	Payload       []byte            // request body (ignored for GET: hashed as "")
	HashedPayload string            // if non-empty, used as is instead of hashing Payload (UNSIGNED-PAYLOAD case, or precomputed)
	Service       string            // "postgres"
	Timestamp     int64             // unix seconds
}

// TC3Result holds the signature and every intermediate, so that tests can
// check each step of the algorithm and not just the final hex.
type TC3Result struct {
	HashedPayload, CanonicalRequest, HashedCanonicalRequest, StringToSign string
	Date, CredentialScope                                                 string // "2019-02-25", "2019-02-25/cvm/tc3_request"
	SecretDate, SecretService, SecretSigning                              []byte
	Signature                                                             string // lower hex
	Authorization                                                         string // full header value
	SignedHeaders                                                         string // "content-type;host", as in CanonicalRequest and Authorization
}

// SignTC3 computes the TC3-HMAC-SHA256 signature of in with the given key
// pair, and the Authorization header that carries it. A name of
// in.SignedHeaders missing from in.Headers is signed with an empty value.
func SignTC3(secretID, secretKey string, in TC3Input) TC3Result {
	var hstack [8]tc3Header
	r := in.request(hstack[:0])
	return signTC3(secretID, secretKey, &r)
}

// request brings in to canonical form, its headers appended to hdrs.
func (in *TC3Input) request(hdrs []tc3Header) tc3Request {
	return tc3Request{
		method:        in.Method,
		query:         in.Query,
		headers:       headersFromMap(hdrs, in.SignedHeaders, in.Headers),
		payload:       in.Payload,
		hashedPayload: in.HashedPayload,
		service:       in.Service,
		timestamp:     in.Timestamp,
	}
}

// tc3Header is one signed header, its name lower-cased and trimmed.
type tc3Header struct{ name, value string }

// headersFromMap appends to dst the signed headers of names with their values
// from m, sorted by name.
func headersFromMap(dst []tc3Header, names []string, m map[string]string) []tc3Header {
	for _, n := range names {
		dst = append(dst, tc3Header{name: canonicalName(n), value: mapValue(m, n)})
	}
	sortHeaders(dst)
	return dst
}

// mapValue looks name up in m, in any case: first as given, then lower-cased,
// then by a case-insensitive scan.
func mapValue(m map[string]string, name string) string {
	if v, ok := m[name]; ok {
		return v
	}
	name = canonicalName(name)
	if v, ok := m[name]; ok {
		return v
	}
	for k, v := range m {
		if strings.EqualFold(strings.TrimSpace(k), name) {
			return v
		}
	}
	return ""
}

// canonicalName is a header name as it appears in CanonicalHeaders and
// SignedHeaders: trimmed and lower-cased.
func canonicalName(n string) string {
	return strings.ToLower(strings.TrimSpace(n))
}

// sortHeaders sorts by name; stable, so that both sides of a duplicated name
// agree on the order of its lines.
func sortHeaders(h []tc3Header) {
	slices.SortStableFunc(h, func(a, b tc3Header) int { return strings.Compare(a.name, b.name) })
}

// signTC3 signs sorted headers and builds every string of TC3Result. The
// strings share three allocations: HashedPayload and SignedHeaders are
// slices of CanonicalRequest, Date, CredentialScope and HashedCanonicalRequest
// of StringToSign, Signature of Authorization.
func signTC3(secretID, secretKey string, r *tc3Request) TC3Result {
	var crStack [crStackSize]byte
	var stsStack [stsStackSize]byte
	var keys tc3Keys
	out := r.compute(crStack[:0], stsStack[:0], secretKey, &keys)

	var res TC3Result
	res.CanonicalRequest = string(out.canonical)
	res.SignedHeaders = res.CanonicalRequest[out.signedHeaders[0]:out.signedHeaders[1]]
	res.HashedPayload = res.CanonicalRequest[out.signedHeaders[1]+1:]
	res.StringToSign = string(out.stringToSign)
	res.CredentialScope = res.StringToSign[out.scope[0]:out.scope[1]]
	res.Date = res.CredentialScope[:out.dateLen]
	res.HashedCanonicalRequest = res.StringToSign[out.scope[1]+1:]

	secrets := make([]byte, 3*sha256.Size)
	copy(secrets, keys.date[:])
	copy(secrets[sha256.Size:], keys.service[:])
	copy(secrets[2*sha256.Size:], keys.signing[:])
	res.SecretDate = secrets[:sha256.Size:sha256.Size]
	res.SecretService = secrets[sha256.Size : 2*sha256.Size : 2*sha256.Size]
	res.SecretSigning = secrets[2*sha256.Size:]

	const (
		credPrefix = AlgorithmTC3 + " Credential="
		shPrefix   = ", SignedHeaders="
		sigPrefix  = ", Signature="
	)
	var sigHex [2 * sha256.Size]byte
	hex.Encode(sigHex[:], out.signature[:])
	var b strings.Builder
	b.Grow(len(credPrefix) + len(secretID) + 1 + len(res.CredentialScope) + len(shPrefix) + len(res.SignedHeaders) + len(sigPrefix) + len(sigHex))
	b.WriteString(credPrefix)
	b.WriteString(secretID)
	b.WriteByte('/')
	b.WriteString(res.CredentialScope)
	b.WriteString(shPrefix)
	b.WriteString(res.SignedHeaders)
	b.WriteString(sigPrefix)
	b.Write(sigHex[:])
	res.Authorization = b.String()
	res.Signature = res.Authorization[len(res.Authorization)-len(sigHex):]
	return res
}

// Stack buffer sizes for the canonical request and the string to sign. They
// hold a typical request's; a longer one (a GET with a long query) spills to
// the heap.
const (
	crStackSize  = 1024
	stsStackSize = 256
)

// tc3Request is a TC3Input brought to canonical form: headers lower-cased,
// trimmed and sorted.
type tc3Request struct {
	method, query string
	headers       []tc3Header
	payload       []byte
	hashedPayload string // "" to hash payload
	service       string
	timestamp     int64
}

// tc3Keys are the keys derived for one signature.
type tc3Keys struct{ date, service, signing [sha256.Size]byte }

// tc3Output is a signature with its canonical request and string to sign,
// which live in the buffers given to compute.
type tc3Output struct {
	canonical     []byte
	signedHeaders [2]int // bounds of SignedHeaders in canonical
	stringToSign  []byte
	scope         [2]int // bounds of the credential scope in stringToSign
	dateLen       int
	signature     [sha256.Size]byte
}

// compute signs r with secretKey. It builds the canonical request in crBuf
// and the string to sign in stsBuf when their capacity suffices; keys, if
// not nil, receives the derived keys.
func (r *tc3Request) compute(crBuf, stsBuf []byte, secretKey string, keys *tc3Keys) (out tc3Output) {
	// 1. Canonical request.
	method, query, hashedPayload := r.method, r.query, r.hashedPayload
	var hp [2 * sha256.Size]byte
	switch {
	case hashedPayload != "":
	case method == http.MethodGet:
		hashedPayload = emptyPayloadHash
	default:
		sum := sha256.Sum256(r.payload)
		hex.Encode(hp[:], sum[:])
	}
	if method != http.MethodGet {
		query = ""
	}
	hpLen := len(hp)
	if hashedPayload != "" {
		hpLen = len(hashedPayload)
	}
	size := len(method) + 3 + len(query) + 2 + hpLen
	for _, h := range r.headers {
		size += 2*len(h.name) + len(h.value) + 3
	}
	cr := crBuf[:0]
	if size > cap(crBuf) {
		cr = make([]byte, 0, size)
	}
	cr = append(cr, method...)
	cr = append(cr, "\n/\n"...)
	cr = append(cr, query...)
	cr = append(cr, '\n')
	for _, h := range r.headers {
		cr = append(cr, h.name...)
		cr = append(cr, ':')
		cr = appendLowerTrimmed(cr, h.value)
		cr = append(cr, '\n')
	}
	cr = append(cr, '\n')
	out.signedHeaders[0] = len(cr)
	for i, h := range r.headers {
		if i > 0 {
			cr = append(cr, ';')
		}
		cr = append(cr, h.name...)
	}
	out.signedHeaders[1] = len(cr)
	cr = append(cr, '\n')
	if hashedPayload != "" {
		cr = append(cr, hashedPayload...)
	} else {
		cr = append(cr, hp[:]...)
	}
	out.canonical = cr

	// 2. String to sign.
	hcr := sha256.Sum256(cr)
	sts := stsBuf[:0]
	if n := len(AlgorithmTC3) + 22 + 11 + len(r.service) + len(Terminator) + 3 + 2*len(hcr); n > cap(stsBuf) {
		sts = make([]byte, 0, n)
	}
	sts = append(sts, AlgorithmTC3...)
	sts = append(sts, '\n')
	sts = strconv.AppendInt(sts, r.timestamp, 10)
	sts = append(sts, '\n')
	out.scope[0] = len(sts)
	sts = appendDate(sts, r.timestamp)
	out.dateLen = len(sts) - out.scope[0]
	date := sts[out.scope[0]:]
	sts = append(sts, '/')
	sts = append(sts, r.service...)
	sts = append(sts, "/"+Terminator...)
	out.scope[1] = len(sts)
	sts = append(sts, '\n')
	sts = hex.AppendEncode(sts, hcr[:])
	out.stringToSign = sts

	// 3. Signature.
	var sk tc3Keys
	k := newMacKey(macSHA256, "TC3", secretKey)
	sk.date = hmacSHA256(&k, date)
	k = newMacKey(macSHA256, "", sk.date[:])
	sk.service = hmacSHA256(&k, r.service)
	k = newMacKey(macSHA256, "", sk.service[:])
	sk.signing = hmacSHA256(&k, Terminator)
	k = newMacKey(macSHA256, "", sk.signing[:])
	out.signature = hmacSHA256(&k, sts)
	if keys != nil {
		*keys = sk
	}
	return out
}

// appendLowerRunes appends v with each UTF-8 character lower-cased and every
// byte that is not part of one copied as is, so that two different values
// never sign alike (strings.ToLower would turn each such byte into U+FFFD,
// and a changed signed header would go unnoticed: AUTH-5).
func appendLowerRunes(dst []byte, v string) []byte {
	for len(v) > 0 {
		r, n := utf8.DecodeRuneInString(v)
		if r == utf8.RuneError && n == 1 {
			dst = append(dst, v[0])
		} else {
			dst = utf8.AppendRune(dst, unicode.ToLower(r))
		}
		v = v[n:]
	}
	return dst
}

// appendLowerTrimmed appends v trimmed and lower-cased, as CanonicalHeaders
// wants (AUTH-1); ASCII is lowered in place, anything else by
// appendLowerRunes.
func appendLowerTrimmed(dst []byte, v string) []byte {
	v = strings.TrimSpace(v)
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= utf8.RuneSelf {
			return appendLowerRunes(dst, v[i:])
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// appendDate appends the UTC date of unix time ts as YYYY-MM-DD.
func appendDate(dst []byte, ts int64) []byte {
	t := time.Unix(ts, 0).UTC()
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(dst, time.DateOnly)
	}
	return append(dst,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+d/10), byte('0'+d%10))
}
