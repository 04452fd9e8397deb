package graph

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// stateShape returns the recorded dependencies of n resources shaped like
// a module-heavy state: cells of twenty resources, each recording every
// resource before it in its cell (Terraform records the closure) and one
// of twelve shared subnets.
func stateShape(n int) [][]int {
	adj := make([][]int, n)
	const shared = 12
	for v := shared; v < n; v++ {
		cellStart := shared + (v-shared)/20*20
		for w := cellStart; w < v; w++ {
			adj[v] = append(adj[v], w)
		}
		adj[v] = append(adj[v], v%shared)
	}
	return adj
}

// catalogShape returns n catalog entities with about two references each,
// a few of them back, so that components of several entities form.
func catalogShape(n int) [][]int {
	return randomAdj(rand.New(rand.NewPCG(3, 4)), n, 2)
}

// BenchmarkComponents compares the two ways Components can number the
// strongly connected components: dominikbraun/graph over IndexModel
// (library) and StronglyConnected on the lists themselves (compact), on
// a state's recorded dependencies and on a service catalog, from a few
// hundred vertices plus edges to a large state's.
func BenchmarkComponents(b *testing.B) {
	shapes := []struct {
		name string
		adj  func(int) [][]int
	}{{"state", stateShape}, {"catalog", catalogShape}}
	for _, shape := range shapes {
		for _, n := range []int{40, 400, 4000, 40000} {
			adj := shape.adj(n)
			size := n
			for _, out := range adj {
				size += len(out)
			}
			b.Run(fmt.Sprintf("%s/n=%d/size=%d/library", shape.name, n, size), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := libraryComponents(adj); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/n=%d/size=%d/compact", shape.name, n, size), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					compactComponents(len(adj), func(v int) []int { return adj[v] })
				}
			})
		}
	}
}
