package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/checks"
	"github.com/blast-dev/blast/config"
	"github.com/blast-dev/blast/graph"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
	"github.com/blast-dev/blast/importers/tfjson"
)

// blastRun runs the CLI in-process from the module root.
func blastRun(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestCheckLabelsAgree(t *testing.T) {
	if tfjson.LabelUnknown != checks.LabelUnknownUntilApply {
		t.Errorf("tfjson.LabelUnknown %q != checks.LabelUnknownUntilApply %q", tfjson.LabelUnknown, checks.LabelUnknownUntilApply)
	}
	if tfjson.LabelAction != checks.LabelPlanAction {
		t.Errorf("tfjson.LabelAction %q != checks.LabelPlanAction %q", tfjson.LabelAction, checks.LabelPlanAction)
	}
}

// The zonal fixture: checkout's three instances in three zones become one
// (exit 2, the service, the zone and the removed instances named), the
// reverse exits 0 and reports the improvement, a tags-only plan changes
// nothing.
func TestCheckZonalChange(t *testing.T) {
	t.Chdir(moduleRoot(t))
	cfg := "fixtures/pr-zonal/blast.toml"
	code, out, stderr := blastRun(t, "", "check", "--config", cfg, "--today", "2026-01-15", "--format", "markdown", "fixtures/pr-zonal/scale-in.json")
	if code != ExitThreshold {
		t.Fatalf("scale-in: exit %d, want 2; stderr: %s", code, stderr)
	}
	if !strings.HasPrefix(out, "<!-- blast:check -->\n❌ **policy violated** · blast: this change makes checkout fail when aws:us-east-1a goes down\n") {
		t.Errorf("scale-in markdown does not start with the marker and a failing verdict:\n%.200s", out)
	}
	for _, want := range []string{"service:checkout", "aws:us-east-1a", "aws_instance.web[1]` | removed", "critical-survives-a-zone", "```mermaid"} {
		if !strings.Contains(out, want) {
			t.Errorf("scale-in markdown lacks %q", want)
		}
	}
	if !strings.Contains(stderr, "check failed (--fail-on violations)") {
		t.Errorf("scale-in stderr: %q", stderr)
	}

	code, out, stderr = blastRun(t, "", "check", "--config", cfg, "--today", "2026-01-15", "fixtures/pr-zonal/scale-out.json")
	if code != ExitOK {
		t.Fatalf("scale-out: exit %d, want 0; stderr: %s", code, stderr)
	}
	if !strings.Contains(out, "blast radius shrank: service:checkout now fails in 1 scenario (was 2)") || !strings.Contains(out, "fixed") {
		t.Errorf("scale-out does not report the improvement:\n%s", out)
	}

	for _, failOn := range []string{"violations", "new-impact"} {
		code, out, stderr = blastRun(t, "", "check", "--config", cfg, "--fail-on", failOn, "--format", "markdown", "fixtures/pr-zonal/tags-only.json")
		if code != ExitOK {
			t.Fatalf("tags-only --fail-on %s: exit %d, want 0; stderr: %s", failOn, code, stderr)
		}
		if !strings.Contains(out, "no change in blast radius") {
			t.Errorf("tags-only --fail-on %s:\n%s", failOn, out)
		}
	}
}

// replicaInferred reports whether the analyzer reads a DynamoDB table's
// replica blocks as a multi-region placement (the failure-semantics
// work); the replica fixture means nothing without it.
func replicaInferred(t *testing.T) bool {
	t.Helper()
	data, err := os.ReadFile("fixtures/pr-drop-replica/drop-replica.json")
	if err != nil {
		t.Fatal(err)
	}
	before, err := tfjson.Before(importers.Input{Name: "drop-replica.json", Data: data})
	if err != nil {
		t.Fatal(err)
	}
	res, err := importers.Load([]string{"-"}, formats.Defaults(importers.Options{Stdin: bytes.NewReader(before)}))
	if err != nil {
		t.Fatal(err)
	}
	a := analyzer.New(res.Graph, nil)
	return a.ScopeOf("aws_dynamodb_table.orders") == graph.ScopeMultiRegion
}

// The replica fixture: dropping the us-west-2 replica of the orders table
// behind the critical checkout service fails the check and names the
// service, the scenario and the change; adding it back passes and says
// what improved.
func TestCheckDropReplica(t *testing.T) {
	t.Chdir(moduleRoot(t))
	if !replicaInferred(t) {
		t.Skip("the analyzer does not read DynamoDB replica blocks as a multi-region placement yet")
	}
	cfg := "fixtures/pr-drop-replica/blast.toml"
	code, out, stderr := blastRun(t, "", "check", "--config", cfg, "--today", "2026-01-15", "--format", "markdown", "fixtures/pr-drop-replica/drop-replica.json")
	if code != ExitThreshold {
		t.Fatalf("drop-replica: exit %d, want 2; stderr: %s\n%s", code, stderr, out)
	}
	for _, want := range []string{"service:checkout", "aws:us-east-1", "aws_dynamodb_table.orders", "critical-survives-a-region"} {
		if !strings.Contains(out, want) {
			t.Errorf("drop-replica markdown lacks %q:\n%s", want, out)
		}
	}
	code, out, stderr = blastRun(t, "", "check", "--config", cfg, "--today", "2026-01-15", "fixtures/pr-drop-replica/add-replica.json")
	if code != ExitOK {
		t.Fatalf("add-replica: exit %d, want 0; stderr: %s\n%s", code, stderr, out)
	}
	if !strings.Contains(out, "blast radius shrank") {
		t.Errorf("add-replica does not report the improvement:\n%s", out)
	}
}

// SARIF output validates against the SARIF 2.1.0 schema (OASIS errata01,
// vendored in testdata), with physical locations when the configuration
// directory is given and logical ones otherwise, and with suppressions.
func TestCheckSARIFSchema(t *testing.T) {
	t.Chdir(moduleRoot(t))
	schema, err := os.ReadFile("cmd/testdata/sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	loader := gojsonschema.NewBytesLoader(schema)
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"physical", []string{"--config", "fixtures/pr-zonal/blast.toml", "--config-dir", "fixtures/pr-zonal", "fixtures/pr-zonal/scale-in.json"},
			[]string{`"uri": "main.tf"`, `"startLine": 28`, `"uriBaseId": "%SRCROOT%"`}},
		{"logical", []string{"--config", "fixtures/pr-zonal/blast.toml", "fixtures/pr-zonal/scale-in.json"},
			[]string{`"fullyQualifiedName": "aws_instance.web[1]"`, `"uri": "fixtures/pr-zonal/scale-in.json"`}},
		{"suppressed", []string{"--config", "fixtures/pr-zonal/suppressed.toml", "fixtures/pr-zonal/scale-in.json"},
			[]string{`"justification": "checkout runs on one instance`, `"status": "accepted"`}},
		{"no-findings", []string{"--config", "fixtures/pr-zonal/blast.toml", "fixtures/pr-zonal/tags-only.json"}, []string{`"results": []`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"check", "--format", "sarif", "--today", "2026-01-15", "--fail-on", "none"}, tc.args...)
			code, out, stderr := blastRun(t, "", args...)
			if code != ExitOK {
				t.Fatalf("exit %d; stderr: %s", code, stderr)
			}
			res, err := gojsonschema.Validate(loader, gojsonschema.NewStringLoader(out))
			if err != nil {
				t.Fatal(err)
			}
			if !res.Valid() {
				for _, e := range res.Errors() {
					t.Errorf("schema: %s", e)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("sarif lacks %s", w)
				}
			}
			// the schema does reject what is wrong
			if strings.Contains(out, `"level": "error"`) {
				bad := strings.Replace(out, `"level": "error"`, `"level": "fatal"`, 1)
				res, err := gojsonschema.Validate(loader, gojsonschema.NewStringLoader(bad))
				if err != nil || res.Valid() {
					t.Errorf("a result of level fatal passed the schema (err %v)", err)
				}
			}
		})
	}
}

// A baseline (a previous JSON report) leaves its findings out: the same
// change checked again crosses no threshold.
func TestCheckBaseline(t *testing.T) {
	t.Chdir(moduleRoot(t))
	base := filepath.Join(t.TempDir(), "baseline.json")
	args := []string{"check", "--config", "fixtures/pr-zonal/blast.toml", "--today", "2026-01-15", "--fail-on", "new-impact"}
	code, _, stderr := blastRun(t, "", append(args, "--format", "json", "-o", base, "fixtures/pr-zonal/scale-in.json")...)
	if code != ExitThreshold {
		t.Fatalf("first run: exit %d, want 2; stderr: %s", code, stderr)
	}
	code, out, stderr := blastRun(t, "", append(args, "--baseline", base, "fixtures/pr-zonal/scale-in.json")...)
	if code != ExitOK {
		t.Fatalf("with baseline: exit %d, want 0; stderr: %s\n%s", code, stderr, out)
	}
	if !strings.Contains(out, "Findings (0 open of 4)") || !strings.Contains(out, "baseline") {
		t.Errorf("with baseline:\n%s", out)
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte(`{"nodes": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = blastRun(t, "", append(args, "--baseline", bad, "fixtures/pr-zonal/scale-in.json")...)
	if code != ExitError || !strings.Contains(stderr, "not a blast check JSON report") {
		t.Errorf("bad baseline: exit %d, stderr %q", code, stderr)
	}
}

// blast diff on two single files gives unprefixed node IDs on both sides,
// so that nodes match by address.
func TestDiffUnprefixed(t *testing.T) {
	t.Chdir(moduleRoot(t))
	code, out, stderr := blastRun(t, "", "diff", "--config", "fixtures/pr-zonal/blast.toml", "--today", "2026-01-15", "--format", "json",
		"fixtures/pr-zonal/tags-only.json", "fixtures/pr-zonal/scale-in.json")
	if code != ExitThreshold {
		t.Fatalf("exit %d, want 2; stderr: %s", code, stderr)
	}
	var doc struct {
		Resources []struct {
			Node   string `json:"node"`
			Change string `json:"change"`
		} `json:"resources"`
		Inputs []struct {
			Prefix string `json:"prefix"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	removed := map[string]bool{}
	for _, r := range doc.Resources {
		if r.Change == "removed" {
			removed[r.Node] = true
		}
	}
	if len(removed) != 2 || !removed["aws_instance.web[1]"] || !removed["aws_instance.web[2]"] {
		t.Errorf("removed: %v, want aws_instance.web[1] and [2] only", removed)
	}
	for _, in := range doc.Inputs {
		if in.Prefix != "" {
			t.Errorf("input prefixed %q", in.Prefix)
		}
	}
}

// A new resource whose zone is unknown until apply is assumed to be in
// whichever zone fails: the service on it fails in every zone.
func TestCheckUnknownUntilApply(t *testing.T) {
	dir := t.TempDir()
	plan := `{"format_version":"1.2","terraform_version":"1.9.8",
 "planned_values":{"root_module":{"resources":[
  {"address":"aws_db_instance.main","mode":"managed","type":"aws_db_instance","name":"main","provider_name":"registry.terraform.io/hashicorp/aws","values":{"engine":"postgres","multi_az":false,"password":"hunter2"},"sensitive_values":{"password":true}},
  {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","provider_name":"registry.terraform.io/hashicorp/aws","values":{"availability_zone":"eu-west-1a","id":"subnet-a"}},
  {"address":"aws_subnet.b","mode":"managed","type":"aws_subnet","name":"b","provider_name":"registry.terraform.io/hashicorp/aws","values":{"availability_zone":"eu-west-1b","id":"subnet-b"}}]}},
 "resource_changes":[
  {"address":"aws_db_instance.main","mode":"managed","type":"aws_db_instance","name":"main","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["create"],"before":null,"after":{"engine":"postgres","multi_az":false,"password":"hunter2"},"after_unknown":{"arn":true,"availability_zone":true,"id":true},"after_sensitive":{"password":true}}},
  {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["no-op"],"before":{"availability_zone":"eu-west-1a","id":"subnet-a"},"after":{"availability_zone":"eu-west-1a","id":"subnet-a"},"after_unknown":{}}},
  {"address":"aws_subnet.b","mode":"managed","type":"aws_subnet","name":"b","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["no-op"],"before":{"availability_zone":"eu-west-1b","id":"subnet-b"},"after":{"availability_zone":"eu-west-1b","id":"subnet-b"},"after_unknown":{}}}],
 "prior_state":{"format_version":"1.0","values":{"root_module":{"resources":[
  {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","provider_name":"registry.terraform.io/hashicorp/aws","values":{"availability_zone":"eu-west-1a","id":"subnet-a"}},
  {"address":"aws_subnet.b","mode":"managed","type":"aws_subnet","name":"b","provider_name":"registry.terraform.io/hashicorp/aws","values":{"availability_zone":"eu-west-1b","id":"subnet-b"}}]}}},
 "configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"eu-west-1"}}}},
  "root_module":{"resources":[
   {"address":"aws_db_instance.main","mode":"managed","type":"aws_db_instance","name":"main","provider_config_key":"aws","expressions":{"engine":{"constant_value":"postgres"}}},
   {"address":"aws_subnet.a","mode":"managed","type":"aws_subnet","name":"a","provider_config_key":"aws"},
   {"address":"aws_subnet.b","mode":"managed","type":"aws_subnet","name":"b","provider_config_key":"aws"}]}}}`
	services := "[[service]]\nname = \"catalog\"\ndepends_on = [\"aws_db_instance.main\"]\n"
	cfgPath := filepath.Join(dir, "blast.toml")
	for name, body := range map[string]string{"plan.json": plan, "blast.toml": services} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, stderr := blastRun(t, "", "check", "--config", cfgPath, "--format", "json", filepath.Join(dir, "plan.json"))
	if code != ExitOK {
		t.Fatalf("exit %d; stderr: %s", code, stderr)
	}
	if strings.Contains(out, "hunter2") {
		t.Fatal("the report holds a sensitive value")
	}
	var doc struct {
		Scenarios []struct {
			Name    string   `json:"name"`
			Assumed []string `json:"assumedDown"`
			After   struct {
				ServicesFailed int `json:"servicesFailed"`
			} `json:"after"`
		} `json:"scenarios"`
		Unknown []struct {
			Node string `json:"node"`
			What string `json:"what"`
		} `json:"unknownUntilApply"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Unknown) != 1 || doc.Unknown[0].Node != "aws_db_instance.main" || doc.Unknown[0].What != "zone" {
		t.Errorf("unknown until apply: %+v", doc.Unknown)
	}
	zones := 0
	for _, s := range doc.Scenarios {
		if strings.HasPrefix(s.Name, "aws:eu-west-1") && s.Name != "aws:eu-west-1" {
			zones++
			if len(s.Assumed) != 1 || s.After.ServicesFailed != 1 {
				t.Errorf("%s: assumed %v, services failed %d; want the database assumed down and catalog failed", s.Name, s.Assumed, s.After.ServicesFailed)
			}
		}
	}
	if zones != 2 {
		t.Errorf("%d zone scenarios, want 2", zones)
	}
}

// Policies and suppressions decode from blast.toml, dates in both forms;
// bad ones are one-line errors that name the problem.
func TestCheckConfigErrors(t *testing.T) {
	t.Chdir(moduleRoot(t))
	for _, tc := range []struct {
		name, toml, want string
	}{
		{"unknown key", "[[policy]]\nname = \"p\"\ntiers = [\"critical\"]\nsurvive = [\"any-zone\"]\nsurvives = 1\n", `unknown key "policy.survives"`},
		{"no selection", "[[policy]]\nname = \"p\"\nsurvive = [\"any-zone\"]\n", "say what must survive"},
		{"unknown scenario", "[[policy]]\nname = \"p\"\ntiers = [\"critical\"]\nsurvive = [\"tuesday\"]\n", `unknown scenario "tuesday"`},
		{"bad worst", "[[policy]]\nname = \"p\"\ntiers = [\"critical\"]\nsurvive = [\"any-zone\"]\nworst = \"failed\"\n", `worst "failed"`},
		{"no reason", "[[suppression]]\nnode = \"x\"\nexpires = 2026-01-01\n", "no reason"},
		{"no expiry", "[[suppression]]\nnode = \"x\"\nreason = \"because\"\n", "no expires date"},
		{"bad date", "[[suppression]]\nnode = \"x\"\nreason = \"because\"\nexpires = \"soon\"\n", "is not YYYY-MM-DD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "blast.toml")
			if err := os.WriteFile(path, []byte(tc.toml), 0o644); err != nil {
				t.Fatal(err)
			}
			code, _, stderr := blastRun(t, "", "check", "--config", path, "fixtures/pr-zonal/tags-only.json")
			if code != ExitError || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("exit %d, stderr %q; want 1 and %q on one line", code, stderr, tc.want)
			}
		})
	}
	// a TOML date and a string date decode alike
	for _, exp := range []string{"2026-03-31", `"2026-03-31"`} {
		f, err := config.Parse("blast.toml", []byte("[[suppression]]\nnode = \"x\"\nreason = \"r\"\nexpires = "+exp+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		var ss []checks.Suppression
		if err := f.Decode("suppression", &ss); err != nil {
			t.Fatal(err)
		}
		if len(ss) != 1 || ss[0].Expires != "2026-03-31" {
			t.Errorf("expires = %s decoded as %+v", exp, ss)
		}
	}
}

// Named scenarios join the suite: those blast.toml declares always, the
// built-in historical ones when a policy names them.
func TestCheckNamedScenarios(t *testing.T) {
	t.Chdir(moduleRoot(t))
	base, err := os.ReadFile("fixtures/pr-drop-replica/blast.toml")
	if err != nil {
		t.Fatal(err)
	}
	extra := `
[[scenario]]
name = "dynamodb-east-out"
title = "DynamoDB in us-east-1 down"
down = ["aws:us-east-1/dynamodb"]

[[policy]]
name = "critical-survives-named"
tiers = ["critical"]
survive = ["dynamodb-east-out", "aws-2025-10-20"]
`
	path := filepath.Join(t.TempDir(), "blast.toml")
	if err := os.WriteFile(path, append(base, extra...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := blastRun(t, "", "check", "--config", path, "--today", "2026-01-15", "--format", "json", "--fail-on", "none",
		"fixtures/pr-drop-replica/drop-replica.json")
	if code != ExitOK {
		t.Fatalf("exit %d; stderr: %s", code, stderr)
	}
	var doc struct {
		Scenarios []struct {
			Name string `json:"name"`
			Kind string `json:"kind"`
		} `json:"scenarios"`
		Findings []struct {
			ID string `json:"id"`
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	var named []string
	for _, s := range doc.Scenarios {
		if s.Kind == checks.SuiteNamed {
			named = append(named, s.Name)
		}
	}
	if strings.Join(named, ",") != "aws-2025-10-20,dynamodb-east-out" {
		t.Errorf("named scenarios in the suite: %v, want the declared one and the built-in one a policy names", named)
	}
	found := false
	for _, f := range doc.Findings {
		if f.ID == "policy/critical-survives-named/service:checkout/dynamodb-east-out" {
			found = true
		}
	}
	if !found {
		t.Errorf("no violation of the named scenario; findings %+v", doc.Findings)
	}
}
