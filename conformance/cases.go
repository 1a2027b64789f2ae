package conformance

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/signer"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// allCases lists the hand-written cases, area by area in contract order,
// then generated ones of each kind.
func allCases(generated int) []tcase {
	var out []tcase
	for _, area := range [][]tcase{transportCases(), authCases(), commonCases(), paramCases(), instanceCases(), rateCases(), generatedCases(generated)} {
		out = append(out, area...)
	}
	return out
}

// one is a case of one InitDBInstances request by the primary account: build
// makes the request and says what the contract accepts for it.
func one(id, title, area string, level Level, rules []string, build func(x *exec) (client.Request, expect)) tcase {
	return tcase{id: id, title: title, area: area, rules: rules, level: level, run: func(x *exec) {
		req, e := build(x)
		x.judge(x.send(x.r.c1, req, !matches(Success, e.must)), e)
	}}
}

// initReq is a valid InitDBInstances request in style for ids.
func initReq(style wire.Style, ids []string) client.Request {
	return client.Request{Style: style, Action: "InitDBInstances", Params: initParams(ids)}
}

const (
	tc3JSON = wire.StyleTC3JSON
	tc3GET  = wire.StyleTC3GET
	v1GET   = wire.StyleV1GET
	v1Form  = wire.StyleV1Form
)

// resignTC3 replaces the Authorization of a built TC3 request with one
// over the given signed headers, for the cases that need a signature the
// client would never make.
func resignTC3(r *http.Request, body []byte, cred signer.Credential, signed []string) {
	ts, _ := parseInt(r.Header.Get("X-TC-Timestamp"))
	in := signer.TC3InputFromRequest(r, body, signed, "postgres", ts)
	r.Header.Set("Authorization", signer.SignTC3(cred.SecretID, cred.SecretKey, in).Authorization)
}

// scopeSignature computes a TC3 signature with a credential scope of the
// caller's choosing (a date that is not the timestamp's, a service that is
// not postgres), which the signer never produces. It follows the published
// algorithm step by step, independently of package signer's derivation.
func scopeSignature(secretKey, date, service string, timestamp int64, hashedCanonical string) string {
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	sts := "TC3-HMAC-SHA256\n" + itoa(timestamp) + "\n" + date + "/" + service + "/tc3_request\n" + hashedCanonical
	k := mac(mac(mac([]byte("TC3"+secretKey), date), service), "tc3_request")
	return hex.EncodeToString(mac(k, sts))
}

// editQuery changes the query of a built GET request.
func editQuery(r *http.Request, edit func(q url.Values)) {
	q := r.URL.Query()
	edit(q)
	r.URL.RawQuery = q.Encode()
}

// editForm changes the form body of a built v1 POST and returns the new body.
func editForm(body []byte, edit func(q url.Values)) []byte {
	q, _ := url.ParseQuery(string(body))
	edit(q)
	return []byte(q.Encode())
}
