package graph

// StronglyConnected numbers the strongly connected components of a graph
// of n vertices, 0 to n-1, whose edges next gives: comp[v] is v's
// component. Components are numbered in the order they complete, so an
// edge between two components always goes to a lower number (a reverse
// topological order). Tarjan's algorithm, without recursion, so that a
// chain of any length fits the stack; linear in vertices and edges.
func StronglyConnected(n int, next func(v int) []int) (comp []int) {
	index, low := make([]int, n), make([]int, n) // index 0: not visited yet
	comp = make([]int, n)
	onStack := make([]bool, n)
	var stack []int
	type frame struct {
		v    int
		succ []int
		pos  int
	}
	counter, ncomp := 0, 0
	var call []frame // the path searched, kept from root to root
	for root := range n {
		if index[root] != 0 {
			continue
		}
		counter++
		index[root], low[root] = counter, counter
		stack = append(stack, root)
		onStack[root] = true
		call = append(call[:0], frame{v: root, succ: next(root)})
		for len(call) > 0 {
			f := &call[len(call)-1]
			if f.pos < len(f.succ) {
				w := f.succ[f.pos]
				f.pos++
				switch {
				case index[w] == 0:
					counter++
					index[w], low[w] = counter, counter
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{v: w, succ: next(w)})
				case onStack[w]:
					low[f.v] = min(low[f.v], index[w])
				}
				continue
			}
			v := f.v
			call = call[:len(call)-1]
			if len(call) > 0 {
				p := call[len(call)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
		}
	}
	return comp
}
