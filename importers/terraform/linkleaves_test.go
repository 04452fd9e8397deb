package terraform

import (
	"testing"

	"github.com/blast-dev/blast/graph"
)

// Build tells Link about every instance; with SkipLinkLeaves it leaves
// the identity leaves out, and only them.
func TestSkipLinkLeaves(t *testing.T) {
	prov, err := ParseProvider(`provider["registry.terraform.io/hashicorp/aws"]`)
	if err != nil {
		t.Fatal(err)
	}
	for _, skip := range []bool{false, true} {
		insts := []*Instance{
			{Address: "aws_vpc.main", Mode: "managed", Type: "aws_vpc", Name: "main", Provider: prov, Attrs: AttrsOf(map[string]any{"id": "vpc-0a1b2c3d4e5f60789", "region": "eu-west-1"})},
			{Address: "aws_vpc_peering_connection.p", Mode: "managed", Type: "aws_vpc_peering_connection", Name: "p", Provider: prov,
				Attrs: AttrsOf(map[string]any{"id": "pcx-0a1b2c3d4e5f60789", "peer_vpc_id": "vpc-0f9e8d7c6b5a40321", "region": "eu-west-1"})},
		}
		var got []LinkInfo
		opt := Options{File: "s.tfstate", ID: func(a string) string { return a }, Link: func(li LinkInfo) { got = append(got, li) }, SkipLinkLeaves: skip}
		if err := Build(insts, graph.New(), opt); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 {
			t.Fatalf("skip=%v: Link told about %d instances, want 2", skip, len(got))
		}
		peer := ""
		for _, lf := range got[1].Leaves {
			if lf.Value == "vpc-0f9e8d7c6b5a40321" {
				peer = lf.Path
			}
		}
		if skip != (got[1].Leaves == nil) || (!skip && peer != "peer_vpc_id") {
			t.Errorf("skip=%v: the peering's leaves %v", skip, got[1].Leaves)
		}
	}
}
