package rules_test

import (
	"slices"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/rules"
	"github.com/tencentdb-kit/initdb-conform/spec"
)

// The parameter declarations here and the request schemas of spec/ say the
// same thing: the same names, the same required ones, compatible types.
// Either can change only with the other.
func TestParamsAgreeWithSpec(t *testing.T) {
	for _, tc := range []struct {
		schema string
		decl   []rules.Param
	}{
		{"InitDBInstancesRequest", rules.InitParams},
		{"CreateDBInstancesRequest", rules.CreateParams},
		{"DescribeDBInstancesRequest", rules.DescribeParams},
	} {
		s, err := spec.Schema(tc.schema)
		require.NoError(t, err)
		compareObject(t, tc.schema, s, tc.decl)
	}
}

func compareObject(t *testing.T, where string, s *openapi3.Schema, decl []rules.Param) {
	t.Helper()
	var names, required []string
	for _, d := range decl {
		names = append(names, d.Name)
		if d.Required {
			required = append(required, d.Name)
		}
		prop, ok := s.Properties[d.Name]
		if !assert.True(t, ok, "%s: %s is not in the spec", where, d.Name) {
			continue
		}
		p := prop.Value
		switch d.Kind {
		case rules.KindString:
			assert.True(t, p.Type.Is("string"), "%s.%s", where, d.Name)
		case rules.KindInt, rules.KindUint:
			assert.True(t, p.Type.Is("integer"), "%s.%s", where, d.Name)
		case rules.KindStringArray:
			assert.True(t, p.Type.Is("array") && p.Items.Value.Type.Is("string"), "%s.%s", where, d.Name)
		case rules.KindObjectArray:
			if assert.True(t, p.Type.Is("array"), "%s.%s", where, d.Name) {
				compareObject(t, where+"."+d.Name, p.Items.Value, d.Fields)
			}
		}
	}
	specNames := make([]string, 0, len(s.Properties))
	for n := range s.Properties {
		specNames = append(specNames, n)
	}
	sort.Strings(names)
	sort.Strings(specNames)
	assert.Equal(t, specNames, names, "%s: the same parameters", where)
	specRequired := slices.Clone(s.Required)
	sort.Strings(specRequired)
	sort.Strings(required)
	assert.Equal(t, specRequired, required, "%s: the same required parameters", where)
}

// The limits written as constants here are the spec's.
func TestLimitsAgreeWithSpec(t *testing.T) {
	ids, err := spec.Schema("DBInstanceIdSet")
	require.NoError(t, err)
	assert.EqualValues(t, rules.MaxInstanceIDs, *ids.MaxItems)
	assert.EqualValues(t, 1, ids.MinItems)
	id, err := spec.Schema("InstanceId")
	require.NoError(t, err)
	assert.Equal(t, rules.InstanceIDRegex, id.Pattern)
	name, err := spec.Schema("AdminName")
	require.NoError(t, err)
	assert.EqualValues(t, rules.AdminNameMin, name.MinLength)
	assert.EqualValues(t, rules.AdminNameMax, *name.MaxLength)
	pwd, err := spec.Schema("AdminPassword")
	require.NoError(t, err)
	assert.EqualValues(t, rules.PasswordMin, pwd.MinLength)
	assert.EqualValues(t, rules.PasswordMax, *pwd.MaxLength)
	cs, err := spec.Schema("Charset")
	require.NoError(t, err)
	var enum []string
	for _, e := range cs.Enum {
		enum = append(enum, e.(string))
	}
	assert.ElementsMatch(t, rules.Charsets(), enum)
	region, err := spec.Schema("Region")
	require.NoError(t, err)
	var regions []string
	for _, e := range region.Enum {
		regions = append(regions, e.(string))
	}
	assert.ElementsMatch(t, rules.Regions(), regions)
}
