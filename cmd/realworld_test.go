package cmd

// Acceptance tests over real inputs written by others, kept in
// ../shared/realworld next to the module (see its SOURCES.md). A plain
// clone does not have that folder and skips these tests; CI has it.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// realworld returns the shared real-world folder, or skips the test.
func realworld(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(moduleRoot(t), "..", "shared", "realworld")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real-world inputs not present (%s): %v", dir, err)
	}
	return dir
}

// realFiles lists the files of some sub-folders of the real-world folder.
func realFiles(t *testing.T, root string, subs ...string) []string {
	t.Helper()
	var out []string
	for _, sub := range subs {
		entries, err := os.ReadDir(filepath.Join(root, sub))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if !e.IsDir() {
				out = append(out, filepath.Join(root, sub, e.Name()))
			}
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatalf("no files in %v", subs)
	}
	return out
}

// runBlast runs the CLI in-process and returns stdout, stderr and the exit code.
func runBlast(args ...string) (string, string, int) {
	var stdout, stderr bytes.Buffer
	code := Run(args, strings.NewReader(""), &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

type graphDocNode struct {
	ID        string `json:"id"`
	Address   string `json:"address"`
	Mode      string `json:"mode"`
	Kind      string `json:"kind"`
	Placement struct {
		Region string   `json:"region"`
		Zone   string   `json:"zone"`
		Zones  []string `json:"zones"`
	} `json:"placement"`
}

func graphNodes(t *testing.T, files ...string) []graphDocNode {
	t.Helper()
	out, errOut, code := runBlast(append([]string{"graph", "--format", "json"}, files...)...)
	if code != 0 {
		t.Fatalf("blast graph %v: exit %d: %s", files, code, errOut)
	}
	var doc struct {
		Nodes []graphDocNode `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("blast graph %v: %v", files, err)
	}
	return doc.Nodes
}

// impactStates runs whatif --format json and returns "state" or
// "state+frozen" by node address.
func impactStates(t *testing.T, down, file string) map[string]string {
	t.Helper()
	out, errOut, code := runBlast("whatif", "--down", down, "--format", "json", file)
	if code != 0 {
		t.Fatalf("blast whatif --down %s %s: exit %d: %s", down, file, code, errOut)
	}
	var doc struct {
		Nodes []struct {
			ID      string `json:"id"`
			Address string `json:"address"`
			State   string `json:"state"`
			Frozen  bool   `json:"frozen"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	states := map[string]string{}
	for _, n := range doc.Nodes {
		s := n.State
		if n.Frozen {
			s += "+frozen"
		}
		key := n.Address
		if key == "" {
			key = n.ID
		}
		states[key] = s
	}
	return states
}

// signalled is one managed resource instance of a raw state, read here
// independently of the importer, with whether it carries a location signal.
type signalled struct {
	address string
	signal  string // the attribute that carries a location, "" for none
}

// locationSignal returns the first location signal in top-level
// attributes: a non-empty region, location, zone or availability_zone, or
// an ARN with a region.
func locationSignal(attrs map[string]any) string {
	for _, k := range []string{"region", "location", "zone", "availability_zone"} {
		if s, ok := attrs[k].(string); ok && strings.TrimSpace(s) != "" {
			return k
		}
	}
	if arn, ok := attrs["arn"].(string); ok {
		if parts := strings.SplitN(arn, ":", 6); len(parts) == 6 && parts[0] == "arn" && parts[3] != "" {
			return "arn"
		}
	}
	return ""
}

// stateInstances reads the managed resource instances of a format 4 or
// format 3 state with their location signals.
func stateInstances(t *testing.T, file string) []signalled {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var head struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var out []signalled
	switch head.Version {
	case 4:
		var st struct {
			Resources []struct {
				Module, Mode, Type, Name string
				Instances                []struct {
					IndexKey   any            `json:"index_key"`
					Deposed    string         `json:"deposed"`
					Attributes map[string]any `json:"attributes"`
				}
			}
		}
		if err := json.Unmarshal(data, &st); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, r := range st.Resources {
			if r.Mode != "managed" {
				continue
			}
			for _, in := range r.Instances {
				if in.Deposed != "" {
					continue
				}
				addr := r.Type + "." + r.Name
				if r.Module != "" {
					addr = r.Module + "." + addr
				}
				switch k := in.IndexKey.(type) {
				case string:
					addr += "[" + strconv.Quote(k) + "]"
				case float64:
					addr += fmt.Sprintf("[%d]", int(k))
				}
				out = append(out, signalled{address: addr, signal: locationSignal(in.Attributes)})
			}
		}
	case 3:
		var st struct {
			Modules []struct {
				Path      []string
				Resources map[string]struct {
					Primary struct {
						Attributes map[string]string
					}
				}
			}
		}
		if err := json.Unmarshal(data, &st); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for _, m := range st.Modules {
			prefix := ""
			for _, p := range m.Path[1:] {
				prefix += "module." + p + "."
			}
			for key, r := range m.Resources {
				if strings.HasPrefix(key, "data.") {
					continue
				}
				parts := strings.Split(key, ".")
				addr := prefix + parts[0] + "." + parts[1]
				if len(parts) == 3 {
					addr += "[" + parts[2] + "]"
				}
				attrs := map[string]any{}
				for k, v := range r.Primary.Attributes {
					attrs[k] = v
				}
				out = append(out, signalled{address: addr, signal: locationSignal(attrs)})
			}
		}
	default:
		t.Fatalf("%s: state version %d", file, head.Version)
	}
	return out
}

// TestRealworldStatesImportWithLocations checks that every real state
// imports, has a node for every managed instance, and that every managed
// resource with a location signal has a resolved location.
func TestRealworldStatesImportWithLocations(t *testing.T) {
	root := realworld(t)
	for _, file := range realFiles(t, root, "tfstate", "legacy") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			nodes := map[string]graphDocNode{}
			for _, n := range graphNodes(t, file) {
				nodes[n.Address] = n
			}
			insts := stateInstances(t, file)
			if len(insts) == 0 {
				t.Fatal("the state holds no managed instance")
			}
			withSignal := 0
			for _, in := range insts {
				n, ok := nodes[in.address]
				if !ok {
					t.Errorf("%s: no node", in.address)
					continue
				}
				if n.Mode == "data" {
					t.Errorf("%s: managed resource imported as a data source", in.address)
				}
				if in.signal == "" {
					continue
				}
				withSignal++
				if n.Placement.Region == "" && n.Placement.Zone == "" && len(n.Placement.Zones) == 0 {
					t.Errorf("%s: has a location signal (%s) but no resolved location", in.address, in.signal)
				}
			}
			t.Logf("%d managed instances, %d with a location signal", len(insts), withSignal)
		})
	}
}

// TestRealworldScenarios checks the outcomes the project card names.
func TestRealworldScenarios(t *testing.T) {
	dir := filepath.Join(realworld(t), "tfstate")
	cases := []struct {
		file, down string
		want       map[string]string
	}{
		{"aws-multi-region-provider-alias.tfstate", "aws:us-east-1", map[string]string{
			"aws_instance.multi-region-1": "failed",
			"aws_instance.multi-region-2": "healthy",
		}},
		{"aws-dr-source-us-east-2.tfstate", "aws:us-east-2a", map[string]string{
			"module.vpc.aws_subnet.private[0]":      "failed",
			"module.vpc.aws_subnet.private[1]":      "healthy",
			"module.ec2_linux.aws_instance.this[0]": "healthy",
			"module.vpc.aws_nat_gateway.this[0]":    "failed",
			"module.vpc.aws_vpc.this[0]":            "healthy",
			"module.vpc.aws_subnet.public[1]":       "healthy",
			"module.vpc.aws_route_table.private[1]": "healthy",
		}},
		{"aws-dr-destination-us-east-1.tfstate", "aws:us-east-1b", map[string]string{
			"module.vpc.aws_nat_gateway.this[1]": "failed",
			"module.vpc.aws_nat_gateway.this[0]": "healthy",
			"module.vpc.aws_vpc.this[0]":         "healthy",
		}},
	}
	for _, c := range cases {
		t.Run(c.file+" "+c.down, func(t *testing.T) {
			states := impactStates(t, c.down, filepath.Join(dir, c.file))
			for addr, want := range c.want {
				got, ok := states[addr]
				if !ok {
					t.Errorf("%s: not in the report", addr)
				} else if got != want {
					t.Errorf("%s is %s, want %s", addr, got, want)
				}
			}
		})
	}
}

// TestRealworldIAMSurvivesZone checks that no IAM resource of the DR
// source stack is impacted when one of its zones goes down.
func TestRealworldIAMSurvivesZone(t *testing.T) {
	file := filepath.Join(realworld(t), "tfstate", "aws-dr-source-us-east-2.tfstate")
	iam := 0
	for addr, st := range impactStates(t, "aws:us-east-2a", file) {
		if !strings.Contains(addr, "aws_iam_") {
			continue
		}
		iam++
		if st != "healthy" {
			t.Errorf("%s is %s, want healthy", addr, st)
		}
	}
	if iam == 0 {
		t.Fatal("no IAM resource in the report")
	}
}

// TestRealworldDRStatesLoadTogether checks that the three states of the DR
// project merge into one graph without ID collisions.
func TestRealworldDRStatesLoadTogether(t *testing.T) {
	dir := filepath.Join(realworld(t), "tfstate")
	files := []string{
		filepath.Join(dir, "aws-dr-source-us-east-2.tfstate"),
		filepath.Join(dir, "aws-dr-destination-us-east-1.tfstate"),
		filepath.Join(dir, "aws-dr-vpc-peering-cross-region.tfstate"),
	}
	single := 0
	for _, f := range files {
		single += len(graphNodes(t, f))
	}
	merged := graphNodes(t, files...)
	if len(merged) != single {
		t.Errorf("merged graph has %d nodes, the three states %d", len(merged), single)
	}
	seen := map[string]bool{}
	vpcs := 0
	for _, n := range merged {
		if seen[n.ID] {
			t.Errorf("node ID %s appears twice", n.ID)
		}
		seen[n.ID] = true
		if n.Address == "module.vpc.aws_vpc.this[0]" {
			vpcs++
		}
	}
	if vpcs != 2 {
		t.Errorf("%d nodes for module.vpc.aws_vpc.this[0], want 2 (source and destination)", vpcs)
	}
	// a zone of one state must not touch the same address in another
	out, errOut, code := runBlast(append([]string{"whatif", "--down", "aws:us-east-1b", "--format", "json"}, files...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var doc struct {
		Nodes []struct {
			ID, Address, State string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, n := range doc.Nodes {
		if n.Address == "module.vpc.aws_nat_gateway.this[1]" {
			want := "healthy"
			if strings.Contains(n.ID, "destination") {
				want = "failed"
			}
			if n.State != want {
				t.Errorf("%s is %s, want %s", n.ID, n.State, want)
			}
		}
	}
}

// TestRealworldBrokenInputs checks that every broken input fails with exit
// code 1, one line on stderr naming the file, nothing on stdout, and no
// output file.
func TestRealworldBrokenInputs(t *testing.T) {
	root := realworld(t)
	for _, file := range realFiles(t, root, "broken") {
		t.Run(filepath.Base(file), func(t *testing.T) {
			outFile := filepath.Join(t.TempDir(), "report.json")
			out, errOut, code := runBlast("whatif", "--down", "aws:us-east-1", "--format", "json", "-o", outFile, file)
			if code != ExitError {
				t.Errorf("exit %d, want %d", code, ExitError)
			}
			if out != "" {
				t.Errorf("stdout: %q, want nothing", out)
			}
			lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
			if len(lines) != 1 || !strings.HasSuffix(errOut, "\n") {
				t.Errorf("stderr is %d lines, want one:\n%s", len(lines), errOut)
			}
			if !strings.Contains(errOut, file) {
				t.Errorf("stderr does not name %s: %s", file, errOut)
			}
			if _, err := os.Stat(outFile); err == nil {
				t.Error("an output file was written")
			}
		})
	}
}
