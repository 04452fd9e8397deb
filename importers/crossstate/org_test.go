package crossstate_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// TestOrganisation reads fixtures/org, five states of one organisation
// (network, cluster, two services, DNS; see its SOURCES.md), and holds
// every kind of link across them to the via it says.
func TestOrganisation(t *testing.T) {
	res, err := importers.Load([]string{filepath.Join("..", "..", "fixtures", "org")}, formats.Defaults(importers.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	for _, tc := range []struct{ from, to, via string }{
		// terraform_remote_state, found by its s3 key
		{"cluster:aws_security_group.cluster", "network:module.vpc.aws_vpc.this", "vpc_id (outputs.vpc_id of data.terraform_remote_state.network, from "},
		// a data source standing for the resource another state manages
		{"payments:aws_security_group.lb", "network:module.vpc.aws_vpc.this", "vpc_id (data.aws_vpc.shared reads module.vpc.aws_vpc.this of "},
		{"payments:aws_eks_access_entry.ci", "cluster:aws_eks_cluster.this", "cluster_name (data.aws_eks_cluster.prod reads aws_eks_cluster.this of "},
		// values: IDs, a security group, a load balancer's DNS name
		{"orders:aws_instance.worker", "network:module.vpc.aws_subnet.private[0]", "subnet_id (value of module.vpc.aws_subnet.private[0] in "},
		{"orders:aws_instance.worker", "cluster:aws_security_group.cluster", "vpc_security_group_ids (value of aws_security_group.cluster in "},
		{"payments:aws_lb.api", "network:module.vpc.aws_subnet.private[1]", "subnets (value of module.vpc.aws_subnet.private[1] in "},
		{"dns:aws_route53_record.payments", "payments:aws_lb.api", "alias.name (value of aws_lb.api in "},
	} {
		found := false
		for _, e := range g.DependenciesOf(tc.from) {
			if e.To == tc.to {
				found = true
				if !strings.HasPrefix(e.Via, tc.via) || !strings.HasSuffix(e.Via, ")") {
					t.Errorf("%s -> %s via %q, want it to begin %q", tc.from, tc.to, e.Via, tc.via)
				}
			}
		}
		if !found {
			t.Errorf("no edge %s -> %s", tc.from, tc.to)
		}
	}
	// the data sources stand for what they read: nothing depends on them
	for _, id := range []string{"payments:data.aws_vpc.shared", "payments:data.aws_eks_cluster.prod"} {
		if deps := g.DependentsOf(id); len(deps) != 0 {
			t.Errorf("%s still has dependents %v", id, deps)
		}
	}
	// the receipts bucket, managed by orders and payments, is one node
	if _, ok := g.Node("payments:aws_s3_bucket.receipts"); ok {
		t.Error("the receipts bucket is two nodes")
	}
	n := 0
	for _, w := range g.Warnings() {
		if strings.Contains(w.Message, "managed in two states") {
			n++
			if !strings.Contains(w.String(), "orders/terraform.tfstate") || !strings.Contains(w.String(), "payments/terraform.tfstate") {
				t.Errorf("warning %q does not name both states", w)
			}
		}
	}
	if n != 1 {
		t.Errorf("%d warnings of a resource in two states, want 1", n)
	}
}
