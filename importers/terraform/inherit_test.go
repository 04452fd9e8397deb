package terraform

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// inheritGraph builds a graph from instances given as address, attributes
// and recorded dependencies, all of the AWS provider.
func inheritGraph(t *testing.T, insts ...*Instance) *graph.Graph {
	t.Helper()
	prov, err := ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range insts {
		in.Provider, in.Mode = prov, "managed"
		in.Type = strings.Split(strings.TrimPrefix(in.Address, "module.vpc."), ".")[0]
		in.Name = "x"
	}
	g := graph.New()
	if err := Build(insts, g, Options{File: "s.tfstate", ID: func(a string) string { return a }}); err != nil {
		t.Fatal(err)
	}
	return g
}

func placementOf(t *testing.T, g *graph.Graph, id string) graph.Placement {
	t.Helper()
	n, ok := g.Node(id)
	if !ok {
		t.Fatalf("no node %s", id)
	}
	return n.Placement
}

// TestInheritNamesTheSourceOfTheZone: a NAT gateway records its Elastic IP
// (placed in the region only, by its ARN) and its subnet (placed in a
// zone); its zone is the subnet's, and the rule names the subnet, the
// attribute that references it and the subnet's own attribute, never the
// Elastic IP that sorts first. A route through the gateway inherits from
// the gateway, and its rule carries the whole chain down to the attribute.
func TestInheritNamesTheSourceOfTheZone(t *testing.T) {
	g := inheritGraph(t,
		&Instance{Address: "module.vpc.aws_eip.nat[0]", Key: 0., Attrs: AttrsOf(map[string]any{"id": "eipalloc-1", "domain": "vpc",
			"arn": "arn:aws:ec2:us-east-1:1:elastic-ip/eipalloc-1"})},
		&Instance{Address: "module.vpc.aws_subnet.public[0]", Key: 0., Attrs: AttrsOf(map[string]any{"id": "subnet-a", "availability_zone": "us-east-1a"})},
		&Instance{Address: "module.vpc.aws_nat_gateway.this[0]", Key: 0., Attrs: AttrsOf(map[string]any{"id": "nat-1", "allocation_id": "eipalloc-1", "subnet_id": "subnet-a"}),
			Deps: []string{"module.vpc.aws_eip.nat", "module.vpc.aws_subnet.public"}},
		&Instance{Address: "module.vpc.aws_route.private_nat_gateway[0]", Key: 0., Attrs: AttrsOf(map[string]any{"id": "r-1", "nat_gateway_id": "nat-1"}),
			Deps: []string{"module.vpc.aws_nat_gateway.this"}},
	)
	nat := placementOf(t, g, "module.vpc.aws_nat_gateway.this[0]")
	if nat.Zone != "us-east-1a" || nat.Region != "us-east-1" {
		t.Errorf("NAT gateway placed %+v, want us-east-1a", nat)
	}
	if want := "inherited:module.vpc.aws_subnet.public[0] via subnet_id, attribute:availability_zone"; nat.Rule != want {
		t.Errorf("NAT gateway rule %q, want %q", nat.Rule, want)
	}
	route := placementOf(t, g, "module.vpc.aws_route.private_nat_gateway[0]")
	if want := "inherited:module.vpc.aws_nat_gateway.this[0] via nat_gateway_id, " + nat.Rule; route.Rule != want || route.Zone != "us-east-1a" {
		t.Errorf("route placed %+v, want zone us-east-1a and rule %q", route, want)
	}
}

// TestInheritRegionOnlyNamesTheRegionSource: with no zoned dependency the
// region is inherited from the first placed one, named with its rule; two
// dependencies in different zones leave the zone unset. (A queue in
// another region keeps the provider's resources from agreeing on one.)
func TestInheritRegionOnlyNamesTheRegionSource(t *testing.T) {
	g := inheritGraph(t,
		&Instance{Address: "aws_sqs_queue.other", Attrs: AttrsOf(map[string]any{"id": "https://sqs/o", "arn": "arn:aws:sqs:us-east-1:1:o"})},
		&Instance{Address: "aws_sqs_queue.q", Attrs: AttrsOf(map[string]any{"id": "https://sqs/q", "arn": "arn:aws:sqs:eu-west-1:1:q"})},
		&Instance{Address: "aws_subnet.a", Attrs: AttrsOf(map[string]any{"id": "subnet-a", "availability_zone": "eu-west-1a"})},
		&Instance{Address: "aws_subnet.b", Attrs: AttrsOf(map[string]any{"id": "subnet-b", "availability_zone": "eu-west-1b"})},
		&Instance{Address: "aws_sqs_queue_policy.p", Attrs: AttrsOf(map[string]any{"id": "p", "queue_url": "https://sqs/q"}), Deps: []string{"aws_sqs_queue.q"}},
		&Instance{Address: "aws_db_subnet_group.g", Attrs: AttrsOf(map[string]any{"id": "g", "subnet_ids": []any{"subnet-a", "subnet-b"}}),
			Deps: []string{"aws_subnet.a", "aws_subnet.b"}},
	)
	p := placementOf(t, g, "aws_sqs_queue_policy.p")
	if want := "inherited:aws_sqs_queue.q via queue_url, arn"; p.Region != "eu-west-1" || p.Zone != "" || p.Rule != want {
		t.Errorf("queue policy placed %+v, want eu-west-1 and rule %q", p, want)
	}
	p = placementOf(t, g, "aws_db_subnet_group.g")
	if p.Region != "eu-west-1" || p.Zone != "" || !strings.HasPrefix(p.Rule, "inherited:aws_subnet.a via subnet_ids, ") {
		t.Errorf("subnet group over two zones placed %+v, want the region only, from aws_subnet.a", p)
	}
}

// TestInheritPrefersNamedDependencies: a volume attachment whose values
// name its volume (eu-west-1c) and which also records two subnets none of
// its values names (every instance, inferred, eu-west-1a) is placed by
// the volume, not left without a zone by the disagreement; with only
// inferred dependencies (a network ACL) those answer, and the rule says
// how they were chosen; so do they the zone in the region the named ones
// give.
func TestInheritPrefersNamedDependencies(t *testing.T) {
	g := inheritGraph(t,
		&Instance{Address: "aws_subnet.s[0]", Key: 0., Attrs: AttrsOf(map[string]any{"id": "subnet-0", "availability_zone": "eu-west-1a"})},
		&Instance{Address: "aws_subnet.s[1]", Key: 1., Attrs: AttrsOf(map[string]any{"id": "subnet-1", "availability_zone": "eu-west-1a"})},
		&Instance{Address: "aws_ebs_volume.v", Attrs: AttrsOf(map[string]any{"id": "vol-1", "availability_zone": "eu-west-1c"})},
		&Instance{Address: "aws_volume_attachment.a", Attrs: AttrsOf(map[string]any{"id": "att", "volume_id": "vol-1"}),
			Deps: []string{"aws_ebs_volume.v", "aws_subnet.s"}},
		&Instance{Address: "aws_network_acl.n", Attrs: AttrsOf(map[string]any{"id": "acl"}), Deps: []string{"aws_subnet.s"}},
		&Instance{Address: "aws_flow_log.f", Attrs: AttrsOf(map[string]any{"id": "fl"}), Deps: []string{"aws_ebs_volume.v"}},
		&Instance{Address: "aws_sqs_queue.q", Attrs: AttrsOf(map[string]any{"id": "https://sqs/q", "arn": "arn:aws:sqs:eu-west-1:1:q"})},
		&Instance{Address: "aws_sqs_queue_policy.p", Attrs: AttrsOf(map[string]any{"id": "p", "queue_url": "https://sqs/q"}),
			Deps: []string{"aws_sqs_queue.q", "aws_subnet.s"}},
	)
	p := placementOf(t, g, "aws_volume_attachment.a")
	if want := "inherited:aws_ebs_volume.v via volume_id, attribute:availability_zone"; p.Zone != "eu-west-1c" || p.Rule != want {
		t.Errorf("attachment placed %+v, want eu-west-1c by rule %q", p, want)
	}
	p = placementOf(t, g, "aws_network_acl.n")
	if p.Zone != "eu-west-1a" || !strings.HasPrefix(p.Rule, "inherited:aws_subnet.s[0] via "+graph.ViaRecorded+", every instance") {
		t.Errorf("ACL placed %+v, want eu-west-1a from its subnets, its rule saying no value named one", p)
	}
	// the queue it names gives the region only; the subnets it does not
	// name give the zone in that region, and the rule says how they were chosen
	p = placementOf(t, g, "aws_sqs_queue_policy.p")
	if p.Zone != "eu-west-1a" || !strings.HasPrefix(p.Rule, "inherited:aws_subnet.s[0] via "+graph.ViaRecorded+", every instance") {
		t.Errorf("queue policy placed %+v, want eu-west-1a from the subnets none of its values names", p)
	}
	p = placementOf(t, g, "aws_flow_log.f")
	if want := "inherited:aws_ebs_volume.v via " + viaUnnamed + ", attribute:availability_zone"; p.Rule != want {
		t.Errorf("flow log rule %q, want %q", p.Rule, want)
	}
}
