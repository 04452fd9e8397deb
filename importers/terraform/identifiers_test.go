package terraform

import (
	"slices"
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// TestPlaceByIdentifier: a resource whose only location is in an
// identifier is placed from it, and the rule names the attribute; own
// location attributes still win.
func TestPlaceByIdentifier(t *testing.T) {
	cases := []struct {
		cloud        string
		attrs        Attrs
		region, zone string
		rule         string
	}{
		{"ibm", AttrsOf(map[string]any{"crn": "crn:v1:bluemix:public:is:us-south:a/0123::vpc:r006-1"}), "us-south", "", "identifier:crn"},
		{"ibm", AttrsOf(map[string]any{"resource_crn": "crn:v1:bluemix:public:is:eu-de-2:a/0123::subnet:02b7-1"}), "eu-de", "eu-de-2", "identifier:resource_crn"},
		{"ibm", AttrsOf(map[string]any{"crn": "crn:v1:bluemix:public:is:us-south:a/1::vpc:1", "region": "eu-gb"}), "eu-gb", "", "attribute:region"},
		{"gcp", AttrsOf(map[string]any{"id": "projects/p/zones/europe-west1-b/networkEndpointGroups/neg"}), "europe-west1", "europe-west1-b", "identifier:id"},
		{"gcp", AttrsOf(map[string]any{"self_link": "https://www.googleapis.com/compute/beta/projects/p/regions/us-east1/instanceGroupManagers/m"}), "us-east1", "", RuleSelfLink},
		{"gcp", AttrsOf(map[string]any{"self_link": "https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instances/vm", "zone": "us-central1-c"}), "us-central1", "us-central1-c", "attribute:zone"},
		{"azure", AttrsOf(map[string]any{"id": "/subscriptions/s/providers/Microsoft.Security/locations/westeurope/jitNetworkAccessPolicies/p"}), "westeurope", "", "identifier:id"},
		{"aws", AttrsOf(map[string]any{"endpoint": "mydb.c9akciq32.eu-west-1.rds.amazonaws.com:5432"}), "eu-west-1", "", "identifier:endpoint"},
		{"aws", AttrsOf(map[string]any{"dns_name": "vpce-0a1-b2.sqs.ap-southeast-2.vpce.amazonaws.com"}), "ap-southeast-2", "", "identifier:dns_name"},
	}
	for _, c := range cases {
		p := Place(c.cloud, c.attrs)
		if p.Region != c.region || p.Zone != c.zone || p.Rule != c.rule || p.Unknown != "" {
			t.Errorf("%s %v: got region %q zone %q rule %q unknown %q, want %q %q %q", c.cloud, c.attrs, p.Region, p.Zone, p.Rule, p.Unknown, c.region, c.zone, c.rule)
		}
	}
	// identifiers without a location place nothing, and say nothing of
	// their values
	for _, c := range []struct {
		cloud string
		attrs Attrs
	}{
		{"ibm", AttrsOf(map[string]any{"crn": "crn:v1:bluemix:public:iam-identity::a/0123::serviceid:ServiceId-1"})},
		{"ibm", AttrsOf(map[string]any{"crn": "crn:v1:bluemix:public:resource-controller:global:a/0123::resource-group:1"})},
		{"gcp", AttrsOf(map[string]any{"self_link": "https://www.googleapis.com/compute/v1/projects/p/global/networks/n"})},
		{"azure", AttrsOf(map[string]any{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"})},
		{"aws", AttrsOf(map[string]any{"domain_name": "d111111abcdef8.cloudfront.net"})},
		{"aws", AttrsOf(map[string]any{"bucket_domain_name": "b.s3.amazonaws.com", "endpoint": "s3.amazonaws.com"})},
	} {
		if p := Place(c.cloud, c.attrs); p.Known() {
			t.Errorf("%s %v: placed %+v from an identifier without a location", c.cloud, c.attrs, p)
		}
	}
}

// TestGCPLinkKey: the links a backend block and a group are named by
// match whatever API version or form they are written in.
func TestGCPLinkKey(t *testing.T) {
	want := "projects/p/zones/us-central1-a/instanceGroups/web"
	for _, l := range []string{
		"https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instanceGroups/web",
		"https://www.googleapis.com/compute/beta/projects/p/zones/us-central1-a/instanceGroups/web",
		"https://compute.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instanceGroups/web",
		"projects/p/zones/us-central1-a/instanceGroups/web",
	} {
		if got := GCPLinkKey(l); got != want {
			t.Errorf("GCPLinkKey(%q) = %q", l, got)
		}
	}
	for _, l := range []string{"", "web", "myprojects/p/zones/z/instanceGroups/web"} {
		if got := GCPLinkKey(l); got != "" {
			t.Errorf("GCPLinkKey(%q) = %q, want none", l, got)
		}
	}
}

// backendEdges builds GCP instances and returns every edge from a
// backend service as "from>to via", sorted.
func backendEdges(t *testing.T, insts []*Instance) []string {
	t.Helper()
	prov, err := ParseProvider(`provider["registry.terraform.io/hashicorp/google"]`)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range insts {
		in.Mode, in.Provider = "managed", prov
		in.Type, in.Name, _ = strings.Cut(in.Address, ".")
		if i := strings.IndexByte(in.Name, '['); i >= 0 {
			in.Name = in.Name[:i]
		}
	}
	g := graph.New()
	if err := Build(insts, g, Options{File: "t.tfstate", ID: func(a string) string { return a }}); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range g.Edges() {
		if n, ok := g.Node(e.From); ok && backendServiceTypes[n.Type] {
			s := e.From + ">" + e.To + " " + e.Via
			if e.Inferred {
				s += " (inferred)"
			}
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

const v1 = "https://www.googleapis.com/compute/v1/"

func igm(addr, zone, name string) *Instance {
	return &Instance{Address: addr, Attrs: AttrsOf(map[string]any{"zone": zone,
		"id":             "projects/p/zones/" + zone + "/instanceGroupManagers/" + name,
		"self_link":      v1 + "projects/p/zones/" + zone + "/instanceGroupManagers/" + name,
		"instance_group": v1 + "projects/p/zones/" + zone + "/instanceGroups/" + name})}
}

func backendService(addr string, groups []string, deps ...string) *Instance {
	var bs []any
	for _, g := range groups {
		bs = append(bs, map[string]any{"group": g, "balancing_mode": "UTILIZATION"})
	}
	return &Instance{Address: addr, Attrs: AttrsOf(map[string]any{"id": "projects/p/global/backendServices/" + addr,
		"self_link": v1 + "projects/p/global/backendServices/" + addr, "backend": bs}), Deps: deps}
}

// TestBackendGroupsByLink: each backend service gets a direct edge to the
// managed instance groups its backend blocks name (by their
// instance_group link, in another API version too), and none to the
// groups of the same resource it does not name.
func TestBackendGroupsByLink(t *testing.T) {
	insts := []*Instance{
		igm("google_compute_instance_group_manager.web[0]", "us-central1-a", "web-a"),
		igm("google_compute_instance_group_manager.web[1]", "us-central1-b", "web-b"),
		igm("google_compute_instance_group_manager.web[2]", "us-central1-c", "web-c"),
		backendService("google_compute_backend_service.only_a",
			[]string{"https://www.googleapis.com/compute/beta/projects/p/zones/us-central1-a/instanceGroups/web-a"},
			"google_compute_instance_group_manager.web"),
		backendService("google_compute_backend_service.spread",
			[]string{v1 + "projects/p/zones/us-central1-b/instanceGroups/web-b", "projects/p/zones/us-central1-c/instanceGroups/web-c"},
			"google_compute_instance_group_manager.web"),
	}
	got := backendEdges(t, insts)
	want := []string{
		"google_compute_backend_service.only_a>google_compute_instance_group_manager.web[0] backend.group",
		"google_compute_backend_service.spread>google_compute_instance_group_manager.web[1] backend.group",
		"google_compute_backend_service.spread>google_compute_instance_group_manager.web[2] backend.group",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("backend edges:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBackendZonalNEGPlaced: a network endpoint group whose only location
// is its id is placed in that zone, and the backend service naming it
// gets the edge even without a recorded dependency (another module's
// output passed as a string).
func TestBackendZonalNEGPlaced(t *testing.T) {
	neg := &Instance{Address: "google_compute_network_endpoint_group.neg", Attrs: AttrsOf(map[string]any{
		"id": "projects/p/zones/europe-west1-b/networkEndpointGroups/neg", "name": "neg"})}
	insts := []*Instance{neg,
		backendService("google_compute_backend_service.api", []string{v1 + "projects/p/zones/europe-west1-b/networkEndpointGroups/neg"}),
	}
	got := backendEdges(t, insts)
	want := []string{"google_compute_backend_service.api>google_compute_network_endpoint_group.neg backend.group"}
	if !slices.Equal(got, want) {
		t.Fatalf("backend edges = %v, want %v", got, want)
	}
	if p := neg.node.Placement; p.Zone != "europe-west1-b" || p.Region != "europe-west1" || p.Rule != "identifier:id" {
		t.Errorf("NEG placement = %+v", p)
	}
}
