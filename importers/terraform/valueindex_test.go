package terraform

import (
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestValueIndexAgreesWithMap builds the value index over instances
// whose values repeat within and across configurations and checks every
// value against a plain map of the holders in input order: the first
// holder alone, or the holders grouped by configuration in the order the
// configurations first hold it.
func TestValueIndexAgreesWithMap(t *testing.T) {
	defer func(h func(maphash.Seed, string) uint64) { hashValue = h }(hashValue)
	for _, n := range []int{0, 1, 7, 300, 5000, 40000} {
		for seed := range uint64(4) {
			t.Run(fmt.Sprintf("%d/seed%d", n, seed), func(t *testing.T) {
				hashValue = seededHash(seed)
				valueIndexCase(t, n)
			})
		}
	}
	// entries displaced past the last home slot (the table grows at its
	// end): seeds in turn until one layout does
	for seed := uint64(100); ; seed++ {
		hashValue = seededHash(seed)
		past := false
		t.Run(fmt.Sprintf("past-end/seed%d", seed), func(t *testing.T) {
			x := valueIndexCase(t, 60)
			past = len(x.slots) > int(x.homes)
		})
		if past || t.Failed() {
			break
		}
		if seed == 600 {
			t.Fatal("no seed placed an entry past the last home slot")
		}
	}
	// and maphash's own, with a seed of its own each build
	hashValue = maphash.String
	valueIndexCase(t, 5000)
}

// seededHash is a hash of s from a seed that can be written down (FNV-1a
// from the seed, then splitmix64's finaliser, which mixes the high bits
// the index's homes are taken from).
func seededHash(seed uint64) func(maphash.Seed, string) uint64 {
	return func(_ maphash.Seed, s string) uint64 {
		h := 0xcbf29ce484222325 ^ seed*0x9e3779b97f4a7c15
		for i := 0; i < len(s); i++ {
			h ^= uint64(s[i])
			h *= 0x100000001b3
		}
		h ^= h >> 30
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 27
		h *= 0x94d049bb133111eb
		return h ^ h>>31
	}
}

// valueIndexCase builds the value index over n instances and checks it;
// it returns the index.
func valueIndexCase(t *testing.T, n int) *valueIndex {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(n), 2))
	insts := make([]*Instance, n)
	type holder struct {
		cfg string
		hit valueHit
	}
	want := map[string][]holder{}
	var order []string
	for i := range insts {
		in := &Instance{config: fmt.Sprintf("aws_x.c%d", rng.IntN(4)), ord: int32(i)}
		for k := range matchKeys {
			switch rng.IntN(4) {
			case 0: // none, or too short to index
				in.ids[k] = []string{"", "ab"}[rng.IntN(2)]
			case 1: // shared with other instances
				in.ids[k] = fmt.Sprintf("shared-%d", rng.IntN(max(1, n/10)))
			default:
				in.ids[k] = fmt.Sprintf("own-%d-%d", i, k)
			}
			if v := in.ids[k]; len(v) >= 3 {
				if want[v] == nil {
					order = append(order, v)
				}
				want[v] = append(want[v], holder{in.config, valueHit{in, k}})
			}
		}
		insts[i] = in
	}
	var shared [][]valueGroup
	x := newValueIndex(insts, 0, &shared)
	for _, v := range order {
		ref, ok := x.get(v)
		if !ok {
			t.Fatalf("%q: not found", v)
		}
		hs := want[v]
		if len(hs) == 1 {
			if ref.more != 0 || ref.hit != hs[0].hit {
				t.Fatalf("%q: got %+v, want the one holder %+v", v, ref, hs[0].hit)
			}
			continue
		}
		if ref.more <= 0 {
			t.Fatalf("%q: got one holder %+v, want %d", v, ref.hit, len(hs))
		}
		var wantGroups []valueGroup
		for _, h := range hs {
			j := slices.IndexFunc(wantGroups, func(g valueGroup) bool { return g.cfg == h.cfg })
			if j < 0 {
				wantGroups = append(wantGroups, valueGroup{cfg: h.cfg})
				j = len(wantGroups) - 1
			}
			wantGroups[j].hits = append(wantGroups[j].hits, h.hit)
		}
		got := shared[ref.more-1]
		if !slices.EqualFunc(got, wantGroups, func(a, b valueGroup) bool { return a.cfg == b.cfg && slices.Equal(a.hits, b.hits) }) {
			t.Fatalf("%q: groups %+v, want %+v", v, got, wantGroups)
		}
	}
	for _, v := range []string{"", "ab", "absent", "own-x", "shared-x"} {
		if _, ok := x.get(v); ok {
			t.Fatalf("%q: found, held by none", v)
		}
	}
	return x
}
