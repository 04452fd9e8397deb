package checks

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/graph"
)

// replicaPair is a load balancer over two instances in two zones; with
// shared, both read one regional secret.
func replicaPair(t *testing.T, shared bool) *graph.Graph {
	t.Helper()
	g := graph.New()
	add := func(id, typ, zone string) {
		p := graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: zone, Rule: "attribute:region"}
		if err := g.AddNode(&graph.Node{ID: id, Kind: graph.KindResource, Type: typ, Address: id, Mode: graph.ModeManaged, Placement: p}); err != nil {
			t.Fatal(err)
		}
	}
	add("aws_lb.web", "aws_lb", "")
	add("aws_instance.a", "aws_instance", "us-east-1a")
	add("aws_instance.b", "aws_instance", "us-east-1b")
	add("aws_secretsmanager_secret.db", "aws_secretsmanager_secret", "")
	for _, m := range []string{"a", "b"} {
		_ = g.AddEdge(graph.Edge{From: "aws_lb.web", To: "aws_instance." + m, Kind: graph.Hard, Group: "targets", Via: "target_id"})
		if shared {
			_ = g.AddEdge(graph.Edge{From: "aws_instance." + m, To: "aws_secretsmanager_secret.db", Kind: graph.Hard, Via: "secret_arn"})
		}
	}
	g.SetGroup("aws_lb.web", graph.Group{Name: "targets", Need: 1})
	return g
}

// A no_shared_fate policy is violated by the change that makes two
// replicas read one regional secret, names the secret and points at it;
// a selection that leaves the group's holder out is not violated.
func TestNoSharedFatePolicy(t *testing.T) {
	base, head := replicaPair(t, false), replicaPair(t, true)
	p := Policy{Name: "independent-replicas", NoSharedFate: true}
	chk, err := Run(Side{Analyzer: analyzer.New(base, nil)}, Side{Analyzer: analyzer.New(head, nil)}, nil,
		EvalOptions{Policies: []Policy{p}, Today: "2026-01-15"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var vs []Finding
	for _, f := range chk.Findings {
		if f.Kind == FindingViolation {
			vs = append(vs, f)
		}
	}
	if len(vs) != 1 || !vs[0].New || vs[0].Resource != "aws_secretsmanager_secret.db" || !chk.Verdict.Fail ||
		!strings.Contains(vs[0].Message, "all depend on aws_secretsmanager_secret.db (lost with aws:us-east-1/secretsmanager)") {
		t.Fatalf("violations %+v (verdict %+v)", vs, chk.Verdict)
	}
	if chk.Policies[0].Status != "violated" || chk.Policies[0].Before != 0 {
		t.Errorf("policy result %+v", chk.Policies[0])
	}
	p.Resources = []string{"aws_instance.*"}
	chk, err = Run(Side{Analyzer: analyzer.New(base, nil)}, Side{Analyzer: analyzer.New(head, nil)}, nil,
		EvalOptions{Policies: []Policy{p}, Today: "2026-01-15"}, nil)
	if err != nil || chk.Policies[0].Status != "ok" {
		t.Fatalf("selection without the holder: %v %+v", err, chk.Policies)
	}
	// no_shared_fate does not mix with the other kinds
	bad := Policy{Name: "mixed", NoSharedFate: true, Survive: []string{AnyZone}, Services: []string{"*"}}
	if _, err := compilePolicies([]Policy{bad}, nil); err == nil || !strings.Contains(err.Error(), "no_shared_fate") {
		t.Errorf("mixed policy: %v", err)
	}
}

// RunRisk keeps the rows --service names and refuses a selection that
// matches nothing and an order out of range.
func TestRunRiskOptions(t *testing.T) {
	a := analyzer.New(replicaPair(t, true), nil)
	r, err := RunRisk(a, RiskOptions{Order: 2, Targets: []string{"aws_lb.*"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Targets) != 1 || r.Targets[0].ID != "aws_lb.web" || r.Targets[0].Smallest != 1 {
		t.Fatalf("targets %+v", r.Targets)
	}
	if _, err := RunRisk(a, RiskOptions{Order: 2, Targets: []string{"nope"}}); err == nil || !strings.Contains(err.Error(), "matches none") {
		t.Errorf("unmatched selection: %v", err)
	}
	if _, err := RunRisk(a, RiskOptions{Order: 4}); err == nil || !strings.Contains(err.Error(), "--order 4") {
		t.Errorf("order 4: %v", err)
	}
}
