package tfstate

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

const (
	awsProv  = `provider[\"registry.terraform.io/hashicorp/aws\"]`
	westProv = `provider[\"registry.terraform.io/hashicorp/aws\"].west`
)

// v4 wraps resource JSON objects into a format 4 state.
func v4(resources ...string) string {
	return `{"version":4,"terraform_version":"1.9.8","serial":3,"lineage":"l","outputs":{},"resources":[` +
		strings.Join(resources, ",") + `]}`
}

// res writes one resource; module may be "", instances are JSON objects.
func res(module, mode, typ, name, provider string, instances ...string) string {
	m := ""
	if module != "" {
		m = fmt.Sprintf(`"module":%q,`, module)
	}
	return fmt.Sprintf(`{%s"mode":%q,"type":%q,"name":%q,"provider":"%s","instances":[%s]}`,
		m, mode, typ, name, provider, strings.Join(instances, ","))
}

// inst writes one instance: key is "" (none), a number or a quoted string.
func inst(key, attrs string, deps ...string) string {
	k := ""
	if key != "" {
		k = `"index_key":` + key + `,`
	}
	d := ""
	if len(deps) > 0 {
		d = `,"dependencies":["` + strings.Join(deps, `","`) + `"]`
	}
	return fmt.Sprintf(`{%s"schema_version":0,"attributes":%s,"sensitive_attributes":[]%s}`, k, attrs, d)
}

func load(t *testing.T, state string) *graph.Graph {
	t.Helper()
	g := graph.New()
	if err := (Importer{}).Import(importers.Input{Name: "test.tfstate", Data: []byte(state)}, g); err != nil {
		t.Fatalf("import: %v", err)
	}
	return g
}

func node(t *testing.T, g *graph.Graph, id string) *graph.Node {
	t.Helper()
	n, ok := g.Node(id)
	if !ok {
		t.Fatalf("no node %s; nodes:\n%s", id, g.String())
	}
	return n
}

// deps returns a node's dependencies as "to kind via [inferred]" lines.
func deps(g *graph.Graph, id string) []string {
	var out []string
	for _, e := range g.DependenciesOf(id) {
		s := e.To + " " + e.Kind.String() + " " + e.Via
		if e.Inferred {
			s += " inferred"
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func wantDeps(t *testing.T, g *graph.Graph, id string, want ...string) {
	t.Helper()
	got := deps(g, id)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s depends on\n  %s\nwant\n  %s", id, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestAddressesModulesKeysAndDataSources(t *testing.T) {
	g := load(t, v4(
		res("", "data", "aws_availability_zones", "all", awsProv, inst("", `{"id":"eu-west-1","names":["eu-west-1a"]}`)),
		res("module.net", "managed", "aws_vpc", "this", awsProv, inst("", `{"id":"vpc-1","arn":"arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1"}`)),
		res(`module.app["web.eu"].module.disk[0]`, "managed", "aws_ebs_volume", "data", awsProv,
			inst("", `{"id":"vol-1","availability_zone":"eu-west-1b"}`)),
		res("", "managed", "aws_iam_user", "users", awsProv,
			inst(`"foo.bar"`, `{"id":"foo.bar","arn":"arn:aws:iam::111122223333:user/foo.bar"}`),
			inst(`"baz"`, `{"id":"baz","arn":"arn:aws:iam::111122223333:user/baz"}`)),
		res("", "managed", "aws_subnet", "s", awsProv,
			inst("0", `{"id":"subnet-0","availability_zone":"eu-west-1a"}`),
			inst("1", `{"id":"subnet-1","availability_zone":"eu-west-1b"}`)),
	))
	for id, want := range map[string]struct {
		mode   graph.Mode
		region string
		zone   string
	}{
		"data.aws_availability_zones.all":                         {graph.ModeData, "eu-west-1", ""},
		"module.net.aws_vpc.this":                                 {graph.ModeManaged, "eu-west-1", ""},
		`module.app["web.eu"].module.disk[0].aws_ebs_volume.data`: {graph.ModeManaged, "eu-west-1", "eu-west-1b"},
		`aws_iam_user.users["foo.bar"]`:                           {graph.ModeManaged, "", ""},
		`aws_iam_user.users["baz"]`:                               {graph.ModeManaged, "", ""},
		"aws_subnet.s[0]":                                         {graph.ModeManaged, "eu-west-1", "eu-west-1a"},
		"aws_subnet.s[1]":                                         {graph.ModeManaged, "eu-west-1", "eu-west-1b"},
	} {
		n := node(t, g, id)
		if n.Address != id || n.Mode != want.mode || n.Placement.Region != want.region || n.Placement.Zone != want.zone {
			t.Errorf("%s: address %s, mode %s, region %q, zone %q; want mode %s, region %q, zone %q",
				id, n.Address, n.Mode, n.Placement.Region, n.Placement.Zone, want.mode, want.region, want.zone)
		}
		if n.Target() != (want.mode == graph.ModeManaged) {
			t.Errorf("%s: Target() = %v: data sources are never failure targets, resources are", id, n.Target())
		}
	}
	if g.Len() != 7 {
		t.Errorf("%d nodes, want 7", g.Len())
	}
	if p := node(t, g, `aws_iam_user.users["foo.bar"]`).Placement; p.Rule != "arn" || !strings.Contains(p.Unknown, "global") {
		t.Errorf("IAM user placement %+v: want the ARN rule saying it is global", p)
	}
}

func TestProviderAddresses(t *testing.T) {
	g := load(t, v4(
		res("", "managed", "aws_sqs_queue", "legacy", "provider.aws",
			inst("", `{"id":"https://sqs.eu-west-1.amazonaws.com/111122223333/q","arn":"arn:aws:sqs:eu-west-1:111122223333:q"}`)),
		res("", "managed", "aws_sqs_queue", "legacy_alias", "provider.aws.us-east-2",
			inst("", `{"id":"q2"}`)),
		res("", "managed", "aws_sqs_queue", "aliased", westProv,
			inst("", `{"id":"q3"}`)),
		res("module.m", "managed", "aws_sqs_queue", "module_scoped", `module.m.provider[\"registry.terraform.io/hashicorp/aws\"].us-west-1`,
			inst("", `{"id":"q4"}`)),
		res("", "managed", "google_compute_instance", "vm", `provider[\"registry.terraform.io/hashicorp/google\"]`,
			inst("", `{"id":"projects/p/zones/europe-west9-b/instances/vm","zone":"europe-west9-b"}`)),
	))
	for id, want := range map[string][3]string{ // provider source, region, rule
		"aws_sqs_queue.legacy":                 {"registry.terraform.io/hashicorp/aws", "eu-west-1", "arn"},
		"aws_sqs_queue.legacy_alias":           {"registry.terraform.io/hashicorp/aws", "us-east-2", "provider-alias"},
		"aws_sqs_queue.aliased":                {"registry.terraform.io/hashicorp/aws", "", ""},
		"module.m.aws_sqs_queue.module_scoped": {"registry.terraform.io/hashicorp/aws", "us-west-1", "provider-alias"},
		"google_compute_instance.vm":           {"registry.terraform.io/hashicorp/google", "europe-west9", "attribute:zone"},
	} {
		n := node(t, g, id)
		if n.Provider != want[0] || n.Placement.Region != want[1] || n.Placement.Rule != want[2] {
			t.Errorf("%s: provider %s, region %q, rule %q; want %s, %q, %q", id, n.Provider, n.Placement.Region, n.Placement.Rule, want[0], want[1], want[2])
		}
	}
	// ".west" is not a region name: never guessed
	if p := node(t, g, "aws_sqs_queue.aliased").Placement; p.Known() || p.Unknown == "" {
		t.Errorf("aliased queue placement %+v: want unknown, with a reason", p)
	}
	if err := (Importer{}).Import(importers.Input{Name: "x", Data: []byte(v4(res("", "managed", "aws_s3_bucket", "b", "aws", inst("", `{"id":"b"}`))))}, graph.New()); err == nil ||
		!strings.Contains(err.Error(), "provider") {
		t.Errorf("a provider address without provider: got %v, want an error naming it", err)
	}
}

func TestSiblingsGiveTheAliasItsRegion(t *testing.T) {
	g := load(t, v4(
		res("", "managed", "aws_vpc", "west", westProv, inst("", `{"id":"vpc-1","arn":"arn:aws:ec2:us-west-2:111122223333:vpc/vpc-1"}`)),
		res("", "managed", "aws_route_table_association", "a", westProv, inst("", `{"id":"rtbassoc-1"}`)),
	))
	if p := node(t, g, "aws_route_table_association.a").Placement; p.Region != "us-west-2" || p.Rule != "provider-config:siblings" {
		t.Errorf("placement %+v: want us-west-2 from the placed siblings of provider aws.west", p)
	}
}

func TestFormat3(t *testing.T) {
	state := `{"version":3,"terraform_version":"0.11.14","serial":7,"lineage":"l","modules":[
	 {"path":["root"],"outputs":{},"resources":{
	  "aws_subnet.a.0":{"type":"aws_subnet","depends_on":[],"primary":{"id":"subnet-a0","attributes":{"id":"subnet-a0","availability_zone":"eu-west-1a","tags.%":"1","tags.Name":"a0"}},"provider":"provider.aws"},
	  "aws_subnet.a.1":{"type":"aws_subnet","depends_on":[],"primary":{"id":"subnet-a1","attributes":{"id":"subnet-a1","availability_zone":"eu-west-1b"}},"provider":"provider.aws"},
	  "aws_instance.web":{"type":"aws_instance","depends_on":["aws_subnet.a.*"],"primary":{"id":"i-1","attributes":{"id":"i-1","subnet_id":"subnet-a1","availability_zone":"eu-west-1b","vpc_security_group_ids.#":"1","vpc_security_group_ids.123":"sg-1"}},"provider":"provider.aws"},
	  "data.aws_ami.ubuntu":{"type":"aws_ami","depends_on":[],"primary":{"id":"ami-1","attributes":{"id":"ami-1"}},"provider":"provider.aws"}}},
	 {"path":["root","db"],"outputs":{},"resources":{
	  "aws_db_instance.main":{"type":"aws_db_instance","depends_on":["aws_db_subnet_group.main"],"primary":{"id":"main","attributes":{"id":"main","arn":"arn:aws:rds:eu-west-1:111122223333:db:main","availability_zone":"eu-west-1a"}},"provider":"provider.aws"},
	  "aws_db_subnet_group.main":{"type":"aws_db_subnet_group","depends_on":[],"primary":{"id":"main","attributes":{"id":"main-sg","arn":"arn:aws:rds:eu-west-1:111122223333:subgrp:main"}},"provider":"provider.aws"}}}]}`
	g := load(t, state)
	for _, id := range []string{"aws_subnet.a[0]", "aws_subnet.a[1]", "aws_instance.web", "data.aws_ami.ubuntu", "module.db.aws_db_instance.main", "module.db.aws_db_subnet_group.main"} {
		node(t, g, id)
	}
	if g.Len() != 6 {
		t.Errorf("%d nodes, want 6:\n%s", g.Len(), g.String())
	}
	wantDeps(t, g, "aws_instance.web", "aws_subnet.a[1] hard subnet_id")
	wantDeps(t, g, "module.db.aws_db_instance.main", "module.db.aws_db_subnet_group.main hard recorded dependency, no attribute names it by id, ARN or name")
	if n := node(t, g, "data.aws_ami.ubuntu"); n.Mode != graph.ModeData {
		t.Errorf("data.aws_ami.ubuntu: mode %s, want data", n.Mode)
	}
	if n := node(t, g, "aws_subnet.a[0]"); n.Placement.Zone != "eu-west-1a" || n.Tags.Value("Name") != "a0" {
		t.Errorf("aws_subnet.a[0]: zone %q, tags %v: flat attributes not read", n.Placement.Zone, n.Tags)
	}
}

func TestUnsupportedVersions(t *testing.T) {
	for _, c := range []struct{ state, want string }{
		{`{"version":2,"terraform_version":"0.8.8","modules":[]}`, "state format version 2 is not supported (blast reads versions 3 and 4"},
		{`{"version":5,"terraform_version":"9.0.0","resources":[]}`, "state format version 5 is not supported"},
		{`{"terraform_version":"1.0.0","resources":[]}`, `no "version" field`},
		{`{"version":4,"terraform_version":"1.0.0"}`, `no "resources" list`},
		{`{"version":3,"terraform_version":"0.11.0"}`, `no "modules" list`},
	} {
		err := (Importer{}).Import(importers.Input{Name: "old.tfstate", Data: []byte(c.state)}, graph.New())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.state, err, c.want)
		}
	}
}

// vpcState is a small VPC as terraform-aws-modules/vpc records it: three
// public subnets, a NAT gateway in each, recorded dependencies naming
// resources (not instances) and transitive.
func vpcState(extra ...string) string {
	subnets := make([]string, 3)
	nats := make([]string, 3)
	for i, z := range []string{"a", "b", "c"} {
		subnets[i] = inst(fmt.Sprint(i), fmt.Sprintf(`{"id":"subnet-%d","arn":"arn:aws:ec2:eu-west-1:111122223333:subnet/subnet-%d","availability_zone":"eu-west-1%s","vpc_id":"vpc-1"}`, i, i, z),
			"module.vpc.aws_vpc.this")
		nats[i] = inst(fmt.Sprint(i), fmt.Sprintf(`{"id":"nat-%d","allocation_id":"eipalloc-%d","subnet_id":"subnet-%d"}`, i, i, i),
			"module.vpc.aws_eip.nat", "module.vpc.aws_internet_gateway.this", "module.vpc.aws_subnet.public", "module.vpc.aws_vpc.this")
	}
	eips := []string{
		inst("0", `{"id":"eipalloc-0","arn":"arn:aws:ec2:eu-west-1:111122223333:elastic-ip/eipalloc-0"}`, "module.vpc.aws_internet_gateway.this", "module.vpc.aws_vpc.this"),
		inst("1", `{"id":"eipalloc-1","arn":"arn:aws:ec2:eu-west-1:111122223333:elastic-ip/eipalloc-1"}`, "module.vpc.aws_internet_gateway.this", "module.vpc.aws_vpc.this"),
		inst("2", `{"id":"eipalloc-2","arn":"arn:aws:ec2:eu-west-1:111122223333:elastic-ip/eipalloc-2"}`, "module.vpc.aws_internet_gateway.this", "module.vpc.aws_vpc.this"),
	}
	return v4(append([]string{
		res("module.vpc", "managed", "aws_vpc", "this", awsProv, inst("", `{"id":"vpc-1","arn":"arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1"}`)),
		res("module.vpc", "managed", "aws_internet_gateway", "this", awsProv,
			inst("", `{"id":"igw-1","arn":"arn:aws:ec2:eu-west-1:111122223333:internet-gateway/igw-1","vpc_id":"vpc-1"}`, "module.vpc.aws_vpc.this")),
		res("module.vpc", "managed", "aws_subnet", "public", awsProv, subnets...),
		res("module.vpc", "managed", "aws_eip", "nat", awsProv, eips...),
		res("module.vpc", "managed", "aws_nat_gateway", "this", awsProv, nats...),
	}, extra...)...)
}

func TestNATGatewayResolvesToItsOwnSubnet(t *testing.T) {
	g := load(t, vpcState())
	for i, z := range []string{"a", "b", "c"} {
		id := fmt.Sprintf("module.vpc.aws_nat_gateway.this[%d]", i)
		// the subnet and EIP it names, nothing else: the VPC and internet
		// gateway are reached through them
		wantDeps(t, g, id,
			fmt.Sprintf("module.vpc.aws_subnet.public[%d] hard subnet_id", i),
			fmt.Sprintf("module.vpc.aws_eip.nat[%d] hard allocation_id", i))
		if p := node(t, g, id).Placement; p.Zone != "eu-west-1"+z || !strings.HasPrefix(p.Rule, "inherited") {
			t.Errorf("%s: placement %+v, want zone eu-west-1%s inherited from its subnet", id, p, z)
		}
	}
}

func TestTransitiveReduction(t *testing.T) {
	g := load(t, vpcState(
		// a route records the whole closure: NAT gateways, EIPs, subnets, IGW, VPC
		res("module.vpc", "managed", "aws_route", "private_nat_gateway", awsProv,
			inst("1", `{"id":"r-1","nat_gateway_id":"nat-1","route_table_id":"rtb-1"}`,
				"module.vpc.aws_eip.nat", "module.vpc.aws_internet_gateway.this", "module.vpc.aws_nat_gateway.this",
				"module.vpc.aws_subnet.public", "module.vpc.aws_vpc.this")),
	))
	wantDeps(t, g, "module.vpc.aws_route.private_nat_gateway[1]", "module.vpc.aws_nat_gateway.this[1] hard nat_gateway_id")
	wantDeps(t, g, "module.vpc.aws_eip.nat[0]", "module.vpc.aws_internet_gateway.this hard recorded dependency, no attribute names it by id, ARN or name")
	wantDeps(t, g, "module.vpc.aws_internet_gateway.this", "module.vpc.aws_vpc.this hard vpc_id")
}

func TestLoadBalancerKeepsEverySubnetItNames(t *testing.T) {
	// another dependency of the load balancer (a DB subnet group, to keep
	// the state small) reaches the subnets too; the subnets the load
	// balancer names stay direct edges all the same
	g := load(t, vpcState(
		res("", "managed", "aws_db_subnet_group", "main", awsProv,
			inst("", `{"id":"db","arn":"arn:aws:rds:eu-west-1:111122223333:subgrp:db","subnet_ids":["subnet-0","subnet-1","subnet-2"]}`,
				"module.vpc.aws_subnet.public", "module.vpc.aws_vpc.this")),
		res("", "managed", "aws_lb", "web", awsProv,
			inst("", `{"id":"arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1","arn":"arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/web/1","subnets":["subnet-0","subnet-1","subnet-2"]}`,
				"aws_db_subnet_group.main", "module.vpc.aws_subnet.public", "module.vpc.aws_vpc.this")),
	))
	wantDeps(t, g, "aws_lb.web",
		"aws_db_subnet_group.main hard recorded dependency, no attribute names it by id, ARN or name",
		"module.vpc.aws_subnet.public[0] hard subnets",
		"module.vpc.aws_subnet.public[1] hard subnets",
		"module.vpc.aws_subnet.public[2] hard subnets")
}

func TestUnnamedInstancesAreInferred(t *testing.T) {
	g := load(t, v4(
		res("", "managed", "aws_sqs_queue", "q", awsProv,
			inst(`"a"`, `{"id":"https://sqs/q-a","arn":"arn:aws:sqs:eu-west-1:111122223333:q-a"}`),
			inst(`"b"`, `{"id":"https://sqs/q-b","arn":"arn:aws:sqs:eu-west-1:111122223333:q-b"}`)),
		// a policy naming the queues inside a JSON string: no attribute names them
		res("", "managed", "aws_iam_policy", "p", awsProv,
			inst("", `{"id":"arn:aws:iam::111122223333:policy/p","arn":"arn:aws:iam::111122223333:policy/p","policy":"{\"Resource\":[\"arn:aws:sqs:eu-west-1:111122223333:q-a\"]}"}`, "aws_sqs_queue.q")),
		// a worker keyed like the queues gets the queue with its key
		res("", "managed", "aws_lambda_function", "w", awsProv,
			inst(`"b"`, `{"id":"w-b","arn":"arn:aws:lambda:eu-west-1:111122223333:function:w-b"}`, "aws_sqs_queue.q")),
	))
	wantDeps(t, g, "aws_iam_policy.p",
		`aws_sqs_queue.q["a"] hard recorded dependency, every instance: no attribute names one by id, ARN or name inferred`,
		`aws_sqs_queue.q["b"] hard recorded dependency, every instance: no attribute names one by id, ARN or name inferred`)
	wantDeps(t, g, `aws_lambda_function.w["b"]`, `aws_sqs_queue.q["b"] hard recorded dependency, paired by the same index key: no attribute names it by id, ARN or name inferred`)
}

func TestModuleInstancesAndTransitiveOnlyDependencies(t *testing.T) {
	// module "queues" with for_each: each queue needs its own module's
	// dead-letter queue; a worker naming one queue does not need the other
	// module instance's dead-letter queue through the transitive record
	queue := func(key, name string) []string {
		mod := fmt.Sprintf(`module.queues[%q]`, key)
		return []string{
			res(mod, "managed", "aws_sqs_queue", "dlq", awsProv,
				inst("", fmt.Sprintf(`{"id":"https://sqs/%s-dlq","arn":"arn:aws:sqs:eu-west-1:111122223333:%s-dlq","name":"%s-dlq"}`, name, name, name))),
			res(mod, "managed", "aws_sqs_queue", "this", awsProv,
				inst("", fmt.Sprintf(`{"id":"https://sqs/%s","arn":"arn:aws:sqs:eu-west-1:111122223333:%s","name":"%s","redrive_policy":"{}"}`, name, name, name),
					"module.queues.aws_sqs_queue.dlq")),
		}
	}
	resources := append(queue("orders.fifo", "orders.fifo"), queue("emails", "emails")...)
	resources = append(resources, res("", "managed", "aws_instance", "worker", awsProv,
		inst("", `{"id":"i-1","availability_zone":"eu-west-1a","tags":{"Queue":"orders.fifo"}}`,
			"module.queues.aws_sqs_queue.dlq", "module.queues.aws_sqs_queue.this")))
	g := load(t, v4(resources...))
	wantDeps(t, g, `module.queues["emails"].aws_sqs_queue.this`,
		`module.queues["emails"].aws_sqs_queue.dlq hard recorded dependency, the one instance in its own module instance: no attribute names it by id, ARN or name`)
	wantDeps(t, g, "aws_instance.worker", `module.queues["orders.fifo"].aws_sqs_queue.this hard tags.Queue`)
}

func TestSensitiveValuesAreNotMatched(t *testing.T) {
	state := v4(
		res("", "managed", "aws_subnet", "s", awsProv,
			inst("0", `{"id":"subnet-0","availability_zone":"eu-west-1a"}`),
			inst("1", `{"id":"subnet-1","availability_zone":"eu-west-1b"}`)),
		`{"mode":"managed","type":"aws_instance","name":"i","provider":"`+awsProv+`","instances":[{"schema_version":1,
		  "attributes":{"id":"i-1","availability_zone":"eu-west-1b","subnet_id":"subnet-1","user_data":"subnet-0"},
		  "sensitive_attributes":[[{"type":"get_attr","value":"user_data"}]],"dependencies":["aws_subnet.s"]}]}`)
	g := load(t, state)
	wantDeps(t, g, "aws_instance.i", "aws_subnet.s[1] hard subnet_id")
	for _, v := range node(t, g, "aws_instance.i").Identities {
		if v == "subnet-0" {
			t.Error("a sensitive value became an identity")
		}
	}
}

func TestMissingDependenciesWarn(t *testing.T) {
	g := load(t, v4(res("", "managed", "aws_instance", "i", awsProv,
		inst("", `{"id":"i-1","availability_zone":"eu-west-1a"}`, "aws_subnet.gone", "module.old.aws_vpc.v"))))
	ws := g.Warnings()
	if len(ws) != 1 || !strings.Contains(ws[0].Message, "2 recorded dependencies") || !strings.Contains(ws[0].Message, "aws_subnet.gone") {
		t.Errorf("warnings %v: want one naming the 2 missing dependencies", ws)
	}
	if g.EdgeCount() != 0 {
		t.Errorf("%d edges to missing resources", g.EdgeCount())
	}
}

func TestSeveralStatesMergeWithUniqueIDs(t *testing.T) {
	one := v4(res("module.vpc", "managed", "aws_vpc", "this", awsProv, inst("", `{"id":"vpc-1","arn":"arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-1"}`)))
	two := v4(res("module.vpc", "managed", "aws_vpc", "this", awsProv, inst("", `{"id":"vpc-2","arn":"arn:aws:ec2:us-east-1:111122223333:vpc/vpc-2"}`)))
	fsys := fstest.MapFS{
		"states/prod/network.tfstate": {Data: []byte(one)},
		"states/dr/network.tfstate":   {Data: []byte(two)},
		"states/README.md":            {Data: []byte("# not a state\n")},
	}
	res, err := importers.Load([]string{"states"}, importers.Options{Importers: []importers.Importer{Importer{}}, FS: fsys})
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	if g.Len() != 2 {
		t.Fatalf("%d nodes, want 2:\n%s", g.Len(), g.String())
	}
	for id, region := range map[string]string{
		"prod/network:module.vpc.aws_vpc.this": "eu-west-1",
		"dr/network:module.vpc.aws_vpc.this":   "us-east-1",
	} {
		n := node(t, g, id)
		if n.Placement.Region != region || n.Address != "module.vpc.aws_vpc.this" {
			t.Errorf("%s: region %s, address %s", id, n.Placement.Region, n.Address)
		}
	}
}

// TestSiblingsDecidedByValuesOutsideTheInput: three attachments of one
// role, for_each over policies; Terraform records the customer policy for
// each. The attachment whose policy_arn holds an AWS-managed ARN (not in
// the state) does not need the customer policy, read by either reader;
// one whose argument holds no identity (a sensitive value, a JSON
// document) stays undecided and says so.
func TestSiblingsDecidedByValuesOutsideTheInput(t *testing.T) {
	deps := []string{"aws_iam_policy.custom", "aws_iam_role.app"}
	att := func(key, policy string) string {
		return inst(key, `{"id":"app-`+strings.Trim(key, `"`)+`","policy_arn":`+policy+`,"role":"app"}`, deps...)
	}
	state := v4(
		res("", "managed", "aws_iam_role", "app", awsProv, inst("", `{"id":"app","name":"app","arn":"arn:aws:iam::1:role/app"}`)),
		res("", "managed", "aws_iam_policy", "custom", awsProv, inst("", `{"id":"arn:aws:iam::1:policy/custom","arn":"arn:aws:iam::1:policy/custom","name":"custom"}`)),
		res("", "managed", "aws_iam_role_policy_attachment", "this", awsProv,
			att(`"custom"`, `"arn:aws:iam::1:policy/custom"`),
			att(`"ssm"`, `"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"`),
			att(`"escaped"`, `"arn:aws:iam::aws:policy\/CloudWatchAgentServerPolicy"`),
			att(`"doc"`, `"{\"Statement\":[]}"`)))
	undecided := "aws_iam_policy.custom hard recorded dependency, undecided: another instance of aws_iam_role_policy_attachment.this names it, this one's values neither name it nor another aws_iam_policy inferred"
	for _, fast := range []bool{true, false} {
		old := fastPath
		fastPath = fast
		g := load(t, state)
		fastPath = old
		wantDeps(t, g, `aws_iam_role_policy_attachment.this["custom"]`, "aws_iam_policy.custom hard policy_arn", "aws_iam_role.app hard role")
		wantDeps(t, g, `aws_iam_role_policy_attachment.this["ssm"]`, "aws_iam_role.app hard role")
		wantDeps(t, g, `aws_iam_role_policy_attachment.this["escaped"]`, "aws_iam_role.app hard role")
		wantDeps(t, g, `aws_iam_role_policy_attachment.this["doc"]`, "aws_iam_role.app hard role", undecided)
	}
	// a sensitive argument is never read: undecided
	sensitive := strings.Replace(state, `"policy_arn":"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore","role":"app"},"sensitive_attributes":[]`,
		`"policy_arn":"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore","role":"app"},"sensitive_attributes":[[{"type":"get_attr","value":"policy_arn"}]]`, 1)
	if sensitive == state {
		t.Fatal("the sensitive variant did not change the state")
	}
	for _, fast := range []bool{true, false} {
		old := fastPath
		fastPath = fast
		g := load(t, sensitive)
		fastPath = old
		wantDeps(t, g, `aws_iam_role_policy_attachment.this["ssm"]`, "aws_iam_role.app hard role", undecided)
	}
}

// TestRealworldPolicyAttachmentsDecided reads a real state (shared
// realworld, skipped when absent) whose role policy attachments, by count,
// mix a customer policy with AWS-managed ones and all record the customer
// policy: with either reader, only the attachment whose policy_arn names it
// keeps an edge to it, and no edge stays undecided.
func TestRealworldPolicyAttachmentsDecided(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "realworld", "tfstate", "aws-dr-source-us-east-2.tfstate"))
	if err != nil {
		t.Skipf("shared realworld state not present: %v", err)
	}
	for _, fast := range []bool{true, false} {
		old := fastPath
		fastPath = fast
		g := graph.New()
		err := (Importer{}).Import(importers.Input{Name: "aws-dr-source-us-east-2.tfstate", Data: data}, g)
		fastPath = old
		if err != nil {
			t.Fatal(err)
		}
		toPolicy := 0
		for _, e := range g.Edges() {
			if !strings.Contains(e.From, "policy_attachment") {
				continue
			}
			if strings.Contains(e.Via, "undecided") {
				t.Errorf("fast %v: %s -> %s stays undecided", fast, e.From, e.To)
			}
			if strings.HasPrefix(e.To, "aws_iam_policy.") {
				toPolicy++
				if e.Via != "policy_arn" {
					t.Errorf("fast %v: %s -> %s via %q, want policy_arn", fast, e.From, e.To, e.Via)
				}
			}
		}
		// custom[0] of two roles and the user's customer policy attachment
		if toPolicy != 3 {
			t.Errorf("fast %v: %d attachment edges to customer policies, want 3", fast, toPolicy)
		}
	}
}
