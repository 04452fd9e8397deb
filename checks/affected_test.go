package checks

import (
	"testing"

	"github.com/blast-dev/blast/graph"
)

// withConfiguration adds, to the shop, a security group and a route-table
// association in zone a that the database depends on: configuration
// objects that fail (by propagation) with the zone.
func withConfiguration(t *testing.T, g *graph.Graph, sgZone string) *graph.Graph {
	t.Helper()
	for _, n := range []*graph.Node{
		{ID: "aws_security_group.db", Kind: graph.KindResource, Type: "aws_security_group", Address: "aws_security_group.db",
			Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1" + sgZone, Rule: "attribute:availability_zone"}},
		{ID: "aws_route_table_association.a", Kind: graph.KindResource, Type: "aws_route_table_association", Address: "aws_route_table_association.a",
			Placement: graph.Placement{Cloud: "aws", Region: "us-east-1", Zone: "us-east-1a", Rule: "attribute:availability_zone"}},
	} {
		if err := g.AddNode(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := g.AddEdge(graph.Edge{From: "aws_route_table_association.a", To: "aws_db_instance.main", Kind: graph.Hard, Via: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := g.AddEdge(graph.Edge{From: "aws_db_instance.main", To: "aws_security_group.db", Kind: graph.Hard, Via: "vpc_security_group_ids"}); err != nil {
		t.Fatal(err)
	}
	return g
}

// Policies count what serves: a limit of two failed resources holds when
// zone a fails the database and its instance and, by propagation, two
// configuration objects; a survive policy over the configuration objects
// has nothing to hold. A configuration object whose outcome changes is
// kept, marked, and counts in no trend or verdict.
func TestPoliciesCountServingOnly(t *testing.T) {
	one, two := 1, 2
	base, head := shop(t, "a", "b"), withConfiguration(t, shop(t, "a", "b"), "a")
	c := check(t, base, head, EvalOptions{Policies: []Policy{
		{Name: "two-resources", MaxResourcesDown: &two, In: []string{"aws:us-east-1a"}},
		{Name: "config-survives", Resources: []string{"aws_security_group.*", "aws_route_table_association.*"}, Survive: []string{"aws:us-east-1a"}, Worst: "healthy"},
	}})
	for _, f := range c.Findings {
		if f.Kind == FindingViolation {
			t.Errorf("violation counting configuration: %s", f.Message)
		}
	}
	c = check(t, base, head, EvalOptions{Policies: []Policy{{Name: "one-resource", MaxResourcesDown: &one, In: []string{"aws:us-east-1a"}}}})
	if len(c.Findings) != 1 || c.Findings[0].Message != `aws:us-east-1a takes down 2 resources (policy "one-resource" allows 1): aws_db_instance.main, aws_instance.web_a` {
		t.Fatalf("findings %+v", c.Findings)
	}

	// the security group moves from zone a to zone b: it (configuration)
	// and the database (serving) fare differently in both zones
	c = check(t, withConfiguration(t, shop(t, "a", "b"), "a"), withConfiguration(t, shop(t, "a", "b"), "b"), EvalOptions{})
	if len(c.Affected()) == 0 {
		t.Fatalf("no configuration change kept: %+v", c.Changes)
	}
	for _, ch := range c.Affected() {
		if !ch.Configuration || ch.Node == "aws_db_instance.main" {
			t.Errorf("Affected() lists what serves: %+v", ch)
		}
	}
	db := false
	for _, ch := range append(c.Worse(), c.Better()...) {
		if ch.Configuration {
			t.Errorf("Worse()/Better() list configuration: %+v", ch)
		}
		db = db || ch.Node == "aws_db_instance.main"
	}
	if !db {
		t.Errorf("the database's change is missing: %+v", c.Changes)
	}
	for _, tr := range c.Trends {
		if tr.Node == "aws_security_group.db" || tr.Node == "aws_route_table_association.a" {
			t.Errorf("trend of a configuration object: %+v", tr)
		}
	}
}
