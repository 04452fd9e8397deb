package graph

import (
	"errors"
	"fmt"

	dgraph "github.com/dominikbraun/graph"
)

// libraryLimit is the largest graph, in vertices plus edges, whose
// strongly connected components Components leaves to dominikbraun/graph;
// larger ones go to StronglyConnected, which works on the integer lists
// themselves. The library copies the graph into a map of maps before it
// starts (AdjacencyMap) and recurses once per vertex of a path: already
// at 286 vertices plus edges it takes 58 times the time of
// StronglyConnected (100 against 1.7 µs) and 50 times its memory, more
// the larger the graph (BenchmarkComponents). One state pays that once
// and does not notice; an organisation of a thousand states of a hundred
// resources each paid it some 3,000 times, about 0.1 s of a 2.3 s load
// (BenchmarkOrgLoad on such a directory: 4-5% less CPU a load with the
// line at 64 than at 1,024). A variable so that tests can move it.
var libraryLimit = 64

// Components numbers the strongly connected components of a directed
// graph of n vertices, 0 to n-1, with the given number of edges, which
// next lists: comp[v] is v's component. Components are numbered in the
// order of their smallest vertex (the component of vertex 0 is 0), so
// that the numbering is the same whichever way it was computed. Small
// graphs (up to libraryLimit vertices plus edges) are handed to
// dominikbraun/graph through IndexModel, larger ones to
// StronglyConnected, which never holds every list at once.
func Components(n, edges int, next func(v int) []int) []int {
	if !small(n, edges) {
		return compactComponents(n, next)
	}
	adj := make([][]int, n)
	for v := range adj {
		adj[v] = next(v)
	}
	comp, err := libraryComponents(adj)
	if err != nil { // the view cannot fail; should it, the answer is the same
		return compactComponents(n, next)
	}
	return comp
}

// small reports whether a graph has at most libraryLimit vertices plus
// edges.
func small(n, edges int) bool { return n+edges <= libraryLimit }

// compactComponents is Components by StronglyConnected, whatever the
// graph's size.
func compactComponents(n int, next func(v int) []int) []int {
	return renumber(StronglyConnected(n, next), n)
}

// libraryComponents is Components by dominikbraun/graph's
// StronglyConnectedComponents over IndexModel, whatever the graph's size.
func libraryComponents(adj [][]int) ([]int, error) {
	sccs, err := dgraph.StronglyConnectedComponents(IndexModel(adj))
	if err != nil {
		return nil, fmt.Errorf("graph: strongly connected components: %w", err)
	}
	comp := make([]int, len(adj))
	for k, members := range sccs {
		for _, key := range members {
			comp[key-1] = k
		}
	}
	return renumber(comp, len(sccs)), nil
}

// renumber numbers components in the order of their smallest vertex;
// ncomp bounds the numbers comp holds.
func renumber(comp []int, ncomp int) []int {
	to := make([]int, ncomp)
	for i := range to {
		to[i] = -1
	}
	next := 0
	for v, k := range comp {
		if to[k] < 0 {
			to[k] = next
			next++
		}
		comp[v] = to[k]
	}
	return comp
}

// errIndexReadOnly is returned when an IndexModel is changed.
var errIndexReadOnly = errors.New("graph: an index model is read-only")

// IndexModel returns a read-only dominikbraun/graph view of a directed
// graph of len(adj) vertices, 0 to len(adj)-1, whose edges adj lists,
// so that the library's algorithms run on adjacency lists a caller
// already holds without their being added to the library's memory store
// first. Vertex v is the library's vertex v+1, keys and values: the
// library's Tarjan (v0.23.0) stops unwinding its stack at the key's zero
// value, so a vertex 0 would be dropped from its component and merged
// into a later one.
func IndexModel(adj [][]int) dgraph.Graph[int, int] {
	return dgraph.NewWithStore(dgraph.IntHash, dgraph.Store[int, int](indexStore(adj)), dgraph.Directed())
}

// indexStore is the dominikbraun/graph Store behind IndexModel.
type indexStore [][]int

var _ dgraph.Store[int, int] = indexStore(nil)

func (s indexStore) AddVertex(int, int, dgraph.VertexProperties) error { return errIndexReadOnly }

func (s indexStore) Vertex(key int) (int, dgraph.VertexProperties, error) {
	if key < 1 || key > len(s) {
		return 0, dgraph.VertexProperties{}, dgraph.ErrVertexNotFound
	}
	return key, dgraph.VertexProperties{}, nil
}

func (s indexStore) RemoveVertex(int) error { return errIndexReadOnly }

func (s indexStore) ListVertices() ([]int, error) {
	out := make([]int, len(s))
	for v := range out {
		out[v] = v + 1
	}
	return out, nil
}

func (s indexStore) VertexCount() (int, error) { return len(s), nil }

func (s indexStore) AddEdge(int, int, dgraph.Edge[int]) error { return errIndexReadOnly }

func (s indexStore) UpdateEdge(int, int, dgraph.Edge[int]) error { return errIndexReadOnly }

func (s indexStore) RemoveEdge(int, int) error { return errIndexReadOnly }

func (s indexStore) Edge(from, to int) (dgraph.Edge[int], error) {
	if from >= 1 && from <= len(s) {
		for _, w := range s[from-1] {
			if w+1 == to {
				return dgraph.Edge[int]{Source: from, Target: to}, nil
			}
		}
	}
	return dgraph.Edge[int]{}, dgraph.ErrEdgeNotFound
}

func (s indexStore) ListEdges() ([]dgraph.Edge[int], error) {
	n := 0
	for _, out := range s {
		n += len(out)
	}
	es := make([]dgraph.Edge[int], 0, n)
	for v, out := range s {
		for _, w := range out {
			es = append(es, dgraph.Edge[int]{Source: v + 1, Target: w + 1})
		}
	}
	return es, nil
}
