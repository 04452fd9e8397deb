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
		for _, e := range g.DependenciesOf(id) {
			if in[e.To] {
				out = append(out, e.To)
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

// components returns the strongly connected components (Tarjan's
// algorithm, iterative so deep chains cannot exhaust the stack).
func components(order []string, next func(string) []string) [][]string {
	index := map[string]int{}
	low := map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var out [][]string
	counter := 0
	type frame struct {
		id   string
		succ []string
		pos  int
	}
	for _, root := range order {
		if _, seen := index[root]; seen {
			continue
		}
		index[root], low[root] = counter, counter
		counter++
		stack = append(stack, root)
		onStack[root] = true
		call := []frame{{id: root, succ: next(root)}}
		for len(call) > 0 {
			f := &call[len(call)-1]
			if f.pos < len(f.succ) {
				w := f.succ[f.pos]
				f.pos++
				if _, seen := index[w]; !seen {
					index[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{id: w, succ: next(w)})
				} else if onStack[w] && index[w] < low[f.id] {
					low[f.id] = index[w]
				}
				continue
			}
			v := f.id
			call = call[:len(call)-1]
			if len(call) > 0 {
				if p := call[len(call)-1].id; low[v] < low[p] {
					low[p] = low[v]
				}
			}
			if low[v] == index[v] {
				var comp []string
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp = append(comp, w)
					if w == v {
						break
					}
				}
				sort.Strings(comp)
				out = append(out, comp)
			}
		}
	}
	return out
}

// cycleIn finds a shortest cycle through the smallest node of a strongly
// connected component, by breadth-first search inside it.
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
