package cmd

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/blast-dev/blast/fixtures"
)

// demoState is the part of a raw state the demo checks read.
type demoState struct {
	Version          int    `json:"version"`
	TerraformVersion string `json:"terraform_version"`
	Resources        []struct {
		Module    string `json:"module"`
		Mode      string `json:"mode"`
		Type      string `json:"type"`
		Name      string `json:"name"`
		Provider  string `json:"provider"`
		Instances []struct {
			IndexKey     any               `json:"index_key"`
			Attributes   map[string]any    `json:"attributes"`
			Sensitive    []json.RawMessage `json:"sensitive_attributes"`
			Dependencies []string          `json:"dependencies"`
		} `json:"instances"`
	} `json:"resources"`
}

func readDemo(t *testing.T) map[string]demoState {
	t.Helper()
	files, err := fs.Glob(fixtures.Demo, fixtures.DemoDir+"/*.tfstate")
	if err != nil || len(files) == 0 {
		t.Fatalf("no state in the embedded demo (%v)", err)
	}
	out := map[string]demoState{}
	for _, f := range files {
		data, err := fs.ReadFile(fixtures.Demo, f)
		if err != nil {
			t.Fatal(err)
		}
		var st demoState
		if err := json.Unmarshal(data, &st); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = st
	}
	return out
}

var instanceKey = regexp.MustCompile(`\[[^\]]*\]`)

// TestDemoDependenciesAsTerraformRecordsThem checks that the demo's
// recorded dependencies look like Terraform's: configuration addresses
// (no instance or module keys) of resources in the state, sorted, and
// transitively closed (each instance lists what its dependencies list).
func TestDemoDependenciesAsTerraformRecordsThem(t *testing.T) {
	for file, st := range readDemo(t) {
		if st.Version != 4 || !strings.HasPrefix(st.TerraformVersion, "1.9.") {
			t.Errorf("%s: version %d, terraform %s; want format 4 from Terraform 1.9", file, st.Version, st.TerraformVersion)
		}
		deps := map[string]map[string]bool{} // config address → union of recorded deps
		for _, r := range st.Resources {
			addr := r.Type + "." + r.Name
			if r.Mode == "data" {
				addr = "data." + addr
			}
			if r.Module != "" {
				addr = instanceKey.ReplaceAllString(r.Module, "") + "." + addr
			}
			if deps[addr] == nil {
				deps[addr] = map[string]bool{}
			}
			for _, in := range r.Instances {
				if !sort.StringsAreSorted(in.Dependencies) {
					t.Errorf("%s: %s: dependencies are not sorted", file, addr)
				}
				for _, d := range in.Dependencies {
					if strings.ContainsAny(d, "[]") {
						t.Errorf("%s: %s: dependency %s has an instance key", file, addr, d)
					}
					deps[addr][d] = true
				}
			}
		}
		for addr, ds := range deps {
			for d := range ds {
				sub, ok := deps[d]
				if !ok {
					t.Errorf("%s: %s depends on %s, which is not in the state", file, addr, d)
					continue
				}
				for dd := range sub {
					if !ds[dd] {
						t.Errorf("%s: %s depends on %s, which depends on %s, but %s does not list it (not transitive)", file, addr, d, dd, addr)
					}
				}
			}
		}
	}
}

// TestDemoHoldsNoSecrets checks that no attribute whose name looks secret
// holds a value, and that the database password is marked sensitive.
func TestDemoHoldsNoSecrets(t *testing.T) {
	secret := regexp.MustCompile(`(?i)(^|_)(password|secret|token|private_key|access_key|secret_key)$`)
	markedPassword := false
	var walk func(file, path string, v any)
	walk = func(file, path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if secret.MatchString(k) && e != nil && e != "" && !isEmptyList(e) {
					t.Errorf("%s: %s.%s holds a value", file, path, k)
				}
				walk(file, path+"."+k, e)
			}
		case []any:
			for _, e := range x {
				walk(file, path, e)
			}
		}
	}
	for file, st := range readDemo(t) {
		for _, r := range st.Resources {
			for _, in := range r.Instances {
				walk(file, r.Type+"."+r.Name, in.Attributes)
				for _, s := range in.Sensitive {
					if r.Type == "aws_db_instance" && bytes.Contains(s, []byte(`"password"`)) {
						markedPassword = true
					}
				}
			}
		}
	}
	if !markedPassword {
		t.Error("the database password is not marked in sensitive_attributes")
	}
}

func isEmptyList(v any) bool {
	l, ok := v.([]any)
	return ok && len(l) == 0
}

// TestDemoHasWhatTheBriefAsks checks the features the demo exists to
// show, so that an edit cannot drop one silently.
func TestDemoHasWhatTheBriefAsks(t *testing.T) {
	want := map[string]bool{
		`module.vpc.aws_subnet.public[2]`:                      false,
		`module.vpc.aws_nat_gateway.this[2]`:                   false,
		`module.vpc_west.aws_subnet.private[1]`:                false,
		`module.queues["orders.fifo"].aws_sqs_queue.this`:      false,
		`module.queues["emails"].aws_sqs_queue.dlq`:            false,
		`aws_db_instance.main`:                                 false,
		`aws_dynamodb_table.orders`:                            false,
		`aws_route53_record.www_secondary`:                     false,
		`aws_lambda_function.order_export`:                     false,
		`aws_s3_bucket_replication_configuration.assets`:       false,
		`aws_autoscaling_group.app`:                            false,
		`aws_lb.web`:                                           false,
		`data.aws_availability_zones.west`:                     false,
		`provider["registry.terraform.io/hashicorp/aws"].west`: false,
	}
	for _, st := range readDemo(t) {
		for _, r := range st.Resources {
			want[r.Provider] = true
			for _, in := range r.Instances {
				addr := r.Type + "." + r.Name
				if r.Mode == "data" {
					addr = "data." + addr
				}
				if r.Module != "" {
					addr = r.Module + "." + addr
				}
				if in.IndexKey != nil {
					addr += "[" + jsonString(in.IndexKey) + "]"
				}
				want[addr] = true
				if addr == "aws_dynamodb_table.orders" {
					if !strings.Contains(jsonString(in.Attributes["replica"]), `"region_name":"us-west-2"`) {
						t.Error("the orders table has no us-west-2 replica")
					}
				}
				if addr == "aws_db_instance.main" && (in.Attributes["multi_az"] != false || in.Attributes["availability_zone"] != "us-east-1a") {
					t.Error("the catalog database is no longer single-AZ in us-east-1a")
				}
			}
		}
	}
	for k, ok := range want {
		if !ok {
			t.Errorf("the demo has no %s", k)
		}
	}
}

func jsonString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestDemoBuiltinMatchesPath checks that the embedded demo and the same
// folder read from disk give the same report (apart from file names).
func TestDemoBuiltinMatchesPath(t *testing.T) {
	t.Chdir(moduleRoot(t))
	for _, args := range [][]string{
		{"whatif", "--down", "aws:us-east-1"},
		{"whatif", "--down", "aws:us-east-1a", "--format", "json"},
		{"graph", "--format", "json"},
	} {
		var out [2]string
		for i, extra := range [][]string{nil, {"fixtures/demo"}} {
			var stdout, stderr bytes.Buffer
			if code := Run(append(append([]string(nil), args...), extra...), strings.NewReader(""), &stdout, &stderr); code != 0 {
				t.Fatalf("blast %v %v: exit %d: %s", args, extra, code, stderr.String())
			}
			out[i] = strings.ReplaceAll(stdout.String(), `"fixtures/demo/`, `"demo/`)
		}
		if out[0] != out[1] {
			t.Errorf("blast %v: the built-in demo and fixtures/demo differ\n%s", args, lineDiff(out[0], out[1]))
		}
	}
}

// TestDemoReport checks what the demo is built to show, independently of
// the golden files: a zone takes the single-AZ database and the storefront
// of both regions with it; the workers in other zones survive; a region
// down freezes IAM and Route 53 but leaves the standby's own network up.
func TestDemoReport(t *testing.T) {
	states := func(down string) map[string]string {
		var stdout, stderr bytes.Buffer
		if code := Run([]string{"whatif", "--down", down, "--format", "json"}, strings.NewReader(""), &stdout, &stderr); code != 0 {
			t.Fatalf("whatif --down %s: exit %d: %s", down, code, stderr.String())
		}
		var doc struct {
			Nodes []struct {
				ID     string `json:"id"`
				State  string `json:"state"`
				Frozen bool   `json:"frozen"`
			} `json:"nodes"`
		}
		if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, n := range doc.Nodes {
			s := n.State
			if n.Frozen {
				s += "+frozen"
			}
			out[n.ID] = s
		}
		return out
	}
	zone := states("aws:us-east-1a")
	for id, want := range map[string]string{
		"aws_db_instance.main":               "failed",
		"module.vpc.aws_subnet.private[0]":   "failed",
		"module.vpc.aws_nat_gateway.this[0]": "failed",
		"aws_autoscaling_group.app_west":     "failed",
		"module.vpc.aws_nat_gateway.this[1]": "healthy",
		"aws_instance.worker[0]":             "healthy",
		"aws_instance.worker[1]":             "healthy",
		"aws_dynamodb_table.orders":          "healthy",
		"aws_lambda_function.order_export":   "healthy",
		"aws_iam_role.app":                   "healthy",
	} {
		if zone[id] != want {
			t.Errorf("--down aws:us-east-1a: %s is %s, want %s", id, zone[id], want)
		}
	}
	region := states("aws:us-east-1")
	for id, want := range map[string]string{
		"aws_db_instance.main":                    "failed",
		"aws_instance.worker[1]":                  "failed",
		"aws_iam_role.order_export":               "affected+frozen", // configuration: frozen, reported apart
		"aws_route53_zone.shop":                   "healthy+frozen",
		"module.vpc_west.aws_nat_gateway.this[0]": "healthy",
		"aws_lb.web_west":                         "healthy",
		"aws_s3_bucket.assets_replica":            "healthy",
	} {
		if region[id] != want {
			t.Errorf("--down aws:us-east-1: %s is %s, want %s", id, region[id], want)
		}
	}
}
