package importers_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/blast-dev/blast/importers"
	"github.com/blast-dev/blast/importers/formats"
)

// TestWalkSkipsStrayFiles walks a folder of real files written by others
// (fixtures/realworld/walk, see its SOURCES.md): the one manifest is
// imported, every other file is skipped and listed, sorted, with a reason
// that says what it is.
func TestWalkSkipsStrayFiles(t *testing.T) {
	dir := filepath.Join("..", "fixtures", "realworld", "walk")
	res, err := importers.Load([]string{dir}, formats.Defaults(importers.Options{}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	if len(res.Inputs) != 1 || filepath.Base(res.Inputs[0].Name) != "bookinfo.yaml" || res.Inputs[0].Format != "k8s" {
		t.Fatalf("inputs = %+v, want k8s/bookinfo.yaml alone", res.Inputs)
	}
	want := map[string]string{
		"docs/README.md":                          "Markdown",
		"docs/nats.md":                            "Markdown",
		"docs/pushover.md":                        "Markdown",
		"docs/wavefront.md":                       "Markdown",
		"helm-blue-green/Chart.yaml":              "not JSON, YAML or TOML of a known kind",
		"helm-blue-green/values.yaml":             "not JSON, YAML or TOML of a known kind",
		"helm-blue-green/templates/rollout.yaml":  "Helm template",
		"helm-blue-green/templates/services.yaml": "Helm template",
		"locales/crd.json":                        "JSON, but not",
		"terraform/functions.json":                "terraform metadata functions -json",
		"terraform/schemas.json":                  "terraform providers schema -json",
		"ui/package.json":                         "JSON, but not",
		"tools/infracost-breakdown.json":          "JSON, but not",
		"helm-ms-demo/templates/NOTES.txt":        "Go or Helm template",
		"ui/tsconfig.json":                        "JSON, but not",
		"workflows/testing.yaml":                  "not JSON, YAML or TOML of a known kind",
		"SOURCES.md":                              "Markdown text",
	}
	var files []string
	for _, s := range res.Skipped {
		rel, _ := filepath.Rel(dir, s.File)
		rel = filepath.ToSlash(rel)
		files = append(files, s.File)
		w, ok := want[rel]
		if !ok {
			t.Errorf("%s skipped (%s), want it imported or not there", rel, s.Reason)
			continue
		}
		if !strings.Contains(s.Reason, w) {
			t.Errorf("%s: reason %q, want it to say %q", rel, s.Reason, w)
		}
		delete(want, rel)
	}
	for rel := range want {
		t.Errorf("%s not listed as skipped", rel)
	}
	if !sort.StringsAreSorted(files) {
		t.Errorf("skipped files not sorted: %v", files)
	}
}

// TestStrayFileNamedIsAnError: a file named on the command line is always
// read, so one that is not an input is an error naming it.
func TestStrayFileNamedIsAnError(t *testing.T) {
	dir := filepath.Join("..", "fixtures", "realworld", "walk")
	for _, rel := range []string{"docs/nats.md", "docs/pushover.md", "terraform/functions.json", "terraform/schemas.json", "ui/package.json"} {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		_, err := importers.Load([]string{p}, formats.Defaults(importers.Options{}))
		if err == nil || !strings.HasPrefix(err.Error(), p+": ") || !strings.Contains(err.Error(), "not a recognised input") {
			t.Errorf("Load(%s) = %v, want an error naming the file", rel, err)
		}
	}
}

// TestWalkClaimedButBrokenIsAnError: a file that claims a format (a
// state's version and terraform_version, a manifest's apiVersion and
// kind, a compose file's services) and is broken stays an error naming
// it, among stray files.
func TestWalkClaimedButBrokenIsAnError(t *testing.T) {
	for name, content := range map[string]string{
		"state.tfstate": `{"version": 4, "terraform_version": "1.9.0", "resources": [{"type": 3}]}`,
		"deploy.yaml":   "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n spec: [\n",
		"compose.yaml":  "services:\n  web:\n    image: nginx\n    ports: {bad\n",
		"plan.json":     `{"format_version": "1.2", "planned_values": {"root_module": 7}}`,
	} {
		fsys := fstest.MapFS{
			"repo/README.md":    {Data: []byte("# Repo\n\n```yaml\napiVersion: v1\nkind: Service\n```\n")},
			"repo/package.json": {Data: []byte(`{"name": "x", "version": "1.0.0"}`)},
			"repo/" + name:      {Data: []byte(content)},
		}
		_, err := importers.Load([]string{"repo"}, formats.Defaults(importers.Options{FS: fsys}))
		if err == nil || !strings.Contains(err.Error(), "repo/"+name+": ") {
			t.Errorf("%s: Load = %v, want an error naming it", name, err)
		}
	}
}

// TestWalkOfStrayFilesOnly: a directory with no input at all is an error
// that says what its files are.
func TestWalkOfStrayFilesOnly(t *testing.T) {
	fsys := fstest.MapFS{
		"docs/README.md":  {Data: []byte("# Docs\n\n```yaml\napiVersion: v1\nkind: Service\n```\n")},
		"docs/guide.json": {Data: []byte(`{"title": "Guide"}`)},
	}
	_, err := importers.Load([]string{"docs"}, formats.Defaults(importers.Options{FS: fsys}))
	if err == nil || !strings.Contains(err.Error(), "docs: directory holds no importable input") ||
		!strings.Contains(err.Error(), "none of its 2 files is one, e.g. docs/README.md: Markdown") {
		t.Errorf("Load = %v", err)
	}
}

// TestForeignDocuments: what carries an input's markers but is another
// kind of document is recognised, and inputs that look alike are not
// mistaken for it.
func TestForeignDocuments(t *testing.T) {
	for _, c := range []struct {
		name, body string
		foreign    bool
	}{
		{"markdown fence", "# T\n\n```yaml\napiVersion: apps/v1\nkind: Deployment\n```\n", true},
		{"tilde fence", "Intro\n~~~\nservices:\n  web: {}\n~~~\n", true},
		{"providers schema", `{"format_version":"1.0","provider_schemas":{"aws":{"values":{}}}}`, true},
		{"validate", `{"format_version":"1.0","valid":false,"error_count":1,"warning_count":0,"diagnostics":[]}`, true},
		{"plan", `{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{},"provider_schemas":{}}`, false},
		{"manifest with backticks in a block", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  doc: |\n    ```\n    code\n    ```\n", false},
	} {
		_, err := importers.Detect([]byte(c.body), formats.Importers())
		got := err != nil && (strings.Contains(err.Error(), "Markdown") || strings.Contains(err.Error(), "the output of terraform"))
		if got != c.foreign {
			t.Errorf("%s: Detect error %v, want foreign=%v", c.name, err, c.foreign)
		}
	}
}

// TestRealworldDirsHaveNoStrays: the shared real-world inputs are all
// inputs, so walking each folder skips nothing but its notes.
func TestRealworldDirsHaveNoStrays(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "realworld")
	if _, err := os.Stat(root); err != nil {
		t.Skip("no ../shared/realworld")
	}
	for _, sub := range []string{"tfstate", "plan", "k8s", "compose", "backstage"} {
		res, err := importers.Load([]string{filepath.Join(root, sub)}, formats.Defaults(importers.Options{}))
		if err != nil {
			t.Errorf("%s: %v", sub, err)
			continue
		}
		for _, s := range res.Skipped {
			t.Errorf("%s: %s skipped: %s", sub, s.File, s.Reason)
		}
	}
}

// TestInputSize: the size a run's memory budget is taken from is the
// size of the files Load reads, no more: a walked folder of real files
// counts its inputs and the files Load reads and skips, and a state's
// folder does not count Terraform's provider cache (hundreds of
// megabytes in .terraform/), node_modules, backups, configuration or
// hidden files. A link to a file counts; stdin has no size in advance.
func TestInputSize(t *testing.T) {
	dir := filepath.Join("..", "fixtures", "realworld", "walk")
	res, err := importers.Load([]string{dir}, formats.Defaults(importers.Options{}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var read int64
	for _, f := range res.Inputs {
		read += fileSize(t, f.Name)
	}
	for _, f := range res.Skipped {
		read += fileSize(t, f.File)
	}
	if got, ok := importers.InputSize([]string{dir}); !ok || got != read {
		t.Errorf("%s: InputSize %d (%v), want the %d bytes Load read", dir, got, ok, read)
	}

	tmp := t.TempDir()
	state := `{"version": 4, "terraform_version": "1.9.0", "serial": 1, "lineage": "x", "outputs": {}, "resources": []}`
	files := map[string]int64{
		"terraform.tfstate":        int64(len(state)),
		"env/prod.tfstate":         int64(len(state)),
		".terraform/providers/aws": 1 << 30, // sparse: takes no disk
		"node_modules/x/big.json":  1 << 20,
		"terraform.tfstate.backup": 1 << 20,
		"main.tf":                  1 << 10,
		"terragrunt.hcl":           1 << 10,
		".hidden.json":             1 << 10,
	}
	for name, size := range files {
		p := filepath.Join(tmp, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(state), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Truncate(p, size); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(tmp, "terraform.tfstate"), filepath.Join(tmp, "linked.tfstate")); err != nil {
		t.Fatal(err)
	}
	want := 3 * int64(len(state))
	if got, ok := importers.InputSize([]string{tmp}); !ok || got != want {
		t.Errorf("a state's folder: InputSize %d (%v), want %d (two states and a link to one)", got, ok, want)
	}
	res, err = importers.Load([]string{tmp}, formats.Defaults(importers.Options{}))
	if err != nil {
		t.Fatalf("Load %s: %v", tmp, err)
	}
	if len(res.Inputs) != 3 || len(res.Skipped) != 0 {
		t.Errorf("Load read %d inputs and skipped %d, want the three InputSize counts", len(res.Inputs), len(res.Skipped))
	}
	// named twice, through a link to the folder, or from a folder
	// named with a dot: what Load reads, once
	link := filepath.Join(t.TempDir(), "states")
	if err := os.Symlink(tmp, link); err != nil {
		t.Fatal(err)
	}
	hidden := filepath.Join(t.TempDir(), ".states")
	if err := os.Mkdir(hidden, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(hidden, "a.tfstate"), []byte(state), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, paths := range [][]string{{tmp, tmp}, {tmp, filepath.Join(tmp, "env", "prod.tfstate")}, {link}, {link + string(filepath.Separator)}, {hidden}} {
		res, err := importers.Load(paths, formats.Defaults(importers.Options{}))
		if err != nil {
			t.Fatalf("Load %v: %v", paths, err)
		}
		var read int64
		for _, f := range res.Inputs {
			read += fileSize(t, f.Name)
		}
		if got, ok := importers.InputSize(paths); !ok || got != read || read == 0 {
			t.Errorf("%v: InputSize %d (%v), want the %d bytes Load kept", paths, got, ok, read)
		}
	}
	one := filepath.Join(tmp, "terraform.tfstate")
	if got, ok := importers.InputSize([]string{one, filepath.Join(tmp, "missing")}); !ok || got != int64(len(state)) {
		t.Errorf("a file and a missing path: InputSize %d (%v), want %d", got, ok, len(state))
	}
	if _, ok := importers.InputSize([]string{one, "-"}); ok {
		t.Error("stdin: InputSize says it knows the size")
	}
}

// fileSize is the size of the file at path.
func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
