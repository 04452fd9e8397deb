package analyzer

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/graph"
)

// randomGraph builds a small AWS system: zonal instances and NAT
// gateways, regional queues, tables and load balancers in two regions,
// tables replicated to the other region, Multi-AZ databases whose zones
// are not recorded (zone-redundant in their region), instances whose
// zone or region is unknown until apply, and an Azure storage account
// with a standby copy in its paired region; hard, soft and control
// edges, and redundancy groups of random need.
func randomGraph(rng *rand.Rand) *graph.Graph {
	g := graph.New()
	zones := map[string][]string{"us-east-1": {"us-east-1a", "us-east-1b", "us-east-1c"}, "us-west-2": {"us-west-2a", "us-west-2b"}}
	regions := []string{"us-east-1", "us-west-2"}
	types := []struct {
		typ, svc string
		zonal    bool
	}{{"aws_instance", "ec2", true}, {"aws_nat_gateway", "ec2", true}, {"aws_sqs_queue", "sqs", false}, {"aws_dynamodb_table", "dynamodb", false}, {"aws_lb", "elasticloadbalancing", false}, {"aws_iam_role", "", false},
		{"aws_db_instance", "rds", false}, {"azurerm_storage_account", "storage", false}}
	n := 5 + rng.IntN(7)
	var ids []string
	for i := range n {
		t := types[rng.IntN(len(types))]
		r := regions[rng.IntN(len(regions))]
		p := graph.Placement{Cloud: "aws", Region: r, Rule: "attribute:region"}
		var attrs, labels map[string]string
		switch t.typ {
		case "aws_iam_role":
			p = graph.Placement{Cloud: "aws", Rule: "global"} // global: frozen with us-east-1, failed only with the provider
		case "aws_db_instance":
			// Multi-AZ, its subnet group not in the input: a zone of its
			// region degrades it
			attrs = map[string]string{"multi_az": "true"}
		case "azurerm_storage_account":
			// geo-redundant: a copy in the paired region (eastus and
			// westus pair each other), served only after a failover
			p.Cloud, p.Region = "azure", []string{"eastus", "westus"}[rng.IntN(2)]
			attrs = map[string]string{"account_replication_type": "GRS"}
		}
		if t.typ == "aws_dynamodb_table" && rng.IntN(3) == 0 {
			// a global table: one region down degrades it, and a reader in
			// the other region is served by the replica left there
			p.Regions, p.Scope = slices.DeleteFunc(slices.Clone(regions), func(o string) bool { return o == r }), graph.ScopeMultiRegion
		}
		if t.zonal {
			p.Zone = zones[r][rng.IntN(len(zones[r]))]
			switch rng.IntN(8) {
			case 0, 1: // spread over two zones: each zone alone only degrades it
				p.Zones = slices.Clone(zones[r][:2])
				p.Zone = ""
			case 2: // its zone is known only after apply: any zone of its region may be it
				p.Zone = ""
				labels = map[string]string{LabelUnknownUntilApply: "zone"}
			case 3: // its region too: any region of its cloud may be it
				p.Zone, p.Region = "", ""
				labels = map[string]string{LabelUnknownUntilApply: "region,zone"}
			}
		}
		id := fmt.Sprintf("%s.n%d", t.typ, i)
		_ = g.AddNode(&graph.Node{ID: id, Kind: graph.KindResource, Type: t.typ, Address: id, Mode: graph.ModeManaged, Service: t.svc, Placement: p,
			Attrs: attrs, Labels: labels})
		ids = append(ids, id)
	}
	for i := 1; i < n; i++ {
		// edges go to earlier nodes only, plus a rare back edge (a cycle)
		picked := rng.Perm(i)[:min(i, 1+rng.IntN(3))]
		group := ""
		if len(picked) >= 2 && rng.IntN(2) == 0 {
			group = "g"
			g.SetGroup(ids[i], graph.Group{Name: group, Need: 1 + rng.IntN(len(picked))})
		}
		for _, j := range picked {
			k := graph.Hard
			switch rng.IntN(6) {
			case 0:
				k = graph.Soft
			case 1:
				if group == "" {
					k = graph.Control
				}
			}
			_ = g.AddEdge(graph.Edge{From: ids[i], To: ids[j], Kind: k, Group: group, Via: "id"})
		}
		if rng.IntN(12) == 0 && i+1 < n {
			_ = g.AddEdge(graph.Edge{From: ids[i], To: ids[i+1], Kind: graph.Hard, Via: "id"})
		}
	}
	return g
}

// riskDomains lists the provider, regions, zones and regional services
// the graph holds.
func riskDomains(g *graph.Graph) []Domain {
	var out []Domain
	for _, dc := range Domains(g, true) {
		if dc.Domain.Kind != DomainNode {
			out = append(out, dc.Domain)
		}
	}
	return out
}

// expand lists the plain sets a risk result stands for: "any k of" sets
// as every choice, and each merged domain in place of its equivalent.
func expand(r *Risk) map[string][]string {
	same := map[string][]string{}
	for _, e := range r.Equivalents {
		same[e.Domain] = e.Same
	}
	out := map[string][]string{} // target → set keys
	for _, s := range r.Sets {
		var choices [][]string
		if s.AnyOf > 0 {
			choices = combinations(s.Domains, s.AnyOf)
		} else {
			choices = [][]string{s.Domains}
		}
		for _, c := range choices {
			variants := [][]string{nil}
			for _, d := range c {
				var next [][]string
				for _, v := range variants {
					for _, alt := range append([]string{d}, same[d]...) {
						next = append(next, append(slices.Clone(v), alt))
					}
				}
				variants = next
			}
			for _, v := range variants {
				sort.Strings(v)
				for _, t := range s.Fails {
					out[t] = append(out[t], strings.Join(v, " + "))
				}
			}
		}
	}
	for t := range out {
		sort.Strings(out[t])
	}
	return out
}

func combinations[T any](items []T, k int) [][]T {
	if k == 0 {
		return [][]T{nil}
	}
	var out [][]T
	for i := range items {
		for _, rest := range combinations(items[i+1:], k-1) {
			out = append(out, append([]T{items[i]}, rest...))
		}
	}
	return out
}

// bruteForce runs every set of up to order domains and keeps, per
// target, those that fail it while no proper subset does; it also checks
// that failure is monotone in the set of domains down.
func bruteForce(t *testing.T, a *Analyzer, targets []string, doms []Domain, order int) map[string][]string {
	t.Helper()
	failed := map[string]map[string]bool{} // set key → targets failed
	var sets [][]Domain
	for k := 1; k <= order; k++ {
		sets = append(sets, combinations(doms, k)...)
	}
	key := func(ds []Domain) string {
		var names []string
		for _, d := range ds {
			names = append(names, d.String())
		}
		sort.Strings(names)
		return strings.Join(names, " + ")
	}
	for _, s := range sets {
		res := a.Run(Scenario{Down: s})
		f := map[string]bool{}
		for _, id := range targets {
			if st, _ := res.StateOf(id); st == Failed {
				f[id] = true
			}
		}
		failed[key(s)] = f
	}
	out := map[string][]string{}
	for _, s := range sets {
		f := failed[key(s)]
		for _, id := range targets {
			minimal := f[id]
			for k := 1; k < len(s); k++ {
				for _, sub := range combinations(s, k) {
					if failed[key(sub)][id] {
						minimal = false
					}
					// monotone: what a subset fails, the set fails
					if failed[key(sub)][id] && !f[id] {
						t.Fatalf("not monotone: %s fails %s but %s does not", key(sub), id, key(s))
					}
				}
			}
			if minimal {
				out[id] = append(out[id], key(s))
			}
		}
	}
	for id := range out {
		sort.Strings(out[id])
	}
	return out
}

// randomRisk builds the random graph of a seed and stream (randomGraph),
// its analyzer, every node as a target and the domains it holds.
func randomRisk(seed, stream uint64) (*graph.Graph, *Analyzer, []string, []Domain) {
	g := randomGraph(rand.New(rand.NewPCG(seed, stream)))
	var targets []string
	for _, n := range g.Nodes() {
		targets = append(targets, n.ID)
	}
	return g, New(g, nil), targets, riskDomains(g)
}

// TestRiskGroupsMatchBruteForce compares RiskGroups with every subset of
// up to three domains run on its own, over random small graphs: the same
// minimal sets for every target, none missing, none extra.
func TestRiskGroupsMatchBruteForce(t *testing.T) {
	for seed := range uint64(300) {
		g, a, targets, doms := randomRisk(seed, 17)
		order := 1 + int(seed%3)
		got := expand(a.RiskGroups(targets, doms, order))
		want := bruteForce(t, a, targets, doms, order)
		for _, id := range targets {
			if !slices.Equal(got[id], want[id]) {
				t.Fatalf("seed %d, order %d, %s:\n got  %q\n want %q\ngraph:\n%s", seed, order, id, got[id], want[id], g)
			}
		}
	}
}

// TestRiskGroupsReuseSeeds: a set of domains takes, for a node only one
// of them hits directly, that domain's own seed rather than evaluating the
// node again; over random small graphs at order 3 the whole result, down
// to the number of sets run (which the pairs' reach decides), is the same
// as evaluating every node.
func TestRiskGroupsReuseSeeds(t *testing.T) {
	for seed := range uint64(400) {
		g, a, targets, doms := randomRisk(seed, 29)
		got := a.RiskGroups(targets, doms, 3)
		reuseSeeds = false
		want := a.RiskGroups(targets, doms, 3)
		reuseSeeds = true
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: reusing seeds gives\n %+v\nevaluating every node gives\n %+v\ngraph:\n%s", seed, got, want, g)
		}
	}
}

// TestRiskTwoOfThreeZones: a group spread over three zones that needs two
// fails with any two of them, never with one, and is printed as one set.
func TestRiskTwoOfThreeZones(t *testing.T) {
	nodes := []tn{
		{id: "aws_autoscaling_group.app", typ: "aws_autoscaling_group", region: "us-east-1"},
		{id: "aws_subnet.a", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1a"},
		{id: "aws_subnet.b", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1b"},
		{id: "aws_subnet.c", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1c"},
	}
	g := build(t, nodes, nil)
	for _, s := range []string{"a", "b", "c"} {
		_ = g.AddEdge(graph.Edge{From: "aws_autoscaling_group.app", To: "aws_subnet." + s, Kind: graph.Hard, Group: "subnets", Via: "vpc_zone_identifier"})
	}
	g.SetGroup("aws_autoscaling_group.app", graph.Group{Name: "subnets", Need: 2})
	a := New(g, nil)
	r := a.RiskGroups([]string{"aws_autoscaling_group.app"}, riskDomains(g), 3)
	var names []string
	for _, s := range r.Sets {
		if slices.Contains(s.Fails, "aws_autoscaling_group.app") {
			names = append(names, s.Name())
		}
	}
	// the provider and the region take down the same nodes here: one
	// set, with the region listed as equivalent
	want := []string{"any 2 of aws:us-east-1a/b/c", "aws"}
	slices.Sort(names)
	if !slices.Equal(names, want) {
		t.Fatalf("risk groups of the ASG: %q, want %q", names, want)
	}
	if len(r.Equivalents) != 1 || r.Equivalents[0].Domain != "aws" || !slices.Equal(r.Equivalents[0].Same, []string{"aws:us-east-1"}) {
		t.Errorf("equivalents: %+v", r.Equivalents)
	}
}

// TestSharedFate: two replicas in two zones reading one regional secret
// share its fate; subnets of one VPC do not (the VPC is lost only with
// the service that holds the subnets too).
func TestSharedFate(t *testing.T) {
	nodes := []tn{
		{id: "aws_lb.web", typ: "aws_lb", region: "us-east-1"},
		{id: "aws_instance.a", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "aws_instance.b", typ: "aws_instance", region: "us-east-1", zone: "us-east-1b"},
		{id: "aws_secretsmanager_secret.db", typ: "aws_secretsmanager_secret", region: "us-east-1"},
		{id: "aws_vpc.main", typ: "aws_vpc", region: "us-east-1"},
		{id: "aws_subnet.a", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1a"},
		{id: "aws_subnet.b", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1b"},
		{id: "aws_lb.api", typ: "aws_lb", region: "us-east-1"},
		{id: "aws_instance.c", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
	}
	edges := []te{
		{from: "aws_instance.a", to: "aws_secretsmanager_secret.db"}, {from: "aws_instance.b", to: "aws_secretsmanager_secret.db"},
		{from: "aws_instance.a", to: "aws_subnet.a"}, {from: "aws_instance.b", to: "aws_subnet.b"},
		{from: "aws_subnet.a", to: "aws_vpc.main"}, {from: "aws_subnet.b", to: "aws_vpc.main"},
	}
	g := build(t, nodes, edges)
	for _, m := range []string{"a", "b"} {
		_ = g.AddEdge(graph.Edge{From: "aws_lb.web", To: "aws_instance." + m, Kind: graph.Hard, Group: "targets", Via: "target_id"})
		_ = g.AddEdge(graph.Edge{From: "aws_lb.api", To: "aws_subnet." + m, Kind: graph.Hard, Group: "subnets", Via: "subnets"})
	}
	_ = g.AddEdge(graph.Edge{From: "aws_lb.api", To: "aws_instance.c", Kind: graph.Soft, Via: "x"})
	g.SetGroup("aws_lb.web", graph.Group{Name: "targets", Need: 1})
	g.SetGroup("aws_lb.api", graph.Group{Name: "subnets", Need: 1})
	a := New(g, nil)
	fates := a.SharedFate()
	if len(fates) != 1 {
		t.Fatalf("shared fate: %+v, want one (the secret)", fates)
	}
	f := fates[0]
	if f.Node != "aws_lb.web" || f.Common != "aws_secretsmanager_secret.db" || f.Domain != "aws:us-east-1/secretsmanager" || f.Kind != FateResource {
		t.Fatalf("shared fate: %+v", f)
	}
	if !strings.Contains(f.Text(), "all depend on aws_secretsmanager_secret.db") {
		t.Errorf("text: %s", f.Text())
	}
	if got := a.SharedFateOf("aws_instance.a"); len(got) != 1 {
		t.Errorf("SharedFateOf(member) = %+v, want the group", got)
	}
	if got := a.SharedFateOf("aws_subnet.a"); len(got) != 0 {
		t.Errorf("SharedFateOf(subnet) = %+v, want none", got)
	}
	// the same pair placed in one zone: one domain, not one resource
	g2 := build(t, []tn{
		{id: "aws_lb.web", typ: "aws_lb", region: "us-east-1"},
		{id: "aws_instance.a", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "aws_instance.b", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
	}, nil)
	for _, m := range []string{"a", "b"} {
		_ = g2.AddEdge(graph.Edge{From: "aws_lb.web", To: "aws_instance." + m, Kind: graph.Hard, Group: "targets", Via: "target_id"})
	}
	g2.SetGroup("aws_lb.web", graph.Group{Name: "targets", Need: 1})
	fates = New(g2, nil).SharedFate()
	if len(fates) != 1 || fates[0].Kind != FateDomain || fates[0].Common != "aws:us-east-1a" {
		t.Fatalf("one-zone pair: %+v", fates)
	}
	// three instances in three zones behind one NAT gateway in the first
	g3 := build(t, []tn{
		{id: "aws_lb.app", typ: "aws_lb", region: "us-east-1"},
		{id: "aws_instance.a", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "aws_instance.b", typ: "aws_instance", region: "us-east-1", zone: "us-east-1b"},
		{id: "aws_instance.c", typ: "aws_instance", region: "us-east-1", zone: "us-east-1c"},
		{id: "aws_nat_gateway.one", typ: "aws_nat_gateway", region: "us-east-1", zone: "us-east-1a"},
	}, []te{{from: "aws_instance.a", to: "aws_nat_gateway.one"}, {from: "aws_instance.b", to: "aws_nat_gateway.one"}, {from: "aws_instance.c", to: "aws_nat_gateway.one"}})
	for _, m := range []string{"a", "b", "c"} {
		_ = g3.AddEdge(graph.Edge{From: "aws_lb.app", To: "aws_instance." + m, Kind: graph.Hard, Group: "targets", Via: "target_id"})
	}
	g3.SetGroup("aws_lb.app", graph.Group{Name: "targets", Need: 2})
	fates = New(g3, nil).SharedFate()
	if len(fates) != 1 || fates[0].Common != "aws_nat_gateway.one" || fates[0].Domain != "aws:us-east-1a" || fates[0].Need != 2 {
		t.Fatalf("behind one NAT: %+v", fates)
	}
}

// TestCountHitsKept: counts kept from an earlier call are those counting
// anew gives, for a list that overlaps the earlier one and holds domains
// it did not, on random small graphs.
func TestCountHitsKept(t *testing.T) {
	for seed := range uint64(100) {
		g, a, _, _ := randomRisk(seed, 41)
		all := a.Placed(true)
		if len(all) < 2 {
			continue
		}
		first := slices.Clone(all[:len(all)/2])
		a.CountHits(first)
		got := slices.Clone(all)
		a.CountHits(got)
		want := slices.Clone(all)
		New(g, nil).countHits(want)
		if !slices.Equal(got, want) {
			t.Fatalf("seed %d: kept counts %+v, counted anew %+v", seed, got, want)
		}
		if !slices.Equal(first, want[:len(first)]) {
			t.Fatalf("seed %d: first call %+v, counted anew %+v", seed, first, want[:len(first)])
		}
	}
}

// TestZoneNameInSeveralRegions: OpenStack names its default zone "nova"
// in every region, so one zone domain hits nodes of several regions. The
// risk search and the count of what a domain hits must see all of them,
// as a scenario taking the zone down does, not only those of the region
// the zone's name was last seen in.
func TestZoneNameInSeveralRegions(t *testing.T) {
	g, targets := novaGraph()
	a := New(g, nil)
	doms := riskDomains(g)
	want := bruteForce(t, a, targets, doms, 1)
	got := expand(a.RiskGroups(targets, doms, 1))
	for _, id := range targets {
		if !slices.Equal(got[id], want[id]) {
			t.Errorf("%s: risk groups %q, taking each domain down fails it in %q", id, got[id], want[id])
		}
	}
	for _, dc := range a.Domains(true) {
		if dc.Name == "openstack:nova" && dc.Resources != len(targets) {
			t.Errorf("openstack:nova counts %d resources, a scenario taking it down hits %d", dc.Resources, len(targets))
		}
	}
}

// novaGraph is an instance in zone nova of each of three OpenStack
// regions, and their IDs.
func novaGraph() (*graph.Graph, []string) {
	g := graph.New()
	var ids []string
	for _, r := range []string{"RegionOne", "RegionTwo", "RegionThree"} {
		id := "openstack_compute_instance_v2.web_" + r
		p := graph.Placement{Cloud: "openstack", Region: r, Zone: "nova", Rule: "attribute:availability_zone"}
		_ = g.AddNode(&graph.Node{ID: id, Kind: graph.KindResource, Type: "openstack_compute_instance_v2", Address: id, Mode: graph.ModeManaged, Placement: p})
		ids = append(ids, id)
	}
	return g, ids
}

// TestRunForEvaluatesNearNodes: RunFor evaluates only the nodes one
// domain may hit directly (near, as the risk search does); on random
// graphs and on a zone several regions name, every node keeps Run's
// state, frozen flag and reason, and the counts are Run's.
func TestRunForEvaluatesNearNodes(t *testing.T) {
	check := func(what string, g *graph.Graph, a *Analyzer, ids []string) {
		for _, dc := range Domains(g, true) {
			s := Scenario{Down: []Domain{dc.Domain}}
			all, some := a.Run(s), a.RunFor(s, ids, len(ids))
			if all.Summary != some.Summary || all.Services != some.Services {
				t.Fatalf("%s, %s: RunFor counts %+v, Run %+v", what, dc.Name, some.Summary, all.Summary)
			}
			for _, im := range all.Impacts {
				got, ok := some.Impact(im.ID)
				if !ok || got.State != im.State || got.Frozen != im.Frozen || got.Reason != im.Reason {
					t.Fatalf("%s, %s: %s: RunFor %+v (%t), Run %+v", what, dc.Name, im.ID, got, ok, im)
				}
			}
		}
	}
	for seed := range uint64(200) {
		g, a, ids, _ := randomRisk(seed, 53)
		check(fmt.Sprint("seed ", seed), g, a, ids)
	}
	g, ids := novaGraph()
	check("nova", g, New(g, nil), ids)
}

// TestSharedZoneDownInEachRegion: a scenario taking down a zone name
// several regions share takes that zone down in each of them, not only
// in the region its name was last seen in: an instance whose zone is
// unknown until apply is at risk, and a database with a standby in
// another zone (zones not recorded) degraded, in every region naming
// the zone.
func TestSharedZoneDownInEachRegion(t *testing.T) {
	g, _ := novaGraph()
	var unplaced, spread []string
	for _, r := range []string{"RegionOne", "RegionThree"} {
		id := "openstack_compute_instance_v2.new_" + r
		p := graph.Placement{Cloud: "openstack", Region: r, Rule: "provider:region"}
		_ = g.AddNode(&graph.Node{ID: id, Kind: graph.KindResource, Type: "openstack_compute_instance_v2", Address: id,
			Mode: graph.ModeManaged, Placement: p, Labels: map[string]string{LabelUnknownUntilApply: "zone"}})
		unplaced = append(unplaced, id)
		id = "openstack_db_instance_v1.db_" + r
		_ = g.AddNode(&graph.Node{ID: id, Kind: graph.KindResource, Type: "openstack_db_instance_v1", Address: id,
			Mode: graph.ModeManaged, Placement: p, Attrs: map[string]string{"multi_az": "true"}})
		spread = append(spread, id)
	}
	k := platform.Default()
	if err := k.Override([]platform.Entry{{Match: "openstack_compute_instance_v2", Scope: graph.ScopeZonal},
		{Match: "openstack_db_instance_v1", Scope: graph.ScopeZonal, Redundancy: "multi_az"}}); err != nil {
		t.Fatal(err)
	}
	a := New(g, k)
	nova, err := ParseDomain("openstack:nova", g)
	if err != nil {
		t.Fatal(err)
	}
	res := a.Run(Scenario{Down: []Domain{nova}})
	for _, id := range unplaced {
		if im, ok := res.Impact(id); !ok || im.State != Failed || !strings.Contains(im.Reason, AssumedReason) {
			t.Errorf("%s, zone unknown until apply, with openstack:nova down: %+v (%t), want failed as assumed in it", id, im, ok)
		}
	}
	if got := a.Assumed(res); !slices.Equal(got, unplaced) {
		t.Errorf("assumed down %q, want %q", got, unplaced)
	}
	for _, id := range spread {
		if a.ZoneRedundant(id) == "" {
			t.Fatalf("%s is not zone-redundant in its region: the test proves nothing", id)
		}
		if im, ok := res.Impact(id); !ok || im.State != Degraded || !strings.Contains(im.Reason, "lost nova") {
			t.Errorf("%s, zone-redundant, with openstack:nova down: %+v (%t), want degraded, nova lost", id, im, ok)
		}
	}
}

// TestRandomGraphsCoverPlacements: the random graphs the risk search and
// RunFor are held to hold every kind of placement own() tells apart:
// zonal, spread over zones, zone-redundant in a region, multi-region,
// global, a standby copy, and a zone or region unknown until apply.
func TestRandomGraphsCoverPlacements(t *testing.T) {
	seen := map[string]int{}
	for seed := range uint64(200) {
		_, a, _, _ := randomRisk(seed, 17)
		for i, n := range a.nodes {
			switch {
			case a.spreadAt(i) != "":
				seen["zone-redundant"]++
			case len(a.standbyAt(i)) > 0:
				seen["standby"]++
			case a.unknown[int32(i)]&unknownRegion != 0:
				seen["region unknown"]++
			case a.unknown[int32(i)]&unknownZone != 0:
				seen["zone unknown"]++
			case a.scope[i] == scopeMultiRegion:
				seen["multi-region"]++
			case a.scope[i] == scopeGlobal:
				seen["global"]++
			case len(n.Placement.Zones) > 1:
				seen["zones"]++
			case n.Placement.Zone != "":
				seen["zonal"]++
			}
		}
	}
	for _, k := range []string{"zone-redundant", "standby", "region unknown", "zone unknown", "multi-region", "global", "zones", "zonal"} {
		if seen[k] < 20 {
			t.Errorf("%d %s nodes in 200 random graphs", seen[k], k)
		}
	}
}
