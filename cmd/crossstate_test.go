package cmd

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// drStates returns the three states of the real DR project (source VPC in
// us-east-2, destination VPC in us-east-1, and the peering between them
// reading both through terraform_remote_state), or skips.
func drStates(t *testing.T) []string {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(realworld(t), "tfstate", "aws-dr-*.tfstate"))
	if len(paths) != 3 {
		t.Fatalf("want the three aws-dr states, found %v", paths)
	}
	return paths
}

// whatifNode is what these tests read of a node of whatif's JSON report.
type whatifNode struct {
	ID          string `json:"id"`
	Region      string `json:"region"`
	State       string `json:"state"`
	Explanation []struct {
		Node string `json:"node"`
	} `json:"explanation"`
}

const (
	drPeering = "aws-dr-vpc-peering-cross-region:module.vpc_peering_cross_account.aws_vpc_peering_connection.requester"
	drDestVPC = "aws-dr-destination-us-east-1:module.vpc.aws_vpc.this[0]"
)

// TestDRStatesWhatif takes the destination's region down over the three
// real DR states: the peering connection, which lives in the source
// state's region (us-east-2), is impacted through the destination VPC
// that another state manages, and its explanation says so.
func TestDRStatesWhatif(t *testing.T) {
	paths := drStates(t)
	out, errOut, code := runBlast(append([]string{"whatif", "--down", "aws:us-east-1", "--format", "json", "--quiet"}, paths...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Nodes []whatifNode `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(doc.Nodes, func(n whatifNode) bool {
		return n.ID == drPeering
	})
	if i < 0 {
		t.Fatalf("%s not in the report", drPeering)
	}
	n := doc.Nodes[i]
	if n.Region != "us-east-2" {
		t.Errorf("peering in %q, want us-east-2 (outside the region taken down)", n.Region)
	}
	if n.State != "failed" && n.State != "degraded" {
		t.Fatalf("peering is %s, want failed or degraded", n.State)
	}
	var chain []string
	for _, s := range n.Explanation {
		chain = append(chain, s.Node)
	}
	if !slices.Contains(chain, drDestVPC) {
		t.Errorf("explanation %v does not reach the destination state's VPC %s", chain, drDestVPC)
	}
}

// TestDRStatesWhy explains the peering connection: the chain crosses from
// the peering state into the destination state and says how (the remote
// state output the peering read, and the file it came from).
func TestDRStatesWhy(t *testing.T) {
	paths := drStates(t)
	out, errOut, code := runBlast(append([]string{"why", drPeering, "--down", "aws:us-east-1", "--quiet"}, paths...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	dest := filepath.ToSlash(paths[slices.IndexFunc(paths, func(p string) bool { return strings.Contains(p, "destination") })])
	for _, want := range []string{
		"from: " + filepath.ToSlash(paths[slices.IndexFunc(paths, func(p string) bool { return strings.Contains(p, "peering") })]),
		"needs " + drDestVPC + " (hard, via peer_vpc_id (outputs.vpc of data.terraform_remote_state.accepter, from " + dest + "))",
		"→ " + drDestVPC + "  (aws · us-east-1)",
		"root: aws:us-east-1",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("why does not say %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "state: failed") && !strings.Contains(out, "state: degraded") {
		t.Errorf("peering neither failed nor degraded:\n%s", out)
	}
}

// TestRemoteStateFlag names the state the peering's accepter remote state
// reads: named right, the edge says so; named wrong (the source state,
// which does not hold the destination VPC), the peering still reaches
// the VPC, through the data source reading it, not the remote state;
// bad flags are one line and exit 1.
func TestRemoteStateFlag(t *testing.T) {
	paths := drStates(t)
	file := func(part string) string {
		return paths[slices.IndexFunc(paths, func(p string) bool { return strings.Contains(p, part) })]
	}
	why := func(flag string) string {
		t.Helper()
		out, errOut, code := runBlast(append([]string{"why", drPeering, "--down", "aws:us-east-1", "--quiet", "--remote-state", flag}, paths...)...)
		if code != 0 {
			t.Fatalf("--remote-state %s: exit %d: %s", flag, code, errOut)
		}
		return out
	}
	dest := filepath.ToSlash(file("destination"))
	if out, want := why("accepter="+file("destination")), "(hard, via peer_vpc_id (outputs.vpc of data.terraform_remote_state.accepter, from "+dest+", as --remote-state names it))"; !strings.Contains(out, want) {
		t.Errorf("named right, why does not say %q:\n%s", want, out)
	}
	out := why("data.terraform_remote_state.accepter=" + file("source"))
	if strings.Contains(out, "outputs.vpc of data.terraform_remote_state.accepter") {
		t.Errorf("named wrong, the edge still comes from the accepter's outputs:\n%s", out)
	}
	if want := "needs " + drDestVPC + " (hard, via peer_vpc_id ("; !strings.Contains(out, want) || !strings.Contains(out, "aws_vpc.this[0] of "+dest+")") {
		t.Errorf("named wrong, why does not say %q:\n%s", want, out)
	}

	for _, tc := range []struct{ flag, want string }{
		{"accepter", `blast: --remote-state "accepter": want NAME=FILE`},
		{"accepter=missing.tfstate", "blast: crossstate: --remote-state accepter=missing.tfstate: missing.tfstate is not one of the Terraform states or plans read (give it as an input too)"},
		{"peer=" + file("source"), "blast: crossstate: --remote-state peer=" + file("source") + ": no input has a data.terraform_remote_state named peer"},
	} {
		_, errOut, code := runBlast(append([]string{"whatif", "--down", "aws:us-east-1", "--remote-state", tc.flag}, paths...)...)
		if code != 1 || !strings.HasPrefix(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("--remote-state %s: exit %d, stderr %q; want 1 and one line beginning %q", tc.flag, code, errOut, tc.want)
		}
	}
}
