package graph

import (
	"slices"
	"testing"
)

func TestStronglyConnected(t *testing.T) {
	// 0 → 1 → 2 → 0 is a ring, 3 → 0 enters it, 4 → 4 loops on itself,
	// 5 stands alone; a chain of 100,000 must not exhaust the stack
	edges := [][]int{{1}, {2}, {0}, {0}, {4}, nil}
	comp := StronglyConnected(len(edges), func(v int) []int { return edges[v] })
	if comp[0] != comp[1] || comp[1] != comp[2] {
		t.Errorf("ring split: %v", comp)
	}
	others := []int{comp[0], comp[3], comp[4], comp[5]}
	slices.Sort(others)
	if len(slices.Compact(others)) != 4 {
		t.Errorf("components merged: %v", comp)
	}
	if comp[3] <= comp[0] {
		t.Errorf("the ring (%d) should complete before 3 (%d), which needs it", comp[0], comp[3])
	}
	const n = 100_000
	chain := StronglyConnected(n, func(v int) []int {
		if v+1 < n {
			return []int{v + 1}
		}
		return []int{0} // closes the chain into one ring
	})
	for v, c := range chain {
		if c != chain[0] {
			t.Fatalf("a ring of %d: vertex %d in component %d, vertex 0 in %d", n, v, c, chain[0])
		}
	}
}
