package terraform

import (
	"slices"
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// egressEdges builds instances and returns the egress edges as
// "from>to", sorted.
func egressEdges(t *testing.T, insts []*Instance) []string {
	t.Helper()
	prov, err := ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range insts {
		in.Mode, in.Provider = "managed", prov
		in.Type, in.Name, _ = strings.Cut(in.Address, ".")
	}
	g := graph.New()
	if err := Build(insts, g, Options{File: "t.tfstate", ID: func(a string) string { return a }}); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range g.Edges() {
		if strings.HasPrefix(e.Via, EgressVia) {
			out = append(out, e.From+">"+e.To)
		}
	}
	slices.Sort(out)
	return out
}

func subnet(addr, id, zone string) *Instance {
	return &Instance{Address: addr, Attrs: AttrsOf(map[string]any{"id": id, "availability_zone": zone})}
}

func assoc(addr, subnetID, tableID string, deps ...string) *Instance {
	return &Instance{Address: addr, Attrs: AttrsOf(map[string]any{"id": "rtbassoc-" + addr, "subnet_id": subnetID, "route_table_id": tableID}), Deps: deps}
}

func TestEgressInlineRouteSingleNAT(t *testing.T) {
	insts := []*Instance{
		subnet("aws_subnet.pub_a", "subnet-pa", "eu-west-1a"),
		subnet("aws_subnet.prv_a", "subnet-qa", "eu-west-1a"),
		subnet("aws_subnet.prv_b", "subnet-qb", "eu-west-1b"),
		{Address: "aws_nat_gateway.one", Attrs: AttrsOf(map[string]any{"id": "nat-1", "subnet_id": "subnet-pa"}), Deps: []string{"aws_subnet.pub_a"}},
		{Address: "aws_route_table.private", Attrs: AttrsOf(map[string]any{"id": "rtb-q", "route": []any{
			map[string]any{"cidr_block": "10.1.0.0/16", "transit_gateway_id": "tgw-1"},
			map[string]any{"cidr_block": "0.0.0.0/0", "nat_gateway_id": "nat-1", "gateway_id": ""},
		}}), Deps: []string{"aws_nat_gateway.one"}},
		assoc("aws_route_table_association.a", "subnet-qa", "rtb-q", "aws_subnet.prv_a", "aws_route_table.private"),
		assoc("aws_route_table_association.b", "subnet-qb", "rtb-q", "aws_subnet.prv_b", "aws_route_table.private"),
	}
	got := egressEdges(t, insts)
	want := []string{"aws_subnet.prv_a>aws_nat_gateway.one", "aws_subnet.prv_b>aws_nat_gateway.one"}
	if !slices.Equal(got, want) {
		t.Fatalf("egress edges = %v, want %v", got, want)
	}
}

func TestEgressSeparateRoutesOnePerZone(t *testing.T) {
	// one NAT gateway and route table per zone, routes as aws_route:
	// each private subnet goes out through its own zone's gateway only
	insts := []*Instance{
		subnet("aws_subnet.prv_a", "subnet-qa", "eu-west-1a"),
		subnet("aws_subnet.prv_b", "subnet-qb", "eu-west-1b"),
		{Address: "aws_nat_gateway.a", Attrs: AttrsOf(map[string]any{"id": "nat-a"})},
		{Address: "aws_nat_gateway.b", Attrs: AttrsOf(map[string]any{"id": "nat-b"})},
		{Address: "aws_route_table.a", Attrs: AttrsOf(map[string]any{"id": "rtb-a"})},
		{Address: "aws_route_table.b", Attrs: AttrsOf(map[string]any{"id": "rtb-b"})},
		{Address: "aws_route.a", Attrs: AttrsOf(map[string]any{"id": "r-a", "route_table_id": "rtb-a", "destination_cidr_block": "0.0.0.0/0", "nat_gateway_id": "nat-a"}),
			Deps: []string{"aws_route_table.a", "aws_nat_gateway.a"}},
		{Address: "aws_route.b", Attrs: AttrsOf(map[string]any{"id": "r-b", "route_table_id": "rtb-b", "destination_cidr_block": "0.0.0.0/0", "nat_gateway_id": "nat-b"}),
			Deps: []string{"aws_route_table.b", "aws_nat_gateway.b"}},
		{Address: "aws_route.peer", Attrs: AttrsOf(map[string]any{"id": "r-p", "route_table_id": "rtb-a", "destination_cidr_block": "10.9.0.0/16", "nat_gateway_id": "nat-b"}),
			Deps: []string{"aws_route_table.a", "aws_nat_gateway.b"}},
		assoc("aws_route_table_association.a", "subnet-qa", "rtb-a", "aws_subnet.prv_a", "aws_route_table.a"),
		assoc("aws_route_table_association.b", "subnet-qb", "rtb-b", "aws_subnet.prv_b", "aws_route_table.b"),
	}
	got := egressEdges(t, insts)
	want := []string{"aws_subnet.prv_a>aws_nat_gateway.a", "aws_subnet.prv_b>aws_nat_gateway.b"}
	if !slices.Equal(got, want) {
		t.Fatalf("egress edges = %v, want %v", got, want)
	}
}

func TestEgressPlanUnknownIDsFollowDependencies(t *testing.T) {
	// a plan: identifiers unknown until apply, so the route and the
	// association are resolved through their recorded dependencies
	insts := []*Instance{
		{Address: "aws_subnet.prv", Attrs: AttrsOf(map[string]any{"availability_zone": "eu-west-1b"})},
		{Address: "aws_nat_gateway.one", Attrs: AttrsOf(map[string]any{})},
		{Address: "aws_route_table.private", Attrs: AttrsOf(map[string]any{"route": []any{map[string]any{"cidr_block": "0.0.0.0/0"}}}),
			Deps: []string{"aws_nat_gateway.one"}},
		{Address: "aws_route_table_association.prv", Attrs: AttrsOf(map[string]any{}), Deps: []string{"aws_subnet.prv", "aws_route_table.private"}},
	}
	got := egressEdges(t, insts)
	want := []string{"aws_subnet.prv>aws_nat_gateway.one"}
	if !slices.Equal(got, want) {
		t.Fatalf("egress edges = %v, want %v", got, want)
	}
}

func TestEgressAzureNATAssociation(t *testing.T) {
	sub := "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vn/subnets/app"
	nat := "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/natGateways/ng"
	insts := []*Instance{
		{Address: "azurerm_subnet.app", Attrs: AttrsOf(map[string]any{"id": sub})},
		{Address: "azurerm_nat_gateway.ng", Attrs: AttrsOf(map[string]any{"id": nat, "location": "westeurope", "zones": []any{"1"}})},
		{Address: "azurerm_subnet_nat_gateway_association.app", Attrs: AttrsOf(map[string]any{"id": sub, "subnet_id": sub, "nat_gateway_id": nat}),
			Deps: []string{"azurerm_subnet.app", "azurerm_nat_gateway.ng"}},
	}
	got := egressEdges(t, insts)
	want := []string{"azurerm_subnet.app>azurerm_nat_gateway.ng"}
	if !slices.Equal(got, want) {
		t.Fatalf("egress edges = %v, want %v", got, want)
	}
}

func TestNeededAttrKeepsRoutes(t *testing.T) {
	for _, k := range []string{"route", "route_table_id", "subnet_id", "nat_gateway_id", "destination_cidr_block"} {
		if !NeededAttr(k) {
			t.Errorf("NeededAttr(%q) = false: a streamed state would lose its routes", k)
		}
	}
}

func TestClusterLinks(t *testing.T) {
	cluster := func() *Instance {
		return &Instance{Address: "aws_eks_cluster.main", Attrs: AttrsOf(map[string]any{"name": "prod", "arn": "arn:aws:eks:eu-west-1:111122223333:cluster/prod"})}
	}
	cases := []struct {
		name  string
		insts []*Instance
		want  []string
	}{
		{"through the cluster's data source", []*Instance{
			cluster(),
			{Address: "data.aws_eks_cluster.this", Mode: "data", Attrs: AttrsOf(map[string]any{"name": "prod", "id": "prod"})},
			{Address: "kubernetes_namespace.apps", Attrs: AttrsOf(map[string]any{"id": "apps"}), Deps: []string{"data.aws_eks_cluster.this"}},
		}, []string{"kubernetes_namespace.apps>aws_eks_cluster.main"}},
		{"recorded dependency on the cluster", []*Instance{
			cluster(),
			{Address: "helm_release.ingress", Attrs: AttrsOf(map[string]any{"id": "ingress"}), Deps: []string{"aws_eks_cluster.main"}},
		}, []string{"helm_release.ingress>aws_eks_cluster.main"}},
		{"the only cluster", []*Instance{
			cluster(),
			{Address: "kubectl_manifest.crd", Attrs: AttrsOf(map[string]any{"id": "crd"})},
		}, []string{"kubectl_manifest.crd>aws_eks_cluster.main"}},
		{"two clusters, no dependency: no guess", []*Instance{
			cluster(),
			{Address: "aws_eks_cluster.other", Attrs: AttrsOf(map[string]any{"name": "staging", "arn": "arn:aws:eks:eu-west-1:111122223333:cluster/staging"})},
			{Address: "kubernetes_namespace.apps", Attrs: AttrsOf(map[string]any{"id": "apps"})},
		}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			aws, _ := ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
			kube, _ := ParseProvider(`provider["registry.terraform.io/hashicorp/kubernetes"]`)
			for _, in := range c.insts {
				if in.Mode == "" {
					in.Mode = "managed"
				}
				in.Provider = aws
				if inCluster(strings.TrimPrefix(in.Address, "data.")) {
					in.Provider = kube
				}
				addr := strings.TrimPrefix(in.Address, "data.")
				in.Type, in.Name, _ = strings.Cut(addr, ".")
			}
			g := graph.New()
			if err := Build(c.insts, g, Options{File: "t.tfstate", ID: func(a string) string { return a }}); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range g.Edges() {
				if inCluster(e.From) && strings.HasPrefix(e.To, "aws_eks_cluster.") {
					got = append(got, e.From+">"+e.To)
					n, _ := g.Node(e.From)
					if n.Placement.Region != "eu-west-1" || !strings.HasPrefix(n.Placement.Rule, RuleCluster+":") {
						t.Errorf("%s placed %+v, want the cluster's region by rule cluster:", e.From, n.Placement)
					}
				}
			}
			if !slices.Equal(got, c.want) {
				t.Fatalf("cluster edges = %v, want %v", got, c.want)
			}
		})
	}
}
