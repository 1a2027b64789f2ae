package codes_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tencentdb-kit/initdb-conform/codes"
	"github.com/tencentdb-kit/initdb-conform/spec"
)

// The emulator's code table and the spec's x-tc-error-codes list the same
// codes in the same tables.
func TestCodesAgreeWithSpec(t *testing.T) {
	fromSpec, err := spec.ErrorCodes()
	require.NoError(t, err)
	specTables := map[string][]string{}
	for _, c := range fromSpec {
		specTables[c.Code] = c.Tables
	}
	for _, i := range codes.All() {
		tables, ok := specTables[i.Code]
		if assert.True(t, ok, "%s is not in the spec", i.Code) {
			assert.ElementsMatch(t, i.Tables, tables, i.Code)
		}
		delete(specTables, i.Code)
	}
	assert.Empty(t, specTables, "codes in the spec only")
}
