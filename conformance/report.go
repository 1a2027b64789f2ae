package conformance

import (
	"sort"
	"time"
)

// Verdict is the outcome of one case. Verdicts are ordered so that a group
// takes its worst member's verdict: skip < pass < warn < fail < error.
type Verdict string

// The verdicts.
const (
	Skip  Verdict = "skip"  // not applicable to this target; Reason says why
	Pass  Verdict = "pass"  // the target did what the contract says
	Warn  Verdict = "warn"  // a SHOULD rule was broken (a failure under --strict)
	Fail  Verdict = "fail"  // a MUST rule was broken: the target failed
	Error Verdict = "error" // the harness itself failed (network, timeout, bug)
)

// Verdicts lists the verdicts in order.
func Verdicts() []Verdict { return []Verdict{Skip, Pass, Warn, Fail, Error} }

func (v Verdict) rank() int {
	switch v {
	case Skip:
		return 0
	case Pass:
		return 1
	case Warn:
		return 2
	case Fail:
		return 3
	case Error:
		return 4
	}
	return -1
}

// Worse returns the worse of two verdicts.
func Worse(a, b Verdict) Verdict {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// Level is the strength of a contract rule.
type Level string

// The levels of CONTRACT.md.
const (
	MUST   Level = "MUST"
	SHOULD Level = "SHOULD"
)

// Finding is one thing a case saw wrong, beside or instead of its main
// expectation: an envelope check (RESP-*), a schema violation, a SHOULD
// code not used.
type Finding struct {
	Rule    string  `json:"rule"`
	Level   Level   `json:"level"`
	Verdict Verdict `json:"verdict"`
	Message string  `json:"message"`
}

// Result is the outcome of one case.
type Result struct {
	ID         string        `json:"id"`    // stable: "PARAM-PWD-1/seven-characters/tc3-post-json"
	Title      string        `json:"title"` // one line saying what the case checks
	Area       string        `json:"area"`  // contract area, see Areas
	Rules      []string      `json:"rules"` // contract rule ids the case checks
	Level      Level         `json:"level"`
	Style      string        `json:"style,omitempty"` // request style, when one request style is used
	Verdict    Verdict       `json:"verdict"`
	Reason     string        `json:"reason,omitempty"`    // why this verdict, in one sentence
	Expected   []string      `json:"expected,omitempty"`  // codes the contract accepts ("Success" for none)
	Preferred  []string      `json:"preferred,omitempty"` // the SHOULD codes among them
	Actual     string        `json:"actual,omitempty"`    // the code answered, "Success" for none
	HTTPStatus int           `json:"http_status,omitempty"`
	RequestID  string        `json:"request_id,omitempty"`
	Findings   []Finding     `json:"findings,omitempty"`
	Reproducer string        `json:"reproducer,omitempty"` // curl command, secrets masked
	Input      string        `json:"input,omitempty"`      // generated input, for generated cases (masked)
	Seed       uint64        `json:"seed,omitempty"`       // generated cases: the seed that reproduces the input
	Duration   time.Duration `json:"duration_ns"`
}

// Areas are the contract's areas, in the order of its sections.
func Areas() []string {
	return []string{"Transport", "Authentication", "Common parameters", "Parameters", "Instances", "Rate limit", "Responses", "Generated", "Safety"}
}

// CodeCoverage tells which documented codes a run provoked.
type CodeCoverage struct {
	Provoked     map[string]int `json:"provoked"`     // documented code -> times seen
	NeverSeen    []string       `json:"never_seen"`   // documented codes of the action and common tables never seen
	Undocumented map[string]int `json:"undocumented"` // codes in no table (RESP-7)
	Successes    int            `json:"successes"`    // responses without an error
}

// Report is a whole run.
type Report struct {
	Tool     string          `json:"tool"`
	Version  string          `json:"version"`
	Target   string          `json:"target"` // URL, or "in-process emulator"
	Mode     string          `json:"mode"`   // "emulator", "safe" or "mutating"
	Region   string          `json:"region"`
	Seed     uint64          `json:"seed"`
	Strict   bool            `json:"strict"`
	Rate     float64         `json:"rate"` // requests a second; 0 unpaced
	Started  time.Time       `json:"started"`
	Duration time.Duration   `json:"duration_ns"`
	Verdict  Verdict         `json:"verdict"` // worst verdict, warn counted as fail under Strict
	Counts   map[Verdict]int `json:"counts"`
	Results  []Result        `json:"results"`
	Coverage CodeCoverage    `json:"coverage"`
	Requests int             `json:"requests"`
	// Secrets are the values that must never appear in a report (keys,
	// tokens, signatures of valid requests). Writers scrub them as a last
	// line of defence; they are never written.
	Secrets []string `json:"-"`
}

// AreaSummary is the count of verdicts in one area.
type AreaSummary struct {
	Area    string
	Verdict Verdict
	Counts  map[Verdict]int
}

// ByArea summarises the results area by area, in contract order.
func (r *Report) ByArea() []AreaSummary {
	idx := map[string]int{}
	var out []AreaSummary
	for _, a := range Areas() {
		idx[a] = len(out)
		out = append(out, AreaSummary{Area: a, Verdict: Skip, Counts: map[Verdict]int{}})
	}
	for _, res := range r.Results {
		i, ok := idx[res.Area]
		if !ok {
			idx[res.Area] = len(out)
			i = len(out)
			out = append(out, AreaSummary{Area: res.Area, Verdict: Skip, Counts: map[Verdict]int{}})
		}
		out[i].Counts[res.Verdict]++
		out[i].Verdict = Worse(out[i].Verdict, res.Verdict)
	}
	kept := out[:0]
	for _, s := range out {
		if len(s.Counts) > 0 {
			kept = append(kept, s)
		}
	}
	return kept
}

// Failures returns the results whose verdict is fail or error, and warn
// under Strict, sorted by id.
func (r *Report) Failures() []Result {
	var out []Result
	for _, res := range r.Results {
		if res.Verdict == Fail || res.Verdict == Error || (r.Strict && res.Verdict == Warn) {
			out = append(out, res)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Passed reports whether the run passed: nothing failed and no harness
// error, and under Strict no warning.
func (r *Report) Passed() bool {
	return len(r.Failures()) == 0
}
