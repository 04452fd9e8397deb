package analyzer

import (
	"fmt"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// synthetic builds a layered system of n services: each service is a load
// balancer over the three subnets of its VPC, an auto scaling group over
// them, a table, and a function calling the next service's load balancer
// (a long chain, and a cycle closing it).
func synthetic(b *testing.B, n int) *graph.Graph {
	b.Helper()
	g := graph.New()
	add := func(id, typ, region, zone string, attrs map[string]string) {
		p := graph.Placement{Cloud: "aws", Region: region, Zone: zone, Rule: "attribute:region"}
		if err := g.AddNode(&graph.Node{ID: id, Type: typ, Kind: graph.KindResource, Mode: graph.ModeManaged, Placement: p, Attrs: attrs}); err != nil {
			b.Fatal(err)
		}
	}
	edge := func(from, to, via string) {
		if err := g.AddEdge(graph.Edge{From: from, To: to, Kind: graph.Hard, Via: via}); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		s := fmt.Sprintf("svc%05d", i)
		for _, z := range []string{"a", "b", "c"} {
			add(s+".subnet."+z, "aws_subnet", "us-east-1", "us-east-1"+z, nil)
		}
		add(s+".lb", "aws_lb", "us-east-1", "", nil)
		add(s+".asg", "aws_autoscaling_group", "us-east-1", "", nil)
		add(s+".table", "aws_dynamodb_table", "us-east-1", "", map[string]string{"replica.region_name": "us-west-2"})
		add(s+".fn", "aws_lambda_function", "us-east-1", "", nil)
		for _, z := range []string{"a", "b", "c"} {
			edge(s+".lb", s+".subnet."+z, "subnets")
			edge(s+".asg", s+".subnet."+z, "vpc_zone_identifier")
		}
		edge(s+".lb", s+".asg", "target")
		edge(s+".asg", s+".table", "user_data")
		edge(s+".fn", s+".lb", "environment")
		if i > 0 {
			edge(fmt.Sprintf("svc%05d.fn", i-1), s+".fn", "environment")
		}
	}
	edge(fmt.Sprintf("svc%05d.fn", n-1), "svc00000.fn", "environment")
	return g
}

func benchmarkRun(b *testing.B, n int) {
	a := New(synthetic(b, n), nil)
	zone := Scenario{Down: []Domain{{Kind: DomainZone, Cloud: "aws", Zone: "us-east-1a", Region: "us-east-1"}}}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := a.Run(zone)
		if r.Summary.Degraded == 0 {
			b.Fatal("nothing degraded")
		}
	}
}

// BenchmarkRun1k and BenchmarkRun10k should differ by about ten times:
// a scenario is linear in the graph.
func BenchmarkRun1k(b *testing.B)  { benchmarkRun(b, 1000) }
func BenchmarkRun10k(b *testing.B) { benchmarkRun(b, 10000) }
