package graph

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomAdj returns a random directed graph of n vertices and about
// n*degree edges, with duplicates and self-loops, as adjacency lists.
func randomAdj(r *rand.Rand, n int, degree float64) [][]int {
	adj := make([][]int, n)
	for e := 0; e < int(float64(n)*degree); e++ {
		v := r.IntN(n)
		adj[v] = append(adj[v], r.IntN(n))
	}
	return adj
}

// TestComponentsPaths holds the library path and the compact path to the
// same numbering, on random graphs from sparse (mostly components of one)
// to dense (one large component), and on the shapes that matter: rings,
// a chain, self-loops and an empty graph.
func TestComponentsPaths(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := map[string][][]int{
		"empty":     {},
		"one":       {nil},
		"self-loop": {{0}, {1, 0}},
		"ring":      {{1}, {2}, {0}, {0}, {4}, nil},
		"two rings": {{1}, {0, 2}, {3}, {2}},
	}
	chain := make([][]int, 2000)
	for v := range chain {
		if v+1 < len(chain) {
			chain[v] = []int{v + 1}
		}
	}
	cases["chain"] = chain
	for i := range 300 {
		n := 1 + r.IntN(200)
		degree := []float64{0.5, 1, 1.5, 3}[i%4]
		cases[fmt.Sprintf("random %d n=%d degree=%.1f", i, n, degree)] = randomAdj(r, n, degree)
	}
	distinct := 0
	for name, adj := range cases {
		lib, err := libraryComponents(adj)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		compact := compactComponents(len(adj), func(v int) []int { return adj[v] })
		if !slices.Equal(lib, compact) {
			t.Fatalf("%s: library %v, compact %v", name, lib, compact)
		}
		// the components are strongly connected and nothing more: u and
		// v share one exactly when each reaches the other
		reach := reachability(adj)
		for u := range adj {
			for v := range adj {
				if same, mutual := lib[u] == lib[v], reach[u][v] && reach[v][u]; same != mutual {
					t.Fatalf("%s: %d and %d in one component %v, reach each other %v", name, u, v, same, mutual)
				}
			}
		}
		if len(adj) > 0 && slices.Max(lib)+1 < len(adj) {
			distinct++
		}
		edges := 0
		for _, out := range adj {
			edges += len(out)
		}
		if got := Components(len(adj), edges, func(v int) []int { return adj[v] }); !slices.Equal(got, compact) {
			t.Fatalf("%s: Components %v, want %v", name, got, compact)
		}
	}
	if distinct < 100 {
		t.Fatalf("only %d graphs have a component of more than one vertex", distinct)
	}
}

// reachability returns, by vertex, the vertices it reaches (itself too).
func reachability(adj [][]int) [][]bool {
	out := make([][]bool, len(adj))
	for s := range adj {
		seen := make([]bool, len(adj))
		seen[s] = true
		stack := []int{s}
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, w := range adj[v] {
				if !seen[w] {
					seen[w] = true
					stack = append(stack, w)
				}
			}
		}
		out[s] = seen
	}
	return out
}

// TestComponentsChooses checks where the line between the two paths is
// drawn: vertices plus edges.
func TestComponentsChooses(t *testing.T) {
	defer func(l int) { libraryLimit = l }(libraryLimit)
	for limit, want := range map[int]bool{0: false, 7: false, 8: true, 100: true} {
		libraryLimit = limit
		if got := small(4, 4); got != want {
			t.Errorf("limit %d: small %v, want %v", limit, got, want)
		}
	}
}

func TestIndexModel(t *testing.T) {
	m := IndexModel([][]int{{1}, {2}, nil})
	if n, err := m.Order(); err != nil || n != 3 {
		t.Fatalf("order %d %v", n, err)
	}
	if s, err := m.Size(); err != nil || s != 2 {
		t.Fatalf("size %d %v", s, err)
	}
	// vertex v is the library's v+1
	if _, err := m.Edge(2, 3); err != nil {
		t.Fatalf("edge 1→2: %v", err)
	}
	if _, err := m.Edge(3, 2); err == nil {
		t.Fatal("reverse edge found")
	}
	if _, err := m.Vertex(0); err == nil {
		t.Fatal("vertex 0 of the library found")
	}
	if err := m.AddEdge(3, 1); err == nil {
		t.Fatal("the view was changed")
	}
	order, err := m.Order()
	if err != nil || order != 3 {
		t.Fatalf("order after a refused change: %d %v", order, err)
	}
}
