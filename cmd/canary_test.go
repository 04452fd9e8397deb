package cmd

// Secret canaries: the inputs in testdata/canary hold distinct marker
// strings (CANARY-...) in every place a secret lives in real files —
// sensitive attributes, outputs, user data, policies, Lambda and container
// environments, tag and label values, Kubernetes Secret and ConfigMap
// data, annotations, compose environments, plan before/after values,
// variables and provider configuration. Identities, names and locations
// may be printed, so no canary sits in an id, ARN, name, region or zone,
// nor in the host of a URL (a host names a Service). Every command runs
// in every format it supports; no canary may appear in stdout, stderr or
// a written file, whole, truncated, lower-cased or base64-encoded.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/blast-dev/blast/explore"
	"github.com/blast-dev/blast/render"
)

// canaryFiles are the fixture inputs; canaryState and canaryPlan are the
// two Terraform sides loaded with the others.
var (
	canaryOthers = []string{"k8s.yaml", "compose.yaml", "catalog-info.yaml", "services.toml"}
	canaryState  = "state.tfstate"
	canaryPlan   = "plan.json"
)

var (
	canaryRe  = regexp.MustCompile(`CANARY[A-Z0-9-]*`)
	base64Re  = regexp.MustCompile(`[A-Za-z0-9+/]{16,}={0,2}`)
	canaryAny = regexp.MustCompile(`(?i)canary`)
)

// canaryInputs copies the fixture to a directory whose path says nothing
// of canaries (paths are printed) and returns it with the canaries found
// in the inputs: the literal markers and the base64 texts that encode one.
func canaryInputs(t *testing.T) (string, []string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "blast-secrets-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	set := map[string]bool{}
	for _, name := range append([]string{canaryState, canaryPlan}, canaryOthers...) {
		data, err := os.ReadFile(filepath.Join("testdata", "canary", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, c := range canaryRe.FindAll(data, -1) {
			set[string(c)] = true
		}
		for _, b := range base64Re.FindAll(data, -1) {
			if dec, err := base64.StdEncoding.DecodeString(string(b)); err == nil && bytes.Contains(dec, []byte("CANARY")) {
				set[string(b)] = true
			}
		}
	}
	var out []string
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	if len(out) < 60 {
		t.Fatalf("only %d canaries in the fixture; it lost some", len(out))
	}
	return dir, out
}

// leaks returns what of the canaries the text holds: a canary whole, or
// lower-cased, or any word "canary" at all (a truncated or re-cased
// one); the base64 texts are looked for as they are.
func leaks(text []byte, canaries []string) []string {
	var out []string
	lower := bytes.ToLower(text)
	for _, c := range canaries {
		if bytes.Contains(text, []byte(c)) || bytes.Contains(lower, []byte(strings.ToLower(c))) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		if loc := canaryAny.FindIndex(text); loc != nil {
			from, to := max(loc[0]-40, 0), min(loc[1]+40, len(text))
			out = append(out, fmt.Sprintf("%q", text[from:to]))
		}
	}
	return out
}

type canaryRun struct {
	args  []string
	codes []int // accepted exit codes
	want  string
}

func TestSecretsNeverPrinted(t *testing.T) {
	dir, canaries := canaryInputs(t)
	in := func(names ...string) []string {
		out := make([]string, len(names))
		for i, n := range names {
			out[i] = filepath.Join(dir, n)
		}
		return out
	}
	stateSet := in(append([]string{canaryState}, canaryOthers...)...)
	planSet := in(append([]string{canaryPlan}, canaryOthers...)...)
	with := func(args []string, inputs []string) []string {
		return append(append([]string(nil), args...), inputs...)
	}
	ok := []int{ExitOK}
	checked := []int{ExitOK, ExitThreshold}
	var runs []canaryRun

	// every format of every view, written with -o
	for _, f := range render.Formats(render.ViewImpact) {
		runs = append(runs,
			canaryRun{with([]string{"whatif", "--down", "aws:us-east-1", "--format", f}, stateSet), ok, "aws_db_instance.orders"},
			canaryRun{with([]string{"whatif", "--down", "aws:us-east-1a", "--view", "all", "--collapse", "none", "--format", f}, stateSet), ok, "aws_db_instance.orders"},
			canaryRun{with([]string{"whatif", "--down", "aws:us-east-1", "--format", f}, planSet), ok, "aws_db_instance.orders"},
		)
	}
	for _, f := range render.Formats(render.ViewGraph) {
		runs = append(runs,
			canaryRun{with([]string{"graph", "--format", f}, stateSet), ok, "aws_ssm_parameter.token"},
			canaryRun{with([]string{"graph", "--format", f}, planSet), ok, "aws_db_instance.orders"},
		)
	}
	for _, f := range render.Formats(render.ViewDomains) {
		runs = append(runs,
			canaryRun{with([]string{"domains", "--services", "--format", f}, stateSet), ok, "aws:us-east-1"},
		)
	}
	for _, f := range render.Formats(render.ViewMatrix) {
		runs = append(runs,
			canaryRun{with([]string{"matrix", "--services", "--format", f}, stateSet), ok, "storefront"},
			canaryRun{with([]string{"matrix", "--format", f}, planSet), ok, "storefront"},
		)
	}
	for _, f := range render.Formats(render.ViewCheck) {
		runs = append(runs,
			canaryRun{with([]string{"check", "--fail-on", "new-impact", "--format", f}, planSet), checked, "aws_instance.web"},
			canaryRun{append([]string{"diff", "--fail-on", "new-impact", "--format", f, "--with", strings.Join(in(canaryOthers...), ",")}, in(canaryState, canaryPlan)...), checked, "aws_instance.web"},
		)
	}
	// other scenarios, stdout only
	for _, down := range []string{"aws", "aws:us-east-1b", "aws:use1-az1", "aws:us-east-1/rds", "gcp:europe-west1-b", "azure:westeurope",
		"aws_db_instance.orders", "k8s:shop/Deployment/checkout"} {
		for _, f := range []string{"text", "json"} {
			runs = append(runs, canaryRun{with([]string{"whatif", "--down", down, "--format", f}, stateSet), ok, ""})
		}
	}
	runs = append(runs, canaryRun{with([]string{"whatif", "--scenario", "aws-2025-10-20", "--format", "json"}, stateSet), ok, ""})
	// why, on every kind of node, in both formats
	for _, node := range []string{"aws_instance.web[0]", "aws_db_instance.orders", "aws_lambda_function.export", "aws_iam_role.export",
		"aws_ssm_parameter.token", "aws_secretsmanager_secret_version.db", "kubernetes_secret.app", "random_password.db",
		"google_compute_instance.vm", "azurerm_linux_virtual_machine.vm", "service:checkout", "service:storefront",
		"k8s:shop/Deployment/checkout", "k8s:shop/Secret/db-credentials", "k8s:shop/ConfigMap/app-config", "compose:web"} {
		for _, f := range []string{"text", "json"} {
			runs = append(runs, canaryRun{with([]string{"why", node, "--down", "aws:us-east-1", "--format", f}, stateSet), ok, ""})
		}
	}
	// the page of blast explore: the embedded graph, diagram and matrix
	runs = append(runs, canaryRun{with([]string{"explore"}, stateSet), ok, ""}, canaryRun{with([]string{"explore"}, planSet), ok, ""})
	// warnings turned into the error line
	runs = append(runs, canaryRun{with([]string{"--strict", "graph"}, stateSet), []int{ExitError}, ""})

	outDir := t.TempDir()
	for i, r := range runs {
		name := strings.Join(r.args, " ")
		name = strings.ReplaceAll(name, dir+string(filepath.Separator), "")
		outFile := ""
		args := r.args
		if r.args[0] != "domains" && r.args[0] != "why" && r.args[0] != "--strict" {
			outFile = filepath.Join(outDir, fmt.Sprintf("out-%d", i))
			args = append([]string{r.args[0], "-o", outFile}, r.args[1:]...)
		}
		for _, viaFile := range []bool{false, true} {
			if viaFile && outFile == "" {
				continue
			}
			a := r.args
			if viaFile {
				a = args
			}
			var stdout, stderr bytes.Buffer
			code := Run(a, strings.NewReader(""), &stdout, &stderr)
			if !containsInt(r.codes, code) {
				t.Errorf("%s: exit %d, want %v; stderr: %s", name, code, r.codes, stderr.String())
				continue
			}
			out := stdout.Bytes()
			if viaFile {
				data, err := os.ReadFile(outFile)
				if err != nil {
					t.Errorf("%s: %v", name, err)
					continue
				}
				if stdout.Len() != 0 {
					t.Errorf("%s -o: wrote %d bytes to stdout too", name, stdout.Len())
				}
				out = data
			}
			if r.args[0] == "explore" { // the model travels gzipped: look into it as well
				model, err := explore.ModelOf(out)
				if err != nil {
					t.Errorf("%s: %v", name, err)
				}
				out = append(out, model...)
			}
			if l := leaks(out, canaries); len(l) > 0 {
				t.Errorf("%s (to file: %v): output leaks %s", name, viaFile, strings.Join(l, ", "))
			}
			if l := leaks(stderr.Bytes(), canaries); len(l) > 0 {
				t.Errorf("%s: stderr leaks %s", name, strings.Join(l, ", "))
			}
			if r.want != "" && containsString(r.args, "json") && !bytes.Contains(out, []byte(r.want)) {
				t.Errorf("%s: output does not name %s (is the fixture still imported?)", name, r.want)
			}
		}
	}
}

// TestSecretsStdin feeds the state on stdin: the name is "stdin", the
// rule the same.
func TestSecretsStdin(t *testing.T) {
	dir, canaries := canaryInputs(t)
	data, err := os.ReadFile(filepath.Join(dir, canaryState))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"text", "json", "html"} {
		var stdout, stderr bytes.Buffer
		code := Run([]string{"whatif", "--down", "aws:us-east-1", "--format", f, "-"}, bytes.NewReader(data), &stdout, &stderr)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if l := leaks(append(stdout.Bytes(), stderr.Bytes()...), canaries); len(l) > 0 {
			t.Errorf("%s: leaks %s", f, strings.Join(l, ", "))
		}
	}
}

// TestSecretsNotInErrors breaks inputs right where a secret sits: the one
// error line names the file and the problem, never the value.
func TestSecretsNotInErrors(t *testing.T) {
	state, err := os.ReadFile(filepath.Join("testdata", "canary", canaryState))
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(state, []byte("CANARY-SENSITIVE-DB-PASSWORD")) + len("CANARY-SENS")
	cases := []struct {
		name, file, data string
	}{
		{"state cut inside a secret", "cut.tfstate", string(state[:cut])},
		{"attributes not an object", "attrs.tfstate", `{"version":4,"terraform_version":"1.9.8","resources":[{"mode":"managed","type":"aws_db_instance","name":"x","provider":"provider.aws","instances":[{"attributes":"CANARY-ERR-ATTRS"}]}]}`},
		{"attribute of the wrong shape", "attr.tfstate", `{"version":4,"terraform_version":"1.9.8","resources":[{"mode":"managed","type":"aws_db_instance","name":"x","provider":"provider.aws","instances":[{"attributes":{"password":"CANARY-ERR-ATTR","id":{"x":"CANARY-ERR-ID-OBJECT"}},"dependencies":"CANARY-ERR-DEPS"}]}]}`},
		{"version a string", "version.tfstate", `{"version":"CANARY-ERR-VERSION","terraform_version":"1.9.8","resources":[]}`},
		{"bare word after a secret", "bare.tfstate", `{"version":4,"terraform_version":"1.9.8","resources":[{"mode":"managed","type":"aws_db_instance","name":"x","instances":[{"attributes":{"password":"CANARY-ERR-BEFORE"CANARY-ERR-BAREWORD}}]}]}`},
		{"plan after a string", "plan.json", `{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[{"address":"aws_db_instance.x","mode":"managed","type":"aws_db_instance","name":"x","provider_name":"registry.terraform.io/hashicorp/aws","change":{"actions":["update"],"before":{"password":"CANARY-ERR-PLAN-BEFORE"},"after":"CANARY-ERR-PLAN-AFTER"}}],"planned_values":{"root_module":{"resources":[{"address":"aws_db_instance.x","mode":"managed","type":"aws_db_instance","name":"x","provider_name":"registry.terraform.io/hashicorp/aws","values":"CANARY-ERR-PLAN-VALUES"}]}}}`},
		{"k8s replicas a string", "deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: CANARY-ERR-REPLICAS\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: K\n              value: CANARY-ERR-ENV\n"},
		{"k8s env value an object", "env.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          env:\n            - name: K\n              value: {secret: CANARY-ERR-ENV-OBJECT}\n"},
		{"k8s secret data not base64", "secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  password: CANARY-ERR-NOT-BASE64!!\n"},
		{"k8s secret data a list", "secret-list.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: [CANARY-ERR-SECRET-LIST]\n"},
		{"k8s broken YAML after a secret", "broken.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  password: CANARY-ERR-BROKEN\n   token: \"CANARY-ERR-UNCLOSED\n"},
		{"backstage spec a string", "catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\n  annotations: CANARY-ERR-ANNOTATIONS\nspec: CANARY-ERR-SPEC\n"},
		{"backstage dependsOn a mapping", "catalog2.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: web\nspec:\n  type: service\n  dependsOn: {token: CANARY-ERR-DEPENDSON}\n"},
		{"compose environment of the wrong shape", "compose.yaml", "services:\n  web:\n    image: x\n    environment: CANARY-ERR-COMPOSE-ENV\n"},
		{"compose environment and labels of the wrong shape", "compose2.yaml", "services:\n  web:\n    image: x\n    environment:\n      K: {v: CANARY-ERR-COMPOSE-ENV-OBJECT}\n    labels: [CANARY-ERR-COMPOSE-LABEL]\n    command: {x: CANARY-ERR-COMPOSE-COMMAND}\n"},
		{"compose environment list of lists", "compose3.yaml", "services:\n  web:\n    image: x\n    environment:\n      - K=CANARY-ERR-COMPOSE-ENV-OK\n      - [CANARY-ERR-COMPOSE-ENV-LIST]\n"},
		{"manifest field of the wrong type", "services.toml", "[[service]]\nname = \"web\"\ndepends_on = \"CANARY-ERR-TOML-DEPENDS\"\ntier = 7\n"},
		{"manifest broken after a secret", "broken.toml", "[[service]]\nname = \"web\"\nowner = \"CANARY-ERR-TOML-OWNER\"\ndepends_on = [\"CANARY-ERR-TOML-UNCLOSED\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			canaries := canaryRe.FindAllString(tc.data, -1)
			if len(canaries) == 0 {
				t.Fatal("case holds no canary")
			}
			dir, err := os.MkdirTemp("", "blast-secrets-")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(dir)
			file := filepath.Join(dir, tc.file)
			if err := os.WriteFile(file, []byte(tc.data), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(dir, "report.json")
			var stdout, stderr bytes.Buffer
			code := Run([]string{"whatif", "--down", "aws", "--format", "json", "-o", out, file}, strings.NewReader(""), &stdout, &stderr)
			if code == 0 {
				// accepted: the value was ignored; the report must not hold it
				data, _ := os.ReadFile(out)
				if l := leaks(append(data, stderr.Bytes()...), canaries); len(l) > 0 {
					t.Errorf("leaks %s", strings.Join(l, ", "))
				}
				return
			}
			msg := stderr.String()
			if code != 1 || strings.Count(msg, "\n") != 1 || !strings.Contains(msg, tc.file) {
				t.Errorf("exit %d, want 1 and one line naming %s: %q", code, tc.file, msg)
			}
			if l := leaks(stderr.Bytes(), canaries); len(l) > 0 {
				t.Errorf("error line leaks %s: %q", strings.Join(l, ", "), msg)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("report written by a failed run")
			}
		})
	}
}

func containsString(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// canaryJSON is a small check on the test itself: the graph JSON of the
// fixture does show the identities and names that may be printed.
func TestSecretsFixtureShowsIdentities(t *testing.T) {
	dir, _ := canaryInputs(t)
	var stdout, stderr bytes.Buffer
	args := []string{"graph", "--format", "json", filepath.Join(dir, canaryState), filepath.Join(dir, "services.toml")}
	if code := Run(args, strings.NewReader(""), &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var doc struct {
		Nodes []struct {
			ID        string `json:"id"`
			Placement struct {
				Region string `json:"region"`
			} `json:"placement"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, n := range doc.Nodes {
		ids[n.ID] = n.Placement.Region
	}
	// the Service tag's value binds a service: a name, and printed
	for id, region := range map[string]string{"service:checkout": "", "aws_db_instance.orders": "us-east-1", "google_compute_instance.vm": "europe-west1", "azurerm_linux_virtual_machine.vm": "westeurope"} {
		got, ok := ids[id]
		if !ok || got != region {
			t.Errorf("node %s: present %v, region %q, want %q", id, ok, got, region)
		}
	}
}

// TestRealworldSecretsNeverPrinted uses the scrubbing of the real-world
// inputs as canaries: every secret there was replaced by "REDACTED"
// (see SOURCES.md), so the word in any report means a secret-bearing
// value was printed.
func TestRealworldSecretsNeverPrinted(t *testing.T) {
	root := realworld(t)
	files := realFiles(t, root, "tfstate", "plan", "legacy", "k8s", "compose", "backstage")
	var formats []string
	for _, f := range render.Formats(render.ViewImpact) {
		if f != "png" && f != "svg" { // drawn from the same diagram as dot
			formats = append(formats, f)
		}
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte("REDACTED")) {
			continue
		}
		runs := [][]string{{"graph", "--format", "json", file}, {"matrix", "--format", "json", file}}
		for _, f := range formats {
			runs = append(runs, []string{"whatif", "--down", "aws", "--down", "gcp", "--down", "azure", "--view", "all", "--collapse", "none", "--format", f, file})
		}
		for _, args := range runs {
			out, errOut, code := runBlast(args...)
			if code != 0 {
				t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, errOut)
			}
			if strings.Contains(out+errOut, "REDACTED") {
				t.Errorf("%s: prints a scrubbed secret", strings.Join(args, " "))
			}
		}
	}
}
