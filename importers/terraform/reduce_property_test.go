package terraform_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/analyzer/platform"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers/terraform"
)

// propertyTypes are the resource types the random graphs draw from, each
// used once per graph (two of one type in different zones would make a
// redundancy group of the unreduced edges, a different question), with
// where each lives: a zone, the region, or nowhere.
var propertyTypes = []struct{ mode, typ, place string }{
	{"managed", "aws_instance", "zone"},
	{"managed", "aws_ebs_volume", "zone"},
	{"managed", "aws_nat_gateway", "zone"},
	{"managed", "aws_network_interface", "zone"},
	{"managed", "aws_sqs_queue", "region"},
	{"managed", "aws_sns_topic", "region"},
	{"managed", "aws_dynamodb_table", "region"},
	{"managed", "aws_kinesis_stream", "region"},
	{"managed", "aws_efs_file_system", "region"},
	{"data", "aws_ami", "region"},
	{"data", "aws_caller_identity", ""},
	{"managed", "null_resource", ""},
	{"managed", "random_id", ""},
	{"managed", "time_sleep", ""},
}

// randomInstances builds a random dependency graph between resources and
// records each one's dependencies as Terraform does: the transitive
// closure of what it refers to.
func randomInstances(t *testing.T, r *rand.Rand) []*terraform.Instance {
	t.Helper()
	prov, err := terraform.ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		t.Fatal(err)
	}
	order := r.Perm(len(propertyTypes))
	n := 4 + r.IntN(len(propertyTypes)-3)
	zones := []string{"us-east-1a", "us-east-1b", "us-east-1c"}
	direct := make([][]int, n)
	for i := range n {
		for j := range i {
			if r.IntN(3) == 0 {
				direct[i] = append(direct[i], j)
			}
		}
	}
	closure := make([]map[int]bool, n)
	for i := range n {
		closure[i] = map[int]bool{}
		for _, j := range direct[i] {
			closure[i][j] = true
			for k := range closure[j] {
				closure[i][k] = true
			}
		}
	}
	addr := func(i int) string {
		pt := propertyTypes[order[i]]
		a := pt.typ + ".r"
		if pt.mode == "data" {
			a = "data." + a
		}
		return a
	}
	insts := make([]*terraform.Instance, n)
	for i := range n {
		pt := propertyTypes[order[i]]
		attrs := map[string]any{"id": fmt.Sprintf("id-%d", i)}
		switch pt.place {
		case "zone":
			attrs["availability_zone"] = zones[r.IntN(len(zones))]
		case "region":
			attrs["region"] = "us-east-1"
		}
		var deps []string
		for _, j := range slices.Sorted(func(yield func(int) bool) {
			for k := range closure[i] {
				if !yield(k) {
					return
				}
			}
		}) {
			deps = append(deps, addr(j))
		}
		insts[i] = &terraform.Instance{Address: addr(i), Mode: pt.mode, Type: pt.typ, Name: "r",
			Provider: prov, Attrs: terraform.AttrsOf(attrs), Deps: deps}
	}
	return insts
}

// outcome runs every single-domain scenario and returns each node's state
// per domain.
func outcome(t *testing.T, insts []*terraform.Instance) (map[string]string, *graph.Graph) {
	t.Helper()
	g := graph.New()
	if err := terraform.Build(insts, g, terraform.Options{File: "p.tfstate", ID: func(a string) string { return a }}); err != nil {
		t.Fatal(err)
	}
	a := analyzer.New(g, platform.Default())
	out := map[string]string{}
	for _, dom := range []string{"aws:us-east-1a", "aws:us-east-1b", "aws:us-east-1c", "aws:us-east-1"} {
		d, err := analyzer.ParseDomain(dom, g)
		if err != nil {
			t.Fatal(err)
		}
		res := a.Run(analyzer.Scenario{Name: dom, Down: []analyzer.Domain{d}})
		for _, id := range g.IDs() {
			st, _ := res.StateOf(id)
			out[dom+" "+id] = st.String()
		}
	}
	return out, g
}

// TestReductionKeepsFailures holds the reduction of recorded dependencies
// to the unreduced graph: on random recorded-dependency graphs, with data
// sources and helpers that are not infrastructure among the
// intermediaries, every single-domain scenario fails and degrades the
// same nodes either way.
func TestReductionKeepsFailures(t *testing.T) {
	reduced := 0
	for seed := range uint64(400) {
		r := rand.New(rand.NewPCG(seed, 15))
		insts := randomInstances(t, r)
		var plain map[string]string
		var full *graph.Graph
		terraform.WithoutReduction(func() { plain, full = outcome(t, randomInstances(t, rand.New(rand.NewPCG(seed, 15)))) })
		got, g := outcome(t, insts)
		if len(g.Edges()) < len(full.Edges()) {
			reduced++
		}
		for _, k := range slices.Sorted(func(yield func(string) bool) {
			for k := range plain {
				if !yield(k) {
					return
				}
			}
		}) {
			if got[k] != plain[k] {
				t.Errorf("seed %d: %s is %s reduced, %s unreduced\nreduced edges:\n%s\nunreduced:\n%s", seed, k, got[k], plain[k], g, full)
				return
			}
		}
	}
	if reduced < 100 {
		t.Errorf("only %d of 400 graphs lost an edge to the reduction: the test shows little", reduced)
	}
}
