package cmd

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer/platform"
)

// affectedRun is what whatif --format json said about one real input.
type affectedRun struct {
	summary struct {
		Failed, Degraded, Affected, Frozen, Healthy, Nodes int
	}
	state map[string]string // by address: healthy, degraded, failed, affected
	typ   map[string]string
	role  map[string]string
}

func runAffected(t *testing.T, file, down string) affectedRun {
	t.Helper()
	out, errOut, code := runBlast("whatif", "--down", down, "--format", "json", "--quiet", file)
	if code != 0 {
		t.Fatalf("whatif --down %s %s: exit %d: %s", down, file, code, errOut)
	}
	var doc struct {
		Summary struct {
			Failed, Degraded, Affected, Frozen, Healthy, Nodes int
		} `json:"summary"`
		Nodes []struct {
			Address, Type, State, Role, Propagated string
			Frozen                                 bool
		} `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	r := affectedRun{state: map[string]string{}, typ: map[string]string{}, role: map[string]string{}}
	r.summary = doc.Summary
	counts := map[string]int{}
	k := platform.Default()
	for _, n := range doc.Nodes {
		r.state[n.Address], r.typ[n.Address], r.role[n.Address] = n.State, n.Type, n.Role
		counts[n.State]++
		conf := k.Configuration(n.Type)
		// the JSON's role is the knowledge's, and a configuration object
		// is never failed, degraded or frozen: it is affected
		if conf != (n.Role == "configuration") {
			t.Errorf("%s %s: role %q, knowledge says configuration=%v", down, n.Address, n.Role, conf)
		}
		if conf && n.State != "healthy" && n.State != "affected" {
			t.Errorf("%s %s (%s): state %s, want affected", down, n.Address, n.Type, n.State)
		}
		if n.State == "affected" && n.Propagated == "" {
			t.Errorf("%s %s: affected without the propagated state", down, n.Address)
		}
		if conf && n.State == "healthy" && n.Frozen {
			t.Errorf("%s %s: a frozen configuration object reported healthy", down, n.Address)
		}
	}
	// the summary partitions the nodes as the list does
	if counts["failed"] != r.summary.Failed || counts["degraded"] != r.summary.Degraded || counts["affected"] != r.summary.Affected ||
		counts["healthy"] != r.summary.Healthy {
		t.Errorf("%s: summary %+v, nodes %v", down, r.summary, counts)
	}
	return r
}

func (r affectedRun) want(t *testing.T, down, state string, addrs ...string) {
	t.Helper()
	for _, a := range addrs {
		if got := r.state[a]; got != state {
			t.Errorf("%s: %s is %q, want %s", down, a, got, state)
		}
	}
}

// Over a real EKS state (fixtures/realworld/affected, SOURCES.md says
// what each scenario must do, written before running): what stops
// serving is failed, its security groups, routes, associations, bucket
// settings and IAM are affected and counted apart.
func TestAffectedRealState(t *testing.T) {
	file := filepath.Join(moduleRoot(t), "fixtures", "realworld", "affected", "aws-eks-loki-us-east-2.tfstate")

	zone := runAffected(t, file, "aws:us-east-2a")
	zone.want(t, "us-east-2a", "failed", "module.vpc.aws_nat_gateway.this[0]", "module.vpc.aws_subnet.private[0]", "module.vpc.aws_subnet.public[0]")
	zone.want(t, "us-east-2a", "affected", "module.vpc.aws_route.private_nat_gateway[0]",
		"module.vpc.aws_route_table_association.private[0]", "module.vpc.aws_route_table_association.public[0]")
	// egress of the other zones' private subnets goes through the one NAT
	zone.want(t, "us-east-2a", "degraded", "module.vpc.aws_subnet.private[1]", "module.vpc.aws_subnet.private[2]")
	zone.want(t, "us-east-2a", "healthy", "module.vpc.aws_subnet.public[1]", "module.vpc.aws_subnet.public[2]")

	region := runAffected(t, file, "aws:us-east-2")
	region.want(t, "us-east-2", "failed", "module.vpc.aws_vpc.this[0]", "module.vpc.aws_internet_gateway.this[0]",
		"module.vpc.aws_nat_gateway.this[0]", "module.vpc.aws_eip.nat[0]", "aws_s3_bucket.loki", "aws_kms_key.kms")
	region.want(t, "us-east-2", "affected", "aws_s3_bucket_acl.loki", "aws_s3_bucket_public_access_block.loki",
		"aws_s3_bucket_server_side_encryption_configuration.loki")
	sgs, iam := 0, 0
	for addr, typ := range region.typ {
		switch {
		case strings.HasPrefix(typ, "aws_security_group") || strings.HasPrefix(typ, "aws_route"):
			sgs++
			region.want(t, "us-east-2", "affected", addr)
		case strings.HasPrefix(typ, "aws_iam_"):
			iam++
			region.want(t, "us-east-2", "healthy", addr) // global; its control plane is not here
		}
	}
	if sgs != 3+16+2+2+6 || iam != 1+2+5 {
		t.Errorf("security groups, rules and routing: %d (want 29); IAM: %d (want 8)", sgs, iam)
	}

	east1 := runAffected(t, file, "aws:us-east-1")
	if east1.summary.Failed+east1.summary.Degraded+east1.summary.Frozen != 0 || east1.summary.Affected != 8 {
		t.Errorf("us-east-1: %+v, want nothing serving hit and the 8 IAM objects affected", east1.summary)
	}

	// text lists them only on demand
	plain, _, _ := runBlast("whatif", "--down", "aws:us-east-2a", "--quiet", file)
	shown, _, _ := runBlast("whatif", "--down", "aws:us-east-2a", "--show-affected", "--quiet", file)
	assoc := "module.vpc.aws_route_table_association.private[0]"
	if strings.Contains(plain, assoc) || !strings.Contains(plain, "--show-affected lists them") {
		t.Errorf("without --show-affected:\n%s", plain)
	}
	if !strings.Contains(shown, assoc) || !strings.Contains(shown, "Configuration (affected") {
		t.Errorf("with --show-affected:\n%s", shown)
	}
}

// Over a real Azure plan: the role assignments and the resource group are
// never failed; the gateway and the cluster are.
func TestAffectedRealAzurePlan(t *testing.T) {
	file := filepath.Join(moduleRoot(t), "fixtures", "realworld", "affected", "azure-aks-appgw-plan.json")
	r := runAffected(t, file, "azure:westeurope")
	r.want(t, "westeurope", "failed", "azurerm_application_gateway.app_gw", "azurerm_kubernetes_cluster.this",
		"azurerm_public_ip.this", "azurerm_virtual_network.this", "azurerm_subnet.frontend")
	for _, a := range []string{"azurerm_resource_group.this", "azurerm_role_assignment.aks_identity_assignment", "azurerm_role_assignment.aks_appgw_identity_assignment"} {
		if r.role[a] != "configuration" || r.state[a] == "failed" {
			t.Errorf("%s: role %q, state %q", a, r.role[a], r.state[a])
		}
	}
}

// Diagrams (the impact view: the services view draws services and
// where their chains end) leave out affected configuration no drawn chain passes through,
// say so, and draw it with --show-affected; html lists it then.
func TestAffectedDiagrams(t *testing.T) {
	assoc := `"module.vpc.aws_route_table_association.public[0]"`
	dot, _, code := runBlast("whatif", "--down", "aws:us-east-1", "-f", "dot", "--view", "impact", "--quiet")
	if code != 0 || strings.Contains(dot, assoc) || !strings.Contains(dot, "affected configuration objects not drawn (--show-affected draws them)") {
		t.Errorf("default diagram (exit %d): association drawn or no note", code)
	}
	// a security group an instance's failure passes through stays: the
	// instance's chain is whole
	all, _, _ := runBlast("whatif", "--down", "aws:us-east-1", "-f", "dot", "--view", "impact", "--show-affected", "--quiet")
	if !strings.Contains(all, assoc) || strings.Contains(all, "not drawn (--show-affected") {
		t.Errorf("--show-affected diagram lacks the association or still has the note")
	}
	html, _, _ := runBlast("whatif", "--down", "aws:us-east-1", "-f", "html", "--show-affected", "--quiet")
	if !strings.Contains(html, `id="configuration"`) || !strings.Contains(html, "affected (configuration)") {
		t.Errorf("html with --show-affected lacks the configuration table or the count")
	}
	plain, _, _ := runBlast("whatif", "--down", "aws:us-east-1", "-f", "html", "--quiet")
	if strings.Contains(plain, `id="configuration"`) || !strings.Contains(plain, "--show-affected lists them") {
		t.Errorf("html without --show-affected lists configuration or lacks the hint")
	}
}
