package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/blast-dev/blast/analyzer"
	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// whatifStates runs whatif with JSON output and returns each node's state
// ("failed", "degraded+frozen", ...).
func whatifStates(t *testing.T, args ...string) map[string]string {
	t.Helper()
	code, out, stderr := blastRun(t, "", append([]string{"whatif", "--format", "json"}, args...)...)
	if code != ExitOK {
		t.Fatalf("blast whatif %v: exit %d: %s", args, code, stderr)
	}
	var doc struct {
		Nodes []struct {
			ID     string `json:"id"`
			State  string `json:"state"`
			Frozen bool   `json:"frozen"`
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
		states[n.ID] = s
	}
	return states
}

// A zone down on the DR destination state fails the zone's NAT gateway
// and subnets, not the VPC and not zone b.
func TestRealworldZoneOnDRDestination(t *testing.T) {
	path := filepath.Join(realworld(t), "tfstate", "aws-dr-destination-us-east-1.tfstate")
	st := whatifStates(t, "--down", "aws:us-east-1a", path)
	want := map[string]string{
		"module.vpc.aws_nat_gateway.this[0]": "failed",
		"module.vpc.aws_subnet.public[0]":    "failed",
		"module.vpc.aws_subnet.private[0]":   "failed",
		"module.vpc.aws_vpc.this[0]":         "healthy",
		"module.vpc.aws_subnet.public[1]":    "healthy",
		"module.vpc.aws_subnet.private[1]":   "healthy",
		"module.vpc.aws_nat_gateway.this[1]": "healthy",
	}
	for id, w := range want {
		got, ok := st[id]
		if !ok {
			t.Errorf("%s: not in the report", id)
			continue
		}
		if got != w {
			t.Errorf("%s: %s, want %s", id, got, w)
		}
	}
}

// isIAM says whether a resource type is an identity and access resource.
func isIAM(typ string) bool {
	return strings.HasPrefix(typ, "aws_iam_") || strings.HasPrefix(typ, "google_service_account") ||
		strings.Contains(typ, "_iam_") || strings.HasPrefix(typ, "azuread_") || strings.HasPrefix(typ, "azurerm_role_")
}

// No region scenario ever fails an IAM resource: IAM's data plane serves
// in every region, and a policy naming a resource does not need it.
func TestRealworldRegionNeverFailsIAM(t *testing.T) {
	root := realworld(t)
	var files []string
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".md") && !strings.Contains(p, string(filepath.Separator)+"broken"+string(filepath.Separator)) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	checked, iam := 0, 0
	for _, f := range files {
		res, err := importers.Load([]string{f}, formats.Defaults(importers.Options{MaxInputSize: 1 << 30}))
		if err != nil {
			continue // a format no importer reads yet
		}
		a := analyzer.New(res.Graph, nil)
		regions := map[string]analyzer.Domain{}
		for _, r := range []string{"aws:us-east-1", "aws:us-west-2", "aws:us-east-2", "gcp:us-central1", "azure:westus2"} {
			d, _ := analyzer.ParseDomain(r, nil)
			regions[r] = d
		}
		for _, dc := range analyzer.Domains(res.Graph, false) {
			if dc.Domain.Kind == analyzer.DomainRegion {
				regions[dc.Name] = dc.Domain
			}
		}
		for name, d := range regions {
			r := a.Run(analyzer.Scenario{Down: []analyzer.Domain{d}})
			for _, n := range res.Graph.Nodes() {
				if !isIAM(n.Type) {
					continue
				}
				iam++
				if st, _ := r.StateOf(n.ID); st == analyzer.Failed {
					im, _ := r.Impact(n.ID)
					t.Errorf("%s: --down %s fails %s (%s)", filepath.Base(f), name, n.ID, im.Reason)
				}
			}
			checked++
		}
	}
	if checked == 0 || iam == 0 {
		t.Fatalf("checked %d scenarios over %d IAM nodes: nothing was tested", checked, iam)
	}
}

// The demo replays the 2025-10-20 DynamoDB event: the us-east-1 tables
// fail or degrade, EC2 launches freeze, and the report cites the
// post-incident summary.
func TestDemoScenarioAWS20251020(t *testing.T) {
	t.Chdir(moduleRoot(t))
	st := whatifStates(t, "--scenario", "aws-2025-10-20")
	for id, want := range map[string]string{
		"aws_dynamodb_table.sessions":      "failed",
		"aws_dynamodb_table.orders":        "degraded",
		"aws_instance.worker[1]":           "degraded+frozen",
		"aws_lambda_function.order_export": "healthy",
		"aws_iam_role.app":                 "healthy",
		"aws_lb.web_west":                  "healthy",
	} {
		if st[id] != want {
			t.Errorf("%s: %s, want %s", id, st[id], want)
		}
	}
	code, out, _ := blastRun(t, "", "whatif", "--scenario", "aws-2025-10-20")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"https://aws.amazon.com/message/101925/", "observed dependency on dynamodb in us-east-1", "DropletWorkflow Manager"} {
		if !strings.Contains(out, want) {
			t.Errorf("the report does not mention %q", want)
		}
	}
}

func TestScenariosCommand(t *testing.T) {
	code, out, stderr := blastRun(t, "", "scenarios", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		Scenarios []struct {
			Name    string   `json:"name"`
			Date    string   `json:"date"`
			Sources []string `json:"sources"`
			Down    []string `json:"down"`
		} `json:"scenarios"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, s := range doc.Scenarios {
		names[s.Name] = true
		if s.Date == "" || len(s.Sources) == 0 {
			t.Errorf("%s: no date or source", s.Name)
		}
	}
	for _, want := range []string{"aws-2025-10-20", "aws-2021-12-07", "aws-2020-11-25", "aws-2017-02-28", "gcp-2023-04-europe-west9", "gcp-2025-06-12", "azure-2025-10-29"} {
		if !names[want] {
			t.Errorf("scenario %s is not listed", want)
		}
	}
}

func TestDeclaredScenarioAndOverride(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "blast.toml")
	if err := os.WriteFile(cfg, []byte(`
[[platform.override]]
match = "aws_db_instance"
scope = "regional"

[[scenario]]
name = "lose-west"
down = ["aws:us-west-2"]
sources = ["https://wiki.example.com/dr"]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(moduleRoot(t))
	st := whatifStates(t, "--config", cfg, "--scenario", "lose-west")
	if st["aws_lb.web_west"] != "failed" || st["aws_lb.web"] != "healthy" {
		t.Errorf("lose-west: web_west %s, web %s", st["aws_lb.web_west"], st["aws_lb.web"])
	}
	// the override makes the single-AZ catalog database regional: a zone no
	// longer takes it down
	st = whatifStates(t, "--config", cfg, "--down", "aws:us-east-1a")
	if st["aws_db_instance.main"] == "failed" {
		t.Errorf("the override was not applied: the database failed with its zone")
	}
	code, _, stderr := blastRun(t, "", "whatif", "--config", cfg, "--scenario", "nope")
	if code != ExitError || !strings.Contains(stderr, "lose-west") {
		t.Errorf("unknown scenario: exit %d, stderr %q", code, stderr)
	}
}

func TestWhyFindsNodesByAddress(t *testing.T) {
	t.Chdir(moduleRoot(t))
	code, out, stderr := blastRun(t, "", "why", "aws_lb.web", "--down", "aws:us-east-1a", "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc struct {
		State string   `json:"state"`
		Lost  []string `json:"lost"`
		Left  []string `json:"left"`
		Chain []struct {
			Node string `json:"node"`
		} `json:"chain"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.State != "degraded" || len(doc.Lost) != 1 || len(doc.Left) != 2 || len(doc.Chain) != 2 {
		t.Errorf("why aws_lb.web: %+v", doc)
	}
	code, _, stderr = blastRun(t, "", "why", "aws_lb", "--down", "aws:us-east-1a")
	if code != ExitError || !strings.Contains(stderr, "did you mean") {
		t.Errorf("a partial name: exit %d, %q", code, stderr)
	}
	code, _, stderr = blastRun(t, "", "why", "aws_lb.web")
	if code != ExitError || !strings.Contains(stderr, "--scenario") {
		t.Errorf("no scenario: exit %d, %q", code, stderr)
	}
}
