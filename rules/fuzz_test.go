package rules_test

// Native fuzz targets of the rules: each validator against the schema that
// spec/openapi.yaml states for the same parameter. The two must agree on
// validity, and the rule a violation names must be one the schema error
// names (spec.RulesOf). The accepted codes are written here literally from
// CONTRACT §4, not read from the package under test.

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tencentdb-kit/initdb-conform/fuzz"
	"github.com/tencentdb-kit/initdb-conform/rules"
	"github.com/tencentdb-kit/initdb-conform/spec"
)

func fzAddSeeds(f *testing.F, name string) {
	seeds, err := fuzz.Seeds(name)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range seeds {
		f.Add(s...)
	}
}

func fzSchema(f *testing.F, name string) *openapi3.Schema {
	s, err := spec.Schema(name)
	if err != nil {
		f.Fatal(err)
	}
	return s
}

// fzCodes are the codes CONTRACT §4 accepts for each rule of a parameter
// value (MUST level; the preferred code is among them).
var fzCodes = map[string][]string{
	"PARAM-1":         {"MissingParameter"},
	"PARAM-2":         {"InvalidParameter", "InvalidParameter.*"},
	"PARAM-3":         {"UnknownParameter"},
	"PARAM-IDS-1":     {"MissingParameter", "InvalidParameter*", "InvalidParameterValue*"},
	"PARAM-IDS-2":     {"ResourceNotFound.InstanceNotFoundError", "InvalidParameterValue.InstanceNotExist", "InvalidParameter*", "InvalidParameterValue*"},
	"PARAM-NAME-1":    {"InvalidParameterValue.InvalidAccountError", "InvalidParameterValue.InvalidAccountFormat", "InvalidParameterValue.InvalidAccountNameError", "InvalidParameterValue.InvalidAccountNameFormatError"},
	"PARAM-PWD-1":     {"InvalidParameterValue.InvalidPasswordLengthError"},
	"PARAM-PWD-2":     {"InvalidParameterValue.InvalidPasswordValueError"},
	"PARAM-PWD-3":     {"InvalidParameterValue.InvalidPasswordFormat", "InvalidParameterValue.InvalidPasswordLengthError", "InvalidParameterValue.InvalidPasswordValueError"},
	"PARAM-CHARSET-1": {"InvalidParameterValue.InvalidCharset", "InvalidParameterValue.CharsetNotFoundError"},
	"PARAM-CHARSET-2": {"InvalidParameterValue.InvalidCharset", "InvalidParameterValue.CharsetNotFoundError"},
}

// fzRefines maps a rule that a JSON Schema cannot tell apart from a broader
// one to that broader rule: the Charset enum refuses `utf8` under its enum
// keyword, which names PARAM-CHARSET-1, while the contract files the
// lower-case forms under PARAM-CHARSET-2 with the same codes.
var fzRefines = map[string]string{"PARAM-CHARSET-2": "PARAM-CHARSET-1"}

// fzReservedName reports whether CONTRACT PARAM-NAME-1 lets a target answer
// either way for name: later documents reserve `tencentdb_` names, the spec
// accepts them, the rules refuse them.
func fzReservedName(name string) bool {
	return strings.HasPrefix(strings.ToLower(name), "tencentdb_")
}

// fzAgree checks a violation against a schema error for the same value.
func fzAgree(t *testing.T, what string, v *rules.Violation, schemaErr error) {
	t.Helper()
	switch {
	case v == nil && schemaErr != nil:
		t.Fatalf("%s: the rules accept it, the spec refuses it (%v)", what, spec.RulesOf(schemaErr))
	case v != nil && schemaErr == nil:
		t.Fatalf("%s: the spec accepts it, the rules refuse it: %s", what, v.Rule)
	case v == nil:
		return
	}
	ids := spec.RulesOf(schemaErr)
	if !slices.Contains(ids, v.Rule) && !slices.Contains(ids, fzRefines[v.Rule]) {
		t.Fatalf("%s: the rules name %s, the spec's error names %v", what, v.Rule, ids)
	}
	accepted, ok := fzCodes[v.Rule]
	if !ok {
		t.Fatalf("%s: rule %s is not a parameter rule of CONTRACT §4", what, v.Rule)
	}
	if !fuzz.InFamily(v.Code, accepted...) {
		t.Fatalf("%s: %s answered %s, the contract accepts %v", what, v.Rule, v.Code, accepted)
	}
	if v.Reason == "" {
		t.Fatalf("%s: violation %+v gives no reason", what, v)
	}
}

// FuzzAdminName: CheckAdminName against the AdminName schema (PARAM-NAME-1).
func FuzzAdminName(f *testing.F) {
	fzAddSeeds(f, "FuzzAdminName")
	s := fzSchema(f, "AdminName")
	f.Fuzz(func(t *testing.T, name string) {
		v := rules.CheckAdminName(name)
		if fzReservedName(name) {
			if v != nil && v.Rule != "PARAM-NAME-1" {
				t.Fatalf("%q: rule %s, want PARAM-NAME-1", name, v.Rule)
			}
			return
		}
		fzAgree(t, "AdminName "+fzQuote(name), v, s.VisitJSON(name, openapi3.MultiErrors()))
	})
}

// FuzzAdminPassword: CheckAdminPassword against the AdminPassword schema
// (PARAM-PWD-1..3); a password of the wrong length breaks PARAM-PWD-1
// whatever else it breaks, as the contract checks length first.
func FuzzAdminPassword(f *testing.F) {
	fzAddSeeds(f, "FuzzAdminPassword")
	s := fzSchema(f, "AdminPassword")
	f.Fuzz(func(t *testing.T, pwd string) {
		v := rules.CheckAdminPassword(pwd)
		fzAgree(t, "AdminPassword "+fzQuote(pwd), v, s.VisitJSON(pwd, openapi3.MultiErrors()))
		if n := len([]rune(pwd)); (n < 8 || n > 32) && (v == nil || v.Rule != "PARAM-PWD-1") {
			t.Fatalf("AdminPassword of %d characters: %v, want PARAM-PWD-1", n, v)
		}
	})
}

// FuzzCharset: CheckCharset against the Charset enum (PARAM-CHARSET-1, -2).
func FuzzCharset(f *testing.F) {
	fzAddSeeds(f, "FuzzCharset")
	s := fzSchema(f, "Charset")
	f.Fuzz(func(t *testing.T, cs string) {
		fzAgree(t, "Charset "+fzQuote(cs), rules.CheckCharset(cs), s.VisitJSON(cs, openapi3.MultiErrors()))
	})
}

// FuzzInstanceIDPattern: InstanceIDWellFormed against the InstanceId
// pattern (PARAM-IDS-2).
func FuzzInstanceIDPattern(f *testing.F) {
	fzAddSeeds(f, "FuzzInstanceIDPattern")
	s := fzSchema(f, "InstanceId")
	f.Fuzz(func(t *testing.T, id string) {
		ok := rules.InstanceIDWellFormed(id)
		err := s.VisitJSON(id, openapi3.MultiErrors())
		if ok != (err == nil) {
			t.Fatalf("InstanceId %s: InstanceIDWellFormed %v, the spec's pattern %v", fzQuote(id), ok, err == nil)
		}
		if err != nil && !slices.Contains(spec.RulesOf(err), "PARAM-IDS-2") {
			t.Fatalf("InstanceId %s: the spec's error names %v, want PARAM-IDS-2", fzQuote(id), spec.RulesOf(err))
		}
	})
}

// FuzzInstanceIDSet: CheckInstanceIDs against the DBInstanceIdSet schema
// (PARAM-IDS-1 counts as sent, PARAM-IDS-2), and the duplicates it removes
// (PARAM-IDS-3). The list is the comma-separated ids, repeated in turn up
// to n of them when n is not 0.
func FuzzInstanceIDSet(f *testing.F) {
	fzAddSeeds(f, "FuzzInstanceIDSet")
	s := fzSchema(f, "DBInstanceIdSet")
	f.Fuzz(func(t *testing.T, joined string, n byte) {
		var ids []string
		if joined != "" {
			ids = strings.Split(joined, ",")
		}
		if n > 0 {
			if len(ids) == 0 {
				ids = []string{""}
			}
			list := make([]string, int(n))
			for i := range list {
				list[i] = ids[i%len(ids)]
			}
			ids = list
		}
		values := make([]any, len(ids))
		for i, id := range ids {
			values[i] = id
		}
		out, v := rules.CheckInstanceIDs(ids)
		fzAgree(t, "DBInstanceIdSet of "+fzQuote(joined), v, s.VisitJSON(values, openapi3.MultiErrors()))
		if v != nil {
			return
		}
		seen := map[string]bool{}
		first := []string{}
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				first = append(first, id)
			}
		}
		if !slices.Equal(out, first) {
			t.Fatalf("CheckInstanceIDs(%q) = %q, want each id once in first-seen order (PARAM-IDS-3)", ids, out)
		}
	})
}

// FuzzCheckInit: CheckInit on a decoded JSON body against the
// InitDBInstancesRequest schema (PARAM-1..4 and every value rule).
func FuzzCheckInit(f *testing.F) {
	fzAddSeeds(f, "FuzzCheckInit")
	s := fzSchema(f, "InitDBInstancesRequest")
	f.Fuzz(func(t *testing.T, body []byte) {
		var typed map[string]any // json.Number leaves, as the emulator decodes
		dec := json.NewDecoder(strings.NewReader(string(body)))
		dec.UseNumber()
		if dec.Decode(&typed) != nil || dec.More() || typed == nil {
			return // not one JSON object: wire's concern (PARAM-4)
		}
		var plain any // float64 leaves, as kin-openapi validates
		if json.Unmarshal(body, &plain) != nil {
			return
		}
		req, v := rules.CheckInit(rules.Params{Values: typed})
		if name, ok := typed["AdminName"].(string); ok && fzReservedName(name) {
			return
		}
		fzAgree(t, "InitDBInstances body "+fzQuote(string(body)), v, s.VisitJSON(plain, openapi3.MultiErrors()))
		if v == nil && (len(req.InstanceIDs) == 0 || req.AdminName != typed["AdminName"] || req.AdminPassword != typed["AdminPassword"] || req.Charset != typed["Charset"]) {
			t.Fatalf("CheckInit accepted %s as %+v", body, req)
		}
	})
}

// fzQuote shows a value in a failure message, cut to a readable length.
func fzQuote(s string) string {
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	b, _ := json.Marshal(s)
	return string(b)
}
