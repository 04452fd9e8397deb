package analyzer

import (
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer/platform"
)

// exposure runs one scenario and returns each store's status, and the
// exposures by store.
func exposure(t *testing.T, nodes []tn, edges []te, down ...string) (map[string]string, map[string]Exposure) {
	t.Helper()
	g := build(t, nodes, edges)
	a := New(g, nil)
	var s Scenario
	for _, d := range down {
		dom, err := ParseDomain(d, g)
		if err != nil {
			t.Fatal(err)
		}
		s.Down = append(s.Down, dom)
	}
	status := map[string]string{}
	by := map[string]Exposure{}
	for _, x := range a.DataExposure(a.Run(s)) {
		status[x.Store] = x.Status
		by[x.Store] = x
	}
	return status, by
}

const dbArn = "arn:aws:rds:eu-west-1:111122223333:db:orders"

func rdsWithBackups() []tn {
	return []tn{{id: "db", typ: "aws_db_instance", region: "eu-west-1", zone: "eu-west-1a",
		attrs: map[string]string{"backup_retention_period": "7", "multi_az": "false"}}}
}

// An RDS instance whose backups all live in its own region loses its data
// with the region, and keeps it once a copy exists in another region:
// an automated backup replication, or an AWS Backup copy action.
func TestRDSBackupsOutsideTheRegion(t *testing.T) {
	cases := []struct {
		name   string
		nodes  []tn
		edges  []te
		status string
		copyIn string
	}{
		{name: "backups in its region only", nodes: rdsWithBackups(), status: DataAtRisk},
		{name: "automated backup replication to another region",
			nodes: append(rdsWithBackups(), tn{id: "repl", typ: "aws_db_instance_automated_backups_replication", region: "eu-central-1"}),
			edges: []te{{from: "repl", to: "db", via: "source_db_instance_arn"}}, status: DataUnavailable, copyIn: "aws:eu-central-1"},
		{name: "automated backup replication in the same region does not count",
			nodes: append(rdsWithBackups(), tn{id: "repl", typ: "aws_db_instance_automated_backups_replication", region: "eu-west-1"}),
			edges: []te{{from: "repl", to: "db", via: "source_db_instance_arn"}}, status: DataAtRisk},
		{name: "AWS Backup plan with a copy action to another region",
			nodes: append(rdsWithBackups(),
				tn{id: "sel", typ: "aws_backup_selection", region: "eu-west-1"},
				tn{id: "plan", typ: "aws_backup_plan", region: "eu-west-1",
					attrs: map[string]string{"rule.copy_action.destination_vault_arn": "arn:aws:backup:us-east-1:111122223333:backup-vault:dr"}}),
			edges:  []te{{from: "sel", to: "db", via: "resources"}, {from: "sel", to: "plan", via: "plan_id"}},
			status: DataUnavailable, copyIn: "aws:us-east-1"},
		{name: "AWS Backup plan without a copy action: its vault is in the region",
			nodes: append(rdsWithBackups(),
				tn{id: "sel", typ: "aws_backup_selection", region: "eu-west-1"},
				tn{id: "plan", typ: "aws_backup_plan", region: "eu-west-1"}),
			edges:  []te{{from: "sel", to: "db", via: "resources"}, {from: "sel", to: "plan", via: "plan_id"}},
			status: DataAtRisk},
		{name: "a read replica in another region",
			nodes: append(rdsWithBackups(), tn{id: "replica", typ: "aws_db_instance", region: "us-east-1", zone: "us-east-1b",
				attrs: map[string]string{"replicate_source_db": dbArn}}),
			edges:  []te{{from: "replica", to: "db", via: "replicate_source_db"}},
			status: DataUnavailable, copyIn: "aws:us-east-1b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, by := exposure(t, c.nodes, c.edges, "aws:eu-west-1")
			if status["db"] != c.status {
				t.Fatalf("db: %q, want %q (%+v)", status["db"], c.status, by["db"])
			}
			if c.copyIn != "" && (by["db"].Survivor == nil || by["db"].Survivor.Where != c.copyIn) {
				t.Errorf("surviving copy %+v, want one in %s", by["db"].Survivor, c.copyIn)
			}
			if c.status == DataAtRisk && by["db"].LossWindow != "all data (no copy outside the failed domains)" {
				t.Errorf("loss window %q", by["db"].LossWindow)
			}
			if _, listed := status["replica"]; listed {
				t.Errorf("the read replica is listed as a store of its own")
			}
		})
	}
}

// A zone outage leaves automated backups (kept by the region) and a
// Multi-AZ standby: the loss window follows the best surviving copy.
func TestLossWindowFollowsTheBestCopy(t *testing.T) {
	_, by := exposure(t, rdsWithBackups(), nil, "aws:eu-west-1a")
	if x := by["db"]; x.Status != DataUnavailable || !strings.HasPrefix(x.LossWindow, "up to 5 min") {
		t.Errorf("single-AZ with backups, zone down: %+v", x)
	}
	nodes := rdsWithBackups()
	nodes[0].attrs["multi_az"] = "true"
	_, by = exposure(t, nodes, nil, "aws:eu-west-1a")
	if x := by["db"]; x.Survivor == nil || x.Survivor.Kind != platform.CopySync || x.LossWindow != "none (synchronous copy)" {
		t.Errorf("Multi-AZ, zone down: %+v", x)
	}
	nodes[0].attrs = map[string]string{}
	_, by = exposure(t, nodes, nil, "aws:eu-west-1a")
	if x := by["db"]; x.Status != DataAtRisk || x.Copies != 0 {
		t.Errorf("no backups, zone down: %+v", x)
	}
}

// Stores replicated to another region are never at risk when one region
// goes down: a DynamoDB global table, S3 cross-region replication and a
// geo-redundant Azure storage account.
func TestReplicatedStoresNeverAtRiskOnOneRegion(t *testing.T) {
	nodes := []tn{
		{id: "table", typ: "aws_dynamodb_table", region: "us-east-1", attrs: map[string]string{"replica.region_name": "us-west-2"}},
		{id: "src", typ: "aws_s3_bucket", region: "eu-central-1"},
		{id: "dst", typ: "aws_s3_bucket", region: "eu-west-1"},
		{id: "ver", typ: "aws_s3_bucket_versioning", region: "eu-central-1"},
		{id: "repl", typ: "aws_s3_bucket_replication_configuration", region: "eu-central-1"},
		{id: "grs", typ: "azurerm_storage_account", region: "eastus", attrs: map[string]string{"account_replication_type": "GRS"}},
		{id: "ragrs", typ: "azurerm_storage_account", region: "westeurope", attrs: map[string]string{"account_replication_type": "RAGRS"}},
		{id: "lrs", typ: "azurerm_storage_account", region: "eastus", attrs: map[string]string{"account_replication_type": "LRS"}},
	}
	// the source named through its versioning (the reduction keeps that
	// edge alone), the destination directly
	edges := []te{{from: "repl", to: "ver", via: "bucket"}, {from: "ver", to: "src", via: "bucket"},
		{from: "repl", to: "dst", via: "rule.destination.bucket", kind: "soft"}}
	for _, region := range []string{"aws:us-east-1", "aws:us-west-2", "aws:eu-central-1", "aws:eu-west-1", "azure:eastus", "azure:westus", "azure:westeurope"} {
		status, by := exposure(t, nodes, edges, region)
		for _, id := range []string{"table", "src", "dst", "grs", "ragrs"} {
			if status[id] == DataAtRisk {
				t.Errorf("%s down: %s is at risk (%+v)", region, id, by[id])
			}
		}
		if region == "azure:eastus" && status["lrs"] != DataAtRisk {
			t.Errorf("eastus down: the LRS account is %q, want at risk", status["lrs"])
		}
	}
	status, by := exposure(t, nodes, edges, "azure:eastus")
	if status["grs"] != DataUnavailable || by["grs"].Survivor.Where != "azure:westus" {
		t.Errorf("GRS, eastus down: %+v (want unavailable, a copy in westus)", by["grs"])
	}
	status, _ = exposure(t, nodes, edges, "aws:us-east-1")
	if status["table"] != DataServedFromCopy {
		t.Errorf("global table, us-east-1 down: %q, want served from a copy", status["table"])
	}
	// both regions down: the global table has nowhere left
	status, _ = exposure(t, nodes, edges, "aws:us-east-1", "aws:us-west-2")
	if status["table"] != DataAtRisk {
		t.Errorf("global table, both regions down: %q, want at risk", status["table"])
	}
}

// A regional service outage makes a store unavailable without losing its
// data: the data view does not list it.
func TestServiceOutageLosesNoData(t *testing.T) {
	status, _ := exposure(t, []tn{{id: "t", typ: "aws_dynamodb_table", region: "us-east-1"}}, nil, "aws:us-east-1/dynamodb")
	if len(status) != 0 {
		t.Errorf("a service outage lists %v", status)
	}
	status, _ = exposure(t, []tn{{id: "t", typ: "aws_dynamodb_table", region: "us-east-1"}}, nil, "aws:us-east-1")
	if status["t"] != DataAtRisk {
		t.Errorf("region down: %q, want at risk", status["t"])
	}
}

// Stores whose primary stays up are not listed; non-stores never are.
func TestOnlyHitStoresAreListed(t *testing.T) {
	nodes := append(rdsWithBackups(), tn{id: "fn", typ: "aws_lambda_function", region: "eu-west-1"},
		tn{id: "other", typ: "aws_sqs_queue", region: "us-east-1"})
	status, _ := exposure(t, nodes, nil, "aws:eu-west-1")
	if len(status) != 1 || status["db"] == "" {
		t.Errorf("listed %v, want db alone", status)
	}
}

// The members of one Aurora global database copy each other: either
// region down leaves the other's cluster, and neither is reported as a
// mere replica of the other.
func TestAuroraGlobalDatabaseMembersCopyEachOther(t *testing.T) {
	nodes := []tn{
		{id: "global", typ: "aws_rds_global_cluster"},
		{id: "east", typ: "aws_rds_cluster", region: "us-east-1", attrs: map[string]string{"backup_retention_period": "7"}},
		{id: "west", typ: "aws_rds_cluster", region: "us-west-2"},
	}
	edges := []te{{from: "east", to: "global", via: "global_cluster_identifier"}, {from: "west", to: "global", via: "global_cluster_identifier"}}
	for region, store := range map[string]string{"aws:us-east-1": "east", "aws:us-west-2": "west"} {
		status, by := exposure(t, nodes, edges, region)
		if status[store] == "" || status[store] == DataAtRisk {
			t.Errorf("%s down: %s is %q (%+v), want a surviving copy", region, store, status[store], by[store])
		}
	}
	status, _ := exposure(t, nodes, edges, "aws:us-east-1", "aws:us-west-2")
	if status["east"] != DataAtRisk || status["west"] != DataAtRisk {
		t.Errorf("both regions down: %v, want both at risk", status)
	}
}
