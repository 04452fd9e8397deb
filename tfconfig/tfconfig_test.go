package tfconfig

import (
	"os"
	"path/filepath"
	"testing"
)

// writeTree writes files (slash paths relative to dir) with their text.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// A configuration with the same block in the root and in a module, a
// data source, and blocks in hidden directories, node_modules and a
// non-.tf file that must not be indexed.
func TestFind(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"main.tf":                    "# root\nresource \"aws_subnet\" \"a\" {\n  cidr_block = \"10.0.0.0/24\"\n}\n\n  resource \"aws_lb\" \"web\" {}\n",
		"network.tf":                 "data \"aws_vpc\" \"main\" {}\nresource \"aws_vpc\" \"main\" {}\n",
		"modules/net/main.tf":        "\n\nresource \"aws_subnet\" \"a\" {}\n",
		"modules/db/main.tf":         "resource\t\"aws_db_instance\"\t\"main\" {}\n",
		".terraform/modules/x/x.tf":  "resource \"aws_sqs_queue\" \"q\" {}\n",
		"node_modules/pkg/thing.tf":  "resource \"aws_sns_topic\" \"t\" {}\n",
		"notes.md":                   "resource \"aws_s3_bucket\" \"b\" {}\n",
		"main.tf.json":               "{\"resource\": {}}\n",
		"modules/net/variables.tf":   "variable \"x\" {}\n",
		"examples/nested/deep/x.tf":  "resource \"aws_instance\" \"x\" {}\n",
		"modules/net/outputs.tf.bak": "resource \"aws_eip\" \"e\" {}\n",
	})
	d, err := Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		typ, name, address string
		file               string
		line               int
		ok                 bool
	}{
		{"aws_subnet", "a", "aws_subnet.a[0]", "main.tf", 2, true},
		{"aws_subnet", "a", `module.net["x"].aws_subnet.a`, "modules/net/main.tf", 3, true},
		{"aws_lb", "web", "aws_lb.web", "main.tf", 6, true},
		// only in a module: a root address still finds it
		{"aws_db_instance", "main", "aws_db_instance.main", "modules/db/main.tf", 1, true},
		{"aws_vpc", "main", "aws_vpc.main", "network.tf", 2, true},
		{"aws_vpc", "main", "data.aws_vpc.main", "network.tf", 1, true},
		{"aws_vpc", "main", "module.m.data.aws_vpc.main", "network.tf", 1, true},
		{"aws_instance", "x", "module.a.module.b.aws_instance.x", "examples/nested/deep/x.tf", 1, true},
		{"aws_sqs_queue", "q", "aws_sqs_queue.q", "", 0, false},
		{"aws_sns_topic", "t", "aws_sns_topic.t", "", 0, false},
		{"aws_s3_bucket", "b", "aws_s3_bucket.b", "", 0, false},
		{"aws_eip", "e", "aws_eip.e", "", 0, false},
		{"aws_lb", "api", "aws_lb.api", "", 0, false},
	} {
		file, line, ok := d.Find(c.typ, c.name, c.address)
		if file != c.file || line != c.line || ok != c.ok {
			t.Errorf("Find(%s, %s, %s) = %s, %d, %v; want %s, %d, %v", c.typ, c.name, c.address, file, line, ok, c.file, c.line, c.ok)
		}
	}
}

// Several root files declaring a block: the first by file name wins,
// whatever order the walk sees them in.
func TestFindFirstFile(t *testing.T) {
	dir := t.TempDir()
	writeTree(t, dir, map[string]string{
		"b.tf": "resource \"aws_lb\" \"web\" {}\n",
		"a.tf": "\nresource \"aws_lb\" \"web\" {}\nresource \"aws_lb\" \"web\" {}\n",
	})
	d, err := Scan(dir)
	if err != nil {
		t.Fatal(err)
	}
	if file, line, _ := d.Find("aws_lb", "web", "aws_lb.web"); file != "a.tf" || line != 2 {
		t.Errorf("got %s:%d, want a.tf:2", file, line)
	}
}

// A directory that cannot be walked is an error.
func TestScanMissing(t *testing.T) {
	if _, err := Scan(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Error("no error for a missing directory")
	}
}
