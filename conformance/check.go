package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/tencentdb-kit/initdb-conform/spec"
)

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// tally collects the responses that break one rule, with a few examples.
type tally struct {
	id, title string
	rules     []string
	level     Level
	checked   int
	bad       int
	examples  []string
}

func (t *tally) add(o observed, ok bool, why string) {
	t.checked++
	if ok {
		return
	}
	t.bad++
	if len(t.examples) < 3 {
		t.examples = append(t.examples, fmt.Sprintf("%s (RequestId %q): %s", o.caseID, o.resp.RequestID, why))
	}
}

func (t *tally) result() Result {
	res := Result{ID: t.id, Title: t.title, Area: "Responses", Rules: t.rules, Level: t.level, Verdict: Pass,
		Reason: fmt.Sprintf("%d responses checked", t.checked)}
	switch {
	case t.checked == 0:
		res.Verdict, res.Reason = Skip, "no response to check"
	case t.bad > 0:
		res.Verdict = Fail
		if t.level == SHOULD {
			res.Verdict = Warn
		}
		res.Reason = fmt.Sprintf("%d of %d responses break it; e.g. %s", t.bad, t.checked, strings.Join(t.examples, "; "))
	}
	return res
}

// responseChecks judges every response of the run against RESP-1..RESP-7
// and the spec's schemas, one result per rule.
func (r *runner) responseChecks() []Result {
	r.mu.Lock()
	seen := slices.Clone(r.seen)
	r.mu.Unlock()
	envelope := &tally{id: "RESP-1/envelope", title: "every body is {\"Response\": {...}} with a RequestId string", rules: []string{"RESP-1"}, level: MUST}
	errShape := &tally{id: "RESP-2/error-shape", title: "an error has non-empty Code and Message and nothing else beside RequestId", rules: []string{"RESP-2"}, level: MUST}
	okShape := &tally{id: "RESP-3/success-shape", title: "an InitDBInstances success has DBInstanceIdSet and RequestId and no Error", rules: []string{"RESP-3"}, level: MUST}
	unique := &tally{id: "RESP-4/unique", title: "RequestId differs between any two responses of the run", rules: []string{"RESP-4"}, level: MUST}
	isUUID := &tally{id: "RESP-4/uuid", title: "RequestId is a UUID", rules: []string{"RESP-4"}, level: SHOULD}
	header := &tally{id: "RESP-4/header", title: "the X-TC-RequestId header carries the RequestId", rules: []string{"RESP-4"}, level: SHOULD}
	status200 := &tally{id: "RESP-5/status-200", title: "HTTP 200 for every envelope, errors included", rules: []string{"RESP-5"}, level: SHOULD}
	no5xx := &tally{id: "RESP-5/no-5xx", title: "never a 5xx for a request the client got wrong", rules: []string{"RESP-5"}, level: MUST}
	ctype := &tally{id: "RESP-6/content-type", title: "Content-Type is application/json", rules: []string{"RESP-6"}, level: SHOULD}
	documented := &tally{id: "RESP-7/documented-codes", title: "every error code is in the action's or the common table", rules: []string{"RESP-7"}, level: MUST}
	schema := &tally{id: "RESP-1/spec-schema", title: "every response validates against spec/openapi.yaml (kin-openapi)", rules: []string{"RESP-1", "RESP-2", "RESP-3"}, level: MUST}

	known := documentedCodes()
	ids := map[string]string{}
	v := newSchemaValidator()
	for _, o := range seen {
		resp := o.resp
		ok := resp.ParseErr == nil && resp.RequestID != ""
		why := "no RequestId string"
		if resp.ParseErr != nil {
			why = resp.ParseErr.Error()
		}
		envelope.add(o, ok, why)
		if resp.Status >= 500 && o.clientFault {
			no5xx.add(o, false, fmt.Sprintf("HTTP %d", resp.Status))
		} else {
			no5xx.add(o, true, "")
		}
		if resp.ParseErr != nil {
			continue
		}
		status200.add(o, resp.Status == http.StatusOK, fmt.Sprintf("HTTP %d", resp.Status))
		mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
		ctype.add(o, mt == "application/json", fmt.Sprintf("Content-Type %q", resp.Header.Get("Content-Type")))
		if resp.RequestID != "" {
			prev, dup := ids[resp.RequestID]
			unique.add(o, !dup, "also the RequestId of "+prev)
			ids[resp.RequestID] = o.caseID
			isUUID.add(o, uuidRE.MatchString(resp.RequestID), "not a UUID")
			header.add(o, resp.Header.Get("X-TC-RequestId") == resp.RequestID, fmt.Sprintf("X-TC-RequestId header %q", resp.Header.Get("X-TC-RequestId")))
		}
		if _, isErr := resp.Envelope["Error"]; isErr {
			e, _ := resp.Envelope["Error"].(map[string]any)
			c, _ := e["Code"].(string)
			m, _ := e["Message"].(string)
			extra := false
			for k := range resp.Envelope {
				if k != "Error" && k != "RequestId" {
					extra = true
				}
			}
			errShape.add(o, c != "" && m != "" && !extra, "Code or Message missing or empty, or other fields beside Error and RequestId")
			if c != "" {
				documented.add(o, known[c], "undocumented code "+c)
			}
		} else if o.action == "InitDBInstances" {
			_, hasIDs := resp.Envelope["DBInstanceIdSet"].([]any)
			okShape.add(o, hasIDs, "no DBInstanceIdSet array")
		}
		if problems := v.validate(o); len(problems) > 0 {
			schema.add(o, false, strings.Join(problems, "; "))
		} else {
			schema.add(o, true, "")
		}
	}
	var out []Result
	for _, t := range []*tally{envelope, errShape, okShape, unique, isUUID, header, status200, no5xx, ctype, documented, schema} {
		res := t.result()
		if r.selectedID(res.ID, res.Rules) {
			out = append(out, res)
		}
	}
	return out
}

// selectedID applies --only and --skip to a result of the whole run.
func (r *runner) selectedID(id string, rules []string) bool {
	return len(r.selected([]tcase{{id: id, rules: rules}})) == 1
}

// documentedCodes is the set of codes of spec/'s x-tc-error-codes (action,
// SDK and common tables).
func documentedCodes() map[string]bool {
	out := map[string]bool{}
	all, err := spec.ErrorCodes()
	if err != nil {
		return out
	}
	for _, c := range all {
		out[c.Code] = true
	}
	return out
}

// coverage tells which documented codes the run provoked.
func (r *runner) coverage() CodeCoverage {
	r.mu.Lock()
	defer r.mu.Unlock()
	cov := CodeCoverage{Provoked: map[string]int{}, Undocumented: map[string]int{}}
	known := documentedCodes()
	for _, o := range r.seen {
		switch c := o.resp.Code; {
		case o.resp.ParseErr != nil:
		case c == "":
			cov.Successes++
		case known[c]:
			cov.Provoked[c]++
		default:
			cov.Undocumented[c]++
		}
	}
	for c := range known {
		if cov.Provoked[c] == 0 {
			cov.NeverSeen = append(cov.NeverSeen, c)
		}
	}
	sort.Strings(cov.NeverSeen)
	return cov
}

// schemaValidator checks answers against spec/: InitDBInstances answers
// through kin-openapi's response validation of the operation (status,
// content type and body), other actions' bodies against their schemas.
type schemaValidator struct {
	doc   *openapi3.T
	route *routers.Route
	err   error
}

func newSchemaValidator() *schemaValidator {
	doc, err := spec.Load()
	if err != nil {
		return &schemaValidator{err: err}
	}
	item := doc.Paths.Find("/")
	if item == nil || item.Post == nil {
		return &schemaValidator{err: errors.New("spec: no POST / operation")}
	}
	// Routers cannot match a loopback target against the spec's absolute
	// server URLs (see PITFALLS), and validation reads only these fields.
	return &schemaValidator{doc: doc, route: &routers.Route{Spec: doc, Path: "/", PathItem: item, Method: http.MethodPost, Operation: item.Post}}
}

func (v *schemaValidator) validate(o observed) []string {
	if v.err != nil {
		return []string{"the spec could not be loaded: " + v.err.Error()}
	}
	resp := o.resp
	if o.action == "InitDBInstances" {
		req, _ := http.NewRequest(http.MethodPost, "http://target/", http.NoBody)
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, Route: v.route,
				Options: &openapi3filter.Options{ExcludeRequestBody: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
			// Status and content type are judged by RESP-5 and RESP-6 at
			// their own levels (SHOULD); here only the envelope is.
			Status:  http.StatusOK,
			Header:  http.Header{"Content-Type": {"application/json"}},
			Body:    io.NopCloser(bytes.NewReader(resp.Body)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, SkipSettingDefaults: true},
		}
		if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
			return describe(err)
		}
		return nil
	}
	name := "ErrorResponse"
	if _, isErr := resp.Envelope["Error"]; !isErr {
		acts, err := spec.Actions()
		a, ok := acts[o.action]
		if err != nil || !ok {
			return nil // an action the spec does not describe: nothing to check
		}
		name = a.Response
	}
	s, err := spec.Schema(name)
	if err != nil {
		return []string{err.Error()}
	}
	var body any
	if err := json.Unmarshal(resp.Body, &body); err != nil {
		return []string{"not JSON"}
	}
	if err := s.VisitJSON(body, openapi3.MultiErrors()); err != nil {
		return describe(err)
	}
	return nil
}

// describe turns kin-openapi errors into findings built from the JSON
// pointer and the reason only: the errors' own text prints the rejected
// value, which may be a secret (PITFALLS).
func describe(err error) []string {
	var out []string
	var walk func(error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			ptr := "/" + strings.Join(se.JSONPointer(), "/")
			out = append(out, fmt.Sprintf("%s: %s", ptr, truncate(se.Reason, 160)))
			return
		}
		var re *openapi3filter.ResponseError
		if errors.As(err, &re) {
			if re.Err != nil {
				walk(re.Err)
				return
			}
			out = append(out, truncate(re.Reason, 160))
			return
		}
		out = append(out, "invalid response")
	}
	walk(err)
	slices.Sort(out)
	return slices.Compact(out)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
