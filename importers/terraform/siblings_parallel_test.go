package terraform_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers/terraform"
)

// TestSiblingRegionsAcrossWorkers: the regions a provider configuration's
// placed instances are in are gathered by each of Build's workers for its
// own block of instances, then merged. An instance placed by nothing of
// its own takes its siblings' region only when all of them, in every
// worker's block, agree: with the state's first half in one region and its
// second half in another it stays unplaced, whichever worker saw which.
func TestSiblingRegionsAcrossWorkers(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // Build splits its instances over two workers
	prov, err := terraform.ParseProvider(`provider["registry.terraform.io/hashicorp/aws"].main`)
	if err != nil {
		t.Fatal(err)
	}
	const n = 6000 // over the size from which Build's passes run on several workers
	build := func(zone func(i int) string) graph.Placement {
		var insts []*terraform.Instance
		for i := range n {
			insts = append(insts, &terraform.Instance{
				Address: fmt.Sprintf("aws_instance.web[%d]", i), Mode: "managed", Type: "aws_instance", Name: "web", Key: float64(i),
				Provider: prov, Attrs: terraform.AttrsOf(map[string]any{"id": fmt.Sprintf("i-%d", i), "availability_zone": zone(i)}),
			})
		}
		insts = append(insts, &terraform.Instance{
			Address: "aws_sqs_queue.jobs", Mode: "managed", Type: "aws_sqs_queue", Name: "jobs",
			Provider: prov, Attrs: terraform.AttrsOf(map[string]any{"name": "jobs"}),
		})
		g := graph.New()
		if err := terraform.Build(insts, g, terraform.Options{File: "t.tfstate", ID: func(a string) string { return a }}); err != nil {
			t.Fatal(err)
		}
		q, ok := g.Node("aws_sqs_queue.jobs")
		if !ok {
			t.Fatal("the queue is not in the graph")
		}
		return q.Placement
	}
	one := build(func(int) string { return "us-west-2a" })
	if one.Region != "us-west-2" || one.Rule != terraform.RuleSiblings {
		t.Errorf("siblings all in us-west-2: the queue is placed %+v, want us-west-2 by %s", one, terraform.RuleSiblings)
	}
	for _, split := range []struct{ first, second string }{{"us-east-1a", "us-west-2b"}, {"us-west-2b", "us-east-1a"}} {
		two := build(func(i int) string {
			if i < n/2 {
				return split.first
			}
			return split.second
		})
		if two.Region != "" {
			t.Errorf("siblings in two regions (%s first, then %s): the queue is placed %+v, want it unplaced", split.first, split.second, two)
		}
	}
}
