package tfjson

import (
	"slices"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// refsPlan is a plan of new resources (every ID unknown until apply) in
// the shape of the terraform-aws-modules/vpc pattern: a module's counted
// subnets exposed by splat outputs, used by index, by count.index, through
// element(), by for_each over a resource and by depends_on.
const refsPlan = `{
 "format_version": "1.2", "terraform_version": "1.9.0",
 "planned_values": {"root_module": {
  "resources": [
   {"address": "aws_efs_file_system.fs", "mode": "managed", "type": "aws_efs_file_system", "name": "fs", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_efs_mount_target.a", "mode": "managed", "type": "aws_efs_mount_target", "name": "a", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_efs_mount_target.each[0]", "mode": "managed", "type": "aws_efs_mount_target", "name": "each", "index": 0, "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_efs_mount_target.each[1]", "mode": "managed", "type": "aws_efs_mount_target", "name": "each", "index": 1, "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_instance.bastion", "mode": "managed", "type": "aws_instance", "name": "bastion", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_instance.web[\"a\"]", "mode": "managed", "type": "aws_instance", "name": "web", "index": "a", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_instance.web[\"b\"]", "mode": "managed", "type": "aws_instance", "name": "web", "index": "b", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_lb_target_group.tg", "mode": "managed", "type": "aws_lb_target_group", "name": "tg", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_lb_target_group_attachment.web[\"a\"]", "mode": "managed", "type": "aws_lb_target_group_attachment", "name": "web", "index": "a", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_lb_target_group_attachment.web[\"b\"]", "mode": "managed", "type": "aws_lb_target_group_attachment", "name": "web", "index": "b", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "aws_eip.global", "mode": "managed", "type": "aws_eip", "name": "global", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}}
  ],
  "child_modules": [{"address": "module.vpc", "resources": [
   {"address": "module.vpc.aws_vpc.this", "mode": "managed", "type": "aws_vpc", "name": "this", "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"region": "eu-west-1"}},
   {"address": "module.vpc.aws_subnet.private[0]", "mode": "managed", "type": "aws_subnet", "name": "private", "index": 0, "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"availability_zone": "eu-west-1a"}},
   {"address": "module.vpc.aws_subnet.private[1]", "mode": "managed", "type": "aws_subnet", "name": "private", "index": 1, "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"availability_zone": "eu-west-1b"}},
   {"address": "module.vpc.aws_subnet.public[0]", "mode": "managed", "type": "aws_subnet", "name": "public", "index": 0, "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"availability_zone": "eu-west-1a"}},
   {"address": "module.vpc.aws_subnet.public[1]", "mode": "managed", "type": "aws_subnet", "name": "public", "index": 1, "provider_name": "registry.terraform.io/hashicorp/aws", "values": {"availability_zone": "eu-west-1b"}},
   {"address": "module.vpc.aws_nat_gateway.this[0]", "mode": "managed", "type": "aws_nat_gateway", "name": "this", "index": 0, "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}},
   {"address": "module.vpc.aws_nat_gateway.this[1]", "mode": "managed", "type": "aws_nat_gateway", "name": "this", "index": 1, "provider_name": "registry.terraform.io/hashicorp/aws", "values": {}}
  ]}]
 }},
 "configuration": {
  "provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": "eu-west-1"}}}},
  "root_module": {
   "resources": [
    {"address": "aws_efs_file_system.fs", "mode": "managed", "type": "aws_efs_file_system", "name": "fs", "provider_config_key": "aws", "expressions": {}},
    {"address": "aws_efs_mount_target.a", "mode": "managed", "type": "aws_efs_mount_target", "name": "a", "provider_config_key": "aws",
     "expressions": {"file_system_id": {"references": ["aws_efs_file_system.fs.id", "aws_efs_file_system.fs"]},
      "subnet_id": {"references": ["module.vpc.private_subnets[1]", "module.vpc.private_subnets", "module.vpc"]}}},
    {"address": "aws_efs_mount_target.each", "mode": "managed", "type": "aws_efs_mount_target", "name": "each", "provider_config_key": "aws",
     "count_expression": {"references": ["module.vpc.private_subnets", "module.vpc"]},
     "expressions": {"file_system_id": {"references": ["aws_efs_file_system.fs.id", "aws_efs_file_system.fs"]},
      "subnet_id": {"references": ["module.vpc.private_subnets", "module.vpc", "count.index"]}}},
    {"address": "aws_instance.bastion", "mode": "managed", "type": "aws_instance", "name": "bastion", "provider_config_key": "aws",
     "expressions": {"subnet_id": {"references": ["module.vpc.public_subnets[0]", "module.vpc.public_subnets", "module.vpc"]}},
     "depends_on": ["aws_efs_file_system.fs"]},
    {"address": "aws_instance.web", "mode": "managed", "type": "aws_instance", "name": "web", "provider_config_key": "aws",
     "for_each_expression": {"references": ["var.zones"]},
     "expressions": {"subnet_id": {"references": ["module.vpc.public_subnets", "module.vpc"]}}},
    {"address": "aws_lb_target_group.tg", "mode": "managed", "type": "aws_lb_target_group", "name": "tg", "provider_config_key": "aws", "expressions": {}},
    {"address": "aws_lb_target_group_attachment.web", "mode": "managed", "type": "aws_lb_target_group_attachment", "name": "web", "provider_config_key": "aws",
     "for_each_expression": {"references": ["aws_instance.web"]},
     "expressions": {"target_group_arn": {"references": ["aws_lb_target_group.tg.arn", "aws_lb_target_group.tg"]},
      "target_id": {"references": ["each.value.id", "each.value"]}}},
    {"address": "aws_eip.global", "mode": "managed", "type": "aws_eip", "name": "global", "provider_config_key": "aws",
     "expressions": {}, "depends_on": ["module.vpc"]}
   ],
   "module_calls": {"vpc": {"source": "terraform-aws-modules/vpc/aws", "module": {
    "outputs": {
     "private_subnets": {"expression": {"references": ["aws_subnet.private"]}},
     "public_subnets": {"expression": {"references": ["aws_subnet.public"]}}
    },
    "resources": [
     {"address": "aws_vpc.this", "mode": "managed", "type": "aws_vpc", "name": "this", "provider_config_key": "vpc:aws", "expressions": {}},
     {"address": "aws_subnet.private", "mode": "managed", "type": "aws_subnet", "name": "private", "provider_config_key": "vpc:aws",
      "count_expression": {"references": ["var.azs"]}, "expressions": {"vpc_id": {"references": ["aws_vpc.this.id", "aws_vpc.this"]}}},
     {"address": "aws_subnet.public", "mode": "managed", "type": "aws_subnet", "name": "public", "provider_config_key": "vpc:aws",
      "count_expression": {"references": ["var.azs"]}, "expressions": {"vpc_id": {"references": ["aws_vpc.this.id", "aws_vpc.this"]}}},
     {"address": "aws_nat_gateway.this", "mode": "managed", "type": "aws_nat_gateway", "name": "this", "provider_config_key": "vpc:aws",
      "count_expression": {"references": ["local.nat_gateway_count"]},
      "expressions": {"subnet_id": {"references": ["aws_subnet.public", "count.index"]}}}
    ]}}}
  }
 }
}`

// edgesOf returns a node's edges as "to kind via", sorted.
func edgesOf(g *graph.Graph, id string) []string {
	var out []string
	for _, e := range g.DependenciesOf(id) {
		out = append(out, e.To+" "+e.Kind.String()+" "+e.Via)
	}
	slices.Sort(out)
	return out
}

func TestPlanReferencesToInstances(t *testing.T) {
	g := importData(t, "refs.json", []byte(refsPlan))
	cases := []struct {
		id   string
		want []string
	}{
		// an index into a module output that lists a counted resource
		{"aws_efs_mount_target.a", []string{
			"aws_efs_file_system.fs hard file_system_id",
			"module.vpc.aws_subnet.private[1] hard subnet_id"}},
		// count.index through a module output: instance i, subnet i
		{"aws_efs_mount_target.each[0]", []string{
			"aws_efs_file_system.fs hard file_system_id",
			"module.vpc.aws_subnet.private[0] hard subnet_id (count.index)"}},
		{"aws_efs_mount_target.each[1]", []string{
			"aws_efs_file_system.fs hard file_system_id",
			"module.vpc.aws_subnet.private[1] hard subnet_id (count.index)"}},
		// count.index inside the module
		{"module.vpc.aws_nat_gateway.this[1]", []string{
			"module.vpc.aws_subnet.public[1] hard subnet_id (count.index)"}},
		// a literal index; depends_on is ordering only
		{"aws_instance.bastion", []string{
			"aws_efs_file_system.fs soft ordering only (depends_on)",
			"module.vpc.aws_subnet.public[0] hard subnet_id"}},
		// each.value of a for_each over a resource: the instance of the same key
		{`aws_lb_target_group_attachment.web["b"]`, []string{
			`aws_instance.web["b"] hard target_id (each.key)`,
			"aws_lb_target_group.tg hard target_group_arn"}},
	}
	for _, tc := range cases {
		if got := edgesOf(g, tc.id); !slices.Equal(got, tc.want) {
			t.Errorf("%s edges:\n got %q\nwant %q", tc.id, got, tc.want)
		}
	}
	// a value that lists several instances with nothing to pick one keeps
	// every one (inferred), and says which argument
	web := edgesOf(g, `aws_instance.web["a"]`)
	if len(web) != 2 || web[0] != "module.vpc.aws_subnet.public[0] hard subnet_id (every instance: no attribute names one by id, ARN or name)" {
		t.Errorf(`aws_instance.web["a"] edges = %q, want both public subnets by subnet_id`, web)
	}
	// a depends_on on a whole module orders after every resource in it,
	// and gives no placement: the address is not in a zone of the VPC
	eip := edgesOf(g, "aws_eip.global")
	if len(eip) == 0 {
		t.Fatal("aws_eip.global has no edges: depends_on = [module.vpc] lost")
	}
	for _, e := range eip {
		if !slices.Contains([]string{"soft ordering only (depends_on)"}, e[len(e)-len("soft ordering only (depends_on)"):]) {
			t.Errorf("aws_eip.global edge %q: want soft, ordering only", e)
		}
	}
	if p := node(t, g, "aws_eip.global").Placement; p.Zone != "" || p.Rule != "provider-config" {
		t.Errorf("aws_eip.global placement = %+v, want the provider's region only (not inherited over an ordering edge)", p)
	}
	if p := node(t, g, "aws_instance.bastion").Placement; p.Zone != "eu-west-1a" {
		t.Errorf("aws_instance.bastion zone = %q, want eu-west-1a from module.vpc.public_subnets[0]", p.Zone)
	}
}
