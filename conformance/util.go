package conformance

import (
	"sort"
	"strconv"
	"strings"
)

func parseInt(s string) (int64, error) { return strconv.ParseInt(s, 10, 64) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// formatCounts writes {"A": 2, "B": 1} as "2 × A, 1 × B", sorted by code.
func formatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = strconv.Itoa(m[k]) + " × " + k
	}
	return strings.Join(parts, ", ")
}
