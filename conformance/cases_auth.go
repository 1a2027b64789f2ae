package conformance

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/signer"
)

// unknownCredential is a key no target knows.
var unknownCredential = signer.Credential{SecretID: "AKIDconformUnknownKey0000000000000000", SecretKey: "conformUnknownSecretKey000000000"}

func authCases() []tcase {
	const area = "Authentication"
	var out []tcase
	add := func(id, title string, level Level, rules []string, build func(x *exec) (client.Request, expect)) {
		out = append(out, one(id, title, area, level, rules, build))
	}
	wrongKey := func(x *exec) *signer.Credential {
		c := x.r.o.Credential
		c.SecretKey = "wrong" + c.SecretKey
		return &c
	}
	past := func(x *exec) time.Time { return x.r.o.Now().Add(-301 * time.Second) }

	add("AUTH-1/extra-signed-header", "x-tc-action may be signed beside content-type and host", MUST, []string{"AUTH-1"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.SignHeaders = []string{"X-TC-Action"}
			return req, x.ok()
		})
	add("AUTH-2/unsigned", "a request with no Authorization and no Signature is refused", MUST, []string{"AUTH-2", "TRANS-3"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Tamper = func(r *http.Request, _ []byte) []byte { r.Header.Del("Authorization"); return nil }
			return req, accept("AuthFailure.*", "MissingParameter").prefer("AuthFailure.InvalidAuthorization")
		})
	for _, tc := range []struct {
		slug, title string
		edit        func(string) string
	}{
		{"garbage", "an unparsable Authorization", func(string) string { return "garbage" }},
		{"other-algorithm", "an algorithm other than TC3-HMAC-SHA256", func(a string) string { return strings.Replace(a, "TC3-HMAC-SHA256", "TC3-HMAC-SHA1", 1) }},
		{"no-signature", "an Authorization without its Signature", func(a string) string { return a[:strings.Index(a, ", Signature=")] }},
	} {
		add("AUTH-2/"+tc.slug, tc.title+" is refused", MUST, []string{"AUTH-2"}, func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Tamper = func(r *http.Request, _ []byte) []byte {
				r.Header.Set("Authorization", tc.edit(r.Header.Get("Authorization")))
				return nil
			}
			return req, accept("AuthFailure.*").prefer("AuthFailure.InvalidAuthorization")
		})
	}
	for _, tc := range []struct {
		slug   string
		signed []string
	}{
		{"signed-headers-lack-host", []string{"content-type"}},
		{"signed-headers-lack-content-type", []string{"host"}},
	} {
		add("AUTH-2/"+tc.slug, "a SignedHeaders list without "+strings.TrimPrefix(tc.slug, "signed-headers-lack-")+" is refused, even correctly signed", MUST, []string{"AUTH-2", "AUTH-1"},
			func(x *exec) (client.Request, expect) {
				req := initReq(tc3JSON, x.ids(1))
				cred := x.r.o.Credential
				req.Tamper = func(r *http.Request, body []byte) []byte { resignTC3(r, body, cred, tc.signed); return nil }
				return req, accept("AuthFailure.*").prefer("AuthFailure.InvalidAuthorization")
			})
	}
	add("AUTH-3/unknown-secret-id", "an unknown SecretId is refused", MUST, []string{"AUTH-3"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Credential = &unknownCredential
			return req, accept("AuthFailure.SecretIdNotFound", "AuthFailure.InvalidSecretId").prefer("AuthFailure.SecretIdNotFound")
		})
	add("AUTH-4/301s-old", "a timestamp 301 s in the past is refused", MUST, []string{"AUTH-4"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Time = past(x)
			return req, accept("AuthFailure.SignatureExpire")
		})
	add("AUTH-4/301s-ahead", "a timestamp 301 s in the future is refused", MUST, []string{"AUTH-4"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Time = x.r.o.Now().Add(301 * time.Second)
			return req, accept("AuthFailure.SignatureExpire")
		})
	add("AUTH-4/240s-old", "a timestamp 240 s in the past is inside the window", MUST, []string{"AUTH-4"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Time = x.r.o.Now().Add(-240 * time.Second)
			return req, x.ok()
		})
	add("AUTH-4/missing-timestamp", "a request without X-TC-Timestamp is refused", MUST, []string{"AUTH-4"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Omit = []string{"Timestamp"}
			return req, accept("*").prefer("MissingParameter", "InvalidParameter")
		})
	add("AUTH-4/timestamp-not-integer", "a non-integer X-TC-Timestamp is refused", MUST, []string{"AUTH-4"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Common = map[string]string{"Timestamp": "soon"}
			return req, accept("*").prefer("MissingParameter", "InvalidParameter")
		})
	add("AUTH-5/wrong-key", "a signature made with another key is refused", MUST, []string{"AUTH-5"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Credential = wrongKey(x)
			return req, accept("AuthFailure.SignatureFailure")
		})
	add("AUTH-5/body-changed", "a body changed after signing is refused", MUST, []string{"AUTH-5"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Tamper = func(_ *http.Request, body []byte) []byte {
				return []byte(strings.Replace(string(body), `"dbadmin"`, `"dbadmim"`, 1))
			}
			return req, accept("AuthFailure.SignatureFailure")
		})
	add("AUTH-5/signed-header-changed", "a signed header changed after signing is refused", MUST, []string{"AUTH-5", "AUTH-1"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Tamper = func(r *http.Request, _ []byte) []byte {
				r.Header.Set("Content-Type", "application/json; charset=utf-8")
				return nil
			}
			return req, accept("AuthFailure.SignatureFailure")
		})
	add("AUTH-5/query-changed", "a TC3 GET query changed after signing is refused", MUST, []string{"AUTH-5"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3GET, x.ids(1))
			req.Tamper = func(r *http.Request, _ []byte) []byte {
				editQuery(r, func(q url.Values) { q.Set("AdminName", "dbadmim") })
				return nil
			}
			return req, accept("AuthFailure.SignatureFailure")
		})
	for _, tc := range []struct {
		slug, title string
		date        func(time.Time) string
		service     string
	}{
		{"scope-date", "a credential scope dated the day before the timestamp", func(t time.Time) string { return t.UTC().Add(-24 * time.Hour).Format("2006-01-02") }, "postgres"},
		{"scope-service", "a credential scope for service cvm", func(t time.Time) string { return t.UTC().Format("2006-01-02") }, "cvm"},
	} {
		add("AUTH-5/"+tc.slug, tc.title+", signed consistently with it, is refused", MUST, []string{"AUTH-5"},
			func(x *exec) (client.Request, expect) {
				req := initReq(tc3JSON, x.ids(1))
				cred := x.r.o.Credential
				req.Tamper = func(r *http.Request, body []byte) []byte {
					ts, _ := parseInt(r.Header.Get("X-TC-Timestamp"))
					in := signer.TC3InputFromRequest(r, body, []string{"content-type", "host"}, tc.service, ts)
					res := signer.SignTC3(cred.SecretID, cred.SecretKey, in)
					date := tc.date(time.Unix(ts, 0))
					sig := scopeSignature(cred.SecretKey, date, tc.service, ts, res.HashedCanonicalRequest)
					r.Header.Set("Authorization", "TC3-HMAC-SHA256 Credential="+cred.SecretID+"/"+date+"/"+tc.service+"/tc3_request, SignedHeaders=content-type;host, Signature="+sig)
					return nil
				}
				return req, accept("AuthFailure.SignatureFailure")
			})
	}
	add("AUTH-6/token-for-permanent-key", "an X-TC-Token sent with a key that needs none is refused", SHOULD, []string{"AUTH-6"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			if x.r.o.Credential.Token != "" {
				x.skipf("the suite's key is a temporary one")
			}
			req.Header = http.Header{"X-TC-Token": {"conform-unexpected-token"}}
			return req, accept("AuthFailure.TokenFailure")
		})
	for _, tc := range []struct {
		slug, title string
		build       func(x *exec, req *client.Request)
		want        expect
	}{
		{"secret-id-before-timestamp", "an unknown SecretId with an expired timestamp is reported as the unknown SecretId",
			func(x *exec, req *client.Request) { req.Credential = &unknownCredential; req.Time = past(x) },
			accept("AuthFailure.SecretIdNotFound", "AuthFailure.InvalidSecretId")},
		{"token-before-timestamp", "a stray token with an expired timestamp is reported as the token",
			func(x *exec, req *client.Request) {
				req.Header = http.Header{"X-TC-Token": {"conform-unexpected-token"}}
				req.Time = past(x)
			},
			accept("AuthFailure.TokenFailure")},
		{"timestamp-before-signature", "an expired timestamp with a wrong key is reported as expired",
			func(x *exec, req *client.Request) { req.Credential = wrongKey(x); req.Time = past(x) },
			accept("AuthFailure.SignatureExpire")},
	} {
		add("AUTH-7/"+tc.slug, tc.title, SHOULD, []string{"AUTH-7"}, func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			tc.build(x, &req)
			return req, tc.want
		})
	}
	add("AUTH-8/unsigned-payload", "with X-TC-Content-SHA256: UNSIGNED-PAYLOAD the body is not signed", SHOULD, []string{"AUTH-8", "COMMON-5"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Header = http.Header{"X-TC-Content-SHA256": {"UNSIGNED-PAYLOAD"}}
			return req, x.ok()
		})
	add("AUTH-8/other-value-ignored", "another X-TC-Content-SHA256 value is ignored: the body is signed", SHOULD, []string{"AUTH-8"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Header = http.Header{"X-TC-Content-SHA256": {"conform"}}
			return req, x.ok()
		})

	// v1.
	for _, name := range []string{"SecretId", "Timestamp", "Nonce"} {
		add("AUTH-V1-1/missing-"+strings.ToLower(name), "a v1 request without "+name+" is refused", MUST, []string{"AUTH-V1-1"},
			func(x *exec) (client.Request, expect) {
				req := initReq(v1GET, x.ids(1))
				req.Omit = []string{name}
				return req, accept("MissingParameter", "AuthFailure.*").prefer("MissingParameter")
			})
	}
	add("AUTH-V1-1/missing-signature", "a v1 request without Signature is refused as unsigned", MUST, []string{"AUTH-V1-1", "AUTH-2"},
		func(x *exec) (client.Request, expect) {
			req := initReq(v1GET, x.ids(1))
			req.Tamper = func(r *http.Request, _ []byte) []byte {
				editQuery(r, func(q url.Values) { q.Del("Signature") })
				return nil
			}
			return req, accept("MissingParameter", "AuthFailure.*").prefer("MissingParameter", "AuthFailure.InvalidAuthorization")
		})
	for _, nonce := range []string{"abc", "-1", "0"} {
		add("AUTH-V1-1/nonce-"+nonce, "a v1 Nonce of "+nonce+" (not a positive integer) is refused", MUST, []string{"AUTH-V1-1"},
			func(x *exec) (client.Request, expect) {
				req := initReq(v1GET, x.ids(1))
				req.Common = map[string]string{"Nonce": nonce}
				return req, accept("*").prefer("InvalidParameter")
			})
	}
	for _, style := range []struct {
		slug, method string
		omit         bool
	}{
		{"hmacsha1", "HmacSHA1", false}, {"hmacsha256", "HmacSHA256", false}, {"no-method-means-hmacsha1", "", true},
	} {
		add("AUTH-V1-1/"+style.slug, "a v1 request signed with "+map[bool]string{true: "HmacSHA1 and no SignatureMethod", false: style.method}[style.omit]+" is served", MUST, []string{"AUTH-V1-1", "AUTH-V1-2"},
			func(x *exec) (client.Request, expect) {
				req := initReq(v1Form, x.ids(1))
				if style.omit {
					req.Omit = []string{"SignatureMethod"}
				} else {
					req.Common = map[string]string{"SignatureMethod": style.method}
				}
				return req, x.ok()
			})
	}
	add("AUTH-V1-3/unknown-secret-id", "a v1 request with an unknown SecretId is refused", MUST, []string{"AUTH-V1-3", "AUTH-3"},
		func(x *exec) (client.Request, expect) {
			req := initReq(v1GET, x.ids(1))
			req.Credential = &unknownCredential
			return req, accept("AuthFailure.SecretIdNotFound", "AuthFailure.InvalidSecretId").prefer("AuthFailure.SecretIdNotFound")
		})
	add("AUTH-V1-3/301s-old", "a v1 timestamp 301 s in the past is refused", MUST, []string{"AUTH-V1-3", "AUTH-4"},
		func(x *exec) (client.Request, expect) {
			req := initReq(v1GET, x.ids(1))
			req.Time = past(x)
			return req, accept("AuthFailure.SignatureExpire")
		})
	add("AUTH-V1-3/wrong-key", "a v1 signature made with another key is refused", MUST, []string{"AUTH-V1-3", "AUTH-5"},
		func(x *exec) (client.Request, expect) {
			req := initReq(v1Form, x.ids(1))
			req.Credential = wrongKey(x)
			return req, accept("AuthFailure.SignatureFailure")
		})
	add("AUTH-V1-3/param-changed", "a v1 parameter changed after signing is refused", MUST, []string{"AUTH-V1-3", "AUTH-5"},
		func(x *exec) (client.Request, expect) {
			req := initReq(v1Form, x.ids(1))
			req.Tamper = func(_ *http.Request, body []byte) []byte {
				return editForm(body, func(q url.Values) { q.Set("AdminName", "dbadmim") })
			}
			return req, accept("AuthFailure.SignatureFailure")
		})
	add("AUTH-V1-3/order", "v1: an unknown SecretId with an expired timestamp is reported as the unknown SecretId", SHOULD, []string{"AUTH-V1-3", "AUTH-7"},
		func(x *exec) (client.Request, expect) {
			req := initReq(v1GET, x.ids(1))
			req.Credential = &unknownCredential
			req.Time = past(x)
			return req, accept("AuthFailure.SecretIdNotFound", "AuthFailure.InvalidSecretId")
		})
	out = append(out, tcase{id: "AUTH-V1-4/replay", title: "a v1 request sent twice with the same SecretId, Nonce and Timestamp is refused the second time",
		area: area, rules: []string{"AUTH-V1-4"}, level: SHOULD, run: func(x *exec) {
			send := x.prepare(x.r.c1, initReq(v1GET, x.ids(1)))
			x.judge(send(false), x.ok())
			if x.res.Verdict != Pass {
				x.res.Reason = "the first request was not served as expected: " + x.res.Reason
				return
			}
			x.judge(send(true), accept("AuthFailure.SignatureFailure"))
		}})
	return out
}
