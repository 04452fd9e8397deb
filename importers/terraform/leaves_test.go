package terraform

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestLeavesAdd holds Leaves to the rule of a value's path: the first
// path wins, but a reference wins over the instance's own identity, in
// short lists and in indexed long ones.
func TestLeavesAdd(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	paths := []string{"id", "arn", "name", "subnet_id", "role", "vpc_config.subnet_ids"}
	for round := 0; round < 100; round++ {
		var l Leaves
		want := map[string]string{}
		values := 1 + rng.IntN(60)
		for step := 0; step < 3*values; step++ {
			v, p := fmt.Sprintf("value-%d", rng.IntN(values)), paths[rng.IntN(len(paths))]
			l.Add(v, p)
			if old, ok := want[v]; !ok || (ownIdentity[old] && !ownIdentity[p]) {
				want[v] = p
			}
		}
		if l.Len() != len(want) {
			t.Fatalf("round %d: %d leaves, want %d", round, l.Len(), len(want))
		}
		for v, p := range want {
			if got, ok := l.Path(v); !ok || got != p {
				t.Fatalf("round %d: Path(%s) = %q %v, want %q", round, v, got, ok, p)
			}
		}
		if _, ok := l.Path("absent"); ok {
			t.Fatalf("round %d: a value never added has a path", round)
		}
		seen := map[string]bool{}
		for _, lf := range l.List() {
			if seen[lf.Value] {
				t.Fatalf("round %d: %s listed twice", round, lf.Value)
			}
			seen[lf.Value] = true
		}
	}
}
