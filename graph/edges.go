package graph

import "sort"

// edgeRec is an edge as its dependent's list holds it: its dependency by
// vertex index and its group and via by their place in the graph's
// string table (Graph.strs), so that a list holds no pointer for the
// collector to mark and an edge takes 16 bytes, not 80 (four strings). The
// dependent is the list's owner. Edges are made from it when handed out
// (Graph.edge).
type edgeRec struct {
	to       int32 // the dependency's vertex (Graph.verts)
	group    int32 // Group, in Graph.strs (0 for none)
	via      int32 // Via, in Graph.strs (0 for none)
	kind     EdgeKind
	inferred bool
}

// edgeList is a node's edges to its dependencies, sorted by the
// dependency's ID when tidy.
//
// Lists may be long (a service bound to every resource carrying its tag)
// and are edited in place (redundancy inference rewrites each edge of a
// node), so lookups in a long list search it while it is in order and
// go through an index while it is not, and removal from a long list
// leaves a tombstone that re-adding the same edge revives. Tidying a list
// drops its index: a built graph keeps no map per long list. Callers never
// hold the list itself: DependenciesOf copies it into edges, and a Deps
// view reads it only until the graph next changes.
type edgeList struct {
	es     []edgeRec
	idx    map[int32]int32 // dependency's vertex → position, for long lists out of order
	dead   int             // tombstones (kind 0)
	sorted bool            // es is in order, tombstones aside
}

// indexAbove is the length beyond which a list is indexed.
const indexAbove = 16

// find returns the position of the edge to the vertex to (whose node's
// ID is id), and whether it is live (a tombstone's position is returned
// too, when the list has an index). A long list in order without
// tombstones is searched, and find writes nothing; another long list is
// indexed.
func (l *edgeList) find(vs []*vertex, to int32, id string) (int, bool) {
	if l.idx == nil && l.sorted && l.dead == 0 && len(l.es) > indexAbove {
		i := sort.Search(len(l.es), func(i int) bool { return vs[l.es[i].to].node.ID >= id })
		if i < len(l.es) && l.es[i].to == to {
			return i, true
		}
		return -1, false
	}
	if l.idx == nil && len(l.es) > indexAbove {
		l.idx = make(map[int32]int32, len(l.es))
		for i := range l.es {
			if l.es[i].kind != 0 {
				l.idx[l.es[i].to] = int32(i)
			}
		}
	}
	if l.idx != nil {
		i, ok := l.idx[to]
		if !ok {
			return -1, false
		}
		return int(i), l.es[i].kind != 0
	}
	for i := range l.es {
		if l.es[i].to == to && l.es[i].kind != 0 {
			return i, true
		}
	}
	return -1, false
}

// add appends an edge whose dependency is not live in the list, reviving
// its tombstone if it has one.
func (l *edgeList) add(vs []*vertex, e edgeRec) {
	// only a list with tombstones can hold one to revive (a graph being
	// built has none: no lookup, and no index made for a long list)
	if l.dead > 0 {
		if i, _ := l.find(vs, e.to, vs[e.to].node.ID); i >= 0 { // a tombstone
			l.es[i] = e
			l.dead--
			return
		}
	}
	if n := len(l.es); n > 0 && l.sorted && vs[l.es[n-1].to].node.ID >= vs[e.to].node.ID {
		l.sorted = false
	}
	l.es = append(l.es, e)
	if l.idx != nil {
		l.idx[e.to] = int32(len(l.es) - 1)
	}
}

// remove drops the edge to the vertex to (whose node's ID is id); it
// reports whether there was one.
func (l *edgeList) remove(vs []*vertex, to int32, id string) bool {
	i, live := l.find(vs, to, id)
	if !live {
		return false
	}
	if len(l.es) <= indexAbove { // short: a new list without it (a long one keeps a tombstone)
		l.es = append(l.es[:i:i], l.es[i+1:]...)
		return true
	}
	l.es[i].kind = 0
	l.dead++
	return true
}

// tidy drops tombstones and sorts the list by the dependencies' IDs.
func (l *edgeList) tidy(vs []*vertex) {
	if l.dead > 0 {
		fresh := make([]edgeRec, 0, len(l.es)-l.dead)
		for _, e := range l.es {
			if e.kind != 0 {
				fresh = append(fresh, e)
			}
		}
		l.es, l.dead = fresh, 0
	}
	if !l.sorted {
		es := l.es
		sort.Slice(es, func(i, j int) bool { return vs[es[i].to].node.ID < vs[es[j].to].node.ID })
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
