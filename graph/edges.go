package graph

import (
	"sort"
	"sync/atomic"
)

// edgeList is a node's edges to its dependencies, keyed by the
// dependency (the code also serves a list keyed by the dependent: out).
//
// Lists may be long (a service bound to every resource carrying its tag)
// and are edited in place (redundancy inference rewrites each edge of a
// node), so lookups in a long list search it while it is in order and
// go through an index while it is not, and removal from a long list
// leaves a tombstone that re-adding the same edge revives. Tidying a list
// drops its index: a built graph keeps no map per long list. A list handed
// out to callers (DependenciesOf, DependentsOf) is never changed under
// them: the first change after a hand-out works on a copy; ReplaceEdge
// alone rewrites an edge's fields in the list itself.
type edgeList struct {
	es     []Edge
	idx    map[string]int32 // other end → position, for long lists out of order
	dead   int              // tombstones (Kind == 0)
	shared atomic.Bool      // es was handed out (set by readers, hence atomic)
	sorted bool             // es is in order, tombstones aside
}

// indexAbove is the length beyond which a list is indexed.
const indexAbove = 16

func (l *edgeList) end(e *Edge, out bool) string {
	if out {
		return e.To
	}
	return e.From
}

// find returns the position of the edge whose other end is id, and
// whether it is live (a tombstone's position is returned too, when the
// list has an index). A long list in order without tombstones is
// searched, and find writes nothing; another long list is indexed.
func (l *edgeList) find(id string, out bool) (int, bool) {
	if l.idx == nil && l.sorted && l.dead == 0 && len(l.es) > indexAbove {
		i := sort.Search(len(l.es), func(i int) bool { return l.end(&l.es[i], out) >= id })
		if i < len(l.es) && l.end(&l.es[i], out) == id {
			return i, true
		}
		return -1, false
	}
	if l.idx == nil && len(l.es) > indexAbove {
		l.idx = make(map[string]int32, len(l.es))
		for i := range l.es {
			if l.es[i].Kind != 0 {
				l.idx[l.end(&l.es[i], out)] = int32(i)
			}
		}
	}
	if l.idx != nil {
		i, ok := l.idx[id]
		if !ok {
			return -1, false
		}
		return int(i), l.es[i].Kind != 0
	}
	for i := range l.es {
		if l.es[i].Kind != 0 && l.end(&l.es[i], out) == id {
			return i, true
		}
	}
	return -1, false
}

// own makes es safe to change in place.
func (l *edgeList) own() {
	if l.shared.Load() {
		l.es = append([]Edge(nil), l.es...)
		l.shared.Store(false)
	}
}

// handOut returns es for a caller, who may keep it.
func (l *edgeList) handOut() []Edge {
	if !l.shared.Load() {
		l.shared.Store(true)
	}
	return l.es
}

// add appends an edge whose other end is not live in the list, reviving
// its tombstone if it has one.
func (l *edgeList) add(e Edge, out bool) {
	id := l.end(&e, out)
	// only a list with tombstones can hold one to revive (a graph being
	// built has none: no lookup, and no index made for a long list)
	if l.dead > 0 {
		if i, _ := l.find(id, out); i >= 0 { // a tombstone
			l.own()
			l.es[i] = e
			l.dead--
			return
		}
	}
	if n := len(l.es); n > 0 && l.end(&l.es[n-1], out) >= id {
		l.sorted = false
	}
	l.es = append(l.es, e)
	if l.idx != nil {
		l.idx[id] = int32(len(l.es) - 1)
	}
}

// remove drops the edge whose other end is id; it reports whether there
// was one.
func (l *edgeList) remove(id string, out bool) bool {
	i, live := l.find(id, out)
	if !live {
		return false
	}
	if len(l.es) <= indexAbove { // short: copy without it, as callers may hold es
		l.es = append(l.es[:i:i], l.es[i+1:]...)
		l.shared.Store(false)
		return true
	}
	l.own()
	l.es[i].Kind = 0
	l.dead++
	return true
}

// tidy drops tombstones and sorts the list.
func (l *edgeList) tidy(out bool) {
	if l.dead > 0 {
		fresh := make([]Edge, 0, len(l.es)-l.dead)
		for _, e := range l.es {
			if e.Kind != 0 {
				fresh = append(fresh, e)
			}
		}
		l.es, l.dead = fresh, 0
		l.shared.Store(false)
	}
	if !l.sorted {
		l.own()
		sort.Slice(l.es, func(i, j int) bool { return l.end(&l.es[i], out) < l.end(&l.es[j], out) })
		l.sorted = true
	}
	l.idx = nil // in order, no tombstones: find searches
}

// refList is a node's dependents: the indexes (Graph.verts) of the
// vertices of the nodes that need it, whose own lists hold the edges.
// Holding the dependent alone, not a copy of its edge, keeps the graph of
// a large state a third smaller; holding its index, not a pointer, halves
// the list again and leaves the collector nothing to scan in it.
// DependentsOf looks the edges up.
type refList struct {
	refs   []int32
	idx    map[string]int32 // dependent's ID → position, for long lists out of order
	dead   int32            // tombstones (-1)
	sorted bool             // in order of the dependents' IDs, tombstones aside
}

func (l *refList) find(vs []*vertex, id string) (int, bool) {
	if l.idx == nil && l.sorted && l.dead == 0 && len(l.refs) > indexAbove {
		i := sort.Search(len(l.refs), func(i int) bool { return vs[l.refs[i]].node.ID >= id })
		if i < len(l.refs) && vs[l.refs[i]].node.ID == id {
			return i, true
		}
		return -1, false
	}
	if l.idx == nil && len(l.refs) > indexAbove {
		l.idx = make(map[string]int32, len(l.refs))
		for i, r := range l.refs {
			if r >= 0 {
				l.idx[vs[r].node.ID] = int32(i)
			}
		}
	}
	if l.idx != nil {
		i, ok := l.idx[id]
		if !ok {
			return -1, false
		}
		return int(i), l.refs[i] >= 0
	}
	for i, r := range l.refs {
		if r >= 0 && vs[r].node.ID == id {
			return i, true
		}
	}
	return -1, false
}

// add records a dependent that is not live in the list.
func (l *refList) add(vs []*vertex, from *vertex) {
	id := from.node.ID
	if l.dead > 0 { // as for edgeList.add
		if i, _ := l.find(vs, id); i >= 0 { // its tombstone
			l.refs[i] = from.ix
			l.dead--
			return
		}
	}
	if n := len(l.refs); n > 0 && (l.refs[n-1] < 0 || vs[l.refs[n-1]].node.ID >= id) {
		l.sorted = false
	}
	l.refs = append(l.refs, from.ix)
	if l.idx != nil {
		l.idx[id] = int32(len(l.refs) - 1)
	}
}

func (l *refList) remove(vs []*vertex, id string) {
	i, live := l.find(vs, id)
	if !live {
		return
	}
	if len(l.refs) <= indexAbove {
		l.refs = append(l.refs[:i], l.refs[i+1:]...)
		return
	}
	l.refs[i] = -1
	l.dead++
}

func (l *refList) tidy(vs []*vertex) {
	if l.dead > 0 {
		live := l.refs[:0]
		for _, r := range l.refs {
			if r >= 0 {
				live = append(live, r)
			}
		}
		l.refs, l.dead = live, 0
	}
	if !l.sorted {
		sort.Slice(l.refs, func(i, j int) bool { return vs[l.refs[i]].node.ID < vs[l.refs[j]].node.ID })
		l.sorted = true
	}
	l.idx = nil // in order, no tombstones: find searches
}
