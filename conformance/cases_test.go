package conformance

import (
	"slices"
	"strings"
	"testing"

	"github.com/tencentdb-kit/initdb-conform/spec"
)

// Every MUST and SHOULD rule of the contract's §1–§7 has at least one case,
// except the rules that are about the suite itself or that the contract
// leaves unchecked; those are listed here with the reason.
func TestEveryRuleHasACase(t *testing.T) {
	exempt := map[string]string{
		"TRANS-1": "other paths are not specified and not checked",
		"TRANS-6": "HTTPS is what the documents say; the suite works with both and cannot judge a loopback target for using HTTP",
		"RATE-2":  "a rule for the suite (its own pacing), tested in the conformance package's tests",
	}
	rules, err := spec.Rules()
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	ids := map[string]bool{}
	for _, c := range allCases(2) {
		if ids[c.id] {
			t.Errorf("case id %s is used twice", c.id)
		}
		ids[c.id] = true
		for _, r := range c.rules {
			covered[r] = true
		}
	}
	// The checks across the run (RESP-*) and the generated cases' rules.
	for _, r := range []string{"RESP-1", "RESP-2", "RESP-3", "RESP-4", "RESP-5", "RESP-6", "RESP-7"} {
		covered[r] = true
	}
	for id := range ruleCodes {
		covered[id] = true
	}
	var missing []string
	for id := range rules {
		if strings.HasPrefix(id, "SAFE-") || exempt[id] != "" {
			continue
		}
		if !covered[id] {
			missing = append(missing, id)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("rules without a case: %v", missing)
	}
	for id := range exempt {
		if _, ok := rules[id]; !ok {
			t.Errorf("exempt rule %s is not in the spec", id)
		}
	}
}
