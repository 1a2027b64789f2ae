package conformance

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"pgregory.net/rapid"

	"github.com/tencentdb-kit/initdb-conform/client"
	"github.com/tencentdb-kit/initdb-conform/spec"
	"github.com/tencentdb-kit/initdb-conform/wire"
)

// Generated cases are built from the schemas of spec/openapi.yaml: the
// types, lengths, patterns, enums and required list of
// InitDBInstancesRequest drive rapid generators of valid requests and of
// requests with exactly one fault. Which rule a fault breaks is read from
// the spec too (x-tc-keyword-rules, through spec.RulesOf), so a change to
// the spec changes what is generated and what is expected. Only the codes
// each rule accepts are written here, literally, from the contract.

// ruleCodes is what the contract accepts when one parameter rule is broken.
var ruleCodes = map[string]expect{
	"PARAM-1":         accept("MissingParameter"),
	"PARAM-2":         accept("InvalidParameter", "InvalidParameter.*"),
	"PARAM-3":         accept("UnknownParameter"),
	"PARAM-IDS-1":     accept("MissingParameter", "InvalidParameter*", "InvalidParameterValue*"),
	"PARAM-IDS-2":     idShape(nil),
	"PARAM-NAME-1":    accept(accountFamily...).prefer("InvalidParameterValue.InvalidAccountError"),
	"PARAM-PWD-1":     accept("InvalidParameterValue.InvalidPasswordLengthError"),
	"PARAM-PWD-2":     accept("InvalidParameterValue.InvalidPasswordValueError"),
	"PARAM-PWD-3":     accept(passwordFamily...).prefer("InvalidParameterValue.InvalidPasswordFormat"),
	"PARAM-CHARSET-1": accept(charsetCodes...),
	"PARAM-CHARSET-2": accept(charsetCodes...),
}

// shouldRules are the rules of ruleCodes that are SHOULD as a whole: a
// target that breaks one gets a warning.
var shouldRules = map[string]bool{"PARAM-3": true, "PARAM-CHARSET-2": true}

// genRequest is one generated InitDBInstances request: its parameters with
// the ids left to the case (IDCount of them), and the rule it breaks.
type genRequest struct {
	Params  map[string]any
	IDCount int    // ids the case fills in, when Params has no DBInstanceIdSet of its own
	Rule    string // "" for a valid request
	Fault   string // what was changed, for the report
}

// requestSchema is InitDBInstancesRequest, with its properties resolved.
type requestSchema struct {
	root  *openapi3.Schema
	props map[string]*openapi3.Schema
	order []string // property names, sorted
}

func loadRequestSchema() (*requestSchema, error) {
	s, err := spec.Schema("InitDBInstancesRequest")
	if err != nil {
		return nil, err
	}
	rs := &requestSchema{root: s, props: map[string]*openapi3.Schema{}}
	for name, ref := range s.Properties {
		rs.props[name] = ref.Value
		rs.order = append(rs.order, name)
	}
	slices.Sort(rs.order)
	return rs, nil
}

// brokenRules validates params against the schema and returns the rule ids
// the spec ties to the failing keywords (none for a valid request).
func (rs *requestSchema) brokenRules(params map[string]any) []string {
	// Through JSON, so that values have the types VisitJSON expects.
	b, _ := json.Marshal(params)
	var v any
	_ = json.Unmarshal(b, &v)
	err := rs.root.VisitJSON(v, openapi3.MultiErrors())
	if err == nil {
		return nil
	}
	rules := spec.RulesOf(err)
	if len(rules) == 0 {
		return []string{"?"}
	}
	return rules
}

const printable = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"

// stringCandidates generates strings around what a string schema allows:
// from its patterns (and those of its allOf and not), and of printable
// ASCII, a little Unicode and control characters at lengths around its
// bounds.
func stringCandidates(s *openapi3.Schema) *rapid.Generator[string] {
	minLen, maxLen := 0, 40
	if s.MinLength > 0 {
		minLen = int(s.MinLength)
	}
	if s.MaxLength != nil {
		maxLen = int(*s.MaxLength)
	}
	lo, hi := max(0, minLen-2), maxLen+3
	alphabet := []rune(printable + "éü中\t\x00")
	gens := []*rapid.Generator[string]{
		rapid.StringOfN(rapid.SampledFrom([]rune(printable)), lo, hi, -1),
		rapid.StringOfN(rapid.SampledFrom(alphabet), lo, hi, -1),
	}
	var patterns []string
	if s.Pattern != "" {
		patterns = append(patterns, s.Pattern)
	}
	for _, sub := range s.AllOf {
		if sub.Value != nil && sub.Value.Pattern != "" {
			patterns = append(patterns, sub.Value.Pattern)
		}
	}
	if s.Not != nil && s.Not.Value != nil && s.Not.Value.Pattern != "" {
		patterns = append(patterns, s.Not.Value.Pattern)
	}
	for _, p := range patterns {
		// rapid generates from a fully anchored pattern reliably; from an
		// unanchored one it may give up, which would void the whole draw.
		if !strings.HasPrefix(p, "^") || !strings.HasSuffix(p, "$") {
			continue
		}
		gens = append(gens, rapid.Map(rapid.StringMatching(p), func(v string) string {
			if r := []rune(v); len(r) > hi {
				return string(r[:hi])
			}
			return v
		}))
	}
	for _, e := range s.Enum {
		if str, ok := e.(string); ok {
			gens = append(gens, rapid.Just(str), rapid.Just(strings.ToLower(str)))
		}
	}
	return rapid.OneOf(gens...)
}

// validRequest generates a valid request: each string property drawn from
// its candidates until the whole request validates against the spec.
func (rs *requestSchema) validRequest() *rapid.Generator[genRequest] {
	return rapid.Custom(func(t *rapid.T) genRequest {
		n := rapid.IntRange(1, 3).Draw(t, "ids")
		params := map[string]any{"DBInstanceIdSet": placeholderIDs(n)}
		for _, name := range rs.order {
			p := rs.props[name]
			if p.Type == nil || !p.Type.Is("string") {
				continue
			}
			params[name] = drawUntil(t, stringCandidates(p), name, func(v string) bool {
				// tencentdb_ names: either answer is right, so no positive case uses one.
				return p.VisitJSON(v) == nil && !strings.HasPrefix(strings.ToLower(v), "tencentdb_")
			})
		}
		return genRequest{Params: params, IDCount: n}
	})
}

// faultyRequest generates a request with exactly one fault: one property
// dropped, of the wrong type, of a value breaking one of its keywords, an
// id set of the wrong size or shape, or an unknown property added.
func (rs *requestSchema) faultyRequest(valid *rapid.Generator[genRequest]) *rapid.Generator[genRequest] {
	return rapid.Custom(func(t *rapid.T) genRequest {
		g := valid.Draw(t, "valid")
		kinds := []string{"drop", "type", "value", "unknown"}
		kind := rapid.SampledFrom(kinds).Draw(t, "fault")
		name := rapid.SampledFrom(rs.order).Draw(t, "param")
		p := rs.props[name]
		switch kind {
		case "drop":
			if !slices.Contains(rs.root.Required, name) {
				t.Skip("not required")
			}
			g.Params = with(g.Params, name, absentParam)
			g.Fault = "without " + name
		case "type":
			wrong := rapid.SampledFrom([]any{42, true, nil, map[string]any{}, []any{"x"}, "x"}).Draw(t, "wrong")
			if fitsType(p, wrong) {
				t.Skip("same type")
			}
			g.Params = with(g.Params, name, wrong)
			g.Fault = fmt.Sprintf("%s of type %T", name, wrong)
		case "value":
			switch {
			case p.Type != nil && p.Type.Is("array"):
				n := rapid.SampledFrom([]int{0, int(derefOr(p.MaxItems, 100)) + 1, -1}).Draw(t, "count")
				if n < 0 {
					ids := placeholderIDs(rapid.IntRange(1, 3).Draw(t, "n"))
					bad := drawUntil(t, stringCandidates(p.Items.Value), "bad id", func(v string) bool {
						return len(rs.brokenRules(with(g.Params, name, []string{v}))) == 1
					})
					ids[rapid.IntRange(0, len(ids)-1).Draw(t, "at")] = bad
					g.Params = with(g.Params, name, ids)
					g.Fault = name + " holds an id of the wrong shape"
				} else {
					g.Params = with(g.Params, name, placeholderIDs(n))
					g.Fault = fmt.Sprintf("%s of %d ids", name, n)
				}
				g.IDCount = 0
			default:
				v := drawUntil(t, stringCandidates(p), "bad "+name, func(v string) bool {
					return len(rs.brokenRules(with(g.Params, name, v))) == 1
				})
				g.Params = with(g.Params, name, v)
				g.Fault = name + " = " + fmt.Sprintf("%q", v)
			}
		case "unknown":
			extra := rapid.StringMatching(`^[A-Z][A-Za-z]{2,12}$`).Filter(func(v string) bool { _, known := rs.props[v]; return !known }).Draw(t, "unknown")
			g.Params = with(g.Params, extra, "x")
			g.Fault = "unknown parameter " + extra
		}
		rules := rs.brokenRules(g.Params)
		if len(rules) != 1 || rules[0] == "?" {
			t.Skip("not a single fault the spec ties to a rule")
		}
		g.Rule = rules[0]
		return g
	})
}

// drawUntil draws from gen until ok holds. Unlike Filter, which gives up
// after a few rejections, it suits conditions that a fair share of the
// candidates meet; the draws stay determined by the seed.
func drawUntil[V any](t *rapid.T, gen *rapid.Generator[V], label string, ok func(V) bool) V {
	for i := 0; i < 500; i++ {
		if v := gen.Draw(t, label); ok(v) {
			return v
		}
	}
	t.Skip("no candidate for " + label)
	panic("unreachable")
}

func fitsType(s *openapi3.Schema, v any) bool {
	if s.Type == nil {
		return true
	}
	switch v.(type) {
	case string:
		return s.Type.Is("string")
	case []any:
		return s.Type.Is("array")
	case map[string]any:
		return s.Type.Is("object")
	case bool:
		return s.Type.Is("boolean")
	case nil:
		return s.Nullable
	default:
		return s.Type.Is("integer") || s.Type.Is("number")
	}
}

func derefOr(p *uint64, def uint64) uint64 {
	if p == nil {
		return def
	}
	return *p
}

// placeholder ids are well formed; the case replaces them with its own.
func placeholderIDs(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("postgres-%08d", i)
	}
	return out
}

func generatedCases(n int) []tcase {
	rs, err := loadRequestSchema()
	if err != nil {
		return []tcase{{id: "GEN/spec", title: "load the request schema from spec/", area: "Generated", level: MUST,
			run: func(x *exec) { x.errorf("%v", err) }}}
	}
	valid := rs.validRequest()
	faulty := rs.faultyRequest(valid)
	var out []tcase
	for kind, gen := range map[string]*rapid.Generator[genRequest]{"valid": valid, "fault": faulty} {
		for i := 0; i < n; i++ {
			out = append(out, tcase{id: fmt.Sprintf("GEN/%s/%03d", kind, i), area: "Generated", level: MUST,
				title: "a " + map[string]string{"valid": "valid request", "fault": "request with one fault"}[kind] + " generated from spec/",
				rules: []string{"PARAM-*"}, run: func(x *exec) { x.generated(gen, i) }})
		}
	}
	slices.SortFunc(out, func(a, b tcase) int { return strings.Compare(a.id, b.id) })
	return out
}

func (x *exec) generated(gen *rapid.Generator[genRequest], i int) {
	seed := x.r.seed + uint64(i)*7919
	x.res.Seed = seed
	g := gen.Example(int(seed))
	style := wire.Styles()[i%4]
	if g.Rule == "PARAM-2" || (g.Params["DBInstanceIdSet"] != nil && len(anyList(g.Params["DBInstanceIdSet"])) == 0) {
		style = tc3JSON // a query cannot carry JSON types or an empty array
	}
	x.res.Style = string(style)
	// The generated ids are placeholders: a request with a valid id set
	// gets the case's own ids (fresh instances in emulator mode), any
	// other keeps its shape with ids that do not exist.
	params := g.Params
	if ids, ok := params["DBInstanceIdSet"].([]string); ok {
		var fill []string
		if g.IDCount > 0 {
			fill = x.ids(len(ids))
		} else {
			fill = x.r.absentIDs(len(ids))
		}
		out := slices.Clone(ids)
		for j, id := range ids {
			if strings.HasPrefix(id, "postgres-0000") {
				out[j] = fill[j]
			}
		}
		params = with(params, "DBInstanceIdSet", out)
	}
	var e expect
	if g.Rule == "" {
		e = x.ok()
		x.res.Rules = []string{"PARAM-1", "PARAM-NAME-1", "PARAM-PWD-1", "PARAM-PWD-2", "PARAM-PWD-3", "PARAM-CHARSET-1"}
		x.res.Title = "a valid request generated from spec/ is served"
	} else {
		// The spec ties the Charset enum to PARAM-CHARSET-1; a lower-case
		// spelling of a valid charset is PARAM-CHARSET-2, a SHOULD rule.
		if cs, ok := params["Charset"].(string); ok && g.Rule == "PARAM-CHARSET-1" && slices.Contains([]string{"UTF8", "LATIN1"}, strings.ToUpper(cs)) {
			g.Rule = "PARAM-CHARSET-2"
		}
		var ok bool
		if e, ok = ruleCodes[g.Rule]; !ok {
			x.errorf("the spec names rule %s, which the suite has no codes for", g.Rule)
			return
		}
		x.res.Rules = []string{g.Rule}
		x.res.Title = "one fault (" + g.Fault + ") is refused as " + g.Rule
		if shouldRules[g.Rule] {
			x.c.level = SHOULD
			x.res.Level = SHOULD
		}
	}
	x.res.Input = describeInput(params, style)
	x.judge(x.send(x.r.c1, client.Request{Style: style, Action: "InitDBInstances", Params: params}, g.Rule != ""), e)
	if x.res.Verdict == Fail || x.res.Verdict == Warn {
		x.shrink(params, style, g, e)
	}
}

// shrinkBudget bounds the extra requests spent shrinking one failure.
const shrinkBudget = 40

// shrink looks for a smaller request that fails the same way: string
// parameters one character shorter, as long as the request stays valid
// (or keeps breaking the same one rule) by the spec, and the target still
// answers the same code. The report then shows the smallest one found
// beside the original.
func (x *exec) shrink(params map[string]any, style wire.Style, g genRequest, e expect) {
	rs, err := loadRequestSchema()
	if err != nil {
		return
	}
	same := func(p map[string]any) bool {
		broken := rs.brokenRules(p)
		if g.Rule == "" {
			return len(broken) == 0
		}
		return len(broken) == 1 && broken[0] == g.Rule
	}
	want := x.res.Actual
	best := params
	spent := 0
	for improved := true; improved && spent < shrinkBudget; {
		improved = false
		for _, name := range []string{"AdminName", "AdminPassword", "Charset"} {
			v, ok := best[name].(string)
			if !ok {
				continue
			}
			runes := []rune(v)
			for j := 0; j < len(runes) && spent < shrinkBudget; j++ {
				cand := with(best, name, string(append(slices.Clone(runes[:j]), runes[j+1:]...)))
				if !same(cand) {
					continue
				}
				if ids, ok := cand["DBInstanceIdSet"].([]string); ok && g.IDCount > 0 {
					cand = with(cand, "DBInstanceIdSet", x.ids(len(ids)))
				}
				spent++
				trial := &exec{ctx: x.ctx, r: x.r, c: x.c, res: &Result{}}
				resp := trial.send(x.r.c1, client.Request{Style: style, Action: "InitDBInstances", Params: cand}, g.Rule != "")
				if resp == nil || resp.ParseErr != nil || code(resp) != want {
					continue
				}
				best, improved = cand, true
				x.mu.Lock()
				x.res.Reproducer = trial.res.Reproducer
				x.mu.Unlock()
				break
			}
		}
	}
	if spent > 0 && describeInput(best, style) != describeInput(params, style) {
		x.res.Input = "shrunk: " + describeInput(best, style) + "\nfrom:   " + describeInput(params, style)
	}
}

func anyList(v any) []string {
	switch l := v.(type) {
	case []string:
		return l
	}
	return nil
}

// describeInput writes the generated parameters as JSON, after the style.
func describeInput(params map[string]any, style wire.Style) string {
	b, _ := json.Marshal(params)
	return string(style) + " " + string(b)
}
