package terraform

import (
	"slices"
	"testing"

	"github.com/blast-dev/blast/graph"
)

// TestSiblingsNarrowRecordedDependencies: an attachment with for_each over
// three backends (three separate resources) records all three for every
// instance; each instance needs the one its target_id names.
func TestSiblingsNarrowRecordedDependencies(t *testing.T) {
	prov, err := ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		t.Fatal(err)
	}
	deps := []string{"aws_instance.backend_a", "aws_instance.backend_b", "aws_instance.backend_c", "aws_lb_target_group.tg"}
	inst := func(addr, typ string, key any, attrs Attrs, deps []string) *Instance {
		return &Instance{Address: addr, Mode: "managed", Type: typ, Name: "x", Key: key, Provider: prov, Attrs: attrs, Deps: deps}
	}
	build := func(targetIDs map[string]string) *graph.Graph {
		insts := []*Instance{
			inst("aws_instance.backend_a", "aws_instance", nil, AttrsOf(map[string]any{"id": "i-aaa", "availability_zone": "eu-west-1a"}), nil),
			inst("aws_instance.backend_b", "aws_instance", nil, AttrsOf(map[string]any{"id": "i-bbb", "availability_zone": "eu-west-1b"}), nil),
			inst("aws_instance.backend_c", "aws_instance", nil, AttrsOf(map[string]any{"id": "i-ccc", "availability_zone": "eu-west-1b"}), nil),
			inst("aws_lb_target_group.tg", "aws_lb_target_group", nil, AttrsOf(map[string]any{"id": "tg-1", "arn": "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/tg/1"}), nil),
		}
		for _, k := range []string{"a", "b", "c"} {
			attrs := map[string]any{"id": "att-" + k, "target_group_arn": "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/tg/1"}
			if id := targetIDs[k]; id != "" {
				attrs["target_id"] = id
			}
			insts = append(insts, inst(`aws_lb_target_group_attachment.web["`+k+`"]`, "aws_lb_target_group_attachment", k, AttrsOf(attrs), deps))
		}
		g := graph.New()
		if err := Build(insts, g, Options{File: "s.tfstate", ID: func(a string) string { return a }}); err != nil {
			t.Fatal(err)
		}
		return g
	}
	edges := func(g *graph.Graph, id string) []string {
		var out []string
		for _, e := range g.DependenciesOf(id) {
			s := e.To + " " + e.Via
			if e.Inferred {
				s += " inferred"
			}
			out = append(out, s)
		}
		slices.Sort(out)
		return out
	}
	g := build(map[string]string{"a": "i-aaa", "b": "i-bbb", "c": "i-ccc"})
	want := []string{"aws_instance.backend_c target_id", "aws_lb_target_group.tg target_group_arn"}
	if got := edges(g, `aws_lb_target_group_attachment.web["c"]`); !slices.Equal(got, want) {
		t.Errorf("attachment c edges = %q, want %q", got, want)
	}
	// c's target is unknown (removed from the values): nothing decides
	// which backend it attaches; every one stays, inferred, and says why
	g = build(map[string]string{"a": "i-aaa", "b": "i-bbb"})
	got := edges(g, `aws_lb_target_group_attachment.web["c"]`)
	if len(got) != 4 {
		t.Fatalf("undecided attachment c edges = %q, want all three backends and the group", got)
	}
	for _, e := range got[:2] {
		if !slices.Contains([]string{"inferred"}, e[len(e)-len("inferred"):]) {
			t.Errorf("undecided edge %q: want inferred", e)
		}
	}
	if want := "aws_instance.backend_c recorded dependency, no attribute names it by id, ARN or name"; got[2] != want {
		t.Errorf("edge to backend_c, named by no other instance = %q, want %q", got[2], want)
	}
	// c's target is outside the input (an instance another state
	// manages): its target_id holds another value than a's and b's, so
	// neither is c's
	g = build(map[string]string{"a": "i-aaa", "b": "i-bbb", "c": "i-zzz"})
	want = []string{"aws_instance.backend_c recorded dependency, no attribute names it by id, ARN or name", "aws_lb_target_group.tg target_group_arn"}
	if got := edges(g, `aws_lb_target_group_attachment.web["c"]`); !slices.Equal(got, want) {
		t.Errorf("attachment c, its target outside the input: edges = %q, want %q", got, want)
	}
	// a value that is no identity (free text) decides nothing
	g = build(map[string]string{"a": "i-aaa", "b": "i-bbb", "c": "not an id"})
	if got := edges(g, `aws_lb_target_group_attachment.web["c"]`); len(got) != 4 {
		t.Errorf("attachment c, its target_id free text: edges = %q, want all three backends and the group", got)
	}
}

func TestIdentityShaped(t *testing.T) {
	for v, want := range map[string]bool{
		"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore": true,
		"i-0123456789abcdef0": true,
		"https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a/instanceGroups/g": true,
		"cloud_endure_assessment_role": true,
		"ab":                           false,
		"two words":                    false,
		`{"Version":"2012-10-17"}`:     false,
		"<html>":                       false,
		"line\nbreak":                  false,
		"tab\there":                    false,
		"carriage\rreturn":             false,
		"close}brace":                  false,
		"a>b-c":                        false,
		`quote"d`:                      false,
	} {
		if got := IdentityShaped(v); got != want {
			t.Errorf("IdentityShaped(%q) = %v, want %v", v, got, want)
		}
		if got := IdentityShaped([]byte(v)); got != want {
			t.Errorf("IdentityShaped([]byte(%q)) = %v, want %v", v, got, want)
		}
	}
}

// BenchmarkIdentityShaped measures the test the reader's finish makes of
// every leaf of an instance that may have siblings.
func BenchmarkIdentityShaped(b *testing.B) {
	vals := [][]byte{
		[]byte("arn:aws:iam::123456789012:role/service-role/lambda-role-abcdef"),
		[]byte("subnet-0a1b2c3d4e5f67890"),
		[]byte("projects/p/zones/us-central1-a/instances/web-1"),
		[]byte("10.0.0.0/16"),
		[]byte(`{"Version": "2012-10-17"}`),
	}
	n := 0
	for b.Loop() {
		for _, v := range vals {
			if IdentityShaped(v) {
				n++
			}
		}
	}
	if n == 0 {
		b.Fatal("no value identity-shaped")
	}
}

// TestReduceThroughGroups: a dependency reached through one of several
// instances of a resource the dependent needs (a group that may stand for
// redundancy) stays unless every one of them leads to it; one reached
// through a data source stays too.
func TestReduceThroughGroups(t *testing.T) {
	prov, err := ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		t.Fatal(err)
	}
	run := func(bDeps []string) []string {
		insts := []*Instance{
			{Address: "aws_vpc.v", Mode: "managed", Type: "aws_vpc", Name: "v", Provider: prov, Attrs: AttrsOf(map[string]any{"id": "vpc-1"})},
			{Address: "aws_kms_key.k", Mode: "managed", Type: "aws_kms_key", Name: "k", Provider: prov, Attrs: AttrsOf(map[string]any{"id": "key-1"})},
			{Address: "data.aws_kms_alias.k", Mode: "data", Type: "aws_kms_alias", Name: "k", Provider: prov, Attrs: AttrsOf(map[string]any{"id": "alias-1"}), Deps: []string{"aws_kms_key.k"}},
			{Address: "aws_subnet.s[0]", Mode: "managed", Type: "aws_subnet", Name: "s", Key: float64(0), Provider: prov, Attrs: AttrsOf(map[string]any{"id": "subnet-a"}), Deps: []string{"aws_vpc.v"}},
			{Address: "aws_subnet.s[1]", Mode: "managed", Type: "aws_subnet", Name: "s", Key: float64(1), Provider: prov, Attrs: AttrsOf(map[string]any{"id": "subnet-b"}), Deps: bDeps},
			{Address: "aws_lb.lb", Mode: "managed", Type: "aws_lb", Name: "lb", Provider: prov,
				Attrs: AttrsOf(map[string]any{"id": "lb-1", "subnets": []any{"subnet-a", "subnet-b"}}),
				Deps:  []string{"aws_subnet.s", "aws_vpc.v", "data.aws_kms_alias.k", "aws_kms_key.k"}},
		}
		g := graph.New()
		if err := Build(insts, g, Options{File: "g.tfstate", ID: func(a string) string { return a }}); err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range g.DependenciesOf("aws_lb.lb") {
			out = append(out, e.To)
		}
		slices.Sort(out)
		return out
	}
	bothWays(t, func(t *testing.T) {
		// subnet b does not lead to the VPC (instances applied at
		// different times can record different lists): the load balancer
		// keeps its own edge to it; the key behind the data source stays
		want := []string{"aws_kms_key.k", "aws_subnet.s[0]", "aws_subnet.s[1]", "aws_vpc.v", "data.aws_kms_alias.k"}
		if got := run(nil); !slices.Equal(got, want) {
			t.Errorf("one subnet leads to the VPC: edges = %q, want %q", got, want)
		}
		want = []string{"aws_kms_key.k", "aws_subnet.s[0]", "aws_subnet.s[1]", "data.aws_kms_alias.k"}
		if got := run([]string{"aws_vpc.v"}); !slices.Equal(got, want) {
			t.Errorf("both subnets lead to the VPC: edges = %q, want %q", got, want)
		}
	})
}
