package terraform

import (
	"hash/maphash"
	"math/bits"
)

// valueIndex is the value index: each match-key value of three bytes or
// more → the instances holding it. A map of a million strings was probed
// once per value as it was built, each probe a cache miss past a few
// hundred thousand values. Here it is an open-addressing table whose
// entries are placed in the order of their home slots: the values'
// hashes are sorted by home first (a radix sort, 11 bits a pass: two
// passes up to about 3 million values), so that filling the table is one sequential
// walk, and a lookup reads its home slot and the few after it, in one
// cache line most often. Entries hold no pointers (an instance by its
// position, the value read from it when compared), so the collector does
// not scan them.
type valueIndex struct {
	insts []*Instance
	seed  maphash.Seed
	homes uint64       // home slots: a hash's home is home(h), below homes
	slots []valueEntry // each entry at or after its home, in home order; at 0: empty
}

// valueEntry is one distinct value: its hash, the first instance and
// match key holding it (at: 1 + instance position << 2 | key, 0 for an
// empty slot), and when more than one holds it, 1 + its groups' place in
// the resolver's shared.
type valueEntry struct {
	h    uint64
	at   uint32
	more int32
}

// valueKeyBits is the number of low bits of valueEntry.at holding the key.
const valueKeyBits = 2

// maxInstances is the most instances of one state Build reads: the value
// index names an instance by its position in 32 bits, beside its key. A
// variable only so that a test can refuse a few instances, not half a
// billion.
var maxInstances = 1<<(31-valueKeyBits) - 1

// hashValue hashes a value for the index, with a seed made for each
// index. A test puts a hash of its own in its place: maphash's seeds are
// random and cannot be written down, so a layout that failed could not be
// built again.
var hashValue = maphash.String

// radixBits is the most bits one pass of the radix sort takes: 2,048
// counters and as many places being written, which stay in the cache.
const radixBits = 11

// newValueIndex indexes the match-key values of insts (n of them,
// counted by the caller, a hint); groups of instances sharing a value are
// appended to shared, whose places the entries hold.
func newValueIndex(insts []*Instance, n int, shared *[][]valueGroup) *valueIndex {
	if len(matchKeys) > 1<<valueKeyBits || len(insts) > maxInstances { // Build refuses more
		panic("terraform: value index: too many instances or match keys")
	}
	x := &valueIndex{insts: insts, seed: maphash.MakeSeed()}
	// the values, hashed in input order (reading each instance once)
	recs := make([]valueEntry, 0, n)
	for i, in := range insts {
		for k := range matchKeys {
			if v := in.ident(k); len(v) >= 3 {
				recs = append(recs, valueEntry{h: hashValue(x.seed, v), at: 1 + (uint32(i)<<valueKeyBits | uint32(k))})
			}
		}
	}
	// a fifth of the slots free at least (fewer when values repeat)
	x.homes = uint64(len(recs) + len(recs)/4 + 1)
	recs = x.sortByHome(recs)
	// one walk: equal values have one home and come in input order, so
	// the first of them is the entry and the others join its groups as
	// they came in the input
	slots := make([]valueEntry, x.homes, x.homes+x.homes/64+8)
	last := -1 // the last slot filled
	for _, r := range recs {
		b := int(uint32(r.more)) // its home (sortByHome)
		// an equal value is at or after the home, up to the last slot
		// filled; it is read from its instance only when a hash matches
		// (an equal value or, rarely, a collision): most are one
		// instance's, and reading each was a cache miss
		j := -1
		for i := b; i <= last; i++ {
			if slots[i].h == r.h && x.value(slots[i].at) == x.value(r.at) {
				j = i
				break
			}
		}
		if j < 0 {
			last = max(b, last+1)
			for last >= len(slots) { // past the end: the table goes on
				slots = append(slots, valueEntry{})
			}
			slots[last] = valueEntry{h: r.h, at: r.at}
			continue
		}
		e := &slots[j]
		hit := x.hit(r.at)
		if e.more == 0 {
			first := x.hit(e.at)
			*shared = append(*shared, []valueGroup{{cfg: first.inst.config, hits: []valueHit{first}}})
			e.more = int32(len(*shared))
		}
		groups := (*shared)[e.more-1]
		g := len(groups) - 1
		for g >= 0 && groups[g].cfg != hit.inst.config {
			g--
		}
		if g < 0 {
			groups = append(groups, valueGroup{cfg: hit.inst.config})
			g = len(groups) - 1
		}
		groups[g].hits = append(groups[g].hits, hit)
		(*shared)[e.more-1] = groups
	}
	x.slots = slots
	return x
}

// home returns a hash's home slot: its top 32 bits scaled to the slots,
// so that homes keep the order of hashes.
func (x *valueIndex) home(h uint64) int {
	return int((h >> 32) * x.homes >> 32)
}

// sortByHome orders recs by their hashes' homes, keeping input order
// among equal homes (least significant digit first, each pass stable),
// and leaves each record's home in its more; it returns the sorted
// records, in recs or a buffer of its own.
func (x *valueIndex) sortByHome(recs []valueEntry) []valueEntry {
	for i := range recs {
		recs[i].more = int32(uint32(x.home(recs[i].h)))
	}
	lg := max(1, bits.Len64(x.homes-1))
	passes := (lg + radixBits - 1) / radixBits
	width := (lg + passes - 1) / passes
	buf := make([]valueEntry, len(recs))
	count := make([]int, 1<<width)
	mask := uint32(1)<<width - 1
	for p := range passes {
		lo := p * width
		clear(count)
		for _, r := range recs {
			count[uint32(r.more)>>lo&mask]++
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, r := range recs {
			d := uint32(r.more) >> lo & mask
			buf[count[d]] = r
			count[d]++
		}
		recs, buf = buf, recs
	}
	return recs
}

// value returns the value an entry's instance holds under its key.
func (x *valueIndex) value(at uint32) string {
	at--
	return x.insts[at>>valueKeyBits].ident(int(at & (1<<valueKeyBits - 1)))
}

// hit returns the instance and key an entry names.
func (x *valueIndex) hit(at uint32) valueHit {
	at--
	return valueHit{inst: x.insts[at>>valueKeyBits], key: int(at & (1<<valueKeyBits - 1))}
}

// get returns what the index holds for v, and whether it holds v.
func (x *valueIndex) get(v string) (valueRef, bool) {
	if len(v) < 3 {
		return valueRef{}, false
	}
	h := hashValue(x.seed, v)
	b := x.home(h)
	for i := b; i < len(x.slots); i++ {
		e := &x.slots[i]
		if e.at == 0 {
			break // an empty slot ends the entries at or after the home
		}
		if e.h == h && x.value(e.at) == v {
			if e.more > 0 {
				return valueRef{more: e.more}, true
			}
			return valueRef{hit: x.hit(e.at)}, true
		}
		if x.home(e.h) > b {
			break // past the entries of this home
		}
	}
	return valueRef{}, false
}
