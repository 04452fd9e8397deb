package analyzer

import (
	"strings"
	"testing"
)

// An S3 outage loses a load balancer's, a distribution's and a flow
// log's records, never their service: the edges to log destinations are
// soft, and why says "best-effort destination".
func TestBestEffortDestinations(t *testing.T) {
	nodes := []tn{
		{id: "aws_lb.web", typ: "aws_lb", region: "eu-west-2"},
		{id: "aws_cloudfront_distribution.cdn", typ: "aws_cloudfront_distribution"},
		{id: "aws_s3_bucket.origin", typ: "aws_s3_bucket", region: "eu-west-2"},
		{id: "aws_s3_bucket.logs", typ: "aws_s3_bucket", region: "eu-west-2"},
		{id: "aws_vpc.main", typ: "aws_vpc", region: "eu-west-2"},
		{id: "aws_flow_log.main", typ: "aws_flow_log", region: "eu-west-2"},
		{id: "aws_s3_bucket.data", typ: "aws_s3_bucket", region: "eu-west-2"},
	}
	edges := []te{
		{from: "aws_lb.web", to: "aws_s3_bucket.logs", via: "access_logs.bucket"},
		{from: "aws_cloudfront_distribution.cdn", to: "aws_s3_bucket.logs", via: "logging_config.bucket"},
		{from: "aws_cloudfront_distribution.cdn", to: "aws_s3_bucket.origin", via: "origin.domain_name"},
		{from: "aws_flow_log.main", to: "aws_s3_bucket.logs", via: "log_destination"},
		{from: "aws_flow_log.main", to: "aws_vpc.main", via: "vpc_id"},
		{from: "aws_s3_bucket.data", to: "aws_s3_bucket.logs", via: "logging.target_bucket"},
	}
	r := run(t, build(t, nodes, edges), "aws:eu-west-2/s3")
	expect(t, r, map[string]string{
		"aws_s3_bucket.logs":              "failed",
		"aws_lb.web":                      "degraded",
		"aws_flow_log.main":               "degraded",
		"aws_s3_bucket.data":              "failed", // its own service is down
		"aws_cloudfront_distribution.cdn": "failed", // its origin is a bucket: that edge stays hard
		"aws_vpc.main":                    "healthy",
	})
	for id, what := range map[string]string{"aws_lb.web": "access logs", "aws_flow_log.main": "flow logs"} {
		im, _ := r.Impact(id)
		if !strings.Contains(im.Reason, "best-effort destination aws_s3_bucket.logs") || !strings.Contains(im.Reason, what) {
			t.Errorf("%s: reason %q, want a best-effort destination of %s", id, im.Reason, what)
		}
	}
	// the bucket whose only reason to fail is its log bucket degrades
	r = run(t, build(t, nodes, edges), "aws_s3_bucket.logs")
	expect(t, r, map[string]string{"aws_s3_bucket.data": "degraded", "aws_cloudfront_distribution.cdn": "degraded", "aws_s3_bucket.origin": "healthy"})
	if im, _ := r.Impact("aws_s3_bucket.data"); !strings.Contains(im.Reason, "server access logs") {
		t.Errorf("bucket logging: reason %q", im.Reason)
	}
}

// Azure diagnostic settings and NSG flow logs ship logs: their storage
// account failing degrades them; GCP log sinks likewise.
func TestBestEffortDestinationsAzureGCP(t *testing.T) {
	nodes := []tn{
		{id: "azurerm_storage_account.logs", typ: "azurerm_storage_account", region: "northeurope"},
		{id: "azurerm_network_security_group.web", typ: "azurerm_network_security_group", region: "westeurope"},
		{id: "azurerm_network_watcher_flow_log.web", typ: "azurerm_network_watcher_flow_log", region: "westeurope"},
		{id: "google_storage_bucket.logs", typ: "google_storage_bucket", region: "europe-west1"},
		{id: "google_storage_bucket.site", typ: "google_storage_bucket", region: "europe-west4"},
	}
	edges := []te{
		{from: "azurerm_network_watcher_flow_log.web", to: "azurerm_storage_account.logs", via: "storage_account_id"},
		{from: "azurerm_network_watcher_flow_log.web", to: "azurerm_network_security_group.web", via: "network_security_group_id"},
		{from: "google_storage_bucket.site", to: "google_storage_bucket.logs", via: "logging.log_bucket"},
	}
	r := run(t, build(t, nodes, edges), "azure:northeurope", "gcp:europe-west1")
	expect(t, r, map[string]string{
		"azurerm_network_watcher_flow_log.web": "degraded",
		"azurerm_network_security_group.web":   "healthy",
		"google_storage_bucket.site":           "degraded",
	})
	r = run(t, build(t, nodes, edges), "azure:westeurope")
	expect(t, r, map[string]string{"azurerm_network_watcher_flow_log.web": "failed"})
}

// random_*, null_resource, tls_* and the like are never placed, failed or
// frozen, never counted, and never pass a failure on.
func TestNotInfrastructure(t *testing.T) {
	nodes := []tn{
		{id: "aws_instance.app", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "null_resource.provision", typ: "null_resource", region: "us-east-1"},
		{id: "random_password.db", typ: "random_password", region: "us-east-1"},
		{id: "tls_private_key.ssh", typ: "tls_private_key"},
		{id: "aws_lambda_function.hook", typ: "aws_lambda_function", region: "eu-west-1"},
	}
	edges := []te{
		{from: "null_resource.provision", to: "aws_instance.app"},
		{from: "aws_lambda_function.hook", to: "null_resource.provision"},
		{from: "aws_instance.app", to: "tls_private_key.ssh"},
		{from: "aws_instance.app", to: "random_password.db"},
	}
	g := build(t, nodes, edges)
	for down, lambda := range map[string]string{"aws:us-east-1": "healthy", "aws:us-east-1a": "healthy", "aws": "failed"} {
		r := run(t, g, down)
		expect(t, r, map[string]string{
			"aws_instance.app":         "failed",
			"null_resource.provision":  "healthy",
			"random_password.db":       "healthy",
			"aws_lambda_function.hook": lambda, // fails with its provider, never through null_resource
		})
		if r.Summary.Nodes != 2 || r.Summary.Unplaced != 0 {
			t.Errorf("%s: summary %+v counts what is not infrastructure", down, r.Summary)
		}
	}
	a := New(g, nil)
	for _, d := range a.Domains(false) {
		if d.Name == "aws:us-east-1" && d.Resources != 1 {
			t.Errorf("aws:us-east-1 counts %d resources, want the instance alone", d.Resources)
		}
	}
	if n, _ := g.Node("null_resource.provision"); n.Placement.Known() {
		t.Errorf("null_resource placed at %+v", n.Placement)
	}
}

// A single-AZ database whose zone a plan leaves unknown gets one answer
// in every zone of its region (failed, at risk), never "degraded" in each
// because its subnet group spans two zones.
func TestZoneUnknownUntilApply(t *testing.T) {
	nodes := []tn{
		{id: "aws_subnet.a", typ: "aws_subnet", region: "us-west-2", zone: "us-west-2a"},
		{id: "aws_subnet.b", typ: "aws_subnet", region: "us-west-2", zone: "us-west-2b"},
		{id: "aws_db_subnet_group.db", typ: "aws_db_subnet_group", region: "us-west-2"},
		{id: "aws_db_instance.db", typ: "aws_db_instance", region: "us-west-2", attrs: map[string]string{"multi_az": "false"}},
		{id: "aws_db_instance.ha", typ: "aws_db_instance", region: "us-west-2", attrs: map[string]string{"multi_az": "true"}},
		{id: "aws_instance.other", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
	}
	edges := []te{
		{from: "aws_db_subnet_group.db", to: "aws_subnet.a", via: "subnet_ids"},
		{from: "aws_db_subnet_group.db", to: "aws_subnet.b", via: "subnet_ids"},
		{from: "aws_db_instance.db", to: "aws_db_subnet_group.db", via: "db_subnet_group_name"},
		{from: "aws_db_instance.ha", to: "aws_db_subnet_group.db", via: "db_subnet_group_name"},
	}
	g := build(t, nodes, edges)
	for _, id := range []string{"aws_db_instance.db", "aws_db_instance.ha"} {
		n, _ := g.Node(id)
		n.Labels = map[string]string{LabelUnknownUntilApply: "zone"}
	}
	for _, zone := range []string{"aws:us-west-2a", "aws:us-west-2b"} {
		r := run(t, g, zone)
		expect(t, r, map[string]string{"aws_db_instance.db": "failed", "aws_db_instance.ha": "degraded"})
		if im, _ := r.Impact("aws_db_instance.db"); !strings.Contains(im.Reason, "at risk: zone unknown until apply") {
			t.Errorf("%s: reason %q", zone, im.Reason)
		}
	}
	expect(t, run(t, g, "aws:us-east-1a"), map[string]string{"aws_db_instance.db": "healthy"})
	expect(t, run(t, g, "aws:us-west-2"), map[string]string{"aws_db_instance.db": "failed"})
	// a state knows the zone: no worst case
	n, _ := g.Node("aws_db_instance.db")
	n.Labels = nil
	n.Placement.Zone = "us-west-2a"
	expect(t, run(t, g, "aws:us-west-2b"), map[string]string{"aws_db_instance.db": "degraded"})
	if LabelUnknownUntilApply != "blast.unknown-until-apply" {
		t.Errorf("the label changed name: importers and checks set and read %q", "blast.unknown-until-apply")
	}
}

// EBS snapshots live in their region: a zone outage freezes them (no new
// snapshot of a lost volume) and fails nothing.
func TestEBSSnapshotSurvivesItsVolumesZone(t *testing.T) {
	g := build(t, []tn{
		{id: "aws_ebs_volume.data", typ: "aws_ebs_volume", region: "us-west-2", zone: "us-west-2a"},
		{id: "aws_ebs_snapshot.data", typ: "aws_ebs_snapshot", region: "us-west-2"},
	}, []te{{from: "aws_ebs_snapshot.data", to: "aws_ebs_volume.data", via: "volume_id"}})
	expect(t, run(t, g, "aws:us-west-2a"), map[string]string{"aws_ebs_volume.data": "failed", "aws_ebs_snapshot.data": "healthy+frozen"})
	expect(t, run(t, g, "aws:us-west-2"), map[string]string{"aws_ebs_snapshot.data": "failed+frozen"})
}

// TestReviewedScopes holds the scopes of analyzer/platform/data/REVIEW.md
// to what an outage does: an Elastic IP is regional (its instance's zone
// fails it through the association, not its own placement), a zonal
// managed disk fails with its zone, a public IP listing three zones loses
// one and keeps serving.
func TestReviewedScopes(t *testing.T) {
	g := build(t, []tn{
		{id: "aws_instance.web", typ: "aws_instance", region: "us-east-1", zone: "us-east-1a"},
		{id: "aws_eip.web", typ: "aws_eip", region: "us-east-1"},
		{id: "aws_eip.spare", typ: "aws_eip", region: "us-east-1"},
		{id: "azurerm_managed_disk.data", typ: "azurerm_managed_disk", region: "westeurope", zone: "westeurope-1"},
	}, []te{{from: "aws_eip.web", to: "aws_instance.web", via: "instance"}})
	n, _ := g.Node("azurerm_managed_disk.data")
	n.Placement.Cloud = "azure"
	// even with a zone the plan leaves unknown, an Elastic IP is not
	// in a zone: the unknown-zone worst case is not its
	spare, _ := g.Node("aws_eip.spare")
	spare.Labels = map[string]string{LabelUnknownUntilApply: "zone"}
	expect(t, run(t, g, "aws:us-east-1a"), map[string]string{"aws_instance.web": "failed", "aws_eip.web": "failed", "aws_eip.spare": "healthy"})
	expect(t, run(t, g, "aws:us-east-1"), map[string]string{"aws_eip.spare": "failed"})
	expect(t, run(t, g, "azure:westeurope-1"), map[string]string{"azurerm_managed_disk.data": "failed"})

	ip := build(t, []tn{{id: "azurerm_public_ip.lb", typ: "azurerm_public_ip", region: "westeurope"}}, nil)
	p, _ := ip.Node("azurerm_public_ip.lb")
	p.Placement.Zones = []string{"westeurope-1", "westeurope-2", "westeurope-3"}
	expect(t, run(t, ip, "azure:westeurope-2"), map[string]string{"azurerm_public_ip.lb": "degraded"})
	expect(t, run(t, ip, "azure:westeurope"), map[string]string{"azurerm_public_ip.lb": "failed"})

	// a managed disk snapshot and a managed image belong to the compute
	// service: its outage in the region takes them down; a zonal NEG
	// fails with its zone
	more := build(t, []tn{
		{id: "azurerm_snapshot.data", typ: "azurerm_snapshot", region: "westeurope"},
		{id: "azurerm_image.base", typ: "azurerm_image", region: "westeurope"},
		{id: "google_compute_network_endpoint_group.neg", typ: "google_compute_network_endpoint_group", region: "us-central1", zone: "us-central1-a"},
		{id: "google_compute_backend_service.api", typ: "google_compute_backend_service"},
	}, []te{{from: "google_compute_backend_service.api", to: "google_compute_network_endpoint_group.neg", via: "backend.group"}})
	for _, id := range []string{"azurerm_snapshot.data", "azurerm_image.base"} {
		m, _ := more.Node(id)
		m.Placement.Cloud = "azure"
	}
	expect(t, run(t, more, "azure:westeurope/compute"), map[string]string{"azurerm_snapshot.data": "failed", "azurerm_image.base": "failed"})
	expect(t, run(t, more, "gcp:us-central1-a"), map[string]string{"google_compute_network_endpoint_group.neg": "failed", "google_compute_backend_service.api": "failed"})
}
