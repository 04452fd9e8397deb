package terraform

import (
	"math/rand/v2"
	"testing"
)

// TestResolvedDepsLikeMap holds the list of resolved dependencies to a
// map's answers through random sets, replacements, filters and removals,
// short lists and indexed long ones alike.
func TestResolvedDepsLikeMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	insts := make([]*Instance, 60)
	for i := range insts {
		insts[i] = &Instance{Address: "x.y" + string(rune('a'+i))}
	}
	for round := 0; round < 200; round++ {
		var r resolvedDeps
		want := map[*Instance]edgeInfo{}
		n := 1 + rng.IntN(len(insts))
		for step := 0; step < 3*n; step++ {
			d := insts[rng.IntN(n)]
			switch rng.IntN(10) {
			case 0:
				cut := rng.IntN(n)
				r.filter(func(x *resolvedDep) bool { return int(x.inst.Address[3]-'a') < cut })
				for k := range want {
					if int(k.Address[3]-'a') >= cut {
						delete(want, k)
					}
				}
			case 1:
				var drop []*Instance
				for i := 0; i < rng.IntN(20); i++ {
					drop = append(drop, insts[rng.IntN(n)])
				}
				r.remove(drop)
				for _, k := range drop {
					delete(want, k)
				}
			default:
				e := edgeInfo{via: d.Address, inferred: rng.IntN(2) == 0}
				r.set(d, e)
				want[d] = e
			}
			if r.len() != len(want) {
				t.Fatalf("round %d step %d: %d dependencies, want %d", round, step, r.len(), len(want))
			}
			for _, in := range insts[:n] {
				got, ok := r.get(in)
				w, wok := want[in]
				if ok != wok || got != w {
					t.Fatalf("round %d step %d: get(%s) = %v %v, want %v %v", round, step, in.Address, got, ok, w, wok)
				}
			}
		}
	}
}
