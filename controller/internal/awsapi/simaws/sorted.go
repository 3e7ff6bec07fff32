package simaws

import (
	"cmp"
	"slices"
)

// sortedKeys returns m's keys in order, for every iteration whose order can
// affect a result.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// uniqueSorted returns the distinct values of s, sorted.
func uniqueSorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

func compareStrings(a, b string) int { return cmp.Compare(a, b) }

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
