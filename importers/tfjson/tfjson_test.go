package tfjson

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"testing"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

func importData(t *testing.T, name string, data []byte) *graph.Graph {
	t.Helper()
	g := graph.New()
	if err := (Importer{}).Import(importers.Input{Path: name, Name: name, Data: data}, g); err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	return g
}

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func node(t *testing.T, g *graph.Graph, id string) *graph.Node {
	t.Helper()
	n, ok := g.Node(id)
	if !ok {
		t.Fatalf("no node %s; nodes: %v", id, g.IDs())
	}
	return n
}

func deps(g *graph.Graph, id string) []string {
	var out []string
	for _, e := range g.DependenciesOf(id) {
		out = append(out, e.To)
	}
	return out
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name string
		data string
		want bool
	}{
		{"plan", `{"format_version":"1.2","planned_values":{}}`, true},
		{"state form", `{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{}}}`, true},
		{"changes only", `{"format_version":"1.2","resource_changes":[]}`, true},
		{"prior only", `{"format_version":"1.2","prior_state":{}}`, true},
		{"raw state", `{"version":4,"terraform_version":"1.9.8","resources":[]}`, false},
		{"provider schemas", `{"format_version":"1.0","provider_schemas":{}}`, false},
		{"yaml", "kind: Deployment\n", false},
		{"zip without plan", zipWith(t, "other"), false},
		{"binary plan", zipWith(t, "tfplan"), true},
		// keys sorted (jq -S), "format_version" past the first 4 KiB
		{"sorted plan", `{"configuration":{"x":"` + strings.Repeat("a", 5000) + `"},"format_version":"1.2","planned_values":{}}`, true},
		// a sorted raw state is refused at "lineage", before the values
		// after it are skipped: the broken tail is never reached
		{"sorted raw state", `{"check_results":"` + strings.Repeat("a", 5000) + `","lineage":"l","format_version":"1.2","values":{`, false},
	} {
		if got := (Importer{}).Detect([]byte(tc.data)); got != tc.want {
			t.Errorf("%s: Detect = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func zipWith(t *testing.T, name string) string {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write([]byte("plan bytes"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// The after side of a plan: planned values with actions, regions from
// provider configuration (a variable, an alias, a module's inherited
// default), edges from configuration references through module outputs
// and variables, zones inherited from those edges, a replaced database
// whose zone is unknown until apply, deleted and deposed objects left out.
func TestPlanAfterSide(t *testing.T) {
	g := importData(t, "modules-plan.json", readTestdata(t, "modules-plan.json"))
	want := []string{"aws_instance.app[0]", "aws_instance.app[1]", "aws_s3_bucket.logs_west",
		"module.db.aws_db_instance.this", "module.net.aws_subnet.private[0]", "module.net.aws_subnet.private[1]"}
	if got := g.IDs(); !reflect.DeepEqual(got, want) {
		t.Fatalf("nodes %v, want %v", got, want)
	}
	for id, tc := range map[string]struct{ action, region, zone, rule string }{
		"aws_instance.app[0]":              {"update", "eu-central-1", "eu-central-1a", "inherited:module.net.aws_subnet.private[0] via subnet_id (count.index), attribute:availability_zone"},
		"aws_instance.app[1]":              {"create", "eu-central-1", "eu-central-1b", "inherited:module.net.aws_subnet.private[1] via subnet_id (count.index), attribute:availability_zone"},
		"aws_s3_bucket.logs_west":          {"create", "us-west-2", "", "provider-config"},
		"module.db.aws_db_instance.this":   {"replace", "eu-central-1", "", "provider-config"},
		"module.net.aws_subnet.private[0]": {"", "eu-central-1", "eu-central-1a", "attribute:availability_zone"},
	} {
		n := node(t, g, id)
		if n.Labels[LabelAction] != tc.action {
			t.Errorf("%s: action %q, want %q", id, n.Labels[LabelAction], tc.action)
		}
		p := n.Placement
		if p.Region != tc.region || p.Zone != tc.zone || !strings.HasPrefix(p.Rule, tc.rule) {
			t.Errorf("%s: placement %s %s (%s), want %s %s (%s…)", id, p.Region, p.Zone, p.Rule, tc.region, tc.zone, tc.rule)
		}
	}
	if got := deps(g, "aws_instance.app[1]"); !reflect.DeepEqual(got, []string{"module.net.aws_subnet.private[1]"}) {
		t.Errorf("app[1] depends on %v: want its own subnet (a module output, the same index)", got)
	}
	if got := deps(g, "aws_s3_bucket.logs_west"); !reflect.DeepEqual(got, []string{"module.db.aws_db_instance.this"}) {
		t.Errorf("bucket depends on %v: want the database (a module output)", got)
	}
	if got := deps(g, "module.db.aws_db_instance.this"); !reflect.DeepEqual(got, []string{"module.net.aws_subnet.private[0]", "module.net.aws_subnet.private[1]"}) {
		t.Errorf("database depends on %v: want both subnets, through the module variable", got)
	}
	db := node(t, g, "module.db.aws_db_instance.this")
	if db.Labels[LabelUnknown] != "zone" || !strings.Contains(db.Placement.Unknown, "until apply (availability_zone)") {
		t.Errorf("database: unknown label %q, placement.unknown %q", db.Labels[LabelUnknown], db.Placement.Unknown)
	}
	for _, n := range g.Nodes() {
		for _, v := range append(append([]string{}, n.Identities...), mapValues(n.Attrs)...) {
			if strings.Contains(v, "s3cret") {
				t.Errorf("%s keeps a sensitive value", n.ID)
			}
		}
	}
	if ws := g.Warnings(); len(ws) > 0 {
		t.Errorf("warnings: %v", ws)
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// Before turns a plan into its before side: the prior state, with the
// configuration's provider regions.
func TestPlanBeforeSide(t *testing.T) {
	data := readTestdata(t, "modules-plan.json")
	if !IsPlan(data) {
		t.Fatal("IsPlan = false for a plan")
	}
	before, err := Before(importers.Input{Name: "modules-plan.json", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	if !(Importer{}).Detect(importers.Trim(before)) {
		t.Fatal("the before document is not detected as tfjson")
	}
	g := importData(t, "before", before)
	want := []string{"aws_instance.app[0]", "aws_instance.old", "module.net.aws_subnet.private[0]", "module.net.aws_subnet.private[1]"}
	if got := g.IDs(); !reflect.DeepEqual(got, want) {
		t.Fatalf("nodes %v, want %v", got, want)
	}
	if got := deps(g, "aws_instance.app[0]"); !reflect.DeepEqual(got, []string{"module.net.aws_subnet.private[0]"}) {
		t.Errorf("app[0] depends on %v, want the subnet its subnet_id names", got)
	}
	for _, n := range g.Nodes() {
		if n.Labels[LabelAction] != "" {
			t.Errorf("%s: the before side carries action %q", n.ID, n.Labels[LabelAction])
		}
	}
	state := []byte(`{"format_version":"1.0","values":{"root_module":{}}}`)
	if IsPlan(state) {
		t.Error("IsPlan = true for a state")
	}
	if _, err := Before(importers.Input{Data: state}); err == nil {
		t.Error("Before of a state: no error")
	}
	// a plan of new infrastructure has an empty before side
	fresh := []byte(`{"format_version":"1.2","planned_values":{"root_module":{}},"resource_changes":[]}`)
	before, err = Before(importers.Input{Data: fresh})
	if err != nil {
		t.Fatal(err)
	}
	if g := importData(t, "fresh", before); g.Len() != 0 {
		t.Errorf("fresh plan before side: %d nodes", g.Len())
	}
}

func TestProviderRegions(t *testing.T) {
	got, err := ProviderRegions(readTestdata(t, "modules-plan.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"aws": "eu-central-1", "aws.west": "us-west-2", "module.db:aws": "eu-central-1"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ProviderRegions = %v, want %v", got, want)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"syntax", `{"format_version":"1.2","planned_values":{`, "truncated"},
		{"bad version", `{"format_version":"9.0","planned_values":{}}`, "unsupported plan format version"},
		{"no version", `{"values":{}}`, "format_version"},
		{"bad mode", `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"x.y","mode":"weird","type":"x","name":"y"}]}}}`, `unknown mode "weird"`},
		{"no type", `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"x.y","mode":"managed","name":"y"}]}}}`, "missing type or name"},
		{"bad index", `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"x.y","mode":"managed","type":"x","name":"y","index":[1]}]}}}`, "neither a number nor a string"},
		{"duplicate", `{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"x.y","mode":"managed","type":"x","name":"y"},{"address":"x.y","mode":"managed","type":"x","name":"y"}]}}}`, "duplicate"},
		{"type error", `{"format_version":"1.2","resource_changes":{}}`, "line 1"},
	} {
		g := graph.New()
		err := (Importer{}).Import(importers.Input{Name: "x", Data: []byte(tc.data)}, g)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want %q", tc.name, err, tc.want)
		}
	}
}

// A binary plan is converted by the terraform on PATH; without one the
// error says how to produce the JSON.
func TestBinaryPlan(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake terraform is a shell script")
	}
	plan := []byte(zipWith(t, "tfplan"))
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	g := graph.New()
	err := (Importer{}).Import(importers.Input{Path: "plan.tfplan", Name: "plan.tfplan", Data: plan}, g)
	if err == nil || !strings.Contains(err.Error(), "terraform show -json PLANFILE > plan.json") {
		t.Fatalf("without terraform: err %v", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line: %q", err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+"/usr/bin"+string(os.PathListSeparator)+"/bin")
	script := "#!/bin/sh\n[ \"$1 $2\" = \"show -json\" ] || exit 3\n[ -f \"$4\" ] || exit 4\ncat " + filepath.Join(dir, "out.json") + "\n"
	if err := os.WriteFile(filepath.Join(dir, "terraform"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "out.json"), readTestdata(t, "modules-plan.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	// from stdin: through a temporary file
	g = importData(t, "-", plan)
	if g.Len() != 6 {
		t.Errorf("binary plan: %d nodes, want 6", g.Len())
	}
	before, err := Before(importers.Input{Path: "-", Name: "stdin", Data: plan})
	if err != nil {
		t.Fatal(err)
	}
	if g := importData(t, "before", before); g.Len() != 4 {
		t.Errorf("binary plan before side: %d nodes, want 4", g.Len())
	}
	if err := os.WriteFile(filepath.Join(dir, "terraform"), []byte("#!/bin/sh\necho 'Error: Failed to load plugin schemas' >&2\nexit 1\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	err = (Importer{}).Import(importers.Input{Path: "plan.tfplan", Name: "plan.tfplan", Data: plan}, graph.New())
	if err == nil || !strings.Contains(err.Error(), "Failed to load plugin schemas") {
		t.Errorf("failing terraform: err %v", err)
	}
}

// realworld returns the shared real-world plans folder, or skips.
func realworld(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
	plans := filepath.Join(dir, "..", "shared", "realworld", "plan")
	if _, err := os.Stat(plans); err != nil {
		t.Skip("../shared/realworld is absent")
	}
	return plans
}

func TestRealworldPlans(t *testing.T) {
	dir := realworld(t)
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	t.Run("multi-region aliases and modules", func(t *testing.T) {
		data := read("aws-plan-multi-region-aliases-modules.json")
		g := importData(t, "multi.json", data)
		if g.Len() != 23 {
			t.Errorf("%d nodes, want the 23 planned resources", g.Len())
		}
		regions, err := ProviderRegions(data)
		if err != nil {
			t.Fatal(err)
		}
		if regions["aws"] != "eu-west-1" || regions["aws.useast1"] != "us-east-1" || regions["module.apigw_test_1:aws"] != "eu-west-1" {
			t.Errorf("provider regions %v: want aws eu-west-1, aws.useast1 us-east-1, and the module's default inheriting eu-west-1", regions)
		}
		if _, ok := regions["module.apigw_test_1:aws.edgeprovider"]; ok {
			t.Errorf("the passed-in edgeprovider got a region: %v (the JSON does not say which configuration it is)", regions)
		}
		n := node(t, g, "module.apigw_test_1.module.acm_cert_regional[0].aws_acm_certificate.cert")
		if n.Placement.Region != "eu-west-1" || n.Placement.Rule != "provider-config" || n.Labels[LabelAction] != "create" {
			t.Errorf("nested module resource: %+v %v", n.Placement, n.Labels)
		}
		if got := deps(g, "module.apigw_test_1.aws_api_gateway_account.main"); !reflect.DeepEqual(got, []string{"module.apigw_test_1.module.api_gw_log_role.aws_iam_role.default"}) {
			t.Errorf("api gateway account depends on %v: want the role, through the module output", got)
		}
		before, err := Before(importers.Input{Data: data})
		if err != nil {
			t.Fatal(err)
		}
		bg := importData(t, "multi-before", before)
		for _, n := range bg.Nodes() {
			if n.Mode != graph.ModeData {
				t.Errorf("before side holds managed %s; the prior state has data sources only", n.ID)
			}
		}
	})
	t.Run("three zones", func(t *testing.T) {
		g := importData(t, "vpc.json", read("aws-plan-vpc-3az-eu-west-1.json"))
		if g.Len() != 29 {
			t.Errorf("%d nodes, want 29", g.Len())
		}
		zones := map[string]bool{}
		for _, n := range g.Nodes() {
			if n.Placement.Region != "eu-west-1" {
				t.Errorf("%s in %q, want eu-west-1", n.ID, n.Placement.Region)
			}
			for _, z := range n.Placement.AllZones() {
				zones[z] = true
			}
		}
		var got []string
		for z := range zones {
			got = append(got, z)
		}
		sort.Strings(got)
		if !reflect.DeepEqual(got, []string{"eu-west-1a", "eu-west-1b", "eu-west-1c"}) {
			t.Errorf("zones %v", got)
		}
		for i, z := range []string{"a", "b", "c"} {
			id := "module.vpc.aws_nat_gateway.this[" + string(rune('0'+i)) + "]"
			if n := node(t, g, id); n.Placement.Zone != "eu-west-1"+z {
				t.Errorf("%s in zone %q, want eu-west-1%s (its subnet's, through the configuration reference)", id, n.Placement.Zone, z)
			}
		}
	})
	t.Run("show -json state", func(t *testing.T) {
		g := importData(t, "state.json", read("aws-show-json-state-tf0.14.json"))
		if g.Len() != 18 {
			t.Errorf("%d nodes, want 18", g.Len())
		}
		n := node(t, g, "module.db.module.db_1.module.db_instance.aws_db_instance.this[0]")
		if n.Placement.Zone != "us-east-1f" {
			t.Errorf("database in %q, want us-east-1f", n.Placement.Zone)
		}
		for _, n := range g.Nodes() {
			for _, v := range append(append([]string{}, n.Identities...), mapValues(n.Attrs)...) {
				if v == "REDACTED" {
					t.Errorf("%s keeps a redacted value", n.ID)
				}
			}
		}
	})
}
