package conformance

import (
	"testing"

	"pgregory.net/rapid"
)

// The generators keep their promise: a valid request validates against the
// spec, a faulty one breaks exactly the one rule it says, and the suite
// knows the codes of every rule the spec can name.
func TestGeneratorsKeepTheirPromise(t *testing.T) {
	rs, err := loadRequestSchema()
	if err != nil {
		t.Fatal(err)
	}
	valid := rs.validRequest()
	faulty := rs.faultyRequest(valid)
	rapid.Check(t, func(t *rapid.T) {
		g := valid.Draw(t, "valid")
		if broken := rs.brokenRules(g.Params); len(broken) != 0 {
			t.Fatalf("a valid request breaks %v: %v", broken, g.Params)
		}
		f := faulty.Draw(t, "faulty")
		broken := rs.brokenRules(f.Params)
		if len(broken) != 1 || broken[0] != f.Rule {
			t.Fatalf("a request said to break %s breaks %v (%s)", f.Rule, broken, f.Fault)
		}
		if _, ok := ruleCodes[f.Rule]; !ok {
			t.Fatalf("no codes for rule %s", f.Rule)
		}
	})
}
