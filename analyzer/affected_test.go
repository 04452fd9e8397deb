package analyzer

import (
	"testing"

	"github.com/blast-dev/blast/analyzer/platform"
)

// Configuration objects are classified, not propagated differently: the
// instance that needs its security group still fails with it; the group
// and the route-table association are affected and counted apart; the
// IAM role (global, its control plane in us-east-1) is affected, not a
// frozen-only healthy node.
func TestAffectedClassification(t *testing.T) {
	g := build(t, []tn{
		{id: "aws_instance.app", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "aws_security_group.app", typ: "aws_security_group", region: "us-east-1"},
		{id: "aws_subnet.a", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1a"},
		{id: "aws_route_table_association.a", typ: "aws_route_table_association", region: "us-east-1"},
		{id: "aws_iam_role.app", typ: "aws_iam_role"},
		{id: "aws_lambda_function.west", typ: "aws_lambda_function", region: "us-west-2"},
	}, []te{
		{from: "aws_instance.app", to: "aws_security_group.app", via: "vpc_security_group_ids"},
		{from: "aws_instance.app", to: "aws_subnet.a", via: "subnet_id"},
		{from: "aws_route_table_association.a", to: "aws_subnet.a", via: "subnet_id"},
		{from: "aws_lambda_function.west", to: "aws_iam_role.app", via: "role", kind: "control"},
	})
	a := New(g, nil)
	d, err := ParseDomain("aws:us-east-1", g)
	if err != nil {
		t.Fatal(err)
	}
	r := a.Run(Scenario{Down: []Domain{d}})
	// propagation is what it always was
	expect(t, r, map[string]string{
		"aws_instance.app": "failed", "aws_security_group.app": "failed", "aws_subnet.a": "failed",
		"aws_route_table_association.a": "failed", "aws_iam_role.app": "healthy+frozen", "aws_lambda_function.west": "healthy+frozen",
	})
	for id, conf := range map[string]bool{"aws_instance.app": false, "aws_subnet.a": false, "aws_security_group.app": true,
		"aws_route_table_association.a": true, "aws_iam_role.app": true} {
		im, ok := r.Impact(id)
		if !ok || im.Configuration != conf || im.Affected() != conf {
			t.Errorf("%s: impact %v, configuration %v, want %v", id, ok, im.Configuration, conf)
		}
		if a.Configuration(id) != conf {
			t.Errorf("%s: Analyzer.Configuration = %v", id, !conf)
		}
	}
	want := Summary{Nodes: 6, Healthy: 1, Failed: 2, Affected: 3, Frozen: 1, FrozenOnly: 1} // the function is frozen through its role, and serves
	if r.Summary != want {
		t.Errorf("summary %+v, want %+v", r.Summary, want)
	}
	if s := r.Summary; s.Healthy+s.Degraded+s.Failed+s.Affected != s.Nodes {
		t.Errorf("states do not partition the nodes: %+v", s)
	}

	// blast.toml says security groups serve: the same run counts it failed
	k := platform.Default()
	if err := k.OverrideRoles([]platform.RoleRule{{Match: "aws_security_group", Role: platform.Serving, Reason: "ours"}}); err != nil {
		t.Fatal(err)
	}
	r = New(g, k).Run(Scenario{Down: []Domain{d}})
	if r.Summary.Failed != 3 || r.Summary.Affected != 2 {
		t.Errorf("with security groups serving: %+v", r.Summary)
	}
}
