package conformance

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tencentdb-kit/initdb-conform/client"
)

// ValidPassword is the password of every request that is not about the
// password: the contract's valid example. Reports mask it (SAFE-2).
const ValidPassword = "A8b!C2d#E4f&"

// The codes of INST-1 (CONTRACT §5), in the order of preference.
var inst1Codes = []string{"ResourceNotFound.InstanceNotFoundError", "InvalidParameterValue.InstanceNotExist"}

// The codes of INST-2.
var inst2Codes = []string{"OperationDenied.InstanceStatusLimitOpError", "ResourceUnavailable.InvalidInstanceStatus"}

// expect is what the contract accepts for a request: must at MUST level,
// should the preferred (SHOULD) codes. A pattern is a code, "Success",
// "*" (any error), "X.*" (X or any X.sub-code) or "X*" (any code beginning
// with X).
type expect struct {
	must   []string
	should []string
}

func accept(must ...string) expect { return expect{must: must} }

func (e expect) prefer(should ...string) expect { e.should = should; return e }

func matches(code string, patterns []string) bool {
	for _, p := range patterns {
		switch {
		case p == code:
			return true
		case p == "*":
			if code != Success {
				return true
			}
		case strings.HasSuffix(p, ".*"):
			base := strings.TrimSuffix(p, ".*")
			if code == base || strings.HasPrefix(code, base+".") {
				return true
			}
		case strings.HasSuffix(p, "*"):
			if strings.HasPrefix(code, strings.TrimSuffix(p, "*")) {
				return true
			}
		}
	}
	return false
}

// exec is one case being run.
type exec struct {
	ctx     context.Context
	r       *runner
	c       tcase
	res     *Result
	absent  bool       // the case used ids that do not exist
	unpaced bool       // the rate-limit burst: sent without the pacer
	mu      sync.Mutex // guards res against the concurrent sends of one case
}

func (x *exec) set(v Verdict, reason string) {
	if v == Pass {
		return
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	x.res.Verdict = Worse(x.res.Verdict, v)
	if x.res.Reason == "" {
		x.res.Reason = reason
	} else if !strings.Contains(x.res.Reason, reason) {
		x.res.Reason += "; " + reason
	}
}

func (x *exec) errorf(format string, args ...any) { x.set(Error, fmt.Sprintf(format, args...)) }
func (x *exec) failf(format string, args ...any)  { x.set(Fail, fmt.Sprintf(format, args...)) }
func (x *exec) warnf(format string, args ...any)  { x.set(Warn, fmt.Sprintf(format, args...)) }
func (x *exec) skipf(format string, args ...any) {
	x.res.Verdict, x.res.Reason = Skip, fmt.Sprintf(format, args...)
}

// breakf records a broken rule at the case's level: fail for MUST, warn
// for SHOULD.
func (x *exec) breakf(format string, args ...any) {
	if x.c.level == SHOULD {
		x.warnf(format, args...)
	} else {
		x.failf(format, args...)
	}
}

// code is the answer's code, Success when there is no error.
func code(resp *client.Response) string {
	if resp.Code != "" {
		return resp.Code
	}
	if _, isErr := resp.Envelope["Error"]; isErr {
		return "(malformed Error)"
	}
	return Success
}

// judge compares an answer with what the contract accepts, and sets the
// verdict: pass on a preferred code, warn on a code accepted only at MUST
// level, and on anything else fail (warn for a SHOULD case).
func (x *exec) judge(resp *client.Response, e expect) {
	if resp == nil {
		return
	}
	should := e.should
	if len(should) == 0 {
		should = e.must
	}
	x.res.Expected, x.res.Preferred = e.must, should
	if resp.ParseErr != nil {
		x.res.Actual = fmt.Sprintf("HTTP %d, not the envelope", resp.Status)
		x.failf("RESP-1: the answer is not the envelope: %v", resp.ParseErr)
		return
	}
	got := code(resp)
	x.res.Actual = got
	switch {
	case matches(got, should):
		return
	case matches(got, e.must):
		x.warnf("the contract prefers %s; got %s", strings.Join(should, " or "), got)
		return
	}
	// ORDER-1: against a target that looks instances up before checking
	// parameters, a case sent with absent ids and answered with an INST-1
	// code tells nothing about the rule it was sent for.
	if x.absent && matches(got, inst1Codes) && !matches(Success, e.must) {
		x.skipf("inconclusive: answered %s for ids that do not exist; the target looks instances up before checking this rule (ORDER-1, SHOULD)", got)
		return
	}
	x.breakf("expected %s; got %s", strings.Join(e.must, " or "), got)
}

// ids returns n instance ids for a case: in emulator mode fresh instances in
// status init, created for it; otherwise (or when the target cannot create
// instances) well-formed ids that do not exist.
func (x *exec) ids(n int) []string {
	if x.r.o.Mode == ModeEmulator {
		if ids, ok := x.r.take(x, n); ok {
			return ids
		}
	}
	return x.absentIDs(n)
}

func (x *exec) absentIDs(n int) []string {
	x.absent = true
	return x.r.absentIDs(n)
}

// ok is what a valid request with the case's ids must get: success for
// real instances, an INST-1 code for absent ones.
func (x *exec) ok() expect {
	if x.absent {
		return accept(inst1Codes...).prefer(inst1Codes[0])
	}
	return accept(Success)
}

func (r *runner) absentIDs(n int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	out := make([]string, n)
	for i := range out {
		b := []byte("postgres-")
		for j := 0; j < 8; j++ {
			b = append(b, alphabet[r.rnd.IntN(len(alphabet))])
		}
		out[i] = string(b)
	}
	return out
}

// take hands out n fresh instances from the pool, creating a hundred at a
// time with CreateDBInstances (§8). It reports false when the target
// cannot create instances; the case then uses absent ids.
func (r *runner) take(x *exec, n int) ([]string, bool) {
	r.mu.Lock()
	if r.noCreate != "" {
		r.mu.Unlock()
		return nil, false
	}
	for len(r.pool) < n {
		r.mu.Unlock()
		ids, why := r.create(x, max(n, 100))
		r.mu.Lock()
		if why != "" {
			r.noCreate = why
			r.mu.Unlock()
			return nil, false
		}
		r.pool = append(r.pool, ids...)
	}
	out := slices.Clone(r.pool[:n])
	r.pool = r.pool[n:]
	r.mu.Unlock()
	return out, true
}

// create makes n instances in status init for the primary account.
func (r *runner) create(x *exec, n int) ([]string, string) {
	return r.createAs(x, r.c1, n)
}

func (r *runner) createAs(x *exec, c *client.Client, n int) ([]string, string) {
	var ids []string
	for len(ids) < n {
		count := min(n-len(ids), 100)
		resp := x.send(c, client.Request{Style: "tc3-post-json", Action: "CreateDBInstances", Params: map[string]any{
			"SpecCode": "pg.it.medium4", "Storage": 10, "InstanceCount": count, "Period": 1,
			"Zone": r.o.Region + "-1", "DBVersion": "10.4", "InstanceChargeType": "POSTPAID_BY_HOUR",
		}}, false)
		if resp == nil {
			return nil, "CreateDBInstances failed"
		}
		if resp.Code != "" {
			return nil, fmt.Sprintf("the target does not create instances (CreateDBInstances answered %s)", resp.Code)
		}
		got := stringList(resp.Envelope["DBInstanceIdSet"])
		if len(got) != count {
			return nil, fmt.Sprintf("CreateDBInstances returned %d ids for %d", len(got), count)
		}
		ids = append(ids, got...)
	}
	return ids, ""
}

func stringList(v any) []string {
	arr, _ := v.([]any)
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// initParams is a valid InitDBInstances request for ids.
func initParams(ids []string) map[string]any {
	return map[string]any{"DBInstanceIdSet": ids, "AdminName": "dbadmin", "AdminPassword": ValidPassword, "Charset": "UTF8"}
}

// with returns a copy of params with one parameter replaced (or removed,
// for a nil value given as absent{}).
func with(params map[string]any, name string, value any) map[string]any {
	out := make(map[string]any, len(params)+1)
	for k, v := range params {
		out[k] = v
	}
	if _, del := value.(absentValue); del {
		delete(out, name)
	} else {
		out[name] = value
	}
	return out
}

// absentValue removes a parameter in with.
type absentValue struct{}

var absentParam = absentValue{}

// secretForms returns the forms a secret takes on the wire: raw, inside a
// JSON string and URL-encoded, so that reports mask each of them.
func secretForms(s string) []string {
	if s == "" {
		return nil
	}
	j, _ := json.Marshal(s)
	forms := []string{s, strings.Trim(string(j), `"`), url.QueryEscape(s), strings.ReplaceAll(url.QueryEscape(s), "+", "%20")}
	slices.Sort(forms)
	return slices.Compact(forms)
}

func decodeRune(s string) (rune, int) { return utf8.DecodeRuneInString(s) }
