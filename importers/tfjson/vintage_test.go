package tfjson

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
)

// ownRealworld holds the real show -json outputs of this area (see its
// SOURCES.md).
const ownRealworld = "../../fixtures/realworld/tfjson"

func readOwn(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(ownRealworld, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func warnings(g *graph.Graph) []string {
	var out []string
	for _, w := range g.Warnings() {
		out = append(out, w.String())
	}
	return out
}

func TestTerraform012State(t *testing.T) {
	data := readOwn(t, "infracost-terraform-v0.12-show-json-state.json")
	g := importData(t, "v012.json", data)
	// every resource of the file is one node
	if !json.Valid(data) {
		t.Fatal("not JSON")
	}
	if want := strings.Count(string(data), `"provider_name"`); g.Len() != want {
		t.Errorf("%d nodes, want %d (one per resource)", g.Len(), want)
	}
	for _, id := range []string{
		`aws_instance.instance_counted[0]`,
		`aws_instance.instance_named["test.1"]`,
		`module.db.aws_default_vpc.default`,
		`module.instances.aws_default_vpc.default`,
		`module.instances.aws_instance.module_instance_counted[0]`,
		`module.db.module.db_1.module.db_instance.aws_db_instance.this[0]`,
		`module.db.data.aws_subnet_ids.default`,
	} {
		n := node(t, g, id)
		if n.Address != id {
			t.Errorf("%s: address %q", id, n.Address)
		}
	}
	if n := node(t, g, "aws_instance.instance_1"); n.Placement.Region != "us-east-1" {
		t.Errorf("aws_instance.instance_1 region %q", n.Placement.Region)
	}
}

func TestFullAddress(t *testing.T) {
	doc := `{"format_version":"0.1","terraform_version":"0.12.29","values":{"root_module":{
	  "resources":[{"address":"aws_s3_bucket.b","mode":"managed","type":"aws_s3_bucket","name":"b","index":"a\"b","values":{}}],
	  "child_modules":[{"address":"module.m[\"k\"]","resources":[
	    {"address":"module.m[\"k\"].aws_sqs_queue.q[2]","mode":"managed","type":"aws_sqs_queue","name":"q","index":2,"values":{}},
	    {"address":"aws_sqs_queue.q","mode":"managed","type":"aws_sqs_queue","name":"q","index":3,"values":{}},
	    {"address":"data.aws_region.r","mode":"data","type":"aws_region","name":"r","values":{}}]}]}}}`
	g := importData(t, "s.json", []byte(doc))
	got := g.IDs()
	sort.Strings(got)
	want := []string{`aws_s3_bucket.b["a\"b"]`, `module.m["k"].aws_sqs_queue.q[2]`, `module.m["k"].aws_sqs_queue.q[3]`, `module.m["k"].data.aws_region.r`}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("ids %q\nwant %q", got, want)
	}
}

func TestSetupTerraformWrapper(t *testing.T) {
	data := readOwn(t, "infracost-plan-setup-terraform-wrapper.txt")
	if !(Importer{}).Detect(importers.Trim(data)) {
		t.Fatal("wrapper output not detected")
	}
	g := importData(t, "plan.txt", data)
	for _, id := range []string{"aws_instance.web_app", "aws_lambda_function.hello_world"} {
		node(t, g, id)
	}
	w := warnings(g)
	if len(w) != 1 || !strings.Contains(w[0], "setup-terraform wrapper") || !strings.Contains(w[0], "terraform_wrapper: false") {
		t.Errorf("warnings %q", w)
	}
	// the same nodes as the JSON alone
	inner, err := unwrap(data)
	if err != nil {
		t.Fatal(err)
	}
	if plain := importData(t, "plan.json", inner); strings.Join(plain.IDs(), " ") != strings.Join(g.IDs(), " ") || len(warnings(plain)) != 0 {
		t.Errorf("unwrapped %v, plain %v %v", g.IDs(), plain.IDs(), warnings(plain))
	}
	// only the ::set-output copy intact (newer wrappers print no [command] body)
	lines := strings.Split(string(data), "\n")
	var setOutput []string
	for _, l := range lines {
		if strings.HasPrefix(l, "::") {
			setOutput = append(setOutput, l)
		}
	}
	g = importData(t, "setoutput.txt", []byte(strings.Join(setOutput, "\n")))
	node(t, g, "aws_instance.web_app")

	for name, broken := range map[string][]byte{
		"cut in the JSON":  data[:3000],
		"no JSON at all":   []byte("[command]/home/runner/work/_temp/x/terraform-bin show -json tfplan\n::debug::Terraform exited with code 1.\n::debug::stdout: \n"),
		"JSON cut, stdout": []byte("[command]/usr/bin/terraform show -json p\n{\"format_version\":\"1.2\",\"planned_values\":{\n::set-output name=stdout::{\"format_version\":\"1.2\",%0A\n"),
	} {
		err := (Importer{}).Import(importers.Input{Name: "p", Data: broken}, graph.New())
		if err == nil || !strings.Contains(err.Error(), "setup-terraform wrapper") || !strings.Contains(err.Error(), "terraform_wrapper: false") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: error %v", name, err)
		}
	}
}

// withKey adds a top-level key to a JSON object.
func withKey(doc []byte, kv string) []byte {
	i := bytes.IndexByte(doc, '{')
	return append(append(append([]byte(nil), doc[:i+1]...), kv+","...), doc[i+1:]...)
}

func TestErroredAndIncompletePlans(t *testing.T) {
	plan, err := unwrap(readOwn(t, "infracost-plan-setup-terraform-wrapper.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ kv, want string }{
		{`"errored":true`, `"errored"`},
		{`"complete":false`, `"complete": false`},
	} {
		data := withKey(plan, tc.kv)
		fsys := fstest.MapFS{"plan.json": {Data: data}}
		res, err := importers.Load([]string{"plan.json"}, importers.Options{Importers: []importers.Importer{Importer{}}, FS: fsys})
		if err != nil {
			t.Fatal(err)
		}
		w := warnings(res.Graph)
		if len(w) != 1 || !strings.HasPrefix(w[0], "plan.json: ") || !strings.Contains(w[0], tc.want) {
			t.Errorf("%s: warnings %q", tc.kv, w)
		}
		if _, ok := res.Graph.Node("aws_instance.web_app"); !ok {
			t.Errorf("%s: the plan's resources are not imported", tc.kv)
		}
	}
	for _, kv := range []string{`"errored":false`, `"complete":true`} {
		g := importData(t, "plan.json", withKey(plan, kv))
		if w := warnings(g); len(w) != 0 {
			t.Errorf("%s: warnings %q", kv, w)
		}
	}
}

func TestEmptyShowJSONState(t *testing.T) {
	for _, doc := range []string{
		`{"format_version":"1.0"}`,
		`{"format_version":"1.0","terraform_version":"1.9.8"}`,
		`{"terraform_version":"0.12.31","format_version":"0.1"}`,
	} {
		fsys := fstest.MapFS{"empty.json": {Data: []byte(doc + "\n")}}
		res, err := importers.Load([]string{"empty.json"}, importers.Options{Importers: []importers.Importer{Importer{}}, FS: fsys})
		if err != nil {
			t.Errorf("%s: %v", doc, err)
			continue
		}
		if res.Graph.Len() != 0 || len(res.Inputs) != 1 || res.Inputs[0].Format != "tfjson" || len(warnings(res.Graph)) != 0 {
			t.Errorf("%s: %d nodes, inputs %+v, warnings %q", doc, res.Graph.Len(), res.Inputs, warnings(res.Graph))
		}
	}
	for _, doc := range []string{`{"format_version":"1.0","lineage":"x"}`, `{"terraform_version":"1.0"}`} {
		if (Importer{}).Detect([]byte(doc)) {
			t.Errorf("%s detected", doc)
		}
	}
}

func TestPriorDataSourcesAreNotMissing(t *testing.T) {
	doc := `{"format_version":"1.2","terraform_version":"1.9.0",
	  "planned_values":{"root_module":{"resources":[
	    {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","provider_name":"registry.terraform.io/hashicorp/aws","values":{"ami":"ami-1","availability_zone":"eu-west-1a"}}]}},
	  "resource_changes":[{"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","change":{"actions":["no-op"],"before":{},"after":{}}}],
	  "prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[
	    {"address":"aws_instance.web","mode":"managed","type":"aws_instance","name":"web","values":{"ami":"ami-1"},"depends_on":["data.aws_ami.ubuntu","aws_security_group.gone"]},
	    {"address":"data.aws_ami.ubuntu","mode":"data","type":"aws_ami","name":"ubuntu","values":{"id":"ami-1"}}]}}}}`
	g := importData(t, "plan.json", []byte(doc))
	w := warnings(g)
	if len(w) != 1 || strings.Contains(w[0], "data.aws_ami") || !strings.Contains(w[0], "aws_security_group.gone") {
		t.Errorf("warnings %q: want only the managed resource named missing", w)
	}
}
