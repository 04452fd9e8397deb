package graph_test

import (
	"fmt"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// benchShape returns n nodes shaped like a module-heavy state (cells of
// twenty resources sharing a few network resources) and about five edges
// per node.
func benchShape(n int) ([]*graph.Node, []graph.Edge) {
	nodes := make([]*graph.Node, 0, n)
	var edges []graph.Edge
	shared := []string{}
	for i := 0; i < 12 && i < n; i++ {
		id := fmt.Sprintf("module.network[\"r%d\"].aws_subnet.private[%d]", i/3, i%3)
		shared = append(shared, id)
		nodes = append(nodes, &graph.Node{ID: id, Kind: graph.KindResource, Type: "aws_subnet", Address: id})
	}
	for c := 0; len(nodes) < n; c++ {
		var prev []string
		for r := 0; r < 20 && len(nodes) < n; r++ {
			id := fmt.Sprintf("module.cell[\"cell-%04d\"].aws_res_%02d.this", c, r)
			nodes = append(nodes, &graph.Node{ID: id, Kind: graph.KindResource, Type: fmt.Sprintf("aws_res_%02d", r), Address: id})
			for k := 0; k < 3 && k < len(prev); k++ {
				edges = append(edges, graph.Edge{From: id, To: prev[len(prev)-1-k], Kind: graph.Hard, Via: "dependencies"})
			}
			if len(shared) > 0 {
				edges = append(edges, graph.Edge{From: id, To: shared[(c+r)%len(shared)], Kind: graph.Hard, Via: "subnet_id"},
					graph.Edge{From: id, To: shared[(c+r+1)%len(shared)], Kind: graph.Soft, Via: "subnet_ids", Group: "subnets"})
			}
			prev = append(prev, id)
		}
	}
	return nodes, edges
}

// BenchmarkBuild measures adding nodes and edges, then listing them in
// their stable order.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000, 100000} {
		nodes, edges := benchShape(n)
		b.Run(fmt.Sprintf("%dk", n/1000), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g := graph.New()
				for _, nd := range nodes {
					cp := *nd
					if err := g.AddNode(&cp); err != nil {
						b.Fatal(err)
					}
				}
				for _, e := range edges {
					if err := g.AddEdge(e); err != nil {
						b.Fatal(err)
					}
				}
				if len(g.Edges()) != len(edges) {
					b.Fatal("edge count")
				}
			}
			b.ReportMetric(float64(len(edges)), "edges")
		})
	}
}
