package binding

import (
	"fmt"
	"slices"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// TestCyclesLarge reports a ring of services on either side of the size
// up to which graph.Components asks dominikbraun/graph: a ring of 100 and
// one of 5,000, each one cycle through every service in order.
func TestCyclesLarge(t *testing.T) {
	for _, n := range []int{100, 5000} {
		g := graph.New()
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprintf("s%05d", i)
			if err := g.AddNode(&graph.Node{ID: ids[i], Kind: graph.KindService}); err != nil {
				t.Fatal(err)
			}
		}
		for i := range ids {
			if err := g.AddEdge(graph.Edge{From: ids[i], To: ids[(i+1)%n]}); err != nil {
				t.Fatal(err)
			}
		}
		got := Cycles(g, ids)
		if len(got) != 1 || !slices.Equal(got[0], ids) {
			t.Errorf("ring of %d: %d cycles, want one through every service", n, len(got))
		}
	}
}
