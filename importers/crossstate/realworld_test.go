package crossstate_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// TestDRStates reads the three states of one real DR project (see
// ../shared/realworld/SOURCES.md): the peering state reads the source
// and destination states through terraform_remote_state, and its
// peering connection and accepter join the VPCs those states manage.
func TestDRStates(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "realworld", "tfstate")
	paths, _ := filepath.Glob(filepath.Join(dir, "aws-dr-*.tfstate"))
	if len(paths) != 3 {
		if _, err := os.Stat(dir); err != nil {
			t.Skip("no ../shared/realworld")
		}
		t.Fatalf("want the three aws-dr states, found %v", paths)
	}
	res, err := importers.Load(paths, formats.Defaults(importers.Options{}))
	if err != nil {
		t.Fatal(err)
	}
	g := res.Graph
	const peering = "aws-dr-vpc-peering-cross-region:module.vpc_peering_cross_account."
	src, dst := "aws-dr-source-us-east-2:module.vpc.aws_vpc.this[0]", "aws-dr-destination-us-east-1:module.vpc.aws_vpc.this[0]"
	for _, tc := range []struct{ from, to, via string }{
		{peering + "aws_vpc_peering_connection.requester", src, "vpc_id (outputs.vpc of data.terraform_remote_state.requester, from "},
		{peering + "aws_vpc_peering_connection.requester", dst, "peer_vpc_id (outputs.vpc of data.terraform_remote_state.accepter, from "},
		{peering + "aws_vpc_peering_connection_accepter.accepter", src, "vpc_id (value of module.vpc.aws_vpc.this[0] in "},
		{peering + "aws_vpc_peering_connection_accepter.accepter", dst, "peer_vpc_id (value of module.vpc.aws_vpc.this[0] in "},
	} {
		found := false
		for _, e := range g.DependenciesOf(tc.from) {
			if e.To == tc.to {
				found = true
				if !strings.HasPrefix(e.Via, tc.via) {
					t.Errorf("%s -> %s via %q, want it to begin %q", tc.from, tc.to, e.Via, tc.via)
				}
			}
		}
		if !found {
			t.Errorf("no edge %s -> %s", tc.from, tc.to)
		}
	}
	// the two states hold no resource in common: no merge
	for _, w := range g.Warnings() {
		if strings.Contains(w.Message, "managed in two states") {
			t.Errorf("unexpected warning: %s", w)
		}
	}
}
