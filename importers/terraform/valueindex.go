package terraform

import (
	"hash/maphash"
	"math/bits"
)

// valueIndex is the value index: each match-key value of three bytes or
// more → the instances holding it. A map of a million strings was probed
// once per value as it was built, each probe a cache miss past a few
// hundred thousand values; here the values' hashes are sorted into
// buckets first (two passes of a radix sort, each walking memory in
// order), so that building the table is one sequential walk. Entries
// hold no pointers (an instance by its position, the value read from it
// when compared), so the collector does not scan them.
type valueIndex struct {
	insts []*Instance
	seed  maphash.Seed
	shift uint         // a hash's bucket is hash >> shift
	start []uint32     // bucket b's entries are ents[start[b]:start[b+1]]
	ents  []valueEntry // by bucket; in a bucket, in input order
}

// valueEntry is one distinct value: its hash, the first instance and
// match key holding it (at: instance position << 2 | key), and when more
// than one holds it, 1 + its groups' place in the resolver's shared.
type valueEntry struct {
	h    uint64
	at   uint32
	more int32
}

// valueKeyBits is the number of low bits of valueEntry.at holding the key.
const valueKeyBits = 2

// radixBits is the most bits one pass of the radix sort takes: 2,048
// counters and as many places being written, which stay in the cache.
const radixBits = 11

// newValueIndex indexes the match-key values of insts (n of them,
// counted by the caller, a hint); groups of instances sharing a value are
// appended to shared, whose places the entries hold.
func newValueIndex(insts []*Instance, n int, shared *[][]valueGroup) *valueIndex {
	if len(matchKeys) > 1<<valueKeyBits || uint64(len(insts)) > 1<<(32-valueKeyBits) {
		panic("terraform: value index: too many instances or match keys")
	}
	x := &valueIndex{insts: insts, seed: maphash.MakeSeed()}
	// the values, hashed in input order (reading each instance once)
	recs := make([]valueEntry, 0, n)
	for i, in := range insts {
		for k := range matchKeys {
			if v := in.ident(k); len(v) >= 3 {
				recs = append(recs, valueEntry{h: maphash.String(x.seed, v), at: uint32(i)<<valueKeyBits | uint32(k)})
			}
		}
	}
	// about two values a bucket
	lg := max(1, bits.Len(uint(len(recs)/2)))
	x.shift = uint(64 - lg)
	recs = x.sortByBucket(recs, lg)
	// one walk: equal values are in one bucket, in input order, so the
	// first of them is the entry and the others join its groups as they
	// came in the input
	x.start = make([]uint32, 1<<lg+1)
	ents := recs[:0] // compacted in place: written never ahead of read
	b := 0
	for _, r := range recs {
		rb := int(r.h >> x.shift)
		for b < rb {
			b++
			x.start[b] = uint32(len(ents))
		}
		// the value is read from its instance only when a hash matches
		// (an equal value or, rarely, a collision): most are one
		// instance's, and reading each was a cache miss
		j := -1
		for i, e := range ents[x.start[b]:] {
			if e.h == r.h && x.value(e.at) == x.value(r.at) {
				j = i
				break
			}
		}
		if j < 0 {
			ents = append(ents, valueEntry{h: r.h, at: r.at})
			continue
		}
		e := &ents[int(x.start[b])+j]
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
	for b < 1<<lg {
		b++
		x.start[b] = uint32(len(ents))
	}
	x.ents = ents
	return x
}

// sortByBucket orders recs by their hash's top lg bits, keeping input
// order within a bucket (least significant digit first, each pass
// stable); it returns the sorted records, in recs or a buffer of its own.
func (x *valueIndex) sortByBucket(recs []valueEntry, lg int) []valueEntry {
	passes := (lg + radixBits - 1) / radixBits
	width := (lg + passes - 1) / passes
	buf := make([]valueEntry, len(recs))
	count := make([]int, 1<<width)
	for p := 0; p < passes; p++ {
		lo := int(x.shift) + p*width
		w := min(width, 64-lo)
		mask := uint64(1)<<w - 1
		clear(count)
		for _, r := range recs {
			count[r.h>>lo&mask]++
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, r := range recs {
			d := r.h >> lo & mask
			buf[count[d]] = r
			count[d]++
		}
		recs, buf = buf, recs
	}
	return recs
}

// find returns the position in ents of the entry for v (hash h), or -1.
func (x *valueIndex) find(ents []valueEntry, h uint64, v string) int {
	for i := range ents {
		if ents[i].h == h && x.value(ents[i].at) == v {
			return i
		}
	}
	return -1
}

// value returns the value an entry's instance holds under its key.
func (x *valueIndex) value(at uint32) string {
	return x.insts[at>>valueKeyBits].ident(int(at & (1<<valueKeyBits - 1)))
}

// hit returns the instance and key an entry names.
func (x *valueIndex) hit(at uint32) valueHit {
	return valueHit{inst: x.insts[at>>valueKeyBits], key: int(at & (1<<valueKeyBits - 1))}
}

// get returns what the index holds for v, and whether it holds v.
func (x *valueIndex) get(v string) (valueRef, bool) {
	if len(v) < 3 {
		return valueRef{}, false
	}
	h := maphash.String(x.seed, v)
	b := h >> x.shift
	ents := x.ents[x.start[b]:x.start[b+1]]
	i := x.find(ents, h, v)
	if i < 0 {
		return valueRef{}, false
	}
	if e := ents[i]; e.more > 0 {
		return valueRef{more: e.more}, true
	}
	return valueRef{hit: x.hit(ents[i].at)}, true
}
