package conformance

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// EscapedPassword is a valid password made of the characters that need
// escaping in a query and in JSON, for TRANS-4 and AUTH-V1-2.
const EscapedPassword = "Zz9+%=&?/#"

func transportCases() []tcase {
	const area = "Transport"
	var out []tcase
	for _, style := range wire.Styles() {
		out = append(out, one("TRANS-3/style/"+string(style), "a valid request in the "+string(style)+" style is served", area, MUST,
			[]string{"TRANS-3"}, func(x *exec) (client.Request, expect) {
				return initReq(style, x.ids(1)), x.ok()
			}))
	}
	for _, style := range []wire.Style{tc3GET, v1GET, v1Form} {
		out = append(out, one("TRANS-4/flattened-array/"+string(style), "DBInstanceIdSet.0, .1 … carry the array", area, MUST,
			[]string{"TRANS-4"}, func(x *exec) (client.Request, expect) {
				return initReq(style, x.ids(2)), x.ok()
			}))
	}
	for _, style := range wire.Styles() {
		out = append(out, one("TRANS-4/escaped-values/"+string(style), "values needing %XY escapes (+ % = & ? / #) arrive intact", area, MUST,
			[]string{"TRANS-4", "AUTH-V1-2"}, func(x *exec) (client.Request, expect) {
				req := initReq(style, x.ids(1))
				req.Params["AdminPassword"] = EscapedPassword
				return req, x.ok()
			}))
	}
	for _, m := range []string{"PUT", "DELETE", "PATCH"} {
		out = append(out, one("TRANS-2/method/"+m, m+" gets the envelope with UnsupportedProtocol", area, MUST,
			[]string{"TRANS-2"}, func(x *exec) (client.Request, expect) {
				req := initReq(tc3JSON, x.ids(1))
				req.Tamper = func(r *http.Request, _ []byte) []byte { r.Method = m; return nil }
				return req, accept("UnsupportedProtocol")
			}))
	}
	for _, ct := range []struct{ slug, value string }{
		{"text-plain", "text/plain"},
		{"multipart", "multipart/form-data; boundary=conform"},
		{"json-latin1", "application/json; charset=latin1"},
	} {
		out = append(out, one("TRANS-3/content-type/"+ct.slug, "a TC3 POST of type "+ct.value+" is refused", area, MUST,
			[]string{"TRANS-3"}, func(x *exec) (client.Request, expect) {
				req := initReq(tc3JSON, x.ids(1))
				req.ContentType = ct.value
				return req, accept("*").prefer("InvalidParameter")
			}))
	}
	out = append(out, one("TRANS-3/content-type/json-charset-utf8", "application/json; charset=UTF-8 is accepted", area, MUST,
		[]string{"TRANS-3"}, func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.ContentType = "application/json; charset=UTF-8"
			return req, x.ok()
		}))
	out = append(out,
		one("TRANS-5/get-over-32KiB", "a GET whose request target exceeds 32 KiB is refused", area, MUST,
			[]string{"TRANS-5"}, func(x *exec) (client.Request, expect) {
				req := initReq(v1GET, x.ids(1))
				req.Params["Padding"] = strings.Repeat("p", 33<<10)
				return req, accept("RequestSizeLimitExceeded")
			}),
		one("TRANS-5/v1-post-over-1MiB", "a v1 POST body over 1 MiB is refused", area, MUST,
			[]string{"TRANS-5"}, func(x *exec) (client.Request, expect) {
				req := initReq(v1Form, x.ids(1))
				req.Params["Padding"] = strings.Repeat("p", 1<<20)
				return req, accept("RequestSizeLimitExceeded")
			}),
		one("TRANS-5/tc3-post-over-10MiB", "a TC3 POST body over 10 MiB is refused", area, MUST,
			[]string{"TRANS-5"}, func(x *exec) (client.Request, expect) {
				params := initParams(x.ids(1))
				params["Padding"] = strings.Repeat("p", 10<<20)
				req := client.Request{Style: tc3JSON, Action: "InitDBInstances"}
				req.Body, _ = json.Marshal(params)
				return req, accept("RequestSizeLimitExceeded")
			}),
	)
	return out
}
