package conformance

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/tencentdb-kit/initdb-conform/wire"
)

// Fuzz sends generated and mutated requests to opts.Target for d, paced as
// the suite is, and reports what it finds in the suite's report format:
// a 5xx, a body that is not the envelope, an undocumented code (from the
// checks across the run), an invalid request accepted, a valid one refused.
// Three kinds of request take turns, each signed correctly so that the
// target's validation and state logic are reached:
//
//   - valid requests generated from spec/ (they must be served);
//   - requests with one generated fault (they must get the rule's codes);
//   - valid requests whose signed bytes (body or query) were changed after
//     signing (they must not succeed).
//
// Only findings become results, with one summary result per kind; each
// finding carries its seed, input and reproducer.
func Fuzz(ctx context.Context, opts Options, d time.Duration) (*Report, error) {
	if d <= 0 {
		return nil, fmt.Errorf("conformance: the fuzzing duration must be positive")
	}
	r, rep, err := begin(opts)
	if err != nil {
		return nil, err
	}
	rs, err := loadRequestSchema()
	if err != nil {
		return nil, err
	}
	valid := rs.validRequest()
	faulty := rs.faultyRequest(valid)
	type tally struct{ sent, findings int }
	kinds := []string{"valid", "fault", "mutated"}
	counts := map[string]*tally{}
	for _, k := range kinds {
		counts[k] = &tally{}
	}
	const maxFindings = 100
	start := time.Now()
	deadline := start.Add(d)
	for i := 0; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
		kind := kinds[i%len(kinds)]
		c := tcase{id: fmt.Sprintf("FUZZ/%s/%06d", kind, i), area: "Generated", level: MUST, rules: []string{"PARAM-*"}}
		c.run = func(x *exec) {
			switch kind {
			case "valid":
				x.generated(valid, i)
			case "fault":
				x.generated(faulty, i)
			default:
				x.mutated(i)
			}
		}
		res := r.runCase(ctx, c)
		counts[kind].sent++
		if res.Verdict == Pass || res.Verdict == Skip {
			continue
		}
		counts[kind].findings++
		if counts[kind].findings <= maxFindings {
			rep.Results = append(rep.Results, res)
			r.progressf("%-5s %s %s", res.Verdict, res.ID, res.Reason)
		}
	}
	for _, k := range kinds {
		t := counts[k]
		res := Result{ID: "FUZZ/" + k, Area: "Generated", Level: MUST, Rules: []string{"PARAM-*"}, Verdict: Pass,
			Title:  map[string]string{"valid": "generated valid requests are served", "fault": "generated single-fault requests get their rule's codes", "mutated": "requests changed after signing never succeed"}[k],
			Reason: fmt.Sprintf("%d requests, %d findings", t.sent, t.findings)}
		if t.findings > 0 {
			res.Verdict = Fail
		}
		if t.sent == 0 {
			res.Verdict, res.Reason = Skip, "no request of this kind was sent"
		}
		rep.Results = append(rep.Results, res)
	}
	return r.end(ctx, rep, start)
}

// mutated sends a valid request whose signed bytes were changed after
// signing: one byte of the TC3 body or query, or of a v1 parameter value.
// Whatever the change, the request must not succeed (AUTH-5, AUTH-V1-3).
func (x *exec) mutated(i int) {
	seed := x.r.seed + uint64(i)*7919
	x.res.Seed = seed
	rnd := newByteMutator(seed)
	style := wire.Styles()[i%4]
	x.res.Style = string(style)
	x.res.Rules = []string{"AUTH-5", "AUTH-V1-3"}
	x.res.Title = "a request changed after signing does not succeed"
	req := initReq(style, x.ids(1))
	changed := false
	req.Tamper = func(hr *http.Request, body []byte) []byte {
		switch style {
		case tc3JSON:
			if len(body) == 0 {
				return nil
			}
			nb := rnd.mutate(body)
			changed = string(nb) != string(body)
			return nb
		case v1Form:
			nb := rnd.mutate(body)
			changed = decodedDiffers(string(body), string(nb))
			return nb
		default:
			raw := hr.URL.RawQuery
			// The changed query stays a valid HTTP request target: the
			// fuzzer judges the API, not the HTTP parser in front of it.
			nq := uriSafe(rnd.mutate([]byte(raw)))
			if style == tc3GET {
				changed = nq != raw
			} else {
				changed = decodedDiffers(raw, nq)
			}
			hr.URL.RawQuery = nq
			return nil
		}
	}
	send := x.prepare(x.r.c1, req) // builds once: Tamper runs here
	if !changed {
		// The change left the signed content as it was (an equivalent
		// escape): nothing to judge.
		x.skipf("the mutation did not change the signed content")
		return
	}
	x.res.Input = string(style) + " (mutated after signing)"
	x.judge(send(true), accept("*"))
}

// uriSafe percent-encodes the bytes that RFC 3986 does not allow in a query.
func uriSafe(b []byte) string {
	const allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@/?%"
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c < 0x80 && strings.IndexByte(allowed, c) >= 0 {
			out = append(out, c)
			continue
		}
		out = append(out, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
	}
	return string(out)
}

// decodedDiffers reports whether two queries carry different parameters.
func decodedDiffers(a, b string) bool {
	qa, errA := url.ParseQuery(a)
	qb, errB := url.ParseQuery(b)
	if errA != nil || errB != nil {
		return true
	}
	if len(qa) != len(qb) {
		return true
	}
	for k, va := range qa {
		vb, ok := qb[k]
		if !ok || len(va) != len(vb) {
			return true
		}
		for j := range va {
			if va[j] != vb[j] {
				return true
			}
		}
	}
	return false
}

// byteMutator changes one to three bytes of its input: flips, replacements
// with interesting bytes, deletions and insertions.
type byteMutator struct{ state uint64 }

func newByteMutator(seed uint64) *byteMutator { return &byteMutator{state: seed | 1} }

func (m *byteMutator) next(n int) int {
	// xorshift64*: small, fast and deterministic for a seed.
	m.state ^= m.state >> 12
	m.state ^= m.state << 25
	m.state ^= m.state >> 27
	return int((m.state * 2685821657736338717) >> 33 % uint64(n))
}

var interesting = []byte{0, '"', '\\', '%', '&', '=', '.', '{', '}', '[', ']', ',', ':', 0x7f, 0xff, 0xc3, ' ', '\n', '0', 'A'}

func (m *byteMutator) mutate(in []byte) []byte {
	out := append([]byte(nil), in...)
	for k := 0; k < 1+m.next(3); k++ {
		if len(out) == 0 {
			out = append(out, interesting[m.next(len(interesting))])
			continue
		}
		at := m.next(len(out))
		switch m.next(4) {
		case 0:
			out[at] ^= byte(1 << m.next(8))
		case 1:
			out[at] = interesting[m.next(len(interesting))]
		case 2:
			out = append(out[:at], out[at+1:]...)
		default:
			out = append(out[:at], append([]byte{interesting[m.next(len(interesting))]}, out[at:]...)...)
		}
	}
	return out
}
