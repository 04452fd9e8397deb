package binding

import (
	"sort"
	"strings"

	"github.com/blast-dev/blast/graph"
)

// Cycles returns the dependency cycles among the given nodes (edges that
// leave the set are ignored): one cycle per strongly connected component
// of two or more nodes, starting at its smallest ID and following the
// smallest next ID. The result is sorted and deterministic.
func Cycles(g *graph.Graph, ids []string) [][]string {
	in := make(map[string]bool, len(ids))
	for _, id := range ids {
		in[id] = true
	}
	order := make([]string, 0, len(in))
	for id := range in {
		order = append(order, id)
	}
	sort.Strings(order)
	next := func(id string) []string {
		var out []string
		deps := g.DepsOf(id)
		for j := range deps.Len() {
			if to := deps.To(j).ID; in[to] {
				out = append(out, to)
			}
		}
		return out
	}
	var cycles [][]string
	for _, comp := range components(order, next) {
		if len(comp) < 2 {
			continue
		}
		cycles = append(cycles, cycleIn(comp, next))
	}
	sort.Slice(cycles, func(i, j int) bool { return cycles[i][0] < cycles[j][0] })
	return cycles
}

// WarnCycles records one graph warning per cycle among the given nodes.
// Cycles are allowed: propagation handles them; the warning only says
// that the nodes on it stand or fall together.
func WarnCycles(g *graph.Graph, source string, ids []string) {
	for _, c := range Cycles(g, ids) {
		g.Warn(source, "dependency cycle: %s -> %s (allowed, not an error)", strings.Join(c, " -> "), c[0])
	}
}

// components returns the strongly connected components of the nodes in
// order (graph.Components: dominikbraun/graph for a few hundred services,
// blast's own beyond), each sorted.
func components(order []string, next func(string) []string) [][]string {
	pos := make(map[string]int, len(order))
	for i, id := range order {
		pos[id] = i
	}
	adj := make([][]int, len(order))
	edges := 0
	for v, id := range order {
		for _, w := range next(id) {
			adj[v] = append(adj[v], pos[w])
		}
		edges += len(adj[v])
	}
	comp := graph.Components(len(order), edges, func(v int) []int { return adj[v] })
	groups := map[int][]string{}
	for i, k := range comp {
		groups[k] = append(groups[k], order[i]) // order is sorted: so is each group
	}
	out := make([][]string, 0, len(groups))
	for _, g := range groups {
		out = append(out, g)
	}
	return out
}

// cycleIn finds a shortest cycle through the smallest node of a strongly
// connected component, by breadth-first search inside it, the next nodes
// in sorted order so that of several shortest cycles the same one is
// reported every time (dominikbraun/graph's ShortestPath returns any one
// of them, as its map order falls).
func cycleIn(comp []string, next func(string) []string) []string {
	member := make(map[string]bool, len(comp))
	for _, id := range comp {
		member[id] = true
	}
	start := comp[0]
	prev := map[string]string{}
	queue := []string{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range next(v) {
			if !member[w] {
				continue
			}
			if w == start {
				path := []string{v}
				for path[0] != start {
					path = append([]string{prev[path[0]]}, path...)
				}
				return path
			}
			if _, seen := prev[w]; !seen {
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	return comp // unreachable for a strongly connected component
}
