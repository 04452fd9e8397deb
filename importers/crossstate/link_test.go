package crossstate_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// res is one resource of a raw state: mode, type, name, attributes and
// recorded dependencies.
type res struct {
	mode, typ, name string
	attrs           map[string]any
	deps            []string
}

// rawState writes a version 4 state of resources and root outputs.
func rawState(t *testing.T, outputs map[string]any, rs ...res) string {
	t.Helper()
	var list []map[string]any
	for _, r := range rs {
		if r.mode == "" {
			r.mode = "managed"
		}
		provider := `provider["registry.terraform.io/hashicorp/aws"]`
		if r.typ == "terraform_remote_state" {
			provider = `provider["terraform.io/builtin/terraform"]`
		}
		list = append(list, map[string]any{"mode": r.mode, "type": r.typ, "name": r.name, "provider": provider,
			"instances": []any{map[string]any{"attributes": r.attrs, "dependencies": r.deps}}})
	}
	outs := map[string]any{}
	for k, v := range outputs {
		outs[k] = map[string]any{"value": v, "type": "string"}
	}
	b, err := json.Marshal(map[string]any{"version": 4, "terraform_version": "1.9.0", "serial": 1,
		"lineage": "x", "outputs": outs, "resources": list})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func load(t *testing.T, files map[string]string) *graph.Graph {
	t.Helper()
	fsys := fstest.MapFS{}
	var paths []string
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
		paths = append(paths, name)
	}
	slices.Sort(paths)
	res, err := importers.Load(paths, formats.Defaults(importers.Options{FS: fsys}))
	if err != nil {
		t.Fatal(err)
	}
	return res.Graph
}

// crossEdges lists the edges whose ends come from different files.
func crossEdges(g *graph.Graph) []string {
	var out []string
	for _, e := range g.Edges() {
		from, _ := g.Node(e.From)
		to, _ := g.Node(e.To)
		if from.Source.File != to.Source.File {
			out = append(out, fmt.Sprintf("%s -> %s %s via=%s", e.From, e.To, e.Kind, e.Via))
		}
	}
	return out
}

const (
	vpcID    = "vpc-0a1b2c3d4e5f60718"
	subnetID = "subnet-0123456789abcdef0"
	region   = "us-east-1"
)

// network is the network team's state: a VPC and a subnet, with outputs.
func network(t *testing.T) string {
	return rawState(t, map[string]any{"vpc_id": vpcID, "private_subnet": subnetID},
		res{typ: "aws_vpc", name: "main", attrs: map[string]any{"id": vpcID, "arn": "arn:aws:ec2:us-east-1:111122223333:vpc/" + vpcID, "region": region}},
		res{typ: "aws_subnet", name: "private", attrs: map[string]any{"id": subnetID, "vpc_id": vpcID, "availability_zone": "us-east-1a"},
			deps: []string{"aws_vpc.main"}},
	)
}

func TestValueAcrossStates(t *testing.T) {
	svc := rawState(t, nil,
		res{typ: "aws_security_group", name: "app", attrs: map[string]any{"id": "sg-0aaaabbbbccccdddd", "name": "main", "vpc_id": vpcID, "region": region}},
		res{typ: "aws_instance", name: "app", attrs: map[string]any{"id": "i-0aaaabbbbccccdddd", "subnet_id": subnetID, "vpc_security_group_ids": []any{"sg-0aaaabbbbccccdddd"}},
			deps: []string{"aws_security_group.app"}},
	)
	g := load(t, map[string]string{"network.tfstate": network(t), "svc.tfstate": svc})
	want := []string{
		"svc:aws_instance.app -> network:aws_subnet.private hard via=subnet_id (value of aws_subnet.private in network.tfstate, matched across states)",
		"svc:aws_security_group.app -> network:aws_vpc.main hard via=vpc_id (value of aws_vpc.main in network.tfstate, matched across states)",
	}
	if got := crossEdges(g); !slices.Equal(got, want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}
}

func TestNoLinkByNameOrWithinOneState(t *testing.T) {
	// both states have a security group named "main" and a bucket policy
	// naming a bucket of its own state: no edge crosses
	a := rawState(t, nil,
		res{typ: "aws_security_group", name: "a", attrs: map[string]any{"id": "sg-0aaaabbbbccccdddd", "name": "main", "description": "main"}},
		res{typ: "aws_s3_bucket", name: "logs", attrs: map[string]any{"id": "acme-a-logs", "bucket": "acme-a-logs"}})
	b := rawState(t, nil,
		res{typ: "aws_security_group", name: "b", attrs: map[string]any{"id": "sg-0eeeeffff00001111", "name": "main", "description": "main"}},
		res{typ: "aws_s3_bucket", name: "logs", attrs: map[string]any{"id": "acme-b-logs", "bucket": "acme-b-logs"}},
		res{typ: "aws_s3_bucket_policy", name: "logs", attrs: map[string]any{"id": "acme-b-logs", "bucket": "acme-b-logs"}, deps: []string{"aws_s3_bucket.logs"}})
	g := load(t, map[string]string{"a.tfstate": a, "b.tfstate": b})
	if got := crossEdges(g); len(got) != 0 {
		t.Errorf("edges across states: %q", got)
	}
	if g.Len() != 5 {
		t.Errorf("%d nodes, want 5", g.Len())
	}
}

func TestAmbiguousValueLinksNothing(t *testing.T) {
	// two resources of different types hold the bucket name (a bucket and
	// a queue named alike): a log_bucket naming it says nothing for sure
	a := rawState(t, nil,
		res{typ: "aws_s3_bucket", name: "x", attrs: map[string]any{"id": "acme-shared", "bucket": "acme-shared"}},
		res{typ: "aws_sqs_queue", name: "x", attrs: map[string]any{"id": "https://sqs.us-east-1.amazonaws.com/1/acme", "name": "acme-shared"}})
	b := rawState(t, nil,
		res{typ: "aws_s3_bucket_logging", name: "x", attrs: map[string]any{"id": "acme-b", "target_bucket": "acme-shared"}})
	g := load(t, map[string]string{"a.tfstate": a, "b.tfstate": b})
	if got := crossEdges(g); len(got) != 0 {
		t.Errorf("edges across states: %q", got)
	}
	// the same with the bucket's versioning beside it (which holds the
	// name too): linked to the bucket by its name
	a = rawState(t, nil, res{typ: "aws_s3_bucket", name: "x", attrs: map[string]any{"id": "acme-shared", "bucket": "acme-shared"}},
		res{typ: "aws_s3_bucket_versioning", name: "x", attrs: map[string]any{"id": "acme-shared", "bucket": "acme-shared"}, deps: []string{"aws_s3_bucket.x"}})
	g = load(t, map[string]string{"a.tfstate": a, "b.tfstate": b})
	want := []string{"b:aws_s3_bucket_logging.x -> a:aws_s3_bucket.x hard via=target_bucket (value of aws_s3_bucket.x in a.tfstate, matched across states)"}
	if got := crossEdges(g); !slices.Equal(got, want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}
}

func TestObjectsLinkToTheirBucket(t *testing.T) {
	// two services each put an object in the bucket a platform state
	// manages: an object's bucket names the bucket it is in, not the
	// object, so each links to the bucket, and neither is taken for a
	// second holder of the bucket's name
	platform := rawState(t, nil, res{typ: "aws_s3_bucket", name: "artifacts",
		attrs: map[string]any{"id": "acme-artifacts", "bucket": "acme-artifacts", "arn": "arn:aws:s3:::acme-artifacts"}})
	object := func(svc string) string {
		return rawState(t, nil, res{typ: "aws_s3_object", name: "release",
			attrs: map[string]any{"id": "releases/" + svc + "/app.zip", "key": "releases/" + svc + "/app.zip", "bucket": "acme-artifacts"}})
	}
	g := load(t, map[string]string{"platform.tfstate": platform, "a.tfstate": object("a"), "b.tfstate": object("b")})
	got := crossEdges(g)
	slices.Sort(got)
	want := []string{
		"a:aws_s3_object.release -> platform:aws_s3_bucket.artifacts hard via=bucket (value of aws_s3_bucket.artifacts in platform.tfstate, matched across states)",
		"b:aws_s3_object.release -> platform:aws_s3_bucket.artifacts hard via=bucket (value of aws_s3_bucket.artifacts in platform.tfstate, matched across states)",
	}
	if !slices.Equal(got, want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}
}

func TestDataSourceStandsForTheResource(t *testing.T) {
	svc := rawState(t, nil,
		res{mode: "data", typ: "aws_vpc", name: "shared", attrs: map[string]any{"id": vpcID, "cidr_block": "10.0.0.0/16"}},
		res{typ: "aws_lb_target_group", name: "app", attrs: map[string]any{"id": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/app/0123456789abcdef",
			"arn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/app/0123456789abcdef", "vpc_id": vpcID}, deps: []string{"data.aws_vpc.shared"}},
	)
	g := load(t, map[string]string{"network.tfstate": network(t), "svc.tfstate": svc})
	want := []string{
		"svc:aws_lb_target_group.app -> network:aws_vpc.main hard via=vpc_id (data.aws_vpc.shared reads aws_vpc.main of network.tfstate)",
	}
	if got := crossEdges(g); !slices.Equal(got, want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}
	if deps := g.DependentsOf("svc:data.aws_vpc.shared"); len(deps) != 0 {
		t.Errorf("the data source still has dependents: %v", deps)
	}
}

// remoteState is a terraform_remote_state data source as a state records
// it: its backend configuration and the outputs it read.
func remoteState(name string, config map[string]any, outputs map[string]any) res {
	return res{mode: "data", typ: "terraform_remote_state", name: name, attrs: map[string]any{
		"backend": "local", "config": map[string]any{"value": config, "type": []any{"object", map[string]any{}}},
		"outputs": map[string]any{"value": outputs, "type": []any{"object", map[string]any{}}}, "workspace": nil,
	}}
}

func TestRemoteStateOutputs(t *testing.T) {
	for _, tc := range []struct{ name, path, file, app string }{
		{"by backend path", "../network/terraform.tfstate", "network/terraform.tfstate", "app"},
		{"by the outputs it read", "/elsewhere/terraform.tfstate", "pulled-network.tfstate", "app"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := rawState(t, nil,
				remoteState("net", map[string]any{"path": tc.path}, map[string]any{"vpc_id": vpcID, "private_subnet": subnetID}),
				res{typ: "aws_instance", name: "app", attrs: map[string]any{"id": "i-0aaaabbbbccccdddd", "subnet_id": subnetID},
					deps: []string{"data.terraform_remote_state.net"}},
			)
			g := load(t, map[string]string{tc.file: network(t), "app/terraform.tfstate": svc})
			// the prefix leaves Terraform's own file name out
			net := strings.TrimSuffix(strings.TrimSuffix(tc.file, ".tfstate"), "/terraform")
			want := []string{
				tc.app + ":aws_instance.app -> " + net + ":aws_subnet.private hard via=subnet_id (outputs.private_subnet of data.terraform_remote_state.net, from " + tc.file + ")",
			}
			if got := crossEdges(g); !slices.Equal(got, want) {
				t.Errorf("edges:\n got %q\nwant %q", got, want)
			}
			if g.HasEdge(tc.app+":aws_instance.app", tc.app+":data.terraform_remote_state.net") {
				t.Error("the instance still depends on the remote state data source")
			}
		})
	}
}

func TestSameResourceInTwoStates(t *testing.T) {
	bucket := map[string]any{"id": "acme-logs", "arn": "arn:aws:s3:::acme-logs", "bucket": "acme-logs", "region": region}
	a := rawState(t, nil, res{typ: "aws_s3_bucket", name: "logs", attrs: bucket})
	b := rawState(t, nil, res{typ: "aws_s3_bucket", name: "imported", attrs: bucket},
		res{typ: "aws_s3_bucket_versioning", name: "logs", attrs: map[string]any{"id": "acme-logs", "bucket": "acme-logs"}, deps: []string{"aws_s3_bucket.imported"}})
	g := load(t, map[string]string{"a.tfstate": a, "b.tfstate": b})
	if _, ok := g.Node("b:aws_s3_bucket.imported"); ok {
		t.Error("the bucket is two nodes")
	}
	want := []string{"b:aws_s3_bucket_versioning.logs -> a:aws_s3_bucket.logs hard via=bucket"}
	if got := crossEdges(g); !slices.Equal(got, want) {
		t.Errorf("edges:\n got %q\nwant %q", got, want)
	}
	var warned []string
	for _, w := range g.Warnings() {
		if strings.Contains(w.Message, "managed in two states") {
			warned = append(warned, w.String())
		}
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "aws_s3_bucket.logs in a.tfstate") || !strings.Contains(warned[0], "aws_s3_bucket.imported") {
		t.Errorf("warnings %q, want one naming both", warned)
	}
}

// loadNamed loads files as load does, with the remote states named.
func loadNamed(files map[string]string, names map[string]string) (*graph.Graph, error) {
	fsys := fstest.MapFS{}
	var paths []string
	for name, body := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(body)}
		paths = append(paths, name)
	}
	slices.Sort(paths)
	res, err := importers.Load(paths, formats.WithRemoteStates(formats.Defaults(importers.Options{FS: fsys}), names))
	if err != nil {
		return nil, err
	}
	return res.Graph, nil
}

// TestRemoteStateNamed: a remote state whose backend (an s3 key) names no
// input path, read from a network state whose outputs are not recorded
// (marked sensitive since): without a name the instance links by value
// only; named by the data source's name or its address, the link is the
// remote state output's, and says it was named.
func TestRemoteStateNamed(t *testing.T) {
	svc := rawState(t, nil,
		remoteState("net", map[string]any{"bucket": "acme-tf", "key": "prod/network.tfstate"}, map[string]any{"vpc_id": vpcID, "private_subnet": subnetID}),
		res{typ: "aws_instance", name: "app", attrs: map[string]any{"id": "i-0aaaabbbbccccdddd", "subnet_id": subnetID},
			deps: []string{"data.terraform_remote_state.net"}},
	)
	net := rawState(t, nil,
		res{typ: "aws_vpc", name: "main", attrs: map[string]any{"id": vpcID, "region": region}},
		res{typ: "aws_subnet", name: "private", attrs: map[string]any{"id": subnetID, "vpc_id": vpcID, "availability_zone": "us-east-1a"},
			deps: []string{"aws_vpc.main"}},
	)
	files := map[string]string{"pulled/net.tfstate": net, "app.tfstate": svc}
	const edge = "app:aws_instance.app -> net:aws_subnet.private hard via=subnet_id "
	for _, tc := range []struct {
		name  string
		names map[string]string
		want  string
	}{
		{"unnamed", nil, edge + "(value of aws_subnet.private in pulled/net.tfstate, matched across states)"},
		{"by name", map[string]string{"net": "pulled/net.tfstate"},
			edge + "(outputs.private_subnet of data.terraform_remote_state.net, from pulled/net.tfstate, as --remote-state names it)"},
		{"by address, path not clean", map[string]string{"data.terraform_remote_state.net": "./pulled/../pulled/net.tfstate"},
			edge + "(outputs.private_subnet of data.terraform_remote_state.net, from pulled/net.tfstate, as --remote-state names it)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := loadNamed(files, tc.names)
			if err != nil {
				t.Fatal(err)
			}
			if got := crossEdges(g); !slices.Equal(got, []string{tc.want}) {
				t.Errorf("edges:\n got %q\nwant %q", got, []string{tc.want})
			}
		})
	}
}

// TestRemoteStateNamedWrong: a file that is not an input, or a name no
// remote state data source has, is an error naming it.
func TestRemoteStateNamedWrong(t *testing.T) {
	svc := rawState(t, nil, remoteState("net", map[string]any{"key": "prod/network.tfstate"}, map[string]any{"vpc_id": vpcID}))
	files := map[string]string{"net.tfstate": network(t), "app.tfstate": svc}
	for _, tc := range []struct {
		names map[string]string
		want  string
	}{
		{map[string]string{"net": "network.tfstate"}, "--remote-state net=network.tfstate: network.tfstate is not one of the Terraform states or plans read (give it as an input too)"},
		{map[string]string{"network": "net.tfstate"}, "--remote-state network=net.tfstate: no input has a data.terraform_remote_state named network"},
	} {
		_, err := loadNamed(files, tc.names)
		if err == nil || !strings.HasSuffix(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("error %v, want one line ending %q", err, tc.want)
		}
	}
}
