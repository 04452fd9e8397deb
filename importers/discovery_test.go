package importers_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// copyTree copies the directory src into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestDiscoverTerragruntTree walks a Terragrunt live tree laid out as
// gruntwork-io/terragrunt-infrastructure-live-example lays it out, with
// real states pulled into it (fixtures/realworld/discovery, SOURCES.md),
// and what such a tree also holds once Terraform and Terragrunt ran in
// it: a .terragrunt-cache copy of a module with its state, the
// .terraform/terraform.tfstate that records the backend, a
// terraform.tfstate.backup, a terraform.tfvars. Exactly the three pulled
// states are read; the workspace state is named by its workspace; the
// caches are not even listed.
func TestDiscoverTerragruntTree(t *testing.T) {
	root := t.TempDir()
	copyTree(t, filepath.Join("..", "fixtures", "realworld", "discovery"), root)
	qa := filepath.Join(root, "non-prod", "us-east-1", "qa")
	state, err := os.ReadFile(filepath.Join(qa, "webserver-cluster", "terraform.tfstate"))
	if err != nil {
		t.Fatal(err)
	}
	extra := map[string]string{
		"webserver-cluster/.terragrunt-cache/aTyy3X96UM6vKcvNdWpUkIsmTOg/LE2PHcxlm8bsNx5FGPI2cy3OePo/terraform.tfstate": string(state),
		// what terraform init writes: a version 3 state recording the
		// backend, which blast refuses as a state of its own
		"mysql/.terraform/terraform.tfstate": `{"version": 3, "serial": 1, "lineage": "0d4b2c44-0c8f-4c1b-a4a4-0c1f0e2b9b1e", "backend": {"type": "s3", "config": {"bucket": "REDACTED", "key": "qa/mysql/terraform.tfstate", "region": "us-east-1"}, "hash": 1}, "modules": [{"path": ["root"], "outputs": {}, "resources": {}, "depends_on": []}]}`,
		"mysql/terraform.tfstate.backup":     string(state),
		"mysql/terraform.tfvars":             "name = \"mysql_qa\"\n",
	}
	for rel, body := range extra {
		p := filepath.Join(qa, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res, err := importers.Load([]string{root}, formats.Defaults(importers.Options{}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var got []string
	for _, in := range res.Inputs {
		rel, _ := filepath.Rel(root, in.Name)
		got = append(got, filepath.ToSlash(rel)+" "+in.Format+" prefix="+in.Prefix+" workspace="+in.Workspace)
	}
	want := []string{
		"non-prod/us-east-1/qa/mysql/terraform.tfstate tfstate prefix=mysql workspace=",
		"non-prod/us-east-1/qa/vpc/terraform.tfstate.d/qa/terraform.tfstate tfstate prefix=qa workspace=qa",
		"non-prod/us-east-1/qa/webserver-cluster/terraform.tfstate tfstate prefix=webserver-cluster workspace=",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("inputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var skipped []string
	for _, s := range res.Skipped {
		rel, _ := filepath.Rel(root, s.File)
		skipped = append(skipped, filepath.ToSlash(rel))
	}
	if !slices.Equal(skipped, []string{"SOURCES.md", "non-prod/us-east-1/qa/mysql/terraform.tfvars"}) {
		t.Errorf("skipped = %v, want SOURCES.md and the tfvars file alone (caches, backups and HCL are not inputs to list)", skipped)
	}
	for _, n := range res.Graph.Nodes() {
		inVPC := strings.HasPrefix(n.ID, "qa:")
		if ws := n.Labels[importers.LabelWorkspace]; (ws == "qa") != inVPC {
			t.Errorf("%s: workspace label %q", n.ID, ws)
		}
		if !strings.HasPrefix(n.Source.File, root) {
			t.Errorf("%s: source file %q", n.ID, n.Source.File)
		}
	}
	if res.Graph.Len() != 4 {
		t.Errorf("%d nodes, want 4 (one database, two VPCs, one load balancer)", res.Graph.Len())
	}
}

func TestWorkspaceOf(t *testing.T) {
	for name, want := range map[string]string{
		"terraform.tfstate":                                   "",
		"live/network/terraform.tfstate":                      "",
		"live/app/terraform.tfstate.d/prod/terraform.tfstate": "prod",
		"terraform.tfstate.d/staging/terraform.tfstate":       "staging",
		"terraform.tfstate.d/terraform.tfstate":               "",
		"states/prod.tfstate":                                 "",
	} {
		if got := importers.WorkspaceOf(name); got != want {
			t.Errorf("WorkspaceOf(%q) = %q, want %q", name, got, want)
		}
	}
}
