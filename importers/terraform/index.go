package terraform

import (
	"cmp"
	"slices"
	"strings"
	"sync"

	"github.com/blast-dev/blast/parallel"
)

// resolver holds the indexes that keep dependency resolution linear in
// the size of the input. A recorded dependency such as
// module.cell.aws_security_group.app names that resource in every one of
// thousands of module instances; comparing each dependent with every
// candidate would be quadratic, so candidates are looked up by the values
// the dependent holds, by module instance path and by index key instead.
type resolver struct {
	insts    []*Instance
	byConfig map[string][]*Instance
	recorded map[string]map[string]bool // configuration address → its recorded dependencies
	cfgs     *cfgGraph                  // the same, indexed, with its cycles
	byValue  *valueIndex                // match-key value → the instances holding it
	shared   [][]valueGroup             // valueRef.more: values several instances hold
	sameMod  map[cfgPart][]*Instance    // (configuration, module instance path) → instances
	sameKey  map[cfgPart]*Instance      // (configuration, index key) → first instance with it
	mu       sync.Mutex                 // guards members
	members  map[string][]*Instance     // module call → its members (moduleMembers)
}

// scratch is one goroutine's working state while resolving.
type scratch struct {
	stamp   []uint32 // by instance position: seen in the current lookup
	cur     uint32
	values  int              // match-key values counted (Build's first pass over the instances)
	implied map[cfgPart]bool // (dependent configuration, dependency) → implied
	missing map[string]bool  // dependencies that name nothing in the input
	// services is ServiceOf by resource type, for instances without an ARN
	services map[string]string
	// the last dependency list ownDeps was asked for, and its set; the
	// sets of the lists before it, by list
	ownList []string
	ownSet  map[string]bool
	ownSets map[depList]map[string]bool
	one     [1]choice   // pickNamed's answer when there is one candidate
	choices []choice    // pickNamed's answer when there are several
	names   []*Instance // named's answer
	// what the value index holds for refsOf's leaves (leafRefs)
	refs   []valueRef
	refsOf *Instance
	// keep's pairs of kept attribute values and their key in keptMaps
	kept    []keptPair
	keptKey []byte
	// identities' answer, and the room nodes' identity lists are carved
	// from (keepStrings)
	idents  []string
	strings []string
	// the room dependents' resolved lists are carved from (resolvedRoom)
	resolved []resolvedDep
	// the regions this worker's instances were placed in, by provider
	// configuration (noteRegion)
	regions regionsSeen
}

// resolvedRoom returns an empty list of resolved dependencies with room
// for four (most dependents have no more), carved from a block shared
// with other dependents' lists: one allocation for many, not one each.
// Appending past the room moves a list to an allocation of its own.
func (sc *scratch) resolvedRoom() []resolvedDep {
	const room = 4
	if cap(sc.resolved)-len(sc.resolved) < room {
		sc.resolved = make([]resolvedDep, 0, blockSize(cap(sc.resolved), 16*room, 256*room))
	}
	lo := len(sc.resolved)
	sc.resolved = sc.resolved[:lo+room]
	return sc.resolved[lo : lo : lo+room]
}

// blockSize is the capacity of a scratch's next block after one of
// capacity prev: first at the start, twice the last one's after, at most
// most. A small input (a directory holds a thousand states of a hundred
// instances) fills a fraction of one full-sized block, and a full-sized
// block for each was most of what its scratch allocated.
func blockSize(prev, first, most int) int {
	return min(most, max(first, 2*prev))
}

// keepStrings returns a copy of list that lives as long as the graph,
// carved from a block shared with other nodes' lists (capacity its
// length, so that appending to it copies): a node holds two or three
// identities, and a list allocated for each was a tenth of a large
// state's allocations. The scratch keeps list's room for the next call.
func (sc *scratch) keepStrings(list []string) []string {
	sc.idents = list[:0]
	if len(list) == 0 {
		return nil
	}
	if cap(sc.strings)-len(sc.strings) < len(list) {
		sc.strings = make([]string, 0, max(len(list), blockSize(cap(sc.strings), 64, 1024)))
	}
	lo := len(sc.strings)
	sc.strings = append(sc.strings, list...)
	return sc.strings[lo:len(sc.strings):len(sc.strings)]
}

// ownDeps returns the set of configuration addresses a dependency list
// names, for reading only. The instances of a resource share one list
// (importers intern them), so the last set is reused while the list is
// the same.
func (sc *scratch) ownDeps(deps []string) map[string]bool {
	if sc.ownSet != nil && len(deps) == len(sc.ownList) && (len(deps) == 0 || &deps[0] == &sc.ownList[0]) {
		return sc.ownSet
	}
	// the resources of one module instance come one after the other, each
	// with its own list, and the next module instance's the same lists
	// again (interned): each list's set is kept, by the list
	var k depList
	if len(deps) > 0 {
		k = depList{&deps[0], len(deps)}
	}
	own, ok := sc.ownSets[k]
	if !ok {
		own = make(map[string]bool, len(deps))
		for _, d := range deps {
			own[ConfigAddress(d)] = true
		}
		if sc.ownSets == nil {
			sc.ownSets = map[depList]map[string]bool{}
		}
		sc.ownSets[k] = own
	}
	sc.ownList, sc.ownSet = deps, own
	return own
}

// depList names a dependency list by its first element and length: the
// lists importers intern are one slice each.
type depList struct {
	first *string
	n     int
}

// eachInstance calls fn for every instance on every core there is (inline
// for small inputs); each goroutine has its own scratch, returned. fn
// may change the instance it is given and nothing shared.
func eachInstance(insts []*Instance, fn func(in *Instance, sc *scratch)) []*scratch {
	var mu sync.Mutex
	var scs []*scratch
	parallel.Blocks(len(insts), 4096, func(lo, hi int) {
		sc := &scratch{implied: map[cfgPart]bool{}, missing: map[string]bool{}}
		for _, in := range insts[lo:hi] {
			fn(in, sc)
		}
		mu.Lock()
		scs = append(scs, sc)
		mu.Unlock()
	})
	return scs
}

// cfgPart keys an index by configuration address and one more string.
type cfgPart struct{ cfg, part string }

// valueRef is the instance holding a value, or (more > 0) the groups in
// shared[more-1]: most values (ids, ARNs) are one instance's.
type valueRef struct {
	hit  valueHit
	more int32
}

// valueGroup lists the instances of one configuration that hold a value.
type valueGroup struct {
	cfg  string
	hits []valueHit
}

// valueHit is one instance holding a value under matchKeys[key].
type valueHit struct {
	inst *Instance
	key  int
}

// newResolver builds the resolver's indexes; values is the number of
// match-key values of three bytes or more the instances hold (the value
// index's entries, counted by the caller as it made them), and modRuns
// the number of runs of instances of one configuration in one module
// instance other than the root (sameRun), counted the same way.
func newResolver(insts []*Instance, byConfig map[string][]*Instance, recorded, partial map[string]map[string]bool, values, modRuns int) *resolver {
	x := &resolver{insts: insts, byConfig: byConfig, recorded: recorded,
		sameKey: map[cfgPart]*Instance{}, members: map[string][]*Instance{}}
	// the three indexes are independent: the configuration graph and the
	// module path and index key indexes are built beside the value index
	// (a panic in one comes back to this goroutine); a small input's are
	// built one after the other, as eachInstance works on one
	build := []func(){
		func() { x.cfgs = newCfgGraph(recorded, partial, byConfig) },
		func() { x.indexModulesAndKeys(modRuns) },
		func() { x.indexValues(values) },
	}
	if len(insts) < indexParallelFrom {
		for _, fn := range build {
			fn()
		}
	} else {
		parallel.Go(build...)
	}
	return x
}

// indexParallelFrom is the number of instances from which newResolver
// builds its indexes on goroutines of their own: a directory of a
// thousand states of a hundred instances started three goroutines for
// each, each with too little to do to pay for starting it.
const indexParallelFrom = 4096

// indexValues builds the value index: the instances holding each value
// of matchKeys, n of them (values of three bytes or more, the same value
// counted once a holder), counted by the caller, not by a pass of its own.
func (x *resolver) indexValues(n int) {
	x.byValue = newValueIndex(x.insts, n, &x.shared)
}

// indexModulesAndKeys builds the module path and index key indexes,
// read-only once built. A resource's instances come one after another,
// so the instances of one configuration in one module instance are most
// often one run of the input: the run's list is a slice of it (capacity
// its length, so that a later run of the same pair appends to a copy),
// and the runs, counted by Build's first pass, size the map (a million
// instances' pairs grown into it one by one were rehashed as it grew).
func (x *resolver) indexModulesAndKeys(runs int) {
	insts := x.insts
	x.sameMod = make(map[cfgPart][]*Instance, runs)
	// one pass: the index keys are read as each run is walked
	for lo := 0; lo < len(insts); {
		in := insts[lo]
		hi := lo
		for ; hi < len(insts) && (hi == lo || sameRun(in, insts[hi])); hi++ {
			if k := insts[hi].Key; k != nil {
				k := cfgPart{insts[hi].config, IndexKey(k)}
				if _, ok := x.sameKey[k]; !ok {
					x.sameKey[k] = insts[hi]
				}
			}
		}
		if in.Module != "" {
			k := cfgPart{in.config, in.Module}
			if l, ok := x.sameMod[k]; ok {
				x.sameMod[k] = append(l, insts[lo:hi]...)
			} else {
				x.sameMod[k] = insts[lo:hi:hi]
			}
		}
		lo = hi
	}
}

// sameRun reports whether two instances are of one configuration in one
// module instance.
func sameRun(a, b *Instance) bool { return a.config == b.config && a.Module == b.Module }

// candidates returns the instances a recorded dependency names: those of
// its configuration address, else (a module call) every member of the
// module, sorted by address. indexed says whether they are one
// configuration's instances, in input order.
func (x *resolver) candidates(dep string) (cands []*Instance, indexed bool) {
	if c := x.byConfig[dep]; len(c) > 0 {
		return c, true
	}
	if !strings.HasPrefix(dep, "module.") {
		return nil, false
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	m, ok := x.members[dep]
	if !ok {
		m = moduleMembers(dep, x.byConfig)
		x.members[dep] = m
	}
	return m, false
}

// named returns the candidates whose identity the dependent's attributes
// name (refVia), in candidate order.
func (x *resolver) named(in *Instance, dep string, cands []*Instance, indexed bool, sc *scratch) []*Instance {
	in.collect()
	if !indexed || in.Leaves.Len() > 4*len(cands) {
		var out []*Instance
		for _, c := range cands {
			if refVia(in, c) != "" {
				out = append(out, c)
			}
		}
		return out
	}
	if sc.stamp == nil {
		sc.stamp = make([]uint32, len(x.insts))
	}
	sc.cur++
	out := sc.names[:0] // the caller only reads it
	take := func(h valueHit, path string) {
		if path != matchKeys[h.key] && sc.stamp[h.inst.ord] != sc.cur {
			sc.stamp[h.inst.ord] = sc.cur
			out = append(out, h.inst)
		}
	}
	refs := x.leafRefs(in, sc)
	for i, lf := range in.Leaves.List() {
		path := lf.Path
		switch ref := refs[i]; {
		case ref.more < 0: // names no instance
		case ref.more == 0:
			if ref.hit.inst.config == dep {
				take(ref.hit, path)
			}
		default:
			for _, grp := range x.shared[ref.more-1] {
				if grp.cfg == dep {
					for _, h := range grp.hits {
						take(h, path)
					}
				}
			}
		}
	}
	slices.SortFunc(out, func(a, b *Instance) int { return cmp.Compare(a.ord, b.ord) })
	sc.names = out
	return out
}

// leafRefs returns what the value index holds for each of the
// dependent's leaves, in their order (more < 0: nothing). A dependent
// asks named once for each of its recorded dependencies with several
// instances (four times on average in a large state), so its leaves are
// looked up in the index once, not every time.
func (x *resolver) leafRefs(in *Instance, sc *scratch) []valueRef {
	if sc.refsOf == in {
		return sc.refs
	}
	refs := sc.refs[:0]
	for _, lf := range in.Leaves.List() {
		ref, ok := x.byValue.get(lf.Value)
		if !ok {
			ref.more = -1
		}
		refs = append(refs, ref)
	}
	sc.refs, sc.refsOf = refs, in
	return refs
}

// sameModule returns the candidates in the dependent's own module
// instance or one enclosing it, in candidate order.
func (x *resolver) sameModule(in *Instance, dep string, cands []*Instance, indexed bool) []*Instance {
	if !indexed {
		var same []*Instance
		for _, c := range cands {
			if c.Module != "" && (in.Module == c.Module || strings.HasPrefix(in.Module, c.Module+".")) {
				same = append(same, c)
			}
		}
		return same
	}
	var same, one []*Instance
	lists := 0
	m := in.Module
	for i := 1; i <= len(m); i++ {
		// a module instance path enclosing m ends where m goes on with
		// its next module call: ".module." (not at "module" or at
		// "module.a.module", which no instance's path is)
		if i < len(m) && (m[i] != '.' || !strings.HasPrefix(m[i:], ".module.")) {
			continue
		}
		if l := x.sameMod[cfgPart{dep, m[:i]}]; len(l) > 0 {
			if lists == 0 {
				one = l
			} else {
				if lists == 1 {
					same = append(same, one...)
				}
				same = append(same, l...)
			}
			lists++
		}
	}
	if lists == 1 {
		return slices.Clip(one) // the index's own list: callers read it (appending copies it)
	}
	if lists > 1 {
		slices.SortFunc(same, func(a, b *Instance) int { return cmp.Compare(a.ord, b.ord) })
	}
	return same
}

// sameIndexKey returns the first candidate whose index key is the
// dependent's.
func (x *resolver) sameIndexKey(in *Instance, dep string, cands []*Instance, indexed bool) *Instance {
	k := IndexKey(in.Key)
	if !indexed {
		for _, c := range cands {
			if c.Key != nil && IndexKey(c.Key) == k {
				return c
			}
		}
		return nil
	}
	return x.sameKey[cfgPart{dep, k}]
}

// keyed returns the candidate whose index key is key: the one in the
// dependent's own module instance (or one enclosing it) when the resource
// is in several, else the only one with that key; nil when none or
// several fit.
func (x *resolver) keyed(in *Instance, dep, key string, cands []*Instance, indexed bool) *Instance {
	pool := cands
	if same := x.sameModule(in, dep, cands, indexed); len(same) > 0 {
		pool = same
	}
	var found *Instance
	for _, c := range pool {
		if c.Key != nil && IndexKey(c.Key) == key {
			if found != nil {
				return nil
			}
			found = c
		}
	}
	return found
}

// isImplied answers implied for one dependent. When it records every
// dependency its configuration records (the usual case) the answer
// depends on the configuration alone, and is looked up once per pair.
func (x *resolver) isImplied(in *Instance, dep string, own map[string]bool, sc *scratch) bool {
	if len(own) != len(x.recorded[in.config]) {
		return x.cfgs.implied(in.config, dep, own)
	}
	if x.cfgs.bits != nil {
		return x.cfgs.impliedFor(in.config, dep) // cheaper than the memo
	}
	k := cfgPart{in.config, dep}
	v, ok := sc.implied[k]
	if !ok {
		v = x.cfgs.impliedFor(in.config, dep)
		sc.implied[k] = v
	}
	return v
}

// sortedDeps returns the instances a dependent resolved to, sorted by
// address.
func sortedDeps(in *Instance) []*Instance {
	return appendSortedDeps(make([]*Instance, 0, in.resolved.len()), in)
}

// appendSortedDeps is sortedDeps into out's room.
func appendSortedDeps(out []*Instance, in *Instance) []*Instance {
	for _, r := range in.resolved.list {
		out = append(out, r.inst)
	}
	// addresses are unique: any sort gives the one order
	slices.SortFunc(out, func(a, b *Instance) int { return strings.Compare(a.Address, b.Address) })
	return out
}
