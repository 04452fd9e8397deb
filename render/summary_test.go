package render

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/graph"
)

// The summary counts the states as a partition of the nodes and the
// frozen apart, as the part of them that is frozen: a failed node that is
// also frozen is counted once among the states.
func TestCountsTextFrozenOverlaps(t *testing.T) {
	g := graph.New()
	add := func(n *graph.Node) {
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	// a regional function in us-east-1 (fails) using a global IAM role
	// (frozen: its control plane is homed there) and a bucket elsewhere
	add(&graph.Node{ID: "aws_lambda_function.f", Kind: graph.KindResource, Type: "aws_lambda_function", Address: "aws_lambda_function.f",
		Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Rule: "attribute:region"}})
	add(&graph.Node{ID: "aws_iam_role.r", Kind: graph.KindResource, Type: "aws_iam_role", Address: "aws_iam_role.r",
		Placement: graph.Placement{Cloud: "aws", Rule: "global"}})
	// a global distribution frozen the same way: it serves
	add(&graph.Node{ID: "aws_cloudfront_distribution.d", Kind: graph.KindResource, Type: "aws_cloudfront_distribution",
		Address: "aws_cloudfront_distribution.d", Placement: graph.Placement{Cloud: "aws", Rule: "global"}})
	add(&graph.Node{ID: "aws_s3_bucket.b", Kind: graph.KindResource, Type: "aws_s3_bucket", Address: "aws_s3_bucket.b",
		Placement: graph.Placement{Cloud: "aws", Region: "eu-west-1", Rule: "attribute:region"}})
	if err := g.AddEdge(graph.Edge{From: "aws_lambda_function.f", To: "aws_iam_role.r", Kind: graph.Control, Via: "role"}); err != nil {
		t.Fatal(err)
	}
	if err := g.AddEdge(graph.Edge{From: "aws_lambda_function.f", To: "aws_cloudfront_distribution.d", Kind: graph.Control, Via: "x"}); err != nil {
		t.Fatal(err)
	}
	a := analyzer.New(g, nil)
	d, err := analyzer.ParseDomain("aws:us-east-1", g)
	if err != nil {
		t.Fatal(err)
	}
	res := a.Run(analyzer.Scenario{Down: []analyzer.Domain{d}})
	s := res.Summary
	if s.Failed+s.Degraded+s.Healthy+s.Affected != s.Nodes {
		t.Fatalf("states do not partition the nodes: %+v", s)
	}
	if s.Frozen < 2 || s.FrozenOnly != 1 || s.Affected != 1 {
		t.Fatalf("want the failed function and the healthy distribution frozen, one of them healthy, and the role affected: %+v", s)
	}
	got := CountsText(s, ", ")
	want := "1 failed, 0 degraded, 2 healthy, 1 affected (configuration) of 4; 2 of them frozen"
	if got != want {
		t.Errorf("CountsText = %q, want %q", got, want)
	}
	if line := SummaryLine(res); !strings.HasPrefix(line, "aws:us-east-1: "+want) {
		t.Errorf("SummaryLine = %q", line)
	}
	if got := CountsText(analyzer.Summary{Nodes: 4, Healthy: 3, Failed: 1}, " · "); got != "1 failed · 0 degraded · 3 healthy of 4" {
		t.Errorf("nothing frozen: %q", got)
	}
	if got := RadiusText(checks.Radius{Failed: 2, Degraded: 1, Frozen: 3}); got != "2 failed, 1 degraded; 3 frozen" {
		t.Errorf("RadiusText = %q", got)
	}
}
