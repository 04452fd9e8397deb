package terraform

import (
	"slices"
	"strings"
)

// resolvedDeps is what a dependent's dependencies resolved to: each
// instance once, with how it was found. A list rather than a map: most
// dependents have a few, which a map would allocate, hash and walk in
// random order for; a long list (a resource recording hundreds) gets an
// index. The order is the order of resolution; readers that need another
// sort (sortedDeps).
type resolvedDeps struct {
	list []resolvedDep
	idx  map[*Instance]int32 // position by instance, for long lists
}

// resolvedDep is one resolved dependency.
type resolvedDep struct {
	inst *Instance
	edgeInfo
}

// resolvedIndexAbove is the length beyond which a list is indexed.
const resolvedIndexAbove = 16

// len returns the number of dependencies.
func (r *resolvedDeps) len() int { return len(r.list) }

// find returns the position of d, or -1.
func (r *resolvedDeps) find(d *Instance) int {
	return position(r.list, &r.idx, resolvedIndexAbove, d, func(rd *resolvedDep) *Instance { return rd.inst })
}

// get returns how d was found, and whether it is a dependency.
func (r *resolvedDeps) get(d *Instance) (edgeInfo, bool) {
	if i := r.find(d); i >= 0 {
		return r.list[i].edgeInfo, true
	}
	return edgeInfo{}, false
}

// set records d as a dependency found as e, replacing what was recorded.
func (r *resolvedDeps) set(d *Instance, e edgeInfo) {
	if i := r.find(d); i >= 0 {
		r.list[i].edgeInfo = e
		return
	}
	if r.list == nil {
		r.list = make([]resolvedDep, 0, 4) // one allocation for most
	}
	r.list = append(r.list, resolvedDep{inst: d, edgeInfo: e})
	if r.idx != nil {
		r.idx[d] = int32(len(r.list) - 1)
	}
}

// sortByAddress puts the dependencies in the order of their addresses
// (unique: any sort gives the one order).
func (r *resolvedDeps) sortByAddress() {
	slices.SortFunc(r.list, func(a, b resolvedDep) int { return strings.Compare(a.inst.Address, b.inst.Address) })
	r.idx = nil // positions moved; rebuilt when next looked up
}

// remove drops the dependencies in drop.
func (r *resolvedDeps) remove(drop []*Instance) {
	if len(drop) == 0 {
		return
	}
	if len(drop) <= resolvedIndexAbove {
		r.filter(func(d *resolvedDep) bool { return !slices.Contains(drop, d.inst) })
		return
	}
	gone := make(map[*Instance]bool, len(drop))
	for _, d := range drop {
		gone[d] = true
	}
	r.filter(func(d *resolvedDep) bool { return !gone[d.inst] })
}

// filter keeps the dependencies keep answers true for, in their order;
// keep may change the one it is given.
func (r *resolvedDeps) filter(keep func(d *resolvedDep) bool) {
	w := 0
	for i := range r.list {
		if keep(&r.list[i]) {
			r.list[w] = r.list[i]
			w++
		}
	}
	if w < len(r.list) {
		clear(r.list[w:])
		r.list = r.list[:w]
		r.idx = nil // positions moved; rebuilt when next looked up
	}
}
