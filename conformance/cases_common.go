package conformance

import (
	"net/http"
	"unicode"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

func commonCases() []tcase {
	const area = "Common parameters"
	var out []tcase
	add := func(id, title string, level Level, rules []string, build func(x *exec) (client.Request, expect)) {
		out = append(out, one(id, title, area, level, rules, build))
	}
	for _, style := range []struct {
		slug string
		s    wire.Style
	}{{"tc3", tc3JSON}, {"v1", v1GET}} {
		st := style
		add("COMMON-1/missing-action/"+st.slug, "a request without Action is refused", MUST, []string{"COMMON-1"},
			func(x *exec) (client.Request, expect) {
				req := initReq(st.s, x.ids(1))
				req.Omit = []string{"Action"}
				return req, accept("*").prefer("MissingParameter")
			})
		add("COMMON-1/unknown-action/"+st.slug, "an unknown Action is refused with InvalidAction", MUST, []string{"COMMON-1"},
			func(x *exec) (client.Request, expect) {
				req := initReq(st.s, x.ids(1))
				req.Common = map[string]string{"Action": "InitDBInstance"}
				return req, accept("InvalidAction")
			})
		add("COMMON-2/missing-version/"+st.slug, "a request without Version is refused", MUST, []string{"COMMON-2"},
			func(x *exec) (client.Request, expect) {
				req := initReq(st.s, x.ids(1))
				req.Omit = []string{"Version"}
				return req, accept("*").prefer("MissingParameter")
			})
		add("COMMON-3/missing-region/"+st.slug, "a request without Region is refused with MissingParameter", MUST, []string{"COMMON-3"},
			func(x *exec) (client.Request, expect) {
				req := initReq(st.s, x.ids(1))
				req.Omit = []string{"Region"}
				return req, accept("MissingParameter")
			})
	}
	add("COMMON-1/action-is-case-sensitive", "initdbinstances (lower case) is not an action", MUST, []string{"COMMON-1"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Common = map[string]string{"Action": "initdbinstances"}
			return req, accept("InvalidAction")
		})
	add("COMMON-2/other-version", "Version 2018-03-12 is refused", MUST, []string{"COMMON-2"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Common = map[string]string{"Version": "2018-03-12"}
			return req, accept("*").prefer("NoSuchVersion")
		})
	add("COMMON-3/unsupported-region", "a region where PostgreSQL is not offered is refused", MUST, []string{"COMMON-3"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Common = map[string]string{"Region": "ap-mars"}
			return req, accept("UnsupportedRegion")
		})
	add("COMMON-3/other-region", "another PostgreSQL region (na-ashburn) is accepted", MUST, []string{"COMMON-3"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.absentIDs(1))
			req.Common = map[string]string{"Region": "na-ashburn"}
			return req, x.ok()
		})
	add("COMMON-4/invalid-language", "Language fr-FR is refused", SHOULD, []string{"COMMON-4"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Common = map[string]string{"Language": "fr-FR"}
			return req, accept("InvalidParameterValue")
		})
	add("COMMON-4/empty-language", "an empty X-TC-Language (as the official SDK sends) is accepted", SHOULD, []string{"COMMON-4"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Header = http.Header{"X-TC-Language": {""}}
			return req, x.ok()
		})
	add("COMMON-5/request-client", "X-TC-RequestClient is accepted", SHOULD, []string{"COMMON-5"},
		func(x *exec) (client.Request, expect) {
			req := initReq(tc3JSON, x.ids(1))
			req.Common = map[string]string{"RequestClient": "conform"}
			return req, x.ok()
		})
	add("COMMON-5/v1-language", "a v1 Language parameter is accepted", SHOULD, []string{"COMMON-5", "COMMON-4"},
		func(x *exec) (client.Request, expect) {
			req := initReq(v1GET, x.ids(1))
			req.Common = map[string]string{"Language": "en-US"}
			return req, x.ok()
		})
	for _, lang := range []struct {
		code    string
		chinese bool
	}{{"en-US", false}, {"zh-CN", true}} {
		out = append(out, tcase{id: "COMMON-4/messages-" + lang.code, title: "error messages are " + map[bool]string{true: "Chinese", false: "English"}[lang.chinese] + " for Language " + lang.code,
			area: area, rules: []string{"COMMON-4"}, level: SHOULD, run: func(x *exec) {
				req := initReq(tc3JSON, x.ids(1))
				req.Params["Charset"] = "EBCDIC"
				req.Common = map[string]string{"Language": lang.code}
				resp := x.send(x.r.c1, req, true)
				if resp == nil || resp.Code == "" {
					x.judge(resp, accept("*"))
					return
				}
				x.res.Actual = resp.Code
				if hasHan(resp.Message) != lang.chinese {
					x.warnf("the message is not in the language asked for")
				}
			}})
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
