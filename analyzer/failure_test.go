package analyzer

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/graph"
)

type platformScenario = platform.ScenarioDef

func platformDef(name string, down ...string) platform.ScenarioDef {
	return platform.ScenarioDef{Name: name, Down: down}
}

func nil2(t *testing.T) *platform.Knowledge {
	t.Helper()
	return platform.Default()
}

// tn describes one node of an inline test graph.
type tn struct {
	id, typ      string
	region, zone string
	attrs        map[string]string
	data         bool
	unknown      string // Placement.Unknown (e.g. "ARN without region")
}

// te describes one edge: from → to, read from attribute via.
type te struct {
	from, to, via string
	kind          string // hard (when empty), soft or control
}

func cloudOf(typ string) string {
	switch {
	case strings.HasPrefix(typ, "aws_"):
		return "aws"
	case strings.HasPrefix(typ, "google_"):
		return "gcp"
	case strings.HasPrefix(typ, "azurerm_"), strings.HasPrefix(typ, "azuread_"):
		return "azure"
	}
	return ""
}

func build(t *testing.T, nodes []tn, edges []te) *graph.Graph {
	t.Helper()
	g := graph.New()
	for _, n := range nodes {
		p := graph.Placement{Cloud: cloudOf(n.typ), Region: n.region, Zone: n.zone, Unknown: n.unknown}
		if n.region != "" {
			p.Rule = "attribute:region"
		}
		node := &graph.Node{ID: n.id, Kind: graph.KindResource, Type: n.typ, Address: n.id, Mode: graph.ModeManaged, Placement: p, Attrs: n.attrs}
		if n.data {
			node.Mode = graph.ModeData
		}
		if err := g.AddNode(node); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range edges {
		k := graph.Hard
		if e.kind != "" {
			var err error
			if k, err = graph.ParseEdgeKind(e.kind); err != nil {
				t.Fatal(err)
			}
		}
		via := e.via
		if via == "" {
			via = "dependencies"
		}
		if err := g.AddEdge(graph.Edge{From: e.from, To: e.to, Kind: k, Via: via}); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

func run(t *testing.T, g *graph.Graph, down ...string) *Result {
	t.Helper()
	var s Scenario
	for _, d := range down {
		dom, err := ParseDomain(d, g)
		if err != nil {
			t.Fatal(err)
		}
		s.Down = append(s.Down, dom)
	}
	return New(g, nil).Run(s)
}

// expect checks node states: "failed", "degraded", "healthy", with
// "+frozen" for the frozen flag.
func expect(t *testing.T, r *Result, want map[string]string) {
	t.Helper()
	for id, w := range want {
		st, fz := r.StateOf(id)
		got := st.String()
		if fz {
			got += "+frozen"
		}
		if got != w {
			im, _ := r.Impact(id)
			t.Errorf("%s: %s, want %s (reason %q, chain %v)", id, got, w, im.Reason, im.Chain)
		}
	}
}

func webTier() []tn {
	return []tn{
		{id: "vpc", typ: "aws_vpc", region: "us-east-1"},
		{id: "pub_a", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1a"},
		{id: "pub_b", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1b"},
		{id: "pub_c", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1c"},
		{id: "priv_a", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1a"},
		{id: "priv_b", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1b"},
		{id: "priv_c", typ: "aws_subnet", region: "us-east-1", zone: "us-east-1c"},
		{id: "alb", typ: "aws_lb", region: "us-east-1", attrs: map[string]string{"load_balancer_type": "application"}},
		{id: "tg", typ: "aws_lb_target_group", region: "us-east-1"},
		{id: "listener", typ: "aws_lb_listener", region: "us-east-1"},
		{id: "lt", typ: "aws_launch_template", region: "us-east-1"},
		{id: "asg", typ: "aws_autoscaling_group", region: "us-east-1"},
		{id: "zone", typ: "aws_route53_zone", unknown: "ARN without region (a global service)"},
		{id: "www", typ: "aws_route53_record", unknown: "no region"},
	}
}

func webEdges() []te {
	return []te{
		{"pub_a", "vpc", "vpc_id", ""}, {"pub_b", "vpc", "vpc_id", ""}, {"pub_c", "vpc", "vpc_id", ""},
		{"priv_a", "vpc", "vpc_id", ""}, {"priv_b", "vpc", "vpc_id", ""}, {"priv_c", "vpc", "vpc_id", ""},
		{"alb", "pub_a", "subnets", ""}, {"alb", "pub_b", "subnets", ""}, {"alb", "pub_c", "subnets", ""},
		{"asg", "priv_a", "vpc_zone_identifier", ""}, {"asg", "priv_b", "vpc_zone_identifier", ""}, {"asg", "priv_c", "vpc_zone_identifier", ""},
		{"asg", "lt", "launch_template.id", ""}, {"asg", "tg", "target_group_arns", ""},
		{"tg", "vpc", "vpc_id", ""},
		{"listener", "alb", "load_balancer_arn", ""}, {"listener", "tg", "default_action.target_group_arn", ""},
		{"www", "alb", "alias.name", ""}, {"www", "zone", "zone_id", ""},
	}
}

func TestWebTierAcrossThreeZones(t *testing.T) {
	g := build(t, webTier(), webEdges())
	r := run(t, g, "aws:us-east-1a")
	expect(t, r, map[string]string{
		"pub_a": "failed", "priv_a": "failed", "pub_b": "healthy",
		"alb": "degraded", "asg": "degraded", "listener": "degraded", "www": "degraded",
		"vpc": "healthy", "lt": "healthy", "tg": "healthy",
	})
	im, _ := r.Impact("alb")
	if strings.Join(im.Lost, ",") != "pub_a" || strings.Join(im.Left, ",") != "pub_b,pub_c" {
		t.Errorf("alb lost %v left %v, want [pub_a] [pub_b pub_c]", im.Lost, im.Left)
	}
	if !strings.Contains(im.Reason, "lost 1 of 3") || !strings.Contains(im.Reason, "pub_b, pub_c left") {
		t.Errorf("alb reason %q does not say what it lost and what is left", im.Reason)
	}

	r = run(t, g, "aws:us-east-1a", "aws:us-east-1b", "aws:us-east-1c")
	expect(t, r, map[string]string{"alb": "failed", "asg": "failed", "www": "failed", "vpc": "healthy"})

	r = run(t, g, "aws:us-east-1")
	expect(t, r, map[string]string{"alb": "failed", "asg": "failed+frozen", "listener": "failed", "www": "failed+frozen", "zone": "healthy+frozen", "lt": "failed"})
}

func TestEdgeRulesLaunchTemplateIsControl(t *testing.T) {
	g := build(t, webTier(), webEdges())
	New(g, nil)
	for _, e := range g.DependenciesOf("asg") {
		if e.To == "lt" && e.Kind != graph.Control {
			t.Errorf("asg -> lt is %s, want control", e.Kind)
		}
		if strings.HasPrefix(e.To, "priv_") && e.Group != "aws_subnet across zones" {
			t.Errorf("asg -> %s has group %q, want the subnet group", e.To, e.Group)
		}
	}
	// taking the template down directly freezes the group, not fails it
	r := run(t, g, "lt")
	expect(t, r, map[string]string{"lt": "failed", "asg": "healthy+frozen"})
}

func TestDynamoDBGlobalTable(t *testing.T) {
	nodes := []tn{
		{id: "global", typ: "aws_dynamodb_table", region: "us-east-1", attrs: map[string]string{"replica.region_name": "us-west-2"}},
		{id: "single", typ: "aws_dynamodb_table", region: "us-east-1"},
		{id: "api", typ: "aws_lambda_function", region: "us-west-2"},
		{id: "api_east", typ: "aws_lambda_function", region: "us-east-1"},
	}
	g := build(t, nodes, []te{{"api", "global", "environment.variables.TABLE", ""}, {"api_east", "global", "environment.variables.TABLE", ""}})
	r := run(t, g, "aws:us-east-1/dynamodb")
	// the function in us-west-2 reads its own region's replica; the one in
	// us-east-1 loses its local endpoint
	expect(t, r, map[string]string{"api": "healthy", "api_east": "degraded"})
	for _, down := range []string{"aws:us-east-1", "aws:us-east-1/dynamodb"} {
		r := run(t, g, down)
		expect(t, r, map[string]string{"global": "degraded", "single": "failed", "api": "healthy"})
		im, _ := r.Impact("global")
		if strings.Join(im.Left, ",") != "us-west-2" || strings.Join(im.Lost, ",") != "us-east-1" {
			t.Errorf("%s: global table lost %v left %v", down, im.Lost, im.Left)
		}
	}
	r = run(t, g, "aws:us-east-1", "aws:us-west-2")
	expect(t, r, map[string]string{"global": "failed", "api": "failed"})
	if n, _ := g.Node("global"); n.Placement.Scope != graph.ScopeMultiRegion || strings.Join(n.Placement.Regions, ",") != "us-west-2" {
		t.Errorf("global table placement %+v, want multi-region with us-west-2", n.Placement)
	}
}

func TestDynamoDBReplicaResource(t *testing.T) {
	nodes := []tn{
		{id: "table", typ: "aws_dynamodb_table", region: "eu-west-1"},
		{id: "replica", typ: "aws_dynamodb_table_replica", region: "eu-central-1"},
	}
	g := build(t, nodes, []te{{"replica", "table", "global_table_arn", ""}})
	r := run(t, g, "aws:eu-west-1")
	expect(t, r, map[string]string{"table": "degraded", "replica": "healthy"})
}

func TestLambdaWithIAMRoleSurvivesUSEast1(t *testing.T) {
	nodes := []tn{
		{id: "fn", typ: "aws_lambda_function", region: "eu-west-1"},
		{id: "role", typ: "aws_iam_role", unknown: "ARN without region (a global service)"},
		{id: "policy", typ: "aws_iam_role_policy", unknown: "no region"},
		{id: "bucket", typ: "aws_s3_bucket", region: "us-east-1"},
		{id: "logs", typ: "aws_cloudwatch_log_group", region: "eu-west-1"},
	}
	edges := []te{{"fn", "role", "role", ""}, {"policy", "role", "role", ""}, {"policy", "bucket", "policy", ""}, {"fn", "logs", "logging_config.log_group", ""}}
	g := build(t, nodes, edges)
	r := run(t, g, "aws:us-east-1")
	expect(t, r, map[string]string{"role": "healthy+frozen", "fn": "healthy", "policy": "healthy+frozen", "bucket": "failed"})
	im, _ := r.Impact("role")
	if !strings.Contains(im.Reason, "us-east-1") || !strings.Contains(im.Reason, "data plane keeps serving") {
		t.Errorf("role reason %q", im.Reason)
	}
	if has(g, "policy", "bucket") {
		t.Error("the IAM policy still has an edge to the bucket it names")
	}
	// losing the log group only degrades the function
	r = run(t, g, "aws:eu-west-1/logs")
	expect(t, r, map[string]string{"logs": "failed", "fn": "degraded"})
}

func route53Failover(healthChecked bool) ([]tn, []te) {
	primary := map[string]string{"set_identifier": "east", "fqdn": "app.example.com", "type": "A", "zone_id": "Z1",
		"failover_routing_policy.type": "PRIMARY"}
	secondary := map[string]string{"set_identifier": "west", "fqdn": "app.example.com", "type": "A", "zone_id": "Z1",
		"failover_routing_policy.type": "SECONDARY"}
	if healthChecked {
		primary["health_check_id"] = "hc-1"
		secondary["alias.evaluate_target_health"] = "true"
	}
	nodes := []tn{
		{id: "zone", typ: "aws_route53_zone", unknown: "ARN without region (a global service)"},
		{id: "lb_east", typ: "aws_lb", region: "us-east-1"},
		{id: "lb_west", typ: "aws_lb", region: "us-west-2"},
		{id: "primary", typ: "aws_route53_record", unknown: "no region", attrs: primary},
		{id: "secondary", typ: "aws_route53_record", unknown: "no region", attrs: secondary},
	}
	edges := []te{{"primary", "lb_east", "alias.name", ""}, {"secondary", "lb_west", "alias.name", ""},
		{"primary", "zone", "zone_id", ""}, {"secondary", "zone", "zone_id", ""}}
	if healthChecked {
		nodes = append(nodes, tn{id: "hc", typ: "aws_route53_health_check", unknown: "ARN without region (a global service)"})
		// Terraform records the record → LB dependency through the
		// health check too; the reduction keeps only the health check
		edges = append(edges[1:], te{"primary", "hc", "health_check_id", ""}, te{"hc", "lb_east", "fqdn", ""})
	}
	return nodes, edges
}

func TestRoute53FailoverSurvivesEitherRegion(t *testing.T) {
	nodes, edges := route53Failover(true)
	g := build(t, nodes, edges)
	for _, down := range []string{"aws:us-east-1", "aws:us-west-2"} {
		r := run(t, g, down)
		if st, _ := r.StateOf("primary"); st != Degraded {
			t.Errorf("%s: primary is %s, want degraded", down, st)
		}
		if st, _ := r.StateOf("secondary"); st != Degraded {
			t.Errorf("%s: secondary is %s, want degraded", down, st)
		}
	}
	r := run(t, g, "aws:us-east-1", "aws:us-west-2")
	expect(t, r, map[string]string{"primary": "failed+frozen", "secondary": "failed+frozen"})
	r = run(t, g, "aws:us-west-2")
	im, _ := r.Impact("secondary")
	if !strings.Contains(im.Reason, `redundancy "dns app.example.com"`) || strings.Join(im.Left, ",") != "lb_east" {
		t.Errorf("secondary: reason %q left %v", im.Reason, im.Left)
	}
}

func TestRoute53SetWithoutHealthChecksDoesNotFailOver(t *testing.T) {
	nodes, edges := route53Failover(false)
	g := build(t, nodes, edges)
	r := run(t, g, "aws:us-east-1")
	expect(t, r, map[string]string{"primary": "failed+frozen", "secondary": "healthy+frozen"})
}

func TestMultiAZDatabase(t *testing.T) {
	nodes := []tn{
		{id: "sa", typ: "aws_subnet", region: "eu-west-1", zone: "eu-west-1a"},
		{id: "sb", typ: "aws_subnet", region: "eu-west-1", zone: "eu-west-1b"},
		{id: "sg", typ: "aws_db_subnet_group", region: "eu-west-1"},
		{id: "multi", typ: "aws_db_instance", region: "eu-west-1", zone: "eu-west-1a", attrs: map[string]string{"multi_az": "true"}},
		{id: "single", typ: "aws_db_instance", region: "eu-west-1", zone: "eu-west-1a", attrs: map[string]string{"multi_az": "false"}},
		{id: "lonely", typ: "aws_db_instance", region: "eu-west-1", zone: "eu-west-1b", attrs: map[string]string{"multi_az": "true"}},
	}
	edges := []te{{"sg", "sa", "subnet_ids", ""}, {"sg", "sb", "subnet_ids", ""}, {"multi", "sg", "db_subnet_group_name", ""}, {"single", "sg", "db_subnet_group_name", ""}}
	g := build(t, nodes, edges)
	r := run(t, g, "aws:eu-west-1a")
	expect(t, r, map[string]string{"multi": "degraded", "single": "failed", "sg": "degraded", "lonely": "degraded"})
	r = run(t, g, "aws:eu-west-1a", "aws:eu-west-1b")
	expect(t, r, map[string]string{"multi": "failed", "single": "failed", "lonely": "degraded"})
	r = run(t, g, "aws:eu-west-1")
	expect(t, r, map[string]string{"multi": "failed", "lonely": "failed"})
}

func TestAuroraClusterServedByItsInstances(t *testing.T) {
	nodes := []tn{
		{id: "cluster", typ: "aws_rds_cluster", region: "us-east-2"},
		{id: "i1", typ: "aws_rds_cluster_instance", region: "us-east-2", zone: "us-east-2a"},
		{id: "i2", typ: "aws_rds_cluster_instance", region: "us-east-2", zone: "us-east-2b"},
		{id: "app", typ: "aws_ecs_service", region: "us-east-2"},
	}
	edges := []te{{"i1", "cluster", "cluster_identifier", ""}, {"i2", "cluster", "cluster_identifier", ""}, {"app", "cluster", "environment", ""}}
	g := build(t, nodes, edges)
	r := run(t, g, "aws:us-east-2a")
	expect(t, r, map[string]string{"i1": "failed", "i2": "healthy", "cluster": "degraded", "app": "degraded"})
	r = run(t, g, "aws:us-east-2a", "aws:us-east-2b")
	expect(t, r, map[string]string{"cluster": "failed", "app": "failed"})
}

func TestElastiCacheAutomaticFailover(t *testing.T) {
	nodes := []tn{
		{id: "ha", typ: "aws_elasticache_replication_group", region: "us-east-1",
			attrs: map[string]string{"automatic_failover_enabled": "true", "preferred_cache_cluster_azs": "us-east-1a,us-east-1b"}},
		{id: "solo", typ: "aws_elasticache_replication_group", region: "us-east-1", attrs: map[string]string{"automatic_failover_enabled": "true"}},
	}
	g := build(t, nodes, nil)
	r := run(t, g, "aws:us-east-1a")
	expect(t, r, map[string]string{"ha": "degraded", "solo": "degraded"})
	r = run(t, g, "aws:us-east-1a", "aws:us-east-1b")
	expect(t, r, map[string]string{"ha": "failed", "solo": "degraded"})
}

func TestCloudFrontKeepsServingWithUSEast1Down(t *testing.T) {
	nodes := []tn{
		{id: "cdn", typ: "aws_cloudfront_distribution", unknown: "ARN without region (a global service)"},
		{id: "cert", typ: "aws_acm_certificate", region: "us-east-1"},
		{id: "origin", typ: "aws_s3_bucket", region: "eu-west-1"},
	}
	g := build(t, nodes, []te{{"cdn", "cert", "viewer_certificate.acm_certificate_arn", ""}, {"cdn", "origin", "origin.domain_name", ""}})
	r := run(t, g, "aws:us-east-1")
	expect(t, r, map[string]string{"cert": "failed", "cdn": "healthy+frozen", "origin": "healthy"})
	r = run(t, g, "aws:eu-west-1")
	expect(t, r, map[string]string{"cdn": "failed"})
}

func TestObservedDependenciesOfDynamoDB(t *testing.T) {
	nodes := []tn{
		{id: "table", typ: "aws_dynamodb_table", region: "us-east-1"},
		{id: "vm", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "vm_west", typ: "aws_instance", region: "us-west-2", zone: "us-west-2a"},
		{id: "nlb", typ: "aws_lb", region: "us-east-1", attrs: map[string]string{"load_balancer_type": "network"}},
		{id: "alb", typ: "aws_lb", region: "us-east-1", attrs: map[string]string{"load_balancer_type": "application"}},
		{id: "fn", typ: "aws_lambda_function", region: "us-east-1"},
		{id: "queue", typ: "aws_sqs_queue", region: "us-east-1"},
	}
	g := build(t, nodes, nil)
	r := run(t, g, "aws:us-east-1/dynamodb")
	expect(t, r, map[string]string{"table": "failed", "vm": "healthy+frozen", "vm_west": "healthy",
		"nlb": "degraded", "alb": "healthy", "fn": "degraded", "queue": "healthy"})
	im, _ := r.Impact("vm")
	if !strings.Contains(im.Reason, "https://aws.amazon.com/message/101925/") || !strings.Contains(im.Reason, "observed") {
		t.Errorf("vm reason %q does not cite the observed dependency's source", im.Reason)
	}
	if len(r.Effects) == 0 || !r.Effects[0].Observed {
		t.Errorf("effects %+v: want the observed dependencies listed", r.Effects)
	}
}

func TestGCPRegionalResources(t *testing.T) {
	nodes := []tn{
		{id: "regional_gke", typ: "google_container_cluster", region: "us-central1"},
		{id: "zonal_gke", typ: "google_container_cluster", region: "us-central1", zone: "us-central1-a"},
		{id: "mig", typ: "google_compute_region_instance_group_manager", region: "us-central1",
			attrs: map[string]string{"distribution_policy_zones": "us-central1-a,us-central1-b,us-central1-f"}},
		{id: "sql_ha", typ: "google_sql_database_instance", region: "us-central1", attrs: map[string]string{"settings.availability_type": "REGIONAL"}},
		{id: "sql_zonal", typ: "google_sql_database_instance", region: "us-central1",
			attrs: map[string]string{"settings.availability_type": "ZONAL", "settings.location_preference.zone": "us-central1-a"}},
		{id: "bucket_nam4", typ: "google_storage_bucket", region: "nam4"},
		{id: "bucket_us", typ: "google_storage_bucket", region: "us"},
		{id: "bucket_eu", typ: "google_storage_bucket", region: "eu"},
		{id: "bucket_region", typ: "google_storage_bucket", region: "us-central1"},
	}
	g := build(t, nodes, nil)
	for _, id := range []string{"bucket_nam4", "bucket_us", "bucket_eu"} {
		n, _ := g.Node(id)
		n.Placement.Scope = graph.ScopeMultiRegion // as the importer sets it for non-region locations
	}
	r := run(t, g, "gcp:us-central1-a")
	expect(t, r, map[string]string{"regional_gke": "degraded", "zonal_gke": "failed", "mig": "degraded",
		"sql_ha": "degraded", "sql_zonal": "failed", "bucket_region": "healthy"})
	r = run(t, g, "gcp:us-central1")
	expect(t, r, map[string]string{"regional_gke": "failed", "mig": "failed", "sql_ha": "failed",
		"bucket_nam4": "degraded", "bucket_us": "degraded", "bucket_eu": "healthy", "bucket_region": "failed"})
	r = run(t, g, "gcp:us-central1", "gcp:us-east1")
	expect(t, r, map[string]string{"bucket_nam4": "failed"})
}

func TestAzureRedundancy(t *testing.T) {
	nodes := []tn{
		{id: "rg", typ: "azurerm_resource_group", region: "westus2"},
		{id: "grs", typ: "azurerm_storage_account", region: "eastus", attrs: map[string]string{"account_replication_type": "GRS"}},
		{id: "ragrs", typ: "azurerm_storage_account", region: "eastus", attrs: map[string]string{"account_replication_type": "RAGRS"}},
		{id: "ragzrs", typ: "azurerm_storage_account", region: "eastus", attrs: map[string]string{"account_replication_type": "RA-GZRS"}},
		{id: "gzrs", typ: "azurerm_storage_account", region: "eastus", attrs: map[string]string{"account_replication_type": "GZRS"}},
		{id: "lrs", typ: "azurerm_storage_account", region: "eastus", attrs: map[string]string{"account_replication_type": "LRS"}},
		{id: "cosmos", typ: "azurerm_cosmosdb_account", region: "eastus", attrs: map[string]string{"geo_location.location": "East US,West Europe"}},
		{id: "aks", typ: "azurerm_kubernetes_cluster", region: "eastus", attrs: map[string]string{"default_node_pool.zones": "1,2,3"}},
		{id: "role", typ: "azurerm_role_assignment", region: ""},
	}
	edges := []te{{"grs", "rg", "resource_group_name", ""}, {"lrs", "rg", "resource_group_name", ""}, {"role", "aks", "scope", ""}}
	g := build(t, nodes, edges)
	// GRS and GZRS serve from the primary only until a failover: its
	// region down makes them unavailable; read-access (RA-) accounts keep
	// serving reads from the pair
	r := run(t, g, "azure:eastus")
	expect(t, r, map[string]string{"grs": "failed", "gzrs": "failed", "ragrs": "degraded", "ragzrs": "degraded",
		"lrs": "failed", "cosmos": "degraded", "aks": "failed", "role": "healthy"})
	if im, _ := r.Impact("grs"); !strings.Contains(im.Reason, "not lost") || !strings.Contains(im.Reason, "westus") {
		t.Errorf("grs reason should say the copy in westus is not lost: %+v", im)
	}
	// the pair region (eastus pairs with westus) down, or its storage
	// service: the primary serves without its failover target
	for _, dom := range []string{"azure:westus", "azure:westus/storage"} {
		r = run(t, g, dom)
		expect(t, r, map[string]string{"grs": "degraded", "gzrs": "degraded", "ragrs": "degraded", "lrs": "healthy"})
	}
	r = run(t, g, "azure:westus2")
	expect(t, r, map[string]string{"rg": "failed", "grs": "healthy+frozen", "lrs": "healthy+frozen"})
	// the pair region holds the GRS copy: a domain present, not one to warn about
	a := New(g, nil)
	for _, d := range []string{"azure:westus", "azure:westus/storage"} {
		dom, err := ParseDomain(d, g)
		if err != nil {
			t.Fatal(err)
		}
		if w := a.Absent(Scenario{Down: []Domain{dom}}); len(w) > 0 {
			t.Errorf("%s: warned %v, but the GRS copy lives there", d, w)
		}
	}
	if !slices.ContainsFunc(a.Domains(true), func(c DomainCount) bool { return c.Name == "azure:westus" && c.Resources == 4 }) {
		t.Errorf("domains: azure:westus should count the four geo-redundant accounts its outage degrades: %+v", a.Domains(true))
	}
	r = run(t, g, "azure:eastus-1")
	expect(t, r, map[string]string{"aks": "degraded"})
}

func TestPropagationHandlesCycles(t *testing.T) {
	nodes := []tn{
		{id: "a", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "b", typ: "aws_sqs_queue", region: "us-east-1"},
		{id: "c", typ: "aws_sns_topic", region: "us-east-1"},
		{id: "d", typ: "aws_lambda_function", region: "us-east-1"},
	}
	// b → c → d → b is a cycle; b also needs a
	edges := []te{{"b", "c", "x", ""}, {"c", "d", "x", ""}, {"d", "b", "x", ""}, {"b", "a", "x", ""}}
	g := build(t, nodes, edges)
	var first string
	for i := 0; i < 3; i++ {
		r := run(t, g, "aws:us-east-1a")
		expect(t, r, map[string]string{"a": "failed", "b": "failed", "c": "failed", "d": "failed"})
		var sb strings.Builder
		for _, im := range r.Impacts {
			fmt.Fprintf(&sb, "%s %s %v\n", im.ID, im.State, im.Chain)
		}
		if i == 0 {
			first = sb.String()
		} else if sb.String() != first {
			t.Fatalf("run %d differs:\n%s\nvs\n%s", i, sb.String(), first)
		}
		for _, im := range r.Impacts {
			if len(im.Chain) > 4 {
				t.Errorf("%s: chain %v loops", im.ID, im.Chain)
			}
		}
	}
	// a cycle through a redundancy group still settles
	r := run(t, g, "aws:us-east-1b")
	if len(r.Impacts) != 0 {
		t.Errorf("zone b took down %v", r.Impacts)
	}
}

func TestInferIsIdempotent(t *testing.T) {
	nodes, edges := route53Failover(true)
	for _, n := range webTier() {
		if n.id != "zone" {
			nodes = append(nodes, n)
		}
	}
	g := build(t, nodes, append(edges, webEdges()...))
	Infer(g, nil2(t))
	once := g.String()
	Infer(g, nil2(t))
	if twice := g.String(); twice != once {
		t.Errorf("a second inference changed the graph:\n%s\nvs\n%s", once, twice)
	}
}

func TestBuiltinScenariosParse(t *testing.T) {
	c, err := NewCatalog(nil, "")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"aws-2017-02-28", "aws-2020-11-25", "aws-2021-12-07", "aws-2025-10-20", "azure-2025-10-29", "gcp-2023-04-europe-west9", "gcp-2025-06-12"}
	if got := strings.Join(c.Names(), " "); got != strings.Join(want, " ") {
		t.Errorf("built-in scenarios %s, want %s", got, strings.Join(want, " "))
	}
	for _, d := range c.List() {
		s, err := ScenarioFromDef(d, nil)
		if err != nil {
			t.Errorf("%s: %v", d.Name, err)
		}
		if d.Date == "" || d.Summary == "" || len(d.Sources) == 0 || !strings.HasPrefix(d.Sources[0], "https://") {
			t.Errorf("%s: needs a date, a summary and a source URL", d.Name)
		}
		if len(s.Down) == 0 && len(s.Effects) == 0 {
			t.Errorf("%s does nothing", d.Name)
		}
	}
}

func TestScenarioControlPlanesAndGlobalEffects(t *testing.T) {
	c, _ := NewCatalog(nil, "")
	nodes := []tn{
		{id: "rec", typ: "aws_route53_record", unknown: "no region"},
		{id: "vm", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "api", typ: "aws_api_gateway_rest_api", region: "us-east-1"},
		{id: "vm2", typ: "aws_instance", region: "eu-west-1", zone: "eu-west-1a"},
	}
	g := build(t, nodes, nil)
	d, _ := c.Lookup("aws-2021-12-07")
	s, err := ScenarioFromDef(d, g)
	if err != nil {
		t.Fatal(err)
	}
	r := New(g, nil).Run(s)
	expect(t, r, map[string]string{"rec": "healthy+frozen", "vm": "healthy+frozen", "api": "degraded", "vm2": "healthy"})
}

func TestUserScenarioValidation(t *testing.T) {
	for _, bad := range [][]string{{"Bad Name"}, {"x", "mars:us-east-1"}, {"x", "aws:us-east-1/Bad Service"}} {
		d := platformDef(bad[0], bad[1:]...)
		if _, err := NewCatalog([]platformScenario{d}, "blast.toml"); err == nil {
			t.Errorf("%v: want an error", bad)
		}
	}
	// a location no list has may be one the inputs hold: it is checked
	// when the scenario runs, against them
	mars := platformDef("x", "aws:mars")
	if _, err := NewCatalog([]platformScenario{mars}, "blast.toml"); err != nil {
		t.Errorf("aws:mars as blast.toml loads: %v, want it left to the run", err)
	}
	g := build(t, []tn{{id: "vm", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"}}, nil)
	if _, err := ScenarioFromDef(mars, g); !errors.Is(err, ErrUnknownLocation) {
		t.Errorf("aws:mars against inputs that do not hold it: %v, want ErrUnknownLocation", err)
	}
	d := platformDef("my-dr-test", "aws:eu-west-1")
	c, err := NewCatalog([]platformScenario{d}, "blast.toml")
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := c.Lookup("my-dr-test"); !ok || got.Origin != "blast.toml" {
		t.Errorf("declared scenario not found: %+v", got)
	}
}

func TestLaunchTemplateDependenciesAreHoisted(t *testing.T) {
	nodes := []tn{
		{id: "db", typ: "aws_db_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "lt", typ: "aws_launch_template", region: "us-west-2"},
		{id: "asg", typ: "aws_autoscaling_group", region: "us-west-2"},
	}
	g := build(t, nodes, []te{{"lt", "db", "user_data", ""}, {"asg", "lt", "launch_template.id", ""}})
	r := run(t, g, "aws:us-east-1a")
	// the instances the group launches need the database the template
	// names; the template itself can still launch them
	expect(t, r, map[string]string{"db": "failed", "lt": "failed", "asg": "failed"})
	im, _ := r.Impact("asg")
	if !strings.Contains(im.Reason, "launch_template.id → user_data") {
		t.Errorf("asg reason %q does not say it goes through the template", im.Reason)
	}
	r = run(t, g, "aws:us-west-2/ec2")
	expect(t, r, map[string]string{"lt": "failed", "asg": "healthy+frozen"})
}

func TestRoute53LatencyAndWeightedSets(t *testing.T) {
	rec := func(id, set, policy, target string, checked bool) (tn, te) {
		a := map[string]string{"set_identifier": set, "fqdn": "api.example.com.", "type": "A", "zone_id": "Z1", policy: "x"}
		if checked {
			a["alias.evaluate_target_health"] = "true"
		}
		return tn{id: id, typ: "aws_route53_record", unknown: "no region", attrs: a}, te{id, target, "alias.name", ""}
	}
	for _, tc := range []struct {
		policy  string
		checked bool
		want    map[string]string
	}{
		{"latency_routing_policy.region", true, map[string]string{"r1": "degraded+frozen", "r2": "degraded+frozen"}},
		{"weighted_routing_policy.weight", true, map[string]string{"r1": "degraded+frozen", "r2": "degraded+frozen"}},
		{"weighted_routing_policy.weight", false, map[string]string{"r1": "failed+frozen", "r2": "healthy+frozen"}},
	} {
		n1, e1 := rec("r1", "east", tc.policy, "lb_east", tc.checked)
		n2, e2 := rec("r2", "west", tc.policy, "lb_west", tc.checked)
		nodes := []tn{n1, n2, {id: "lb_east", typ: "aws_lb", region: "us-east-1"}, {id: "lb_west", typ: "aws_lb", region: "us-west-2"}}
		g := build(t, nodes, []te{e1, e2})
		r := run(t, g, "aws:us-east-1")
		for id, w := range tc.want {
			st, fz := r.StateOf(id)
			got := st.String()
			if fz {
				got += "+frozen"
			}
			if got != w {
				t.Errorf("%s health-checked=%v: %s is %s, want %s", tc.policy, tc.checked, id, got, w)
			}
		}
	}
}

func TestGlobalBackendServiceAcrossRegions(t *testing.T) {
	nodes := []tn{
		{id: "backend", typ: "google_compute_backend_service", unknown: "no region"},
		{id: "mig_us", typ: "google_compute_region_instance_group_manager", region: "us-central1"},
		{id: "mig_eu", typ: "google_compute_region_instance_group_manager", region: "europe-west1"},
	}
	g := build(t, nodes, []te{{"backend", "mig_us", "backend.group", ""}, {"backend", "mig_eu", "backend.group", ""}})
	r := run(t, g, "gcp:us-central1")
	expect(t, r, map[string]string{"mig_us": "failed", "backend": "degraded"})
	r = run(t, g, "gcp:us-central1-b")
	expect(t, r, map[string]string{"mig_us": "degraded", "backend": "degraded"})
}
